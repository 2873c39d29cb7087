/* SPDX-License-Identifier: MIT */
/* ICMPIPEncap: prepends ICMP and IP headers of a configured type. */

/*
 * =c
 * ICMPIPEncap(SRC, DST, TYPE [, CODE, KEYWORDS])
 * =s icmp
 * encapsulates packets in ICMP/IP headers
 * =d
 * Encapsulates each packet in an ICMP header of type TYPE and code CODE,
 * then in an IP header from SRC to DST (TTL 255, no options). TYPE and
 * CODE are integers 0..255 or names (see ICMPError); CODE defaults to 0.
 * The ICMP header is 20 bytes for timestamp messages and 8 otherwise,
 * zeroed apart from type, code and checksum. For types with identifier and
 * sequence fields (echo, echo-reply, timestamp, inforeq and their
 * replies), the identifier is IDENTIFIER and the sequence number, like the
 * IP ID, starts at 1 and grows by one per packet (both in network order).
 * The destination IP annotation and the network header are set.
 *
 * =item IDENTIFIER
 * Unsigned 0..65535. ICMP identifier. Default 0.
 * =h src read/write
 * Returns or sets the SRC argument.
 * =h dst read/write
 * Returns or sets the DST argument.
 * =e
 *   InfiniteSource(LIMIT 3) -> ICMPIPEncap(1.0.0.1, 1.0.0.2, echo) -> ...
 * =a ICMPPingEncap, ICMPError
 */
#include <stddef.h>
#include "icmp_priv.h"

struct icmpipencap {
	struct nfc_element e;
	uint32_t src, dst;
	uint32_t icmp_id;
	int32_t type, code;
	uint16_t ip_id;
	char *type_word, *code_word;
};

static const struct nfc_arg_spec icmpipencap_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpipencap, src), .doc = "IP source" },
	{ .keyword = "DST", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpipencap, dst), .doc = "IP destination" },
	{ .keyword = "TYPE", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpipencap, type_word), .doc = "ICMP type" },
	{ .keyword = "CODE", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpipencap, code_word), .doc = "ICMP code" },
	{ .keyword = "IDENTIFIER", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct icmpipencap, icmp_id), .doc = "ICMP identifier" },
	NFC_ARGS_END
};

static int icmpipencap_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct icmpipencap *ie = (struct icmpipencap *)e;
	ie->code_word = NULL;
	ie->icmp_id = 0;
	if (nfc_args_parse(e, conf, icmpipencap_args, errh, NULL) < 0)
		return -1;
	int32_t type, code;
	if (icmpx_parse_type(ie->type_word, &type) < 0 || type < 0 || type > 255)
		return nfc_error(errh, "invalid TYPE");
	if (icmpx_parse_code(type, ie->code_word ? ie->code_word : "0", &code) < 0 || code < 0 ||
	    code > 255)
		return nfc_error(errh, "invalid CODE");
	ie->type = type;
	ie->code = code;
	ie->ip_id = 1;
	return 0;
}

static void icmpipencap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct icmpipencap *ie = (struct icmpipencap *)e;
	uint32_t hl = icmpx_header_len(ie->type);
	unsigned k = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = nfc_packet_push(b->pkts[i], sizeof(struct nfc_ip) + hl);
		if (!p)
			continue;
		struct nfc_ip *ip = (struct nfc_ip *)p->data;
		icmpx_fill_ip(ip, p->length, ie->ip_id, 255, ie->src, ie->dst);
		struct nfc_icmp *icmp = (struct nfc_icmp *)(ip + 1);
		memset(icmp, 0, hl);
		icmp->type = (uint8_t)ie->type;
		icmp->code = (uint8_t)ie->code;
		if (icmpx_is_sequenced(ie->type)) {
			icmp->un.echo.id = htons((uint16_t)ie->icmp_id);
			icmp->un.echo.seq = htons(ie->ip_id);
		}
		icmp->sum = nfc_in_cksum(icmp, p->length - sizeof(struct nfc_ip));
		nfc_packet_set_dst_ip(p, ie->dst);
		nfc_packet_set_network_header(p, p->data, sizeof(struct nfc_ip));
		ie->ip_id += ie->ip_id == 0xFFFF ? 2 : 1; /* IP ID 0 is skipped */
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int icmpipencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", icmpx_read_ip_field, NFC_FIELD_THUNK(struct icmpipencap, src),
			     0);
	nfc_add_write_handler(e, "src", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmpipencap, src), 0);
	nfc_add_read_handler(e, "dst", icmpx_read_ip_field, NFC_FIELD_THUNK(struct icmpipencap, dst),
			     0);
	nfc_add_write_handler(e, "dst", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmpipencap, dst), 0);
	return 0;
}

static const struct nfc_element_class icmpipencap_class = {
	.name = "ICMPIPEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct icmpipencap),
	.configure = icmpipencap_configure,
	.add_handlers = icmpipencap_add_handlers,
	.batch_action = icmpipencap_batch,
};
NFC_REGISTER_ELEMENT(icmpipencap_class);
