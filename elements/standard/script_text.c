/* SPDX-License-Identifier: MIT */
/* Script's text rules: space-separated words, Click quoting and unquoting, value parsers. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "script_priv.h"

static bool text_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool text_comment_starts(const char *p)
{
	return p[0] == '/' && (p[1] == '/' || p[1] == '*');
}

/* Past the comment at @p (which starts with // or slash-star). */
static const char *text_skip_comment(const char *p)
{
	if (p[1] == '/') {
		while (*p && *p != '\n' && *p != '\r')
			p++;
		return p;
	}
	for (p += 2; *p; p++)
		if (p[0] == '*' && p[1] == '/')
			return p + 2;
	return p;
}

const char *script_skip_space(const char *p)
{
	for (;;) {
		while (text_space(*p))
			p++;
		if (!text_comment_starts(p))
			return p;
		p = text_skip_comment(p);
	}
}

/* Past a double-quoted string starting at @p (backslash escapes honoured). */
static const char *text_skip_double_quote(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return *p ? p + 1 : p;
}

/* End of the word at @p: unquoted whitespace or a comment ends it. */
static const char *text_word_end(const char *p)
{
	while (*p) {
		if (text_space(*p) || text_comment_starts(p))
			return p;
		if (*p == '"')
			p = text_skip_double_quote(p);
		else if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				;
			if (*p)
				p++;
		} else if (p[0] == '\\' && p[1] == '<') {
			for (p += 2; *p && *p != '>'; p++)
				;
			if (*p)
				p++;
		} else
			p++;
	}
	return p;
}

char *script_shift_word(const char **rest)
{
	const char *p = script_skip_space(*rest);
	const char *end = text_word_end(p);
	char *word = strndup(p, (size_t)(end - p));
	*rest = script_skip_space(end);
	return word;
}

bool script_is_blank(const char *s)
{
	return !s || !*script_skip_space(s);
}

char *script_strdup_trim(const char *s)
{
	if (!s)
		return strdup("");
	while (text_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && text_space(s[n - 1]))
		n--;
	return strndup(s, n);
}

static int text_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A \<hex bytes> block at @p: append its bytes, return what follows. */
static const char *text_hex_block(const char *p, struct nfc_strbuf *out)
{
	int value = 0, digits = 0;
	for (p += 2; *p && *p != '>'; p++) {
		if (text_comment_starts(p)) {
			p = text_skip_comment(p) - 1;
			continue;
		}
		int h = text_hex(*p);
		if (h < 0)
			continue; /* spaces separate bytes */
		value = value * 16 + h;
		if (++digits == 2) {
			nfc_strbuf_putc(out, (char)value);
			value = digits = 0;
		}
	}
	return *p ? p + 1 : p;
}

/* A backslash escape inside double quotes at @p: append it, return what follows. */
static const char *text_escape(const char *p, struct nfc_strbuf *out)
{
	char c = p[1];
	switch (c) {
	case '\r':
		return p[2] == '\n' ? p + 3 : p + 2; /* line continuation */
	case '\n':
		return p + 2;
	case 'a': nfc_strbuf_putc(out, '\a'); return p + 2;
	case 'b': nfc_strbuf_putc(out, '\b'); return p + 2;
	case 'f': nfc_strbuf_putc(out, '\f'); return p + 2;
	case 'n': nfc_strbuf_putc(out, '\n'); return p + 2;
	case 'r': nfc_strbuf_putc(out, '\r'); return p + 2;
	case 't': nfc_strbuf_putc(out, '\t'); return p + 2;
	case 'v': nfc_strbuf_putc(out, '\v'); return p + 2;
	case '<':
		return text_hex_block(p, out);
	case 'x': {
		int value = 0;
		for (p += 2; text_hex(*p) >= 0; p++)
			value = value * 16 + text_hex(*p);
		nfc_strbuf_putc(out, (char)value);
		return p;
	}
	default:
		if (c >= '0' && c <= '7') {
			int value = 0, n = 0;
			for (p++; n < 3 && *p >= '0' && *p <= '7'; p++, n++)
				value = value * 8 + (*p - '0');
			nfc_strbuf_putc(out, (char)value);
			return p;
		}
		nfc_strbuf_putc(out, c);
		return p + 2;
	}
}

/* Remove comments outside quotes (each becomes a space) and outer whitespace. */
static char *text_uncomment(const char *s)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	const char *p = s;
	while (*p) {
		if (*p == '"') {
			const char *q = text_skip_double_quote(p);
			nfc_strbuf_append(&sb, p, (size_t)(q - p));
			p = q;
		} else if (*p == '\'') {
			const char *q = p + 1;
			while (*q && *q != '\'')
				q++;
			if (*q)
				q++;
			nfc_strbuf_append(&sb, p, (size_t)(q - p));
			p = q;
		} else if (text_comment_starts(p)) {
			p = text_skip_comment(p);
			nfc_strbuf_putc(&sb, ' ');
		} else
			nfc_strbuf_putc(&sb, *p++);
	}
	char *trimmed = script_strdup_trim(nfc_strbuf_str(&sb));
	nfc_strbuf_free(&sb);
	return trimmed;
}

char *script_unquote(const char *s)
{
	char *text = text_uncomment(s ? s : "");
	struct nfc_strbuf out = NFC_STRBUF_INIT;
	char quote = 0;
	for (const char *p = text; *p;) {
		if ((*p == '"' || *p == '\'') && (!quote || quote == *p)) {
			quote = quote ? 0 : *p;
			p++;
		} else if (*p == '\\' && p[1] && (quote == '"' || (!quote && p[1] == '<')))
			p = quote ? text_escape(p, &out) : text_hex_block(p, &out);
		else
			nfc_strbuf_putc(&out, *p++);
	}
	free(text);
	char *r = nfc_strbuf_take(&out);
	return r ? r : strdup("");
}

char *script_quote(const char *s)
{
	struct nfc_strbuf out = NFC_STRBUF_INIT;
	nfc_strbuf_putc(&out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == '"' || *p == '$') {
			nfc_strbuf_putc(&out, '\\');
			nfc_strbuf_putc(&out, (char)*p);
		} else if (*p == '\t')
			nfc_strbuf_puts(&out, "\\t");
		else if (*p == '\r')
			nfc_strbuf_puts(&out, "\\r");
		else if (*p == '\n')
			nfc_strbuf_puts(&out, "\\n");
		else if (*p < 32 || *p > 126)
			nfc_strbuf_printf(&out, "\\%03o", *p);
		else
			nfc_strbuf_putc(&out, (char)*p);
	}
	nfc_strbuf_putc(&out, '"');
	return nfc_strbuf_take(&out);
}

bool script_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "1", "t", "y", "on" };
	static const char *const no[] = { "false", "no", "0", "f", "n", "off" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool script_parse_int(const char *s, int64_t *out)
{
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return false;
	uint64_t v = 0;
	for (; *p; p++) {
		int d = text_hex(*p);
		if (d < 0 || d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

bool script_parse_real(const char *s, double *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	int digits = 0;
	while (isdigit((unsigned char)*p))
		p++, digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	double v = strtod(s, NULL);
	if (errno == ERANGE && isinf(v))
		return false;
	*out = v;
	return true;
}
