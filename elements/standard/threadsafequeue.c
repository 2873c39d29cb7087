/* SPDX-License-Identifier: MIT */
/* ThreadSafeQueue: a lock-free multi-producer queue for handing packets between threads. */

/*
 * =c
 * ThreadSafeQueue
 * ThreadSafeQueue(CAPACITY)
 * =s threads
 * stores packets in a FIFO queue that several threads may push into
 * =d
 * Stores incoming packets in a first-in-first-out queue. Drops incoming
 * packets if the queue already holds CAPACITY packets (default 1000).
 * Dropped packets are emitted on output 1 if output 1 exists; the first
 * drop prints "NAME :: ThreadSafeQueue: overflow" on standard error.
 *
 * Any number of threads may push at the same time, and a thread may pull
 * while they do: pushers reserve ring slots with one atomic compare-and-swap
 * per batch and publish each slot with a release store; the puller takes
 * packets in order as they are published. Pulls from several threads are
 * serialised (a pull that finds another in progress returns nothing).
 *
 * Like Queue, ThreadSafeQueue notifies pullers when it becomes nonempty
 * and pushers when it becomes nonfull, across threads.
 *
 * Keyword arguments are:
 *
 * =item CAPACITY
 * Unsigned integer. Maximum number of packets held. Default is 1000.
 * =h length read-only
 * Returns the current number of packets in the queue.
 * =h highwater_length read-only
 * Returns the maximum number of packets that have ever been in the queue at once.
 * =h capacity read/write
 * Returns or sets the queue's capacity. Write it only while no thread uses
 * the queue.
 * =h drops read-only
 * Returns the number of packets dropped by the queue so far.
 * =h reset_counts write-only
 * Resets the drops counter, and highwater_length to the current length.
 * =h reset write-only
 * Drops all packets in the queue (they leave on output 1 if it exists).
 * =e
 *   src1 :: InfiniteSource -> q :: ThreadSafeQueue(1024);
 *   src2 :: InfiniteSource -> q;
 *   q -> Unqueue(BURST 32) -> Discard;
 * =a Queue, SimpleQueue, Pipeliner
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "squeue.h" /* ring sizing, sleepiness, the overflow message */

/* A ring slot holds the packet for counter position pos once seq == pos + 1. */
struct tsq_slot {
	struct nfc_packet *p;
	uint32_t seq;
};

/*
 * Producers write tail, the consumer writes head: both live on their own
 * cache lines (padding, as the instance is not over-aligned).
 */
struct tsq {
	struct nfc_element e;
	uint32_t capacity;
	uint32_t mask;
	struct tsq_slot *ring;
	struct nfc_notifier empty_note;
	struct nfc_notifier full_note;
	char pad0[64];
	uint32_t tail;
	uint32_t highwater;
	uint64_t drops;
	char pad1[64];
	uint32_t head;
	int sleepiness;
	int pulling;
	char pad2[64];
};

static const struct nfc_arg_spec tsq_args[] = {
	{ .keyword = "CAPACITY", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct tsq, capacity), .doc = "maximum queue length" },
	NFC_ARGS_END
};

static struct tsq_slot *tsq_alloc_ring(uint32_t capacity, uint32_t first_pos, uint32_t *mask)
{
	if (capacity > NFC_QUEUE_MAX_RING)
		return NULL;
	uint32_t n = nfc_queue_ring_slots(capacity);
	struct tsq_slot *r = malloc(n * sizeof *r);
	if (!r)
		return NULL;
	/* mark every slot unpublished for the positions it will hold next */
	for (uint32_t i = 0; i < n; i++)
		r[i].seq = first_pos + i; /* != pos + 1 for pos = first_pos + i */
	*mask = n - 1;
	return r;
}

static int tsq_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct tsq *q = (struct tsq *)e;
	q->capacity = 1000;
	if (nfc_args_parse(e, conf, tsq_args, errh, NULL) < 0)
		return -1;
	nfc_notifier_init(&q->empty_note, true, NFC_SEARCH_STOP);
	nfc_notifier_init(&q->full_note, true, NFC_SEARCH_STOP);
	q->head = q->tail = 0;
	if (nfc_queue_check_capacity(q->capacity, errh) < 0)
		return -1;
	if (!(q->ring = tsq_alloc_ring(q->capacity, 0, &q->mask)))
		return nfc_error(errh, "out of memory");
	return 0;
}

static uint32_t tsq_size(const struct tsq *q)
{
	return __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&q->head, __ATOMIC_ACQUIRE);
}

static void tsq_drop(struct tsq *q, struct nfc_batch *b)
{
	if (__atomic_fetch_add(&q->drops, b->count, __ATOMIC_RELAXED) == 0 && q->capacity > 0)
		nfc_queue_report_overflow(&q->e);
	nfc_checked_push1(&q->e, b);
}

static void tsq_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct tsq *q = (struct tsq *)e;
	uint32_t t = __atomic_load_n(&q->tail, __ATOMIC_RELAXED), h, k;
	do {
		h = __atomic_load_n(&q->head, __ATOMIC_ACQUIRE);
		uint32_t used = t - h;
		uint32_t room = q->capacity > used ? q->capacity - used : 0;
		k = b->count < room ? b->count : room;
		if (k == 0)
			break;
	} while (!__atomic_compare_exchange_n(&q->tail, &t, t + k, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));

	for (uint32_t i = 0; i < k; i++) {
		struct tsq_slot *s = &q->ring[(t + i) & q->mask];
		s->p = b->pkts[i];
		__atomic_store_n(&s->seq, t + i + 1, __ATOMIC_RELEASE);
	}

	if (k) {
		uint32_t size = t + k - h;
		uint32_t hw = __atomic_load_n(&q->highwater, __ATOMIC_RELAXED);
		while (size > hw && !__atomic_compare_exchange_n(&q->highwater, &hw, size, true,
								 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			;
		if (!__atomic_load_n(&q->empty_note.active, __ATOMIC_ACQUIRE))
			nfc_notifier_wake(&q->empty_note);
		if (size >= q->capacity) {
			nfc_notifier_sleep(&q->full_note);
			/* the puller may have made room meanwhile */
			if (tsq_size(q) < q->capacity)
				nfc_notifier_wake(&q->full_note);
		}
	}
	if (k < b->count) {
		memmove(b->pkts, b->pkts + k, (b->count - k) * sizeof *b->pkts);
		b->count -= k;
		tsq_drop(q, b);
	}
}

static unsigned tsq_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct tsq *q = (struct tsq *)e;
	if (max == 0 || __atomic_exchange_n(&q->pulling, 1, __ATOMIC_ACQUIRE))
		return 0; /* another thread is pulling */

	uint32_t h = q->head, n = 0;
	while (n < max) {
		struct tsq_slot *s = &q->ring[(h + n) & q->mask];
		if (__atomic_load_n(&s->seq, __ATOMIC_ACQUIRE) != h + n + 1)
			break;
		out->pkts[out->count + n] = s->p;
		n++;
	}
	out->count += n;
	if (n) {
		__atomic_store_n(&q->head, h + n, __ATOMIC_RELEASE);
		q->sleepiness = 0;
	} else if (q->sleepiness >= SQ_SLEEPINESS_TRIGGER) {
		nfc_notifier_sleep(&q->empty_note);
		/* a pusher may have reserved a slot since we looked */
		if (__atomic_load_n(&q->tail, __ATOMIC_ACQUIRE) != h)
			nfc_notifier_wake(&q->empty_note);
	} else
		q->sleepiness++;
	__atomic_store_n(&q->pulling, 0, __ATOMIC_RELEASE);

	if (n && !__atomic_load_n(&q->full_note.active, __ATOMIC_ACQUIRE))
		nfc_notifier_wake(&q->full_note);
	return n;
}

static void *tsq_cast(struct nfc_element *e, const char *iface)
{
	struct tsq *q = (struct tsq *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &q->empty_note;
	if (strcmp(iface, NFC_IFACE_FULL_NOTIFIER) == 0)
		return &q->full_note;
	return NULL;
}

/* Drain the queue: packets leave on output 1 when @emit and it exists, else die. */
static void tsq_drain(struct tsq *q, bool emit)
{
	struct nfc_batch b;
	do {
		nfc_batch_init(&b);
		tsq_pull(&q->e, 0, &b, NFC_BATCH_MAX);
		if (emit && q->e.noutputs > 1)
			nfc_push(&q->e, 1, &b);
		else
			nfc_batch_kill(&b);
	} while (b.count || q->head != q->tail);
}

static void tsq_cleanup(struct nfc_element *e)
{
	struct tsq *q = (struct tsq *)e;
	if (!q->ring)
		return;
	/* no thread runs now: every reserved slot was published */
	for (uint32_t i = q->head; i != q->tail; i++)
		nfc_packet_kill(q->ring[i & q->mask].p);
	free(q->ring);
	q->ring = NULL;
}

/* ---- handlers ---- */

enum { H_LENGTH, H_HIGHWATER, H_CAPACITY, H_DROPS };

static int tsq_read(struct nfc_element *e, void *thunk, const char *param,
		    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct tsq *q = (struct tsq *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_LENGTH:
		nfc_strbuf_printf(out, "%u", tsq_size(q));
		break;
	case H_HIGHWATER:
		nfc_strbuf_printf(out, "%u", __atomic_load_n(&q->highwater, __ATOMIC_RELAXED));
		break;
	case H_CAPACITY:
		nfc_strbuf_printf(out, "%u", q->capacity);
		break;
	case H_DROPS:
		nfc_strbuf_printf(out, "%llu",
				  (unsigned long long)__atomic_load_n(&q->drops, __ATOMIC_RELAXED));
		break;
	}
	return 0;
}

static int tsq_write_capacity(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct tsq *q = (struct tsq *)e;
	uint32_t capacity, mask;
	if (nfc_args_parse_value(e, NFC_ARG_UINT32, value, &capacity, errh, "CAPACITY") < 0)
		return -1;
	if (capacity == q->capacity)
		return 0;
	if (nfc_queue_check_capacity(capacity, errh) < 0)
		return -1;
	struct tsq_slot *ring = tsq_alloc_ring(capacity, 0, &mask);
	if (!ring)
		return nfc_error(errh, "out of memory");

	/* keep the oldest packets that fit, drop the rest */
	uint32_t size = q->tail - q->head, keep = size < capacity ? size : capacity;
	struct nfc_batch lost;
	nfc_batch_init(&lost);
	for (uint32_t i = 0; i < size; i++) {
		struct nfc_packet *p = q->ring[(q->head + i) & q->mask].p;
		if (i < keep) {
			ring[i].p = p;
			ring[i].seq = i + 1;
		} else {
			if (lost.count == NFC_BATCH_MAX)
				tsq_drop(q, &lost);
			nfc_batch_add(&lost, p);
		}
	}
	free(q->ring);
	q->ring = ring;
	q->mask = mask;
	q->head = 0;
	q->tail = keep;
	q->capacity = capacity;
	if (lost.count)
		tsq_drop(q, &lost);
	if (keep < capacity)
		nfc_notifier_wake(&q->full_note);
	return 0;
}

static int tsq_write_reset_counts(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	struct tsq *q = (struct tsq *)e;
	__atomic_store_n(&q->drops, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&q->highwater, tsq_size(q), __ATOMIC_RELAXED);
	return 0;
}

static int tsq_write_reset(struct nfc_element *e, void *thunk, const char *value,
			   struct nfc_errh *errh)
{
	tsq_drain((struct tsq *)e, true);
	return 0;
}

static int tsq_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", tsq_read, (void *)H_LENGTH, 0);
	nfc_add_read_handler(e, "highwater_length", tsq_read, (void *)H_HIGHWATER, 0);
	nfc_add_read_handler(e, "capacity", tsq_read, (void *)H_CAPACITY, 0);
	nfc_add_read_handler(e, "drops", tsq_read, (void *)H_DROPS, 0);
	nfc_add_write_handler(e, "capacity", tsq_write_capacity, NULL, 0);
	nfc_add_write_handler(e, "reset_counts", tsq_write_reset_counts, NULL,
			      NFC_HANDLER_BUTTON);
	nfc_add_write_handler(e, "reset", tsq_write_reset, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class thread_safe_queue_class = {
	.name = "ThreadSafeQueue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct tsq),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = tsq_configure,
	.cleanup = tsq_cleanup,
	.add_handlers = tsq_add_handlers,
	.cast = tsq_cast,
	.push = tsq_push,
	.pull = tsq_pull,
};
NFC_REGISTER_ELEMENT(thread_safe_queue_class);
