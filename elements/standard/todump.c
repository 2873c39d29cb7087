/* SPDX-License-Identifier: MIT */
/* ToDump: writes packets to a pcap (tcpdump) file. */

/*
 * =c
 * ToDump(FILENAME [, SNAPLEN, ENCAP, KEYWORDS])
 * =s traces
 * writes packets to a tcpdump file
 * =d
 * Writes each packet to FILENAME in the pcap format of "tcpdump -w", so
 * that tcpdump -r, Wireshark or FromDump can read it. FILENAME "-" writes
 * to standard output. The file is created (or truncated) at
 * initialisation. Packets are then passed on to output 0 when it exists,
 * and freed otherwise; with a pull input and no output, ToDump pulls
 * packets itself.
 *
 * Each record stores the packet's timestamp annotation (the current time
 * when it is unset), up to SNAPLEN bytes of data, and the original length:
 * the packet length plus its extra length annotation (see EXTRA_LENGTH).
 *
 * Keyword arguments are:
 * =item SNAPLEN
 * Unsigned. Most bytes stored per packet; 0 means no limit. Default 2000.
 * =item ENCAP
 * The link type stored in the file header, which tells readers what the
 * first header of each packet is: ETHER (default), IP, SLL, NULL, FDDI,
 * ATM, 802_11, 802_11_RADIO, HDLC, PPP, PPP_HDLC, SUNATM, PRISM, AIRONET,
 * or "#N" for pcap link type N.
 * =item USE_ENCAP_FROM
 * Space-separated element names (FromDump, FromDevice): at initialisation
 * ToDump reads their "encap" handlers and uses their common link type.
 * Exclusive with ENCAP.
 * =item EXTRA_LENGTH
 * Boolean. Add packets' extra length annotations to the original length
 * recorded. Default is true.
 * =item NANO
 * Boolean. Write a nanosecond-resolution file (pcap magic a1b23c4d).
 * Default is false: microseconds, readable by every pcap tool.
 * =item UNBUFFERED
 * Boolean. Write each packet to the file at once. Default is false.
 *
 * The file is written directly (a 24-byte file header, then a 16-byte
 * header per record, in host byte order, as libpcap writes it): this lets
 * ToDump notice write errors on every packet and write to standard output.
 * =h count read-only
 * Returns the number of packets written.
 * =h reset_counts write-only
 * Resets "count" to 0.
 * =h filename read-only
 * Returns FILENAME.
 * =h active read/write
 * Returns or sets whether packets are written (set to false after a write
 * error).
 * =e
 *   FromDevice(eth0) -> ToDump(eth0.pcap, SNAPLEN 96);
 * =a FromDump, tcpdump(1)
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "pcapencap.h"

#define PCAP_MAGIC_USEC 0xA1B2C3D4u
#define PCAP_MAGIC_NSEC 0xA1B23C4Du

/* On-disk layouts (host byte order; readers detect it from the magic). */
struct pcap_file_header_disk {
	uint32_t magic;
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};
struct pcap_record_header_disk {
	uint32_t sec, subsec, caplen, len;
};
_Static_assert(sizeof(struct pcap_file_header_disk) == 24, "pcap file header layout");
_Static_assert(sizeof(struct pcap_record_header_disk) == 16, "pcap record header layout");

struct todump {
	struct nfc_element e;
	char *filename;
	uint32_t snaplen;
	char *encap;
	char *use_encap_from;
	bool extra_length, nano, unbuffered;
	int linktype;
	FILE *fp;
	bool active;
	uint64_t count;
	bool pull_task;
	struct nfc_task task;
	struct nfc_signal signal;
};

static const struct nfc_arg_spec todump_args[] = {
	{ .keyword = "FILENAME", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todump, filename), .doc = "file to write (- for stdout)" },
	{ .keyword = "SNAPLEN", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todump, snaplen), .doc = "most bytes stored per packet (0: all)" },
	{ .keyword = "ENCAP", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todump, encap), .doc = "link type (ETHER, IP, ...)" },
	{ .keyword = "USE_ENCAP_FROM", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct todump, use_encap_from),
	  .doc = "elements whose encap handlers give the link type" },
	{ .keyword = "EXTRA_LENGTH", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct todump, extra_length),
	  .doc = "record the extra length annotation" },
	{ .keyword = "NANO", .type = NFC_ARG_BOOL, .offset = offsetof(struct todump, nano),
	  .doc = "nanosecond timestamps" },
	{ .keyword = "UNBUFFERED", .type = NFC_ARG_BOOL, .offset = offsetof(struct todump, unbuffered),
	  .doc = "write each packet at once" },
	NFC_ARGS_END
};

static int todump_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct todump *td = (struct todump *)e;
	td->snaplen = 2000;
	td->encap = td->use_encap_from = NULL;
	td->extra_length = true;
	td->nano = td->unbuffered = false;
	if (nfc_args_parse(e, conf, todump_args, errh, NULL) < 0)
		return -1;
	if (td->snaplen == 0)
		td->snaplen = 0xFFFFFFFFu;
	if (td->encap && td->use_encap_from)
		return nfc_error(errh, "specify at most one of 'ENCAP' and 'USE_ENCAP_FROM'");
	if (td->use_encap_from) {
		char **words;
		int n;
		if (nfc_split_words(td->use_encap_from, &words, &n) < 0)
			return nfc_error(errh, "out of memory");
		nfc_words_free(words, n);
		if (n == 0)
			return nfc_error(errh, "element names missing after 'USE_ENCAP_FROM'");
		td->linktype = -1; /* decided at initialisation */
	} else if (!td->encap)
		td->linktype = 1; /* Ethernet */
	else if ((td->linktype = pcapencap_parse(td->encap)) < 0)
		return nfc_error(errh, "bad encapsulation type '%s'", td->encap);
	return 0;
}

/* USE_ENCAP_FROM: the link type every named element reports. */
static int todump_encap_from(struct todump *td, struct nfc_errh *errh)
{
	char **words;
	int n, r = 0;
	if (nfc_split_words(td->use_encap_from, &words, &n) < 0)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < n && r == 0; i++) {
		struct nfc_element *x = nfc_router_find(td->e.router, words[i], &td->e);
		if (!x) {
			r = nfc_error(errh, "no element named '%s'", words[i]);
			break;
		}
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		char hname[512];
		snprintf(hname, sizeof hname, "%s.encap", x->name);
		if (!nfc_handler_exists(td->e.router, hname, 0)) {
			r = nfc_error(errh, "'%s' has no 'encap' read handler", words[i]);
		} else if (nfc_handler_read(td->e.router, hname, NULL, &sb, errh) < 0) {
			r = -1;
		} else {
			int lt = pcapencap_parse(nfc_strbuf_str(&sb));
			if (lt < 0)
				r = nfc_error(errh, "'%s.encap' did not return a valid encapsulation type",
					      words[i]);
			else if (td->linktype >= 0 && lt != td->linktype)
				r = nfc_error(errh, "source encapsulation types disagree");
			else
				td->linktype = lt;
		}
		nfc_strbuf_free(&sb);
	}
	nfc_words_free(words, n);
	return r;
}

static bool todump_run(struct nfc_task *t, void *arg);

static int todump_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct todump *td = (struct todump *)e;
	if (td->use_encap_from && todump_encap_from(td, errh) < 0)
		return -1;

	if (strcmp(td->filename, "-") == 0)
		td->fp = stdout;
	else if (!(td->fp = fopen(td->filename, "wb")))
		return nfc_error(errh, "%s: %s", td->filename, strerror(errno));
	if (td->unbuffered)
		setvbuf(td->fp, NULL, _IONBF, 0);

	struct pcap_file_header_disk h = {
		.magic = td->nano ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC,
		.version_major = 2,
		.version_minor = 4,
		.thiszone = 0, /* timestamps are UTC */
		.sigfigs = 0,
		.snaplen = td->snaplen,
		.linktype = (uint32_t)td->linktype,
	};
	if (fwrite(&h, sizeof h, 1, td->fp) != 1)
		return nfc_error(errh, "%s: unable to write file header", td->filename);
	td->active = true;

	if (!nfc_input_is_push(e, 0)) {
		/* nobody pulls from us: pull packets ourselves */
		td->pull_task = true;
		nfc_task_init(&td->task, e, todump_run, td);
		td->signal = nfc_upstream_empty_signal(e, 0, &td->task);
		if (!nfc_signal_idle(&td->signal))
			nfc_task_schedule(&td->task);
	}
	return 0;
}

/* Append the packets to the file; called with the stream locked. */
static void todump_write(struct todump *td, struct nfc_batch *b)
{
	int64_t now = 0;
	for (unsigned i = 0; i < b->count && td->active; i++) {
		const struct nfc_packet *p = b->pkts[i];
		int64_t ts = p->timestamp_ns;
		if (!ts)
			ts = now ? now : (now = nfc_now());
		uint32_t caplen = p->length < td->snaplen ? p->length : td->snaplen;
		uint64_t len = p->length;
		if (td->extra_length)
			len += nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
		struct pcap_record_header_disk rh = {
			.sec = (uint32_t)(ts / NFC_NSEC_PER_SEC),
			.subsec = (uint32_t)(td->nano ? ts % NFC_NSEC_PER_SEC
						      : ts % NFC_NSEC_PER_SEC / 1000),
			.caplen = caplen,
			.len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len,
		};
		if (fwrite_unlocked(&rh, sizeof rh, 1, td->fp) != 1 ||
		    (caplen && fwrite_unlocked(p->data, caplen, 1, td->fp) != 1)) {
			if (errno != EAGAIN) {
				td->active = false;
				nfc_error(nfc_router_errh(td->e.router), "ToDump(%s): %s", td->filename,
					  strerror(errno));
			}
		} else
			td->count++;
	}
}

static void todump_consume(struct todump *td, struct nfc_batch *b)
{
	if (td->active && td->fp) {
		flockfile(td->fp);
		todump_write(td, b);
		funlockfile(td->fp);
	}
	if (td->e.noutputs > 0)
		nfc_push(&td->e, 0, b);
	else
		nfc_batch_kill(b);
}

static void todump_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	todump_consume((struct todump *)e, b);
}

static bool todump_run(struct nfc_task *t, void *arg)
{
	struct todump *td = arg;
	struct nfc_batch b;
	nfc_batch_init(&b);
	unsigned n = nfc_pull(&td->e, 0, &b, 32);
	if (n)
		todump_consume(td, &b);
	if (n || nfc_signal_active(&td->signal))
		nfc_task_fast_reschedule(t);
	return n > 0;
}

static void todump_cleanup(struct nfc_element *e)
{
	struct todump *td = (struct todump *)e;
	if (td->task.initialized)
		nfc_task_cleanup(&td->task);
	if (td->fp && td->fp != stdout)
		fclose(td->fp);
	else if (td->fp)
		fflush(td->fp);
	td->fp = NULL;
}

static int todump_read_handler(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todump *td = (struct todump *)e;
	switch ((int)(intptr_t)thunk) {
	case 0:
		nfc_strbuf_puts(out, td->filename);
		break;
	case 1:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)td->count);
		break;
	case 2:
		nfc_strbuf_puts(out, td->active ? "true" : "false");
		break;
	}
	return 0;
}

static int todump_write_handler(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	struct todump *td = (struct todump *)e;
	if ((intptr_t)thunk == 1) {
		td->count = 0;
		return 0;
	}
	if (nfc_parse_bool(value, &td->active) < 0)
		return nfc_error(errh, "expected boolean");
	if (td->active && td->fp)
		fflush(td->fp);
	return 0;
}

static int todump_add_handlers(struct nfc_element *e)
{
	struct todump *td = (struct todump *)e;
	nfc_add_read_handler(e, "filename", todump_read_handler, (void *)0, 0);
	nfc_add_read_handler(e, "count", todump_read_handler, (void *)1, 0);
	nfc_add_write_handler(e, "reset_counts", todump_write_handler, (void *)1,
			      NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "active", todump_read_handler, (void *)2, 0);
	nfc_add_write_handler(e, "active", todump_write_handler, (void *)2, 0);
	if (!nfc_input_is_push(e, 0))
		nfc_add_task_handlers(e, &td->task);
	return 0;
}

static const struct nfc_element_class todump_class = {
	.name = "ToDump",
	.port_count = "1/0-1",
	.processing = "a/h",
	.size = sizeof(struct todump),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = todump_configure,
	.initialize = todump_initialize,
	.cleanup = todump_cleanup,
	.add_handlers = todump_add_handlers,
	.push = todump_push,
};
NFC_REGISTER_ELEMENT(todump_class);
