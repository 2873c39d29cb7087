/* SPDX-License-Identifier: MIT */
/* Shaper: a pull element that lets at most RATE packets per second through. */

/*
 * =c
 * Shaper(RATE)
 * =s shaping
 * shapes traffic to maximum rate (pkt/s)
 * =d
 * Shaper is a pull element that allows a maximum of RATE packets per second
 * to pass through its output 0. That is, traffic is shaped to RATE packets
 * per second. Shaper is dependent on the timing of its pull requests; if it
 * receives only sporadic pull requests, then it will emit packets only
 * sporadically. However, if it receives a large number of evenly-spaced
 * pull requests, then it will emit packets at the specified RATE with low
 * burstiness. The rate is kept as a uniform gap between packets (Click's
 * GapRate): falling behind by up to a second is caught up in a burst.
 *
 * If output 1 is connected, pulls on it return packets only while output 0
 * would not: output 1 carries the traffic above RATE, unshaped.
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Unsigned integer. Packets per second.
 * =h rate read/write
 * Returns or sets the RATE parameter.
 * =h reset write-only
 * Forgets the history of the rate: the next pull may send a packet at once.
 * =e
 *   Queue -> Shaper(1000) -> ToDevice(eth0);
 * =a BandwidthShaper, RatedSplitter, RatedUnqueue
 */
#include <stddef.h>
#include "shaping.h"

static const struct nfc_arg_spec shaper_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct gap_shaper, rate), .doc = "packets per second" },
	NFC_ARGS_END
};

static int shaper_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct gap_shaper *s = (struct gap_shaper *)e;
	s->bandwidth = false;
	if (nfc_args_parse(e, conf, shaper_args, errh, NULL) < 0)
		return -1;
	nfc_gap_rate_init(&s->gap, 0);
	nfc_gap_shaper_set_rate(s, s->rate, errh);
	return 0;
}

/* ---- shared with BandwidthShaper (declared in shaping.h) ---- */

void nfc_gap_shaper_set_rate(struct gap_shaper *s, uint32_t rate, struct nfc_errh *errh)
{
	if (rate > NFC_GAP_RATE_MAX) {
		nfc_warning(errh, "rate too large; lowered to %u", NFC_GAP_RATE_MAX);
		rate = NFC_GAP_RATE_MAX;
	}
	nfc_gap_rate_set_rate(&s->gap, rate);
}

unsigned nfc_gap_shaper_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			     unsigned max)
{
	struct gap_shaper *s = (struct gap_shaper *)e;
	int64_t now = nfc_now();
	if (port == 1) /* the excess: only while output 0 is ahead of the rate */
		return nfc_gap_rate_need_update(&s->gap, now) ? 0 : nfc_pull(e, 0, out, max);

	unsigned got = 0;
	while (got < max && nfc_gap_rate_need_update(&s->gap, now)) {
		if (nfc_pull(e, 0, out, 1) == 0)
			break;
		if (s->bandwidth)
			nfc_gap_rate_update_with(&s->gap, (int32_t)out->pkts[out->count - 1]->length);
		else
			nfc_gap_rate_update(&s->gap);
		got++;
	}
	return got;
}

static int gap_shaper_read_rate(struct nfc_element *e, void *thunk, const char *param,
				struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct gap_shaper *s = (struct gap_shaper *)e;
	if (s->bandwidth)
		nfc_rated_unparse_bandwidth(out, s->gap.rate);
	else
		nfc_strbuf_printf(out, "%u", s->gap.rate);
	return 0;
}

static int gap_shaper_write_rate(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	struct gap_shaper *s = (struct gap_shaper *)e;
	uint32_t rate;
	if (s->bandwidth) {
		double bw;
		if (nfc_args_parse_value(e, NFC_ARG_BANDWIDTH, value, &bw, errh, "RATE") < 0)
			return -1;
		rate = nfc_rated_bandwidth_u32(bw);
	} else if (nfc_args_parse_value(e, NFC_ARG_UINT32, value, &rate, errh, "RATE") < 0)
		return -1;
	nfc_gap_shaper_set_rate(s, rate, errh);
	return 0;
}

static int gap_shaper_write_reset(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	nfc_gap_rate_reset(&((struct gap_shaper *)e)->gap);
	return 0;
}

int nfc_gap_shaper_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "rate", gap_shaper_read_rate, NULL, 0);
	nfc_add_write_handler(e, "rate", gap_shaper_write_rate, NULL, 0);
	nfc_add_write_handler(e, "reset", gap_shaper_write_reset, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class shaper_class = {
	.name = "Shaper",
	.port_count = "1/1-2",
	.processing = "l/l",
	.size = sizeof(struct gap_shaper),
	.configure = shaper_configure,
	.add_handlers = nfc_gap_shaper_add_handlers,
	.pull = nfc_gap_shaper_pull,
};
NFC_REGISTER_ELEMENT(shaper_class);
