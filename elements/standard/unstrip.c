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

struct unstrip {
	struct nfc_element e;
	uint32_t length;
};

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

static void unstrip_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	uint32_t n = ((struct unstrip *)e)->length;
	unsigned k = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = nfc_packet_push(b->pkts[i], n);
		if (p) /* NULL: out of memory, the packet is gone */
			b->pkts[k++] = p;
	}
	b->count = k;
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
