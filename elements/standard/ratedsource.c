/* SPDX-License-Identifier: MIT */
/* RatedSource: emits copies of one packet at a token-bucket rate. */

/*
 * =c
 * RatedSource([DATA, RATE, LIMIT, ACTIVE, KEYWORDS])
 * =s basicsources
 * generates packets at specified rate
 * =d
 * Creates packets consisting of DATA, emitting at most LIMIT such packets
 * out its single output at a rate of RATE packets per second. When used as
 * a push element, RatedSource sends a packet when scheduled, then
 * reschedules itself (or sets a timer until the next packet is due). When
 * used as a pull element, RatedSource returns a packet in response to a
 * pull request at most RATE times a second, and otherwise returns nothing.
 * The default DATA is at least 64 bytes long. Default RATE is 10. Default
 * LIMIT is -1 (send packets forever). Each packet's timestamp annotation is
 * set to the current time.
 *
 * The rate is kept by a token bucket refilled every millisecond, with a
 * capacity of 2 packets, or RATE/100 packets when RATE is 200 or more.
 *
 * Keyword arguments are:
 *
 * =item DATA
 * String. Same as the DATA argument.
 * =item RATE
 * Unsigned integer. Same as the RATE argument.
 * =item LIMIT
 * Integer. Same as the LIMIT argument.
 * =item ACTIVE
 * Boolean. Same as the ACTIVE argument.
 * =item LENGTH
 * Integer. If set, the outgoing packet will have this length (DATA is
 * repeated or truncated). Default is DATA's length.
 * =item DATASIZE
 * Integer. Deprecated spelling of LENGTH.
 * =item STOP
 * Boolean. If true, then stop the driver once LIMIT packets are sent.
 * Default is false.
 * =item BANDWIDTH
 * Bandwidth. If set, RATE is computed as BANDWIDTH divided by the packet
 * length, and the bucket holds at least two packets' worth of bytes.
 * =h count read-only
 * Returns the total number of packets that have been generated.
 * =h reset write-only
 * Resets the number of generated packets to 0, and the bucket to one token.
 * =h data read/write
 * Returns or sets the DATA parameter.
 * =h length read/write
 * Returns or sets the LENGTH parameter (-1 for DATA's length).
 * =h datasize read/write
 * Deprecated spelling of length.
 * =h rate read/write
 * Returns or sets the RATE parameter.
 * =h limit read/write
 * Returns or sets the LIMIT parameter. Negative numbers mean no limit.
 * =h active read/write
 * Makes the element active or inactive.
 * =h scheduled read-only
 * Returns whether the task is scheduled (push mode).
 * =e
 *   RatedSource(\<0800>, 10, 1000) -> Queue -> ...
 * =a InfiniteSource, TimedSource
 */
#include <stddef.h>
#include "rated.h"
#include "source_data.h"

struct rated_source {
	struct nfc_element e;
	struct source_data content;
	uint32_t rate;
	int32_t limit; /* negative: no limit */
	bool active;
	bool stop;
	double bandwidth;
	bool push_mode;
	uint64_t count;
	struct nfc_token_bucket tb;
	struct nfc_task task;
	struct nfc_timer timer;
};

static const struct nfc_arg_spec rated_source_args[] = {
	SOURCE_DATA_ARG(struct rated_source, content),
	{ .keyword = "RATE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, rate), .doc = "packets per second" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, limit), .doc = "packets to send (-1: no limit)" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, active), .doc = "send packets" },
	SOURCE_LENGTH_ARGS(struct rated_source, content),
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct rated_source, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "BANDWIDTH", .type = NFC_ARG_BANDWIDTH,
	  .offset = offsetof(struct rated_source, bandwidth), .doc = "rate in bytes per second" },
	NFC_ARGS_END
};

/* Click's bucket: capacity 2 below 200 pps, else RATE/100 (a 10 ms burst). */
static uint32_t rated_source_burst(uint32_t rate)
{
	return rate < 200 ? 2 : rate / 100;
}

static int rated_source_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	source_data_init(&s->content);
	s->rate = 10;
	s->limit = -1;
	s->active = true;
	s->stop = false;
	s->bandwidth = 0;
	nfc_token_bucket_init(&s->tb);
	if (nfc_args_parse(e, conf, rated_source_args, errh, NULL) < 0)
		return -1;
	int r = source_data_check(&s->content, errh);
	if (s->bandwidth < 0)
		r = nfc_error(errh, "BANDWIDTH must not be negative");
	if (r < 0)
		return r;
	if (source_data_setup(&s->content, errh) < 0)
		return -1;

	uint32_t bw = nfc_rated_bandwidth_u32(s->bandwidth);
	uint32_t burst;
	if (bw > 0) {
		if (s->content.pkt_len == 0)
			return nfc_error(errh, "BANDWIDTH needs packets of nonzero length");
		s->rate = bw / s->content.pkt_len;
		burst = rated_source_burst(s->rate);
		if (burst < 2 * s->content.pkt_len)
			burst = 2 * s->content.pkt_len;
	} else
		burst = rated_source_burst(s->rate);
	nfc_token_bucket_assign(&s->tb, s->rate, burst);
	return 0;
}

static bool rated_source_exhausted(const struct rated_source *s)
{
	return s->limit >= 0 && s->count >= (uint64_t)s->limit;
}

/* Up to @n packets the bucket and LIMIT allow now, into @b; returns how many. */
static unsigned rated_source_emit(struct rated_source *s, struct nfc_batch *b, unsigned n)
{
	if (s->limit >= 0 && n > (uint64_t)s->limit - s->count)
		n = (unsigned)((uint64_t)s->limit - s->count);
	nfc_token_bucket_refill(&s->tb);
	uint32_t tokens = nfc_token_bucket_size(&s->tb);
	if (n > tokens)
		n = tokens;
	int64_t now = nfc_now();
	unsigned made = 0;
	while (made < n) {
		struct nfc_packet *p = nfc_packet_make(s->content.pkt, s->content.pkt_len);
		if (!p)
			break;
		p->timestamp_ns = now;
		b->pkts[b->count++] = p;
		made++;
	}
	nfc_token_bucket_remove(&s->tb, made);
	s->count += made;
	return made;
}

static bool rated_source_run(struct nfc_task *t, void *arg)
{
	struct rated_source *s = arg;
	if (!s->active)
		return false;
	if (rated_source_exhausted(s)) {
		if (s->stop)
			nfc_router_please_stop(s->e.router);
		return false;
	}
	struct nfc_batch b;
	nfc_batch_init(&b);
	if (rated_source_emit(s, &b, NFC_BATCH_MAX) == 0) {
		uint64_t wait = nfc_token_bucket_time_until_contains(&s->tb, 1);
		if (wait != NFC_TB_NEVER)
			nfc_timer_schedule_after(&s->timer, nfc_token_bucket_ticks_ns(wait));
		return false;
	}
	nfc_push(&s->e, 0, &b);
	nfc_task_fast_reschedule(t);
	return true;
}

static unsigned rated_source_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				  unsigned max)
{
	struct rated_source *s = (struct rated_source *)e;
	if (!s->active)
		return 0;
	if (rated_source_exhausted(s)) {
		if (s->stop)
			nfc_router_please_stop(s->e.router);
		return 0;
	}
	return rated_source_emit(s, out, max);
}

static void rated_source_timer(struct nfc_timer *timer, void *arg)
{
	struct rated_source *s = arg;
	nfc_task_schedule(&s->task);
}

static int rated_source_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	s->count = 0;
	nfc_token_bucket_set(&s->tb, 1);
	s->push_mode = nfc_output_is_push(e, 0);
	if (s->push_mode) {
		nfc_task_init(&s->task, e, rated_source_run, s);
		nfc_timer_init(&s->timer, e, rated_source_timer, s);
		if (s->active)
			nfc_task_schedule(&s->task);
	}
	return 0;
}

static void rated_source_cleanup(struct nfc_element *e)
{
	struct rated_source *s = (struct rated_source *)e;
	if (s->task.initialized) {
		nfc_timer_cleanup(&s->timer);
		nfc_task_cleanup(&s->task);
	}
	source_data_cleanup(&s->content);
}

/* ---- handlers ---- */

enum { H_RATE, H_LIMIT, H_ACTIVE, H_COUNT, H_RESET };

static int rated_source_read(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RATE:
		nfc_strbuf_printf(out, "%u", nfc_token_bucket_rate(&s->tb));
		break;
	case H_LIMIT:
		nfc_strbuf_printf(out, "%d", s->limit < 0 ? -1 : (int)s->limit);
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, s->active ? "true" : "false");
		break;
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)s->count);
		break;
	}
	return 0;
}

/* After a change: produce again if there is something to produce. */
static void rated_source_kick(struct nfc_element *e)
{
	struct rated_source *s = (struct rated_source *)e;
	if (s->push_mode && s->active && s->task.initialized && !nfc_task_scheduled(&s->task))
		nfc_task_schedule(&s->task);
}

static int rated_source_write(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RATE: {
		uint32_t rate;
		if (nfc_parse_uint32(value, &rate) < 0)
			return nfc_error(errh, "rate: expected unsigned integer");
		s->rate = rate;
		nfc_token_bucket_assign_adjust(&s->tb, rate, rated_source_burst(rate));
		break;
	}
	case H_LIMIT: {
		int32_t limit;
		if (nfc_parse_int32(value, &limit) < 0)
			return nfc_error(errh, "limit: expected integer");
		s->limit = limit < 0 ? -1 : limit;
		break;
	}
	case H_ACTIVE: {
		bool active;
		if (nfc_parse_bool(value, &active) < 0)
			return nfc_error(errh, "active: expected boolean");
		/* restarting: one packet may go at once, then the rate holds */
		if (active && !s->active && s->push_mode && !nfc_task_scheduled(&s->task))
			nfc_token_bucket_set(&s->tb, 1);
		s->active = active;
		break;
	}
	case H_RESET:
		s->count = 0;
		nfc_token_bucket_set(&s->tb, 1);
		break;
	}
	rated_source_kick(e);
	return 0;
}

static const struct source_handler rated_source_own_handlers[] = {
	{ "rate", H_RATE, true, true },     { "limit", H_LIMIT, true, true },
	{ "active", H_ACTIVE, true, true }, { "count", H_COUNT, true, false },
	{ "reset", H_RESET, false, true },
};

/* data is taken as written, as Click's RAW data handler */
static const struct source_handlers rated_source_handlers = {
	.offset = offsetof(struct rated_source, content), .unquote = false,
	.changed = rated_source_kick, .own = rated_source_own_handlers,
	.nown = sizeof rated_source_own_handlers / sizeof rated_source_own_handlers[0],
	.read = rated_source_read, .write = rated_source_write, .button = H_RESET,
	.length = true, .datasize = true,
};

static int rated_source_add_handlers(struct nfc_element *e)
{
	source_add_handlers(e, &rated_source_handlers);
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &((struct rated_source *)e)->task);
	return 0;
}

static const struct nfc_element_class rated_source_class = {
	.name = "RatedSource",
	.port_count = "0/1",
	.processing = "a/a",
	.size = sizeof(struct rated_source),
	.configure = rated_source_configure,
	.initialize = rated_source_initialize,
	.cleanup = rated_source_cleanup,
	.add_handlers = rated_source_add_handlers,
	.pull = rated_source_pull,
};
NFC_REGISTER_ELEMENT(rated_source_class);
