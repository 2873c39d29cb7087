/* SPDX-License-Identifier: MIT */
/* AggregateCounter: counts packets or bytes per aggregate annotation value. */

/*
 * =c
 * AggregateCounter([KEYWORDS])
 * =s aggregates
 * counts packets per aggregate annotation
 * =d
 * Counts the packets (or bytes) it sees for each value of the aggregate
 * annotation. The write_text_file handler (and its siblings) dump the
 * counts, in increasing aggregate order.
 *
 * A frozen AggregateCounter only updates aggregates already counted; the
 * "freeze" handler and the *_FREEZE keywords freeze it. The optional second
 * input is always frozen. With two outputs (push), counted packets leave
 * on output 0 and the others on output 1. In pull, output N pulls input N.
 *
 * Keyword arguments are:
 * =item BYTES
 * Boolean. Count bytes, not packets. Default false.
 * =item IP_BYTES
 * Boolean. With BYTES, leave out link header bytes. Default false.
 * =item MULTIPACKET
 * Boolean. Counting packets, add the extra packets annotation (a packet
 * standing for several, as FromIPSummaryDump makes). Default true.
 * =item EXTRA_LENGTH
 * Boolean. Counting bytes, add the extra length annotation. Default true.
 * =item AGGREGATE_STOP
 * Unsigned. Stop the router when a new aggregate would make N+1.
 * =item AGGREGATE_FREEZE
 * Unsigned. Freeze when a new aggregate would make N+1.
 * =item AGGREGATE_CALL
 * "N HANDLER [VALUE]": call the write handler when a new aggregate would
 * make N+1. The three AGGREGATE keywords are mutually exclusive.
 * =item COUNT_STOP
 * Unsigned. Stop the router once the total count reaches N.
 * =item COUNT_FREEZE
 * Unsigned. Freeze once the total count reaches N.
 * =item COUNT_CALL
 * "N HANDLER [VALUE]": call the write handler once the total count reaches
 * N. The three COUNT keywords are mutually exclusive.
 * =item BANNER
 * String written after the first line of dumps.
 * =back
 *
 * Dumps start with "!IPAggregate 1.0", the banner, "!num_nonzero N", then
 * a line "AGGREGATE COUNT" per aggregate.
 * =h write_text_file write-only
 * Writes the counts as text to the named file ("-": standard output).
 * Synonym: write_ascii_file.
 * =h write_ip_file write-only
 * Same, aggregates written as IP addresses ("!ip" line).
 * =h write_pdf_file write-only
 * Same, counts divided by the total count.
 * =h write_file write-only
 * Same, binary: "!packed_le" (or _be) then 8-byte records (aggregate, count).
 * =h freeze read/write
 * Returns or sets the frozen state.
 * =h active read/write
 * Returns or sets whether packets are counted at all.
 * =h stop write-only
 * Sets active false and stops the router.
 * =h counts_pdf write-only
 * Replaces the counts by their distribution: aggregates become the old
 * counts, counts how many aggregates had each. Synonym: reaggregate_counts.
 * =h clear write-only
 * Forgets all counts.
 * =h banner read/write
 * Returns or sets BANNER.
 * =h aggregate_call read/write
 * Returns or sets AGGREGATE_CALL ("" when none).
 * =h count_call read/write
 * Returns or sets COUNT_CALL ("" when none).
 * =h count read-only
 * Returns the total count.
 * =h nagg read-only
 * Returns the number of aggregates counted.
 * =e
 *   FromIPSummaryDump(-, STOP true) -> AggregateIP(ip dst) -> ac :: AggregateCounter -> Discard;
 *   DriverManager(pause, write ac.write_text_file -);
 * =a FromIPSummaryDump
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "aggregatecounter.h"

static const struct nfc_arg_spec ac_args[] = {
	{ .keyword = "BYTES", .type = NFC_ARG_BOOL, .offset = offsetof(struct aggcounter, bytes),
	  .doc = "count bytes" },
	{ .keyword = "IP_BYTES", .type = NFC_ARG_BOOL, .offset = offsetof(struct aggcounter, ip_bytes),
	  .doc = "leave out link header bytes" },
	{ .keyword = "MULTIPACKET", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct aggcounter, multipacket), .doc = "use packet count annotations" },
	{ .keyword = "EXTRA_LENGTH", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct aggcounter, extra_length), .doc = "use extra length annotations" },
	{ .keyword = "AGGREGATE_FREEZE", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct aggcounter, agg_limit[AC_FREEZE]),
	  .given_offset = offsetof(struct aggcounter, agg_given[AC_FREEZE]),
	  .doc = "freeze after N aggregates" },
	{ .keyword = "COUNT_FREEZE", .type = NFC_ARG_UINT64,
	  .offset = offsetof(struct aggcounter, count_limit[AC_FREEZE]),
	  .given_offset = offsetof(struct aggcounter, count_given[AC_FREEZE]),
	  .doc = "freeze after count N" },
	{ .keyword = "AGGREGATE_STOP", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct aggcounter, agg_limit[AC_STOP]),
	  .given_offset = offsetof(struct aggcounter, agg_given[AC_STOP]),
	  .doc = "stop after N aggregates" },
	{ .keyword = "COUNT_STOP", .type = NFC_ARG_UINT64,
	  .offset = offsetof(struct aggcounter, count_limit[AC_STOP]),
	  .given_offset = offsetof(struct aggcounter, count_given[AC_STOP]),
	  .doc = "stop after count N" },
	{ .keyword = "AGGREGATE_CALL", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct aggcounter, agg_call_text), .doc = "N HANDLER [VALUE]" },
	{ .keyword = "COUNT_CALL", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct aggcounter, count_call_text), .doc = "N HANDLER [VALUE]" },
	{ .keyword = "BANNER", .type = NFC_ARG_STRING, .offset = offsetof(struct aggcounter, banner_arg),
	  .doc = "text at the head of dumps" },
	NFC_ARGS_END
};

static int ac_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	ac->multipacket = ac->extra_length = true;
	if (nfc_args_parse(e, conf, ac_args, errh, NULL) < 0)
		return -1;
	if (ac->agg_given[AC_FREEZE] + ac->agg_given[AC_STOP] + (ac->agg_call_text != NULL) > 1)
		return nfc_error(errh, "'AGGREGATE_FREEZE', 'AGGREGATE_STOP', and 'AGGREGATE_CALL' are "
				       "mutually exclusive");
	if (ac->count_given[AC_FREEZE] + ac->count_given[AC_STOP] + (ac->count_call_text != NULL) > 1)
		return nfc_error(errh,
				 "'COUNT_FREEZE', 'COUNT_STOP', and 'COUNT_CALL' are mutually exclusive");
	ac->agg_trigger.limit = UINT64_MAX;
	ac->count_trigger.limit = UINT64_MAX;
	for (int k = AC_FREEZE; k <= AC_STOP; k++) {
		if (ac->agg_given[k])
			ac->agg_trigger.action = k, ac->agg_trigger.limit = ac->agg_limit[k];
		if (ac->count_given[k])
			ac->count_trigger.action = k, ac->count_trigger.limit = ac->count_limit[k];
	}
	if (ac->agg_call_text &&
	    ac_trigger_parse(ac, &ac->agg_trigger, ac->agg_call_text, false, errh) < 0)
		return nfc_error(errh, "AGGREGATE_CALL first word should be unsigned (number of "
				       "aggregates)");
	if (ac->count_call_text &&
	    ac_trigger_parse(ac, &ac->count_trigger, ac->count_call_text, false, errh) < 0)
		return nfc_error(errh, "COUNT_CALL first word should be unsigned (count)");
	if (ac->banner_arg)
		ac_set_banner(ac, ac->banner_arg);
	return 0;
}

static int ac_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	if (ac_trigger_init(ac, &ac->agg_trigger, errh) < 0 ||
	    ac_trigger_init(ac, &ac->count_trigger, errh) < 0)
		return -1;
	ac->active = true;
	return ac_clear(ac) < 0 ? nfc_error(errh, "out of memory!") : 0;
}

static void ac_cleanup(struct nfc_element *e)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	ac_trigger_free(&ac->agg_trigger);
	ac_trigger_free(&ac->count_trigger);
	free(ac->slots);
	ac->slots = NULL;
	free(ac->banner);
	ac->banner = NULL;
}

static void ac_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++) {
		bool counted = ac_update(ac, b->pkts[i], ac->frozen || port == 1);
		ports[i] = e->noutputs == 1 ? 0 : !counted;
	}
	nfc_push_split(e, b, ports);
}

static unsigned ac_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	unsigned before = out->count;
	unsigned n = nfc_pull(e, e->ninputs == 1 ? 0 : port, out, max);
	for (unsigned i = before; i < before + n; i++)
		ac_update(ac, out->pkts[i], ac->frozen || port == 1);
	return n;
}

static const struct nfc_element_class ac_class = {
	.name = "AggregateCounter",
	.port_count = "1-2/1-2",
	.processing = "a/a",
	.size = sizeof(struct aggcounter),
	.configure = ac_configure,
	.initialize = ac_initialize,
	.cleanup = ac_cleanup,
	.add_handlers = ac_add_handlers,
	.push = ac_push,
	.pull = ac_pull,
};
NFC_REGISTER_ELEMENT(ac_class);
