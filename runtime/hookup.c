/* SPDX-License-Identifier: MIT */
/* Graph checks at router construction: port counts, push/pull resolution
 * and connection rules, and the thread-reachability analysis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "router_priv.h"

enum { PORT_AGNOSTIC = 0, PORT_PUSH = 1, PORT_PULL = 2 };

static const char *decl(const struct nfc_element *e, char *buf, size_t n)
{
	return nfc_element_declaration(e, buf, n);
}

int nfc_router_set_port_counts(struct nfc_router *r, struct nfc_errh *errh)
{
	int ret = 0;
	int n = r->nelements;
	int *used_in = calloc(n ? n : 1, sizeof(int)), *used_out = calloc(n ? n : 1, sizeof(int));
	if (!used_in || !used_out) {
		free(used_in);
		free(used_out);
		return nfc_error(errh, "out of memory");
	}
	for (int i = 0; i < r->flat.nconnections; i++) {
		const struct nfc_flat_connection *c = &r->flat.connections[i];
		if (c->from_port + 1 > used_out[c->from])
			used_out[c->from] = c->from_port + 1;
		if (c->to_port + 1 > used_in[c->to])
			used_in[c->to] = c->to_port + 1;
	}
	char buf[256], err[256];
	for (int i = 0; i < n; i++) {
		struct nfc_element *e = r->elements[i];
		int nin, nout;
		const char *spec = e->cls->port_count ? e->cls->port_count : "1/1";
		if (nfc_portspec_counts(spec, used_in[i], used_out[i], &nin, &nout, err,
					sizeof err) < 0) {
			/* report each connection beyond the allowed ports */
			bool reported = false;
			for (int k = 0; k < r->flat.nconnections; k++) {
				const struct nfc_flat_connection *c = &r->flat.connections[k];
				if (c->from == i && c->from_port >= nout) {
					nfc_lerror(errh, c->landmark, "'%s' has no output %d",
						   decl(e, buf, sizeof buf), c->from_port);
					reported = true;
				}
				if (c->to == i && c->to_port >= nin) {
					nfc_lerror(errh, c->landmark, "'%s' has no input %d",
						   decl(e, buf, sizeof buf), c->to_port);
					reported = true;
				}
			}
			if (!reported)
				nfc_lerror(errh, e->landmark, "'%s': %s", decl(e, buf, sizeof buf),
					   err);
			ret = -1;
		}
		e->ninputs = nin;
		e->noutputs = nout;
		e->inputs = calloc(nin ? nin : 1, sizeof(struct nfc_port));
		e->outputs = calloc(nout ? nout : 1, sizeof(struct nfc_port));
		if (!e->inputs || !e->outputs)
			ret = nfc_error(errh, "out of memory");
	}
	free(used_in);
	free(used_out);
	return ret;
}

/* Resolve agnostic ports to push or pull, as Click does, then check every
 * connection joins push to push and pull to pull. */
int nfc_router_resolve_processing(struct nfc_router *r, struct nfc_errh *errh)
{
	int n = r->nelements;
	unsigned char **in = calloc(n ? n : 1, sizeof *in), **out = calloc(n ? n : 1, sizeof *out);
	int ret = 0;
	if (!in || !out) {
		free(in);
		free(out);
		return nfc_error(errh, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		struct nfc_element *e = r->elements[i];
		in[i] = calloc(e->ninputs + 1, 1);
		out[i] = calloc(e->noutputs + 1, 1);
		for (int p = 0; p < e->ninputs; p++) {
			char c = nfc_processing_code(e->cls->processing, 0, p);
			in[i][p] = c == 'h' ? PORT_PUSH : c == 'l' ? PORT_PULL : PORT_AGNOSTIC;
		}
		for (int p = 0; p < e->noutputs; p++) {
			char c = nfc_processing_code(e->cls->processing, 1, p);
			out[i][p] = c == 'h' ? PORT_PUSH : c == 'l' ? PORT_PULL : PORT_AGNOSTIC;
		}
	}
	bool changed = true;
	while (changed) {
		changed = false;
		for (int k = 0; k < r->flat.nconnections; k++) {
			const struct nfc_flat_connection *c = &r->flat.connections[k];
			unsigned char *o = &out[c->from][c->from_port], *ip = &in[c->to][c->to_port];
			if (*o == PORT_AGNOSTIC && *ip != PORT_AGNOSTIC) {
				*o = *ip;
				changed = true;
			} else if (*ip == PORT_AGNOSTIC && *o != PORT_AGNOSTIC) {
				*ip = *o;
				changed = true;
			}
		}
		for (int i = 0; i < n; i++) {
			struct nfc_element *e = r->elements[i];
			for (int a = 0; a < e->ninputs; a++)
				for (int b = 0; b < e->noutputs; b++) {
					if (nfc_processing_code(e->cls->processing, 0, a) != 'a' ||
					    nfc_processing_code(e->cls->processing, 1, b) != 'a' ||
					    !nfc_element_flows(e, a, b))
						continue;
					if (in[i][a] == PORT_AGNOSTIC && out[i][b] != PORT_AGNOSTIC) {
						in[i][a] = out[i][b];
						changed = true;
					} else if (out[i][b] == PORT_AGNOSTIC &&
						   in[i][a] != PORT_AGNOSTIC) {
						out[i][b] = in[i][a];
						changed = true;
					}
				}
		}
	}
	char b1[256], b2[256];
	for (int i = 0; i < n; i++) {
		struct nfc_element *e = r->elements[i];
		for (int p = 0; p < e->ninputs; p++)
			e->inputs[p].is_push = in[i][p] != PORT_PULL;
		for (int p = 0; p < e->noutputs; p++)
			e->outputs[p].is_push = out[i][p] != PORT_PULL;
	}
	for (int k = 0; k < r->flat.nconnections; k++) {
		const struct nfc_flat_connection *c = &r->flat.connections[k];
		struct nfc_element *from = r->elements[c->from], *to = r->elements[c->to];
		if (c->from_port >= from->noutputs || c->to_port >= to->ninputs)
			continue;
		bool opush = from->outputs[c->from_port].is_push;
		bool ipush = to->inputs[c->to_port].is_push;
		if (opush != ipush) {
			nfc_lerror(errh, c->landmark, "'%s' %s output %d connected to '%s' %s input %d",
				   decl(from, b1, sizeof b1), opush ? "push" : "pull", c->from_port,
				   decl(to, b2, sizeof b2), ipush ? "push" : "pull", c->to_port);
			/* the ports are used, just wrongly: no "unused" reports on top */
			from->outputs[c->from_port].connected = true;
			to->inputs[c->to_port].connected = true;
			ret = -1;
			continue;
		}
		if (opush) {
			if (from->outputs[c->from_port].connected) {
				nfc_lerror(errh, c->landmark,
					   "illegal reuse of '%s' push output %d",
					   decl(from, b1, sizeof b1), c->from_port);
				ret = -1;
				continue;
			}
			struct nfc_port *o = &from->outputs[c->from_port];
			o->peer = to;
			o->peer_port = c->to_port;
			o->fn.push = nfc_class_push_fn(to->cls);
			o->connected = true;
			to->inputs[c->to_port].connected = true;
			to->inputs[c->to_port].peer = from;
			to->inputs[c->to_port].peer_port = c->from_port;
			if (!o->fn.push) {
				nfc_lerror(errh, c->landmark, "'%s' cannot receive pushed packets",
					   decl(to, b2, sizeof b2));
				ret = -1;
			}
		} else {
			if (to->inputs[c->to_port].connected) {
				nfc_lerror(errh, c->landmark, "illegal reuse of '%s' pull input %d",
					   decl(to, b2, sizeof b2), c->to_port);
				ret = -1;
				continue;
			}
			struct nfc_port *ip = &to->inputs[c->to_port];
			ip->peer = from;
			ip->peer_port = c->from_port;
			ip->fn.pull = nfc_class_pull_fn(from->cls);
			ip->connected = true;
			from->outputs[c->from_port].connected = true;
			from->outputs[c->from_port].peer = to;
			from->outputs[c->from_port].peer_port = c->to_port;
			if (!ip->fn.pull) {
				nfc_lerror(errh, c->landmark, "'%s' cannot be pulled from",
					   decl(from, b1, sizeof b1));
				ret = -1;
			}
		}
	}
	/* every port must be used (Click's hookup completeness) */
	for (int i = 0; i < n; i++) {
		struct nfc_element *e = r->elements[i];
		for (int p = 0; p < e->ninputs; p++) {
			struct nfc_port *ip = &e->inputs[p];
			if (!ip->connected) {
				nfc_lerror(errh, e->landmark, "'%s' input %d unused",
					   decl(e, b1, sizeof b1), p);
				ret = -1;
			}
			if (!ip->is_push && !ip->fn.pull)
				ip->fn.pull = nfc_unconnected_pull;
		}
		for (int p = 0; p < e->noutputs; p++) {
			struct nfc_port *o = &e->outputs[p];
			if (!o->connected) {
				nfc_lerror(errh, e->landmark, "'%s' output %d unused",
					   decl(e, b1, sizeof b1), p);
				ret = -1;
			}
			if (o->is_push && !o->fn.push)
				o->fn.push = nfc_unconnected_push;
		}
		free(in[i]);
		free(out[i]);
	}
	free(in);
	free(out);
	return ret;
}

static void mark_reach(struct nfc_router *r, struct nfc_element *e, uint64_t bit,
		       bool task_start)
{
	if ((e->thread_mask & bit) && !task_start)
		return;
	e->thread_mask |= bit;
	/* a thread boundary (Pipeliner) pushes out from its own task only */
	bool boundary = (e->cls->flags & NFC_CLASS_THREAD_BOUNDARY) && !task_start;
	for (int p = 0; p < e->noutputs; p++)
		if (!boundary && e->outputs[p].is_push && e->outputs[p].peer)
			mark_reach(r, e->outputs[p].peer, bit, false);
	for (int p = 0; p < e->ninputs; p++)
		if (!e->inputs[p].is_push && e->inputs[p].peer)
			mark_reach(r, e->inputs[p].peer, bit, false);
}

int nfc_router_check_threads(struct nfc_router *r, struct nfc_errh *errh)
{
	if (r->nthreads <= 1)
		return 0;
	for (int k = 0; k < r->ntasks; k++)
		if (r->tasks[k] && r->tasks[k]->initialized)
			mark_reach(r, r->tasks[k]->owner, 1ull << r->tasks[k]->thread_id, true);
	int ret = 0;
	char d[256];
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *e = r->elements[i];
		uint64_t m = e->thread_mask;
		if ((m & (m - 1)) == 0 || (e->cls->flags & NFC_CLASS_THREAD_SAFE))
			continue;
		char threads[256] = "";
		size_t len = 0;
		for (int t = 0; t < r->nthreads && len < sizeof threads - 8; t++)
			if (m & (1ull << t))
				len += snprintf(threads + len, sizeof threads - len, "%s%d",
						len ? ", " : "", t);
		nfc_lerror(errh, e->landmark,
			   "'%s' is not thread-safe but is reached by threads %s "
			   "(put a ThreadSafeQueue between the threads, or move the tasks "
			   "onto one thread with StaticThreadSched)",
			   decl(e, d, sizeof d), threads);
		ret = -1;
	}
	return ret;
}

