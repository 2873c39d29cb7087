/* SPDX-License-Identifier: MIT */
/* FrontDropQueue: a FIFO that drops its oldest packet to make room. */

/*
 * =c
 * FrontDropQueue
 * FrontDropQueue(CAPACITY)
 * =s storage
 * stores packets in drop-from-front FIFO queue
 * =d
 * Stores incoming packets in a first-in-first-out queue. Drops the head
 * packet before inserting the incoming packet if the queue already holds
 * CAPACITY packets. The default for CAPACITY is 1000. Dropped packets are
 * emitted on output 1 if output 1 exists; the first drop prints
 * "NAME :: FrontDropQueue: overflow" on standard error.
 *
 * FrontDropQueue notifies pullers when it becomes nonempty, like
 * NotifierQueue. Its push side writes the head of the queue when full, so
 * its input and output must not be used by different threads at once.
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
 * Returns or sets the queue's capacity. Shrinking keeps the newest packets.
 * =h drops read-only
 * Returns the number of packets dropped by the queue so far.
 * =h reset_counts write-only
 * Resets the drops counter, and highwater_length to the current length.
 * =h reset write-only
 * Drops all packets in the queue.
 * =e
 *   FromDevice(eth0) -> FrontDropQueue(50) -> ToDevice(eth1);
 * =a Queue, SimpleQueue, MixedQueue, RED
 */
#include "squeue.h"

static int front_drop_queue_configure(struct nfc_element *e, struct nfc_conf *conf,
				      struct nfc_errh *errh)
{
	squeue_set_kind(e, SQ_EMPTY_NOTE | SQ_FRONT_DROP);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class front_drop_queue_class = {
	.name = "FrontDropQueue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = front_drop_queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(front_drop_queue_class);
