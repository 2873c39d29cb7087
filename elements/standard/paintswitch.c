/* SPDX-License-Identifier: MIT */
/* PaintSwitch: sends each packet to the output named by its paint annotation. */

/*
 * =c
 * PaintSwitch([ANNO])
 * =s paint
 * sends packet stream to output chosen per-packet
 * =d
 * PaintSwitch sends every incoming packet to one of its output ports,
 * specifically output number K, where K is the value of the packet's paint
 * annotation. If the paint annotation is 255, the packet is duplicated and
 * sent to all outputs (clones on outputs 0 to N-2, the packet itself on the
 * last). Since there are only 256 paint values, including the special 255,
 * PaintSwitch can have up to 255 outputs. A packet painted with a value
 * that names no output is dropped.
 *
 * =item ANNO
 * Annotation. The one-byte annotation holding K: a byte offset or a name
 * (PAINT, ICMP_PARAMPROB, FIX_IP_SRC). Default is PAINT.
 * =e
 *   src -> Paint(1) -> ps :: PaintSwitch;
 *   ps[0] -> Discard;
 *   ps[1] -> Print(one) -> Discard;
 * =a Paint, PaintTee, CheckPaint, Switch, StaticSwitch, RoundRobinSwitch,
 * HashSwitch, RandomSwitch
 */
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

/* Paint value asking for a copy on every output. */
#define PAINTSWITCH_ALL 255

struct paint_switch {
	struct nfc_element e;
	char *anno_arg;
	uint8_t anno;
};

static const struct nfc_arg_spec paint_switch_args[] = {
	{ .keyword = "ANNO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct paint_switch, anno_arg),
	  .doc = "one-byte annotation holding the output number" },
	NFC_ARGS_END
};

static int paint_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct paint_switch *s = (struct paint_switch *)e;
	s->anno_arg = NULL;
	s->anno = NFC_ANNO_PAINT;
	if (nfc_args_parse(e, conf, paint_switch_args, errh, NULL) < 0)
		return -1;
	if (s->anno_arg && swu_parse_anno1(s->anno_arg, &s->anno) < 0)
		return nfc_error(errh, "ANNO: expected an annotation offset 0..%d or a one-byte "
				 "annotation name, not '%s'", NFC_ANNO_SIZE - 1, s->anno_arg);
	if (e->noutputs > PAINTSWITCH_ALL)
		return nfc_error(errh, "too many outputs (at most %d)", PAINTSWITCH_ALL);
	return 0;
}

static int paint_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct paint_switch *s = (struct paint_switch *)e;
	int k = nfc_anno_u8(p, s->anno);
	if (k != PAINTSWITCH_ALL)
		return k < e->noutputs ? k : -1;
	/* Broadcast: the copies leave now, the packet itself goes on the last
	 * output with the rest of the batch. */
	int last = e->noutputs - 1;
	for (int i = 0; i < last; i++) {
		struct nfc_packet *q = nfc_packet_clone(p);
		if (q)
			nfc_push_packet(e, i, q);
	}
	return last;
}

static const struct nfc_element_class paint_switch_class = {
	.name = "PaintSwitch",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct paint_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = paint_switch_configure,
	.classify = paint_switch_classify,
};
NFC_REGISTER_ELEMENT(paint_switch_class);
