/* SPDX-License-Identifier: MIT */
/* nfclick-xform: finding an occurrence of a pattern in a router and replacing it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/args.h>
#include "nfclick-xform.h"

/*
 * An occurrence of pattern P in the router is a one-to-one map of P's
 * elements onto router elements such that
 *  - classes are equal and configurations unify: argument by argument,
 *    equal text, or a pattern argument "$name" bound to the router's
 *    argument (the same $name must get the same text everywhere);
 *  - every connection inside P exists between the images, and every
 *    router connection between two images is one of P's;
 *  - every router connection entering (leaving) an image corresponds to a
 *    port k of P's input (output): P connects input[k] to that image port,
 *    and the outside source reaches every image that input[k] reaches;
 *  - each port of P's input and output is used by some such connection;
 *  - not all the images come from an earlier replacement by P itself (else
 *    a replacement that contains its own pattern would never stop).
 * The images are then removed, and the replacement's elements added under
 * the prefix "P@N/", their "$name" arguments substituted, and connected to
 * the outside where the pattern was.
 */

struct hook {
	int el, port; /* the outside end */
	int k;	      /* pattern input (or output) port */
};

struct matcher {
	const struct xf_pattern *p;
	const struct xf_graph *pat;
	struct xf_graph *body;
	int id;
	int np;
	int *order;		/* pattern elements in search order */
	int *m;			/* pattern element -> router element, -1 */
	int *back;		/* router element -> pattern element, -1 */
	struct nfc_conf *pconf; /* pattern configurations, split */
	char **dvar, **dval;	/* $variable bindings */
	int ndefs, defcap;
	struct hook *ins, *outs;
	int nins, nouts, hookcap;
};

static bool is_marker(const struct matcher *M, int pe)
{
	return pe == M->p->pat_input || pe == M->p->pat_output;
}

/* ---- configurations ---- */

static bool is_variable(const char *a)
{
	if (a[0] != '$' || !a[1])
		return false;
	for (a++; *a; a++)
		if (!isalnum((unsigned char)*a) && *a != '_')
			return false;
	return true;
}

static const char *lookup_def(const struct matcher *M, const char *var)
{
	for (int i = 0; i < M->ndefs; i++)
		if (strcmp(M->dvar[i], var) == 0)
			return M->dval[i];
	return NULL;
}

static void push_def(struct matcher *M, const char *var, const char *value)
{
	if (M->ndefs == M->defcap) {
		M->defcap = M->defcap ? 2 * M->defcap : 8;
		M->dvar = xf_xrealloc(M->dvar, (size_t)M->defcap * sizeof *M->dvar);
		M->dval = xf_xrealloc(M->dval, (size_t)M->defcap * sizeof *M->dval);
	}
	M->dvar[M->ndefs] = xf_xstrdup(var);
	M->dval[M->ndefs++] = xf_xstrdup(value);
}

static void pop_defs(struct matcher *M, int to)
{
	while (M->ndefs > to) {
		M->ndefs--;
		free(M->dvar[M->ndefs]);
		free(M->dval[M->ndefs]);
	}
}

/* Unify pattern element @pe's configuration with @config, binding variables. */
static bool unify(struct matcher *M, int pe, const char *config)
{
	const struct nfc_conf *pc = &M->pconf[pe];
	struct nfc_conf bc;
	if (nfc_conf_split(&bc, config, NULL) < 0)
		return false;
	bool ok = pc->argc == bc.argc;
	for (int i = 0; ok && i < pc->argc; i++) {
		const char *pa = pc->argv[i], *ba = bc.argv[i];
		if (strcmp(pa, ba) == 0)
			continue;
		if (!is_variable(pa)) {
			ok = false;
			break;
		}
		const char *bound = lookup_def(M, pa);
		if (bound)
			ok = strcmp(bound, ba) == 0;
		else
			push_def(M, pa, ba);
	}
	nfc_conf_free(&bc);
	return ok;
}

/* @config with whole "$name" arguments replaced by their bindings. */
static char *substitute(const struct matcher *M, const char *config)
{
	struct nfc_conf c;
	if (nfc_conf_split(&c, config, NULL) < 0)
		return xf_xstrdup(config);
	bool changed = false;
	for (int i = 0; i < c.argc; i++) {
		const char *v = is_variable(c.argv[i]) ? lookup_def(M, c.argv[i]) : NULL;
		if (v) {
			free(c.argv[i]);
			c.argv[i] = xf_xstrdup(v);
			changed = true;
		}
	}
	char *out = changed ? nfc_conf_join(&c, 0) : xf_xstrdup(config);
	nfc_conf_free(&c);
	return out ? out : xf_xstrdup(config);
}

/* ---- the search ---- */

/* Do the pattern's connections between @pe (placed on @b) and the elements
 * placed so far exist in the router? */
static bool edges_ok(const struct matcher *M, int pe, int b)
{
	for (int c = 0; c < M->pat->nconn; c++) {
		const struct xf_conn *k = &M->pat->conn[c];
		if ((k->from != pe && k->to != pe) || is_marker(M, k->from) || is_marker(M, k->to))
			continue;
		int from = k->from == pe ? b : M->m[k->from];
		int to = k->to == pe ? b : M->m[k->to];
		if (from >= 0 && to >= 0
		    && !xf_graph_has_connection(M->body, from, k->from_port, to, k->to_port))
			return false;
	}
	return true;
}

static void push_hook(struct matcher *M, bool out, int el, int port, int k)
{
	if (M->nins + M->nouts >= M->hookcap) {
		M->hookcap = M->hookcap ? 2 * M->hookcap : 16;
		M->ins = xf_xrealloc(M->ins, (size_t)M->hookcap * sizeof *M->ins);
		M->outs = xf_xrealloc(M->outs, (size_t)M->hookcap * sizeof *M->outs);
	}
	if (out)
		M->outs[M->nouts++] = (struct hook){ el, port, k };
	else
		M->ins[M->nins++] = (struct hook){ el, port, k };
}

/*
 * The pattern port for router connection @c, which crosses into (@out false)
 * or out of the occurrence: the lowest k whose pattern connections the
 * outside end all has. -1 when there is none.
 */
static int tunnel_port(const struct matcher *M, const struct xf_conn *c, bool out)
{
	const struct xf_graph *pat = M->pat;
	int marker = out ? M->p->pat_output : M->p->pat_input;
	int inside = out ? M->back[c->from] : M->back[c->to];
	int inside_port = out ? c->from_port : c->to_port;
	int best = -1;
	if (marker < 0)
		return -1;
	for (int i = 0; i < pat->nconn; i++) {
		const struct xf_conn *t = &pat->conn[i];
		int k = out ? t->to_port : t->from_port;
		if ((out ? t->to : t->from) != marker || (out ? t->from : t->to) != inside
		    || (out ? t->from_port : t->to_port) != inside_port || (best >= 0 && k >= best))
			continue;
		bool all = true;
		for (int j = 0; j < pat->nconn && all; j++) {
			const struct xf_conn *u = &pat->conn[j];
			if (out && u->to == marker && u->to_port == k)
				all = xf_graph_has_connection(M->body, M->m[u->from], u->from_port,
							      c->to, c->to_port);
			else if (!out && u->from == marker && u->from_port == k)
				all = xf_graph_has_connection(M->body, c->from, c->from_port,
							      M->m[u->to], u->to_port);
		}
		if (all)
			best = k;
	}
	return best;
}

static bool hooked(const struct hook *h, int n, int k)
{
	for (int i = 0; i < n; i++)
		if (h[i].k == k)
			return true;
	return false;
}

/* With every pattern element placed: is the occurrence closed off properly? */
static bool check_outside(struct matcher *M)
{
	bool all_own = true;
	for (int i = 0; i < M->np; i++)
		if (M->body->el[M->m[M->order[i]]].origin != M->id)
			all_own = false;
	if (all_own)
		return false;
	M->nins = M->nouts = 0;
	for (int c = 0; c < M->body->nconn; c++) {
		const struct xf_conn *k = &M->body->conn[c];
		int pf = M->back[k->from], pt = M->back[k->to];
		if (pf >= 0 && pt >= 0) {
			if (!xf_graph_has_connection(M->pat, pf, k->from_port, pt, k->to_port))
				return false;
		} else if (pf >= 0 || pt >= 0) {
			bool out = pf >= 0;
			int port = tunnel_port(M, k, out);
			if (port < 0)
				return false;
			if (out)
				push_hook(M, true, k->to, k->to_port, port);
			else
				push_hook(M, false, k->from, k->from_port, port);
		}
	}
	for (int c = 0; c < M->pat->nconn; c++) {
		const struct xf_conn *t = &M->pat->conn[c];
		if (t->from == M->p->pat_input && !hooked(M->ins, M->nins, t->from_port))
			return false;
		if (t->to == M->p->pat_output && !hooked(M->outs, M->nouts, t->to_port))
			return false;
	}
	return true;
}

static bool try_place(struct matcher *M, int t);

static bool try_candidate(struct matcher *M, int t, int pe, int b)
{
	const struct xf_element *be = &M->body->el[b];
	if (be->dead || M->back[b] >= 0 || strcmp(be->class_name, M->pat->el[pe].class_name) != 0
	    || !edges_ok(M, pe, b))
		return false;
	int saved = M->ndefs;
	if (unify(M, pe, be->config)) {
		M->m[pe] = b;
		M->back[b] = pe;
		if (try_place(M, t + 1))
			return true;
		M->m[pe] = -1;
		M->back[b] = -1;
	}
	pop_defs(M, saved);
	return false;
}

/* Place pattern element order[t] and the rest; true when all fit. */
static bool try_place(struct matcher *M, int t)
{
	if (t == M->np)
		return check_outside(M);
	int pe = M->order[t];
	/* A pattern connection to an element placed already narrows the
	 * candidates to the router elements on the matching port. */
	for (int c = 0; c < M->pat->nconn; c++) {
		const struct xf_conn *k = &M->pat->conn[c];
		bool fwd = k->to == pe && !is_marker(M, k->from) && M->m[k->from] >= 0;
		bool bwd = k->from == pe && !is_marker(M, k->to) && M->m[k->to] >= 0;
		if (!fwd && !bwd)
			continue;
		int anchor = fwd ? M->m[k->from] : M->m[k->to];
		for (int d = 0; d < M->body->nconn; d++) {
			const struct xf_conn *x = &M->body->conn[d];
			if (fwd && x->from == anchor && x->from_port == k->from_port
			    && x->to_port == k->to_port && try_candidate(M, t, pe, x->to))
				return true;
			if (bwd && x->to == anchor && x->to_port == k->to_port
			    && x->from_port == k->from_port && try_candidate(M, t, pe, x->from))
				return true;
		}
		return false;
	}
	for (int b = 0; b < M->body->nel; b++)
		if (try_candidate(M, t, pe, b))
			return true;
	return false;
}

/* Search order: each element after one it is connected to, where possible. */
static void make_order(struct matcher *M)
{
	const struct xf_graph *pat = M->pat;
	bool *placed = calloc((size_t)pat->nel + 1, sizeof(bool));
	if (!placed)
		xf_out_of_memory();
	M->np = 0;
	for (;;) {
		int next = -1;
		for (int c = 0; c < pat->nconn && next < 0; c++) {
			const struct xf_conn *k = &pat->conn[c];
			if (is_marker(M, k->from) || is_marker(M, k->to))
				continue;
			if (placed[k->from] && !placed[k->to])
				next = k->to;
			else if (placed[k->to] && !placed[k->from])
				next = k->from;
		}
		for (int i = 0; i < pat->nel && next < 0; i++)
			if (!pat->el[i].dead && !is_marker(M, i) && !placed[i])
				next = i;
		if (next < 0)
			break;
		placed[next] = true;
		M->order[M->np++] = next;
	}
	free(placed);
}

static void matcher_init(struct matcher *M, struct xf_graph *body, const struct xf_pattern *p,
			 int id)
{
	memset(M, 0, sizeof *M);
	M->p = p;
	M->pat = &p->pat;
	M->body = body;
	M->id = id;
	size_t np = (size_t)p->pat.nel + 1, nb = (size_t)body->nel + 1;
	M->order = xf_xrealloc(NULL, np * sizeof(int));
	M->m = xf_xrealloc(NULL, np * sizeof(int));
	M->back = xf_xrealloc(NULL, nb * sizeof(int));
	M->pconf = calloc(np, sizeof *M->pconf);
	if (!M->pconf)
		xf_out_of_memory();
	for (int i = 0; i < p->pat.nel; i++) {
		M->m[i] = -1;
		if (nfc_conf_split(&M->pconf[i], p->pat.el[i].config, NULL) < 0)
			xf_out_of_memory();
	}
	for (int i = 0; i < body->nel; i++)
		M->back[i] = -1;
	make_order(M);
}

static void matcher_free(struct matcher *M)
{
	for (int i = 0; i < M->pat->nel; i++)
		nfc_conf_free(&M->pconf[i]);
	pop_defs(M, 0);
	free(M->dvar);
	free(M->dval);
	free(M->pconf);
	free(M->order);
	free(M->m);
	free(M->back);
	free(M->ins);
	free(M->outs);
}

/* ---- replacing ---- */

static void replace(struct matcher *M, struct xf_pattern *p)
{
	struct xf_graph *body = M->body;
	const struct xf_graph *rep = &p->rep;
	char prefix[512];
	do
		snprintf(prefix, sizeof prefix, "%s@%d", p->name, p->next_instance++);
	while (xf_graph_prefix_used(body, prefix));

	/* the matched elements go; their names stay readable while dead */
	for (int i = 0; i < M->np; i++)
		xf_graph_kill(body, M->m[M->order[i]]);

	int *map = xf_xrealloc(NULL, ((size_t)rep->nel + 1) * sizeof(int));
	for (int r = 0; r < rep->nel; r++) {
		const struct xf_element *re = &rep->el[r];
		map[r] = -1;
		if (re->dead || r == p->rep_input || r == p->rep_output)
			continue;
		char *name = xf_xrealloc(NULL, strlen(prefix) + strlen(re->name) + 2);
		sprintf(name, "%s/%s", prefix, re->name);
		char *config = substitute(M, re->config);
		map[r] = xf_graph_add(body, name, re->class_name, config);
		body->el[map[r]].origin = M->id;
		free(name);
		free(config);
	}
	/* A replacement element named like a pattern element inherits the
	 * name of the element that one matched ("fr" keeps being "fr1"). */
	for (int i = 0; i < M->np; i++) {
		int pe = M->order[i];
		for (int r = 0; r < rep->nel; r++)
			if (map[r] >= 0 && strcmp(rep->el[r].name, M->pat->el[pe].name) == 0) {
				struct xf_element *ne = &body->el[map[r]];
				free(ne->name);
				ne->name = xf_xstrdup(body->el[M->m[pe]].name);
			}
	}
	for (int c = 0; c < rep->nconn; c++) {
		const struct xf_conn *k = &rep->conn[c];
		bool from_in = k->from == p->rep_input, to_out = k->to == p->rep_output;
		if (from_in && to_out) {
			for (int i = 0; i < M->nins; i++)
				for (int j = 0; j < M->nouts; j++)
					if (M->ins[i].k == k->from_port && M->outs[j].k == k->to_port)
						xf_graph_connect(body, M->ins[i].el, M->ins[i].port,
								 M->outs[j].el, M->outs[j].port);
		} else if (from_in) {
			for (int i = 0; i < M->nins; i++)
				if (M->ins[i].k == k->from_port && map[k->to] >= 0)
					xf_graph_connect(body, M->ins[i].el, M->ins[i].port,
							 map[k->to], k->to_port);
		} else if (to_out) {
			for (int j = 0; j < M->nouts; j++)
				if (M->outs[j].k == k->to_port && map[k->from] >= 0)
					xf_graph_connect(body, map[k->from], k->from_port,
							 M->outs[j].el, M->outs[j].port);
		} else if (map[k->from] >= 0 && map[k->to] >= 0)
			xf_graph_connect(body, map[k->from], k->from_port, map[k->to], k->to_port);
	}
	free(map);
}

bool xf_apply_once(struct xf_graph *body, struct xf_pattern *p, int id)
{
	struct matcher M;
	matcher_init(&M, body, p, id);
	bool found = M.np > 0 && try_place(&M, 0);
	if (found)
		replace(&M, p);
	matcher_free(&M);
	return found;
}
