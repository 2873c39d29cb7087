/* SPDX-License-Identifier: MIT */
/* Element helpers: moving packets, batch splitting, generic action wrappers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "router_priv.h"

void nfc_push_packet(struct nfc_element *e, int port, struct nfc_packet *p)
{
	struct nfc_batch b;
	b.count = 1;
	b.pkts[0] = p;
	nfc_push(e, port, &b);
}

struct nfc_packet *nfc_pull_packet(struct nfc_element *e, int port)
{
	struct nfc_batch b;
	b.count = 0;
	if (nfc_pull(e, port, &b, 1) == 0)
		return NULL;
	return b.pkts[0];
}

void nfc_push_split(struct nfc_element *e, struct nfc_batch *b, const int *ports)
{
	unsigned n = b->count;
	if (n == 0)
		return;
	int first = ports[0];
	unsigned i = 1;
	while (i < n && ports[i] == first)
		i++;
	if (i == n) {
		/* everything goes one way: hand the batch on whole */
		if (first < 0 || first >= e->noutputs) {
			for (unsigned j = 0; j < n; j++)
				nfc_element_drop(e, b->pkts[j]);
			b->count = 0;
		} else
			nfc_push(e, first, b);
		return;
	}
	bool taken[NFC_BATCH_MAX];
	memset(taken, 0, n);
	struct nfc_batch tmp;
	for (unsigned s = 0; s < n; s++) {
		if (taken[s])
			continue;
		int port = ports[s];
		tmp.count = 0;
		for (unsigned j = s; j < n; j++)
			if (!taken[j] && ports[j] == port) {
				taken[j] = true;
				tmp.pkts[tmp.count++] = b->pkts[j];
			}
		if (port < 0 || port >= e->noutputs) {
			for (unsigned j = 0; j < tmp.count; j++)
				nfc_element_drop(e, tmp.pkts[j]);
		} else
			nfc_push(e, port, &tmp);
	}
	b->count = 0;
}

void nfc_element_drop(struct nfc_element *e, struct nfc_packet *p)
{
	e->drops++;
	nfc_packet_kill(p);
}

/* ---- generic wrappers for batch_action / simple_action / classify ---- */

static void batch_action_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	e->cls->batch_action(e, b);
	nfc_push(e, 0, b);
}

static unsigned batch_action_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				  unsigned max)
{
	struct nfc_batch b;
	b.count = 0;
	if (nfc_pull(e, 0, &b, max) == 0)
		return 0;
	e->cls->batch_action(e, &b);
	for (unsigned i = 0; i < b.count; i++)
		out->pkts[out->count++] = b.pkts[i];
	return b.count;
}

static void simple_action_batch(struct nfc_element *e, struct nfc_batch *b)
{
	unsigned k = 0;
	struct nfc_packet *(*fn)(struct nfc_element *, struct nfc_packet *) =
		e->cls->simple_action;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *q = fn(e, b->pkts[i]);
		if (q)
			b->pkts[k++] = q;
	}
	b->count = k;
}

static void simple_action_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	simple_action_batch(e, b);
	nfc_push(e, 0, b);
}

static unsigned simple_action_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				   unsigned max)
{
	/* Click semantics: a pull returns a packet when upstream had one, even if
	 * the action dropped earlier ones; retry while packets are dropped. */
	unsigned got = 0;
	while (got < max) {
		struct nfc_batch b;
		b.count = 0;
		if (nfc_pull(e, 0, &b, max - got) == 0)
			break;
		simple_action_batch(e, &b);
		for (unsigned i = 0; i < b.count; i++)
			out->pkts[out->count++] = b.pkts[i];
		got += b.count;
		if (b.count)
			break;
	}
	return got;
}

static void classify_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	int ports[NFC_BATCH_MAX];
	int (*fn)(struct nfc_element *, struct nfc_packet *) = e->cls->classify;
	for (unsigned i = 0; i < b->count; i++)
		ports[i] = fn(e, b->pkts[i]);
	nfc_push_split(e, b, ports);
}

nfc_push_fn nfc_class_push_fn(const struct nfc_element_class *cls)
{
	if (cls->push)
		return cls->push;
	if (cls->batch_action)
		return batch_action_push;
	if (cls->simple_action)
		return simple_action_push;
	if (cls->classify)
		return classify_push;
	return NULL;
}

nfc_pull_fn nfc_class_pull_fn(const struct nfc_element_class *cls)
{
	if (cls->pull)
		return cls->pull;
	if (cls->batch_action)
		return batch_action_pull;
	if (cls->simple_action)
		return simple_action_pull;
	return NULL;
}

void nfc_unconnected_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	nfc_batch_kill(b);
}

unsigned nfc_unconnected_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	return 0;
}

/* ---- element-owned memory ---- */

struct alloc_hdr {
	struct alloc_hdr *next;
	max_align_t align[];
};

void *nfc_element_alloc(struct nfc_element *e, size_t size)
{
	struct alloc_hdr *h = calloc(1, sizeof *h + size + 1);
	if (!h)
		return NULL;
	h->next = e->allocs;
	e->allocs = h;
	return h->align;
}

char *nfc_element_strdup(struct nfc_element *e, const char *s)
{
	size_t n = strlen(s);
	char *d = nfc_element_alloc(e, n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

void nfc_element_free_allocs(struct nfc_element *e)
{
	struct alloc_hdr *h = e->allocs;
	while (h) {
		struct alloc_hdr *n = h->next;
		free(h);
		h = n;
	}
	e->allocs = NULL;
}

const char *nfc_element_declaration(const struct nfc_element *e, char *buf, size_t n)
{
	snprintf(buf, n, "%s :: %s", e->name, e->cls->name);
	return buf;
}
