/* SPDX-License-Identifier: MIT */
/* SetIPChecksum: recomputes the IP header checksum. */

/*
 * =c
 * SetIPChecksum()
 * =s ip
 * sets IP packets' checksums
 * =d
 * Expects an IP packet as input. Calculates the IP header's checksum and
 * sets the checksum header field. Uses the packet's IP header annotation
 * if it is set; otherwise, assumes the IP header starts at the beginning
 * of the packet.
 *
 * Packets too short for a 20-byte header, with a header length below 20
 * bytes or running past the end of the packet are dropped; the first
 * such packet is reported ("SetIPChecksum: bad input packet").
 * =h drops read-only
 * Returns the number of dropped packets.
 * =e
 *   ... -> StoreIPAddress(10.0.0.1, 12) -> SetIPChecksum -> ...
 * =a CheckIPHeader, DecIPTTL, SetUDPChecksum, SetTCPChecksum
 */
#include "ip_priv.h"

struct setipchecksum {
	struct nfc_element e;
	struct ipx_counter drops;
	int warned;
};

static struct nfc_packet *setipchecksum_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct setipchecksum *s = (struct setipchecksum *)e;
	int64_t off = nfc_packet_has_network_header(p) ? nfc_packet_network_header_offset(p) : 0;
	int64_t plen = (int64_t)p->length - off;
	const unsigned char *h = p->data + off;
	uint32_t hlen = 0;
	if (off >= 0 && plen >= (int64_t)sizeof(struct nfc_ip)) {
		hlen = (uint32_t)(h[0] & 0x0F) << 2;
		if (hlen < sizeof(struct nfc_ip) || hlen > plen)
			hlen = 0;
	}
	if (ipx_unlikely(hlen == 0)) {
		ipx_count(&s->drops, 1);
		if (!__atomic_exchange_n(&s->warned, 1, __ATOMIC_RELAXED))
			ipx_chatter(e, "SetIPChecksum: bad input packet");
		nfc_element_drop(e, p);
		return NULL;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	ipx_set_ip_cksum(p->data + off, hlen);
	return p;
}

static int setipchecksum_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     NFC_FIELD_THUNK(struct setipchecksum, drops), 0);
	return 0;
}

static const struct nfc_element_class setipchecksum_class = {
	.name = "SetIPChecksum",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct setipchecksum),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipx_configure_noargs,
	.add_handlers = setipchecksum_add_handlers,
	.simple_action = setipchecksum_simple_action,
};
NFC_REGISTER_ELEMENT(setipchecksum_class);
