/* SPDX-License-Identifier: MIT */
/* IPReassembler: rebuilds fragmented IP packets, with bounded memory and timeouts. */

/*
 * =c
 * IPReassembler([KEYWORDS])
 * =s ip
 * Reassembles fragmented IP packets
 * =d
 * Expects IP packets (IP header annotation set) as input to port 0.
 * Packets that are not fragments pass through untouched. If input packets
 * are fragments, IPReassembler holds them until it has enough fragments to
 * recreate a complete packet. When a complete packet is constructed, it is
 * emitted onto output 0, with its IP length and checksum fixed and its
 * fragment bits cleared (DF is kept).
 *
 * If a set of fragments making a single packet is incomplete and dormant
 * for TIMEOUT (30 seconds by default: no new fragment), the fragments are
 * given up. If IPReassembler has two outputs, a single packet containing
 * all the received fragments at their proper offsets (holes zeroed, MF
 * still set when the last fragment is missing) is pushed onto output 1;
 * otherwise it is dropped. Dormant sets are looked for when fragments
 * arrive (at most every 10 seconds), from the packets' timestamps (a
 * fragment without a timestamp gets the current time).
 *
 * IPReassembler's memory usage is bounded. When memory consumption (each
 * pending packet counts 40 bytes plus its data buffer) rises above HIMEM
 * bytes, IPReassembler gives up the oldest fragment sets until consumption
 * drops below 3/4*HIMEM bytes. The number of pending packets is bounded
 * too (HIMEM/256, at least 16): when all are in use, the oldest is given
 * up.
 *
 * Overlapping fragments are accepted; the later data wins. Bad fragments
 * are dropped and counted: an IP header running past the packet, an IP
 * length shorter than the header or longer than the packet, data ending
 * past byte 65535 or before it starts, a middle fragment whose length is
 * not a multiple of 8, data past the end announced by a last fragment, or
 * two last fragments that disagree. A packet arriving in more than 16
 * disjoint pieces at once is given up.
 *
 * Output packets have the same MAC header (up to 128 bytes before the IP
 * header) and annotations as the fragment that contains offset 0, and the
 * timestamp of the fragment that completed them.
 *
 * Keyword arguments are:
 * =item HIMEM
 * The upper bound for memory consumption, in bytes. Default is 256K.
 * =item MAX_MTU_ANNO
 * Optional. The byte offset of a 2-byte annotation that will be filled with
 * the largest fragment size (IP header and data) of each reassembled
 * packet. Packets that need no reassembly leave it unchanged.
 * =item TIMEOUT
 * Time. How long an incomplete packet may wait for its next fragment.
 * Default 30 seconds.
 * =h dump read-only
 * Returns statistics (fragments seen, good and failed reassemblies, bad
 * fragments, memory used) and one line per pending packet: its addresses,
 * protocol and ID, then the byte ranges received so far.
 * =e
 *   ... -> CheckIPHeader -> r :: IPReassembler -> ...
 *   r[1] -> ICMPError(18.26.4.24, timeexceeded, reassembly) -> ...
 * =a IPFragmenter
 */
#include <stdlib.h>
#include "ip_priv.h"

#define IPR_NBUCKETS 256
#define IPR_MAX_RANGES 16
/* Bytes kept in front of the data: the MAC header (if close) and the IP header. */
#define IPR_PREFIX_MAX 128
/* Bookkeeping charge per pending packet, as Click counts it. */
#define IPR_IPH_MEM 40
#define IPR_REAP_INTERVAL_NS (10 * (int64_t)1000000000)
#define IPR_LARGEST 0xFFFF

struct ipr_range {
	uint32_t start, end; /* [start, end) in data bytes */
};

/* A packet being reassembled. */
struct ipr_entry {
	struct ipr_entry *hnext;           /* hash bucket chain, or free list */
	struct ipr_entry *older, *newer;   /* age list, oldest first */
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	bool have_first, have_last;
	uint8_t nranges;
	/* total data length, once the last fragment (MF clear) arrived */
	uint32_t total;
	struct ipr_range ranges[IPR_MAX_RANGES];
	/* data buffer: q->data is data offset 0, q->length its capacity */
	struct nfc_packet *q;
	uint32_t mem;
	int64_t last_ns;
	uint32_t max_frag;
	/* prefix: [MAC header] IP header of the first fragment (or, until it
	 * arrives, the 20-byte header of the first one seen) */
	uint8_t prefix_len, nh_off, hlen;
	int16_t mac_off; /* MAC header offset in the prefix, -1: none */
	unsigned char prefix[IPR_PREFIX_MAX];
};

struct ipreassembler {
	struct nfc_element e;
	uint32_t himem, lomem;
	int32_t mtu_anno; /* -1: none */
	int64_t timeout_ns;
	char *mtu_anno_arg;
	uint32_t mem_used;
	int64_t reap_time;
	uint64_t frags_seen, good, failed, bad;
	struct ipr_entry *map[IPR_NBUCKETS];
	struct ipr_entry *oldest, *newest;
	struct ipr_entry *free_list;
	struct ipr_entry *pool;
	uint32_t pool_size;
};

static const struct nfc_arg_spec ipr_args[] = {
	{ .keyword = "HIMEM", .type = NFC_ARG_UINT32, .offset = offsetof(struct ipreassembler, himem),
	  .doc = "memory bound in bytes" },
	{ .keyword = "MAX_MTU_ANNO", .type = NFC_ARG_WORD,
	  .offset = offsetof(struct ipreassembler, mtu_anno_arg),
	  .doc = "2-byte annotation for the largest fragment size" },
	{ .keyword = "TIMEOUT", .type = NFC_ARG_TIME, .flags = NFC_ARGF_BOUNDED, .min = 0.001,
	  .max = 86400, .offset = offsetof(struct ipreassembler, timeout_ns),
	  .doc = "wait for the next fragment at most this long" },
	NFC_ARGS_END
};

static int ipr_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct ipreassembler *r = (struct ipreassembler *)e;
	r->himem = 256 * 1024;
	r->timeout_ns = 30 * (int64_t)1000000000;
	r->mtu_anno_arg = NULL;
	if (nfc_args_parse(e, conf, ipr_args, errh, NULL) < 0)
		return -1;
	r->lomem = r->himem / 4 * 3;
	r->mtu_anno = -1;
	if (r->mtu_anno_arg) {
		uint32_t off;
		if (nfc_parse_uint32(r->mtu_anno_arg, &off) < 0 || off + 2 > NFC_ANNO_SIZE)
			return nfc_error(errh, "MAX_MTU_ANNO: expected a 2-byte annotation offset 0..%d, not '%s'",
					 NFC_ANNO_SIZE - 2, r->mtu_anno_arg);
		r->mtu_anno = (int32_t)off;
	}
	return 0;
}

static int ipr_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct ipreassembler *r = (struct ipreassembler *)e;
	uint32_t n = r->himem / 256;
	r->pool_size = n < 16 ? 16 : n > 65536 ? 65536 : n;
	r->pool = calloc(r->pool_size, sizeof(*r->pool));
	if (!r->pool)
		return nfc_error(errh, "out of memory");
	for (uint32_t i = 0; i < r->pool_size; i++) {
		r->pool[i].hnext = r->free_list;
		r->free_list = &r->pool[i];
	}
	return 0;
}

static void ipr_cleanup(struct nfc_element *e)
{
	struct ipreassembler *r = (struct ipreassembler *)e;
	for (struct ipr_entry *x = r->oldest; x; x = x->newer)
		if (x->q)
			nfc_packet_kill(x->q);
	free(r->pool);
	r->pool = NULL;
	r->oldest = r->newest = r->free_list = NULL;
	memset(r->map, 0, sizeof r->map);
}

static unsigned ipr_bucket(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto)
{
	uint32_t h = src ^ (dst * 0x9E3779B1u) ^ ((uint32_t)id << 8) ^ proto;
	h ^= h >> 16;
	h ^= h >> 8;
	return h % IPR_NBUCKETS;
}

/* ---- entries: lookup, age list, release ---- */

static void ipr_age_unlink(struct ipreassembler *r, struct ipr_entry *x)
{
	if (x->older)
		x->older->newer = x->newer;
	else
		r->oldest = x->newer;
	if (x->newer)
		x->newer->older = x->older;
	else
		r->newest = x->older;
	x->older = x->newer = NULL;
}

static void ipr_age_append(struct ipreassembler *r, struct ipr_entry *x)
{
	x->older = r->newest;
	x->newer = NULL;
	if (r->newest)
		r->newest->newer = x;
	else
		r->oldest = x;
	r->newest = x;
}

/* Take @x out of every list and return it to the free list; its buffer is
 * returned to the caller (it is not freed). */
static struct nfc_packet *ipr_release(struct ipreassembler *r, struct ipr_entry *x)
{
	struct ipr_entry **pp = &r->map[ipr_bucket(x->src, x->dst, x->id, x->proto)];
	while (*pp && *pp != x)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = x->hnext;
	ipr_age_unlink(r, x);
	r->mem_used -= x->mem;
	struct nfc_packet *q = x->q;
	x->q = NULL;
	x->hnext = r->free_list;
	r->free_list = x;
	return q;
}

/* Put the prefix (MAC and IP headers) in front of @dlen data bytes and fix
 * the IP header; the packet then starts like the first fragment did.
 * Returns the packet, or NULL (freed) when out of memory. */
static struct nfc_packet *ipr_finish(const struct ipr_entry *x, struct nfc_packet *q,
				     uint32_t dlen, bool complete)
{
	q->length = dlen;
	if (!(q = nfc_packet_push(q, x->prefix_len)))
		return NULL;
	memcpy(q->data, x->prefix, x->prefix_len);
	struct nfc_ip *ip = (struct nfc_ip *)(q->data + x->nh_off);
	uint32_t len = x->hlen + dlen;
	ip->len = htons((uint16_t)(len > IPR_LARGEST ? IPR_LARGEST : len));
	uint16_t off = ntohs(ip->off) & (NFC_IP_DF | NFC_IP_RF);
	if (!complete && !x->have_last)
		off |= NFC_IP_MF;
	ip->off = htons(off);
	ipx_set_ip_cksum((unsigned char *)ip, x->hlen);
	nfc_packet_set_network_header(q, (unsigned char *)ip, x->hlen);
	q->mac_offset = x->mac_off >= 0 ? (int32_t)(q->data + x->mac_off - q->head) + 1
				       : NFC_OFFSET_UNSET;
	return q;
}

/* Give up @x: its data (holes zeroed) goes to output 1, or is dropped. */
static void ipr_fail(struct ipreassembler *r, struct ipr_entry *x)
{
	uint32_t dlen = 0;
	for (unsigned i = 0; i < x->nranges; i++)
		if (x->ranges[i].end > dlen)
			dlen = x->ranges[i].end;
	struct nfc_packet *q = ipr_release(r, x);
	r->failed++;
	if (!q)
		return;
	if (r->e.noutputs < 2) {
		nfc_element_drop(&r->e, q);
		return;
	}
	if ((q = ipr_finish(x, q, dlen, false)))
		ipx_emit_error(&r->e, q);
}

/* Give up sets with no fragment since the timeout. */
static void ipr_reap(struct ipreassembler *r, int64_t now)
{
	int64_t limit = now - r->timeout_ns;
	while (r->oldest && r->oldest->last_ns < limit)
		ipr_fail(r, r->oldest);
	r->reap_time = now + (r->timeout_ns < IPR_REAP_INTERVAL_NS ? r->timeout_ns
								  : IPR_REAP_INTERVAL_NS);
}

/* Over HIMEM: give up the oldest sets until under 3/4 of it. */
static void ipr_reap_overfull(struct ipreassembler *r)
{
	while (r->oldest && r->mem_used > r->lomem)
		ipr_fail(r, r->oldest);
}

static struct ipr_entry *ipr_find(struct ipreassembler *r, const struct nfc_ip *ip)
{
	for (struct ipr_entry *x = r->map[ipr_bucket(ip->src, ip->dst, ip->id, ip->p)]; x;
	     x = x->hnext)
		if (x->id == ip->id && x->proto == ip->p && x->src == ip->src && x->dst == ip->dst)
			return x;
	return NULL;
}

/* A new set for the fragment @ip; NULL when out of memory. */
static struct ipr_entry *ipr_create(struct ipreassembler *r, const struct nfc_ip *ip,
				    uint32_t lastoff, bool mf)
{
	if (!r->free_list)
		ipr_fail(r, r->oldest); /* every entry in use: the oldest goes */
	struct ipr_entry *x = r->free_list;
	if (!x)
		return NULL;
	/* room for later fragments of a middle fragment, as Click does */
	uint32_t cap = lastoff;
	if (mf && cap < IPR_LARGEST / 2)
		cap *= 2;
	struct nfc_packet *q = nfc_packet_alloc(IPR_PREFIX_MAX + NFC_PACKET_HEADROOM, cap, 0);
	if (!q)
		return NULL;
	memset(q->data, 0, cap);
	r->free_list = x->hnext;
	memset(x, 0, offsetof(struct ipr_entry, prefix));
	x->src = ip->src;
	x->dst = ip->dst;
	x->id = ip->id;
	x->proto = ip->p;
	x->q = q;
	x->mem = IPR_IPH_MEM + cap;
	x->mac_off = -1;
	/* until the first fragment arrives, the plain header of this one */
	memcpy(x->prefix, ip, sizeof(struct nfc_ip));
	x->prefix[0] = 0x45;
	x->prefix_len = x->hlen = sizeof(struct nfc_ip);
	unsigned b = ipr_bucket(ip->src, ip->dst, ip->id, ip->p);
	x->hnext = r->map[b];
	r->map[b] = x;
	ipr_age_append(r, x);
	r->mem_used += x->mem;
	return x;
}

/* Make the data buffer hold @need bytes; false when out of memory. */
static bool ipr_grow(struct ipreassembler *r, struct ipr_entry *x, uint32_t need)
{
	struct nfc_packet *q = x->q;
	if (need <= q->length)
		return true;
	uint32_t cap = q->length * 2 > need ? q->length * 2 : need;
	if (cap > IPR_LARGEST)
		cap = IPR_LARGEST;
	uint32_t old = q->length;
	q = nfc_packet_put(q, cap - old);
	x->q = q;
	if (!q)
		return false;
	memset(q->data + old, 0, cap - old);
	x->mem += cap - old;
	r->mem_used += cap - old;
	return true;
}

/* Add [start, end) to the sorted, disjoint ranges; false when too many. */
static bool ipr_add_range(struct ipr_entry *x, uint32_t start, uint32_t end)
{
	struct ipr_range nr[IPR_MAX_RANGES + 1];
	unsigned n = 0, i = 0;
	for (; i < x->nranges && x->ranges[i].end < start; i++)
		nr[n++] = x->ranges[i];
	/* merge every range that touches or overlaps [start, end) */
	for (; i < x->nranges && x->ranges[i].start <= end; i++) {
		if (x->ranges[i].start < start)
			start = x->ranges[i].start;
		if (x->ranges[i].end > end)
			end = x->ranges[i].end;
	}
	nr[n++] = (struct ipr_range){ start, end };
	for (; i < x->nranges && n <= IPR_MAX_RANGES; i++)
		nr[n++] = x->ranges[i];
	if (n > IPR_MAX_RANGES)
		return false;
	memcpy(x->ranges, nr, n * sizeof(nr[0]));
	x->nranges = (uint8_t)n;
	return true;
}

/* Keep the first fragment's headers: from the start of its data (its MAC
 * header, say) when close enough, else from its IP header. */
static void ipr_take_prefix(struct ipr_entry *x, const struct nfc_packet *p, uint32_t hlen)
{
	const unsigned char *nh = nfc_packet_network_header(p);
	const unsigned char *start = nh;
	if (p->data <= nh && (size_t)(nh - p->data) + hlen <= IPR_PREFIX_MAX)
		start = p->data;
	x->mac_off = -1;
	if (nfc_packet_has_mac_header(p)) {
		const unsigned char *mh = nfc_packet_mac_header(p);
		if (mh >= start && mh < nh)
			x->mac_off = (int16_t)(mh - start);
	}
	x->nh_off = (uint8_t)(nh - start);
	x->hlen = (uint8_t)hlen;
	x->prefix_len = (uint8_t)(x->nh_off + hlen);
	memcpy(x->prefix, start, x->prefix_len);
	x->have_first = true;
}

/* ---- the packet path ---- */

/* A bad fragment: count and drop it. */
static int ipr_bad(struct ipreassembler *r, struct nfc_packet *p)
{
	r->bad++;
	nfc_element_drop(&r->e, p);
	return IPX_GONE;
}

static int ipr_step(struct nfc_element *e, struct nfc_packet **pp)
{
	struct ipreassembler *r = (struct ipreassembler *)e;
	struct nfc_packet *p = *pp;
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	int64_t nh_off = ip ? nfc_packet_network_header_offset(p) : -1;
	if (nh_off < 0 || (uint64_t)nh_off + sizeof(struct nfc_ip) > p->length)
		return ipr_bad(r, p);
	if (ipx_likely(!nfc_ip_is_fragment(ip)))
		return IPX_PASS;
	r->frags_seen++;

	if (!p->timestamp_ns)
		p->timestamp_ns = nfc_now();
	int64_t now = p->timestamp_ns;
	if (now >= r->reap_time)
		ipr_reap(r, now);

	/* the fragment's place in the data, and sanity */
	uint32_t hlen = nfc_ip_hl(ip) << 2, ip_len = ntohs(ip->len);
	bool mf = (ip->off & htons(NFC_IP_MF)) != 0;
	uint32_t p_off = (ntohs(ip->off) & NFC_IP_OFFMASK) << 3;
	if (hlen < sizeof(struct nfc_ip) || ip_len < hlen || (uint64_t)nh_off + hlen > p->length)
		return ipr_bad(r, p);
	uint32_t dlen = ip_len - hlen, p_lastoff = p_off + dlen;
	uint32_t avail = p->length - (uint32_t)nh_off - hlen;
	if (p_lastoff > IPR_LARGEST || p_lastoff <= p_off || (mf && (p_lastoff & 7) != 0) ||
	    avail < dlen)
		return ipr_bad(r, p);

	if (r->mem_used > r->himem)
		ipr_reap_overfull(r);

	struct ipr_entry *x = ipr_find(r, ip);
	if (x) {
		/* disagreements about where the packet ends */
		uint32_t have_end = x->nranges ? x->ranges[x->nranges - 1].end : 0;
		if ((x->have_last && (p_lastoff > x->total || (!mf && p_lastoff != x->total))) ||
		    (!mf && have_end > p_lastoff))
			return ipr_bad(r, p);
	} else if (!(x = ipr_create(r, ip, p_lastoff, mf))) {
		nfc_element_drop(e, p); /* out of memory */
		return IPX_GONE;
	}

	if (!ipr_grow(r, x, p_lastoff) || !ipr_add_range(x, p_off, p_lastoff)) {
		ipr_fail(r, x);
		nfc_element_drop(e, p);
		return IPX_GONE;
	}
	const unsigned char *pdata = (const unsigned char *)ip + hlen;
	memcpy(x->q->data + p_off, pdata, dlen);
	if (!mf) {
		x->have_last = true;
		x->total = p_lastoff;
	}
	if (ip_len > x->max_frag)
		x->max_frag = ip_len;
	if (p_off == 0) {
		ipr_take_prefix(x, p, hlen);
		nfc_packet_copy_annotations(x->q, p);
	} else if (!x->have_first && x->nranges == 1 && x->ranges[0].start == p_off)
		nfc_packet_copy_annotations(x->q, p); /* until the first fragment comes */
	x->last_ns = now;
	ipr_age_unlink(r, x);
	ipr_age_append(r, x);

	bool complete = x->have_last && x->have_first && x->nranges == 1 &&
			x->ranges[0].start == 0 && x->ranges[0].end == x->total;
	if (!complete) {
		nfc_packet_kill(p);
		return IPX_GONE;
	}
	if (x->hlen + x->total > IPR_LARGEST) { /* would not fit an IP length */
		ipr_fail(r, x);
		return ipr_bad(r, p);
	}
	uint32_t total = x->total, max_frag = x->max_frag;
	struct nfc_packet *q = ipr_release(r, x);
	if (!q || !(q = ipr_finish(x, q, total, true))) {
		nfc_element_drop(e, p);
		return IPX_GONE;
	}
	q->timestamp_ns = p->timestamp_ns;
	if (r->mtu_anno >= 0) {
		uint16_t m = (uint16_t)max_frag;
		memcpy(q->anno + r->mtu_anno, &m, 2);
	}
	nfc_packet_kill(p);
	r->good++;
	*pp = q;
	return IPX_PASS;
}

IPX_DEFINE_FILTER(ipr, ipr_step)

static int ipr_read_dump(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct ipreassembler *r = (struct ipreassembler *)e;
	nfc_strbuf_printf(out,
			  "frags seen total:    %llu\n"
			  "good reassemblies:   %llu\n"
			  "failed reassemblies: %llu\n"
			  "bad fragments seen:  %llu\n"
			  "memory used:         %u\n"
			  "cached chunk data:\n",
			  (unsigned long long)r->frags_seen, (unsigned long long)r->good,
			  (unsigned long long)r->failed, (unsigned long long)r->bad,
			  (unsigned)r->mem_used);
	for (const struct ipr_entry *x = r->oldest; x; x = x->newer) {
		char s[16], d[16];
		nfc_strbuf_printf(out, " %s > %s proto %u id %u", nfc_ip_unparse(x->src, s),
				  nfc_ip_unparse(x->dst, d), x->proto, ntohs(x->id));
		for (unsigned i = 0; i < x->nranges; i++)
			nfc_strbuf_printf(out, " (%u,%u)", x->ranges[i].start, x->ranges[i].end);
		if (x->have_last)
			nfc_strbuf_printf(out, " of %u", x->total);
		nfc_strbuf_putc(out, '\n');
	}
	return 0;
}

static int ipr_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "dump", ipr_read_dump, NULL, 0);
	return 0;
}

static const struct nfc_element_class ipreassembler_class = {
	.name = "IPReassembler",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct ipreassembler),
	.configure = ipr_configure,
	.initialize = ipr_initialize,
	.cleanup = ipr_cleanup,
	.add_handlers = ipr_add_handlers,
	.push = ipr_push,
	.pull = ipr_pull,
};
NFC_REGISTER_ELEMENT(ipreassembler_class);
