/* SPDX-License-Identifier: MIT */
/* SetVLANAnno: sets the VLAN TCI annotation. */

/*
 * =c
 * SetVLANAnno(VLAN_TCI [, VLAN_PCP, KEYWORDS])
 * =s ethernet
 * sets VLAN annotation
 * =d
 * Sets each packet's VLAN TCI annotation (read by VLANEncap and
 * EtherVLANEncap in ANNO mode) to the configured value: VLAN_TCI as a
 * whole, or VLAN_ID and VLAN_PCP separately.
 *
 * =item VLAN_TCI
 * Integer 0..0xFFFF. The whole TCI.
 * =item VLAN_PCP
 * Integer 0..7. The priority code point, or'ed into the TCI. Default 0.
 * =item VLAN_ID
 * Integer 0..0xFFF, used when VLAN_TCI is not given. Default 0.
 * =h config read-only
 * Returns the settings, Click style ("VLAN_ID 2, VLAN_PCP 1").
 * =h vlan_tci read/write
 * Returns or sets the VLAN_TCI parameter.
 * =h vlan_id read/write
 * Returns or sets the VLAN_ID parameter.
 * =h vlan_pcp read/write
 * Returns or sets the VLAN_PCP parameter.
 * =e
 *   ... -> SetVLANAnno(VLAN_ID 2) -> EtherVLANEncap(0x0800, s, d, ANNO) -> ...
 * =a EtherVLANEncap, VLANEncap, VLANDecap
 */
#include <stddef.h>
#include "ether_priv.h"

struct setvlananno {
	struct nfc_element e;
	struct eth_vlan_conf vlan;
	int32_t tci;
};

static const struct nfc_arg_spec setvlananno_args[] = {
	{ .keyword = "VLAN_TCI", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 0xFFFF, .offset = offsetof(struct setvlananno, tci), .doc = "whole TCI" },
	{ .keyword = "VLAN_PCP", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 7, .offset = offsetof(struct setvlananno, vlan.pcp),
	  .doc = "priority code point" },
	{ .keyword = "VLAN_ID", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFF, .offset = offsetof(struct setvlananno, vlan.id), .doc = "VLAN ID" },
	NFC_ARGS_END
};

static int setvlananno_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct setvlananno *s = (struct setvlananno *)e;
	eth_vlan_conf_init(&s->vlan);
	s->tci = -1;
	if (nfc_args_parse(e, conf, setvlananno_args, errh, NULL) < 0)
		return -1;
	int32_t tci = s->tci >= 0 ? s->tci : s->vlan.id;
	s->vlan.tci_be = htons((uint16_t)(tci | (s->vlan.pcp << 13)));
	return 0;
}

static void setvlananno_batch(struct nfc_element *e, struct nfc_batch *b)
{
	const uint16_t tci = ((const struct setvlananno *)e)->vlan.tci_be;
	for (unsigned i = 0; i < b->count; i++)
		eth_set_vlan_tci_anno(b->pkts[i], tci);
}

static int setvlananno_read_config(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	eth_vlan_conf_unparse(&((struct setvlananno *)e)->vlan, false, out);
	return 0;
}

static int setvlananno_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "config", setvlananno_read_config, NULL, 0);
	eth_vlan_add_handlers(e, offsetof(struct setvlananno, vlan), false);
	return 0;
}

static const struct nfc_element_class setvlananno_class = {
	.name = "SetVLANAnno",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct setvlananno),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = setvlananno_configure,
	.add_handlers = setvlananno_add_handlers,
	.batch_action = setvlananno_batch,
};
NFC_REGISTER_ELEMENT(setvlananno_class);
