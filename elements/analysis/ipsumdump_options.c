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
