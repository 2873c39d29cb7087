/* SPDX-License-Identifier: MIT */
/* IP summary dump writer: one packet's fields as text (ToIPSummaryDump). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "ipsumdump.h"

#define IP_PROTO_TCP_OR_UDP 0x10000
#define MISSING_IP 0
#define MISSING_ETHERNET 260

/* Record the first "!bad" reason of the packet. */
static void isd_bad(struct isd_wdesc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void isd_bad(struct isd_wdesc *d, const char *fmt, ...)
{
	if (d->bad && d->bad->len == 0) {
		va_list ap;
		va_start(ap, fmt);
		nfc_strbuf_puts(d->bad, "!bad ");
		nfc_strbuf_vprintf(d->bad, fmt, ap);
		nfc_strbuf_putc(d->bad, '\n');
		va_end(ap);
	}
}

static uint32_t d_length(const struct isd_wdesc *d)
{
	return d->p->length - d->tailpad;
}
static int32_t d_network_length(const struct isd_wdesc *d)
{
	return isd_network_length(d->p) - (int32_t)d->tailpad;
}
static int32_t d_transport_length(const struct isd_wdesc *d)
{
	return isd_transport_length(d->p) - (int32_t)d->tailpad;
}

void isd_prepare(struct isd_wdesc *d)
{
	struct nfc_packet *p = d->p;
	d->iph = NULL;
	d->tcph = NULL;
	d->udph = NULL;
	d->icmph = NULL;
	d->tailpad = 0;
	if (!nfc_packet_has_network_header(p))
		return;
	const struct nfc_ip *iph = (const struct nfc_ip *)nfc_packet_network_header(p);
	const void *th = nfc_packet_has_transport_header(p) ? nfc_packet_transport_header(p) : NULL;
	int32_t netlen = isd_network_length(p);
	uint32_t extra = nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);

	if (netlen < (int32_t)offsetof(struct nfc_ip, id))
		isd_bad(d, "truncated IP header"), iph = NULL;
	else if (nfc_ip_v(iph) != 4)
		isd_bad(d, "IP version %u", nfc_ip_v(iph)), iph = NULL;
	else if (nfc_ip_hl(iph) < 5)
		isd_bad(d, "IP header length %u", nfc_ip_hl(iph)), iph = NULL;
	else if (ntohs(iph->len) < nfc_ip_hl(iph) * 4)
		isd_bad(d, "IP length %u", ntohs(iph->len)), iph = NULL;
	else {
		int32_t ip_len = ntohs(iph->len);
		if (netlen > ip_len) {
			/* link padding after the IP packet: count it as extra length */
			nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, extra + (uint32_t)(netlen - ip_len));
			d->tailpad = (uint32_t)(netlen - ip_len);
		} else if (d->careful_trunc && (int64_t)netlen + extra < ip_len)
			isd_bad(d, "truncated IP missing %u", (unsigned)(ip_len - netlen - (int32_t)extra));
	}
	d->iph = iph;
	if (iph && th) {
		int32_t hl = (int32_t)nfc_ip_hl(iph) * 4;
		bool first = isd_ip_firstfrag(iph);
		if (d_network_length(d) > hl && first) {
			if (iph->p == NFC_IP_PROTO_TCP) {
				d->tcph = th;
				if (d_transport_length(d) > 12 && nfc_tcp_off(d->tcph) < 5) {
					isd_bad(d, "TCP header length %u", nfc_tcp_off(d->tcph));
					d->tcph = NULL;
				}
			} else if (iph->p == NFC_IP_PROTO_UDP)
				d->udph = th;
			else if (iph->p == NFC_IP_PROTO_ICMP)
				d->icmph = th;
		}
	}
	/* lengths below come from ip_len, so the extra length is spent */
	extra = nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
	if (iph && extra > 0) {
		uint32_t full = (uint32_t)d_network_length(d) + extra;
		nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH,
				 iph->len != 0xFFFF || full <= 0xFFFF ? 0 : full - 0xFFFF);
	}
}

static const char *missing_proto_name(int proto)
{
	switch (proto) {
	case NFC_IP_PROTO_TCP:
		return "TCP";
	case NFC_IP_PROTO_UDP:
		return "UDP";
	case NFC_IP_PROTO_ICMP:
		return "ICMP";
	case IP_PROTO_TCP_OR_UDP:
		return "TCP/UDP";
	default:
		return "?";
	}
}

/* A field cannot be written: say why on the "!bad" line (when asked). */
static bool field_missing(struct isd_wdesc *d, int proto, int l)
{
	if (!d->bad || d->bad->len)
		return false;
	const struct nfc_ip *iph = d->iph;
	if (proto == MISSING_ETHERNET)
		isd_bad(d, "Ethernet header");
	else if (!iph)
		isd_bad(d, "no IP header");
	else if (proto == MISSING_IP)
		isd_bad(d, "truncated IP header capture");
	else if (d_network_length(d) > (int32_t)offsetof(struct nfc_ip, p) &&
		 ((proto > MISSING_IP && proto < 256 && iph->p != proto) ||
		  (proto == IP_PROTO_TCP_OR_UDP && iph->p != NFC_IP_PROTO_TCP &&
		   iph->p != NFC_IP_PROTO_UDP)))
		return false; /* another protocol: not a bad packet */
	else if (!isd_ip_firstfrag(iph))
		isd_bad(d, "fragmented %s header", missing_proto_name(proto));
	else if (d_transport_length(d) + (int64_t)nfc_anno_u32(d->p, NFC_ANNO_EXTRA_LENGTH) >= l)
		isd_bad(d, "truncated %s header capture", missing_proto_name(proto));
	else
		isd_bad(d, "truncated %s header", missing_proto_name(proto));
	return false;
}

static void put_u(struct nfc_strbuf *sb, uint64_t v)
{
	nfc_strbuf_printf(sb, "%" PRIu64, v);
}

void isd_put_num(const struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb,
		 uint64_t v)
{
	if (d->binary)
		isd_bin_put(sb, v, f->bin);
	else
		put_u(sb, v);
}

/* An address (network order): dotted text, or its 4 bytes as in the header. */
static void put_ip(const struct isd_wdesc *d, struct nfc_strbuf *sb, uint32_t a)
{
	char buf[16];
	if (d->binary)
		nfc_strbuf_append(sb, (const char *)&a, 4);
	else
		nfc_strbuf_puts(sb, nfc_ip_unparse(a, buf));
}

static void put_time(const struct isd_wdesc *d, bool nano, struct nfc_strbuf *sb, int64_t ns)
{
	if (d->binary)
		isd_bin_put_time(sb, ns, nano);
	else
		isd_unparse_timestamp(sb, ns);
}

/* Timestamp seconds/microseconds with Click's floor semantics for negative times. */
static int64_t ts_sec(int64_t ns)
{
	return ns >= 0 ? ns / NFC_NSEC_PER_SEC : -((-ns + NFC_NSEC_PER_SEC - 1) / NFC_NSEC_PER_SEC);
}
static uint32_t ts_usec(int64_t ns)
{
	return (uint32_t)((ns - ts_sec(ns) * NFC_NSEC_PER_SEC) / NFC_NSEC_PER_USEC);
}

static bool write_anno(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	const struct nfc_packet *p = d->p;
	int64_t first;
	switch (f->id) {
	case ISD_TIMESTAMP:
	case ISD_NTIMESTAMP:
		put_time(d, f->id == ISD_NTIMESTAMP, sb, p->timestamp_ns);
		return true;
	case ISD_FIRST_TIMESTAMP:
	case ISD_FIRST_NTIMESTAMP:
		memcpy(&first, p->anno + NFC_ANNO_FIRST_TIMESTAMP, 8);
		put_time(d, f->id == ISD_FIRST_NTIMESTAMP, sb, first);
		return true;
	case ISD_TS_SEC:
		isd_put_num(d, f, sb, (uint32_t)ts_sec(p->timestamp_ns));
		return true;
	case ISD_TS_USEC:
		isd_put_num(d, f, sb, ts_usec(p->timestamp_ns));
		return true;
	case ISD_TS_USEC1: {
		uint64_t us = (uint64_t)ts_sec(p->timestamp_ns) * 1000000u +
			      ts_usec(p->timestamp_ns);
		/* Click's binary writer puts the low word first */
		isd_put_num(d, f, sb, d->binary ? us << 32 | us >> 32 : us);
		return true;
	}
	case ISD_COUNT:
		isd_put_num(d, f, sb, 1u + (uint64_t)nfc_anno_u32(p, NFC_ANNO_EXTRA_PACKETS));
		return true;
	case ISD_LINK:
	case ISD_PAINT:
		isd_put_num(d, f, sb, nfc_packet_paint(p));
		return true;
	case ISD_DIRECTION:
		if (d->binary)
			isd_put_num(d, f, sb, nfc_packet_paint(p));
		else if (nfc_packet_paint(p) == 0)
			nfc_strbuf_putc(sb, '>');
		else if (nfc_packet_paint(p) == 1)
			nfc_strbuf_putc(sb, '<');
		else
			isd_put_num(d, f, sb, nfc_packet_paint(p));
		return true;
	case ISD_AGGREGATE:
		isd_put_num(d, f, sb, nfc_anno_u32(p, NFC_ANNO_AGGREGATE));
		return true;
	case ISD_WIRE_LEN:
		isd_put_num(d, f, sb, p->length);
		return true;
	default:
		return false;
	}
}

static bool write_link(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	const struct nfc_packet *p = d->p;
	const unsigned char *mac, *net;
	if (nfc_packet_has_mac_header(p))
		mac = nfc_packet_mac_header(p);
	else if (!nfc_packet_has_network_header(p) || p->data < nfc_packet_network_header(p))
		mac = p->data;
	else
		mac = NULL;
	net = nfc_packet_has_network_header(p) ? nfc_packet_network_header(p) : p->data + p->length;
	if (!mac || mac + 14 != net)
		return field_missing(d, MISSING_ETHERNET, 0);
	char buf[18];
	if (d->binary && f->id != ISD_ETH_TYPE) {
		/* the address bytes, as Click's reader wants (its writer copies pointer bytes) */
		nfc_strbuf_append(sb, (const char *)(f->id == ISD_ETH_SRC ? mac + 6 : mac), 6);
		return true;
	}
	switch (f->id) {
	case ISD_ETH_SRC:
		nfc_strbuf_puts(sb, nfc_ether_unparse(mac + 6, buf));
		break;
	case ISD_ETH_DST:
		nfc_strbuf_puts(sb, nfc_ether_unparse(mac, buf));
		break;
	default:
		if (d->binary)
			isd_put_num(d, f, sb, (unsigned)(mac[12] << 8 | mac[13]));
		else
			nfc_strbuf_printf(sb, "%04X", (unsigned)(mac[12] << 8 | mac[13]));
		break;
	}
	return true;
}

static bool write_ip(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	const struct nfc_ip *iph = d->iph;
	int32_t netlen = iph ? d_network_length(d) : 0;
#define CHECK(l) do { if (!iph || netlen < (l)) return field_missing(d, MISSING_IP, (l)); } while (0)
	switch (f->id) {
	case ISD_IP_SRC:
		CHECK(16);
		put_ip(d, sb, iph->src);
		return true;
	case ISD_IP_DST:
		CHECK(20);
		put_ip(d, sb, iph->dst);
		return true;
	case ISD_IP_TOS:
		CHECK(2);
		isd_put_num(d, f, sb, iph->tos);
		return true;
	case ISD_IP_DSCP:
		CHECK(2);
		isd_put_num(d, f, sb, iph->tos >> 2);
		return true;
	case ISD_IP_ECN: {
		CHECK(2);
		static const char *const ecn[] = { "no", "ect1", "ect2", "ce" };
		if (d->binary)
			isd_put_num(d, f, sb, iph->tos & 3);
		else
			nfc_strbuf_puts(sb, ecn[iph->tos & 3]);
		return true;
	}
	case ISD_IP_TTL:
		CHECK(9);
		isd_put_num(d, f, sb, iph->ttl);
		return true;
	case ISD_IP_FRAG:
		/* binary too: the character, as one byte */
		CHECK(8);
		if (isd_ip_isfrag(iph))
			nfc_strbuf_putc(sb, isd_ip_firstfrag(iph) ? 'F' : 'f');
		else
			nfc_strbuf_putc(sb, ntohs(iph->off) & NFC_IP_DF ? '!' : '.');
		return true;
	case ISD_IP_FRAGOFF: {
		CHECK(8);
		unsigned off = ntohs(iph->off);
		if (d->binary) {
			isd_put_num(d, f, sb, off); /* the raw field: flags and 8-byte units */
			return true;
		}
		isd_put_num(d, f, sb, (off & NFC_IP_OFFMASK) << 3);
		if (off & NFC_IP_MF)
			nfc_strbuf_putc(sb, '+');
		if (off & NFC_IP_DF)
			nfc_strbuf_putc(sb, '!');
		return true;
	}
	case ISD_IP_ID:
		CHECK(6);
		isd_put_num(d, f, sb, ntohs(iph->id));
		return true;
	case ISD_IP_SUM:
		CHECK(12);
		isd_put_num(d, f, sb, ntohs(iph->sum));
		return true;
	case ISD_IP_PROTO:
		CHECK(10);
		if (d->binary)
			isd_put_num(d, f, sb, iph->p);
		else if (iph->p == NFC_IP_PROTO_TCP)
			nfc_strbuf_putc(sb, 'T');
		else if (iph->p == NFC_IP_PROTO_UDP)
			nfc_strbuf_putc(sb, 'U');
		else if (iph->p == NFC_IP_PROTO_ICMP)
			nfc_strbuf_putc(sb, 'I');
		else
			isd_put_num(d, f, sb, iph->p);
		return true;
	case ISD_IP_HL:
		CHECK(1);
		isd_put_num(d, f, sb, nfc_ip_hl(iph) * 4);
		return true;
	case ISD_IP_OPT: {
		int32_t hl = iph ? (int32_t)nfc_ip_hl(iph) * 4 : 20;
		if (!iph || (hl > 20 && netlen < hl))
			return field_missing(d, MISSING_IP, hl);
		if (hl <= 20)
			nfc_strbuf_putc(sb, d->binary ? '\0' : '.');
		else if (d->binary)
			isd_bin_put_opts(sb, (const uint8_t *)(iph + 1), hl - 20, 0xFFFFFFFFu, false);
		else
			isd_unparse_ip_opt(sb, (const uint8_t *)(iph + 1), hl - 20, ISD_IPOPT_ALL_NOPAD);
		return true;
	}
	case ISD_IP_LEN: {
		uint64_t v = iph ? ntohs(iph->len) : d_length(d);
		if (d->force_extra_length)
			v += nfc_anno_u32(d->p, NFC_ANNO_EXTRA_LENGTH);
		isd_put_num(d, f, sb, v);
		return true;
	}
	case ISD_IP_CAPTURE_LEN: {
		uint32_t allow = iph ? (uint32_t)netlen : d_length(d);
		uint32_t len = iph ? ntohs(iph->len) : allow;
		isd_put_num(d, f, sb, len < allow ? len : allow);
		return true;
	}
	default:
		return false;
	}
#undef CHECK
}

static bool has_udp_ports(int p)
{
	return p == NFC_IP_PROTO_TCP || p == NFC_IP_PROTO_UDP || p == 33 /* DCCP */ ||
	       p == 136 /* UDP-Lite */;
}

static bool write_ports(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	bool dport = f->id == ISD_DPORT;
	const struct nfc_ip *iph = d->iph;
	if (iph && d_network_length(d) > (int32_t)nfc_ip_hl(iph) * 4 && isd_ip_firstfrag(iph) &&
	    has_udp_ports(iph->p) && d_transport_length(d) >= (dport ? 4 : 2)) {
		const struct nfc_udp *uh = (const struct nfc_udp *)nfc_packet_transport_header(d->p);
		isd_put_num(d, f, sb, ntohs(dport ? uh->dport : uh->sport));
		return true;
	}
	return field_missing(d, IP_PROTO_TCP_OR_UDP, dport ? 4 : 2);
}

static const char tcp_flags_word[] = "FSRPAUECN";

static bool write_tcp(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	const struct nfc_tcp *th = d->tcph;
	int32_t tlen = th ? d_transport_length(d) : 0;
	const uint8_t *raw = (const uint8_t *)th;
#define CHECK(l) do { if (!th || tlen < (l)) return field_missing(d, NFC_IP_PROTO_TCP, (l)); } while (0)
	switch (f->id) {
	case ISD_TCP_SEQ:
		CHECK(8);
		isd_put_num(d, f, sb, ntohl(th->seq));
		return true;
	case ISD_TCP_ACK:
		CHECK(12);
		isd_put_num(d, f, sb, ntohl(th->ack));
		return true;
	case ISD_TCP_OFF:
		CHECK(13);
		isd_put_num(d, f, sb, nfc_tcp_off(th) * 4);
		return true;
	case ISD_TCP_FLAGS: {
		CHECK(14);
		unsigned v = th->flags | (unsigned)(raw[12] & 0x0F) << 8;
		if (d->binary)
			isd_put_num(d, f, sb, v); /* one byte: NS is lost, as in Click */
		else if (v == (NFC_TH_ACK | NFC_TH_PUSH))
			nfc_strbuf_puts(sb, "PA");
		else if (v == NFC_TH_ACK)
			nfc_strbuf_putc(sb, 'A');
		else if (v == 0)
			nfc_strbuf_putc(sb, '.');
		else
			for (int i = 0; i < 9; i++)
				if (v & (1u << i))
					nfc_strbuf_putc(sb, tcp_flags_word[i]);
		return true;
	}
	case ISD_TCP_WINDOW:
		CHECK(16);
		isd_put_num(d, f, sb, ntohs(th->win));
		return true;
	case ISD_TCP_URP:
		CHECK(20);
		isd_put_num(d, f, sb, ntohs(th->urp));
		return true;
	case ISD_TCP_OPT:
	case ISD_TCP_NTOPT:
	case ISD_TCP_SACK: {
		int32_t off = th && tlen >= 13 ? (int32_t)nfc_tcp_off(th) * 4 : 0;
		if (!th || tlen < 13 || (off > 20 && tlen < off))
			return field_missing(d, NFC_IP_PROTO_TCP, tlen + 1);
		/* the common NOP NOP TIMESTAMP block alone counts as no options */
		bool only_ts = off == 32 && tlen >= 24 && raw[20] == 1 && raw[21] == 1 &&
			       raw[22] == 8 && raw[23] == 10;
		if (off <= 20 || (f->id != ISD_TCP_OPT && only_ts))
			nfc_strbuf_putc(sb, d->binary ? '\0' : '.');
		else if (d->binary)
			isd_bin_put_opts(sb, raw + 20, off - 20,
					 f->id == ISD_TCP_OPT	 ? 0xFFFFFFFFu
					 : f->id == ISD_TCP_SACK ? ISD_OPT_SACK
								 : ISD_TCPOPT_NTALL,
					 true);
		else
			isd_unparse_tcp_opt(sb, raw + 20, off - 20,
					    f->id == ISD_TCP_OPT   ? ISD_TCPOPT_ALL_NOPAD
					    : f->id == ISD_TCP_SACK ? ISD_OPT_SACK
								    : ISD_TCPOPT_NTALL);
		return true;
	}
	default:
		return false;
	}
#undef CHECK
}

static bool write_udp(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	if (!d->udph || d_transport_length(d) < 6)
		return field_missing(d, NFC_IP_PROTO_UDP, 6);
	isd_put_num(d, f, sb, ntohs(d->udph->len));
	return true;
}

static bool icmp_has_flow(unsigned type)
{
	return type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16;
}

static bool write_icmp(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	const struct nfc_icmp *ih = d->icmph;
	int32_t tlen = ih ? d_transport_length(d) : 0;
#define CHECK(l) do { if (!ih || tlen < (l)) return field_missing(d, NFC_IP_PROTO_ICMP, (l)); } while (0)
	switch (f->id) {
	case ISD_ICMP_TYPE:
		CHECK(1);
		isd_put_num(d, f, sb, ih->type);
		return true;
	case ISD_ICMP_TYPE_NAME: {
		CHECK(1);
		const char *n = isd_icmp_type_name(ih->type);
		if (n && !d->binary)
			nfc_strbuf_puts(sb, n);
		else
			isd_put_num(d, f, sb, ih->type);
		return true;
	}
	case ISD_ICMP_CODE:
		CHECK(2);
		isd_put_num(d, f, sb, ih->code);
		return true;
	case ISD_ICMP_CODE_NAME: {
		CHECK(2);
		const char *n = isd_icmp_code_name(ih->type, ih->code);
		if (n && !d->binary)
			nfc_strbuf_puts(sb, n);
		else
			isd_put_num(d, f, sb, ih->code);
		return true;
	}
	case ISD_ICMP_FLOWID:
	case ISD_ICMP_SEQ:
		CHECK(1);
		if (!icmp_has_flow(ih->type))
			return false;
		CHECK(f->id == ISD_ICMP_FLOWID ? 6 : 8);
		isd_put_num(d, f, sb, ntohs(f->id == ISD_ICMP_FLOWID ? ih->un.echo.id : ih->un.echo.seq));
		return true;
	case ISD_ICMP_NEXTMTU:
		CHECK(2);
		if (ih->type != NFC_ICMP_UNREACH || ih->code != 4)
			return false;
		CHECK(8);
		isd_put_num(d, f, sb, ntohs(ih->un.frag.mtu));
		return true;
	default:
		return false;
	}
#undef CHECK
}

void isd_write_field(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	bool ok;
	switch (f->id) {
	case ISD_NONE:
		ok = false;
		break;
	case ISD_ETH_SRC:
	case ISD_ETH_DST:
	case ISD_ETH_TYPE:
		ok = write_link(d, f, sb);
		break;
	case ISD_SPORT:
	case ISD_DPORT:
		ok = write_ports(d, f, sb);
		break;
	case ISD_TCP_SEQ ... ISD_TCP_SACK:
		ok = write_tcp(d, f, sb);
		break;
	case ISD_UDP_LEN:
		ok = write_udp(d, f, sb);
		break;
	case ISD_ICMP_TYPE ... ISD_ICMP_NEXTMTU:
		ok = write_icmp(d, f, sb);
		break;
	case ISD_PAYLOAD_LEN ... ISD_PAYLOAD_MD5_HEX:
		ok = isd_write_payload(d, f, sb);
		break;
	case ISD_IP_SRC ... ISD_IP_OPT:
		ok = write_ip(d, f, sb);
		break;
	default:
		ok = write_anno(d, f, sb);
		break;
	}
	if (!ok && d->binary)
		isd_bin_put_missing(sb, f);
	else if (!ok)
		nfc_strbuf_putc(sb, '-');
}
