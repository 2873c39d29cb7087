/* SPDX-License-Identifier: MIT */
/* Router internals shared by runtime files (not part of the public API). */
#ifndef NFCLICK_ROUTER_PRIV_H
#define NFCLICK_ROUTER_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <nfclick/nfclick.h>

/** One registered handler. */
struct nfc_handler {
	char *name;
	struct nfc_element *element; /* NULL: global */
	nfc_read_handler_fn read;
	void *read_thunk;
	unsigned read_flags;
	nfc_write_handler_fn write;
	void *write_thunk;
	unsigned write_flags;
};

/** A per-thread scheduler: its task list (pass order) and timer heap. */
/* Each thread writes its own record on every scheduling round: records are
 * 128-byte aligned (two cache lines, as the adjacent-line prefetcher pairs
 * them) so that two threads never write one line. */
#define NFC_THREAD_ALIGN 128
struct nfc_thread {
	_Alignas(NFC_THREAD_ALIGN) int id;
	struct nfc_router *router;
	pthread_t pthread;
	bool started;
	/** Scheduled tasks in pass order (circular list through a sentinel). */
	struct nfc_task head;
	int nscheduled;
	struct nfc_task *running;
	uint64_t global_pass;
	/** Timer min-heap by (expiry, seq). */
	struct nfc_timer **heap;
	int nheap, heap_cap;
	uint64_t timer_seq;
	/** Wake-ups posted by other threads. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct nfc_task **pending;
	int npending, pending_cap;
	bool sleeping;
	/** Cycle accounting for the load handler. */
	uint64_t busy_iters, idle_iters;
};

struct nfc_destroy_hook {
	void (*fn)(void *);
	void *arg;
};

struct nfc_router {
	struct nfc_router_options opts;
	struct nfc_flat_config flat;
	int nelements;
	struct nfc_element **elements;
	/** Element names sorted for lookup. */
	int *name_order;
	/** Handlers (element and global). Each is allocated on its own so that
	 *  pointers held by handler calls stay valid when handlers are added
	 *  later (Script's "*" proxies); a hash table indexes them by name. */
	struct nfc_handler **handlers;
	int nhandlers, handlers_cap;
	int *handler_hash;
	int handler_hash_size;
	int nthreads;
	struct nfc_thread *threads;
	/** Stop protocol. */
	atomic_int stop_requests;
	atomic_bool stopped;
	bool (*driver_hook)(void *arg, int nstops);
	void *driver_arg;
	/** Run-time error output (stderr). */
	struct nfc_errh errh;
	/** Per-element bookkeeping allocations. */
	struct nfc_destroy_hook *destroy_hooks;
	int ndestroy_hooks;
	/** Element configure attempted (cleanup only those). */
	bool *configured;
	bool initialized;
	/** ScheduleInfo shares by element name prefix. */
	int nshares;
	char **share_names;
	double *share_values;
	/** Every initialised task (thread analysis, load handler). */
	struct nfc_task **tasks;
	int ntasks, tasks_cap;
	/** The configuration text as given (global "config" handler). */
	char *source_text;
	/** Number of external event sources keeping the router alive (fds, devices). */
	atomic_int external_sources;
	/** Seed of the elements' generators (RandomSeed) and how often it was set (random.c). */
	uint64_t random_seed;
	unsigned random_epoch;
	/** Built by a "hotconfig" write; replaces this router once it stops (hotswap.c). */
	struct nfc_router *hotswap_next;
};

/* router.c */
/** nfc_router_create; @keep_clock leaves the simulated clock running on (hot swap). */
struct nfc_router *nfc_router_build(const struct nfc_flat_config *fc,
				    const struct nfc_router_options *opts, bool keep_clock,
				    struct nfc_errh *errh);
/** Configure (and initialize) phase of @e: 0 early, 1 normal, 2 late. */
int nfc_router_configure_phase(const struct nfc_element *e);

/* hotswap.c */
/** The "hotconfig" write handler's work: build a router from @text to replace @r. */
int nfc_router_hotconfig(struct nfc_router *r, const char *text, struct nfc_errh *errh);

/* handlers.c */
void nfc_router_add_default_handlers(struct nfc_router *r);
void nfc_element_add_default_handlers(struct nfc_element *e);
struct nfc_handler *nfc_handler_find(struct nfc_router *r, struct nfc_element *e,
				     const char *name);
void nfc_handlers_free(struct nfc_router *r);

/* hookup.c: graph checks, in construction order */
int nfc_router_set_port_counts(struct nfc_router *r, struct nfc_errh *errh);
int nfc_router_resolve_processing(struct nfc_router *r, struct nfc_errh *errh);
int nfc_router_check_threads(struct nfc_router *r, struct nfc_errh *errh);
/* Fuse linear push chains (runtime/fusion.c); -1 only when out of memory. */
int nfc_router_fuse(struct nfc_router *r);
int nfc_fusions_read(struct nfc_element *e, void *thunk, const char *param, struct nfc_strbuf *out,
		     struct nfc_errh *errh);

/* portspec.c */
/** Parse a port count spec for @n_in/@n_out connections used; set the counts or report. */
int nfc_portspec_counts(const char *spec, int used_in, int used_out, int *nin, int *nout,
			char *err, size_t errlen);
/** Processing code of port @port ('h', 'l' or 'a') from a spec like "a/ah". */
char nfc_processing_code(const char *spec, int is_output, int port);
/** Flow code test (Click's x/x): does input @in flow to output @out? */
bool nfc_flowcode_flows(const char *code, int nin, int nout, int in, int out);

/* scheduler.c */
int nfc_scheduler_init(struct nfc_router *r);
void nfc_scheduler_destroy(struct nfc_router *r);
int nfc_scheduler_run(struct nfc_router *r);
void nfc_scheduler_kick_all(struct nfc_router *r);

/* element.c */
void nfc_element_free_allocs(struct nfc_element *e);
/** Push/pull entry points that wrap batch_action/simple_action/classify. */
nfc_push_fn nfc_class_push_fn(const struct nfc_element_class *cls);
nfc_pull_fn nfc_class_pull_fn(const struct nfc_element_class *cls);
void nfc_unconnected_push(struct nfc_element *e, int port, struct nfc_batch *b);
unsigned nfc_unconnected_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max);

/* time.c */
void nfc_time_set_simulated(bool on);
bool nfc_time_simulated(void);
/** Jump the simulated clock forward to @ns (no-op if earlier). */
void nfc_time_warp_to(int64_t ns);

/* packet.c */
void nfc_packet_pools_destroy(void);

#endif
