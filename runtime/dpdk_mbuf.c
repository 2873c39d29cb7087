/* SPDX-License-Identifier: MIT */
/* DPDK glue: mbuf pools per NUMA socket, packets living in mbufs, copies at the edges. */
#include "nfclick-config.h"
#include <stdio.h>
#include <string.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include "dpdk_mp.h"
#include "dpdk_priv.h"

/*
 * Pools, like the EAL and its ports, belong to the process: they outlive
 * routers (a killed packet may come back to its pool while a router is
 * torn down) and are freed at exit, after the ports are closed.
 */
static struct {
	struct nfc_dpdk_settings settings;
	/* mbufs the configured queues and bursts may hold at once, per socket */
	unsigned need[RTE_MAX_NUMA_NODES];
	struct rte_mempool *pools[RTE_MAX_NUMA_NODES];
	bool warned_no_mbuf, warned_too_big;
} mb = {
	.settings = { .mbuf_size = RTE_MBUF_DEFAULT_BUF_SIZE, .cache_size = 256 },
};

/* Packets that nfclick code may keep at once beyond the device queues
 * (queues in the graph, batches in flight): the slack of automatic sizing. */
#define POOL_SLACK 4096

struct nfc_dpdk_settings *nfc_dpdk_settings(void)
{
	return &mb.settings;
}

static int socket_index(int socket)
{
	return socket >= 0 && socket < RTE_MAX_NUMA_NODES ? socket : 0;
}

void nfc_dpdk_pool_need(int socket, unsigned n)
{
	mb.need[socket_index(socket)] += n;
}

struct rte_mempool *nfc_dpdk_pool(int socket)
{
	return mb.pools[socket_index(socket)];
}

int nfc_dpdk_pool_count(void)
{
	int n = 0;
	for (int s = 0; s < RTE_MAX_NUMA_NODES; s++)
		n += mb.pools[s] != NULL;
	return n;
}

struct rte_mempool *nfc_dpdk_pool_at(int i)
{
	for (int s = 0; s < RTE_MAX_NUMA_NODES; s++)
		if (mb.pools[s] && i-- == 0)
			return mb.pools[s];
	return NULL;
}

void nfc_dpdk_release(struct nfc_packet *p)
{
	/* the last clone's death leaves shared wrapped to UINT32_MAX: restore
	 * the invariant that an mbuf's packet is unshared when received */
	p->shared = 0;
	rte_pktmbuf_free(nfc_dpdk_packet_mbuf(p));
}

/* The fields of an mbuf's packet that never change while the mbuf is ours. */
static void packet_init_constant(struct rte_mbuf *m)
{
	struct nfc_packet *p = nfc_dpdk_mbuf_packet(m);
	p->head = m->buf_addr;
	p->end = p->head + m->buf_len;
	p->data_owner = p;
	p->shared = 0;
	p->free_flags = p->head == (unsigned char *)(p + 1) && m->buf_len >= NFC_PACKET_BUFSIZE
				? NFC_DPDK_PACKET_FLAGS
				: NFC_DPDK_PACKET_FLAGS_OTHER;
	p->heap_buffer = NULL;
	p->release = NULL; /* NFC_PACKET_MBUF: nfc_dpdk_release() */
	p->release_arg = NULL;
}

static void pool_obj_init(struct rte_mempool *mp, void *arg, void *obj, unsigned idx)
{
	(void)mp;
	(void)arg;
	(void)idx;
	/* the receive path takes buf_addr to be right after the packet
	 * header (nfc_dpdk_mbufs_to_packets), as rte_pktmbuf_init sets it */
	RTE_VERIFY((unsigned char *)((struct rte_mbuf *)obj)->buf_addr ==
		   (unsigned char *)obj + sizeof(struct rte_mbuf) + NFC_DPDK_PRIV_SIZE);
	packet_init_constant(obj);
}

struct nfc_packet *nfc_dpdk_packet_adopt(struct rte_mbuf *m)
{
	/* Another pool (another process's, another socket's) with room for the
	 * packet header, one segment, bytes nobody else holds: use it in place. */
	if (m->nb_segs == 1 && m->priv_size >= sizeof(struct nfc_packet) && RTE_MBUF_DIRECT(m) &&
	    rte_mbuf_refcnt_read(m) == 1) {
		packet_init_constant(m);
		struct nfc_packet *p = nfc_dpdk_mbuf_packet(m);
		p->data = p->head + m->data_off;
		p->length = m->data_len;
		nfc_packet_clear_annotations(p);
		p->mac_offset = (int32_t)m->data_off + 1;
		return p;
	}
	/* Otherwise copy the bytes into a pooled packet. */
	uint32_t len = rte_pktmbuf_pkt_len(m);
	struct nfc_packet *p = nfc_packet_alloc(NFC_PACKET_HEADROOM, len, 0);
	if (p) {
		const void *src = rte_pktmbuf_read(m, 0, len, p->data);
		if (src && src != p->data)
			memcpy(p->data, src, len);
		nfc_packet_set_mac_header(p, p->data);
	}
	rte_pktmbuf_free(m);
	return p;
}

unsigned nfc_dpdk_mbufs_to_packets_slow(struct nfc_batch *b, unsigned n,
					const struct rte_mempool *own, unsigned from)
{
	unsigned k = from;
	for (unsigned i = from; i < n; i++) {
		/* slot k <= i is written after mbuf i is read */
		struct rte_mbuf *m = nfc_dpdk_slot_mbuf_(&b->pkts[i]);
		struct nfc_packet *p;
		if (m->pool == own)
			p = nfc_dpdk_mbuf_to_packet_own(m);
		else if (!(p = nfc_dpdk_packet_adopt(m)))
			continue;
		b->pkts[k++] = p;
	}
	return k;
}

struct rte_mbuf *nfc_dpdk_mbuf_copy(const struct nfc_packet *p, struct rte_mempool *mp)
{
	struct rte_mbuf *m = mp ? rte_pktmbuf_alloc(mp) : NULL;
	if (!m)
		return NULL;
	if (p->length > rte_pktmbuf_tailroom(m)) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(rte_pktmbuf_mtod(m, void *), p->data, p->length);
	m->data_len = (uint16_t)p->length;
	m->pkt_len = p->length;
	return m;
}

/* Packets dropped for want of an mbuf: say why and how to fix it, once per
 * process and cause (a run-time condition, reported on the router's errh). */
static void warn_copy_failed(struct nfc_element *e, const struct nfc_packet *p,
			     struct rte_mempool *mp)
{
	char d[256];
	unsigned room = mp ? rte_pktmbuf_data_room_size(mp) - RTE_PKTMBUF_HEADROOM : 0;
	if (mp && p->length > room) {
		if (!__atomic_exchange_n(&mb.warned_too_big, true, __ATOMIC_RELAXED))
			nfc_warning(nfc_router_errh(e->router),
				    "%s: packets larger than an mbuf (%u bytes) are dropped "
				    "(raise DPDKInfo(MBUF_SIZE))",
				    nfc_element_declaration(e, d, sizeof d), room);
	} else if (!__atomic_exchange_n(&mb.warned_no_mbuf, true, __ATOMIC_RELAXED))
		nfc_warning(nfc_router_errh(e->router),
			    "%s: out of DPDK mbufs, packets are dropped (raise "
			    "DPDKInfo(NB_SOCKET_MBUF N) and the EAL memory, -m)",
			    nfc_element_declaration(e, d, sizeof d));
}

/* nfc_dpdk_batch_to_mbufs() from packet @from on: b's array is converted in
 * place (slot k <= i is written after packet i is read). */
unsigned nfc_dpdk_batch_to_mbufs_slow(struct nfc_element *e, struct nfc_batch *b,
				      struct rte_mempool *mp, uint64_t *dropped, unsigned from,
				      unsigned n)
{
	unsigned k = from, nkill = 0;
	struct nfc_packet *kill[NFC_BATCH_MAX];
	for (unsigned i = from; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (nfc_dpdk_packet_is_mbuf_any(p)) {
			nfc_dpdk_slot_set_mbuf_(&b->pkts[k++], nfc_dpdk_mbuf_of_packet(p));
			continue;
		}
		/* a pooled packet, or a clone sharing an mbuf: copy it; the
		 * originals are killed together below */
		struct rte_mbuf *m = nfc_dpdk_mbuf_copy(p, mp);
		if (m)
			nfc_dpdk_slot_set_mbuf_(&b->pkts[k++], m);
		else {
			(*dropped)++;
			warn_copy_failed(e, p, mp);
		}
		kill[nkill++] = p;
	}
	if (nkill)
		nfc_packet_kill_many(kill, nkill);
	return k;
}

/* Mempools work best at 2^q - 1 elements. */
static unsigned round_pool_size(unsigned n)
{
	unsigned s = 1023;
	while (s < n && s < (1u << 30))
		s = s * 2 + 1;
	return s;
}

int nfc_dpdk_pools_create(struct nfc_errh *errh)
{
	struct nfc_dpdk_settings *st = &mb.settings;
	int ret = 0;
	for (int s = 0; s < RTE_MAX_NUMA_NODES; s++) {
		unsigned n = st->nb_socket_mbuf[s];
		if (mb.pools[s]) {
			/* made for an earlier router: the same if big enough */
			continue;
		}
		if (mb.need[s] == 0)
			continue; /* no element on that socket */
		if (n == 0) {
			/* per-lcore caches hold up to 1.5x their size */
			unsigned caches = (unsigned)rte_lcore_count() * st->cache_size * 3 / 2;
			n = round_pool_size(mb.need[s] + caches + POOL_SLACK);
		}
		char name[RTE_MEMPOOL_NAMESIZE];
		snprintf(name, sizeof name, "nfclick_pool_%d", s);
		struct rte_mempool *mp;
		if (rte_eal_process_type() == RTE_PROC_SECONDARY) {
			mp = rte_mempool_lookup(name);
			if (!mp) {
				nfc_error(errh, "no mbuf pool '%s' in the primary DPDK process "
						"(start the secondary once the primary nfclick "
						"runs; another primary's pool: ToDPDKRing's "
						"MEM_POOL)", name);
				ret = -1;
				continue;
			}
		} else {
			unsigned cache = st->cache_size;
			if (cache > RTE_MEMPOOL_CACHE_MAX_SIZE)
				cache = RTE_MEMPOOL_CACHE_MAX_SIZE;
			if (cache > n / 2)
				cache = n / 2; /* mempool's own limit for tiny pools */
			mp = rte_pktmbuf_pool_create(name, n, cache, NFC_DPDK_PRIV_SIZE,
						     (uint16_t)st->mbuf_size, s);
			if (!mp) {
				unsigned elt = (unsigned)(sizeof(struct rte_mbuf) + NFC_DPDK_PRIV_SIZE +
							  st->mbuf_size);
				nfc_error(errh,
					  "cannot allocate %u DPDK mbufs (%u MB) on NUMA socket %d: %s; "
					  "give DPDK more memory with the EAL option -m MEGABYTES "
					  "(or --socket-mem), or fewer mbufs with "
					  "DPDKInfo(NB_SOCKET_MBUF N)",
					  n, (unsigned)(((uint64_t)n * elt + (1u << 20) - 1) >> 20), s,
					  rte_strerror(rte_errno));
				ret = -1;
				continue;
			}
			/* constant packet fields, once (a secondary process shares
			 * them with the primary and leaves them alone) */
			rte_mempool_obj_iter(mp, pool_obj_init, NULL);
		}
		mb.pools[s] = mp;
	}
	return ret;
}

void nfc_dpdk_pools_reset_needs(void)
{
	memset(mb.need, 0, sizeof mb.need);
	/* the next router starts from the defaults, DPDKInfo or not */
	memset(&mb.settings, 0, sizeof mb.settings);
	mb.settings.mbuf_size = RTE_MBUF_DEFAULT_BUF_SIZE;
	mb.settings.cache_size = 256;
}

void nfc_dpdk_pools_free(void)
{
	/* secondaries' mbufs come from the primary's pools: left to them
	 * while they run */
	bool keep = rte_eal_process_type() == RTE_PROC_SECONDARY ||
		    nfc_dpdk_mp_keep_for_secondaries();
	for (int s = 0; s < RTE_MAX_NUMA_NODES; s++) {
		if (mb.pools[s] && !keep)
			rte_mempool_free(mb.pools[s]);
		mb.pools[s] = NULL;
	}
}
