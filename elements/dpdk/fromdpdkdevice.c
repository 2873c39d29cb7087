/* SPDX-License-Identifier: MIT */
/* FromDPDKDevice: receives packets from a DPDK port, one queue per thread, without copying. */

/*
 * =c
 * FromDPDKDevice(PORT [, QUEUE, PROMISC, KEYWORDS])
 * =s netdevices
 * reads packets from a DPDK device (user-level)
 * =d
 * Receives packets from DPDK port PORT and pushes them out its output, a
 * burst at a time. nfclick must be started with DPDK: nfclick --dpdk
 * EAL-ARGS -- CONFIG (without NIC or hugepages, for example --no-huge
 * --no-pci -m 512 --vdev net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap -l 0).
 *
 * Packets are not copied: each lives in its mbuf, nfclick's packet header
 * in the mbuf's private area, and goes back to DPDK when killed, or to the
 * device unchanged by a ToDPDKDevice.
 *
 * With several threads (nfclick -j N), FromDPDKDevice uses one receive
 * queue per thread (RSS spreads flows over them), each polled by a task on
 * its own thread, up to the queues the device has. Several FromDPDKDevice
 * share the threads: by default each takes an equal share (on the device's
 * NUMA node), in configuration order; MAXTHREADS and THREADOFFSET choose
 * explicitly, and StaticThreadSched pins the element to one thread.
 * Several FromDPDKDevice may read one port: each takes the next free
 * queues unless QUEUE says which.
 *
 * Every packet gets a MAC header annotation at its start and, when the
 * device computes one, the RSS hash in its hash annotation.
 *
 * Keyword arguments are:
 *
 * =item PORT
 * Port index, PCI address (0000:01:00.0 or 01:00.0) or device name
 * (net_pcap0, net_ring0, net_null0).
 * =item QUEUE
 * Integer. First receive queue to use. Default is the first queue no other
 * element uses.
 * =item N_QUEUES
 * Integer. Number of receive queues. Default is one per thread used, up
 * to what the device has.
 * =item MAXTHREADS
 * Integer. Most threads to poll from. Default is this element's share of
 * the threads.
 * =item THREADOFFSET
 * Integer. First of the usable threads to use. Default follows the other
 * FromDPDKDevice elements.
 * =item BURST
 * Integer. Most packets received per queue and per scheduling, pushed as
 * one batch. Default is 32.
 * =item NDESC
 * Integer. Descriptors per receive queue. Default is the device's choice.
 * =item PROMISC
 * Boolean. Put the device in promiscuous mode. Default is true.
 * =item MODE
 * rss or none: how the device spreads packets over several queues.
 * Default is rss.
 * =item RSS_AGGREGATE
 * Boolean. Also store the RSS hash in the aggregate annotation. Default
 * is false.
 * =item PAINT_QUEUE
 * Boolean. Set the paint annotation to the receive queue number. Default
 * is false.
 * =item ACTIVE
 * Boolean. If false, the device is set up but not polled (the router keeps
 * running, for the active handler or another DPDK process). Default is
 * true.
 * =item NUMA
 * Boolean, or a NUMA node number. With true, use threads on the device's
 * NUMA node and its mbuf pool; with a number, that node's. Default is true.
 * =h count read-only
 * Returns the number of packets received.
 * =h dropped read-only
 * Returns the number of packets lost on receive: missed by the device
 * (no room in its queues), not received for lack of mbufs, or dropped by
 * FromDPDKDevice itself.
 * =h reset_counts write-only
 * Resets "count" to zero.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =h burst read/write
 * Returns or sets the BURST parameter.
 * =h queue_threads read-only
 * Returns which thread polls which queue, one "queue Q: thread T" per line.
 * =h nb_rx_queues read-only
 * Returns the number of receive queues the port has (all elements').
 * =h nb_tx_queues read-only
 * Returns the number of transmit queues the port has.
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
 * Returns the number of packets the device received.
 * =h hw_bytes read-only
 * Returns the number of bytes the device received.
 * =h hw_dropped read-only
 * Returns the number of packets the device missed.
 * =h hw_errors read-only
 * Returns the number of receive errors.
 * =h nombufs read-only
 * Returns the number of receptions that failed for lack of mbufs.
 * =h xstats read-only
 * Returns the device's extended statistics, one "NAME[ID] = VALUE" per
 * line; with a parameter NAME, that statistic's value.
 * =e
 *   FromDPDKDevice(0) -> c :: Counter -> ToDPDKDevice(1);
 *   FromDPDKDevice(net_pcap0, BURST 64, PAINT_QUEUE true) -> ...
 * =a ToDPDKDevice, DPDKInfo, FromDPDKRing
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../../runtime/dpdk_priv.h"

/* One per polling thread: its task, its queues, its counters. */
struct fromdpdk_slot {
	struct nfc_task task;
	struct fromdpdk *fd;
	int thread;
	uint16_t first_queue, end_queue;
	uint64_t count;
	uint64_t dropped;
	/* keeps two threads' counters off one cache line */
	char pad[64];
};

struct fromdpdk {
	struct nfc_element e;
	/* arguments */
	char *port_text, *mode, *numa;
	int32_t queue, n_queues, maxthreads, threadoffset;
	uint32_t burst, ndesc;
	bool promisc, rss_aggregate, paint_queue, active;
	bool mode_given, maxthreads_given;
	/* resolved */
	uint16_t port_id;
	struct nfc_dpdk_port *port;
	/* NUMA node for threads and pool; -1: any */
	int node;
	bool registered;
	/* keeps the router up while the device is idle (ACTIVE false) */
	bool external_source;
	int first_queue, nqueues;
	int nslots;
	struct fromdpdk_slot slots[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec fromdpdk_args[] = {
	{ .keyword = "PORT", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdpdk, port_text),
	  .doc = "port index, PCI address or device name" },
	{ .keyword = "QUEUE", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = RTE_MAX_QUEUES_PER_PORT - 1, .offset = offsetof(struct fromdpdk, queue),
	  .doc = "first receive queue" },
	{ .keyword = "PROMISC", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdpdk, promisc), .doc = "promiscuous mode" },
	{ .keyword = "N_QUEUES", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1,
	  .max = RTE_MAX_QUEUES_PER_PORT, .offset = offsetof(struct fromdpdk, n_queues),
	  .doc = "number of receive queues" },
	{ .keyword = "MAXTHREADS", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1,
	  .max = NFC_MAX_THREADS, .offset = offsetof(struct fromdpdk, maxthreads),
	  .given_offset = offsetof(struct fromdpdk, maxthreads_given),
	  .doc = "most threads to poll from" },
	{ .keyword = "THREADOFFSET", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1,
	  .max = NFC_MAX_THREADS - 1, .offset = offsetof(struct fromdpdk, threadoffset),
	  .doc = "first usable thread to use" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct fromdpdk, burst),
	  .doc = "packets per queue and scheduling" },
	{ .keyword = "NDESC", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 65535, .offset = offsetof(struct fromdpdk, ndesc),
	  .doc = "descriptors per receive queue" },
	{ .keyword = "MODE", .type = NFC_ARG_WORD, .offset = offsetof(struct fromdpdk, mode),
	  .given_offset = offsetof(struct fromdpdk, mode_given), .doc = "rss or none" },
	{ .keyword = "RSS_AGGREGATE", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fromdpdk, rss_aggregate),
	  .doc = "RSS hash into the aggregate annotation" },
	{ .keyword = "PAINT_QUEUE", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fromdpdk, paint_queue),
	  .doc = "paint annotation = receive queue" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdpdk, active),
	  .doc = "poll the device" },
	{ .keyword = "NUMA", .type = NFC_ARG_WORD, .offset = offsetof(struct fromdpdk, numa),
	  .doc = "true, false or a NUMA node" },
	NFC_ARGS_END
};

static int fromdpdk_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	fd->queue = -1;
	fd->n_queues = -1;
	fd->maxthreads = -1;
	fd->threadoffset = -1;
	fd->burst = 32;
	fd->promisc = true;
	fd->active = true;
	fd->node = -1;
	if (nfc_args_parse(e, conf, fromdpdk_args, errh, NULL) < 0)
		return -1;
	if (nfc_dpdk_register(e, errh) < 0)
		return -1;
	fd->registered = true;
	if (nfc_dpdk_port_lookup(fd->port_text, &fd->port_id, errh) < 0)
		return -1;
	fd->port = nfc_dpdk_port_get(fd->port_id);
	int ret = 0;
	if (fd->mode_given && nfc_dpdk_port_set_mode(fd->port, e, fd->mode, errh) < 0)
		ret = -1;
	/* NUMA: true (the device's node), false (any), or a node number */
	bool use_numa = true;
	if (fd->numa && nfc_parse_bool(fd->numa, &use_numa) < 0) {
		int32_t node;
		if (nfc_parse_int32(fd->numa, &node) < 0 || node < 0)
			ret = nfc_error(errh, "NUMA: expected true, false or a NUMA node number, "
					      "not '%s'", fd->numa);
		else if (!nfc_dpdk_numa_node_exists(node)) {
			char nodes[128];
			nfc_dpdk_numa_nodes(nodes, sizeof nodes);
			ret = nfc_error(errh, "NUMA node %d does not exist (this machine has node%s "
					      "%s; use one of them, or NUMA true for the device's)",
					node, strchr(nodes, ',') ? "s" : "", nodes);
		} else
			fd->node = node;
	} else if (use_numa)
		fd->node = fd->port->socket;
	const struct rte_eth_desc_lim *lim = &fd->port->info.rx_desc_lim;
	if (fd->ndesc && (fd->ndesc < lim->nb_min || fd->ndesc > lim->nb_max))
		ret = nfc_error(errh, "NDESC %u is out of range for port %u (%s): %u to %u", fd->ndesc,
				fd->port_id, fd->port->name, lim->nb_min, lim->nb_max);
	return ret;
}

/* ---- threads and queues ---- */

static bool fromdpdk_auto_threads(const struct nfc_element *x)
{
	const struct fromdpdk *o = (const struct fromdpdk *)x;
	return x->home_thread < 0 && !o->maxthreads_given;
}

/*
 * Which threads poll: StaticThreadSched's choice; else MAXTHREADS threads
 * from THREADOFFSET, or this element's share of the threads usable on its
 * NUMA node after the FromDPDKDevice elements configured before it
 * (FastClick's QueueDevice rules). Fills @threads, returns how many.
 */
static int fromdpdk_pick_threads(struct fromdpdk *fd, int *threads)
{
	struct nfc_element *e = &fd->e;
	int nthreads = nfc_router_nthreads(e->router);
	if (e->home_thread >= 0) {
		threads[0] = e->home_thread % nthreads;
		return 1;
	}
	int usable[NFC_MAX_THREADS], nusable = 0;
	for (int t = 0; t < nthreads; t++) {
		int s = nfc_dpdk_thread_socket(t);
		if (fd->node < 0 || s < 0 || s == fd->node)
			usable[nusable++] = t;
	}
	if (nusable == 0) { /* no thread on that node: any will do, slower */
		for (int t = 0; t < nthreads; t++)
			usable[nusable++] = t;
	}
	int n, offset;
	int nauto = 0, index = 0;
	for (int i = 0; i < nfc_router_nelements(e->router); i++) {
		struct nfc_element *x = nfc_router_element(e->router, i);
		if (x->cls != e->cls || !fromdpdk_auto_threads(x))
			continue;
		if (x == e)
			index = nauto;
		nauto++;
	}
	if (fd->maxthreads_given && fd->maxthreads > 0)
		n = fd->maxthreads < nusable ? fd->maxthreads : nusable;
	else
		n = nauto > 0 && nusable / nauto > 0 ? nusable / nauto : 1;
	if (fd->threadoffset >= 0)
		offset = fd->threadoffset % nusable;
	else if (fromdpdk_auto_threads(e))
		offset = (index * n) % nusable;
	else
		offset = 0;
	if (offset + n > nusable)
		offset = nusable - n;
	for (int k = 0; k < n; k++)
		threads[k] = usable[offset + k];
	return n;
}

static bool fromdpdk_run(struct nfc_task *t, void *arg);
static bool fromdpdk_run_queues(struct nfc_task *t, void *arg);

static int fromdpdk_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	struct nfc_dpdk_port *pt = fd->port;
	int threads[NFC_MAX_THREADS];
	int nthr = fromdpdk_pick_threads(fd, threads);
	int first = fd->queue;
	int nq;
	if (fd->n_queues > 0) {
		nq = fd->n_queues;
		if (nthr > nq) {
			if (fd->maxthreads_given && fd->maxthreads > nq)
				return nfc_error(errh, "MAXTHREADS %d is more than N_QUEUES %d: one thread "
						       "polls each queue (raise N_QUEUES or lower "
						       "MAXTHREADS)", fd->maxthreads, nq);
			nthr = nq;
		}
	} else {
		/* one queue per thread, as many as the device has left */
		int avail = nfc_dpdk_port_free_queues(pt, NFC_DPDK_RX,
						      first >= 0 ? first
								 : nfc_dpdk_port_first_free(pt, NFC_DPDK_RX));
		nq = nthr < avail ? nthr : avail > 0 ? avail : 1;
		if (nthr > nq)
			nthr = nq;
	}
	if (nfc_dpdk_port_claim(pt, e, NFC_DPDK_RX, &first, nq, errh) < 0)
		return -1;
	fd->first_queue = first;
	fd->nqueues = nq;
	if (fd->ndesc && fd->ndesc > pt->ndesc[NFC_DPDK_RX])
		pt->ndesc[NFC_DPDK_RX] = (uint16_t)fd->ndesc;
	pt->promisc |= fd->promisc;
	if (fd->node >= 0)
		pt->pool_socket = fd->node;
	/* each polling thread may hold a burst in the graph */
	nfc_dpdk_pool_need(pt->pool_socket, (unsigned)nthr * fd->burst);

	int per = (nq + nthr - 1) / nthr;
	fd->nslots = nthr;
	for (int k = 0; k < nthr; k++) {
		struct fromdpdk_slot *s = &fd->slots[k];
		s->fd = fd;
		s->thread = threads[k];
		int a = first + k * per, b = a + per;
		if (b > first + nq)
			b = first + nq;
		s->first_queue = (uint16_t)a;
		s->end_queue = (uint16_t)(a < b ? b : a);
		nfc_task_init(&s->task, e, s->end_queue - s->first_queue == 1 ? fromdpdk_run
									    : fromdpdk_run_queues,
			      s);
		nfc_task_move_thread(&s->task, s->thread);
		if (fd->active)
			nfc_task_schedule(&s->task);
	}
	/* An inactive device is still up (for the active handler, or for
	 * secondary processes reading it): keep the router running. */
	if (!fd->active) {
		nfc_router_add_external_source(e->router);
		fd->external_source = true;
	}
	return nfc_dpdk_initialized_one(e, errh);
}

/* ---- receiving ---- */

/* The annotations asked for beyond the defaults: RSS hash, aggregate, paint. */
static __attribute__((noinline)) void fromdpdk_annotate(struct fromdpdk *fd, struct nfc_batch *b,
							uint16_t q)
{
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		struct rte_mbuf *m = nfc_dpdk_packet_mbuf(p);
		if (fd->port->rss_hash && (p->free_flags & NFC_PACKET_MBUF) &&
		    (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH))
			p->hash = m->hash.rss;
		if (fd->rss_aggregate)
			nfc_anno_set_u32(p, NFC_ANNO_AGGREGATE, p->hash);
		if (fd->paint_queue)
			nfc_packet_set_paint(p, (uint8_t)q);
	}
}

/* Receive a burst from queue @q and push it on; true if packets came. */
static inline __attribute__((always_inline)) bool
fromdpdk_poll(struct fromdpdk *fd, struct fromdpdk_slot *s, uint16_t q)
{
	struct nfc_batch b;
	uint16_t n = rte_eth_rx_burst(fd->port_id, q, nfc_dpdk_batch_mbufs(&b), (uint16_t)fd->burst);
	if (n == 0)
		return false;
	const struct nfc_dpdk_port *pt = fd->port;
	unsigned k = nfc_dpdk_mbufs_to_packets(&b, n, pt->pool, pt->rx_own_pool);
	if (__builtin_expect(pt->rss_hash | fd->rss_aggregate | fd->paint_queue, 0))
		fromdpdk_annotate(fd, &b, q);
	s->count += k;
	if (__builtin_expect(k != n, 0))
		s->dropped += n - k;
	nfc_push(&fd->e, 0, &b);
	return true;
}

/*
 * The task of a thread that polls one queue (the default: one queue a
 * thread). DPDK has no wake-up: the task polls again whatever it finds, so
 * it reschedules itself first and keeps nothing across the push.
 */
static bool fromdpdk_run(struct nfc_task *t, void *arg)
{
	struct fromdpdk_slot *s = arg;
	struct fromdpdk *fd = s->fd;
	if (__builtin_expect(!fd->active, 0))
		return false; /* sleep until the active handler schedules us */
	nfc_task_fast_reschedule(t);
	return fromdpdk_poll(fd, s, s->first_queue);
}

/* The task of a thread that polls several queues in turn. */
static bool fromdpdk_run_queues(struct nfc_task *t, void *arg)
{
	struct fromdpdk_slot *s = arg;
	struct fromdpdk *fd = s->fd;
	if (__builtin_expect(!fd->active, 0))
		return false; /* as fromdpdk_run */
	nfc_task_fast_reschedule(t);
	bool got = false;
	for (uint16_t q = s->first_queue; q < s->end_queue; q++)
		got |= fromdpdk_poll(fd, s, q);
	return got;
}

/* ---- handlers ---- */

static int fromdpdk_read_count(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	uint64_t sum = 0;
	for (int i = 0; i < fd->nslots; i++)
		sum += fd->slots[i].count;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int fromdpdk_read_dropped(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	uint64_t sum = 0;
	for (int i = 0; i < fd->nslots; i++)
		sum += fd->slots[i].dropped;
	struct rte_eth_stats st;
	if (fd->port && rte_eth_stats_get(fd->port_id, &st) == 0)
		sum += st.imissed + st.rx_nombuf;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int fromdpdk_write_reset(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	for (int i = 0; i < fd->nslots; i++)
		fd->slots[i].count = fd->slots[i].dropped = 0;
	return 0;
}

static int fromdpdk_write_active(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	bool active;
	if (nfc_parse_bool(value, &active) < 0)
		return nfc_error(errh, "active: expected boolean");
	fd->active = active;
	/* a task that finds ACTIVE false sleeps by itself; wake them */
	if (active)
		for (int i = 0; i < fd->nslots; i++)
			nfc_task_schedule(&fd->slots[i].task);
	return 0;
}

static int fromdpdk_write_burst(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	uint32_t v;
	if (nfc_parse_uint32(value, &v) < 0 || v < 1 || v > NFC_BATCH_MAX)
		return nfc_error(errh, "burst: expected an integer from 1 to %d", NFC_BATCH_MAX);
	fd->burst = v;
	return 0;
}

static int fromdpdk_read_queue_threads(struct nfc_element *e, void *thunk, const char *param,
				       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	for (int i = 0; i < fd->nslots; i++)
		for (int q = fd->slots[i].first_queue; q < fd->slots[i].end_queue; q++)
			nfc_strbuf_printf(out, "queue %d: thread %d\n", q, fd->slots[i].thread);
	return 0;
}

static int fromdpdk_add_handlers(struct nfc_element *e)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	nfc_add_read_handler(e, "count", fromdpdk_read_count, NULL, 0);
	nfc_add_read_handler(e, "dropped", fromdpdk_read_dropped, NULL, 0);
	nfc_add_write_handler(e, "reset_counts", fromdpdk_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct fromdpdk, active), 0);
	nfc_add_write_handler(e, "active", fromdpdk_write_active, NULL, 0);
	nfc_add_read_handler(e, "burst", nfc_read_u32_field, NFC_FIELD_THUNK(struct fromdpdk, burst),
			     0);
	nfc_add_write_handler(e, "burst", fromdpdk_write_burst, NULL, 0);
	nfc_add_read_handler(e, "queue_threads", fromdpdk_read_queue_threads, NULL, 0);
	if (fd->port)
		nfc_dpdk_add_port_handlers(e, &fd->port_id, true);
	nfc_add_task_handlers(e, &fd->slots[0].task);
	return 0;
}

static void fromdpdk_cleanup(struct nfc_element *e)
{
	struct fromdpdk *fd = (struct fromdpdk *)e;
	for (int i = 0; i < fd->nslots; i++)
		if (fd->slots[i].task.initialized)
			nfc_task_cleanup(&fd->slots[i].task);
	if (fd->external_source)
		nfc_router_remove_external_source(e->router);
	fd->external_source = false;
}

static const struct nfc_element_class fromdpdk_class = {
	.name = "FromDPDKDevice",
	.port_count = "0/1",
	.processing = "/h",
	.size = sizeof(struct fromdpdk),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = fromdpdk_configure,
	.initialize = fromdpdk_initialize,
	.cleanup = fromdpdk_cleanup,
	.add_handlers = fromdpdk_add_handlers,
};
NFC_REGISTER_ELEMENT(fromdpdk_class);
