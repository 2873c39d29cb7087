/* SPDX-License-Identifier: MIT */
/* Notifiers: "this queue has packets" / "this queue has room" signals that let
 * pullers and pushers sleep instead of polling (Click's Notifier). */
#ifndef NFCLICK_NOTIFIER_H
#define NFCLICK_NOTIFIER_H

#include <stdbool.h>

struct nfc_element;
struct nfc_task;

#define NFC_NOTIFIER_MAX_LISTENERS 16
#define NFC_SIGNAL_MAX 8

/**
 * A notifier owns an activity bit. Listeners (tasks) registered on it are
 * scheduled when it wakes. An empty notifier is active when its queue has
 * packets; a full notifier is active when its queue has room.
 */
struct nfc_notifier {
	bool active;
	/** Search behaviour for upstream/downstream searches through the owner. */
	enum { NFC_SEARCH_STOP, NFC_SEARCH_CONTINUE, NFC_SEARCH_CONTINUE_WAKE } search_op;
	int nlisteners;
	struct nfc_task *listeners[NFC_NOTIFIER_MAX_LISTENERS];
	/** Notifiers this one forwards wakes to (dependent signals, e.g. PullSwitch). */
	int ndependents;
	struct nfc_notifier *dependents[NFC_NOTIFIER_MAX_LISTENERS];
};

/**
 * A signal: an OR of notifier bits. Special states: busy (always active:
 * no notifier found, e.g. a push source upstream) and idle (never active:
 * nothing upstream at all, e.g. Idle).
 */
struct nfc_signal {
	bool busy;
	int n;
	struct nfc_notifier *v[NFC_SIGNAL_MAX];
};

void nfc_notifier_init(struct nfc_notifier *n, bool active, int search_op);
/** Activate; schedules listeners on an inactive→active change. */
void nfc_notifier_wake(struct nfc_notifier *n);
/** Deactivate (listeners will sleep on their next check). */
void nfc_notifier_sleep(struct nfc_notifier *n);
static inline void nfc_notifier_set_active(struct nfc_notifier *n, bool active)
{
	if (active)
		nfc_notifier_wake(n);
	else
		nfc_notifier_sleep(n);
}
int nfc_notifier_add_listener(struct nfc_notifier *n, struct nfc_task *t);
int nfc_notifier_add_dependent(struct nfc_notifier *n, struct nfc_notifier *dep);

static inline bool nfc_signal_active(const struct nfc_signal *s)
{
	if (s->busy)
		return true;
	for (int i = 0; i < s->n; i++)
		if (__atomic_load_n(&s->v[i]->active, __ATOMIC_ACQUIRE))
			return true;
	return false;
}
/** Signal that is never active (nothing upstream). */
static inline bool nfc_signal_idle(const struct nfc_signal *s)
{
	return !s->busy && s->n == 0;
}
void nfc_signal_or(struct nfc_signal *into, const struct nfc_signal *other);

/**
 * Search upstream from input @port of @e for empty notifiers (elements
 * whose class->cast(e, NFC_IFACE_EMPTY_NOTIFIER) returns a notifier),
 * register @task (may be NULL) as their listener, and return their OR.
 * Reaching a push output without a notifier gives a busy signal.
 */
struct nfc_signal nfc_upstream_empty_signal(struct nfc_element *e, int port,
					    struct nfc_task *task);
/** Same downstream from output @port for full notifiers ("has room"). */
struct nfc_signal nfc_downstream_full_signal(struct nfc_element *e, int port,
					     struct nfc_task *task);

#endif
