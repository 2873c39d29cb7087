/* SPDX-License-Identifier: MIT */
/* Growable strings for handler results, printing and config text. */
#ifndef NFCLICK_STRBUF_H
#define NFCLICK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/** A heap string that grows as text is appended; s is always NUL-terminated. */
struct nfc_strbuf {
	char *s;
	size_t len;
	size_t cap;
};

#define NFC_STRBUF_INIT { NULL, 0, 0 }

void nfc_strbuf_init(struct nfc_strbuf *sb);
void nfc_strbuf_free(struct nfc_strbuf *sb);
void nfc_strbuf_clear(struct nfc_strbuf *sb);
void nfc_strbuf_append(struct nfc_strbuf *sb, const char *s, size_t n);
void nfc_strbuf_puts(struct nfc_strbuf *sb, const char *s);
void nfc_strbuf_putc(struct nfc_strbuf *sb, char c);
void nfc_strbuf_printf(struct nfc_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void nfc_strbuf_vprintf(struct nfc_strbuf *sb, const char *fmt, va_list ap);
/** Return the string (never NULL; "" when empty). */
const char *nfc_strbuf_str(const struct nfc_strbuf *sb);
/** Hand the heap string to the caller (caller frees); sb becomes empty. */
char *nfc_strbuf_take(struct nfc_strbuf *sb);

struct nfc_errh;
/**
 * The whole of file @path ("-": standard input) as a heap string (caller
 * frees), or NULL after reporting "PATH: reason" to @errh.
 */
char *nfc_read_file(const char *path, struct nfc_errh *errh);
/**
 * Write @text to file @path (NULL or "-": standard output). Returns 0, or -1
 * after reporting "PATH: reason" (or a write error) to @errh.
 */
int nfc_write_file(const char *path, const char *text, struct nfc_errh *errh);

#endif
