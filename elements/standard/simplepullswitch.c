/* SPDX-License-Identifier: MIT */
/* SimplePullSwitch: answers pulls from one settable input, without notification. */

/*
 * =c
 * SimplePullSwitch([INPUT])
 * =s scheduling
 * forwards pull requests to settable input
 * =d
 * On every pull, SimplePullSwitch returns the packets pulled from one of
 * its inputs, specifically input number INPUT. The default INPUT is zero; a
 * negative INPUT, or one naming no input, means pulls always return
 * nothing. Change INPUT with the "switch" write handler. SimplePullSwitch
 * has any number of inputs.
 *
 * SimplePullSwitch does not take part in notification: an element
 * downstream of it sleeps only when all of its inputs are empty. PullSwitch
 * lets downstream elements sleep as soon as the active input is empty.
 *
 * =item INPUT
 * Integer. The active input; negative returns nothing. Default is 0.
 * =h switch read/write
 * Returns or sets INPUT. Writing a number naming no input sets -1.
 * =h config read-only
 * Returns the current INPUT.
 * =a PullSwitch, Switch, PrioSched, RoundRobinSched, StrideSched
 */
#include <stdatomic.h>
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

struct simple_pull_switch {
	struct nfc_element e;
	int32_t input_arg;
	/* Read per pull, written by handlers from any thread. */
	_Atomic int32_t input;
};

static const struct nfc_arg_spec sps_args[] = {
	{ .keyword = "INPUT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct simple_pull_switch, input_arg),
	  .doc = "active input (negative returns nothing)" },
	NFC_ARGS_END
};

static void sps_set_input(struct simple_pull_switch *s, int32_t v)
{
	if (v < 0 || v >= s->e.ninputs)
		v = -1;
	atomic_store(&s->input, v);
}

static int sps_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct simple_pull_switch *s = (struct simple_pull_switch *)e;
	s->input_arg = 0;
	if (nfc_args_parse(e, conf, sps_args, errh, NULL) < 0)
		return -1;
	sps_set_input(s, s->input_arg);
	return 0;
}

static unsigned sps_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct simple_pull_switch *s = (struct simple_pull_switch *)e;
	int in = atomic_load_explicit(&s->input, memory_order_relaxed);
	return in < 0 ? 0 : nfc_pull(e, in, out, max);
}

static int sps_read_input(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct simple_pull_switch *s = (struct simple_pull_switch *)e;
	nfc_strbuf_printf(out, "%d", (int)atomic_load(&s->input));
	return 0;
}

static int sps_write_input(struct nfc_element *e, void *thunk, const char *value,
			   struct nfc_errh *errh)
{
	int32_t v;
	if (swu_parse_int(value, &v) < 0)
		return nfc_error(errh, "switch: expected integer");
	sps_set_input((struct simple_pull_switch *)e, v);
	return 0;
}

static int sps_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "switch", sps_read_input, NULL, 0);
	nfc_add_write_handler(e, "switch", sps_write_input, NULL, 0);
	nfc_add_read_handler(e, "config", sps_read_input, NULL, 0);
	return 0;
}

static const struct nfc_element_class simple_pull_switch_class = {
	.name = "SimplePullSwitch",
	.port_count = "-/1",
	.processing = "l/l",
	.size = sizeof(struct simple_pull_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = sps_configure,
	.add_handlers = sps_add_handlers,
	.pull = sps_pull,
};
NFC_REGISTER_ELEMENT(simple_pull_switch_class);
