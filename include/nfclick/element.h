/* SPDX-License-Identifier: MIT */
/* Element classes (const descriptors) and element instances. */
#ifndef NFCLICK_ELEMENT_H
#define NFCLICK_ELEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <nfclick/batch.h>
#include <nfclick/error.h>

struct nfc_element;
struct nfc_router;
struct nfc_conf;

typedef void (*nfc_push_fn)(struct nfc_element *e, int port, struct nfc_batch *b);
/** Append up to @max packets to @out (max <= room left in out); return the number appended. */
typedef unsigned (*nfc_pull_fn)(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max);

/** Class flags. */
enum {
	/** Safe to be reached by several threads at once (per-thread or atomic state). */
	NFC_CLASS_THREAD_SAFE = 1u << 0,
	/** Element configures in an early phase (AddressInfo, AlignmentInfo, ScheduleInfo). */
	NFC_CLASS_CONFIGURE_EARLY = 1u << 1,
	/** Element configures late (after all others; DriverManager, Script). */
	NFC_CLASS_CONFIGURE_LATE = 1u << 2,
	/** Never emits packets (Idle): notifier searches treat it as forever empty. */
	NFC_CLASS_NO_PACKETS = 1u << 3,
	/** Pushes out only from its own task (Pipeliner): the thread analysis does
	 *  not follow other threads through its push outputs. */
	NFC_CLASS_THREAD_BOUNDARY = 1u << 4,
};

/** Interfaces an element can expose through class->cast (Click's cast()). */
#define NFC_IFACE_EMPTY_NOTIFIER "Notifier.EMPTY"
#define NFC_IFACE_FULL_NOTIFIER "Notifier.FULL"
#define NFC_IFACE_STORAGE "Storage"

/**
 * An element class: data plus a few functions, one per .c file, registered
 * with NFC_REGISTER_ELEMENT(). Processing of packets uses exactly one of:
 *  - push/pull: full control;
 *  - batch_action: rewrite the batch in place (drop by compaction), the
 *    runtime forwards what is left on output 0, in push and pull alike;
 *  - simple_action: per packet, return the packet to forward on output 0
 *    (possibly another one) or NULL when it was consumed/dropped;
 *  - classify: per packet, return the output port (negative: drop), the
 *    runtime splits the batch (all-one-port fast path included).
 */
struct nfc_element_class {
	const char *name;
	/** Click port count spec: "1/1", "1/1-2", "-/=", "0/1", "1-/1". */
	const char *port_count;
	/** Click processing spec: "a/a", "h/l", "a/ah". */
	const char *processing;
	/** Click flow code ("x/x" when NULL). */
	const char *flow_code;
	/** Instance size; the instance struct starts with struct nfc_element. */
	size_t size;
	unsigned flags;

	/** Parse configuration; report every error through errh; return <0 on failure. */
	int (*configure)(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh);
	/** Connect to peers, set up tasks/timers; return <0 on failure. */
	int (*initialize)(struct nfc_element *e, struct nfc_errh *errh);
	/** Release resources. Called for every element whose configure was attempted. */
	void (*cleanup)(struct nfc_element *e);
	/** Register handlers (the default handlers are added by the runtime). */
	int (*add_handlers)(struct nfc_element *e);
	/** Return an interface pointer for @iface (see NFC_IFACE_*), or NULL. */
	void *(*cast)(struct nfc_element *e, const char *iface);
	/** Take state from the same-named element of an old router (hot swap). */
	void (*take_state)(struct nfc_element *e, struct nfc_element *old, struct nfc_errh *errh);

	nfc_push_fn push;
	nfc_pull_fn pull;
	void (*batch_action)(struct nfc_element *e, struct nfc_batch *b);
	struct nfc_packet *(*simple_action)(struct nfc_element *e, struct nfc_packet *p);
	int (*classify)(struct nfc_element *e, struct nfc_packet *p);

	/** Documentation block (filled from the source file's doc comment). */
	const char *doc;
};

/** One side of a connection, resolved at initialisation. */
struct nfc_port {
	struct nfc_element *peer;
	int peer_port;
	/** Peer's push (for push outputs) or pull (for pull inputs) entry. */
	union {
		nfc_push_fn push;
		nfc_pull_fn pull;
	} fn;
	/** Processing of this port after resolution. */
	bool is_push;
	/** Connected at all (push inputs may be connected many times). */
	bool connected;
};

/**
 * The common header of every element instance. Element-specific state
 * follows it in the class's own struct:
 *
 *     struct counter { struct nfc_element e; uint64_t count; };
 */
struct nfc_element {
	const struct nfc_element_class *cls;
	struct nfc_router *router;
	/** Flat name ("c", "Counter@3", "comp/inner"). */
	const char *name;
	/** Landmark of the declaration ("file.click:3"). */
	const char *landmark;
	/** Configuration string as written (Click's config handler). */
	char *config;
	/** Index in the router's element array. */
	int eindex;
	int ninputs, noutputs;
	struct nfc_port *inputs;
	struct nfc_port *outputs;
	/** Home thread of the element's tasks (StaticThreadSched, -j); -1: default. */
	int home_thread;
	/** Bitmask of threads that can reach this element (set by the thread analysis). */
	uint64_t thread_mask;
	/** Per-element private heap allocations freed with the router (nfc_element_alloc). */
	void *allocs;
	/** Packets dropped through nfc_element_drop (statistics; not exact across threads). */
	uint64_t drops;
	/** The fused chain this element starts (nfclick/fusion.h), or NULL. */
	struct nfc_fused_chain *fused;
};

/* ---- moving packets ---- */

/** Push @b out of output @port. The callee owns the packets afterwards. */
static inline void nfc_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct nfc_port *o = &e->outputs[port];
	if (b->count)
		o->fn.push(o->peer, o->peer_port, b);
}

/** Pull up to @max packets from input @port, appending to @out. */
static inline unsigned nfc_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max)
{
	struct nfc_port *i = &e->inputs[port];
	return i->fn.pull(i->peer, i->peer_port, out, max);
}

/** Push a single packet (builds a one-packet batch). */
void nfc_push_packet(struct nfc_element *e, int port, struct nfc_packet *p);
/** Pull one packet (NULL when none). */
struct nfc_packet *nfc_pull_packet(struct nfc_element *e, int port);

/**
 * Push each packet of @b out of the port in @ports[i] (negative: kill),
 * splitting into per-port batches; when every packet goes to one port the
 * batch is handed on whole.
 */
void nfc_push_split(struct nfc_element *e, struct nfc_batch *b, const int *ports);

/** Kill and count a packet dropped by @e (counted in the element's drops). */
void nfc_element_drop(struct nfc_element *e, struct nfc_packet *p);

/** Is input/output port @port push (after resolution)? */
static inline bool nfc_input_is_push(const struct nfc_element *e, int port)
{
	return e->inputs[port].is_push;
}
static inline bool nfc_output_is_push(const struct nfc_element *e, int port)
{
	return e->outputs[port].is_push;
}

/* ---- memory owned by the element (freed with the router) ---- */

void *nfc_element_alloc(struct nfc_element *e, size_t size);
char *nfc_element_strdup(struct nfc_element *e, const char *s);

/** Human name "name :: Class" used in messages. */
const char *nfc_element_declaration(const struct nfc_element *e, char *buf, size_t n);

/* ---- registration ---- */

void nfc_registry_add(const struct nfc_element_class *cls);
const struct nfc_element_class *nfc_registry_find(const char *name);
/** Iterate registered classes in name order; returns NULL past the end. */
const struct nfc_element_class *nfc_registry_at(int i);
int nfc_registry_count(void);

/**
 * Register a class at program start (also works for dlopen()ed packages).
 * The registry is written only by constructors, before main().
 */
#define NFC_REGISTER_ELEMENT(cls_var)                                          \
	__attribute__((constructor)) static void nfc_register_##cls_var(void) \
	{                                                                      \
		nfc_registry_add(&(cls_var));                                  \
	}

#endif
