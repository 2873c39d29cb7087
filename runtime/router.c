/* SPDX-License-Identifier: MIT */
/* Router construction: instantiate, check ports, resolve push/pull, configure, initialize. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "router_priv.h"


static const char *decl(const struct nfc_element *e, char *buf, size_t n)
{
	return nfc_element_declaration(e, buf, n);
}

/* ------------------------------------------------------------ flat copy */

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

static int copy_flat(struct nfc_flat_config *to, const struct nfc_flat_config *from)
{
	memset(to, 0, sizeof *to);
	to->filename = xstrdup(from->filename);
	to->elements = calloc(from->nelements ? from->nelements : 1, sizeof *to->elements);
	to->connections = calloc(from->nconnections ? from->nconnections : 1,
				 sizeof *to->connections);
	to->requirements = calloc(from->nrequirements ? from->nrequirements : 1, sizeof(char *));
	if (!to->elements || !to->connections || !to->requirements)
		return -1;
	for (int i = 0; i < from->nelements; i++) {
		const struct nfc_flat_element *f = &from->elements[i];
		struct nfc_flat_element *t = &to->elements[i];
		t->name = xstrdup(f->name);
		t->class_name = xstrdup(f->class_name);
		t->config = xstrdup(f->config);
		t->landmark = xstrdup(f->landmark);
		t->context = xstrdup(f->context);
		to->nelements++;
	}
	for (int i = 0; i < from->nconnections; i++) {
		to->connections[i] = from->connections[i];
		to->connections[i].landmark = xstrdup(from->connections[i].landmark);
		to->nconnections++;
	}
	for (int i = 0; i < from->nrequirements; i++) {
		to->requirements[i] = xstrdup(from->requirements[i]);
		to->nrequirements++;
	}
	return 0;
}

/* ------------------------------------------------------------ lookup */

static const struct nfc_router *sort_router;
static int name_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return strcmp(sort_router->elements[*x]->name, sort_router->elements[*y]->name);
}

static struct nfc_element *find_exact(const struct nfc_router *r, const char *name)
{
	int lo = 0, hi = r->nelements - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		struct nfc_element *e = r->elements[r->name_order[mid]];
		int c = strcmp(name, e->name);
		if (c == 0)
			return e;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *nfc_element_context(const struct nfc_element *e)
{
	return e->router->flat.elements[e->eindex].context;
}

struct nfc_element *nfc_router_find(const struct nfc_router *r, const char *name,
				    const struct nfc_element *context)
{
	if (!r || !name)
		return NULL;
	if (context) {
		/* Click looks a name up in the element's compound, then outward. */
		const char *ctx = nfc_element_context(context);
		size_t clen = strlen(ctx), nlen = strlen(name);
		char *buf = malloc(clen + nlen + 1);
		if (!buf)
			return NULL;
		while (clen > 0) {
			memcpy(buf, ctx, clen);
			memcpy(buf + clen, name, nlen + 1);
			struct nfc_element *e = find_exact(r, buf);
			if (e) {
				free(buf);
				return e;
			}
			/* drop the last "component/" */
			clen--;
			while (clen > 0 && ctx[clen - 1] != '/')
				clen--;
		}
		free(buf);
	}
	return find_exact(r, name);
}

int nfc_router_nelements(const struct nfc_router *r)
{
	return r->nelements;
}

struct nfc_element *nfc_router_element(const struct nfc_router *r, int i)
{
	return i >= 0 && i < r->nelements ? r->elements[i] : NULL;
}

const struct nfc_flat_config *nfc_router_flat_config(const struct nfc_router *r)
{
	return &r->flat;
}

const struct nfc_router_options *nfc_router_options(const struct nfc_router *r)
{
	return &r->opts;
}

struct nfc_errh *nfc_router_errh(struct nfc_router *r)
{
	return &r->errh;
}

int nfc_router_nthreads(const struct nfc_router *r)
{
	return r->nthreads;
}

int nfc_router_upstream(const struct nfc_router *r, const struct nfc_element *e, int port,
			struct nfc_element **peers, int *peer_ports, int max)
{
	int n = 0;
	for (int i = 0; i < r->flat.nconnections; i++) {
		const struct nfc_flat_connection *c = &r->flat.connections[i];
		if (c->to == e->eindex && c->to_port == port) {
			if (n < max) {
				peers[n] = r->elements[c->from];
				peer_ports[n] = c->from_port;
			}
			n++;
		}
	}
	return n;
}

int nfc_router_downstream(const struct nfc_router *r, const struct nfc_element *e, int port,
			  struct nfc_element **peers, int *peer_ports, int max)
{
	int n = 0;
	for (int i = 0; i < r->flat.nconnections; i++) {
		const struct nfc_flat_connection *c = &r->flat.connections[i];
		if (c->from == e->eindex && c->from_port == port) {
			if (n < max) {
				peers[n] = r->elements[c->to];
				peer_ports[n] = c->to_port;
			}
			n++;
		}
	}
	return n;
}

bool nfc_element_flows(const struct nfc_element *e, int in, int out)
{
	return nfc_flowcode_flows(e->cls->flow_code, e->ninputs, e->noutputs, in, out);
}

/* ------------------------------------------------------------ schedule info */

void nfc_router_set_schedule_info(struct nfc_router *r, const char *name, double share)
{
	char **nn = realloc(r->share_names, (r->nshares + 1) * sizeof *nn);
	if (!nn)
		return;
	r->share_names = nn;
	double *nv = realloc(r->share_values, (r->nshares + 1) * sizeof *nv);
	if (!nv)
		return;
	r->share_values = nv;
	r->share_names[r->nshares] = strdup(name);
	r->share_values[r->nshares] = share;
	r->nshares++;
}

double nfc_router_schedule_info(const struct nfc_router *r, const char *name)
{
	/* exact name first, then compound prefixes ("a/b" covers "a/b/c"); shares multiply */
	double share = 0;
	for (int i = r->nshares - 1; i >= 0; i--) {
		const char *n = r->share_names[i];
		size_t len = strlen(n);
		if (strcmp(n, name) == 0 || (strncmp(n, name, len) == 0 && name[len] == '/')) {
			share = share ? share * r->share_values[i] : r->share_values[i];
		}
	}
	return share;
}

void nfc_router_add_external_source(struct nfc_router *r)
{
	atomic_fetch_add(&r->external_sources, 1);
}

void nfc_router_remove_external_source(struct nfc_router *r)
{
	atomic_fetch_sub(&r->external_sources, 1);
}

void nfc_router_set_source(struct nfc_router *r, const char *text)
{
	free(r->source_text);
	r->source_text = strdup(text ? text : "");
}

void nfc_router_at_destroy(struct nfc_router *r, void (*fn)(void *), void *arg)
{
	struct nfc_destroy_hook *n =
		realloc(r->destroy_hooks, (r->ndestroy_hooks + 1) * sizeof *n);
	if (!n)
		return;
	r->destroy_hooks = n;
	r->destroy_hooks[r->ndestroy_hooks].fn = fn;
	r->destroy_hooks[r->ndestroy_hooks].arg = arg;
	r->ndestroy_hooks++;
}

/* ------------------------------------------------------------ stop protocol */

void nfc_router_please_stop(struct nfc_router *r)
{
	atomic_fetch_add(&r->stop_requests, 1);
	if (r->nthreads > 1 && nfc_thread_id() != 0) {
		struct nfc_thread *th = &r->threads[0];
		pthread_mutex_lock(&th->lock);
		pthread_cond_signal(&th->cond);
		pthread_mutex_unlock(&th->lock);
	}
}

void nfc_router_stop_now(struct nfc_router *r)
{
	atomic_store(&r->stopped, true);
}

bool nfc_router_stopping(const struct nfc_router *r)
{
	return atomic_load(&((struct nfc_router *)r)->stopped);
}

void nfc_router_set_driver(struct nfc_router *r, bool (*hook)(void *arg, int nstops), void *arg)
{
	r->driver_hook = hook;
	r->driver_arg = arg;
}

/* ------------------------------------------------------------ construction */

static int instantiate(struct nfc_router *r, struct nfc_errh *errh)
{
	int ok = 0;
	r->elements = calloc(r->flat.nelements ? r->flat.nelements : 1, sizeof *r->elements);
	r->configured = calloc(r->flat.nelements ? r->flat.nelements : 1, sizeof(bool));
	if (!r->elements || !r->configured)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < r->flat.nelements; i++) {
		const struct nfc_flat_element *f = &r->flat.elements[i];
		const struct nfc_element_class *cls = nfc_registry_find(f->class_name);
		if (!cls) {
			nfc_lerror(errh, f->landmark, "unknown element class '%s'", f->class_name);
			ok = -1;
			continue;
		}
		size_t size = cls->size < sizeof(struct nfc_element) ? sizeof(struct nfc_element)
								      : cls->size;
		struct nfc_element *e = aligned_alloc(64, (size + 63) & ~(size_t)63);
		if (!e)
			return nfc_error(errh, "out of memory");
		memset(e, 0, size);
		e->cls = cls;
		e->router = r;
		e->name = f->name;
		e->landmark = f->landmark;
		e->config = f->config;
		e->eindex = i;
		e->home_thread = -1;
		r->elements[i] = e;
		r->nelements = i + 1;
	}
	/* fill holes left by unknown classes so later passes can skip them */
	r->nelements = r->flat.nelements;
	r->name_order = calloc(r->nelements ? r->nelements : 1, sizeof(int));
	if (!r->name_order)
		return nfc_error(errh, "out of memory");
	if (ok < 0)
		return ok;
	for (int i = 0; i < r->nelements; i++)
		r->name_order[i] = i;
	sort_router = r;
	qsort(r->name_order, r->nelements, sizeof(int), name_cmp);
	sort_router = NULL;
	return 0;
}

int nfc_router_configure_phase(const struct nfc_element *e)
{
	if (e->cls->flags & NFC_CLASS_CONFIGURE_EARLY)
		return 0;
	if (e->cls->flags & NFC_CLASS_CONFIGURE_LATE)
		return 2;
	return 1;
}

static int configure_all(struct nfc_router *r, struct nfc_errh *errh)
{
	int ret = 0;
	char d[256], ctx[320];
	for (int phase = 0; phase < 3; phase++)
		for (int i = 0; i < r->nelements; i++) {
			struct nfc_element *e = r->elements[i];
			if (nfc_router_configure_phase(e) != phase)
				continue;
			snprintf(ctx, sizeof ctx, "While configuring '%s':", decl(e, d, sizeof d));
			struct nfc_errh cerrh;
			nfc_errh_init_context(&cerrh, errh, e->landmark, ctx);
			struct nfc_conf conf;
			if (nfc_conf_split(&conf, e->config, e->landmark) < 0) {
				nfc_error(&cerrh, "bad configuration string");
				ret = -1;
				continue;
			}
			r->configured[i] = true;
			int before = cerrh.nerrors;
			int rc = e->cls->configure ? e->cls->configure(e, &conf, &cerrh) : 0;
			if (rc < 0 && cerrh.nerrors == before)
				nfc_error(&cerrh, "configuration failed");
			if (rc < 0 || cerrh.nerrors > before)
				ret = -1;
			nfc_conf_free(&conf);
		}
	return ret;
}

static int initialize_all(struct nfc_router *r, struct nfc_errh *errh)
{
	int ret = 0;
	char d[256], ctx[320];
	for (int phase = 0; phase < 3; phase++)
		for (int i = 0; i < r->nelements; i++) {
			struct nfc_element *e = r->elements[i];
			if (nfc_router_configure_phase(e) != phase || !e->cls->initialize)
				continue;
			snprintf(ctx, sizeof ctx, "While initializing '%s':", decl(e, d, sizeof d));
			struct nfc_errh cerrh;
			nfc_errh_init_context(&cerrh, errh, e->landmark, ctx);
			int before = cerrh.nerrors;
			if (e->cls->initialize(e, &cerrh) < 0 || cerrh.nerrors > before) {
				if (cerrh.nerrors == before)
					nfc_error(&cerrh, "initialization failed");
				ret = -1;
				/* Click stops initializing at the first failure */
				return ret;
			}
		}
	return ret;
}

struct nfc_router *nfc_router_create(const struct nfc_flat_config *fc,
				     const struct nfc_router_options *opts, struct nfc_errh *errh)
{
	return nfc_router_build(fc, opts, false, errh);
}

struct nfc_router *nfc_router_build(const struct nfc_flat_config *fc,
				    const struct nfc_router_options *opts, bool keep_clock,
				    struct nfc_errh *errh)
{
	struct nfc_router *r = calloc(1, sizeof *r);
	if (!r) {
		nfc_error(errh, "out of memory");
		return NULL;
	}
	if (opts)
		r->opts = *opts;
	if (r->opts.nthreads <= 0)
		r->opts.nthreads = 1;
	nfc_errh_init_file(&r->errh, stderr);
	/* a router replacing a running one (hot swap) goes on from the current time */
	if (!keep_clock)
		nfc_time_set_simulated(r->opts.simtime);
	if (copy_flat(&r->flat, fc) < 0) {
		nfc_error(errh, "out of memory");
		goto fail;
	}
	if (nfc_scheduler_init(r) < 0) {
		nfc_error(errh, "out of memory");
		goto fail;
	}
	if (instantiate(r, errh) < 0)
		goto fail;
	int bad = 0;
	if (nfc_router_set_port_counts(r, errh) < 0)
		bad = -1;
	if (bad == 0 && nfc_router_resolve_processing(r, errh) < 0)
		bad = -1;
	nfc_router_add_default_handlers(r);
	if (configure_all(r, errh) < 0 || bad < 0)
		goto fail;
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *e = r->elements[i];
		nfc_element_add_default_handlers(e);
		if (e->cls->add_handlers)
			e->cls->add_handlers(e);
	}
	if (initialize_all(r, errh) < 0)
		goto fail;
	if (nfc_router_check_threads(r, errh) < 0)
		goto fail;
	if (nfc_router_fuse(r) < 0) {
		nfc_error(errh, "out of memory");
		goto fail;
	}
	r->initialized = true;
	return r;
fail:
	nfc_error(errh, "Router could not be initialized!");
	nfc_router_destroy(r);
	return NULL;
}

int nfc_router_run(struct nfc_router *r)
{
	atomic_store(&r->stopped, false);
	return nfc_scheduler_run(r);
}

void nfc_router_destroy(struct nfc_router *r)
{
	if (!r)
		return;
	/* a replacement built by "hotconfig" that never got to run */
	nfc_router_destroy(r->hotswap_next);
	atomic_store(&r->stopped, true);
	/* cleanup in reverse configure order */
	for (int i = r->nelements - 1; i >= 0; i--) {
		struct nfc_element *e = r->elements ? r->elements[i] : NULL;
		if (e && r->configured[i] && e->cls->cleanup)
			e->cls->cleanup(e);
	}
	for (int i = 0; i < r->ndestroy_hooks; i++)
		r->destroy_hooks[i].fn(r->destroy_hooks[i].arg);
	free(r->destroy_hooks);
	nfc_handlers_free(r);
	for (int i = 0; i < r->nelements; i++) {
		struct nfc_element *e = r->elements ? r->elements[i] : NULL;
		if (!e)
			continue;
		nfc_element_free_allocs(e);
		free(e->inputs);
		free(e->outputs);
		free(e);
	}
	free(r->elements);
	free(r->tasks);
	free(r->source_text);
	free(r->configured);
	free(r->name_order);
	for (int i = 0; i < r->nshares; i++)
		free(r->share_names[i]);
	free(r->share_names);
	free(r->share_values);
	nfc_scheduler_destroy(r);
	nfc_flat_config_free(&r->flat);
	nfc_errh_destroy(&r->errh);
	free(r);
}
