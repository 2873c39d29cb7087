/* SPDX-License-Identifier: MIT */
/* Chain fusion (nfclick/fusion.h): the fusers, the pass that offers them
 * linear push chains, the fused loops' way out and the "fusions" handler. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "router_priv.h"

/* Longest chain offered to a fuser at once. */
#define FUSE_MAX_CHAIN 32
#define FUSE_MAX_FUSERS 16

/* Written only by NFC_REGISTER_FUSER constructors before main(); read-only
 * afterwards, like the element class registry. */
static const struct nfc_fuser *fusers[FUSE_MAX_FUSERS];
static int nfusers;

void nfc_fuser_register(const struct nfc_fuser *f)
{
	if (nfusers == FUSE_MAX_FUSERS) {
		fprintf(stderr, "nfclick: too many fusers (raise FUSE_MAX_FUSERS)\n");
		abort();
	}
	fusers[nfusers++] = f;
}

/* The element @e's output 0 feeds when a chain can go on through it: a
 * push connection into input 0 that calls the peer's own push. */
static struct nfc_element *chain_next(const struct nfc_element *e)
{
	if (e->noutputs < 1)
		return NULL;
	const struct nfc_port *o = &e->outputs[0];
	if (!o->is_push || !o->connected || !o->peer || o->peer_port != 0 ||
	    o->fn.push != nfc_class_push_fn(o->peer->cls))
		return NULL;
	return o->peer;
}

/* Which elements are entered through input 0 by push at all, through their
 * own push (else a fused entry would never run): one pass over the ports. */
static bool *pushed_into(const struct nfc_router *r)
{
	bool *in = calloc((size_t)r->nelements, sizeof *in);
	if (!in)
		return NULL;
	for (int i = 0; i < r->nelements; i++) {
		const struct nfc_element *x = r->elements[i];
		for (int j = 0; j < x->noutputs; j++) {
			const struct nfc_port *o = &x->outputs[j];
			if (o->is_push && o->peer && o->peer_port == 0 &&
			    o->fn.push == nfc_class_push_fn(o->peer->cls))
				in[o->peer->eindex] = true;
		}
	}
	return in;
}

/* Record @fuser's fusion of @chain[0..n) (state as matched); the
 * connections are switched over at the end of the pass (rewire()). */
static int install(const struct nfc_fuser *fuser, struct nfc_element **chain, int n,
		   const void *state)
{
	struct nfc_element *first = chain[0];
	struct nfc_fused_chain *c = nfc_element_alloc(first, sizeof *c);
	struct nfc_element **elems = nfc_element_alloc(first, (size_t)n * sizeof *elems);
	void *st = nfc_element_alloc(first, fuser->state_size);
	struct nfc_fused_stats *stats =
		nfc_element_alloc(first, NFC_MAX_THREADS * sizeof(struct nfc_fused_stats));
	if (!c || !elems || !st || !stats)
		return -1;
	c->stats = stats;
	memcpy(elems, chain, (size_t)n * sizeof *elems);
	memcpy(st, state, fuser->state_size);
	c->fuser = fuser;
	c->state = st;
	c->n = n;
	c->elements = elems;
	c->entry = nfc_class_push_fn(first->cls);
	first->fused = c;
	return 0;
}

/* Every push into a fused chain's first element now enters the fuser. */
static void rewire(struct nfc_router *r)
{
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *x = r->elements[i];
		for (int j = 0; j < x->noutputs; j++) {
			struct nfc_port *o = &x->outputs[j];
			const struct nfc_fused_chain *c = o->peer ? o->peer->fused : NULL;
			if (c && o->is_push && o->peer_port == 0 && o->fn.push == c->entry)
				o->fn.push = c->fuser->push;
		}
	}
}

/* Offer @chain[0..n) to each fuser; returns how many elements one took (0: none). */
static int try_fusers(struct nfc_element **chain, int n)
{
	for (int f = 0; f < nfusers; f++) {
		void *state = calloc(1, fusers[f]->state_size ? fusers[f]->state_size : 1);
		if (!state)
			return 0;
		int m = fusers[f]->match(chain, n, state);
		if (m >= 2 && m <= n && install(fusers[f], chain, m, state) == 0) {
			free(state);
			return m;
		}
		free(state);
	}
	return 0;
}

static bool in_chain(struct nfc_element *const *chain, int n, const struct nfc_element *e)
{
	for (int i = 0; i < n; i++)
		if (chain[i] == e)
			return true;
	return false;
}

int nfc_router_fuse(struct nfc_router *r)
{
	if (r->opts.no_fusion || nfusers == 0 || r->nelements == 0)
		return 0;
	bool *taken = calloc((size_t)r->nelements, sizeof *taken);
	bool *fed = calloc((size_t)r->nelements, sizeof *fed);
	bool *entered = pushed_into(r);
	if (!taken || !fed || !entered) {
		free(taken);
		free(fed);
		free(entered);
		return -1;
	}
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *nx = chain_next(r->elements[i]);
		if (nx && nx != r->elements[i])
			fed[nx->eindex] = true;
	}
	/* Chains from their heads first, so that a chain is fused from its
	 * start; then whatever is left (chains in cycles). */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->nelements; i++) {
			if (taken[i] || (pass == 0 && fed[i]))
				continue;
			struct nfc_element *chain[FUSE_MAX_CHAIN];
			int n = 0;
			chain[n++] = r->elements[i];
			struct nfc_element *nx;
			while (n < FUSE_MAX_CHAIN && (nx = chain_next(chain[n - 1])) &&
			       !taken[nx->eindex] && !in_chain(chain, n, nx))
				chain[n++] = nx;
			for (int pos = 0; n - pos >= 2;) {
				int m = taken[chain[pos]->eindex] || !entered[chain[pos]->eindex]
						? 0
						: try_fusers(chain + pos, n - pos);
				for (int k = 0; k < m; k++)
					taken[chain[pos + k]->eindex] = true;
				pos += m ? m : 1;
			}
		}
	rewire(r);
	free(taken);
	free(fed);
	free(entered);
	return 0;
}

/* ---------------------------------------------------------- the way out */

/* b->pkts[from..to) out of the chain's last element. */
static void send_range(const struct nfc_fused_chain *c, const struct nfc_batch *b, unsigned from,
		       unsigned to)
{
	if (from >= to)
		return;
	struct nfc_batch out;
	out.count = to - from;
	memcpy(out.pkts, b->pkts + from, out.count * sizeof *out.pkts);
	nfc_push(c->elements[c->n - 1], 0, &out);
}

unsigned nfc_fused_divert(const struct nfc_fused_chain *c, struct nfc_batch *b, unsigned first,
			  unsigned i, int stage)
{
	struct nfc_packet *p = b->pkts[i];
	c->stats[nfc_thread_id()].diverted++;
	send_range(c, b, first, i);
	if (stage == 0) {
		struct nfc_batch one;
		one.count = 1;
		one.pkts[0] = p;
		c->entry(c->elements[0], 0, &one);
	} else
		nfc_push_packet(c->elements[stage - 1], 0, p);
	return i + 1;
}

void nfc_fused_bypass(const struct nfc_fused_chain *c, struct nfc_batch *b, unsigned first,
		      unsigned i)
{
	send_range(c, b, first, i);
	unsigned n = b->count;
	if (i >= n)
		return;
	c->stats[nfc_thread_id()].unfused += n - i;
	memmove(b->pkts, b->pkts + i, (n - i) * sizeof *b->pkts);
	b->count = n - i;
	c->entry(c->elements[0], 0, b);
}

/* ---------------------------------------------------------- the handler */

int nfc_fusions_read(struct nfc_element *e, void *thunk, const char *param, struct nfc_strbuf *out,
		     struct nfc_errh *errh)
{
	(void)e;
	(void)param;
	(void)errh;
	const struct nfc_router *r = thunk;
	for (int i = 0; i < r->nelements; i++) {
		const struct nfc_fused_chain *c = r->elements[i]->fused;
		if (!c)
			continue;
		nfc_strbuf_printf(out, "%s:", c->fuser->name);
		for (int k = 0; k < c->n; k++)
			nfc_strbuf_printf(out, "%s%s", k ? " -> " : " ", c->elements[k]->name);
		uint64_t sum[3] = { 0, 0, 0 };
		for (int t = 0; t < NFC_MAX_THREADS; t++) {
			sum[0] += c->stats[t].packets;
			sum[1] += c->stats[t].diverted;
			sum[2] += c->stats[t].unfused;
		}
		nfc_strbuf_printf(out, " (packets %llu, diverted %llu, unfused %llu)\n",
				  (unsigned long long)sum[0], (unsigned long long)sum[1],
				  (unsigned long long)sum[2]);
	}
	return 0;
}
