/* SPDX-License-Identifier: MIT */
/* SetUDPChecksum: recomputes the UDP checksum; fragments and short packets to output 1. */

/*
 * =c
 * SetUDPChecksum()
 * =s udp
 * sets UDP packets' checksums
 * =d
 * Input packets must be UDP in IP, with the IP and transport header
 * annotations set (the protocol field isn't checked).
 *
 * Calculates the UDP checksum and sets the UDP header's checksum field,
 * using IP header fields for the pseudo-header. A checksum that computes
 * to zero is sent as 0xFFFF (zero means "no checksum" in UDP).
 *
 * If input packets are IP fragments, or the UDP length is longer than the
 * packet (or shorter than a UDP header), then pushes the input packets to
 * the second output, or drops them with a warning (the first time) if
 * there is no second output.
 * =e
 *   ... -> StoreIPAddress(10.0.0.1, dst) -> SetUDPChecksum -> ...
 * =a CheckUDPHeader, SetIPChecksum, CheckIPHeader, SetTCPChecksum
 */
#include "ip_priv.h"

struct setudpchecksum {
	struct nfc_element e;
	int warned;
};

static int setudpchecksum_step(struct nfc_element *e, struct nfc_packet **pp)
{
	struct nfc_packet *p = *pp;
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	int64_t toff = nfc_packet_has_transport_header(p) ? nfc_packet_transport_header_offset(p) : -1;
	uint32_t len = 0;
	if (ip && !nfc_ip_is_fragment(ip) && toff >= 0 &&
	    (uint64_t)toff + sizeof(struct nfc_udp) <= p->length) {
		len = ntohs(((const struct nfc_udp *)(p->data + toff))->len);
		if (len < sizeof(struct nfc_udp) || (uint64_t)toff + len > p->length)
			len = 0;
	}
	if (!len) {
		struct setudpchecksum *s = (struct setudpchecksum *)e;
		if (e->noutputs == 1 && !__atomic_exchange_n(&s->warned, 1, __ATOMIC_RELAXED))
			ipx_chatter(e, "%s: fragment or short packet", e->name);
		return IPX_ERROR;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return IPX_GONE;
	*pp = p;
	ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	struct nfc_udp *udp = (struct nfc_udp *)nfc_packet_transport_header(p);
	udp->sum = 0;
	uint16_t sum = ipx_transport_cksum(ip, udp, len);
	udp->sum = sum ? sum : 0xFFFF;
	return IPX_PASS;
}

IPX_DEFINE_FILTER(setudpchecksum, setudpchecksum_step)

static const struct nfc_element_class setudpchecksum_class = {
	.name = "SetUDPChecksum",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct setudpchecksum),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipx_configure_noargs,
	.push = setudpchecksum_push,
	.pull = setudpchecksum_pull,
};
NFC_REGISTER_ELEMENT(setudpchecksum_class);
