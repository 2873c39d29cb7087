/* SPDX-License-Identifier: MIT */
/* FastUDPFlows: a benchmark source of Ethernet/IPv4/UDP packets from many rotating flows. */

/*
 * =c
 * FastUDPFlows(RATE, LIMIT, LENGTH, SRCETH, SRCIP, DSTETH, DSTIP, FLOWS, FLOWSIZE [, CHECKSUM, ACTIVE, KEYWORDS])
 * =s udp
 * creates packet flows with static UDP/IP/Ethernet headers
 * =d
 * FastUDPFlows is a benchmark tool. It makes LENGTH-byte Ethernet frames
 * (LENGTH counts the 14-byte Ethernet header and must be at least 60:
 * smaller values are raised to 60 with a warning) from SRCETH to DSTETH,
 * each carrying an IPv4/UDP packet from SRCIP to DSTIP with a zero
 * payload. The IP header has TOS 0, ID 0, no fragment bits and TTL 250.
 *
 * The packets belong to FLOWS concurrent flows that differ only in their
 * UDP ports, drawn at random between 0 and 65534. Each packet goes to a
 * flow chosen at random (uniformly); once a flow has sent FLOWSIZE packets,
 * the next packet it is chosen for starts a new flow in its place, with
 * new random ports. The UDP checksum is correct when CHECKSUM is true (the
 * default) and zero otherwise.
 *
 * FastUDPFlows sends at most RATE packets per second, evenly spaced; RATE
 * 0 means as fast as it is asked. It stops after LIMIT packets in all; a
 * negative LIMIT means no limit. It sends only while ACTIVE (default true).
 *
 * In a pull context (Click's FastUDPFlows is a pull element) it hands out
 * packets whenever pulled, and sleeps as an empty notifier once it stops
 * producing. In a push context (as FastClick's) its task pushes bursts of
 * up to 32 packets, and sleeps while the queue it feeds is full.
 *
 * Each packet's destination IP annotation is DSTIP and its network and
 * transport headers are set; the timestamp annotation is left unset.
 * Unlike Click, which hands out clones of one packet per flow, every packet
 * is a fresh, unshared copy, so elements downstream may write into it
 * without paying for a copy (and packets already sent keep their ports when
 * their flow rotates).
 *
 * Keyword arguments are:
 *
 * =item RATE
 * Unsigned integer. Packets per second; 0: no rate limit.
 * =item LIMIT
 * Integer. Packets to send in all; negative: no limit.
 * =item LENGTH
 * Unsigned integer. Frame length in bytes, Ethernet header included.
 * =item SRCETH
 * Ethernet address. Source Ethernet address.
 * =item SRCIP
 * IP address. Source IP address.
 * =item DSTETH
 * Ethernet address. Destination Ethernet address.
 * =item DSTIP
 * IP address. Destination IP address (and annotation).
 * =item FLOWS
 * Unsigned integer. Number of concurrent flows, at least 1.
 * =item FLOWSIZE
 * Unsigned integer. Packets per flow before its ports change.
 * =item CHECKSUM
 * Boolean. Compute the UDP checksum. Default true.
 * =item ACTIVE
 * Boolean. Send packets. Default true.
 * =item STOP
 * Boolean. Stop the driver once LIMIT packets are sent. Default false.
 * (FastClick.)
 * =item SEQUENTIAL
 * Boolean. Choose the flows in turn (0, 1, 2, ...) rather than at random,
 * and give a flow's successor the next ports up (each plus one) rather
 * than random ones. Default false. (FastClick.)
 * =item FLOWBURST
 * Unsigned integer. Consecutive packets sent from one flow before the next
 * flow is chosen; at least 1. Default 1. (FastClick.)
 * =item DUPLICATE
 * Boolean. FastClick's choice between copies and clones; accepted and
 * ignored, as every packet is a copy here.
 * =h count read-only
 * Returns the number of packets sent.
 * =h rate read/write
 * Reading returns the average rate, in packets per second, between the
 * first packet and the LIMITth (0 until LIMIT packets are sent); writing
 * sets RATE (0: no rate limit).
 * =h reset write-only
 * Resets the count (and the measured rate), so another LIMIT packets go.
 * =h active read/write
 * Returns or sets ACTIVE. Making the element active also resets it.
 * =h limit read/write
 * Returns or sets LIMIT (-1: no limit).
 * =h length read-only
 * Returns LENGTH.
 * =h stop read/write
 * Returns or sets STOP.
 * =h scheduled read-only
 * Returns whether the task is scheduled (push context).
 * =e
 *   FastUDPFlows(RATE 0, LIMIT 1000000, LENGTH 60,
 *                SRCETH 0:0:0:0:0:1, SRCIP 10.0.0.1,
 *                DSTETH 0:0:0:0:0:2, DSTIP 10.1.2.3,
 *                FLOWS 10000, FLOWSIZE 20)
 *     -> Unqueue(BURST 32) -> ...
 * =a InfiniteSource, RatedSource, UDPIPEncap
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include <nfclick/rate.h>

/* Where the headers lie in a frame. */
enum {
	FUDP_ETH_LEN = 14,
	FUDP_IP_OFF = FUDP_ETH_LEN,
	FUDP_IP_LEN = 20,
	FUDP_UDP_OFF = FUDP_IP_OFF + FUDP_IP_LEN,
	FUDP_UDP_LEN = 8,
	FUDP_MIN_LENGTH = 60,
	FUDP_MAX_LENGTH = FUDP_ETH_LEN + 0xFFFF, /* the IP length field's limit */
	FUDP_PUSH_BURST = 32,                    /* FastClick's push batch */
	FUDP_PORT_RANGE = 0xFFFF,                /* ports 0 .. 65534, as Click draws them */
};

/* Short frames are copied from a 64-byte zero-padded template that stays in
 * vector registers for a whole burst (InfiniteSource does the same). */
#define FUDP_CHUNK 64
/* The annotation block of struct nfc_packet (timestamp to the end of the
 * user annotations): stored whole from a template, as a new packet's
 * annotations are cleared. */
#define FUDP_ANNO_BLOCK 96
typedef unsigned char fudp_vec __attribute__((vector_size(NFC_VEC_BYTES_)));

/* One flow: the UDP header its packets carry, and how many they were. */
struct fudp_flow {
	unsigned char udp[FUDP_UDP_LEN]; /* sport, dport, length, checksum: as sent */
	uint32_t sent;
};

struct fudp {
	struct nfc_element e;
	/* --- used on every burst --- */
	unsigned char *frame; /* the frame, ports and UDP checksum zero, padded to FUDP_CHUNK */
	struct fudp_flow *flows;
	uint32_t length;
	uint32_t nflows, flowsize, flowburst;
	uint32_t current_flow; /* the flow of the last packet */
	uint32_t burst_left;   /* packets the current flow still sends in its FLOWBURST */
	int64_t limit;         /* < 0: no limit */
	uint64_t count;
	bool active, rate_limited, sequential, checksum, stop, push_mode;
	struct nfc_rng rng;     /* ports, and the seed of pick */
	uint64_t pick;          /* the flow choice's generator (fudp_pick) */
	struct nfc_gap_rate rate;
	unsigned char anno[FUDP_ANNO_BLOCK] __attribute__((aligned(32)));
	/* ones' complement sum of the UDP pseudo-header, length and payload:
	 * a flow's checksum adds only its ports */
	uint16_t udp_base_sum;
	/* time of the first packet and of the LIMITth, for the rate handler */
	int64_t first_ns, last_ns;
	struct nfc_task task;
	struct nfc_timer timer; /* RATE: when the next packet is due */
	bool timer_initialized;
	struct nfc_signal nonfull;
	struct nfc_notifier empty; /* pull context: "I have packets" */
	/* --- configuration --- */
	uint32_t rate_arg, length_arg;
	uint8_t srceth[6], dsteth[6];
	uint32_t srcip, dstip; /* network order */
	bool duplicate;
};

static const struct nfc_arg_spec fudp_args[] = {
#define FUDP_MP (NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL)
	{ .keyword = "RATE", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, rate_arg), .doc = "packets per second (0: unlimited)" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT64, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, limit), .doc = "packets to send (-1: no limit)" },
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, length_arg), .doc = "frame length (at least 60)" },
	{ .keyword = "SRCETH", .type = NFC_ARG_ETHER, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, srceth), .doc = "source Ethernet address" },
	{ .keyword = "SRCIP", .type = NFC_ARG_IP, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, srcip), .doc = "source IP address" },
	{ .keyword = "DSTETH", .type = NFC_ARG_ETHER, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, dsteth), .doc = "destination Ethernet address" },
	{ .keyword = "DSTIP", .type = NFC_ARG_IP, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, dstip), .doc = "destination IP address" },
	{ .keyword = "FLOWS", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, nflows), .doc = "number of concurrent flows" },
	{ .keyword = "FLOWSIZE", .type = NFC_ARG_UINT32, .flags = FUDP_MP,
	  .offset = offsetof(struct fudp, flowsize), .doc = "packets per flow" },
	{ .keyword = "CHECKSUM", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fudp, checksum), .doc = "compute the UDP checksum" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fudp, active), .doc = "send packets" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "SEQUENTIAL", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, sequential),
	  .doc = "flows in turn, ports counting up" },
	{ .keyword = "FLOWBURST", .type = NFC_ARG_UINT32, .offset = offsetof(struct fudp, flowburst),
	  .doc = "consecutive packets per flow choice" },
	{ .keyword = "DUPLICATE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fudp, duplicate),
	  .doc = "ignored (packets are always copies)" },
#undef FUDP_MP
	NFC_ARGS_END
};

static int fudp_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	f->checksum = true;
	f->active = true;
	f->stop = f->sequential = f->duplicate = false;
	f->flowburst = 1;
	if (nfc_args_parse(e, conf, fudp_args, errh, NULL) < 0)
		return -1;
	int r = 0;
	if (f->nflows < 1)
		r = nfc_error(errh, "FLOWS must be at least 1");
	if (f->flowburst < 1)
		r = nfc_error(errh, "FLOWBURST must be at least 1");
	if (f->length_arg > FUDP_MAX_LENGTH)
		r = nfc_error(errh, "LENGTH must be at most %u", (unsigned)FUDP_MAX_LENGTH);
	if (f->rate_arg > NFC_GAP_RATE_MAX)
		r = nfc_error(errh, "RATE too large; max is %u", NFC_GAP_RATE_MAX);
	if (r < 0)
		return r;
	f->length = f->length_arg;
	if (f->length < FUDP_MIN_LENGTH) {
		nfc_warning(errh, "LENGTH %u is less than 60; using 60", f->length);
		f->length = FUDP_MIN_LENGTH;
	}
	if (f->limit < 0)
		f->limit = -1;
	f->rate_limited = f->rate_arg != 0;
	nfc_gap_rate_init(&f->rate, f->rate_arg);
	/* configure, not initialize: downstream pullers look for this notifier
	 * in their own initialize, which may run before ours */
	nfc_notifier_init(&f->empty, f->active, NFC_SEARCH_STOP);
	return 0;
}

/* ---- the frame and the flows ---- */

/* The frame all flows share: Ethernet, IP (checksummed) and UDP headers,
 * ports and UDP checksum zero, payload zero. Also sets udp_base_sum. */
static int fudp_build_frame(struct fudp *f)
{
	size_t padded = (f->length + FUDP_CHUNK - 1) / FUDP_CHUNK * FUDP_CHUNK;
	unsigned char *b = calloc(1, padded);
	if (!b)
		return -1;
	memcpy(b, f->dsteth, 6);
	memcpy(b + 6, f->srceth, 6);
	b[12] = 0x08; /* ETHERTYPE_IP */
	b[13] = 0x00;

	struct nfc_ip *ip = (struct nfc_ip *)(b + FUDP_IP_OFF);
	uint16_t ip_len = (uint16_t)(f->length - FUDP_ETH_LEN);
	ip->vhl = 0x45;
	ip->len = htons(ip_len);
	ip->ttl = 250;
	ip->p = NFC_IP_PROTO_UDP;
	ip->src = f->srcip;
	ip->dst = f->dstip;
	ip->sum = nfc_in_cksum(ip, FUDP_IP_LEN);

	struct nfc_udp *udp = (struct nfc_udp *)(b + FUDP_UDP_OFF);
	uint16_t udp_len = (uint16_t)(ip_len - FUDP_IP_LEN);
	udp->len = htons(udp_len);
	/* the checksum of this all-zero-ports header, uncomplemented, is the
	 * base every flow adds its ports to */
	f->udp_base_sum =
		(uint16_t)~nfc_transport_cksum(f->srcip, f->dstip, NFC_IP_PROTO_UDP, udp, udp_len);
	f->frame = b;
	return 0;
}

/* The annotations every packet starts with: cleared, but for the
 * destination IP and the network and transport headers of a pooled packet
 * (buffer right after the header, default headroom). */
static void fudp_build_annotations(struct fudp *f)
{
	struct {
		struct nfc_packet p;
		unsigned char buf[NFC_PACKET_HEADROOM + FUDP_UDP_OFF];
	} model;
	_Static_assert(offsetof(__typeof__(model), buf) == sizeof(struct nfc_packet),
		       "a pooled packet's buffer follows its header");
	_Static_assert(sizeof f->anno == FUDP_ANNO_BLOCK, "annotation block");
	model.p.head = model.buf;
	nfc_packet_reset_annotations(&model.p, 0);
	nfc_packet_set_network_header(&model.p, model.buf + NFC_PACKET_HEADROOM + FUDP_IP_OFF,
				      FUDP_IP_LEN);
	nfc_packet_set_dst_ip(&model.p, f->dstip);
	memcpy(f->anno, &model.p.timestamp_ns, FUDP_ANNO_BLOCK);
}

static uint16_t fudp_port(const struct fudp_flow *fl, int which)
{
	return (uint16_t)(fl->udp[2 * which] << 8 | fl->udp[2 * which + 1]);
}

/* Give flow @fl ports @sport and @dport (host order) and the checksum to match. */
static void fudp_set_ports(struct fudp *f, struct fudp_flow *fl, uint16_t sport, uint16_t dport)
{
	uint16_t udp_len = (uint16_t)(f->length - FUDP_UDP_OFF);
	uint16_t sum = 0;
	if (f->checksum) {
		/* the base sum plus the two ports: checksum is byte-order
		 * independent, so the words can be added in network order */
		uint32_t s = (uint32_t)f->udp_base_sum + htons(sport) + htons(dport);
		sum = nfc_cksum_fold(s);
		if (sum == 0)
			sum = 0xFFFF; /* zero would mean "no checksum" */
	}
	uint16_t words[4] = { htons(sport), htons(dport), htons(udp_len), sum };
	memcpy(fl->udp, words, sizeof words);
}

/* A flow has sent FLOWSIZE packets: a new flow takes its place. */
static __attribute__((noinline)) void fudp_rotate(struct fudp *f, struct fudp_flow *fl)
{
	uint16_t sport, dport;
	if (f->sequential) {
		sport = (uint16_t)((fudp_port(fl, 0) + 1u) % FUDP_PORT_RANGE);
		dport = (uint16_t)((fudp_port(fl, 1) + 1u) % FUDP_PORT_RANGE);
	} else {
		sport = (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE);
		dport = (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE);
	}
	fudp_set_ports(f, fl, sport, dport);
	fl->sent = 0;
}

/* ---- making packets ---- */

/*
 * The flow choice, made for every packet: a 64-bit LCG (Knuth's MMIX
 * constants) costs three instructions where nfc_rng's xorshift64* takes
 * a dozen, and its high 32 bits are spread well enough for a uniform
 * choice among flows. Seeded from the element's nfc_rng, so RandomSeed
 * governs it too.
 */
static inline uint32_t fudp_pick(uint64_t *state, uint32_t n)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(((*state >> 32) * n) >> 32);
}

static void fudp_seed_pick(struct fudp *f)
{
	uint64_t high = nfc_rng_next(&f->rng);
	f->pick = high << 32 | nfc_rng_next(&f->rng);
}

/*
 * The burst's state, in locals: stores into packets may alias anything, so
 * state read through @f would be reloaded for every packet.
 */
struct fudp_cursor {
	struct fudp_flow *flows;
	uint32_t nflows, flowsize, flowburst, current, burst_left;
	bool sequential;
	uint64_t pick;
};

static inline __attribute__((always_inline)) void fudp_cursor_load(struct fudp_cursor *c,
								   struct fudp *f)
{
	c->flows = f->flows;
	c->nflows = f->nflows;
	c->flowsize = f->flowsize;
	c->flowburst = f->flowburst;
	c->current = f->current_flow;
	c->burst_left = f->burst_left;
	c->sequential = f->sequential;
	unsigned epoch = f->rng.epoch;
	nfc_rng_sync(&f->rng);
	if (f->rng.epoch != epoch) /* RandomSeed gave a new seed */
		fudp_seed_pick(f);
	c->pick = f->pick;
}

static inline __attribute__((always_inline)) void fudp_cursor_store(struct fudp_cursor *c,
								    struct fudp *f)
{
	f->current_flow = c->current;
	f->burst_left = c->burst_left;
	f->pick = c->pick;
}

/* The UDP header of the next packet: choose its flow (FLOWBURST packets
 * per choice; @random_each: the default, a random flow for each packet),
 * rotating the flow once it has sent FLOWSIZE packets. */
static inline __attribute__((always_inline)) const unsigned char *
fudp_next_udp(struct fudp *f, struct fudp_cursor *c, bool random_each)
{
	if (random_each)
		c->current = fudp_pick(&c->pick, c->nflows);
	else if (--c->burst_left == 0) {
		c->burst_left = c->flowburst;
		if (__builtin_expect(c->sequential, 0))
			c->current = c->current + 1 == c->nflows ? 0 : c->current + 1;
		else
			c->current = fudp_pick(&c->pick, c->nflows);
	}
	struct fudp_flow *fl = &c->flows[c->current];
	if (__builtin_expect(fl->sent >= c->flowsize, 0))
		fudp_rotate(f, fl);
	fl->sent++;
	return fl->udp;
}

/* The template chunk and annotation block in registers (not arrays: the
 * compiler would reload an array each round). */
#if NFC_VEC_BYTES_ == 32
#define FUDP_DATA_VECS(X) X(0) X(1)
#define FUDP_ANNO_VECS(X) X(0) X(1) X(2)
#else
#define FUDP_DATA_VECS(X) X(0) X(1) X(2) X(3)
#define FUDP_ANNO_VECS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#endif
#define FUDP_DECLARE_DATA(k) fudp_vec d##k;
#define FUDP_DECLARE_ANNO(k) fudp_vec a##k;
#define FUDP_LOAD_DATA(k) memcpy(&d##k, f->frame + (k) * sizeof(fudp_vec), sizeof(fudp_vec));
#define FUDP_LOAD_ANNO(k) memcpy(&a##k, f->anno + (k) * sizeof(fudp_vec), sizeof(fudp_vec));
#define FUDP_STORE_DATA(k) memcpy(data + (k) * sizeof(fudp_vec), &d##k, sizeof(fudp_vec));
#define FUDP_STORE_ANNO(k) memcpy(anno + (k) * sizeof(fudp_vec), &a##k, sizeof(fudp_vec));

/* Initialise raw pooled packets @from[0 .. @n) into @pkts, each in one
 * pass: geometry, annotations from the template, frame bytes, then the
 * flow's UDP header over the zero ports. */
static inline __attribute__((always_inline)) void
fudp_fill_short(struct fudp *f, struct fudp_cursor *c, struct nfc_packet **pkts,
		struct nfc_packet **from, unsigned n, bool random_each)
{
	uint32_t len = f->length;
	FUDP_DATA_VECS(FUDP_DECLARE_DATA)
	FUDP_ANNO_VECS(FUDP_DECLARE_ANNO)
	FUDP_DATA_VECS(FUDP_LOAD_DATA)
	FUDP_ANNO_VECS(FUDP_LOAD_ANNO)
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = from[i];
		pkts[i] = p;
		unsigned char *data = (unsigned char *)(p + 1) + NFC_PACKET_HEADROOM;
		unsigned char *anno = (unsigned char *)&p->timestamp_ns;
		p->data = data;
		p->length = len;
		FUDP_ANNO_VECS(FUDP_STORE_ANNO)
		FUDP_DATA_VECS(FUDP_STORE_DATA)
		memcpy(data + FUDP_UDP_OFF, fudp_next_udp(f, c, random_each), FUDP_UDP_LEN);
	}
}

/* Fill @pkts with @n (<= NFC_BATCH_MAX) new packets; returns how many were made. */
static unsigned fudp_make(struct fudp *f, struct nfc_packet **pkts, unsigned n)
{
	uint32_t len = f->length;
	struct fudp_cursor c;
	fudp_cursor_load(&c, f);
	unsigned made;
	if (__builtin_expect(len <= FUDP_CHUNK, 1)) {
		struct nfc_packet **from = nfc_packet_take_raw(n);
		if (__builtin_expect(from != NULL, 1))
			made = n;
		else {
			made = nfc_packet_alloc_raw_slow(pkts, n);
			from = pkts;
		}
		/* the default choice gets its own loop: no FLOWBURST count */
		if (__builtin_expect(c.flowburst == 1 && !c.sequential, 1))
			fudp_fill_short(f, &c, pkts, from, made, true);
		else
			fudp_fill_short(f, &c, pkts, from, made, false);
	} else {
		made = nfc_packet_alloc_many(pkts, n, NFC_PACKET_HEADROOM, len, 0);
		for (unsigned i = 0; i < made; i++) {
			struct nfc_packet *p = pkts[i];
			memcpy(p->data, f->frame, len);
			memcpy(p->data + FUDP_UDP_OFF, fudp_next_udp(f, &c, false), FUDP_UDP_LEN);
			nfc_packet_set_network_header(p, p->data + FUDP_IP_OFF, FUDP_IP_LEN);
			nfc_packet_set_dst_ip(p, f->dstip);
		}
	}
	fudp_cursor_store(&c, f);
	return made;
}

static bool fudp_exhausted(const struct fudp *f)
{
	return f->limit >= 0 && f->count >= (uint64_t)f->limit;
}

/* How many packets may go now, at most @max: LIMIT and RATE allowing.
 * Counts the rate's packets as sent (so make them). */
static unsigned fudp_allowance(struct fudp *f, unsigned max)
{
	uint64_t n = max;
	if (f->limit >= 0 && n > (uint64_t)f->limit - f->count)
		n = (uint64_t)f->limit - f->count;
	if (f->rate_limited) {
		int64_t now = nfc_now();
		unsigned due = 0;
		while (due < n && nfc_gap_rate_need_update(&f->rate, now)) {
			nfc_gap_rate_update(&f->rate);
			due++;
		}
		n = due;
	}
	return (unsigned)n;
}

/* Count @made new packets; note the times the rate handler reports, and
 * stop the driver at LIMIT when asked to. */
static void fudp_sent(struct fudp *f, unsigned made)
{
	if (f->count == 0 && made > 0)
		f->first_ns = nfc_now();
	f->count += made;
	if (made > 0 && fudp_exhausted(f)) {
		f->last_ns = nfc_now();
		if (f->stop)
			nfc_router_please_stop(f->e.router);
	}
}

/* RATE holds the next packet back: sleep until it is due. */
static void fudp_wait_for_rate(struct fudp *f)
{
	int64_t due = nfc_gap_rate_expiry(&f->rate);
	if (due <= 0)
		due = nfc_now() + 1000000; /* unknown: look again in a millisecond */
	if (!f->push_mode)
		nfc_notifier_sleep(&f->empty);
	nfc_timer_schedule_at(&f->timer, due);
}

static bool fudp_run(struct nfc_task *t, void *arg)
{
	struct fudp *f = arg;
	if (!f->active || fudp_exhausted(f) || !nfc_signal_active(&f->nonfull))
		return false;
	unsigned n = fudp_allowance(f, FUDP_PUSH_BURST);
	if (n == 0) {
		fudp_wait_for_rate(f);
		return false;
	}
	struct nfc_batch b;
	nfc_batch_init(&b);
	b.count = fudp_make(f, b.pkts, n);
	unsigned made = b.count;
	fudp_sent(f, made);
	if (made)
		nfc_push(&f->e, 0, &b);
	nfc_task_fast_reschedule(t);
	return made > 0;
}

static unsigned fudp_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct fudp *f = (struct fudp *)e;
	if (!f->active || fudp_exhausted(f)) {
		nfc_notifier_sleep(&f->empty);
		return 0;
	}
	unsigned n = fudp_allowance(f, max);
	if (n == 0) {
		fudp_wait_for_rate(f);
		return 0;
	}
	unsigned made = fudp_make(f, out->pkts + out->count, n);
	out->count += made;
	fudp_sent(f, made);
	return made;
}

/* A packet is due: run the task (push) or tell the pullers (pull). */
static void fudp_timer(struct nfc_timer *timer, void *arg)
{
	struct fudp *f = arg;
	if (f->push_mode)
		nfc_task_schedule(&f->task);
	else
		nfc_notifier_wake(&f->empty);
}

static int fudp_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	f->flows = calloc(f->nflows, sizeof *f->flows);
	if (!f->flows || fudp_build_frame(f) < 0)
		return nfc_error(errh, "out of memory");
	fudp_build_annotations(f);
	nfc_rng_seed(&f->rng, e->router, nfc_rng_stream(e->name, 0));
	for (uint32_t i = 0; i < f->nflows; i++)
		fudp_set_ports(f, &f->flows[i], (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE),
			       (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE));
	fudp_seed_pick(f);
	/* the first packet goes to flow 0 when SEQUENTIAL */
	f->current_flow = f->nflows - 1;
	f->burst_left = 1;
	f->count = 0;
	f->push_mode = nfc_output_is_push(e, 0);
	nfc_timer_init(&f->timer, e, fudp_timer, f);
	f->timer_initialized = true;
	if (f->push_mode) {
		nfc_task_init(&f->task, e, fudp_run, f);
		f->nonfull = nfc_downstream_full_signal(e, 0, &f->task);
		if (f->active)
			nfc_task_schedule(&f->task);
	}
	return 0;
}

static void fudp_cleanup(struct nfc_element *e)
{
	struct fudp *f = (struct fudp *)e;
	if (f->timer_initialized)
		nfc_timer_cleanup(&f->timer);
	if (f->task.initialized)
		nfc_task_cleanup(&f->task);
	free(f->flows);
	free(f->frame);
	f->flows = NULL;
	f->frame = NULL;
}

/* ---- handlers ---- */

enum { H_COUNT, H_RATE, H_RESET, H_ACTIVE, H_LIMIT, H_LENGTH, H_STOP };

/* Click's measure: packets over the time from the first to the LIMITth,
 * with at least a millisecond (its clock's tick) between them. */
static uint64_t fudp_measured_rate(const struct fudp *f)
{
	if (f->last_ns == 0)
		return 0;
	int64_t elapsed = f->last_ns - f->first_ns;
	if (elapsed < 1000000)
		elapsed = 1000000;
	return (uint64_t)((double)f->count * 1e9 / (double)elapsed);
}

static int fudp_read(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	switch ((int)(intptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)f->count);
		break;
	case H_RATE:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)fudp_measured_rate(f));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, f->active ? "true" : "false");
		break;
	case H_LIMIT:
		nfc_strbuf_printf(out, "%lld", (long long)f->limit);
		break;
	case H_LENGTH:
		nfc_strbuf_printf(out, "%u", f->length);
		break;
	case H_STOP:
		nfc_strbuf_puts(out, f->stop ? "true" : "false");
		break;
	}
	return 0;
}

static void fudp_reset(struct fudp *f)
{
	f->count = 0;
	f->first_ns = f->last_ns = 0;
}

/* After a change: produce again if there is something to produce. */
static void fudp_wake(struct fudp *f)
{
	if (!f->active || fudp_exhausted(f))
		return;
	if (f->push_mode) {
		if (f->task.initialized && !nfc_task_scheduled(&f->task))
			nfc_task_schedule(&f->task);
	} else
		nfc_notifier_wake(&f->empty);
}

static int fudp_write(struct nfc_element *e, void *thunk, const char *value,
		      struct nfc_errh *errh)
{
	struct fudp *f = (struct fudp *)e;
	switch ((int)(intptr_t)thunk) {
	case H_RATE: {
		uint32_t rate;
		if (nfc_parse_uint32(value, &rate) < 0)
			return nfc_error(errh, "rate: expected unsigned integer");
		if (rate > NFC_GAP_RATE_MAX)
			return nfc_error(errh, "rate: too large; max is %u", NFC_GAP_RATE_MAX);
		nfc_gap_rate_set_rate(&f->rate, rate);
		f->rate_limited = rate != 0;
		break;
	}
	case H_RESET:
		fudp_reset(f);
		break;
	case H_ACTIVE:
		if (nfc_parse_bool(value, &f->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		if (f->active)
			fudp_reset(f);
		break;
	case H_LIMIT: {
		int64_t limit;
		if (nfc_parse_int64(value, &limit) < 0)
			return nfc_error(errh, "limit: expected integer");
		f->limit = limit < 0 ? -1 : limit;
		break;
	}
	case H_STOP:
		if (nfc_parse_bool(value, &f->stop) < 0)
			return nfc_error(errh, "stop: expected boolean");
		break;
	}
	fudp_wake(f);
	return 0;
}

static int fudp_add_handlers(struct nfc_element *e)
{
	static const struct {
		const char *name;
		int h;
		bool rd, wr;
	} handlers[] = {
		{ "count", H_COUNT, true, false },   { "rate", H_RATE, true, true },
		{ "reset", H_RESET, false, true },   { "active", H_ACTIVE, true, true },
		{ "limit", H_LIMIT, true, true },    { "length", H_LENGTH, true, false },
		{ "stop", H_STOP, true, true },
	};
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
		void *thunk = (void *)(intptr_t)handlers[i].h;
		if (handlers[i].rd)
			nfc_add_read_handler(e, handlers[i].name, fudp_read, thunk, 0);
		if (handlers[i].wr)
			nfc_add_write_handler(e, handlers[i].name, fudp_write, thunk,
					      handlers[i].h == H_RESET ? NFC_HANDLER_BUTTON : 0);
	}
	if (nfc_output_is_push(e, 0))
		nfc_add_task_handlers(e, &((struct fudp *)e)->task);
	return 0;
}

static void *fudp_cast(struct nfc_element *e, const char *iface)
{
	struct fudp *f = (struct fudp *)e;
	/* only a pulled source announces "has packets"; pushed, it is just busy */
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0 && !nfc_output_is_push(e, 0))
		return &f->empty;
	return NULL;
}

static const struct nfc_element_class fudp_class = {
	.name = "FastUDPFlows",
	.port_count = "0/1",
	.processing = "a/a",
	.size = sizeof(struct fudp),
	.configure = fudp_configure,
	.initialize = fudp_initialize,
	.cleanup = fudp_cleanup,
	.add_handlers = fudp_add_handlers,
	.cast = fudp_cast,
	.pull = fudp_pull,
};
NFC_REGISTER_ELEMENT(fudp_class);
