/* SPDX-License-Identifier: MIT */
/* Configuration text: splitting at commas and spaces, comments, quotes, words. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/args.h>
#include <nfclick/strbuf.h>
#include "args_priv.h"

static bool text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool text_starts_comment(const char *s, const char *end)
{
	return s + 1 < end && s[0] == '/' && (s[1] == '/' || s[1] == '*');
}

/* Past a comment; an unterminated block comment runs to the end. A line
 * comment ends after its newline. */
static const char *text_skip_comment(const char *s, const char *end)
{
	if (s[1] == '/') {
		for (s += 2; s < end && *s != '\n' && *s != '\r'; s++)
			;
		if (s < end && *s == '\r' && s + 1 < end && s[1] == '\n')
			s++;
		return s < end ? s + 1 : end;
	}
	for (s += 2; s + 1 < end && !(s[0] == '*' && s[1] == '/'); s++)
		;
	return s + 1 < end ? s + 2 : end;
}

/* Past a backslash escape inside double quotes, or a \<...> hex block
 * (which may hold comments). */
static const char *text_skip_backslash(const char *s, const char *end)
{
	if (s + 1 >= end)
		return end;
	if (s[1] == '<') {
		for (s += 2; s < end;) {
			if (*s == '>')
				return s + 1;
			if (text_starts_comment(s, end))
				s = text_skip_comment(s, end);
			else
				s++;
		}
		return end;
	}
	if (s[1] == '\r' && s + 2 < end && s[2] == '\n')
		return s + 3;
	return s + 2;
}

static const char *text_skip_double_quote(const char *s, const char *end)
{
	for (s++; s < end;) {
		if (*s == '\\')
			s = text_skip_backslash(s, end);
		else if (*s == '"')
			return s + 1;
		else
			s++;
	}
	return end;
}

static const char *text_skip_single_quote(const char *s, const char *end)
{
	for (s++; s < end; s++)
		if (*s == '\'')
			return s + 1;
	return end;
}

/* Past one quoted string or \<...> block starting at @s, else one char. */
static const char *text_skip_token(const char *s, const char *end)
{
	if (*s == '"')
		return text_skip_double_quote(s, end);
	if (*s == '\'')
		return text_skip_single_quote(s, end);
	if (*s == '\\' && s + 1 < end && s[1] == '<')
		return text_skip_backslash(s, end);
	return s + 1;
}

static const char *text_skip_comment_space(const char *s, const char *end)
{
	while (s < end) {
		if (text_is_space(*s))
			s++;
		else if (text_starts_comment(s, end))
			s = text_skip_comment(s, end);
		else
			break;
	}
	return s;
}

/*
 * One argument starting at @s (Click's partial_uncomment): leading and
 * trailing space dropped, each comment with the space around it becomes
 * one space, other inner space is kept. Stops at a comma outside quotes
 * and brackets; *stop is where it stopped.
 */
static char *text_take_argument(const char *s, const char *end, const char **stop)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	s = text_skip_comment_space(s, end);
	const char *left = s, *right = s;
	bool after_comment = false;
	int depth = 0;
	while (s < end) {
		if (text_is_space(*s)) {
			s++;
			continue;
		}
		if (text_starts_comment(s, end)) {
			s = text_skip_comment(s, end);
			after_comment = true;
			continue;
		}
		if (*s == ',' && depth == 0)
			break;
		if (after_comment) {
			nfc_strbuf_append(&sb, left, (size_t)(right - left));
			nfc_strbuf_putc(&sb, ' ');
			left = s;
			after_comment = false;
		}
		if (*s == '(' || *s == '[' || *s == '{')
			depth++;
		else if ((*s == ')' || *s == ']' || *s == '}') && depth > 0)
			depth--;
		s = text_skip_token(s, end);
		right = s;
	}
	nfc_strbuf_append(&sb, left, (size_t)(right - left));
	*stop = s;
	return nfc_strbuf_take(&sb);
}

int nfc_conf_split(struct nfc_conf *conf, const char *text, const char *landmark)
{
	conf->argc = 0;
	conf->argv = NULL;
	conf->text = text;
	conf->landmark = landmark;
	if (!text || !*text)
		return 0;
	const char *s = text, *end = text + strlen(text);
	int cap = 0;
	while (s < end) {
		const char *stop;
		char *arg = text_take_argument(s, end, &stop);
		/* Like cp_argvec: a final empty argument does not count, so
		 * "a, b," has two arguments but "a, , b" has three. */
		if (!*arg && stop >= end) {
			free(arg);
			break;
		}
		if (conf->argc == cap) {
			cap = cap ? 2 * cap : 8;
			char **nv = realloc(conf->argv, (size_t)cap * sizeof(*nv));
			if (!nv) {
				free(arg);
				nfc_conf_free(conf);
				return -1;
			}
			conf->argv = nv;
		}
		conf->argv[conf->argc++] = arg;
		s = stop + 1; /* past the comma */
	}
	return 0;
}

void nfc_conf_free(struct nfc_conf *conf)
{
	for (int i = 0; i < conf->argc; i++)
		free(conf->argv[i]);
	free(conf->argv);
	conf->argv = NULL;
	conf->argc = 0;
}

char *nfc_conf_join(const struct nfc_conf *conf, int from)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	int first = from < 0 ? 0 : from;
	for (int i = first; i < conf->argc; i++) {
		if (i > first)
			nfc_strbuf_puts(&sb, ", ");
		nfc_strbuf_puts(&sb, conf->argv[i]);
	}
	return nfc_strbuf_take(&sb);
}

static int text_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Expand a \<hex bytes> block at @s; spaces and comments are allowed between
 * digits. Returns the end of the block, or NULL when malformed. */
static const char *text_hex_block(const char *s, const char *end, struct nfc_strbuf *out)
{
	int nibbles = 0, byte = 0;
	for (s += 2; s < end;) {
		int v;
		if (*s == '>') {
			return nibbles ? NULL : s + 1;
		} else if (text_is_space(*s)) {
			s++;
		} else if (text_starts_comment(s, end)) {
			s = text_skip_comment(s, end);
		} else if ((v = text_hex_value(*s)) >= 0) {
			byte = byte * 16 + v;
			if (++nibbles == 2) {
				nfc_strbuf_putc(out, (char)byte);
				nibbles = byte = 0;
			}
			s++;
		} else
			return NULL;
	}
	return NULL;
}

/* One backslash escape inside double quotes (Click's cp_process_backslash). */
static const char *text_escape(const char *s, const char *end, struct nfc_strbuf *out)
{
	if (s + 1 >= end) {
		nfc_strbuf_putc(out, '\\');
		return end;
	}
	char c = s[1];
	switch (c) {
	case '\r':
		return s + 2 < end && s[2] == '\n' ? s + 3 : s + 2;
	case '\n':
		return s + 2; /* line continuation */
	case 'a': nfc_strbuf_putc(out, '\a'); return s + 2;
	case 'b': nfc_strbuf_putc(out, '\b'); return s + 2;
	case 'f': nfc_strbuf_putc(out, '\f'); return s + 2;
	case 'n': nfc_strbuf_putc(out, '\n'); return s + 2;
	case 'r': nfc_strbuf_putc(out, '\r'); return s + 2;
	case 't': nfc_strbuf_putc(out, '\t'); return s + 2;
	case 'v': nfc_strbuf_putc(out, '\v'); return s + 2;
	case '<':
		return text_hex_block(s, end, out);
	case 'x': {
		int v = 0, n = 0, d;
		for (s += 2; s < end && n < 2 && (d = text_hex_value(*s)) >= 0; s++, n++)
			v = v * 16 + d;
		if (!n)
			return NULL;
		nfc_strbuf_putc(out, (char)v);
		return s;
	}
	default:
		if (c >= '0' && c <= '7') {
			int v = 0, n = 0;
			for (s++; s < end && n < 3 && *s >= '0' && *s <= '7'; s++, n++)
				v = v * 8 + (*s - '0');
			nfc_strbuf_putc(out, (char)v);
			return s;
		}
		/* \\ \" \' \$ \, and anything else: the character itself */
		nfc_strbuf_putc(out, c);
		return s + 2;
	}
}

int nfc_args_unquote(const char *s, size_t n, char **out, size_t *len)
{
	const char *end = s + n;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_append(&sb, "", 0);
	while (s < end) {
		if (*s == '"') {
			for (s++; s < end && *s != '"';) {
				if (*s == '\\') {
					s = text_escape(s, end, &sb);
					if (!s)
						goto bad;
				} else
					nfc_strbuf_putc(&sb, *s++);
			}
			if (s >= end)
				goto bad;
			s++;
		} else if (*s == '\'') {
			const char *close = memchr(s + 1, '\'', (size_t)(end - s - 1));
			if (!close)
				goto bad;
			nfc_strbuf_append(&sb, s + 1, (size_t)(close - s - 1));
			s = close + 1;
		} else if (*s == '\\' && s + 1 < end && s[1] == '<') {
			s = text_hex_block(s, end, &sb);
			if (!s)
				goto bad;
		} else
			nfc_strbuf_putc(&sb, *s++);
	}
	*len = sb.len;
	*out = nfc_strbuf_take(&sb);
	return 0;
bad:
	nfc_strbuf_free(&sb);
	return -1;
}

int nfc_parse_string(const char *s, char **out, size_t *len)
{
	size_t n;
	if (!s || nfc_args_unquote(s, strlen(s), out, &n) < 0)
		return -1;
	if (len)
		*len = n;
	return 0;
}

bool nfc_args_is_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\'' || c == '\\' || c == ',' || c <= 32 || c >= 127)
			return false;
	}
	return n > 0;
}

/* End of the space-separated item at @s (quotes and \<...> kept whole;
 * a comment ends it). */
static const char *text_item_end(const char *s, const char *end)
{
	while (s < end && !text_is_space(*s) && !text_starts_comment(s, end))
		s = text_skip_token(s, end);
	return s;
}

int nfc_parse_word(const char *s, char **word, const char **rest)
{
	if (!s)
		return -1;
	const char *end = s + strlen(s);
	while (s < end && text_is_space(*s))
		s++;
	const char *wend = text_item_end(s, end);
	if (wend == s)
		return -1;
	const char *after = wend;
	while (after < end && text_is_space(*after))
		after++;
	if (!rest && after != end)
		return -1;
	char *w;
	size_t n;
	if (nfc_args_unquote(s, (size_t)(wend - s), &w, &n) < 0)
		return -1;
	if (!nfc_args_is_word(w, n) || strlen(w) != n) {
		free(w);
		return -1;
	}
	*word = w;
	if (rest)
		*rest = after;
	return 0;
}

int nfc_split_words(const char *s, char ***words, int *nwords)
{
	*words = NULL;
	*nwords = 0;
	if (!s)
		return 0;
	const char *end = s + strlen(s);
	int cap = 0;
	while ((s = text_skip_comment_space(s, end)) < end) {
		const char *wend = text_item_end(s, end);
		if (*nwords == cap) {
			cap = cap ? 2 * cap : 8;
			char **nw = realloc(*words, (size_t)cap * sizeof(*nw));
			if (!nw)
				goto oom;
			*words = nw;
		}
		char *w = strndup(s, (size_t)(wend - s));
		if (!w)
			goto oom;
		(*words)[(*nwords)++] = w;
		s = wend;
	}
	return 0;
oom:
	nfc_words_free(*words, *nwords);
	*words = NULL;
	*nwords = 0;
	return -1;
}

void nfc_words_free(char **words, int nwords)
{
	for (int i = 0; i < nwords; i++)
		free(words[i]);
	free(words);
}
