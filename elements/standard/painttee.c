/* SPDX-License-Identifier: MIT */
/* PaintTee: forwards every packet, and a copy of those with a given paint. */

/*
 * =c
 * PaintTee(COLOR [, ANNO])
 * =s paint
 * duplicates packets with given paint annotation
 * =d
 * PaintTee sends every packet through output 0. If the packet's paint
 * annotation equals COLOR, it also sends a copy through output 1, before
 * the packet itself leaves on output 0. Output 0 may be push or pull;
 * output 1 is push.
 *
 * =item COLOR
 * Integer 0-255. Paint value to copy. Mandatory.
 * =item ANNO
 * Annotation. The one-byte annotation compared with COLOR: a byte offset
 * or a name (PAINT, ICMP_PARAMPROB, FIX_IP_SRC). Default is PAINT.
 * =h color read/write
 * Returns or sets COLOR.
 * =e
 * Produce redirects with Paint and ICMPError:
 *   FromDevice(eth7) -> Paint(7) -> ...
 *   routingtable[7] -> pt :: PaintTee(7) -> ... -> ToDevice(eth7)
 *   pt[1] -> ICMPError(18.26.4.24, 5, 1) -> [0]routingtable;
 * =a Paint, PaintSwitch, CheckPaint, ICMPError, Tee
 */
#include <stdatomic.h>
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

struct paint_tee {
	struct nfc_element e;
	uint32_t color_arg;
	char *anno_arg;
	uint8_t anno;
	/* Written by the "color" handler from any thread. */
	_Atomic uint8_t color;
};

static const struct nfc_arg_spec paint_tee_args[] = {
	{ .keyword = "COLOR", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_MANDATORY | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 255, .offset = offsetof(struct paint_tee, color_arg),
	  .doc = "paint value to copy" },
	{ .keyword = "ANNO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct paint_tee, anno_arg),
	  .doc = "one-byte annotation compared with COLOR" },
	NFC_ARGS_END
};

static int paint_tee_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct paint_tee *t = (struct paint_tee *)e;
	t->anno_arg = NULL;
	t->anno = NFC_ANNO_PAINT;
	if (nfc_args_parse(e, conf, paint_tee_args, errh, NULL) < 0)
		return -1;
	if (t->anno_arg && swu_parse_anno1(t->anno_arg, &t->anno) < 0)
		return nfc_error(errh, "ANNO: expected an annotation offset 0..%d or a one-byte "
				 "annotation name, not '%s'", NFC_ANNO_SIZE - 1, t->anno_arg);
	atomic_store_explicit(&t->color, (uint8_t)t->color_arg, memory_order_relaxed);
	return 0;
}

static void paint_tee_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct paint_tee *t = (struct paint_tee *)e;
	uint8_t color = atomic_load_explicit(&t->color, memory_order_relaxed);
	struct nfc_batch copies;
	copies.count = 0;
	for (unsigned i = 0; i < b->count; i++)
		if (nfc_anno_u8(b->pkts[i], t->anno) == color) {
			struct nfc_packet *q = nfc_packet_clone(b->pkts[i]);
			if (q)
				copies.pkts[copies.count++] = q;
		}
	/* The runtime forwards b on output 0 after we return. */
	nfc_push(e, 1, &copies);
}

static int paint_tee_read_color(struct nfc_element *e, void *thunk, const char *param,
				struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct paint_tee *t = (struct paint_tee *)e;
	nfc_strbuf_printf(out, "%u", (unsigned)atomic_load(&t->color));
	return 0;
}

static int paint_tee_write_color(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	struct paint_tee *t = (struct paint_tee *)e;
	int32_t v;
	if (swu_parse_int(value, &v) < 0 || v < 0 || v > 255)
		return nfc_error(errh, "color must be an integer between 0 and 255");
	atomic_store(&t->color, (uint8_t)v);
	return 0;
}

static int paint_tee_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "color", paint_tee_read_color, NULL, 0);
	nfc_add_write_handler(e, "color", paint_tee_write_color, NULL, 0);
	return 0;
}

static const struct nfc_element_class paint_tee_class = {
	.name = "PaintTee",
	.port_count = "1/2",
	.processing = "a/ah",
	.size = sizeof(struct paint_tee),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = paint_tee_configure,
	.add_handlers = paint_tee_add_handlers,
	.batch_action = paint_tee_action,
};
NFC_REGISTER_ELEMENT(paint_tee_class);
