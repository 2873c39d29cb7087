/* SPDX-License-Identifier: MIT */
/* ToDPDKDevice: sends packets to a DPDK port, one transmit queue per thread, without copying. */

/*
 * =c
 * ToDPDKDevice(PORT [, QUEUE, KEYWORDS])
 * =s netdevices
 * sends packets to a DPDK device (user-level)
 * =d
 * Sends pushed packets to DPDK port PORT. nfclick must be started with
 * DPDK (nfclick --dpdk EAL-ARGS -- CONFIG).
 *
 * Packets received by a DPDK element live in their mbuf and are handed to
 * the device as they are, without a copy. Other packets (from
 * InfiniteSource, FromDump, or clones sharing another packet's bytes) are
 * copied into a new mbuf from the pool of the port's NUMA socket; a packet
 * larger than an mbuf's room is dropped.
 *
 * Each thread that pushes has its own transmit queue when the device has
 * enough (default: one per nfclick thread); threads sharing a queue take a
 * lock around it. Packets wait in a per-thread internal queue of IQUEUE
 * packets until BURST are pending, or until TIMEOUT; when the device's
 * queue is full they wait there, and when the internal queue is full too
 * they are dropped, or with BLOCKING true, the thread waits.
 *
 * Keyword arguments are:
 *
 * =item PORT
 * Port index, PCI address or device name (net_pcap0, net_ring0, ...).
 * =item QUEUE
 * Integer. First transmit queue to use. Default is the first queue no other
 * element uses.
 * =item N_QUEUES
 * Integer. Number of transmit queues. Default is one per nfclick thread,
 * up to what the device has.
 * =item BURST
 * Integer. Packets to gather before sending. Default is 32; a batch of
 * BURST packets or more is sent at once.
 * =item IQUEUE
 * Integer, a power of two. Packets each thread may keep waiting for the
 * device. Default is 1024.
 * =item BLOCKING
 * Boolean. When the internal queue is full, wait for the device instead
 * of dropping. Default is false.
 * =item TIMEOUT
 * Integer. Milliseconds before fewer than BURST waiting packets are sent
 * anyway. Default is 0: at the thread's next timer run.
 * =item NDESC
 * Integer. Descriptors per transmit queue. Default is the device's choice.
 * =h count read-only
 * Returns the number of packets sent to the device.
 * =h dropped read-only
 * Returns the number of packets dropped (internal queue full, no mbuf for
 * a copy, packet too large).
 * =h reset_counts write-only
 * Resets "count" and "dropped" to zero.
 * =h burst read/write
 * Returns or sets the BURST parameter.
 * =h queue_threads read-only
 * Returns which queue each thread sends on, one "queue Q: thread T" per
 * line.
 * =h pending read-only
 * Returns the number of packets waiting in the internal queues.
 * =h nb_tx_queues read-only
 * Returns the number of transmit queues the port has (all elements').
 * =h nb_rx_queues read-only
 * Returns the number of receive queues the port has.
 * =h device read-only
 * Returns the port index.
 * =h device_name read-only
 * Returns the DPDK name of the port.
 * =h driver read-only
 * Returns the name of the port's driver.
 * =h mac read-only
 * Returns the port's Ethernet address.
 * =h mtu read-only
 * Returns the port's MTU.
 * =h link read-only
 * Returns the link state: "down", or "up SPEED Mbps DUPLEX [autoneg]".
 * =h carrier read-only
 * Returns 1 if the link is up, 0 otherwise.
 * =h speed read-only
 * Returns the link speed in Mbps.
 * =h duplex read-only
 * Returns 1 for full duplex, 0 for half duplex, -1 when the link is down.
 * =h autoneg read-only
 * Returns 1 if the link was autonegotiated.
 * =h hw_count read-only
 * Returns the number of packets the device sent.
 * =h hw_bytes read-only
 * Returns the number of bytes the device sent.
 * =h hw_errors read-only
 * Returns the number of transmit errors.
 * =h xstats read-only
 * Returns the device's extended statistics, one "NAME[ID] = VALUE" per
 * line; with a parameter NAME, that statistic's value.
 * =e
 *   FromDPDKDevice(0) -> ToDPDKDevice(1);
 *   InfiniteSource(LIMIT 1000) -> ToDPDKDevice(net_ring0, BURST 1);
 * =a FromDPDKDevice, DPDKInfo, ToDPDKRing
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../../runtime/dpdk_priv.h"

/* Per pushing thread: its transmit queue and its internal queue. */
struct todpdk_slot {
	/* internal queue: a ring of iqueue mbufs, pending from head */
	struct rte_mbuf **iq;
	uint32_t head, pending;
	uint16_t queue;
	/* the queue's lock when threads share it, else NULL */
	volatile int *lock;
	struct nfc_timer timer;
	bool timer_ready;
	uint64_t count, dropped;
	/* keeps two threads' state off one cache line */
	char pad[64];
};

struct todpdk {
	struct nfc_element e;
	char *port_text;
	int32_t queue, n_queues, timeout_ms;
	uint32_t burst, iqueue, ndesc;
	bool blocking;
	uint16_t port_id;
	struct nfc_dpdk_port *port;
	int first_queue, nqueues, nslots;
	bool warned_full;
	/* one lock per queue, used when threads outnumber queues */
	volatile int *locks;
	struct todpdk_slot slots[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec todpdk_args[] = {
	{ .keyword = "PORT", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todpdk, port_text),
	  .doc = "port index, PCI address or device name" },
	{ .keyword = "QUEUE", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = RTE_MAX_QUEUES_PER_PORT - 1, .offset = offsetof(struct todpdk, queue),
	  .doc = "first transmit queue" },
	{ .keyword = "N_QUEUES", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1,
	  .max = RTE_MAX_QUEUES_PER_PORT, .offset = offsetof(struct todpdk, n_queues),
	  .doc = "number of transmit queues" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = 65536, .offset = offsetof(struct todpdk, burst),
	  .doc = "packets gathered before sending" },
	{ .keyword = "IQUEUE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = 1u << 20, .offset = offsetof(struct todpdk, iqueue),
	  .doc = "internal queue size per thread (power of 2)" },
	{ .keyword = "BLOCKING", .type = NFC_ARG_BOOL, .offset = offsetof(struct todpdk, blocking),
	  .doc = "wait instead of dropping" },
	{ .keyword = "TIMEOUT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1,
	  .max = 1000000, .offset = offsetof(struct todpdk, timeout_ms),
	  .doc = "ms before a partial burst is sent" },
	{ .keyword = "NDESC", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 65535, .offset = offsetof(struct todpdk, ndesc),
	  .doc = "descriptors per transmit queue" },
	NFC_ARGS_END
};

static int todpdk_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	td->queue = -1;
	td->n_queues = -1;
	td->burst = 32;
	td->iqueue = 1024;
	td->timeout_ms = 0;
	if (nfc_args_parse(e, conf, todpdk_args, errh, NULL) < 0)
		return -1;
	int ret = 0;
	if (td->iqueue & (td->iqueue - 1))
		ret = nfc_error(errh, "IQUEUE must be a power of 2, not %u", td->iqueue);
	if (td->burst > td->iqueue)
		ret = nfc_error(errh, "BURST %u is larger than IQUEUE %u", td->burst, td->iqueue);
	if (nfc_dpdk_register(e, errh) < 0)
		return -1;
	if (nfc_dpdk_port_lookup(td->port_text, &td->port_id, errh) < 0)
		return -1;
	td->port = nfc_dpdk_port_get(td->port_id);
	const struct rte_eth_desc_lim *lim = &td->port->info.tx_desc_lim;
	if (td->ndesc && (td->ndesc < lim->nb_min || td->ndesc > lim->nb_max))
		ret = nfc_error(errh, "NDESC %u is out of range for port %u (%s): %u to %u", td->ndesc,
				td->port_id, td->port->name, lim->nb_min, lim->nb_max);
	return ret;
}

/* ---- sending ---- */

static inline unsigned todpdk_tx(struct todpdk *td, struct todpdk_slot *s, struct rte_mbuf **mb,
				 unsigned n)
{
	if (s->lock)
		nfc_dpdk_lock(s->lock);
	unsigned sent = rte_eth_tx_burst(td->port_id, s->queue, mb, (uint16_t)n);
	if (s->lock)
		nfc_dpdk_unlock(s->lock);
	return sent;
}

/* Send what the internal queue holds, as long as the device takes it. */
static void todpdk_flush(struct todpdk *td, struct todpdk_slot *s)
{
	uint32_t mask = td->iqueue - 1;
	while (s->pending) {
		/* rte_eth_tx_burst wants a contiguous run: stop at the ring's end */
		unsigned run = s->pending;
		if (s->head + run > td->iqueue)
			run = td->iqueue - s->head;
		unsigned sent = todpdk_tx(td, s, s->iq + s->head, run);
		s->count += sent;
		s->head = (s->head + sent) & mask;
		s->pending -= sent;
		if (sent < run)
			break; /* the device's queue is full */
	}
	if (s->pending == 0)
		s->head = 0;
}

static void todpdk_warn_full(struct todpdk *td)
{
	if (td->warned_full)
		return;
	td->warned_full = true;
	char d[256];
	nfc_warning(nfc_router_errh(td->e.router),
		    "%s: packet dropped (the device and IQUEUE are full; BLOCKING true waits "
		    "instead)", nfc_element_declaration(&td->e, d, sizeof d));
}

/* Queue @n mbufs behind the pending ones; drop (or wait for) what does not fit. */
static void todpdk_enqueue(struct todpdk *td, struct todpdk_slot *s, struct rte_mbuf **mb,
			   unsigned n)
{
	uint32_t mask = td->iqueue - 1;
	while (n > td->iqueue - s->pending && td->blocking &&
	       !nfc_router_stopping(td->e.router)) {
		unsigned before = s->pending;
		todpdk_flush(td, s);
		if (s->pending == before)
			rte_pause();
	}
	unsigned room = td->iqueue - s->pending;
	if (n > room) {
		rte_pktmbuf_free_bulk(mb + room, n - room);
		s->dropped += n - room;
		todpdk_warn_full(td);
		n = room;
	}
	for (unsigned i = 0; i < n; i++)
		s->iq[(s->head + s->pending + i) & mask] = mb[i];
	s->pending += n;
}

/* Invariant after each push and timer run: the timer is set iff packets wait. */
static void todpdk_set_timer(struct todpdk *td, struct todpdk_slot *s)
{
	bool set = nfc_timer_scheduled(&s->timer);
	if (s->pending && !set)
		nfc_timer_schedule_after(&s->timer, (int64_t)(td->timeout_ms > 0 ? td->timeout_ms : 0) *
							    NFC_NSEC_PER_MSEC);
	else if (!s->pending && set)
		nfc_timer_unschedule(&s->timer);
}

/* todpdk_push for all but a whole batch sent at once: packets waiting,
 * a partial burst, a queue shared by threads, a device that took less. */
static __attribute__((noinline)) void todpdk_push_queued(struct todpdk *td, struct todpdk_slot *s,
							 struct rte_mbuf **mb, unsigned n)
{
	if (s->pending == 0 && n >= td->burst) {
		unsigned sent = todpdk_tx(td, s, mb, n);
		s->count += sent;
		if (sent == n)
			return;
		todpdk_enqueue(td, s, mb + sent, n - sent);
	} else {
		todpdk_enqueue(td, s, mb, n);
		if (s->pending >= td->burst)
			todpdk_flush(td, s);
	}
	todpdk_set_timer(td, s);
}

static void todpdk_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct todpdk *td = (struct todpdk *)e;
	int tid = nfc_thread_id();
	struct todpdk_slot *s = &td->slots[tid];
	unsigned n;
	struct rte_mbuf **mb = nfc_dpdk_batch_to_mbufs(e, b, &n, td->port->pool, &s->dropped);
	/* the usual case: a whole batch straight to the device, which takes it */
	if (__builtin_expect(s->pending == 0 && !s->lock && n >= td->burst, 1)) {
		uint16_t sent = rte_eth_tx_burst(td->port_id, s->queue, mb, (uint16_t)n);
		s->count += sent;
		if (__builtin_expect(sent == n, 1))
			return;
		todpdk_push_queued(td, s, mb + sent, n - sent);
		return;
	}
	if (n)
		todpdk_push_queued(td, s, mb, n);
}

static void todpdk_run_timer(struct nfc_timer *t, void *arg)
{
	struct todpdk_slot *s = arg;
	struct todpdk *td = (struct todpdk *)t->owner;
	todpdk_flush(td, s);
	todpdk_set_timer(td, s);
}

/* ---- set-up ---- */

static int todpdk_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	struct nfc_dpdk_port *pt = td->port;
	int nthreads = nfc_router_nthreads(e->router);
	int first = td->queue;
	int nq;
	if (td->n_queues > 0)
		nq = td->n_queues;
	else {
		int avail = nfc_dpdk_port_free_queues(pt, NFC_DPDK_TX,
						      first >= 0 ? first
								 : nfc_dpdk_port_first_free(pt, NFC_DPDK_TX));
		nq = nthreads < avail ? nthreads : avail > 0 ? avail : 1;
	}
	if (nfc_dpdk_port_claim(pt, e, NFC_DPDK_TX, &first, nq, errh) < 0)
		return -1;
	td->first_queue = first;
	td->nqueues = nq;
	if (td->ndesc && td->ndesc > pt->ndesc[NFC_DPDK_TX])
		pt->ndesc[NFC_DPDK_TX] = (uint16_t)td->ndesc;
	if (nthreads > nq) {
		td->locks = nfc_element_alloc(e, (size_t)nq * sizeof *td->locks);
		if (!td->locks)
			return nfc_error(errh, "out of memory");
		memset((void *)td->locks, 0, (size_t)nq * sizeof *td->locks);
	}
	/* internal queues may hold IQUEUE mbufs per thread; copies come from
	 * the port's pool */
	nfc_dpdk_pool_need(pt->pool_socket, (unsigned)nthreads * td->iqueue);
	td->nslots = nthreads;
	int home = e->home_thread;
	for (int t = 0; t < nthreads; t++) {
		struct todpdk_slot *s = &td->slots[t];
		s->iq = calloc(td->iqueue, sizeof *s->iq);
		if (!s->iq)
			return nfc_error(errh, "out of memory");
		s->queue = (uint16_t)(first + t % nq);
		s->lock = td->locks ? &td->locks[t % nq] : NULL;
		/* the flush timer runs on the thread whose queue it flushes */
		e->home_thread = t;
		nfc_timer_init(&s->timer, e, todpdk_run_timer, s);
		s->timer_ready = true;
	}
	e->home_thread = home;
	return nfc_dpdk_initialized_one(e, errh);
}

static void todpdk_cleanup(struct nfc_element *e)
{
	struct todpdk *td = (struct todpdk *)e;
	for (int t = 0; t < td->nslots; t++) {
		struct todpdk_slot *s = &td->slots[t];
		if (s->timer_ready)
			nfc_timer_cleanup(&s->timer);
		s->timer_ready = false;
		if (!s->iq)
			continue;
		/* last chance for waiting packets (the port stops after cleanup) */
		if (s->pending && td->port && td->port->started)
			todpdk_flush(td, s);
		while (s->pending) {
			rte_pktmbuf_free(s->iq[s->head]);
			s->head = (s->head + 1) & (td->iqueue - 1);
			s->pending--;
		}
		free(s->iq);
		s->iq = NULL;
	}
}

/* ---- handlers ---- */

enum { H_COUNT, H_DROPPED, H_PENDING };

static int todpdk_read_sum(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	uint64_t sum = 0;
	for (int t = 0; t < td->nslots; t++) {
		const struct todpdk_slot *s = &td->slots[t];
		sum += (intptr_t)thunk == H_COUNT ? s->count
		       : (intptr_t)thunk == H_DROPPED ? s->dropped : s->pending;
	}
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int todpdk_write_reset(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	for (int t = 0; t < td->nslots; t++)
		td->slots[t].count = td->slots[t].dropped = 0;
	return 0;
}

static int todpdk_write_burst(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	uint32_t v;
	if (nfc_parse_uint32(value, &v) < 0 || v < 1 || v > td->iqueue)
		return nfc_error(errh, "burst: expected an integer from 1 to IQUEUE (%u)", td->iqueue);
	td->burst = v;
	return 0;
}

static int todpdk_read_queue_threads(struct nfc_element *e, void *thunk, const char *param,
				     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todpdk *td = (struct todpdk *)e;
	for (int t = 0; t < td->nslots; t++)
		nfc_strbuf_printf(out, "queue %u: thread %d\n", td->slots[t].queue, t);
	return 0;
}

static int todpdk_add_handlers(struct nfc_element *e)
{
	struct todpdk *td = (struct todpdk *)e;
	nfc_add_read_handler(e, "count", todpdk_read_sum, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "dropped", todpdk_read_sum, (void *)H_DROPPED, 0);
	nfc_add_read_handler(e, "pending", todpdk_read_sum, (void *)H_PENDING, 0);
	nfc_add_write_handler(e, "reset_counts", todpdk_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "burst", nfc_read_u32_field, NFC_FIELD_THUNK(struct todpdk, burst),
			     0);
	nfc_add_write_handler(e, "burst", todpdk_write_burst, NULL, 0);
	nfc_add_read_handler(e, "queue_threads", todpdk_read_queue_threads, NULL, 0);
	if (td->port)
		nfc_dpdk_add_port_handlers(e, &td->port_id, false);
	return 0;
}

static const struct nfc_element_class todpdk_class = {
	.name = "ToDPDKDevice",
	.port_count = "1/0",
	.processing = "h/",
	.size = sizeof(struct todpdk),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = todpdk_configure,
	.initialize = todpdk_initialize,
	.cleanup = todpdk_cleanup,
	.add_handlers = todpdk_add_handlers,
	.push = todpdk_push,
};
NFC_REGISTER_ELEMENT(todpdk_class);
