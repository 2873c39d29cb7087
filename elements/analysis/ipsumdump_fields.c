/* SPDX-License-Identifier: MIT */
/* IP summary dump field table, synonyms, ICMP/protocol names, timestamp and string text. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipsumdump.h"

#define N ISD_ORDER_NET
#define T ISD_ORDER_TRANSP
#define A ISD_ORDER_ANNO
#define L ISD_ORDER_LINK
#define P ISD_ORDER_PAYLOAD

/* name, id, input order, needs the IP checks, binary encoding (as Click's ipsumdump_*.cc) */
static const struct isd_field isd_fields[] = {
	{ "timestamp", ISD_TIMESTAMP, A, false, 8 },
	{ "ntimestamp", ISD_NTIMESTAMP, A, false, 8 },
	{ "ts_sec", ISD_TS_SEC, A, false, 4 },
	{ "ts_usec", ISD_TS_USEC, A, false, 4 },
	{ "ts_usec1", ISD_TS_USEC1, A, false, 8 },
	{ "first_timestamp", ISD_FIRST_TIMESTAMP, A, false, 8 },
	{ "first_ntimestamp", ISD_FIRST_NTIMESTAMP, A, false, 8 },
	{ "count", ISD_COUNT, A, false, 4 },
	{ "link", ISD_LINK, A, false, 1 },
	{ "paint", ISD_PAINT, A, false, 1 },
	{ "direction", ISD_DIRECTION, A, false, 1 },
	{ "aggregate", ISD_AGGREGATE, A, false, 4 },
	{ "wire_len", ISD_WIRE_LEN, A, false, 4 },
	{ "eth_src", ISD_ETH_SRC, L, false, 6 },
	{ "eth_dst", ISD_ETH_DST, L, false, 6 },
	{ "eth_type", ISD_ETH_TYPE, L, false, 2 },
	{ "ip_src", ISD_IP_SRC, N, true, 4 },
	{ "ip_dst", ISD_IP_DST, N, true, 4 },
	{ "ip_tos", ISD_IP_TOS, N, true, 1 },
	{ "ip_dscp", ISD_IP_DSCP, N, true, 1 },
	{ "ip_ecn", ISD_IP_ECN, N, true, 1 },
	{ "ip_ttl", ISD_IP_TTL, N, true, 1 },
	{ "ip_frag", ISD_IP_FRAG, N - 2, true, 1 },
	{ "ip_fragoff", ISD_IP_FRAGOFF, N - 1, true, 2 },
	{ "ip_id", ISD_IP_ID, N, true, 2 },
	{ "ip_sum", ISD_IP_SUM, N + 2, true, 2 },
	{ "ip_proto", ISD_IP_PROTO, N, true, 1 },
	{ "ip_hl", ISD_IP_HL, N - 1, true, 1 },
	{ "ip_len", ISD_IP_LEN, N + 1, true, 4 },
	{ "ip_capture_len", ISD_IP_CAPTURE_LEN, P + 2, true, 4 },
	{ "ip_opt", ISD_IP_OPT, N, true, ISD_BIN_OPT },
	{ "sport", ISD_SPORT, T, true, 2 },
	{ "dport", ISD_DPORT, T, true, 2 },
	{ "tcp_seq", ISD_TCP_SEQ, T, true, 4 },
	{ "tcp_ack", ISD_TCP_ACK, T, true, 4 },
	{ "tcp_off", ISD_TCP_OFF, T - 1, true, 1 },
	{ "tcp_flags", ISD_TCP_FLAGS, T, true, 1 },
	{ "tcp_window", ISD_TCP_WINDOW, T, true, 2 },
	{ "tcp_urp", ISD_TCP_URP, T, true, 2 },
	{ "tcp_opt", ISD_TCP_OPT, T + 3, true, ISD_BIN_OPT },
	{ "tcp_ntopt", ISD_TCP_NTOPT, T + 2, true, ISD_BIN_OPT },
	{ "tcp_sack", ISD_TCP_SACK, T + 1, true, ISD_BIN_OPT },
	{ "udp_len", ISD_UDP_LEN, T, true, 4 },
	{ "icmp_type", ISD_ICMP_TYPE, T, true, 1 },
	{ "icmp_code", ISD_ICMP_CODE, T + 1, true, 1 },
	{ "icmp_type_name", ISD_ICMP_TYPE_NAME, T, true, 1 },
	{ "icmp_code_name", ISD_ICMP_CODE_NAME, T + 1, true, 1 },
	{ "icmp_flowid", ISD_ICMP_FLOWID, T + 2, true, 2 },
	{ "icmp_seq", ISD_ICMP_SEQ, T + 2, true, 2 },
	{ "icmp_nextmtu", ISD_ICMP_NEXTMTU, T + 2, true, 2 },
	{ "payload_len", ISD_PAYLOAD_LEN, P + 1, true, 4 },
	{ "payload", ISD_PAYLOAD, P, true, ISD_BIN_NONE },
	{ "payload_md5", ISD_PAYLOAD_MD5, ISD_WRITE_ONLY, true, 16 },
	{ "payload_md5_hex", ISD_PAYLOAD_MD5_HEX, ISD_WRITE_ONLY, true, 16 },
};

#undef N
#undef T
#undef A
#undef L
#undef P

const struct isd_field isd_null_field = { "none", ISD_NONE, ISD_ORDER_ANNO, false, 0 };

static const struct {
	const char *name, *target;
} isd_synonyms[] = {
	{ "utimestamp", "timestamp" }, { "ts", "timestamp" }, { "sec", "ts_sec" },
	{ "usec", "ts_usec" }, { "usec1", "ts_usec1" }, { "first_utimestamp", "first_timestamp" },
	{ "first_ts", "first_timestamp" }, { "pkt_count", "count" }, { "packet_count", "count" },
	{ "agg", "aggregate" }, { "wire_length", "wire_len" }, { "length", "ip_len" },
	{ "ip_p", "ip_proto" }, { "tcp_seqno", "tcp_seq" }, { "tcp_ackno", "tcp_ack" },
	{ "tcp_win", "tcp_window" }, { "payload_length", "payload_len" },
	{ "ether_src", "eth_src" }, { "ether_dst", "eth_dst" }, { "ether_type", "eth_type" },
};

static const struct isd_field *isd_field_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof isd_synonyms / sizeof isd_synonyms[0]; i++)
		if (strcmp(name, isd_synonyms[i].name) == 0) {
			name = isd_synonyms[i].target;
			break;
		}
	for (size_t i = 0; i < sizeof isd_fields / sizeof isd_fields[0]; i++)
		if (strcmp(name, isd_fields[i].name) == 0)
			return &isd_fields[i];
	if (strcmp(name, "none") == 0)
		return &isd_null_field;
	return NULL;
}

const struct isd_field *isd_field_find(const char *name)
{
	char buf[128];
	for (int tries = 0; tries < 8; tries++) {
		const struct isd_field *f = isd_field_lookup(name);
		if (f)
			return f;
		/* old dumps quote names with spaces ("tcp seq"); bare words mean ip_X */
		size_t n = strlen(name);
		if (n + 4 >= sizeof buf)
			return NULL;
		const char *sp = strchr(name, ' ');
		if (sp) {
			memmove(buf, name, n + 1);
			buf[sp - name] = '_';
		} else if (!strchr(name, '_')) {
			memmove(buf + 3, name, n + 1);
			memcpy(buf, "ip_", 3);
		} else
			return NULL;
		name = buf;
	}
	return NULL;
}

/* ---- names ---- */

struct isd_name {
	const char *name;
	unsigned value;
};

static const struct isd_name isd_ip_protos[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 }, { "udp", 17 },
	{ "dccp", 33 }, { "gre", 47 }, { "sctp", 132 },
};
static const struct isd_name isd_icmp_types[] = {
	{ "echo-reply", 0 }, { "unreachable", 3 }, { "sourcequench", 4 }, { "redirect", 5 },
	{ "echo", 8 }, { "routeradvert", 9 }, { "routersolicit", 10 }, { "timeexceeded", 11 },
	{ "parameterproblem", 12 }, { "timestamp", 13 }, { "timestamp-reply", 14 },
	{ "inforeq", 15 }, { "inforeq-reply", 16 }, { "maskreq", 17 }, { "maskreq-reply", 18 },
};
static const struct isd_name isd_unreach_codes[] = {
	{ "net", 0 }, { "host", 1 }, { "protocol", 2 }, { "port", 3 }, { "needfrag", 4 },
	{ "srcroutefail", 5 }, { "netunknown", 6 }, { "hostunknown", 7 }, { "isolated", 8 },
	{ "netprohibited", 9 }, { "hostprohibited", 10 }, { "tosnet", 11 }, { "toshost", 12 },
	{ "filterprohibited", 13 }, { "hostprecedence", 14 }, { "precedencecutoff", 15 },
};
static const struct isd_name isd_redirect_codes[] = {
	{ "net", 0 }, { "host", 1 }, { "tosnet", 2 }, { "toshost", 3 },
};
static const struct isd_name isd_timxceed_codes[] = { { "transit", 0 }, { "reassembly", 1 } };
static const struct isd_name isd_paramprob_codes[] = {
	{ "erroratptr", 0 }, { "missingopt", 1 }, { "length", 2 },
};

#define ISD_NAMES(t) t, sizeof t / sizeof t[0]

static const char *isd_name_of(const struct isd_name *t, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

/* A name from the table, else an integer up to @max. */
static bool isd_value_of(const struct isd_name *t, size_t n, const char *s, uint32_t max,
			 uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, s) == 0) {
			*out = t[i].value;
			return true;
		}
	uint32_t v;
	if (nfc_parse_uint32(s, &v) < 0 || v > max)
		return false;
	*out = v;
	return true;
}

static const struct isd_name *isd_code_table(unsigned type, size_t *n)
{
	switch (type) {
	case NFC_ICMP_UNREACH:
		*n = sizeof isd_unreach_codes / sizeof isd_unreach_codes[0];
		return isd_unreach_codes;
	case NFC_ICMP_REDIRECT:
		*n = sizeof isd_redirect_codes / sizeof isd_redirect_codes[0];
		return isd_redirect_codes;
	case NFC_ICMP_TIMXCEED:
		*n = sizeof isd_timxceed_codes / sizeof isd_timxceed_codes[0];
		return isd_timxceed_codes;
	case NFC_ICMP_PARAMPROB:
		*n = sizeof isd_paramprob_codes / sizeof isd_paramprob_codes[0];
		return isd_paramprob_codes;
	default:
		*n = 0;
		return NULL;
	}
}

const char *isd_icmp_type_name(unsigned type)
{
	return isd_name_of(ISD_NAMES(isd_icmp_types), type);
}

const char *isd_icmp_code_name(unsigned type, unsigned code)
{
	size_t n;
	const struct isd_name *t = isd_code_table(type, &n);
	return t ? isd_name_of(t, n, code) : NULL;
}

const char *isd_ip_proto_name(unsigned proto)
{
	return isd_name_of(ISD_NAMES(isd_ip_protos), proto);
}

bool isd_parse_icmp_type(const char *s, uint32_t *out)
{
	return isd_value_of(ISD_NAMES(isd_icmp_types), s, 255, out);
}

bool isd_parse_icmp_code(unsigned type, const char *s, uint32_t *out)
{
	size_t n;
	const struct isd_name *t = isd_code_table(type, &n);
	return isd_value_of(t, n, s, 255, out);
}

bool isd_parse_ip_proto(const char *s, uint32_t *out)
{
	if (strcmp(s, "T") == 0)
		*out = NFC_IP_PROTO_TCP;
	else if (strcmp(s, "U") == 0)
		*out = NFC_IP_PROTO_UDP;
	else if (strcmp(s, "I") == 0)
		*out = NFC_IP_PROTO_ICMP;
	else
		return isd_value_of(ISD_NAMES(isd_ip_protos), s, 255, out);
	return true;
}

/* ---- timestamps ---- */

void isd_unparse_timestamp(struct nfc_strbuf *sb, int64_t ns)
{
	char buf[48];
	nfc_format_timestamp(buf, sizeof buf, ns, ns % NFC_NSEC_PER_USEC ? 9 : 6);
	nfc_strbuf_puts(sb, buf);
}

void isd_unparse_interval(struct nfc_strbuf *sb, int64_t ns)
{
	if (ns >= 0 && ns < NFC_NSEC_PER_SEC) {
		if (ns % NFC_NSEC_PER_MSEC == 0)
			nfc_strbuf_printf(sb, "%" PRId64 "ms", (int64_t)(ns / NFC_NSEC_PER_MSEC));
		else if (ns % NFC_NSEC_PER_USEC == 0)
			nfc_strbuf_printf(sb, "%" PRId64 "us", (int64_t)(ns / NFC_NSEC_PER_USEC));
		else
			nfc_strbuf_printf(sb, "%" PRId64 "ns", ns);
	} else {
		isd_unparse_timestamp(sb, ns);
		nfc_strbuf_putc(sb, 's');
	}
}

bool isd_parse_time(const char *s, int64_t *ns)
{
	bool neg = false;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!isdigit((unsigned char)*s) && *s != '.')
		return false;
	int64_t v;
	if (nfc_parse_time_ns(s, &v) < 0)
		return false;
	*ns = neg ? -v : v;
	return true;
}

/* ---- strings ---- */

void isd_quote(struct nfc_strbuf *sb, const unsigned char *s, size_t n)
{
	nfc_strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c == '\\' || c == '"' || c == '$') {
			nfc_strbuf_putc(sb, '\\');
			nfc_strbuf_putc(sb, (char)c);
		} else if (c == '\t')
			nfc_strbuf_puts(sb, "\\t");
		else if (c == '\r')
			nfc_strbuf_puts(sb, "\\r");
		else if (c == '\n')
			nfc_strbuf_puts(sb, "\\n");
		else if (c < 32 || c >= 127)
			nfc_strbuf_printf(sb, "\\%c%c%c", '0' + (c >> 6), '0' + ((c >> 3) & 7),
					  '0' + (c & 7));
		else
			nfc_strbuf_putc(sb, (char)c);
	}
	nfc_strbuf_putc(sb, '"');
}
