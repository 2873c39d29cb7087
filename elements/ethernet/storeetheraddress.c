/* SPDX-License-Identifier: MIT */
/* StoreEtherAddress: writes an Ethernet address into packet data. */

/*
 * =c
 * StoreEtherAddress(ADDR, OFFSET [, KEYWORDS])
 * =s ethernet
 * stores Ethernet address in packet
 * =d
 * Writes the Ethernet address ADDR into each packet at byte OFFSET of the
 * data. OFFSET may also be `src' or `dst', the offsets (6 and 0) of the
 * source and destination addresses in an Ethernet header. Packets too short
 * to hold the address there are emitted on output 1, or dropped when there
 * is no output 1. Shared packets are copied before writing.
 *
 * =item ADDR
 * Ethernet address. The address to store.
 * =item OFFSET
 * `src', `dst' or an unsigned byte offset.
 * =item ANNO
 * Annotation offset (0..42). Store the six annotation bytes found there
 * instead of a fixed address. Exactly one of ADDR and ANNO must be given.
 * =h addr read/write
 * Returns or sets the ADDR argument.
 * =e
 *   ... -> StoreEtherAddress(0:1:2:3:4:5, src) -> ...
 * =a EtherEncap, EtherRewrite
 */
#include <stddef.h>
#include <strings.h>
#include "ether_priv.h"

struct storeetheraddress {
	struct nfc_element e;
	uint8_t addr[6];
	bool addr_given, anno_given;
	char *offset_word;
	uint32_t anno;
	uint32_t offset;
};

static const struct nfc_arg_spec storeetheraddress_args[] = {
	{ .keyword = "ADDR", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storeetheraddress, addr),
	  .given_offset = offsetof(struct storeetheraddress, addr_given),
	  .doc = "Ethernet address to store" },
	{ .keyword = "OFFSET", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storeetheraddress, offset_word),
	  .doc = "src, dst or a byte offset" },
	{ .keyword = "ANNO", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = NFC_ANNO_SIZE - 6, .offset = offsetof(struct storeetheraddress, anno),
	  .given_offset = offsetof(struct storeetheraddress, anno_given),
	  .doc = "annotation offset holding the address" },
	NFC_ARGS_END
};

static int storeetheraddress_configure(struct nfc_element *e, struct nfc_conf *conf,
				       struct nfc_errh *errh)
{
	struct storeetheraddress *s = (struct storeetheraddress *)e;
	s->addr_given = s->anno_given = false;
	if (nfc_args_parse(e, conf, storeetheraddress_args, errh, NULL) < 0)
		return -1;
	if (s->addr_given == s->anno_given)
		return nfc_error(errh, "must specify exactly one of ADDR/ANNO");
	uint32_t off;
	if (strcasecmp(s->offset_word, "src") == 0)
		off = 6;
	else if (strcasecmp(s->offset_word, "dst") == 0)
		off = 0;
	else if (nfc_parse_uint32(s->offset_word, &off) < 0 || off + 6 < 6)
		return nfc_error(errh, "type mismatch: bad OFFSET");
	s->offset = off;
	return 0;
}

/* Store into the packets of b (from @from on) that are long enough; others
 * go to output 1. */
static void storeetheraddress_run(struct storeetheraddress *s, struct nfc_batch *b, unsigned from)
{
	struct nfc_batch rej;
	rej.count = 0;
	unsigned k = from;
	uint32_t off = s->offset;
	for (unsigned i = from; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if ((uint64_t)off + 6 > p->length) {
			rej.pkts[rej.count++] = p;
			continue;
		}
		p = nfc_packet_uniqueify(p);
		if (!p)
			continue;
		memcpy(p->data + off, s->anno_given ? p->anno + s->anno : s->addr, 6);
		b->pkts[k++] = p;
	}
	b->count = k;
	if (!rej.count)
		return;
	if (s->e.noutputs > 1)
		nfc_push(&s->e, 1, &rej);
	else
		for (unsigned i = 0; i < rej.count; i++)
			nfc_element_drop(&s->e, rej.pkts[i]);
}

static void storeetheraddress_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	storeetheraddress_run((struct storeetheraddress *)e, b, 0);
	nfc_push(e, 0, b);
}

static unsigned storeetheraddress_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				       unsigned max)
{
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	storeetheraddress_run((struct storeetheraddress *)e, out, before);
	return out->count - before;
}

static int storeetheraddress_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "addr", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct storeetheraddress, addr), 0);
	nfc_add_write_handler(e, "addr", eth_write_ether_field,
			      NFC_FIELD_THUNK(struct storeetheraddress, addr), 0);
	return 0;
}

static const struct nfc_element_class storeetheraddress_class = {
	.name = "StoreEtherAddress",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct storeetheraddress),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = storeetheraddress_configure,
	.add_handlers = storeetheraddress_add_handlers,
	.push = storeetheraddress_push,
	.pull = storeetheraddress_pull,
};
NFC_REGISTER_ELEMENT(storeetheraddress_class);
