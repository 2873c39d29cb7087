/* SPDX-License-Identifier: MIT */
/* TimeFilter: passes packets whose timestamps lie in a time range. */

/*
 * =c
 * TimeFilter([START, END, KEYWORDS])
 * =s timestamps
 * filter packets by timestamp
 * =d
 * Passes packets whose timestamp annotations lie in [START, END) on output
 * 0; other packets leave on output 1 if there is one and are dropped
 * otherwise. The range may be absolute or relative to the first packet
 * seen or to initialization time. By default START is the first packet's
 * timestamp and there is no END.
 *
 * Keyword arguments are:
 * =item START
 * Time since the epoch. Pass packets with timestamps at least START.
 * =item START_AFTER
 * Time. Pass packets at least this long after the first packet seen.
 * =item START_DELAY
 * Time. Pass packets at least this long after initialization.
 * =item END
 * Time since the epoch. Pass packets with timestamps before END.
 * =item END_AFTER
 * Time. Pass packets less than this long after the first packet seen.
 * =item END_DELAY
 * Time. Pass packets less than this long after initialization.
 * =item INTERVAL
 * Time. Pass packets less than this long after the start time.
 * =item STOP
 * Boolean. Stop the router at the first packet past the end. Default false.
 * =item END_CALL
 * Write handler called at the first packet past the end, with "$t"
 * replaced by that packet's timestamp. If the call moves the end (the
 * "extend_interval" handler), the packet passes. Exclusive with STOP.
 * =back
 *
 * Give at most one of START, START_AFTER and START_DELAY, and at most one
 * of END, END_AFTER, END_DELAY and INTERVAL.
 * =h start read/write
 * Returns or sets the start time.
 * =h end read/write
 * Returns or sets the end time.
 * =h interval read/write
 * Returns the end minus the start; setting it moves the end.
 * =h extend_interval write-only
 * Adds a time to the end time.
 * =e
 *   FromDump(x.pcap) -> TimeFilter(START_AFTER 10, INTERVAL 60) -> ...
 * =a SetTimestamp, AdjustTimestamp
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "ipsumdump.h"

struct timefilter {
	struct nfc_element e;
	int64_t start, end, start_delay, end_delay, start_after, end_after, interval;
	bool start_given, end_given, start_delay_given, end_delay_given;
	bool start_after_given, end_after_given, interval_given;
	bool stop;
	char *end_call_text;

	int64_t first, last;
	bool ready;
	bool first_relative, first_init_relative, last_relative, last_init_relative, last_interval;
	bool last_h_ready;
	bool have_call;
	struct nfc_handler_call call;
	char *call_value; /* the value as written, with "$t" still in it */
};

#define TF_TIME(kw, field, doc_)                                                     \
	{ .keyword = kw, .type = NFC_ARG_TIME, .offset = offsetof(struct timefilter, field), \
	  .given_offset = offsetof(struct timefilter, field##_given), .doc = doc_ }

static const struct nfc_arg_spec timefilter_args[] = {
	{ .keyword = "START", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct timefilter, start),
	  .given_offset = offsetof(struct timefilter, start_given), .doc = "absolute start time" },
	{ .keyword = "END", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct timefilter, end),
	  .given_offset = offsetof(struct timefilter, end_given), .doc = "absolute end time" },
	TF_TIME("START_DELAY", start_delay, "start, relative to initialization"),
	TF_TIME("END_DELAY", end_delay, "end, relative to initialization"),
	TF_TIME("START_AFTER", start_after, "start, relative to the first packet"),
	TF_TIME("END_AFTER", end_after, "end, relative to the first packet"),
	TF_TIME("INTERVAL", interval, "end, relative to the start"),
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct timefilter, stop),
	  .doc = "stop the router past the end" },
	{ .keyword = "END_CALL", .type = NFC_ARG_HANDLER,
	  .offset = offsetof(struct timefilter, end_call_text), .doc = "handler called past the end" },
	NFC_ARGS_END
};

static int timefilter_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct timefilter *t = (struct timefilter *)e;
	if (nfc_args_parse(e, conf, timefilter_args, errh, NULL) < 0)
		return -1;
	if (t->start_given + t->start_after_given + t->start_delay_given > 1)
		return nfc_error(errh, "START, START_AFTER, and START_DELAY are mutually exclusive");
	if (t->end_given + t->end_after_given + t->end_delay_given + t->interval_given > 1)
		return nfc_error(errh,
				 "END, END_AFTER, END_DELAY, and INTERVAL are mutually exclusive");
	if (t->end_call_text && t->stop)
		return nfc_error(errh, "END_CALL and STOP are mutually exclusive");
	if (t->start_given)
		t->first = t->start;
	else if (t->start_delay_given)
		t->first = t->start_delay, t->first_init_relative = true;
	else
		t->first = t->start_after, t->first_relative = true;
	if (t->end_given)
		t->last = t->end;
	else if (t->end_after_given)
		t->last = t->end_after, t->last_relative = true;
	else if (t->end_delay_given)
		t->last = t->end_delay, t->last_init_relative = true;
	else if (t->interval_given)
		t->last = t->interval, t->last_interval = true;
	else
		t->last = INT64_MAX;
	return 0;
}

static int timefilter_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct timefilter *t = (struct timefilter *)e;
	if (t->end_call_text) {
		if (nfc_handler_call_init(&t->call, e, t->end_call_text, 1, errh) < 0)
			return -1;
		t->have_call = true;
		if (t->call.value)
			t->call_value = nfc_element_strdup(e, t->call.value);
	}
	if (t->first_init_relative || t->last_init_relative) {
		int64_t now = nfc_now();
		if (t->first_init_relative)
			t->first += now;
		if (t->last_init_relative)
			t->last += now;
	}
	t->last_h_ready = t->have_call || t->stop;
	return 0;
}

static void timefilter_cleanup(struct nfc_element *e)
{
	struct timefilter *t = (struct timefilter *)e;
	if (t->have_call)
		nfc_handler_call_free(&t->call);
	t->have_call = false;
}

/* Relative times become absolute at the first packet. */
static void timefilter_first_packet(struct timefilter *t, int64_t ts)
{
	if (t->first_relative)
		t->first += ts;
	if (t->last_relative)
		t->last += ts;
	else if (t->last_interval)
		t->last += t->first;
	t->ready = true;
}

/* Call END_CALL with "$t" (or "${t}") replaced by the packet's timestamp. */
static void timefilter_call(struct timefilter *t, int64_t ts)
{
	struct nfc_errh *errh = nfc_router_errh(t->e.router);
	if (!t->have_call) {
		nfc_router_please_stop(t->e.router);
		return;
	}
	struct nfc_strbuf tsb = NFC_STRBUF_INIT, val = NFC_STRBUF_INIT;
	isd_unparse_timestamp(&tsb, ts);
	char *orig = t->call.value;
	if (t->call_value) {
		for (const char *s = t->call_value; *s; s++) {
			if (s[0] == '$' && s[1] == 't' && !(s[2] == '_' || isalnum((unsigned char)s[2]))) {
				nfc_strbuf_puts(&val, tsb.s);
				s++;
			} else if (strncmp(s, "${t}", 4) == 0) {
				nfc_strbuf_puts(&val, tsb.s);
				s += 3;
			} else
				nfc_strbuf_putc(&val, *s);
		}
		t->call.value = (char *)nfc_strbuf_str(&val);
	}
	(void)nfc_handler_call_run_write(&t->call, errh);
	t->call.value = orig;
	nfc_strbuf_free(&tsb);
	nfc_strbuf_free(&val);
}

static int timefilter_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct timefilter *t = (struct timefilter *)e;
	int64_t ts = p->timestamp_ns;
	if (!t->ready)
		timefilter_first_packet(t, ts);
	if (ts < t->first)
		return e->noutputs > 1 ? 1 : -1;
	if (ts >= t->last && t->last_h_ready) {
		/* the call may extend the range (and call again) or not */
		int64_t prev;
		do {
			prev = t->last;
			t->last_h_ready = false;
			timefilter_call(t, ts);
		} while (ts >= t->last && t->last_h_ready && t->last > prev);
	}
	if (ts >= t->last)
		return e->noutputs > 1 ? 1 : -1;
	return 0;
}

enum { H_START, H_END, H_INTERVAL, H_EXTEND_INTERVAL };

static int timefilter_read(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct timefilter *t = (struct timefilter *)e;
	switch ((int)(intptr_t)thunk) {
	case H_START:
		isd_unparse_timestamp(out, t->first);
		break;
	case H_END:
		isd_unparse_timestamp(out, t->last);
		break;
	default:
		isd_unparse_timestamp(out, t->last - t->first);
		break;
	}
	return 0;
}

static int timefilter_write(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	struct timefilter *t = (struct timefilter *)e;
	int64_t ns;
	if (!isd_parse_time(value, &ns))
		return nfc_error(errh, "expected time");
	switch ((int)(intptr_t)thunk) {
	case H_START:
		if (!t->ready)
			timefilter_first_packet(t, ns);
		t->first = ns;
		break;
	case H_END:
		t->last = ns;
		t->last_relative = t->last_init_relative = t->last_interval = false;
		t->last_h_ready = true;
		break;
	case H_INTERVAL:
		t->last = t->first + ns;
		t->last_h_ready = true;
		break;
	case H_EXTEND_INTERVAL:
		t->last += ns;
		t->last_h_ready = true;
		break;
	}
	t->last_h_ready = t->last_h_ready && (t->have_call || t->stop);
	return 0;
}

static int timefilter_add_handlers(struct nfc_element *e)
{
	static const char *const names[] = { "start", "end", "interval" };
	for (intptr_t i = 0; i < 3; i++) {
		nfc_add_read_handler(e, names[i], timefilter_read, (void *)i, 0);
		nfc_add_write_handler(e, names[i], timefilter_write, (void *)i, 0);
	}
	nfc_add_write_handler(e, "extend_interval", timefilter_write, (void *)H_EXTEND_INTERVAL, 0);
	return 0;
}

static const struct nfc_element_class timefilter_class = {
	.name = "TimeFilter",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct timefilter),
	.configure = timefilter_configure,
	.initialize = timefilter_initialize,
	.cleanup = timefilter_cleanup,
	.add_handlers = timefilter_add_handlers,
	.classify = timefilter_classify,
};
NFC_REGISTER_ELEMENT(timefilter_class);
