/* SPDX-License-Identifier: MIT */
/* EtherRewrite: overwrites the Ethernet source and destination addresses. */

/*
 * =c
 * EtherRewrite(SRC, DST)
 * =s ethernet
 * rewrite source and destination Ethernet address
 * =d
 * Rewrites the source and destination addresses of each packet's Ethernet
 * header, which starts at the MAC header annotation (or at the packet data
 * when that annotation is unset). The Ethernet type is left alone. Shared
 * packets are copied first. Packets whose buffer has no room for the
 * addresses there are dropped.
 *
 * =item SRC
 * Ethernet address. The new source address.
 * =item DST
 * Ethernet address. The new destination address.
 * =h src read/write
 * Returns or sets the SRC parameter.
 * =h dst read/write
 * Returns or sets the DST parameter.
 * =e
 *   EtherRewrite(1:1:1:1:1:1, 2:2:2:2:2:2)
 * =n
 * Useful when a link has one possible next hop (a transparent firewall),
 * so the addresses are the same for every packet of an output.
 * =a EtherEncap, EtherVLANEncap, ARPQuerier, StoreEtherAddress
 */
#include <stddef.h>
#include "ether_priv.h"
#include "../ip/fastpath_structs.h"

static const struct nfc_arg_spec etherrewrite_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct etherrewrite, addrs) + 6, .doc = "new source address" },
	{ .keyword = "DST", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct etherrewrite, addrs), .doc = "new destination address" },
	NFC_ARGS_END
};

static int etherrewrite_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, etherrewrite_args, errh, NULL);
}

/*
 * Where the addresses go: the MAC header, or the data when that annotation
 * is unset. NULL when 12 bytes do not fit in the buffer there.
 */
static unsigned char *etherrewrite_where(const struct nfc_packet *p)
{
	unsigned char *h = p->mac_offset ? p->head + (p->mac_offset - 1) : p->data;
	return h + 12 <= p->end ? h : NULL;
}

/* The rare cases, out of the loop: a shared buffer is copied first; an
 * unset MAC header means the data; no room means a drop. */
static __attribute__((noinline, cold)) struct nfc_packet *
etherrewrite_slow(struct nfc_element *e, struct nfc_packet *p, const uint8_t *addrs)
{
	if (!etherrewrite_where(p)) {
		nfc_element_drop(e, p);
		return NULL;
	}
	p = nfc_packet_uniqueify(p);
	if (!p)
		return NULL;
	memcpy(etherrewrite_where(p), addrs, 12);
	return p;
}

/* Is @p the common case: unshared, 12 bytes of room at its (set) MAC
 * header? With mo - 1 taken as unsigned, "mo - 1 + 12 > buffer length"
 * also catches an unset (0) offset. */
static inline __attribute__((always_inline)) bool etherrewrite_fast(const struct nfc_packet *p)
{
	uint32_t off = (uint32_t)p->mac_offset - 1u;
	if (__builtin_expect(p->data_owner != p, 0))
		return false;
	if (__builtin_expect(p->shared != 0, 0))
		return false;
	return __builtin_expect((uint64_t)off + 12 <= (uint64_t)(p->end - p->head), 1);
}

/*
 * The commonest case of all, without loading head or end: a plain packet
 * (nfc_packet_plain: the buffer right after the header, NFC_PACKET_BUFSIZE
 * long or more, no clone sharing it; pooled, or an mbuf of nfclick's pools)
 * with a set MAC header 12 bytes inside it. NULL for anything else.
 */
static inline __attribute__((always_inline)) unsigned char *
etherrewrite_pooled(struct nfc_packet *p)
{
	uint32_t off = (uint32_t)p->mac_offset - 1u;
	if (__builtin_expect(!nfc_packet_plain(p) || off > NFC_PACKET_BUFSIZE - 12, 0))
		return NULL;
	return (unsigned char *)(p + 1) + off;
}

/*
 * Two stores per packet in the common case. The first loop leaves the
 * array alone; after the first uncommon packet the second one handles
 * everything and compacts the array over dropped packets.
 */
static void etherrewrite_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct etherrewrite *er = (const struct etherrewrite *)e;
	uint64_t a8;
	uint32_t a4;
	memcpy(&a8, er->addrs, 8);
	memcpy(&a4, er->addrs + 8, 4);
	unsigned n = b->count;
	struct nfc_packet **pk = b->pkts, **pp = pk, **end = pk + n;
	for (; pp != end; pp++) {
		struct nfc_packet *p = *pp;
		unsigned char *h = etherrewrite_pooled(p);
		if (!h) {
			if (!etherrewrite_fast(p))
				break;
			h = p->head + (p->mac_offset - 1);
		}
		memcpy(h, &a8, 8);
		memcpy(h + 8, &a4, 4);
	}
	if (__builtin_expect(pp == end, 1))
		return;
	unsigned i = (unsigned)(pp - pk), k = i;
	for (; i < n; i++) {
		struct nfc_packet *p = pk[i];
		if (etherrewrite_fast(p)) {
			unsigned char *h = p->head + (p->mac_offset - 1);
			memcpy(h, &a8, 8);
			memcpy(h + 8, &a4, 4);
		} else if (!(p = etherrewrite_slow(e, p, er->addrs)))
			continue;
		pk[k++] = p;
	}
	b->count = k;
}

static int etherrewrite_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", eth_read_ether_field,
			     (void *)(offsetof(struct etherrewrite, addrs) + 6), 0);
	nfc_add_write_handler(e, "src", eth_write_ether_field,
			      (void *)(offsetof(struct etherrewrite, addrs) + 6), 0);
	nfc_add_read_handler(e, "dst", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct etherrewrite, addrs), 0);
	nfc_add_write_handler(e, "dst", eth_write_ether_field,
			      NFC_FIELD_THUNK(struct etherrewrite, addrs), 0);
	return 0;
}

static const struct nfc_element_class etherrewrite_class = {
	.name = "EtherRewrite",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct etherrewrite),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = etherrewrite_configure,
	.add_handlers = etherrewrite_add_handlers,
	.batch_action = etherrewrite_batch,
};
NFC_REGISTER_ELEMENT(etherrewrite_class);
