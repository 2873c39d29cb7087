/* SPDX-License-Identifier: MIT */
/* StripEtherVLANHeader: removes an (802.1Q) Ethernet header, keeping the TCI. */

/*
 * =c
 * StripEtherVLANHeader([NATIVE_VLAN])
 * =s ethernet
 * strips 802.1Q VLAN Ethernet header
 * =d
 * Strips each packet's Ethernet header. When the outermost Ethernet type is
 * 0x8100 (802.1Q), the VLAN TCI annotation is set to the tag's TCI and the
 * 18-byte header is removed. Otherwise the packet is untagged: its VLAN
 * annotation is set to NATIVE_VLAN and the 14-byte header is removed; but
 * when NATIVE_VLAN is negative, untagged packets are emitted on output 1,
 * or dropped without one. Packets too short for their header go the same
 * way.
 *
 * =item NATIVE_VLAN
 * Integer, at most 0xFFF. VLAN of untagged packets; negative means none.
 * Default 0.
 * =e
 *   FromDevice(eth0) -> StripEtherVLANHeader(-1) -> ...
 * =a EtherVLANEncap, VLANDecap
 */
#include <stddef.h>
#include "ether_priv.h"

struct stripethervlanheader {
	struct nfc_element e;
	int32_t native;
	int32_t native_be; /* htons(NATIVE_VLAN), or -1 */
};

static const struct nfc_arg_spec stripethervlanheader_args[] = {
	{ .keyword = "NATIVE_VLAN", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct stripethervlanheader, native),
	  .doc = "VLAN of untagged packets (negative: none)" },
	NFC_ARGS_END
};

static int stripethervlanheader_configure(struct nfc_element *e, struct nfc_conf *conf,
					  struct nfc_errh *errh)
{
	struct stripethervlanheader *s = (struct stripethervlanheader *)e;
	s->native = 0;
	if (nfc_args_parse(e, conf, stripethervlanheader_args, errh, NULL) < 0)
		return -1;
	if (s->native > 0xFFF)
		return nfc_error(errh, "bad NATIVE_VLAN");
	s->native_be = s->native >= 0 ? htons((uint16_t)s->native) : -1;
	return 0;
}

static int stripethervlanheader_step(struct nfc_element *e, struct nfc_packet **pp)
{
	const struct stripethervlanheader *s = (const struct stripethervlanheader *)e;
	struct nfc_packet *p = *pp;
	uint16_t type, tci;
	if (p->length < NFC_ETHER_LEN)
		return ETH_REJECT;
	memcpy(&type, p->data + 12, 2);
	if (type == htons(NFC_ETHERTYPE_8021Q)) {
		if (p->length < ETH_VLAN_LEN)
			return ETH_REJECT;
		memcpy(&tci, p->data + 14, 2);
		eth_set_vlan_tci_anno(p, tci);
		nfc_packet_pull(p, ETH_VLAN_LEN);
	} else if (s->native_be >= 0) {
		eth_set_vlan_tci_anno(p, (uint16_t)s->native_be);
		nfc_packet_pull(p, NFC_ETHER_LEN);
	} else
		return ETH_REJECT;
	return ETH_KEEP;
}

ETH_DEFINE_FILTER(stripethervlanheader, stripethervlanheader_step)

static const struct nfc_element_class stripethervlanheader_class = {
	.name = "StripEtherVLANHeader",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct stripethervlanheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = stripethervlanheader_configure,
	.push = stripethervlanheader_push,
	.pull = stripethervlanheader_pull,
};
NFC_REGISTER_ELEMENT(stripethervlanheader_class);
