/* SPDX-License-Identifier: MIT */
/* DecIPTTL: decrements the IP time-to-live, sends expired packets to output 1. */

/*
 * =c
 * DecIPTTL([KEYWORDS])
 * =s ip
 * decrements IP time-to-live, drops dead packets
 * =d
 * Expects IP packets with their IP header annotation set (CheckIPHeader,
 * MarkIPHeader). If the TTL is <= 1 (it has expired), DecIPTTL sends the
 * packet to output 1 (or discards it if there is no output 1). Otherwise it
 * decrements the TTL, updates the checksum incrementally (RFC 1624), and
 * sends the packet to output 0. Packets without an IP header annotation, or
 * whose 20-byte header does not end inside the packet, are dropped.
 *
 * Ordinarily output 1 is connected to an ICMP error packet generator.
 *
 * Keyword arguments are:
 * =item ACTIVE
 * Boolean. If false, do not decrement any packets' TTLs. Default is true.
 * =item MULTICAST
 * Boolean. If false, do not decrement the TTLs of multicast packets.
 * Default is true.
 * =h drops read-only
 * Returns the number of packets with expired TTLs.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =e
 * This is a typical IP input processing sequence:
 *
 *   ... -> CheckIPHeader -> dt :: DecIPTTL -> ...
 *   dt[1] -> ICMPError(18.26.4.24, timeexceeded) -> ...
 * =a ICMPError, CheckIPHeader
 */
#include "fastpath_structs.h"

static const struct nfc_arg_spec decipttl_args[] = {
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct decipttl, active),
	  .doc = "decrement TTLs at all" },
	{ .keyword = "MULTICAST", .type = NFC_ARG_BOOL, .offset = offsetof(struct decipttl, multicast),
	  .doc = "decrement multicast packets' TTLs" },
	NFC_ARGS_END
};

static int decipttl_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct decipttl *d = (struct decipttl *)e;
	d->active = d->multicast = true;
	return nfc_args_parse(e, conf, decipttl_args, errh, NULL);
}

/*
 * Decrement the TTL of the header at @h (writable) and patch its checksum:
 * the 16-bit word (TTL, protocol) drops by 0x0100, so the checksum rises by
 * 0x0100 with end-around carry, computed on the network-order value.
 * Matches RFC 1624 eqn. 3 for every checksum value.
 */
IPX_INLINE void decipttl_apply(unsigned char *h)
{
	struct nfc_ip *ip = (struct nfc_ip *)h;
	ip->ttl--;
	uint32_t sum = (uint32_t)ip->sum + htons(0x0100);
	ip->sum = (uint16_t)(sum + (sum >= 0xFFFF));
}

/*
 * One packet, every case: no header annotation or a header past the end
 * (dropped), multicast exemption, expired TTL (output 1), a shared
 * buffer (copied first). Returns an IPX_* verdict; *pp may be replaced.
 */
static int decipttl_one(struct decipttl *d, struct nfc_packet **pp, bool multicast)
{
	struct nfc_packet *p = *pp;
	if (!ipx_ip_header(p, sizeof(struct nfc_ip))) {
		nfc_element_drop(&d->e, p);
		return IPX_GONE;
	}
	const unsigned char *h = nfc_packet_network_header(p);
	if (!multicast && (h[16] & 0xF0) == 0xE0)
		return IPX_PASS;
	if (h[8] <= 1) {
		ipx_count(&d->drops, 1);
		return IPX_ERROR;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return IPX_GONE;
	decipttl_apply(nfc_packet_network_header(p));
	*pp = p;
	return IPX_PASS;
}

/*
 * The common case inline: a plain packet (nfc_packet_plain: no clone shares
 * its buffer) whose 20-byte header ends inside the packet, a live
 * TTL, no multicast exemption. Decrements and returns true; returns false
 * (packet untouched) for anything else, decipttl_one's business.
 *
 * The header offset minus one, taken unsigned: an unset offset (0) or a
 * negative one becomes about 4G and fails the end test, so one test covers
 * all three.
 *
 * On little-endian machines one 32-bit word holds TTL (low byte), protocol
 * and the checksum as loaded (high half). Adding 0xFFFF takes one from the
 * TTL (>= 2, so no borrow) and adds 0x0001 to the checksum as loaded, which
 * is decipttl_apply()'s update but for the end-around carry at 0xFFFE and
 * 0xFFFF (left to decipttl_one).
 */
IPX_INLINE bool decipttl_fast(struct nfc_packet *p)
{
	uintptr_t h = (uintptr_t)p->head + (uint32_t)(p->network_offset - 1);
	if (ipx_unlikely(h + sizeof(struct nfc_ip) > (uintptr_t)p->data + p->length ||
			 !nfc_packet_plain(p)))
		return false;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t w = ipx_rd32((const void *)(h + 8));
	if (ipx_unlikely((uint8_t)w <= 1 || w >= 0xFFFE0000u))
		return false;
	ipx_wr32((void *)(h + 8), w + 0xFFFF);
#else
	if (ipx_unlikely(((const unsigned char *)h)[8] <= 1))
		return false;
	decipttl_apply((unsigned char *)h);
#endif
	return true;
}

/* After the fast path stopped at @i: every packet from there one by one. */
static IPX_COLD void decipttl_filter_rest(struct decipttl *d, struct nfc_batch *b, unsigned i)
{
	const bool multicast = d->multicast;
	struct nfc_batch err;
	err.count = 0;
	unsigned k = i, n = b->count;
	for (; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		int r = decipttl_one(d, &p, multicast);
		if (r == IPX_PASS)
			b->pkts[k++] = p;
		else if (r == IPX_ERROR)
			err.pkts[err.count++] = p;
	}
	b->count = k;
	if (err.count)
		ipx_emit_errors(&d->e, &err);
}

static void decipttl_filter(struct decipttl *d, struct nfc_batch *b, unsigned from)
{
	if (!d->active)
		return;
	struct nfc_packet **pp = b->pkts + from, **end = b->pkts + b->count;
	if (ipx_likely(d->multicast))
#pragma GCC unroll 2
		for (; pp < end; pp++)
			if (ipx_unlikely(!decipttl_fast(*pp)))
				break;
	if (pp < end)
		decipttl_filter_rest(d, b, (unsigned)(pp - b->pkts));
}

static void decipttl_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	decipttl_filter((struct decipttl *)e, b, 0);
	nfc_push(e, 0, b);
}

static unsigned decipttl_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	decipttl_filter((struct decipttl *)e, out, before);
	return out->count - before;
}

static int decipttl_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter, NFC_FIELD_THUNK(struct decipttl, drops), 0);
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct decipttl, active), 0);
	nfc_add_write_handler(e, "active", nfc_write_bool_field,
			      NFC_FIELD_THUNK(struct decipttl, active), 0);
	return 0;
}

static const struct nfc_element_class decipttl_class = {
	.name = "DecIPTTL",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct decipttl),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = decipttl_configure,
	.add_handlers = decipttl_add_handlers,
	.push = decipttl_push,
	.pull = decipttl_pull,
};
NFC_REGISTER_ELEMENT(decipttl_class);
