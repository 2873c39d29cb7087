/* SPDX-License-Identifier: MIT */
/* EtherEncap: prepends a fixed Ethernet header. */

/*
 * =c
 * EtherEncap(ETHERTYPE, SRC, DST)
 * =s ethernet
 * encapsulates packets in Ethernet header
 * =d
 * Encapsulates each packet in the Ethernet header given by its arguments:
 * type ETHERTYPE (in host order, 0..0xFFFF), source address SRC and
 * destination address DST. Addresses may be AddressInfo names. The MAC
 * header annotation is set to the new header and the network header to the
 * byte after it.
 *
 * =item ETHERTYPE
 * Unsigned 0..0xFFFF. The Ethernet type (0x0800 for IP).
 * =item SRC
 * Ethernet address. The source address.
 * =item DST
 * Ethernet address. The destination address.
 * =h src read/write
 * Returns or sets the SRC parameter.
 * =h dst read/write
 * Returns or sets the DST parameter.
 * =h ethertype read/write
 * Returns or sets the ETHERTYPE parameter (decimal).
 * =h etht read/write
 * Old name for ethertype.
 * =e
 *   EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2)
 * =n
 * For IP packets you probably want ARPQuerier instead.
 * =a EtherVLANEncap, EtherRewrite, ARPQuerier, StoreEtherAddress
 */
#include <stddef.h>
#include <stdlib.h>
#include "ether_priv.h"

struct etherencap {
	struct nfc_element e;
	struct nfc_ether hdr;
	/* configuration values, host order */
	uint32_t ethertype;
	uint8_t src[6], dst[6];
};

static const struct nfc_arg_spec etherencap_args[] = {
	{ .keyword = "ETHERTYPE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct etherencap, ethertype),
	  .doc = "Ethernet type, host order" },
	{ .keyword = "SRC", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct etherencap, src), .doc = "source Ethernet address" },
	{ .keyword = "DST", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct etherencap, dst), .doc = "destination Ethernet address" },
	NFC_ARGS_END
};

static void etherencap_build(struct etherencap *ee)
{
	memcpy(ee->hdr.dst, ee->dst, 6);
	memcpy(ee->hdr.src, ee->src, 6);
	ee->hdr.type = htons((uint16_t)ee->ethertype);
}

static int etherencap_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct etherencap *ee = (struct etherencap *)e;
	if (nfc_args_parse(e, conf, etherencap_args, errh, NULL) < 0)
		return -1;
	etherencap_build(ee);
	return 0;
}

static void etherencap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct etherencap *ee = (const struct etherencap *)e;
	const struct nfc_ether hdr = ee->hdr;
	unsigned k = 0, n = b->count;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = nfc_packet_push(b->pkts[i], NFC_ETHER_LEN);
		if (__builtin_expect(!p, 0))
			continue; /* out of memory: the packet is gone */
		memcpy(p->data, &hdr, NFC_ETHER_LEN);
		/* Click's push_mac_header(): MAC header here, network header after it */
		p->mac_offset = (int32_t)(p->data - p->head) + 1;
		p->network_offset = p->mac_offset + NFC_ETHER_LEN;
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int etherencap_write_ethertype(struct nfc_element *e, void *thunk, const char *value,
				      struct nfc_errh *errh)
{
	struct etherencap *ee = (struct etherencap *)e;
	char *v = eth_trim(value);
	uint32_t t;
	int r = v ? nfc_parse_uint32(v, &t) : -1;
	free(v);
	if (r < 0)
		return nfc_error(errh, "ETHERTYPE: expected unsigned integer");
	if (t > 0xFFFF)
		return nfc_error(errh, "ETHERTYPE: out of range, must be between 0 and 65535");
	ee->ethertype = t;
	etherencap_build(ee);
	return 0;
}

static int etherencap_write_addr(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	if (eth_write_ether_field(e, thunk, value, errh) < 0)
		return -1;
	etherencap_build((struct etherencap *)e);
	return 0;
}

static int etherencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct etherencap, src), 0);
	nfc_add_write_handler(e, "src", etherencap_write_addr,
			      NFC_FIELD_THUNK(struct etherencap, src), 0);
	nfc_add_read_handler(e, "dst", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct etherencap, dst), 0);
	nfc_add_write_handler(e, "dst", etherencap_write_addr,
			      NFC_FIELD_THUNK(struct etherencap, dst), 0);
	nfc_add_read_handler(e, "ethertype", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct etherencap, ethertype), 0);
	nfc_add_write_handler(e, "ethertype", etherencap_write_ethertype, NULL, 0);
	nfc_add_read_handler(e, "etht", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct etherencap, ethertype), NFC_HANDLER_PRIVATE);
	nfc_add_write_handler(e, "etht", etherencap_write_ethertype, NULL, NFC_HANDLER_PRIVATE);
	return 0;
}

static const struct nfc_element_class etherencap_class = {
	.name = "EtherEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct etherencap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = etherencap_configure,
	.add_handlers = etherencap_add_handlers,
	.batch_action = etherencap_batch,
};
NFC_REGISTER_ELEMENT(etherencap_class);
