/* SPDX-License-Identifier: MIT */
/* MarkMACHeader: sets the MAC header annotation (and optionally the network header). */

/*
 * =c
 * MarkMACHeader([OFFSET, LENGTH])
 * =s ip
 * sets MAC header annotation
 * =d
 * Sets the MAC header annotation to start OFFSET bytes into the packet.
 * OFFSET defaults to 0. If LENGTH is provided and non-zero, the MAC header
 * is LENGTH bytes long, so the network header annotation is set to
 * OFFSET+LENGTH bytes into the packet. Nothing is read from the packet;
 * a packet shorter than OFFSET has its MAC header marked at its end.
 * =item OFFSET
 * Unsigned. Where the MAC header starts. Default 0.
 * =item LENGTH
 * Unsigned. MAC header length; when non-zero, the network header is set
 * just after it. Default 0.
 * =e
 *   FromDevice(eth0) -> MarkMACHeader -> Strip(14) -> CheckIPHeader -> ...
 * =a MarkIPHeader, Strip
 */
#include "fastpath_structs.h"

static const struct nfc_arg_spec markmacheader_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 65535, .offset = offsetof(struct markmacheader, offset),
	  .doc = "byte offset of the MAC header" },
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 65535, .offset = offsetof(struct markmacheader, length),
	  .doc = "MAC header length (sets the network header after it)" },
	NFC_ARGS_END
};

static int markmacheader_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct markmacheader *m = (struct markmacheader *)e;
	m->offset = m->length = 0;
	return nfc_args_parse(e, conf, markmacheader_args, errh, NULL);
}

static void markmacheader_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const struct markmacheader *m = (const struct markmacheader *)e;
	const uint32_t off = m->offset;
	const int32_t len = (int32_t)m->length;
	/* header offsets are stored plus one (0 means unset) */
	if (off == 0 && len == 0) {
		/* the default: four instructions a packet, so the loop is unrolled */
		struct nfc_packet **pp = b->pkts, **end = pp + b->count;
#pragma GCC unroll 4
		for (; pp < end; pp++)
			(*pp)->mac_offset = (int32_t)((*pp)->data - (*pp)->head) + 1;
		return;
	}
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		/* an OFFSET past the end marks the end: the offset stays in the buffer */
		uint32_t o = off <= p->length ? off : p->length;
		int32_t mo = (int32_t)(p->data - p->head + o) + 1;
		p->mac_offset = mo;
		if (len)
			p->network_offset = mo + len;
	}
}

static const struct nfc_element_class markmacheader_class = {
	.name = "MarkMACHeader",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct markmacheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = markmacheader_configure,
	.batch_action = markmacheader_batch_action,
};
NFC_REGISTER_ELEMENT(markmacheader_class);
