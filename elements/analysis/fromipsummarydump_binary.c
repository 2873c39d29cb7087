/* SPDX-License-Identifier: MIT */
/* FromIPSummaryDump's binary records: reading them safely and building their packets. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "fromipsummarydump.h"

/*
 * No field is wider than 16 bytes and options take at most 82, so real
 * records are a few hundred bytes long; a length past this bound is garbage
 * and reading stops instead of swallowing the file into one record.
 */
#define FISD_MAX_RECORD (1u << 20)

/* "name :: FromIPSummaryDump", to say which element a message is about. */
static const char *fisd_decl(struct fisd *fd, char *buf, size_t n)
{
	return nfc_element_declaration(&fd->e, buf, n);
}

void fisd_bang_binary(struct fisd *fd, const char *line, struct nfc_errh *errh)
{
	char lm[512];
	char **words;
	int n;
	if (nfc_split_words(line, &words, &n) == 0) {
		if (n != 1)
			nfc_lerror(errh, fisd_landmark(fd, lm, sizeof lm),
				   "bad !binary specification");
		nfc_words_free(words, n);
	}
	fisd_check_binary_fields(fd, errh); /* at this line, before records are counted */
	fd->binary = true;
	fd->record = 0;
}

void fisd_check_binary_fields(struct fisd *fd, struct nfc_errh *errh)
{
	for (int i = 0; i < fd->nfields; i++)
		if (fd->bin_fields[i]->bin == ISD_BIN_NONE) {
			char lm[512], decl[256];
			nfc_lwarning(errh, fisd_landmark(fd, lm, sizeof lm),
				     "%s: field '%s' has no binary encoding; "
				     "it and the fields after it are not read",
				     fisd_decl(fd, decl, sizeof decl), fd->bin_fields[i]->name);
			return;
		}
}

/* Up to @n bytes of the file, the bytes put back by text_record_tail first. */
static size_t bin_read(struct fisd *fd, uint8_t *buf, size_t n)
{
	size_t got = n < fd->nahead ? n : fd->nahead;
	memcpy(buf, fd->ahead, got);
	memmove(fd->ahead, fd->ahead + got, fd->nahead - got);
	fd->nahead -= got;
	if (got < n && fd->file.fp)
		got += fread(buf + got, 1, n - got, fd->file.fp);
	return got;
}

/* A record that cannot be trusted: say so and stop reading (Click stops too). */
static int record_error(struct fisd *fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int record_error(struct fisd *fd, const char *fmt, ...)
{
	char lm[512], decl[256];
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	nfc_strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	nfc_lerror(nfc_router_errh(fd->e.router), fisd_landmark(fd, lm, sizeof lm), "%s: %s",
		   fisd_decl(fd, decl, sizeof decl), nfc_strbuf_str(&sb));
	nfc_strbuf_free(&sb);
	return -1;
}

/*
 * Click's reader takes a text record's length to count its 4 length bytes,
 * but its writer (the "!bad" lines of BAD_PACKETS) counts only the text. A
 * line written that way reads 4 bytes short and stops before its newline:
 * then the next 4 bytes end it when they are text ending in a newline, and
 * otherwise they are kept for the next record.
 */
static void text_record_tail(struct fisd *fd)
{
	size_t n = fd->rec_len;
	if (n == 0 || fd->rec[n - 1] == '\n' || fd->rec[n - 1] == '\0')
		return;
	uint8_t more[4];
	size_t got = bin_read(fd, more, 4);
	bool line_end = got == 4 && more[3] == '\n';
	for (size_t i = 0; i < got && line_end; i++)
		line_end = more[i] != '\0';
	if (line_end) {
		memcpy(fd->rec + n, more, 4);
		fd->rec_len += 4;
		fd->filepos += 4;
	} else {
		memcpy(fd->ahead, more, got);
		fd->nahead = got;
	}
}

int fisd_read_record(struct fisd *fd, bool *text)
{
	uint8_t hdr[4];
	fd->record++;
	size_t got = bin_read(fd, hdr, 4);
	if (got == 0)
		return 0;
	fd->filepos += (long long)got;
	if (got < 4)
		return record_error(fd,
				    "file ends inside a binary record's length (%zu of 4 bytes)", got);
	uint32_t len = ((uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 |
			hdr[3]) & 0x7FFFFFFFu;
	*text = (hdr[0] & 0x80) != 0;
	if (len < 4)
		return record_error(fd, "binary record too short (length %u)", len);
	if (len > FISD_MAX_RECORD)
		return record_error(fd, "binary record too long (length %u, at most %u)", len,
				    FISD_MAX_RECORD);
	/* room for the record, a text record's missing 4 bytes and a NUL */
	if (fd->rec_cap < (size_t)len + 1) {
		uint8_t *r = realloc(fd->rec, (size_t)len + 1);
		if (!r)
			return record_error(fd, "out of memory");
		fd->rec = r;
		fd->rec_cap = (size_t)len + 1;
	}
	fd->rec_len = bin_read(fd, fd->rec, len - 4);
	fd->filepos += (long long)fd->rec_len;
	if (fd->rec_len < len - 4)
		return record_error(fd, "file ends inside a binary record (%zu of %u bytes)",
				    fd->rec_len + 4, len);
	if (*text) {
		text_record_tail(fd);
		while (fd->rec_len > 0 && (fd->rec[fd->rec_len - 1] == '\0' ||
					   fd->rec[fd->rec_len - 1] == '\n' ||
					   fd->rec[fd->rec_len - 1] == '\r'))
			fd->rec_len--;
	}
	fd->rec[fd->rec_len] = '\0';
	return 1;
}

struct nfc_packet *fisd_build_binary(struct fisd *fd, const uint8_t *rec, size_t n, bool *oom)
{
	if (!fisd_begin_packet(fd, oom))
		return NULL;
	/* lay the fields out in "!data" order, then inject them in injection order */
	const uint8_t *s = rec, *end = rec + n;
	for (int i = 0; i < fd->nfields; i++)
		fd->spans[i] = isd_bin_span(fd->bin_fields[i], &s, end);
	int parsed = 0;
	for (int k = 0; k < fd->nfields && fd->rd.p; k++) {
		int i = fd->order[k];
		if (!fd->spans[i] || fd->fields[i]->id == ISD_NONE)
			continue;
		isd_bin_decode(&fd->rd, fd->fields[i], fd->spans[i], end);
		isd_inject_field(&fd->rd, fd->fields[i]);
		parsed++;
	}
	return fisd_end_packet(fd, parsed, NULL, 0);
}
