/* SPDX-License-Identifier: MIT */
/* A linear route table (LinearIPLookup, StaticIPLookup): routes in a vector, scanned per lookup. */
#ifndef NFCLICK_ELEMENTS_IPLOOKUP_LINEARTABLE_H
#define NFCLICK_ELEMENTS_IPLOOKUP_LINEARTABLE_H

#include "iproutetable.h"

/*
 * Routes in insertion order; a removed route leaves a hole (mask 0 with a
 * nonzero address, which no address matches) that the next add fills, so
 * the "table" handler lists routes in Click's order. Any mask works, not
 * only prefixes: the most specific match wins.
 */
struct lineartable_vec {
	uint32_t n, cap;
	struct lineartable_vec *retired; /* the smaller vectors this one replaced */
	struct iproute r[];
};

/*
 * A lookup reads the vector pointer once and then that vector's own count,
 * so a lookup on another thread racing an add that grows the table scans
 * the old vector, which stays allocated until the table goes.
 */
struct lineartable {
	struct lineartable_vec *v;
};

/** Returns 0, or -1 on OOM. */
int lineartable_init(struct lineartable *t);
void lineartable_destroy(struct lineartable *t);
int lineartable_add(struct lineartable *t, const struct iproute *r, bool replace,
		    struct iproute *old, struct nfc_errh *errh);
int lineartable_remove(struct lineartable *t, const struct iproute *r, struct iproute *old);
void lineartable_dump(const struct lineartable *t, struct nfc_strbuf *out);

/** Index of the most specific route containing @addr_be, or -1. */
static inline int lineartable_find(const struct lineartable *t, uint32_t addr_be,
				   const struct lineartable_vec **vec)
{
	const struct lineartable_vec *v = __atomic_load_n(&t->v, __ATOMIC_ACQUIRE);
	uint32_t n = __atomic_load_n(&v->n, __ATOMIC_ACQUIRE);
	int best = -1;
	uint32_t best_mask = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct iproute *r = &v->r[i];
		/* a later match wins when its mask has every bit of the best one */
		if ((addr_be & r->mask) == r->addr && (best < 0 || (r->mask & best_mask) == best_mask)) {
			best = (int)i;
			best_mask = r->mask;
		}
	}
	*vec = v;
	return best;
}

/** Output port of @addr_be's route (negative: none) and its gateway. */
static inline int lineartable_lookup(const struct lineartable *t, uint32_t addr_be,
				     uint32_t *gw_be)
{
	const struct lineartable_vec *v;
	int i = lineartable_find(t, addr_be, &v);
	if (i < 0) {
		*gw_be = 0;
		return -1;
	}
	*gw_be = v->r[i].gw;
	return v->r[i].port;
}

/*
 * The instance of LinearIPLookup and StaticIPLookup (which only differ in
 * their handlers), and their shared callbacks.
 */
struct linear_element {
	struct iproutetable rt;
	struct lineartable table;
};

int linear_element_configure(struct nfc_element *e, struct nfc_conf *conf,
			     struct nfc_errh *errh);
void linear_element_cleanup(struct nfc_element *e);
/** Route each packet; Click's LinearIPLookup reports misses as "no gw for HEX". */
void linear_element_push(struct nfc_element *e, int port, struct nfc_batch *b);

#endif
