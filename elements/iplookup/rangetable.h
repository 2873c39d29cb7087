/* SPDX-License-Identifier: MIT */
/* Range table (RadixIPLookup): a /16 direct table plus sorted address ranges, DXR-style. */
#ifndef NFCLICK_ELEMENTS_IPLOOKUP_RANGETABLE_H
#define NFCLICK_ELEMENTS_IPLOOKUP_RANGETABLE_H

#include "iproutetable.h"

/*
 * Zec, Rizzo and Mikuc's DXR ("D16R"), which turns a route table into
 * address ranges: the addresses of one /16 ("chunk") fall into runs that
 * share a next hop. A chunk with a single run is stored directly in its
 * direct[] entry (the next-hop index); otherwise direct[] holds
 * RT_CHUNK_RANGES | offset of a block in the range pool:
 *
 *     pool[off]          number of ranges n (>= 2)
 *     pool[off + 1 + k]  range k: first address (low 16 bits) << 16 | next hop
 *
 * sorted by first address, the first starting at 0, neighbours merged when
 * their next hops agree. A lookup is one direct read, then a binary search
 * over the chunk's ranges (a handful for real tables; at most 17 steps).
 * 100k routes take about 1 MB, so the whole table stays in cache, where a
 * trie walk of Click's RadixIPLookup visits up to 7 nodes.
 *
 * Updates change the route set (rt->routes, short[], longs[]) and mark the
 * chunks they touch; commit rebuilds those chunks, each from its covering
 * route of /16 or shorter plus its own longer routes (a sorted sweep).
 * Bulk loads (a configuration, a ctrl write of many routes) thus rebuild
 * each chunk once.
 *
 * Next hop 0 is the default route (port -1 when there is none); next-hop
 * indexes are 16 bits, so at most 65535 distinct (gateway, port) pairs.
 */
#define RT_CHUNKS 65536u
#define RT_CHUNK_RANGES 0x80000000u
#define RT_MAX_NEXTHOPS 65536u
#define RT_POOL_CLASSES 20

/* Routes longer than /16 that fall in one chunk, sorted by (address, length). */
struct rt_chunk_routes {
	uint32_t *slot; /* route store slots */
	uint32_t n, cap;
};

struct rangetable {
	/* read by lookups */
	uint32_t *direct;
	uint32_t *pool;
	struct iplk_nexthops nexthops;
	/* range pool: blocks of 2^k words, free lists per size class */
	uint32_t pool_used, pool_cap;
	uint32_t free_class[RT_POOL_CLASSES]; /* offset + 1 of a free block; 0: none */
	void *retired;			      /* replaced pools, freed with the table */
	/* route set */
	struct iproute_store routes;
	uint16_t *short_nh; /* per chunk: the longest route of /16 or shorter covering it */
	uint8_t *short_len;
	struct rt_chunk_routes *longs;
	/* chunks to rebuild at the next commit */
	uint64_t *dirty_bits;
	uint32_t *dirty;
	uint32_t ndirty;
	/* scratch for a rebuild: ranges of one chunk */
	uint32_t *scratch;
	uint32_t scratch_cap;
};

int rangetable_init(struct rangetable *t);
void rangetable_destroy(struct rangetable *t);
/** Add (or with @replace, set) a route; see struct iproutetable_ops. Needs a commit. */
int rangetable_add(struct rangetable *t, const struct iproute *r, bool replace,
		   struct iproute *old, struct nfc_errh *errh);
/** Remove a route. Needs a commit. */
int rangetable_remove(struct rangetable *t, const struct iproute *r, struct iproute *old);
/** Rebuild the chunks changed since the last commit. Returns 0, or -1 on OOM (reported). */
int rangetable_commit(struct rangetable *t, struct nfc_errh *errh);
void rangetable_dump(const struct rangetable *t, struct nfc_strbuf *out);
/** Words of range pool in use (statistics and tests). */
uint32_t rangetable_pool_words(const struct rangetable *t);

/** Next-hop index of @addr_be. */
static inline uint32_t rangetable_find(const struct rangetable *t, uint32_t addr_be)
{
	uint32_t a = ntohl(addr_be);
	uint32_t e = __atomic_load_n(&t->direct[a >> 16], __ATOMIC_ACQUIRE);
	if (!(e & RT_CHUNK_RANGES))
		return e;
	const uint32_t *blk = __atomic_load_n(&t->pool, __ATOMIC_ACQUIRE) + (e & ~RT_CHUNK_RANGES);
	uint32_t n = blk[0];
	const uint32_t *r = blk + 1;
	/* the last range whose first address is <= the low 16 bits */
	uint32_t key = (a << 16) | 0xFFFF;
	while (n > 1) {
		uint32_t half = n >> 1;
		r = r[half] <= key ? r + half : r;
		n -= half;
	}
	return *r & 0xFFFF;
}

/** Output port of @addr_be's route (negative: none) and its gateway. */
static inline int rangetable_lookup(const struct rangetable *t, uint32_t addr_be,
				    uint32_t *gw_be)
{
	const struct iplk_nexthop *nh = &t->nexthops.nh[rangetable_find(t, addr_be)];
	*gw_be = nh->gw;
	return nh->port;
}

#endif
