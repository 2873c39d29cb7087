/* SPDX-License-Identifier: MIT */
/* TimedSink: pulls and drops one packet every INTERVAL, from a timer. */

/*
 * =c
 * TimedSink([INTERVAL])
 * =s basicsources
 * periodically pulls and drops a packet
 * =d
 * Pulls one packet from its pull input every INTERVAL (default 500
 * milliseconds) and discards it.
 * =h interval read/write
 * Returns or sets INTERVAL.
 * =h count read-only
 * Returns the number of packets discarded.
 * =e
 *   ... -> Queue -> TimedSink(10ms);
 * =a Discard, TimedSource, Shaper
 */
#include <stddef.h>
#include "rated.h"

struct timedsink {
	struct nfc_element e;
	int64_t interval_ns;
	uint64_t count;
	struct nfc_timer timer;
	bool timer_ready;
};

static const struct nfc_arg_spec timedsink_args[] = {
	{ .keyword = "INTERVAL", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct timedsink, interval_ns), .doc = "time between pulls" },
	NFC_ARGS_END
};

static int timedsink_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct timedsink *s = (struct timedsink *)e;
	s->interval_ns = NFC_NSEC_PER_SEC / 2;
	if (nfc_args_parse(e, conf, timedsink_args, errh, NULL) < 0)
		return -1;
	if (s->interval_ns <= 0)
		return nfc_error(errh, "INTERVAL must be greater than 0");
	return 0;
}

static void timedsink_fire(struct nfc_timer *t, void *arg)
{
	struct timedsink *s = arg;
	struct nfc_packet *p = nfc_pull_packet(&s->e, 0);
	if (p) {
		s->count++;
		nfc_packet_kill(p);
	}
	nfc_timer_reschedule_after(t, s->interval_ns);
}

static int timedsink_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct timedsink *s = (struct timedsink *)e;
	nfc_timer_init(&s->timer, e, timedsink_fire, s);
	s->timer_ready = true;
	nfc_timer_schedule_after(&s->timer, s->interval_ns);
	return 0;
}

static void timedsink_cleanup(struct nfc_element *e)
{
	struct timedsink *s = (struct timedsink *)e;
	if (s->timer_ready)
		nfc_timer_cleanup(&s->timer);
	s->timer_ready = false;
}

/* Click's interval notation: "500ms", "20us", "1.500000s". */
static int timedsink_read_interval(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_rated_unparse_interval(out, ((struct timedsink *)e)->interval_ns);
	return 0;
}

static int timedsink_write_interval(struct nfc_element *e, void *thunk, const char *value,
				    struct nfc_errh *errh)
{
	int64_t ns;
	if (nfc_parse_time_ns(value, &ns) < 0 || ns <= 0)
		return nfc_error(errh, "interval: expected a time greater than 0");
	((struct timedsink *)e)->interval_ns = ns;
	return 0;
}

static int timedsink_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "interval", timedsink_read_interval, NULL, 0);
	nfc_add_write_handler(e, "interval", timedsink_write_interval, NULL, 0);
	nfc_add_read_handler(e, "count", nfc_read_u64_field,
			     NFC_FIELD_THUNK(struct timedsink, count), 0);
	return 0;
}

static const struct nfc_element_class timedsink_class = {
	.name = "TimedSink",
	.port_count = "1/0",
	.processing = "l/",
	.size = sizeof(struct timedsink),
	.configure = timedsink_configure,
	.initialize = timedsink_initialize,
	.cleanup = timedsink_cleanup,
	.add_handlers = timedsink_add_handlers,
};
NFC_REGISTER_ELEMENT(timedsink_class);
