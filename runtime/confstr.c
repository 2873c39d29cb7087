/* SPDX-License-Identifier: MIT */
/* Config-string helpers for the language front end: splitting, unquoting,
 * $variable substitution, compound argument matching. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "parser_priv.h"

/* ---- lexical pieces of configuration strings (Click's confparse rules) ---- */

/* Past a comment starting at @s ("//..." or block). Never beyond @end. */
static const char *skip_comment(const char *s, const char *end)
{
	if (s[1] == '/') {
		for (s += 2; s < end && *s != '\n' && *s != '\r'; s++)
			;
		if (s + 1 < end && *s == '\r' && s[1] == '\n')
			s++;
		return s < end ? s + 1 : end;
	}
	for (s += 2; s + 1 < end && (*s != '*' || s[1] != '/'); s++)
		;
	return s + 2 <= end ? s + 2 : end;
}

static bool at_comment(const char *s, const char *end)
{
	return *s == '/' && s + 1 < end && (s[1] == '/' || s[1] == '*');
}

static const char *skip_backslash(const char *s, const char *end)
{
	if (s + 1 >= end)
		return end;
	if (s[1] == '<') {
		for (s += 2; s < end;)
			if (*s == '>')
				return s + 1;
			else if (at_comment(s, end))
				s = skip_comment(s, end);
			else
				s++;
		return end;
	}
	if (s[1] == '\r' && s + 2 < end && s[2] == '\n')
		return s + 3;
	return s + 2;
}

static const char *skip_double_quote(const char *s, const char *end)
{
	for (s++; s < end;)
		if (*s == '\\')
			s = skip_backslash(s, end);
		else if (*s == '"')
			return s + 1;
		else
			s++;
	return end;
}

static const char *skip_single_quote(const char *s, const char *end)
{
	for (s++; s < end; s++)
		if (*s == '\'')
			return s + 1;
	return end;
}

static const char *skip_comment_space(const char *s, const char *end)
{
	while (s < end) {
		if (isspace((unsigned char)*s))
			s++;
		else if (at_comment(s, end))
			s = skip_comment(s, end);
		else
			break;
	}
	return s;
}

/* One argument starting at @s: spaces trimmed, comments (and the spaces
 * around them) become one space. Stops at an unquoted comma when @at_comma. */
static char *uncomment_part(const char *s, const char *end, bool at_comma, const char **stop)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	s = skip_comment_space(s, end);
	const char *left = s, *right = s;
	bool closed = false;
	while (s < end) {
		if (isspace((unsigned char)*s))
			s++;
		else if (at_comment(s, end)) {
			s = skip_comment(s, end);
			closed = true;
		} else if (*s == ',' && at_comma)
			break;
		else {
			if (closed) {
				nfc_strbuf_append(&sb, left, (size_t)(right - left));
				nfc_strbuf_putc(&sb, ' ');
				left = s;
				closed = false;
			}
			if (*s == '\'')
				s = skip_single_quote(s, end);
			else if (*s == '"')
				s = skip_double_quote(s, end);
			else if (*s == '\\' && s + 1 < end && s[1] == '<')
				s = skip_backslash(s, end);
			else
				s++;
			right = s;
		}
	}
	if (stop)
		*stop = s;
	nfc_strbuf_append(&sb, left, (size_t)(right - left));
	char *r = nfc_strbuf_take(&sb);
	return r ? r : nfc_lang_strdup("");
}

void nfc_lang_argvec(const char *str, struct nfc_lang_svec *out)
{
	const char *s = str, *end = str + strlen(str);
	while (s < end) {
		const char *stop;
		char *arg = uncomment_part(s, end, true, &stop);
		if (*arg || stop < end)
			nfc_lang_svec_push(out, arg);
		else
			free(arg);
		s = stop + 1;
	}
}

static const char *skip_word(const char *s, const char *end)
{
	while (s < end) {
		if (at_comment(s, end) || isspace((unsigned char)*s))
			return s;
		if (*s == '"')
			s = skip_double_quote(s, end);
		else if (*s == '\'')
			s = skip_single_quote(s, end);
		else if (*s == '\\' && s + 1 < end && s[1] == '<')
			s = skip_backslash(s, end);
		else
			s++;
	}
	return s;
}

char *nfc_lang_shift_word(const char **sp)
{
	const char *end = *sp + strlen(*sp);
	const char *w = skip_comment_space(*sp, end);
	const char *we = skip_word(w, end);
	*sp = skip_comment_space(we, end);
	return nfc_lang_strndup(w, (size_t)(we - w));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One backslash escape at @s (Click's cp_process_backslash). */
static const char *process_backslash(const char *s, const char *end, struct nfc_strbuf *sb)
{
	if (s + 1 >= end) {
		nfc_strbuf_putc(sb, '\\');
		return end;
	}
	char c = s[1];
	switch (c) {
	case '\r':
		return s + 2 < end && s[2] == '\n' ? s + 3 : s + 2;
	case '\n':
		return s + 2;
	case 'a': nfc_strbuf_putc(sb, '\a'); return s + 2;
	case 'b': nfc_strbuf_putc(sb, '\b'); return s + 2;
	case 'f': nfc_strbuf_putc(sb, '\f'); return s + 2;
	case 'n': nfc_strbuf_putc(sb, '\n'); return s + 2;
	case 'r': nfc_strbuf_putc(sb, '\r'); return s + 2;
	case 't': nfc_strbuf_putc(sb, '\t'); return s + 2;
	case 'v': nfc_strbuf_putc(sb, '\v'); return s + 2;
	case 'x': {
		int v = 0;
		for (s += 2; s < end && hexval(*s) >= 0; s++)
			v = v * 16 + hexval(*s);
		nfc_strbuf_putc(sb, (char)v);
		return s;
	}
	case '<': {
		int v = 0, d = 0;
		for (s += 2; s < end;) {
			if (*s == '>')
				return s + 1;
			if (at_comment(s, end)) {
				s = skip_comment(s, end);
				continue;
			}
			if (hexval(*s) >= 0) {
				v = v * 16 + hexval(*s);
				if (++d == 2) {
					nfc_strbuf_putc(sb, (char)v);
					v = d = 0;
				}
			}
			s++;
		}
		return end;
	}
	default:
		if (c >= '0' && c <= '7') {
			int v = 0, d = 0;
			for (s++; s < end && *s >= '0' && *s <= '7' && d < 3; s++, d++)
				v = v * 8 + (*s - '0');
			nfc_strbuf_putc(sb, (char)v);
			return s;
		}
		nfc_strbuf_putc(sb, c);
		return s + 2;
	}
}

char *nfc_lang_unquote(const char *str)
{
	char *x = uncomment_part(str, str + strlen(str), false, NULL);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	const char *s = x, *end = x + strlen(x), *start = s;
	int quote = 0;
	while (s < end) {
		if ((*s == '"' || *s == '\'') && (!quote || quote == *s)) {
			nfc_strbuf_append(&sb, start, (size_t)(s - start));
			quote = quote ? 0 : *s;
			start = ++s;
		} else if (*s == '\\' && s + 1 < end && (quote == '"' || (!quote && s[1] == '<'))) {
			nfc_strbuf_append(&sb, start, (size_t)(s - start));
			s = start = process_backslash(s, end, &sb);
		} else
			s++;
	}
	nfc_strbuf_append(&sb, start, (size_t)(s - start));
	free(x);
	char *r = nfc_strbuf_take(&sb);
	return r ? r : nfc_lang_strdup("");
}

/* Escape @s for use inside double quotes (Click's cp_quote, minus the quotes).
 * Built in one buffer: escaped text can be mostly backslashes. */
static void quote_into(struct nfc_strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	char *buf = nfc_lang_xrealloc(NULL, 4 * n + 1), *o = buf;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\' || c == '"' || c == '$') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c == '\t' || c == '\r' || c == '\n') {
			*o++ = '\\';
			*o++ = c == '\t' ? 't' : c == '\r' ? 'r' : 'n';
		} else if (c < 32 || c >= 127) {
			*o++ = '\\';
			*o++ = (char)('0' + (c >> 6));
			*o++ = (char)('0' + ((c >> 3) & 7));
			*o++ = (char)('0' + (c & 7));
		} else
			*o++ = (char)c;
	}
	nfc_strbuf_append(sb, buf, (size_t)(o - buf));
	free(buf);
}

/* ---- variables ---- */

void nfc_lang_env_define(struct nfc_lang_env *e, const char *name, const char *value,
			 bool override)
{
	for (int i = 0; i < e->names.n; i++)
		if (strcmp(e->names.v[i], name) == 0) {
			if (override) {
				free(e->values.v[i]);
				e->values.v[i] = nfc_lang_strdup(value);
			}
			return;
		}
	nfc_lang_svec_push(&e->names, nfc_lang_strdup(name));
	nfc_lang_svec_push(&e->values, nfc_lang_strdup(value));
}

void nfc_lang_env_free(struct nfc_lang_env *e)
{
	nfc_lang_svec_free(&e->names);
	nfc_lang_svec_free(&e->values);
}

const struct nfc_lang_env *nfc_lang_env_parent_of(const struct nfc_lang_env *e, int depth)
{
	while (e && e->depth >= depth)
		e = e->parent;
	return e;
}

static const char *env_lookup(const struct nfc_lang_env *e, const char *name, size_t n)
{
	for (; e; e = e->parent)
		for (int i = e->names.n - 1; i >= 0; i--)
			if (strlen(e->names.v[i]) == n && memcmp(e->names.v[i], name, n) == 0)
				return e->values.v[i];
	return NULL;
}

/* Values are expanded again where they are used; this bounds the recursion
 * (Click stops at the same depth). */
#define EXPAND_MAX_DEPTH 10

struct expander {
	const struct nfc_lang_env *env;
	/* Bytes produced at every level so far, and the most allowed: values
	 * that expand themselves could otherwise grow exponentially. */
	size_t work, limit;
	bool too_big;
};

static char *expand_depth(struct expander *x, const char *config, int depth);

/* The word @index (0-based) of @value, as Click's ${x[i]}. */
static char *nth_word(const char *value, long index)
{
	const char *s = value;
	char *word = nfc_lang_strdup("");
	for (; index >= 0 && (*s || *word); index--) {
		free(word);
		word = nfc_lang_shift_word(&s);
	}
	return word;
}

/* Expand variable reference @var (the text inside ${...} for '{', the name
 * for 'a', the text inside $(...) for '('). NULL when not defined. */
static char *expand_var(struct expander *x, const char *var, int vartype, int depth)
{
	const char *name = var, *minus = NULL;
	size_t namelen = strlen(var);
	long index = -1;
	if (vartype == '{') {
		const char *s = var, *end = var + strlen(var);
		while (s < end && isspace((unsigned char)*s))
			s++;
		name = s;
		while (s < end && (isalnum((unsigned char)*s) || *s == '_'))
			s++;
		namelen = (size_t)(s - name);
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s < end && *s == '[') {
			const char *n = s + 1;
			while (n < end && isspace((unsigned char)*n))
				n++;
			const char *d = n;
			long v = 0;
			while (d < end && isdigit((unsigned char)*d) && v < 100000000)
				v = v * 10 + (*d++ - '0');
			if (d > n && d < end && *d == ']') {
				index = v;
				for (s = d + 1; s < end && isspace((unsigned char)*s); s++)
					;
			} else
				s = n;
		}
		if (s < end && *s == '-')
			minus = s;
	}
	const char *val = env_lookup(x->env, name, namelen);
	if (val) {
		char *v = expand_depth(x, val, depth + 1);
		if (index >= 0) {
			char *w = nth_word(v, index);
			free(v);
			return w;
		}
		return v;
	}
	if (minus)
		return expand_depth(x, minus + 1, depth + 1);
	return NULL;
}

static char *expand_depth(struct expander *x, const char *config, int depth)
{
	if (!strchr(config, '$') || x->too_big)
		return nfc_lang_strdup(config);

	struct nfc_strbuf out = NFC_STRBUF_INIT;
	const char *s = config, *end = config + strlen(config), *kept = s;
	int quote = 0;
	while (s < end) {
		if (out.len > x->limit || x->work > x->limit) {
			x->too_big = true;
			break;
		}
		char c = *s;
		if (c == '\\') {
			s += s + 1 < end && quote == '"' ? 2 : 1;
			continue;
		}
		if (c == '\'' || c == '"') {
			if (!quote)
				quote = c;
			else if (quote == c)
				quote = 0;
			s++;
			continue;
		}
		if (c == '/' && !quote && at_comment(s, end)) {
			s = skip_comment_space(s, end);
			continue;
		}
		if (c != '$' || s + 1 >= end || quote == '\'' || depth > EXPAND_MAX_DEPTH) {
			s++;
			continue;
		}

		const char *dollar = s, *cstart, *cend;
		int vtype;
		bool expand_name = false;
		if (s[1] == '{') {
			vtype = '{';
			for (cstart = s = s + 2; s < end && *s != '}'; s++)
				if (*s == '$')
					expand_name = true;
			if (s == end)
				break;
			cend = s++;
		} else if (s[1] == '(') {
			int level = 1, nq = 0;
			vtype = '(';
			for (cstart = s = s + 2; s < end && level; s++) {
				if (*s == '(' && !nq)
					level++;
				else if (*s == ')' && !nq)
					level--;
				else if ((*s == '"' || *s == '\'') && (!nq || nq == *s))
					nq = nq ? 0 : *s;
				else if (*s == '\\' && s + 1 < end && nq != '\'')
					s++;
				else if (*s == '$' && nq != '\'')
					expand_name = true;
			}
			if (s == cstart || s[-1] != ')' || level)
				break;
			cend = s - 1;
		} else if (isalnum((unsigned char)s[1]) || s[1] == '_') {
			vtype = 'a';
			for (cstart = s = s + 1; s < end && (isalnum((unsigned char)*s) || *s == '_'); s++)
				;
			cend = s;
		} else if (s[1] == '?' || s[1] == '#' || s[1] == '$') {
			vtype = 'a';
			cstart = s + 1;
			cend = s = s + 2;
		} else {
			s++;
			continue;
		}

		char *vname = nfc_lang_strndup(cstart, (size_t)(cend - cstart));
		if (expand_name) {
			char *e = expand_depth(x, vname, depth + 1);
			free(vname);
			vname = e;
		}
		char *text = expand_var(x, vname, vtype, depth);
		/* Charge each substitution too, so many tiny ones also stop. */
		x->work += 64 + (text ? strlen(text) : 0);
		nfc_strbuf_append(&out, kept, (size_t)(dollar - kept));
		kept = s;
		if (!text) {
			if (expand_name) {
				nfc_strbuf_append(&out, dollar, 2);
				nfc_strbuf_puts(&out, vname);
				nfc_strbuf_putc(&out, s[-1]);
			} else
				kept = dollar;
		} else if (quote == '"')
			quote_into(&out, text);
		else
			nfc_strbuf_puts(&out, text);
		free(text);
		free(vname);
	}
	if (!x->too_big)
		nfc_strbuf_append(&out, kept, (size_t)(end - kept));
	if (out.len > x->limit)
		x->too_big = true;
	char *r = nfc_strbuf_take(&out);
	return r ? r : nfc_lang_strdup("");
}

char *nfc_lang_expand(const char *config, const struct nfc_lang_env *env, bool *too_big)
{
	struct expander x = { env, 0, NFC_LANG_MAX_CONFIG + 4 * strlen(config), false };
	char *r = expand_depth(&x, config, 0);
	if (too_big)
		*too_big = x.too_big;
	return r;
}

/* ---- compound arguments ---- */

/* "KEYWORD value": the keyword's length, or 0 if @arg doesn't start so. */
static size_t keyword_prefix(const char *arg, const char **value)
{
	const char *s = arg;
	while (*s && !isspace((unsigned char)*s)) {
		if (!isalnum((unsigned char)*s) && !strchr("_.:?!", *s))
			return 0;
		s++;
	}
	size_t n = (size_t)(s - arg);
	while (isspace((unsigned char)*s))
		s++;
	/* A keyword alone, without a value, is a positional argument. */
	if (!n || !*s)
		return 0;
	*value = s;
	return n;
}

int nfc_lang_assign_args(const struct nfc_lang_svec *args, char *const *types, int ntypes,
			 struct nfc_lang_svec *values)
{
	if (ntypes == 0 || !types[ntypes - 1][0]) {
		if (args->n != ntypes)
			return -1;
		if (values)
			for (int i = 0; i < args->n; i++)
				nfc_lang_svec_push(values, nfc_lang_strdup(args->v[i]));
		return 0;
	}

	bool rest = strcmp(types[ntypes - 1], "__REST__") == 0;
	int nvalues = rest ? ntypes - 1 : ntypes;
	int npositional = 0;
	while (npositional < nvalues && !types[npositional][0])
		npositional++;

	const char **val = calloc((size_t)ntypes + 1, sizeof(char *));
	size_t *vlen = calloc((size_t)ntypes + 1, sizeof(size_t));
	bool *used = calloc((size_t)args->n + 1, sizeof(bool));
	if (!val || !vlen || !used)
		abort();
	int nsupplied = 0, ret = 0;
	bool any_keywords = false, keyword_error = false;

	for (int i = 0; i < args->n; i++) {
		const char *arg = args->v[i];
		if (nsupplied >= npositional) {
			const char *v = NULL;
			size_t kl = keyword_prefix(arg, &v);
			int which = -1;
			for (int k = npositional; kl && k < nvalues; k++)
				if (strlen(types[k]) == kl && memcmp(types[k], arg, kl) == 0)
					which = k;
			if (which >= 0) {
				val[which] = v;
				vlen[which] = strlen(v);
				used[i] = true;
				any_keywords = true;
				continue;
			}
			if (any_keywords) {
				if (!rest)
					keyword_error = true;
				continue;
			}
		}
		if (nsupplied < npositional) {
			used[i] = true;
			val[nsupplied] = arg;
			vlen[nsupplied] = strlen(arg);
		}
		nsupplied++;
	}

	if (keyword_error || nsupplied < npositional || (nsupplied > npositional && !rest))
		ret = -1;
	for (int k = npositional; k < nvalues && ret == 0; k++)
		if (!val[k])
			ret = -1; /* keyword parameters are mandatory */

	if (ret == 0 && values) {
		for (int k = 0; k < nvalues; k++)
			nfc_lang_svec_push(values, nfc_lang_strndup(val[k], vlen[k]));
		if (rest) {
			struct nfc_strbuf sb = NFC_STRBUF_INIT;
			bool any = false;
			for (int i = 0; i < args->n; i++)
				if (!used[i]) {
					if (any)
						nfc_strbuf_puts(&sb, ", ");
					nfc_strbuf_puts(&sb, args->v[i]);
					any = true;
				}
			char *r = nfc_strbuf_take(&sb);
			nfc_lang_svec_push(values, r ? r : nfc_lang_strdup(""));
		}
	}
	free(val);
	free(vlen);
	free(used);
	return ret;
}
