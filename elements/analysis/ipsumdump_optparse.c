/* SPDX-License-Identifier: MIT */
/* Parsing IP and TCP option text of IP summary dumps into option bytes. */
#include <ctype.h>
#include <string.h>
#include "ipsumdump.h"

enum {
	TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_MAXSEG = 2, TCPOPT_WSCALE = 3,
	TCPOPT_SACK_PERMITTED = 4, TCPOPT_SACK = 5, TCPOPT_TIMESTAMP = 8,
	IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_RR = 7, IPOPT_TS = 68, IPOPT_LSRR = 131,
	IPOPT_SSRR = 137,
};

/* Click's cp_integer: digits at s (base 0: 0x hex, 0 octal); *v set only when there are any. */
static const char *opt_integer(const char *s, const char *end, int base, uint32_t *v)
{
	if (base == 0) {
		if (end - s >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    isxdigit((unsigned char)s[2]))
			base = 16, s += 2;
		else if (end - s >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '7')
			base = 8, s++;
		else
			base = 10;
	}
	uint64_t x = 0;
	const char *start = s;
	for (; s < end; s++) {
		int d = isdigit((unsigned char)*s) ? *s - '0'
			: isxdigit((unsigned char)*s) ? (tolower((unsigned char)*s) - 'a' + 10)
						      : 99;
		if (d >= base)
			break;
		x = x * (unsigned)base + (unsigned)d;
		if (x > 0xFFFFFFFFu)
			x = 0xFFFFFFFFu + 1ull;
	}
	if (s > start)
		*v = x > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)x;
	return s;
}

static bool opt_starts(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - s) >= n && memcmp(s, word, n) == 0;
}

static void put_byte(struct nfc_strbuf *sb, unsigned b)
{
	char c = (char)b;
	nfc_strbuf_append(sb, &c, 1);
}

static void put32(struct nfc_strbuf *sb, uint32_t u)
{
	put_byte(sb, u >> 24);
	put_byte(sb, (u >> 16) & 255);
	put_byte(sb, (u >> 8) & 255);
	put_byte(sb, u & 255);
}

static void put_zeros(struct nfc_strbuf *sb, size_t n)
{
	while (n--)
		put_byte(sb, 0);
}

/* Options longer than 40 bytes lose leading NOPs; still too long is an error. */
static bool opt_finish(struct nfc_strbuf *out)
{
	while (out->len > 40 && (uint8_t)out->s[0] == TCPOPT_NOP) {
		memmove(out->s, out->s + 1, out->len);
		out->len--;
	}
	return out->len <= 40;
}

/* "99=0:5:10" or "98". */
static const char *opt_parse_unknown(const char *s, const char *end, struct nfc_strbuf *out)
{
	uint32_t u = 256;
	s = opt_integer(s, end, 0, &u);
	if (u >= 256)
		return NULL;
	put_byte(out, u);
	if (s + 1 < end && *s == '=' && isdigit((unsigned char)s[1])) {
		size_t pos0 = out->len;
		put_byte(out, 0);
		do {
			u = 256;
			s = opt_integer(s + 1, end, 0, &u);
			if (u >= 256)
				return NULL;
			put_byte(out, u);
		} while (s + 1 < end && *s == ':' && isdigit((unsigned char)s[1]));
		if (out->len > pos0 + 254)
			return NULL;
		out->s[pos0] = (char)(out->len - pos0 + 1);
	}
	return s;
}

bool isd_parse_tcp_opt(const char *s, size_t n, unsigned mask, struct nfc_strbuf *out)
{
	const char *end = s + n;
	nfc_strbuf_clear(out);
	if (n == 0 || (n == 1 && *s == '.'))
		return true;
	while (1) {
		uint32_t u1 = 0, u2 = 0;
		if (s + 3 < end && opt_starts(s, end, "mss") && (mask & ISD_OPT_MSS)) {
			u1 = 0x10000;
			s = opt_integer(s + 3, end, 0, &u1);
			if (u1 > 0xFFFF)
				return false;
			put_byte(out, TCPOPT_MAXSEG);
			put_byte(out, 4);
			put_byte(out, u1 >> 8);
			put_byte(out, u1 & 255);
		} else if (s + 6 < end && opt_starts(s, end, "wscale") && (mask & ISD_OPT_WSCALE)) {
			u1 = 256;
			s = opt_integer(s + 6, end, 0, &u1);
			if (u1 > 255)
				return false;
			put_byte(out, TCPOPT_WSCALE);
			put_byte(out, 3);
			put_byte(out, u1);
		} else if (opt_starts(s, end, "sackok") && (mask & ISD_OPT_SACK)) {
			put_byte(out, TCPOPT_SACK_PERMITTED);
			put_byte(out, 2);
			s += 6;
		} else if (s + 4 < end && opt_starts(s, end, "sack") && (mask & ISD_OPT_SACK)) {
			/* adjacent sack blocks share one option */
			size_t pos = out->len;
			put_byte(out, TCPOPT_SACK);
			put_byte(out, 0);
			s += 4;
			while (1) {
				const char *t = opt_integer(s, end, 0, &u1);
				if (t == s || t >= end || (*t != ':' && *t != '-'))
					return false;
				const char *t2 = opt_integer(t + 1, end, 0, &u2);
				if (t2 == t + 1)
					return false;
				put32(out, u1);
				put32(out, u2);
				s = t2;
				if (!opt_starts(s, end, ",sack") || s + 5 >= end)
					break;
				s += 5;
			}
			if (out->len - pos > 255)
				return false;
			out->s[pos + 1] = (char)(out->len - pos);
		} else if (s + 2 < end && opt_starts(s, end, "ts") && (mask & ISD_OPT_TIMESTAMP)) {
			const char *t = opt_integer(s + 2, end, 0, &u1);
			if (t == s + 2 || t >= end || *t != ':')
				return false;
			const char *t2 = opt_integer(t + 1, end, 0, &u2);
			if (t2 == t + 1)
				return false;
			if (out->len == 0) {
				put_byte(out, TCPOPT_NOP);
				put_byte(out, TCPOPT_NOP);
			}
			put_byte(out, TCPOPT_TIMESTAMP);
			put_byte(out, 10);
			put32(out, u1);
			put32(out, u2);
			s = t2;
		} else if (s < end && isdigit((unsigned char)*s) && (mask & ISD_OPT_UNKNOWN)) {
			if (!(s = opt_parse_unknown(s, end, out)))
				return false;
		} else if (opt_starts(s, end, "nop") && (mask & ISD_OPT_PADDING)) {
			put_byte(out, TCPOPT_NOP);
			s += 3;
		} else if (opt_starts(s, end, "eol") && (mask & ISD_OPT_PADDING) &&
			   (s + 3 == end || s[3] != ',')) {
			put_byte(out, TCPOPT_EOL);
			s += 3;
		} else
			return false;

		if (s >= end || isspace((unsigned char)*s))
			return opt_finish(out);
		if (*s != ',' && *s != ';')
			return false;
		s++;
	}
}


/* Route entries "a.b.c.d,..." up to '}', with '^' marking the pointer. */
static const char *ip_parse_route(const char *s, const char *end, struct nfc_strbuf *out)
{
	size_t pos = out->len - 1; /* the option type byte */
	int pointer = -1;
	put_byte(out, 0);
	put_byte(out, 0);
	while (1) {
		if (s < end && *s == '^' && pointer < 0)
			pointer = (int)(out->len - pos + 1), s++;
		if (s >= end || !isdigit((unsigned char)*s))
			break;
		for (int i = 0; i < 4; i++) {
			uint32_t u = 256;
			s = opt_integer(s, end, 10, &u);
			if (u > 255)
				return NULL;
			if (i < 3) {
				if (s >= end || *s != '.')
					return NULL;
				s++;
			}
			put_byte(out, u);
		}
		if (s < end && *s == ',')
			s++;
	}
	if (s >= end || *s != '}')
		return NULL;
	out->s[pos + 2] = (char)(pointer >= 0 ? pointer : (int)(out->len - pos + 1));
	if (s + 2 < end && s[1] == '+' && isdigit((unsigned char)s[2])) {
		uint32_t u = 64;
		s = opt_integer(s + 2, end, 10, &u);
		if (u < 64)
			put_zeros(out, u * 4);
	} else
		s++;
	if (out->len - pos > 255)
		return NULL;
	out->s[pos + 1] = (char)(out->len - pos);
	return s;
}

/* One timestamp entry: "N", "!N", or (ts.ip, ts.preip) "a.b.c.d=N", "a.b.c.d=?". */
static const char *ip_parse_ts_entry(const char *s, const char *end, int *flag, int pointer,
				     struct nfc_strbuf *out)
{
	const char *entry = s;
	size_t entry_len = out->len;
	while (1) {
		if (*flag == 1 || *flag == 3 || *flag == -2) {
			for (int i = 0; i < 4; i++) {
				uint32_t u = 256;
				s = opt_integer(s, end, 10, &u);
				if (u > 255)
					return NULL;
				if (i < 3) {
					if (s >= end || *s != '.')
						return NULL;
					s++;
				}
				put_byte(out, u);
			}
			if (pointer >= 0 && *flag == -2)
				*flag = 3; /* addresses after the pointer: prespecified */
			if (s + 1 < end && *s == '=') {
				if (isdigit((unsigned char)s[1]) || s[1] == '!')
					s++;
				else if (s[1] == '?' && pointer >= 0) {
					put_zeros(out, 4);
					return s + 2;
				} else
					return NULL;
			} else if (pointer >= 0) {
				put_zeros(out, 4);
				return s;
			} else
				return NULL;
		}
		uint32_t top = 0, u = 0;
		if (s < end && *s == '!')
			top = 0x80000000u, s++;
		if (s >= end || !isdigit((unsigned char)*s))
			return NULL;
		s = opt_integer(s, end, 0, &u);
		if (s < end && *s == '.' && *flag == -1) {
			/* an address: this is a ts.ip option after all */
			*flag = -2;
			s = entry;
			out->len = entry_len;
			continue;
		}
		if (*flag == -1)
			*flag = 0;
		put32(out, u | top);
		return s;
	}
}

/* "ts{...}", "ts.ip{...}", "ts.preip{...}", "ts.N{...}" with "+N" room and "++N" overflow. */
static const char *ip_parse_ts(const char *s, const char *end, struct nfc_strbuf *out)
{
	size_t pos = out->len;
	int flag = -1, pointer = -1;
	put_byte(out, IPOPT_TS);
	put_zeros(out, 3);
	if (s[2] == '.') {
		uint32_t f = 16;
		const char *t;
		if (s + 6 < end && opt_starts(s + 3, end, "ip{"))
			flag = 1, s += 6;
		else if (s + 9 < end && opt_starts(s + 3, end, "preip{"))
			flag = 3, s += 9;
		else if (s + 3 < end && isdigit((unsigned char)s[3]) &&
			 (t = opt_integer(s + 3, end, 0, &f)) && f <= 15 && t < end && *t == '{')
			flag = (int)f, s = t + 1;
		else
			return NULL;
	} else
		s += 3;

	while (1) {
		if (s < end && *s == '^' && pointer < 0)
			pointer = (int)(out->len - pos + 1), s++;
		if (s >= end || (!isdigit((unsigned char)*s) && *s != '!'))
			break;
		if (!(s = ip_parse_ts_entry(s, end, &flag, pointer, out)))
			return NULL;
		if (s < end && *s == ',')
			s++;
	}
	if (s < end && *s++ != '}')
		return NULL;
	if (flag == -2)
		flag = 1;
	if (flag < 0)
		flag = 0;
	out->s[pos + 2] = (char)(pointer >= 0 ? pointer : (int)(out->len - pos + 1));
	uint32_t u;
	if (s + 1 < end && *s == '+' && isdigit((unsigned char)s[1])) {
		u = 64;
		s = opt_integer(s + 1, end, 0, &u);
		if (u < 64)
			put_zeros(out, u * (flag == 1 || flag == 3 ? 8 : 4));
	}
	int overflow = 0;
	if (s + 2 < end && *s == '+' && s[1] == '+' && isdigit((unsigned char)s[2])) {
		u = 16;
		s = opt_integer(s + 2, end, 0, &u);
		if (u < 16)
			overflow = (int)u;
	}
	out->s[pos + 3] = (char)(overflow << 4 | flag);
	if (out->len - pos > 255)
		return NULL;
	out->s[pos + 1] = (char)(out->len - pos);
	return s;
}

bool isd_parse_ip_opt(const char *s, size_t n, struct nfc_strbuf *out)
{
	const char *end = s + n;
	nfc_strbuf_clear(out);
	if (n == 0 || (n == 1 && *s == '.'))
		return true;
	while (1) {
		if (s + 3 < end && opt_starts(s, end, "rr{")) {
			put_byte(out, IPOPT_RR);
			s = ip_parse_route(s + 3, end, out);
		} else if (s + 5 < end && opt_starts(s, end, "ssrr{")) {
			put_byte(out, IPOPT_SSRR);
			s = ip_parse_route(s + 5, end, out);
		} else if (s + 5 < end && opt_starts(s, end, "lsrr{")) {
			put_byte(out, IPOPT_LSRR);
			s = ip_parse_route(s + 5, end, out);
		} else if (s + 3 < end && (opt_starts(s, end, "ts{") || opt_starts(s, end, "ts."))) {
			s = ip_parse_ts(s, end, out);
		} else if (s < end && isdigit((unsigned char)*s)) {
			s = opt_parse_unknown(s, end, out);
		} else if (opt_starts(s, end, "nop")) {
			put_byte(out, IPOPT_NOP);
			s += 3;
		} else if (opt_starts(s, end, "eol") && (s + 3 == end || s[3] != ',')) {
			put_byte(out, IPOPT_EOL);
			s += 3;
		} else
			return false;
		if (!s)
			return false;
		if (s >= end)
			return opt_finish(out);
		if (*s != ',' && *s != ';')
			return false;
		s++;
	}
}
