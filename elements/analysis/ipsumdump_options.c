/* SPDX-License-Identifier: MIT */
/* IP and TCP option text of IP summary dumps: "mss1460;sackok;ts1:2", "rr{1.0.0.1}+2". */
#include <ctype.h>
#include <string.h>
#include "ipsumdump.h"

enum {
	TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_MAXSEG = 2, TCPOPT_WSCALE = 3,
	TCPOPT_SACK_PERMITTED = 4, TCPOPT_SACK = 5, TCPOPT_TIMESTAMP = 8,
	IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_RR = 7, IPOPT_TS = 68, IPOPT_LSRR = 131,
	IPOPT_SSRR = 137,
};

/* Forget what was appended since @mark and write '?' (an invalid option). */
static void opt_bad(struct nfc_strbuf *sb, size_t mark)
{
	if (sb->s) {
		sb->len = mark;
		sb->s[mark] = '\0';
	}
	nfc_strbuf_putc(sb, '?');
}

static void opt_done(struct nfc_strbuf *sb, size_t mark)
{
	if (sb->len == mark)
		nfc_strbuf_putc(sb, '.');
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* "99=0:5:10": an option we have no name for. */
static void opt_unknown(struct nfc_strbuf *sb, const char *sep, const uint8_t *o)
{
	nfc_strbuf_printf(sb, "%s%d", sep, o[0]);
	char c = '=';
	for (int i = 2; i < o[1]; i++, c = ':')
		nfc_strbuf_printf(sb, "%c%d", c, o[i]);
}

void isd_unparse_tcp_opt(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask)
{
	size_t mark = sb->len;
	const uint8_t *end = opt + len;
	const char *sep = "";
	while (opt < end) {
		if (*opt == TCPOPT_EOL) {
			if (mask & ISD_OPT_PADDING)
				nfc_strbuf_printf(sb, "%seol", sep);
			break;
		}
		if (*opt == TCPOPT_NOP) {
			if (mask & ISD_OPT_PADDING) {
				nfc_strbuf_printf(sb, "%snop", sep);
				sep = ";";
			}
			opt++;
			continue;
		}
		if (opt + 1 >= end || opt[1] < 2 || opt + opt[1] > end)
			goto bad;
		unsigned want = 0, kind_mask = ISD_OPT_UNKNOWN;
		switch (*opt) {
		case TCPOPT_MAXSEG:
			want = 4, kind_mask = ISD_OPT_MSS;
			break;
		case TCPOPT_WSCALE:
			want = 3, kind_mask = ISD_OPT_WSCALE;
			break;
		case TCPOPT_SACK_PERMITTED:
			want = 2, kind_mask = ISD_OPT_SACK;
			break;
		case TCPOPT_SACK:
			if (opt[1] % 8 != 2)
				goto bad;
			kind_mask = ISD_OPT_SACK;
			break;
		case TCPOPT_TIMESTAMP:
			want = 10, kind_mask = ISD_OPT_TIMESTAMP;
			break;
		}
		if (want && opt[1] != want)
			goto bad;
		if (!(mask & kind_mask)) {
			opt += opt[1];
			continue;
		}
		switch (*opt) {
		case TCPOPT_MAXSEG:
			nfc_strbuf_printf(sb, "%smss%u", sep, (unsigned)(opt[2] << 8 | opt[3]));
			break;
		case TCPOPT_WSCALE:
			nfc_strbuf_printf(sb, "%swscale%u", sep, opt[2]);
			break;
		case TCPOPT_SACK_PERMITTED:
			nfc_strbuf_printf(sb, "%ssackok", sep);
			break;
		case TCPOPT_SACK:
			for (int i = 2; i < opt[1]; i += 8) {
				nfc_strbuf_printf(sb, "%ssack%u-%u", sep, get32(opt + i),
						  get32(opt + i + 4));
				sep = ";";
			}
			break;
		case TCPOPT_TIMESTAMP:
			nfc_strbuf_printf(sb, "%sts%u:%u", sep, get32(opt + 2), get32(opt + 6));
			break;
		default:
			opt_unknown(sb, sep, opt);
			break;
		}
		sep = ";";
		opt += opt[1];
	}
	opt_done(sb, mark);
	return;
bad:
	opt_bad(sb, mark);
}

static void ip_quad(struct nfc_strbuf *sb, const char *sep, const uint8_t *o)
{
	nfc_strbuf_printf(sb, "%s%d.%d.%d.%d", sep, o[0], o[1], o[2], o[3]);
}

/* Route options: "rr{1.0.0.1,1.0.0.2}+5", "ssrr{1.0.0.1^1.0.0.2}" ('^' = pointer). */
static void ip_opt_route(struct nfc_strbuf *sb, const uint8_t *opt)
{
	const uint8_t *o = opt + 3, *ol = opt + opt[1], *op = opt + opt[2] - 1;
	const char *sep = "";
	nfc_strbuf_putc(sb, '{');
	for (; o + 4 <= ol; o += 4) {
		if (o == op) {
			if (opt[0] == IPOPT_RR)
				break;
			sep = "^";
		}
		ip_quad(sb, sep, o);
		sep = ",";
	}
	if (o == ol && o == op && opt[0] != IPOPT_RR)
		nfc_strbuf_putc(sb, '^');
	nfc_strbuf_putc(sb, '}');
	if (o + 4 <= ol && o == op && opt[0] == IPOPT_RR)
		nfc_strbuf_printf(sb, "+%d", (int)(ol - o) / 4);
}

/* Timestamp option: "ts{1,!45}+2++3", "ts.ip{1.0.0.1=1}", "ts.preip{1.0.0.1=1^1.0.0.2}". */
static void ip_opt_ts(struct nfc_strbuf *sb, const uint8_t *opt)
{
	const uint8_t *o = opt + 4, *ol = opt + opt[1], *op = opt + opt[2] - 1;
	int flag = opt[3] & 0xF;
	int size = flag >= 1 && flag <= 3 ? 8 : 4;
	const char *sep = "";
	nfc_strbuf_puts(sb, "ts");
	if (flag == 1)
		nfc_strbuf_puts(sb, ".ip");
	else if (flag == 3)
		nfc_strbuf_puts(sb, ".preip");
	else if (flag != 0)
		nfc_strbuf_printf(sb, ".%d", flag);
	nfc_strbuf_putc(sb, '{');
	for (; o + size <= ol; o += 4) {
		if (o == op) {
			if (flag != 3)
				break;
			sep = "^";
		}
		if (flag != 0) {
			ip_quad(sb, sep, o);
			nfc_strbuf_putc(sb, '=');
			o += 4;
		} else
			nfc_strbuf_puts(sb, sep);
		if (flag == 3 && o > op)
			sb->s[--sb->len] = '\0'; /* prespecified address not yet stamped */
		else {
			uint32_t v = get32(o);
			nfc_strbuf_printf(sb, "%s%u", v & 0x80000000u ? "!" : "", v & 0x7FFFFFFFu);
		}
		sep = ",";
	}
	if (o == ol && o == op)
		nfc_strbuf_putc(sb, '^');
	nfc_strbuf_putc(sb, '}');
	if (o + size <= ol && o == op)
		nfc_strbuf_printf(sb, "+%d", (int)(ol - o) / size);
	if (opt[3] & 0xF0)
		nfc_strbuf_printf(sb, "++%d", opt[3] >> 4);
}

void isd_unparse_ip_opt(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask)
{
	size_t mark = sb->len;
	const uint8_t *end = opt + len;
	const char *sep = "";
	while (opt < end) {
		if (*opt == IPOPT_EOL) {
			if (mask & ISD_OPT_PADDING)
				nfc_strbuf_printf(sb, "%seol", sep);
			break;
		}
		if (*opt == IPOPT_NOP) {
			if (mask & ISD_OPT_PADDING) {
				nfc_strbuf_printf(sb, "%snop", sep);
				sep = ";";
			}
			opt++;
			continue;
		}
		if (opt + 1 >= end || opt + opt[1] > end)
			goto bad;
		if (*opt == IPOPT_RR || *opt == IPOPT_LSRR || *opt == IPOPT_SSRR) {
			if (opt[1] < 3 || opt + 2 >= end || opt[2] < 4)
				goto bad;
			if (mask & ISD_OPT_ROUTE) {
				nfc_strbuf_printf(sb, "%s%s", sep,
						  *opt == IPOPT_RR ? "rr" : *opt == IPOPT_LSRR ? "lsrr" : "ssrr");
				ip_opt_route(sb, opt);
				sep = ";";
			}
		} else if (*opt == IPOPT_TS) {
			if (opt[1] < 4 || opt[2] < 5)
				goto bad;
			nfc_strbuf_puts(sb, sep);
			ip_opt_ts(sb, opt);
			sep = ";";
		} else {
			if (opt[1] < 2)
				goto bad;
			if (mask & ISD_OPT_UNKNOWN) {
				opt_unknown(sb, sep, opt);
				sep = ";";
			}
		}
		opt += opt[1];
	}
	opt_done(sb, mark);
	return;
bad:
	opt_bad(sb, mark);
}

/* ---- parsing ---- */

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
		const char *entry = s;
		size_t entry_len = out->len;
	retry_entry:
		if (flag == 1 || flag == 3 || flag == -2) {
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
			if (pointer >= 0 && flag == -2)
				flag = 3;
			if (s + 1 < end && *s == '=') {
				if (isdigit((unsigned char)s[1]) || s[1] == '!')
					s++;
				else if (s[1] == '?' && pointer >= 0) {
					put_zeros(out, 4);
					s += 2;
					goto done_entry;
				} else
					return NULL;
			} else if (pointer >= 0) {
				put_zeros(out, 4);
				goto done_entry;
			} else
				return NULL;
		}
		uint32_t top = 0, u = 0;
		if (s < end && *s == '!')
			top = 0x80000000u, s++;
		if (s >= end || !isdigit((unsigned char)*s))
			return NULL;
		s = opt_integer(s, end, 0, &u);
		if (s < end && *s == '.' && flag == -1) {
			/* an address: this is a ts.ip option after all */
			flag = -2;
			s = entry;
			out->len = entry_len;
			goto retry_entry;
		} else if (flag == -1)
			flag = 0;
		put32(out, u | top);
	done_entry:
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
