/* SPDX-License-Identifier: MIT */
/* DPDK glue shared by the DPDK elements: packets in mbufs, pools, ports (DPDK builds only). */
#ifndef NFCLICK_DPDK_PRIV_H
#define NFCLICK_DPDK_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <nfclick/dpdk.h>
#include <nfclick/nfclick.h>

/*
 * ---- packets in mbufs (runtime/dpdk_mbuf.c) ----
 *
 * Every mbuf of nfclick's pools carries a struct nfc_packet in its private
 * area, right after the struct rte_mbuf:
 *
 *     [struct rte_mbuf 128 B][struct nfc_packet][headroom | data | tailroom]
 *                            ^ m + 1            ^ m->buf_addr
 *
 * so turning one into the other is pointer arithmetic, and a received packet
 * is handed to the graph and on to rte_eth_tx_burst without a copy. The
 * packet's head/end are the mbuf's buffer (buf_addr, buf_addr + buf_len),
 * data is buf_addr + data_off, length is data_len. Such packets are
 * NFC_PACKET_EXTERNAL | NFC_PACKET_MBUF: killing one calls
 * nfc_dpdk_release(), which frees the mbuf. Pooled nfclick packets (InfiniteSource, FromDump...) and clones
 * sharing an mbuf's bytes are copied into a fresh mbuf at transmission.
 */

/** Private area size: the packet header, rounded as DPDK requires. */
#define NFC_DPDK_PRIV_SIZE RTE_ALIGN_CEIL(sizeof(struct nfc_packet), RTE_MBUF_PRIV_ALIGN)

_Static_assert(sizeof(struct rte_mbuf) % 64 == 0,
	       "the packet after the mbuf header keeps its 64-byte alignment");

static inline struct nfc_packet *nfc_dpdk_mbuf_packet(struct rte_mbuf *m)
{
	return (struct nfc_packet *)(m + 1);
}
static inline struct rte_mbuf *nfc_dpdk_packet_mbuf(struct nfc_packet *p)
{
	return (struct rte_mbuf *)p - 1;
}

/** Release hook of mbuf-backed packets: frees the mbuf. */
void nfc_dpdk_release(struct nfc_packet *p);

/**
 * free_flags of mbuf-backed packets: NFC_PACKET_EXTERNAL and
 * NFC_PACKET_MBUF (killing one calls nfc_dpdk_release), so that one
 * comparison tells an mbuf's packet from any other (pooled packets, clones,
 * other kinds of external buffers). The mbufs of our own pools also have
 * NFC_PACKET_POOL_LAYOUT (the buffer right after the packet header, at
 * least NFC_PACKET_BUFSIZE bytes): NFC_DPDK_PACKET_FLAGS, the common case;
 * others (adopted from another process's pool, or small mbufs) have
 * NFC_DPDK_PACKET_FLAGS_OTHER. Clones sharing an
 * mbuf's bytes have flags of their own (NFC_PACKET_SLOW_FREE only); their
 * owner keeps these flags and counts them in shared.
 */
#define NFC_DPDK_PACKET_FLAGS NFC_PACKET_FLAGS_POOL_MBUF
#define NFC_DPDK_PACKET_FLAGS_OTHER (NFC_PACKET_SLOW_FREE | NFC_PACKET_EXTERNAL | NFC_PACKET_MBUF)
_Static_assert(NFC_DPDK_PRIV_SIZE == sizeof(struct nfc_packet),
	       "an mbuf's buffer starts where a pooled packet's does");

_Static_assert(offsetof(struct nfc_packet, shared) == offsetof(struct nfc_packet, free_flags) + 4,
	       "free_flags and shared are tested as one word");

/** Is @p a packet in one of our pools' mbufs that owns it alone (can be sent as is)? */
static inline bool nfc_dpdk_packet_is_mbuf(const struct nfc_packet *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* free_flags and shared (0) in one test */
	uint64_t w;
	memcpy(&w, &p->free_flags, 8);
	return w == NFC_DPDK_PACKET_FLAGS;
#else
	return p->free_flags == NFC_DPDK_PACKET_FLAGS && p->shared == 0;
#endif
}

/** Is @p an mbuf-backed packet of any pool that owns its mbuf alone? */
static inline bool nfc_dpdk_packet_is_mbuf_any(const struct nfc_packet *p)
{
	return (p->free_flags & ~NFC_PACKET_POOL_LAYOUT) == NFC_DPDK_PACKET_FLAGS_OTHER &&
	       p->shared == 0;
}

/**
 * Packet for an mbuf that is not from nfclick's pool: sets up the private
 * area when the mbuf has room for it and its bytes are its own, else copies
 * into a pooled packet (and frees the mbuf). NULL when out of memory (mbuf
 * freed).
 */
struct nfc_packet *nfc_dpdk_packet_adopt(struct rte_mbuf *m);

/* nfc_dpdk_mbufs_to_packets() from mbuf @from of @n on: a burst's last
 * n % 4, or from the group holding the first mbuf not of @own. Returns the
 * number of packets in b's array. */
unsigned nfc_dpdk_mbufs_to_packets_slow(struct nfc_batch *b, unsigned n,
					const struct rte_mempool *own, unsigned from);
/* One received mbuf of our pool as a packet: only data, length, the
 * annotations and the MAC header change from one reception to the next. */
static inline __attribute__((always_inline)) struct nfc_packet *
nfc_dpdk_mbuf_to_packet_own(struct rte_mbuf *m)
{
	struct nfc_packet *p = nfc_dpdk_mbuf_packet(m);
	unsigned off = m->data_off;
	/* buf_addr, known without loading it: our pools' buffers follow the
	 * packet header (checked when the pool is made) */
	p->data = (unsigned char *)p + NFC_DPDK_PRIV_SIZE + off;
	p->length = m->data_len;
	nfc_packet_clear_annotations(p);
	p->mac_offset = (int32_t)off + 1;
	return p;
}

/*
 * A burst is received into a batch's own array (nfc_dpdk_batch_mbufs) and
 * each mbuf pointer is replaced by its packet's in place; on output each
 * packet pointer is replaced by its mbuf's (nfc_dpdk_batch_to_mbufs): one
 * array for the loops to walk. The slots are read and written with memcpy,
 * which is what holding either kind of pointer in a packet array takes.
 */
static inline struct rte_mbuf *nfc_dpdk_slot_mbuf_(struct nfc_packet *const *slot)
{
	struct rte_mbuf *m;
	memcpy(&m, slot, sizeof m);
	return m;
}
static inline void nfc_dpdk_slot_set_mbuf_(struct nfc_packet **slot, struct rte_mbuf *m)
{
	memcpy(slot, &m, sizeof m);
}

/** @b's array, for receiving mbufs into (nfc_dpdk_mbufs_to_packets). */
static inline struct rte_mbuf **nfc_dpdk_batch_mbufs(struct nfc_batch *b)
{
	_Static_assert(sizeof(struct rte_mbuf *) == sizeof(struct nfc_packet *),
		       "an mbuf pointer takes a packet pointer's slot");
	return (struct rte_mbuf **)(void *)b->pkts;
}

/**
 * Turn the @n mbufs received into @b's array (nfc_dpdk_batch_mbufs) into
 * packets, in place; sets and returns b->count (fewer than @n only when a
 * copy ran out of memory). Mbufs of @own (nfclick's pool) have their
 * constant packet fields (head, end, owner, free flags) set once, when the
 * pool is made (nothing process-specific: a secondary process receives them
 * as they are). Others go through nfc_dpdk_packet_adopt(). With @all_own (a
 * receive queue of a port whose driver fills it from @own:
 * nfc_dpdk_port.rx_own_pool) the mbufs' pools are not looked at.
 */
static inline __attribute__((always_inline)) unsigned
nfc_dpdk_mbufs_to_packets(struct nfc_batch *b, unsigned n, const struct rte_mempool *own,
			  bool all_own)
{
	struct nfc_packet **pk = b->pkts, **end4 = pk + (n & ~3u);
	/* four at a time: the loop's own cost is a quarter; it stops at the
	 * first group holding a foreign mbuf, which the slow path takes from
	 * there with the n % 4 rest (no call inside the loop, so nothing is
	 * kept on the stack around it) */
	if (all_own) {
		for (; pk < end4; pk += 4) {
			struct rte_mbuf *m0 = nfc_dpdk_slot_mbuf_(pk), *m1 = nfc_dpdk_slot_mbuf_(pk + 1),
					*m2 = nfc_dpdk_slot_mbuf_(pk + 2),
					*m3 = nfc_dpdk_slot_mbuf_(pk + 3);
			pk[0] = nfc_dpdk_mbuf_to_packet_own(m0);
			pk[1] = nfc_dpdk_mbuf_to_packet_own(m1);
			pk[2] = nfc_dpdk_mbuf_to_packet_own(m2);
			pk[3] = nfc_dpdk_mbuf_to_packet_own(m3);
		}
	} else {
		for (; pk < end4; pk += 4) {
			struct rte_mbuf *m0 = nfc_dpdk_slot_mbuf_(pk), *m1 = nfc_dpdk_slot_mbuf_(pk + 1),
					*m2 = nfc_dpdk_slot_mbuf_(pk + 2),
					*m3 = nfc_dpdk_slot_mbuf_(pk + 3);
			if (__builtin_expect(m0->pool != own || m1->pool != own ||
						     m2->pool != own || m3->pool != own,
					     0))
				break;
			pk[0] = nfc_dpdk_mbuf_to_packet_own(m0);
			pk[1] = nfc_dpdk_mbuf_to_packet_own(m1);
			pk[2] = nfc_dpdk_mbuf_to_packet_own(m2);
			pk[3] = nfc_dpdk_mbuf_to_packet_own(m3);
		}
	}
	b->count = __builtin_expect(pk == b->pkts + n, 1)
			   ? n
			   : nfc_dpdk_mbufs_to_packets_slow(b, n, own, (unsigned)(pk - b->pkts));
	return b->count;
}

/**
 * Copy @p's bytes into a new mbuf from @mp (the packet is left to the
 * caller to kill). NULL when the pool is empty or the packet does not fit
 * in one mbuf.
 */
struct rte_mbuf *nfc_dpdk_mbuf_copy(const struct nfc_packet *p, struct rte_mempool *mp);

/**
 * The mbuf of an mbuf-backed packet (nfc_dpdk_packet_is_mbuf), its
 * geometry written back from the packet: handed to the device as is.
 */
static inline struct rte_mbuf *nfc_dpdk_mbuf_of_packet(struct nfc_packet *p)
{
	struct rte_mbuf *m = nfc_dpdk_packet_mbuf(p);
	m->data_off = (uint16_t)(p->data - (unsigned char *)m->buf_addr);
	m->data_len = (uint16_t)p->length;
	m->pkt_len = p->length;
	return m;
}

/* nfc_dpdk_batch_to_mbufs() from packet @from of @n on (b->count is already 0);
 * returns the number of mbufs in b's array. */
unsigned nfc_dpdk_batch_to_mbufs_slow(struct nfc_element *e, struct nfc_batch *b,
				      struct rte_mempool *mp, uint64_t *dropped, unsigned from,
				      unsigned n);
/**
 * Turn the packets of @b into mbufs, in place: returns the array (@b's
 * own, now holding only mbuf pointers) and in *@n how many mbufs were made,
 * without copying those that live in an mbuf; the others are copied into
 * mbufs of @mp and killed. *@dropped counts packets that could not be
 * (pool empty, packet larger than an mbuf), with a warning naming @e and
 * the fix, once. Empties @b. Inline: the common case is a loop of pointer
 * arithmetic and three stores a packet, over one array.
 */
static inline __attribute__((always_inline)) struct rte_mbuf **
nfc_dpdk_batch_to_mbufs(struct nfc_element *e, struct nfc_batch *b, unsigned *n_out,
			struct rte_mempool *mp, uint64_t *dropped)
{
	unsigned n = b->count;
	struct nfc_packet **pk = b->pkts, **end4 = pk + (n & ~3u);
	/* four at a time: the loop's own cost is a quarter; each slot is read
	 * before it is written. The slow path takes the rest (n % 4, or from
	 * the group holding a packet to copy), called after the loop so that
	 * nothing is kept on the stack around it */
	for (; pk < end4; pk += 4) {
		struct nfc_packet *p0 = pk[0], *p1 = pk[1], *p2 = pk[2], *p3 = pk[3];
		if (__builtin_expect(!nfc_dpdk_packet_is_mbuf(p0) || !nfc_dpdk_packet_is_mbuf(p1) ||
					     !nfc_dpdk_packet_is_mbuf(p2) || !nfc_dpdk_packet_is_mbuf(p3),
				     0))
			break;
		nfc_dpdk_slot_set_mbuf_(pk, nfc_dpdk_mbuf_of_packet(p0));
		nfc_dpdk_slot_set_mbuf_(pk + 1, nfc_dpdk_mbuf_of_packet(p1));
		nfc_dpdk_slot_set_mbuf_(pk + 2, nfc_dpdk_mbuf_of_packet(p2));
		nfc_dpdk_slot_set_mbuf_(pk + 3, nfc_dpdk_mbuf_of_packet(p3));
	}
	b->count = 0;
	*n_out = __builtin_expect(pk == b->pkts + n, 1)
			 ? n
			 : nfc_dpdk_batch_to_mbufs_slow(e, b, mp, dropped, (unsigned)(pk - b->pkts), n);
	return nfc_dpdk_batch_mbufs(b);
}

/* ---- settings (DPDKInfo) and pools (runtime/dpdk_mbuf.c) ---- */

struct nfc_dpdk_settings {
	/** Mbufs per NUMA socket pool, by socket (0: sized automatically). */
	unsigned nb_socket_mbuf[RTE_MAX_NUMA_NODES];
	/** Mbuf data room (headroom included). */
	unsigned mbuf_size;
	/** Per-lcore mempool cache. */
	unsigned cache_size;
	/** The DPDKInfo element that set them, or NULL. */
	const struct nfc_element *owner;
};

/** Current settings (defaults until a DPDKInfo changes them). */
struct nfc_dpdk_settings *nfc_dpdk_settings(void);
/** Record that @n more mbufs may be held at once on @socket (queues, bursts). */
void nfc_dpdk_pool_need(int socket, unsigned n);
/** The pool of @socket (made by nfc_dpdk_start), or NULL. */
struct rte_mempool *nfc_dpdk_pool(int socket);
/** Number of pools made and the pool at index @i (handlers). */
int nfc_dpdk_pool_count(void);
struct rte_mempool *nfc_dpdk_pool_at(int i);
/** Make the pools needed so far; errors name the fix. */
int nfc_dpdk_pools_create(struct nfc_errh *errh);
/** Forget the needs and settings of a router that is gone (pools stay). */
void nfc_dpdk_pools_reset_needs(void);
/** Free all pools (at exit, after ports are closed), unless this is a
 *  secondary or live secondaries still draw from them (then they stay). */
void nfc_dpdk_pools_free(void);

/* ---- ports (runtime/dpdk_port.c) ---- */

enum nfc_dpdk_dir { NFC_DPDK_RX, NFC_DPDK_TX };

/** A DPDK port as the router's elements use it. */
struct nfc_dpdk_port {
	uint16_t id;
	char name[RTE_ETH_NAME_MAX_LEN];
	struct rte_eth_dev_info info;
	/** NUMA socket of the device (0 when unknown). */
	int socket;
	/** Socket whose pool feeds the receive queues. */
	int pool_socket;
	struct rte_mempool *pool;
	/** Queues claimed (highest index + 1) and descriptors per queue. */
	uint16_t nq[2];
	uint16_t ndesc[2];
	bool promisc;
	/** RTE_ETH_MQ_RX_RSS or RTE_ETH_MQ_RX_NONE; -1 until an element chooses. */
	int mq_mode;
	const struct nfc_element *mq_mode_owner;
	bool used, started;
	/** The device delivers RSS hashes (mbuf hash.rss) once started. */
	bool rss_hash;
	/** Its receive queues return only mbufs of pool (set when this
	 * process starts the port: rx_fills_from_pool in dpdk_port.c). */
	bool rx_own_pool;
};

/**
 * Register a DPDK element (from configure): checks that the EAL is up and
 * counts the element, so that the ports start when the last one has
 * initialised. Returns 0 or -1 with an error naming the fix.
 */
int nfc_dpdk_register(struct nfc_element *e, struct nfc_errh *errh);
/**
 * The element registered with nfc_dpdk_register() has initialised (end of
 * its initialize). The last one makes the pools and starts the ports.
 */
int nfc_dpdk_initialized_one(struct nfc_element *e, struct nfc_errh *errh);

/** Parse PORT: an index, a PCI address or a device name ("net_pcap0"). */
int nfc_dpdk_port_lookup(const char *text, uint16_t *port_id, struct nfc_errh *errh);
/** The port record of @port_id (info filled on first use). */
struct nfc_dpdk_port *nfc_dpdk_port_get(uint16_t port_id);

/**
 * Claim @n queues of direction @dir for element @e, starting at *@first
 * (or at the first free queue when *@first < 0, which is then set).
 * Checks the device's limits and other elements' claims.
 */
int nfc_dpdk_port_claim(struct nfc_dpdk_port *port, struct nfc_element *e,
			enum nfc_dpdk_dir dir, int *first, int n, struct nfc_errh *errh);
/** Queues of @dir left to claim from @first (device limit less claims). */
int nfc_dpdk_port_free_queues(struct nfc_dpdk_port *port, enum nfc_dpdk_dir dir, int first);
/** First queue of @dir no element has claimed. */
int nfc_dpdk_port_first_free(struct nfc_dpdk_port *port, enum nfc_dpdk_dir dir);
/** Default descriptors per queue when NDESC is not given. */
unsigned nfc_dpdk_port_default_ndesc(const struct nfc_dpdk_port *port, enum nfc_dpdk_dir dir);
/** Set the RX multi-queue mode ("rss" or "none"); one mode per port. */
int nfc_dpdk_port_set_mode(struct nfc_dpdk_port *port, struct nfc_element *e, const char *mode,
			   struct nfc_errh *errh);

/** Does NUMA node @node exist (has CPUs the EAL knows)? */
bool nfc_dpdk_numa_node_exists(int node);
/** Comma-separated list of the NUMA nodes the EAL found ("0" or "0, 1"). */
void nfc_dpdk_numa_nodes(char *buf, size_t n);

/* ---- named rings (runtime/dpdk_ring.c) ---- */

struct rte_ring;
/**
 * The ring called @name: found if it exists (made by this process's other
 * end, or by another DPDK process), else made when @create or in the
 * primary process, with room for @size - 1 mbufs.
 */
struct rte_ring *nfc_dpdk_ring_attach(const char *name, unsigned size, int socket, bool create,
				      struct nfc_errh *errh);
/**
 * The ring name from RING, or from FROM_PROC and TO_PROC as FastClick names
 * them ("A_2_B" carries packets from process A to process B; @receiver
 * tells which end names it). Returns 0, or -1 with an error.
 */
int nfc_dpdk_ring_name(const char *ring, const char *from_proc, const char *to_proc, bool receiver,
		       char *out, size_t n, struct nfc_errh *errh);
/** Drain and free the rings this process made (at exit), unless live
 *  secondaries may still use them (then they stay). */
void nfc_dpdk_rings_free(void);

/* ---- handlers shared by the device elements (runtime/dpdk_handlers.c) ---- */

/**
 * Add the device handlers (device, mac, link, xstats, hw_count...) of the
 * port whose id is stored at @port_id (a field of @e); @rx selects the
 * receive or the transmit statistics.
 */
void nfc_dpdk_add_port_handlers(struct nfc_element *e, const uint16_t *port_id, bool rx);

/* ---- spin lock for transmit queues shared by several threads ---- */

static inline void nfc_dpdk_lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			rte_pause();
}
static inline void nfc_dpdk_unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

#endif
