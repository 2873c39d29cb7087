/* SPDX-License-Identifier: MIT */
/* Truncate: limits packet length, remembering the cut in the extra-length annotation. */

/*
 * =c
 * Truncate(LENGTH [, KEYWORDS])
 * =s basicmod
 * limits packet length
 * =d
 * Shortens packets to at most LENGTH bytes.
 *
 * Keyword arguments are:
 *
 * =item EXTRA_LENGTH
 * Boolean. If true (the default), adds the number of bytes removed to the
 * packet's extra length annotation, so that Pad (or a dump writer) knows the
 * original length.
 * =h length read/write
 * Returns or sets LENGTH.
 * =e
 *   ... -> Truncate(64) -> ...
 * =a Pad, Strip
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct truncate {
	struct nfc_element e;
	uint32_t length;
	bool extra_length;
};

static const struct nfc_arg_spec truncate_args[] = {
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct truncate, length), .doc = "maximum packet length" },
	{ .keyword = "EXTRA_LENGTH", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct truncate, extra_length),
	  .doc = "record removed bytes in the extra length annotation" },
	NFC_ARGS_END
};

static int truncate_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	struct truncate *t = (struct truncate *)e;
	t->extra_length = true;
	return nfc_args_parse(e, conf, truncate_args, errh, NULL);
}

static void truncate_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct truncate *t = (struct truncate *)e;
	uint32_t max = t->length;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (p->length <= max)
			continue;
		uint32_t cut = p->length - max;
		if (t->extra_length)
			nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH,
					 nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH) + cut);
		nfc_packet_take(p, cut);
	}
}

static int truncate_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct truncate, length), 0);
	nfc_add_write_handler(e, "length", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct truncate, length), 0);
	return 0;
}

static const struct nfc_element_class truncate_class = {
	.name = "Truncate",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct truncate),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = truncate_configure,
	.add_handlers = truncate_add_handlers,
	.batch_action = truncate_batch_action,
};
NFC_REGISTER_ELEMENT(truncate_class);
