/* SPDX-License-Identifier: MIT */
/* BandwidthRatedUnqueue: pulls packets at a byte rate (token bucket) and pushes them on. */

/*
 * =c
 * BandwidthRatedUnqueue(RATE, [KEYWORDS])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets at the given RATE (a bandwidth, such as "10Mbps" or
 * "200Bps"), and pushes them out its single output. This rate is
 * implemented using a token bucket of bytes refilled every millisecond.
 * The capacity of this token bucket defaults to 20 milliseconds worth of
 * tokens, but can be customized by setting one of BURST_DURATION or
 * BURST_BYTES. As in Click, the bucket holds the burst plus 131072 bytes,
 * and a packet may leave whenever at least 131072 bytes' worth of tokens are
 * present; its length is then taken out.
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Bandwidth. Token bucket fill rate.
 * =item BURST_DURATION
 * Time. If specified, the capacity of the token bucket is calculated as
 * RATE * BURST_DURATION.
 * =item BURST_BYTES
 * Unsigned integer. If specified, the capacity of the token bucket is set
 * to this value in bytes.
 * =item ACTIVE
 * Boolean. If false, BandwidthRatedUnqueue does not pull. Default is true.
 * =h rate read/write
 * Returns or sets the RATE parameter.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h calls read-only
 * Returns statistics about task runs: calls, empty runs, pushes (packets
 * pushed) and failed pulls.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   InfiniteSource(LENGTH 100) -> Queue(10)
 *     -> BandwidthRatedUnqueue(RATE 200Bps) -> Discard;
 * =a RatedUnqueue, Unqueue, BandwidthShaper, BandwidthRatedSplitter
 */
#include <stddef.h>
#include "rated.h"

static const struct nfc_arg_spec bw_rated_unqueue_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_BANDWIDTH,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_unqueue, ra.bw_rate), .doc = "bytes per second" },
	{ .keyword = "BURST_DURATION", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rated_unqueue, ra.burst_duration),
	  .given_offset = offsetof(struct rated_unqueue, ra.duration_given),
	  .doc = "bucket capacity as a time at RATE" },
	{ .keyword = "BURST_BYTES", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct rated_unqueue, ra.burst_size),
	  .given_offset = offsetof(struct rated_unqueue, ra.size_given),
	  .doc = "bucket capacity in bytes" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct rated_unqueue, active), .doc = "pull packets" },
	NFC_ARGS_END
};

/* Each packet costs its length: pull one at a time while the bucket holds
 * a packet's worth above the burst. */
static void bw_rated_unqueue_take(struct rated_unqueue *u, struct nfc_batch *b)
{
	while (b->count < NFC_BATCH_MAX &&
	       nfc_token_bucket_contains(&u->tb, RATED_BANDWIDTH_THRESH)) {
		if (nfc_pull(&u->e, 0, b, 1) == 0)
			break;
		nfc_token_bucket_remove(&u->tb, b->pkts[b->count - 1]->length);
	}
}

static int bw_rated_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				      struct nfc_errh *errh)
{
	return nfc_rated_unqueue_configure(e, conf, bw_rated_unqueue_args, true,
					   bw_rated_unqueue_take, errh);
}

static const struct nfc_element_class bw_rated_unqueue_class = {
	.name = "BandwidthRatedUnqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct rated_unqueue),
	.configure = bw_rated_unqueue_configure,
	.initialize = nfc_rated_unqueue_initialize,
	.cleanup = nfc_rated_unqueue_cleanup,
	.add_handlers = nfc_rated_unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(bw_rated_unqueue_class);
