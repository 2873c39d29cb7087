/* SPDX-License-Identifier: MIT */
/* Token-bucket helpers of the rated elements; the RatedUnqueue/BandwidthRatedUnqueue machinery. */
#include <stdio.h>
#include <string.h>
#include "rated.h"

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

/* ---- RatedUnqueue and BandwidthRatedUnqueue ---- */

int nfc_rated_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				const struct nfc_arg_spec *args, bool bandwidth,
				rated_unqueue_take_fn take, struct nfc_errh *errh)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	nfc_rated_args_init(&u->ra);
	u->bandwidth = bandwidth;
	u->take = take;
	u->active = true;
	nfc_token_bucket_init(&u->tb);
	if (nfc_args_parse(e, conf, args, errh, NULL) < 0)
		return -1;
	return nfc_rated_args_apply(&u->ra, bandwidth, &u->tb, errh);
}

/* Sleep until the bucket holds @tokens (Click's timer on time_until_contains). */
static void rated_unqueue_wait(struct rated_unqueue *u, uint32_t tokens)
{
	uint64_t wait = nfc_token_bucket_time_until_contains(&u->tb, tokens);
	if (wait != NFC_TB_NEVER)
		nfc_timer_schedule_after(&u->timer, nfc_token_bucket_ticks_ns(wait));
}

/* One scheduling: wait for the tokens a packet needs, let the class pull
 * what the bucket pays for, push that on as one batch. */
static bool rated_unqueue_run(struct nfc_task *t, void *arg)
{
	struct rated_unqueue *u = arg;
	u->runs++;
	if (!u->active)
		return false;

	nfc_token_bucket_refill(&u->tb);
	/* bandwidth elements wait for a packet's worth of bytes above the burst */
	uint32_t need = u->bandwidth ? RATED_BANDWIDTH_THRESH : 1;
	if (!nfc_token_bucket_contains(&u->tb, need)) {
		rated_unqueue_wait(u, need);
		u->empty_runs++;
		return false;
	}

	struct nfc_batch b;
	nfc_batch_init(&b);
	u->take(u, &b);
	if (b.count == 0) {
		u->failed_pulls++;
		if (!nfc_signal_active(&u->signal))
			return false; /* the upstream notifier wakes us */
		u->empty_runs++;
		nfc_task_fast_reschedule(t);
		return false;
	}
	u->pushes += b.count;
	nfc_push(&u->e, 0, &b);
	nfc_task_fast_reschedule(t);
	return true;
}

static void rated_unqueue_timer(struct nfc_timer *timer, void *arg)
{
	struct rated_unqueue *u = arg;
	nfc_task_schedule(&u->task);
}

int nfc_rated_unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct rated_unqueue *u = (struct rated_unqueue *)e;
	nfc_task_init(&u->task, &u->e, rated_unqueue_run, u);
	nfc_timer_init(&u->timer, &u->e, rated_unqueue_timer, u);
	u->signal = nfc_upstream_empty_signal(&u->e, 0, &u->task);
	nfc_task_schedule(&u->task);
	return 0;
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
