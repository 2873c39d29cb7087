/* SPDX-License-Identifier: MIT */
/* Queue: a FIFO that notifies pullers when it has packets and pushers when it has room. */

/*
 * =c
 * Queue
 * Queue(CAPACITY)
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * Stores incoming packets in a first-in-first-out queue. Drops incoming
 * packets if the queue already holds CAPACITY packets. The default for
 * CAPACITY is 1000. Dropped packets are emitted on output 1 if output 1
 * exists; the first drop prints "NAME :: Queue: overflow" on standard error.
 *
 * Queue notifies interested parties when it becomes empty and when a
 * formerly-empty queue receives a packet. The empty notification takes
 * place some pulls after the queue goes empty, to prevent thrashing for
 * queues that hover around 1 or 2 packets long. Queue additionally notifies
 * interested parties that it is nonfull, and when a formerly-full queue
 * gains free space: a source pushing into a full Queue sleeps until the
 * queue drains. In all respects but notification, Queue behaves exactly
 * like SimpleQueue.
 *
 * A pushed batch is enqueued as far as it fits; the rest is dropped. A pull
 * returns up to as many packets as the puller asks for.
 *
 * Queue supports one pushing thread and one pulling thread at the same
 * time. See ThreadSafeQueue for several pushers. FullNoteQueue is the same
 * element under its older name.
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
 *   InfiniteSource(LIMIT 100) -> q :: Queue(10) -> Unqueue -> Discard;
 * =a SimpleQueue, NotifierQueue, FullNoteQueue, ThreadSafeQueue, MixedQueue,
 * FrontDropQueue
 */
#include "squeue.h"

static int queue_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	squeue_set_kind(e, SQ_EMPTY_NOTE | SQ_FULL_NOTE);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class queue_class = {
	.name = "Queue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(queue_class);
