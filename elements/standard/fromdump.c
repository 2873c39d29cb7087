/* SPDX-License-Identifier: MIT */
/* FromDump: emits the packets of a pcap (tcpdump) file, with their timestamps. */

/*
 * =c
 * FromDump(FILENAME [, TIMING, KEYWORDS])
 * =s traces
 * reads packets from a tcpdump file
 * =d
 * Reads packets from a file written by "tcpdump -w FILENAME", ToDump or
 * any other pcap writer (through libpcap: microsecond and nanosecond
 * files, either byte order, and pcapng), and emits them on output 0.
 * FILENAME "-" reads standard input. A missing or unreadable file is a
 * configuration error.
 *
 * Each packet gets its timestamp annotation from the trace, its extra
 * length annotation set to the bytes the capture left out (original
 * length minus captured length), and header annotations from the file's
 * link type: the MAC header at the start of the data for link-layer
 * traces, the IP header for raw IP traces (which imply FORCE_IP).
 *
 * Output 0 may be push (FromDump runs a task) or pull (FromDump is then an
 * empty notifier: pullers sleep while it has nothing to give).
 *
 * Keyword arguments are:
 * =item TIMING
 * Boolean. Keep the trace's timing: the first packet is emitted at once,
 * each later one when as much time has passed since the first as separates
 * their timestamps. Default is false (as fast as possible).
 * =item STOP
 * Boolean. Ask the router to stop when the file (or the END time) is
 * reached. Default is false.
 * =item ACTIVE
 * Boolean. When false, FromDump emits nothing until the "active" handler
 * is set to true. Default is true.
 * =item SAMPLE
 * Real between 0 and 1. Emit each packet with this probability (fixed
 * point with 28 bits; the "sampling_prob" handler shows the value used).
 * Default is 1.
 * =item FORCE_IP
 * Boolean. Emit only IP packets, with their network header and destination
 * address annotations set; other packets leave on output 1 if there is one
 * and are dropped otherwise. Default is false.
 * =item START
 * Absolute time (seconds since the epoch). Skip packets before it.
 * =item START_AFTER
 * Time. Skip packets within this long of the file's first timestamp.
 * =item END
 * Absolute time. Stop at the first packet at or after it.
 * =item END_AFTER
 * Time. Stop at the first packet this long after the file's first timestamp.
 * =item INTERVAL
 * Time. Stop at the first packet this long after the first packet emitted.
 * =item END_CALL
 * Write handler to call at the end of the file or at the END time. Default
 * with END, END_AFTER or INTERVAL is "NAME.active false". Exclusive with STOP.
 * =item FILEPOS
 * Integer. Start reading at this byte offset of the file (which must be the
 * start of a packet record).
 * =item BURST
 * Integer. Packets emitted per task run in push mode. Default is 1.
 *
 * At most one of START and START_AFTER, and one of END, END_AFTER and
 * INTERVAL may be given.
 * =h count read-only
 * Returns the number of packets emitted.
 * =h reset_counts write-only
 * Resets "count" to 0.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =h encap read-only
 * Returns the file's link type (ETHER, IP, SLL, ...).
 * =h filename read-only
 * Returns FILENAME.
 * =h filesize read-only
 * Returns the file's length in bytes, or "-" when unknown (a pipe).
 * =h filepos read/write
 * Returns or sets the position in the file, in bytes.
 * =h packet_filepos read-only
 * Returns the file position of the last packet record read.
 * =h sampling_prob read-only
 * Returns the sampling probability.
 * =h stop write-only
 * Deactivates FromDump and asks the router to stop.
 * =h extend_interval write-only
 * Moves the END time later by the written time interval and reactivates.
 * =h reset_timing write-only
 * Restarts TIMING from the next packet.
 * =e
 *   FromDump(trace.pcap, STOP true) -> c :: Counter -> Discard;
 * =a ToDump, tcpdump(1)
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <nfclick/nfclick.h>
#include "pcapencap.h"

#define FD_SAMPLING_SHIFT 28

struct fromdump {
	struct nfc_element e;
	/* arguments */
	char *filename;
	bool timing, stop, active, force_ip;
	double sample;
	int64_t start, start_after, end, end_after, interval;
	bool start_given, start_after_given, end_given, end_after_given, interval_given;
	char *end_call_text;
	int64_t filepos_arg;
	int32_t burst;
	/* the file */
	pcap_t *pcap;
	FILE *fp;
	int dlt;
	bool at_eof;
	int64_t packet_filepos;
	/* the read-ahead packet (kept while TIMING waits for it) */
	struct nfc_packet *next;
	/* time window (ns); "relative" values become absolute at the first packet */
	int64_t first_time, last_time;
	bool have_first_time, have_last_time, first_relative, last_relative, last_interval;
	bool have_any_times;
	/* TIMING: trace time and clock time of the first packet emitted */
	bool timing_started;
	int64_t timing_trace0, timing_clock0;
	uint32_t sampling_prob;
	struct nfc_rng rng;
	uint64_t count;
	bool ended;
	bool push_mode;
	bool have_end_call;
	struct nfc_handler_call end_call;
	struct nfc_task task;
	struct nfc_timer timer;
	struct nfc_notifier notifier;
};

static const struct nfc_arg_spec fromdump_args[] = {
	{ .keyword = "FILENAME", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdump, filename), .doc = "pcap file to read (- for stdin)" },
	{ .keyword = "TIMING", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdump, timing), .doc = "keep the trace's timing" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdump, stop),
	  .doc = "stop the router at the end" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdump, active),
	  .doc = "emit packets" },
	{ .keyword = "SAMPLE", .type = NFC_ARG_DOUBLE, .offset = offsetof(struct fromdump, sample),
	  .doc = "probability of emitting each packet" },
	{ .keyword = "FORCE_IP", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdump, force_ip),
	  .doc = "emit only IP packets, with IP annotations" },
	{ .keyword = "START", .type = NFC_ARG_TIME, .offset = offsetof(struct fromdump, start),
	  .given_offset = offsetof(struct fromdump, start_given), .doc = "absolute start time" },
	{ .keyword = "START_AFTER", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct fromdump, start_after),
	  .given_offset = offsetof(struct fromdump, start_after_given),
	  .doc = "skip this long from the first timestamp" },
	{ .keyword = "END", .type = NFC_ARG_TIME, .offset = offsetof(struct fromdump, end),
	  .given_offset = offsetof(struct fromdump, end_given), .doc = "absolute end time" },
	{ .keyword = "END_AFTER", .type = NFC_ARG_TIME, .offset = offsetof(struct fromdump, end_after),
	  .given_offset = offsetof(struct fromdump, end_after_given),
	  .doc = "end this long after the first timestamp" },
	{ .keyword = "INTERVAL", .type = NFC_ARG_TIME, .offset = offsetof(struct fromdump, interval),
	  .given_offset = offsetof(struct fromdump, interval_given),
	  .doc = "end this long after the first packet emitted" },
	{ .keyword = "END_CALL", .type = NFC_ARG_HANDLER,
	  .offset = offsetof(struct fromdump, end_call_text), .doc = "write handler called at the end" },
	{ .keyword = "FILEPOS", .type = NFC_ARG_INT64, .offset = offsetof(struct fromdump, filepos_arg),
	  .doc = "file offset to start at" },
	{ .keyword = "BURST", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct fromdump, burst),
	  .doc = "packets per task run" },
	NFC_ARGS_END
};

/* ---- opening the file ---- */

static int fromdump_open(struct fromdump *fd, struct nfc_errh *errh)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	if (strcmp(fd->filename, "-") == 0)
		fd->fp = stdin;
	else if (!(fd->fp = fopen(fd->filename, "rb")))
		return nfc_error(errh, "%s: %s", fd->filename, strerror(errno));
	fd->pcap = pcap_fopen_offline_with_tstamp_precision(fd->fp, PCAP_TSTAMP_PRECISION_NANO,
							     errbuf);
	if (!fd->pcap) {
		if (fd->fp != stdin)
			fclose(fd->fp);
		fd->fp = NULL;
		return nfc_error(errh, "%s: not a tcpdump file (%s)", fd->filename, errbuf);
	}
	fd->dlt = pcap_datalink(fd->pcap);
	if (fd->dlt == DLT_RAW || fd->dlt == DLT_IPV4)
		fd->force_ip = true; /* raw IP: every packet is (or should be) IP */
	if (fd->filepos_arg && fseeko(fd->fp, (off_t)fd->filepos_arg, SEEK_SET) < 0)
		return nfc_error(errh, "%s: cannot seek to %lld: %s", fd->filename,
				 (long long)fd->filepos_arg, strerror(errno));
	return 0;
}

static int fromdump_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	struct fromdump *fd = (struct fromdump *)e;
	fd->timing = fd->stop = fd->force_ip = false;
	fd->active = true;
	fd->sample = 1;
	fd->end_call_text = NULL;
	fd->filepos_arg = 0;
	fd->burst = 1;
	if (nfc_args_parse(e, conf, fromdump_args, errh, NULL) < 0)
		return -1;

	int r = 0;
	if (fd->sample < 0)
		r = nfc_error(errh, "SAMPLE must be between 0 and 1");
	else if (fd->sample > 1) {
		nfc_warning(errh, "SAMPLE probability reduced to 1");
		fd->sample = 1;
	} else if (fd->sample == 0)
		nfc_warning(errh, "SAMPLE probability is 0; emitting no packets");
	fd->sampling_prob = (uint32_t)(fd->sample * (1u << FD_SAMPLING_SHIFT) + 0.5);

	if (fd->start_given + fd->start_after_given > 1)
		r = nfc_error(errh, "START and START_AFTER are mutually exclusive");
	if (fd->end_given + fd->end_after_given + fd->interval_given > 1)
		r = nfc_error(errh, "END, END_AFTER, and INTERVAL are mutually exclusive");
	if (fd->stop && fd->end_call_text)
		r = nfc_error(errh, "END_CALL and STOP are mutually exclusive");
	if (fd->filepos_arg < 0)
		r = nfc_error(errh, "FILEPOS must be at least 0");
	if (r < 0)
		return -1;

	fd->have_first_time = fd->start_given || fd->start_after_given;
	fd->first_time = fd->start_given ? fd->start : fd->start_after;
	fd->first_relative = !fd->start_given;
	fd->have_last_time = fd->end_given || fd->end_after_given || fd->interval_given;
	fd->last_time = fd->end_given ? fd->end : fd->end_after_given ? fd->end_after : fd->interval;
	fd->last_relative = fd->end_after_given;
	fd->last_interval = fd->interval_given;

	/* sampling draws from the router's seed and the name: repeatable run
	 * to run unless RandomSeed says otherwise */
	nfc_rng_seed(&fd->rng, e->router, nfc_rng_stream(e->name, 0));

	/* configure, not initialize: pullers look for the notifier in their own
	 * initialize, which may run before ours */
	nfc_notifier_init(&fd->notifier, fd->active, NFC_SEARCH_STOP);

	if (fromdump_open(fd, errh) < 0)
		return -1;
	if (fd->force_ip && !pcapencap_ip_parsable(fd->dlt))
		return nfc_error(errh, "%s: unknown linktype %d; can't force IP packets", fd->filename,
				 fd->dlt);
	return 0;
}

/* ---- FORCE_IP: find the IP header behind the link header ---- */

/* Set the IP header annotations; false when the packet is not IP. */
static bool fromdump_force_ip(struct nfc_packet *p, int dlt)
{
	int off = pcapencap_ip_offset(p->data, p->length, dlt);
	if (off < 0 || (uint32_t)off >= p->length)
		return false;
	const unsigned char *ip = p->data + off;
	uint32_t room = p->length - (uint32_t)off;
	if (ip[0] >> 4 == 4) {
		uint32_t hl = (ip[0] & 15u) * 4;
		if (hl < 20 || hl > room)
			return false;
		nfc_packet_set_network_header(p, ip, hl);
		uint32_t dst;
		memcpy(&dst, ip + 16, 4);
		nfc_packet_set_dst_ip(p, dst);
		return true;
	}
	if (ip[0] >> 4 == 6 && room >= 40) {
		nfc_packet_set_network_header(p, ip, 40);
		return true;
	}
	return false;
}

/* ---- reading ---- */

static uint32_t fromdump_random(struct fromdump *fd)
{
	nfc_rng_sync(&fd->rng);
	return nfc_rng_next(&fd->rng);
}

/* The time window becomes absolute at the first packet of the file. */
static void fromdump_prepare_times(struct fromdump *fd, int64_t ts)
{
	if (fd->first_relative)
		fd->first_time += ts;
	if (fd->last_relative)
		fd->last_time += ts;
	else if (fd->last_interval)
		fd->last_time += fd->have_first_time ? fd->first_time : ts;
	fd->have_any_times = true;
}

static void fromdump_end_action(struct fromdump *fd);

/*
 * Read the next packet to emit into fd->next. Returns false at the end of
 * the file (or of the time window) or on a read error.
 */
static bool fromdump_read(struct fromdump *fd)
{
	while (!fd->at_eof && fd->active) {
		struct pcap_pkthdr *h;
		const u_char *data;
		int64_t pos = (int64_t)ftello(fd->fp);
		int r = pcap_next_ex(fd->pcap, &h, &data);
		if (r != 1) {
			if (r == PCAP_ERROR)
				nfc_error(nfc_router_errh(fd->e.router), "%s: %s", fd->filename,
					  pcap_geterr(fd->pcap));
			fd->at_eof = true;
			break;
		}
		fd->packet_filepos = pos;
		int64_t ts = (int64_t)h->ts.tv_sec * NFC_NSEC_PER_SEC + h->ts.tv_usec;
		if (!fd->have_any_times)
			fromdump_prepare_times(fd, ts);
		if (fd->have_first_time) {
			if (ts < fd->first_time)
				continue;
			fd->have_first_time = false;
		}
		if (fd->have_last_time && ts >= fd->last_time) {
			/* the window closes: END_CALL, STOP or deactivate; if that
			 * leaves us active, go on without a window (as Click) */
			fd->have_last_time = false;
			fromdump_end_action(fd);
			if (!fd->active) {
				/* keep this packet for extend_interval */
				fseeko(fd->fp, (off_t)pos, SEEK_SET);
				break;
			}
		}
		if (fd->sampling_prob < (1u << FD_SAMPLING_SHIFT) &&
		    (fromdump_random(fd) & ((1u << FD_SAMPLING_SHIFT) - 1)) >= fd->sampling_prob)
			continue;

		struct nfc_packet *p = nfc_packet_make(data, h->caplen);
		if (!p)
			return false; /* out of packets: try again later */
		p->timestamp_ns = ts;
		nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, h->len > h->caplen ? h->len - h->caplen : 0);
		if (fd->dlt != DLT_RAW && fd->dlt != DLT_IPV4)
			nfc_packet_set_mac_header(p, p->data);
		fd->next = p;
		return true;
	}
	return false;
}

/* The end of the file, once; the end of the time window. */
static void fromdump_end(struct fromdump *fd)
{
	if (fd->ended)
		return;
	fd->ended = true;
	fromdump_end_action(fd);
}

static void fromdump_end_action(struct fromdump *fd)
{
	if (fd->have_end_call)
		(void)nfc_handler_call_run_write(&fd->end_call, nfc_router_errh(fd->e.router));
	else if (fd->stop) {
		fd->active = false;
		nfc_router_please_stop(fd->e.router);
	} else if (fd->end_given || fd->end_after_given || fd->interval_given)
		fd->active = false;
}

/* TIMING: is fd->next due? If not, arm the timer for when it is. */
static bool fromdump_due(struct fromdump *fd)
{
	int64_t now = nfc_now();
	if (!fd->timing_started) {
		fd->timing_started = true;
		fd->timing_trace0 = fd->next->timestamp_ns;
		fd->timing_clock0 = now;
		return true;
	}
	int64_t due = fd->timing_clock0 + (fd->next->timestamp_ns - fd->timing_trace0);
	if (now >= due)
		return true;
	nfc_timer_schedule_at(&fd->timer, due);
	return false;
}

/*
 * Collect up to @max packets to emit into @out. Returns how many; sets
 * *more to false when nothing more will come without outside help (end of
 * file, inactive, waiting for the timer).
 */
static unsigned fromdump_collect(struct fromdump *fd, struct nfc_batch *out, unsigned max,
				 bool *more)
{
	unsigned n = 0;
	*more = true;
	while (n < max) {
		if (!fd->active) {
			*more = false;
			break;
		}
		if (!fd->next && !fromdump_read(fd)) {
			/* out of packet buffers: retry on the next run */
			*more = fd->active && !fd->at_eof;
			if (fd->at_eof)
				fromdump_end(fd);
			break;
		}
		if (fd->timing && !fromdump_due(fd)) {
			*more = false;
			break;
		}
		struct nfc_packet *p = fd->next;
		fd->next = NULL;
		if (fd->force_ip && !fromdump_force_ip(p, fd->dlt)) {
			if (fd->e.noutputs > 1)
				nfc_push_packet(&fd->e, 1, p);
			else
				nfc_element_drop(&fd->e, p);
			continue;
		}
		out->pkts[out->count++] = p;
		n++;
	}
	fd->count += n;
	return n;
}

static bool fromdump_run(struct nfc_task *t, void *arg)
{
	struct fromdump *fd = arg;
	struct nfc_batch b;
	bool more;
	nfc_batch_init(&b);
	unsigned n = fromdump_collect(fd, &b, (unsigned)fd->burst, &more);
	nfc_push(&fd->e, 0, &b);
	if (more)
		nfc_task_fast_reschedule(t);
	return n > 0;
}

static unsigned fromdump_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	struct fromdump *fd = (struct fromdump *)e;
	bool more;
	unsigned n = fromdump_collect(fd, out, max, &more);
	if (!more)
		nfc_notifier_sleep(&fd->notifier);
	return n;
}

/* Something changed (timer, handler): start emitting again. */
static void fromdump_wake(struct fromdump *fd)
{
	if (!fd->active)
		return;
	if (fd->push_mode) {
		if (fd->task.initialized && !nfc_task_scheduled(&fd->task))
			nfc_task_schedule(&fd->task);
	} else
		nfc_notifier_wake(&fd->notifier);
}

static void fromdump_timer(struct nfc_timer *t, void *arg)
{
	fromdump_wake(arg);
}

static int fromdump_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fromdump *fd = (struct fromdump *)e;
	if (fd->end_call_text) {
		if (nfc_handler_call_init(&fd->end_call, e, fd->end_call_text, 1, errh) < 0)
			return -1;
		fd->have_end_call = true;
	}
	nfc_timer_init(&fd->timer, e, fromdump_timer, fd);
	fd->push_mode = nfc_output_is_push(e, 0);
	if (fd->push_mode) {
		nfc_task_init(&fd->task, e, fromdump_run, fd);
		if (fd->active)
			nfc_task_schedule(&fd->task);
	}
	return 0;
}

static void fromdump_cleanup(struct nfc_element *e)
{
	struct fromdump *fd = (struct fromdump *)e;
	if (fd->task.initialized)
		nfc_task_cleanup(&fd->task);
	if (fd->timer.owner)
		nfc_timer_cleanup(&fd->timer);
	if (fd->have_end_call)
		nfc_handler_call_free(&fd->end_call);
	fd->have_end_call = false;
	if (fd->next)
		nfc_packet_kill(fd->next);
	fd->next = NULL;
	if (fd->pcap)
		pcap_close(fd->pcap); /* closes fp too (not stdin: libpcap leaves it) */
	fd->pcap = NULL;
	fd->fp = NULL;
}

static void *fromdump_cast(struct nfc_element *e, const char *iface)
{
	struct fromdump *fd = (struct fromdump *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &fd->notifier;
	return NULL;
}

/* ---- handlers ---- */

enum {
	H_COUNT, H_ACTIVE, H_ENCAP, H_FILENAME, H_FILESIZE, H_FILEPOS, H_PACKET_FILEPOS,
	H_SAMPLING_PROB, H_RESET_COUNTS, H_STOP, H_EXTEND_INTERVAL, H_RESET_TIMING
};

static int fromdump_read_handler(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdump *fd = (struct fromdump *)e;
	switch ((int)(intptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)fd->count);
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, fd->active ? "true" : "false");
		break;
	case H_ENCAP: {
		char buf[24];
		nfc_strbuf_puts(out, pcapencap_dlt_name(fd->dlt, buf, sizeof buf));
		break;
	}
	case H_FILENAME:
		nfc_strbuf_puts(out, fd->filename);
		break;
	case H_FILESIZE: {
		struct stat st;
		if (fd->fp && fstat(fileno(fd->fp), &st) == 0 && S_ISREG(st.st_mode))
			nfc_strbuf_printf(out, "%lld", (long long)st.st_size);
		else
			nfc_strbuf_puts(out, "-");
		break;
	}
	case H_FILEPOS:
		nfc_strbuf_printf(out, "%lld", fd->fp ? (long long)ftello(fd->fp) : 0LL);
		break;
	case H_PACKET_FILEPOS:
		nfc_strbuf_printf(out, "%lld", (long long)fd->packet_filepos);
		break;
	case H_SAMPLING_PROB:
		nfc_strbuf_printf(out, "%.9g",
				  (double)fd->sampling_prob / (double)(1u << FD_SAMPLING_SHIFT));
		break;
	}
	return 0;
}

static int fromdump_write_handler(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	struct fromdump *fd = (struct fromdump *)e;
	switch ((int)(intptr_t)thunk) {
	case H_ACTIVE:
		if (nfc_parse_bool(value, &fd->active) < 0)
			return nfc_error(errh, "expected boolean");
		break;
	case H_RESET_COUNTS:
		fd->count = 0;
		break;
	case H_STOP:
		fd->active = false;
		nfc_router_please_stop(e->router);
		break;
	case H_FILEPOS: {
		int64_t pos;
		if (nfc_parse_int64(value, &pos) < 0 || pos < 0)
			return nfc_error(errh, "expected file position");
		if (!fd->fp || fseeko(fd->fp, (off_t)pos, SEEK_SET) < 0)
			return nfc_error(errh, "%s: cannot seek: %s", fd->filename, strerror(errno));
		if (fd->next)
			nfc_packet_kill(fd->next);
		fd->next = NULL;
		fd->at_eof = fd->ended = false;
		break;
	}
	case H_EXTEND_INTERVAL: {
		int64_t t;
		if (nfc_parse_time_ns(value, &t) < 0)
			return nfc_error(errh, "'extend_interval' takes a time interval");
		fd->last_time += t;
		if (fd->end_given || fd->end_after_given || fd->interval_given) {
			fd->have_last_time = true;
			fd->active = true;
		}
		break;
	}
	case H_RESET_TIMING:
		fd->timing_started = false;
		break;
	}
	fromdump_wake(fd);
	return 0;
}

static int fromdump_add_handlers(struct nfc_element *e)
{
	struct fromdump *fd = (struct fromdump *)e;
	static const struct { const char *name; int h; bool rd, wr, button; } hs[] = {
		{ "count", H_COUNT, true, false, false },
		{ "reset_counts", H_RESET_COUNTS, false, true, true },
		{ "active", H_ACTIVE, true, true, false },
		{ "encap", H_ENCAP, true, false, false },
		{ "filename", H_FILENAME, true, false, false },
		{ "filesize", H_FILESIZE, true, false, false },
		{ "filepos", H_FILEPOS, true, true, false },
		{ "packet_filepos", H_PACKET_FILEPOS, true, false, false },
		{ "sampling_prob", H_SAMPLING_PROB, true, false, false },
		{ "stop", H_STOP, false, true, true },
		{ "extend_interval", H_EXTEND_INTERVAL, false, true, false },
		{ "reset_timing", H_RESET_TIMING, false, true, true },
	};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
		void *thunk = (void *)(intptr_t)hs[i].h;
		if (hs[i].rd)
			nfc_add_read_handler(e, hs[i].name, fromdump_read_handler, thunk, 0);
		if (hs[i].wr)
			nfc_add_write_handler(e, hs[i].name, fromdump_write_handler, thunk,
					      hs[i].button ? NFC_HANDLER_BUTTON : 0);
	}
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &fd->task);
	return 0;
}

static const struct nfc_element_class fromdump_class = {
	.name = "FromDump",
	.port_count = "0/1-2",
	.processing = "a/ah",
	.size = sizeof(struct fromdump),
	.configure = fromdump_configure,
	.initialize = fromdump_initialize,
	.cleanup = fromdump_cleanup,
	.add_handlers = fromdump_add_handlers,
	.cast = fromdump_cast,
	.pull = fromdump_pull,
};
NFC_REGISTER_ELEMENT(fromdump_class);
