/* SPDX-License-Identifier: MIT */
/* Strip: removes bytes from the front of packets. */

/*
 * =c
 * Strip(LENGTH)
 * =s encapsulation
 * strips bytes from front of packets
 * =d
 * Deletes the first LENGTH bytes from each packet (all of a shorter
 * packet). The bytes stay in the buffer's headroom, so Unstrip(LENGTH) can
 * put them back.
 * =h length read/write
 * Returns or sets LENGTH.
 * =e
 * Get rid of the Ethernet header:
 *
 *   Strip(14)
 * =a Unstrip, StripToNetworkHeader, Truncate
 */
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "../ip/fastpath_structs.h"

static const struct nfc_arg_spec strip_args[] = {
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct strip, length), .doc = "bytes to remove" },
	NFC_ARGS_END
};

static int strip_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, strip_args, errh, NULL);
}

/*
 * Packets at least LENGTH long (all of them, nearly always) go four at a
 * time: test four, then strip four, so the loop control is paid once per
 * four packets and no pointer is carried from one packet to the next. The
 * count and LENGTH live in locals, since stores into packets could alias
 * the batch and the element. The rest goes one by one through Click's
 * pull, which empties a packet shorter than LENGTH.
 */
static void strip_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const uint32_t n = ((const struct strip *)e)->length;
	struct nfc_packet **pp = b->pkts, **end = pp + b->count;
	struct nfc_packet **end4 = pp + (b->count & ~3u);
	for (; pp < end4; pp += 4) {
		struct nfc_packet *p0 = pp[0], *p1 = pp[1], *p2 = pp[2], *p3 = pp[3];
		if (__builtin_expect(p0->length < n || p1->length < n || p2->length < n ||
					     p3->length < n, 0))
			break;
		p0->data += n, p0->length -= n;
		p1->data += n, p1->length -= n;
		p2->data += n, p2->length -= n;
		p3->data += n, p3->length -= n;
	}
	for (; pp < end; pp++)
		nfc_packet_pull(*pp, n);
}

static int strip_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct strip, length), 0);
	nfc_add_write_handler(e, "length", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct strip, length), 0);
	return 0;
}

static const struct nfc_element_class strip_class = {
	.name = "Strip",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct strip),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = strip_configure,
	.add_handlers = strip_add_handlers,
	.batch_action = strip_batch_action,
};
NFC_REGISTER_ELEMENT(strip_class);
