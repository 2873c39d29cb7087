/* SPDX-License-Identifier: MIT */
/* Tasks (scheduled work) and timers, per thread. Time is in nanoseconds. */
#ifndef NFCLICK_TASK_H
#define NFCLICK_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nfc_element;
struct nfc_thread;

#define NFC_NSEC_PER_SEC 1000000000LL
#define NFC_NSEC_PER_MSEC 1000000LL
#define NFC_NSEC_PER_USEC 1000LL

/** Default task tickets (Click's Task::DEFAULT_TICKETS). */
#define NFC_TASK_DEFAULT_TICKETS 1024
#define NFC_TASK_MAX_TICKETS 32768

/**
 * A task: a callback run repeatedly by its thread while scheduled.
 * Returns true when it did useful work (for load accounting).
 * Tasks on one thread run in stride order by tickets (ScheduleInfo).
 */
struct nfc_task {
	bool (*fn)(struct nfc_task *t, void *arg);
	void *arg;
	struct nfc_element *owner;
	/** Thread the task runs on (set at initialisation from the owner). */
	int thread_id;
	int tickets;
	/* scheduler state (runtime/scheduler.c) */
	bool scheduled;
	bool initialized;
	uint32_t stride;
	uint64_t pass;
	struct nfc_task *next, *prev;
	struct nfc_thread *thread;
	uint64_t runs;
	uint64_t useful_runs;
};

/** Set up a task for @owner (not yet scheduled). */
void nfc_task_init(struct nfc_task *t, struct nfc_element *owner,
		   bool (*fn)(struct nfc_task *, void *), void *arg);
/** Make runnable (idempotent; safe from any thread of the owner's router). */
void nfc_task_schedule(struct nfc_task *t);
/** Stop running until scheduled again. */
void nfc_task_unschedule(struct nfc_task *t);
/** From inside the task's own callback: run again (Click's fast_reschedule). */
static inline void nfc_task_fast_reschedule(struct nfc_task *t)
{
	t->scheduled = true;
}
static inline bool nfc_task_scheduled(const struct nfc_task *t)
{
	return t->scheduled;
}
void nfc_task_set_tickets(struct nfc_task *t, int tickets);
/** Move to thread @tid (StaticThreadSched before initialisation). */
void nfc_task_move_thread(struct nfc_task *t, int tid);
/** Remove from its thread for good (cleanup). */
void nfc_task_cleanup(struct nfc_task *t);

/**
 * A timer: fires once at its expiry on its thread, unless rescheduled.
 * Timers are kept in a per-thread heap.
 */
struct nfc_timer {
	void (*fn)(struct nfc_timer *t, void *arg);
	void *arg;
	struct nfc_element *owner;
	int64_t expiry_ns;
	/** Heap position, -1 when not scheduled. */
	int heap_index;
	int thread_id;
	struct nfc_thread *thread;
	/** Insertion sequence: timers with equal expiry fire in scheduling order. */
	uint64_t seq;
};

void nfc_timer_init(struct nfc_timer *t, struct nfc_element *owner,
		    void (*fn)(struct nfc_timer *, void *), void *arg);
/** Fire at absolute time @when_ns (see nfc_now). */
void nfc_timer_schedule_at(struct nfc_timer *t, int64_t when_ns);
/** Fire @delta_ns from now. */
void nfc_timer_schedule_after(struct nfc_timer *t, int64_t delta_ns);
/** Fire at expiry + @delta_ns (periodic timers without drift). */
void nfc_timer_reschedule_after(struct nfc_timer *t, int64_t delta_ns);
void nfc_timer_unschedule(struct nfc_timer *t);
static inline bool nfc_timer_scheduled(const struct nfc_timer *t)
{
	return t->heap_index >= 0;
}
static inline int64_t nfc_timer_expiry(const struct nfc_timer *t)
{
	return t->expiry_ns;
}
void nfc_timer_cleanup(struct nfc_timer *t);

/**
 * Current time in ns since the epoch: wall-clock, or the simulated clock
 * under --simtime (which jumps to the next timer when threads are idle).
 */
int64_t nfc_now(void);
/** Monotonic time for measuring durations (also simulated under --simtime). */
int64_t nfc_now_steady(void);

/** Format @ns as Click's timestamp "sec.usec" (6 decimals) or "sec.nsec" (9). */
void nfc_format_timestamp(char *buf, size_t n, int64_t ns, int precision);

#endif
