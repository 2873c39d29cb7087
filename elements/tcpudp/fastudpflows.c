/* SPDX-License-Identifier: MIT */
/* FastUDPFlows: a benchmark source of Ethernet/IPv4/UDP packets from many rotating flows. */

/*
 * =c
 * FastUDPFlows(RATE, LIMIT, LENGTH, SRCETH, SRCIP, DSTETH, DSTIP, FLOWS, FLOWSIZE [, CHECKSUM, ACTIVE, KEYWORDS])
 * =s udp
 * creates packet flows with static UDP/IP/Ethernet headers
 * =d
 * FastUDPFlows is a benchmark tool. It makes LENGTH-byte Ethernet frames
 * (LENGTH counts the 14-byte Ethernet header and must be at least 60:
 * smaller values are raised to 60 with a warning) from SRCETH to DSTETH,
 * each carrying an IPv4/UDP packet from SRCIP to DSTIP with a zero
 * payload. The IP header has TOS 0, ID 0, no fragment bits and TTL 250.
 *
 * The packets belong to FLOWS concurrent flows that differ only in their
 * UDP ports, drawn at random between 0 and 65534. Each packet goes to a
 * flow chosen at random (uniformly); once a flow has sent FLOWSIZE packets,
 * the next packet it is chosen for starts a new flow in its place, with
 * new random ports. The UDP checksum is correct when CHECKSUM is true (the
 * default) and zero otherwise.
 *
 * FastUDPFlows sends at most RATE packets per second, evenly spaced; RATE
 * 0 means as fast as it is asked. It stops after LIMIT packets in all; a
 * negative LIMIT means no limit. It sends only while ACTIVE (default true).
 *
 * In a pull context (Click's FastUDPFlows is a pull element) it hands out
 * packets whenever pulled, and sleeps as an empty notifier once it stops
 * producing. In a push context (as FastClick's) its task pushes bursts of
 * up to 32 packets, and sleeps while the queue it feeds is full.
 *
 * Each packet's destination IP annotation is DSTIP and its network and
 * transport headers are set; the timestamp annotation is left unset.
 * Unlike Click, which hands out clones of one packet per flow, every packet
 * is a fresh, unshared copy, so elements downstream may write into it
 * without paying for a copy (and packets already sent keep their ports when
 * their flow rotates). Two more differences: ports are written in network
 * byte order (a trace shows the number drawn; Click writes the raw value),
 * and a UDP checksum that comes out 0 is sent as 0xFFFF (RFC 768).
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Unsigned integer. Packets per second; 0: no rate limit.
 * =item LIMIT
 * Integer. Packets to send in all; negative: no limit.
 * =item LENGTH
 * Unsigned integer. Frame length in bytes, Ethernet header included.
 * =item SRCETH
 * Ethernet address. Source Ethernet address.
 * =item SRCIP
 * IP address. Source IP address.
 * =item DSTETH
 * Ethernet address. Destination Ethernet address.
 * =item DSTIP
 * IP address. Destination IP address (and annotation).
 * =item FLOWS
 * Unsigned integer. Number of concurrent flows, at least 1.
 * =item FLOWSIZE
 * Unsigned integer. Packets per flow before its ports change.
 * =item CHECKSUM
 * Boolean. Compute the UDP checksum. Default true.
 * =item ACTIVE
 * Boolean. Send packets. Default true.
 * =item STOP
 * Boolean. Stop the driver once LIMIT packets are sent. Default false.
 * (FastClick.)
 * =item SEQUENTIAL
 * Boolean. Choose the flows in turn (0, 1, 2, ...) rather than at random,
 * and give a flow's successor the next ports up (each plus one) rather
 * than random ones. Default false. (FastClick.)
 * =item FLOWBURST
 * Unsigned integer. Consecutive packets sent from one flow before the next
 * flow is chosen; at least 1. Default 1. (FastClick.)
 * =item DUPLICATE
 * Boolean. FastClick's choice between copies and clones; accepted and
 * ignored, as every packet is a copy here.
 * =h count read-only
 * Returns the number of packets sent.
 * =h rate read/write
 * Reading returns the average rate, in packets per second, between the
 * first packet and the LIMITth (0 until LIMIT packets are sent); writing
 * sets RATE (0: no rate limit).
 * =h reset write-only
 * Resets the count (and the measured rate), so another LIMIT packets go.
 * =h active read/write
 * Returns or sets ACTIVE. Making the element active also resets it.
 * =h limit read/write
 * Returns or sets LIMIT (-1: no limit).
 * =h length read-only
 * Returns LENGTH.
 * =h stop read/write
 * Returns or sets STOP.
 * =h scheduled read-only
 * Returns whether the task is scheduled (push context).
 * =e
 *   FastUDPFlows(RATE 0, LIMIT 1000000, LENGTH 60,
 *                SRCETH 0:0:0:0:0:1, SRCIP 10.0.0.1,
 *                DSTETH 0:0:0:0:0:2, DSTIP 10.1.2.3,
 *                FLOWS 10000, FLOWSIZE 20)
 *     -> Unqueue(BURST 32) -> ...
 * =a InfiniteSource, RatedSource, UDPIPEncap
 */
#include <stdlib.h>
#include <string.h>
#include "fastudpflows_priv.h"

static const struct nfc_arg_spec fudp_args[] = {
#define FUDP_MP (NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL)
	{ .keyword = "RATE", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, rate_arg), .doc = "packets per second (0: unlimited)" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT64, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, limit), .doc = "packets to send (-1: no limit)" },
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, length_arg), .doc = "frame length (at least 60)" },
	{ .keyword = "SRCETH", .type = NFC_ARG_ETHER, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, srceth), .doc = "source Ethernet address" },
	{ .keyword = "SRCIP", .type = NFC_ARG_IP, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, srcip), .doc = "source IP address" },
	{ .keyword = "DSTETH", .type = NFC_ARG_ETHER, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, dsteth), .doc = "destination Ethernet address" },
	{ .keyword = "DSTIP", .type = NFC_ARG_IP, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, dstip), .doc = "destination IP address" },
	{ .keyword = "FLOWS", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, nflows), .doc = "number of concurrent flows" },
	{ .keyword = "FLOWSIZE", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, flowsize), .doc = "packets per flow" },
	{ .keyword = "CHECKSUM", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fudp, checksum), .doc = "compute the UDP checksum" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fudp, active), .doc = "send packets" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "SEQUENTIAL", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, sequential),
	  .doc = "flows in turn, ports counting up" },
	{ .keyword = "FLOWBURST", .type = NFC_ARG_UINT32, .offset = offsetof(struct fudp, flowburst),
	  .doc = "consecutive packets per flow choice" },
	{ .keyword = "DUPLICATE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, duplicate),
	  .doc = "ignored (packets are always copies)" },
#undef FUDP_MP
	NFC_ARGS_END
};

static int fudp_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	f->checksum = true;
	f->active = true;
	f->stop = f->sequential = f->duplicate = false;
	f->flowburst = 1;
	if (nfc_args_parse(e, conf, fudp_args, errh, NULL) < 0)
		return -1;
	int r = 0;
	if (f->nflows < 1)
		r = nfc_error(errh, "FLOWS must be at least 1");
	if (f->flowburst < 1)
		r = nfc_error(errh, "FLOWBURST must be at least 1");
	if (f->length_arg > FUDP_MAX_LENGTH)
		r = nfc_error(errh, "LENGTH must be at most %u", (unsigned)FUDP_MAX_LENGTH);
	if (f->rate_arg > NFC_GAP_RATE_MAX)
		r = nfc_error(errh, "RATE too large; max is %u", NFC_GAP_RATE_MAX);
	if (r < 0)
		return r;
	f->length = f->length_arg;
	if (f->length < FUDP_MIN_LENGTH) {
		nfc_warning(errh, "LENGTH %u is less than 60; using 60", f->length);
		f->length = FUDP_MIN_LENGTH;
	}
	if (f->limit < 0)
		f->limit = -1;
	f->rate_limited = f->rate_arg != 0;
	nfc_gap_rate_init(&f->rate, f->rate_arg);
	/* configure, not initialize: downstream pullers look for this notifier
	 * in their own initialize, which may run before ours */
	nfc_notifier_init(&f->empty, f->active, NFC_SEARCH_STOP);
	return 0;
}

static int fudp_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	f->flows = calloc(f->nflows, sizeof *f->flows);
	if (!f->flows || fudp_build_frame(f) < 0)
		return nfc_error(errh, "out of memory");
	fudp_build_annotations(f);
	nfc_rng_seed(&f->rng, e->router, nfc_rng_stream(e->name, 0));
	fudp_init_flows(f);
	f->count = 0;
	f->push_mode = nfc_output_is_push(e, 0);
	nfc_timer_init(&f->timer, e, fudp_timer, f);
	f->timer_initialized = true;
	if (f->push_mode) {
		nfc_task_init(&f->task, e, fudp_run, f);
		f->nonfull = nfc_downstream_full_signal(e, 0, &f->task);
		if (f->active)
			nfc_task_schedule(&f->task);
	}
	return 0;
}

static void fudp_cleanup(struct nfc_element *e)
{
	struct fudp *f = (struct fudp *)e;
	if (f->timer_initialized)
		nfc_timer_cleanup(&f->timer);
	if (f->task.initialized)
		nfc_task_cleanup(&f->task);
	free(f->flows);
	free(f->frame);
	f->flows = NULL;
	f->frame = NULL;
}

/* ---- handlers ---- */

enum { H_COUNT, H_RATE, H_RESET, H_ACTIVE, H_LIMIT, H_LENGTH, H_STOP };

/* Click's measure: packets over the time from the first to the LIMITth,
 * with at least a millisecond (its clock's tick) between them. */
static uint64_t fudp_measured_rate(const struct fudp *f)
{
	if (f->last_ns == 0)
		return 0;
	int64_t elapsed = f->last_ns - f->first_ns;
	if (elapsed < 1000000)
		elapsed = 1000000;
	return (uint64_t)((double)f->count * 1e9 / (double)elapsed);
}

static int fudp_read(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	switch ((int)(intptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)f->count);
		break;
	case H_RATE:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)fudp_measured_rate(f));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, f->active ? "true" : "false");
		break;
	case H_LIMIT:
		nfc_strbuf_printf(out, "%lld", (long long)f->limit);
		break;
	case H_LENGTH:
		nfc_strbuf_printf(out, "%u", f->length);
		break;
	case H_STOP:
		nfc_strbuf_puts(out, f->stop ? "true" : "false");
		break;
	}
	return 0;
}

static void fudp_reset(struct fudp *f)
{
	f->count = 0;
	f->first_ns = f->last_ns = 0;
}

/* After a change: produce again if there is something to produce. */
static void fudp_wake(struct fudp *f)
{
	if (!f->active || fudp_exhausted(f))
		return;
	if (f->push_mode) {
		if (f->task.initialized && !nfc_task_scheduled(&f->task))
			nfc_task_schedule(&f->task);
	} else
		nfc_notifier_wake(&f->empty);
}

static int fudp_write(struct nfc_element *e, void *thunk, const char *value,
		      struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	switch ((int)(intptr_t)thunk) {
	case H_RATE: {
		uint32_t rate;
		if (nfc_parse_uint32(value, &rate) < 0)
			return nfc_error(errh, "rate: expected unsigned integer");
		if (rate > NFC_GAP_RATE_MAX)
			return nfc_error(errh, "rate: too large; max is %u", NFC_GAP_RATE_MAX);
		nfc_gap_rate_set_rate(&f->rate, rate);
		f->rate_limited = rate != 0;
		break;
	}
	case H_RESET:
		fudp_reset(f);
		break;
	case H_ACTIVE:
		if (nfc_parse_bool(value, &f->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		if (f->active)
			fudp_reset(f);
		break;
	case H_LIMIT: {
		int64_t limit;
		if (nfc_parse_int64(value, &limit) < 0)
			return nfc_error(errh, "limit: expected integer");
		f->limit = limit < 0 ? -1 : limit;
		break;
	}
	case H_STOP:
		if (nfc_parse_bool(value, &f->stop) < 0)
			return nfc_error(errh, "stop: expected boolean");
		break;
	}
	fudp_wake(f);
	return 0;
}

static int fudp_add_handlers(struct nfc_element *e)
{
	static const struct {
		const char *name;
		int h;
		bool rd, wr;
	} handlers[] = {
		{ "count", H_COUNT, true, false },   { "rate", H_RATE, true, true },
		{ "reset", H_RESET, false, true },   { "active", H_ACTIVE, true, true },
		{ "limit", H_LIMIT, true, true },    { "length", H_LENGTH, true, false },
		{ "stop", H_STOP, true, true },
	};
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		void *thunk = (void *)(intptr_t)handlers[i].h;
		if (handlers[i].rd)
			nfc_add_read_handler(e, handlers[i].name, fudp_read, thunk, 0);
		if (handlers[i].wr)
			nfc_add_write_handler(e, handlers[i].name, fudp_write, thunk,
					      handlers[i].h == H_RESET ? NFC_HANDLER_BUTTON : 0);
	}
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &((struct fudp *)e)->task);
	return 0;
}

static void *fudp_cast(struct nfc_element *e, const char *iface)
{
	struct fudp *f = (struct fudp *)e;
	/* only a pulled source announces "has packets"; pushed, it is just busy */
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0 && !nfc_output_is_push(e, 0))
		return &f->empty;
	return NULL;
}

static const struct nfc_element_class fudp_class = {
	.name = "FastUDPFlows",
	.port_count = "0/1",
	.processing = "a/a",
	.size = sizeof(struct fudp),
	.configure = fudp_configure,
	.initialize = fudp_initialize,
	.cleanup = fudp_cleanup,
	.add_handlers = fudp_add_handlers,
	.cast = fudp_cast,
	.pull = fudp_pull,
};
NFC_REGISTER_ELEMENT(fudp_class);
