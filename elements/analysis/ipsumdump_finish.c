/* SPDX-License-Identifier: MIT */
/* IP summary dump reader: payloads, and completing a packet (lengths, checksums). */
#include <string.h>
#include "ipsumdump.h"

/* Payload offset from data and length, as the writer computes them. */
static void payload_info(struct isd_rdesc *d, int32_t *off, uint32_t *len)
{
	struct nfc_packet *p = d->p;
	if (d->is_ip && nfc_packet_has_network_header(p)) {
		const struct nfc_ip *iph = isd_rd_iph(d);
		*len = ntohs(iph->len);
		*off = nfc_packet_transport_header_offset(p);
		if (isd_ip_firstfrag(iph)) {
			const unsigned char *th = nfc_packet_transport_header(p);
			if (iph->p == NFC_IP_PROTO_TCP) {
				if (isd_transport_length(p) >= 13 && (th[12] >> 4) >= 5)
					*off += (th[12] >> 4) * 4;
				else
					*off += 20;
			} else if (iph->p == NFC_IP_PROTO_UDP || iph->p == 136)
				*off += 8;
		}
		*len -= (uint32_t)(*off - nfc_packet_network_header_offset(p));
	} else {
		*off = 0;
		*len = p->length;
	}
}

/*
 * The payload must end where the IP length says. When the line gives a
 * longer IP length than headers + payload, Click grows the TCP and then the
 * IP header with EOL options (unless their lengths were given) so the
 * payload still ends the packet.
 */
static void account_payload_len(struct isd_rdesc *d, int32_t *off, uint32_t plen)
{
	if (!d->is_ip || !nfc_packet_has_network_header(d->p) ||
	    (isd_rd_iph(d)->len == 0 && d->want_len == 0)) {
		d->want_len = (uint32_t)*off + plen;
		return;
	}
	struct nfc_ip *iph = isd_rd_iph(d);
	int64_t ip_len = (iph->len ? ntohs(iph->len) : d->want_len) +
			 (int64_t)nfc_packet_network_header_offset(d->p);
	int64_t delta = ip_len - ((int64_t)*off + plen);
	unsigned char *th = nfc_packet_transport_header(d->p);
	if (delta > 0 && isd_ip_firstfrag(iph) && iph->p == NFC_IP_PROTO_TCP && !d->have_tcp_hl &&
	    isd_transport_length(d->p) >= 13 && (th[12] >> 4) == 5) {
		int32_t grow = (int32_t)(delta - (delta & 3));
		if (grow + 20 > 60)
			grow = 40;
		int32_t toff = nfc_packet_transport_header_offset(d->p);
		if (!isd_rd_put(d, grow))
			return;
		unsigned char *tx = d->p->data + toff + 20;
		memmove(tx + grow, tx, (size_t)(d->p->data + d->p->length - (tx + grow)));
		memset(tx, 0, (size_t)grow);
		d->p->data[toff + 12] = (uint8_t)(((20 + grow) >> 2) << 4);
		*off += grow;
		delta -= grow;
	}
	iph = isd_rd_iph(d);
	if (delta > 0 && !d->have_ip_hl && nfc_ip_hl(iph) == 5) {
		int32_t grow = (int32_t)(delta - (delta & 3));
		if (grow + 20 > 60)
			grow = 40;
		int32_t nh_off = nfc_packet_network_header_offset(d->p);
		if (!isd_rd_put(d, grow))
			return;
		unsigned char *nx = d->p->data + nh_off + 20;
		memmove(nx + grow, nx, (size_t)(d->p->data + d->p->length - (nx + grow)));
		memset(nx, 0, (size_t)grow);
		iph = isd_rd_iph(d);
		iph->vhl = (uint8_t)(0x40 | ((20 + grow) >> 2));
		nfc_packet_set_network_header(d->p, d->p->data + nh_off, (uint32_t)(20 + grow));
		*off += grow;
	}
}

void isd_inject_payload(struct isd_rdesc *d, const struct isd_field *f)
{
	if (isd_rd_make_ip(d, 0))
		isd_rd_make_transp(d); /* a missing transport header is no reason to stop */
	if (!d->p)
		return;
	int32_t off;
	uint32_t len;
	payload_info(d, &off, &len);
	if (f->id == ISD_PAYLOAD_LEN) {
		account_payload_len(d, &off, d->v);
		return;
	}
	uint32_t plen = (uint32_t)d->bytes.len;
	if (plen == 0)
		return;
	account_payload_len(d, &off, plen);
	if (!d->p || off < 0)
		return;
	if ((int64_t)d->p->length - off < plen &&
	    !isd_rd_put(d, (int32_t)(plen - ((int64_t)d->p->length - off))))
		return;
	memcpy(d->p->data + off, d->bytes.s, plen);
}

static void set_checksums(struct nfc_packet *p)
{
	struct nfc_ip *iph = (struct nfc_ip *)nfc_packet_network_header(p);
	uint32_t hl = nfc_ip_hl(iph) * 4;
	if ((int32_t)hl > isd_network_length(p))
		return;
	iph->sum = 0;
	iph->sum = nfc_in_cksum(iph, hl);
	if (isd_ip_isfrag(iph))
		return;
	int32_t tlen = isd_transport_length(p);
	unsigned char *th = nfc_packet_transport_header(p);
	if (iph->p == NFC_IP_PROTO_TCP && tlen >= 18) {
		((struct nfc_tcp *)th)->sum = 0;
		((struct nfc_tcp *)th)->sum =
			nfc_transport_cksum(iph->src, iph->dst, iph->p, th, (size_t)tlen);
	} else if (iph->p == NFC_IP_PROTO_UDP && tlen >= 8) {
		((struct nfc_udp *)th)->sum = 0;
		((struct nfc_udp *)th)->sum =
			nfc_transport_cksum(iph->src, iph->dst, iph->p, th, (size_t)tlen);
	} else if (iph->p == NFC_IP_PROTO_ICMP && tlen >= 4) {
		((struct nfc_icmp *)th)->sum = 0;
		((struct nfc_icmp *)th)->sum = nfc_in_cksum(th, (size_t)tlen);
	}
}

void isd_finish_packet(struct isd_rdesc *d, bool checksum)
{
	if (d->p && d->flowid)
		(void)isd_rd_make_ip(d, 0); /* a default flow gives every packet addresses */
	if (d->p && d->is_ip && nfc_packet_has_network_header(d->p) &&
	    isd_network_length(d->p) >= 20)
		(void)isd_rd_make_transp(d);

	if (d->p && d->is_ip && nfc_packet_has_network_header(d->p) &&
	    isd_network_length(d->p) >= 20) {
		struct nfc_ip *iph = isd_rd_iph(d);
		uint32_t ip_len;
		if (!iph->len) {
			int32_t nh_off = nfc_packet_network_header_offset(d->p);
			ip_len = d->want_len;
			if (ip_len >= (uint32_t)nh_off)
				ip_len -= (uint32_t)nh_off;
			if (ip_len > 0xFFFF)
				ip_len = 0xFFFF;
			else if (ip_len == 0)
				ip_len = (uint32_t)isd_network_length(d->p);
			iph->len = htons((uint16_t)ip_len);
		} else
			ip_len = ntohs(iph->len);

		int32_t hl = (int32_t)(nfc_packet_transport_header(d->p) -
				       nfc_packet_network_header(d->p));
		if (iph->p == NFC_IP_PROTO_UDP && isd_ip_firstfrag(iph) &&
		    isd_transport_length(d->p) >= 6) {
			struct nfc_udp *uh = (struct nfc_udp *)nfc_packet_transport_header(d->p);
			if (!uh->len)
				uh->len = htons((uint16_t)(ip_len - (uint32_t)hl));
		}
		nfc_packet_set_dst_ip(d->p, iph->dst);

		if (checksum) {
			int32_t netlen = isd_network_length(d->p);
			if ((int32_t)ip_len > netlen && !isd_rd_put(d, (int32_t)ip_len - netlen))
				return;
			set_checksums(d->p);
		}
	}
	if (d->p && d->want_len > d->p->length)
		nfc_anno_set_u32(d->p, NFC_ANNO_EXTRA_LENGTH, d->want_len - d->p->length);
}
