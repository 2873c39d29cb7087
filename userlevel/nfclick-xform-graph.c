/* SPDX-License-Identifier: MIT */
/* nfclick-xform: an editable flat graph, converted from and to struct nfc_flat_config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfclick-xform.h"

void xf_out_of_memory(void)
{
	fprintf(stderr, "nfclick-xform: out of memory\n");
	exit(1);
}

void *xf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		xf_out_of_memory();
	return p;
}

char *xf_xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *d = xf_xrealloc(NULL, n);
	memcpy(d, s ? s : "", n);
	return d;
}

static int add_taken(struct xf_graph *g, char *name, char *cls, char *config)
{
	if (g->nel == g->elcap) {
		g->elcap = g->elcap ? 2 * g->elcap : 16;
		g->el = xf_xrealloc(g->el, (size_t)g->elcap * sizeof *g->el);
	}
	g->el[g->nel] = (struct xf_element){ name, cls, config, 0, false };
	return g->nel++;
}

int xf_graph_add(struct xf_graph *g, const char *name, const char *cls, const char *config)
{
	return add_taken(g, xf_xstrdup(name), xf_xstrdup(cls), xf_xstrdup(config));
}

bool xf_graph_has_connection(const struct xf_graph *g, int from, int from_port, int to,
			     int to_port)
{
	for (int c = 0; c < g->nconn; c++) {
		const struct xf_conn *k = &g->conn[c];
		if (k->from == from && k->from_port == from_port && k->to == to
		    && k->to_port == to_port)
			return true;
	}
	return false;
}

void xf_graph_connect(struct xf_graph *g, int from, int from_port, int to, int to_port)
{
	if (xf_graph_has_connection(g, from, from_port, to, to_port))
		return;
	if (g->nconn == g->conncap) {
		g->conncap = g->conncap ? 2 * g->conncap : 16;
		g->conn = xf_xrealloc(g->conn, (size_t)g->conncap * sizeof *g->conn);
	}
	g->conn[g->nconn++] = (struct xf_conn){ from, from_port, to, to_port };
}

void xf_graph_take_flat(struct xf_graph *g, struct nfc_flat_config *fc)
{
	memset(g, 0, sizeof *g);
	for (int i = 0; i < fc->nelements; i++) {
		struct nfc_flat_element *e = &fc->elements[i];
		add_taken(g, e->name, e->class_name, e->config ? e->config : xf_xstrdup(""));
		e->name = e->class_name = e->config = NULL;
	}
	/* a flat configuration has no duplicate connections to skip */
	g->conncap = g->nconn = fc->nconnections;
	g->conn = xf_xrealloc(NULL, ((size_t)fc->nconnections + 1) * sizeof *g->conn);
	for (int c = 0; c < fc->nconnections; c++) {
		const struct nfc_flat_connection *k = &fc->connections[c];
		g->conn[c] = (struct xf_conn){ k->from, k->from_port, k->to, k->to_port };
	}
	nfc_flat_config_free(fc);
}

int xf_graph_find(const struct xf_graph *g, const char *name)
{
	for (int i = 0; i < g->nel; i++)
		if (!g->el[i].dead && strcmp(g->el[i].name, name) == 0)
			return i;
	return -1;
}

bool xf_graph_prefix_used(const struct xf_graph *g, const char *prefix)
{
	size_t n = strlen(prefix);
	for (int i = 0; i < g->nel; i++) {
		const char *name = g->el[i].name;
		if (!g->el[i].dead && strncmp(name, prefix, n) == 0
		    && (name[n] == '\0' || name[n] == '/'))
			return true;
	}
	return false;
}

void xf_graph_kill(struct xf_graph *g, int e)
{
	g->ndead += !g->el[e].dead;
	g->el[e].dead = true;
	int w = 0;
	for (int c = 0; c < g->nconn; c++)
		if (g->conn[c].from != e && g->conn[c].to != e)
			g->conn[w++] = g->conn[c];
	g->nconn = w;
}

void xf_graph_collect(struct xf_graph *g)
{
	if (g->ndead <= g->nel - g->ndead)
		return;
	int *map = xf_xrealloc(NULL, ((size_t)g->nel + 1) * sizeof(int));
	int w = 0;
	for (int i = 0; i < g->nel; i++) {
		struct xf_element *e = &g->el[i];
		if (e->dead) {
			map[i] = -1;
			free(e->name);
			free(e->class_name);
			free(e->config);
		} else {
			map[i] = w;
			g->el[w++] = *e;
		}
	}
	g->nel = w;
	g->ndead = 0;
	for (int c = 0; c < g->nconn; c++) {
		g->conn[c].from = map[g->conn[c].from];
		g->conn[c].to = map[g->conn[c].to];
	}
	free(map);
}

void xf_graph_free(struct xf_graph *g)
{
	for (int i = 0; i < g->nel; i++) {
		free(g->el[i].name);
		free(g->el[i].class_name);
		free(g->el[i].config);
	}
	free(g->el);
	free(g->conn);
	memset(g, 0, sizeof *g);
}

void xf_graph_to_flat(const struct xf_graph *g, struct nfc_flat_config *fc)
{
	int *map = xf_xrealloc(NULL, ((size_t)g->nel + 1) * sizeof(int));
	int n = 0;
	for (int i = 0; i < g->nel; i++)
		map[i] = g->el[i].dead ? -1 : n++;
	fc->nelements = n;
	fc->elements = xf_xrealloc(NULL, ((size_t)n + 1) * sizeof *fc->elements);
	for (int i = 0; i < g->nel; i++) {
		if (map[i] < 0)
			continue;
		const struct xf_element *e = &g->el[i];
		fc->elements[map[i]] = (struct nfc_flat_element){
			xf_xstrdup(e->name), xf_xstrdup(e->class_name), xf_xstrdup(e->config),
			xf_xstrdup(""), xf_xstrdup("")
		};
	}
	fc->nconnections = 0;
	fc->connections = xf_xrealloc(NULL, ((size_t)g->nconn + 1) * sizeof *fc->connections);
	for (int c = 0; c < g->nconn; c++) {
		const struct xf_conn *k = &g->conn[c];
		if (k->from < 0 || map[k->from] < 0 || map[k->to] < 0)
			continue;
		fc->connections[fc->nconnections++] = (struct nfc_flat_connection){
			map[k->from], k->from_port, map[k->to], k->to_port, NULL
		};
	}
	qsort(fc->connections, (size_t)fc->nconnections, sizeof *fc->connections,
	      nfc_flat_connection_cmp);
	for (int c = 0; c < fc->nconnections; c++)
		fc->connections[c].landmark = xf_xstrdup("");
	free(map);
}
