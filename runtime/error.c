/* SPDX-License-Identifier: MIT */
/* Error handlers: landmarks, "While configuring" contexts, counts, root outputs. */
#include <stdlib.h>
#include <string.h>
#include <nfclick/error.h>
#include <nfclick/strbuf.h>

/* How a message travels up the chain of handlers. */
enum {
	/* Count it (context lines are printed, never counted). */
	ERRH_COUNT = 1u << 0,
	/* Apply landmarks, contexts and indentation (plain messages skip them). */
	ERRH_DECORATE = 1u << 1,
	/* Still to be printed (cleared below a silent handler). */
	ERRH_PRINT = 1u << 2,
};

/* Indentation of messages under a context, as in Click. */
#define ERRH_CONTEXT_INDENT "  "

static void errh_init(struct nfc_errh *errh)
{
	memset(errh, 0, sizeof(*errh));
}

void nfc_errh_init_file(struct nfc_errh *errh, FILE *out)
{
	errh_init(errh);
	errh->out = out ? out : stderr;
}

void nfc_errh_init_buffer(struct nfc_errh *errh)
{
	errh_init(errh);
	/* Keep buf a valid string from the start so tests can always read it. */
	errh->buf = calloc(1, 64);
	if (errh->buf)
		errh->buf_cap = 64;
}

void nfc_errh_init_silent(struct nfc_errh *errh)
{
	errh_init(errh);
	errh->silent = 1;
}

void nfc_errh_init_context(struct nfc_errh *errh, struct nfc_errh *parent,
			   const char *landmark, const char *context)
{
	errh_init(errh);
	errh->parent = parent;
	errh->landmark = landmark;
	errh->context = context;
}

void nfc_errh_destroy(struct nfc_errh *errh)
{
	free(errh->buf);
	errh->buf = NULL;
	errh->buf_len = errh->buf_cap = 0;
}

/* Click trims a landmark's trailing spaces and one trailing colon; a
 * landmark left empty means "no landmark". Returns its useful length. */
static size_t errh_landmark_len(const char *landmark)
{
	if (!landmark)
		return 0;
	size_t n = strlen(landmark);
	while (n && (landmark[n - 1] == ' ' || landmark[n - 1] == '\t' ||
		     landmark[n - 1] == '\n'))
		n--;
	if (n && landmark[n - 1] == ':')
		n--;
	return n;
}

/* Put @prefix (of length @plen) before every line of @text. */
static void errh_prefix_lines(struct nfc_strbuf *out, const char *prefix, size_t plen,
			      const char *text)
{
	const char *p = text;
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		nfc_strbuf_append(out, prefix, plen);
		nfc_strbuf_append(out, p, n);
		p += n;
	} while (*p);
}

static void errh_buffer_append(struct nfc_errh *root, const char *s, size_t n)
{
	if (root->buf_len + n + 1 > root->buf_cap) {
		size_t cap = root->buf_cap ? root->buf_cap : 64;
		while (cap < root->buf_len + n + 1)
			cap *= 2;
		char *nb = realloc(root->buf, cap);
		if (!nb)
			return; /* drop the message rather than crash */
		root->buf = nb;
		root->buf_cap = cap;
	}
	memcpy(root->buf + root->buf_len, s, n);
	root->buf_len += n;
	root->buf[root->buf_len] = '\0';
}

/* The root decides where text goes: a FILE, the buffer, or nowhere. */
static void errh_emit(struct nfc_errh *root, const char *landmark, const char *text)
{
	struct nfc_strbuf line = NFC_STRBUF_INIT;
	size_t lmlen = errh_landmark_len(landmark);
	if (lmlen) {
		struct nfc_strbuf prefix = NFC_STRBUF_INIT;
		nfc_strbuf_append(&prefix, landmark, lmlen);
		nfc_strbuf_puts(&prefix, ": ");
		errh_prefix_lines(&line, prefix.s, prefix.len, text);
		nfc_strbuf_free(&prefix);
	} else
		nfc_strbuf_puts(&line, text);
	if (!line.len || line.s[line.len - 1] != '\n')
		nfc_strbuf_putc(&line, '\n');

	if (root->out) {
		fwrite(line.s, 1, line.len, root->out);
		fflush(root->out);
	} else if (root->buf)
		errh_buffer_append(root, line.s, line.len);
	nfc_strbuf_free(&line);
}

static void errh_count(struct nfc_errh *h, enum nfc_errh_level level)
{
	if (level == NFC_ERRH_ERROR)
		h->nerrors++;
	else if (level == NFC_ERRH_WARNING)
		h->nwarnings++;
}

/*
 * Hand @text up the chain. Each context handler fills in its default
 * landmark, prints its context line before its first message, and indents
 * what it forwards; the root adds "LANDMARK: " to every line.
 */
static void errh_deliver(struct nfc_errh *h, enum nfc_errh_level level, const char *landmark,
			 const char *text, unsigned how)
{
	for (;;) {
		if (how & ERRH_COUNT)
			errh_count(h, level);
		if (h->silent)
			how &= ~ERRH_PRINT;
		if ((how & ERRH_DECORATE) && !(landmark && *landmark))
			landmark = h->landmark;
		if (!h->parent)
			break;
		if (!(how & ERRH_DECORATE) || !h->context) {
			h = h->parent;
			continue;
		}
		if (!h->context_printed) {
			h->context_printed = 1;
			/* The context line goes up uncounted, under the outer contexts. */
			errh_deliver(h->parent, NFC_ERRH_MESSAGE,
				     h->landmark && *h->landmark ? h->landmark : landmark,
				     h->context, (how & ERRH_PRINT) | ERRH_DECORATE);
		}
		struct nfc_strbuf indented = NFC_STRBUF_INIT;
		errh_prefix_lines(&indented, ERRH_CONTEXT_INDENT, strlen(ERRH_CONTEXT_INDENT), text);
		errh_deliver(h->parent, level, landmark, indented.s, how);
		nfc_strbuf_free(&indented);
		return;
	}
	if (how & ERRH_PRINT)
		errh_emit(h, landmark, text);
}

int nfc_verror(struct nfc_errh *errh, enum nfc_errh_level level, const char *landmark,
	       const char *fmt, va_list ap)
{
	struct nfc_strbuf msg = NFC_STRBUF_INIT;
	nfc_strbuf_vprintf(&msg, fmt, ap);
	const char *text = nfc_strbuf_str(&msg);
	struct nfc_strbuf warned = NFC_STRBUF_INIT;
	if (level == NFC_ERRH_WARNING) {
		errh_prefix_lines(&warned, "warning: ", 9, text);
		text = warned.s;
	}
	/* Plain messages carry only a landmark given explicitly, and no context. */
	unsigned how = ERRH_COUNT | ERRH_PRINT;
	if (level != NFC_ERRH_MESSAGE)
		how |= ERRH_DECORATE;
	if (errh)
		errh_deliver(errh, level, landmark, text, how);
	nfc_strbuf_free(&warned);
	nfc_strbuf_free(&msg);
	return level == NFC_ERRH_MESSAGE ? 0 : -1;
}

int nfc_error(struct nfc_errh *errh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(errh, NFC_ERRH_ERROR, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int nfc_lerror(struct nfc_errh *errh, const char *landmark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(errh, NFC_ERRH_ERROR, landmark, fmt, ap);
	va_end(ap);
	return -1;
}

void nfc_warning(struct nfc_errh *errh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(errh, NFC_ERRH_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void nfc_lwarning(struct nfc_errh *errh, const char *landmark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(errh, NFC_ERRH_WARNING, landmark, fmt, ap);
	va_end(ap);
}

void nfc_message(struct nfc_errh *errh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_verror(errh, NFC_ERRH_MESSAGE, NULL, fmt, ap);
	va_end(ap);
}
