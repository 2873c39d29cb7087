/* SPDX-License-Identifier: MIT */
/* TimedSource: pushes a packet every INTERVAL, from a timer. */

/*
 * =c
 * TimedSource([INTERVAL, DATA, KEYWORDS])
 * =s basicsources
 * periodically generates a packet
 * =d
 * Creates packets consisting of DATA and pushes one out its single output
 * every INTERVAL (default 500 milliseconds). The default DATA is at least 64
 * bytes long. Each packet is a fresh copy with its timestamp annotation set
 * to the time it was made.
 *
 * Keyword arguments are:
 *
 * =item DATA
 * String. Same as the DATA argument.
 * =item INTERVAL
 * Time. Same as the INTERVAL argument.
 * =item LIMIT
 * Integer. Stops after LIMIT packets; a negative LIMIT (the default) means
 * no limit.
 * =item STOP
 * Boolean. If true, asks the driver to stop at the first interval after
 * LIMIT packets were sent. Default is false.
 * =item ACTIVE
 * Boolean. If false, no packets are sent. Default is true.
 * =item HEADROOM
 * Integer. Bytes of headroom in front of each packet's data. Default is 64.
 * =h data read/write
 * Returns or sets DATA (written like the argument: quotes and \<hex> escapes
 * are understood).
 * =h interval read/write
 * Returns or sets INTERVAL.
 * =h limit read/write
 * Returns or sets LIMIT.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =h count read-only
 * Returns the number of packets sent.
 * =h headroom read/write
 * Returns or sets HEADROOM.
 * =h reset write-only
 * Resets the count to 0 and starts again (if active).
 * =e
 *   TimedSource(0.333) -> ...
 * =a InfiniteSource, RatedSource
 */
#include <stddef.h>
#include <string.h>
#include "rated.h"
#include "source_data.h"

struct timedsrc {
	struct nfc_element e;
	int64_t interval_ns;
	struct source_data content; /* DATA only: TimedSource has no LENGTH */
	int64_t limit;
	uint64_t count;
	bool active;
	bool stop;
	uint32_t headroom;
	struct nfc_timer timer;
	bool timer_ready;
};

static const struct nfc_arg_spec timedsrc_args[] = {
	{ .keyword = "INTERVAL", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct timedsrc, interval_ns), .doc = "time between packets" },
	SOURCE_DATA_ARG(struct timedsrc, content),
	{ .keyword = "LIMIT", .type = NFC_ARG_INT64, .offset = offsetof(struct timedsrc, limit),
	  .doc = "packets to send (-1: no limit)" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct timedsrc, active),
	  .doc = "send packets" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct timedsrc, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "HEADROOM", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = NFC_PACKET_BUFSIZE, .offset = offsetof(struct timedsrc, headroom),
	  .doc = "headroom of each packet" },
	NFC_ARGS_END
};

static int timedsrc_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	struct timedsrc *s = (struct timedsrc *)e;
	s->interval_ns = NFC_NSEC_PER_SEC / 2;
	source_data_init(&s->content);
	s->limit = -1;
	s->active = true;
	s->stop = false;
	s->headroom = NFC_PACKET_HEADROOM;
	if (nfc_args_parse(e, conf, timedsrc_args, errh, NULL) < 0)
		return -1;
	if (s->interval_ns <= 0)
		return nfc_error(errh, "INTERVAL must be greater than 0");
	return source_data_setup(&s->content, errh);
}

static void timedsrc_fire(struct nfc_timer *t, void *arg)
{
	struct timedsrc *s = arg;
	if (!s->active)
		return;
	if (s->limit >= 0 && s->count >= (uint64_t)s->limit) {
		if (s->stop)
			nfc_router_please_stop(s->e.router);
		return;
	}
	struct nfc_packet *p = nfc_packet_alloc(s->headroom, s->content.pkt_len, 0);
	if (p) {
		memcpy(p->data, s->content.pkt, s->content.pkt_len);
		p->timestamp_ns = nfc_now();
		s->count++;
		nfc_push_packet(&s->e, 0, p);
	}
	nfc_timer_reschedule_after(t, s->interval_ns);
}

static int timedsrc_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct timedsrc *s = (struct timedsrc *)e;
	nfc_timer_init(&s->timer, e, timedsrc_fire, s);
	s->timer_ready = true;
	if (s->active)
		nfc_timer_schedule_after(&s->timer, s->interval_ns);
	return 0;
}

static void timedsrc_cleanup(struct nfc_element *e)
{
	struct timedsrc *s = (struct timedsrc *)e;
	if (s->timer_ready)
		nfc_timer_cleanup(&s->timer);
	s->timer_ready = false;
	source_data_cleanup(&s->content);
}

/* ---- handlers ---- */

enum { H_INTERVAL, H_LIMIT, H_ACTIVE, H_COUNT, H_HEADROOM, H_RESET };

static int timedsrc_read(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct timedsrc *s = (struct timedsrc *)e;
	switch ((int)(intptr_t)thunk) {
	case H_INTERVAL:
		nfc_rated_unparse_interval(out, s->interval_ns);
		break;
	case H_LIMIT:
		nfc_strbuf_printf(out, "%lld", (long long)s->limit);
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, s->active ? "true" : "false");
		break;
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)s->count);
		break;
	case H_HEADROOM:
		nfc_strbuf_printf(out, "%u", s->headroom);
		break;
	}
	return 0;
}

static int timedsrc_write(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	struct timedsrc *s = (struct timedsrc *)e;
	switch ((int)(intptr_t)thunk) {
	case H_INTERVAL: {
		int64_t ns;
		if (nfc_parse_time_ns(value, &ns) < 0 || ns <= 0)
			return nfc_error(errh, "interval: expected a time greater than 0");
		s->interval_ns = ns;
		return 0;
	}
	case H_LIMIT: {
		int64_t limit;
		if (nfc_parse_int64(value, &limit) < 0)
			return nfc_error(errh, "limit: expected integer");
		s->limit = limit;
		break;
	}
	case H_HEADROOM: {
		uint32_t h;
		if (nfc_parse_uint32(value, &h) < 0 || h > NFC_PACKET_BUFSIZE)
			return nfc_error(errh, "headroom: expected integer 0..%d", NFC_PACKET_BUFSIZE);
		s->headroom = h;
		return 0;
	}
	case H_ACTIVE:
		if (nfc_parse_bool(value, &s->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		break;
	case H_RESET:
		s->count = 0;
		break;
	}
	/* Click restarts an idle timer at once when (re)activated or reset */
	if (s->timer_ready && s->active && !nfc_timer_scheduled(&s->timer))
		nfc_timer_schedule_after(&s->timer, 0);
	return 0;
}

static const struct source_handler timedsrc_own_handlers[] = {
	{ "interval", H_INTERVAL, true, true }, { "limit", H_LIMIT, true, true },
	{ "active", H_ACTIVE, true, true },     { "count", H_COUNT, true, false },
	{ "headroom", H_HEADROOM, true, true }, { "reset", H_RESET, false, true },
};

/* data: written like the argument (quotes, \<hex>); other text as is */
static const struct source_handlers timedsrc_handlers = {
	.offset = offsetof(struct timedsrc, content), .unquote = true, .changed = NULL,
	.own = timedsrc_own_handlers,
	.nown = sizeof timedsrc_own_handlers / sizeof timedsrc_own_handlers[0],
	.read = timedsrc_read, .write = timedsrc_write, .button = H_RESET,
};

static int timedsrc_add_handlers(struct nfc_element *e)
{
	source_add_handlers(e, &timedsrc_handlers);
	return 0;
}

static const struct nfc_element_class timedsrc_class = {
	.name = "TimedSource",
	.port_count = "0/1",
	.processing = "h/h",
	.size = sizeof(struct timedsrc),
	.configure = timedsrc_configure,
	.initialize = timedsrc_initialize,
	.cleanup = timedsrc_cleanup,
	.add_handlers = timedsrc_add_handlers,
};
NFC_REGISTER_ELEMENT(timedsrc_class);
