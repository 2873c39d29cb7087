/* SPDX-License-Identifier: MIT */
/* FastUDPFlows: frame template, flows, and the packet-making fast path (pull, task, timer). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "fastudpflows_priv.h"

typedef unsigned char fudp_vec __attribute__((vector_size(NFC_VEC_BYTES_)));

/* ---- the frame and the flows ---- */

/* The frame all flows share: Ethernet, IP (checksummed) and UDP headers,
 * ports and UDP checksum zero, payload zero. Also sets udp_base_sum. */
int fudp_build_frame(struct fudp *f)
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
void fudp_build_annotations(struct fudp *f)
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

/* Every flow's first ports, at random from the seeded f->rng; then the
 * flow choice's seed. */
void fudp_init_flows(struct fudp *f)
{
	for (uint32_t i = 0; i < f->nflows; i++)
		fudp_set_ports(f, &f->flows[i], (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE),
			       (uint16_t)nfc_rng_below(&f->rng, FUDP_PORT_RANGE));
	fudp_seed_pick(f);
	/* the first packet goes to flow 0 when SEQUENTIAL */
	f->current_flow = f->nflows - 1;
	f->burst_left = 1;
}

/* ---- making packets ---- */

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
		struct nfc_packet **from = nfc_packet_take_raw_burst(pkts, n, &made);
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

bool fudp_run(struct nfc_task *t, void *arg)
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

unsigned fudp_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
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
void fudp_timer(struct nfc_timer *timer, void *arg)
{
	struct fudp *f = arg;
	if (f->push_mode)
		nfc_task_schedule(&f->task);
	else
		nfc_notifier_wake(&f->empty);
}
