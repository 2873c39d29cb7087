/* SPDX-License-Identifier: MIT */
/* VLANEncap: inserts an 802.1Q shim header into Ethernet packets. */

/*
 * =c
 * VLANEncap([VLAN_TCI, VLAN_PCP, KEYWORDS])
 * =s ethernet
 * add VLAN information to Ethernet packets
 * =d
 * Expects Ethernet packets. Inserts a 4-byte 802.1Q shim after the
 * addresses, so the result looks like an Ethernet packet of type 0x8100
 * (or ETHERTYPE) carrying the VLAN TCI. The MAC header annotation is set
 * to the start of the packet.
 *
 * VLAN_TCI is the 16-bit TCI (VLAN ID and priority code point), or the
 * word ANNO: then each packet's VLAN TCI annotation is used. VLAN_ID and
 * VLAN_PCP may be given separately instead.
 *
 * When the VLAN ID to send equals NATIVE_VLAN, no shim is added.
 * Packets shorter than 12 bytes are dropped.
 *
 * =item VLAN_TCI
 * Integer 0..0xFFFF, or ANNO.
 * =item VLAN_PCP
 * Integer 0..7. The priority code point, or'ed into the TCI. Default 0.
 * =item VLAN_ID
 * Integer 0..0xFFF, used when VLAN_TCI is not given. Default 0.
 * =item NATIVE_VLAN
 * Integer -1..0xFFF. Packets for this VLAN are left untagged; -1 means
 * none. Default 0.
 * =item ETHERTYPE
 * Unsigned 0..0xFFFF. The tag's Ethernet type: 0x8100 (802.1Q, default),
 * 0x88a8 (802.1ad), 0x9100.
 * =h config read-only
 * Returns the settings, Click style ("VLAN_ID 1, VLAN_PCP 0").
 * =h vlan_tci read/write
 * Returns or sets the TCI (or ANNO).
 * =h vlan_id read/write
 * Returns or sets the VLAN ID.
 * =h vlan_pcp read/write
 * Returns or sets the priority code point.
 * =h native_vlan read/write
 * Returns or sets NATIVE_VLAN.
 * =h ethertype read/write
 * Returns or sets ETHERTYPE (decimal).
 * =e
 *   ... -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> VLANEncap(1) -> ...
 * =a EtherVLANEncap, VLANDecap, SetVLANAnno
 */
#include <stddef.h>
#include "ether_priv.h"

struct vlanencap {
	struct nfc_element e;
	struct eth_vlan_conf vlan;
	uint32_t ethertype;
};

static const struct nfc_arg_spec vlanencap_args[] = {
	ETH_VLAN_ARGS(struct vlanencap, vlan),
	{ .keyword = "ETHERTYPE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct vlanencap, ethertype),
	  .doc = "Ethernet type of the tag" },
	NFC_ARGS_END
};

static int vlanencap_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct vlanencap *ve = (struct vlanencap *)e;
	eth_vlan_conf_init(&ve->vlan);
	ve->ethertype = NFC_ETHERTYPE_8021Q;
	if (nfc_args_parse(e, conf, vlanencap_args, errh, NULL) < 0)
		return -1;
	return eth_vlan_conf_finish(&ve->vlan, errh);
}

static void vlanencap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct vlanencap *ve = (const struct vlanencap *)e;
	const uint16_t conf_tci = ve->vlan.tci_be, tpid = htons((uint16_t)ve->ethertype);
	const int32_t native = ve->vlan.native_be;
	const bool use_anno = ve->vlan.use_anno;
	unsigned k = 0, n = b->count;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (p->length < 12) {
			nfc_element_drop(e, p);
			continue;
		}
		uint16_t tci = use_anno ? eth_vlan_tci_anno(p) : conf_tci;
		if ((int32_t)(tci & htons(0xFFF)) == native) {
			p->mac_offset = (int32_t)(p->data - p->head) + 1;
			p->network_offset = p->mac_offset + NFC_ETHER_LEN;
		} else {
			p = nfc_packet_push(p, 4);
			if (!p)
				continue;
			memmove(p->data, p->data + 4, 12);
			memcpy(p->data + 12, &tpid, 2);
			memcpy(p->data + 14, &tci, 2);
			p->mac_offset = (int32_t)(p->data - p->head) + 1;
			p->network_offset = p->mac_offset + ETH_VLAN_LEN;
		}
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int vlanencap_read_config(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct vlanencap *ve = (const struct vlanencap *)e;
	eth_vlan_conf_unparse(&ve->vlan, true, out);
	if (ve->ethertype != NFC_ETHERTYPE_8021Q)
		nfc_strbuf_printf(out, ", ETHERTYPE 0x%04x", (unsigned)ve->ethertype);
	return 0;
}

static int vlanencap_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "config", vlanencap_read_config, NULL, 0);
	eth_vlan_add_handlers(e, offsetof(struct vlanencap, vlan), true);
	nfc_add_read_handler(e, "ethertype", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct vlanencap, ethertype), 0);
	nfc_add_write_handler(e, "ethertype", eth_write_ethertype_field,
			      NFC_FIELD_THUNK(struct vlanencap, ethertype), 0);
	return 0;
}

static const struct nfc_element_class vlanencap_class = {
	.name = "VLANEncap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct vlanencap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = vlanencap_configure,
	.add_handlers = vlanencap_add_handlers,
	.batch_action = vlanencap_batch,
};
NFC_REGISTER_ELEMENT(vlanencap_class);
