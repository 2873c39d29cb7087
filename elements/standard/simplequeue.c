/* SPDX-License-Identifier: MIT */
/* SimpleQueue: a FIFO packet ring; also the core the other queue classes share. */

/*
 * =c
 * SimpleQueue
 * SimpleQueue(CAPACITY)
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * Stores incoming packets in a first-in-first-out queue. Drops incoming
 * packets if the queue already holds CAPACITY packets. The default for
 * CAPACITY is 1000. Dropped packets are emitted on output 1 if output 1
 * exists; the first drop prints "NAME :: CLASS: overflow" on standard error.
 *
 * A pushed batch is enqueued as far as it fits; the rest is dropped. A pull
 * returns up to as many packets as the puller asks for, in order.
 *
 * SimpleQueue supports one pushing thread and one pulling thread at the
 * same time (they may differ). See ThreadSafeQueue for several pushers.
 * SimpleQueue does not notify: pullers behind it poll. Queue and
 * NotifierQueue tell interested parties when they become nonempty or nonfull.
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
 * Returns or sets the queue's capacity. Shrinking keeps the oldest packets.
 * =h drops read-only
 * Returns the number of packets dropped by the queue so far.
 * =h reset_counts write-only
 * Resets the drops counter, and highwater_length to the current length.
 * =h reset write-only
 * Drops all packets in the queue (they leave on output 1 if it exists).
 * =e
 *   FromDevice(eth0) -> q :: SimpleQueue(100) -> ToDevice(eth1);
 * =a Queue, NotifierQueue, MixedQueue, FrontDropQueue, ThreadSafeQueue
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "squeue.h"

static const struct nfc_arg_spec squeue_args[] = {
	{ .keyword = "CAPACITY", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct squeue, capacity), .doc = "maximum queue length" },
	NFC_ARGS_END
};

/* ---- shared with ThreadSafeQueue (declared in squeue.h) ---- */

int nfc_queue_check_capacity(uint32_t capacity, struct nfc_errh *errh)
{
	if (capacity > NFC_QUEUE_MAX_RING)
		return nfc_error(errh, "CAPACITY too large (at most %u)", NFC_QUEUE_MAX_RING);
	return 0;
}

uint32_t nfc_queue_ring_slots(uint32_t capacity)
{
	uint32_t n = 1;
	while (n < capacity)
		n <<= 1;
	return n;
}

void nfc_queue_report_overflow(struct nfc_element *e)
{
	char decl[256];
	nfc_message(nfc_router_errh(e->router), "%s: overflow",
		    nfc_element_declaration(e, decl, sizeof decl));
}

/* ---- the ring ---- */

static int squeue_alloc_ring(uint32_t capacity, struct nfc_packet ***ring, uint32_t *mask)
{
	if (capacity > NFC_QUEUE_MAX_RING)
		return -1;
	uint32_t n = nfc_queue_ring_slots(capacity);
	struct nfc_packet **r = malloc(n * sizeof *r);
	if (!r)
		return -1;
	*ring = r;
	*mask = n - 1;
	return 0;
}

int nfc_squeue_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct squeue *q = (struct squeue *)e;
	q->capacity = 1000;
	if (nfc_args_parse(e, conf, squeue_args, errh, NULL) < 0)
		return -1;
	/* Configure, not initialize: other elements' initialize looks for
	 * these notifiers. Both start active, as new signals do in Click:
	 * pullers try a few times before the empty one goes to sleep. */
	nfc_notifier_init(&q->empty_note, true, NFC_SEARCH_STOP);
	nfc_notifier_init(&q->full_note, true, NFC_SEARCH_STOP);
	if (nfc_queue_check_capacity(q->capacity, errh) < 0)
		return -1;
	if (squeue_alloc_ring(q->capacity, &q->ring, &q->mask) < 0)
		return nfc_error(errh, "out of memory");
	q->head = q->tail = 0;
	return 0;
}

int nfc_squeue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	return 0;
}

void nfc_squeue_cleanup(struct nfc_element *e)
{
	struct squeue *q = (struct squeue *)e;
	if (!q->ring)
		return;
	for (uint32_t i = q->head; i != q->tail; i++)
		nfc_packet_kill(q->ring[i & q->mask]);
	free(q->ring);
	q->ring = NULL;
	q->head = q->tail = 0;
}

void *nfc_squeue_cast(struct nfc_element *e, const char *iface)
{
	struct squeue *q = (struct squeue *)e;
	if ((q->kind & SQ_EMPTY_NOTE) && strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &q->empty_note;
	if ((q->kind & SQ_FULL_NOTE) && strcmp(iface, NFC_IFACE_FULL_NOTIFIER) == 0)
		return &q->full_note;
	return NULL;
}

/* ---- drops ---- */

void nfc_squeue_note_drops(struct squeue *q, unsigned n)
{
	if (q->drops == 0 && q->capacity > 0)
		nfc_queue_report_overflow(&q->e);
	q->drops += n;
}

/* ---- notification after the size changed ---- */

static inline void squeue_pushed(struct squeue *q, uint32_t size)
{
	if (size > q->highwater)
		q->highwater = size;
	if ((q->kind & SQ_EMPTY_NOTE) && !__atomic_load_n(&q->empty_note.active, __ATOMIC_RELAXED))
		nfc_notifier_wake(&q->empty_note);
	if ((q->kind & SQ_FULL_NOTE) && size >= q->capacity) {
		nfc_notifier_sleep(&q->full_note);
		/* the puller may have made room since we looked: undo our sleep
		 * rather than leave the pushers asleep forever */
		if (squeue_size(q) < q->capacity)
			nfc_notifier_wake(&q->full_note);
	}
}

/* ---- push ---- */

/* Copy n packets into the ring from counter position @pos on. */
static inline void ring_store(struct squeue *q, uint32_t pos, struct nfc_packet **src, uint32_t n)
{
	uint32_t i = pos & q->mask, first = q->mask + 1 - i;
	if (n <= first)
		memcpy(&q->ring[i], src, n * sizeof *src);
	else {
		memcpy(&q->ring[i], src, first * sizeof *src);
		memcpy(&q->ring[0], src + first, (n - first) * sizeof *src);
	}
}

static void squeue_push_fifo(struct squeue *q, struct nfc_batch *b)
{
	uint32_t h = __atomic_load_n(&q->head, __ATOMIC_ACQUIRE);
	uint32_t t = q->tail;
	uint32_t room = q->capacity - (t - h);
	uint32_t n = b->count < room ? b->count : room;
	if (n) {
		ring_store(q, t, b->pkts, n);
		__atomic_store_n(&q->tail, t + n, __ATOMIC_RELEASE);
		squeue_pushed(q, t + n - h);
	}
	if (n < b->count) {
		unsigned ndrop = b->count - n;
		memmove(b->pkts, b->pkts + n, ndrop * sizeof *b->pkts);
		b->count = ndrop;
		nfc_squeue_note_drops(q, ndrop);
		nfc_checked_push1(&q->e, b);
	}
}

/* Full queue: the head packet makes room (FrontDropQueue). Dropped packets
 * are collected at the front of @b, behind the read position. */
static void squeue_push_front_drop(struct squeue *q, struct nfc_batch *b)
{
	unsigned ndrop = 0, count = b->count;
	uint32_t size = 0;
	for (unsigned i = 0; i < count; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint32_t h = q->head, t = q->tail;
		if (q->capacity == 0) {
			b->pkts[ndrop++] = p;
			continue;
		}
		if (t - h == q->capacity) {
			b->pkts[ndrop++] = q->ring[h & q->mask];
			__atomic_store_n(&q->head, h + 1, __ATOMIC_RELEASE);
		}
		q->ring[t & q->mask] = p;
		__atomic_store_n(&q->tail, t + 1, __ATOMIC_RELEASE);
		size = t + 1 - q->head;
	}
	if (size)
		squeue_pushed(q, size);
	if (ndrop) {
		b->count = ndrop;
		nfc_squeue_note_drops(q, ndrop);
		nfc_checked_push1(&q->e, b);
	}
}

/* MixedQueue's input 1: insert at the head; when full, the packet at the
 * tail (the one that would leave last) is dropped to make room. */
static void squeue_push_lifo(struct squeue *q, struct nfc_batch *b)
{
	unsigned ndrop = 0, count = b->count;
	uint32_t size = 0;
	for (unsigned i = 0; i < count; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint32_t h = q->head, t = q->tail;
		if (q->capacity == 0) {
			b->pkts[ndrop++] = p;
			continue;
		}
		if (t - h == q->capacity) {
			t--;
			b->pkts[ndrop++] = q->ring[t & q->mask];
			__atomic_store_n(&q->tail, t, __ATOMIC_RELEASE);
		}
		h--;
		q->ring[h & q->mask] = p;
		__atomic_store_n(&q->head, h, __ATOMIC_RELEASE);
		size = t - h;
	}
	if (size)
		squeue_pushed(q, size);
	if (ndrop) {
		b->count = ndrop;
		nfc_squeue_note_drops(q, ndrop);
		nfc_checked_push1(&q->e, b);
	}
}

void nfc_squeue_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct squeue *q = (struct squeue *)e;
	if (q->kind & SQ_FRONT_DROP)
		squeue_push_front_drop(q, b);
	else if (port == 1 && (q->kind & SQ_LIFO_INPUT1))
		squeue_push_lifo(q, b);
	else
		squeue_push_fifo(q, b);
}

/* ---- pull ---- */

unsigned nfc_squeue_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct squeue *q = (struct squeue *)e;
	if (max == 0)
		return 0;
	uint32_t h = q->head;
	uint32_t t = __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE);
	uint32_t n = t - h < max ? t - h : max;

	if (n == 0) {
		if (q->kind & SQ_EMPTY_NOTE) {
			if (q->sleepiness >= SQ_SLEEPINESS_TRIGGER) {
				nfc_notifier_sleep(&q->empty_note);
				/* a packet may have arrived since we looked */
				if (__atomic_load_n(&q->tail, __ATOMIC_ACQUIRE) != h)
					nfc_notifier_wake(&q->empty_note);
			} else
				q->sleepiness++;
		}
		return 0;
	}

	uint32_t i = h & q->mask, first = q->mask + 1 - i;
	struct nfc_packet **dst = out->pkts + out->count;
	if (n <= first)
		memcpy(dst, &q->ring[i], n * sizeof *dst);
	else {
		memcpy(dst, &q->ring[i], first * sizeof *dst);
		memcpy(dst + first, &q->ring[0], (n - first) * sizeof *dst);
	}
	out->count += n;
	__atomic_store_n(&q->head, h + n, __ATOMIC_RELEASE);

	q->sleepiness = 0;
	if ((q->kind & SQ_FULL_NOTE) && !__atomic_load_n(&q->full_note.active, __ATOMIC_RELAXED))
		nfc_notifier_wake(&q->full_note);
	return n;
}

/* ---- capacity changes and hot swap ---- */

/* Move the packets into a ring for @capacity. Plain queues keep the oldest
 * packets, FrontDropQueue the newest (it drops from the front). */
static int squeue_set_capacity(struct squeue *q, uint32_t capacity, struct nfc_errh *errh)
{
	struct nfc_packet **ring;
	uint32_t mask;
	if (capacity == q->capacity)
		return 0;
	if (nfc_queue_check_capacity(capacity, errh) < 0)
		return -1;
	if (squeue_alloc_ring(capacity, &ring, &mask) < 0)
		return nfc_error(errh, "out of memory");

	uint32_t size = q->tail - q->head, keep = size < capacity ? size : capacity;
	uint32_t from = (q->kind & SQ_FRONT_DROP) ? q->tail - keep : q->head;
	struct nfc_batch lost;
	nfc_batch_init(&lost);
	for (uint32_t i = q->head; i != q->tail; i++) {
		struct nfc_packet *p = q->ring[i & q->mask];
		if (i - from < keep)
			ring[i - from] = p;
		else {
			if (lost.count == NFC_BATCH_MAX)
				nfc_checked_push1(&q->e, &lost);
			nfc_batch_add(&lost, p);
		}
	}
	free(q->ring);
	q->ring = ring;
	q->mask = mask;
	q->head = 0;
	q->tail = keep;
	q->capacity = capacity;
	nfc_checked_push1(&q->e, &lost);
	if ((q->kind & SQ_FULL_NOTE) && keep < capacity)
		nfc_notifier_wake(&q->full_note);
	return 0;
}

void nfc_squeue_take_state(struct nfc_element *e, struct nfc_element *old,
			   struct nfc_errh *errh)
{
	struct squeue *q = (struct squeue *)e, *o = (struct squeue *)old;
	if (old->cls->push != nfc_squeue_push || !o->ring)
		return;
	if (q->tail != q->head)
		return (void)nfc_error(errh, "already have packets enqueued, can't take state");

	uint32_t size = o->tail - o->head;
	uint32_t n = size < q->capacity ? size : q->capacity;
	for (uint32_t i = 0; i < n; i++)
		q->ring[i] = o->ring[(o->head + i) & o->mask];
	q->head = 0;
	q->tail = n;
	q->highwater = n;
	if (n < size) {
		nfc_warning(errh, "some packets lost (old length %u, new capacity %u)", size,
			    q->capacity);
		for (uint32_t i = o->head + n; i != o->tail; i++)
			nfc_packet_kill(o->ring[i & o->mask]);
	}
	o->head = o->tail = 0;
	if (n) {
		if (q->kind & SQ_EMPTY_NOTE)
			nfc_notifier_wake(&q->empty_note);
		if ((q->kind & SQ_FULL_NOTE) && n >= q->capacity)
			nfc_notifier_sleep(&q->full_note);
	}
}

/* ---- handlers ---- */

enum { H_LENGTH, H_HIGHWATER, H_CAPACITY, H_DROPS };

static int squeue_read(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct squeue *q = (struct squeue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_LENGTH:
		nfc_strbuf_printf(out, "%u", squeue_size(q));
		break;
	case H_HIGHWATER:
		nfc_strbuf_printf(out, "%u", q->highwater);
		break;
	case H_CAPACITY:
		nfc_strbuf_printf(out, "%u", q->capacity);
		break;
	case H_DROPS:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)q->drops);
		break;
	}
	return 0;
}

static int squeue_write_capacity(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	uint32_t capacity;
	if (nfc_args_parse_value(e, NFC_ARG_UINT32, value, &capacity, errh, "CAPACITY") < 0)
		return -1;
	return squeue_set_capacity((struct squeue *)e, capacity, errh);
}

static int squeue_write_reset_counts(struct nfc_element *e, void *thunk, const char *value,
				     struct nfc_errh *errh)
{
	struct squeue *q = (struct squeue *)e;
	q->drops = 0;
	q->highwater = squeue_size(q);
	return 0;
}

static int squeue_write_reset(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct squeue *q = (struct squeue *)e;
	struct nfc_batch b;
	do {
		nfc_batch_init(&b);
		nfc_squeue_pull(e, 0, &b, NFC_BATCH_MAX);
		nfc_checked_push1(&q->e, &b);
	} while (q->head != q->tail);
	return 0;
}

int nfc_squeue_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "length", squeue_read, (void *)H_LENGTH, 0);
	nfc_add_read_handler(e, "highwater_length", squeue_read, (void *)H_HIGHWATER, 0);
	nfc_add_read_handler(e, "capacity", squeue_read, (void *)H_CAPACITY, 0);
	nfc_add_read_handler(e, "drops", squeue_read, (void *)H_DROPS, 0);
	nfc_add_write_handler(e, "capacity", squeue_write_capacity, NULL, 0);
	nfc_add_write_handler(e, "reset_counts", squeue_write_reset_counts, NULL,
			      NFC_HANDLER_BUTTON);
	nfc_add_write_handler(e, "reset", squeue_write_reset, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

/* ---- SimpleQueue ---- */

static int simple_queue_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	squeue_set_kind(e, 0);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class simple_queue_class = {
	.name = "SimpleQueue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = simple_queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(simple_queue_class);
