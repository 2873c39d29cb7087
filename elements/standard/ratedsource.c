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
#include <stdlib.h>
#include <string.h>
#include "rated.h"

#define RATEDSOURCE_DEFAULT_DATA \
	"Random bullshit in a packet, at least 64 bytes long. Well, now it is."

struct rated_source {
	struct nfc_element e;
	struct nfc_arg_data data;
	uint32_t rate;
	int32_t limit; /* negative: no limit */
	bool active;
	bool stop;
	int32_t length; /* -1: DATA's own length */
	bool length_given, datasize_given;
	int32_t datasize;
	double bandwidth;
	bool push_mode;
	uint64_t count;
	/* DATA, and the packet bytes built from it for LENGTH */
	unsigned char *data_bytes;
	size_t data_len;
	unsigned char *pkt;
	uint32_t pkt_len;
	struct nfc_token_bucket tb;
	struct nfc_task task;
	struct nfc_timer timer;
};

static const struct nfc_arg_spec rated_source_args[] = {
	{ .keyword = "DATA", .type = NFC_ARG_DATA, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, data), .doc = "packet contents" },
	{ .keyword = "RATE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, rate), .doc = "packets per second" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, limit), .doc = "packets to send (-1: no limit)" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_source, active), .doc = "send packets" },
	{ .keyword = "LENGTH", .type = NFC_ARG_INT32, .offset = offsetof(struct rated_source, length),
	  .given_offset = offsetof(struct rated_source, length_given), .doc = "packet length" },
	{ .keyword = "DATASIZE", .type = NFC_ARG_INT32,
	  .offset = offsetof(struct rated_source, datasize),
	  .given_offset = offsetof(struct rated_source, datasize_given),
	  .doc = "deprecated spelling of LENGTH" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct rated_source, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "BANDWIDTH", .type = NFC_ARG_BANDWIDTH,
	  .offset = offsetof(struct rated_source, bandwidth), .doc = "rate in bytes per second" },
	NFC_ARGS_END
};

/* Packet bytes from DATA and LENGTH: DATA repeated or cut (Click's setup_packet). */
static int rated_source_setup_packet(struct rated_source *s)
{
	size_t len = s->length < 0 ? s->data_len : (size_t)s->length;
	unsigned char *buf = malloc(len ? len : 1);
	if (!buf)
		return -1;
	if (len <= s->data_len)
		memcpy(buf, s->data_bytes, len);
	else if (s->data_len == 0)
		memset(buf, 0, len);
	else
		for (size_t off = 0; off < len; off += s->data_len)
			memcpy(buf + off, s->data_bytes,
			       len - off < s->data_len ? len - off : s->data_len);
	free(s->pkt);
	s->pkt = buf;
	s->pkt_len = (uint32_t)len;
	return 0;
}

static int rated_source_set_data(struct rated_source *s, const void *bytes, size_t len)
{
	unsigned char *d = malloc(len ? len : 1);
	if (!d)
		return -1;
	memcpy(d, bytes, len);
	free(s->data_bytes);
	s->data_bytes = d;
	s->data_len = len;
	return 0;
}

/* Click's bucket: capacity 2 below 200 pps, else RATE/100 (a 10 ms burst). */
static uint32_t rated_source_burst(uint32_t rate)
{
	return rate < 200 ? 2 : rate / 100;
}

static int rated_source_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	s->data.bytes = NULL;
	s->data.len = 0;
	s->rate = 10;
	s->limit = -1;
	s->active = true;
	s->stop = false;
	s->length = s->datasize = -1;
	s->length_given = s->datasize_given = false;
	s->bandwidth = 0;
	nfc_token_bucket_init(&s->tb);
	if (nfc_args_parse(e, conf, rated_source_args, errh, NULL) < 0)
		return -1;
	int r = 0;
	if (s->length_given && s->datasize_given)
		r = nfc_error(errh, "LENGTH and DATASIZE are the same argument; give one");
	if (s->datasize_given)
		s->length = s->datasize;
	if (s->length < -1 || ((s->length_given || s->datasize_given) && s->length < 0))
		r = nfc_error(errh, "LENGTH must be at least 0");
	if (s->bandwidth < 0)
		r = nfc_error(errh, "BANDWIDTH must not be negative");
	if (r < 0)
		return r;

	if (s->data.bytes)
		r = rated_source_set_data(s, s->data.bytes, s->data.len);
	else
		r = rated_source_set_data(s, RATEDSOURCE_DEFAULT_DATA,
					  strlen(RATEDSOURCE_DEFAULT_DATA));
	if (r < 0 || rated_source_setup_packet(s) < 0)
		return nfc_error(errh, "out of memory");

	uint32_t bw = nfc_rated_bandwidth_u32(s->bandwidth);
	uint32_t burst;
	if (bw > 0) {
		if (s->pkt_len == 0)
			return nfc_error(errh, "BANDWIDTH needs packets of nonzero length");
		s->rate = bw / s->pkt_len;
		burst = rated_source_burst(s->rate);
		if (burst < 2 * s->pkt_len)
			burst = 2 * s->pkt_len;
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
		struct nfc_packet *p = nfc_packet_make(s->pkt, s->pkt_len);
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
	free(s->pkt);
	free(s->data_bytes);
	s->pkt = s->data_bytes = NULL;
}

/* ---- handlers ---- */

enum { H_DATA, H_RATE, H_LIMIT, H_ACTIVE, H_COUNT, H_RESET, H_LENGTH };

static int rated_source_read(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_DATA:
		nfc_strbuf_append(out, (const char *)s->data_bytes, s->data_len);
		break;
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
	case H_LENGTH:
		nfc_strbuf_printf(out, "%d", (int)s->length);
		break;
	}
	return 0;
}

/* After a change: produce again if there is something to produce. */
static void rated_source_kick(struct rated_source *s)
{
	if (s->push_mode && s->active && s->task.initialized && !nfc_task_scheduled(&s->task))
		nfc_task_schedule(&s->task);
}

static int rated_source_write(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct rated_source *s = (struct rated_source *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_DATA:
		if (rated_source_set_data(s, value, strlen(value)) < 0 ||
		    rated_source_setup_packet(s) < 0)
			return nfc_error(errh, "out of memory");
		break;
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
	case H_LENGTH: {
		int32_t length;
		if (nfc_parse_int32(value, &length) < 0 || length < -1)
			return nfc_error(errh, "length: expected integer >= 0, or -1 for DATA's length");
		s->length = length;
		if (rated_source_setup_packet(s) < 0)
			return nfc_error(errh, "out of memory");
		break;
	}
	}
	rated_source_kick(s);
	return 0;
}

static int rated_source_add_handlers(struct nfc_element *e)
{
	struct rated_source *s = (struct rated_source *)e;
	static const struct { const char *name; int h; bool rd, wr; } hs[] = {
		{ "data", H_DATA, true, true },	      { "rate", H_RATE, true, true },
		{ "limit", H_LIMIT, true, true },     { "active", H_ACTIVE, true, true },
		{ "count", H_COUNT, true, false },    { "reset", H_RESET, false, true },
		{ "length", H_LENGTH, true, true },   { "datasize", H_LENGTH, true, true },
	};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
		void *thunk = (void *)(uintptr_t)hs[i].h;
		if (hs[i].rd)
			nfc_add_read_handler(e, hs[i].name, rated_source_read, thunk, 0);
		if (hs[i].wr)
			nfc_add_write_handler(e, hs[i].name, rated_source_write, thunk,
					      hs[i].h == H_RESET ? NFC_HANDLER_BUTTON : 0);
	}
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &s->task);
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
