/* SPDX-License-Identifier: MIT */
/* PullSwitch: answers pulls from one settable input, with an empty notifier. */

/*
 * =c
 * PullSwitch([INPUT])
 * =s scheduling
 * forwards pull requests to settable input
 * =d
 * On every pull, PullSwitch returns the packets pulled from one of its
 * inputs, specifically input number INPUT. The default INPUT is zero; a
 * negative INPUT, or one naming no input, means pulls always return
 * nothing. Change INPUT with the "switch" write handler. PullSwitch has any
 * number of inputs.
 *
 * PullSwitch supports notification, unlike SimplePullSwitch: an element
 * downstream of PullSwitch sleeps when PullSwitch's active input is empty,
 * and is woken when that input gets packets or when the switch moves to an
 * input that has some.
 *
 * =item INPUT
 * Integer. The active input; negative returns nothing. Default is 0.
 * =h switch read/write
 * Returns or sets INPUT. Writing a number naming no input sets -1.
 * =h config read-only
 * Returns the current INPUT.
 * =e
 *   q0 :: Queue -> [0]ps :: PullSwitch -> Unqueue -> Discard;
 *   q1 :: Queue -> [1]ps;
 *   // write ps.switch 1 to drain q1 instead
 * =a SimplePullSwitch, PrioSched, RoundRobinSched, StrideSched, Switch
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

struct pull_switch {
	struct nfc_element e;
	int32_t input_arg;
	_Atomic int32_t input;
	/* "The active input may have packets": what downstream pullers see. */
	struct nfc_notifier notifier;
	/* One upstream signal per input, known after initialize. */
	struct nfc_signal *signals;
};

static const struct nfc_arg_spec pull_switch_args[] = {
	{ .keyword = "INPUT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct pull_switch, input_arg),
	  .doc = "active input (negative returns nothing)" },
	NFC_ARGS_END
};

static void pull_switch_set_input(struct pull_switch *s, int32_t v)
{
	if (v < 0 || v >= s->e.ninputs)
		v = -1;
	atomic_store(&s->input, v);
	if (!s->signals)
		return; /* from configure: initialize sets the notifier up */
	/* Going to an input with packets wakes the sleepers downstream; going to
	 * an empty input changes nothing now: the next failed pull puts them to
	 * sleep (Click does the same). */
	if (v < 0)
		nfc_notifier_sleep(&s->notifier);
	else if (nfc_signal_active(&s->signals[v]))
		nfc_notifier_wake(&s->notifier);
}

static int pull_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct pull_switch *s = (struct pull_switch *)e;
	s->input_arg = 0;
	if (nfc_args_parse(e, conf, pull_switch_args, errh, NULL) < 0)
		return -1;
	pull_switch_set_input(s, s->input_arg);
	/* Set up before initialize: downstream elements may look us up from
	 * their own initialize, which can run first. SEARCH_CONTINUE_WAKE lets
	 * their search go on to our inputs' notifiers too. */
	nfc_notifier_init(&s->notifier, atomic_load(&s->input) >= 0, NFC_SEARCH_CONTINUE_WAKE);
	return 0;
}

static int pull_switch_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct pull_switch *s = (struct pull_switch *)e;
	int n = e->ninputs;
	struct nfc_signal *sig = nfc_element_alloc(e, (size_t)(n ? n : 1) * sizeof *sig);
	if (!sig)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < n; i++) {
		sig[i] = nfc_upstream_empty_signal(e, i, NULL);
		/* When an input gets packets, our own signal turns on with it. */
		for (int k = 0; k < sig[i].n; k++)
			if (sig[i].v[k] != &s->notifier)
				nfc_notifier_add_dependent(sig[i].v[k], &s->notifier);
	}
	s->signals = sig;
	return 0;
}

static unsigned pull_switch_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				 unsigned max)
{
	struct pull_switch *s = (struct pull_switch *)e;
	int in = atomic_load_explicit(&s->input, memory_order_relaxed);
	if (in < 0)
		return 0;
	unsigned n = nfc_pull(e, in, out, max);
	if (n)
		/* The puller is running already: mark active without waking. */
		__atomic_store_n(&s->notifier.active, true, __ATOMIC_RELAXED);
	else if (!nfc_signal_active(&s->signals[in]))
		nfc_notifier_sleep(&s->notifier);
	return n;
}

static void *pull_switch_cast(struct nfc_element *e, const char *iface)
{
	struct pull_switch *s = (struct pull_switch *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &s->notifier;
	return NULL;
}

static int pull_switch_read_input(struct nfc_element *e, void *thunk, const char *param,
				  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct pull_switch *s = (struct pull_switch *)e;
	nfc_strbuf_printf(out, "%d", (int)atomic_load(&s->input));
	return 0;
}

static int pull_switch_write_input(struct nfc_element *e, void *thunk, const char *value,
				   struct nfc_errh *errh)
{
	int32_t v;
	if (swu_parse_int(value, &v) < 0)
		return nfc_error(errh, "switch: expected integer");
	pull_switch_set_input((struct pull_switch *)e, v);
	return 0;
}

static int pull_switch_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "switch", pull_switch_read_input, NULL, 0);
	nfc_add_write_handler(e, "switch", pull_switch_write_input, NULL, 0);
	nfc_add_read_handler(e, "config", pull_switch_read_input, NULL, 0);
	return 0;
}

static const struct nfc_element_class pull_switch_class = {
	.name = "PullSwitch",
	.port_count = "-/1",
	.processing = "l/l",
	.size = sizeof(struct pull_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = pull_switch_configure,
	.initialize = pull_switch_initialize,
	.add_handlers = pull_switch_add_handlers,
	.cast = pull_switch_cast,
	.pull = pull_switch_pull,
};
NFC_REGISTER_ELEMENT(pull_switch_class);
