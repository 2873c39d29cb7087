/* SPDX-License-Identifier: MIT */
/* Replay: loads packets once, then offers them again and again to pullers. */

/*
 * =c
 * Replay([KEYWORDS])
 * =s traces
 * replay packets in loops, pull output
 * =d
 * At its first run, Replay pulls every packet its inputs hold, until one
 * input runs dry, and keeps them sorted by timestamp (each painted with
 * the number of its input). It then replays them: a task puts copies into
 * a queue of QUEUE packets that output 0 is pulled from, and starts over at
 * the end of the list, STOP times. All packets leave on output 0; Replay
 * is an empty notifier, active while its queue has packets.
 *
 * Keyword arguments are:
 * =item STOP
 * Integer. Number of loops; then the router is asked to stop. -1 (the
 * default) loops forever.
 * =item QUEUE
 * Integer. Size of the output queue. Default 1024.
 * =item BURST
 * Integer. Packets queued per task run. Default 64.
 * =item LIMIT
 * Integer. Most packets loaded; -1 (default) for all.
 * =item ACTIVE
 * Boolean. Replay at all. Default true.
 * =item USE_SIGNAL
 * Boolean. While loading, wait on an input that is empty while its
 * upstream notifiers say packets are coming. Default false.
 * =item FREEONTERMINATE
 * Boolean. When false, the last loop hands out the loaded packets
 * themselves (freeing memory as it goes) instead of copies. Default true.
 * =item VERBOSE
 * Boolean. Report each new loop on standard error. Default false.
 * =item QUICK_CLONE
 * Boolean. Accepted for compatibility; copies always share packet data.
 * =back
 *
 * Loading reports "Loading NAME with N inputs." and "NAME : Successfully
 * loaded N packets. Input I dried out." on standard error, as FastClick.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =h stop read/write
 * Returns or sets the loops left (STOP).
 * =h loaded read-only
 * Returns whether the packets are loaded.
 * =h reset write-only
 * Frees the loaded packets; the next run loads again.
 * =e
 *   FromDump(trace.pcap, STOP false) -> Replay(STOP 10) -> Unqueue -> ToDevice(eth0);
 * =a ReplayUnqueue, FromDump
 */
#include <stdlib.h>
#include <string.h>
#include "replay.h"

struct replay {
	struct replay_base base;
	uint32_t queue;
	struct nfc_packet **ring;
	uint32_t ring_head, ring_count;
	struct nfc_notifier notifier;
};

static const struct nfc_arg_spec replay_args[] = {
	REPLAY_BASE_ARGS(struct replay),
	{ .keyword = "QUEUE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = 1 << 24, .offset = offsetof(struct replay, queue), .doc = "output queue size" },
	NFC_ARGS_END
};

static int replay_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct replay *r = (struct replay *)e;
	replay_base_defaults(&r->base);
	r->queue = 1024;
	if (nfc_args_parse(e, conf, replay_args, errh, NULL) < 0)
		return -1;
	nfc_notifier_init(&r->notifier, false, NFC_SEARCH_STOP);
	return 0;
}

static bool replay_run(struct nfc_task *t, void *arg)
{
	struct replay *r = arg;
	struct replay_base *b = &r->base;
	if (!replay_base_ready(b))
		return false;
	unsigned n = 0;
	while (b->current && n < b->burst) {
		if (r->ring_count == r->queue) {
			nfc_notifier_wake(&r->notifier);
			return n > 0; /* full: a pull wakes us */
		}
		struct nfc_packet *p = replay_base_take(b);
		if (!p)
			break;
		r->ring[(r->ring_head + r->ring_count++) % r->queue] = p;
		n++;
	}
	if (r->ring_count)
		nfc_notifier_wake(&r->notifier);
	if (replay_base_end_loop(b))
		nfc_task_fast_reschedule(t);
	return n > 0;
}

static int replay_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct replay *r = (struct replay *)e;
	r->ring = nfc_element_alloc(e, r->queue * sizeof *r->ring);
	if (!r->ring)
		return nfc_error(errh, "out of memory");
	return replay_base_initialize(&r->base, replay_run, errh);
}

static void replay_cleanup(struct nfc_element *e)
{
	struct replay *r = (struct replay *)e;
	replay_base_cleanup(&r->base);
	for (; r->ring && r->ring_count; r->ring_count--) {
		nfc_packet_kill(r->ring[r->ring_head]);
		r->ring_head = (r->ring_head + 1) % r->queue;
	}
}

static unsigned replay_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct replay *r = (struct replay *)e;
	unsigned n = 0;
	for (; n < max && r->ring_count; n++, r->ring_count--) {
		nfc_batch_add(out, r->ring[r->ring_head]);
		r->ring_head = (r->ring_head + 1) % r->queue;
	}
	if (!r->ring_count)
		nfc_notifier_sleep(&r->notifier);
	/* room again: the task refills */
	if (r->base.active && !nfc_task_scheduled(&r->base.task))
		nfc_task_schedule(&r->base.task);
	return n;
}

static void *replay_cast(struct nfc_element *e, const char *iface)
{
	struct replay *r = (struct replay *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &r->notifier;
	return NULL;
}

static const struct nfc_element_class replay_class = {
	.name = "Replay",
	.port_count = "1-/=",
	.processing = "l/l",
	.flow_code = "#/#",
	.size = sizeof(struct replay),
	.configure = replay_configure,
	.initialize = replay_initialize,
	.cleanup = replay_cleanup,
	.add_handlers = replay_base_add_handlers,
	.cast = replay_cast,
	.pull = replay_pull,
};
NFC_REGISTER_ELEMENT(replay_class);
