/* SPDX-License-Identifier: MIT */
/* StrideSched: pull scheduler sharing its output among inputs by tickets. */

/*
 * =c
 * StrideSched(TICKETS0, ..., TICKETSN-1)
 * =s scheduling
 * pulls from stride-scheduled inputs
 * =d
 * Has one output and N inputs, and one TICKETS argument per input.
 * Performs packet-based stride scheduling: over time, input i gets a share
 * of the output proportional to TICKETSi. An input with 0 tickets is never
 * pulled.
 *
 * Each time a pull comes in on the output, StrideSched pulls on its inputs
 * in the order given by the stride scheduling queue, until all inputs have
 * been tried or one produces a packet. Every input tried advances its pass,
 * whether or not it produced a packet; an input that produced nothing is
 * not tried again in the same round, even if its stride is short. So the
 * first input able to produce a packet is found quickly, consistently with
 * the stride order. A pull asking for several packets runs one round per
 * packet. Ties go to the lower-numbered input.
 *
 * The inputs usually come from Queues or other pull schedulers.
 * StrideSched uses notification to avoid pulling from empty inputs.
 *
 * =item TICKETSi
 * Integer, 0 to 32768. Share of input i (larger values are reduced to
 * 32768 with a warning).
 * =h tickets0...ticketsN-1 read/write
 * Returns or sets the number of tickets of each input.
 * =h config read-only
 * Returns the current tickets, separated by commas.
 * =e
 *   q0 :: Queue -> [0]ss :: StrideSched(2, 1) -> ToDevice(eth0);
 *   q1 :: Queue -> [1]ss;
 *   // q0 gets about twice q1's share
 * =a PrioSched, RoundRobinSched, DRRSched, StrideSwitch
 */
#include <stdio.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

/* A stride of 1 ticket; passes wrap around and compare modulo 2^32. */
#define STRIDE_ONE (1u << 16)
#define STRIDE_MAX_TICKETS (1 << 15)

/* Is pass a after pass b (modulo wrap-around)? */
#define STRIDE_PASS_GT(a, b) ((int32_t)((a) - (b)) > 0)

struct stride_client {
	/* Scheduling queue in pass order; only clients with tickets are in it. */
	struct stride_client *next;
	struct stride_client **pprev;
	uint32_t pass;
	uint32_t stride;
	int tickets;
	struct nfc_signal signal;
};

struct stride_sched {
	struct nfc_element e;
	int nclients;
	struct stride_client *clients;
	struct stride_client *queue;
};

static void stride_set_tickets(struct stride_client *c, int tickets)
{
	c->tickets = tickets;
	c->stride = tickets ? STRIDE_ONE / (uint32_t)tickets : 0;
}

/* Insert before the first client with a pass at least ours: on a tie the
 * newcomer goes first. */
static void stride_insert(struct stride_client **queue, struct stride_client *c)
{
	struct stride_client **pp = queue;
	while (*pp && STRIDE_PASS_GT(c->pass, (*pp)->pass))
		pp = &(*pp)->next;
	c->next = *pp;
	c->pprev = pp;
	if (c->next)
		c->next->pprev = &c->next;
	*pp = c;
}

static void stride_remove(struct stride_client *c)
{
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	c->next = NULL;
	c->pprev = NULL;
}

static int stride_configure(struct nfc_element *e, struct nfc_conf *conf,
			    struct nfc_errh *errh)
{
	struct stride_sched *s = (struct stride_sched *)e;
	int n = e->ninputs;
	if (conf->argc != n)
		return nfc_error(errh, "need %d arguments, one per input port", n);
	s->nclients = n;
	s->clients = nfc_element_alloc(e, (size_t)n * sizeof *s->clients);
	if (!s->clients)
		return nfc_error(errh, "out of memory");
	int errors = 0;
	for (int i = 0; i < n; i++) {
		int32_t v;
		if (nfc_parse_int32(conf->argv[i], &v) < 0) {
			nfc_error(errh, "argument %d should be number of tickets (integer)", i);
			errors++;
		} else if (v < 0) {
			nfc_error(errh, "argument %d (number of tickets) must be >= 0", i);
			errors++;
		} else {
			if (v > STRIDE_MAX_TICKETS) {
				nfc_warning(errh, "input %d's tickets reduced to %d", i,
					    STRIDE_MAX_TICKETS);
				v = STRIDE_MAX_TICKETS;
			}
			stride_set_tickets(&s->clients[i], v);
			/* Everyone starts one stride in, so the first round already
			 * favours the inputs with more tickets. */
			s->clients[i].pass = s->clients[i].stride;
		}
	}
	if (errors)
		return -1;
	/* Inserting from the last input makes earlier inputs win ties. */
	s->queue = NULL;
	for (int i = n - 1; i >= 0; i--)
		if (s->clients[i].tickets)
			stride_insert(&s->queue, &s->clients[i]);
	return 0;
}

static int stride_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct stride_sched *s = (struct stride_sched *)e;
	for (int i = 0; i < s->nclients; i++)
		s->clients[i].signal = nfc_upstream_empty_signal(e, i, NULL);
	return 0;
}

/* One round: try clients in queue order until one yields a packet. */
static bool stride_round(struct stride_sched *s, struct nfc_batch *out)
{
	struct stride_client *tried = s->queue, *c;
	bool got = false;
	for (c = s->queue; c && !got; c = c->next) {
		if (nfc_signal_active(&c->signal))
			got = nfc_pull(&s->e, (int)(c - s->clients), out, 1) > 0;
		c->pass += c->stride;
	}
	/* Cut the tried prefix off the queue, then put each back in order. */
	s->queue = c;
	if (c)
		c->pprev = &s->queue;
	while (tried != c) {
		struct stride_client *next = tried->next;
		stride_insert(&s->queue, tried);
		tried = next;
	}
	return got;
}

static unsigned stride_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			    unsigned max)
{
	struct stride_sched *s = (struct stride_sched *)e;
	unsigned got = 0;
	while (got < max && stride_round(s, out))
		got++;
	return got;
}

static int stride_read_tickets(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct stride_sched *s = (struct stride_sched *)e;
	nfc_strbuf_printf(out, "%d", s->clients[(intptr_t)thunk].tickets);
	return 0;
}

static int stride_write_tickets(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	struct stride_sched *s = (struct stride_sched *)e;
	int port = (int)(intptr_t)thunk;
	int32_t v;
	if (swu_parse_int(value, &v) < 0)
		return nfc_error(errh, "tickets value must be integer");
	if (v < 0)
		return nfc_error(errh, "number of tickets must be >= 0");
	if (v > STRIDE_MAX_TICKETS) {
		nfc_warning(errh, "port %d's tickets reduced to %d", port, STRIDE_MAX_TICKETS);
		v = STRIDE_MAX_TICKETS;
	}
	struct stride_client *c = &s->clients[port];
	int old = c->tickets;
	stride_set_tickets(c, v);
	if (v == 0 && old != 0)
		stride_remove(c);
	else if (v != 0 && old == 0) {
		/* Rejoin just behind the current leader instead of with a stale
		 * pass that would let it hog the output. */
		c->pass = s->queue ? s->queue->pass + c->stride : 0;
		stride_insert(&s->queue, c);
	}
	return 0;
}

static int stride_read_config(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct stride_sched *s = (struct stride_sched *)e;
	for (int i = 0; i < s->nclients; i++)
		nfc_strbuf_printf(out, "%s%d", i ? ", " : "", s->clients[i].tickets);
	return 0;
}

static int stride_add_handlers(struct nfc_element *e)
{
	struct stride_sched *s = (struct stride_sched *)e;
	for (intptr_t i = 0; i < s->nclients; i++) {
		char name[32];
		snprintf(name, sizeof name, "tickets%d", (int)i);
		nfc_add_read_handler(e, name, stride_read_tickets, (void *)i, 0);
		nfc_add_write_handler(e, name, stride_write_tickets, (void *)i, 0);
	}
	nfc_add_read_handler(e, "config", stride_read_config, NULL, 0);
	return 0;
}

static const struct nfc_element_class stride_sched_class = {
	.name = "StrideSched",
	.port_count = "1-/1",
	.processing = "l/l",
	.size = sizeof(struct stride_sched),
	.configure = stride_configure,
	.initialize = stride_initialize,
	.add_handlers = stride_add_handlers,
	.pull = stride_pull,
};
NFC_REGISTER_ELEMENT(stride_sched_class);
