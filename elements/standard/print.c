/* SPDX-License-Identifier: MIT */
/* Print: writes a one-line summary of each packet to standard error. */

/*
 * =c
 * Print([LABEL, MAXLENGTH, KEYWORDS])
 * =s debugging
 * prints packet contents
 * =d
 * Prints one line per packet on standard error (Click's click_chatter)
 * and passes the packet on unchanged. The line holds LABEL and ": " (when
 * LABEL is not empty), the packet length right-aligned in four columns,
 * then " | " and up to MAXLENGTH bytes of data in hexadecimal, in groups
 * of four bytes separated by spaces:
 *
 *   ok:   14 | 49206c6f 7665206d 7973656c 660a
 *
 * Keyword arguments are:
 * =item LABEL
 * String. Text printed at the start of each line. Default is empty.
 * =item MAXLENGTH
 * Integer. Print at most this many bytes of data; negative prints them
 * all. Default is 24. LENGTH and NBYTES are old names for it.
 * =item CONTENTS
 * NONE, HEX or ASCII (or a Boolean: true is HEX). How the data are
 * printed: not at all, in hexadecimal, or as text in groups of eight
 * characters with "." for bytes outside the printable range. Default HEX.
 * =item TIMESTAMP
 * Boolean. Print the packet's timestamp annotation (seconds and
 * microseconds since the epoch) after the label. Default is false.
 * =item PRINTANNO
 * Boolean. Print the packet's 48 annotation bytes in hexadecimal before
 * the data. Default is false.
 * =item HEADROOM
 * Boolean. Print the packet's headroom and tailroom, as " (hH tT)", after
 * the length. Default is false.
 * =item CPU
 * Boolean. Print the index of the thread handling the packet, as "(N)",
 * after the label. Default is false.
 * =item ACTIVE
 * Boolean. When false, Print prints nothing. Default is true.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =e
 *   FromDump(trace.pcap) -> Print(in, 64) -> Discard;
 * =a IPPrint
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <strings.h>
#include <nfclick/nfclick.h>

enum print_contents { PRINT_NONE, PRINT_HEX, PRINT_ASCII };

struct print {
	struct nfc_element e;
	char *label;
	int32_t maxlength;
	char *contents_word;
	bool timestamp, print_anno, headroom, cpu, active;
	enum print_contents contents;
};

static const struct nfc_arg_spec print_args[] = {
	{ .keyword = "LABEL", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct print, label), .doc = "text printed first on each line" },
	{ .keyword = "MAXLENGTH", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct print, maxlength),
	  .doc = "most data bytes printed (negative: all)" },
	{ .keyword = "LENGTH", .type = NFC_ARG_INT32, .offset = offsetof(struct print, maxlength),
	  .doc = "old name for MAXLENGTH" },
	{ .keyword = "NBYTES", .type = NFC_ARG_INT32, .offset = offsetof(struct print, maxlength),
	  .doc = "old name for MAXLENGTH" },
	{ .keyword = "CONTENTS", .type = NFC_ARG_WORD, .offset = offsetof(struct print, contents_word),
	  .doc = "NONE, HEX or ASCII" },
	{ .keyword = "TIMESTAMP", .type = NFC_ARG_BOOL, .offset = offsetof(struct print, timestamp),
	  .doc = "print the timestamp annotation" },
	{ .keyword = "PRINTANNO", .type = NFC_ARG_BOOL, .offset = offsetof(struct print, print_anno),
	  .doc = "print the annotation bytes" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct print, active),
	  .doc = "print at all" },
	{ .keyword = "HEADROOM", .type = NFC_ARG_BOOL, .offset = offsetof(struct print, headroom),
	  .doc = "print headroom and tailroom" },
	{ .keyword = "CPU", .type = NFC_ARG_BOOL, .offset = offsetof(struct print, cpu),
	  .doc = "print the thread index" },
	NFC_ARGS_END
};

static int print_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct print *p = (struct print *)e;
	p->label = NULL;
	p->maxlength = 24;
	p->contents_word = NULL;
	p->timestamp = p->print_anno = p->headroom = p->cpu = false;
	p->active = true;
	if (nfc_args_parse(e, conf, print_args, errh, NULL) < 0)
		return -1;

	bool b;
	const char *w = p->contents_word;
	if (!w || strcasecmp(w, "HEX") == 0)
		p->contents = PRINT_HEX;
	else if (nfc_parse_bool(w, &b) == 0)
		p->contents = b ? PRINT_HEX : PRINT_NONE;
	else if (strcasecmp(w, "NONE") == 0)
		p->contents = PRINT_NONE;
	else if (strcasecmp(w, "ASCII") == 0)
		p->contents = PRINT_ASCII;
	else
		return nfc_error(errh, "bad contents value '%s'; should be 'NONE', 'HEX', or 'ASCII'",
				 w);
	return 0;
}

/* A line is formatted into a stack buffer and written with one fwrite
 * (stderr is unbuffered: one write per line); very long lines go out in
 * chunks. No allocation, whatever MAXLENGTH is. The stream lock keeps
 * lines from several threads whole. */
enum { PRINT_LINEBUF = 1024 };

struct linebuf {
	FILE *f;
	size_t len;
	char buf[PRINT_LINEBUF];
};

static void lb_flush(struct linebuf *lb)
{
	fwrite_unlocked(lb->buf, 1, lb->len, lb->f);
	lb->len = 0;
}

static void lb_putc(struct linebuf *lb, char c)
{
	if (lb->len == sizeof lb->buf)
		lb_flush(lb);
	lb->buf[lb->len++] = c;
}

static void lb_puts(struct linebuf *lb, const char *s)
{
	while (*s)
		lb_putc(lb, *s++);
}

static void lb_printf(struct linebuf *lb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lb_printf(struct linebuf *lb, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	lb_puts(lb, tmp);
}

static void print_one(const struct print *pr, const struct nfc_packet *p, struct linebuf *lb)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t bytes = 0;
	if (pr->contents != PRINT_NONE)
		bytes = pr->maxlength < 0 || (uint32_t)pr->maxlength > p->length ? p->length
										: (uint32_t)pr->maxlength;
	const char *sep = "";
	if (pr->label && pr->label[0]) {
		lb_puts(lb, pr->label);
		sep = ": ";
	}
	if (pr->cpu) {
		lb_printf(lb, "(%d)", nfc_thread_id());
		sep = ": ";
	}
	if (pr->timestamp) {
		char ts[48];
		nfc_format_timestamp(ts, sizeof ts, p->timestamp_ns, 6);
		lb_puts(lb, sep);
		lb_puts(lb, ts);
		sep = ": ";
	}
	lb_puts(lb, sep);
	lb_printf(lb, "%4u", (unsigned)p->length);
	if (pr->headroom)
		lb_printf(lb, " (h%u t%u)", (unsigned)nfc_packet_headroom(p),
			  (unsigned)nfc_packet_tailroom(p));
	if (pr->print_anno) {
		lb_puts(lb, " | ");
		for (unsigned j = 0; j < NFC_ANNO_SIZE; j++) {
			lb_putc(lb, hex[p->anno[j] >> 4]);
			lb_putc(lb, hex[p->anno[j] & 15]);
		}
	}
	if (bytes) {
		const unsigned char *d = p->data;
		lb_puts(lb, " | ");
		for (uint32_t i = 0; i < bytes; i++) {
			if (pr->contents == PRINT_HEX) {
				if (i && i % 4 == 0)
					lb_putc(lb, ' ');
				lb_putc(lb, hex[d[i] >> 4]);
				lb_putc(lb, hex[d[i] & 15]);
			} else {
				if (i % 8 == 0)
					lb_putc(lb, ' ');
				lb_putc(lb, d[i] < 32 || d[i] > 126 ? '.' : (char)d[i]);
			}
		}
	}
	lb_putc(lb, '\n');
	lb_flush(lb);
}

static void print_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct print *pr = (struct print *)e;
	if (!pr->active || b->count == 0)
		return;
	struct linebuf lb;
	lb.f = stderr;
	lb.len = 0;
	flockfile(stderr);
	for (unsigned i = 0; i < b->count; i++)
		print_one(pr, b->pkts[i], &lb);
	funlockfile(stderr);
}

static int print_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "active", nfc_read_bool_field, NFC_FIELD_THUNK(struct print, active),
			     0);
	nfc_add_write_handler(e, "active", nfc_write_bool_field,
			      NFC_FIELD_THUNK(struct print, active), 0);
	return 0;
}

static const struct nfc_element_class print_class = {
	.name = "Print",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct print),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = print_configure,
	.add_handlers = print_add_handlers,
	.batch_action = print_batch,
};
NFC_REGISTER_ELEMENT(print_class);
