/* SPDX-License-Identifier: MIT */
/* Error reporting: messages with a landmark (file:line[:col]) and a context. */
#ifndef NFCLICK_ERROR_H
#define NFCLICK_ERROR_H

#include <stdarg.h>
#include <stdio.h>

/**
 * An error handler collects diagnostics. Configuration code reports every
 * problem it finds through one, so users see all errors of a file at once.
 *
 * A message is printed as "LANDMARK: CONTEXT\nLANDMARK:   MESSAGE" when a
 * context is set (Click's "While configuring 'c :: Counter':" style), else as
 * "LANDMARK: MESSAGE", or just "MESSAGE" without landmark.
 *
 * Handlers chain: a context handler prefixes its own context and landmark
 * and forwards to its parent, so a configure() callback reports
 * "c :: Counter" errors without knowing where they end up.
 */
struct nfc_errh {
	/** Where messages finally go; NULL for the root handler. */
	struct nfc_errh *parent;
	/** Default landmark ("file.click:3"), used when a message gives none. */
	const char *landmark;
	/** Context line printed once before the first message, or NULL. */
	const char *context;
	/** Indentation added to messages under a context. */
	int context_printed;
	/** Counts (also propagated to the parent). */
	int nerrors;
	int nwarnings;
	/** Root handler output: a FILE, or a buffer (see nfc_errh_init_buffer). */
	FILE *out;
	char *buf;
	size_t buf_len, buf_cap;
	/** When set, messages are counted but not printed. */
	int silent;
};

enum nfc_errh_level { NFC_ERRH_MESSAGE, NFC_ERRH_WARNING, NFC_ERRH_ERROR };

/** Root handler printing to @out (stderr usually). */
void nfc_errh_init_file(struct nfc_errh *errh, FILE *out);
/** Root handler accumulating into a heap buffer (read errh->buf). */
void nfc_errh_init_buffer(struct nfc_errh *errh);
/** Root handler that only counts. */
void nfc_errh_init_silent(struct nfc_errh *errh);
/** Child handler adding @context (copied by pointer; must outlive the child). */
void nfc_errh_init_context(struct nfc_errh *errh, struct nfc_errh *parent,
			   const char *landmark, const char *context);
/** Free a buffer handler's storage. */
void nfc_errh_destroy(struct nfc_errh *errh);

/** Report an error; always returns -1 so callers can `return nfc_error(...)`. */
int nfc_error(struct nfc_errh *errh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Report an error at an explicit landmark; returns -1. */
int nfc_lerror(struct nfc_errh *errh, const char *landmark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nfc_warning(struct nfc_errh *errh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void nfc_lwarning(struct nfc_errh *errh, const char *landmark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** A plain message (no "warning:" prefix), e.g. DriverManager's print. */
void nfc_message(struct nfc_errh *errh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int nfc_verror(struct nfc_errh *errh, enum nfc_errh_level level,
	       const char *landmark, const char *fmt, va_list ap);

#endif
