/* SPDX-License-Identifier: MIT */
/* LinkUnqueue: pulls packets and releases them as a serial link of given latency and bandwidth would. */

/*
 * =c
 * LinkUnqueue(LATENCY, BANDWIDTH)
 * =s shaping
 * link emulator
 * =d
 * Pulls packets from the single input port, then delays them so as to
 * emulate a serial link with latency LATENCY (microsecond precision) and
 * bandwidth BANDWIDTH (such as "384kbps"). Thus, every packet is delayed at
 * least by LATENCY, and additionally delayed by its packet size and
 * BANDWIDTH, and by any packets ahead of it in the virtual link. Packets
 * are pushed out the single output port when their time comes.
 *
 * LinkUnqueue listens for upstream notification, such as that available
 * from Queue.
 *
 * LinkUnqueue stores packets that are in transit over the virtual link. It
 * doesn't store any other packets, however; it doesn't pull from its input
 * unless there is room on the link. To emulate a link fed by a packet
 * queue, use a "Queue -> LinkUnqueue" combination.
 *
 * LinkUnqueue uses its input packets' "extra length" annotations, destroys
 * their "next packet" annotations, and updates their timestamp annotations
 * (to the time they leave the link).
 *
 * Keyword arguments are:
 *
 * =item LATENCY
 * Time. The link's latency.
 * =item BANDWIDTH
 * Bandwidth. The link's bandwidth, at least 100Bps.
 * =h latency read/write
 * Returns or sets the LATENCY argument. Writing empties the link.
 * =h bandwidth read/write
 * Returns or sets the BANDWIDTH argument (read in bytes per second).
 * Writing empties the link.
 * =h size read-only
 * The number of packets currently in, or partially in, the emulated link.
 * =h reset write-only
 * When written, drops all packets in, or partially in, the emulated link.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   FromDump(trace) -> Queue -> LinkUnqueue(5ms, 1Mbps) -> ToDump(out);
 * =a DelayUnqueue, Queue, Unqueue, RatedUnqueue, BandwidthRatedUnqueue,
 * DelayShaper, SetTimestamp
 */
#include <stddef.h>
#include "rated.h"

struct link_unqueue {
	struct nfc_element e;
	int64_t latency;
	double bandwidth_arg;
	/* bytes per second / 100, as Click keeps it (so delays round alike) */
	uint32_t bandwidth100;
	/* packets on the link, oldest first, linked through ->next; each
	 * timestamp is when its last bit leaves */
	struct nfc_packet *qhead, *qtail;
	uint32_t size;
	bool back_to_back;
	struct nfc_task task;
	struct nfc_timer timer;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec link_unqueue_args[] = {
	{ .keyword = "LATENCY", .type = NFC_ARG_TIME,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct link_unqueue, latency), .doc = "link latency" },
	{ .keyword = "BANDWIDTH", .type = NFC_ARG_BANDWIDTH,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct link_unqueue, bandwidth_arg), .doc = "link bandwidth" },
	NFC_ARGS_END
};

static int link_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	if (nfc_args_parse(e, conf, link_unqueue_args, errh, NULL) < 0)
		return -1;
	uint32_t bw = nfc_rated_bandwidth_u32(u->bandwidth_arg);
	if (bw < 100)
		return nfc_error(errh, "bandwidth too small, minimum 100Bps");
	if (u->latency < 0)
		return nfc_error(errh, "LATENCY must not be negative");
	u->bandwidth100 = bw / 100;
	return 0;
}

/* Stamp @p with when it has fully crossed the link, starting at @start. */
static void link_unqueue_delay(const struct link_unqueue *u, struct nfc_packet *p, int64_t start)
{
	uint32_t length = p->length + nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
	uint64_t delay_us = (uint64_t)length * 10000 / u->bandwidth100;
	p->timestamp_ns = start + (int64_t)delay_us * NFC_NSEC_PER_USEC;
}

static bool link_unqueue_run(struct nfc_task *t, void *arg)
{
	struct link_unqueue *u = arg;
	bool worked = false;
	int64_t now = nfc_now();
	int64_t now_delayed = now + u->latency;

	/* Take a new packet while the link has room: room is measured by latency. */
	while (!u->qtail || u->qtail->timestamp_ns <= now_delayed) {
		struct nfc_batch b;
		nfc_batch_init(&b);
		if (nfc_pull(&u->e, 0, &b, 1) == 0) {
			u->back_to_back = false;
			break;
		}
		struct nfc_packet *p = b.pkts[0];
		if (u->qtail) {
			u->qtail->next = p;
			link_unqueue_delay(u, p, u->back_to_back ? u->qtail->timestamp_ns : now_delayed);
		} else {
			u->qhead = p;
			link_unqueue_delay(u, p, now_delayed);
		}
		u->qtail = p;
		p->next = NULL;
		u->size++;
		worked = u->back_to_back = true;
	}

	/* Emit the packets that have arrived, as one batch. */
	struct nfc_batch out;
	nfc_batch_init(&out);
	while (u->qhead && u->qhead->timestamp_ns <= now) {
		struct nfc_packet *p = u->qhead;
		u->qhead = p->next;
		if (!u->qhead)
			u->qtail = NULL;
		p->next = NULL;
		nfc_batch_add(&out, p);
		u->size--;
		if (out.count == NFC_BATCH_MAX) {
			nfc_push(&u->e, 0, &out);
			nfc_batch_init(&out);
		}
	}
	if (out.count) {
		nfc_push(&u->e, 0, &out);
		worked = true;
	}

	/* Next run: when the head arrives, or when the link has room again. */
	if (u->qhead) {
		int64_t expiry = u->qhead->timestamp_ns;
		if (nfc_signal_active(&u->signal)) {
			int64_t room = u->qtail->timestamp_ns - u->latency;
			if (room < expiry)
				expiry = room;
		}
		if (expiry <= now)
			nfc_task_fast_reschedule(t);
		else
			nfc_timer_schedule_at(&u->timer, expiry);
	} else if (nfc_signal_active(&u->signal))
		nfc_task_fast_reschedule(t);
	return worked;
}

static void link_unqueue_timer(struct nfc_timer *timer, void *arg)
{
	struct link_unqueue *u = arg;
	nfc_task_schedule(&u->task);
}

static int link_unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	nfc_task_init(&u->task, e, link_unqueue_run, u);
	nfc_timer_init(&u->timer, e, link_unqueue_timer, u);
	u->signal = nfc_upstream_empty_signal(e, 0, &u->task);
	u->back_to_back = false;
	nfc_task_schedule(&u->task);
	return 0;
}

/* Drop everything on the link. */
static void link_unqueue_flush(struct link_unqueue *u)
{
	while (u->qhead) {
		struct nfc_packet *p = u->qhead;
		u->qhead = p->next;
		p->next = NULL;
		nfc_packet_kill(p);
	}
	u->qtail = NULL;
	u->size = 0;
}

static void link_unqueue_cleanup(struct nfc_element *e)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	nfc_timer_cleanup(&u->timer);
	if (u->task.initialized)
		nfc_task_cleanup(&u->task);
	link_unqueue_flush(u);
}

/* ---- handlers ---- */

enum { H_LATENCY, H_BANDWIDTH, H_SIZE, H_RESET };

static int link_unqueue_read(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_LATENCY:
		nfc_rated_unparse_interval(out, u->latency);
		break;
	case H_BANDWIDTH:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)u->bandwidth100 * 100);
		break;
	case H_SIZE:
		nfc_strbuf_printf(out, "%u", u->size);
		break;
	}
	return 0;
}

static int link_unqueue_write(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_LATENCY: {
		int64_t latency;
		if (nfc_parse_time_ns(value, &latency) < 0 || latency < 0)
			return nfc_error(errh, "latency must be a timestamp");
		u->latency = latency;
		break;
	}
	case H_BANDWIDTH: {
		double bw;
		if (nfc_parse_bandwidth(value, &bw) < 0)
			return nfc_error(errh, "invalid bandwidth");
		if (nfc_rated_bandwidth_u32(bw) < 100)
			return nfc_error(errh, "bandwidth too small, minimum 100Bps");
		u->bandwidth100 = nfc_rated_bandwidth_u32(bw) / 100;
		break;
	}
	}
	/* any change restarts the link empty */
	link_unqueue_flush(u);
	nfc_timer_unschedule(&u->timer);
	if (u->task.initialized)
		nfc_task_schedule(&u->task);
	return 0;
}

static int link_unqueue_add_handlers(struct nfc_element *e)
{
	struct link_unqueue *u = (struct link_unqueue *)e;
	nfc_add_read_handler(e, "latency", link_unqueue_read, (void *)H_LATENCY, 0);
	nfc_add_read_handler(e, "bandwidth", link_unqueue_read, (void *)H_BANDWIDTH, 0);
	nfc_add_read_handler(e, "size", link_unqueue_read, (void *)H_SIZE, 0);
	nfc_add_write_handler(e, "latency", link_unqueue_write, (void *)H_LATENCY, 0);
	nfc_add_write_handler(e, "bandwidth", link_unqueue_write, (void *)H_BANDWIDTH, 0);
	nfc_add_write_handler(e, "reset", link_unqueue_write, (void *)H_RESET, NFC_HANDLER_BUTTON);
	nfc_add_task_handlers(e, &u->task);
	return 0;
}

static const struct nfc_element_class link_unqueue_class = {
	.name = "LinkUnqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct link_unqueue),
	.configure = link_unqueue_configure,
	.initialize = link_unqueue_initialize,
	.cleanup = link_unqueue_cleanup,
	.add_handlers = link_unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(link_unqueue_class);
