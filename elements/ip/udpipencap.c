/* SPDX-License-Identifier: MIT */
/* UDPIPEncap: prepends UDP and IPv4 headers to each packet. */

/*
 * =c
 * UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])
 * =s udp
 * encapsulates packets in static UDP/IP headers
 * =d
 * Encapsulates each incoming packet in a UDP/IP packet with source address
 * SRC, source port SPORT, destination address DST, and destination port
 * DPORT. The UDP checksum is calculated if CHECKSUM is true; it is true by
 * default. SPORT and DPORT are numbers, PortInfo names or service names
 * (/etc/services).
 *
 * As a special case, if DST is "DST_ANNO", then the destination address is
 * set to the incoming packet's destination address annotation. Otherwise
 * the destination address annotation is set to DST.
 *
 * The IP header has TTL 250, TOS 0, no fragmentation bits, and an ID
 * counting up from 0. The IP header annotation is set to the new header.
 * =item CHECKSUM
 * Boolean. Compute the UDP checksum. Default true.
 * =h src read/write
 * Returns or sets the SRC source address argument.
 * =h sport read/write
 * Returns or sets the SPORT source port argument.
 * =h dst read/write
 * Returns or sets the DST destination address argument.
 * =h dport read/write
 * Returns or sets the DPORT destination port argument.
 * =e
 *   ... -> UDPIPEncap(1.0.0.1, 1234, 2.0.0.2, 1234) -> ...
 * =a IPEncap, StripIPHeader, SetUDPChecksum
 */
#include <stdlib.h>
#include <strings.h>
#include <nfclick/addressinfo.h>
#include "ip_priv.h"

struct udpipencap {
	struct nfc_element e;
	uint32_t src, dst; /* network order */
	uint16_t sport, dport; /* network order */
	bool use_dst_anno, checksum;
	uint32_t id;
	char *sport_arg, *dst_arg, *dport_arg;
};

static const struct nfc_arg_spec udpipencap_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct udpipencap, src), .doc = "source address" },
	{ .keyword = "SPORT", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct udpipencap, sport_arg), .doc = "source port" },
	{ .keyword = "DST", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct udpipencap, dst_arg), .doc = "destination address or DST_ANNO" },
	{ .keyword = "DPORT", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct udpipencap, dport_arg), .doc = "destination port" },
	{ .keyword = "CHECKSUM", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct udpipencap, checksum), .doc = "compute the UDP checksum" },
	NFC_ARGS_END
};

static int udpipencap_parse_dst(const struct nfc_element *context, const char *s, uint32_t *dst,
				bool *use_anno)
{
	if (strcmp(s, "DST_ANNO") == 0) {
		*dst = 0;
		*use_anno = true;
		return 0;
	}
	*use_anno = false;
	return nfc_addressinfo_parse_ip(context, s, dst);
}

static int udpipencap_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct udpipencap *u = (struct udpipencap *)e;
	u->checksum = true;
	u->sport_arg = u->dst_arg = u->dport_arg = NULL;
	if (nfc_args_parse(e, conf, udpipencap_args, errh, NULL) < 0)
		return -1;
	int errors = 0;
	uint16_t sport = 0, dport = 0;
	if (ipx_parse_port(e, u->sport_arg, NFC_IP_PROTO_UDP, &sport) < 0)
		errors += nfc_error(errh, "SPORT: expected port number, not '%s'", u->sport_arg) < 0;
	if (udpipencap_parse_dst(e, u->dst_arg, &u->dst, &u->use_dst_anno) < 0)
		errors += nfc_error(errh, "bad DST") < 0;
	if (ipx_parse_port(e, u->dport_arg, NFC_IP_PROTO_UDP, &dport) < 0)
		errors += nfc_error(errh, "DPORT: expected port number, not '%s'", u->dport_arg) < 0;
	u->sport = htons(sport);
	u->dport = htons(dport);
	return errors ? -1 : 0;
}

static struct nfc_packet *udpipencap_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct udpipencap *u = (struct udpipencap *)e;
	if (!(p = nfc_packet_push(p, sizeof(struct nfc_ip) + sizeof(struct nfc_udp))))
		return NULL;
	struct nfc_ip *ip = (struct nfc_ip *)p->data;
	struct nfc_udp *udp = (struct nfc_udp *)(p->data + sizeof(struct nfc_ip));
	uint32_t len = p->length > 0xFFFF ? 0xFFFF : p->length;
	ip->vhl = 0x45;
	ip->tos = 0;
	ip->len = htons((uint16_t)len);
	ip->id = htons((uint16_t)__atomic_fetch_add(&u->id, 1, __ATOMIC_RELAXED));
	ip->off = 0;
	ip->ttl = 250;
	ip->p = NFC_IP_PROTO_UDP;
	ip->src = u->src;
	if (u->use_dst_anno)
		ip->dst = nfc_packet_dst_ip(p);
	else {
		ip->dst = u->dst;
		nfc_packet_set_dst_ip(p, u->dst);
	}
	ipx_set_ip_cksum(p->data, sizeof(struct nfc_ip));
	nfc_packet_set_network_header(p, p->data, sizeof(struct nfc_ip));

	uint32_t ulen = len - sizeof(struct nfc_ip);
	udp->sport = u->sport;
	udp->dport = u->dport;
	udp->len = htons((uint16_t)ulen);
	udp->sum = 0;
	if (u->checksum) {
		uint16_t sum = ipx_transport_cksum(ip, udp, ulen);
		/* zero means "no checksum" in UDP: send all ones instead */
		udp->sum = sum ? sum : 0xFFFF;
	}
	return p;
}

enum { UIE_SRC, UIE_SPORT, UIE_DST, UIE_DPORT };

static int udpipencap_read(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct udpipencap *u = (struct udpipencap *)e;
	char buf[16];
	switch ((int)(uintptr_t)thunk) {
	case UIE_SRC: nfc_strbuf_puts(out, nfc_ip_unparse(u->src, buf)); break;
	case UIE_SPORT: nfc_strbuf_printf(out, "%u", ntohs(u->sport)); break;
	case UIE_DST:
		nfc_strbuf_puts(out, u->use_dst_anno ? "DST_ANNO" : nfc_ip_unparse(u->dst, buf));
		break;
	default: nfc_strbuf_printf(out, "%u", ntohs(u->dport)); break;
	}
	return 0;
}

static int udpipencap_write(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	struct udpipencap *u = (struct udpipencap *)e;
	int which = (int)(uintptr_t)thunk;
	char *v;
	uint32_t a;
	uint16_t port;
	bool anno;
	int r = nfc_parse_word(value, &v, NULL);
	if (r == 0) {
		switch (which) {
		case UIE_SRC:
			if ((r = nfc_addressinfo_parse_ip(e, v, &a)) == 0)
				u->src = a;
			break;
		case UIE_DST:
			if ((r = udpipencap_parse_dst(e, v, &a, &anno)) == 0) {
				u->dst = a;
				u->use_dst_anno = anno;
			}
			break;
		default:
			if ((r = ipx_parse_port(e, v, NFC_IP_PROTO_UDP, &port)) == 0) {
				if (which == UIE_SPORT)
					u->sport = htons(port);
				else
					u->dport = htons(port);
			}
			break;
		}
		free(v);
	}
	if (r < 0) {
		static const char *const what[] = { "SRC: expected IP address",
						     "SPORT: expected port number", "bad DST",
						     "DPORT: expected port number" };
		return nfc_error(errh, "%s", what[which]);
	}
	return 0;
}

static int udpipencap_add_handlers(struct nfc_element *e)
{
	static const char *const names[] = { "src", "sport", "dst", "dport" };
	for (int i = 0; i < 4; i++) {
		nfc_add_read_handler(e, names[i], udpipencap_read, (void *)(uintptr_t)i, 0);
		nfc_add_write_handler(e, names[i], udpipencap_write, (void *)(uintptr_t)i, 0);
	}
	return 0;
}

static const struct nfc_element_class udpipencap_class = {
	.name = "UDPIPEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct udpipencap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = udpipencap_configure,
	.add_handlers = udpipencap_add_handlers,
	.simple_action = udpipencap_simple_action,
};
NFC_REGISTER_ELEMENT(udpipencap_class);
