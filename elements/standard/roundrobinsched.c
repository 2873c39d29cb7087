/* SPDX-License-Identifier: MIT */
/* RoundRobinSched: pull scheduler taking packets from its inputs in turn. */

/*
 * =c
 * RoundRobinSched
 * =s scheduling
 * pulls from round-robin inputs
 * =d
 * Each time a pull comes in the output, RoundRobinSched pulls from its
 * inputs in turn until one produces a packet. The next pull starts from the
 * input after the one that last produced a packet. This amounts to a round
 * robin scheduler. A pull asking for several packets is served one packet
 * at a time in that order, so inputs interleave exactly as with
 * single-packet pulls.
 *
 * The inputs usually come from Queues or other pull schedulers.
 * RoundRobinSched uses notification to avoid pulling from empty inputs, and
 * is transparent to notification: an element pulling from it sleeps while
 * all of its inputs are empty.
 * =e
 *   q0 :: Queue -> [0]rr :: RoundRobinSched -> ToDevice(eth0);
 *   q1 :: Queue -> [1]rr;
 * =a PrioSched, StrideSched, DRRSched, RoundRobinSwitch, SimpleRoundRobinSched
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct rr_sched {
	struct nfc_element e;
	/* Input to try first on the next pull. */
	int next;
	/* One upstream signal per input. */
	struct nfc_signal *signals;
};

/* No arguments: the table rejects any given. */
static const struct nfc_arg_spec rr_sched_args[] = {
	NFC_ARGS_END
};

static int rr_sched_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, rr_sched_args, errh, NULL);
}

static int rr_sched_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct rr_sched *s = (struct rr_sched *)e;
	int n = e->ninputs;
	s->next = 0;
	s->signals = nfc_element_alloc(e, (size_t)(n ? n : 1) * sizeof *s->signals);
	if (!s->signals)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < n; i++)
		s->signals[i] = nfc_upstream_empty_signal(e, i, NULL);
	return 0;
}

static unsigned rr_sched_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	struct rr_sched *s = (struct rr_sched *)e;
	int n = e->ninputs;
	unsigned got = 0;
	while (got < max) {
		int i = s->next;
		bool found = false;
		for (int tried = 0; tried < n && !found; tried++) {
			if (nfc_signal_active(&s->signals[i]) && nfc_pull(e, i, out, 1)) {
				found = true;
				s->next = i + 1 < n ? i + 1 : 0;
			}
			i = i + 1 < n ? i + 1 : 0;
		}
		if (!found)
			break;
		got++;
	}
	return got;
}

static const struct nfc_element_class rr_sched_class = {
	.name = "RoundRobinSched",
	.port_count = "-/1",
	.processing = "l/l",
	.size = sizeof(struct rr_sched),
	.configure = rr_sched_configure,
	.initialize = rr_sched_initialize,
	.pull = rr_sched_pull,
};
NFC_REGISTER_ELEMENT(rr_sched_class);
