/* SPDX-License-Identifier: MIT */
/* Pipeliner: hands pushed packets to another thread through per-producer lock-free rings. */

/*
 * =c
 * Pipeliner([CAPACITY, BURST, BLOCKING, KEYWORDS])
 * =s threads
 * passes packets from the pushing threads to its own thread
 * =d
 * Packets pushed into Pipeliner by one or several threads are stored in one
 * single-producer/single-consumer ring per pushing thread; Pipeliner's task,
 * which runs on the element's home thread (see StaticThreadSched), empties
 * the rings and pushes the packets out of its output. A push made by the
 * home thread itself goes straight through to the output.
 *
 * The task sleeps when every ring stays empty, and the pushing threads wake
 * it up when they store packets while it sleeps.
 *
 * Keyword arguments are:
 *
 * =item CAPACITY
 * Unsigned integer. Maximum number of packets held per pushing thread.
 * Default is 1024.
 * =item BURST
 * Integer. Maximum number of packets pushed out per task run; 0 or negative
 * means as many as are stored. Default is 32.
 * =item BLOCKING
 * Boolean. If true, a pushing thread waits for room when its ring is full
 * instead of dropping packets (it still drops when the router stops).
 * Default is false.
 * =item ALWAYS_UP
 * Boolean. If true, the task never sleeps, even when the rings stay empty.
 * Default is false.
 * =item ACTIVE
 * Boolean. If false, the task does not run. Default is true.
 * =h count read-only
 * Returns the number of packets stored into the rings.
 * =h dropped read-only
 * Returns the number of packets dropped because a ring was full.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h reset write-only
 * Resets count and dropped to 0.
 * =e
 *   StaticThreadSched(src 0, p 1);
 *   src :: InfiniteSource -> p :: Pipeliner(BLOCKING true) -> Counter -> Discard;
 * =a ThreadSafeQueue, StaticThreadSched
 */
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

#define PIPE_CACHELINE 64
/* Empty runs before the task sleeps: short gaps between bursts stay cheap. */
#define PIPE_SLEEPINESS_TRIGGER 8
#define PIPE_MAX_CAPACITY (1u << 30)

/*
 * One producer thread's ring. The producer writes tail and its statistics,
 * the consumer writes head: each on its own cache line.
 */
struct pipe_ring {
	_Alignas(PIPE_CACHELINE) _Atomic uint32_t tail;
	_Atomic uint64_t count;
	_Atomic uint64_t dropped;
	_Alignas(PIPE_CACHELINE) _Atomic uint32_t head;
	_Alignas(PIPE_CACHELINE) struct nfc_packet **slots;
};

struct pipeliner {
	struct nfc_element e;
	uint32_t capacity;
	int32_t burst;
	bool blocking;
	bool always_up;
	bool active;
	uint32_t mask;
	int nrings;
	struct pipe_ring *rings;
	/* the consumer's round-robin start, so no ring starves the others */
	int next_ring;
	int sleepiness;
	/* set by the consumer before it sleeps; whoever clears it reschedules */
	_Atomic int asleep;
	struct nfc_task task;
};

static const struct nfc_arg_spec pipe_args[] = {
	{ .keyword = "CAPACITY", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct pipeliner, capacity), .doc = "packets held per pushing thread" },
	{ .keyword = "BURST", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct pipeliner, burst), .doc = "packets pushed per task run" },
	{ .keyword = "BLOCKING", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct pipeliner, blocking), .doc = "wait for room instead of dropping" },
	{ .keyword = "ALWAYS_UP", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct pipeliner, always_up), .doc = "never let the task sleep" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct pipeliner, active),
	  .doc = "run the task" },
	NFC_ARGS_END
};

static int pipe_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct pipeliner *p = (struct pipeliner *)e;
	p->capacity = 1024;
	p->burst = 32;
	p->active = true;
	if (nfc_args_parse(e, conf, pipe_args, errh, NULL) < 0)
		return -1;
	if (p->capacity == 0)
		return nfc_error(errh, "CAPACITY must be at least 1");
	if (p->capacity > PIPE_MAX_CAPACITY)
		return nfc_error(errh, "CAPACITY too large (at most %u)", PIPE_MAX_CAPACITY);
	if (p->burst <= 0)
		p->burst = INT32_MAX;
	return 0;
}

static bool pipe_ring_empty(struct pipe_ring *r)
{
	return atomic_load_explicit(&r->tail, memory_order_seq_cst) ==
	       atomic_load_explicit(&r->head, memory_order_relaxed);
}

/* Consumer side: true if some ring holds packets (after our sleep flag is visible). */
static bool pipe_any_stored(struct pipeliner *p)
{
	for (int i = 0; i < p->nrings; i++)
		if (!pipe_ring_empty(&p->rings[i]))
			return true;
	return false;
}

/* Producer side, after publishing packets: wake the task if it sleeps. */
static void pipe_wake(struct pipeliner *p)
{
	/* seq_cst pairs with the consumer's flag store then ring check (Dekker):
	 * either it sees our packets or we see its flag */
	if (atomic_load_explicit(&p->asleep, memory_order_seq_cst) &&
	    atomic_exchange_explicit(&p->asleep, 0, memory_order_seq_cst))
		nfc_task_schedule(&p->task);
}

static void pipe_drop(struct pipeliner *p, struct pipe_ring *r, struct nfc_packet **pkts,
		      unsigned n)
{
	atomic_fetch_add_explicit(&r->dropped, n, memory_order_relaxed);
	for (unsigned i = 0; i < n; i++)
		nfc_element_drop(&p->e, pkts[i]);
}

static void pipe_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct pipeliner *p = (struct pipeliner *)e;
	int tid = nfc_thread_id();
	if (tid == p->task.thread_id || !p->rings) {
		nfc_push(e, 0, b); /* already on the consumer's thread */
		return;
	}
	struct pipe_ring *r = &p->rings[tid < p->nrings ? tid : 0];
	unsigned done = 0;
	while (done < b->count) {
		uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
		uint32_t h = atomic_load_explicit(&r->head, memory_order_acquire);
		uint32_t room = p->capacity - (t - h);
		uint32_t k = b->count - done < room ? b->count - done : room;
		for (uint32_t i = 0; i < k; i++)
			r->slots[(t + i) & p->mask] = b->pkts[done + i];
		if (k) {
			atomic_store_explicit(&r->tail, t + k, memory_order_seq_cst);
			atomic_fetch_add_explicit(&r->count, k, memory_order_relaxed);
			done += k;
			pipe_wake(p);
			continue;
		}
		/* full: wait for the consumer unless dropping, or the router is going away */
		if (!p->blocking || nfc_router_stopping(e->router)) {
			pipe_drop(p, r, b->pkts + done, b->count - done);
			break;
		}
		sched_yield();
	}
	b->count = 0;
}

static bool pipe_run(struct nfc_task *t, void *arg)
{
	struct pipeliner *p = arg;
	if (!p->active)
		return false;
	uint32_t left = (uint32_t)p->burst;
	struct nfc_batch b;
	nfc_batch_init(&b);
	for (int j = 0; j < p->nrings && left; j++) {
		struct pipe_ring *r = &p->rings[(p->next_ring + j) % p->nrings];
		uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
		uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
		while (h != tail && left) {
			uint32_t n = tail - h;
			uint32_t room = NFC_BATCH_MAX - b.count;
			if (n > room)
				n = room;
			if (n > left)
				n = left;
			for (uint32_t i = 0; i < n; i++)
				nfc_batch_add(&b, r->slots[(h + i) & p->mask]);
			h += n;
			left -= n;
			/* give the slots back before pushing, so producers can go on */
			atomic_store_explicit(&r->head, h, memory_order_release);
			if (b.count == NFC_BATCH_MAX) {
				nfc_push(&p->e, 0, &b);
				nfc_batch_init(&b);
			}
		}
	}
	p->next_ring = p->nrings ? (p->next_ring + 1) % p->nrings : 0;
	bool worked = left != (uint32_t)p->burst;
	if (b.count)
		nfc_push(&p->e, 0, &b);

	if (worked || p->always_up) {
		p->sleepiness = 0;
		nfc_task_fast_reschedule(t);
	} else if (++p->sleepiness < PIPE_SLEEPINESS_TRIGGER) {
		nfc_task_fast_reschedule(t);
	} else {
		p->sleepiness = 0;
		atomic_store_explicit(&p->asleep, 1, memory_order_seq_cst);
		/* a producer may have stored packets before it could see the flag */
		if (pipe_any_stored(p) && atomic_exchange_explicit(&p->asleep, 0, memory_order_seq_cst))
			nfc_task_fast_reschedule(t);
	}
	return worked;
}

static int pipe_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct pipeliner *p = (struct pipeliner *)e;
	uint32_t n = 1;
	while (n < p->capacity)
		n <<= 1;
	p->mask = n - 1;
	p->nrings = nfc_router_nthreads(e->router);
	if (p->nrings < 1)
		p->nrings = 1;
	p->rings = aligned_alloc(PIPE_CACHELINE, p->nrings * sizeof *p->rings);
	if (!p->rings)
		return nfc_error(errh, "out of memory");
	memset(p->rings, 0, p->nrings * sizeof *p->rings);
	for (int i = 0; i < p->nrings; i++)
		if (!(p->rings[i].slots = malloc(n * sizeof *p->rings[i].slots)))
			return nfc_error(errh, "out of memory");
	atomic_init(&p->asleep, 0);
	nfc_task_init(&p->task, e, pipe_run, p);
	if (p->active)
		nfc_task_schedule(&p->task);
	return 0;
}

static void pipe_cleanup(struct nfc_element *e)
{
	struct pipeliner *p = (struct pipeliner *)e;
	if (p->task.initialized)
		nfc_task_cleanup(&p->task);
	if (!p->rings)
		return;
	/* no thread runs now: kill what was never pushed out */
	for (int i = 0; i < p->nrings; i++) {
		struct pipe_ring *r = &p->rings[i];
		if (!r->slots)
			continue;
		for (uint32_t h = r->head; h != r->tail; h++)
			nfc_packet_kill(r->slots[h & p->mask]);
		free(r->slots);
	}
	free(p->rings);
	p->rings = NULL;
}

/* ---- handlers ---- */

enum { H_COUNT, H_DROPPED, H_ACTIVE, H_RESET };

static uint64_t pipe_sum(struct pipeliner *p, bool dropped)
{
	uint64_t sum = 0;
	for (int i = 0; p->rings && i < p->nrings; i++)
		sum += atomic_load_explicit(dropped ? &p->rings[i].dropped : &p->rings[i].count,
					    memory_order_relaxed);
	return sum;
}

static int pipe_read(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct pipeliner *p = (struct pipeliner *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_COUNT:
	case H_DROPPED:
		nfc_strbuf_printf(out, "%llu",
				  (unsigned long long)pipe_sum(p, (uintptr_t)thunk == H_DROPPED));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, p->active ? "true" : "false");
		break;
	}
	return 0;
}

static int pipe_write(struct nfc_element *e, void *thunk, const char *value,
		      struct nfc_errh *errh)
{
	struct pipeliner *p = (struct pipeliner *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_ACTIVE:
		if (nfc_parse_bool(value, &p->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		if (p->active && p->task.initialized) {
			atomic_store_explicit(&p->asleep, 0, memory_order_seq_cst);
			nfc_task_schedule(&p->task);
		}
		break;
	case H_RESET:
		for (int i = 0; p->rings && i < p->nrings; i++) {
			atomic_store_explicit(&p->rings[i].count, 0, memory_order_relaxed);
			atomic_store_explicit(&p->rings[i].dropped, 0, memory_order_relaxed);
		}
		break;
	}
	return 0;
}

static int pipe_add_handlers(struct nfc_element *e)
{
	struct pipeliner *p = (struct pipeliner *)e;
	nfc_add_read_handler(e, "count", pipe_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "dropped", pipe_read, (void *)H_DROPPED, 0);
	nfc_add_read_handler(e, "active", pipe_read, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", pipe_write, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "reset", pipe_write, (void *)H_RESET, NFC_HANDLER_BUTTON);
	nfc_add_task_handlers(e, &p->task);
	return 0;
}

static const struct nfc_element_class pipeliner_class = {
	.name = "Pipeliner",
	.port_count = "1/1",
	.processing = "h/h",
	.size = sizeof(struct pipeliner),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_THREAD_BOUNDARY,
	.configure = pipe_configure,
	.initialize = pipe_initialize,
	.cleanup = pipe_cleanup,
	.add_handlers = pipe_add_handlers,
	.push = pipe_push,
};
NFC_REGISTER_ELEMENT(pipeliner_class);
