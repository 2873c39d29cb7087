/* SPDX-License-Identifier: MIT */
/* Range table: route set bookkeeping and the per-chunk rebuild into sorted ranges. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "rangetable.h"

struct rt_retired {
	struct rt_retired *next;
	uint32_t *pool;
};

int rangetable_init(struct rangetable *t)
{
	memset(t, 0, sizeof *t);
	iproute_store_init(&t->routes);
	t->pool_cap = 4096;
	t->direct = calloc(RT_CHUNKS, sizeof *t->direct);
	t->pool = malloc(t->pool_cap * sizeof *t->pool);
	t->short_nh = calloc(RT_CHUNKS, sizeof *t->short_nh);
	t->short_len = calloc(RT_CHUNKS, sizeof *t->short_len);
	t->longs = calloc(RT_CHUNKS, sizeof *t->longs);
	t->dirty_bits = calloc(RT_CHUNKS / 64, sizeof *t->dirty_bits);
	t->dirty = malloc(RT_CHUNKS * sizeof *t->dirty);
	if (!t->direct || !t->pool || !t->short_nh || !t->short_len || !t->longs ||
	    !t->dirty_bits || !t->dirty || iplk_nexthops_init(&t->nexthops, RT_MAX_NEXTHOPS) < 0) {
		rangetable_destroy(t);
		return -1;
	}
	return 0;
}

void rangetable_destroy(struct rangetable *t)
{
	free(t->direct);
	free(t->pool);
	for (struct rt_retired *r = t->retired, *next; r; r = next) {
		next = r->next;
		free(r->pool);
		free(r);
	}
	if (t->longs)
		for (uint32_t c = 0; c < RT_CHUNKS; c++)
			free(t->longs[c].slot);
	free(t->longs);
	free(t->short_nh);
	free(t->short_len);
	free(t->dirty_bits);
	free(t->dirty);
	free(t->scratch);
	if (t->nexthops.nh)
		iplk_nexthops_destroy(&t->nexthops);
	iproute_store_destroy(&t->routes);
	memset(t, 0, sizeof *t);
}

uint32_t rangetable_pool_words(const struct rangetable *t)
{
	return t->pool_used;
}

/* ---- the range pool ---- */

static uint32_t rt_class(uint32_t words)
{
	uint32_t k = 2; /* a block holds a count and at least two ranges */
	while ((1u << k) < words)
		k++;
	return k;
}

/*
 * The pool only grows, by copying into a bigger array; the old array is
 * kept until the table goes, because a lookup on another thread may still
 * be reading it. Doubling keeps those leftovers smaller than the pool.
 */
static int rt_pool_grow(struct rangetable *t, uint32_t need)
{
	uint32_t cap = t->pool_cap;
	while (cap - t->pool_used < need)
		cap *= 2;
	uint32_t *pool = malloc((size_t)cap * sizeof *pool);
	struct rt_retired *r = malloc(sizeof *r);
	if (!pool || !r) {
		free(pool);
		free(r);
		return -1;
	}
	memcpy(pool, t->pool, (size_t)t->pool_used * sizeof *pool);
	r->pool = t->pool;
	r->next = t->retired;
	t->retired = r;
	__atomic_store_n(&t->pool, pool, __ATOMIC_RELEASE);
	t->pool_cap = cap;
	return 0;
}

/* Offset of a free block of at least @words words, or -1 on OOM. */
static int64_t rt_block_alloc(struct rangetable *t, uint32_t words)
{
	uint32_t k = rt_class(words);
	if (k >= RT_POOL_CLASSES)
		return -1;
	if (t->free_class[k]) {
		uint32_t off = t->free_class[k] - 1;
		t->free_class[k] = t->pool[off + 1];
		return off;
	}
	if (t->pool_cap - t->pool_used < (1u << k) && rt_pool_grow(t, 1u << k) < 0)
		return -1;
	uint32_t off = t->pool_used;
	t->pool_used += 1u << k;
	return off;
}

/*
 * A freed block keeps its range count (at most its capacity): a lookup
 * still reading it stays inside it. The free-list link goes in the first
 * range, where a stale read only yields some next-hop index below 65536,
 * all of which exist.
 */
static void rt_block_free(struct rangetable *t, uint32_t off)
{
	uint32_t k = rt_class(t->pool[off] + 1);
	t->pool[off + 1] = t->free_class[k];
	t->free_class[k] = off + 1;
}

/* ---- dirty chunks ---- */

static void rt_mark(struct rangetable *t, uint32_t c)
{
	uint64_t bit = 1ull << (c & 63);
	if (!(t->dirty_bits[c >> 6] & bit)) {
		t->dirty_bits[c >> 6] |= bit;
		t->dirty[t->ndirty++] = c;
	}
}

/*
 * Chunks [@a>>16, +2^(16-len)) whose covering short route is no longer than
 * @len get next hop @nh recorded as length @newlen (see dir248_paint).
 */
static void rt_paint_short(struct rangetable *t, uint32_t a, int len, uint32_t nh, int newlen)
{
	uint32_t end = (a >> 16) + (1u << (16 - len));
	for (uint32_t c = a >> 16; c < end;) {
		if (t->short_len[c] <= len) {
			t->short_len[c] = (uint8_t)newlen;
			t->short_nh[c] = (uint16_t)nh;
			rt_mark(t, c);
			c++;
		} else /* a more specific short route covers these chunks */
			c = (c | ((1u << (16 - t->short_len[c])) - 1)) + 1;
	}
}

/* ---- long routes of a chunk, sorted by (address, length) ---- */

static uint64_t rt_key(const struct rangetable *t, uint32_t slot)
{
	const struct iproute *r = &t->routes.slots[slot].r;
	return ((uint64_t)ntohl(r->addr) << 8) | (uint64_t)iproute_prefix_len(r->mask);
}

/* Index of the first entry whose key is >= @key. */
static uint32_t rt_longs_search(const struct rangetable *t, const struct rt_chunk_routes *l,
				uint64_t key)
{
	uint32_t lo = 0, hi = l->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (rt_key(t, l->slot[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int rt_longs_insert(struct rangetable *t, uint32_t c, uint32_t slot)
{
	struct rt_chunk_routes *l = &t->longs[c];
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? 2 * l->cap : 2;
		uint32_t *v = realloc(l->slot, cap * sizeof *v);
		if (!v)
			return -1;
		l->slot = v;
		l->cap = cap;
	}
	uint32_t i = rt_longs_search(t, l, rt_key(t, slot));
	memmove(&l->slot[i + 1], &l->slot[i], (l->n - i) * sizeof *l->slot);
	l->slot[i] = slot;
	l->n++;
	return 0;
}

static void rt_longs_erase(struct rangetable *t, uint32_t c, uint32_t slot)
{
	struct rt_chunk_routes *l = &t->longs[c];
	uint32_t i = rt_longs_search(t, l, rt_key(t, slot));
	memmove(&l->slot[i], &l->slot[i + 1], (l->n - i - 1) * sizeof *l->slot);
	l->n--;
	if (l->n == 0) {
		free(l->slot);
		l->slot = NULL;
		l->cap = 0;
	}
}

/* ---- rebuilding a chunk ---- */

static void rt_set_direct(struct rangetable *t, uint32_t c, uint32_t v)
{
	uint32_t old = t->direct[c];
	__atomic_store_n(&t->direct[c], v, __ATOMIC_RELEASE);
	if (old & RT_CHUNK_RANGES)
		rt_block_free(t, old & ~RT_CHUNK_RANGES);
}

/* Append a range unless it continues the previous one's next hop. */
static void rt_emit(uint32_t *out, uint32_t *n, uint32_t start, uint32_t nh)
{
	if (*n && (out[*n - 1] & 0xFFFF) == nh)
		return;
	out[(*n)++] = (start << 16) | nh;
}

/*
 * Turn chunk @c's routes into ranges: a sweep over its long routes in
 * (address, length) order, with a stack of the routes that contain the
 * current address (prefixes nest, so at most 16 long ones plus the base).
 */
static int rt_rebuild(struct rangetable *t, uint32_t c)
{
	const struct rt_chunk_routes *l = &t->longs[c];
	uint32_t base = t->short_nh[c];
	if (l->n == 0) {
		rt_set_direct(t, c, base);
		return 0;
	}
	if (t->scratch_cap < 2 * l->n + 1) {
		uint32_t cap = 2 * l->n + 1;
		uint32_t *s = realloc(t->scratch, cap * sizeof *s);
		if (!s)
			return -1;
		t->scratch = s;
		t->scratch_cap = cap;
	}
	uint32_t *out = t->scratch, n = 0, pos = 0;
	uint32_t end[18], nh[18];
	int sp = 0;
	end[0] = 0xFFFF;
	nh[0] = base;
	for (uint32_t k = 0; k < l->n; k++) {
		const struct iproute_slot *s = &t->routes.slots[l->slot[k]];
		uint32_t first = ntohl(s->r.addr) & 0xFFFF;
		uint32_t last = first + ~ntohl(s->r.mask);
		while (end[sp] < first) { /* routes that end before this one starts */
			if (pos <= end[sp]) {
				rt_emit(out, &n, pos, nh[sp]);
				pos = end[sp] + 1;
			}
			sp--;
		}
		if (pos < first) {
			rt_emit(out, &n, pos, nh[sp]);
			pos = first;
		}
		sp++;
		end[sp] = last;
		nh[sp] = s->aux;
	}
	for (; sp >= 0; sp--)
		if (pos <= end[sp]) {
			rt_emit(out, &n, pos, nh[sp]);
			pos = end[sp] + 1;
		}
	if (n == 1) {
		rt_set_direct(t, c, out[0] & 0xFFFF);
		return 0;
	}
	int64_t off = rt_block_alloc(t, n + 1);
	if (off < 0)
		return -1;
	uint32_t *blk = t->pool + off;
	memcpy(blk + 1, out, n * sizeof *out);
	blk[0] = n;
	rt_set_direct(t, c, RT_CHUNK_RANGES | (uint32_t)off);
	return 0;
}

int rangetable_commit(struct rangetable *t, struct nfc_errh *errh)
{
	int failed = 0;
	for (uint32_t i = 0; i < t->ndirty; i++) {
		uint32_t c = t->dirty[i];
		t->dirty_bits[c >> 6] &= ~(1ull << (c & 63));
		if (rt_rebuild(t, c) < 0)
			failed++;
	}
	t->ndirty = 0;
	if (failed)
		return nfc_error(errh, "out of memory: %d address blocks keep their old routes",
				 failed);
	return 0;
}

/* ---- routes ---- */

int rangetable_add(struct rangetable *t, const struct iproute *r, bool replace,
		   struct iproute *old, struct nfc_errh *errh)
{
	int len = iproute_prefix_len(r->mask);
	if (len < 0) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		iproute_unparse(r, false, &sb);
		nfc_error(errh, "route '%s': mask is not a prefix", nfc_strbuf_str(&sb));
		nfc_strbuf_free(&sb);
		return -EINVAL;
	}
	int slot = iproute_store_find(&t->routes, r->addr, r->mask);
	if (slot >= 0) {
		if (old)
			*old = t->routes.slots[slot].r;
		if (!replace)
			return -EEXIST;
	}
	int nh = 0; /* the default route is next hop 0 */
	if (len > 0 && (nh = iplk_nexthops_ref(&t->nexthops, r->gw, r->port)) < 0)
		return nfc_error(errh, "too many distinct gateway and output pairs (at most %u)",
				 RT_MAX_NEXTHOPS - 1);
	/*
	 * Like Click's RadixIPLookup, a replaced route moves to a new slot
	 * (the last freed one, else a new one at the end), which decides
	 * where the "table" handler lists it.
	 */
	uint32_t a = ntohl(r->addr), c = a >> 16;
	int nslot = iproute_store_insert(&t->routes, r, (uint32_t)nh);
	if (nslot < 0 || (slot < 0 && len > 16 && rt_longs_insert(t, c, (uint32_t)nslot) < 0)) {
		if (nslot >= 0)
			iproute_store_erase(&t->routes, nslot);
		iplk_nexthops_unref(&t->nexthops, (uint32_t)nh);
		return nfc_error(errh, "out of memory");
	}
	if (slot >= 0) {
		uint32_t old_nh = t->routes.slots[slot].aux;
		if (len > 16) { /* same key, so the same place in the chunk's list */
			struct rt_chunk_routes *l = &t->longs[c];
			l->slot[rt_longs_search(t, l, rt_key(t, (uint32_t)slot))] = (uint32_t)nslot;
		}
		iproute_store_erase(&t->routes, slot);
		iplk_nexthops_unref(&t->nexthops, old_nh);
	}
	if (len == 0) { /* no range changes */
		t->nexthops.nh[0].gw = r->gw;
		__atomic_store_n(&t->nexthops.nh[0].port, r->port, __ATOMIC_RELEASE);
	} else if (len <= 16)
		rt_paint_short(t, a, len, (uint32_t)nh, len);
	else
		rt_mark(t, c);
	return 0;
}

int rangetable_remove(struct rangetable *t, const struct iproute *r, struct iproute *old)
{
	int len = iproute_prefix_len(r->mask);
	int slot = len < 0 ? -1 : iproute_store_find(&t->routes, r->addr, r->mask);
	if (slot < 0 || !iproute_match(r, &t->routes.slots[slot].r))
		return -ENOENT;
	struct iproute_slot *s = &t->routes.slots[slot];
	if (old)
		*old = s->r;
	uint32_t a = ntohl(r->addr);
	uint32_t nh = s->aux;
	if (len == 0) {
		__atomic_store_n(&t->nexthops.nh[0].port, -1, __ATOMIC_RELEASE);
		t->nexthops.nh[0].gw = 0;
	} else if (len <= 16) {
		/* the chunks go to the longest remaining short route covering them */
		uint32_t cover_nh = 0;
		int cover_len = 0;
		for (int l = len - 1; l > 0; l--) {
			uint32_t m = iproute_len_mask(l);
			int c = iproute_store_find(&t->routes, r->addr & m, m);
			if (c >= 0) {
				cover_nh = t->routes.slots[c].aux;
				cover_len = l;
				break;
			}
		}
		rt_paint_short(t, a, len, cover_nh, cover_len);
	} else {
		rt_longs_erase(t, a >> 16, (uint32_t)slot);
		rt_mark(t, a >> 16);
	}
	iproute_store_erase(&t->routes, slot);
	iplk_nexthops_unref(&t->nexthops, nh);
	return 0;
}

void rangetable_dump(const struct rangetable *t, struct nfc_strbuf *out)
{
	iproute_store_dump(&t->routes, true, out);
}
