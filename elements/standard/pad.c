/* SPDX-License-Identifier: MIT */
/* Pad: extends packets to a length, or by their extra-length annotation. */

/*
 * =c
 * Pad([LENGTH, KEYWORDS])
 * =s basicmod
 * extends packet length
 * =d
 * Extends packets to at least LENGTH bytes.
 *
 * If LENGTH is omitted (or 0), packets are extended by their extra length
 * annotation (what Truncate removed). Output packets always have extra
 * length annotation zero.
 *
 * Keyword arguments are:
 *
 * =item ZERO
 * Boolean. If true (the default), the added bytes are zeroes; if false they
 * are left uninitialized.
 * =e
 *   ... -> Truncate(44) -> ... -> Pad -> ...
 * =a Truncate
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct pad {
	struct nfc_element e;
	uint32_t length;
	bool zero;
};

static const struct nfc_arg_spec pad_args[] = {
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct pad, length), .doc = "minimum packet length" },
	{ .keyword = "ZERO", .type = NFC_ARG_BOOL, .offset = offsetof(struct pad, zero),
	  .doc = "zero the added bytes" },
	NFC_ARGS_END
};

static int pad_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct pad *d = (struct pad *)e;
	d->length = 0;
	d->zero = true;
	return nfc_args_parse(e, conf, pad_args, errh, NULL);
}

static struct nfc_packet *pad_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct pad *d = (struct pad *)e;
	uint32_t add;
	if (d->length)
		add = p->length < d->length ? d->length - p->length : 0;
	else
		add = nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
	if (add) {
		p = nfc_packet_put(p, add);
		if (!p)
			return NULL;
		if (d->zero)
			memset(p->data + p->length - add, 0, add);
	}
	nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, 0);
	return p;
}

static const struct nfc_element_class pad_class = {
	.name = "Pad",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct pad),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = pad_configure,
	.simple_action = pad_simple_action,
};
NFC_REGISTER_ELEMENT(pad_class);
