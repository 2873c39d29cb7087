/* SPDX-License-Identifier: MIT */
/* Capacity groups: the two expiry min-heaps (best effort, guaranteed) of the rewriters' flows. */
#include "rewriter_priv.h"

struct rw_heap *rw_heap_new(void)
{
	struct rw_heap *h = calloc(1, sizeof *h);
	if (h) {
		h->capacity = 0x7FFFFFFF;
		h->users = 1;
	}
	return h;
}

void rw_heap_unuse(struct rw_heap *h)
{
	if (h && --h->users == 0) {
		free(h->h[0]);
		free(h->h[1]);
		free(h);
	}
}

static inline bool rw_earlier(const struct rw_flow *a, const struct rw_flow *b)
{
	return a->expiry_j < b->expiry_j;
}

static inline void rw_heap_put(struct rw_flow **arr, uint32_t i, struct rw_flow *f)
{
	arr[i] = f;
	f->place = i;
}

static void rw_sift_up(struct rw_flow **arr, uint32_t i)
{
	struct rw_flow *f = arr[i];
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!rw_earlier(f, arr[parent]))
			break;
		rw_heap_put(arr, i, arr[parent]);
		i = parent;
	}
	rw_heap_put(arr, i, f);
}

static void rw_sift_down(struct rw_flow **arr, uint32_t n, uint32_t i)
{
	struct rw_flow *f = arr[i];
	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && rw_earlier(arr[c + 1], arr[c]))
			c++;
		if (!rw_earlier(arr[c], f))
			break;
		rw_heap_put(arr, i, arr[c]);
		i = c;
	}
	rw_heap_put(arr, i, f);
}

static void rw_heap_fix(struct rw_flow **arr, uint32_t n, uint32_t i)
{
	if (i > 0 && rw_earlier(arr[i], arr[(i - 1) / 2]))
		rw_sift_up(arr, i);
	else
		rw_sift_down(arr, n, i);
}

int rw_heap_insert(struct rw_heap *h, struct rw_flow *f)
{
	int w = f->guaranteed;
	if (h->n[w] == h->cap[w]) {
		uint32_t ncap = h->cap[w] ? h->cap[w] * 2 : 64;
		struct rw_flow **na = realloc(h->h[w], ncap * sizeof *na);
		if (!na)
			return -1;
		h->h[w] = na;
		h->cap[w] = ncap;
	}
	rw_heap_put(h->h[w], h->n[w], f);
	rw_sift_up(h->h[w], h->n[w]++);
	return 0;
}

void rw_heap_remove(struct rw_heap *h, struct rw_flow *f)
{
	int w = f->guaranteed;
	struct rw_flow **arr = h->h[w];
	uint32_t i = f->place, last = --h->n[w];
	if (i != last) {
		rw_heap_put(arr, i, arr[last]);
		rw_heap_fix(arr, last, i);
	}
}

void rw_heap_change_expiry(struct rw_heap *h, struct rw_flow *f, bool guaranteed,
			   int64_t expiry_j)
{
	if (f->guaranteed != guaranteed) {
		rw_heap_remove(h, f);
		f->guaranteed = guaranteed;
		f->expiry_j = expiry_j;
		if (rw_heap_insert(h, f) < 0) {
			/* out of memory: back into the heap it just left, which has room */
			f->guaranteed = !guaranteed;
			rw_heap_insert(h, f);
		}
		return;
	}
	f->expiry_j = expiry_j;
	rw_heap_fix(h->h[f->guaranteed], h->n[f->guaranteed], f->place);
}
