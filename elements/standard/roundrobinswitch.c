/* SPDX-License-Identifier: MIT */
/* RoundRobinSwitch: sends packets to its outputs in turn. */

/*
 * =c
 * RoundRobinSwitch([MAX])
 * =s classification
 * sends packets to round-robin outputs
 * =d
 * Pushes each arriving packet to one of its outputs: the first packet goes
 * to output 0, the next to output 1, and so on, wrapping around after the
 * last output (or after output MAX-1 when MAX is given).
 *
 * Each thread keeps its own turn, so with several threads the order is
 * round-robin per thread (Click's multithreaded version is also only "best
 * effort").
 *
 * =item MAX
 * Unsigned. Number of outputs to cycle through, from output 0. Default is
 * the number of outputs.
 * =h max read/write
 * Returns or sets MAX.
 * =e
 *   src -> rr :: RoundRobinSwitch;
 *   rr[0] -> q0 :: Queue; rr[1] -> q1 :: Queue;
 * =a StrideSwitch, Switch, HashSwitch, RandomSwitch, RoundRobinSched
 */
#include <stdatomic.h>
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

/* One turn counter per thread, padded so threads do not share a cache line
 * (padding rather than an alignment attribute: instances are not allocated
 * cache-aligned). */
struct rr_turn {
	uint32_t next;
	char pad[60];
};

struct rr_switch {
	struct nfc_element e;
	uint32_t max_arg;
	bool max_given;
	_Atomic uint32_t max;
	struct rr_turn turn[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec rr_switch_args[] = {
	{ .keyword = "MAX", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct rr_switch, max_arg),
	  .given_offset = offsetof(struct rr_switch, max_given),
	  .doc = "number of outputs to cycle through" },
	NFC_ARGS_END
};

static int rr_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct rr_switch *s = (struct rr_switch *)e;
	s->max_given = false;
	s->max_arg = 0;
	if (nfc_args_parse(e, conf, rr_switch_args, errh, NULL) < 0)
		return -1;
	uint32_t max = s->max_given ? s->max_arg : (uint32_t)e->noutputs;
	if (max < 1 || max > (uint32_t)e->noutputs)
		return nfc_error(errh, "MAX must be between 1 and %d", e->noutputs);
	atomic_store_explicit(&s->max, max, memory_order_relaxed);
	return 0;
}

static int rr_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct rr_switch *s = (struct rr_switch *)e;
	struct rr_turn *t = &s->turn[nfc_thread_id()];
	uint32_t out = t->next;
	uint32_t max = atomic_load_explicit(&s->max, memory_order_relaxed);
	if (out >= max) /* MAX shrank under us */
		out = 0;
	t->next = out + 1 >= max ? 0 : out + 1;
	return (int)out;
}

static int rr_switch_read_max(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rr_switch *s = (struct rr_switch *)e;
	nfc_strbuf_printf(out, "%u", (unsigned)atomic_load(&s->max));
	return 0;
}

static int rr_switch_write_max(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct rr_switch *s = (struct rr_switch *)e;
	int32_t v;
	if (swu_parse_int(value, &v) < 0 || v < 1 || v > e->noutputs)
		return nfc_error(errh, "max must be between 1 and %d", e->noutputs);
	atomic_store(&s->max, (uint32_t)v);
	return 0;
}

static int rr_switch_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "max", rr_switch_read_max, NULL, 0);
	nfc_add_write_handler(e, "max", rr_switch_write_max, NULL, 0);
	return 0;
}

static const struct nfc_element_class rr_switch_class = {
	.name = "RoundRobinSwitch",
	.port_count = "1/1-",
	.processing = "h/h",
	.size = sizeof(struct rr_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = rr_switch_configure,
	.add_handlers = rr_switch_add_handlers,
	.classify = rr_switch_classify,
};
NFC_REGISTER_ELEMENT(rr_switch_class);
