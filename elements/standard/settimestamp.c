/* SPDX-License-Identifier: MIT */
/* SetTimestamp: stores the current (or a given) time in the timestamp annotation. */

/*
 * =c
 * SetTimestamp([TIMESTAMP, KEYWORDS])
 * =s timestamps
 * stores the time in the packet's timestamp annotation
 * =d
 * Stores TIMESTAMP (seconds since the epoch, like 1000000000.5) in each
 * packet's timestamp annotation. Without TIMESTAMP, stores the time the
 * packet (its batch) reached SetTimestamp.
 *
 * Keyword arguments are:
 *
 * =item FIRST
 * Boolean. If true, sets the packet's "first timestamp" annotation instead.
 * Default is false.
 * =e
 *   ... -> SetTimestamp -> ...
 * =a SetTimestampDelta
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct settimestamp {
	struct nfc_element e;
	int64_t when_ns;
	bool when_given;
	bool first;
	bool delta;
};

static const struct nfc_arg_spec settimestamp_args[] = {
	{ .keyword = "TIMESTAMP", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct settimestamp, when_ns),
	  .given_offset = offsetof(struct settimestamp, when_given),
	  .doc = "time to store (default: now)" },
	{ .keyword = "FIRST", .type = NFC_ARG_BOOL, .offset = offsetof(struct settimestamp, first),
	  .doc = "set the first-timestamp annotation" },
	{ .keyword = "DELTA", .type = NFC_ARG_BOOL, .offset = offsetof(struct settimestamp, delta),
	  .doc = "removed: use SetTimestampDelta" },
	NFC_ARGS_END
};

static int settimestamp_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct settimestamp *s = (struct settimestamp *)e;
	s->first = s->delta = s->when_given = false;
	if (nfc_args_parse(e, conf, settimestamp_args, errh, NULL) < 0)
		return -1;
	if (s->delta)
		return nfc_error(errh, "DELTA is no longer supported; use SetTimestampDelta(TYPE FIRST)");
	return 0;
}

static void settimestamp_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct settimestamp *s = (struct settimestamp *)e;
	int64_t t = s->when_given ? s->when_ns : nfc_now();
	if (s->first)
		for (unsigned i = 0; i < b->count; i++)
			memcpy(b->pkts[i]->anno + NFC_ANNO_FIRST_TIMESTAMP, &t, sizeof t);
	else
		for (unsigned i = 0; i < b->count; i++)
			b->pkts[i]->timestamp_ns = t;
}

static const struct nfc_element_class settimestamp_class = {
	.name = "SetTimestamp",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct settimestamp),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = settimestamp_configure,
	.batch_action = settimestamp_batch_action,
};
NFC_REGISTER_ELEMENT(settimestamp_class);
