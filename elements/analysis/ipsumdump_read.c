/* SPDX-License-Identifier: MIT */
/* IP summary dump reader: builds a packet from one line's fields (FromIPSummaryDump). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "ipsumdump.h"

#define ISD_HEADROOM (NFC_PACKET_HEADROOM + 16)

struct nfc_packet *isd_new_packet(bool zero)
{
	struct nfc_packet *p = nfc_packet_alloc(ISD_HEADROOM, 0, 256);
	if (p && zero)
		memset(p->head, 0, nfc_packet_buffer_length(p));
	return p;
}

/* ---- packet growth ---- */

/* Add @n bytes at the end (zeroed when ZERO); d->p may move or become NULL. */
bool isd_rd_put(struct isd_rdesc *d, int32_t n)
{
	if (n <= 0)
		return d->p != NULL;
	uint32_t old = d->p->length;
	d->p = nfc_packet_put(d->p, (uint32_t)n);
	if (!d->p)
		return false;
	if (d->zero)
		memset(d->p->data + old, 0, (size_t)n);
	return true;
}


/* Give the packet a 20-byte IP header if it has none (Click's make_ip). */
static bool hard_make_ip(struct isd_rdesc *d)
{
	if (!d->is_ip)
		return false;
	struct nfc_packet *p = d->p;
	if (!nfc_packet_has_network_header(p))
		nfc_packet_set_network_header(p, p->data, 0);
	int32_t netlen = isd_network_length(p);
	if (netlen < 20) {
		int32_t nh_off = nfc_packet_network_header_offset(p);
		if (!isd_rd_put(d, 20 - netlen))
			return false;
		p = d->p;
		nfc_packet_set_network_header(p, p->data + nh_off, 20);
		struct nfc_ip *iph = isd_rd_iph(d);
		iph->vhl = 0x45;
		iph->p = (uint8_t)d->default_ip_p;
		iph->len = 0;
		iph->off = 0;
		iph->ttl = 100;
		if (d->flowid) {
			iph->src = d->flowid->saddr;
			iph->dst = d->flowid->daddr;
		}
	}
	return true;
}

bool isd_rd_make_ip(struct isd_rdesc *d, int ip_p)
{
	if ((!d->is_ip || !nfc_packet_has_network_header(d->p) || isd_network_length(d->p) < 20) &&
	    !hard_make_ip(d))
		return false;
	int have = isd_rd_iph(d)->p;
	return !ip_p || !have || have == ip_p;
}

/* Make room for the transport header the protocol calls for (Click's make_transp). */
bool isd_rd_make_transp(struct isd_rdesc *d)
{
	struct nfc_ip *iph = isd_rd_iph(d);
	if (!isd_ip_firstfrag(iph))
		return false;
	if (isd_transport_length(d->p) >= 8)
		return true;
	int32_t len;
	switch (iph->p) {
	case NFC_IP_PROTO_TCP:
		len = 20;
		break;
	case NFC_IP_PROTO_UDP:
	case 136: /* UDP-Lite */
		len = 8;
		break;
	case 33: /* DCCP */
		len = 12;
		break;
	case NFC_IP_PROTO_ICMP:
		len = 8;
		break;
	default:
		return true;
	}
	int32_t toff = nfc_packet_transport_header_offset(d->p);
	if (d->want_len > 0 && (int64_t)d->want_len < (int64_t)toff + len)
		len = (int32_t)d->want_len - toff;
	int32_t tlen = isd_transport_length(d->p);
	if (tlen < len) {
		int32_t xlen = len < 4 ? 4 : len;
		if (!isd_rd_put(d, xlen - tlen))
			return false;
		unsigned char *th = nfc_packet_transport_header(d->p);
		if (isd_rd_iph(d)->p == NFC_IP_PROTO_TCP && len >= 13)
			th[12] = 5 << 4;
		if (d->flowid) {
			struct nfc_udp *uh = (struct nfc_udp *)th;
			uh->sport = htons(d->flowid->sport);
			uh->dport = htons(d->flowid->dport);
		}
		if (xlen > len)
			nfc_packet_take(d->p, (uint32_t)(xlen - len));
	}
	return true;
}

/* Make sure the transport header has at least @n bytes. */
static bool transp_room(struct isd_rdesc *d, int32_t n)
{
	int32_t tlen = isd_transport_length(d->p);
	return tlen >= n || isd_rd_put(d, n - tlen);
}

/* ---- injecting one value ---- */

static void inject_anno(struct isd_rdesc *d, const struct isd_field *f)
{
	struct nfc_packet *p = d->p;
	int64_t sec, usec;
	switch (f->id) {
	case ISD_TIMESTAMP:
	case ISD_NTIMESTAMP:
		p->timestamp_ns = d->ns;
		break;
	case ISD_TS_SEC:
		usec = p->timestamp_ns % NFC_NSEC_PER_SEC;
		p->timestamp_ns = (int64_t)d->v * NFC_NSEC_PER_SEC + usec;
		break;
	case ISD_TS_USEC:
		sec = p->timestamp_ns / NFC_NSEC_PER_SEC;
		p->timestamp_ns = sec * NFC_NSEC_PER_SEC + (int64_t)(d->v % 1000000u) * 1000;
		break;
	case ISD_TS_USEC1:
		p->timestamp_ns = (int64_t)(d->u64 / 1000000u) * NFC_NSEC_PER_SEC +
				  (int64_t)(d->u64 % 1000000u) * 1000;
		break;
	case ISD_FIRST_TIMESTAMP:
	case ISD_FIRST_NTIMESTAMP:
		memcpy(p->anno + NFC_ANNO_FIRST_TIMESTAMP, &d->ns, 8);
		break;
	case ISD_COUNT:
		nfc_anno_set_u32(p, NFC_ANNO_EXTRA_PACKETS, d->v ? d->v - 1 : 0);
		break;
	case ISD_LINK:
	case ISD_PAINT:
	case ISD_DIRECTION:
		nfc_packet_set_paint(p, (uint8_t)d->v);
		break;
	case ISD_AGGREGATE:
		nfc_anno_set_u32(p, NFC_ANNO_AGGREGATE, d->v);
		break;
	case ISD_WIRE_LEN:
		d->want_len = d->v;
		break;
	default:
		break;
	}
}

static void inject_link(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!nfc_packet_has_mac_header(d->p)) {
		/* the Ethernet header goes in front; the network header follows it */
		bool had_net = nfc_packet_has_network_header(d->p);
		if (!(d->p = nfc_packet_push(d->p, 14)))
			return;
		if (d->zero)
			memset(d->p->data, 0, 14);
		nfc_packet_set_mac_header(d->p, d->p->data);
		if (!had_net)
			nfc_packet_set_network_header(d->p, d->p->data + 14, 0);
		struct nfc_ether *eh = (struct nfc_ether *)d->p->data;
		eh->type = htons(NFC_ETHERTYPE_IP);
	}
	struct nfc_ether *eh = (struct nfc_ether *)nfc_packet_mac_header(d->p);
	switch (f->id) {
	case ISD_ETH_SRC:
		memcpy(eh->src, d->mac, 6);
		break;
	case ISD_ETH_DST:
		memcpy(eh->dst, d->mac, 6);
		break;
	default:
		eh->type = htons((uint16_t)d->v);
		if (d->v != NFC_ETHERTYPE_IP && d->v != NFC_ETHERTYPE_IP6)
			d->is_ip = false;
		break;
	}
}

static void inject_ip_opt(struct isd_rdesc *d)
{
	d->have_ip_hl = true;
	int32_t olen = (int32_t)d->bytes.len;
	if (olen == 0)
		return;
	int32_t hl = (20 + olen + 3) & ~3;
	int32_t netlen = isd_network_length(d->p);
	int32_t nh_off = nfc_packet_network_header_offset(d->p);
	if (netlen < hl && !isd_rd_put(d, hl - netlen))
		return;
	struct nfc_ip *iph = isd_rd_iph(d);
	if (hl > (int32_t)nfc_ip_hl(iph) * 4) {
		nfc_packet_set_network_header(d->p, d->p->data + nh_off, (uint32_t)hl);
		iph->vhl = (uint8_t)(0x40 | (hl >> 2));
	}
	memcpy((unsigned char *)iph + 20, d->bytes.s, (size_t)olen);
	memset((unsigned char *)iph + 20 + olen, 0 /* EOL */, (size_t)(hl - 20 - olen));
}

static void inject_ip_hl(struct isd_rdesc *d)
{
	d->have_ip_hl = true;
	uint32_t v = (d->v + 3) & ~3u;
	if (v > 60)
		v = 60;
	if (v < 20)
		return;
	struct nfc_ip *iph = isd_rd_iph(d);
	int32_t cur = (int32_t)nfc_ip_hl(iph) * 4;
	if ((int32_t)v > cur) {
		int32_t more = (int32_t)v - cur;
		int32_t nh_off = nfc_packet_network_header_offset(d->p);
		int32_t netlen = isd_network_length(d->p);
		/* grow the header in place: anything behind it moves back */
		if (!isd_rd_put(d, more))
			return;
		unsigned char *nh = d->p->data + nh_off;
		memmove(nh + v, nh + cur, (size_t)(netlen - cur));
		memset(nh + cur, 0 /* EOL */, (size_t)more);
		nfc_packet_set_network_header(d->p, nh, v);
		iph = isd_rd_iph(d);
	}
	iph->vhl = (uint8_t)(0x40 | (v >> 2));
}

static void inject_ip(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!isd_rd_make_ip(d, 0))
		return;
	struct nfc_ip *iph = isd_rd_iph(d);
	switch (f->id) {
	case ISD_IP_SRC:
		iph->src = d->v;
		break;
	case ISD_IP_DST:
		iph->dst = d->v;
		break;
	case ISD_IP_TOS:
		iph->tos = (uint8_t)d->v;
		break;
	case ISD_IP_DSCP:
		iph->tos = (uint8_t)((iph->tos & 3) | ((d->v << 2) & 0xFC));
		break;
	case ISD_IP_ECN:
		iph->tos = (uint8_t)((iph->tos & 0xFC) | (d->v & 3));
		break;
	case ISD_IP_TTL:
		iph->ttl = (uint8_t)d->v;
		break;
	case ISD_IP_FRAG:
	case ISD_IP_FRAGOFF:
		iph->off = htons((uint16_t)d->v);
		break;
	case ISD_IP_ID:
		iph->id = htons((uint16_t)d->v);
		break;
	case ISD_IP_SUM:
		iph->sum = htons((uint16_t)d->v);
		break;
	case ISD_IP_PROTO:
		iph->p = (uint8_t)d->v;
		break;
	case ISD_IP_OPT:
		inject_ip_opt(d);
		break;
	case ISD_IP_HL:
		inject_ip_hl(d);
		break;
	case ISD_IP_LEN:
		d->want_len = (uint32_t)nfc_packet_network_header_offset(d->p) + d->v;
		break;
	default: /* ip_capture_len: ignored on input */
		break;
	}
}

static bool has_udp_ports(int p)
{
	return p == NFC_IP_PROTO_TCP || p == NFC_IP_PROTO_UDP || p == 33 || p == 136;
}

static void inject_ports(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!isd_rd_make_ip(d, 0) || !isd_rd_make_transp(d))
		return;
	int ip_p = isd_rd_iph(d)->p;
	if (ip_p && !has_udp_ports(ip_p))
		return;
	/* a short IP length leaves no room: the port is then lost, as in Click */
	struct nfc_udp *uh = (struct nfc_udp *)nfc_packet_transport_header(d->p);
	int32_t tlen = isd_transport_length(d->p);
	if (f->id == ISD_SPORT && tlen >= 2)
		uh->sport = htons((uint16_t)d->v);
	else if (f->id == ISD_DPORT && tlen >= 4)
		uh->dport = htons((uint16_t)d->v);
}

static void inject_tcp_opt(struct isd_rdesc *d)
{
	d->have_tcp_hl = true;
	int32_t olen = (int32_t)d->bytes.len;
	if (olen == 0)
		return;
	int32_t off = (20 + olen + 3) & ~3;
	if (!transp_room(d, off))
		return;
	unsigned char *th = nfc_packet_transport_header(d->p);
	if (off > (th[12] >> 4) * 4)
		th[12] = (uint8_t)((off >> 2) << 4 | (th[12] & 0x0F));
	memcpy(th + 20, d->bytes.s, (size_t)olen);
	memset(th + 20 + olen, 0 /* EOL */, (size_t)(off - 20 - olen));
}

static void inject_tcp(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!isd_rd_make_ip(d, NFC_IP_PROTO_TCP) || !isd_rd_make_transp(d))
		return;
	struct nfc_tcp *th = (struct nfc_tcp *)nfc_packet_transport_header(d->p);
	/* fields past a short IP length have nowhere to go (Click loses them too) */
	static const int32_t need[] = {
		[ISD_TCP_SEQ] = 8, [ISD_TCP_ACK] = 12, [ISD_TCP_FLAGS] = 14, [ISD_TCP_OFF] = 13,
		[ISD_TCP_WINDOW] = 16, [ISD_TCP_URP] = 20,
	};
	if ((size_t)f->id < sizeof need / sizeof need[0] && isd_transport_length(d->p) < need[f->id])
		return;
	switch (f->id) {
	case ISD_TCP_SEQ:
		th->seq = htonl(d->v);
		break;
	case ISD_TCP_ACK:
		th->ack = htonl(d->v);
		break;
	case ISD_TCP_FLAGS:
		th->flags = (uint8_t)d->v;
		th->off_x2 = (uint8_t)((th->off_x2 & 0xF0) | ((d->v >> 8) & 0x0F));
		break;
	case ISD_TCP_OFF: {
		uint32_t v = (d->v + 3) & ~3u;
		if (v > 60)
			v = 60;
		if (v < 20)
			break;
		if (!transp_room(d, (int32_t)v))
			return;
		th = (struct nfc_tcp *)nfc_packet_transport_header(d->p);
		th->off_x2 = (uint8_t)((v >> 2) << 4 | (th->off_x2 & 0x0F));
		break;
	}
	case ISD_TCP_WINDOW:
		th->win = htons((uint16_t)d->v);
		break;
	case ISD_TCP_URP:
		th->urp = htons((uint16_t)d->v);
		break;
	default:
		inject_tcp_opt(d);
		break;
	}
}

static void inject_udp(struct isd_rdesc *d)
{
	if (!isd_rd_make_ip(d, 0) || !isd_rd_make_transp(d))
		return;
	int ip_p = isd_rd_iph(d)->p;
	if ((ip_p && ip_p != NFC_IP_PROTO_UDP && ip_p != 136) || !transp_room(d, 8))
		return;
	((struct nfc_udp *)nfc_packet_transport_header(d->p))->len = htons((uint16_t)d->v);
}

static bool icmp_has_flow(unsigned type)
{
	return type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16;
}

/* ICMP header length by type (timestamp and mask messages are longer). */
static int32_t icmp_hl(unsigned type)
{
	if (type == NFC_ICMP_TSTAMP || type == NFC_ICMP_TSTAMPREPLY)
		return 20;
	if (type == 17 || type == 18)
		return 12;
	return 8;
}

static void inject_icmp(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!isd_rd_make_ip(d, NFC_IP_PROTO_ICMP) || !isd_rd_make_transp(d) || !transp_room(d, 8))
		return;
	struct nfc_icmp *ih = (struct nfc_icmp *)nfc_packet_transport_header(d->p);
	switch (f->id) {
	case ISD_ICMP_TYPE:
	case ISD_ICMP_TYPE_NAME:
		ih->type = (uint8_t)d->v;
		d->have_icmp_type = true;
		transp_room(d, icmp_hl(d->v));
		break;
	case ISD_ICMP_CODE:
	case ISD_ICMP_CODE_NAME:
		ih->code = (uint8_t)d->v;
		d->have_icmp_code = true;
		break;
	case ISD_ICMP_FLOWID:
	case ISD_ICMP_SEQ:
		if (!d->have_icmp_type || icmp_has_flow(ih->type)) {
			if (f->id == ISD_ICMP_FLOWID)
				ih->un.echo.id = htons((uint16_t)d->v);
			else
				ih->un.echo.seq = htons((uint16_t)d->v);
		}
		break;
	case ISD_ICMP_NEXTMTU:
		if ((!d->have_icmp_type || ih->type == NFC_ICMP_UNREACH) &&
		    (!d->have_icmp_code || ih->code == 4))
			ih->un.frag.mtu = htons((uint16_t)d->v);
		break;
	default:
		break;
	}
}

void isd_inject_field(struct isd_rdesc *d, const struct isd_field *f)
{
	switch (f->id) {
	case ISD_NONE:
	case ISD_PAYLOAD_MD5:
	case ISD_PAYLOAD_MD5_HEX:
		break;
	case ISD_ETH_SRC ... ISD_ETH_TYPE:
		inject_link(d, f);
		break;
	case ISD_SPORT:
	case ISD_DPORT:
		inject_ports(d, f);
		break;
	case ISD_IP_SRC ... ISD_IP_OPT:
		inject_ip(d, f);
		break;
	case ISD_TCP_SEQ ... ISD_TCP_SACK:
		inject_tcp(d, f);
		break;
	case ISD_UDP_LEN:
		inject_udp(d);
		break;
	case ISD_ICMP_TYPE ... ISD_ICMP_NEXTMTU:
		inject_icmp(d, f);
		break;
	case ISD_PAYLOAD_LEN:
	case ISD_PAYLOAD:
		isd_inject_payload(d, f);
		break;
	default:
		inject_anno(d, f);
		break;
	}
}
