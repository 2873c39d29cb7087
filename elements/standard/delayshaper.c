/* SPDX-License-Identifier: MIT */
/* DelayShaper: a pull element that holds each packet until its timestamp plus a delay. */

/*
 * =c
 * DelayShaper(DELAY)
 * =s shaping
 * shapes traffic to meet delay requirements
 * =d
 * Pulls packets from the single input port. Delays them for at least DELAY
 * seconds, with microsecond precision. A packet with timestamp T will be
 * emitted no earlier than time (T + DELAY). A packet without a timestamp
 * is stamped with the time it was pulled. On output, the packet's
 * timestamp is set to the current time.
 *
 * Differs from DelayUnqueue in that both its input and output are pull.
 * At most one packet is held at a time; pulls return nothing until it is
 * ready. DelayShaper has an empty notifier that sleeps while the held
 * packet waits (a timer wakes it when the packet is due) and wakes when
 * its upstream gets packets, so downstream pullers need not poll.
 *
 * Keyword arguments are:
 *
 * =item DELAY
 * Time. The minimum delay.
 * =h delay read/write
 * Returns or sets the DELAY parameter.
 * =e
 *   q :: Queue -> DelayShaper(50ms) -> Unqueue -> Discard;
 * =a BandwidthShaper, DelayUnqueue, SetTimestamp
 */
#include <stddef.h>
#include <string.h>
#include "rated.h"

struct delay_shaper {
	struct nfc_element e;
	int64_t delay;
	struct nfc_packet *held;
	struct nfc_timer timer;
	struct nfc_signal upstream;
	struct nfc_notifier notifier;
};

static const struct nfc_arg_spec delay_shaper_args[] = {
	{ .keyword = "DELAY", .type = NFC_ARG_TIME,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct delay_shaper, delay), .doc = "minimum delay" },
	NFC_ARGS_END
};

static int delay_shaper_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	/* Continue-and-wake: pullers behind us also listen to our upstream
	 * queues, since we hold packets they cannot see. Configure, not
	 * initialize: pullers look for it in their own initialize. */
	nfc_notifier_init(&s->notifier, true, NFC_SEARCH_CONTINUE_WAKE);
	if (nfc_args_parse(e, conf, delay_shaper_args, errh, NULL) < 0)
		return -1;
	if (s->delay < 0)
		return nfc_error(errh, "DELAY must not be negative");
	return 0;
}

static void delay_shaper_timer(struct nfc_timer *t, void *arg)
{
	struct delay_shaper *s = arg;
	nfc_notifier_wake(&s->notifier);
}

static int delay_shaper_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	nfc_timer_init(&s->timer, e, delay_shaper_timer, s);
	s->upstream = nfc_upstream_empty_signal(e, 0, NULL);
	/* our signal turns on whenever an upstream one does */
	for (int i = 0; i < s->upstream.n; i++)
		nfc_notifier_add_dependent(s->upstream.v[i], &s->notifier);
	return 0;
}

static void delay_shaper_cleanup(struct nfc_element *e)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	if (s->timer.owner)
		nfc_timer_cleanup(&s->timer);
	if (s->held)
		nfc_packet_kill(s->held);
	s->held = NULL;
}

static unsigned delay_shaper_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				  unsigned max)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	if (!s->held) {
		struct nfc_batch b;
		nfc_batch_init(&b);
		if (nfc_pull(e, 0, &b, 1)) {
			struct nfc_packet *p = b.pkts[0];
			if (p->timestamp_ns / NFC_NSEC_PER_SEC == 0) /* no timestamp */
				p->timestamp_ns = nfc_now();
			p->timestamp_ns += s->delay;
			s->held = p;
		}
	}

	if (s->held) {
		int64_t now = nfc_now();
		if (s->held->timestamp_ns <= now) {
			struct nfc_packet *p = s->held;
			s->held = NULL;
			p->timestamp_ns = now;
			out->pkts[out->count++] = p;
			return 1;
		}
		/* not yet: sleep until the timer says it is due */
		nfc_timer_schedule_at(&s->timer, s->held->timestamp_ns);
		nfc_notifier_sleep(&s->notifier);
	} else if (!nfc_signal_active(&s->upstream))
		nfc_notifier_sleep(&s->notifier);
	return 0;
}

static void *delay_shaper_cast(struct nfc_element *e, const char *iface)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &s->notifier;
	return NULL;
}

static int delay_shaper_read_delay(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_rated_unparse_interval(out, ((struct delay_shaper *)e)->delay);
	return 0;
}

static int delay_shaper_write_delay(struct nfc_element *e, void *thunk, const char *value,
				    struct nfc_errh *errh)
{
	struct delay_shaper *s = (struct delay_shaper *)e;
	int64_t delay;
	if (nfc_parse_time_ns(value, &delay) < 0 || delay < 0)
		return nfc_error(errh, "delay must be a timestamp");
	s->delay = delay;
	return 0;
}

static int delay_shaper_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "delay", delay_shaper_read_delay, NULL, 0);
	nfc_add_write_handler(e, "delay", delay_shaper_write_delay, NULL, 0);
	return 0;
}

static const struct nfc_element_class delay_shaper_class = {
	.name = "DelayShaper",
	.port_count = "1/1",
	.processing = "l/l",
	.size = sizeof(struct delay_shaper),
	.configure = delay_shaper_configure,
	.initialize = delay_shaper_initialize,
	.cleanup = delay_shaper_cleanup,
	.add_handlers = delay_shaper_add_handlers,
	.cast = delay_shaper_cast,
	.pull = delay_shaper_pull,
};
NFC_REGISTER_ELEMENT(delay_shaper_class);
