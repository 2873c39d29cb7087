/* SPDX-License-Identifier: MIT */
/* Handlers: named read/write entry points on elements and on the router. */
#ifndef NFCLICK_HANDLER_H
#define NFCLICK_HANDLER_H

#include <stdint.h>
#include <nfclick/error.h>
#include <nfclick/strbuf.h>

struct nfc_element;
struct nfc_router;

/**
 * Read handler: append the value to @out (Click convention: no trailing
 * newline needed; the runtime adds one when printing). @param is the text
 * after the handler name for read-with-parameter handlers, else NULL.
 * @e is NULL for global handlers. Return 0, or <0 after reporting to errh.
 */
typedef int (*nfc_read_handler_fn)(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh);
/** Write handler: @value is the written text (may be ""). Return 0 or <0 with errh. */
typedef int (*nfc_write_handler_fn)(struct nfc_element *e, void *thunk, const char *value,
				    struct nfc_errh *errh);

enum {
	/** Read handler accepts a parameter. */
	NFC_HANDLER_READ_PARAM = 1u << 0,
	/** Hidden from the element's "handlers" listing. */
	NFC_HANDLER_PRIVATE = 1u << 1,
	/** Reading changes state (Click's "calm" off); -h still reads it. */
	NFC_HANDLER_RAW = 1u << 2,
	/** The handler is a button (write with no value). */
	NFC_HANDLER_BUTTON = 1u << 3,
};

int nfc_add_read_handler(struct nfc_element *e, const char *name, nfc_read_handler_fn fn,
			 void *thunk, unsigned flags);
int nfc_add_write_handler(struct nfc_element *e, const char *name, nfc_write_handler_fn fn,
			  void *thunk, unsigned flags);
/** Global (router) handlers: e is NULL in the callbacks. */
int nfc_router_add_read_handler(struct nfc_router *r, const char *name, nfc_read_handler_fn fn,
				void *thunk, unsigned flags);
int nfc_router_add_write_handler(struct nfc_router *r, const char *name,
				 nfc_write_handler_fn fn, void *thunk, unsigned flags);

/**
 * Helpers for common handler shapes: a read handler printing an integer
 * field at byte offset @thunk-as-offset... Use NFC_FIELD_THUNK(type, field).
 */
int nfc_read_u64_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh);
int nfc_read_u32_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh);
int nfc_read_int_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh);
int nfc_read_bool_field(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh);
int nfc_write_bool_field(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh);
int nfc_write_u32_field(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh);
int nfc_write_u64_field(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh);
/** Turns a struct field offset into a thunk for the *_field helpers. */
#define NFC_FIELD_THUNK(type, field) ((void *)(uintptr_t)offsetof(type, field))

struct nfc_task;
/** Add Click's task handlers "scheduled", "tickets" and "home_thread" for @t. */
int nfc_add_task_handlers(struct nfc_element *e, struct nfc_task *t);

/* ---- calling handlers by name ---- */

/**
 * Read handler "elem.name" or "name" (global) of router @r into @out.
 * @context_elem, when given, resolves names relative to a compound
 * (Click's "context" lookup for handler calls inside compounds).
 * Errors ("no element named 'x'", "no read handler 'x.y'") go to errh.
 */
int nfc_handler_read(struct nfc_router *r, const char *hname, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh);
int nfc_handler_write(struct nfc_router *r, const char *hname, const char *value,
		      struct nfc_errh *errh);
/** Does a read/write handler of that name exist? */
int nfc_handler_exists(struct nfc_router *r, const char *hname, int write);

/**
 * A handler call as written in a config ("c.reset", "s.switch 1"),
 * parsed and checked at initialize time, called later without lookups.
 */
struct nfc_handler_call {
	struct nfc_router *router;
	struct nfc_element *element; /* NULL for global */
	const struct nfc_handler *h;
	char *value; /* for writes; may be NULL */
};

/** Parse "elem.handler [value]"; @write selects a write call. Returns 0 or -1 with errh. */
int nfc_handler_call_init(struct nfc_handler_call *hc, struct nfc_element *context,
			  const char *text, int write, struct nfc_errh *errh);
int nfc_handler_call_run_write(struct nfc_handler_call *hc, struct nfc_errh *errh);
int nfc_handler_call_run_read(struct nfc_handler_call *hc, struct nfc_strbuf *out,
			      struct nfc_errh *errh);
void nfc_handler_call_free(struct nfc_handler_call *hc);

#endif
