/* SPDX-License-Identifier: MIT */
/* ICMPPingEncap: prepends ICMP echo request and IP headers. */

/*
 * =c
 * ICMPPingEncap(SRC, DST [, KEYWORDS])
 * =s icmp
 * encapsulates packets in ICMP ping headers
 * =d
 * Encapsulates each packet in an ICMP echo request header, then in an IP
 * header from SRC to DST (TTL 255, no options). The echo identifier is
 * IDENTIFIER; the sequence number, like the IP ID, starts at 1 and grows by
 * one per packet (both in network order). The destination IP annotation
 * and the network header are set.
 *
 * =item IDENTIFIER
 * Unsigned 0..65535. ICMP identifier. Default 0.
 * =h src read/write
 * Returns or sets the SRC argument.
 * =h dst read/write
 * Returns or sets the DST argument.
 * =e
 *   InfiniteSource(DATA "hello") -> ICMPPingEncap(10.0.0.1, 10.0.0.2) -> ...
 * =a ICMPSendPings, ICMPPingResponder, ICMPIPEncap
 */
#include <stddef.h>
#include "icmp_priv.h"

struct icmppingencap {
	struct nfc_element e;
	uint32_t src, dst;
	uint32_t icmp_id;
	uint16_t ip_id;
};

static const struct nfc_arg_spec icmppingencap_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmppingencap, src), .doc = "IP source" },
	{ .keyword = "DST", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmppingencap, dst), .doc = "IP destination" },
	{ .keyword = "IDENTIFIER", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct icmppingencap, icmp_id), .doc = "ICMP identifier" },
	NFC_ARGS_END
};

static int icmppingencap_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct icmppingencap *pe = (struct icmppingencap *)e;
	pe->icmp_id = 0;
	pe->ip_id = 1;
	return nfc_args_parse(e, conf, icmppingencap_args, errh, NULL);
}

static void icmppingencap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct icmppingencap *pe = (struct icmppingencap *)e;
	unsigned k = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p =
			nfc_packet_push(b->pkts[i], sizeof(struct nfc_ip) + ICMPX_HEADER_LEN);
		if (!p)
			continue;
		struct nfc_ip *ip = (struct nfc_ip *)p->data;
		icmpx_fill_ip(ip, p->length, pe->ip_id, 255, pe->src, pe->dst);
		struct nfc_icmp *icmp = (struct nfc_icmp *)(ip + 1);
		icmp->type = NFC_ICMP_ECHO;
		icmp->code = 0;
		icmp->sum = 0;
		icmp->un.echo.id = htons((uint16_t)pe->icmp_id);
		icmp->un.echo.seq = htons(pe->ip_id);
		icmp->sum = nfc_in_cksum(icmp, p->length - sizeof(struct nfc_ip));
		nfc_packet_set_dst_ip(p, pe->dst);
		nfc_packet_set_network_header(p, p->data, sizeof(struct nfc_ip));
		pe->ip_id += pe->ip_id == 0xFFFF ? 2 : 1; /* IP ID 0 is skipped */
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int icmppingencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", icmpx_read_ip_field,
			     NFC_FIELD_THUNK(struct icmppingencap, src), 0);
	nfc_add_write_handler(e, "src", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmppingencap, src), 0);
	nfc_add_read_handler(e, "dst", icmpx_read_ip_field,
			     NFC_FIELD_THUNK(struct icmppingencap, dst), 0);
	nfc_add_write_handler(e, "dst", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmppingencap, dst), 0);
	return 0;
}

static const struct nfc_element_class icmppingencap_class = {
	.name = "ICMPPingEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct icmppingencap),
	.configure = icmppingencap_configure,
	.add_handlers = icmppingencap_add_handlers,
	.batch_action = icmppingencap_batch,
};
NFC_REGISTER_ELEMENT(icmppingencap_class);
