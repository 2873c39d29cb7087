/* SPDX-License-Identifier: MIT */
/* StripIPHeader: removes everything up to the transport header. */

/*
 * =c
 * StripIPHeader()
 * =s ip
 * strips outermost IP header
 * =d
 * Strips the outermost IP header from IP packets, based on the IP header
 * annotation: everything before the transport header annotation (the end
 * of the IP header and its options) is removed from the front of the
 * packet. The bytes stay in the headroom, so UnstripIPHeader can put them
 * back. Packets without the annotation, or whose transport header lies
 * before their data, pass unchanged; a transport header past the end
 * leaves an empty packet.
 * =a CheckIPHeader, CheckIPHeader2, MarkIPHeader, UnstripIPHeader, Strip
 */
#include "ip_priv.h"

static void stripipheader_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (nfc_packet_has_transport_header(p)) {
			int32_t off = nfc_packet_transport_header_offset(p);
			if (off > 0)
				nfc_packet_pull(p, (uint32_t)off);
		}
	}
}

static const struct nfc_element_class stripipheader_class = {
	.name = "StripIPHeader",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct nfc_element),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipx_configure_noargs,
	.batch_action = stripipheader_batch_action,
};
NFC_REGISTER_ELEMENT(stripipheader_class);
