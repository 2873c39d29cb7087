/* SPDX-License-Identifier: MIT */
/* DelayUnqueue: pulls packets and pushes each one no earlier than its timestamp plus a delay. */

/*
 * =c
 * DelayUnqueue(DELAY)
 * =s shaping
 * delay-inducing pull-to-push converter
 * =d
 * Pulls packets from the single input port. Delays them for at least DELAY
 * seconds. A packet with timestamp T is emitted no earlier than time
 * (T + DELAY); a packet without a timestamp (as in Click: one whose
 * timestamp's seconds part is 0) is stamped with the time it is pulled. On
 * output, the packet's timestamp is set to the delayed time.
 *
 * DelayUnqueue holds one packet at a time, so packets leave in the order
 * they were pulled. It listens for upstream notification, such as that
 * available from Queue, and sleeps on a timer while the held packet is not
 * yet due.
 *
 * =item DELAY
 * Time. The minimum delay, not negative.
 * =h delay read/write
 * Returns or sets the DELAY parameter.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   FromDevice(eth0) -> SetTimestamp -> Queue -> DelayUnqueue(100ms) -> ToDevice(eth1);
 * =a Queue, Unqueue, RatedUnqueue, BandwidthRatedUnqueue, LinkUnqueue,
 * DelayShaper, SetTimestamp
 */
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "rated.h"

struct delay_unqueue {
	struct nfc_element e;
	int64_t delay;
	/* The packet pulled but not yet due (owned); its timestamp is its due time. */
	struct nfc_packet *held;
	struct nfc_task task;
	struct nfc_timer timer;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec delay_unqueue_args[] = {
	{ .keyword = "DELAY", .type = NFC_ARG_TIME,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct delay_unqueue, delay), .doc = "minimum delay" },
	NFC_ARGS_END
};

static int delay_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct delay_unqueue *d = (struct delay_unqueue *)e;
	if (nfc_args_parse(e, conf, delay_unqueue_args, errh, NULL) < 0)
		return -1;
	if (d->delay < 0)
		return nfc_error(errh, "DELAY must not be negative");
	return 0;
}

static bool delay_unqueue_run(struct nfc_task *t, void *arg)
{
	struct delay_unqueue *d = arg;
	bool worked = false;
	for (;;) {
		if (!d->held) {
			struct nfc_packet *p = nfc_pull_packet(&d->e, 0);
			if (!p) {
				/* nothing upstream: sleep unless a notifier says more may come */
				if (nfc_signal_active(&d->signal))
					nfc_task_fast_reschedule(t);
				return worked;
			}
			/* Click's test is "seconds part 0", so trace times
			 * near the epoch (0.12s) count as unset too */
			if (p->timestamp_ns >= 0 && p->timestamp_ns < NFC_NSEC_PER_SEC)
				p->timestamp_ns = nfc_now();
			p->timestamp_ns += d->delay;
			d->held = p;
		}
		int64_t now = nfc_now();
		if (d->held->timestamp_ns > now) {
			/* not due: the timer wakes the task; no polling meanwhile */
			nfc_timer_schedule_at(&d->timer, d->held->timestamp_ns);
			return worked;
		}
		struct nfc_packet *p = d->held;
		d->held = NULL;
		nfc_push_packet(&d->e, 0, p);
		worked = true;
	}
}

static void delay_unqueue_timer(struct nfc_timer *t, void *arg)
{
	struct delay_unqueue *d = arg;
	nfc_task_schedule(&d->task);
}

static int delay_unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct delay_unqueue *d = (struct delay_unqueue *)e;
	nfc_task_init(&d->task, e, delay_unqueue_run, d);
	nfc_timer_init(&d->timer, e, delay_unqueue_timer, d);
	d->signal = nfc_upstream_empty_signal(e, 0, &d->task);
	nfc_task_schedule(&d->task);
	return 0;
}

static void delay_unqueue_cleanup(struct nfc_element *e)
{
	struct delay_unqueue *d = (struct delay_unqueue *)e;
	if (d->task.initialized)
		nfc_task_cleanup(&d->task);
	if (d->timer.owner)
		nfc_timer_cleanup(&d->timer);
	if (d->held) {
		nfc_packet_kill(d->held);
		d->held = NULL;
	}
}

static int delay_unqueue_read_delay(struct nfc_element *e, void *thunk, const char *param,
				    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_rated_unparse_interval(out, ((struct delay_unqueue *)e)->delay);
	return 0;
}

static int delay_unqueue_write_delay(struct nfc_element *e, void *thunk, const char *value,
				     struct nfc_errh *errh)
{
	struct delay_unqueue *d = (struct delay_unqueue *)e;
	int64_t delay;
	if (nfc_parse_time_ns(value, &delay) < 0 || delay < 0)
		return nfc_error(errh, "delay: expected nonnegative time");
	/* applies to packets pulled from now on; the held one keeps its due time */
	d->delay = delay;
	return 0;
}

static int delay_unqueue_add_handlers(struct nfc_element *e)
{
	struct delay_unqueue *d = (struct delay_unqueue *)e;
	nfc_add_read_handler(e, "delay", delay_unqueue_read_delay, NULL, 0);
	nfc_add_write_handler(e, "delay", delay_unqueue_write_delay, NULL, 0);
	nfc_add_task_handlers(e, &d->task);
	return 0;
}

static const struct nfc_element_class delay_unqueue_class = {
	.name = "DelayUnqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct delay_unqueue),
	.configure = delay_unqueue_configure,
	.initialize = delay_unqueue_initialize,
	.cleanup = delay_unqueue_cleanup,
	.add_handlers = delay_unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(delay_unqueue_class);
