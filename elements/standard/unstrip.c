/* SPDX-License-Identifier: MIT */
/* Unstrip: puts bytes back at the front of packets. */

/*
 * =c
 * Unstrip(LENGTH)
 * =s encapsulation
 * unstrips bytes from front of packets
 * =d
 * Puts LENGTH bytes back at the front of each packet: the bytes a Strip
 * removed earlier, which are still in the buffer's headroom. When the
 * headroom is too small the packet is copied into a larger buffer (the new
 * bytes are then undefined).
 * =h length read/write
 * Returns or sets LENGTH.
 * =e
 * Remove the Ethernet header and put it back:
 *
 *   Strip(14) -> ... -> Unstrip(14)
 * =a Strip
 */
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "../ip/fastpath_structs.h"

static const struct nfc_arg_spec unstrip_args[] = {
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct unstrip, length), .doc = "bytes to put back" },
	NFC_ARGS_END
};

static int unstrip_configure(struct nfc_element *e, struct nfc_conf *conf,
			     struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, unstrip_args, errh, NULL);
}

/* From @pp on, one by one: nfc_packet_push copies shared or cramped
 * packets; a packet it cannot copy (out of memory) is gone. */
static __attribute__((noinline)) void unstrip_rest(struct nfc_batch *b, struct nfc_packet **pp,
						   uint32_t n)
{
	struct nfc_packet **out = pp, **end = b->pkts + b->count;
	for (; pp < end; pp++) {
		struct nfc_packet *p = nfc_packet_push(*pp, n);
		if (p)
			*out++ = p;
	}
	b->count = (unsigned)(out - b->pkts);
}

/*
 * Packets that take LENGTH bytes back in place go four at a time: test
 * four, then push four (the loop control once per four packets, no pointer
 * carried between packets). In place means a plain pooled packet
 * (free_flags 0: no clone shares the buffer) with enough headroom. From
 * the first group with another packet, and for the last few, packets go
 * one by one through unstrip_rest.
 */
static void unstrip_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const uint32_t n = ((const struct unstrip *)e)->length;
	struct nfc_packet **pp = b->pkts, **end = pp + b->count;
	/* n bounded by a buffer's size, data - n cannot wrap around (page zero) */
	struct nfc_packet **end4 = n <= NFC_PACKET_BUFSIZE ? pp + (b->count & ~3u) : pp;
	for (; pp < end4; pp += 4) {
		struct nfc_packet *p0 = pp[0], *p1 = pp[1], *p2 = pp[2], *p3 = pp[3];
		/* the new data pointers, as integers: data - n may leave the buffer */
		uintptr_t d0 = (uintptr_t)p0->data - n, d1 = (uintptr_t)p1->data - n;
		uintptr_t d2 = (uintptr_t)p2->data - n, d3 = (uintptr_t)p3->data - n;
		if (__builtin_expect((p0->free_flags | p1->free_flags | p2->free_flags |
				      p3->free_flags) != 0 ||
					     d0 < (uintptr_t)p0->head || d1 < (uintptr_t)p1->head ||
					     d2 < (uintptr_t)p2->head || d3 < (uintptr_t)p3->head,
				     0))
			break;
		p0->data -= n, p0->length += n;
		p1->data -= n, p1->length += n;
		p2->data -= n, p2->length += n;
		p3->data -= n, p3->length += n;
	}
	if (__builtin_expect(pp < end, 0))
		unstrip_rest(b, pp, n);
}

static int unstrip_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct unstrip, length), 0);
	nfc_add_write_handler(e, "length", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct unstrip, length), 0);
	return 0;
}

static const struct nfc_element_class unstrip_class = {
	.name = "Unstrip",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct unstrip),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = unstrip_configure,
	.add_handlers = unstrip_add_handlers,
	.batch_action = unstrip_batch_action,
};
NFC_REGISTER_ELEMENT(unstrip_class);
