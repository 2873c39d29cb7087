/* SPDX-License-Identifier: MIT */
/* The packet ring shared by SimpleQueue, NotifierQueue, Queue, FrontDropQueue and MixedQueue. */
#ifndef NFCLICK_ELEMENTS_SQUEUE_H
#define NFCLICK_ELEMENTS_SQUEUE_H

#include <nfclick/nfclick.h>
#include "batch_filter.h"

/* What a queue class adds to the plain FIFO (Click's class hierarchy
 * SimpleQueue -> NotifierQueue -> FullNoteQueue, FrontDropQueue, MixedQueue). */
enum {
	SQ_EMPTY_NOTE = 1u << 0, /* empty notifier: "has packets" */
	SQ_FULL_NOTE = 1u << 1,  /* full notifier: "has room" */
	SQ_FRONT_DROP = 1u << 2, /* full: drop the oldest packet instead of the new one */
	SQ_LIFO_INPUT1 = 1u << 3, /* input 1 inserts at the head (MixedQueue) */
};

/* Pulls that find the queue empty before the empty notifier sleeps:
 * avoids flapping for queues that hover around one packet. */
#define SQ_SLEEPINESS_TRIGGER 9

/*
 * One pusher and one puller may run on different threads at once (as in
 * Click): the pusher owns tail, the puller owns head, each published with
 * release stores. Counters run freely; index = counter & mask, and the
 * ring has a power-of-two size of at least the capacity.
 */
struct squeue {
	struct nfc_element e;
	unsigned kind;
	uint32_t capacity;
	uint32_t mask;
	struct nfc_packet **ring;
	uint32_t head;
	uint32_t tail;
	uint32_t highwater;
	int sleepiness;
	uint64_t drops;
	struct nfc_notifier empty_note;
	struct nfc_notifier full_note;
};

static inline uint32_t squeue_size(const struct squeue *q)
{
	return __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&q->head, __ATOMIC_ACQUIRE);
}

/* Class callbacks, shared by the queue classes (see simplequeue.c). */
int nfc_squeue_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh);
int nfc_squeue_initialize(struct nfc_element *e, struct nfc_errh *errh);
void nfc_squeue_cleanup(struct nfc_element *e);
int nfc_squeue_add_handlers(struct nfc_element *e);
void *nfc_squeue_cast(struct nfc_element *e, const char *iface);
void nfc_squeue_take_state(struct nfc_element *e, struct nfc_element *old,
			   struct nfc_errh *errh);
void nfc_squeue_push(struct nfc_element *e, int port, struct nfc_batch *b);
unsigned nfc_squeue_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max);

/* Set the kind: called first thing by each class's configure. */
static inline void squeue_set_kind(struct nfc_element *e, unsigned kind)
{
	((struct squeue *)e)->kind = kind;
}

/* Report Click's one-time "overflow" message and count @n drops (the
 * packets then leave with nfc_checked_push1: on output 1 when it exists). */
void nfc_squeue_note_drops(struct squeue *q, unsigned n);

/* ---- shared with ThreadSafeQueue ---- */

/* Ring counters must not wrap past a full ring: rings stay below 2^30 slots. */
#define NFC_QUEUE_MAX_RING (1u << 30)
/* CAPACITY above NFC_QUEUE_MAX_RING: "CAPACITY too large" through @errh, -1. */
int nfc_queue_check_capacity(uint32_t capacity, struct nfc_errh *errh);
/* Slots of a ring for @capacity packets: a power of two (index = counter & mask). */
uint32_t nfc_queue_ring_slots(uint32_t capacity);
/* Click's one-time "NAME :: CLASS: overflow" message, on a queue's first drop. */
void nfc_queue_report_overflow(struct nfc_element *e);

#endif
