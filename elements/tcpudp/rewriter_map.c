/* SPDX-License-Identifier: MIT */
/* The rewriter's flow hash map: chained buckets keyed by the four-tuple, grown by doubling. */
#include "rewriter_priv.h"

#define RW_MAP_INITIAL_BUCKETS 256u

static inline uint32_t rw_hash(const struct rw_flowid *k)
{
	/* the varied field of a NAT is usually a port: mix every word */
	uint64_t x = ((uint64_t)k->saddr << 32 | k->daddr) * 0x9E3779B97F4A7C15ULL;
	x ^= ((uint64_t)k->sport << 16 | k->dport) * 0xC2B2AE3D27D4EB4FULL;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ULL;
	return (uint32_t)(x ^ (x >> 32));
}

struct rw_entry *rw_map_find(const struct rw_map *m, const struct rw_flowid *key)
{
	if (!m->nbuckets)
		return NULL;
	struct rw_entry *e = m->buckets[rw_hash(key) & (m->nbuckets - 1)];
	while (e && !rw_flowid_equal(&e->key, key))
		e = e->hash_next;
	return e;
}

/* Doubling happens when the map holds twice as many entries as buckets:
 * its cost is spread over the insertions that led to it. On failure the
 * map keeps its buckets (only longer chains). */
static void rw_map_grow(struct rw_map *m)
{
	uint32_t n = m->nbuckets ? m->nbuckets * 2 : RW_MAP_INITIAL_BUCKETS;
	struct rw_entry **nb = calloc(n, sizeof *nb);
	if (!nb)
		return;
	for (uint32_t i = 0; i < m->nbuckets; i++) {
		struct rw_entry *e = m->buckets[i];
		while (e) {
			struct rw_entry *next = e->hash_next;
			uint32_t b = rw_hash(&e->key) & (n - 1);
			e->hash_next = nb[b];
			nb[b] = e;
			e = next;
		}
	}
	free(m->buckets);
	m->buckets = nb;
	m->nbuckets = n;
}

struct rw_entry *rw_map_set(struct rw_map *m, struct rw_entry *ent)
{
	if (m->size >= 2 * m->nbuckets)
		rw_map_grow(m);
	if (!m->nbuckets)
		return NULL;
	struct rw_entry **pp = &m->buckets[rw_hash(&ent->key) & (m->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->hash_next)
		if (rw_flowid_equal(&(*pp)->key, &ent->key)) {
			struct rw_entry *old = *pp;
			ent->hash_next = old->hash_next;
			*pp = ent;
			old->hash_next = NULL;
			return old;
		}
	ent->hash_next = NULL;
	*pp = ent;
	m->size++;
	return NULL;
}

void rw_map_remove(struct rw_map *m, struct rw_entry *ent)
{
	if (!m->nbuckets)
		return;
	struct rw_entry **pp = &m->buckets[rw_hash(&ent->key) & (m->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->hash_next)
		if (*pp == ent) {
			*pp = ent->hash_next;
			ent->hash_next = NULL;
			m->size--;
			return;
		}
}

void rw_map_free(struct rw_map *m)
{
	free(m->buckets);
	m->buckets = NULL;
	m->nbuckets = m->size = 0;
}

void rw_map_each(const struct rw_map *m, void (*fn)(struct rw_entry *, void *), void *arg)
{
	for (uint32_t i = 0; i < m->nbuckets; i++)
		for (struct rw_entry *e = m->buckets[i]; e; e = e->hash_next)
			fn(e, arg);
}
