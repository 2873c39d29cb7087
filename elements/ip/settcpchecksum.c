/* SPDX-License-Identifier: MIT */
/* SetTCPChecksum: recomputes the TCP checksum of TCP/IP packets. */

/*
 * =c
 * SetTCPChecksum([FIXOFF])
 * =s tcp
 * sets TCP packets' checksums
 * =d
 * Input packets should be TCP in IP, with the IP and transport header
 * annotations set. Calculates the TCP header's checksum over the segment
 * (IP length minus IP header length) and sets the checksum header field,
 * using the IP header fields for the pseudo-header.
 *
 * Packets whose lengths are inconsistent (no transport header, a segment
 * shorter than a TCP header or longer than the packet) are dropped with
 * the message "SetTCPChecksum: bad lengths".
 * =item FIXOFF
 * Boolean. If true, first repair the TCP header length field: raise it to
 * 20 bytes if smaller, and, for unfragmented packets, lower it to the
 * segment length if larger. Default false.
 * =e
 *   ... -> StoreIPAddress(10.0.0.1, 12) -> SetIPChecksum -> SetTCPChecksum -> ...
 * =a CheckTCPHeader, SetIPChecksum, CheckIPHeader, SetUDPChecksum
 */
#include "ip_priv.h"

struct settcpchecksum {
	struct nfc_element e;
	bool fixoff;
};

static const struct nfc_arg_spec settcpchecksum_args[] = {
	{ .keyword = "FIXOFF", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct settcpchecksum, fixoff), .doc = "repair the header length" },
	NFC_ARGS_END
};

static int settcpchecksum_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	((struct settcpchecksum *)e)->fixoff = false;
	return nfc_args_parse(e, conf, settcpchecksum_args, errh, NULL);
}

/* The segment length, or 0 when the packet's lengths don't hold a TCP segment. */
static uint32_t settcpchecksum_seglen(const struct nfc_packet *p)
{
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip || !nfc_packet_has_transport_header(p))
		return 0;
	int64_t toff = nfc_packet_transport_header_offset(p);
	uint32_t hlen = nfc_ip_hl(ip) << 2, ip_len = ntohs(ip->len);
	if (toff < 0 || ip_len < hlen + sizeof(struct nfc_tcp))
		return 0;
	uint32_t plen = ip_len - hlen;
	if ((uint64_t)toff + plen > p->length)
		return 0;
	return plen;
}

static struct nfc_packet *settcpchecksum_simple_action(struct nfc_element *e,
						       struct nfc_packet *p)
{
	uint32_t plen = settcpchecksum_seglen(p);
	if (!plen) {
		ipx_chatter(e, "SetTCPChecksum: bad lengths");
		nfc_element_drop(e, p);
		return NULL;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	const struct nfc_ip *ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	struct nfc_tcp *tcp = (struct nfc_tcp *)nfc_packet_transport_header(p);
	if (((struct settcpchecksum *)e)->fixoff) {
		uint32_t off = nfc_tcp_off(tcp) << 2;
		if (off < sizeof(struct nfc_tcp))
			tcp->off_x2 = (uint8_t)((tcp->off_x2 & 0x0F) | ((sizeof(struct nfc_tcp) >> 2) << 4));
		else if (off > plen && !nfc_ip_is_fragment(ip))
			tcp->off_x2 = (uint8_t)((tcp->off_x2 & 0x0F) | (((plen >> 2) & 0x0F) << 4));
	}
	tcp->sum = 0;
	tcp->sum = ipx_transport_cksum(ip, tcp, plen);
	return p;
}

static const struct nfc_element_class settcpchecksum_class = {
	.name = "SetTCPChecksum",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct settcpchecksum),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = settcpchecksum_configure,
	.simple_action = settcpchecksum_simple_action,
};
NFC_REGISTER_ELEMENT(settcpchecksum_class);
