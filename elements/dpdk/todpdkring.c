/* SPDX-License-Identifier: MIT */
/* ToDPDKRing: sends packets (mbufs) to a named DPDK ring, for this or another process. */

/*
 * =c
 * ToDPDKRing([RING, KEYWORDS])
 * =s netdevices
 * sends packets to a DPDK ring (user-level)
 * =d
 * Enqueues pushed packets, as mbufs, on the DPDK ring (rte_ring) named
 * RING, for a FromDPDKRing in this nfclick or in another DPDK process
 * sharing its memory (DPDK multi-process). Packets received by a DPDK
 * element are enqueued without a copy; others are copied into mbufs of
 * nfclick's pool, or of the pool MEM_POOL names.
 *
 * When the ring is full, the rest of the batch is dropped, or with
 * BLOCKING true, the thread waits for room. Several threads may push.
 *
 * In a secondary process (--proc-type=secondary), copies go to the
 * primary nfclick's pool (nfclick_pool_N) unless MEM_POOL names another;
 * see FromDPDKRing for how to run processes together.
 *
 * Keyword arguments are:
 *
 * =item RING
 * String. Name of the ring.
 * =item FROM_PROC
 * String. Instead of RING, FastClick's naming: this process's name...
 * =item TO_PROC
 * String. ...and the name of the receiving process; the ring is
 * FROM_PROC_2_TO_PROC.
 * =item MEM_POOL
 * String. Name of an existing mbuf pool to copy packets into (another
 * process's). Default is nfclick's pool.
 * =item BLOCKING
 * Boolean. Wait for room in a full ring instead of dropping. Default is
 * false.
 * =item SIZE
 * Integer. Capacity of the ring when this element makes it (rounded up to
 * a power of two). Default is 1024.
 * =item CREATE
 * Boolean. Make the ring if it does not exist, even in a secondary
 * process. Default is false.
 * =h count read-only
 * Returns the number of packets enqueued.
 * =h dropped read-only
 * Returns the number of packets dropped (ring full, no mbuf for a copy).
 * =h reset_counts write-only
 * Resets "count" and "dropped" to zero.
 * =h ring read-only
 * Returns the name of the ring.
 * =h ring_count read-only
 * Returns the number of mbufs waiting in the ring.
 * =e
 *   FromDPDKDevice(0) -> ToDPDKRing(FROM_PROC main, TO_PROC worker);
 * =a FromDPDKRing, ToDPDKDevice
 */
#include <stddef.h>
#include <rte_ring.h>
#include "../../runtime/dpdk_priv.h"

struct todpdkring_slot {
	uint64_t count, dropped;
	char pad[112];
};

struct todpdkring {
	struct nfc_element e;
	char *ring_arg, *from_proc, *to_proc, *mem_pool;
	uint32_t size;
	bool blocking, create, warned;
	char name[RTE_RING_NAMESIZE];
	struct rte_ring *ring;
	struct rte_mempool *pool;
	struct todpdkring_slot slots[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec todpdkring_args[] = {
	{ .keyword = "RING", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todpdkring, ring_arg), .doc = "ring name" },
	{ .keyword = "FROM_PROC", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct todpdkring, from_proc), .doc = "this process's name" },
	{ .keyword = "TO_PROC", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct todpdkring, to_proc), .doc = "the receiving process's name" },
	{ .keyword = "MEM_POOL", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct todpdkring, mem_pool), .doc = "mbuf pool for copies" },
	{ .keyword = "BLOCKING", .type = NFC_ARG_BOOL, .offset = offsetof(struct todpdkring, blocking),
	  .doc = "wait for room instead of dropping" },
	{ .keyword = "SIZE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 2,
	  .max = 1u << 28, .offset = offsetof(struct todpdkring, size),
	  .doc = "ring capacity when made here" },
	{ .keyword = "CREATE", .type = NFC_ARG_BOOL, .offset = offsetof(struct todpdkring, create),
	  .doc = "make the ring if missing, even in a secondary" },
	NFC_ARGS_END
};

static int todpdkring_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	tr->size = 1024;
	if (nfc_args_parse(e, conf, todpdkring_args, errh, NULL) < 0)
		return -1;
	if (nfc_dpdk_ring_name(tr->ring_arg, tr->from_proc, tr->to_proc, false, tr->name,
			       sizeof tr->name, errh) < 0)
		return -1;
	return nfc_dpdk_register(e, errh);
}

static int todpdkring_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	tr->ring = nfc_dpdk_ring_attach(tr->name, tr->size, (int)rte_socket_id(), tr->create, errh);
	if (!tr->ring)
		return -1;
	if (tr->mem_pool) {
		tr->pool = rte_mempool_lookup(tr->mem_pool);
		if (!tr->pool)
			return nfc_error(errh, "MEM_POOL: no DPDK mbuf pool '%s'", tr->mem_pool);
	} else /* copies wait in the ring: count it in the pool's size */
		nfc_dpdk_pool_need(0, rte_ring_get_capacity(tr->ring));
	return nfc_dpdk_initialized_one(e, errh);
}

static void todpdkring_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	int tid = nfc_thread_id();
	struct todpdkring_slot *s = &tr->slots[tid];
	if (__builtin_expect(!tr->pool, 0))
		tr->pool = nfc_dpdk_pool(0);
	unsigned n;
	struct rte_mbuf **mb = nfc_dpdk_batch_to_mbufs(e, b, &n, tr->pool, &s->dropped);
	unsigned sent = rte_ring_enqueue_burst(tr->ring, (void *const *)mb, n, NULL);
	while (sent < n && tr->blocking && !nfc_router_stopping(e->router)) {
		unsigned more = rte_ring_enqueue_burst(tr->ring, (void *const *)(mb + sent), n - sent,
						       NULL);
		if (!more)
			rte_pause();
		sent += more;
	}
	s->count += sent;
	if (sent < n) {
		rte_pktmbuf_free_bulk(mb + sent, n - sent);
		s->dropped += n - sent;
		if (!tr->warned) {
			char d[256];
			tr->warned = true;
			nfc_warning(nfc_router_errh(e->router),
				    "%s: packet dropped (ring '%s' is full; BLOCKING true waits "
				    "instead)", nfc_element_declaration(e, d, sizeof d), tr->name);
		}
	}
}

enum { H_COUNT, H_DROPPED };

static int todpdkring_read_sum(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	uint64_t sum = 0;
	for (int t = 0; t < NFC_MAX_THREADS; t++)
		sum += (intptr_t)thunk == H_COUNT ? tr->slots[t].count : tr->slots[t].dropped;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int todpdkring_write_reset(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	for (int t = 0; t < NFC_MAX_THREADS; t++)
		tr->slots[t].count = tr->slots[t].dropped = 0;
	return 0;
}

static int todpdkring_read_ring(struct nfc_element *e, void *thunk, const char *param,
				struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todpdkring *tr = (struct todpdkring *)e;
	if (thunk)
		nfc_strbuf_printf(out, "%u", tr->ring ? rte_ring_count(tr->ring) : 0);
	else
		nfc_strbuf_puts(out, tr->name);
	return 0;
}

static int todpdkring_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "count", todpdkring_read_sum, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "dropped", todpdkring_read_sum, (void *)H_DROPPED, 0);
	nfc_add_write_handler(e, "reset_counts", todpdkring_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "ring", todpdkring_read_ring, NULL, 0);
	nfc_add_read_handler(e, "ring_count", todpdkring_read_ring, (void *)1, 0);
	return 0;
}

static const struct nfc_element_class todpdkring_class = {
	.name = "ToDPDKRing",
	.port_count = "1/0",
	.processing = "h/",
	.size = sizeof(struct todpdkring),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = todpdkring_configure,
	.initialize = todpdkring_initialize,
	.add_handlers = todpdkring_add_handlers,
	.push = todpdkring_push,
};
NFC_REGISTER_ELEMENT(todpdkring_class);
