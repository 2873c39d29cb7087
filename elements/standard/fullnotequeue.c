/* SPDX-License-Identifier: MIT */
/* FullNoteQueue: the older name of Queue (empty and full notification). */

/*
 * =c
 * FullNoteQueue
 * FullNoteQueue(CAPACITY)
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * The same element as Queue, under the name older configurations use: a
 * first-in-first-out queue of at most CAPACITY packets (default 1000) that
 * notifies pullers when it becomes nonempty and pushers when it becomes
 * nonfull, so that an upstream source sleeps instead of overflowing it.
 * Dropped packets are emitted on output 1 if output 1 exists.
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
 *   InfiniteSource -> FullNoteQueue(5) -> Unqueue -> Discard;
 * =a Queue, NotifierQueue, SimpleQueue
 */
#include "squeue.h"

static int full_note_queue_configure(struct nfc_element *e, struct nfc_conf *conf,
				     struct nfc_errh *errh)
{
	squeue_set_kind(e, SQ_EMPTY_NOTE | SQ_FULL_NOTE);
	return nfc_squeue_configure(e, conf, errh);
}

static const struct nfc_element_class full_note_queue_class = {
	.name = "FullNoteQueue",
	.port_count = "1/1-2",
	.processing = "h/lh",
	.size = sizeof(struct squeue),
	.configure = full_note_queue_configure,
	.initialize = nfc_squeue_initialize,
	.cleanup = nfc_squeue_cleanup,
	.add_handlers = nfc_squeue_add_handlers,
	.cast = nfc_squeue_cast,
	.take_state = nfc_squeue_take_state,
	.push = nfc_squeue_push,
	.pull = nfc_squeue_pull,
};
NFC_REGISTER_ELEMENT(full_note_queue_class);
