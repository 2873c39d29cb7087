/* SPDX-License-Identifier: MIT */
/* The router: a live graph of configured elements, its threads and handlers. */
#ifndef NFCLICK_ROUTER_H
#define NFCLICK_ROUTER_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/config.h>
#include <nfclick/element.h>
#include <nfclick/error.h>

struct nfc_router;

/** Most threads a router runs (per-thread arrays in elements are this long). */
#define NFC_MAX_THREADS 64

/** Index of the calling router thread (0 for the main thread and outside routers). */
extern _Thread_local int nfc_tls_thread_id;
static inline int nfc_thread_id(void)
{
	return nfc_tls_thread_id;
}

struct nfc_router_options {
	/** Number of threads (-j). */
	int nthreads;
	/** Pin thread i to cpus[i] when ncpus > 0. */
	int ncpus;
	int cpus[64];
	/** Run on the simulated clock (--simtime). */
	bool simtime;
	/** Provide the global write handler "hotconfig" (nfclick -R): writing a
	 *  configuration to it builds a router that replaces this one. */
	bool allow_reconfigure;
	/** $variables for configurations written to "hotconfig" (kept by pointer:
	 *  they must outlive the routers). */
	const struct nfc_config_var *vars;
	int nvars;
	/** Leave chains unfused (nfclick --no-fuse; see nfclick/fusion.h). */
	bool no_fusion;
};

/**
 * Build a router from a flat configuration: instantiate each element,
 * check port counts and connections, resolve push/pull, configure every
 * element (all errors reported), then initialize. Returns NULL after
 * reporting errors (with "Router could not be initialized!" as Click).
 */
struct nfc_router *nfc_router_create(const struct nfc_flat_config *fc,
				     const struct nfc_router_options *opts, struct nfc_errh *errh);

/** Run the threads until the router stops. Returns 0. */
int nfc_router_run(struct nfc_router *r);

/**
 * Ask the driver to stop (InfiniteSource STOP, the "stop" handler).
 * With a DriverManager or Script driver present, the request is handed to
 * it (wait_stop); otherwise the router stops.
 */
void nfc_router_please_stop(struct nfc_router *r);
/** Stop now, whatever drivers say (DriverManager "stop" at its end). */
void nfc_router_stop_now(struct nfc_router *r);
bool nfc_router_stopping(const struct nfc_router *r);

/** Driver hook: called by thread 0 when stop requests are pending; returns
 *  true to keep running. One driver (DriverManager) can register. */
void nfc_router_set_driver(struct nfc_router *r, bool (*hook)(void *arg, int nstops),
			   void *arg);

void nfc_router_destroy(struct nfc_router *r);

/**
 * Hot swap, after nfc_router_run(@r) returned: when a "hotconfig" write
 * built a replacement, each of its elements takes state from @r's element
 * of the same name (the class's take_state, in configure order), @r is
 * destroyed, and the replacement is returned, ready to run. Returns NULL
 * (and leaves @r alone) when there is no replacement.
 */
struct nfc_router *nfc_router_hotswap(struct nfc_router *r, struct nfc_errh *errh);

/** Remember the configuration text as given (the global "config" handler). */
void nfc_router_set_source(struct nfc_router *r, const char *text);

int nfc_router_nelements(const struct nfc_router *r);
struct nfc_element *nfc_router_element(const struct nfc_router *r, int i);
/** Find by flat name; @context (an element or NULL) enables compound-relative lookup. */
struct nfc_element *nfc_router_find(const struct nfc_router *r, const char *name,
				    const struct nfc_element *context);
/** Compound context prefix of element @e ("" or "comp/"). */
const char *nfc_element_context(const struct nfc_element *e);
const struct nfc_flat_config *nfc_router_flat_config(const struct nfc_router *r);
const struct nfc_router_options *nfc_router_options(const struct nfc_router *r);
/** Root error handler for run-time messages (stderr). */
struct nfc_errh *nfc_router_errh(struct nfc_router *r);
int nfc_router_nthreads(const struct nfc_router *r);

/** ScheduleInfo: relative task share for element @name (1.0 = default tickets). */
void nfc_router_set_schedule_info(struct nfc_router *r, const char *name, double share);
/** Share recorded for @name (exact flat name, else its compound prefixes), or 0. */
double nfc_router_schedule_info(const struct nfc_router *r, const char *name);

/** An element with an external event source (file descriptor, device) keeps an
 *  otherwise idle router alive while registered (Click's select()). */
void nfc_router_add_external_source(struct nfc_router *r);
void nfc_router_remove_external_source(struct nfc_router *r);

/** Register a cleanup callback run at router destruction (after element cleanup). */
void nfc_router_at_destroy(struct nfc_router *r, void (*fn)(void *), void *arg);

/* ---- graph helpers for elements that search the graph ---- */

/** Number of connections into input @port of @e and the peers (array of count). */
int nfc_router_upstream(const struct nfc_router *r, const struct nfc_element *e, int port,
			struct nfc_element **peers, int *peer_ports, int max);
int nfc_router_downstream(const struct nfc_router *r, const struct nfc_element *e, int port,
			  struct nfc_element **peers, int *peer_ports, int max);
/** Does input @in of @e flow to output @out according to its flow code? */
bool nfc_element_flows(const struct nfc_element *e, int in, int out);

#endif
