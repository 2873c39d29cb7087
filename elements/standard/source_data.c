/* SPDX-License-Identifier: MIT */
/* DATA, LENGTH and the packet bytes of the packet sources (see source_data.h). */
#include <stdlib.h>
#include <string.h>
#include "source_data.h"

void source_data_init(struct source_data *d)
{
	d->arg.bytes = NULL;
	d->arg.len = 0;
	d->length = d->datasize = -1;
	d->length_given = d->datasize_given = false;
}

int source_data_check(struct source_data *d, struct nfc_errh *errh)
{
	int r = 0;
	if (d->length_given && d->datasize_given)
		r = nfc_error(errh, "LENGTH and DATASIZE are the same argument; give one");
	if (d->datasize_given)
		d->length = d->datasize;
	if (d->length < -1 || ((d->length_given || d->datasize_given) && d->length < 0))
		r = nfc_error(errh, "LENGTH must be at least 0");
	return r;
}

/* Build the packet bytes from DATA and LENGTH. */
static int source_data_build(struct source_data *d)
{
	size_t len = d->length < 0 ? d->data_len : (size_t)d->length;
	size_t copy = (len + SOURCE_CHUNK - 1) / SOURCE_CHUNK * SOURCE_CHUNK;
	if (copy == 0)
		copy = SOURCE_CHUNK;
	unsigned char *buf = calloc(1, copy); /* zeros: the padding, and LENGTH without DATA */
	if (!buf)
		return -1;
	if (len <= d->data_len)
		memcpy(buf, d->data, len);
	else if (d->data_len > 0) /* repeat DATA to fill LENGTH */
		for (size_t off = 0; off < len; off += d->data_len)
			memcpy(buf + off, d->data, len - off < d->data_len ? len - off : d->data_len);
	free(d->old_pkt);
	d->old_pkt = d->pkt;
	d->pkt = buf;
	d->pkt_len = (uint32_t)len;
	/* whole-chunk copies must stay inside a pooled buffer */
	d->copy_len = NFC_PACKET_HEADROOM + copy <= NFC_PACKET_BUFSIZE ? (uint32_t)copy
								       : (uint32_t)len;
	return 0;
}

static int source_data_set(struct source_data *d, const void *bytes, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	memcpy(copy, bytes, len);
	free(d->data);
	d->data = copy;
	d->data_len = len;
	return source_data_build(d);
}

int source_data_setup(struct source_data *d, struct nfc_errh *errh)
{
	int r = d->arg.bytes ? source_data_set(d, d->arg.bytes, d->arg.len)
			     : source_data_set(d, SOURCE_DEFAULT_DATA, strlen(SOURCE_DEFAULT_DATA));
	return r < 0 ? nfc_error(errh, "out of memory") : 0;
}

void source_data_cleanup(struct source_data *d)
{
	free(d->pkt);
	free(d->old_pkt);
	free(d->data);
	d->pkt = d->old_pkt = d->data = NULL;
}

/* ---- handlers ---- */

static struct source_data *source_of(struct nfc_element *e, const struct source_handlers *h)
{
	return (struct source_data *)((char *)e + h->offset);
}

int source_read_data(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct source_data *d = source_of(e, thunk);
	nfc_strbuf_append(out, (const char *)d->data, d->data_len);
	return 0;
}

int source_write_data(struct nfc_element *e, void *thunk, const char *value,
		      struct nfc_errh *errh)
{
	const struct source_handlers *h = thunk;
	struct source_data *d = source_of(e, h);
	char *bytes;
	size_t len;
	int r;
	if (h->unquote && nfc_parse_string(value, &bytes, &len) == 0) {
		r = source_data_set(d, bytes, len);
		free(bytes);
	} else
		r = source_data_set(d, value, strlen(value));
	if (r < 0)
		return nfc_error(errh, "out of memory");
	if (h->changed)
		h->changed(e);
	return 0;
}

int source_read_length(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%d", (int)source_of(e, thunk)->length);
	return 0;
}

int source_write_length(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh)
{
	const struct source_handlers *h = thunk;
	struct source_data *d = source_of(e, h);
	int32_t length;
	if (nfc_parse_int32(value, &length) < 0 || length < -1)
		return nfc_error(errh, "length: expected integer >= 0, or -1 for DATA's length");
	d->length = length;
	if (source_data_build(d) < 0)
		return nfc_error(errh, "out of memory");
	if (h->changed)
		h->changed(e);
	return 0;
}

void source_add_handlers(struct nfc_element *e, const struct source_handlers *h)
{
	void *content = (void *)h;
	nfc_add_read_handler(e, "data", source_read_data, content, 0);
	nfc_add_write_handler(e, "data", source_write_data, content, 0);
	for (size_t i = 0; i < h->nown; i++) {
		const struct source_handler *o = &h->own[i];
		void *thunk = (void *)(intptr_t)o->h;
		if (o->rd)
			nfc_add_read_handler(e, o->name, h->read, thunk, 0);
		if (o->wr)
			nfc_add_write_handler(e, o->name, h->write, thunk,
					      o->h == h->button ? NFC_HANDLER_BUTTON : 0);
	}
	if (h->length) {
		nfc_add_read_handler(e, "length", source_read_length, content, 0);
		nfc_add_write_handler(e, "length", source_write_length, content, 0);
	}
	if (h->datasize) {
		nfc_add_read_handler(e, "datasize", source_read_length, content, 0);
		nfc_add_write_handler(e, "datasize", source_write_length, content, 0);
	}
}
