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
 * packets are copied first. Packets too short to hold the two addresses
 * at their MAC header are dropped.
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

struct etherrewrite {
	struct nfc_element e;
	/* DST then SRC, as they lie in the header: one 12-byte copy */
	uint8_t addrs[12];
};

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

/* The rare cases, out of the loop: copy a shared buffer; check the length. */
static __attribute__((noinline)) struct nfc_packet *etherrewrite_slow(struct nfc_element *e,
								     struct nfc_packet *p,
								     const uint8_t *addrs)
{
	unsigned char *h = p->mac_offset ? p->head + (p->mac_offset - 1) : p->data;
	if (h + 12 > p->data + p->length) {
		nfc_element_drop(e, p);
		return NULL;
	}
	p = nfc_packet_uniqueify(p);
	if (!p)
		return NULL;
	h = p->mac_offset ? p->head + (p->mac_offset - 1) : p->data;
	memcpy(h, addrs, 12);
	return p;
}

/* A tight loop: one 8-byte and one 4-byte store per packet in the common
 * case (unshared buffer, MAC header inside the data). */
static void etherrewrite_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct etherrewrite *er = (const struct etherrewrite *)e;
	uint64_t a8;
	uint32_t a4;
	memcpy(&a8, er->addrs, 8);
	memcpy(&a4, er->addrs + 8, 4);
	unsigned n = b->count, k = 0;
	struct nfc_packet **pk = b->pkts;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = pk[i];
		int32_t mo = p->mac_offset;
		unsigned char *h = mo ? p->head + (mo - 1) : p->data;
		if (__builtin_expect((p->data_owner != p) | (p->shared != 0) |
					     (h + 12 > p->data + p->length),
				     0)) {
			p = etherrewrite_slow(e, p, er->addrs);
			if (!p)
				continue;
		} else {
			memcpy(h, &a8, 8);
			memcpy(h + 8, &a4, 4);
		}
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
