/* SPDX-License-Identifier: MIT */
/* Handlers: registration, default and global handlers, calls by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "router_priv.h"

static unsigned handler_hash(const struct nfc_element *e, const char *name)
{
	uint64_t h = (uint64_t)(uintptr_t)e * 0x9E3779B97F4A7C15ull;
	for (const char *c = name; *c; c++)
		h = (h ^ (unsigned char)*c) * 0x100000001B3ull;
	return (unsigned)(h ^ (h >> 29));
}

static void hash_insert(struct nfc_router *r, int idx)
{
	unsigned mask = (unsigned)r->handler_hash_size - 1;
	struct nfc_handler *h = r->handlers[idx];
	unsigned i = handler_hash(h->element, h->name) & mask;
	while (r->handler_hash[i] >= 0)
		i = (i + 1) & mask;
	r->handler_hash[i] = idx;
}

static int hash_grow(struct nfc_router *r)
{
	int nsize = r->handler_hash_size ? r->handler_hash_size * 2 : 1024;
	int *nh = malloc(nsize * sizeof *nh);
	if (!nh)
		return -1;
	free(r->handler_hash);
	r->handler_hash = nh;
	r->handler_hash_size = nsize;
	for (int i = 0; i < nsize; i++)
		nh[i] = -1;
	for (int i = 0; i < r->nhandlers; i++)
		hash_insert(r, i);
	return 0;
}

static struct nfc_handler *handler_slot(struct nfc_router *r, struct nfc_element *e,
					const char *name)
{
	struct nfc_handler *h = nfc_handler_find(r, e, name);
	if (h)
		return h;
	if (r->nhandlers == r->handlers_cap) {
		int ncap = r->handlers_cap ? r->handlers_cap * 2 : 256;
		struct nfc_handler **n = realloc(r->handlers, ncap * sizeof *n);
		if (!n)
			return NULL;
		r->handlers = n;
		r->handlers_cap = ncap;
	}
	/* keep the table at most half full */
	if (2 * (r->nhandlers + 1) > r->handler_hash_size && hash_grow(r) < 0)
		return NULL;
	h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->name = strdup(name);
	h->element = e;
	r->handlers[r->nhandlers] = h;
	hash_insert(r, r->nhandlers);
	r->nhandlers++;
	return h;
}

struct nfc_handler *nfc_handler_find(struct nfc_router *r, struct nfc_element *e,
				     const char *name)
{
	if (!r->handler_hash_size)
		return NULL;
	unsigned mask = (unsigned)r->handler_hash_size - 1;
	for (unsigned i = handler_hash(e, name) & mask; r->handler_hash[i] >= 0; i = (i + 1) & mask) {
		struct nfc_handler *h = r->handlers[r->handler_hash[i]];
		if (h->element == e && strcmp(h->name, name) == 0)
			return h;
	}
	return NULL;
}

void nfc_handlers_free(struct nfc_router *r)
{
	for (int i = 0; i < r->nhandlers; i++) {
		free(r->handlers[i]->name);
		free(r->handlers[i]);
	}
	free(r->handlers);
	free(r->handler_hash);
	r->handlers = NULL;
	r->handler_hash = NULL;
	r->nhandlers = r->handlers_cap = r->handler_hash_size = 0;
}

int nfc_add_read_handler(struct nfc_element *e, const char *name, nfc_read_handler_fn fn,
			 void *thunk, unsigned flags)
{
	struct nfc_handler *h = handler_slot(e->router, e, name);
	if (!h)
		return -1;
	h->read = fn;
	h->read_thunk = thunk;
	h->read_flags = flags;
	return 0;
}

int nfc_add_write_handler(struct nfc_element *e, const char *name, nfc_write_handler_fn fn,
			  void *thunk, unsigned flags)
{
	struct nfc_handler *h = handler_slot(e->router, e, name);
	if (!h)
		return -1;
	h->write = fn;
	h->write_thunk = thunk;
	h->write_flags = flags;
	return 0;
}

int nfc_router_add_read_handler(struct nfc_router *r, const char *name, nfc_read_handler_fn fn,
				void *thunk, unsigned flags)
{
	struct nfc_handler *h = handler_slot(r, NULL, name);
	if (!h)
		return -1;
	h->read = fn;
	h->read_thunk = thunk;
	h->read_flags = flags;
	return 0;
}

int nfc_router_add_write_handler(struct nfc_router *r, const char *name,
				 nfc_write_handler_fn fn, void *thunk, unsigned flags)
{
	struct nfc_handler *h = handler_slot(r, NULL, name);
	if (!h)
		return -1;
	h->write = fn;
	h->write_thunk = thunk;
	h->write_flags = flags;
	return 0;
}

/* ---------------------------------------------------------- field helpers */

#define FIELD(e, thunk, type) ((type *)((char *)(e) + (uintptr_t)(thunk)))

int nfc_read_u64_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%llu", (unsigned long long)*FIELD(e, thunk, uint64_t));
	return 0;
}

int nfc_read_u32_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%u", *FIELD(e, thunk, uint32_t));
	return 0;
}

int nfc_read_int_field(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%d", *FIELD(e, thunk, int));
	return 0;
}

int nfc_read_bool_field(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, *FIELD(e, thunk, bool) ? "true" : "false");
	return 0;
}

int nfc_write_bool_field(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	bool v;
	if (nfc_parse_bool(value, &v) < 0)
		return nfc_error(errh, "expected boolean");
	*FIELD(e, thunk, bool) = v;
	return 0;
}

int nfc_write_u32_field(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh)
{
	uint32_t v;
	if (nfc_parse_uint32(value, &v) < 0)
		return nfc_error(errh, "expected unsigned integer");
	*FIELD(e, thunk, uint32_t) = v;
	return 0;
}

int nfc_write_u64_field(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh)
{
	uint64_t v;
	if (nfc_parse_uint64(value, &v) < 0)
		return nfc_error(errh, "expected unsigned integer");
	*FIELD(e, thunk, uint64_t) = v;
	return 0;
}

/* ---------------------------------------------------------- task handlers */

static int task_read_scheduled(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_task *t = thunk;
	nfc_strbuf_puts(out, t->initialized && t->scheduled ? "true" : "false");
	return 0;
}

static int task_read_tickets(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_task *t = thunk;
	nfc_strbuf_printf(out, "%d", t->initialized ? t->tickets : NFC_TASK_DEFAULT_TICKETS);
	return 0;
}

static int task_write_tickets(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	int32_t v;
	if (nfc_parse_int32(value, &v) < 0 || v < 1)
		return nfc_error(errh, "tickets: expected positive integer");
	nfc_task_set_tickets(thunk, v);
	return 0;
}

static int task_read_home_thread(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_task *t = thunk;
	nfc_strbuf_printf(out, "%d", t->initialized ? t->thread_id
						    : (e->home_thread < 0 ? 0 : e->home_thread));
	return 0;
}

int nfc_add_task_handlers(struct nfc_element *e, struct nfc_task *t)
{
	nfc_add_read_handler(e, "scheduled", task_read_scheduled, t, 0);
	nfc_add_read_handler(e, "tickets", task_read_tickets, t, 0);
	nfc_add_write_handler(e, "tickets", task_write_tickets, t, 0);
	nfc_add_read_handler(e, "home_thread", task_read_home_thread, t, 0);
	return 0;
}

/* ---------------------------------------------------------- default handlers */

static int read_name(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, e->name);
	return 0;
}

static int read_class(struct nfc_element *e, void *thunk, const char *param,
		      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, e->cls->name);
	return 0;
}

static int read_config(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, e->config);
	return 0;
}

static void port_peers(struct nfc_element *e, int port, bool output, struct nfc_strbuf *out)
{
	struct nfc_element *peers[64];
	int pports[64];
	int n = output ? nfc_router_downstream(e->router, e, port, peers, pports, 64)
		       : nfc_router_upstream(e->router, e, port, peers, pports, 64);
	for (int i = 0; i < n && i < 64; i++) {
		if (i)
			nfc_strbuf_puts(out, ", ");
		if (output)
			nfc_strbuf_printf(out, "[%d]%s", pports[i], peers[i]->name);
		else
			nfc_strbuf_printf(out, "%s[%d]", peers[i]->name, pports[i]);
	}
	if (n == 0)
		nfc_strbuf_puts(out, "-");
}

/* Click's "ports" handler: counts, then one line per port: processing, peers. */
static int read_ports(struct nfc_element *e, void *thunk, const char *param,
		      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%d input%s\n", e->ninputs, e->ninputs == 1 ? "" : "s");
	for (int p = 0; p < e->ninputs; p++) {
		char c = nfc_processing_code(e->cls->processing, 0, p);
		nfc_strbuf_printf(out, "%s%s\t", e->inputs[p].is_push ? "push" : "pull",
				  c == 'a' ? "~" : "");
		port_peers(e, p, false, out);
		nfc_strbuf_putc(out, '\n');
	}
	nfc_strbuf_printf(out, "%d output%s\n", e->noutputs, e->noutputs == 1 ? "" : "s");
	for (int p = 0; p < e->noutputs; p++) {
		char c = nfc_processing_code(e->cls->processing, 1, p);
		nfc_strbuf_printf(out, "%s%s\t", e->outputs[p].is_push ? "push" : "pull",
				  c == 'a' ? "~" : "");
		port_peers(e, p, true, out);
		nfc_strbuf_putc(out, '\n');
	}
	return 0;
}

/* Click's "handlers" handler: "name\trw" per handler. */
static int read_handlers(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = e ? e->router : thunk;
	for (int i = 0; i < r->nhandlers; i++) {
		struct nfc_handler *h = r->handlers[i];
		if (h->element != e)
			continue;
		if (((h->read ? h->read_flags : 0) | (h->write ? h->write_flags : 0)) &
		    NFC_HANDLER_PRIVATE)
			continue;
		nfc_strbuf_printf(out, "%s\t%s%s\n", h->name, h->read ? "r" : "",
				  h->write ? "w" : "");
	}
	return 0;
}

void nfc_element_add_default_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "name", read_name, NULL, 0);
	nfc_add_read_handler(e, "class", read_class, NULL, 0);
	nfc_add_read_handler(e, "config", read_config, NULL, 0);
	nfc_add_read_handler(e, "ports", read_ports, NULL, 0);
	nfc_add_read_handler(e, "handlers", read_handlers, NULL, 0);
}

/* ---------------------------------------------------------- global handlers */

static int global_version(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, NFCLICK_VERSION_STRING);
	return 0;
}

static int global_list(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	nfc_strbuf_printf(out, "%d\n", r->nelements);
	for (int i = 0; i < r->nelements; i++)
		nfc_strbuf_printf(out, "%s\n", r->elements[i]->name);
	return 0;
}

static int global_classes(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	for (int i = 0; i < nfc_registry_count(); i++)
		nfc_strbuf_printf(out, "%s\n", nfc_registry_at(i)->name);
	return 0;
}

static int global_config(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	if (r->source_text)
		nfc_strbuf_puts(out, r->source_text);
	else
		nfc_flat_config_unparse(&r->flat, out);
	return 0;
}

static int global_flatconfig(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	nfc_flat_config_unparse(&r->flat, out);
	return 0;
}

static int global_requirements(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	for (int i = 0; i < r->flat.nrequirements; i++)
		nfc_strbuf_printf(out, "%s\n", r->flat.requirements[i]);
	return 0;
}

static int global_stop(struct nfc_element *e, void *thunk, const char *value,
		       struct nfc_errh *errh)
{
	nfc_router_please_stop(thunk);
	return 0;
}

static int global_handlers(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	return read_handlers(NULL, thunk, param, out, errh);
}

static int global_threads(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *el = r->elements[i];
		nfc_strbuf_printf(out, "%s\t", el->name);
		bool any = false;
		for (int t = 0; t < r->nthreads; t++)
			if (el->thread_mask & (1ull << t)) {
				nfc_strbuf_printf(out, "%s%d", any ? "," : "", t);
				any = true;
			}
		nfc_strbuf_puts(out, any ? "\n" : "-\n");
	}
	return 0;
}

static int global_load(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_router *r = thunk;
	for (int t = 0; t < r->nthreads; t++) {
		struct nfc_thread *th = &r->threads[t];
		uint64_t all = th->busy_iters + th->idle_iters;
		nfc_strbuf_printf(out, "%s%.3f", t ? " " : "",
				  all ? (double)th->busy_iters / (double)all : 0.0);
	}
	return 0;
}

/* nfclick -R: build a router from the written text to replace this one. */
static int global_hotconfig(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	return nfc_router_hotconfig(thunk, value, errh);
}

void nfc_router_add_default_handlers(struct nfc_router *r)
{
	nfc_router_add_read_handler(r, "version", global_version, r, 0);
	nfc_router_add_read_handler(r, "list", global_list, r, 0);
	nfc_router_add_read_handler(r, "classes", global_classes, r, 0);
	nfc_router_add_read_handler(r, "config", global_config, r, 0);
	nfc_router_add_read_handler(r, "flatconfig", global_flatconfig, r, 0);
	nfc_router_add_read_handler(r, "requirements", global_requirements, r, 0);
	nfc_router_add_read_handler(r, "handlers", global_handlers, r, 0);
	nfc_router_add_read_handler(r, "threads", global_threads, r, 0);
	nfc_router_add_read_handler(r, "load", global_load, r, 0);
	nfc_router_add_read_handler(r, "fusions", nfc_fusions_read, r, 0);
	nfc_router_add_write_handler(r, "stop", global_stop, r, NFC_HANDLER_BUTTON);
	if (r->opts.allow_reconfigure)
		nfc_router_add_write_handler(r, "hotconfig", global_hotconfig, r, 0);
}

/* ---------------------------------------------------------- calls by name */

/* Split "a/b.c" into element "a/b" and handler "c"; a name without a dot is global. */
static int resolve(struct nfc_router *r, const struct nfc_element *context, const char *hname,
		   struct nfc_element **e, const char **hpart, struct nfc_errh *errh)
{
	const char *dot = strrchr(hname, '.');
	*e = NULL;
	*hpart = hname;
	if (!dot)
		return 0;
	size_t n = (size_t)(dot - hname);
	char *ename = strndup(hname, n);
	if (!ename)
		return nfc_error(errh, "out of memory");
	*e = nfc_router_find(r, ename, context);
	if (!*e) {
		nfc_error(errh, "no element named '%s'", ename);
		free(ename);
		return -1;
	}
	free(ename);
	*hpart = dot + 1;
	return 0;
}

static struct nfc_handler *lookup(struct nfc_router *r, const struct nfc_element *context,
				  const char *hname, int write, struct nfc_errh *errh)
{
	struct nfc_element *e;
	const char *hp;
	if (resolve(r, context, hname, &e, &hp, errh) < 0)
		return NULL;
	struct nfc_handler *h = nfc_handler_find(r, e, hp);
	/* Click's "*" handlers (Script TYPE PROXY): an element with a "*" handler
	 * answers to any name; the named handler is made on first use, with its
	 * own name as thunk. */
	if (!h && e) {
		struct nfc_handler *star = nfc_handler_find(r, e, "*");
		if (star) {
			struct nfc_handler copy = *star;
			h = handler_slot(r, e, hp);
			if (h) {
				h->read = copy.read;
				h->write = copy.write;
				h->read_flags = copy.read_flags & ~NFC_HANDLER_PRIVATE;
				h->write_flags = copy.write_flags & ~NFC_HANDLER_PRIVATE;
				h->read_thunk = h->write_thunk = h->name;
			}
		}
	}
	if (!h || (write ? !h->write : !h->read)) {
		if (h)
			nfc_error(errh, "'%s' is %s", hname, write ? "read-only" : "write-only");
		else
			nfc_error(errh, "no %s handler '%s'", write ? "write" : "read", hname);
		return NULL;
	}
	return h;
}

int nfc_handler_read(struct nfc_router *r, const char *hname, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_handler *h = lookup(r, NULL, hname, 0, errh);
	if (!h)
		return -1;
	return h->read(h->element, h->read_thunk, param, out, errh);
}

int nfc_handler_write(struct nfc_router *r, const char *hname, const char *value,
		      struct nfc_errh *errh)
{
	struct nfc_handler *h = lookup(r, NULL, hname, 1, errh);
	if (!h)
		return -1;
	return h->write(h->element, h->write_thunk, value ? value : "", errh);
}

int nfc_handler_exists(struct nfc_router *r, const char *hname, int write)
{
	struct nfc_errh quiet;
	nfc_errh_init_silent(&quiet);
	return lookup(r, NULL, hname, write, &quiet) != NULL;
}

int nfc_handler_call_init(struct nfc_handler_call *hc, struct nfc_element *context,
			  const char *text, int write, struct nfc_errh *errh)
{
	memset(hc, 0, sizeof *hc);
	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	size_t n = strcspn(text, " \t\n\r");
	char *name = strndup(text, n);
	if (!name)
		return nfc_error(errh, "out of memory");
	const char *rest = text + n;
	while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
		rest++;
	struct nfc_router *r = context->router;
	struct nfc_handler *h = lookup(r, context, name, write, errh);
	free(name);
	if (!h)
		return -1;
	hc->router = r;
	hc->element = h->element;
	hc->h = h;
	if (*rest) {
		/* trim trailing whitespace */
		size_t len = strlen(rest);
		while (len && (rest[len - 1] == ' ' || rest[len - 1] == '\t' ||
			       rest[len - 1] == '\n' || rest[len - 1] == '\r'))
			len--;
		hc->value = strndup(rest, len);
	}
	return 0;
}

int nfc_handler_call_run_write(struct nfc_handler_call *hc, struct nfc_errh *errh)
{
	if (!hc->h || !hc->h->write)
		return -1;
	return hc->h->write(hc->element, hc->h->write_thunk, hc->value ? hc->value : "", errh);
}

int nfc_handler_call_run_read(struct nfc_handler_call *hc, struct nfc_strbuf *out,
			      struct nfc_errh *errh)
{
	if (!hc->h || !hc->h->read)
		return -1;
	return hc->h->read(hc->element, hc->h->read_thunk, hc->value, out, errh);
}

void nfc_handler_call_free(struct nfc_handler_call *hc)
{
	free(hc->value);
	hc->value = NULL;
	hc->h = NULL;
}
