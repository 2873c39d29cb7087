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
static bool d_put(struct isd_rdesc *d, int32_t n)
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

static struct nfc_ip *d_iph(struct isd_rdesc *d)
{
	return (struct nfc_ip *)nfc_packet_network_header(d->p);
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
		if (!d_put(d, 20 - netlen))
			return false;
		p = d->p;
		nfc_packet_set_network_header(p, p->data + nh_off, 20);
		struct nfc_ip *iph = d_iph(d);
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

static bool make_ip(struct isd_rdesc *d, int ip_p)
{
	if ((!d->is_ip || !nfc_packet_has_network_header(d->p) || isd_network_length(d->p) < 20) &&
	    !hard_make_ip(d))
		return false;
	int have = d_iph(d)->p;
	return !ip_p || !have || have == ip_p;
}

/* Make room for the transport header the protocol calls for (Click's make_transp). */
static bool make_transp(struct isd_rdesc *d)
{
	struct nfc_ip *iph = d_iph(d);
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
		if (!d_put(d, xlen - tlen))
			return false;
		unsigned char *th = nfc_packet_transport_header(d->p);
		if (d_iph(d)->p == NFC_IP_PROTO_TCP && len >= 13)
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
	return tlen >= n || d_put(d, n - tlen);
}

/* ---- parsing one word ---- */

static bool parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	uint32_t x;
	if (nfc_parse_uint32(s, &x) < 0 || x > max)
		return false;
	*v = x;
	return true;
}

static bool parse_tcp_flags(const char *s, uint32_t *v)
{
	if (strcmp(s, ".") == 0) {
		*v = 0;
		return true;
	}
	if (isdigit((unsigned char)*s))
		return parse_u32(s, 0xFFF, v);
	/* letters; W/X/Y are the CWR/ECE spellings of old dumps */
	static const char letters[] = "FSRPAUECN";
	uint32_t x = 0;
	for (; *s; s++) {
		const char *c = strchr(letters, *s);
		if (*s == 'W' || *s == 'Y')
			c = letters + 7;
		else if (*s == 'X')
			c = letters + 6;
		if (!c || !*c)
			return false;
		x |= 1u << (c - letters);
	}
	*v = x;
	return true;
}

/* "0", "0+", "1480!" or one of . ! F f: the IP fragment field. */
static bool parse_frag(struct isd_rdesc *d, const char *s)
{
	if (s[0] && !s[1]) {
		switch (s[0]) {
		case '.':
			d->v = 0;
			return true;
		case '!':
			d->v = NFC_IP_DF;
			return true;
		case 'F':
			d->v = NFC_IP_MF;
			return true;
		case 'f':
			d->v = 100; /* any nonzero offset */
			return true;
		}
	}
	char *end;
	unsigned long off = strtoul(s, &end, 10);
	if (end == s || off > 0xFFFF)
		return false;
	uint32_t v = (uint32_t)off;
	if (d->minor_version > 0)
		v >>= 3;
	v &= NFC_IP_OFFMASK;
	for (; *end; end++)
		if (*end == '!')
			v |= NFC_IP_DF;
		else if (*end == '+')
			v |= NFC_IP_MF;
		else
			return false;
	d->v = v;
	return true;
}

static bool parse_ecn(const char *s, uint32_t *v)
{
	static const struct { const char *name; uint32_t v; } names[] = {
		{ "no", 0 }, { "-", 0 }, { "ect1", 1 }, { "ECT(1)", 1 }, { "ect2", 2 },
		{ "ECT(0)", 2 }, { "ce", 3 }, { "CE", 3 },
	};
	if (s[0] >= '0' && s[0] <= '3' && !s[1]) {
		*v = (uint32_t)(s[0] - '0');
		return true;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0) {
			*v = names[i].v;
			return true;
		}
	return false;
}

static bool parse_word(struct isd_rdesc *d, const struct isd_field *f, const char *s, size_t n)
{
	switch (f->id) {
	case ISD_TIMESTAMP:
	case ISD_NTIMESTAMP:
	case ISD_FIRST_TIMESTAMP:
	case ISD_FIRST_NTIMESTAMP:
		return isd_parse_time(s, &d->ns);
	case ISD_TS_SEC:
	case ISD_TS_USEC:
	case ISD_COUNT:
	case ISD_AGGREGATE:
	case ISD_WIRE_LEN:
	case ISD_TCP_SEQ:
	case ISD_TCP_ACK:
	case ISD_UDP_LEN:
	case ISD_IP_LEN:
	case ISD_IP_CAPTURE_LEN:
	case ISD_PAYLOAD_LEN:
		return parse_u32(s, 0xFFFFFFFFu, &d->v);
	case ISD_TS_USEC1:
		return nfc_parse_uint64(s, &d->u64) == 0;
	case ISD_LINK:
	case ISD_PAINT:
	case ISD_DIRECTION:
		if (strcmp(s, ">") == 0)
			d->v = 0;
		else if (strcmp(s, "<") == 0)
			d->v = 1;
		else
			return parse_u32(s, 255, &d->v);
		return true;
	case ISD_ETH_SRC:
	case ISD_ETH_DST:
		return nfc_parse_ether(s, d->mac) == 0;
	case ISD_ETH_TYPE: {
		char *end;
		unsigned long v = strtoul(s, &end, 16);
		if (end == s || *end || v > 0xFFFF)
			return false;
		d->v = (uint32_t)v;
		return true;
	}
	case ISD_IP_SRC:
	case ISD_IP_DST:
		return nfc_parse_ip(s, &d->v) == 0;
	case ISD_IP_TOS:
	case ISD_IP_DSCP:
	case ISD_IP_TTL:
	case ISD_IP_HL:
	case ISD_TCP_OFF:
		return parse_u32(s, 255, &d->v);
	case ISD_IP_ID:
	case ISD_IP_SUM:
	case ISD_SPORT:
	case ISD_DPORT:
	case ISD_TCP_WINDOW:
	case ISD_TCP_URP:
	case ISD_ICMP_FLOWID:
	case ISD_ICMP_SEQ:
	case ISD_ICMP_NEXTMTU:
		return parse_u32(s, 0xFFFF, &d->v);
	case ISD_IP_ECN:
		return parse_ecn(s, &d->v);
	case ISD_IP_FRAG:
	case ISD_IP_FRAGOFF:
		return parse_frag(d, s);
	case ISD_IP_PROTO:
		return isd_parse_ip_proto(s, &d->v);
	case ISD_IP_OPT:
		d->have_bytes = true;
		return isd_parse_ip_opt(s, n, &d->bytes);
	case ISD_TCP_FLAGS:
		return parse_tcp_flags(s, &d->v);
	case ISD_TCP_OPT:
	case ISD_TCP_NTOPT:
	case ISD_TCP_SACK:
		d->have_bytes = true;
		return isd_parse_tcp_opt(s, n,
					 f->id == ISD_TCP_OPT	 ? 0xFFFFFFFFu
					 : f->id == ISD_TCP_SACK ? ISD_OPT_SACK
								 : ISD_TCPOPT_NTALL,
					 &d->bytes);
	case ISD_ICMP_TYPE:
	case ISD_ICMP_TYPE_NAME:
		return isd_parse_icmp_type(s, &d->v);
	case ISD_ICMP_CODE:
	case ISD_ICMP_CODE_NAME:
		if (d->have_icmp_type && d->p && nfc_packet_has_transport_header(d->p))
			return isd_parse_icmp_code(nfc_packet_transport_header(d->p)[0], s, &d->v);
		return parse_u32(s, 255, &d->v);
	case ISD_PAYLOAD: {
		char *str;
		size_t len;
		if (nfc_parse_string(s, &str, &len) < 0)
			return false;
		nfc_strbuf_clear(&d->bytes);
		nfc_strbuf_append(&d->bytes, str, len);
		free(str);
		d->have_bytes = true;
		return true;
	}
	default:
		return false;
	}
}

bool isd_parse_field(struct isd_rdesc *d, const struct isd_field *f, const char *s, size_t n)
{
	d->v = 0;
	d->ns = 0;
	d->u64 = 0;
	d->have_bytes = false;
	char small[128];
	char *word = n < sizeof small ? small : malloc(n + 1);
	if (!word)
		return false;
	memcpy(word, s, n);
	word[n] = '\0';
	bool ok = parse_word(d, f, word, n);
	if (word != small)
		free(word);
	return ok;
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
	if (netlen < hl && !d_put(d, hl - netlen))
		return;
	struct nfc_ip *iph = d_iph(d);
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
	struct nfc_ip *iph = d_iph(d);
	int32_t cur = (int32_t)nfc_ip_hl(iph) * 4;
	if ((int32_t)v > cur) {
		int32_t more = (int32_t)v - cur;
		int32_t nh_off = nfc_packet_network_header_offset(d->p);
		int32_t netlen = isd_network_length(d->p);
		/* grow the header in place: anything behind it moves back */
		if (!d_put(d, more))
			return;
		unsigned char *nh = d->p->data + nh_off;
		memmove(nh + v, nh + cur, (size_t)(netlen - cur));
		memset(nh + cur, 0 /* EOL */, (size_t)more);
		nfc_packet_set_network_header(d->p, nh, v);
		iph = d_iph(d);
	}
	iph->vhl = (uint8_t)(0x40 | (v >> 2));
}

static void inject_ip(struct isd_rdesc *d, const struct isd_field *f)
{
	if (!make_ip(d, 0))
		return;
	struct nfc_ip *iph = d_iph(d);
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
	if (!make_ip(d, 0) || !make_transp(d))
		return;
	int ip_p = d_iph(d)->p;
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
	if (!make_ip(d, NFC_IP_PROTO_TCP) || !make_transp(d))
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
	if (!make_ip(d, 0) || !make_transp(d))
		return;
	int ip_p = d_iph(d)->p;
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
	if (!make_ip(d, NFC_IP_PROTO_ICMP) || !make_transp(d) || !transp_room(d, 8))
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

/* Payload offset from data and length, as the writer computes them. */
static void payload_info(struct isd_rdesc *d, int32_t *off, uint32_t *len)
{
	struct nfc_packet *p = d->p;
	if (d->is_ip && nfc_packet_has_network_header(p)) {
		const struct nfc_ip *iph = d_iph(d);
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
	    (d_iph(d)->len == 0 && d->want_len == 0)) {
		d->want_len = (uint32_t)*off + plen;
		return;
	}
	struct nfc_ip *iph = d_iph(d);
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
		if (!d_put(d, grow))
			return;
		unsigned char *tx = d->p->data + toff + 20;
		memmove(tx + grow, tx, (size_t)(d->p->data + d->p->length - (tx + grow)));
		memset(tx, 0, (size_t)grow);
		d->p->data[toff + 12] = (uint8_t)(((20 + grow) >> 2) << 4);
		*off += grow;
		delta -= grow;
	}
	iph = d_iph(d);
	if (delta > 0 && !d->have_ip_hl && nfc_ip_hl(iph) == 5) {
		int32_t grow = (int32_t)(delta - (delta & 3));
		if (grow + 20 > 60)
			grow = 40;
		int32_t nh_off = nfc_packet_network_header_offset(d->p);
		if (!d_put(d, grow))
			return;
		unsigned char *nx = d->p->data + nh_off + 20;
		memmove(nx + grow, nx, (size_t)(d->p->data + d->p->length - (nx + grow)));
		memset(nx, 0, (size_t)grow);
		iph = d_iph(d);
		iph->vhl = (uint8_t)(0x40 | ((20 + grow) >> 2));
		nfc_packet_set_network_header(d->p, d->p->data + nh_off, (uint32_t)(20 + grow));
		*off += grow;
	}
}

static void inject_payload(struct isd_rdesc *d, const struct isd_field *f)
{
	if (make_ip(d, 0))
		make_transp(d); /* a missing transport header is no reason to stop */
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
	    !d_put(d, (int32_t)(plen - ((int64_t)d->p->length - off))))
		return;
	memcpy(d->p->data + off, d->bytes.s, plen);
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
		inject_payload(d, f);
		break;
	default:
		inject_anno(d, f);
		break;
	}
}

/* ---- finishing ---- */

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
		(void)make_ip(d, 0); /* a default flow gives every packet addresses */
	if (d->p && d->is_ip && nfc_packet_has_network_header(d->p) &&
	    isd_network_length(d->p) >= 20)
		(void)make_transp(d);

	if (d->p && d->is_ip && nfc_packet_has_network_header(d->p) &&
	    isd_network_length(d->p) >= 20) {
		struct nfc_ip *iph = d_iph(d);
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
			if ((int32_t)ip_len > netlen && !d_put(d, (int32_t)ip_len - netlen))
				return;
			set_checksums(d->p);
		}
	}
	if (d->p && d->want_len > d->p->length)
		nfc_anno_set_u32(d->p, NFC_ANNO_EXTRA_LENGTH, d->want_len - d->p->length);
}
