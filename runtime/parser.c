/* SPDX-License-Identifier: MIT */
/* Click language parser: statements, scopes, elementclass, compounds, groups. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "parser_priv.h"

static const char *const port_names[2] = { "input", "output" };

/* ---- bodies ---- */

struct nfc_lang_body *nfc_lang_body_new(const char *name, int depth)
{
	struct nfc_lang_body *b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	b->name = nfc_lang_strdup(name);
	b->depth = depth;
	return b;
}

void nfc_lang_body_free(struct nfc_lang_body *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nelems; i++) {
		free(b->elems[i].name);
		free(b->elems[i].config);
		free(b->elems[i].landmark);
		free(b->elems[i].errpos);
	}
	for (int i = 0; i < b->nconns; i++)
		free(b->conns[i].landmark);
	free(b->elems);
	free(b->conns);
	nfc_lang_svec_free(&b->var_names);
	nfc_lang_svec_free(&b->var_values);
	nfc_lang_map_free(&b->elem_map);
	free(b->name);
	free(b->landmark);
	free(b->errpos);
	free(b);
}

void nfc_lang_body_connect(struct nfc_lang_body *b, int from, int from_port, int to, int to_port,
			   const char *landmark)
{
	if (from < 0 || to < 0)
		return;
	if (from_port < 0)
		from_port = 0;
	if (to_port < 0)
		to_port = 0;
	if (b->nconns == b->conns_cap) {
		b->conns_cap = b->conns_cap ? 2 * b->conns_cap : 16;
		b->conns = nfc_lang_xrealloc(b->conns, (size_t)b->conns_cap * sizeof(*b->conns));
	}
	struct nfc_lang_conn *c = &b->conns[b->nconns++];
	c->from = from;
	c->from_port = from_port;
	c->to = to;
	c->to_port = to_port;
	c->landmark = nfc_lang_strdup(landmark ? landmark : "");
	if (b->elems[to].nports[0] <= to_port)
		b->elems[to].nports[0] = to_port + 1;
	if (b->elems[from].nports[1] <= from_port)
		b->elems[from].nports[1] = from_port + 1;
}

/* ---- classes and their scopes ---- */

struct nfc_lang_class *nfc_parser_new_class(struct nfc_parser *P, enum nfc_lang_class_kind kind,
					    const char *name)
{
	struct nfc_lang_class *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->kind = kind;
	c->name = nfc_lang_strdup(name);
	c->all_next = P->p->classes;
	P->p->classes = c;
	return c;
}

void nfc_parser_bind(struct nfc_parser *P, const char *name, struct nfc_lang_class *cls)
{
	if (P->nbindings == P->bindings_cap) {
		P->bindings_cap = P->bindings_cap ? 2 * P->bindings_cap : 32;
		P->bindings = nfc_lang_xrealloc(P->bindings,
						(size_t)P->bindings_cap * sizeof(*P->bindings));
	}
	struct nfc_lang_binding *b = &P->bindings[P->nbindings];
	b->name = nfc_lang_strdup(name);
	b->cls = cls;
	b->shadowed = nfc_lang_map_get(&P->binding_map, name);
	nfc_lang_map_set(&P->binding_map, name, P->nbindings++);
}

/* Leave a scope: forget the classes bound inside it. */
static void unbind_to(struct nfc_parser *P, int height)
{
	while (P->nbindings > height) {
		struct nfc_lang_binding *b = &P->bindings[--P->nbindings];
		nfc_lang_map_set(&P->binding_map, b->name, b->shadowed);
		free(b->name);
	}
}

struct nfc_lang_class *nfc_parser_lookup_class(struct nfc_parser *P, const char *name)
{
	int b = nfc_lang_map_get(&P->binding_map, name);
	if (b >= 0)
		return P->bindings[b].cls;
	int pi = nfc_lang_map_get(&P->prim_map, name);
	if (pi >= 0)
		return P->prims[pi];
	const struct nfc_element_class *ec = nfc_registry_find(name);
	if (!ec)
		return NULL;
	struct nfc_lang_class *c = nfc_parser_new_class(P, NFC_LANG_PRIMITIVE, ec->name);
	c->prim = ec;
	P->prims = nfc_lang_xrealloc(P->prims, (size_t)(P->nprims + 1) * sizeof(*P->prims));
	P->prims[P->nprims] = c;
	nfc_lang_map_set(&P->prim_map, name, P->nprims++);
	return c;
}

struct nfc_lang_class *nfc_parser_force_class(struct nfc_parser *P, const char *name,
					      const struct nfc_srcpos *pos, bool report)
{
	struct nfc_lang_class *c = nfc_parser_lookup_class(P, name);
	if (c)
		return c;
	if (report)
		nfc_lexer_error_at(P->lx, pos, "unknown element class '%s'", name);
	/* Remember it in this scope so it is reported once. */
	c = nfc_parser_new_class(P, NFC_LANG_ERROR, name);
	nfc_parser_bind(P, name, c);
	return c;
}

void nfc_parser_syntax_error(struct nfc_parser *P, const struct nfc_token *t)
{
	char tb[160];
	if (t->kind == NFC_TOK_EOF)
		nfc_lexer_error_at(P->lx, &t->pos, "syntax error at end of file");
	else
		nfc_lexer_error_at(P->lx, &t->pos, "syntax error near %s",
				   nfc_token_text(t, tb, sizeof tb));
}

/* ---- elements ---- */

int nfc_parser_anon_number(struct nfc_parser *P)
{
	return P->c->nelems - P->c->anonymous_offset + 1;
}

static bool has_all_digit_component(const char *name)
{
	const char *s = name;
	while (*s) {
		bool digits = true;
		for (; *s && *s != '/'; s++)
			if (!isdigit((unsigned char)*s))
				digits = false;
		if (digits)
			return true;
		if (*s)
			s++;
	}
	return false;
}

int nfc_parser_get_element(struct nfc_parser *P, const char *name, bool anonymous,
			   enum nfc_lang_elem_kind kind, struct nfc_lang_class *cls, char *config,
			   const struct nfc_srcpos *pos)
{
	struct nfc_lang_body *b = P->c;
	/* Generated names live under ";name" until renumbered, as in Click. */
	char *key = anonymous ? nfc_lang_printf(";%s", name) : nfc_lang_strdup(name);
	int idx = nfc_lang_map_get(&b->elem_map, key);
	if (idx >= 0) {
		free(key);
		free(config);
		return idx;
	}
	if (!anonymous && has_all_digit_component(name))
		nfc_lexer_error_at(P->lx, pos, "element name '%s' has all-digit component", name);
	if (b->nelems == b->elems_cap) {
		b->elems_cap = b->elems_cap ? 2 * b->elems_cap : 16;
		b->elems = nfc_lang_xrealloc(b->elems, (size_t)b->elems_cap * sizeof(*b->elems));
	}
	idx = b->nelems++;
	struct nfc_lang_elem *e = &b->elems[idx];
	memset(e, 0, sizeof(*e));
	e->name = nfc_lang_strdup(name);
	e->anonymous = anonymous;
	e->kind = kind;
	e->cls = cls;
	e->config = config ? config : nfc_lang_strdup("");
	char lm[512];
	e->landmark = nfc_lang_strdup(nfc_srcpos_format(pos, false, lm, sizeof lm));
	e->errpos = nfc_lang_strdup(nfc_srcpos_format(pos, true, lm, sizeof lm));
	nfc_lang_map_set(&b->elem_map, key, idx);
	free(key);
	return idx;
}

/* Give generated names their final number: "Class@N", or the next free N
 * when the user took that name (Click's deanonymize_element_name). */
static void deanonymize(struct nfc_lang_body *b)
{
	for (int i = 0; i < b->nelems; i++) {
		struct nfc_lang_elem *e = &b->elems[i];
		if (!e->anonymous)
			continue;
		if (nfc_lang_map_get(&b->elem_map, e->name) >= 0) {
			char *at = strrchr(e->name, '@');
			size_t plen = at ? (size_t)(at - e->name) + 1 : strlen(e->name);
			long n = at ? strtol(at + 1, NULL, 10) : 0;
			char *cand = NULL;
			do {
				free(cand);
				cand = nfc_lang_printf("%.*s%ld", (int)plen, e->name, ++n);
			} while (nfc_lang_map_get(&b->elem_map, cand) >= 0);
			free(e->name);
			e->name = cand;
		}
		e->anonymous = false;
		nfc_lang_map_set(&b->elem_map, e->name, i);
		if (e->kind == NFC_LANG_ELEM_GROUP && i + 2 < b->nelems) {
			for (int k = 0; k < 2; k++) {
				struct nfc_lang_elem *t = &b->elems[i + 1 + k];
				free(t->name);
				t->name = nfc_lang_printf("%s/%s", e->name, port_names[k]);
				t->anonymous = false;
				nfc_lang_map_set(&b->elem_map, t->name, i + 1 + k);
			}
			i += 2;
		}
	}
}

/*
 * Check how a scope used its input or output pseudo-element; return its
 * port count. Only connections from @first_conn on can involve it.
 */
static int check_pseudo(struct nfc_parser *P, int which, bool isoutput, const char *name,
			const char *landmark, int first_conn)
{
	struct nfc_lang_body *b = P->c;
	int n = b->elems[which].nports[!isoutput];
	if (b->elems[which].nports[isoutput])
		nfc_lexer_lerror(P->lx, landmark, "'%s' pseudoelement '%s' may only be used as %s",
				 name, port_names[isoutput], port_names[!isoutput]);
	if (n <= 0)
		return 0;
	char *used = calloc((size_t)n, 1);
	if (!used)
		abort();
	for (int i = first_conn; i < b->nconns; i++) {
		const struct nfc_lang_conn *c = &b->conns[i];
		if (isoutput && c->to == which)
			used[c->to_port] = 1;
		else if (!isoutput && c->from == which)
			used[c->from_port] = 1;
	}
	int reported = 0;
	for (int i = 0; i < n && reported < 20; i++)
		if (!used[i]) {
			nfc_lexer_lerror(P->lx, landmark, "'%s' %s %d missing", name,
					 port_names[isoutput], i);
			reported++;
		}
	free(used);
	return n;
}

/* ---- statements ---- */

static struct nfc_token parse_statements(struct nfc_parser *P, struct nfc_pstate *ps);

/* Skip to the token closing @open (used when nesting is too deep). */
static struct nfc_token skip_nested(struct nfc_parser *P, int open, int close)
{
	int depth = 1;
	for (;;) {
		struct nfc_token t = nfc_lexer_next(P->lx);
		if (t.kind == NFC_TOK_EOF || (t.kind == close && --depth == 0))
			return t;
		if (t.kind == open)
			depth++;
		else if (t.kind == '(')
			free(nfc_lexer_config(P->lx));
	}
}

void nfc_parser_define_var(struct nfc_parser *P, struct nfc_lang_body *b, const char *name,
			   const char *value, bool formal, const struct nfc_srcpos *pos)
{
	for (int i = 0; i < b->var_names.n; i++)
		if (strcmp(b->var_names.v[i], name) == 0) {
			nfc_lexer_error_at(P->lx, pos, "parameter '$%s' multiply defined", name);
			return;
		}
	nfc_lang_svec_push(&b->var_names, nfc_lang_strdup(name));
	nfc_lang_svec_push(&b->var_values, nfc_lang_strdup(value));
	if (!formal)
		return;
	int n = b->nformals = b->var_names.n;
	if (*value)
		for (int i = 0; i < n - 1; i++)
			if (strcmp(b->var_values.v[i], value) == 0) {
				nfc_lexer_error_at(P->lx, pos,
						   "repeated keyword parameter '%s' in compound element",
						   value);
				break;
			}
	if (!b->order_error && n > 1 &&
	    ((!*value && *b->var_values.v[n - 2]) ||
	     strcmp(b->var_values.v[n - 2], "__REST__") == 0)) {
		nfc_lexer_error_at(P->lx, pos,
				   "compound element parameters out of order\n"
				   "(The correct order is '[positional], [keywords], [__REST__]'.)");
		b->order_error = true;
	}
}

/* "$a, KEYWORD $b, __REST__ $c |" at the start of a compound body. */
static void parse_formals(struct nfc_parser *P, struct nfc_lang_body *b)
{
	for (;;) {
		struct nfc_token t1 = nfc_lexer_next(P->lx), t2;
		char *type, *name;
		if (t1.kind == NFC_TOK_IDENT) {
			t2 = nfc_lexer_next(P->lx);
			if (t2.kind != NFC_TOK_VARIABLE) {
				if (b->var_names.n > 0)
					nfc_lexer_error_at(P->lx, &t2.pos, "expected variable");
				nfc_lexer_unlex(P->lx, &t2);
				nfc_lexer_unlex(P->lx, &t1);
				return;
			}
			type = nfc_lang_strndup(t1.s, t1.len);
			name = nfc_lang_strndup(t2.s, t2.len);
		} else if (t1.kind == NFC_TOK_VARIABLE) {
			type = nfc_lang_strdup("");
			name = nfc_lang_strndup(t1.s, t1.len);
		} else if (t1.kind == '|')
			return;
		else {
			if (b->nformals > 0)
				nfc_lexer_error_at(P->lx, &t1.pos, "expected variable");
			nfc_lexer_unlex(P->lx, &t1);
			return;
		}
		nfc_parser_define_var(P, b, name, type, true, &t1.pos);
		free(type);
		free(name);
		struct nfc_token sep = nfc_lexer_next(P->lx);
		if (sep.kind == '|')
			return;
		if (sep.kind != ',') {
			nfc_lexer_error_at(P->lx, &sep.pos, "expected ',' or '|'");
			nfc_lexer_unlex(P->lx, &sep);
			return;
		}
	}
}

/* One compound body, from just after '{' or '||' to its '}' or '||'. */
static struct nfc_lang_class *parse_one_compound(struct nfc_parser *P, const char *name,
						 const struct nfc_srcpos *pos, struct nfc_token *end_tok)
{
	struct nfc_lang_body *outer = P->c;
	int height = P->nbindings;
	struct nfc_lang_body *b = nfc_lang_body_new(name, outer->depth + 1);
	char lm[512];
	b->landmark = nfc_lang_strdup(nfc_srcpos_format(pos, false, lm, sizeof lm));
	b->errpos = nfc_lang_strdup(nfc_srcpos_format(pos, true, lm, sizeof lm));
	P->c = b;
	nfc_parser_get_element(P, "input", false, NFC_LANG_ELEM_TUNNEL, NULL, NULL, pos);
	nfc_parser_get_element(P, "output", false, NFC_LANG_ELEM_TUNNEL, NULL, NULL, pos);
	b->anonymous_offset = 2;
	parse_formals(P, b);

	struct nfc_token end;
	if (P->nest >= NFC_LANG_MAX_DEPTH) {
		nfc_lexer_error_at(P->lx, pos, "maximum compound element nesting depth exceeded");
		end = skip_nested(P, '{', '}');
	} else {
		struct nfc_pstate ps = { NFC_PS_COMPOUND, NULL, true };
		P->nest++;
		end = parse_statements(P, &ps);
		P->nest--;
	}
	*end_tok = end;

	const char *printable = *name ? name : "<anonymous>";
	b->ninputs = check_pseudo(P, 0, false, printable, b->errpos, 0);
	b->noutputs = check_pseudo(P, 1, true, printable, b->errpos, 0);
	deanonymize(b);

	P->c = outer;
	unbind_to(P, height);
	struct nfc_lang_class *cls = nfc_parser_new_class(P, NFC_LANG_COMPOUND, name);
	cls->body = b;
	return cls;
}

struct nfc_lang_class *nfc_parser_compound(struct nfc_parser *P, const char *name,
					   const struct nfc_srcpos *pos)
{
	struct nfc_lang_class *first = NULL, *last = NULL, *extension = NULL;
	struct nfc_srcpos here = *pos;
	for (;;) {
		struct nfc_token t = nfc_lexer_next(P->lx);
		if (t.kind == NFC_TOK_DOT3) {
			/* "..." : the earlier class of this name is the last overload */
			extension = nfc_parser_lookup_class(P, name);
			if (!extension) {
				nfc_lexer_error_at(P->lx, &t.pos,
						   "cannot extend unknown element class '%s'", name);
				extension = nfc_parser_new_class(P, NFC_LANG_ERROR, name);
			}
			t = nfc_lexer_next(P->lx);
			if (!first || t.kind != '}')
				nfc_lexer_error_at(P->lx, &t.pos,
						   "'...' should occur last, after one or more compounds");
			if (t.kind == '}' || t.kind == NFC_TOK_EOF)
				break;
			nfc_lexer_unlex(P->lx, &t);
			continue;
		}
		nfc_lexer_unlex(P->lx, &t);
		struct nfc_token end;
		struct nfc_lang_class *c = parse_one_compound(P, name, &here, &end);
		if (last)
			last->overload = c;
		else
			first = c;
		last = c;
		if (end.kind != NFC_TOK_BAR2)
			break;
		here = end.pos; /* the next overload is known by its "||" */
	}
	if (last)
		last->overload = extension;
	return first ? first : extension;
}

int nfc_parser_group(struct nfc_parser *P, struct nfc_pstate *ps, const struct nfc_srcpos *at,
		     int group_nports[2])
{
	struct nfc_lang_body *b = P->c;
	struct nfc_srcpos pos = *at;
	char *name = nfc_lang_printf("@%d", nfc_parser_anon_number(P));
	char *in = nfc_lang_printf("%s/input", name), *out = nfc_lang_printf("%s/output", name);
	int g = nfc_parser_get_element(P, name, true, NFC_LANG_ELEM_GROUP, NULL, NULL, &pos);
	int gin = nfc_parser_get_element(P, in, true, NFC_LANG_ELEM_TUNNEL, NULL, NULL, &pos);
	int gout = nfc_parser_get_element(P, out, true, NFC_LANG_ELEM_TUNNEL, NULL, NULL, &pos);
	free(name);
	free(in);
	free(out);

	/* Inside the group, input and output are the group's own ends. */
	int saved_in = nfc_lang_map_get(&b->elem_map, "input");
	int saved_out = nfc_lang_map_get(&b->elem_map, "output");
	nfc_lang_map_set(&b->elem_map, "input", gin);
	nfc_lang_map_set(&b->elem_map, "output", gout);
	int first_conn = b->nconns;

	struct nfc_token end;
	if (P->nest >= NFC_LANG_MAX_DEPTH) {
		nfc_lexer_error_at(P->lx, &pos, "maximum element group nesting depth exceeded");
		end = skip_nested(P, '(', ')');
	} else {
		struct nfc_pstate gps = { NFC_PS_GROUP, ps, true };
		P->nest++;
		end = parse_statements(P, &gps);
		P->nest--;
	}
	char lm[512];
	nfc_srcpos_format(&end.pos, true, lm, sizeof lm);
	group_nports[0] = check_pseudo(P, gin, false, "<anonymous group>", lm, first_conn);
	group_nports[1] = check_pseudo(P, gout, true, "<anonymous group>", lm, first_conn);
	nfc_lang_map_set(&b->elem_map, "input", saved_in);
	nfc_lang_map_set(&b->elem_map, "output", saved_out);
	return g;
}

static void parse_elementclass(struct nfc_parser *P)
{
	struct nfc_token tname = nfc_lexer_next(P->lx);
	char *name;
	if (tname.kind == NFC_TOK_IDENT)
		name = nfc_lang_strndup(tname.s, tname.len);
	else {
		nfc_lexer_unlex(P->lx, &tname);
		nfc_lexer_error_at(P->lx, &tname.pos, "expected element type name");
		name = nfc_lang_strdup("");
	}
	struct nfc_token t = nfc_lexer_next(P->lx);
	struct nfc_lang_class *cls;
	if (t.kind == '{') {
		cls = nfc_parser_compound(P, name, &t.pos);
		if (!cls)
			cls = nfc_parser_new_class(P, NFC_LANG_ERROR, name);
	} else if (t.kind == NFC_TOK_IDENT) {
		char *syn = nfc_lang_strndup(t.s, t.len);
		cls = nfc_parser_force_class(P, syn, &t.pos, true); /* a synonym */
		free(syn);
	} else {
		nfc_parser_syntax_error(P, &t);
		cls = nfc_parser_new_class(P, NFC_LANG_ERROR, name);
	}
	nfc_parser_bind(P, name, cls);
	free(name);
}

static struct nfc_token parse_statements(struct nfc_parser *P, struct nfc_pstate *ps)
{
	for (;;) {
		struct nfc_token t = nfc_lexer_next(P->lx);
		switch (t.kind) {
		case NFC_TOK_IDENT: case '[': case '{': case '(': case NFC_TOK_ARROW:
		case NFC_TOK_DARROW:
			nfc_lexer_unlex(P->lx, &t);
			nfc_parser_connection(P, ps);
			break;
		case NFC_TOK_ELEMENTCLASS:
			parse_elementclass(P);
			break;
		case NFC_TOK_REQUIRE:
			nfc_parser_require(P, &t.pos);
			break;
		case NFC_TOK_PROVIDE:
			free(nfc_parser_paren_args(P)); /* Click's tools read it; the driver has no use */
			break;
		case NFC_TOK_DEFINE:
			nfc_parser_define(P, &t.pos);
			break;
		case ';':
			break;
		case '}': case NFC_TOK_BAR2:
			if (ps->type == NFC_PS_COMPOUND)
				return t;
			nfc_parser_syntax_error(P, &t);
			if (ps->type == NFC_PS_GROUP) {
				nfc_lexer_unlex(P->lx, &t);
				return t;
			}
			break;
		case ')':
			if (ps->type == NFC_PS_GROUP)
				return t;
			nfc_parser_syntax_error(P, &t);
			break;
		case NFC_TOK_EOF:
			if (ps->type == NFC_PS_GROUP)
				nfc_lexer_error_at(P->lx, &t.pos, "expected ')'");
			else if (ps->type == NFC_PS_COMPOUND)
				nfc_lexer_error_at(P->lx, &t.pos, "expected '}'");
			return t;
		default:
			nfc_parser_syntax_error(P, &t);
			break;
		}
	}
}

void nfc_parser_file(struct nfc_parser *P, const char *data, size_t len, const char *filename)
{
	struct nfc_lexer lx, *saved = P->lx;
	nfc_lexer_init(&lx, data, len, filename, saved->errh);
	P->lx = &lx;
	struct nfc_pstate ps = { NFC_PS_FILE, NULL, true };
	parse_statements(P, &ps);
	P->p->nerrors += lx.nerrors;
	P->lx = saved;
	nfc_lexer_destroy(&lx);
}

static void parse_free(struct nfc_parser *P, struct nfc_lang_parse *p)
{
	unbind_to(P, 0);
	free(P->bindings);
	nfc_lang_map_free(&P->binding_map);
	nfc_lang_map_free(&P->prim_map);
	free(P->prims);
	nfc_lang_svec_free(&P->libraries);
	while (p->classes) {
		struct nfc_lang_class *c = p->classes;
		p->classes = c->all_next;
		nfc_lang_body_free(c->body);
		free(c->name);
		free(c);
	}
	nfc_lang_body_free(p->top);
	nfc_lang_svec_free(&p->requirements);
	nfc_lang_map_free(&p->class_names);
}

int nfc_config_parse(const char *text, const char *filename, const struct nfc_config_var *vars,
		     int nvars, struct nfc_flat_config *out, struct nfc_errh *errh)
{
	memset(out, 0, sizeof(*out));
	if (!filename || !*filename)
		filename = "config";
	if (!text)
		text = "";

	struct nfc_lang_parse p;
	memset(&p, 0, sizeof p);
	p.vars = vars;
	p.nvars = vars ? nvars : 0;
	p.filename = filename;
	p.errh = errh;
	p.top = nfc_lang_body_new("", 0);

	struct nfc_lexer lx;
	nfc_lexer_init(&lx, text, strlen(text), filename, errh);
	struct nfc_parser P;
	memset(&P, 0, sizeof P);
	P.lx = &lx;
	P.p = &p;
	P.c = p.top;

	struct nfc_pstate ps = { NFC_PS_FILE, NULL, true };
	parse_statements(&P, &ps);
	deanonymize(p.top);
	p.nerrors += lx.nerrors;
	for (int i = 0; i < P.nbindings; i++)
		nfc_lang_map_set(&p.class_names, P.bindings[i].name, 1);

	nfc_lang_flatten(&p, out);

	int nerrors = p.nerrors;
	parse_free(&P, &p);
	nfc_lexer_destroy(&lx);
	if (nerrors) {
		nfc_flat_config_free(out);
		return -1;
	}
	return 0;
}
