/* SPDX-License-Identifier: MIT */
/* RatedUnqueue: pulls packets at a token-bucket rate and pushes them on. */

/*
 * =c
 * RatedUnqueue(RATE, [KEYWORDS])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets at the given RATE in packets per second, and pushes them
 * out its single output. It is implemented with a token bucket refilled
 * every millisecond. The capacity of this token bucket defaults to 20
 * milliseconds worth of tokens, but can be customized by setting
 * BURST_DURATION or BURST_SIZE. Packets pulled in one scheduling leave as
 * one batch.
 *
 * When the bucket is empty RatedUnqueue sleeps on a timer until a token is
 * due; when its input has nothing it sleeps on the upstream empty notifiers.
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Unsigned integer. Token bucket fill rate in packets per second.
 * =item BURST_DURATION
 * Time. If specified, the capacity of the token bucket is calculated as
 * RATE * BURST_DURATION.
 * =item BURST_SIZE
 * Unsigned integer. If specified, the capacity of the token bucket is set
 * to this value.
 * =item ACTIVE
 * Boolean. If false, RatedUnqueue does not pull. Default is true.
 * =h rate read/write
 * Returns or sets the RATE parameter (the bucket capacity follows when it
 * was given by BURST_DURATION).
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h calls read-only
 * Returns statistics about task runs: calls, empty runs, pushes (packets
 * pushed) and failed pulls.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   InfiniteSource -> Queue -> RatedUnqueue(1000) -> Discard;
 * =a BandwidthRatedUnqueue, Unqueue, Shaper, RatedSplitter
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "rated.h"

/* ---- helpers shared by the rated elements (declared in rated.h) ---- */

void nfc_rated_args_init(struct rated_args *ra)
{
	ra->rate = 0;
	ra->bw_rate = 0;
	ra->burst_duration = 20 * NFC_NSEC_PER_MSEC;
	ra->burst_size = 0;
	ra->duration_given = ra->size_given = false;
}

uint32_t nfc_rated_bandwidth_u32(double bytes_per_sec)
{
	if (!(bytes_per_sec > 0))
		return 0;
	if (bytes_per_sec >= 4294967295.0)
		return UINT32_MAX;
	return (uint32_t)(bytes_per_sec + 0.5);
}

int nfc_rated_args_apply(struct rated_args *ra, bool bandwidth, struct nfc_token_bucket *tb,
			 struct nfc_errh *errh)
{
	if (ra->duration_given && ra->size_given)
		return nfc_error(errh, "cannot specify both BURST_DURATION and %s",
				 bandwidth ? "BURST_BYTES" : "BURST_SIZE");
	if (ra->burst_duration < 0)
		return nfc_error(errh, "BURST_DURATION must not be negative");
	uint32_t rate = bandwidth ? nfc_rated_bandwidth_u32(ra->bw_rate) : ra->rate;
	uint64_t tokens = ra->burst_size;
	if (!ra->size_given) {
		/* whole milliseconds, as Click keeps BURST_DURATION */
		uint64_t msec = ((uint64_t)ra->burst_duration + NFC_NSEC_PER_MSEC / 2) /
				NFC_NSEC_PER_MSEC;
		tokens = (uint64_t)rate * msec / 1000;
	}
	if (bandwidth)
		tokens += RATED_BANDWIDTH_THRESH;
	if (tokens > UINT32_MAX)
		tokens = UINT32_MAX;
	nfc_token_bucket_assign(tb, rate, tokens ? (uint32_t)tokens : 1);
	return 0;
}

int nfc_rated_write_rate(struct nfc_element *e, struct rated_args *ra, bool bandwidth,
			 struct nfc_token_bucket *tb, const char *value, struct nfc_errh *errh)
{
	struct rated_args next = *ra;
	if (bandwidth) {
		if (nfc_args_parse_value(e, NFC_ARG_BANDWIDTH, value, &next.bw_rate, errh, "RATE") < 0)
			return -1;
	} else if (nfc_args_parse_value(e, NFC_ARG_UINT32, value, &next.rate, errh, "RATE") < 0)
		return -1;
	if (nfc_rated_args_apply(&next, bandwidth, tb, errh) < 0)
		return -1;
	*ra = next;
	return 0;
}

/* Click's cp_unparse_real10: value / 10^digits without trailing zeros. */
static void unparse_real10(struct nfc_strbuf *out, uint64_t value, int digits)
{
	uint64_t one = 1;
	for (int i = 0; i < digits; i++)
		one *= 10;
	uint64_t ip = value / one, fp = value % one;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)ip);
	if (!fp)
		return;
	char frac[24];
	snprintf(frac, sizeof frac, "%0*llu", digits, (unsigned long long)fp);
	size_t n = strlen(frac);
	while (n > 0 && frac[n - 1] == '0')
		n--;
	nfc_strbuf_putc(out, '.');
	nfc_strbuf_append(out, frac, n);
}

void nfc_rated_unparse_bandwidth(struct nfc_strbuf *out, uint32_t x)
{
	if (x >= 0x20000000U) {
		unparse_real10(out, x, 6);
		nfc_strbuf_puts(out, "MBps");
	} else if (x >= 125000000) {
		unparse_real10(out, (uint64_t)x * 8, 9);
		nfc_strbuf_puts(out, "Gbps");
	} else if (x >= 125000) {
		unparse_real10(out, (uint64_t)x * 8, 6);
		nfc_strbuf_puts(out, "Mbps");
	} else {
		unparse_real10(out, (uint64_t)x * 8, 3);
		nfc_strbuf_puts(out, "kbps");
	}
}

void nfc_rated_unparse_interval(struct nfc_strbuf *out, int64_t ns)
{
	if (ns >= 0 && ns < NFC_NSEC_PER_SEC) {
		if (ns % NFC_NSEC_PER_MSEC == 0)
			nfc_strbuf_printf(out, "%lldms", (long long)(ns / NFC_NSEC_PER_MSEC));
		else if (ns % NFC_NSEC_PER_USEC == 0)
			nfc_strbuf_printf(out, "%lldus", (long long)(ns / NFC_NSEC_PER_USEC));
		else
			nfc_strbuf_printf(out, "%lldns", (long long)ns);
		return;
	}
	char buf[64];
	nfc_format_timestamp(buf, sizeof buf, ns, ns % NFC_NSEC_PER_USEC ? 9 : 6);
	nfc_strbuf_printf(out, "%ss", buf);
}

/* ---- RatedUnqueue ---- */

static const struct nfc_arg_spec rated_unqueue_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_unqueue, ra.rate), .doc = "packets per second" },
	{ .keyword = "BURST_DURATION", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rated_unqueue, ra.burst_duration),
	  .given_offset = offsetof(struct rated_unqueue, ra.duration_given),
	  .doc = "bucket capacity as a time at RATE" },
	{ .keyword = "BURST_SIZE", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct rated_unqueue, ra.burst_size),
	  .given_offset = offsetof(struct rated_unqueue, ra.size_given),
	  .doc = "bucket capacity in packets" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct rated_unqueue, active), .doc = "pull packets" },
	NFC_ARGS_END
};

static int rated_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	nfc_rated_args_init(&u->ra);
	u->bandwidth = false;
	u->active = true;
	nfc_token_bucket_init(&u->tb);
	if (nfc_args_parse(e, conf, rated_unqueue_args, errh, NULL) < 0)
		return -1;
	return nfc_rated_args_apply(&u->ra, false, &u->tb, errh);
}

static bool rated_unqueue_run(struct nfc_task *t, void *arg)
{
	struct rated_unqueue *u = arg;
	u->runs++;
	if (!u->active)
		return false;

	nfc_token_bucket_refill(&u->tb);
	uint32_t tokens = nfc_token_bucket_size(&u->tb);
	if (tokens == 0) {
		nfc_rated_unqueue_wait(u, 1);
		u->empty_runs++;
		return false;
	}

	/* every token is a packet we may send now: take them in one batch */
	struct nfc_batch b;
	nfc_batch_init(&b);
	unsigned n = nfc_pull(&u->e, 0, &b, tokens < NFC_BATCH_MAX ? tokens : NFC_BATCH_MAX);
	if (n == 0) {
		u->failed_pulls++;
		if (!nfc_signal_active(&u->signal))
			return false; /* the upstream notifier wakes us */
		u->empty_runs++;
		nfc_task_fast_reschedule(t);
		return false;
	}
	nfc_token_bucket_remove(&u->tb, n);
	u->pushes += n;
	nfc_push(&u->e, 0, &b);
	nfc_task_fast_reschedule(t);
	return true;
}

static int rated_unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	return nfc_rated_unqueue_start((struct rated_unqueue *)e, rated_unqueue_run);
}

/* ---- shared by BandwidthRatedUnqueue (declared in rated.h) ---- */

static void rated_unqueue_timer(struct nfc_timer *timer, void *arg)
{
	struct rated_unqueue *u = arg;
	nfc_task_schedule(&u->task);
}

int nfc_rated_unqueue_start(struct rated_unqueue *u, bool (*run)(struct nfc_task *, void *))
{
	nfc_task_init(&u->task, &u->e, run, u);
	nfc_timer_init(&u->timer, &u->e, rated_unqueue_timer, u);
	u->signal = nfc_upstream_empty_signal(&u->e, 0, &u->task);
	nfc_task_schedule(&u->task);
	return 0;
}

void nfc_rated_unqueue_wait(struct rated_unqueue *u, uint32_t tokens)
{
	uint64_t wait = nfc_token_bucket_time_until_contains(&u->tb, tokens);
	if (wait != NFC_TB_NEVER)
		nfc_timer_schedule_after(&u->timer, nfc_token_bucket_ticks_ns(wait));
}

void nfc_rated_unqueue_cleanup(struct nfc_element *e)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	if (u->task.initialized) {
		nfc_timer_cleanup(&u->timer);
		nfc_task_cleanup(&u->task);
	}
}

enum { H_RATE, H_ACTIVE, H_CALLS };

static int rated_unqueue_read(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RATE:
		if (u->bandwidth)
			nfc_rated_unparse_bandwidth(out, nfc_token_bucket_rate(&u->tb));
		else
			nfc_strbuf_printf(out, "%u", nfc_token_bucket_rate(&u->tb));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, u->active ? "true" : "false");
		break;
	case H_CALLS:
		nfc_strbuf_printf(out,
				  "%llu calls to run_task()\n%llu empty runs\n%llu pushes\n"
				  "%llu failed pulls\n",
				  (unsigned long long)u->runs, (unsigned long long)u->empty_runs,
				  (unsigned long long)u->pushes, (unsigned long long)u->failed_pulls);
		break;
	}
	return 0;
}

static int rated_unqueue_write(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RATE:
		if (nfc_rated_write_rate(e, &u->ra, u->bandwidth, &u->tb, value, errh) < 0)
			return -1;
		break;
	case H_ACTIVE:
		if (nfc_parse_bool(value, &u->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		/* a stopped task has no timer or notifier left to wake it */
		if (u->active && u->task.initialized && !nfc_task_scheduled(&u->task) &&
		    !nfc_timer_scheduled(&u->timer))
			nfc_task_schedule(&u->task);
		break;
	}
	return 0;
}

int nfc_rated_unqueue_add_handlers(struct nfc_element *e)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	nfc_add_read_handler(e, "rate", rated_unqueue_read, (void *)H_RATE, 0);
	nfc_add_write_handler(e, "rate", rated_unqueue_write, (void *)H_RATE, 0);
	nfc_add_read_handler(e, "active", rated_unqueue_read, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", rated_unqueue_write, (void *)H_ACTIVE, 0);
	nfc_add_read_handler(e, "calls", rated_unqueue_read, (void *)H_CALLS, 0);
	nfc_add_task_handlers(e, &u->task);
	return 0;
}

static const struct nfc_element_class rated_unqueue_class = {
	.name = "RatedUnqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct rated_unqueue),
	.configure = rated_unqueue_configure,
	.initialize = rated_unqueue_initialize,
	.cleanup = nfc_rated_unqueue_cleanup,
	.add_handlers = nfc_rated_unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(rated_unqueue_class);
