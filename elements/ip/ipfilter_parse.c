/* SPDX-License-Identifier: MIT */
/* IPFilter language: words, expressions (and/or/not/?:) and primitive tests. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/addressinfo.h>
#include "ipfilter_priv.h"

/* Deeper nesting of "(" and "not" is refused (the parser recurses). */
#define IPF_MAX_DEPTH 256

/* ---- messages ---- */

int ipf_error(struct ipf_parser *ps, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ps->nerrors++;
	return nfc_error(ps->errh, "pattern %d: %s", ps->argno, buf);
}

void ipf_warning(struct ipf_parser *ps, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	nfc_warning(ps->errh, "pattern %d: %s", ps->argno, buf);
}

/* ---- words ---- */

static bool word_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '/' || c == '@' || c == '_' || c == ':';
}

int ipf_split_words(const char *text, char ***words_out, int *n_out)
{
	size_t len = strlen(text), pos = 0;
	char **words = NULL;
	int n = 0, cap = 0;
	while (pos < len) {
		while (pos < len && isspace((unsigned char)text[pos]))
			pos++;
		if (pos >= len)
			break;
		char c = text[pos];
		size_t wl = 1;
		switch (c) {
		case '&':
		case '|': /* && || */
			wl = pos + 1 < len && text[pos + 1] == c ? 2 : 1;
			break;
		case '<':
		case '>':
		case '!':
		case '=': /* <= >= != == */
			wl = pos + 1 < len && text[pos + 1] == '=' ? 2 : 1;
			break;
		case '(': case ')': case '[': case ']': case ',': case ';': case '?':
			break;
		default:
			while (pos + wl <= len && word_char((unsigned char)text[pos + wl - 1]))
				wl++;
			wl = wl > 1 ? wl - 1 : 1;
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			char **w = realloc(words, (size_t)cap * sizeof *w);
			if (!w)
				goto oom;
			words = w;
		}
		if (!(words[n] = strndup(text + pos, wl)))
			goto oom;
		n++;
		pos += wl;
	}
	*words_out = words;
	*n_out = n;
	return 0;
oom:
	nfc_words_free(words, n);
	return -1;
}

static bool word_is(const struct ipf_parser *ps, int pos, const char *s)
{
	return pos < ps->nwords && strcmp(ps->words[pos], s) == 0;
}

/* ---- primitive tests ---- */

static bool parse_int(const char *s, int32_t *out)
{
	uint32_t u;
	if (nfc_parse_int32(s, out) == 0)
		return true;
	if (nfc_parse_uint32(s, &u) == 0) { /* values above 2^31 (32-bit fields) */
		*out = (int32_t)u;
		return true;
	}
	return false;
}

/* An integer filling all of [s, end). */
static bool parse_int_range(const char *s, const char *end, int *out)
{
	char buf[32];
	int32_t v;
	if (end <= s || (size_t)(end - s) >= sizeof buf)
		return false;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	if (nfc_parse_int32(buf, &v) < 0)
		return false;
	*out = v;
	return true;
}

/* "[POS]", "[POS:LEN]" or "[POS,LASTPOS]" after a header name: a field
 * of the IP header, or of the transport header for "tcp[...]" etc. */
static int parse_brackets(struct ipf_parser *ps, struct ipf_prim *prim, int pos)
{
	int first_pos = pos + 1;
	char comb[128] = "";
	size_t cl = 0;
	for (pos++; pos < ps->nwords && strcmp(ps->words[pos], "]") != 0; pos++) {
		size_t wl = strlen(ps->words[pos]);
		if (cl + wl < sizeof comb) {
			memcpy(comb + cl, ps->words[pos], wl + 1);
			cl += wl;
		} else
			cl = sizeof comb; /* too long to be valid */
	}
	if (pos >= ps->nwords) {
		ipf_error(ps, "missing ']'");
		return first_pos;
	}
	pos++;

	int fieldpos = 0, len = 1;
	bool ok = false;
	if (cl < sizeof comb) {
		char *end = comb + cl;
		char *colon = strchr(comb, ':'), *comma = strchr(comb, ',');
		if (colon && colon < end - 1)
			ok = parse_int_range(comb, colon, &fieldpos) &&
			     parse_int_range(colon + 1, end, &len);
		else if (comma && comma < end - 1) {
			int last = 0;
			ok = parse_int_range(comb, comma, &fieldpos) &&
			     parse_int_range(comma + 1, end, &last);
			len = last - fieldpos + 1;
		} else
			ok = parse_int_range(comb, end, &fieldpos);
	}
	if (!ok) {
		ipf_error(ps, "syntax error after '[', expected '[POS]' or '[POS:LEN]'");
		return pos;
	}

	/* IP fields must stay inside the network header's 256-byte window;
	 * transport fields inside the 16-bit bit offset */
	int transp = prim->transp_proto == IPF_UNKNOWN ? 0 : prim->transp_proto;
	int bound = transp ? 8191 : 255;
	if (len < 1 || len > 4)
		ipf_error(ps, "LEN in '[POS:LEN]' out of range, should be between 1 and 4");
	else if (fieldpos < 0 || fieldpos > bound)
		ipf_error(ps, "POS in '[POS:LEN]' out of range, bound %d", bound);
	else if ((fieldpos & ~3) != ((fieldpos + len - 1) & ~3))
		ipf_error(ps, "field [%d:%d] does not fit in a single word", fieldpos, len);
	else
		ipf_prim_set_type(prim, IPF_FIELD(transp, fieldpos * 8, len * 8), ps);
	return pos;
}

/* Qualifiers before the data: types, protocols, src/dst, ip/ether, not. */
static int parse_qualifiers(struct ipf_parser *ps, struct ipf_prim *prim, int pos, int *header,
			    bool *negated)
{
	for (; pos < ps->nwords; pos++) {
		const char *wd = ps->words[pos];
		uint32_t wdata;
		int wt = ipf_lookup(wd, 0, IPF_UNKNOWN, &wdata, ps, false);
		if (wt == IPF_TYPE_TYPE) {
			ipf_prim_set_type(prim, (int)wdata, ps);
			if ((wdata & IPF_TYPE_FIELD) && (wdata & IPF_FIELD_PROTO_MASK))
				ipf_prim_set_transp_proto(
					prim, (int)((wdata & IPF_FIELD_PROTO_MASK) >> IPF_FIELD_PROTO_SHIFT),
					ps);
		} else if (wt == IPF_TYPE_PROTO)
			ipf_prim_set_transp_proto(prim, (int)wdata, ps);
		else if (wt != -1)
			break;
		else if (strcmp(wd, "src") == 0) {
			/* "src and dst", "src or dst" */
			if (word_is(ps, pos + 2, "dst") || word_is(ps, pos + 2, "dest")) {
				if (word_is(ps, pos + 1, "and") || word_is(ps, pos + 1, "&&")) {
					ipf_prim_set_srcdst(prim, IPF_SD_AND, ps);
					pos += 2;
				} else if (word_is(ps, pos + 1, "or") || word_is(ps, pos + 1, "||")) {
					ipf_prim_set_srcdst(prim, IPF_SD_OR, ps);
					pos += 2;
				} else
					ipf_prim_set_srcdst(prim, IPF_SD_SRC, ps);
			} else
				ipf_prim_set_srcdst(prim, IPF_SD_SRC, ps);
		} else if (strcmp(wd, "dst") == 0 || strcmp(wd, "dest") == 0)
			ipf_prim_set_srcdst(prim, IPF_SD_DST, ps);
		else if (strcmp(wd, "ip") == 0 || strcmp(wd, "ether") == 0) {
			if (*header)
				break;
			*header = wd[0];
		} else if (strcmp(wd, "not") == 0 || strcmp(wd, "!") == 0)
			*negated = !*negated;
		else
			break;
	}
	return pos;
}

/* The word at @pos unless it is the last one (Click looks at operators
 * and brackets only when something follows them). */
static const char *word_before_data(const struct ipf_parser *ps, int pos)
{
	return pos >= ps->nwords - 1 ? "" : ps->words[pos];
}

/* The data word: a name, a number, an address, prefix or Ethernet address. */
static int parse_data(struct ipf_parser *ps, struct ipf_prim *prim, int pos, int header)
{
	const char *wd = ps->words[pos];
	uint32_t wdata;
	int wt = ipf_lookup(wd, prim->type, prim->transp_proto, &wdata, ps, true);
	pos++;
	if (wt == -2)
		prim->type = -2; /* reported; swallow the word */
	else if (wt != -1 && wt != IPF_TYPE_TYPE) {
		prim->data = wt;
		prim->u.u = wdata;
	} else if (parse_int(wd, &prim->u.i))
		prim->data = IPF_TYPE_INT;
	else if (header != 'e' && nfc_addressinfo_parse_ip(ps->context, wd, &prim->u.u) == 0) {
		if (pos < ps->nwords - 1 && strcmp(ps->words[pos], "mask") == 0 &&
		    nfc_addressinfo_parse_ip(ps->context, ps->words[pos + 1], &prim->mask.u) == 0) {
			pos += 2;
			prim->data = IPF_TYPE_NET;
		} else if (prim->type == IPF_TYPE_NET &&
			   nfc_addressinfo_parse_ip_prefix(ps->context, wd, &prim->u.u, &prim->mask.u,
							   false) == 0)
			prim->data = IPF_TYPE_NET;
		else
			prim->data = IPF_TYPE_HOST;
	} else if (header != 'e' && nfc_addressinfo_parse_ip_prefix(ps->context, wd, &prim->u.u,
								     &prim->mask.u, false) == 0)
		prim->data = IPF_TYPE_NET;
	else if (header != 'i' && nfc_addressinfo_parse_ether(ps->context, wd, prim->u.c) == 0)
		prim->data = IPF_TYPE_ETHER;
	else {
		if (prim->op != IPF_OP_EQ || prim->op_negated)
			ipf_error(ps, "dangling operator near '%s'", wd);
		pos--;
	}
	return pos;
}

/* test ::= true | false | QUALIFIERS [& MASK] [RELOP] [DATA] */
static int parse_test(struct ipf_parser *ps, int pos, bool negated)
{
	if (pos >= ps->nwords)
		return pos;
	const char *first = ps->words[pos];
	if (!strcmp(first, ")") || !strcmp(first, "||") || !strcmp(first, "or") ||
	    !strcmp(first, "?") || !strcmp(first, ":"))
		return pos;
	if (!strcmp(first, "true") || !strcmp(first, "false")) {
		nfc_classtree_add_insn(ps->prog, 0, 0, 0); /* always true */
		if (negated == !strcmp(first, "true"))
			nfc_classtree_negate_subtree(ps->prog, false);
		return pos + 1;
	}

	int first_pos = pos, header = 0;
	struct ipf_prim prim;
	ipf_prim_clear(&prim);
	pos = parse_qualifiers(ps, &prim, pos, &header, &negated);

	/* abbreviations continue the previous primitive only without qualifiers */
	if (pos != first_pos)
		ipf_prim_clear(&ps->prev);
	if (ps->prev.data == IPF_TYPE_ETHER)
		header = 'e';

	const char *wd = word_before_data(ps, pos);
	if (!strcmp(wd, "[") && pos > first_pos && prim.type == IPF_TYPE_NONE) {
		pos = parse_brackets(ps, &prim, pos);
		wd = word_before_data(ps, pos);
	}

	int mask_dt = 0;
	union ipf_data mask = { 0 };
	if (!strcmp(wd, "&") && pos < ps->nwords - 1) {
		const char *mw = ps->words[pos + 1];
		if (nfc_parse_uint32(mw, &mask.u) == 0)
			mask_dt = IPF_TYPE_INT;
		else if (header != 'e' && nfc_addressinfo_parse_ip(ps->context, mw, &mask.u) == 0)
			mask_dt = IPF_TYPE_HOST;
		else if (header != 'i' && nfc_addressinfo_parse_ether(ps->context, mw, mask.c) == 0)
			mask_dt = IPF_TYPE_ETHER;
		if (mask_dt)
			pos += 2;
		if (mask_dt && mask_dt != IPF_TYPE_ETHER && !mask.u) {
			ipf_error(ps, "zero mask ignored");
			mask_dt = 0;
		}
		wd = word_before_data(ps, pos);
	}

	/* relational operator */
	pos++;
	if (!strcmp(wd, "=") || !strcmp(wd, "=="))
		;
	else if (!strcmp(wd, "!="))
		prim.op_negated = true;
	else if (!strcmp(wd, ">"))
		prim.op = IPF_OP_GT;
	else if (!strcmp(wd, "<"))
		prim.op = IPF_OP_LT;
	else if (!strcmp(wd, ">=")) {
		prim.op = IPF_OP_LT;
		prim.op_negated = true;
	} else if (!strcmp(wd, "<=")) {
		prim.op = IPF_OP_GT;
		prim.op_negated = true;
	} else
		pos--;

	if (pos < ps->nwords) {
		wd = ps->words[pos];
		pos = parse_data(ps, &prim, pos, header);
	}

	if (pos == first_pos) {
		ipf_error(ps, "empty term near '%s'", wd);
		return pos;
	}

	if (ipf_prim_check(&prim, &ps->prev, header, mask_dt, &mask, ps) >= 0) {
		ipf_prim_compile(&prim, ps->prog);
		if (negated)
			nfc_classtree_negate_subtree(ps->prog, false);
		ps->prev = prim;
	}
	return pos;
}

/* ---- expressions ----
 * expr   ::= orexpr | orexpr ? expr : expr
 * orexpr ::= term (("or" | "||") term)*
 * term   ::= factor (["and" | "&&"] factor)*     juxtaposition is "and"
 * factor ::= ("not" | "!") factor | "(" expr ")" | test
 * Each level is one subtree, combined the way Click combines it. */

static int parse_factor(struct ipf_parser *ps, int pos, bool negated);

static int parse_term(struct ipf_parser *ps, int pos)
{
	nfc_classtree_start_subtree(ps->prog);
	int last = pos;
	bool needed = true; /* after "and" (or first): a factor must follow */
	pos = parse_factor(ps, pos, false);
	while (pos != last) {
		if (word_is(ps, pos, "and") || word_is(ps, pos, "&&")) {
			needed = true;
			pos++;
		} else
			needed = false;
		last = pos;
		pos = parse_factor(ps, pos, false);
	}
	if (needed)
		ipf_error(ps, "missing expression");
	nfc_classtree_finish_subtree(ps->prog, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	return pos;
}

static int parse_orexpr(struct ipf_parser *ps, int pos)
{
	nfc_classtree_start_subtree(ps->prog);
	pos = parse_term(ps, pos);
	while (word_is(ps, pos, "or") || word_is(ps, pos, "||"))
		pos = parse_term(ps, pos + 1);
	nfc_classtree_finish_subtree(ps->prog, NFC_CT_OR, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	return pos;
}

int ipf_parse_expr(struct ipf_parser *ps, int pos)
{
	if (++ps->depth > IPF_MAX_DEPTH) {
		if (ps->depth == IPF_MAX_DEPTH + 1)
			ipf_error(ps, "expression too deeply nested");
		ps->depth--;
		return pos;
	}
	nfc_classtree_start_subtree(ps->prog);
	pos = parse_orexpr(ps, pos);
	while (word_is(ps, pos, "?")) {
		int last = ++pos;
		pos = ipf_parse_expr(ps, pos);
		if (pos == last || !word_is(ps, pos, ":")) {
			ipf_error(ps, "missing ':' in ternary expression");
			break;
		}
		pos = parse_orexpr(ps, pos + 1);
	}
	nfc_classtree_finish_subtree(ps->prog, NFC_CT_TERNARY, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	ps->depth--;
	return pos;
}

static int parse_factor(struct ipf_parser *ps, int pos, bool negated)
{
	if (word_is(ps, pos, "not") || word_is(ps, pos, "!")) {
		if (ps->depth >= IPF_MAX_DEPTH)
			return ipf_parse_expr(ps, pos); /* reports the nesting */
		int last = ++pos;
		ps->depth++;
		pos = parse_factor(ps, pos, !negated);
		ps->depth--;
		if (pos == last)
			ipf_error(ps, "missing expression after '%s'", ps->words[pos - 1]);
		return pos;
	}
	if (word_is(ps, pos, "(")) {
		int last = ++pos;
		pos = ipf_parse_expr(ps, pos);
		if (pos == last)
			ipf_error(ps, "missing expression after '('");
		if (word_is(ps, pos, ")"))
			pos++;
		else if (pos != last)
			ipf_error(ps, "missing ')'");
		if (negated)
			nfc_classtree_negate_subtree(ps->prog, false);
		return pos;
	}
	return parse_test(ps, pos, negated);
}
