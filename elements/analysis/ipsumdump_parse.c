/* SPDX-License-Identifier: MIT */
/* IP summary dump reader: one word of a packet line to a field value (FromIPSummaryDump). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "ipsumdump.h"

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

