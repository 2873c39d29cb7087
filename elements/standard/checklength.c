/* SPDX-License-Identifier: MIT */
/* CheckLength: sends packets longer than a limit to output 1 (or drops them). */

/*
 * =c
 * CheckLength(LENGTH)
 * =s classification
 * drops large packets
 * =d
 * Checks every packet's length against LENGTH. Packets no longer than
 * LENGTH go to output 0; longer ones go to output 1, or are dropped when
 * there is no output 1. Output 0 may be push or pull; output 1 is push.
 * =h length read/write
 * Returns or sets LENGTH.
 * =e
 *   ... -> CheckLength(1500) -> ...
 * =a Truncate
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct checklength {
	struct nfc_element e;
	uint32_t max;
};

static const struct nfc_arg_spec checklength_args[] = {
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct checklength, max), .doc = "longest packet passed on output 0" },
	NFC_ARGS_END
};

static int checklength_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, checklength_args, errh, NULL);
}

/* Keep the packets that pass in b (in order); push the others on output 1. */
static void checklength_split(struct checklength *c, struct nfc_batch *b, unsigned from)
{
	struct nfc_batch big;
	unsigned k = from;
	big.count = 0;
	for (unsigned i = from; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (p->length <= c->max)
			b->pkts[k++] = p;
		else if (c->e.noutputs > 1)
			big.pkts[big.count++] = p;
		else
			nfc_element_drop(&c->e, p);
	}
	b->count = k;
	if (big.count)
		nfc_push(&c->e, 1, &big);
}

static void checklength_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct checklength *c = (struct checklength *)e;
	checklength_split(c, b, 0);
	nfc_push(e, 0, b);
}

static unsigned checklength_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				 unsigned max)
{
	struct checklength *c = (struct checklength *)e;
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	checklength_split(c, out, before);
	return out->count - before;
}

static int checklength_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct checklength, max), 0);
	nfc_add_write_handler(e, "length", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct checklength, max), 0);
	return 0;
}

static const struct nfc_element_class checklength_class = {
	.name = "CheckLength",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checklength),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = checklength_configure,
	.add_handlers = checklength_add_handlers,
	.push = checklength_push,
	.pull = checklength_pull,
};
NFC_REGISTER_ELEMENT(checklength_class);
