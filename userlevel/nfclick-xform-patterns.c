/* SPDX-License-Identifier: MIT */
/* nfclick-xform: reading pattern files (pairs of compounds X and X_Replacement). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "nfclick-xform.h"

/*
 * nfc_config_parse gives a flat graph, not the compound classes of a file.
 * So a light scan finds where each top-level "elementclass NAME { ... }"
 * lies in the text, and the library does the real work twice per compound:
 *
 *  1. the body alone, at top level, with "input" and "output" declared as
 *     plain elements: which ports of the compound are used;
 *  2. the file's classes plus "xform_pattern :: NAME" with every port wired
 *     to two marker elements: the body flattened exactly as a compound is,
 *     with Click's element names ("cp", "DropBroadcasts@1").
 *
 * Everything else at top level of a pattern file is blanked out, keeping the
 * newlines so that messages name the right lines.
 */

#define INSTANCE "xform_pattern"

struct span {
	char *name;
	size_t start, open, close; /* "elementclass", '{', '}' */
	int line;
	bool params; /* "$a, $b |" formals or "||" overloads */
};

struct scan {
	const char *s;
	size_t len, pos;
	int line;
};

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '@' || c == '/';
}

/* Skip whitespace, comments, strings and "#" line directives; return whether
 * anything was skipped. */
static bool skip_blank(struct scan *sc)
{
	size_t p0 = sc->pos;
	while (sc->pos < sc->len) {
		const char *s = sc->s + sc->pos;
		size_t left = sc->len - sc->pos;
		if (*s == '\n') {
			sc->line++;
			sc->pos++;
		} else if (isspace((unsigned char)*s))
			sc->pos++;
		else if (left >= 2 && s[0] == '/' && s[1] == '/') {
			while (sc->pos < sc->len && sc->s[sc->pos] != '\n')
				sc->pos++;
		} else if (left >= 2 && s[0] == '/' && s[1] == '*') {
			sc->pos += 2;
			while (sc->pos < sc->len
			       && !(sc->s[sc->pos] == '*' && sc->pos + 1 < sc->len
				    && sc->s[sc->pos + 1] == '/')) {
				sc->line += sc->s[sc->pos] == '\n';
				sc->pos++;
			}
			sc->pos = sc->pos + 2 <= sc->len ? sc->pos + 2 : sc->len;
		} else if (*s == '#' && (sc->pos == 0 || sc->s[sc->pos - 1] == '\n')) {
			while (sc->pos < sc->len && sc->s[sc->pos] != '\n')
				sc->pos++;
		} else
			break;
	}
	return sc->pos > p0;
}

static void skip_string(struct scan *sc)
{
	char q = sc->s[sc->pos++];
	while (sc->pos < sc->len && sc->s[sc->pos] != q) {
		if (q == '"' && sc->s[sc->pos] == '\\' && sc->pos + 1 < sc->len)
			sc->pos++;
		sc->line += sc->s[sc->pos] == '\n';
		sc->pos++;
	}
	if (sc->pos < sc->len)
		sc->pos++;
}

static size_t read_ident(struct scan *sc)
{
	size_t p0 = sc->pos;
	while (sc->pos < sc->len && ident_char(sc->s[sc->pos]))
		sc->pos++;
	return sc->pos - p0;
}

/* Find the top-level compound definitions of @text. The parser has accepted
 * the text already, so braces and parentheses balance. */
static int scan_compounds(const char *text, struct span **out)
{
	struct scan sc = { text, strlen(text), 0, 1 };
	int n = 0, cap = 0, braces = 0, parens = 0;
	struct span *v = NULL, *cur = NULL;
	while (sc.pos < sc.len) {
		if (skip_blank(&sc))
			continue;
		char c = sc.s[sc.pos];
		size_t at = sc.pos;
		int line = sc.line;
		if (c == '"' || c == '\'') {
			skip_string(&sc);
		} else if (c == '(') {
			parens++;
			sc.pos++;
		} else if (c == ')') {
			parens -= parens > 0;
			sc.pos++;
		} else if (c == '{' && !parens) {
			braces++;
			sc.pos++;
		} else if (c == '}' && !parens) {
			braces -= braces > 0;
			sc.pos++;
			if (braces == 0 && cur) {
				cur->close = at;
				cur = NULL;
			}
		} else if (c == '|' && !parens && braces == 1 && cur) {
			cur->params = true;
			sc.pos++;
		} else if (ident_char(c)) {
			size_t len = read_ident(&sc);
			if (braces || parens || len != 12 || strncmp(text + at, "elementclass", 12) != 0)
				continue;
			skip_blank(&sc);
			size_t name_at = sc.pos, name_len = read_ident(&sc);
			skip_blank(&sc);
			if (!name_len || sc.pos >= sc.len || sc.s[sc.pos] != '{')
				continue; /* a synonym: "elementclass X Y;" */
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				v = xf_xrealloc(v, (size_t)cap * sizeof *v);
			}
			cur = &v[n++];
			char *name = xf_xrealloc(NULL, name_len + 1);
			memcpy(name, text + name_at, name_len);
			name[name_len] = '\0';
			*cur = (struct span){ name, at, sc.pos, sc.len, line, false };
			braces++;
			sc.pos++;
		} else
			sc.pos++;
	}
	/* an unclosed compound (which the parser would have refused) is no span */
	if (n && v[n - 1].close >= sc.len)
		free(v[--n].name);
	*out = v;
	return n;
}

/* Append text[from, to) to @sb, as is or with everything but newlines blanked. */
static void put_range(struct nfc_strbuf *sb, const char *text, size_t from, size_t to, bool keep)
{
	if (keep) {
		nfc_strbuf_append(sb, text + from, to - from);
		return;
	}
	for (size_t i = from; i < to; i++)
		nfc_strbuf_putc(sb, text[i] == '\n' ? '\n' : ' ');
}

/* The file with only its compound definitions kept; with @unwrap set, that
 * compound's body comes out at top level after "input"/"output" markers. */
static void keep_classes(struct nfc_strbuf *sb, const char *text, const struct span *v, int n,
			 const struct span *unwrap)
{
	size_t pos = 0, len = strlen(text);
	for (int i = 0; i < n; i++) {
		put_range(sb, text, pos, v[i].start, false);
		if (&v[i] == unwrap) {
			nfc_strbuf_puts(sb, "input :: Idle; output :: Idle; ");
			put_range(sb, text, v[i].start, v[i].open + 1, false);
			put_range(sb, text, v[i].open + 1, v[i].close, true);
			put_range(sb, text, v[i].close, v[i].close + 1, false);
		} else
			put_range(sb, text, v[i].start, v[i].close + 1, true);
		pos = v[i].close + 1;
	}
	put_range(sb, text, pos, len, false);
}

/* Used ports of markers "input" (as sources) and "output" (as destinations). */
static void count_ports(const struct nfc_flat_config *fc, int *nin, int *nout)
{
	*nin = *nout = 0;
	for (int c = 0; c < fc->nconnections; c++) {
		const struct nfc_flat_connection *k = &fc->connections[c];
		if (strcmp(fc->elements[k->from].name, "input") == 0 && *nin <= k->from_port)
			*nin = k->from_port + 1;
		if (strcmp(fc->elements[k->to].name, "output") == 0 && *nout <= k->to_port)
			*nout = k->to_port + 1;
	}
}

/* Flatten compound @sp of @text into @g; *input / *output get the markers. */
static int compound_graph(const char *text, const char *path, const struct span *v, int n,
			  const struct span *sp, struct xf_graph *g, int *input, int *output,
			  struct nfc_errh *errh)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	struct nfc_flat_config fc;
	keep_classes(&sb, text, v, n, sp);
	int r = nfc_config_parse(nfc_strbuf_str(&sb), path, NULL, 0, &fc, errh);
	nfc_strbuf_free(&sb);
	if (r < 0)
		return -1;
	int nin, nout;
	count_ports(&fc, &nin, &nout);
	nfc_flat_config_free(&fc);

	keep_classes(&sb, text, v, n, NULL);
	nfc_strbuf_printf(&sb, "\ninput :: Idle; output :: Idle; " INSTANCE " :: %s;", sp->name);
	for (int i = 0; i < nin; i++)
		nfc_strbuf_printf(&sb, " input [%d] -> [%d] " INSTANCE ";", i, i);
	for (int i = 0; i < nout; i++)
		nfc_strbuf_printf(&sb, " " INSTANCE " [%d] -> [%d] output;", i, i);
	r = nfc_config_parse(nfc_strbuf_str(&sb), path, NULL, 0, &fc, errh);
	nfc_strbuf_free(&sb);
	if (r < 0)
		return -1;
	xf_graph_take_flat(g, &fc);
	*input = *output = -1;
	const size_t plen = strlen(INSTANCE "/");
	for (int i = 0; i < g->nel; i++) {
		char *name = g->el[i].name;
		if (strcmp(name, "input") == 0)
			*input = i;
		else if (strcmp(name, "output") == 0)
			*output = i;
		else if (strncmp(name, INSTANCE "/", plen) == 0)
			memmove(name, name + plen, strlen(name + plen) + 1);
	}
	/* markers the body does not use are no part of the pattern */
	if (!nin && *input >= 0) {
		xf_graph_kill(g, *input);
		*input = -1;
	}
	if (!nout && *output >= 0) {
		xf_graph_kill(g, *output);
		*output = -1;
	}
	return 0;
}


/* A pattern must be something to find; and its "input" cannot lead straight to
 * its "output" (there would be no element to stand in for). */
static int check_pattern(const struct xf_pattern *p, const char *what, struct nfc_errh *errh)
{
	int live = 0;
	for (int i = 0; i < p->pat.nel; i++)
		live += !p->pat.el[i].dead && i != p->pat_input && i != p->pat_output;
	if (!live)
		return nfc_lerror(errh, p->pat_landmark, "pattern '%s' has no elements", what);
	for (int c = 0; c < p->pat.nconn; c++)
		if (p->pat.conn[c].from == p->pat_input && p->pat.conn[c].to == p->pat_output)
			return nfc_lerror(errh, p->pat_landmark,
					  "pattern '%s' connects its input straight to its output",
					  what);
	return 0;
}

static void push_pattern(struct xf_patterns *ps, const struct xf_pattern *p)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 8;
		ps->v = xf_xrealloc(ps->v, (size_t)ps->cap * sizeof *ps->v);
	}
	ps->v[ps->n++] = *p;
}

static void pattern_free(struct xf_pattern *p)
{
	free(p->name);
	free(p->pat_landmark);
	free(p->rep_landmark);
	xf_graph_free(&p->pat);
	xf_graph_free(&p->rep);
}

int xf_read_patterns(const char *path, struct xf_patterns *out, struct nfc_errh *errh)
{
	char *text = nfc_read_file(path, errh);
	if (!text)
		return -1;
	/* The whole file first: syntax and class errors with their lines. */
	struct nfc_flat_config fc;
	if (nfc_config_parse(text, path, NULL, 0, &fc, errh) < 0) {
		free(text);
		return -1;
	}
	nfc_flat_config_free(&fc);

	struct span *v;
	int n = scan_compounds(text, &v), npairs = 0, r = 0;
	for (int i = 0; i < n && r == 0; i++) {
		size_t len = strlen(v[i].name);
		if (len <= 12 || strcmp(v[i].name + len - 12, "_Replacement") != 0)
			continue;
		const struct span *base = NULL;
		for (int j = 0; j < n; j++)
			if (strlen(v[j].name) == len - 12 && strncmp(v[j].name, v[i].name, len - 12) == 0)
				base = &v[j];
		char lm[1024];
		snprintf(lm, sizeof lm, "%s:%d", path, v[i].line);
		if (!base) {
			nfc_lwarning(errh, lm, "'%s' has no pattern '%.*s': ignored", v[i].name,
				     (int)(len - 12), v[i].name);
			continue;
		}
		const struct span *bad = base->params ? base : v[i].params ? &v[i] : NULL;
		if (bad) {
			snprintf(lm, sizeof lm, "%s:%d", path, bad->line);
			r = nfc_lerror(errh, lm, "pattern compound '%s' has parameters or overloads, "
						 "which patterns cannot have", bad->name);
			break;
		}
		struct xf_pattern p = { .name = xf_xstrdup(base->name), .rep_landmark = xf_xstrdup(lm),
					.next_instance = 1 };
		snprintf(lm, sizeof lm, "%s:%d", path, base->line);
		p.pat_landmark = xf_xstrdup(lm);
		if (compound_graph(text, path, v, n, base, &p.pat, &p.pat_input, &p.pat_output,
				   errh) < 0
		    || compound_graph(text, path, v, n, &v[i], &p.rep, &p.rep_input, &p.rep_output,
				      errh) < 0
		    || check_pattern(&p, p.name, errh) < 0) {
			pattern_free(&p);
			r = -1;
			break;
		}
		push_pattern(out, &p);
		npairs++;
	}
	if (r == 0 && npairs == 0)
		nfc_warning(errh, "%s: no pattern pairs (elementclass X and X_Replacement)", path);
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	free(text);
	return r;
}

int xf_reverse_patterns(struct xf_patterns *ps, struct nfc_errh *errh)
{
	int r = 0;
	for (int i = 0; i < ps->n; i++) {
		struct xf_pattern *p = &ps->v[i];
		struct xf_graph g = p->pat;
		p->pat = p->rep;
		p->rep = g;
		int in = p->pat_input, outp = p->pat_output;
		p->pat_input = p->rep_input;
		p->pat_output = p->rep_output;
		p->rep_input = in;
		p->rep_output = outp;
		char *lm = p->pat_landmark;
		p->pat_landmark = p->rep_landmark;
		p->rep_landmark = lm;
		char *what = xf_xstrdup(p->name);
		what = xf_xrealloc(what, strlen(what) + 13);
		strcat(what, "_Replacement");
		if (check_pattern(p, what, errh) < 0)
			r = -1;
		free(what);
	}
	return r;
}

void xf_patterns_free(struct xf_patterns *ps)
{
	for (int i = 0; i < ps->n; i++)
		pattern_free(&ps->v[i]);
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}
