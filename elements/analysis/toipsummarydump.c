/* SPDX-License-Identifier: MIT */
/* ToIPSummaryDump: writes one text line (or binary record) of chosen fields per packet. */

/*
 * =c
 * ToIPSummaryDump(FILENAME [, KEYWORDS])
 * =s traces
 * writes packet summary information to an ASCII or binary file
 * =d
 * Writes a line per packet to FILENAME ("-": standard output) in the IP
 * summary dump format that FromIPSummaryDump reads: a header
 * ("!IPSummaryDump 1.3", "!data FIELD..."), then the FIELDS of each packet
 * separated by spaces, "-" for a field that does not apply (sport of an
 * ICMP packet). Packets leave on output 0 when it exists. With BINARY,
 * packets are binary records instead of lines (see BINARY).
 *
 * Fields (synonyms in parentheses; a bare word X also means ip_X):
 *
 *   timestamp (ts)   timestamp annotation "996033261.451094"
 *   ts_sec, ts_usec  its seconds and microseconds; ts_usec1 in microseconds
 *   first_timestamp  first timestamp annotation
 *   ip_src, ip_dst   addresses          ip_len      IP length (+ extra length)
 *   ip_proto         T, U, I or number  ip_hl       header length in bytes
 *   ip_id, ip_tos, ip_ttl, ip_sum, ip_dscp          ip_ecn  no/ect1/ect2/ce
 *   ip_frag          F (first fragment), f (later), ! (DF), . (none)
 *   ip_fragoff       offset in bytes, "+" for MF, "!" for DF
 *   ip_opt           IP options ("rr{1.0.0.1}+2", "." for none, "?" bad)
 *   ip_capture_len   IP bytes actually present
 *   sport, dport     TCP/UDP ports
 *   tcp_seq, tcp_ack, tcp_window, tcp_urp, tcp_off (bytes)
 *   tcp_flags        "SA", "PA", "." (FSRPAUECN)
 *   tcp_opt          TCP options ("mss1460;sackok;ts1:2;wscale7")
 *   tcp_ntopt, tcp_sack   options without NOP/EOL/timestamp; SACK only
 *   udp_len          UDP length
 *   icmp_type, icmp_code, icmp_type_name, icmp_code_name ("echo", "port")
 *   icmp_flowid, icmp_seq, icmp_nextmtu
 *   payload          payload as a quoted string with C escapes
 *   payload_len      payload length; payload_md5, payload_md5_hex
 *   count            1 + extra packets annotation
 *   link, paint      paint annotation; direction: ">" for 0, "<" for 1
 *   aggregate        aggregate annotation   wire_len  packet length
 *   eth_src, eth_dst, eth_type   Ethernet header
 *
 * Keyword arguments are:
 * =item FIELDS
 * Space-separated field names. Default "timestamp ip_src". Synonym: CONTENTS.
 * =item HEADER
 * Boolean. Write the "!" header lines. Default true.
 * =item VERBOSE
 * Boolean. Also write "!host" and "!runtime" lines. Default false.
 * =item BANNER
 * String. Write a '!creator "BANNER"' line.
 * =item MULTIPACKET
 * Boolean. Write one line per packet a packet stands for (extra packets
 * annotation), spreading length and time. Ignored when FIELDS has "count".
 * Default false.
 * =item BAD_PACKETS
 * Boolean. Write a "!bad REASON" line before packets with bad or truncated
 * headers. Default false.
 * =item CAREFUL_TRUNC
 * Boolean. With BAD_PACKETS, report IP packets shorter than their IP
 * length plus extra length ("!bad truncated IP missing N"). Default true.
 * =item EXTRA_LENGTH
 * Boolean. Count the extra length annotation in ip_len and payload_len.
 * Default true.
 * =item BINARY
 * Boolean. Write binary records, as Click does: the header ends with a
 * "!binary" line, then each packet is a 4-byte big-endian record length
 * (counting those 4 bytes) followed by its fields in order, each in a fixed
 * number of bytes: 1 for ip_tos, ip_dscp, ip_ecn, ip_ttl, ip_proto, ip_hl,
 * ip_frag (its character), tcp_off, tcp_flags (low 8 bits), link, paint,
 * direction and the icmp_type/icmp_code fields; 2 for sport, dport, ip_id,
 * ip_sum, ip_fragoff (the raw field), tcp_window, tcp_urp, eth_type,
 * icmp_flowid, icmp_seq, icmp_nextmtu; 4 for ip_src, ip_dst (network
 * order), ip_len, ip_capture_len, tcp_seq, tcp_ack, udp_len, payload_len,
 * ts_sec, ts_usec, count, aggregate, wire_len; 6 for eth_src, eth_dst; 8
 * for timestamp and first_timestamp (seconds, then microseconds),
 * ntimestamp and first_ntimestamp (nanoseconds, then seconds) and ts_usec1
 * (low word first); 16 for payload_md5 and payload_md5_hex (the raw
 * digest). Numbers are big-endian; a field that does not apply is zeros.
 * The option fields are a length byte and the options (tcp_ntopt and
 * tcp_sack keep only theirs, up to an EOL); tcp_opt and ip_opt are two
 * such blocks, all the option bytes and then the options up to the first
 * EOL, as Click writes them. payload has no binary encoding: it is an
 * error with BINARY. BAD_PACKETS lines become text records: a 4-byte
 * length of the text with the top bit set, then the text. Default false.
 * =back
 * =h flush write-only
 * Flushes the file.
 * =h count read-only
 * Returns the number of lines written for packets.
 * =h filename read-only
 * Returns FILENAME.
 * =e
 *   FromDump(in.pcap, FORCE_IP true) -> ToIPSummaryDump(-, FIELDS ip_src sport ip_dst dport ip_proto);
 * =a FromIPSummaryDump, ToDump
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ipsumdump.h"

struct toisd {
	struct nfc_element e;
	char *filename;
	char *fields_text[3];
	bool verbose, header, multipacket, bad_packets, careful_trunc, extra_length, binary;
	char *banner;
	const struct isd_field **fields;
	int nfields;
	bool needs_ip;
	FILE *fp;
	uint64_t count;
	struct nfc_strbuf line, bad;
	struct nfc_task task;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec toisd_args[] = {
	{ .keyword = "FILENAME", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct toisd, filename), .doc = "file to write (- for stdout)" },
	{ .keyword = "FIELDS", .type = NFC_ARG_RAW, .offset = offsetof(struct toisd, fields_text[0]),
	  .doc = "fields to write" },
	{ .keyword = "CONTENTS", .type = NFC_ARG_RAW, .offset = offsetof(struct toisd, fields_text[1]),
	  .doc = "fields to write" },
	{ .keyword = "DATA", .type = NFC_ARG_RAW, .offset = offsetof(struct toisd, fields_text[2]),
	  .doc = "fields to write (deprecated)" },
	{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL, .offset = offsetof(struct toisd, verbose),
	  .doc = "write host and time lines" },
	{ .keyword = "HEADER", .type = NFC_ARG_BOOL, .offset = offsetof(struct toisd, header),
	  .doc = "write the header" },
	{ .keyword = "BANNER", .type = NFC_ARG_STRING, .offset = offsetof(struct toisd, banner),
	  .doc = "!creator line" },
	{ .keyword = "MULTIPACKET", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct toisd, multipacket), .doc = "one line per packet count" },
	{ .keyword = "BAD_PACKETS", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct toisd, bad_packets), .doc = "write !bad lines" },
	{ .keyword = "CAREFUL_TRUNC", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct toisd, careful_trunc), .doc = "report truncated IP packets" },
	{ .keyword = "EXTRA_LENGTH", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct toisd, extra_length), .doc = "count extra length" },
	{ .keyword = "BINARY", .type = NFC_ARG_BOOL, .offset = offsetof(struct toisd, binary),
	  .doc = "write binary records" },
	NFC_ARGS_END
};

static int toisd_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct toisd *t = (struct toisd *)e;
	t->header = t->careful_trunc = t->extra_length = true;
	if (nfc_args_parse(e, conf, toisd_args, errh, NULL) < 0)
		return -1;
	const char *text = "timestamp ip_src";
	for (int i = 0; i < 3; i++)
		if (t->fields_text[i])
			text = t->fields_text[i];
	char **words;
	int n;
	if (nfc_split_words(text, &words, &n) < 0)
		return nfc_error(errh, "out of memory");
	t->fields = nfc_element_alloc(e, ((size_t)n + 1) * sizeof *t->fields);
	int r = 0;
	for (int i = 0; i < n && t->fields; i++) {
		char *name = NULL;
		if (nfc_parse_string(words[i], &name, NULL) < 0)
			name = NULL;
		const struct isd_field *f = isd_field_find(name ? name : words[i]);
		if (!f)
			r = nfc_error(errh, "unknown content type '%s'", name ? name : words[i]);
		else {
			if (t->binary && f->bin == ISD_BIN_NONE)
				r = nfc_error(errh, "cannot use field %s with BINARY",
					      name ? name : words[i]);
			t->fields[t->nfields++] = f;
			t->needs_ip |= f->needs_ip;
			if (f->id == ISD_COUNT)
				t->multipacket = false; /* each line already says how many */
		}
		free(name);
	}
	nfc_words_free(words, n);
	if (!t->fields)
		return nfc_error(errh, "out of memory");
	if (t->nfields == 0 && r == 0)
		r = nfc_error(errh, "no contents specified");
	return r;
}

static bool toisd_run(struct nfc_task *task, void *arg);

static int toisd_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct toisd *t = (struct toisd *)e;
	if (strcmp(t->filename, "-") == 0)
		t->fp = stdout;
	else if (!(t->fp = fopen(t->filename, "wb")))
		return nfc_error(errh, "%s: %s", t->filename, strerror(errno));
	if (!nfc_input_is_push(e, 0)) {
		nfc_task_init(&t->task, e, toisd_run, t);
		t->signal = nfc_upstream_empty_signal(e, 0, &t->task);
		if (!nfc_signal_idle(&t->signal))
			nfc_task_schedule(&t->task);
	}
	if (!t->header)
		return 0;

	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_printf(&sb, "!IPSummaryDump %d.%d\n", ISD_MAJOR_VERSION, ISD_MINOR_VERSION);
	if (t->banner) {
		nfc_strbuf_puts(&sb, "!creator ");
		isd_quote(&sb, (const unsigned char *)t->banner, strlen(t->banner));
		nfc_strbuf_putc(&sb, '\n');
	}
	if (t->verbose) {
		char host[256];
		if (gethostname(host, sizeof host - 1) == 0) {
			host[sizeof host - 1] = '\0';
			nfc_strbuf_printf(&sb, "!host %s\n", host);
		}
		time_t when = time(NULL);
		char cwhen[64];
		ctime_r(&when, cwhen);
		cwhen[strcspn(cwhen, "\n")] = '\0';
		nfc_strbuf_puts(&sb, "!runtime ");
		isd_unparse_timestamp(&sb, nfc_now());
		nfc_strbuf_printf(&sb, " (%s)\n", cwhen);
	}
	nfc_strbuf_puts(&sb, "!data");
	/* ntimestamp text reads as timestamp; its binary encoding differs */
	for (int i = 0; i < t->nfields; i++) {
		bool as_timestamp = t->fields[i]->id == ISD_NTIMESTAMP && !t->binary;
		nfc_strbuf_printf(&sb, " %s", as_timestamp ? "timestamp" : t->fields[i]->name);
	}
	nfc_strbuf_putc(&sb, '\n');
	if (t->binary)
		nfc_strbuf_puts(&sb, "!binary\n");
	fwrite(sb.s, 1, sb.len, t->fp);
	nfc_strbuf_free(&sb);
	return 0;
}

/* A binary record: its length (these 4 bytes included), then the fields. */
static void toisd_binary_record(struct toisd *t, struct isd_wdesc *d)
{
	nfc_strbuf_append(&t->line, "\0\0\0\0", 4);
	for (int i = 0; i < t->nfields; i++)
		isd_write_field(d, t->fields[i], &t->line);
	uint32_t len = htonl((uint32_t)t->line.len);
	memcpy(t->line.s, &len, 4);
}

static void toisd_write_one(struct toisd *t, struct nfc_packet *p)
{
	struct isd_wdesc d = {
		.p = p,
		.bad = t->bad_packets ? &t->bad : NULL,
		.careful_trunc = t->careful_trunc,
		.force_extra_length = t->extra_length,
		.binary = t->binary,
	};
	nfc_strbuf_clear(&t->line);
	nfc_strbuf_clear(&t->bad);
	if (t->needs_ip)
		isd_prepare(&d);
	if (t->binary)
		toisd_binary_record(t, &d);
	else {
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				nfc_strbuf_putc(&t->line, ' ');
			isd_write_field(&d, t->fields[i], &t->line);
		}
		nfc_strbuf_putc(&t->line, '\n');
	}
	if (t->bad.len && t->binary) {
		/* a text record: top bit set; Click counts the text only, not these 4 bytes */
		uint32_t marker = htonl((uint32_t)t->bad.len | 0x80000000u);
		fwrite(&marker, 4, 1, t->fp);
	}
	if (t->bad.len)
		fwrite(t->bad.s, 1, t->bad.len, t->fp);
	fwrite(t->line.s, 1, t->line.len, t->fp);
	t->count++;
}

/* MULTIPACKET: a packet standing for N writes N lines, length and time spread. */
static void toisd_write_packet(struct toisd *t, struct nfc_packet *p)
{
	uint32_t extra_packets = nfc_anno_u32(p, NFC_ANNO_EXTRA_PACKETS);
	if (!t->multipacket || extra_packets == 0) {
		toisd_write_one(t, p);
		return;
	}
	uint32_t count = 1 + extra_packets;
	uint64_t len = p->length, total = p->length;
	if (t->extra_length)
		total += nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
	if (total < count * len)
		total = count * len;
	int64_t end = p->timestamp_ns, first, delta = 0;
	memcpy(&first, p->anno + NFC_ANNO_FIRST_TIMESTAMP, 8);
	if (first) {
		delta = (end - first) / (int64_t)(count - 1);
		p->timestamp_ns = first;
	}
	nfc_anno_set_u32(p, NFC_ANNO_EXTRA_PACKETS, 0);
	for (uint32_t i = count; i > 0; i--) {
		uint64_t l = total / i;
		nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, (uint32_t)(l - len));
		total -= l;
		toisd_write_one(t, p);
		p->timestamp_ns = i == 1 ? end : p->timestamp_ns + delta;
	}
}

static void toisd_consume(struct toisd *t, struct nfc_batch *b)
{
	if (t->fp)
		for (unsigned i = 0; i < b->count; i++)
			toisd_write_packet(t, b->pkts[i]);
	if (t->e.noutputs > 0)
		nfc_push(&t->e, 0, b);
	else
		nfc_batch_kill(b);
}

static void toisd_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	toisd_consume((struct toisd *)e, b);
}

static bool toisd_run(struct nfc_task *task, void *arg)
{
	struct toisd *t = arg;
	struct nfc_batch b;
	nfc_batch_init(&b);
	unsigned n = nfc_pull(&t->e, 0, &b, 1);
	if (n)
		toisd_consume(t, &b);
	if (n || nfc_signal_active(&t->signal))
		nfc_task_fast_reschedule(task);
	return n > 0;
}

static void toisd_cleanup(struct nfc_element *e)
{
	struct toisd *t = (struct toisd *)e;
	if (t->task.initialized)
		nfc_task_cleanup(&t->task);
	if (t->fp && t->fp != stdout)
		fclose(t->fp);
	else if (t->fp)
		fflush(t->fp);
	t->fp = NULL;
	nfc_strbuf_free(&t->line);
	nfc_strbuf_free(&t->bad);
}

static int toisd_read_handler(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct toisd *t = (struct toisd *)e;
	if ((intptr_t)thunk == 0)
		nfc_strbuf_printf(out, "%llu", (unsigned long long)t->count);
	else
		nfc_strbuf_puts(out, t->filename);
	return 0;
}

static int toisd_flush(struct nfc_element *e, void *thunk, const char *value,
		       struct nfc_errh *errh)
{
	struct toisd *t = (struct toisd *)e;
	if (t->fp)
		fflush(t->fp);
	return 0;
}

static int toisd_add_handlers(struct nfc_element *e)
{
	struct toisd *t = (struct toisd *)e;
	nfc_add_write_handler(e, "flush", toisd_flush, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "count", toisd_read_handler, (void *)0, 0);
	nfc_add_read_handler(e, "filename", toisd_read_handler, (void *)1, 0);
	if (!nfc_input_is_push(e, 0))
		nfc_add_task_handlers(e, &t->task);
	return 0;
}

static const struct nfc_element_class toisd_class = {
	.name = "ToIPSummaryDump",
	.port_count = "1/0-1",
	.processing = "a/h",
	.size = sizeof(struct toisd),
	.configure = toisd_configure,
	.initialize = toisd_initialize,
	.cleanup = toisd_cleanup,
	.add_handlers = toisd_add_handlers,
	.push = toisd_push,
};
NFC_REGISTER_ELEMENT(toisd_class);
