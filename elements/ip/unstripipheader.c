/* SPDX-License-Identifier: MIT */
/* UnstripIPHeader: moves the packet start back to the IP header annotation. */

/*
 * =c
 * UnstripIPHeader()
 * =s ip
 * restores outermost IP header
 * =d
 * Puts the outermost IP header back onto packets whose header was
 * stripped (StripIPHeader, Strip): when the IP header annotation lies in
 * front of the packet data, the packet is extended back to start there.
 * The header bytes are still in the headroom, so nothing is copied or
 * written (a clone shares them safely). Packets without the annotation, or
 * whose header is already inside the data, pass unchanged.
 * =a StripIPHeader, Unstrip
 */
#include "ip_priv.h"

static void unstripipheader_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (!nfc_packet_has_network_header(p))
			continue;
		unsigned char *h = nfc_packet_network_header(p);
		if (h < p->data && h >= p->head) {
			p->length += (uint32_t)(p->data - h);
			p->data = h;
		}
	}
}

static const struct nfc_element_class unstripipheader_class = {
	.name = "UnstripIPHeader",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct nfc_element),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipx_configure_noargs,
	.batch_action = unstripipheader_batch_action,
};
NFC_REGISTER_ELEMENT(unstripipheader_class);
