/* SPDX-License-Identifier: MIT */
/* IPEncap: prepends a fixed IPv4 header to each packet. */

/*
 * =c
 * IPEncap(PROTO, SRC, DST, KEYWORDS)
 * =s ip
 * encapsulates packets in static IP header
 * =d
 * Encapsulates each incoming packet in an IP packet with protocol PROTO,
 * source address SRC, and destination address DST. This is most useful
 * for IP-in-IP encapsulation. Its destination address annotation is also
 * set to DST. The IP header annotation is set to the new header.
 *
 * As a special case, if DST is "DST_ANNO", then the destination address is
 * set to the incoming packet's destination address annotation.
 *
 * PROTO is a number between 0 and 255 or a name (icmp, igmp, ipip, tcp,
 * udp, gre, esp, ah, ...). The IP ID field counts up from 0.
 *
 * Keyword arguments are:
 * =item TTL
 * Byte. The IP header's time-to-live field. Default is 250.
 * =item DSCP
 * Number between 0 and 63. The IP header's DSCP value. Default is 0.
 * =item ECT
 * Boolean or "2". If true ("true", "1" or "yes"), sets the IP header's ECN
 * bits to 1 (ECN Capable Transport); if "2", sets them to 2. Default is
 * false.
 * =item CE
 * Boolean. If true, sets the IP header's ECN bits to 3 (Congestion
 * Experienced). Default is false.
 * =item TOS
 * Byte. The IP header's TOS value. Default is 0. If you specify TOS, you
 * may not specify DSCP, ECT, or CE.
 * =item DF
 * Boolean. If true, sets the IP header's Don't Fragment bit. Default is
 * false.
 * =h src read/write
 * Returns or sets the SRC parameter.
 * =h dst read/write
 * Returns or sets the DST parameter ("DST_ANNO" included).
 * =e
 * Wraps packets in an IP header specifying IP protocol 4 (IP-in-IP), with
 * source 18.26.4.24 and destination 140.247.60.147:
 *
 *   IPEncap(4, 18.26.4.24, 140.247.60.147)
 *
 * You could also say "IPEncap(ipip, ...)".
 * =a UDPIPEncap, StripIPHeader
 */
#include <stdlib.h>
#include <strings.h>
#include <nfclick/addressinfo.h>
#include "ip_priv.h"

struct ipencap {
	struct nfc_element e;
	/* The header as configured, checksum over every field but length,
	 * ID (and destination with DST_ANNO), which are patched per packet. */
	struct nfc_ip iph;
	bool use_dst_anno;
	uint32_t id;
	/* argument storage */
	char *proto_arg, *dst_arg, *ect_arg;
	int32_t tos, dscp;
	uint32_t ttl;
	bool ce, df;
};

static const struct nfc_arg_spec ipencap_args[] = {
	{ .keyword = "PROTO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipencap, proto_arg), .doc = "IP protocol number or name" },
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipencap, iph.src), .doc = "source address" },
	{ .keyword = "DST", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipencap, dst_arg), .doc = "destination address or DST_ANNO" },
	{ .keyword = "TOS", .type = NFC_ARG_INT32, .offset = offsetof(struct ipencap, tos),
	  .doc = "TOS byte" },
	{ .keyword = "TTL", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0, .max = 255,
	  .offset = offsetof(struct ipencap, ttl), .doc = "time to live" },
	{ .keyword = "DSCP", .type = NFC_ARG_INT32, .offset = offsetof(struct ipencap, dscp),
	  .doc = "DSCP 0..63" },
	{ .keyword = "ECT", .type = NFC_ARG_WORD, .offset = offsetof(struct ipencap, ect_arg),
	  .doc = "ECN capable transport: boolean or 2" },
	{ .keyword = "CE", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipencap, ce),
	  .doc = "congestion experienced" },
	{ .keyword = "DF", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipencap, df),
	  .doc = "don't fragment" },
	NFC_ARGS_END
};

/* Parse DST into the header; returns 0 or -1. */
static int ipencap_set_dst(const struct nfc_element *context, struct ipencap *ie, const char *s)
{
	uint32_t a;
	if (strcmp(s, "DST_ANNO") == 0) {
		ie->use_dst_anno = true;
		ie->iph.dst = 0;
		return 0;
	}
	if (nfc_addressinfo_parse_ip(context, s, &a) < 0)
		return -1;
	ie->use_dst_anno = false;
	ie->iph.dst = a;
	return 0;
}

/* Checksum of the static part (length, ID and checksum zero). */
static void ipencap_prepare(struct ipencap *ie)
{
	ie->iph.len = 0;
	ie->iph.id = 0;
	ipx_set_ip_cksum((unsigned char *)&ie->iph, sizeof(ie->iph));
}

static int ipencap_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct ipencap *ie = (struct ipencap *)e;
	struct nfc_ip saved = ie->iph;
	bool saved_anno = ie->use_dst_anno;
	memset(&ie->iph, 0, sizeof(ie->iph));
	ie->proto_arg = ie->dst_arg = ie->ect_arg = NULL;
	ie->tos = ie->dscp = -1;
	ie->ttl = 250;
	ie->ce = ie->df = false;
	if (nfc_args_parse(e, conf, ipencap_args, errh, NULL) < 0) {
		ie->iph = saved;
		return -1;
	}
	int errors = 0;
	uint32_t proto = 0;
	if (ipx_parse_ip_proto(ie->proto_arg, &proto) < 0)
		errors += nfc_error(errh, "bad IP protocol") < 0;
	if (ipencap_set_dst(e, ie, ie->dst_arg) < 0)
		errors += nfc_error(errh, "DST argument should be IP address or 'DST_ANNO'") < 0;
	int ect = 0;
	bool b;
	if (ie->ect_arg) {
		if (nfc_parse_bool(ie->ect_arg, &b) == 0)
			ect = b;
		else if (strcmp(ie->ect_arg, "2") == 0)
			ect = 2;
		else
			errors += nfc_error(errh, "bad ECT value '%s'", ie->ect_arg) < 0;
	}
	if (ie->tos >= 0 && ie->dscp >= 0)
		errors += nfc_error(errh, "cannot set both TOS and DSCP") < 0;
	else if (ie->tos >= 0 && (ect || ie->ce))
		errors += nfc_error(errh, "cannot set both TOS and ECN bits") < 0;
	if (ie->tos > 255 || ie->tos < -1)
		errors += nfc_error(errh, "TOS too large; max 255") < 0;
	else if (ie->dscp > 63 || ie->dscp < -1)
		errors += nfc_error(errh, "DSCP too large; max 63") < 0;
	if (ect && ie->ce)
		errors += nfc_error(errh, "can set at most one ECN option") < 0;
	if (errors) {
		ie->iph = saved;
		ie->use_dst_anno = saved_anno;
		return -1;
	}

	ie->iph.vhl = 0x45;
	ie->iph.ttl = (uint8_t)ie->ttl;
	ie->iph.p = (uint8_t)proto;
	ie->iph.tos = 0;
	if (ie->tos >= 0)
		ie->iph.tos = (uint8_t)ie->tos;
	else if (ie->dscp >= 0)
		ie->iph.tos = (uint8_t)(ie->dscp << 2);
	if (ect)
		ie->iph.tos |= ect == 1 ? IPX_ECN_ECT1 : IPX_ECN_ECT2;
	if (ie->ce)
		ie->iph.tos |= IPX_ECN_CE;
	ie->iph.off = ie->df ? htons(NFC_IP_DF) : 0;
	ipencap_prepare(ie);
	return 0;
}

static struct nfc_packet *ipencap_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct ipencap *ie = (struct ipencap *)e;
	if (!(p = nfc_packet_push(p, sizeof(struct nfc_ip))))
		return NULL;
	struct nfc_ip ip = ie->iph;
	uint16_t sum = ip.sum;
	if (ie->use_dst_anno) {
		ip.dst = nfc_packet_dst_ip(p);
		sum = ipx_cksum_update32(sum, 0, ip.dst);
	} else
		nfc_packet_set_dst_ip(p, ip.dst);
	uint32_t len = p->length > 0xFFFF ? 0xFFFF : p->length;
	ip.len = htons((uint16_t)len);
	ip.id = htons((uint16_t)__atomic_fetch_add(&ie->id, 1, __ATOMIC_RELAXED));
	sum = nfc_cksum_update16(sum, 0, ip.len);
	ip.sum = nfc_cksum_update16(sum, 0, ip.id);
	memcpy(p->data, &ip, sizeof(ip));
	nfc_packet_set_network_header(p, p->data, sizeof(struct nfc_ip));
	return p;
}

static int ipencap_read(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct ipencap *ie = (struct ipencap *)e;
	char buf[16];
	if (thunk) /* dst */
		nfc_strbuf_puts(out, ie->use_dst_anno ? "DST_ANNO" : nfc_ip_unparse(ie->iph.dst, buf));
	else
		nfc_strbuf_puts(out, nfc_ip_unparse(ie->iph.src, buf));
	return 0;
}

static int ipencap_write(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	struct ipencap *ie = (struct ipencap *)e;
	struct ipencap tmp = *ie;
	char *v;
	if (nfc_parse_word(value, &v, NULL) < 0)
		return nfc_error(errh, thunk ? "DST argument should be IP address or 'DST_ANNO'"
					     : "SRC: expected IP address");
	int r;
	uint32_t a;
	if (thunk)
		r = ipencap_set_dst(e, &tmp, v);
	else if ((r = nfc_addressinfo_parse_ip(e, v, &a)) == 0)
		tmp.iph.src = a;
	free(v);
	if (r < 0)
		return nfc_error(errh, thunk ? "DST argument should be IP address or 'DST_ANNO'"
					     : "SRC: expected IP address");
	/* Like Click's live reconfiguration: a packet encapsulated on another
	 * thread at this very moment may get the old header. */
	ipencap_prepare(&tmp);
	ie->iph = tmp.iph;
	ie->use_dst_anno = tmp.use_dst_anno;
	return 0;
}

static int ipencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", ipencap_read, NULL, 0);
	nfc_add_write_handler(e, "src", ipencap_write, NULL, 0);
	nfc_add_read_handler(e, "dst", ipencap_read, (void *)1, 0);
	nfc_add_write_handler(e, "dst", ipencap_write, (void *)1, 0);
	return 0;
}

static const struct nfc_element_class ipencap_class = {
	.name = "IPEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ipencap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipencap_configure,
	.add_handlers = ipencap_add_handlers,
	.simple_action = ipencap_simple_action,
};
NFC_REGISTER_ELEMENT(ipencap_class);
