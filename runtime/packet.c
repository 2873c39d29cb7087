/* SPDX-License-Identifier: MIT */
/* Packet allocation from per-thread pools, clones and copy-on-write. */
#include "nfclick-config.h"
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_NUMA
#include <numa.h>
#endif
#include <nfclick/packet.h>
#include <nfclick/batch.h>
#include <nfclick/dpdk.h>
#include "router_priv.h"

_Static_assert((uint64_t)NFC_BATCH_MAX * NFC_PACKET_MAX_BUFFER <= UINT32_MAX,
	       "a batch's byte count must fit in 32 bits");

/* A pooled packet is one NFC_POOL_SLOT-byte slot: the header, then the buffer. */
#define NFC_POOL_SLOT (sizeof(struct nfc_packet) + NFC_PACKET_BUFSIZE)
#define NFC_SLAB_PACKETS 1024

struct nfc_slab {
	struct nfc_slab *next;
	size_t bytes;
	bool numa;
};

/**
 * A per-thread pool: a stack (array) of free packets. An array rather than
 * a linked list: freeing a burst is a run of pointer stores and allocating
 * one touches no packet before it is handed out. Packets freed on another
 * thread go to that thread's pool; slabs stay owned by the pool that made
 * them, and all pools are destroyed together (nfc_packet_pools_destroy).
 */
struct nfc_pool {
	struct nfc_free_stack_ fs; /* first: nfc_tls_free_ points at it */
	struct nfc_slab *slabs;
	struct nfc_pool *next_pool;
};
_Static_assert(offsetof(struct nfc_pool, fs) == 0, "nfc_tls_free_ is the pool's address");

/* The calling thread's pool, reached through its free stack (the pool's
 * first member), which the inline fast paths in packet.h use. */
_Thread_local struct nfc_free_stack_ *nfc_tls_free_;

static inline struct nfc_pool *tls_pool(void)
{
	return (struct nfc_pool *)(void *)nfc_tls_free_;
}
/* Registry of all pools, so they can be freed at exit (guarded by pools_lock). */
static pthread_mutex_t pools_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nfc_pool *all_pools;

static struct nfc_pool *pool_get(void)
{
	if (__builtin_expect(nfc_tls_free_ != NULL, 1))
		return tls_pool();
	struct nfc_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	pthread_mutex_lock(&pools_lock);
	p->next_pool = all_pools;
	all_pools = p;
	pthread_mutex_unlock(&pools_lock);
	nfc_tls_free_ = &p->fs;
	return p;
}

/* Make room for @n more free packets on the stack. */
static int pool_reserve(struct nfc_pool *pool, size_t n)
{
	if (pool->fs.top + n <= pool->fs.cap)
		return 0;
	size_t ncap = pool->fs.cap ? pool->fs.cap : 4096;
	while (ncap < pool->fs.top + n)
		ncap *= 2;
	struct nfc_packet **ns = realloc(pool->fs.stack, ncap * sizeof *ns);
	if (!ns)
		return -1;
	pool->fs.stack = ns;
	pool->fs.cap = ncap;
	return 0;
}

static int pool_grow(struct nfc_pool *pool)
{
	size_t bytes = sizeof(struct nfc_slab) + 64 + NFC_SLAB_PACKETS * NFC_POOL_SLOT;
	struct nfc_slab *slab;
	bool numa = false;
	if (pool_reserve(pool, NFC_SLAB_PACKETS) < 0)
		return -1;
#if defined(HAVE_NUMA) && !defined(__SANITIZE_ADDRESS__)
	/* (not under ASan: LeakSanitizer does not scan numa_alloc's mmap()ed
	 * slabs, so packets held only through them would look leaked) */
	if (numa_available() >= 0) {
		slab = numa_alloc_local(bytes);
		numa = slab != NULL;
	} else
		slab = NULL;
	if (!slab)
#endif
		slab = malloc(bytes);
	if (!slab)
		return -1;
	slab->bytes = bytes;
	slab->numa = numa;
	slab->next = pool->slabs;
	pool->slabs = slab;
	unsigned char *base = (unsigned char *)(slab + 1);
	base += (64 - ((uintptr_t)base & 63)) & 63;
	for (int i = NFC_SLAB_PACKETS - 1; i >= 0; i--) {
		struct nfc_packet *p = (struct nfc_packet *)(base + (size_t)i * NFC_POOL_SLOT);
		p->head = (unsigned char *)(p + 1);
		p->end = p->head + NFC_PACKET_BUFSIZE;
		p->heap_buffer = NULL;
		p->data_owner = p;
		p->shared = 0;
		p->free_flags = 0;
		pool->fs.stack[pool->fs.top++] = p;
	}
	return 0;
}

static struct nfc_packet *header_alloc(void)
{
	struct nfc_pool *pool = pool_get();
	if (!pool)
		return NULL;
	if (__builtin_expect(pool->fs.top == 0, 0) && pool_grow(pool) < 0)
		return NULL;
	return pool->fs.stack[--pool->fs.top];
}

/*
 * Free invariant: head/end point at the slot's own buffer, data_owner is
 * the packet itself, shared is 0 and heap_buffer NULL, so allocation only
 * sets data, length and the annotations.
 */
static void header_free(struct nfc_packet *p)
{
	struct nfc_pool *pool = tls_pool();
	if (__builtin_expect(!pool, 0))
		pool = pool_get();
	if (__builtin_expect(p->free_flags != 0, 0)) {
		if (p->free_flags & NFC_PACKET_EXTERNAL) {
			if (p->free_flags & NFC_PACKET_MBUF)
				nfc_dpdk_release(p);
			else
				p->release(p);
			return;
		}
		free(p->heap_buffer);
		p->heap_buffer = NULL;
		p->head = (unsigned char *)(p + 1);
		p->end = p->head + NFC_PACKET_BUFSIZE;
		p->data_owner = p;
		p->shared = 0;
		p->free_flags = 0;
	}
	if (__builtin_expect(pool->fs.top == pool->fs.cap, 0) && pool_reserve(pool, 1) < 0)
		return; /* cannot happen short of OOM: the slot leaks until exit */
	pool->fs.stack[pool->fs.top++] = p;
}

struct nfc_packet *nfc_packet_alloc(uint32_t headroom, uint32_t length, uint32_t tailroom)
{
	struct nfc_packet *p = header_alloc();
	if (!p)
		return NULL;
	size_t need = (size_t)headroom + length + tailroom;
	if (__builtin_expect(need > NFC_PACKET_BUFSIZE, 0)) {
		if (need > NFC_PACKET_MAX_BUFFER) {
			header_free(p);
			return NULL;
		}
		/* Large packets (reassembly, jumbo traces): heap buffer, pooled header. */
		unsigned char *buf = malloc(need ? need : 1);
		if (!buf) {
			header_free(p);
			return NULL;
		}
		p->heap_buffer = buf;
		p->head = buf;
		p->end = buf + need;
		p->free_flags = NFC_PACKET_SLOW_FREE;
	}
	p->data = p->head + headroom;
	p->length = length;
	nfc_packet_clear_annotations(p);
	return p;
}

unsigned nfc_packet_alloc_many(struct nfc_packet **out, unsigned n, uint32_t headroom,
			       uint32_t length, uint32_t tailroom)
{
	size_t need = (size_t)headroom + length + tailroom;
	struct nfc_pool *pool = pool_get();
	if (need > NFC_PACKET_BUFSIZE || !pool) {
		unsigned i = 0;
		for (; i < n; i++)
			if (!(out[i] = nfc_packet_alloc(headroom, length, tailroom)))
				break;
		return i;
	}
	while (__builtin_expect(pool->fs.top < n, 0))
		if (pool_grow(pool) < 0)
			return 0;
	pool->fs.top -= n;
	struct nfc_packet **src = pool->fs.stack + pool->fs.top;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = src[i];
		nfc_packet_init_pooled(p, headroom, length, 0);
		out[i] = p;
	}
	return n;
}

unsigned nfc_packet_alloc_raw_slow(struct nfc_packet **out, unsigned n)
{
	struct nfc_pool *pool = pool_get();
	if (!pool)
		return 0;
	while (__builtin_expect(pool->fs.top < n, 0))
		if (pool_grow(pool) < 0)
			return 0;
	pool->fs.top -= n;
	memcpy(out, pool->fs.stack + pool->fs.top, n * sizeof *out);
	return n;
}

void nfc_packet_kill_many(struct nfc_packet **pkts, unsigned n)
{
	/* Plain pooled packets (the usual case) go back onto the free stack:
	 * the pointers are copied there eight at a time (vector moves) while
	 * their flags are checked, and the copy counts only if no packet needs
	 * more (a clone, a heap or external buffer: the slow path). */
	struct nfc_free_stack_ *fs = nfc_tls_free_;
	if (__builtin_expect(fs && fs->top + n <= fs->cap, 1)) {
		struct nfc_packet **p = pkts, **to = fs->stack + fs->top;
		uint32_t any = 0;
		unsigned left = n;
		for (; left >= 8; left -= 8, p += 8, to += 8) {
			nfc_copy8_packet_ptrs_(to, p);
			any |= p[0]->free_flags | p[1]->free_flags | p[2]->free_flags |
			       p[3]->free_flags | p[4]->free_flags | p[5]->free_flags |
			       p[6]->free_flags | p[7]->free_flags;
		}
		for (; left; left--, p++, to++) {
			*to = *p;
			any |= (*p)->free_flags;
		}
		if (__builtin_expect(any == 0, 1)) {
			fs->top += n;
			return;
		}
	}
	for (unsigned i = 0; i < n; i++)
		nfc_packet_kill(pkts[i]);
}

struct nfc_packet *nfc_packet_make(const void *data, uint32_t length)
{
	uint32_t tail = length < NFC_PACKET_BUFSIZE - NFC_PACKET_HEADROOM
				? NFC_PACKET_BUFSIZE - NFC_PACKET_HEADROOM - length : 0;
	struct nfc_packet *p = nfc_packet_alloc(NFC_PACKET_HEADROOM, length, tail);
	if (!p)
		return NULL;
	if (data)
		memcpy(p->data, data, length);
	else
		memset(p->data, 0, length);
	return p;
}

/*
 * Buffer sharing: the owner's `shared` counts live clones. Each death (the
 * owner's or a clone's) decrements it; the death that takes it below zero
 * (wrapping to UINT32_MAX) is the last user, which frees the owner's slot.
 */
static void owner_release(struct nfc_packet *o)
{
	if (__atomic_sub_fetch(&o->shared, 1, __ATOMIC_ACQ_REL) == UINT32_MAX)
		header_free(o);
}

void nfc_packet_kill(struct nfc_packet *p)
{
	if (!p)
		return;
	if (__builtin_expect(p->data_owner == p, 1)) {
		if (__builtin_expect(p->shared == 0, 1)) {
			header_free(p);
			return;
		}
		owner_release(p);
		return;
	}
	struct nfc_packet *o = p->data_owner;
	header_free(p);
	owner_release(o);
}

struct nfc_packet *nfc_packet_clone(struct nfc_packet *p)
{
	struct nfc_packet *c = header_alloc();
	if (!c)
		return NULL;
	struct nfc_packet *o = p->data_owner;
	__atomic_add_fetch(&o->shared, 1, __ATOMIC_ACQ_REL);
	o->free_flags |= NFC_PACKET_SLOW_FREE;
	memcpy(c, p, sizeof *c);
	c->release = NULL;
	c->heap_buffer = NULL;
	c->data_owner = o;
	c->shared = 0;
	c->free_flags = NFC_PACKET_SLOW_FREE;
	c->next = NULL;
	return c;
}

void nfc_packet_copy_annotations(struct nfc_packet *to, const struct nfc_packet *from)
{
	to->timestamp_ns = from->timestamp_ns;
	to->packet_type = from->packet_type;
	to->flow = from->flow;
	to->hash = from->hash;
	to->input_port = from->input_port;
	memcpy(to->anno, from->anno, sizeof to->anno);
}

/* Copy @p into a fresh private buffer with at least @extra_head/@extra_tail room. */
static struct nfc_packet *expensive_copy(struct nfc_packet *p, uint32_t extra_head,
					 uint32_t extra_tail)
{
	uint32_t old_head = nfc_packet_headroom(p), old_tail = nfc_packet_tailroom(p);
	uint32_t head = old_head + extra_head, tail = old_tail + extra_tail;
	if (extra_head && head < NFC_PACKET_HEADROOM)
		head = NFC_PACKET_HEADROOM;
	struct nfc_packet *q = nfc_packet_alloc(head, p->length, tail);
	if (!q) {
		nfc_packet_kill(p);
		return NULL;
	}
	/* The whole buffer, as Click copies it: the bytes in front of the data
	 * (a header Strip left there for an Unstrip to bring back) and behind
	 * it stay the packet's. */
	memcpy(q->data - old_head, p->head, (size_t)old_head + p->length + old_tail);
	nfc_packet_copy_annotations(q, p);
	/* header offsets are relative to head: translate through data */
	intptr_t shift = (q->data - q->head) - (p->data - p->head);
	q->mac_offset = p->mac_offset == NFC_OFFSET_UNSET ? NFC_OFFSET_UNSET
							  : p->mac_offset + (int32_t)shift;
	q->network_offset = p->network_offset == NFC_OFFSET_UNSET
				    ? NFC_OFFSET_UNSET : p->network_offset + (int32_t)shift;
	q->transport_offset = p->transport_offset == NFC_OFFSET_UNSET
				      ? NFC_OFFSET_UNSET : p->transport_offset + (int32_t)shift;
	nfc_packet_kill(p);
	return q;
}

struct nfc_packet *nfc_packet_uniqueify_slow(struct nfc_packet *p)
{
	if (!nfc_packet_shared(p))
		return p;
	return expensive_copy(p, 0, 0);
}

struct nfc_packet *nfc_packet_push_slow(struct nfc_packet *p, uint32_t n)
{
	if (nfc_packet_shared(p) || n > nfc_packet_headroom(p)) {
		p = expensive_copy(p, n > nfc_packet_headroom(p) ? n : 0, 0);
		if (!p)
			return NULL;
	}
	p->data -= n;
	p->length += n;
	return p;
}

struct nfc_packet *nfc_packet_put_slow(struct nfc_packet *p, uint32_t n)
{
	if (nfc_packet_shared(p) || n > nfc_packet_tailroom(p)) {
		p = expensive_copy(p, 0, n > nfc_packet_tailroom(p) ? n : 0);
		if (!p)
			return NULL;
	}
	p->length += n;
	return p;
}

void nfc_packet_pools_destroy(void)
{
	pthread_mutex_lock(&pools_lock);
	struct nfc_pool *pool = all_pools;
	all_pools = NULL;
	pthread_mutex_unlock(&pools_lock);
	while (pool) {
		struct nfc_pool *next = pool->next_pool;
		struct nfc_slab *s = pool->slabs;
		while (s) {
			struct nfc_slab *sn = s->next;
#ifdef HAVE_NUMA
			if (s->numa)
				numa_free(s, s->bytes);
			else
#endif
				free(s);
			s = sn;
		}
		free(pool->fs.stack);
		free(pool);
		pool = next;
	}
	nfc_tls_free_ = NULL;
}

__attribute__((destructor)) static void packet_pools_at_exit(void)
{
	nfc_packet_pools_destroy();
}
