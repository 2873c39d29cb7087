/* SPDX-License-Identifier: MIT */
/* BandwidthShaper: a pull element that lets at most RATE bytes per second through. */

/*
 * =c
 * BandwidthShaper(RATE)
 * =s shaping
 * shapes traffic to maximum rate (bytes/s)
 * =d
 * BandwidthShaper is a pull element that allows a maximum of RATE bytes per
 * second to pass through its output 0. That is, traffic is shaped to RATE
 * bytes per second. BandwidthShaper is dependent on the timing of its pull
 * requests; if it receives only sporadic pull requests, then it will emit
 * packets only sporadically. However, if it receives a large number of
 * evenly-spaced pull requests, then it will emit packets at the specified
 * RATE with low burstiness.
 *
 * If output 1 is connected, pulls on it return packets only while output 0
 * would not: output 1 carries the traffic above RATE, unshaped.
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Bandwidth, such as "384kbps" or "10MBps".
 * =h rate read/write
 * Returns or sets the RATE parameter.
 * =h reset write-only
 * Forgets the history of the rate: the next pull may send a packet at once.
 * =e
 *   Queue -> BandwidthShaper(1Mbps) -> ToDevice(eth0);
 * =a Shaper, BandwidthRatedSplitter, BandwidthRatedUnqueue
 */
#include <stddef.h>
#include "shaping.h"

static const struct nfc_arg_spec bw_shaper_args[] = {
	{ .keyword = "RATE", .type = NFC_ARG_BANDWIDTH,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct gap_shaper, bw_rate), .doc = "bytes per second" },
	NFC_ARGS_END
};

static int bw_shaper_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct gap_shaper *s = (struct gap_shaper *)e;
	s->bandwidth = true;
	if (nfc_args_parse(e, conf, bw_shaper_args, errh, NULL) < 0)
		return -1;
	nfc_gap_rate_init(&s->gap, 0);
	nfc_gap_shaper_set_rate(s, nfc_rated_bandwidth_u32(s->bw_rate), errh);
	return 0;
}

static const struct nfc_element_class bw_shaper_class = {
	.name = "BandwidthShaper",
	.port_count = "1/1-2",
	.processing = "l/l",
	.size = sizeof(struct gap_shaper),
	.configure = bw_shaper_configure,
	.add_handlers = nfc_gap_shaper_add_handlers,
	.pull = nfc_gap_shaper_pull,
};
NFC_REGISTER_ELEMENT(bw_shaper_class);
