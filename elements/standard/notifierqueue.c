/* SPDX-License-Identifier: MIT */
/* NotifierQueue: a FIFO that tells pullers when it has packets. */

/*
 * =c
 * NotifierQueue
 * NotifierQueue(CAPACITY)
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * Stores incoming packets in a first-in-first-out queue. Drops incoming
 * packets if the queue already holds CAPACITY packets. The default for
 * CAPACITY is 1000. Dropped packets are emitted on output 1 if output 1
 * exists.
 *
 * NotifierQueue notifies interested parties when it becomes empty and when
 * a formerly-empty queue receives a packet. The empty notification takes
 * place some pulls after the queue goes empty, to prevent thrashing for
 * queues that hover around 1 or 2 packets long. Unlike Queue it does not
 * tell pushers when it has room, so an upstream source keeps pushing (and
 * the queue drops) when it is full. In all other respects NotifierQueue
 * behaves like SimpleQueue.
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
 *   FromDevice(eth0) -> NotifierQueue(100) -> Unqueue -> Discard;
 * =a Queue, SimpleQueue, MixedQueue, FrontDropQueue, ThreadSafeQueue
 */
#include "squeue.h"

static int notifier_queue_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	squeue_set_kind(e, SQ_EMPTY_NOTE);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class notifier_queue_class = {
	.name = "NotifierQueue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = notifier_queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(notifier_queue_class);
