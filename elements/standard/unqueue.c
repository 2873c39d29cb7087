/* SPDX-License-Identifier: MIT */
/* Unqueue: a task that pulls packets whenever they are available and pushes them on. */

/*
 * =c
 * Unqueue([BURST, KEYWORDS])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets whenever they are available, then pushes them out its
 * single output. Pulls at most BURST packets every time it is scheduled and
 * pushes them on as one batch. When nothing can be pulled, Unqueue sleeps
 * on its upstream empty notifiers (such as a Queue's) and wakes when a
 * packet arrives; with no notifier upstream it keeps polling.
 *
 * Keyword arguments are:
 *
 * =item BURST
 * Integer. Maximum number of packets pulled per scheduling. Default is 1.
 * A negative BURST pulls until nothing comes back.
 * =item ACTIVE
 * Boolean. If false, Unqueue does nothing (doesn't pull packets). Set it
 * later with the "active" handler, from a DriverManager for example.
 * Default is true.
 * =item LIMIT
 * Integer. If nonnegative, Unqueue stops after pulling LIMIT packets in
 * total (see the "reset" handler). Default is -1, no limit.
 * =h count read-only
 * Returns the number of packets that have passed through Unqueue.
 * =h reset write-only
 * Resets the count to 0, which restarts an Unqueue stopped by its LIMIT.
 * =h reset_counts write-only
 * Same as reset.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h burst read/write
 * Returns or sets the BURST parameter.
 * =h limit read/write
 * Returns or sets the LIMIT parameter.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   InfiniteSource -> Queue -> Unqueue(BURST 32) -> Discard;
 * =a RatedUnqueue, BandwidthRatedUnqueue, Queue
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

/* Click treats a negative BURST as "as many as come". */
#define UNQUEUE_UNLIMITED 0x7FFFFFFF

struct unqueue {
	struct nfc_element e;
	int32_t burst;
	int32_t limit;
	bool active;
	uint64_t count;
	struct nfc_task task;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec unqueue_args[] = {
	{ .keyword = "BURST", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct unqueue, burst), .doc = "packets pulled per scheduling" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct unqueue, active),
	  .doc = "pull packets" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT32, .offset = offsetof(struct unqueue, limit),
	  .doc = "total packets to pull (-1: no limit)" },
	NFC_ARGS_END
};

static int unqueue_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct unqueue *u = (struct unqueue *)e;
	u->burst = 1;
	u->limit = -1;
	u->active = true;
	if (nfc_args_parse(e, conf, unqueue_args, errh, NULL) < 0)
		return -1;
	if (u->burst < 0)
		u->burst = UNQUEUE_UNLIMITED;
	return 0;
}

static bool unqueue_under_limit(const struct unqueue *u)
{
	return u->limit < 0 || u->count < (uint64_t)u->limit;
}

static bool unqueue_run(struct nfc_task *t, void *arg)
{
	struct unqueue *u = arg;
	if (!u->active)
		return false;

	uint64_t want = (uint64_t)u->burst;
	if (u->limit >= 0) {
		if (u->count >= (uint64_t)u->limit)
			return false;
		if (u->count + want > (uint64_t)u->limit)
			want = (uint64_t)u->limit - u->count;
	}

	uint64_t worked = 0;
	while (worked < want && u->active) {
		struct nfc_batch b;
		nfc_batch_init(&b);
		unsigned ask = want - worked < NFC_BATCH_MAX ? (unsigned)(want - worked)
							      : NFC_BATCH_MAX;
		unsigned n = nfc_pull(&u->e, 0, &b, ask);
		if (n == 0) {
			/* nothing now: sleep unless upstream says more is coming */
			if (!nfc_signal_active(&u->signal))
				return worked > 0;
			break;
		}
		worked += n;
		u->count += n;
		nfc_push(&u->e, 0, &b);
		if (n < ask)
			break; /* drained: let other tasks run */
	}
	nfc_task_fast_reschedule(t);
	return worked > 0;
}

static int unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct unqueue *u = (struct unqueue *)e;
	u->count = 0;
	nfc_task_init(&u->task, e, unqueue_run, u);
	u->signal = nfc_upstream_empty_signal(e, 0, &u->task);
	if (u->burst == 0)
		nfc_warning(errh, "BURST size 0, no packets will be pulled");
	if (u->active)
		nfc_task_schedule(&u->task);
	return 0;
}

static void unqueue_cleanup(struct nfc_element *e)
{
	struct unqueue *u = (struct unqueue *)e;
	if (u->task.initialized)
		nfc_task_cleanup(&u->task);
}

/* ---- handlers ---- */

enum { H_COUNT, H_ACTIVE, H_BURST, H_LIMIT, H_RESET };

static int unqueue_read(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct unqueue *u = (struct unqueue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)u->count);
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, u->active ? "true" : "false");
		break;
	case H_BURST:
		nfc_strbuf_printf(out, "%d", (int)u->burst);
		break;
	case H_LIMIT:
		nfc_strbuf_printf(out, "%d", (int)u->limit);
		break;
	}
	return 0;
}

static int unqueue_write(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	struct unqueue *u = (struct unqueue *)e;
	int32_t v;
	switch ((int)(uintptr_t)thunk) {
	case H_ACTIVE:
		if (nfc_parse_bool(value, &u->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		break;
	case H_RESET:
		u->count = 0;
		break;
	case H_BURST:
		if (nfc_parse_int32(value, &v) < 0)
			return nfc_error(errh, "burst: expected integer");
		u->burst = v < 0 ? UNQUEUE_UNLIMITED : v;
		break;
	case H_LIMIT:
		if (nfc_parse_int32(value, &v) < 0)
			return nfc_error(errh, "limit: expected integer");
		u->limit = v;
		break;
	}
	if (u->active && u->task.initialized && !nfc_task_scheduled(&u->task) &&
	    unqueue_under_limit(u))
		nfc_task_schedule(&u->task);
	return 0;
}

static int unqueue_add_handlers(struct nfc_element *e)
{
	struct unqueue *u = (struct unqueue *)e;
	nfc_add_read_handler(e, "count", unqueue_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "active", unqueue_read, (void *)H_ACTIVE, 0);
	nfc_add_read_handler(e, "burst", unqueue_read, (void *)H_BURST, 0);
	nfc_add_read_handler(e, "limit", unqueue_read, (void *)H_LIMIT, 0);
	nfc_add_write_handler(e, "active", unqueue_write, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "reset", unqueue_write, (void *)H_RESET, NFC_HANDLER_BUTTON);
	nfc_add_write_handler(e, "reset_counts", unqueue_write, (void *)H_RESET,
			      NFC_HANDLER_BUTTON);
	nfc_add_write_handler(e, "burst", unqueue_write, (void *)H_BURST, 0);
	nfc_add_write_handler(e, "limit", unqueue_write, (void *)H_LIMIT, 0);
	nfc_add_task_handlers(e, &u->task);
	return 0;
}

static const struct nfc_element_class unqueue_class = {
	.name = "Unqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct unqueue),
	.configure = unqueue_configure,
	.initialize = unqueue_initialize,
	.cleanup = unqueue_cleanup,
	.add_handlers = unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(unqueue_class);
