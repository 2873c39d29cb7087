/* SPDX-License-Identifier: MIT */
/* RatedSplitter: sends packets out output 0 up to a rate, the rest out output 1. */

/*
 * =c
 * RatedSplitter(RATE, [KEYWORDS])
 * =s shaping
 * splits flow of packets at specified rate
 * =d
 * RatedSplitter has two output ports. All incoming packets up to a maximum
 * of RATE packets per second are emitted on output port 0. Any remaining
 * packets are emitted on output port 1 (dropped when it is not connected).
 * Unlike Meter, RATE packets per second are emitted on output port 0 even
 * when the input rate is greater than RATE.
 *
 * Like RatedUnqueue, RatedSplitter is implemented using a token bucket
 * refilled every millisecond, with a capacity of 20ms * RATE by default.
 * The capacity can be changed with the BURST_DURATION and BURST_SIZE
 * keyword arguments.
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
 * =h rate read/write
 * Returns or sets the RATE parameter.
 * =e
 *   rs :: RatedSplitter(2000);
 * Split packets on port 0 at 2000 packets per second.
 * =a BandwidthRatedSplitter, ProbSplitter, Meter, Shaper, RatedUnqueue, Tee
 */
#include <stddef.h>
#include "rated.h"

struct rated_splitter {
	struct nfc_element e;
	struct rated_args ra;
	struct nfc_token_bucket tb;
};

static const struct nfc_arg_spec rated_splitter_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_splitter, ra.rate), .doc = "packets per second" },
	{ .keyword = "BURST_DURATION", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rated_splitter, ra.burst_duration),
	  .given_offset = offsetof(struct rated_splitter, ra.duration_given),
	  .doc = "bucket capacity as a time at RATE" },
	{ .keyword = "BURST_SIZE", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct rated_splitter, ra.burst_size),
	  .given_offset = offsetof(struct rated_splitter, ra.size_given),
	  .doc = "bucket capacity in packets" },
	NFC_ARGS_END
};

static int rated_splitter_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	struct rated_splitter *s = (struct rated_splitter *)e;
	nfc_rated_args_init(&s->ra);
	nfc_token_bucket_init(&s->tb);
	if (nfc_args_parse(e, conf, rated_splitter_args, errh, NULL) < 0)
		return -1;
	return nfc_rated_args_apply(&s->ra, false, &s->tb, errh);
}

static void rated_splitter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct rated_splitter *s = (struct rated_splitter *)e;
	nfc_token_bucket_refill(&s->tb);
	/* the whole batch arrived at once: the first packets take the tokens */
	uint32_t tokens = nfc_token_bucket_size(&s->tb);
	if (tokens >= b->count) {
		nfc_token_bucket_remove(&s->tb, b->count);
		nfc_push(e, 0, b);
		return;
	}
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++)
		ports[i] = i < tokens ? 0 : 1;
	nfc_token_bucket_remove(&s->tb, tokens);
	nfc_push_split(e, b, ports);
}

static int rated_splitter_read_rate(struct nfc_element *e, void *thunk, const char *param,
				    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rated_splitter *s = (struct rated_splitter *)e;
	nfc_strbuf_printf(out, "%u", nfc_token_bucket_rate(&s->tb));
	return 0;
}

static int rated_splitter_write_rate(struct nfc_element *e, void *thunk, const char *value,
				     struct nfc_errh *errh)
{
	struct rated_splitter *s = (struct rated_splitter *)e;
	return nfc_rated_write_rate(e, &s->ra, false, &s->tb, value, errh);
}

static int rated_splitter_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "rate", rated_splitter_read_rate, NULL, 0);
	nfc_add_write_handler(e, "rate", rated_splitter_write_rate, NULL, 0);
	return 0;
}

static const struct nfc_element_class rated_splitter_class = {
	.name = "RatedSplitter",
	.port_count = "1/1-2",
	.processing = "h/h",
	.size = sizeof(struct rated_splitter),
	.configure = rated_splitter_configure,
	.add_handlers = rated_splitter_add_handlers,
	.push = rated_splitter_push,
};
NFC_REGISTER_ELEMENT(rated_splitter_class);
