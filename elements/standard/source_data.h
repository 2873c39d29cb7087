/* SPDX-License-Identifier: MIT */
/* What the packet sources (InfiniteSource, RatedSource, TimedSource) share: DATA, LENGTH, handlers. */
#ifndef NFCLICK_ELEMENTS_SOURCE_DATA_H
#define NFCLICK_ELEMENTS_SOURCE_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <nfclick/nfclick.h>

/* Click's default DATA (at least 64 bytes, as its sources have it). */
#define SOURCE_DEFAULT_DATA \
	"Random bullshit in a packet, at least 64 bytes long. Well, now it is."

/* The packet bytes are zero-padded to a multiple of this, so that a source
 * may copy them in whole blocks (InfiniteSource's vector copy). */
#define SOURCE_CHUNK 64

/*
 * DATA, LENGTH (or its old spelling DATASIZE), and the packet bytes built
 * from them: DATA cut or repeated to LENGTH, as Click's setup_packet.
 * Embedded in the element; its table parses into it (SOURCE_DATA_ARG,
 * SOURCE_LENGTH_ARGS).
 */
struct source_data {
	/* the packet bytes, read for every packet made: first */
	unsigned char *pkt;
	uint32_t pkt_len;
	/* pkt_len rounded up to SOURCE_CHUNK when that many bytes fit a
	 * pooled buffer after the default headroom, else pkt_len */
	uint32_t copy_len;
	/* arguments */
	struct nfc_arg_data arg;
	int32_t length; /* -1: DATA's own length */
	int32_t datasize;
	bool length_given, datasize_given;
	/* DATA */
	unsigned char *data;
	size_t data_len;
	/* previous packet bytes, freed one change later: a task on another
	 * thread may still be copying from them when a handler replaces them */
	unsigned char *old_pkt;
};

/* The DATA entry of an argument table (positional: place it where the
 * element's signature has it); T_ is the element's struct, M_ the member. */
#define SOURCE_DATA_ARG(T_, M_)                                                   \
	{ .keyword = "DATA", .type = NFC_ARG_DATA, .flags = NFC_ARGF_POSITIONAL,   \
	  .offset = offsetof(T_, M_.arg), .doc = "packet contents" }
/* The LENGTH and DATASIZE keyword entries. */
#define SOURCE_LENGTH_ARGS(T_, M_)                                                 \
	{ .keyword = "LENGTH", .type = NFC_ARG_INT32, .offset = offsetof(T_, M_.length), \
	  .given_offset = offsetof(T_, M_.length_given), .doc = "packet length" },       \
	{ .keyword = "DATASIZE", .type = NFC_ARG_INT32,                                 \
	  .offset = offsetof(T_, M_.datasize),                                          \
	  .given_offset = offsetof(T_, M_.datasize_given),                              \
	  .doc = "deprecated spelling of LENGTH" }

/* Defaults before parsing: no DATA given, LENGTH DATA's own. */
void source_data_init(struct source_data *d);
/* After parsing: check LENGTH and DATASIZE (reporting every error through
 * @errh; DATASIZE becomes LENGTH). Returns 0 or -1. */
int source_data_check(struct source_data *d, struct nfc_errh *errh);
/* Keep DATA (the default when none was given) and build the packet bytes.
 * Returns 0, or -1 after reporting "out of memory". */
int source_data_setup(struct source_data *d, struct nfc_errh *errh);
void source_data_cleanup(struct source_data *d);

/* One of a source's own handlers: @name with thunk @h, read and/or write. */
struct source_handler {
	const char *name;
	int h;
	bool rd, wr;
};

/*
 * A source class's handlers (static, one per class): "data", its own
 * (through @read and @write; the write handler with thunk @button is a
 * button), then "length" and "datasize" when it has them. "data" and
 * "length" are the same on every source; their thunk is this struct.
 */
struct source_handlers {
	size_t offset; /* of the struct source_data in the element */
	/* "data" decodes a value written like the argument (quotes, \<hex>);
	 * other text, or every value when false, is taken as is */
	bool unquote;
	/* run after a successful data or length write (the source may have
	 * packets to make again); may be NULL */
	void (*changed)(struct nfc_element *e);
	const struct source_handler *own;
	size_t nown;
	nfc_read_handler_fn read;
	nfc_write_handler_fn write;
	int button;
	bool length, datasize;
};
/* Add them all, in the order above. */
void source_add_handlers(struct nfc_element *e, const struct source_handlers *h);

/* The data and length handlers themselves. */
int source_read_data(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh);
int source_write_data(struct nfc_element *e, void *thunk, const char *value,
		      struct nfc_errh *errh);
/* LENGTH: -1 for DATA's own length. */
int source_read_length(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh);
int source_write_length(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh);

#endif
