/* SPDX-License-Identifier: MIT */
/* Parsing connection statements: element lists, ports, chains, '->' and '=>'. */
#include <stdlib.h>
#include <string.h>
#include "parser_priv.h"

/*
 * An element set is what sits between two connectors: "a, [1]b[2], c".
 * Its ports live in a flat vector of groups, as in Click:
 *     [element index, #inputs, #outputs, input ports..., output ports...]
 * A port list ending in -1 is expandable ("[2,]" means 2, 3, ...).
 */
struct estate {
	char *name;		    /* element name, or class name of an anonymous element */
	struct nfc_lang_class *type; /* the name is a class: an anonymous element */
	struct nfc_lang_class *decl; /* ":: Class" */
	bool bare;		    /* just a name: no "::", no config */
	bool implied[2];	    /* a group's own ports, not written by the user */
	int fixed_idx;		    /* a group: its element; else -1 */
	char *config;
	struct nfc_srcpos pos;
};

struct eset {
	struct nfc_lang_ivec v;
	struct estate *es;
	int nes, es_cap;
	bool any_implicit, any_ports;
};

static void eset_clear(struct eset *s)
{
	for (int i = 0; i < s->nes; i++) {
		free(s->es[i].name);
		free(s->es[i].config);
	}
	s->nes = 0;
	s->v.n = 0;
	s->any_implicit = s->any_ports = false;
}

static void eset_free(struct eset *s)
{
	eset_clear(s);
	free(s->es);
	free(s->v.v);
}

static struct estate *eset_add(struct eset *s)
{
	if (s->nes == s->es_cap) {
		s->es_cap = s->es_cap ? 2 * s->es_cap : 8;
		s->es = nfc_lang_xrealloc(s->es, (size_t)s->es_cap * sizeof(*s->es));
	}
	struct estate *e = &s->es[s->nes++];
	memset(e, 0, sizeof(*e));
	e->fixed_idx = -1;
	return e;
}

static int group_size(const int *g)
{
	return 3 + g[1] + g[2];
}

static void port_push(struct nfc_lang_ivec *v, int cur, bool isoutput, int port)
{
	nfc_lang_ivec_push(v, port);
	v->v[cur + 1 + isoutput]++;
}

static bool parse_port_number(const struct nfc_token *t, int *port)
{
	char buf[32];
	if (t->len == 0 || t->len >= sizeof buf)
		return false;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	char *end;
	long v = strtol(buf, &end, 0);
	if (*end || v < 0 || v > 0x7fffffff)
		return false;
	*port = (int)v;
	return true;
}

/* "[p, q, ...]" after or before an element; "[]" and "[p,]" are expandable. */
static void parse_ports(struct nfc_parser *P, struct nfc_lang_ivec *v, int cur, bool isoutput)
{
	if (!nfc_lexer_expect(P->lx, '[', false))
		return;
	for (;;) {
		struct nfc_token t = nfc_lexer_next(P->lx);
		if (t.kind == NFC_TOK_IDENT) {
			int port = 0;
			if (!parse_port_number(&t, &port)) {
				nfc_lexer_error_at(P->lx, &t.pos,
						   "syntax error: port number should be integer");
				port = 0;
			} else if (port > NFC_LANG_MAX_PORT) {
				nfc_lexer_error_at(P->lx, &t.pos, "port number %d too large (max %d)",
						   port, NFC_LANG_MAX_PORT);
				port = 0;
			}
			port_push(v, cur, isoutput, port);
		} else if (t.kind == ']') {
			if (v->v[cur + 1 + isoutput] == 0)
				port_push(v, cur, isoutput, 0);
			port_push(v, cur, isoutput, -1);
			return;
		} else {
			nfc_lexer_error_at(P->lx, &t.pos, "syntax error: expected port number");
			nfc_lexer_unlex(P->lx, &t);
			return;
		}
		t = nfc_lexer_next(P->lx);
		if (t.kind == ']')
			return;
		if (t.kind != ',') {
			nfc_lexer_error_at(P->lx, &t.pos, "syntax error: expected ','");
			nfc_lexer_unlex(P->lx, &t);
		}
	}
}

static bool is_arrow(int kind)
{
	return kind == NFC_TOK_ARROW || kind == NFC_TOK_DARROW;
}

enum { EL_NEXT, EL_SKIP, EL_DONE };

/* One element of a set: ports, name or class or compound or group, "::
 * Class", configuration, ports (Click's yelement_name/type/config). */
static int parse_element(struct nfc_parser *P, struct nfc_pstate *ps, struct eset *set,
			 bool first_set, struct nfc_srcpos *stop)
{
	struct nfc_lang_ivec *v = &set->v;
	int cur = v->n;
	nfc_lang_ivec_push(v, -1);
	nfc_lang_ivec_push(v, 0);
	nfc_lang_ivec_push(v, 0);
	parse_ports(P, v, cur, false);

	struct nfc_token t = nfc_lexer_next(P->lx);
	char *name = NULL;
	struct nfc_lang_class *type = NULL;
	bool ident = false, implicit = false;
	int fixed_idx = -1;
	bool implied[2] = { false, false };
	struct nfc_srcpos pos = t.pos;

	if (t.kind == NFC_TOK_IDENT) {
		name = nfc_lang_strndup(t.s, t.len);
		type = nfc_parser_lookup_class(P, name);
		ident = true;
	} else if (t.kind == '{') {
		type = nfc_parser_compound(P, "", &t.pos);
		if (!type)
			type = nfc_parser_new_class(P, NFC_LANG_ERROR, "");
		name = nfc_lang_strdup("");
	} else if (t.kind == '(') {
		int gnp[2];
		fixed_idx = nfc_parser_group(P, ps, &t.pos, gnp);
		name = nfc_lang_strdup(P->c->elems[fixed_idx].name);
		/* A group implies all its ports on both sides, unless overridden. */
		for (int k = 0; k < 2; k++)
			if (v->v[cur + 1 + k] == 0) {
				for (int i = 0; i < gnp[k]; i++)
					port_push(v, cur, k, i);
				implied[k] = true;
			}
	} else {
		bool nested = P->c->depth > 0 || ps->parent;
		int nin = v->v[cur + 1];
		if (nested && is_arrow(t.kind)) {
			implicit = first_set && (nin || cur == 0);
			if (implicit && !nin && !ps->last_connection_ends_output) {
				const char *a = t.kind == NFC_TOK_ARROW ? "->" : "=>";
				nfc_lexer_warning_at(P->lx, &t.pos,
						     "suggest 'input %s' or '[0] %s' to start connection",
						     a, a);
			}
		} else if (nested && t.kind == ',')
			implicit = nin != 0;
		else if (nested && t.kind != NFC_TOK_COLON2)
			implicit = !first_set && (nin || cur == 0);
		if (implicit) {
			name = nfc_lang_strdup(first_set ? "input" : "output");
			set->any_implicit = true;
			if (first_set) { /* "[1] -> x" : those are input's output ports */
				int tmp = v->v[cur + 1];
				v->v[cur + 1] = v->v[cur + 2];
				v->v[cur + 2] = tmp;
			}
			nfc_lexer_unlex(P->lx, &t);
		} else {
			if (nin)
				nfc_lexer_error_at(P->lx, &t.pos, "stranded port ignored");
			v->n = cur;
			*stop = t.pos;
			if (cur == 0) {
				if (nested && first_set)
					nfc_lexer_unlex(P->lx, &t);
				else
					nfc_parser_syntax_error(P, &t);
				return EL_DONE;
			}
			return EL_SKIP;
		}
	}

	struct estate *e = eset_add(set);
	e->name = name;
	e->type = type;
	e->bare = ident;
	e->fixed_idx = fixed_idx;
	e->pos = pos;
	e->implied[0] = implied[0];
	e->implied[1] = implied[1];

	/* ":: Class" */
	t = nfc_lexer_next(P->lx);
	if (t.kind == NFC_TOK_COLON2 && !implicit) {
		e->bare = false;
		t = nfc_lexer_next(P->lx);
		if (t.kind == NFC_TOK_IDENT) {
			char *cn = nfc_lang_strndup(t.s, t.len);
			e->decl = nfc_parser_force_class(P, cn, &t.pos, true);
			free(cn);
			t = nfc_lexer_next(P->lx);
		} else if (t.kind == '{') {
			e->decl = nfc_parser_compound(P, "", &t.pos);
			if (!e->decl)
				e->decl = nfc_parser_new_class(P, NFC_LANG_ERROR, "");
			t = nfc_lexer_next(P->lx);
		} else {
			nfc_lexer_error_at(P->lx, &t.pos, "missing element type in declaration");
			e->decl = nfc_parser_force_class(P, e->name, &t.pos, true);
		}
	}

	/* "(configuration)" */
	if (t.kind == '(' && !implicit) {
		if (nfc_lang_map_get(&P->c->elem_map, e->name) >= 0 && !e->type)
			nfc_lexer_error_at(P->lx, &t.pos,
					   "configuration string ignored on element reference");
		e->config = nfc_lexer_config(P->lx);
		nfc_lexer_expect(P->lx, ')', true);
		e->bare = false;
		t = nfc_lexer_next(P->lx);
	}
	nfc_lexer_unlex(P->lx, &t);

	/* "[ports]" after the element replace any implied ones */
	if (t.kind == '[' && !implicit) {
		v->n -= v->v[cur + 2];
		v->v[cur + 2] = 0;
		e->implied[1] = false;
		parse_ports(P, v, cur, true);
	}
	if (v->v[cur + 1] || v->v[cur + 2])
		set->any_ports = true;
	return EL_NEXT;
}

/* Turn the set's element states into elements of the current body. */
static void eset_resolve(struct nfc_parser *P, struct eset *set, int next_kind, bool first_set)
{
	/* "a, b :: Counter(5)" declares both with the last one's class and config. */
	if (set->nes > 1 && first_set && !is_arrow(next_kind) && !set->any_ports &&
	    !set->any_implicit) {
		int last = 0;
		while (last < set->nes - 1 && set->es[last].bare)
			last++;
		if (last == set->nes - 1)
			for (int i = 0; i < last; i++) {
				set->es[i].decl = set->es[last].decl;
				free(set->es[i].config);
				set->es[i].config = set->es[last].config
							    ? nfc_lang_strdup(set->es[last].config)
							    : NULL;
			}
	}

	int *g = set->v.v;
	for (int i = 0; i < set->nes; i++, g += group_size(g)) {
		struct estate *e = &set->es[i];
		if (e->fixed_idx >= 0) {
			g[0] = e->fixed_idx;
			if (e->decl)
				nfc_lexer_error_at(P->lx, &e->pos, "redeclaration of element '%s'",
						   P->c->elems[e->fixed_idx].name);
			continue;
		}
		int idx = e->type ? -1 : nfc_lang_map_get(&P->c->elem_map, e->name);
		if (idx >= 0) {
			if (e->decl) {
				struct nfc_lang_elem *old = &P->c->elems[idx];
				nfc_lexer_error_at(P->lx, &e->pos, "redeclaration of element '%s'",
						   e->name);
				if (old->kind == NFC_LANG_ELEM_NORMAL)
					nfc_lexer_lerror(P->lx, old->errpos,
							 "element '%s' previously declared here",
							 e->name);
			}
			g[0] = idx;
			continue;
		}
		if (e->decl && e->type)
			nfc_lexer_error_at(P->lx, &e->pos, "class '%s' used as element name", e->name);
		else if (!e->decl && !e->type) {
			/* With a configuration it was meant as a class. */
			if (!e->bare)
				nfc_lexer_error_at(P->lx, &e->pos, "unknown element class '%s'",
						   e->name);
			else
				nfc_lexer_error_at(P->lx, &e->pos, "undeclared element '%s'", e->name);
			e->type = nfc_parser_force_class(P, e->name, &e->pos, false);
		}
		char *config = e->config ? e->config : nfc_lang_strdup("");
		e->config = NULL;
		if (e->type) {
			char *an = nfc_lang_printf("%s@%d", e->name, nfc_parser_anon_number(P));
			idx = nfc_parser_get_element(P, an, true, NFC_LANG_ELEM_NORMAL, e->type,
						     config, &e->pos);
			free(an);
		} else
			idx = nfc_parser_get_element(P, e->name, false, NFC_LANG_ELEM_NORMAL,
						     e->decl, config, &e->pos);
		g[0] = idx;
	}
}

/* Ports written where nothing connects to them. A group's implied ports
 * don't count: "... -> (input -> X -> output);" is fine. */
static void check_useless(struct nfc_parser *P, const struct eset *set, bool isoutput,
			  const struct nfc_srcpos *pos)
{
	const struct nfc_lang_ivec *x = &set->v;
	int i = 0;
	if (!x->v)
		return;
	for (const int *g = x->v; g < x->v + x->n; g += group_size(g), i++)
		if (g[isoutput ? 2 : 1] > 0 && !(i < set->nes && set->es[i].implied[isoutput])) {
			nfc_lexer_error_at(P->lx, pos, isoutput ? "output ports ignored at end of chain"
							      : "input ports ignored at start of chain");
			return;
		}
}

static void analyze_ports(const struct nfc_lang_ivec *x, bool isoutput, int *min_ports,
			  int *expandable)
{
	*min_ports = *expandable = 0;
	if (!x->v)
		return;
	for (const int *g = x->v; g < x->v + x->n; g += group_size(g)) {
		int n = g[isoutput ? 2 : 1];
		const int *ports = g + 3 + (isoutput ? g[1] : 0);
		if (n <= 1)
			*min_ports += 1;
		else if (ports[n - 1] == -1) {
			*min_ports += n - 1;
			++*expandable;
		} else
			*min_ports += n;
	}
}

/* Connect every output of set @outs to the inputs of set @ins: one to
 * many, many to one, or pairwise with '=>' (Click's yconnection_connect_all). */
static void connect_all(struct nfc_parser *P, const struct nfc_lang_ivec *outs,
			const struct nfc_lang_ivec *ins, int connector,
			const struct nfc_srcpos *pos)
{
	int minp[2], expandable[2];
	if (!outs->v || !ins->v)
		return;
	analyze_ports(outs, true, &minp[1], &expandable[1]);
	analyze_ports(ins, false, &minp[0], &expandable[0]);

	if (expandable[0] + expandable[1] > 1) {
		nfc_lexer_error_at(P->lx, pos, "at most one expandable port allowed per connection");
		expandable[minp[0] < minp[1]] = 0;
	}
	if (connector == NFC_TOK_DARROW)
		/* '=>' reads a missing port list as expandable */
		for (int k = 0; k < 2; k++) {
			const struct nfc_lang_ivec *my = k ? outs : ins;
			if (minp[k] == 1 && minp[1 - k] > 1 && my->n > 2 && my->v[1 + k] == 0)
				expandable[k] = 1;
		}

	bool step[2];
	int nexpandable[2];
	for (int k = 0; k < 2; k++) {
		step[k] = minp[k] > 1 || expandable[k];
		nexpandable[k] = expandable[k] ? minp[1 - k] - minp[k] : 0;
	}
	if (step[0] && step[1]) {
		if (connector != NFC_TOK_DARROW)
			nfc_lexer_error_at(P->lx, pos,
					   "syntax error: many-to-many connections require '=>'");
		if (!expandable[0] && !expandable[1] && minp[0] != minp[1])
			nfc_lexer_error_at(P->lx, pos,
					   "connection mismatch: %d outputs connected to %d inputs",
					   minp[1], minp[0]);
		else if (!expandable[0] && minp[0] < minp[1])
			nfc_lexer_error_at(P->lx, pos,
					   "connection mismatch: %d or more outputs connected to %d inputs",
					   minp[1], minp[0]);
		else if (!expandable[1] && minp[1] < minp[0])
			nfc_lexer_error_at(P->lx, pos,
					   "connection mismatch: %d outputs connected to %d or more inputs",
					   minp[1], minp[0]);
	} else if (!step[0] && !step[1])
		step[0] = true;

	char lm[512];
	nfc_srcpos_format(pos, false, lm, sizeof lm);
	const int *it[2] = { ins->v, outs->v };
	int ppos[2] = { 0, 0 }, port[2] = { -1, -1 };
	while (it[0] < ins->v + ins->n && it[1] < outs->v + outs->n) {
		for (int k = 0; k < 2; k++)
			if (port[k] < 0) {
				int np = it[k][1 + k];
				port[k] = np ? it[k][3 + (k ? it[k][1] : 0)] : 0;
			}
		nfc_lang_body_connect(P->c, it[1][0], port[1], it[0][0], port[0], lm);
		for (int k = 0; k < 2; k++) {
			if (!step[k])
				continue;
			int np = it[k][1 + k];
			const int *pv = it[k] + 3 + (k ? it[k][1] : 0);
			++ppos[k];
			if (ppos[k] < np && pv[ppos[k]] >= 0)
				port[k] = pv[ppos[k]]; /* port list */
			else if (np && pv[np - 1] == -1 && nexpandable[k] > 0) {
				port[k] = pv[np - 2] + ppos[k] - (np - 2); /* expandable */
				--nexpandable[k];
			} else if (np == 0 && minp[k] == 1 && nexpandable[k] > 0) {
				port[k] = ppos[k]; /* '=>' with no port list */
				--nexpandable[k];
			} else { /* next element of the set */
				port[k] = -1;
				ppos[k] = 0;
				it[k] += group_size(it[k]);
			}
		}
	}
}

void nfc_parser_connection(struct nfc_parser *P, struct nfc_pstate *ps)
{
	struct eset sets[2];
	memset(sets, 0, sizeof sets);
	struct eset *last = &sets[0], *cur = &sets[1];
	int connector = 0;
	struct nfc_srcpos conn_pos = nfc_lexer_here(P->lx), stop = conn_pos;
	struct nfc_token t;

	for (;;) {
		bool first_set = last->v.n == 0;
		eset_clear(cur);
		for (;;) {
			int r = parse_element(P, ps, cur, first_set, &stop);
			if (r == EL_DONE)
				goto done;
			t = nfc_lexer_next(P->lx);
			if (t.kind != ',')
				break;
		}
		nfc_lexer_unlex(P->lx, &t);
		if (cur->any_implicit && !first_set && is_arrow(t.kind))
			nfc_lexer_error_at(P->lx, &t.pos, "implicit ports used in the middle of a chain");
		eset_resolve(P, cur, t.kind, first_set);

		if (first_set)
			check_useless(P, cur, false, &t.pos);
		else
			connect_all(P, &last->v, &cur->v, connector, &conn_pos);
		struct eset *tmp = last;
		last = cur;
		cur = tmp;

		for (;;) {
			t = nfc_lexer_next(P->lx);
			if (t.kind == ',' || t.kind == NFC_TOK_COLON2) {
				nfc_parser_syntax_error(P, &t);
				continue;
			}
			break;
		}
		stop = t.pos;
		if (is_arrow(t.kind)) {
			connector = t.kind;
			conn_pos = t.pos;
			continue;
		}
		switch (t.kind) {
		case NFC_TOK_IDENT: case '{': case '}': case '[': case ')': case NFC_TOK_BAR2:
		case NFC_TOK_ELEMENTCLASS: case NFC_TOK_REQUIRE: case NFC_TOK_PROVIDE:
		case NFC_TOK_DEFINE:
			nfc_lexer_unlex(P->lx, &t);
			break;
		case ';': case NFC_TOK_EOF:
			break;
		default:
			nfc_parser_syntax_error(P, &t);
			if (t.kind >= NFC_TOK_IDENT)
				nfc_lexer_unlex(P->lx, &t);
			break;
		}
		break;
	}

done:
	check_useless(P, last, true, &stop);
	int out_idx = nfc_lang_map_get(&P->c->elem_map, "output");
	ps->last_connection_ends_output = last->v.n > 0 && last->v.n == group_size(last->v.v) &&
					  out_idx >= 0 && last->v.v[0] == out_idx;
	eset_free(&sets[0]);
	eset_free(&sets[1]);
}
