/* SPDX-License-Identifier: MIT */
/* Notifiers and activity signals, and the graph searches that find them. */
#include <stdlib.h>
#include <string.h>
#include <nfclick/element.h>
#include <nfclick/notifier.h>
#include <nfclick/router.h>
#include <nfclick/task.h>

/*
 * The activity bit is written by the element owning the notifier (often on
 * one thread) and read by listeners (maybe on another), hence the atomic
 * accesses. Wakes are rare (inactive -> active edges only), so they may
 * afford an exchange; the fast path only reads the bit.
 */

void nfc_notifier_init(struct nfc_notifier *n, bool active, int search_op)
{
	memset(n, 0, sizeof *n);
	n->active = active;
	n->search_op = search_op;
}

void nfc_notifier_wake(struct nfc_notifier *n)
{
	/* Set the bit before scheduling, so a listener that runs at once on
	 * another thread sees it active and does not go back to sleep. */
	if (__atomic_exchange_n(&n->active, true, __ATOMIC_SEQ_CST))
		return;
	for (int i = 0; i < n->nlisteners; i++)
		nfc_task_schedule(n->listeners[i]);
	/* Dependents (schedulers that buffer, DelayShaper) become active with
	 * us; the exchange above stops wake cycles between dependents. */
	for (int i = 0; i < n->ndependents; i++)
		nfc_notifier_wake(n->dependents[i]);
}

void nfc_notifier_sleep(struct nfc_notifier *n)
{
	__atomic_store_n(&n->active, false, __ATOMIC_SEQ_CST);
}

int nfc_notifier_add_listener(struct nfc_notifier *n, struct nfc_task *t)
{
	for (int i = 0; i < n->nlisteners; i++)
		if (n->listeners[i] == t)
			return 0;
	if (n->nlisteners == NFC_NOTIFIER_MAX_LISTENERS)
		return -1;
	n->listeners[n->nlisteners++] = t;
	return 0;
}

int nfc_notifier_add_dependent(struct nfc_notifier *n, struct nfc_notifier *dep)
{
	if (dep == n)
		return 0;
	for (int i = 0; i < n->ndependents; i++)
		if (n->dependents[i] == dep)
			return 0;
	if (n->ndependents == NFC_NOTIFIER_MAX_LISTENERS)
		return -1;
	n->dependents[n->ndependents++] = dep;
	return 0;
}

/* Add one notifier to a signal; too many to track makes it busy (always
 * active), which is safe: listeners poll instead of sleeping. */
static void signal_add(struct nfc_signal *s, struct nfc_notifier *n)
{
	if (s->busy)
		return;
	for (int i = 0; i < s->n; i++)
		if (s->v[i] == n)
			return;
	if (s->n == NFC_SIGNAL_MAX) {
		s->busy = true;
		s->n = 0;
		return;
	}
	s->v[s->n++] = n;
}

static void signal_set_busy(struct nfc_signal *s)
{
	s->busy = true;
	s->n = 0;
}

void nfc_signal_or(struct nfc_signal *into, const struct nfc_signal *other)
{
	if (into->busy)
		return;
	if (other->busy) {
		signal_set_busy(into);
		return;
	}
	for (int i = 0; i < other->n; i++)
		signal_add(into, other->v[i]);
}

/* ---- graph search (Click's NotifierRouterVisitor) ---- */

/*
 * Elements that never produce packets act as Click's "S0" flag: an upstream
 * search treats them as an idle notifier (nothing will come from there) and
 * a port they absorb without any flow is not a reason to poll. Click marks
 * them with a class flag; until nfclick grows one, Idle is recognised by name.
 */
static bool never_produces(const struct nfc_element *e)
{
	return (e->cls->flags & NFC_CLASS_NO_PACKETS) != 0;
}

struct port_ref {
	struct nfc_element *e;
	int port;
};

struct search {
	struct nfc_router *router;
	const char *iface;
	/* true: walk from inputs to upstream outputs (empty notifiers) */
	bool upstream;
	bool pass2;
	bool need_pass2;
	bool failed;
	struct nfc_signal signal;
	/* every notifier met (both passes): they get the listener */
	struct nfc_notifier **found;
	int nfound, found_cap;
	/* visited ports: offsets[eindex] + port indexes a flat array */
	int *offsets;
	bool *visited;
	/* BFS frontier: ports of the current generation and of the next */
	struct port_ref *cur, *next;
	int ncur, nnext, frontier_cap;
};

static bool push_ref(struct search *s, struct nfc_element *e, int port)
{
	if (s->nnext == s->frontier_cap) {
		int ncap = s->frontier_cap ? 2 * s->frontier_cap : 32;
		struct port_ref *a = realloc(s->cur, ncap * sizeof *a);
		struct port_ref *b = a ? realloc(s->next, ncap * sizeof *b) : NULL;
		if (a)
			s->cur = a;
		if (!a || !b) {
			s->failed = true;
			return false;
		}
		s->next = b;
		s->frontier_cap = ncap;
	}
	s->next[s->nnext].e = e;
	s->next[s->nnext].port = port;
	s->nnext++;
	return true;
}

static void note_found(struct search *s, struct nfc_notifier *n)
{
	for (int i = 0; i < s->nfound; i++)
		if (s->found[i] == n)
			return;
	if (s->nfound == s->found_cap) {
		int ncap = s->found_cap ? 2 * s->found_cap : 8;
		struct nfc_notifier **f = realloc(s->found, ncap * sizeof *f);
		if (!f) {
			s->failed = true;
			return;
		}
		s->found = f;
		s->found_cap = ncap;
	}
	s->found[s->nfound++] = n;
}

/*
 * Visit port @port of @e met by the search (an output when searching
 * upstream, an input downstream). Returns true to continue through the
 * element along its flow code.
 */
static bool search_visit(struct search *s, struct nfc_element *e, int port)
{
	if (s->upstream && never_produces(e))
		return false; /* an idle notifier: adds nothing, stops */

	struct nfc_notifier *n = e->cls->cast ? e->cls->cast(e, s->iface) : NULL;
	if (n) {
		note_found(s, n);
		if (!s->pass2)
			signal_add(&s->signal, n);
		if (n->search_op == NFC_SEARCH_CONTINUE_WAKE && !s->pass2) {
			s->need_pass2 = true;
			return false;
		}
		return n->search_op != NFC_SEARCH_STOP;
	}

	/* Went from pull to push (upstream) or push to pull (downstream):
	 * a queue-like element without notification sits there. */
	bool is_push = s->upstream ? e->outputs[port].is_push : e->inputs[port].is_push;
	if (s->upstream ? is_push : !is_push) {
		if (!s->pass2)
			signal_set_busy(&s->signal);
		return false;
	}

	/* Ran out of ports: the element itself may produce (a pull source)
	 * or absorb (a push sink) packets at any time. */
	bool any_flow = false;
	int nother = s->upstream ? e->ninputs : e->noutputs;
	for (int i = 0; i < nother && !any_flow; i++)
		any_flow = s->upstream ? nfc_element_flows(e, i, port)
				       : nfc_element_flows(e, port, i);
	if (!any_flow && !never_produces(e)) {
		if (!s->pass2)
			signal_set_busy(&s->signal);
		return false;
	}
	return true;
}

static bool search_prepare(struct search *s)
{
	int nel = nfc_router_nelements(s->router);
	s->offsets = malloc((nel + 1) * sizeof *s->offsets);
	if (!s->offsets)
		return false;
	int total = 0;
	for (int i = 0; i < nel; i++) {
		struct nfc_element *x = nfc_router_element(s->router, i);
		s->offsets[i] = total;
		total += s->upstream ? x->noutputs : x->ninputs;
	}
	s->offsets[nel] = total;
	s->visited = calloc(total ? total : 1, sizeof *s->visited);
	return s->visited != NULL;
}

/* One breadth-first walk from @start's port @port (Click's Router::visit). */
static void search_run(struct search *s, struct nfc_element *start, int port)
{
	int nel = nfc_router_nelements(s->router);
	memset(s->visited, 0, (s->offsets[nel] ? s->offsets[nel] : 1) * sizeof *s->visited);
	s->nnext = 0;
	if (!push_ref(s, start, port))
		return;

	struct nfc_element *peer_buf[64];
	int pport_buf[64];
	while (s->nnext && !s->failed) {
		struct port_ref *t = s->cur;
		s->cur = s->next;
		s->next = t;
		s->ncur = s->nnext;
		s->nnext = 0;

		for (int k = 0; k < s->ncur && !s->failed; k++) {
			struct nfc_element *e = s->cur[k].e;
			int p = s->cur[k].port;
			struct nfc_element **peers = peer_buf;
			int *pports = pport_buf;
			int np = s->upstream
				? nfc_router_upstream(s->router, e, p, peers, pports, 64)
				: nfc_router_downstream(s->router, e, p, peers, pports, 64);
			if (np > 64) {
				peers = malloc(np * sizeof *peers);
				pports = malloc(np * sizeof *pports);
				if (!peers || !pports) {
					free(peers);
					free(pports);
					s->failed = true;
					break;
				}
				np = s->upstream
					? nfc_router_upstream(s->router, e, p, peers, pports, np)
					: nfc_router_downstream(s->router, e, p, peers, pports, np);
			}

			for (int c = 0; c < np && !s->failed; c++) {
				struct nfc_element *x = peers[c];
				int xp = pports[c];
				bool *seen = &s->visited[s->offsets[x->eindex] + xp];
				if (*seen)
					continue;
				*seen = true;
				if (!search_visit(s, x, xp))
					continue;
				int nother = s->upstream ? x->ninputs : x->noutputs;
				for (int i = 0; i < nother; i++) {
					bool flows = s->upstream ? nfc_element_flows(x, i, xp)
								 : nfc_element_flows(x, xp, i);
					if (flows)
						push_ref(s, x, i);
				}
			}
			if (peers != peer_buf) {
				free(peers);
				free(pports);
			}
		}
	}
}

/*
 * Click's Notifier::upstream_empty_signal/downstream_full_signal: a first
 * pass collects the closest notifiers (and turns busy on an unnotified
 * push/pull boundary); SEARCH_CONTINUE_WAKE notifiers stop it, and a second
 * pass walks through them only to register the listener further on, without
 * adding those far notifiers to the signal.
 */
static struct nfc_signal search_signal(struct nfc_element *e, int port, struct nfc_task *task,
				       const char *iface, bool upstream)
{
	struct search s;
	memset(&s, 0, sizeof s);
	s.router = e->router;
	s.iface = iface;
	s.upstream = upstream;

	struct nfc_signal busy = { .busy = true };
	if (!s.router || !search_prepare(&s)) {
		free(s.offsets);
		return busy;
	}

	search_run(&s, e, port);
	if (!s.failed && !s.signal.busy && s.need_pass2) {
		s.pass2 = true;
		search_run(&s, e, port);
	}

	struct nfc_signal result = s.signal;
	if (s.failed)
		result = busy;
	if (!result.busy && task)
		for (int i = 0; i < s.nfound; i++)
			if (nfc_notifier_add_listener(s.found[i], task) < 0)
				result = busy; /* cannot be woken: must poll */

	free(s.found);
	free(s.offsets);
	free(s.visited);
	free(s.cur);
	free(s.next);
	return result;
}

struct nfc_signal nfc_upstream_empty_signal(struct nfc_element *e, int port,
					    struct nfc_task *task)
{
	return search_signal(e, port, task, NFC_IFACE_EMPTY_NOTIFIER, true);
}

struct nfc_signal nfc_downstream_full_signal(struct nfc_element *e, int port,
					     struct nfc_task *task)
{
	return search_signal(e, port, task, NFC_IFACE_FULL_NOTIFIER, false);
}
