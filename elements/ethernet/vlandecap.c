/* SPDX-License-Identifier: MIT */
/* VLANDecap: removes an 802.1Q shim header, keeping the TCI in an annotation. */

/*
 * =c
 * VLANDecap([ANNO, KEYWORDS])
 * =s ethernet
 * strip VLAN information from Ethernet packets
 * =d
 * Expects Ethernet packets, possibly 802.1Q-tagged. A tagged packet (Ethernet
 * type ETHERTYPE, at least 18 bytes long) loses its 4-byte shim and becomes a
 * conventional Ethernet packet; other packets pass unchanged. The MAC header
 * annotation is set to the start of the packet.
 *
 * =item ANNO
 * Boolean. If true, set the VLAN TCI annotation to the tag's TCI (network
 * order), or to 0 for untagged packets. Default true.
 * =item ETHERTYPE
 * Unsigned 0..0xFFFF. The Ethernet type of tagged packets: 0x8100 (default),
 * 0x88a8 (802.1ad), 0x9100.
 * =e
 *   FromDevice(eth0) -> VLANDecap -> ...
 * =a VLANEncap, StripEtherVLANHeader
 */
#include <stddef.h>
#include "ether_priv.h"

struct vlandecap {
	struct nfc_element e;
	bool anno;
	uint32_t ethertype;
};

static const struct nfc_arg_spec vlandecap_args[] = {
	{ .keyword = "ANNO", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct vlandecap, anno), .doc = "set the VLAN TCI annotation" },
	{ .keyword = "ETHERTYPE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct vlandecap, ethertype),
	  .doc = "Ethernet type of tagged packets" },
	NFC_ARGS_END
};

static int vlandecap_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct vlandecap *vd = (struct vlandecap *)e;
	vd->anno = true;
	vd->ethertype = NFC_ETHERTYPE_8021Q;
	return nfc_args_parse(e, conf, vlandecap_args, errh, NULL);
}

static void vlandecap_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const struct vlandecap *vd = (const struct vlandecap *)e;
	const uint16_t tpid = htons((uint16_t)vd->ethertype);
	unsigned k = 0, n = b->count;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint16_t tci = 0, type;
		if (p->length >= ETH_VLAN_LEN && (memcpy(&type, p->data + 12, 2), type == tpid)) {
			memcpy(&tci, p->data + 14, 2);
			p = nfc_packet_uniqueify(p);
			if (!p)
				continue;
			memmove(p->data + 4, p->data, 12);
			nfc_packet_pull(p, 4);
		}
		p->mac_offset = (int32_t)(p->data - p->head) + 1;
		p->network_offset = p->mac_offset + NFC_ETHER_LEN;
		if (vd->anno)
			eth_set_vlan_tci_anno(p, tci);
		b->pkts[k++] = p;
	}
	b->count = k;
}

static const struct nfc_element_class vlandecap_class = {
	.name = "VLANDecap",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct vlandecap),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = vlandecap_configure,
	.batch_action = vlandecap_batch,
};
NFC_REGISTER_ELEMENT(vlandecap_class);
