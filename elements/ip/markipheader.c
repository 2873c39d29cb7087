/* SPDX-License-Identifier: MIT */
/* MarkIPHeader: sets the IP header annotation without checking anything. */

/*
 * =c
 * MarkIPHeader([OFFSET])
 * =s ip
 * sets IP header annotation
 * =d
 * Marks packets as IP packets by setting the IP header annotation. The IP
 * header starts OFFSET bytes into the packet. Default OFFSET is 0. The
 * transport header annotation is set after the IP header, using its header
 * length field (0 when the packet is too short to hold that byte).
 *
 * Does not check length fields for sanity, shorten packets to the IP
 * length, or set the destination IP address annotation. Use CheckIPHeader
 * or CheckIPHeader2 for that.
 * =item OFFSET
 * Unsigned. Where the IP header starts. Default 0.
 * =a CheckIPHeader, CheckIPHeader2, StripIPHeader, MarkMACHeader
 */
#include "ip_priv.h"

struct markipheader {
	struct nfc_element e;
	uint32_t offset;
};

static const struct nfc_arg_spec markipheader_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 65535, .offset = offsetof(struct markipheader, offset),
	  .doc = "byte offset of the IP header" },
	NFC_ARGS_END
};

static int markipheader_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	((struct markipheader *)e)->offset = 0;
	return nfc_args_parse(e, conf, markipheader_args, errh, NULL);
}

static void markipheader_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const uint32_t off = ((const struct markipheader *)e)->offset;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		const unsigned char *h = p->data + off;
		/* read the header length byte only when it is in the packet */
		uint32_t hlen = off < p->length ? (uint32_t)(h[0] & 0x0F) << 2 : 0;
		nfc_packet_set_network_header(p, h, hlen);
	}
}

static const struct nfc_element_class markipheader_class = {
	.name = "MarkIPHeader",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct markipheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = markipheader_configure,
	.batch_action = markipheader_batch_action,
};
NFC_REGISTER_ELEMENT(markipheader_class);
