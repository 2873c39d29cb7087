/* SPDX-License-Identifier: MIT */
/* Discard: drops every packet it receives (push or pull). */

/*
 * =c
 * Discard([KEYWORDS])
 * =s basicsources
 * drops all packets
 * =d
 * Discards all packets received on its single input. If used in a pull
 * context, it initiates pulls whenever packets are available, sleeping on
 * its upstream notifiers when none are.
 *
 * Keyword arguments are:
 *
 * =item ACTIVE
 * Boolean. If false, Discard does not pull packets. Default is true.
 *
 * =item BURST
 * Unsigned. Number of packets to pull per scheduling. Default is 1.
 * =h count read-only
 * Returns the number of packets discarded.
 * =h reset_counts write-only
 * Resets "count" to 0.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =a Idle
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct discard {
	struct nfc_element e;
	bool active;
	uint32_t burst;
	uint64_t count[NFC_MAX_THREADS];
	struct nfc_task task;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec discard_args[] = {
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct discard, active),
	  .doc = "pull packets when in pull context" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct discard, burst),
	  .doc = "packets pulled per scheduling" },
	NFC_ARGS_END
};

static int discard_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct discard *d = (struct discard *)e;
	d->active = true;
	d->burst = 1;
	return nfc_args_parse(e, conf, discard_args, errh, NULL);
}

static bool discard_run(struct nfc_task *t, void *arg)
{
	struct discard *d = arg;
	if (!d->active)
		return false;
	struct nfc_batch b;
	nfc_batch_init(&b);
	unsigned n = nfc_pull(&d->e, 0, &b, d->burst);
	if (n) {
		d->count[nfc_thread_id()] += n;
		nfc_batch_kill(&b);
	}
	if (n || nfc_signal_active(&d->signal))
		nfc_task_fast_reschedule(t);
	return n > 0;
}

static int discard_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct discard *d = (struct discard *)e;
	if (!nfc_input_is_push(e, 0)) {
		nfc_task_init(&d->task, e, discard_run, d);
		d->signal = nfc_upstream_empty_signal(e, 0, &d->task);
		if (d->active && !nfc_signal_idle(&d->signal))
			nfc_task_schedule(&d->task);
	}
	return 0;
}

static void discard_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct discard *d = (struct discard *)e;
	d->count[nfc_thread_id()] += b->count;
	nfc_batch_kill(b);
}

static int discard_read_count(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct discard *d = (struct discard *)e;
	uint64_t sum = 0;
	for (int i = 0; i < NFC_MAX_THREADS; i++)
		sum += d->count[i];
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int discard_write_reset(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct discard *d = (struct discard *)e;
	memset(d->count, 0, sizeof d->count);
	return 0;
}

static int discard_write_active(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	struct discard *d = (struct discard *)e;
	if (nfc_parse_bool(value, &d->active) < 0)
		return nfc_error(errh, "active: expected boolean");
	if (!nfc_input_is_push(e, 0) && d->active && !nfc_task_scheduled(&d->task))
		nfc_task_schedule(&d->task);
	return 0;
}

static int discard_add_handlers(struct nfc_element *e)
{
	struct discard *d = (struct discard *)e;
	nfc_add_read_handler(e, "count", discard_read_count, NULL, 0);
	nfc_add_write_handler(e, "reset_counts", discard_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct discard, active), 0);
	nfc_add_write_handler(e, "active", discard_write_active, NULL, 0);
	nfc_add_task_handlers(e, &d->task);
	return 0;
}

static void discard_cleanup(struct nfc_element *e)
{
	struct discard *d = (struct discard *)e;
	if (d->task.initialized)
		nfc_task_cleanup(&d->task);
}

static const struct nfc_element_class discard_class = {
	.name = "Discard",
	.port_count = "1/0",
	.processing = "a/",
	.size = sizeof(struct discard),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = discard_configure,
	.initialize = discard_initialize,
	.cleanup = discard_cleanup,
	.add_handlers = discard_add_handlers,
	.push = discard_push,
};
NFC_REGISTER_ELEMENT(discard_class);
