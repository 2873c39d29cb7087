/* SPDX-License-Identifier: MIT */
/* PrioSched: strict-priority pull scheduler (input 0 first). */

/*
 * =c
 * PrioSched
 * =s scheduling
 * pulls from priority-scheduled inputs
 * =d
 * Each time a pull comes in the output, PrioSched pulls from each of the
 * inputs starting from input 0, and returns the packets from the first
 * input that has some. This amounts to a strict priority scheduler. When a
 * pull asks for several packets, PrioSched takes as many as it can from
 * input 0, then fills up from input 1, and so on.
 *
 * The inputs usually come from Queues or other pull schedulers. PrioSched
 * uses notification to avoid pulling from empty inputs, and is transparent
 * to notification: an element pulling from it sleeps while all of its
 * inputs are empty.
 * =e
 *   hi :: Queue -> [0]p :: PrioSched -> ToDevice(eth0);
 *   lo :: Queue -> [1]p;
 * =a Queue, RoundRobinSched, StrideSched, DRRSched, SimplePrioSched
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct prio_sched {
	struct nfc_element e;
	/* One upstream signal per input. */
	struct nfc_signal *signals;
};

/* No arguments: the table rejects any given. */
static const struct nfc_arg_spec prio_sched_args[] = {
	NFC_ARGS_END
};

static int prio_sched_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, prio_sched_args, errh, NULL);
}

static int prio_sched_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct prio_sched *s = (struct prio_sched *)e;
	int n = e->ninputs;
	s->signals = nfc_element_alloc(e, (size_t)(n ? n : 1) * sizeof *s->signals);
	if (!s->signals)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < n; i++)
		s->signals[i] = nfc_upstream_empty_signal(e, i, NULL);
	return 0;
}

static unsigned prio_sched_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max)
{
	struct prio_sched *s = (struct prio_sched *)e;
	unsigned got = 0;
	/* An input that returned fewer packets than asked is empty for now, so
	 * moving on to the next one is what per-packet pulls would do too. */
	for (int i = 0; i < e->ninputs && got < max; i++)
		if (nfc_signal_active(&s->signals[i]))
			got += nfc_pull(e, i, out, max - got);
	return got;
}

static const struct nfc_element_class prio_sched_class = {
	.name = "PrioSched",
	.port_count = "-/1",
	.processing = "l/l",
	.size = sizeof(struct prio_sched),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = prio_sched_configure,
	.initialize = prio_sched_initialize,
	.pull = prio_sched_pull,
};
NFC_REGISTER_ELEMENT(prio_sched_class);
