/* SPDX-License-Identifier: MIT */
/* Flattening: compound expansion, overload resolution, $variables, tunnel splicing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "parser_priv.h"

/* Compound instances nest no deeper than this while expanding. */
#define EXPAND_MAX_NEST 256

/*
 * The flat graph under construction. A compound instance "c" becomes three
 * tunnel elements: "c" (its outside), "c/input" and "c/output" (its inside
 * ends), as in Click; connections are spliced through them at the end.
 */
enum tunnel_role { ROLE_NONE, ROLE_OWNER, ROLE_INPUT, ROLE_OUTPUT };

struct flat_el {
	char *name;
	struct nfc_lang_class *cls;
	char *config;
	char *landmark, *errpos, *context;
	enum tunnel_role role;
	int owner;	/* for tunnels: the compound/group element */
	int tin, tout;	/* tunnel peers: where inputs/outputs lead */
	int nports[2];
	bool error;
};

struct flat_conn {
	int from, from_port, to, to_port;
	const char *landmark; /* borrowed from the parsed bodies */
};

struct flattener {
	struct nfc_lang_parse *p;
	struct flat_el *el;
	int n, cap;
	struct nfc_lang_map names;
	struct flat_conn *conns;
	int nconns, conns_cap;
	bool too_many;
	int nest;
};

void nfc_lang_error(struct nfc_lang_parse *p, const char *landmark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p->nerrors++;
	nfc_verror(p->errh, NFC_ERRH_ERROR, landmark, fmt, ap);
	va_end(ap);
}

static void lang_message(struct nfc_lang_parse *p, const char *landmark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void lang_message(struct nfc_lang_parse *p, const char *landmark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(p->errh, NFC_ERRH_MESSAGE, landmark, fmt, ap);
	va_end(ap);
}

/* A new element, or -1 when the configuration grew too large. */
static int add_element(struct flattener *F, const char *name, struct nfc_lang_class *cls,
		       const char *config, const char *landmark, const char *errpos,
		       const char *context)
{
	if (F->n >= NFC_LANG_MAX_ELEMENTS) {
		if (!F->too_many)
			nfc_lang_error(F->p, errpos, "configuration too large (more than %d elements)",
				       NFC_LANG_MAX_ELEMENTS);
		F->too_many = true;
		return -1;
	}
	if (F->n == F->cap) {
		F->cap = F->cap ? 2 * F->cap : 64;
		F->el = nfc_lang_xrealloc(F->el, (size_t)F->cap * sizeof(*F->el));
	}
	int i = F->n++;
	struct flat_el *e = &F->el[i];
	memset(e, 0, sizeof(*e));
	e->name = nfc_lang_strdup(name);
	e->cls = cls;
	e->config = nfc_lang_strdup(config ? config : "");
	e->landmark = nfc_lang_strdup(landmark);
	e->errpos = nfc_lang_strdup(errpos);
	e->context = nfc_lang_strdup(context);
	e->owner = e->tin = e->tout = -1;
	nfc_lang_map_set(&F->names, name, i);
	return i;
}

static void connect(struct flattener *F, int from, int fp, int to, int tp, const char *lm)
{
	if (F->nconns == F->conns_cap) {
		F->conns_cap = F->conns_cap ? 2 * F->conns_cap : 64;
		F->conns = nfc_lang_xrealloc(F->conns, (size_t)F->conns_cap * sizeof(*F->conns));
	}
	F->conns[F->nconns++] = (struct flat_conn){ from, fp, to, tp, lm };
	if (F->el[to].nports[0] <= tp)
		F->el[to].nports[0] = tp + 1;
	if (F->el[from].nports[1] <= fp)
		F->el[from].nports[1] = fp + 1;
}

/* Make @owner a tunnel with inside ends "owner/input" and "owner/output";
 * @ends receives [owner, input end, output end] (-1 on a name clash). */
static void add_tunnels(struct flattener *F, int owner, int ends[3])
{
	struct flat_el *o = &F->el[owner];
	o->role = ROLE_OWNER;
	ends[0] = owner;
	bool ok = true;
	for (int k = 0; k < 2; k++) {
		char *n = nfc_lang_printf("%s/%s", F->el[owner].name, k ? "output" : "input");
		int i = nfc_lang_map_get(&F->names, n);
		if (i >= 0) {
			nfc_lang_error(F->p, F->el[owner].errpos, "redeclaration of element '%s'", n);
			nfc_lang_error(F->p, F->el[i].errpos, "'%s' previously declared here", n);
			ok = false;
			ends[1 + k] = -1;
		} else {
			ends[1 + k] = add_element(F, n, NULL, "", F->el[owner].landmark,
						  F->el[owner].errpos, F->el[owner].context);
			if (ends[1 + k] < 0)
				ok = false;
			else {
				F->el[ends[1 + k]].role = k ? ROLE_OUTPUT : ROLE_INPUT;
				F->el[ends[1 + k]].owner = owner;
			}
		}
		free(n);
	}
	if (ok) {
		F->el[owner].tin = ends[1];   /* into the owner = out of owner/input */
		F->el[owner].tout = ends[2];  /* out of the owner = into owner/output */
		F->el[ends[1]].tout = owner;
		F->el[ends[2]].tin = owner;
	}
}

/* ---- overload resolution ---- */

static char *signature(const char *name, const struct nfc_lang_body *b, int nargs, int nin,
		       int nout)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_puts(&sb, name && *name ? name : "<anonymous>");
	if (b && b->nformals) {
		nfc_strbuf_putc(&sb, '(');
		for (int i = 0; i < b->nformals; i++) {
			const char *t = b->var_values.v[i];
			if (i)
				nfc_strbuf_puts(&sb, ", ");
			nfc_strbuf_puts(&sb, !*t ? "<arg>" : !strcmp(t, "__REST__") ? "..." : t);
		}
		nfc_strbuf_putc(&sb, ')');
	}
	nfc_strbuf_putc(&sb, '[');
	if (!b && nargs > 0)
		nfc_strbuf_printf(&sb, "%d argument%s, ", nargs, nargs == 1 ? "" : "s");
	nfc_strbuf_printf(&sb, "%d input%s, %d output%s]", nin, nin == 1 ? "" : "s", nout,
			  nout == 1 ? "" : "s");
	return nfc_strbuf_take(&sb);
}

static int assign(const struct nfc_lang_body *b, const struct nfc_lang_svec *args,
		  struct nfc_lang_svec *values)
{
	return nfc_lang_assign_args(args, b->var_values.v, b->nformals, values);
}

/*
 * Pick the overload of compound @cls that takes @args with @nin inputs and
 * @nout outputs used (Click's Compound::resolve). Falls back to the closest
 * argument match after reporting; may return a primitive (an extended one).
 */
static struct nfc_lang_class *resolve(struct flattener *F, struct nfc_lang_class *cls,
				      const struct flat_el *e, const struct nfc_lang_svec *args,
				      struct nfc_lang_svec *values)
{
	struct nfc_lang_class *ct = cls, *closest = NULL;
	int nct = 0;
	int nin = e->nports[0], nout = e->nports[1];
	while (ct && ct->kind == NFC_LANG_COMPOUND) {
		nct++;
		const struct nfc_lang_body *b = ct->body;
		if (b->ninputs == nin && b->noutputs == nout && assign(b, args, values) == 0)
			return ct;
		if (assign(b, args, NULL) == 0)
			closest = ct;
		if (ct->overload && ct->overload->kind != NFC_LANG_COMPOUND)
			return ct->overload;
		ct = ct->overload;
	}
	if (nct != 1 || !closest) {
		char *sig = signature(cls->name, NULL, args->n, nin, nout);
		nfc_lang_error(F->p, e->errpos, "no match for '%s'", sig);
		free(sig);
		lang_message(F->p, e->errpos, "candidates are:");
		for (ct = cls; ct && ct->kind == NFC_LANG_COMPOUND; ct = ct->overload) {
			const struct nfc_lang_body *b = ct->body;
			sig = signature(ct->name, b, -1, b->ninputs, b->noutputs);
			lang_message(F->p, b->errpos, "  %s", sig);
			free(sig);
		}
	}
	if (closest)
		assign(closest->body, args, values);
	return closest;
}

/* ---- expansion ---- */

static void expand(struct flattener *F, int which, const struct nfc_lang_env *env);

static void expand_into(struct flattener *F, int which, const struct nfc_lang_body *b,
			const struct nfc_lang_env *env)
{
	int ends[3];
	add_tunnels(F, which, ends);
	int *map = calloc((size_t)b->nelems + 1, sizeof(int));
	if (!map)
		abort();
	map[0] = ends[1];
	map[1] = ends[2];
	char *prefix = nfc_lang_printf("%s/", F->el[which].name);

	for (int i = 2; i < b->nelems; i++) {
		const struct nfc_lang_elem *ie = &b->elems[i];
		char *cname = nfc_lang_printf("%s%s", prefix, ie->name);
		int old = nfc_lang_map_get(&F->names, cname);
		bool group = ie->kind == NFC_LANG_ELEM_GROUP && i + 2 < b->nelems;
		if (old >= 0) {
			nfc_lang_error(F->p, F->el[which].errpos, "redeclaration of element '%s'",
				       cname);
			nfc_lang_error(F->p, F->el[old].errpos, "'%s' previously declared here",
				       cname);
			map[i] = -1;
			if (group) {
				map[i + 1] = map[i + 2] = -1;
				i += 2;
			}
			free(cname);
			continue;
		}
		if (nfc_lang_map_get(&F->p->class_names, cname) >= 0 || nfc_registry_find(cname))
			nfc_lang_error(F->p, F->el[which].errpos, "'%s' is an element class", cname);
		map[i] = add_element(F, cname, ie->cls, ie->config, ie->landmark, ie->errpos,
				     prefix);
		if (group && map[i] >= 0) {
			add_tunnels(F, map[i], ends);
			map[i + 1] = ends[1];
			map[i + 2] = ends[2];
			i += 2;
		} else if (group) {
			map[i + 1] = map[i + 2] = -1;
			i += 2;
		}
		free(cname);
	}

	for (int i = 0; i < b->nconns; i++) {
		const struct nfc_lang_conn *c = &b->conns[i];
		if (map[c->from] >= 0 && map[c->to] >= 0)
			connect(F, map[c->from], c->from_port, map[c->to], c->to_port, c->landmark);
	}
	for (int i = 2; i < b->nelems && !F->too_many; i++)
		if (map[i] >= 0)
			expand(F, map[i], env);
	free(map);
	free(prefix);
}

static void expand(struct flattener *F, int which, const struct nfc_lang_env *env)
{
	struct flat_el *e = &F->el[which];
	if (e->role != ROLE_NONE || !e->cls)
		return;
	bool too_big = false;
	char *config = nfc_lang_expand(e->config, env, &too_big);
	free(e->config);
	e->config = config;
	if (too_big)
		nfc_lang_error(F->p, e->errpos, "configuration string too large after substitution");
	if (e->cls->kind != NFC_LANG_COMPOUND) {
		e->error = e->cls->kind == NFC_LANG_ERROR;
		return;
	}
	if (F->nest >= EXPAND_MAX_NEST) {
		nfc_lang_error(F->p, e->errpos, "compound elements nested too deeply");
		e->error = true;
		return;
	}

	struct nfc_lang_svec args = { 0 }, values = { 0 };
	nfc_lang_argvec(e->config, &args);
	struct nfc_lang_class *found = resolve(F, e->cls, e, &args, &values);
	e = &F->el[which];
	if (!found || found->kind != NFC_LANG_COMPOUND) {
		if (found)
			e->cls = found;
		e->error = !found || found->kind == NFC_LANG_ERROR;
	} else {
		const struct nfc_lang_body *b = found->body;
		struct nfc_lang_env inner = { nfc_lang_env_parent_of(env, b->depth), b->depth,
					      { 0 }, { 0 } };
		for (int i = 0; i < b->nformals && i < values.n; i++)
			nfc_lang_env_define(&inner, b->var_names.v[i], values.v[i], true);
		for (int i = b->nformals; i < b->var_names.n; i++) {
			char *v = nfc_lang_expand(b->var_values.v[i], &inner, NULL);
			nfc_lang_env_define(&inner, b->var_names.v[i], v, true);
			free(v);
		}
		F->nest++;
		expand_into(F, which, b, &inner);
		F->nest--;
		nfc_lang_env_free(&inner);
	}
	nfc_lang_svec_free(&args);
	nfc_lang_svec_free(&values);
}

/* ---- splicing connections through tunnels ---- */

struct endpoint {
	int el, port;
};

struct endlist {
	struct endpoint *v;
	int n, cap;
};

static void endlist_push(struct endlist *l, int el, int port)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->v = nfc_lang_xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct endpoint){ el, port };
}

/* One memo entry per (tunnel, port, direction) already expanded. */
struct memo {
	uint64_t key;
	int state; /* 1 expanding (a cycle if met again), 2 done */
	struct endlist ends;
};

struct splicer {
	struct flattener *F;
	struct memo *memo;
	size_t memo_cap, memo_used;
	/* Connections by endpoint: chains of connection indices. */
	int *by_to_head, *by_from_head, *next_to, *next_from;
};

static size_t memo_hash(uint64_t k)
{
	k ^= k >> 31;
	k *= 0x7fb5d329728ea185ull;
	k ^= k >> 27;
	k *= 0x81dadef4bc2dd44dull;
	return (size_t)(k ^ (k >> 33));
}

static struct memo *memo_find(struct splicer *S, uint64_t key)
{
	if ((S->memo_used + 1) * 2 >= S->memo_cap) {
		struct memo *old = S->memo;
		size_t oldcap = S->memo_cap;
		S->memo_cap = oldcap ? 2 * oldcap : 256;
		S->memo = calloc(S->memo_cap, sizeof(*S->memo));
		if (!S->memo)
			abort();
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].state) {
				size_t j = memo_hash(old[i].key) & (S->memo_cap - 1);
				while (S->memo[j].state)
					j = (j + 1) & (S->memo_cap - 1);
				S->memo[j] = old[i];
			}
		free(old);
	}
	size_t j = memo_hash(key) & (S->memo_cap - 1);
	while (S->memo[j].state && S->memo[j].key != key)
		j = (j + 1) & (S->memo_cap - 1);
	if (!S->memo[j].state) {
		S->memo[j].key = key;
		S->memo_used++;
	}
	return &S->memo[j];
}

static void splice(struct splicer *S, int el, int port, bool isoutput, struct endlist *into);

/* Expand the tunnel end (@el, @port): where do connections through it lead? */
static void splice_tunnel(struct splicer *S, int el, int port, bool isoutput,
			  struct endlist *into)
{
	struct flattener *F = S->F;
	struct flat_el *e = &F->el[el];
	int peer = isoutput ? e->tout : e->tin;
	if (peer < 0) {
		nfc_lang_error(F->p, e->errpos, "'%s' used as %s", e->name,
			       isoutput ? "output" : "input");
		return;
	}
	uint64_t key = ((uint64_t)el << 18) | ((uint64_t)port << 1) | isoutput;
	struct memo *m = memo_find(S, key);
	if (m->state == 1)
		return; /* a circular tunnel: ignored, as in Click */
	if (m->state == 0) {
		m->state = 1;
		struct endlist found = { 0 };
		int any = 0;
		/* Sources of an output end are whatever connects into the peer's
		 * same-numbered input, and vice versa. */
		int c = isoutput ? S->by_to_head[peer] : S->by_from_head[peer];
		for (; c >= 0; c = isoutput ? S->next_to[c] : S->next_from[c]) {
			const struct flat_conn *fc = &F->conns[c];
			if ((isoutput ? fc->to_port : fc->from_port) != port)
				continue;
			any++;
			if (isoutput)
				splice(S, fc->from, fc->from_port, true, &found);
			else
				splice(S, fc->to, fc->to_port, false, &found);
		}
		if (!any) {
			const struct flat_el *o = &F->el[e->owner >= 0 ? e->owner : el];
			const char *msg;
			if (e->role == ROLE_OWNER)
				msg = isoutput ? "'%s' has no output %d" : "'%s' has no input %d";
			else if (e->role == ROLE_INPUT)
				msg = "'%s' input %d unused";
			else
				msg = "'%s' output %d unused";
			nfc_lang_error(F->p, o->errpos, msg, o->name, port);
		}
		m = memo_find(S, key); /* the table may have moved */
		m->ends = found;
		m->state = 2;
	}
	for (int i = 0; i < m->ends.n; i++)
		endlist_push(into, m->ends.v[i].el, m->ends.v[i].port);
}

static void splice(struct splicer *S, int el, int port, bool isoutput, struct endlist *into)
{
	if (S->F->el[el].role == ROLE_NONE)
		endlist_push(into, el, port);
	else
		splice_tunnel(S, el, port, isoutput, into);
}

int nfc_flat_connection_cmp(const void *a, const void *b)
{
	const struct nfc_flat_connection *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->from_port != y->from_port)
		return x->from_port < y->from_port ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->to_port < y->to_port ? -1 : x->to_port > y->to_port;
}

static void build_output(struct flattener *F, struct nfc_flat_config *out)
{
	int *newidx = malloc(((size_t)F->n + 1) * sizeof(int));
	if (!newidx)
		abort();
	int ne = 0;
	for (int i = 0; i < F->n; i++)
		newidx[i] = F->el[i].role == ROLE_NONE && F->el[i].cls ? ne++ : -1;
	out->nelements = ne;
	out->elements = calloc((size_t)ne + 1, sizeof(*out->elements));
	if (!out->elements)
		abort();
	for (int i = 0; i < F->n; i++) {
		if (newidx[i] < 0)
			continue;
		struct flat_el *e = &F->el[i];
		struct nfc_flat_element *o = &out->elements[newidx[i]];
		o->name = e->name;
		o->class_name = nfc_lang_strdup(e->cls->kind == NFC_LANG_PRIMITIVE
							? e->cls->prim->name
							: e->cls->name);
		o->config = e->config;
		o->landmark = e->landmark;
		o->context = e->context;
		e->name = e->config = e->landmark = e->context = NULL;
	}

	struct splicer S;
	memset(&S, 0, sizeof S);
	S.F = F;
	S.by_to_head = malloc(((size_t)F->n + 1) * sizeof(int));
	S.by_from_head = malloc(((size_t)F->n + 1) * sizeof(int));
	S.next_to = malloc(((size_t)F->nconns + 1) * sizeof(int));
	S.next_from = malloc(((size_t)F->nconns + 1) * sizeof(int));
	if (!S.by_to_head || !S.by_from_head || !S.next_to || !S.next_from)
		abort();
	for (int i = 0; i < F->n; i++)
		S.by_to_head[i] = S.by_from_head[i] = -1;
	for (int c = F->nconns - 1; c >= 0; c--) {
		S.next_to[c] = S.by_to_head[F->conns[c].to];
		S.by_to_head[F->conns[c].to] = c;
		S.next_from[c] = S.by_from_head[F->conns[c].from];
		S.by_from_head[F->conns[c].from] = c;
	}

	int nc = 0, cap = F->nconns + 16;
	struct nfc_flat_connection *conns = malloc((size_t)cap * sizeof(*conns));
	if (!conns)
		abort();
	for (int c = 0; c < F->nconns; c++) {
		const struct flat_conn *fc = &F->conns[c];
		struct endlist from = { 0 }, to = { 0 };
		splice(&S, fc->from, fc->from_port, true, &from);
		splice(&S, fc->to, fc->to_port, false, &to);
		for (int i = 0; i < from.n; i++)
			for (int j = 0; j < to.n; j++) {
				int a = newidx[from.v[i].el], b = newidx[to.v[j].el];
				if (a < 0 || b < 0)
					continue;
				if (nc == cap) {
					cap *= 2;
					conns = nfc_lang_xrealloc(conns, (size_t)cap * sizeof(*conns));
				}
				conns[nc++] = (struct nfc_flat_connection){
					a, from.v[i].port, b, to.v[j].port, (char *)fc->landmark
				};
			}
		free(from.v);
		free(to.v);
	}

	/* Click sorts connections; duplicates (from tunnels) collapse. */
	qsort(conns, (size_t)nc, sizeof(*conns), nfc_flat_connection_cmp);
	int w = 0;
	for (int i = 0; i < nc; i++)
		if (!w || nfc_flat_connection_cmp(&conns[w - 1], &conns[i]) != 0)
			conns[w++] = conns[i];
	for (int i = 0; i < w; i++)
		conns[i].landmark = nfc_lang_strdup(conns[i].landmark ? conns[i].landmark : "");
	out->nconnections = w;
	out->connections = conns;

	for (size_t i = 0; i < S.memo_cap; i++)
		free(S.memo[i].ends.v);
	free(S.memo);
	free(S.by_to_head);
	free(S.by_from_head);
	free(S.next_to);
	free(S.next_from);
	free(newidx);
}

void nfc_lang_flatten(struct nfc_lang_parse *p, struct nfc_flat_config *out)
{
	struct flattener F;
	memset(&F, 0, sizeof F);
	F.p = p;
	const struct nfc_lang_body *top = p->top;

	/* Top-level variables: define()s, overridden by the command line. */
	struct nfc_lang_env env = { NULL, 0, { 0 }, { 0 } };
	for (int i = 0; i < top->var_names.n; i++)
		nfc_lang_env_define(&env, top->var_names.v[i], top->var_values.v[i], false);
	for (int i = 0; i < p->nvars; i++)
		if (p->vars[i].name)
			nfc_lang_env_define(&env, p->vars[i].name,
					    p->vars[i].value ? p->vars[i].value : "", true);

	int *map = calloc((size_t)top->nelems + 1, sizeof(int));
	if (!map)
		abort();
	for (int i = 0; i < top->nelems; i++) {
		const struct nfc_lang_elem *e = &top->elems[i];
		map[i] = add_element(&F, e->name, e->cls, e->config, e->landmark, e->errpos, "");
		if (map[i] >= 0 && e->kind != NFC_LANG_ELEM_NORMAL)
			F.el[map[i]].cls = NULL;
		if (e->kind == NFC_LANG_ELEM_GROUP && i + 2 < top->nelems && map[i] >= 0) {
			/* The group's two ends exist already in the parse; recreate them paired. */
			int ends[3];
			F.el[map[i]].role = ROLE_OWNER;
			add_tunnels(&F, map[i], ends);
			map[i + 1] = ends[1];
			map[i + 2] = ends[2];
			i += 2;
		}
	}
	for (int i = 0; i < top->nconns; i++) {
		const struct nfc_lang_conn *c = &top->conns[i];
		if (map[c->from] >= 0 && map[c->to] >= 0)
			connect(&F, map[c->from], c->from_port, map[c->to], c->to_port, c->landmark);
	}
	int n0 = F.n;
	for (int i = 0; i < n0 && !F.too_many; i++)
		expand(&F, i, &env);
	free(map);
	nfc_lang_env_free(&env);

	/* A configuration cut short has dangling tunnels: don't report them. */
	if (!F.too_many)
		build_output(&F, out);

	out->filename = nfc_lang_strdup(p->filename);
	out->nrequirements = p->requirements.n;
	out->requirements = calloc((size_t)p->requirements.n + 1, sizeof(char *));
	if (!out->requirements)
		abort();
	for (int i = 0; i < p->requirements.n; i++)
		out->requirements[i] = nfc_lang_strdup(p->requirements.v[i]);

	for (int i = 0; i < F.n; i++) {
		free(F.el[i].name);
		free(F.el[i].config);
		free(F.el[i].landmark);
		free(F.el[i].errpos);
		free(F.el[i].context);
	}
	free(F.el);
	free(F.conns);
	nfc_lang_map_free(&F.names);
}
