/* SPDX-License-Identifier: MIT */
/* RatedUnqueue: pulls packets at a token-bucket rate and pushes them on. */

/*
 * =c
 * RatedUnqueue(RATE, [KEYWORDS])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets at the given RATE in packets per second, and pushes them
 * out its single output. It is implemented with a token bucket refilled
 * every millisecond. The capacity of this token bucket defaults to 20
 * milliseconds worth of tokens, but can be customized by setting
 * BURST_DURATION or BURST_SIZE. Packets pulled in one scheduling leave as
 * one batch.
 *
 * When the bucket is empty RatedUnqueue sleeps on a timer until a token is
 * due; when its input has nothing it sleeps on the upstream empty notifiers.
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
 * =item ACTIVE
 * Boolean. If false, RatedUnqueue does not pull. Default is true.
 * =h rate read/write
 * Returns or sets the RATE parameter (the bucket capacity follows when it
 * was given by BURST_DURATION).
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h calls read-only
 * Returns statistics about task runs: calls, empty runs, pushes (packets
 * pushed) and failed pulls.
 * =h scheduled read-only
 * Returns whether the task is scheduled.
 * =e
 *   InfiniteSource -> Queue -> RatedUnqueue(1000) -> Discard;
 * =a BandwidthRatedUnqueue, Unqueue, Shaper, RatedSplitter
 */
#include <stddef.h>
#include "rated.h"

static const struct nfc_arg_spec rated_unqueue_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rated_unqueue, ra.rate), .doc = "packets per second" },
	{ .keyword = "BURST_DURATION", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rated_unqueue, ra.burst_duration),
	  .given_offset = offsetof(struct rated_unqueue, ra.duration_given),
	  .doc = "bucket capacity as a time at RATE" },
	{ .keyword = "BURST_SIZE", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct rated_unqueue, ra.burst_size),
	  .given_offset = offsetof(struct rated_unqueue, ra.size_given),
	  .doc = "bucket capacity in packets" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct rated_unqueue, active), .doc = "pull packets" },
	NFC_ARGS_END
};

/* Every token is a packet we may send now: take them in one batch. */
static void rated_unqueue_take(struct rated_unqueue *u, struct nfc_batch *b)
{
	uint32_t tokens = nfc_token_bucket_size(&u->tb);
	unsigned n = nfc_pull(&u->e, 0, b, tokens < NFC_BATCH_MAX ? tokens : NFC_BATCH_MAX);
	nfc_token_bucket_remove(&u->tb, n);
}

static int rated_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	return nfc_rated_unqueue_configure(e, conf, rated_unqueue_args, false, rated_unqueue_take,
					   errh);
}

static const struct nfc_element_class rated_unqueue_class = {
	.name = "RatedUnqueue",
	.port_count = "1/1",
	.processing = "l/h",
	.size = sizeof(struct rated_unqueue),
	.configure = rated_unqueue_configure,
	.initialize = nfc_rated_unqueue_initialize,
	.cleanup = nfc_rated_unqueue_cleanup,
	.add_handlers = nfc_rated_unqueue_add_handlers,
};
NFC_REGISTER_ELEMENT(rated_unqueue_class);
