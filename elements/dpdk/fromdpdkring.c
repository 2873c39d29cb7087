/* SPDX-License-Identifier: MIT */
/* FromDPDKRing: receives packets (mbufs) from a named DPDK ring, from this or another process. */

/*
 * =c
 * FromDPDKRing([RING, KEYWORDS])
 * =s netdevices
 * reads packets from a DPDK ring (user-level)
 * =d
 * Dequeues mbufs from the DPDK ring (rte_ring) named RING and pushes them
 * out its output, up to BURST per scheduling, without copying them. A
 * ToDPDKRing with the same name, in this nfclick or in another DPDK
 * process sharing its memory (DPDK multi-process: a primary and
 * secondaries with --proc-type), fills it: rings chain processes.
 *
 * The ring is looked up by name; when it does not exist yet, the primary
 * process (or CREATE true) makes it. Mbufs from pools without room for
 * nfclick's packet header in their private area are copied.
 *
 * Multi-process: start the primary first, with hugepages and --file-prefix
 * NAME; then secondaries with --proc-type=secondary, the same --file-prefix
 * and lcore ids of their own (--lcores 1@0: lcore 1 on CPU 0), since
 * mempool caches are per lcore id. Stop secondaries before their primary.
 *
 * The task runs on the element's home thread (StaticThreadSched), thread 0
 * by default.
 *
 * Keyword arguments are:
 *
 * =item RING
 * String. Name of the ring.
 * =item FROM_PROC
 * String. Instead of RING, FastClick's naming: this process's name...
 * =item TO_PROC
 * String. ...and the name of the process sending to it; the ring is
 * TO_PROC_2_FROM_PROC.
 * =item BURST
 * Integer. Most packets dequeued per scheduling. Default is 32.
 * =item SIZE
 * Integer. Capacity of the ring when this element makes it (rounded up to
 * a power of two). Default is 1024.
 * =item CREATE
 * Boolean. Make the ring if it does not exist, even in a secondary
 * process. Default is false.
 * =item ACTIVE
 * Boolean. If false, the ring is not read (the router keeps running).
 * Default is true.
 * =h count read-only
 * Returns the number of packets received.
 * =h reset_counts write-only
 * Resets "count" to zero.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h ring read-only
 * Returns the name of the ring.
 * =h ring_count read-only
 * Returns the number of mbufs waiting in the ring.
 * =e
 *   InfiniteSource(LIMIT 100) -> ToDPDKRing(RING a2b);
 *   FromDPDKRing(RING a2b) -> Counter -> Discard;
 * =a ToDPDKRing, FromDPDKDevice
 */
#include <stddef.h>
#include <rte_ring.h>
#include "../../runtime/dpdk_priv.h"

struct fromdpdkring {
	struct nfc_element e;
	char *ring_arg, *from_proc, *to_proc;
	uint32_t burst, size;
	bool create, active;
	char name[RTE_RING_NAMESIZE];
	struct rte_ring *ring;
	const struct rte_mempool *own;
	struct nfc_task task;
	uint64_t count;
	/* keeps the router up while the ring is not read (ACTIVE false) */
	bool external_source;
};

static const struct nfc_arg_spec fromdpdkring_args[] = {
	{ .keyword = "RING", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdpdkring, ring_arg), .doc = "ring name" },
	{ .keyword = "FROM_PROC", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct fromdpdkring, from_proc), .doc = "this process's name" },
	{ .keyword = "TO_PROC", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct fromdpdkring, to_proc), .doc = "the sending process's name" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct fromdpdkring, burst),
	  .doc = "packets per scheduling" },
	{ .keyword = "SIZE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 2,
	  .max = 1u << 28, .offset = offsetof(struct fromdpdkring, size),
	  .doc = "ring capacity when made here" },
	{ .keyword = "CREATE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdpdkring, create),
	  .doc = "make the ring if missing, even in a secondary" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdpdkring, active),
	  .doc = "read the ring" },
	NFC_ARGS_END
};

static int fromdpdkring_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	fr->burst = 32;
	fr->size = 1024;
	fr->active = true;
	if (nfc_args_parse(e, conf, fromdpdkring_args, errh, NULL) < 0)
		return -1;
	if (nfc_dpdk_ring_name(fr->ring_arg, fr->from_proc, fr->to_proc, true, fr->name,
			       sizeof fr->name, errh) < 0)
		return -1;
	return nfc_dpdk_register(e, errh);
}

static bool fromdpdkring_run(struct nfc_task *t, void *arg)
{
	struct fromdpdkring *fr = arg;
	if (!fr->active)
		return false;
	struct nfc_batch b;
	unsigned n = rte_ring_dequeue_burst(fr->ring, (void **)nfc_dpdk_batch_mbufs(&b), fr->burst,
					    NULL);
	if (n) {
		if (__builtin_expect(!fr->own, 0))
			fr->own = nfc_dpdk_pool(0);
		/* a ring holds mbufs of any pool: each is looked at */
		fr->count += nfc_dpdk_mbufs_to_packets(&b, n, fr->own, false);
		nfc_push(&fr->e, 0, &b);
	}
	nfc_task_fast_reschedule(t);
	return n > 0;
}

static int fromdpdkring_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	fr->ring = nfc_dpdk_ring_attach(fr->name, fr->size, (int)rte_socket_id(), fr->create, errh);
	if (!fr->ring)
		return -1;
	nfc_task_init(&fr->task, e, fromdpdkring_run, fr);
	if (fr->active)
		nfc_task_schedule(&fr->task);
	else {
		nfc_router_add_external_source(e->router);
		fr->external_source = true;
	}
	return nfc_dpdk_initialized_one(e, errh);
}

static void fromdpdkring_cleanup(struct nfc_element *e)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	if (fr->task.initialized)
		nfc_task_cleanup(&fr->task);
	if (fr->external_source)
		nfc_router_remove_external_source(e->router);
	fr->external_source = false;
}

static int fromdpdkring_write_active(struct nfc_element *e, void *thunk, const char *value,
				     struct nfc_errh *errh)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	bool active;
	if (nfc_parse_bool(value, &active) < 0)
		return nfc_error(errh, "active: expected boolean");
	fr->active = active;
	if (active && fr->task.initialized)
		nfc_task_schedule(&fr->task);
	return 0;
}

static int fromdpdkring_write_reset(struct nfc_element *e, void *thunk, const char *value,
				    struct nfc_errh *errh)
{
	((struct fromdpdkring *)e)->count = 0;
	return 0;
}

static int fromdpdkring_read_ring(struct nfc_element *e, void *thunk, const char *param,
				  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	if (thunk)
		nfc_strbuf_printf(out, "%u", fr->ring ? rte_ring_count(fr->ring) : 0);
	else
		nfc_strbuf_puts(out, fr->name);
	return 0;
}

static int fromdpdkring_add_handlers(struct nfc_element *e)
{
	struct fromdpdkring *fr = (struct fromdpdkring *)e;
	nfc_add_read_handler(e, "count", nfc_read_u64_field,
			     NFC_FIELD_THUNK(struct fromdpdkring, count), 0);
	nfc_add_write_handler(e, "reset_counts", fromdpdkring_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct fromdpdkring, active), 0);
	nfc_add_write_handler(e, "active", fromdpdkring_write_active, NULL, 0);
	nfc_add_read_handler(e, "ring", fromdpdkring_read_ring, NULL, 0);
	nfc_add_read_handler(e, "ring_count", fromdpdkring_read_ring, (void *)1, 0);
	nfc_add_task_handlers(e, &fr->task);
	return 0;
}

static const struct nfc_element_class fromdpdkring_class = {
	.name = "FromDPDKRing",
	.port_count = "0/1",
	.processing = "/h",
	.size = sizeof(struct fromdpdkring),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = fromdpdkring_configure,
	.initialize = fromdpdkring_initialize,
	.cleanup = fromdpdkring_cleanup,
	.add_handlers = fromdpdkring_add_handlers,
};
NFC_REGISTER_ELEMENT(fromdpdkring_class);
