/* SPDX-License-Identifier: MIT */
/* Click language lexer: tokens, comments, "# line" directives, config strings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "lexer_priv.h"

void nfc_lexer_init(struct nfc_lexer *lx, const char *text, size_t len, const char *filename,
		    struct nfc_errh *errh)
{
	memset(lx, 0, sizeof(*lx));
	lx->begin = lx->pos = lx->line_start = text;
	lx->end = text + len;
	lx->file = lx->orig_file = filename && *filename ? filename : "config";
	lx->line = 1;
	lx->errh = errh;
}

void nfc_lexer_destroy(struct nfc_lexer *lx)
{
	while (lx->names) {
		struct nfc_lex_name *n = lx->names->next;
		free(lx->names);
		lx->names = n;
	}
}

const char *nfc_srcpos_format(const struct nfc_srcpos *pos, bool with_col, char *buf, size_t n)
{
	if (with_col && pos->col)
		snprintf(buf, n, "%s:%u:%u", pos->file, pos->line, pos->col);
	else
		snprintf(buf, n, "%s:%u", pos->file, pos->line);
	return buf;
}

void nfc_lexer_verror_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, int level,
			 const char *fmt, va_list ap)
{
	char lm[512];
	nfc_srcpos_format(pos, true, lm, sizeof lm);
	if (level == NFC_ERRH_ERROR)
		lx->nerrors++;
	nfc_verror(lx->errh, (enum nfc_errh_level)level, lm, fmt, ap);
}

void nfc_lexer_error_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_lexer_verror_at(lx, pos, NFC_ERRH_ERROR, fmt, ap);
	va_end(ap);
}

void nfc_lexer_warning_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_lexer_verror_at(lx, pos, NFC_ERRH_WARNING, fmt, ap);
	va_end(ap);
}

void nfc_lexer_lerror(struct nfc_lexer *lx, const char *landmark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lx->nerrors++;
	nfc_verror(lx->errh, NFC_ERRH_ERROR, landmark, fmt, ap);
	va_end(ap);
}

struct nfc_srcpos nfc_lexer_here(const struct nfc_lexer *lx)
{
	struct nfc_srcpos p = { lx->file, lx->line, (unsigned)(lx->pos - lx->line_start) + 1 };
	return p;
}

static struct nfc_srcpos lx_pos_of(const struct nfc_lexer *lx, const char *s)
{
	struct nfc_srcpos p = { lx->file, lx->line, (unsigned)(s - lx->line_start) + 1 };
	return p;
}

/* A newline ends just before @after. */
static void lx_newline(struct nfc_lexer *lx, const char *after)
{
	if (lx->line < 0x7fffffffu)
		lx->line++;
	lx->line_start = after;
}

/* If @s starts a newline sequence (\n, \r, \r\n), count it and return the
 * pointer past it; otherwise NULL. */
static const char *lx_eat_newline(struct nfc_lexer *lx, const char *s)
{
	if (*s == '\n') {
		lx_newline(lx, s + 1);
		return s + 1;
	}
	if (*s == '\r') {
		if (s + 1 < lx->end && s[1] == '\n')
			s++;
		lx_newline(lx, s + 1);
		return s + 1;
	}
	return NULL;
}

/* Past the end of the line (newline included). */
static const char *lx_skip_line(struct nfc_lexer *lx, const char *s)
{
	for (; s < lx->end; s++) {
		const char *n = lx_eat_newline(lx, s);
		if (n)
			return n;
	}
	return s;
}

/* Past the closing star-slash of a block comment (or the end). */
static const char *lx_skip_block_comment(struct nfc_lexer *lx, const char *s)
{
	while (s < lx->end) {
		const char *n = lx_eat_newline(lx, s);
		if (n)
			s = n;
		else if (*s == '*' && s + 1 < lx->end && s[1] == '/')
			return s + 2;
		else
			s++;
	}
	return lx->end;
}

/* Past a "\<hex digits>" blob whose "\<" is already behind @s. */
static const char *lx_skip_backslash_angle(struct nfc_lexer *lx, const char *s)
{
	while (s < lx->end) {
		const char *n = lx_eat_newline(lx, s);
		if (n)
			s = n;
		else if (*s == '/' && s + 1 < lx->end && s[1] == '/')
			s = lx_skip_line(lx, s + 2);
		else if (*s == '/' && s + 1 < lx->end && s[1] == '*')
			s = lx_skip_block_comment(lx, s + 2);
		else if (*s == '>')
			return s + 1;
		else
			s++;
	}
	return lx->end;
}

/* Past the closing quote @endc; backslash escapes count only in "...". */
static const char *lx_skip_quote(struct nfc_lexer *lx, const char *s, char endc)
{
	while (s < lx->end) {
		const char *n = lx_eat_newline(lx, s);
		if (n)
			s = n;
		else if (*s == '\\' && endc == '"' && s + 1 < lx->end) {
			if (s[1] == '<')
				s = lx_skip_backslash_angle(lx, s + 2);
			else if (s[1] == '\n' || s[1] == '\r')
				s++; /* let the newline be counted */
			else
				s += 2;
		} else if (*s == endc)
			return s + 1;
		else
			s++;
	}
	return lx->end;
}

static const char *lx_intern_name(struct nfc_lexer *lx, const char *s, size_t n)
{
	struct nfc_lex_name *nm = malloc(sizeof(*nm) + n + 1);
	if (!nm)
		return lx->file;
	memcpy(nm->name, s, n);
	nm->name[n] = '\0';
	nm->next = lx->names;
	lx->names = nm;
	return nm->name;
}

/*
 * "# line N "file"" or "# N "file"" at the start of a line: the next line is
 * line N of "file" ("" means the input's own name). Returns a pointer to the
 * newline ending the directive, so the caller counts it.
 */
static const char *lx_line_directive(struct nfc_lexer *lx, const char *s)
{
	const char *hash = s;
	for (s++; s < lx->end && (*s == ' ' || *s == '\t'); s++)
		;
	if (s + 4 < lx->end && memcmp(s, "line", 4) == 0 && (s[4] == ' ' || s[4] == '\t'))
		for (s += 5; s < lx->end && (*s == ' ' || *s == '\t'); s++)
			;
	if (s >= lx->end || !isdigit((unsigned char)*s)) {
		struct nfc_srcpos p = lx_pos_of(lx, hash);
		nfc_lexer_error_at(lx, &p, "unknown preprocessor directive");
		for (; s < lx->end && *s != '\n' && *s != '\r'; s++)
			;
		return s;
	}
	unsigned long line = 0;
	for (; s < lx->end && isdigit((unsigned char)*s); s++)
		if (line < 0x7fffffffu)
			line = line * 10 + (unsigned long)(*s - '0');
	for (; s < lx->end && (*s == ' ' || *s == '\t'); s++)
		;
	if (s < lx->end && *s == '"') {
		struct nfc_strbuf name = NFC_STRBUF_INIT;
		for (s++; s < lx->end && *s != '"' && *s != '\n' && *s != '\r'; s++) {
			if (*s == '\\' && s + 1 < lx->end && s[1] != '\n' && s[1] != '\r')
				s++;
			nfc_strbuf_putc(&name, *s);
		}
		lx->file = name.len ? lx_intern_name(lx, name.s, name.len) : lx->orig_file;
		nfc_strbuf_free(&name);
	}
	for (; s < lx->end && *s != '\n' && *s != '\r'; s++)
		;
	/* The newline that ends the directive will count one more line. */
	lx->line = line ? (unsigned)line - 1 : 0;
	return s;
}

static bool is_word_char(int c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '@';
}

static struct nfc_token lx_make(struct nfc_lexer *lx, int kind, const char *s, size_t len)
{
	struct nfc_token t = { kind, s, len, lx_pos_of(lx, s) };
	lx->pos = s + len;
	return t;
}

static struct nfc_token lx_scan(struct nfc_lexer *lx)
{
	const char *s = lx->pos;
	for (;;) {
		while (s < lx->end && isspace((unsigned char)*s)) {
			const char *n = lx_eat_newline(lx, s);
			s = n ? n : s + 1;
		}
		if (s >= lx->end) {
			lx->pos = lx->end;
			return lx_make(lx, NFC_TOK_EOF, lx->end, 0);
		}
		if (*s == '/' && s + 1 < lx->end && s[1] == '/')
			s = lx_skip_line(lx, s + 2);
		else if (*s == '/' && s + 1 < lx->end && s[1] == '*')
			s = lx_skip_block_comment(lx, s + 2);
		else if (*s == '#' && (s == lx->begin || s[-1] == '\n' || s[-1] == '\r'))
			s = lx_line_directive(lx, s);
		else
			break;
	}

	const char *w = s;
	if (is_word_char(*s)) {
		/* '/' joins words when a word character follows: comp/inner */
		do {
			s++;
			while (s < lx->end && is_word_char(*s))
				s++;
		} while (s + 1 < lx->end && *s == '/' && is_word_char(s[1]));
		size_t n = (size_t)(s - w);
		int kind = NFC_TOK_IDENT;
		if (n == 12 && memcmp(w, "elementclass", 12) == 0)
			kind = NFC_TOK_ELEMENTCLASS;
		else if (n == 7 && memcmp(w, "require", 7) == 0)
			kind = NFC_TOK_REQUIRE;
		else if (n == 7 && memcmp(w, "provide", 7) == 0)
			kind = NFC_TOK_PROVIDE;
		else if (n == 6 && memcmp(w, "define", 6) == 0)
			kind = NFC_TOK_DEFINE;
		return lx_make(lx, kind, w, n);
	}

	if (*s == '$') {
		for (s++; s < lx->end && (isalnum((unsigned char)*s) || *s == '_'); s++)
			;
		struct nfc_token t = lx_make(lx, NFC_TOK_VARIABLE, w, (size_t)(s - w));
		t.s++; /* the name, without '$' */
		t.len--;
		return t;
	}

	if (s + 1 < lx->end) {
		if (s[0] == '-' && s[1] == '>')
			return lx_make(lx, NFC_TOK_ARROW, s, 2);
		if (s[0] == '=' && s[1] == '>')
			return lx_make(lx, NFC_TOK_DARROW, s, 2);
		if (s[0] == ':' && s[1] == ':')
			return lx_make(lx, NFC_TOK_COLON2, s, 2);
		if (s[0] == '|' && s[1] == '|')
			return lx_make(lx, NFC_TOK_BAR2, s, 2);
	}
	if (s + 2 < lx->end && s[0] == '.' && s[1] == '.' && s[2] == '.')
		return lx_make(lx, NFC_TOK_DOT3, s, 3);
	return lx_make(lx, (unsigned char)*s, s, 1);
}

struct nfc_token nfc_lexer_next(struct nfc_lexer *lx)
{
	if (lx->nunlexed)
		return lx->unlexed[--lx->nunlexed];
	return lx_scan(lx);
}

void nfc_lexer_unlex(struct nfc_lexer *lx, const struct nfc_token *t)
{
	/* The parser never pushes back more than two; dropping beats crashing. */
	if (lx->nunlexed < NFC_LEX_UNLEX_MAX)
		lx->unlexed[lx->nunlexed++] = *t;
}

struct nfc_token nfc_lexer_peek(struct nfc_lexer *lx)
{
	struct nfc_token t = nfc_lexer_next(lx);
	nfc_lexer_unlex(lx, &t);
	return t;
}

bool nfc_lexer_expect(struct nfc_lexer *lx, int kind, bool report)
{
	struct nfc_token t = nfc_lexer_next(lx);
	if (t.kind == kind)
		return true;
	nfc_lexer_unlex(lx, &t);
	if (report) {
		char kb[32];
		nfc_lexer_error_at(lx, &t.pos, "expected %s", nfc_token_kind_name(kind, kb, sizeof kb));
	}
	return false;
}

char *nfc_lexer_config(struct nfc_lexer *lx)
{
	/* Anything pushed back would be lost: the parser lexes configs right
	 * after reading '(' with nothing pending. */
	const char *s = lx->pos, *kept = s;
	struct nfc_strbuf out = NFC_STRBUF_INIT;
	unsigned depth = 1;

	while (s < lx->end) {
		const char *n;
		if (*s == '(') {
			depth++;
			s++;
		} else if (*s == ')') {
			if (--depth == 0)
				break;
			s++;
		} else if ((n = lx_eat_newline(lx, s)) != NULL) {
			s = n;
			if (s < lx->end && *s == '#') {
				/* A directive line vanishes from the string. */
				nfc_strbuf_append(&out, kept, (size_t)(s - kept));
				s = lx_line_directive(lx, s);
				if (s < lx->end) {
					const char *after = lx_eat_newline(lx, s);
					s = after ? after : s + 1;
				}
				kept = s;
			}
		} else if (*s == '/' && s + 1 < lx->end && (s[1] == '/' || s[1] == '*')) {
			nfc_strbuf_append(&out, kept, (size_t)(s - kept));
			if (s[1] == '*') {
				s = lx_skip_block_comment(lx, s + 2);
				nfc_strbuf_putc(&out, ' ');
			} else
				for (s += 2; s < lx->end && *s != '\n' && *s != '\r'; s++)
					;
			kept = s;
		} else if (*s == '\'' || *s == '"')
			s = lx_skip_quote(lx, s + 1, *s);
		else if (*s == '\\' && s + 1 < lx->end && s[1] == '<')
			s = lx_skip_backslash_angle(lx, s + 2);
		else
			s++;
	}
	if (s > lx->end)
		s = lx->end;
	nfc_strbuf_append(&out, kept, (size_t)(s - kept));
	lx->pos = s;
	char *r = nfc_strbuf_take(&out);
	return r ? r : strdup("");
}

const char *nfc_token_kind_name(int kind, char *buf, size_t n)
{
	switch (kind) {
	case NFC_TOK_EOF: return "end of file";
	case NFC_TOK_IDENT: return "identifier";
	case NFC_TOK_VARIABLE: return "variable";
	case NFC_TOK_ARROW: return "'->'";
	case NFC_TOK_DARROW: return "'=>'";
	case NFC_TOK_COLON2: return "'::'";
	case NFC_TOK_BAR2: return "'||'";
	case NFC_TOK_DOT3: return "'...'";
	case NFC_TOK_ELEMENTCLASS: return "'elementclass'";
	case NFC_TOK_REQUIRE: return "'require'";
	case NFC_TOK_PROVIDE: return "'provide'";
	case NFC_TOK_DEFINE: return "'define'";
	default:
		if (kind >= 32 && kind < 127)
			snprintf(buf, n, "'%c'", kind);
		else
			snprintf(buf, n, "'\\%03o'", (unsigned)kind & 0xff);
		return buf;
	}
}

const char *nfc_token_text(const struct nfc_token *t, char *buf, size_t n)
{
	if (t->kind == NFC_TOK_EOF) {
		snprintf(buf, n, "end of file");
		return buf;
	}
	/* Quote it like Click ('x'), escaping what would garble a terminal,
	 * and cut very long tokens. */
	size_t o = 0, limit = n > 16 ? n - 16 : 0;
	const char *s = t->s;
	size_t len = t->len;
	if (t->kind == NFC_TOK_VARIABLE) {
		s--;
		len++;
	}
	buf[o++] = '\'';
	for (size_t i = 0; i < len && o < limit; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 32 && c < 127 && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, n - o, "\\%03o", c);
	}
	if (o >= limit && limit)
		o += (size_t)snprintf(buf + o, n - o, "...");
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}
