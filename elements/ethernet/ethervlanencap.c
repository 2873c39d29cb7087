/* SPDX-License-Identifier: MIT */
/* EtherVLANEncap: prepends an 802.1Q-tagged Ethernet header. */

/*
 * =c
 * EtherVLANEncap(ETHERTYPE, SRC, DST, VLAN_TCI [, VLAN_PCP, KEYWORDS])
 * =s ethernet
 * encapsulates packets in 802.1Q VLAN Ethernet header
 * =d
 * Encapsulates each packet in an 802.1Q header: destination DST, source
 * SRC, type 0x8100, the VLAN TCI, then the encapsulated type ETHERTYPE (in
 * host order). The MAC header annotation is set to the new header.
 *
 * VLAN_TCI is the 16-bit TCI (VLAN ID and priority code point), or the
 * word ANNO: then each packet's VLAN TCI annotation is used. VLAN_ID and
 * VLAN_PCP may be given separately instead. When the VLAN ID to send
 * equals NATIVE_VLAN, a plain 14-byte Ethernet header is used.
 *
 * =item ETHERTYPE
 * Unsigned 0..0xFFFF. The encapsulated Ethernet type.
 * =item SRC
 * Ethernet address. The source address.
 * =item DST
 * Ethernet address. The destination address.
 * =item VLAN_TCI
 * Integer 0..0xFFFF, or ANNO.
 * =item VLAN_PCP
 * Integer 0..7. The priority code point, or'ed into the TCI. Default 0.
 * =item VLAN_ID
 * Integer 0..0xFFF, used when VLAN_TCI is not given. Default 0.
 * =item NATIVE_VLAN
 * Integer -1..0xFFF. Packets for this VLAN get an untagged header; -1
 * means none. Default 0.
 * =h config read-only
 * Returns the settings, Click style.
 * =h src read/write
 * Returns or sets the SRC parameter.
 * =h dst read/write
 * Returns or sets the DST parameter.
 * =h ethertype read/write
 * Returns or sets the ETHERTYPE parameter (decimal).
 * =h vlan_tci read/write
 * Returns or sets the VLAN_TCI parameter.
 * =h vlan_id read/write
 * Returns or sets the VLAN_ID parameter.
 * =h vlan_pcp read/write
 * Returns or sets the VLAN_PCP parameter.
 * =h native_vlan read/write
 * Returns or sets the NATIVE_VLAN parameter.
 * =e
 *   EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, 1)
 * =a VLANEncap, StripEtherVLANHeader, SetVLANAnno, EtherEncap
 */
#include <stddef.h>
#include "ether_priv.h"

struct ethervlanencap {
	struct nfc_element e;
	uint32_t ethertype;
	uint8_t src[6], dst[6];
	struct eth_vlan_conf vlan;
};

static const struct nfc_arg_spec ethervlanencap_args[] = {
	{ .keyword = "ETHERTYPE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct ethervlanencap, ethertype),
	  .doc = "encapsulated Ethernet type" },
	{ .keyword = "SRC", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ethervlanencap, src), .doc = "source Ethernet address" },
	{ .keyword = "DST", .type = NFC_ARG_ETHER, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ethervlanencap, dst), .doc = "destination Ethernet address" },
	ETH_VLAN_ARGS(struct ethervlanencap, vlan),
	NFC_ARGS_END
};

static int ethervlanencap_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	struct ethervlanencap *ev = (struct ethervlanencap *)e;
	eth_vlan_conf_init(&ev->vlan);
	if (nfc_args_parse(e, conf, ethervlanencap_args, errh, NULL) < 0)
		return -1;
	return eth_vlan_conf_finish(&ev->vlan, errh);
}

static void ethervlanencap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct ethervlanencap *ev = (const struct ethervlanencap *)e;
	struct nfc_vlan h;
	memcpy(h.dst, ev->dst, 6);
	memcpy(h.src, ev->src, 6);
	h.tpid = htons(NFC_ETHERTYPE_8021Q);
	h.tci = ev->vlan.tci_be;
	h.type = htons((uint16_t)ev->ethertype);
	const int32_t native = ev->vlan.native_be;
	const bool use_anno = ev->vlan.use_anno;
	unsigned k = 0, n = b->count;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint16_t tci = use_anno ? eth_vlan_tci_anno(p) : h.tci;
		bool untagged = (int32_t)(tci & htons(0xFFF)) == native;
		uint32_t len = untagged ? NFC_ETHER_LEN : ETH_VLAN_LEN;
		p = nfc_packet_push(p, len);
		if (!p)
			continue;
		memcpy(p->data, &h, 12);
		if (untagged)
			memcpy(p->data + 12, &h.type, 2);
		else {
			memcpy(p->data + 12, &h.tpid, 2);
			memcpy(p->data + 14, &tci, 2);
			memcpy(p->data + 16, &h.type, 2);
		}
		p->mac_offset = (int32_t)(p->data - p->head) + 1;
		p->network_offset = p->mac_offset + (int32_t)len;
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int ethervlanencap_read_config(struct nfc_element *e, void *thunk, const char *param,
				      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct ethervlanencap *ev = (const struct ethervlanencap *)e;
	char s[18], d[18];
	nfc_strbuf_printf(out, "%s, %s, %u, ", nfc_ether_unparse(ev->src, s),
			  nfc_ether_unparse(ev->dst, d), (unsigned)ev->ethertype);
	eth_vlan_conf_unparse(&ev->vlan, true, out);
	return 0;
}

static int ethervlanencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "config", ethervlanencap_read_config, NULL, 0);
	nfc_add_read_handler(e, "src", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct ethervlanencap, src), 0);
	nfc_add_write_handler(e, "src", eth_write_ether_field,
			      NFC_FIELD_THUNK(struct ethervlanencap, src), 0);
	nfc_add_read_handler(e, "dst", eth_read_ether_field,
			     NFC_FIELD_THUNK(struct ethervlanencap, dst), 0);
	nfc_add_write_handler(e, "dst", eth_write_ether_field,
			      NFC_FIELD_THUNK(struct ethervlanencap, dst), 0);
	nfc_add_read_handler(e, "ethertype", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct ethervlanencap, ethertype), 0);
	nfc_add_write_handler(e, "ethertype", eth_write_ethertype_field,
			      NFC_FIELD_THUNK(struct ethervlanencap, ethertype), 0);
	eth_vlan_add_handlers(e, offsetof(struct ethervlanencap, vlan), true);
	return 0;
}

static const struct nfc_element_class ethervlanencap_class = {
	.name = "EtherVLANEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ethervlanencap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ethervlanencap_configure,
	.add_handlers = ethervlanencap_add_handlers,
	.batch_action = ethervlanencap_batch,
};
NFC_REGISTER_ELEMENT(ethervlanencap_class);
