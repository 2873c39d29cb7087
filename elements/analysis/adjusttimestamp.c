/* SPDX-License-Identifier: MIT */
/* AdjustTimestamp: adds a (possibly negative) time to packets' timestamp annotations. */

/*
 * =c
 * AdjustTimestamp(TIME [, KEYWORDS])
 * =s timestamps
 * adjust the time in the packet's timestamp annotation
 * =d
 * Adds TIME, a possibly negative time ("-1", "+1.5", "-10ms"), to each
 * packet's timestamp annotation. Zero timestamps (never set) are left
 * alone unless ALL is true. Without TIME, nothing changes.
 *
 * Keyword arguments are:
 * =item FIRST
 * Boolean. Adjust the "first timestamp" annotation instead. Default false.
 * =item ALL
 * Boolean. Adjust zero timestamps too. Default false.
 * =back
 * =h time read/write
 * Returns or sets TIME, as an interval ("100ms", "-1.000000s").
 * =e
 *   FromDump(x.pcap) -> AdjustTimestamp(-3600) -> ...
 * =a SetTimestamp, SetTimestampDelta, TimeFilter
 */
#include <stddef.h>
#include <string.h>
#include "ipsumdump.h"

struct adjusttimestamp {
	struct nfc_element e;
	char *time_arg;
	bool first, all;
	int64_t delta_ns;
};

static const struct nfc_arg_spec adjusttimestamp_args[] = {
	{ .keyword = "TIME", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct adjusttimestamp, time_arg), .doc = "time to add (may be negative)" },
	{ .keyword = "FIRST", .type = NFC_ARG_BOOL, .offset = offsetof(struct adjusttimestamp, first),
	  .doc = "adjust the first-timestamp annotation" },
	{ .keyword = "ALL", .type = NFC_ARG_BOOL, .offset = offsetof(struct adjusttimestamp, all),
	  .doc = "adjust zero timestamps too" },
	NFC_ARGS_END
};

static int adjusttimestamp_configure(struct nfc_element *e, struct nfc_conf *conf,
				     struct nfc_errh *errh)
{
	struct adjusttimestamp *a = (struct adjusttimestamp *)e;
	if (nfc_args_parse(e, conf, adjusttimestamp_args, errh, NULL) < 0)
		return -1;
	a->delta_ns = 0;
	if (a->time_arg && !isd_parse_time(a->time_arg, &a->delta_ns))
		return nfc_error(errh, "TIME: expected time");
	return 0;
}

static void adjusttimestamp_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct adjusttimestamp *a = (struct adjusttimestamp *)e;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (a->first) {
			int64_t t;
			memcpy(&t, p->anno + NFC_ANNO_FIRST_TIMESTAMP, sizeof t);
			if (t || a->all) {
				t += a->delta_ns;
				memcpy(p->anno + NFC_ANNO_FIRST_TIMESTAMP, &t, sizeof t);
			}
		} else if (p->timestamp_ns || a->all)
			p->timestamp_ns += a->delta_ns;
	}
}

static int adjusttimestamp_read_time(struct nfc_element *e, void *thunk, const char *param,
				     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	isd_unparse_interval(out, ((struct adjusttimestamp *)e)->delta_ns);
	return 0;
}

static int adjusttimestamp_write_time(struct nfc_element *e, void *thunk, const char *value,
				      struct nfc_errh *errh)
{
	int64_t ns;
	if (!isd_parse_time(value, &ns))
		return nfc_error(errh, "time: expected time");
	((struct adjusttimestamp *)e)->delta_ns = ns;
	return 0;
}

static int adjusttimestamp_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "time", adjusttimestamp_read_time, NULL, 0);
	nfc_add_write_handler(e, "time", adjusttimestamp_write_time, NULL, 0);
	return 0;
}

static const struct nfc_element_class adjusttimestamp_class = {
	.name = "AdjustTimestamp",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct adjusttimestamp),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = adjusttimestamp_configure,
	.add_handlers = adjusttimestamp_add_handlers,
	.batch_action = adjusttimestamp_batch_action,
};
NFC_REGISTER_ELEMENT(adjusttimestamp_class);
