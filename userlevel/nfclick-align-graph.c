/* SPDX-License-Identifier: MIT */
/* nfclick-align: the flat graph being edited, and the alignment flow over it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/element.h>
#include "nfclick-align.h"

/* runtime/portspec.c: does input @in flow to output @out under Click flow code @code? */
bool nfc_flowcode_flows(const char *code, int nin, int nout, int in, int out);

/* ---- the graph being edited ---- */

void *align_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "nfclick-align: out of memory\n");
		exit(1);
	}
	return p;
}

char *align_xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fprintf(stderr, "nfclick-align: out of memory\n");
		exit(1);
	}
	return d;
}

void graph_init(struct graph *g)
{
	g->elcap = g->fc.nelements;
	g->conncap = g->fc.nconnections;
	g->dead = calloc((size_t)g->elcap + 1, sizeof(bool));
	g->inserted = calloc((size_t)g->elcap + 1, sizeof(bool));
	if (!g->dead || !g->inserted) {
		fprintf(stderr, "nfclick-align: out of memory\n");
		exit(1);
	}
}

int graph_find(const struct graph *g, const char *name)
{
	for (int i = 0; i < g->fc.nelements; i++)
		if (!g->dead[i] && strcmp(g->fc.elements[i].name, name) == 0)
			return i;
	return -1;
}

int graph_add_element(struct graph *g, const char *name, const char *cls, const char *config)
{
	if (g->fc.nelements == g->elcap) {
		g->elcap = g->elcap ? 2 * g->elcap : 16;
		g->fc.elements = align_xrealloc(g->fc.elements, (size_t)g->elcap * sizeof *g->fc.elements);
		g->dead = align_xrealloc(g->dead, (size_t)g->elcap * sizeof *g->dead);
		g->inserted = align_xrealloc(g->inserted, (size_t)g->elcap * sizeof *g->inserted);
	}
	int i = g->fc.nelements++;
	g->fc.elements[i] = (struct nfc_flat_element){
		align_xstrdup(name), align_xstrdup(cls), align_xstrdup(config), align_xstrdup("<click-align>"), align_xstrdup("")
	};
	g->dead[i] = g->inserted[i] = false;
	return i;
}

void graph_connect(struct graph *g, int from, int fport, int to, int tport)
{
	if (g->fc.nconnections == g->conncap) {
		g->conncap = g->conncap ? 2 * g->conncap : 16;
		g->fc.connections =
			align_xrealloc(g->fc.connections, (size_t)g->conncap * sizeof *g->fc.connections);
	}
	g->fc.connections[g->fc.nconnections++] =
		(struct nfc_flat_connection){ from, fport, to, tport, align_xstrdup("") };
}

bool graph_is_class(const struct graph *g, int e, const char *cls)
{
	return strcmp(g->fc.elements[e].class_name, cls) == 0;
}

void graph_kill(struct graph *g, int e)
{
	g->dead[e] = true;
	for (int c = 0; c < g->fc.nconnections; c++) {
		struct nfc_flat_connection *k = &g->fc.connections[c];
		if (k->from == e || k->to == e)
			k->from = -1;
	}
}

/* Live connections into (@e, @port), or out of it when @out; *last gets one. */
int graph_count_connections(const struct graph *g, int e, int port, bool out, int *last)
{
	int n = 0;
	for (int c = 0; c < g->fc.nconnections; c++) {
		const struct nfc_flat_connection *k = &g->fc.connections[c];
		if (k->from < 0)
			continue;
		if (out ? (k->from == e && k->from_port == port) : (k->to == e && k->to_port == port)) {
			n++;
			*last = c;
		}
	}
	return n;
}

/* Put new element @a (one input, one output) in front of input (@e, @port). */
void graph_insert_before(struct graph *g, int a, int e, int port)
{
	for (int c = 0; c < g->fc.nconnections; c++) {
		struct nfc_flat_connection *k = &g->fc.connections[c];
		if (k->from >= 0 && k->to == e && k->to_port == port) {
			k->to = a;
			k->to_port = 0;
		}
	}
	graph_connect(g, a, 0, e, port);
}

/* Drop dead and duplicate connections; sort the rest. */
void graph_tidy(struct graph *g)
{
	struct nfc_flat_config *fc = &g->fc;
	int w = 0;
	for (int c = 0; c < fc->nconnections; c++) {
		if (fc->connections[c].from < 0)
			free(fc->connections[c].landmark);
		else
			fc->connections[w++] = fc->connections[c];
	}
	qsort(fc->connections, (size_t)w, sizeof *fc->connections, nfc_flat_connection_cmp);
	int u = 0;
	for (int c = 0; c < w; c++) {
		if (u && nfc_flat_connection_cmp(&fc->connections[u - 1], &fc->connections[c]) == 0)
			free(fc->connections[c].landmark);
		else
			fc->connections[u++] = fc->connections[c];
	}
	fc->nconnections = u;
}

/* Remove dead elements, renumbering connections. */
void graph_compact(struct graph *g)
{
	struct nfc_flat_config *fc = &g->fc;
	int *map = align_xrealloc(NULL, ((size_t)fc->nelements + 1) * sizeof(int));
	int w = 0;
	for (int i = 0; i < fc->nelements; i++) {
		struct nfc_flat_element *e = &fc->elements[i];
		if (g->dead[i]) {
			map[i] = -1;
			free(e->name);
			free(e->class_name);
			free(e->config);
			free(e->landmark);
			free(e->context);
			continue;
		}
		map[i] = w;
		g->inserted[w] = g->inserted[i];
		g->dead[w] = false;
		fc->elements[w++] = *e;
	}
	fc->nelements = w;
	for (int c = 0; c < fc->nconnections; c++) {
		struct nfc_flat_connection *k = &fc->connections[c];
		if (k->from >= 0) {
			k->from = map[k->from];
			k->to = map[k->to];
			if (k->from < 0 || k->to < 0)
				k->from = -1;
		}
	}
	free(map);
	graph_tidy(g);
}

/* ---- alignment flow over the graph ---- */

void flow_free(struct flow *f)
{
	free(f->nin);
	free(f->nout);
	free(f->ioff);
	free(f->ooff);
	free(f->in);
	free(f->out);
	free(f->ag);
	free(f->code);
	memset(f, 0, sizeof *f);
}

void flow_init(struct flow *f, const struct graph *g)
{
	int n = f->n = g->fc.nelements;
	size_t sz = (size_t)n + 1;
	f->nin = calloc(sz, sizeof(int));
	f->nout = calloc(sz, sizeof(int));
	f->ioff = calloc(sz, sizeof(int));
	f->ooff = calloc(sz, sizeof(int));
	f->ag = calloc(sz, sizeof *f->ag);
	f->code = calloc(sz, sizeof *f->code);
	if (!f->nin || !f->nout || !f->ioff || !f->ooff || !f->ag || !f->code) {
		fprintf(stderr, "nfclick-align: out of memory\n");
		exit(1);
	}
	for (int c = 0; c < g->fc.nconnections; c++) {
		const struct nfc_flat_connection *k = &g->fc.connections[c];
		if (k->from < 0)
			continue;
		if (f->nout[k->from] <= k->from_port)
			f->nout[k->from] = k->from_port + 1;
		if (f->nin[k->to] <= k->to_port)
			f->nin[k->to] = k->to_port + 1;
	}
	int ni = 0, no = 0;
	for (int i = 0; i < n; i++) {
		f->ioff[i] = ni;
		f->ooff[i] = no;
		ni += f->nin[i];
		no += f->nout[i];
		const struct nfc_flat_element *e = &g->fc.elements[i];
		f->ag[i] = aligner_for(e->class_name, e->config);
		const struct nfc_element_class *cls = nfc_registry_find(e->class_name);
		f->code[i] = cls && cls->flow_code ? cls->flow_code : "x/x";
	}
	f->in = align_xrealloc(NULL, ((size_t)ni + 1) * sizeof *f->in);
	f->out = align_xrealloc(NULL, ((size_t)no + 1) * sizeof *f->out);
	for (int i = 0; i < ni; i++)
		f->in[i] = al_empty;
	for (int i = 0; i < no; i++)
		f->out[i] = al_empty;
}

/* Union of @a[0..n), or 1/0 for none. */
static struct al common_alignment(const struct al *a, int n)
{
	struct al m = n ? al_empty : al_make(1, 0);
	for (int i = 0; i < n; i++)
		m = al_union(m, a[i]);
	return m;
}

static struct al combined_alignment(const struct al *a, int n)
{
	struct al m = n ? al_empty : al_make(1, 0);
	for (int i = 0; i < n; i++)
		m = al_intersect(m, a[i]);
	return m;
}

/* Element @i's outputs from what its inputs have. */
static void have_element(struct flow *f, int i)
{
	const struct aligner *ag = &f->ag[i];
	const struct al *in = f->in + f->ioff[i];
	struct al *out = f->out + f->ooff[i];
	int nin = f->nin[i], nout = f->nout[i];
	switch (ag->kind) {
	case AK_NONE:
		break;
	case AK_GENERATE:
		for (int j = 0; j < nout; j++)
			out[j] = ag->a;
		break;
	case AK_SHIFT:
	case AK_SHIFT_WANT: {
		struct al a = al_shift(common_alignment(in, nin), ag->shift);
		for (int j = 0; j < nout; j++)
			out[j] = a;
		break;
	}
	case AK_ARPQUERIER:
		if (!nin)
			break;
		for (int j = 0; j < nout; j++)
			out[j] = j == 0 ? al_shift(in[0], -14) : al_make(4, 2);
		break;
	case AK_FLOW:
	case AK_WANT:
	case AK_CLASSIFIER:
		for (int j = 0; j < nout; j++) {
			struct al a = al_empty;
			for (int k = 0; k < nin; k++)
				if (nfc_flowcode_flows(f->code[i], nin, nout, k, j))
					a = al_union(a, in[k]);
			out[j] = a;
		}
		break;
	}
}

/* Element @i's inputs from what its outputs want. */
static void want_element(struct flow *f, int i)
{
	const struct aligner *ag = &f->ag[i];
	struct al *in = f->in + f->ioff[i];
	const struct al *out = f->out + f->ooff[i];
	int nin = f->nin[i], nout = f->nout[i];
	switch (ag->kind) {
	case AK_NONE:
		break;
	case AK_GENERATE:
		for (int k = 0; k < nin; k++)
			in[k] = al_empty;
		break;
	case AK_SHIFT: {
		struct al a = al_shift(combined_alignment(out, nout), -ag->shift);
		for (int k = 0; k < nin; k++)
			in[k] = a;
		break;
	}
	case AK_WANT:
	case AK_SHIFT_WANT:
		for (int k = 0; k < nin; k++)
			in[k] = ag->a;
		break;
	case AK_ARPQUERIER:
		for (int k = 0; k < nin; k++)
			in[k] = k == 0 && nout ? al_shift(out[0], 14) : al_make(2, 0);
		break;
	case AK_FLOW:
	case AK_CLASSIFIER:
		for (int k = 0; k < nin; k++) {
			struct al a = al_empty;
			for (int j = 0; j < nout; j++)
				if (nfc_flowcode_flows(f->code[i], nin, nout, k, j))
					a = al_intersect(a, out[j]);
			in[k] = a;
		}
		break;
	}
}

/* What alignment reaches each port, from the sources forward. */
void flow_have(struct flow *f, const struct graph *g)
{
	int ni = f->n ? f->ioff[f->n - 1] + f->nin[f->n - 1] : 0;
	struct al *next = align_xrealloc(NULL, ((size_t)ni + 1) * sizeof *next);
	for (int round = 0; round < FLOW_MAX_ROUNDS; round++) {
		for (int i = 0; i < f->n; i++)
			if (!g->dead[i])
				have_element(f, i);
		for (int k = 0; k < ni; k++)
			next[k] = al_empty;
		for (int c = 0; c < g->fc.nconnections; c++) {
			const struct nfc_flat_connection *k = &g->fc.connections[c];
			if (k->from >= 0) {
				struct al *to = &next[f->ioff[k->to] + k->to_port];
				*to = al_union(*to, f->out[f->ooff[k->from] + k->from_port]);
			}
		}
		bool changed = false;
		for (int k = 0; k < ni && !changed; k++)
			changed = !al_same(next[k], f->in[k]);
		memcpy(f->in, next, (size_t)ni * sizeof *next);
		if (!changed)
			break;
	}
	free(next);
}

/* What alignment each port needs, from the sensitive elements backward. */
void flow_want(struct flow *f, const struct graph *g)
{
	int no = f->n ? f->ooff[f->n - 1] + f->nout[f->n - 1] : 0;
	struct al *next = align_xrealloc(NULL, ((size_t)no + 1) * sizeof *next);
	for (int round = 0; round < FLOW_MAX_ROUNDS; round++) {
		for (int i = 0; i < f->n; i++)
			if (!g->dead[i])
				want_element(f, i);
		for (int k = 0; k < no; k++)
			next[k] = al_empty;
		for (int c = 0; c < g->fc.nconnections; c++) {
			const struct nfc_flat_connection *k = &g->fc.connections[c];
			if (k->from >= 0) {
				struct al *from = &next[f->ooff[k->from] + k->from_port];
				*from = al_intersect(*from, f->in[f->ioff[k->to] + k->to_port]);
			}
		}
		bool changed = false;
		for (int k = 0; k < no && !changed; k++)
			changed = !al_same(next[k], f->out[k]);
		memcpy(f->out, next, (size_t)no * sizeof *next);
		if (!changed)
			break;
	}
	free(next);
}

/* Classifier-style elements accept what they get, once its modulus is >= 4. */
void flow_adjust(struct flow *f)
{
	for (int i = 0; i < f->n; i++) {
		if (f->ag[i].kind != AK_CLASSIFIER)
			continue;
		struct al *in = f->in + f->ioff[i];
		struct al a = common_alignment(in, f->nin[i]);
		if (al_modulus(a) < 4)
			a = al_make(4, a.mod == AL_EMPTY || a.mod == AL_UNIVERSAL ? 0 : a.off);
		for (int k = 0; k < f->nin[i]; k++)
			in[k] = a;
	}
}
