/* SPDX-License-Identifier: MIT */
/* Growable heap strings: the one way runtime code builds text. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/error.h>
#include <nfclick/strbuf.h>

/* The API has no error returns: running out of memory while building a
 * message or a handler result is not recoverable in any useful way. */
static void *strbuf_realloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fputs("nfclick: out of memory\n", stderr);
		abort();
	}
	return q;
}

void nfc_strbuf_init(struct nfc_strbuf *sb)
{
	sb->s = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void nfc_strbuf_free(struct nfc_strbuf *sb)
{
	free(sb->s);
	nfc_strbuf_init(sb);
}

void nfc_strbuf_clear(struct nfc_strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

/* Make room for @extra more bytes plus the terminating NUL. */
static void strbuf_reserve(struct nfc_strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	sb->s = strbuf_realloc_or_die(sb->s, cap);
	sb->cap = cap;
}

void nfc_strbuf_append(struct nfc_strbuf *sb, const char *s, size_t n)
{
	/* Appending part of the buffer to itself survives the realloc. */
	if (sb->s && s >= sb->s && s < sb->s + sb->cap) {
		size_t off = (size_t)(s - sb->s);
		strbuf_reserve(sb, n);
		s = sb->s + off;
	} else
		strbuf_reserve(sb, n);
	if (n)
		memmove(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void nfc_strbuf_puts(struct nfc_strbuf *sb, const char *s)
{
	nfc_strbuf_append(sb, s, strlen(s));
}

void nfc_strbuf_putc(struct nfc_strbuf *sb, char c)
{
	nfc_strbuf_append(sb, &c, 1);
}

void nfc_strbuf_vprintf(struct nfc_strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		strbuf_reserve(sb, 0);
		sb->s[sb->len] = '\0';
		return;
	}
	strbuf_reserve(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void nfc_strbuf_printf(struct nfc_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *nfc_strbuf_str(const struct nfc_strbuf *sb)
{
	return sb->s ? sb->s : "";
}

char *nfc_strbuf_take(struct nfc_strbuf *sb)
{
	char *s = sb->s;
	if (!s) {
		s = strbuf_realloc_or_die(NULL, 1);
		s[0] = '\0';
	}
	nfc_strbuf_init(sb);
	return s;
}

char *nfc_read_file(const char *path, struct nfc_errh *errh)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		nfc_error(errh, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		nfc_strbuf_append(&sb, buf, n);
	bool err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (err) {
		nfc_error(errh, "%s: read error", path);
		nfc_strbuf_free(&sb);
		return NULL;
	}
	if (!sb.s)
		nfc_strbuf_puts(&sb, "");
	return nfc_strbuf_take(&sb);
}

int nfc_write_file(const char *path, const char *text, struct nfc_errh *errh)
{
	bool to_stdout = !path || strcmp(path, "-") == 0;
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	if (!out)
		return nfc_error(errh, "%s: %s", path, strerror(errno));
	fputs(text, out);
	if (to_stdout ? fflush(out) != 0 || ferror(out) : (ferror(out) | fclose(out)) != 0)
		return nfc_error(errh, "%s: write error", to_stdout ? "<stdout>" : path);
	return 0;
}
