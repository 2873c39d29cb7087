/* SPDX-License-Identifier: MIT */
/* ReplayUnqueue: loads packets once, then pushes them out again and again. */

/*
 * =c
 * ReplayUnqueue([KEYWORDS])
 * =s traces
 * replay packets in loops, push output
 * =d
 * At its first run, ReplayUnqueue pulls every packet its inputs hold,
 * until one input runs dry, and keeps them sorted by timestamp (each
 * painted with the number of its input). It then pushes copies of them out
 * of output 0, BURST per task run, starting over at the end of the list,
 * STOP times. With TIMING, packets keep the spacing of their timestamps.
 *
 * Keyword arguments are:
 * =item STOP
 * Integer. Number of loops; then the router is asked to stop. -1 (the
 * default) loops forever.
 * =item TIMING
 * Integer. 0 (default): as fast as possible. N > 0: keep the timestamps'
 * spacing, with time running N times faster.
 * =item BURST
 * Integer. Packets pushed per task run. Default 64.
 * =item LIMIT
 * Integer. Most packets loaded; -1 (default) for all.
 * =item ACTIVE
 * Boolean. Replay at all. Default true.
 * =item USE_SIGNAL
 * Boolean. While loading, wait on an input that is empty while its
 * upstream notifiers say packets are coming. Default false.
 * =item FREEONTERMINATE
 * Boolean. When false, the last loop pushes the loaded packets themselves
 * instead of copies. Default true.
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
 * =h timing read/write
 * Returns or sets TIMING.
 * =h loaded read-only
 * Returns whether the packets are loaded.
 * =h reset write-only
 * Frees the loaded packets; the next run loads again.
 * =e
 *   FromDump(trace.pcap, STOP false) -> ReplayUnqueue(STOP 10, TIMING 1) -> ToDevice(eth0);
 * =a Replay, FromDump
 */
#include "replay.h"

struct replayunqueue {
	struct replay_base base;
	uint32_t timing;
	struct nfc_timer timer;
};

static const struct nfc_arg_spec replayunqueue_args[] = {
	REPLAY_BASE_ARGS(struct replayunqueue),
	{ .keyword = "TIMING", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct replayunqueue, timing), .doc = "keep timestamps' spacing (speed)" },
	NFC_ARGS_END
};

static int replayunqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct replayunqueue *r = (struct replayunqueue *)e;
	replay_base_defaults(&r->base);
	return nfc_args_parse(e, conf, replayunqueue_args, errh, NULL);
}

/* TIMING: is @p due? If not, the timer wakes the task when it is. */
static bool replayunqueue_due(struct replayunqueue *r, const struct nfc_packet *p)
{
	int64_t trace = p->timestamp_ns - r->base.lastsent_p;
	int64_t due = r->base.lastsent_real + trace / (int64_t)r->timing;
	/* within a microsecond is close enough, as FastClick */
	if (nfc_now() + NFC_NSEC_PER_USEC >= due)
		return true;
	nfc_timer_schedule_at(&r->timer, due);
	return false;
}

static bool replayunqueue_run(struct nfc_task *t, void *arg)
{
	struct replayunqueue *r = arg;
	struct replay_base *b = &r->base;
	if (!replay_base_ready(b))
		return false;
	struct nfc_batch batch;
	nfc_batch_init(&batch);
	bool waiting = false;
	while (b->current && batch.count < b->burst) {
		if (r->timing && !replayunqueue_due(r, b->current)) {
			waiting = true;
			break;
		}
		struct nfc_packet *p = replay_base_take(b);
		if (!p)
			break;
		nfc_batch_add(&batch, p);
	}
	unsigned n = batch.count;
	nfc_push(&b->e, 0, &batch);
	if (!waiting && replay_base_end_loop(b))
		nfc_task_fast_reschedule(t);
	return n > 0;
}

static void replayunqueue_timer(struct nfc_timer *t, void *arg)
{
	struct replayunqueue *r = arg;
	if (r->base.active && !nfc_task_scheduled(&r->base.task))
		nfc_task_schedule(&r->base.task);
}

static int replayunqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct replayunqueue *r = (struct replayunqueue *)e;
	nfc_timer_init(&r->timer, e, replayunqueue_timer, r);
	return replay_base_initialize(&r->base, replayunqueue_run, errh);
}

static void replayunqueue_cleanup(struct nfc_element *e)
{
	struct replayunqueue *r = (struct replayunqueue *)e;
	if (r->timer.owner)
		nfc_timer_cleanup(&r->timer);
	replay_base_cleanup(&r->base);
}

static int replayunqueue_add_handlers(struct nfc_element *e)
{
	replay_base_add_handlers(e);
	nfc_add_read_handler(e, "timing", nfc_read_u32_field,
			     NFC_FIELD_THUNK(struct replayunqueue, timing), 0);
	nfc_add_write_handler(e, "timing", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct replayunqueue, timing), 0);
	return 0;
}

static const struct nfc_element_class replayunqueue_class = {
	.name = "ReplayUnqueue",
	.port_count = "1-/=",
	.processing = "l/h",
	.flow_code = "#/#",
	.size = sizeof(struct replayunqueue),
	.configure = replayunqueue_configure,
	.initialize = replayunqueue_initialize,
	.cleanup = replayunqueue_cleanup,
	.add_handlers = replayunqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(replayunqueue_class);
