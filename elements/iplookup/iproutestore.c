/* SPDX-License-Identifier: MIT */
/* Route tables' bookkeeping: routes by prefix, shared next hops, lazily mapped big tables. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "iproutetable.h"

/* ---- big tables ---- */

/*
 * DIR-24-8 needs 48 MB of first-level tables of which a typical table
 * touches a small part: anonymous mappings give zero pages on demand, and
 * madvise() hands them back, which calloc/memset would not.
 */
void *iplk_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void iplk_unmap(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

void iplk_rezero(void *p, size_t bytes)
{
	/* private anonymous pages read back as zeroes after MADV_DONTNEED */
	if (madvise(p, bytes, MADV_DONTNEED) < 0)
		memset(p, 0, bytes);
}

/* ---- route store ---- */

static uint32_t store_hash(uint32_t addr, uint32_t mask)
{
	uint64_t k = ((uint64_t)addr << 32) | mask;
	k *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 32);
}

void iproute_store_init(struct iproute_store *s)
{
	memset(s, 0, sizeof *s);
	s->free_head = -1;
}

void iproute_store_destroy(struct iproute_store *s)
{
	free(s->slots);
	free(s->buckets);
	iproute_store_init(s);
}

void iproute_store_clear(struct iproute_store *s)
{
	iproute_store_destroy(s);
}

int iproute_store_find(const struct iproute_store *s, uint32_t addr, uint32_t mask)
{
	if (!s->nbuckets)
		return -1;
	for (int32_t i = s->buckets[store_hash(addr, mask) & (s->nbuckets - 1)]; i >= 0;
	     i = s->slots[i].next)
		if (s->slots[i].r.addr == addr && s->slots[i].r.mask == mask)
			return i;
	return -1;
}

static int store_rehash(struct iproute_store *s, uint32_t nbuckets)
{
	int32_t *b = malloc(nbuckets * sizeof *b);
	if (!b)
		return -1;
	memset(b, 0xff, nbuckets * sizeof *b);
	for (uint32_t i = 0; i < s->nslots; i++) {
		struct iproute_slot *sl = &s->slots[i];
		if (!sl->live)
			continue;
		uint32_t h = store_hash(sl->r.addr, sl->r.mask) & (nbuckets - 1);
		sl->next = b[h];
		b[h] = (int32_t)i;
	}
	free(s->buckets);
	s->buckets = b;
	s->nbuckets = nbuckets;
	return 0;
}

int iproute_store_insert(struct iproute_store *s, const struct iproute *r, uint32_t aux)
{
	if (s->nlive + 1 > s->nbuckets && store_rehash(s, s->nbuckets ? 2 * s->nbuckets : 64) < 0)
		return -1;
	int32_t i = s->free_head;
	if (i >= 0)
		s->free_head = s->slots[i].next;
	else {
		if (s->nslots == s->cap) {
			uint32_t cap = s->cap ? 2 * s->cap : 64;
			struct iproute_slot *v = realloc(s->slots, cap * sizeof *v);
			if (!v)
				return -1;
			s->slots = v;
			s->cap = cap;
		}
		i = (int32_t)s->nslots++;
	}
	struct iproute_slot *sl = &s->slots[i];
	sl->r = *r;
	sl->aux = aux;
	sl->live = true;
	uint32_t h = store_hash(r->addr, r->mask) & (s->nbuckets - 1);
	sl->next = s->buckets[h];
	s->buckets[h] = i;
	s->nlive++;
	return i;
}

void iproute_store_erase(struct iproute_store *s, int slot)
{
	struct iproute_slot *sl = &s->slots[slot];
	int32_t *link = &s->buckets[store_hash(sl->r.addr, sl->r.mask) & (s->nbuckets - 1)];
	while (*link != slot)
		link = &s->slots[*link].next;
	*link = sl->next;
	sl->live = false;
	sl->next = s->free_head;
	s->free_head = slot;
	s->nlive--;
}

void iproute_store_dump(const struct iproute_store *s, bool tabs, struct nfc_strbuf *out)
{
	for (uint32_t i = 0; i < s->nslots; i++)
		if (s->slots[i].live) {
			iproute_unparse(&s->slots[i].r, tabs, out);
			nfc_strbuf_putc(out, '\n');
		}
}

/* ---- next hops ---- */

static uint32_t nexthop_hash(uint32_t gw, int32_t port)
{
	uint64_t k = ((uint64_t)gw << 32) | (uint32_t)port;
	k *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 40) & (IPLK_NEXTHOP_BUCKETS - 1);
}

int iplk_nexthops_init(struct iplk_nexthops *n, uint32_t max)
{
	memset(n, 0, sizeof *n);
	n->max = max;
	n->nh = iplk_map(max * sizeof *n->nh);
	n->refs = calloc(max, sizeof *n->refs);
	n->next = calloc(max, sizeof *n->next);
	n->buckets = malloc(IPLK_NEXTHOP_BUCKETS * sizeof *n->buckets);
	if (!n->nh || !n->refs || !n->next || !n->buckets) {
		iplk_nexthops_destroy(n);
		return -1;
	}
	iplk_nexthops_clear(n);
	return 0;
}

void iplk_nexthops_destroy(struct iplk_nexthops *n)
{
	iplk_unmap(n->nh, n->max * sizeof *n->nh);
	free(n->refs);
	free(n->next);
	free(n->buckets);
	memset(n, 0, sizeof *n);
}

void iplk_nexthops_clear(struct iplk_nexthops *n)
{
	/* entry 0 stands for the default route, absent for now */
	n->nh[0].gw = 0;
	n->nh[0].port = -1;
	n->used = 1;
	n->free_head = -1;
	memset(n->buckets, 0xff, IPLK_NEXTHOP_BUCKETS * sizeof *n->buckets);
}

int iplk_nexthops_ref(struct iplk_nexthops *n, uint32_t gw, int32_t port)
{
	uint32_t h = nexthop_hash(gw, port);
	for (int32_t i = n->buckets[h]; i >= 0; i = n->next[i])
		if (n->nh[i].gw == gw && n->nh[i].port == port) {
			n->refs[i]++;
			return i;
		}
	int32_t i = n->free_head;
	if (i >= 0)
		n->free_head = n->next[i];
	else if (n->used < n->max)
		i = (int32_t)n->used++;
	else
		return -1;
	n->nh[i].gw = gw;
	n->nh[i].port = port;
	n->refs[i] = 1;
	n->next[i] = n->buckets[h];
	n->buckets[h] = i;
	return i;
}

void iplk_nexthops_unref(struct iplk_nexthops *n, uint32_t idx)
{
	if (idx == 0 || --n->refs[idx])
		return;
	int32_t *link = &n->buckets[nexthop_hash(n->nh[idx].gw, n->nh[idx].port)];
	while (*link != (int32_t)idx)
		link = &n->next[*link];
	*link = n->next[idx];
	n->next[idx] = n->free_head;
	n->free_head = (int32_t)idx;
}
