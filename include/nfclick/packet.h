/* SPDX-License-Identifier: MIT */
/* Packets: a buffer with headroom/tailroom, annotations and clone sharing. */
#ifndef NFCLICK_PACKET_H
#define NFCLICK_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** Default headroom reserved in front of new packets (for encapsulation). */
#define NFC_PACKET_HEADROOM 64
/** Buffer size of a pooled packet (headroom + data + tailroom). */
#define NFC_PACKET_BUFSIZE 2048
/**
 * Largest packet buffer (headroom + data + tailroom) nfclick allocates; larger
 * requests fail as out of memory. The bound lets a batch's byte total fit in
 * 32 bits (NFC_BATCH_MAX packets of at most this many bytes).
 */
#define NFC_PACKET_MAX_BUFFER (8u << 20)
/** Bytes of general-purpose annotation space (Click's "user annotations"). */
#define NFC_ANNO_SIZE 48

/* Annotation byte offsets, following Click's userlevel layout so configs
 * that name offsets (Paint(ANNO 4), StoreData to annotations) behave alike. */
#define NFC_ANNO_DST_IP 0          /* 4 bytes, network order (16 for IPv6) */
#define NFC_ANNO_PAINT 4           /* 1 byte */
#define NFC_ANNO_ICMP_PARAMPROB 5  /* 1 byte */
#define NFC_ANNO_FIX_IP_SRC 6      /* 1 byte */
#define NFC_ANNO_FWD_RATE 8        /* 4 bytes */
#define NFC_ANNO_REV_RATE 12       /* 4 bytes */
#define NFC_ANNO_AGGREGATE 12      /* 4 bytes (shares bytes with REV_RATE, as in Click) */
#define NFC_ANNO_SEQUENCE 16       /* 4 bytes: NumberPacket */
#define NFC_ANNO_EXTRA_PACKETS 20  /* 4 bytes */
#define NFC_ANNO_EXTRA_LENGTH 24   /* 4 bytes */
#define NFC_ANNO_VLAN_TCI 28       /* 2 bytes, network order (Click's VLAN_TCI_ANNO) */
#define NFC_ANNO_FIRST_TIMESTAMP 32 /* 8 bytes: int64 ns */

/** Packet type annotation (Click's packet_type_anno). */
enum nfc_packet_type {
	NFC_PACKET_HOST = 0, NFC_PACKET_BROADCAST = 1, NFC_PACKET_MULTICAST = 2,
	NFC_PACKET_OTHERHOST = 3, NFC_PACKET_OUTGOING = 4, NFC_PACKET_LOOPBACK = 5,
	NFC_PACKET_FASTROUTE = 6
};

/** Header offset fields hold offset+1, so that zeroed annotations mean "unset". */
#define NFC_OFFSET_UNSET 0

struct nfc_pool;

/**
 * A packet. The buffer runs from head to end; data..data+length is the
 * packet. A clone (nfc_packet_clone) shares its owner's buffer: data_owner
 * points at the packet that owns the bytes and owner->shared counts the
 * extra references. Writers call nfc_packet_uniqueify() first.
 *
 * Header offsets are relative to head so that they survive pushes/pulls.
 */
struct nfc_packet {
	/* --- first cache line: what elements and devices touch per packet --- */
	unsigned char *data;
	uint32_t length;
	uint32_t reserved_;
	/** NFC_PACKET_SLOW_FREE when freeing needs more than a free-list push. */
	uint32_t free_flags;
	/** Extra references to this packet's buffer held by clones. Right
	 *  after free_flags: one 64-bit test covers both (device output). */
	uint32_t shared;
	unsigned char *head;

	/* --- annotations: one contiguous block of 96 bytes, the rest of the
	 * first cache line and the second: a new packet's header and
	 * annotations are written in two lines --- */
	int64_t timestamp_ns;
	/** Header offsets from head, plus one (0: unset); use the accessors. */
	int32_t mac_offset;
	int32_t network_offset;
	int32_t transport_offset;
	uint8_t packet_type;
	uint8_t pad_[3];
	/** Flow control block of the packet's flow (flow managers). */
	void *flow;
	/** RSS or software hash, set by device input and hash elements. */
	uint32_t hash;
	uint32_t input_port;
	uint8_t anno[NFC_ANNO_SIZE];
	uint8_t anno_reserved_[8];

	/* --- third cache line: fixed while the packet stays in its buffer,
	 * or read only off the fast paths --- */
	unsigned char *end;
	/** The packet whose buffer we use (self when not a clone). */
	struct nfc_packet *data_owner;
	/** Queue link, owned by whoever holds the packet; undefined on a fresh packet. */
	struct nfc_packet *next;
	/** Buffer not from the pool (large packets): freed with free(). */
	unsigned char *heap_buffer;
	/** External buffers (other than DPDK mbufs): called instead of returning to a pool. */
	void (*release)(struct nfc_packet *p);
	void *release_arg;
} __attribute__((aligned(64)));

/** free_flags: a clone header, an owner that had clones, or a heap buffer. */
#define NFC_PACKET_SLOW_FREE 1u
/** free_flags: the packet lives in memory someone else owns; kill calls release(). */
#define NFC_PACKET_EXTERNAL 2u
/** free_flags, with NFC_PACKET_EXTERNAL: the packet lives in a DPDK mbuf, and
 *  kill frees it through nfc_dpdk_release(), not release(): a flag means the
 *  same in every process that shares the mbufs, a function pointer does not. */
#define NFC_PACKET_MBUF 0x80000000u
/** free_flags, with NFC_PACKET_MBUF: the buffer starts right after the packet
 *  header and holds at least NFC_PACKET_BUFSIZE bytes, as a pooled packet's
 *  does (the mbufs of nfclick's own pools). */
#define NFC_PACKET_POOL_LAYOUT 0x40000000u
/** free_flags of an unshared packet in an mbuf laid out like a pooled packet:
 *  fast paths written for plain pooled packets (free_flags 0) may take
 *  these too, when they only write the bytes and the packet's own fields. */
#define NFC_PACKET_FLAGS_POOL_MBUF \
	(NFC_PACKET_SLOW_FREE | NFC_PACKET_EXTERNAL | NFC_PACKET_MBUF | NFC_PACKET_POOL_LAYOUT)

/* --- allocation (runtime/packet.c) --- */

/**
 * Allocate a packet of @length bytes with @headroom bytes in front and
 * @tailroom behind, from the calling thread's pool. Contents undefined,
 * annotations cleared. Returns NULL only when memory is exhausted.
 */
struct nfc_packet *nfc_packet_alloc(uint32_t headroom, uint32_t length, uint32_t tailroom);
/** Allocate with default headroom and copy @length bytes of @data (may be NULL: zeroes). */
struct nfc_packet *nfc_packet_make(const void *data, uint32_t length);
/** Release a packet (drops a clone reference, returns buffers to pools). */
void nfc_packet_kill(struct nfc_packet *p);
/**
 * Allocate @n packets of the same geometry into @out (the fast path for
 * sources: one call per burst). Returns how many were allocated (< n only
 * when memory is exhausted).
 */
unsigned nfc_packet_alloc_many(struct nfc_packet **out, unsigned n, uint32_t headroom,
			       uint32_t length, uint32_t tailroom);
/* Out-of-line half of nfc_packet_alloc_raw(). */
unsigned nfc_packet_alloc_raw_slow(struct nfc_packet **out, unsigned n);
/** A new packet sharing @p's bytes (copy of annotations). NULL on OOM. */
struct nfc_packet *nfc_packet_clone(struct nfc_packet *p);
/** Make @p's buffer private (copy when shared). Returns p, or NULL (p freed) on OOM. */
struct nfc_packet *nfc_packet_uniqueify_slow(struct nfc_packet *p);
/** Copy annotations (not data) from @from to @to. */
void nfc_packet_copy_annotations(struct nfc_packet *to, const struct nfc_packet *from);

_Static_assert(offsetof(struct nfc_packet, shared) == offsetof(struct nfc_packet, free_flags) + 4,
	       "free_flags and shared are read as one word");

/**
 * Laid out as a pooled packet (the buffer right after the header, at least
 * NFC_PACKET_BUFSIZE bytes) and shared with no clone: a pooled packet
 * (free_flags 0) or an mbuf of nfclick's pools that no clone shares. One
 * test on the first cache line (free_flags and shared as one word): the
 * fast paths' test. False says nothing more.
 */
static inline bool nfc_packet_plain(const struct nfc_packet *p)
{
	/* a pooled packet with clones has free flags (NFC_PACKET_SLOW_FREE) */
	if (__builtin_expect(p->free_flags == 0, 1))
		return true;
	uint64_t w;
	memcpy(&w, &p->free_flags, sizeof w);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t mbuf = NFC_PACKET_FLAGS_POOL_MBUF; /* shared (0) in the high half */
#else
	const uint64_t mbuf = (uint64_t)NFC_PACKET_FLAGS_POOL_MBUF << 32;
#endif
	return w == mbuf;
}

/** Buffer shared with a clone? (nfc_packet_plain packets never are: the
 *  common cases are answered from the first cache line.) */
static inline bool nfc_packet_shared(const struct nfc_packet *p)
{
	return !nfc_packet_plain(p) && (p->data_owner != p || p->shared != 0);
}

/** Writable version of @p (see nfc_packet_uniqueify_slow). */
static inline struct nfc_packet *nfc_packet_uniqueify(struct nfc_packet *p)
{
	return nfc_packet_shared(p) ? nfc_packet_uniqueify_slow(p) : p;
}

static inline uint32_t nfc_packet_headroom(const struct nfc_packet *p)
{
	return (uint32_t)(p->data - p->head);
}
static inline uint32_t nfc_packet_tailroom(const struct nfc_packet *p)
{
	return (uint32_t)(p->end - (p->data + p->length));
}
static inline uint32_t nfc_packet_buffer_length(const struct nfc_packet *p)
{
	return (uint32_t)(p->end - p->head);
}

/** Remove @n bytes from the front (n <= length). */
static inline void nfc_packet_pull(struct nfc_packet *p, uint32_t n)
{
	if (n > p->length)
		n = p->length;
	p->data += n;
	p->length -= n;
}
/** Remove @n bytes from the end (n <= length). */
static inline void nfc_packet_take(struct nfc_packet *p, uint32_t n)
{
	if (n > p->length)
		n = p->length;
	p->length -= n;
}

/**
 * Add @n bytes at the front; reallocates (uniqueifying) when there is no
 * headroom or the buffer is shared. Returns the packet to use, or NULL
 * (p freed) on OOM.
 */
struct nfc_packet *nfc_packet_push_slow(struct nfc_packet *p, uint32_t n);
static inline struct nfc_packet *nfc_packet_push(struct nfc_packet *p, uint32_t n)
{
	if (n <= nfc_packet_headroom(p) && !nfc_packet_shared(p)) {
		p->data -= n;
		p->length += n;
		return p;
	}
	return nfc_packet_push_slow(p, n);
}
/** Add @n bytes at the end (contents undefined); like nfc_packet_push. */
struct nfc_packet *nfc_packet_put_slow(struct nfc_packet *p, uint32_t n);
static inline struct nfc_packet *nfc_packet_put(struct nfc_packet *p, uint32_t n)
{
	if (n <= nfc_packet_tailroom(p) && !nfc_packet_shared(p)) {
		p->length += n;
		return p;
	}
	return nfc_packet_put_slow(p, n);
}

/* --- header offsets (Click's mac_header/network_header/transport_header) --- */

static inline unsigned char *nfc_packet_mac_header(const struct nfc_packet *p)
{
	return p->mac_offset == NFC_OFFSET_UNSET ? NULL : p->head + (p->mac_offset - 1);
}
static inline unsigned char *nfc_packet_network_header(const struct nfc_packet *p)
{
	return p->network_offset == NFC_OFFSET_UNSET ? NULL : p->head + (p->network_offset - 1);
}
static inline unsigned char *nfc_packet_transport_header(const struct nfc_packet *p)
{
	return p->transport_offset == NFC_OFFSET_UNSET ? NULL
						       : p->head + (p->transport_offset - 1);
}
static inline void nfc_packet_set_mac_header(struct nfc_packet *p, const unsigned char *h)
{
	p->mac_offset = (int32_t)(h - p->head) + 1;
}
/** Set the network header at @h and the transport header @hlen bytes later. */
static inline void nfc_packet_set_network_header(struct nfc_packet *p, const unsigned char *h,
						 uint32_t hlen)
{
	p->network_offset = (int32_t)(h - p->head) + 1;
	p->transport_offset = p->network_offset + (int32_t)hlen;
}
static inline void nfc_packet_set_transport_header(struct nfc_packet *p, const unsigned char *h)
{
	p->transport_offset = (int32_t)(h - p->head) + 1;
}
/** Offset of the network header from data (may be negative), Click's network_header_offset(). */
static inline int32_t nfc_packet_network_header_offset(const struct nfc_packet *p)
{
	return (int32_t)(p->head + (p->network_offset - 1) - p->data);
}
/** Offset of the transport header from data. */
static inline int32_t nfc_packet_transport_header_offset(const struct nfc_packet *p)
{
	return (int32_t)(p->head + (p->transport_offset - 1) - p->data);
}
/** Offset of the MAC header from data. */
static inline int32_t nfc_packet_mac_header_offset(const struct nfc_packet *p)
{
	return (int32_t)(p->head + (p->mac_offset - 1) - p->data);
}
static inline bool nfc_packet_has_network_header(const struct nfc_packet *p)
{
	return p->network_offset != NFC_OFFSET_UNSET;
}
static inline bool nfc_packet_has_mac_header(const struct nfc_packet *p)
{
	return p->mac_offset != NFC_OFFSET_UNSET;
}
static inline bool nfc_packet_has_transport_header(const struct nfc_packet *p)
{
	return p->transport_offset != NFC_OFFSET_UNSET;
}

/* --- annotations --- */

static inline uint8_t nfc_anno_u8(const struct nfc_packet *p, unsigned off)
{
	return p->anno[off];
}
static inline void nfc_anno_set_u8(struct nfc_packet *p, unsigned off, uint8_t v)
{
	p->anno[off] = v;
}
static inline uint32_t nfc_anno_u32(const struct nfc_packet *p, unsigned off)
{
	uint32_t v;
	memcpy(&v, p->anno + off, 4);
	return v;
}
static inline void nfc_anno_set_u32(struct nfc_packet *p, unsigned off, uint32_t v)
{
	memcpy(p->anno + off, &v, 4);
}
static inline uint8_t nfc_packet_paint(const struct nfc_packet *p)
{
	return p->anno[NFC_ANNO_PAINT];
}
static inline void nfc_packet_set_paint(struct nfc_packet *p, uint8_t v)
{
	p->anno[NFC_ANNO_PAINT] = v;
}
/** Destination IP annotation, network byte order. */
static inline uint32_t nfc_packet_dst_ip(const struct nfc_packet *p)
{
	return nfc_anno_u32(p, NFC_ANNO_DST_IP);
}
static inline void nfc_packet_set_dst_ip(struct nfc_packet *p, uint32_t ip_be)
{
	nfc_anno_set_u32(p, NFC_ANNO_DST_IP, ip_be);
}

/*
 * Annotation clearing: three 32-byte vector stores where the build has AVX
 * (configure --enable-avx2), six 16-byte ones otherwise; either is cheaper
 * than memset's rep stos. The first vector carries the timestamp, so setting
 * it costs no extra store.
 */
#ifdef __AVX__
#define NFC_VEC_BYTES_ 32
#else
#define NFC_VEC_BYTES_ 16
#endif
typedef long long nfc_vec_ __attribute__((vector_size(NFC_VEC_BYTES_), may_alias,
					  aligned(NFC_VEC_BYTES_)));
_Static_assert(offsetof(struct nfc_packet, timestamp_ns) == 32 && sizeof(struct nfc_packet) == 192,
	       "header and annotations in the first two cache lines, three in all");
_Static_assert(offsetof(struct nfc_packet, timestamp_ns) % 32 == 0 &&
		       offsetof(struct nfc_packet, anno_reserved_) + 8 -
			       offsetof(struct nfc_packet, timestamp_ns) == 96,
	       "annotation block: 96 bytes, 32-byte aligned");

/** Reset every annotation to its "unset" state, with timestamp @timestamp_ns. */
static inline void nfc_packet_reset_annotations(struct nfc_packet *p, int64_t timestamp_ns)
{
	nfc_vec_ *a = (nfc_vec_ *)(void *)&p->timestamp_ns;
	const nfc_vec_ z = { 0 };
	nfc_vec_ first = z;
	first[0] = timestamp_ns;
	a[0] = first;
	for (unsigned i = 1; i < 96 / NFC_VEC_BYTES_; i++)
		a[i] = z;
}

/** Reset every annotation to its "unset" state. */
static inline void nfc_packet_clear_annotations(struct nfc_packet *p)
{
	nfc_packet_reset_annotations(p, 0);
}

/**
 * Initialise a packet from nfc_packet_alloc_raw(): geometry, cleared
 * annotations and the timestamp annotation (0: unset). Like every fresh
 * packet its `next` link is undefined: whoever links packets sets it.
 */
static inline void nfc_packet_init_pooled(struct nfc_packet *p, uint32_t headroom,
					  uint32_t length, int64_t timestamp_ns)
{
	p->data = (unsigned char *)(p + 1) + headroom;
	p->length = length;
	nfc_packet_reset_annotations(p, timestamp_ns);
}

/*
 * Inline fast paths for sources and sinks. Each thread's free pooled packets
 * are a stack of pointers (runtime/packet.c); allocating or freeing a burst
 * is a block copy of pointers, inlined so the burst pays for no call.
 */
struct nfc_free_stack_ {
	struct nfc_packet **stack;
	size_t top, cap;
};
/** The calling thread's free stack (NULL before its first allocation). */
extern _Thread_local struct nfc_free_stack_ *nfc_tls_free_;

/* Copy eight packet pointers (64 bytes) in vector registers: two moves with
 * AVX, four without. Loads all before storing, so dst may equal src. */
typedef long long nfc_vec_u_ __attribute__((vector_size(NFC_VEC_BYTES_), may_alias, aligned(8)));
static inline void nfc_copy8_packet_ptrs_(struct nfc_packet **dst, struct nfc_packet *const *src)
{
	enum { NV = 64 / NFC_VEC_BYTES_ };
	nfc_vec_u_ v[NV];
	for (int k = 0; k < NV; k++)
		v[k] = ((const nfc_vec_u_ *)(const void *)src)[k];
	for (int k = 0; k < NV; k++)
		((nfc_vec_u_ *)(void *)dst)[k] = v[k];
}

/**
 * Take @n pooled packets without initialising them: returns where their
 * pointers lie (on the thread's free stack, valid until the thread next
 * allocates or frees a packet), or NULL when fewer are free (then call
 * nfc_packet_alloc_raw_slow()). The caller copies the pointers into its batch
 * and calls nfc_packet_init_pooled() on each, fused with its own per-packet
 * work: the cheapest way for a source to make packets. headroom + length
 * must fit in NFC_PACKET_BUFSIZE.
 */
static inline struct nfc_packet **nfc_packet_take_raw(unsigned n)
{
	struct nfc_free_stack_ *fs = nfc_tls_free_;
	if (__builtin_expect(!fs || fs->top < n, 0))
		return NULL;
	fs->top -= n;
	return fs->stack + fs->top;
}

/**
 * A source's burst of @n raw packets: where their pointers lie, the free
 * stack's top when it holds @n (nothing copied: the caller copies each
 * pointer into @out in its own per-packet loop), else @out itself, filled by
 * nfc_packet_alloc_raw_slow(). *@made says how many (fewer only when memory
 * runs out).
 */
static inline struct nfc_packet **nfc_packet_take_raw_burst(struct nfc_packet **out, unsigned n,
							    unsigned *made)
{
	struct nfc_packet **from = nfc_packet_take_raw(n);
	if (__builtin_expect(from != NULL, 1)) {
		*made = n;
		return from;
	}
	*made = nfc_packet_alloc_raw_slow(out, n);
	return out;
}

/** Like nfc_packet_take_raw(), but copies the pointers to @out; returns how many. */
static inline unsigned nfc_packet_alloc_raw(struct nfc_packet **out, unsigned n)
{
	struct nfc_packet **from = nfc_packet_take_raw(n);
	if (__builtin_expect(!from, 0))
		return nfc_packet_alloc_raw_slow(out, n);
	memcpy(out, from, n * sizeof *out);
	return n;
}

/** Kill @n packets (the fast path for sinks: plain pooled packets go back
 * to the free stack as a block). */
void nfc_packet_kill_many(struct nfc_packet **pkts, unsigned n);

#endif
