/* SPDX-License-Identifier: MIT */
/* FromIPSummaryDump: builds packets from the lines (or binary records) of an IP summary dump. */

/*
 * =c
 * FromIPSummaryDump(FILENAME [, KEYWORDS])
 * =s traces
 * reads packets from an IP summary dump file
 * =d
 * Reads IP packet descriptions from a file written by ToIPSummaryDump (or
 * by hand), builds a packet for each line and emits it on output 0. The
 * file's "!data" line names the fields of each line (see ToIPSummaryDump
 * for the field names); "-" stands for a field with no value. Comment lines
 * start with "#"; other lines starting with "!" give the format:
 *
 *   !IPSummaryDump 1.3      banner (version check)
 *   !data FIELD...          the fields of the following lines
 *   !proto P                default IP protocol (T, U, I, a number or name)
 *   !flowid SRC SPORT DST DPORT [PROTO]   default addresses and ports
 *   !aggregate N            default aggregate annotation
 *   !binary                 binary records follow (see below)
 *
 * FILENAME "-" reads standard input. Files compressed with gzip or bzip2
 * are uncompressed through gzip/bzip2 (not standard input). The DATA
 * keyword gives the dump's contents inline instead of a file.
 *
 * Packets are IPv4 with a correct header length, protocol TCP by default
 * and time-to-live 100. Fields set the headers (transport headers are added
 * as the protocol calls for), the timestamp, paint ("link") and other
 * annotations, and the destination address annotation. Packets hold their
 * headers and payload only: the extra length annotation accounts for the
 * rest of the IP length, unless CHECKSUM is true.
 *
 * A line none of whose fields parse is reported once ("packet parse
 * error", with FILE:LINE) and skipped; single bad fields are ignored.
 *
 * Output 0 may be push (FromIPSummaryDump runs a task) or pull
 * (FromIPSummaryDump is then an empty notifier).
 *
 * Keyword arguments are:
 * =item STOP
 * Boolean. Ask the router to stop at the end of the file. Default false.
 * =item ACTIVE
 * Boolean. When false, emit nothing until the "active" handler is set.
 * Default true.
 * =item TIMING
 * Boolean. Keep the timing of the dump: the first packet is emitted at
 * once, later ones as far apart as their timestamps. Default false.
 * =item ZERO
 * Boolean. Packet bytes not set by the dump are zero. Default true (when
 * false they are whatever the buffer held).
 * =item CHECKSUM
 * Boolean. Set IP, TCP, UDP and ICMP checksums; packets then hold data
 * bytes for their whole IP length. Default false.
 * =item PROTO
 * Byte. IP protocol of packets whose lines give none. Default 6 (TCP).
 * =item MULTIPACKET
 * Boolean. Emit as many packets per line as its "count" field says, with
 * lengths and timestamps spread between them. Default false.
 * =item SAMPLE
 * Real between 0 and 1. Emit each packet with this probability (fixed
 * point with 28 bits: see "sampling_prob"). Default 1.
 * =item CONTENTS
 * String. Space-separated field names used until the file's own "!data"
 * line. Synonyms: FIELDS, DEFAULT_CONTENTS, DEFAULT_FIELDS.
 * =item FLOWID
 * String "SRC SPORT DST DPORT [PROTO]": default addresses and ports, as a
 * "!flowid" line. Synonym: DEFAULT_FLOWID.
 * =item DATA
 * String. The dump's contents, instead of FILENAME.
 * =item ALLOW_NONEXISTENT
 * Boolean. A missing or empty file is no error (nothing is emitted).
 * Default false.
 * =item BURST
 * Integer. Packets emitted per task run in push mode. Default 1.
 * =back
 *
 * After a "!binary" line the dump holds binary records, as ToIPSummaryDump
 * writes with BINARY true: a 4-byte big-endian length (counting those 4
 * bytes), then the "!data" fields in their binary encodings (see
 * ToIPSummaryDump's BINARY). They build the same packets as the text
 * fields, except that a binary record has no "-": every field present is
 * used. A length with the top bit set marks a text record ("!data", "!bad",
 * "#..."), whose length may count the 4 length bytes (Click's reader) or
 * not (Click's writer). Fields with no binary encoding (payload) make it and
 * the fields after it unreadable, as in Click, with a warning. A record
 * that is cut short or whose length is impossible (under 4, over 1 MiB)
 * ends reading with an error naming FILE:record N; a record too short for
 * its fields loses the fields that do not fit. Where Click's reader cannot
 * read what its writer wrote, FromIPSummaryDump follows the writer: ts_usec1
 * low word first, tcp_opt and ip_opt as two option blocks, ip_frag as its
 * character (F is a first fragment, not offset 70).
 * =h sampling_prob read-only
 * Returns the sampling probability actually used.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =h encap read-only
 * Returns "IP" (for ToDump's USE_ENCAP_FROM).
 * =h filename read-only
 * Returns the file name ("<stdin>", "<data>").
 * =h filesize read-only
 * Returns the file's length in bytes, or "-" when unknown.
 * =h filepos read-only
 * Returns the position in the file, in bytes.
 * =h stop write-only
 * Sets ACTIVE to false and stops the router.
 * =e
 *   FromIPSummaryDump(trace.ipsum, STOP true) -> ToDump(out.pcap, ENCAP IP);
 * =a ToIPSummaryDump, FromDump
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "ipsumdump.h"
#include "fromipsummarydump.h"

static const struct nfc_arg_spec fisd_args[] = {
	{ .keyword = "FILENAME", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fisd, filename), .doc = "file to read (- for stdin)" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, stop),
	  .doc = "stop the router at the end" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, active),
	  .doc = "emit packets" },
	{ .keyword = "ZERO", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, zero),
	  .doc = "zero unset packet bytes" },
	{ .keyword = "TIMING", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, timing),
	  .doc = "keep the dump's timing" },
	{ .keyword = "CHECKSUM", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, checksum),
	  .doc = "set checksums (full-length packets)" },
	{ .keyword = "SAMPLE", .type = NFC_ARG_DOUBLE, .offset = offsetof(struct fisd, sample),
	  .doc = "sampling probability 0..1" },
	{ .keyword = "PROTO", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0, .max = 255,
	  .offset = offsetof(struct fisd, proto), .doc = "default IP protocol" },
	{ .keyword = "MULTIPACKET", .type = NFC_ARG_BOOL, .offset = offsetof(struct fisd, multipacket),
	  .doc = "one packet per count" },
	{ .keyword = "DEFAULT_CONTENTS", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, contents[0]),
	  .doc = "default fields" },
	{ .keyword = "DEFAULT_FIELDS", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, contents[1]),
	  .doc = "default fields" },
	{ .keyword = "CONTENTS", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, contents[2]),
	  .doc = "default fields" },
	{ .keyword = "FIELDS", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, contents[3]),
	  .doc = "default fields" },
	{ .keyword = "DEFAULT_FLOWID", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, flowid_text[0]),
	  .doc = "default flow" },
	{ .keyword = "FLOWID", .type = NFC_ARG_RAW, .offset = offsetof(struct fisd, flowid_text[1]),
	  .doc = "default flow" },
	{ .keyword = "ALLOW_NONEXISTENT", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fisd, allow_nonexistent), .doc = "missing file is no error" },
	{ .keyword = "DATA", .type = NFC_ARG_STRING, .offset = offsetof(struct fisd, data),
	  .doc = "dump contents inline" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct fisd, burst), .doc = "packets per task run" },
	NFC_ARGS_END
};

static int fisd_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct fisd *fd = (struct fisd *)e;
	fd->active = fd->zero = true;
	fd->sample = 1;
	fd->proto = NFC_IP_PROTO_TCP;
	fd->burst = 1;
	if (nfc_args_parse(e, conf, fisd_args, errh, NULL) < 0)
		return -1;
	if (fd->sample < 0)
		return nfc_error(errh, "SAMPLE: expected real number between 0 and 1");
	if (fd->sample > 1) {
		nfc_warning(errh, "SAMPLE probability reduced to 1");
		fd->sample = 1;
	} else if (fd->sample == 0)
		nfc_warning(errh, "SAMPLE probability is 0; emitting no packets");
	fd->sampling_prob = (uint32_t)(fd->sample * (1u << FISD_SAMPLING_SHIFT) + 0.5);
	fd->default_proto = (int)fd->proto;
	fd->minor_version = ISD_MINOR_VERSION;

	for (int i = 0; i < 4; i++)
		if (fd->contents[i])
			fisd_bang_data(fd, fd->contents[i], errh);
	for (int i = 0; i < 2; i++)
		if (fd->flowid_text[i])
			fisd_bang_flowid(fd, fd->flowid_text[i], errh);
	if (fd->data && fd->filename)
		return nfc_error(errh, "FILENAME and DATA conflict");
	if (!fd->data && !fd->filename)
		return nfc_error(errh, "FILENAME: required argument missing");

	/* pullers look for our notifier in their own initialize */
	nfc_notifier_init(&fd->notifier, fd->active, NFC_SEARCH_STOP);
	/* sampling: the router's seed and the name (RandomSeed) */
	nfc_rng_seed(&fd->rng, e->router, nfc_rng_stream(e->name, 0));
	return 0;
}

/* The first line: a banner, or at least something that looks like a dump. */
static void fisd_check_banner(struct fisd *fd, struct nfc_errh *errh)
{
	size_t n;
	const char *line = isd_linefile_peek(&fd->file, &n);
	char lm[512];
	snprintf(lm, sizeof lm, "%s:1", fd->file.name);
	if (!line)
		return;
	if (n >= 14 && memcmp(line, "!IPSummaryDump", 14) == 0) {
		int major, minor;
		if (sscanf(line + 14, " %d.%d", &major, &minor) == 2) {
			fd->minor_version = minor;
			if (major != ISD_MAJOR_VERSION || minor > ISD_MINOR_VERSION) {
				nfc_lwarning(errh, lm, "unexpected IPSummaryDump version %d.%d", major,
					     minor);
				fd->minor_version = ISD_MINOR_VERSION;
			}
		}
		isd_linefile_read(&fd->file, &n);
		fd->filepos += (long long)n + 1;
	} else if (strncmp(line, "!creator", 8) != 0 && strncmp(line, "!data", 5) != 0 &&
		   strncmp(line, "!contents", 9) != 0 && strncmp(line, "!proto", 6) != 0 &&
		   strncmp(line, "!flowid", 7) != 0 && fd->nfields == 0)
		nfc_lwarning(errh, lm, "missing banner line; is this an IP summary dump?");
}

static int fisd_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fisd *fd = (struct fisd *)e;
	nfc_timer_init(&fd->timer, e, fisd_timer, fd);
	fd->push_mode = nfc_output_is_push(e, 0);
	if (fd->push_mode)
		nfc_task_init(&fd->task, e, fisd_run, fd);
	fd->rd.default_ip_p = fd->default_proto;
	int r = isd_linefile_open(&fd->file, fd->filename, fd->data, fd->allow_nonexistent, errh);
	if (r == -2) {
		/* ALLOW_NONEXISTENT: an empty dump */
		isd_linefile_close(&fd->file);
		nfc_notifier_sleep(&fd->notifier);
		return 0;
	}
	if (r < 0)
		return -1;
	fisd_check_banner(fd, errh);
	if (fd->push_mode && fd->active)
		nfc_task_schedule(&fd->task);
	return 0;
}

static void fisd_cleanup(struct nfc_element *e)
{
	struct fisd *fd = (struct fisd *)e;
	if (fd->task.initialized)
		nfc_task_cleanup(&fd->task);
	if (fd->timer.owner)
		nfc_timer_cleanup(&fd->timer);
	if (fd->work)
		nfc_packet_kill(fd->work);
	fd->work = NULL;
	isd_linefile_free(&fd->file);
	nfc_strbuf_free(&fd->rd.bytes);
	free(fd->fields);
	free(fd->order);
	free(fd->words);
	free(fd->bin_fields);
	free(fd->spans);
	free(fd->rec);
	fd->fields = NULL;
	fd->order = NULL;
	fd->words = NULL;
	fd->bin_fields = NULL;
	fd->spans = NULL;
	fd->rec = NULL;
}

static void *fisd_cast(struct nfc_element *e, const char *iface)
{
	struct fisd *fd = (struct fisd *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &fd->notifier;
	return NULL;
}

/* ---- handlers ---- */

enum { H_SAMPLING_PROB, H_ACTIVE, H_ENCAP, H_FILENAME, H_FILESIZE, H_FILEPOS, H_STOP };

static int fisd_read_handler(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fisd *fd = (struct fisd *)e;
	struct stat st;
	switch ((int)(intptr_t)thunk) {
	case H_SAMPLING_PROB:
		nfc_strbuf_printf(out, "%.9g",
				  (double)fd->sampling_prob / (double)(1u << FISD_SAMPLING_SHIFT));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, fd->active ? "true" : "false");
		break;
	case H_ENCAP:
		nfc_strbuf_puts(out, "IP");
		break;
	case H_FILENAME:
		nfc_strbuf_puts(out, fd->data ? "<data>"
				     : strcmp(fd->filename, "-") == 0 ? "<stdin>" : fd->filename);
		break;
	case H_FILESIZE:
		if (!fd->data && fd->file.fp && !fd->file.pipe &&
		    fstat(fileno(fd->file.fp), &st) == 0 && S_ISREG(st.st_mode))
			nfc_strbuf_printf(out, "%lld", (long long)st.st_size);
		else if (fd->data)
			nfc_strbuf_printf(out, "%zu", strlen(fd->data));
		else
			nfc_strbuf_puts(out, "-");
		break;
	case H_FILEPOS:
		nfc_strbuf_printf(out, "%lld", (long long)fd->filepos);
		break;
	}
	return 0;
}

static int fisd_write_handler(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct fisd *fd = (struct fisd *)e;
	if ((intptr_t)thunk == H_STOP) {
		fd->active = false;
		nfc_router_please_stop(e->router);
		return 0;
	}
	bool active;
	if (nfc_parse_bool(value, &active) < 0)
		return nfc_error(errh, "type mismatch");
	fd->active = active;
	if (active)
		fisd_wake(fd);
	else if (!fd->push_mode)
		nfc_notifier_sleep(&fd->notifier);
	return 0;
}

static int fisd_add_handlers(struct nfc_element *e)
{
	struct fisd *fd = (struct fisd *)e;
	nfc_add_read_handler(e, "sampling_prob", fisd_read_handler, (void *)H_SAMPLING_PROB, 0);
	nfc_add_read_handler(e, "active", fisd_read_handler, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", fisd_write_handler, (void *)H_ACTIVE, 0);
	nfc_add_read_handler(e, "encap", fisd_read_handler, (void *)H_ENCAP, 0);
	nfc_add_read_handler(e, "filename", fisd_read_handler, (void *)H_FILENAME, 0);
	nfc_add_read_handler(e, "filesize", fisd_read_handler, (void *)H_FILESIZE, 0);
	nfc_add_read_handler(e, "filepos", fisd_read_handler, (void *)H_FILEPOS, 0);
	nfc_add_write_handler(e, "stop", fisd_write_handler, (void *)H_STOP, NFC_HANDLER_BUTTON);
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &fd->task);
	return 0;
}

static const struct nfc_element_class fisd_class = {
	.name = "FromIPSummaryDump",
	.port_count = "0/1",
	.processing = "a/a",
	.size = sizeof(struct fisd),
	.configure = fisd_configure,
	.initialize = fisd_initialize,
	.cleanup = fisd_cleanup,
	.add_handlers = fisd_add_handlers,
	.cast = fisd_cast,
	.pull = fisd_pull,
};
NFC_REGISTER_ELEMENT(fisd_class);
