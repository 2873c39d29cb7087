/* SPDX-License-Identifier: MIT */
/* MixedQueue: a queue with a FIFO input and a LIFO input. */

/*
 * =c
 * MixedQueue
 * MixedQueue(CAPACITY)
 * =s storage
 * stores packets in a FIFO/LIFO queue
 * =d
 * Stores incoming packets in a mixed first-in-first-out/last-in-first-out
 * queue. MixedQueue's first input is FIFO, its second input is LIFO. The
 * queue is full when it holds CAPACITY packets (default 1000). When full,
 * MixedQueue drops incoming FIFO packets, but drops the packet at the tail
 * of the queue (the one that would leave last) to make room for incoming
 * LIFO packets. Dropped packets are emitted on output 1 if output 1 exists.
 *
 * MixedQueue notifies pullers when it becomes nonempty, like NotifierQueue.
 * Its LIFO input writes the head of the queue, so that input and the output
 * must not be used by different threads at once.
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
 * Returns or sets the queue's capacity.
 * =h drops read-only
 * Returns the number of packets dropped by the queue so far.
 * =h reset_counts write-only
 * Resets the drops counter, and highwater_length to the current length.
 * =h reset write-only
 * Drops all packets in the queue.
 * =e
 * The state of a MixedQueue after 5 pushes of packets A to E (head on the left):
 *
 *   push(0, A)  [A]
 *   push(0, B)  [A B]
 *   push(1, C)  [C A B]
 *   push(0, D)  [C A B D]
 *   push(1, E)  [E C A B D]
 * =a Queue, SimpleQueue, FrontDropQueue
 */
#include "squeue.h"

static int mixed_queue_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	squeue_set_kind(e, SQ_EMPTY_NOTE | SQ_LIFO_INPUT1);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class mixed_queue_class = {
	.name = "MixedQueue",
	.port_count = "2/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = mixed_queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(mixed_queue_class);
