/* SPDX-License-Identifier: MIT */
/* The rewriter core shared by IPRewriter, TCPRewriter, UDPRewriter and the address rewriters. */
#ifndef NFCLICK_ELEMENTS_TCPUDP_REWRITER_PRIV_H
#define NFCLICK_ELEMENTS_TCPUDP_REWRITER_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

/*
 * A flow is a pair of mapping entries: the forward entry, keyed by the flow
 * as it arrived, and the reply entry, keyed by the reverse of the rewritten
 * flow. Both sit in the owning rewriter's hash map; a packet matching either
 * is rewritten to the other's key reversed and leaves on that entry's output.
 *
 * Every flow is also in one of two expiry heaps of its capacity group
 * (rewriters sharing a MAPPING_CAPACITY share the group): "guaranteed" flows
 * may not be evicted before their guarantee runs out; "best effort" flows
 * are evicted, earliest expiry first, when the group is full.
 *
 * Times are Click jiffies: milliseconds of nfc_now().
 */

/** A flow identifier, every field in network order (Click's IPFlowID). */
struct rw_flowid {
	uint32_t saddr, daddr;
	uint16_t sport, dport;
};

static inline struct rw_flowid rw_flowid_reverse(struct rw_flowid f)
{
	struct rw_flowid r = { f.daddr, f.saddr, f.dport, f.sport };
	return r;
}

static inline bool rw_flowid_equal(const struct rw_flowid *a, const struct rw_flowid *b)
{
	return a->saddr == b->saddr && a->daddr == b->daddr && a->sport == b->sport &&
	       a->dport == b->dport;
}

/** "(1.0.0.1, 1024, 2.0.0.2, 80)" as Click prints an IPFlowID. */
void rw_flowid_unparse(struct nfc_strbuf *sb, const struct rw_flowid *f);

/** One direction of a flow: what the hash map holds. */
struct rw_entry {
	struct rw_flowid key;
	struct rw_entry *hash_next;
	uint32_t output;
	/** 0: forward entry (flow->e[0]), 1: reply entry (flow->e[1]). */
	uint8_t direction;
};

/** A TCP sequence-number change (TCPRewriter), newest first. */
struct rw_seq_delta;

struct rw_core;

struct rw_flow {
	struct rw_entry e[2];
	/** Checksum deltas for the addresses (IP header) and addresses + ports. */
	uint16_t ip_csum_delta, l4_csum_delta;
	uint8_t ip_p;
	uint8_t guaranteed;
	/** TCP: done/data bits per direction; UDP: reply seen + packet count. */
	uint8_t tflags;
	uint8_t reply_anno;
	/** Position in its heap. */
	uint32_t place;
	int64_t expiry_j;
	struct rw_core *owner;
	int owner_input;
	struct rw_seq_delta *seq_deltas;
	/** Free-list link while the flow is unused. */
	struct rw_flow *free_next;
};

static inline struct rw_flow *rw_entry_flow(struct rw_entry *m)
{
	return (struct rw_flow *)(void *)(m - m->direction);
}

/** The flow a packet matching entry @m is rewritten to. */
static inline struct rw_flowid rw_entry_rewritten(const struct rw_entry *m)
{
	const struct rw_entry *other = m->direction ? m - 1 : m + 1;
	return rw_flowid_reverse(other->key);
}

enum {
	RW_TCP_FORWARD_DONE = 1, RW_TCP_REPLY_DONE = 2, RW_TCP_BOTH_DONE = 3,
	RW_TCP_FORWARD_DATA = 4, RW_TCP_REPLY_DATA = 8, RW_TCP_BOTH_DATA = 12,
};

/* ---- the hash map (rewriter_map.c) ---- */

struct rw_map {
	struct rw_entry **buckets;
	uint32_t nbuckets; /* a power of two, or 0 before the first insert */
	uint32_t size;
};

struct rw_entry *rw_map_find(const struct rw_map *m, const struct rw_flowid *key);
/** Insert @ent, replacing (and returning) an entry with the same key, or NULL. */
struct rw_entry *rw_map_set(struct rw_map *m, struct rw_entry *ent);
/** Remove @ent if it is the entry stored under its key. */
void rw_map_remove(struct rw_map *m, struct rw_entry *ent);
void rw_map_free(struct rw_map *m);
/** Call @fn for every entry (the callback must not change the map). */
void rw_map_each(const struct rw_map *m, void (*fn)(struct rw_entry *, void *), void *arg);

/* ---- capacity groups and their expiry heaps (rewriter_heap.c) ---- */

enum { RW_BEST_EFFORT = 0, RW_GUARANTEED = 1 };

struct rw_heap {
	struct rw_flow **h[2];
	uint32_t n[2], cap[2];
	int32_t capacity;
	/** Rewriters using the group; the last one to clean up frees it. */
	int users;
};

static inline uint32_t rw_heap_size(const struct rw_heap *h)
{
	return h->n[0] + h->n[1];
}

struct rw_heap *rw_heap_new(void);
void rw_heap_unuse(struct rw_heap *h);
/** Add @f to the heap its guaranteed flag names; -1 when out of memory. */
int rw_heap_insert(struct rw_heap *h, struct rw_flow *f);
void rw_heap_remove(struct rw_heap *h, struct rw_flow *f);
/** New expiry (and maybe a move between heaps). */
void rw_heap_change_expiry(struct rw_heap *h, struct rw_flow *f, bool guaranteed,
			   int64_t expiry_j);

/* ---- patterns (rewriter_pattern.c) ---- */

struct rw_pattern {
	uint32_t saddr, daddr; /* 0: unchanged */
	uint16_t sport, dport; /* network order, 0: unchanged */
	/** Values the varied field (source port, or source address) may take, minus one. */
	uint32_t variation_top;
	uint32_t next_variation;
	/** Four-field (address and port) pattern; two-field patterns are address-only. */
	bool is_napt;
	bool sequential;
	/** Try the packet's own source port (address) first. */
	bool same_first;
	int refs;
};

/** Parse pattern words (1: a name; 2: SADDR DADDR; 3: SADDR DADDR SPORT;
 *  4: SADDR SPORT DADDR DPORT). Returns a new reference, or NULL with the
 *  reason ("bad source port", "no such pattern", ...) in *@error. */
struct rw_pattern *rw_pattern_parse(struct nfc_element *context, char **words, int nwords,
				    const char **error);
void rw_pattern_unparse(struct nfc_strbuf *sb, const struct rw_pattern *p);
void rw_pattern_unuse(struct rw_pattern *p);
/** A named pattern of the router's IPRewriterPatterns elements, or NULL. */
struct rw_pattern *rw_patterns_lookup(struct nfc_element *context, const char *name);

enum { RW_DROP = -1, RW_ADDMAP = -2 };
/** Rewrite @flowid by @p, choosing a varied field not in use in @reply_map. */
int rw_pattern_rewrite(struct rw_pattern *p, struct rw_core *rw, const struct rw_flowid *flowid,
		       struct rw_flowid *out, const struct rw_map *reply_map);

/* ---- mappers (RoundRobinIPMapper) ---- */

#define RW_IFACE_MAPPER "IPMapper"
#define RW_IFACE_REWRITER "IPRewriterBase"
#define RW_IFACE_TCP_REWRITER "TCPRewriter"

struct rw_input;
struct rw_mapper {
	struct nfc_element *e;
	/** Check the rewriter's outputs for the mapper's ports (initialize). */
	int (*check)(struct rw_mapper *m, struct rw_core *rw, struct nfc_errh *errh);
	/** Like rw_pattern_rewrite; sets in->foutput and in->routput. */
	int (*rewrite)(struct rw_mapper *m, struct rw_core *rw, struct rw_input *in,
		       const struct rw_flowid *flowid, struct rw_flowid *out,
		       const struct rw_map *reply_map);
	/** The patterns the mapper makes flows with (hot swap matches them). */
	struct rw_pattern **patterns;
	int npatterns;
};

/* ---- input specs ---- */

enum rw_input_kind { RW_IN_DROP, RW_IN_NOCHANGE, RW_IN_KEEP, RW_IN_PATTERN, RW_IN_MAPPER };

struct rw_input {
	enum rw_input_kind kind;
	int foutput, routput;
	/** Flows created by this input alive now, and creations that failed. */
	uint32_t count, failures;
	struct rw_pattern *pattern;
	struct rw_mapper *mapper;
};

/* ---- the rewriter ---- */

enum rw_class {
	RW_CLASS_IP,      /* IPRewriter: TCP and UDP maps */
	RW_CLASS_TCP,     /* TCPRewriter */
	RW_CLASS_UDP,     /* UDPRewriter */
	RW_CLASS_ADDR,    /* IPAddrRewriter */
	RW_CLASS_ADDRPAIR,/* IPAddrPairRewriter */
	RW_CLASS_ICMPPING,/* ICMPPingRewriter */
};

#define RW_POOL_CHUNK 128

/** A pool of flows grown in chunks of RW_POOL_CHUNK; flows are never freed one at a time. */
struct rw_pool {
	struct rw_flow *free_list;
	void **chunks;
	int nchunks, chunk_cap;
};

/** Every rewriter class's instance: the element followed by the core. */
struct rw_core {
	struct nfc_element e;
	enum rw_class cls;
	/** The main map (TCP for IPRewriter) and IPRewriter's UDP map. */
	struct rw_map map, udp_map;
	struct rw_input *inputs;
	int ninputs;
	struct rw_heap *heap;
	struct rw_pool pool;

	/* configuration, times in jiffies (ms) */
	int64_t timeouts[2];     /* [0] best effort (TCP: no data), [1] guarantee */
	int64_t tcp_data_timeout, tcp_done_timeout;
	int64_t udp_timeouts[2]; /* IPRewriter's UDP flows */
	int64_t udp_streaming_timeout;
	int64_t reap_interval_j;
	bool dst_anno;
	bool has_reply_anno;
	uint32_t reply_anno;
	struct nfc_timer gc_timer;
	bool gc_timer_initialized;

	/* arguments as parsed (ns; nfc_args_parse writes here), turned into
	 * the jiffies above by each class's configure */
	int64_t a_timeout, a_guarantee, a_reap, a_tcp_nodata, a_tcp_data, a_tcp_done;
	int64_t a_udp_timeout, a_udp_guarantee, a_udp_streaming;
	bool a_has_guarantee, a_has_udp_streaming;
	char *a_capacity;

	/* port choice for random variations: glibc's random() stream as Click
	 * uses it, seeded from the router's seed */
	struct random_data rnd;
	char rnd_state[128];
	unsigned rnd_epoch;
	bool rnd_seeded;
};

/* configure/initialize/cleanup shared by every rewriter class (rewriter_core.c) */
/** Parse the common keywords listed in @specs (class keywords included) and the input specs. */
int rw_configure(struct rw_core *rw, struct nfc_conf *conf, const struct nfc_arg_spec *specs,
		 struct nfc_errh *errh);
/** A class's configure (rewriter_conf.c): set @cls, DST_ANNO and the class's
 *  default timeouts, rw_configure by @specs, then turn the parsed timeouts
 *  into the jiffies the class uses. */
int rw_configure_class(struct rw_core *rw, enum rw_class cls, struct nfc_conf *conf,
		       const struct nfc_arg_spec *specs, struct nfc_errh *errh);
/** The arguments of IPAddrRewriter and IPAddrPairRewriter (rewriter_conf.c). */
extern const struct nfc_arg_spec rw_addr_args[];
int rw_initialize(struct nfc_element *e, struct nfc_errh *errh);
void rw_cleanup(struct nfc_element *e);
void *rw_cast(struct nfc_element *e, const char *iface);
/** Hot swap: take the flows of @old, a rewriter of the same class (rewriter_swap.c). */
void rw_take_state(struct nfc_element *e, struct nfc_element *old, struct nfc_errh *errh);
/** Parse one input spec into @in (errors name "input spec N"). */
int rw_parse_input_spec(struct rw_core *rw, const char *text, struct rw_input *in, int index,
			struct nfc_errh *errh);
void rw_input_release(struct rw_input *in);

/** Argument table entries every rewriter accepts (MAPPING_CAPACITY, GUARANTEE, ...). */
#define RW_COMMON_ARGS                                                                        \
	{ .keyword = "MAPPING_CAPACITY", .type = NFC_ARG_WORD,                                  \
	  .offset = offsetof(struct rw_core, a_capacity),                                        \
	  .doc = "most flows, or the name of a rewriter whose capacity to share" },              \
	{ .keyword = "CAPACITY", .type = NFC_ARG_WORD, .offset = offsetof(struct rw_core, a_capacity), \
	  .doc = "same as MAPPING_CAPACITY" },                                                     \
	{ .keyword = "GUARANTEE", .type = NFC_ARG_TIME,                                          \
	  .offset = offsetof(struct rw_core, a_guarantee),                                       \
	  .given_offset = offsetof(struct rw_core, a_has_guarantee),                             \
	  .doc = "time a flow is kept after each packet, whatever the capacity" },               \
	{ .keyword = "REAP_INTERVAL", .type = NFC_ARG_TIME,                                      \
	  .offset = offsetof(struct rw_core, a_reap), .doc = "interval between expiry sweeps" }, \
	{ .keyword = "REAP_TIME", .type = NFC_ARG_TIME,                                          \
	  .offset = offsetof(struct rw_core, a_reap), .doc = "same as REAP_INTERVAL (deprecated)" }

/** DST_ANNO, and REPLY_ANNO. */
#define RW_DST_ANNO_ARG                                                                       \
	{ .keyword = "DST_ANNO", .type = NFC_ARG_BOOL,                                           \
	  .offset = offsetof(struct rw_core, dst_anno),                                          \
	  .doc = "set the destination address annotation" }
#define RW_REPLY_ANNO_ARG                                                                     \
	{ .keyword = "REPLY_ANNO", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,  \
	  .max = NFC_ANNO_SIZE - 1, .offset = offsetof(struct rw_core, reply_anno),              \
	  .given_offset = offsetof(struct rw_core, has_reply_anno),                              \
	  .doc = "annotation byte carried from a flow's first packet to its replies" }
#define RW_ANNO_ARGS RW_DST_ANNO_ARG, RW_REPLY_ANNO_ARG

/** TIMEOUT as the one best-effort timeout (UDPRewriter, ICMPPingRewriter, the
 *  address rewriters). */
#define RW_TIMEOUT_ARG(kw)                                                                    \
	{ .keyword = kw, .type = NFC_ARG_TIME, .offset = offsetof(struct rw_core, a_timeout),    \
	  .doc = "timeout of idle flows" }
/** UDP_STREAMING_TIMEOUT (or STREAMING_TIMEOUT): UDPRewriter, IPRewriter. */
#define RW_STREAMING_ARG(kw)                                                                  \
	{ .keyword = kw, .type = NFC_ARG_TIME,                                                   \
	  .offset = offsetof(struct rw_core, a_udp_streaming),                                   \
	  .given_offset = offsetof(struct rw_core, a_has_udp_streaming),                         \
	  .doc = "timeout of streaming UDP flows" }
/** The TCP timeouts of TCPRewriter and IPRewriter. */
#define RW_TCP_ARGS                                                                           \
	{ .keyword = "TCP_NODATA_TIMEOUT", .type = NFC_ARG_TIME,                                 \
	  .offset = offsetof(struct rw_core, a_tcp_nodata), .doc = "TCP timeout before data" },  \
	{ .keyword = "TCP_GUARANTEE", .type = NFC_ARG_TIME,                                      \
	  .offset = offsetof(struct rw_core, a_guarantee), .doc = "same as GUARANTEE" },         \
	{ .keyword = "TIMEOUT", .type = NFC_ARG_TIME,                                            \
	  .offset = offsetof(struct rw_core, a_tcp_data), .doc = "same as TCP_TIMEOUT" },        \
	{ .keyword = "TCP_TIMEOUT", .type = NFC_ARG_TIME,                                        \
	  .offset = offsetof(struct rw_core, a_tcp_data), .doc = "TCP timeout after data" },     \
	{ .keyword = "TCP_DONE_TIMEOUT", .type = NFC_ARG_TIME,                                   \
	  .offset = offsetof(struct rw_core, a_tcp_done), .doc = "timeout of closed TCP flows" }

/** The class struct fields every rewriter class shares (one thread: the
 *  tables are not locked). */
#define RW_CLASS_COMMON                                                                       \
	.port_count = "1-/1-", .processing = "h/h", .size = sizeof(struct rw_core), .flags = 0, \
	.initialize = rw_initialize, .cleanup = rw_cleanup, .take_state = rw_take_state,        \
	.cast = rw_cast

/* ---- flows (rewriter_core.c) ---- */

static inline int64_t rw_now_j(void)
{
	return nfc_now() / NFC_NSEC_PER_MSEC;
}

/** The map entries of ip_p (IPRewriter keeps UDP apart). */
static inline struct rw_map *rw_map_for(struct rw_core *rw, int ip_p)
{
	return rw->cls == RW_CLASS_IP && ip_p != NFC_IP_PROTO_TCP ? &rw->udp_map : &rw->map;
}

/**
 * Look up @flowid; when absent, apply input @port's spec. Returns the entry,
 * or NULL with *@out_port set to the port to send the packet to (>= 0) or
 * negative to drop.
 */
struct rw_entry *rw_lookup_or_create(struct rw_core *rw, int port, int ip_p,
				     const struct rw_flowid *flowid, struct rw_map *map,
				     int *out_port);
/** The entry of @flowid, created by input @input's spec when absent and
 *  @input is a valid input (Click's get_entry; -1: look up only). */
struct rw_entry *rw_get_entry(struct rw_core *rw, int ip_p, const struct rw_flowid *flowid,
			      int input);
/** The entry an ICMP error about a packet of flow @f (as the error's
 *  sender saw it, reversed) belongs to, keyed as rewriter @rw keys flows. */
struct rw_entry *rw_find_for_error(struct rw_core *rw, int ip_p, const struct rw_flowid *f);
/** Install a flow from @flowid to @rewritten, created by input @input. NULL: failed. */
struct rw_entry *rw_add_flow(struct rw_core *rw, int ip_p, const struct rw_flowid *flowid,
			     const struct rw_flowid *rewritten, int input, struct rw_map *map);
/** Move flow @of (of another rewriter) into @rw as created by input
 *  @input, keeping its entries, expiry and state; @of is destroyed. False
 *  (and @of left alone) when @rw cannot hold it. */
bool rw_flow_adopt(struct rw_core *rw, struct rw_flow *of, int input);
/** Remove and free a flow (from its heap, maps and pool). */
void rw_flow_destroy(struct rw_flow *f);
/** Refresh a flow's expiry after a packet. */
void rw_flow_refresh(struct rw_core *rw, struct rw_flow *f, int64_t now_j);
/** The best-effort timeout of flow @f (by its state). */
int64_t rw_flow_timeout(const struct rw_core *rw, const struct rw_flow *f);
/** Expire and evict flows of the capacity group; @clear_all empties it. */
void rw_shrink_heap(struct rw_core *rw, bool clear_all);
/** Destroy every flow that input @input created. */
void rw_destroy_input_flows(struct rw_core *rw, int input);
/** Random variation in [0, top] (the glibc random() stream Click draws from). */
uint32_t rw_random(struct rw_core *rw, uint32_t top);

/* ---- packet rewriting (rewriter_apply.c) ---- */

/** The addresses of a packet of flow @f rewritten to @rev reversed, with the
 *  destination annotation and (replies) the REPLY_ANNO byte; not the checksum. */
static inline void rw_set_addrs(const struct rw_core *rw, const struct rw_flow *f,
				struct nfc_packet *p, struct nfc_ip *ip,
				const struct rw_flowid *rev, int direction)
{
	ip->src = rev->daddr;
	ip->dst = rev->saddr;
	if (rw->dst_anno)
		nfc_packet_set_dst_ip(p, rev->saddr);
	if (direction && rw->has_reply_anno)
		nfc_anno_set_u8(p, rw->reply_anno, f->reply_anno);
}

/** Checksum deltas of a flow from @from to @to. */
void rw_flow_set_csum_deltas(struct rw_flow *f, const struct rw_flowid *from,
			     const struct rw_flowid *to);
/** Rewrite addresses and ports; track TCP/UDP state; TCP sequence numbers. */
void rw_apply_napt(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p, int direction);
/** Rewrite one address (IPAddrRewriter). */
void rw_apply_addr(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p, int direction);
/** Rewrite both addresses, not the ports (IPAddrPairRewriter). */
void rw_apply_addrpair(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p,
		       int direction);
/** Length from the transport header to the end of the packet (0 without
 *  one). Inline: every packet asks it two or three times. */
static inline uint32_t rw_transport_length(const struct nfc_packet *p)
{
	if (!nfc_packet_has_transport_header(p))
		return 0;
	int32_t off = nfc_packet_transport_header_offset(p);
	return off >= 0 && (uint32_t)off <= p->length ? p->length - (uint32_t)off : 0;
}

/** Extract the flow id of an IP packet with TCP/UDP ports, or false. */
static inline bool rw_packet_flowid(const struct nfc_packet *p, struct rw_flowid *out)
{
	const struct nfc_ip *ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	if (!ip || rw_transport_length(p) < 4)
		return false;
	const unsigned char *th = nfc_packet_transport_header(p);
	out->saddr = ip->src;
	out->daddr = ip->dst;
	memcpy(&out->sport, th, 2);
	memcpy(&out->dport, th + 2, 2);
	return true;
}

/* ---- TCP sequence numbers (rewriter_tcpseq.c) ---- */

/** From @trigger on, direction @direction's sequence numbers move by @delta more. */
int rw_tcp_add_seq_delta(struct rw_flow *f, int direction, uint32_t trigger, int32_t delta);
/** The delta for direction @direction now in force (for unparsing). */
int32_t rw_tcp_current_delta(const struct rw_flow *f, int direction);
void rw_tcp_apply_seq(struct rw_flow *f, struct nfc_packet *p, struct nfc_tcp *th,
		      int direction);
void rw_tcp_free_deltas(struct rw_flow *f);

/* ---- handlers (rewriter_handlers.c) ---- */

/** Add nmappings, mapping_failures, patterns, size, capacity, clear, patternN. */
void rw_add_common_handlers(struct rw_core *rw);
/** table, mappings, lookup when @lookup, then the common handlers. */
void rw_add_table_handlers(struct rw_core *rw, bool lookup);
/** add_handlers of a class with table and mappings (no lookup). */
int rw_add_handlers(struct nfc_element *e);
/** Table handler: each entry of the map (thunk 0: main map, 1: IPRewriter's UDP map). */
int rw_read_table(struct nfc_element *e, void *thunk, const char *param,
		  struct nfc_strbuf *out, struct nfc_errh *errh);
/** Lookup handler "SADDR SPORT DADDR DPORT" in the main map. */
int rw_read_lookup(struct nfc_element *e, void *thunk, const char *param,
		   struct nfc_strbuf *out, struct nfc_errh *errh);

/* ---- the push paths (rewriter_push.c) ---- */

/** One packet's output port (negative: drop), the packet rewritten. */
typedef int (*rw_one_fn)(struct rw_core *rw, int port, struct nfc_packet *p, int64_t now_j);

/** The batch loop of every rewriter: uniqueify each packet, decide its port
 *  by @one, split the batch. Always inlined, so that @one (a constant at each
 *  use) is called directly, or inlined itself. */
static inline __attribute__((always_inline)) void
rw_push_each(struct nfc_element *e, int port, struct nfc_batch *b, rw_one_fn one)
{
	struct rw_core *rw = (struct rw_core *)e;
	int ports[NFC_BATCH_MAX];
	int64_t now_j = rw_now_j();
	unsigned n = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = nfc_packet_uniqueify(b->pkts[i]);
		if (!p)
			continue; /* out of memory: the packet is gone */
		b->pkts[n] = p;
		ports[n++] = one(rw, port, p, now_j);
	}
	b->count = n;
	nfc_push_split(e, b, ports);
}


/** IPRewriter, TCPRewriter, UDPRewriter. */
void rw_napt_push(struct nfc_element *e, int port, struct nfc_batch *b);
/** IPAddrRewriter, IPAddrPairRewriter. */
void rw_addr_push(struct nfc_element *e, int port, struct nfc_batch *b);

#endif
