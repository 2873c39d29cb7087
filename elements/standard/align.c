/* SPDX-License-Identifier: MIT */
/* Align: moves packet data so that it starts at OFFSET modulo MODULUS. */

/*
 * =c
 * Align(MODULUS, OFFSET)
 * =s basicmod
 * aligns packet data
 * =d
 * Makes each packet's data start OFFSET bytes after a MODULUS-byte
 * boundary. MODULUS must be 2, 4 or 8, OFFSET less than MODULUS.
 *
 * nfclick's packet buffers are allocated aligned, and new packets start
 * where Click's user-level driver would put them; a misaligned packet (after
 * a Strip of an odd length, say) is realigned by moving its bytes within its
 * buffer, or by copying it to a new buffer when it is shared or has no room.
 * =e
 *   ... -> Align(4, 0) -> ...
 * =a AlignmentInfo
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct align {
	struct nfc_element e;
	uint32_t modulus;
	uint32_t offset;
	uintptr_t mask;
};

static const struct nfc_arg_spec align_args[] = {
	{ .keyword = "MODULUS", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct align, modulus), .doc = "alignment: 2, 4 or 8" },
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct align, offset), .doc = "offset from the boundary" },
	NFC_ARGS_END
};

static int align_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct align *a = (struct align *)e;
	if (nfc_args_parse(e, conf, align_args, errh, NULL) < 0)
		return -1;
	if (a->modulus != 2 && a->modulus != 4 && a->modulus != 8)
		return nfc_error(errh, "MODULUS must be 2, 4 or 8, not %u", a->modulus);
	if (a->offset >= a->modulus)
		return nfc_error(errh, "OFFSET (%u) must be smaller than MODULUS (%u)", a->offset,
				 a->modulus);
	a->mask = a->modulus - 1;
	return 0;
}

static int32_t align_shift_offset(int32_t off, intptr_t by)
{
	return off == NFC_OFFSET_UNSET ? off : off + (int32_t)by;
}

/* Copy @p into a fresh buffer whose data starts at the wanted alignment. */
static struct nfc_packet *align_copy(struct align *a, struct nfc_packet *p)
{
	uint32_t head = NFC_PACKET_HEADROOM + a->modulus;
	struct nfc_packet *q = nfc_packet_alloc(head, p->length, 0);
	if (!q) {
		nfc_packet_kill(p);
		return NULL;
	}
	uintptr_t have = (uintptr_t)q->data & a->mask;
	q->data -= (have - a->offset) & a->mask;
	memcpy(q->data, p->data, p->length);
	nfc_packet_copy_annotations(q, p);
	/* header offsets are relative to head: translate them through data */
	intptr_t by = (q->data - q->head) - (p->data - p->head);
	q->mac_offset = align_shift_offset(p->mac_offset, by);
	q->network_offset = align_shift_offset(p->network_offset, by);
	q->transport_offset = align_shift_offset(p->transport_offset, by);
	nfc_packet_kill(p);
	return q;
}

static struct nfc_packet *align_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct align *a = (struct align *)e;
	uintptr_t delta = (a->offset - ((uintptr_t)p->data & a->mask)) & a->mask;
	if (delta == 0)
		return p;
	if (nfc_packet_shared(p) || nfc_packet_tailroom(p) < delta)
		return align_copy(a, p);
	memmove(p->data + delta, p->data, p->length);
	p->data += delta;
	p->mac_offset = align_shift_offset(p->mac_offset, (intptr_t)delta);
	p->network_offset = align_shift_offset(p->network_offset, (intptr_t)delta);
	p->transport_offset = align_shift_offset(p->transport_offset, (intptr_t)delta);
	return p;
}

static const struct nfc_element_class align_class = {
	.name = "Align",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct align),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = align_configure,
	.simple_action = align_simple_action,
};
NFC_REGISTER_ELEMENT(align_class);
