/* SPDX-License-Identifier: MIT */
/* Token-bucket helpers shared by the rated elements (RatedUnqueue, RatedSplitter, ...): rated.c. */
#ifndef NFCLICK_ELEMENTS_RATED_H
#define NFCLICK_ELEMENTS_RATED_H

#include <nfclick/nfclick.h>
#include <nfclick/rate.h>

/*
 * RATE plus the bucket capacity, given either as BURST_DURATION (a time:
 * capacity = RATE * duration) or BURST_SIZE (BURST_BYTES for the bandwidth
 * elements). Parsed straight into this struct by the argument table.
 */
struct rated_args {
	uint32_t rate;          /* packets/s (packet elements) */
	double bw_rate;         /* bytes/s (bandwidth elements) */
	int64_t burst_duration; /* ns */
	uint32_t burst_size;
	bool duration_given;
	bool size_given;
};

/* Bandwidth elements wait until this many bytes' worth of tokens (above the
 * burst) are there before sending a packet, as Click does. */
#define RATED_BANDWIDTH_THRESH 131072

/* Defaults before parsing: 20 ms of burst. */
void nfc_rated_args_init(struct rated_args *ra);
/*
 * Check the parsed arguments and set @tb's rate and capacity (Click's
 * RatedUnqueue::configure_helper). Returns 0 or -1 after reporting.
 */
int nfc_rated_args_apply(struct rated_args *ra, bool bandwidth, struct nfc_token_bucket *tb,
			 struct nfc_errh *errh);
/* Parse a new RATE for the "rate" write handler and re-apply. */
int nfc_rated_write_rate(struct nfc_element *e, struct rated_args *ra, bool bandwidth,
			 struct nfc_token_bucket *tb, const char *value, struct nfc_errh *errh);
/* Click's BandwidthArg::unparse: "1.6kbps", "10Mbps", ... */
void nfc_rated_unparse_bandwidth(struct nfc_strbuf *out, uint32_t bytes_per_sec);
/* Click's Timestamp::unparse_interval: "5ms", "20us", "1.500000s". */
void nfc_rated_unparse_interval(struct nfc_strbuf *out, int64_t ns);
/* Bytes per second from a parsed bandwidth, rounded and clamped to 32 bits. */
uint32_t nfc_rated_bandwidth_u32(double bytes_per_sec);

/* ---- the unqueue elements (RatedUnqueue, BandwidthRatedUnqueue), in rated.c ---- */

struct rated_unqueue;
/* Pull into @b what the bucket pays for (it holds at least one packet's
 * worth), taking the cost out of the bucket: the one thing the two classes
 * do differently. */
typedef void (*rated_unqueue_take_fn)(struct rated_unqueue *u, struct nfc_batch *b);

struct rated_unqueue {
	struct nfc_element e;
	struct rated_args ra;
	bool bandwidth;
	bool active;
	rated_unqueue_take_fn take;
	struct nfc_token_bucket tb;
	struct nfc_task task;
	struct nfc_timer timer;
	struct nfc_signal signal;
	uint64_t runs, empty_runs, pushes, failed_pulls;
};

/* Parse @args (the class's table over struct rated_unqueue) and set the bucket. */
int nfc_rated_unqueue_configure(struct nfc_element *e, struct nfc_conf *conf,
				const struct nfc_arg_spec *args, bool bandwidth,
				rated_unqueue_take_fn take, struct nfc_errh *errh);
/* The task (one batch per scheduling), its timer and the upstream signal. */
int nfc_rated_unqueue_initialize(struct nfc_element *e, struct nfc_errh *errh);
void nfc_rated_unqueue_cleanup(struct nfc_element *e);
/* Handlers rate, active, calls and the task's. */
int nfc_rated_unqueue_add_handlers(struct nfc_element *e);

#endif
