/* SPDX-License-Identifier: MIT */
/* Resize: adds or removes bytes at the head and tail of packets. */

/*
 * =c
 * Resize([HEAD, TAIL])
 * =s basicmod
 * adjusts packet length
 * =d
 * Changes each packet's length at both ends: a positive HEAD adds that many
 * bytes in front of the data, a negative HEAD removes them; TAIL does the
 * same at the end. Both default to 0. Removing more bytes than a packet has
 * empties it. Added bytes are not initialized: at the head they are
 * whatever the headroom held (bytes a Strip removed, for instance).
 * =h head read/write
 * Returns or sets HEAD.
 * =h tail read/write
 * Returns or sets TAIL.
 * =e
 *   ... -> Resize(HEAD -14) -> ...
 * =a Strip, Unstrip, Truncate, Pad
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct resize {
	struct nfc_element e;
	int32_t head;
	int32_t tail;
};

static const struct nfc_arg_spec resize_args[] = {
	{ .keyword = "HEAD", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct resize, head), .doc = "bytes to add (remove if negative) in front" },
	{ .keyword = "TAIL", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct resize, tail), .doc = "bytes to add (remove if negative) at the end" },
	NFC_ARGS_END
};

static int resize_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct resize *r = (struct resize *)e;
	r->head = r->tail = 0;
	return nfc_args_parse(e, conf, resize_args, errh, NULL);
}

static struct nfc_packet *resize_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct resize *r = (struct resize *)e;
	int32_t head = r->head, tail = r->tail;
	if (head > 0) {
		p = nfc_packet_push(p, (uint32_t)head);
		if (!p)
			return NULL;
	} else if (head < 0)
		nfc_packet_pull(p, (uint32_t)-(int64_t)head);
	if (tail > 0) {
		p = nfc_packet_put(p, (uint32_t)tail);
		if (!p)
			return NULL;
	} else if (tail < 0)
		nfc_packet_take(p, (uint32_t)-(int64_t)tail);
	return p;
}

static int resize_write_int(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	int32_t v;
	if (nfc_parse_int32(value, &v) < 0)
		return nfc_error(errh, "expected integer");
	*(int32_t *)((char *)e + (uintptr_t)thunk) = v;
	return 0;
}

static int resize_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "head", nfc_read_int_field, NFC_FIELD_THUNK(struct resize, head), 0);
	nfc_add_write_handler(e, "head", resize_write_int, NFC_FIELD_THUNK(struct resize, head), 0);
	nfc_add_read_handler(e, "tail", nfc_read_int_field, NFC_FIELD_THUNK(struct resize, tail), 0);
	nfc_add_write_handler(e, "tail", resize_write_int, NFC_FIELD_THUNK(struct resize, tail), 0);
	return 0;
}

static const struct nfc_element_class resize_class = {
	.name = "Resize",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct resize),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = resize_configure,
	.add_handlers = resize_add_handlers,
	.simple_action = resize_simple_action,
};
NFC_REGISTER_ELEMENT(resize_class);
