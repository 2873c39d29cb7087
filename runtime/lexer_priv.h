/* SPDX-License-Identifier: MIT */
/* Tokens of the Click language: the lexer shared by parser.c and its tests. */
#ifndef NFCLICK_LEXER_PRIV_H
#define NFCLICK_LEXER_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <nfclick/error.h>

/*
 * Token kinds. Single-character tokens ('[', ';', '{', ...) use their own
 * byte value (1..255); 0 is the end of input; the multi-character tokens
 * follow 255 so a kind is never ambiguous.
 */
enum nfc_tok_kind {
	NFC_TOK_EOF = 0,
	NFC_TOK_IDENT = 256,	/* a, Counter@3, comp/inner */
	NFC_TOK_VARIABLE,	/* $name (text excludes the '$') */
	NFC_TOK_ARROW,		/* -> */
	NFC_TOK_DARROW,		/* => */
	NFC_TOK_COLON2,		/* :: */
	NFC_TOK_BAR2,		/* || */
	NFC_TOK_DOT3,		/* ... */
	NFC_TOK_ELEMENTCLASS,
	NFC_TOK_REQUIRE,
	NFC_TOK_PROVIDE,
	NFC_TOK_DEFINE,
};

/** Where a token starts; file points into the lexer's file-name list. */
struct nfc_srcpos {
	const char *file;
	unsigned line, col;
};

struct nfc_token {
	int kind;
	/** Token text (points into the source; not NUL-terminated). */
	const char *s;
	size_t len;
	struct nfc_srcpos pos;
};

/* File names seen in "# line" directives, freed with the lexer. */
struct nfc_lex_name {
	struct nfc_lex_name *next;
	char name[];
};

#define NFC_LEX_UNLEX_MAX 4

struct nfc_lexer {
	const char *begin, *pos, *end;
	/** Start of the current physical line (for columns). */
	const char *line_start;
	const char *file;		/* current name, changed by "# line" */
	const char *orig_file;		/* the input's own name */
	unsigned line;
	struct nfc_token unlexed[NFC_LEX_UNLEX_MAX];
	int nunlexed;
	struct nfc_lex_name *names;
	struct nfc_errh *errh;
	int nerrors;
};

void nfc_lexer_init(struct nfc_lexer *lx, const char *text, size_t len, const char *filename,
		    struct nfc_errh *errh);
void nfc_lexer_destroy(struct nfc_lexer *lx);

/** Next token (after anything pushed back by nfc_lexer_unlex). */
struct nfc_token nfc_lexer_next(struct nfc_lexer *lx);
/** Push @t back; up to NFC_LEX_UNLEX_MAX tokens, last pushed comes first. */
void nfc_lexer_unlex(struct nfc_lexer *lx, const struct nfc_token *t);
/** Peek without consuming. */
struct nfc_token nfc_lexer_peek(struct nfc_lexer *lx);
/**
 * Consume the next token if it has @kind and return true; otherwise leave it
 * and, when @report, say "expected 'X'" at it.
 */
bool nfc_lexer_expect(struct nfc_lexer *lx, int kind, bool report);

/**
 * Read a configuration string: the raw text after a '(' up to the matching
 * unbalanced ')', which is left for the caller to consume. Parentheses inside
 * quotes and comments don't count. Comments are removed (a block comment
 * becomes one space), "# line" directives are obeyed and removed, everything
 * else is kept as written. Returns a malloc'd string.
 */
char *nfc_lexer_config(struct nfc_lexer *lx);

/** The current position (where the next unread byte is). */
struct nfc_srcpos nfc_lexer_here(const struct nfc_lexer *lx);

/** Human description of a token kind for "expected X" messages. */
const char *nfc_token_kind_name(int kind, char *buf, size_t n);
/** Token text escaped for messages ("end of file" for EOF). */
const char *nfc_token_text(const struct nfc_token *t, char *buf, size_t n);

/** Report an error at @pos as "file:line:col: message"; counts in lx->nerrors. */
void nfc_lexer_error_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nfc_lexer_warning_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** Report an error at a ready-made landmark string; counts in lx->nerrors. */
void nfc_lexer_lerror(struct nfc_lexer *lx, const char *landmark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nfc_lexer_verror_at(struct nfc_lexer *lx, const struct nfc_srcpos *pos, int level,
			 const char *fmt, va_list ap);

/** Format "file:line:col" (col 0: "file:line") into @buf. */
const char *nfc_srcpos_format(const struct nfc_srcpos *pos, bool with_col, char *buf, size_t n);

#endif
