/* SPDX-License-Identifier: MIT */
/* Paint: sets a one-byte annotation (the paint annotation by default). */

/*
 * =c
 * Paint(COLOR [, ANNO])
 * =s paint
 * sets packet paint annotations
 * =d
 * Sets each packet's paint annotation to COLOR, an integer 0..255.
 *
 * ANNO names another one-byte annotation to set instead: a byte offset into
 * the annotation area (0..47), or one of the names PAINT, ICMP_PARAMPROB and
 * FIX_IP_SRC.
 * =h color read/write
 * Returns or sets the color.
 * =e
 *   ... -> Paint(1) -> ...
 * =a PaintTee, PaintSwitch, CheckPaint
 */
#include <stddef.h>
#include <strings.h>
#include <nfclick/nfclick.h>

struct paint {
	struct nfc_element e;
	uint32_t color;
	uint32_t anno;
	char *anno_arg;
};

static const struct nfc_arg_spec paint_args[] = {
	{ .keyword = "COLOR", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0, .max = 255,
	  .offset = offsetof(struct paint, color), .doc = "color 0..255" },
	{ .keyword = "ANNO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct paint, anno_arg), .doc = "one-byte annotation to set" },
	NFC_ARGS_END
};

/* A one-byte annotation: an offset or a name. */
static int paint_parse_anno(const char *s, uint32_t *off)
{
	static const struct { const char *name; uint32_t off; } names[] = {
		{ "PAINT", NFC_ANNO_PAINT },
		{ "ICMP_PARAMPROB", NFC_ANNO_ICMP_PARAMPROB },
		{ "FIX_IP_SRC", NFC_ANNO_FIX_IP_SRC },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*off = names[i].off;
			return 0;
		}
	if (nfc_parse_uint32(s, off) < 0 || *off >= NFC_ANNO_SIZE)
		return -1;
	return 0;
}

static int paint_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct paint *p = (struct paint *)e;
	p->anno_arg = NULL;
	if (nfc_args_parse(e, conf, paint_args, errh, NULL) < 0)
		return -1;
	p->anno = NFC_ANNO_PAINT;
	if (p->anno_arg && paint_parse_anno(p->anno_arg, &p->anno) < 0)
		return nfc_error(errh, "ANNO: expected an annotation offset 0..%d or a one-byte "
				 "annotation name, not '%s'", NFC_ANNO_SIZE - 1, p->anno_arg);
	return 0;
}

static void paint_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct paint *p = (struct paint *)e;
	uint8_t color = (uint8_t)p->color;
	unsigned anno = p->anno;
	for (unsigned i = 0; i < b->count; i++)
		b->pkts[i]->anno[anno] = color;
}

static int paint_write_color(struct nfc_element *e, void *thunk, const char *value,
			     struct nfc_errh *errh)
{
	struct paint *p = (struct paint *)e;
	uint32_t color;
	if (nfc_parse_uint32(value, &color) < 0 || color > 255)
		return nfc_error(errh, "color: expected integer 0..255");
	p->color = color;
	return 0;
}

static int paint_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "color", nfc_read_u32_field, NFC_FIELD_THUNK(struct paint, color), 0);
	nfc_add_write_handler(e, "color", paint_write_color, NULL, 0);
	return 0;
}

static const struct nfc_element_class paint_class = {
	.name = "Paint",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct paint),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = paint_configure,
	.add_handlers = paint_add_handlers,
	.batch_action = paint_batch_action,
};
NFC_REGISTER_ELEMENT(paint_class);
