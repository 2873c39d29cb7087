/* SPDX-License-Identifier: MIT */
/* Line-by-line input for FromIPSummaryDump: files, stdin, compressed files, inline DATA. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ipsumdump.h"

static char *lf_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *r = malloc(n);
	if (r)
		memcpy(r, s, n);
	return r;
}

/* A compressed file is read through its decompressor, as Click's FromFile does. */
static FILE *lf_uncompress(const char *filename, const char *tool)
{
	struct nfc_strbuf cmd = NFC_STRBUF_INIT;
	nfc_strbuf_printf(&cmd, "%s -dc -- '", tool);
	for (const char *s = filename; *s; s++)
		if (*s == '\'')
			nfc_strbuf_puts(&cmd, "'\\''");
		else
			nfc_strbuf_putc(&cmd, *s);
	nfc_strbuf_putc(&cmd, '\'');
	FILE *fp = popen(nfc_strbuf_str(&cmd), "r");
	nfc_strbuf_free(&cmd);
	return fp;
}

int isd_linefile_open(struct isd_linefile *lf, const char *filename, const char *data,
		      bool allow_missing, struct nfc_errh *errh)
{
	memset(lf, 0, sizeof *lf);
	if (data) {
		lf->name = lf_strdup("<data>");
		size_t n = strlen(data);
		lf->data = malloc(n + 1);
		if (!lf->name || !lf->data)
			return nfc_error(errh, "out of memory");
		memcpy(lf->data, data, n + 1);
		if (n == 0)
			goto empty;
		lf->fp = fmemopen(lf->data, n, "r");
		if (!lf->fp)
			return nfc_error(errh, "<data>: %s", strerror(errno));
		return 0;
	}
	bool is_stdin = !filename || strcmp(filename, "-") == 0;
	lf->name = lf_strdup(is_stdin ? "<stdin>" : filename);
	if (!lf->name)
		return nfc_error(errh, "out of memory");
	if (is_stdin) {
		lf->fp = stdin;
		int c = getc(stdin);
		if (c == EOF)
			goto empty;
		ungetc(c, stdin);
		return 0;
	}
	lf->fp = fopen(filename, "r");
	if (!lf->fp) {
		if (errno == ENOENT && allow_missing)
			return -2;
		return nfc_error(errh, "%s: %s", filename, strerror(errno));
	}
	unsigned char magic[3];
	size_t got = fread(magic, 1, sizeof magic, lf->fp);
	if (got == 0)
		goto empty;
	const char *tool = NULL;
	if (got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
		tool = "gzip";
	else if (got >= 3 && memcmp(magic, "BZh", 3) == 0)
		tool = "bzip2";
	if (tool) {
		fclose(lf->fp);
		lf->fp = lf_uncompress(filename, tool);
		if (!lf->fp)
			return nfc_error(errh, "%s: %s", filename, strerror(errno));
		lf->pipe = true;
	} else
		rewind(lf->fp);
	return 0;

empty:
	if (allow_missing)
		return -2;
	return nfc_lerror(errh, lf->name, "empty file");
}

bool isd_linefile_is_open(const struct isd_linefile *lf)
{
	return lf->fp != NULL;
}

static const char *lf_getline(struct isd_linefile *lf, size_t *len)
{
	if (!lf->fp)
		return NULL;
	ssize_t n = getline(&lf->buf, &lf->cap, lf->fp);
	if (n < 0)
		return NULL;
	/* the newline (and a CR before it) is not part of the line */
	while (n > 0 && (lf->buf[n - 1] == '\n' || lf->buf[n - 1] == '\r'))
		lf->buf[--n] = '\0';
	*len = (size_t)n;
	return lf->buf;
}

const char *isd_linefile_peek(struct isd_linefile *lf, size_t *len)
{
	if (!lf->pending) {
		if (!lf_getline(lf, &lf->pending_len))
			return NULL;
		lf->pending = true;
	}
	*len = lf->pending_len;
	return lf->buf;
}

const char *isd_linefile_read(struct isd_linefile *lf, size_t *len)
{
	const char *s;
	if (lf->pending) {
		lf->pending = false;
		*len = lf->pending_len;
		s = lf->buf;
	} else
		s = lf_getline(lf, len);
	if (s)
		lf->lineno++;
	return s;
}

const char *isd_linefile_landmark(const struct isd_linefile *lf, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%u", lf->name ? lf->name : "", lf->lineno);
	return buf;
}

void isd_linefile_close(struct isd_linefile *lf)
{
	if (lf->fp) {
		if (lf->pipe)
			pclose(lf->fp);
		else if (lf->fp != stdin)
			fclose(lf->fp);
	}
	lf->fp = NULL;
	lf->pipe = false;
	lf->pending = false;
}

void isd_linefile_free(struct isd_linefile *lf)
{
	isd_linefile_close(lf);
	free(lf->name);
	free(lf->buf);
	free(lf->data);
	lf->name = lf->buf = lf->data = NULL;
	lf->cap = 0;
}
