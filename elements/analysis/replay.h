/* SPDX-License-Identifier: MIT */
/* What Replay and ReplayUnqueue share: loading packets once, then replaying them in loops. */
#ifndef NFC_ELEMENTS_REPLAY_H
#define NFC_ELEMENTS_REPLAY_H

#include <stddef.h>
#include <nfclick/nfclick.h>

/*
 * Both elements pull every packet their inputs hold (until one input runs
 * dry), keep them in timestamp order (painted with their input number),
 * then emit clones of the list again and again: STOP loops (-1: forever).
 */
struct replay_base {
	struct nfc_element e;
	/* configuration */
	int32_t stop;
	bool quick_clone;
	uint32_t burst;
	bool verbose;
	bool free_on_terminate;
	int32_t limit;
	bool active;
	bool use_signal;

	bool loaded;
	struct nfc_packet *head;    /* the loaded packets, linked through next */
	struct nfc_packet *current; /* the next to emit */
	int64_t lastsent_p;	    /* timestamp of the loop's first packet */
	int64_t lastsent_real;	    /* when the loop started */
	struct nfc_signal *signals; /* one per input (USE_SIGNAL) */
	struct nfc_task task;
};

/* Argument specs of both, for their tables. */
#define REPLAY_BASE_ARGS(T_)                                                                     \
	{ .keyword = "STOP", .type = NFC_ARG_INT32, .offset = offsetof(T_, base.stop),           \
	  .doc = "loops before stopping (-1: forever)" },                                          \
	{ .keyword = "QUICK_CLONE", .type = NFC_ARG_BOOL,                                          \
	  .offset = offsetof(T_, base.quick_clone), .doc = "accepted (clones are always cheap)" }, \
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,         \
	  .max = NFC_BATCH_MAX, .offset = offsetof(T_, base.burst),                              \
	  .doc = "packets per task run" },                                                        \
	{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL, .offset = offsetof(T_, base.verbose),      \
	  .doc = "report each loop" },                                                             \
	{ .keyword = "FREEONTERMINATE", .type = NFC_ARG_BOOL,                                      \
	  .offset = offsetof(T_, base.free_on_terminate),                                        \
	  .doc = "clone on the last loop too" },                                                   \
	{ .keyword = "LIMIT", .type = NFC_ARG_INT32, .offset = offsetof(T_, base.limit),         \
	  .doc = "most packets loaded (-1: all)" },                                                \
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(T_, base.active),        \
	  .doc = "replay packets" },                                                               \
	{ .keyword = "USE_SIGNAL", .type = NFC_ARG_BOOL, .offset = offsetof(T_, base.use_signal), \
	  .doc = "wait for upstream notifiers while loading" }

/** Defaults before parsing. */
void replay_base_defaults(struct replay_base *r);
/** Input signals and the task (scheduled when ACTIVE); returns 0 or -1. */
int replay_base_initialize(struct replay_base *r, bool (*run)(struct nfc_task *, void *),
		      struct nfc_errh *errh);
void replay_base_cleanup(struct replay_base *r);
/**
 * The start of a task run: false when there is nothing to replay now
 * (inactive, the packets cannot be loaded yet, or STOP was reached: then
 * the router is asked to stop). Loads the packets the first time.
 */
bool replay_base_ready(struct replay_base *r);
/** The next packet to emit (a clone, or the original on the last loop), NULL at a loop's end. */
struct nfc_packet *replay_base_take(struct replay_base *r);
/**
 * At a loop's end: start the next loop, or stop (STOP reached: the router
 * is asked to stop). Returns true when replaying goes on.
 */
bool replay_base_end_loop(struct replay_base *r);
/** Restart the loop clock (TIMING). */
void replay_base_reset_time(struct replay_base *r);
/** The handlers both have: active, reset, loaded, stop, and the task's. */
int replay_base_add_handlers(struct nfc_element *e);

#endif
