/* SPDX-License-Identifier: MIT */
/* Counter: counts packets and bytes per thread, estimates rates, fires handler calls. */

/*
 * =c
 * Counter([KEYWORDS])
 * =s counters
 * measures packet count and rate
 * =d
 * Passes packets unchanged from its input to its output, counting packets
 * and bytes. Counts are kept per thread and summed when read, so a Counter
 * may sit on a path run by several threads.
 *
 * Rates are exponentially weighted moving averages (time constant one
 * second) updated when a rate handler is read: the packets that arrived
 * since the previous read are taken as spread evenly over that interval,
 * and the first read after a reset gives the average since the reset.
 * The packet path never reads the clock.
 *
 * Keyword arguments are:
 *
 * =item COUNT_CALL
 * Argument is `N HANDLER [VALUE]'. When the packet count reaches N, call the
 * write handler HANDLER with VALUE before emitting that packet. Within a
 * batch the packets before it are emitted first, then the handler is called,
 * then the rest of the batch is emitted. In a pull context the handler is
 * called before the batch holding the packet is returned.
 *
 * =item BYTE_COUNT_CALL
 * Argument is `N HANDLER [VALUE]'. When the byte count reaches or exceeds N,
 * call the write handler HANDLER with VALUE before emitting the packet.
 *
 * Each call fires once; resetting the counts re-arms it. With several threads
 * the calls are checked against the total count: the first thread to see it
 * at or past N fires, once, in the batch that took it there or the next one
 * (the other threads may have counted concurrently). Far from N the threads
 * count without looking at each other (each within a share of what is left
 * that it reserved), so a COUNT_CALL costs them almost nothing.
 * =h count read-only
 * Returns the number of packets that have passed since the last reset.
 * =h byte_count read-only
 * Returns the number of bytes that have passed since the last reset.
 * =h rate read-only
 * Returns the recent arrival rate in packets per second.
 * =h byte_rate read-only
 * Returns the recent arrival rate in bytes per second.
 * =h bit_rate read-only
 * Returns the recent arrival rate in bits per second.
 * =h reset write-only
 * Resets the counts and rates to zero (and re-arms the calls).
 * =h reset_counts write-only
 * Same as reset.
 * =h count_call read/write
 * Returns the COUNT_CALL trigger count (empty when there is none), or writes
 * a new COUNT_CALL argument `N [HANDLER [VALUE]]'; without HANDLER nothing is
 * called.
 * =h byte_count_call read/write
 * Same for BYTE_COUNT_CALL.
 * =e
 *   InfiniteSource(LIMIT 10) -> c :: Counter -> Discard;
 *   DriverManager(wait 0.1s, print c.count);
 * =a AverageCounter
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <nfclick/fence.h>
#include <nfclick/nfclick.h>

/* Per-thread counts. Slots are 128 bytes with the counters at the front, so
 * two threads' counters are never within 64 bytes of each other whatever the
 * instance's alignment: no false sharing without over-aligned types. */
struct counter_slot {
	uint64_t count;
	uint64_t bytes;
	/* packets this thread may count before COUNT_CALL's N without
	 * looking at the other threads (counter_quota_push), reserved in
	 * arming number quota_epoch */
	uint64_t quota;
	uint32_t quota_epoch;
	char pad[100];
};

/* A COUNT_CALL or BYTE_COUNT_CALL. */
struct counter_trigger {
	uint64_t at;
	/* configured at all (N given) */
	bool set;
	/* fired, or set when the count had already reached N (Click's
	 * COUNT_CALL tests equality, so such a trigger never fires); claimed
	 * with an atomic exchange, so one thread fires it */
	bool done;
	bool have_call;
	struct nfc_handler_call call;
	/* "HANDLER [VALUE]" from the configuration, resolved at initialize */
	char *text;
};

/* Rate estimate, touched only by read handlers. */
struct counter_rate {
	int64_t last_ns;
	uint64_t last_count, last_bytes;
	double pkt_rate, byte_rate;
	/* an estimate exists (the first read takes the average since reset) */
	bool primed;
};

struct counter {
	struct nfc_element e;
	/* read on every batch: true while a trigger may still fire */
	bool armed;
	/* with one thread and only COUNT_CALL armed, its N (else 0): a batch
	 * that leaves the count below it needs none of the armed path's tests */
	uint64_t solo_until;
	struct counter_trigger count_trig, byte_trig;
	struct counter_rate rate;
	char *count_call_arg, *byte_count_call_arg;
	/* the router's threads (slots in use): kept, as the armed path sums
	 * the slots once a batch */
	int nthreads;
	/* COUNT_CALL with several threads (counter_quota_push): the packets
	 * left until N that no thread has reserved, and exact mode (every
	 * thread sums every count each batch) once they are all taken */
	_Atomic uint64_t quota_pool;
	_Atomic bool quota_exact;
	/* bumped at each arming: quotas of an older one count as none */
	_Atomic uint32_t quota_epoch;
	/* counting and turning exact mode on handshake with asymmetric
	 * fences (nfclick/fence.h): none on the counting side each batch */
	bool asym_fence;
	/* keeps the read-mostly fields above off slot 0's cache line */
	char pad[64];
	struct counter_slot slot[NFC_MAX_THREADS];
};

#define COUNTER_RATE_TAU_NS NFC_NSEC_PER_SEC

static const struct nfc_arg_spec counter_args[] = {
	{ .keyword = "COUNT_CALL", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct counter, count_call_arg),
	  .doc = "N HANDLER [VALUE]: call a write handler when the packet count reaches N" },
	{ .keyword = "BYTE_COUNT_CALL", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct counter, byte_count_call_arg),
	  .doc = "N HANDLER [VALUE]: call a write handler when the byte count reaches N" },
	NFC_ARGS_END
};

static uint64_t counter_total(const struct counter *c, bool bytes)
{
	uint64_t sum = 0;
	for (int i = 0; i < c->nthreads; i++)
		sum += bytes ? c->slot[i].bytes : c->slot[i].count;
	return sum;
}

static void counter_update_armed(struct counter *c)
{
	bool count_armed = c->count_trig.set && !c->count_trig.done;
	bool byte_armed = c->byte_trig.set && !c->byte_trig.done;
	c->armed = count_armed || byte_armed;
	c->solo_until = c->nthreads == 1 && count_armed && !byte_armed ? c->count_trig.at : 0;
}

/*
 * (Re)start counter_quota_push's bookkeeping: nothing reserved (older
 * quotas lapse with the epoch). Arming may happen while threads count (a
 * count_call write from a handler): a batch each may be counted without
 * being in @total, so the pool leaves that much out, and the last
 * NFC_BATCH_MAX packets a thread are counted exactly.
 */
static void counter_quota_arm(struct counter *c)
{
	const struct counter_trigger *ct = &c->count_trig;
	uint64_t total = counter_total(c, false);
	uint64_t margin = (uint64_t)c->nthreads * NFC_BATCH_MAX;
	atomic_store(&c->quota_pool,
		     ct->set && !ct->done && ct->at > total + margin ? ct->at - total - margin : 0);
	atomic_store(&c->quota_exact, false);
	atomic_fetch_add(&c->quota_epoch, 1);
}

/* Split "N REST" into the count and the handler text (may be empty). */
static int counter_parse_trigger_arg(const char *arg, uint64_t *n, const char **rest)
{
	const char *p = arg + strspn(arg, " \t\r\n");
	size_t len = strcspn(p, " \t\r\n");
	char word[32];
	if (len == 0 || len >= sizeof word)
		return -1;
	memcpy(word, p, len);
	word[len] = 0;
	*rest = p + len + strspn(p + len, " \t\r\n");
	return nfc_parse_uint64(word, n);
}

static int counter_configure_trigger(struct counter *c, struct counter_trigger *t,
				     const char *arg, const char *what, struct nfc_errh *errh)
{
	memset(t, 0, sizeof *t);
	if (!arg)
		return 0;
	const char *rest;
	if (counter_parse_trigger_arg(arg, &t->at, &rest) < 0)
		return nfc_error(errh, "%s: expected 'N HANDLER [VALUE]' with N an unsigned count",
				 what);
	if (!*rest)
		return nfc_error(errh, "%s: missing HANDLER after the count", what);
	t->set = true;
	t->text = nfc_element_strdup(&c->e, rest);
	return t->text ? 0 : nfc_error(errh, "out of memory");
}

static int counter_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct counter *c = (struct counter *)e;
	c->count_call_arg = c->byte_count_call_arg = NULL;
	c->nthreads = e->router ? nfc_router_nthreads(e->router) : NFC_MAX_THREADS;
	if (nfc_args_parse(e, conf, counter_args, errh, NULL) < 0)
		return -1;
	int r = counter_configure_trigger(c, &c->count_trig, c->count_call_arg, "COUNT_CALL", errh);
	if (counter_configure_trigger(c, &c->byte_trig, c->byte_count_call_arg,
				      "BYTE_COUNT_CALL", errh) < 0)
		r = -1;
	return r;
}

static void counter_reset(struct counter *c)
{
	memset(c->slot, 0, sizeof c->slot);
	c->count_trig.done = c->byte_trig.done = false;
	c->rate.last_ns = nfc_now_steady();
	c->rate.last_count = c->rate.last_bytes = 0;
	c->rate.pkt_rate = c->rate.byte_rate = 0;
	c->rate.primed = false;
	counter_update_armed(c);
	counter_quota_arm(c);
}

static int counter_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct counter *c = (struct counter *)e;
	int r = 0;
	c->asym_fence = c->nthreads > 1 && nfc_fence_asymmetric();
	struct counter_trigger *trigs[2] = { &c->count_trig, &c->byte_trig };
	for (int i = 0; i < 2; i++) {
		struct counter_trigger *t = trigs[i];
		if (!t->set)
			continue;
		if (nfc_handler_call_init(&t->call, e, t->text, 1, errh) < 0)
			r = -1;
		else
			t->have_call = true;
	}
	counter_reset(c);
	return r;
}

static void counter_cleanup(struct nfc_element *e)
{
	struct counter *c = (struct counter *)e;
	if (c->count_trig.have_call)
		nfc_handler_call_free(&c->count_trig.call);
	if (c->byte_trig.have_call)
		nfc_handler_call_free(&c->byte_trig.call);
	c->count_trig.have_call = c->byte_trig.have_call = false;
}

/* ---- packet path ---- */

static inline void counter_account(struct counter *c, struct nfc_packet **pkts, unsigned n)
{
	struct counter_slot *s = &c->slot[nfc_thread_id()];
	/* two sums, eight packets a round: fewer loop branches and a shorter
	 * dependency chain than one running sum; 32 bits are enough for a
	 * batch (NFC_PACKET_MAX_BUFFER) and let each add read memory directly */
	uint32_t b0 = 0, b1 = 0;
	struct nfc_packet **p = pkts;
	unsigned left = n;
	for (; left >= 8; left -= 8, p += 8) {
		b0 += p[0]->length + p[2]->length + p[4]->length + p[6]->length;
		b1 += p[1]->length + p[3]->length + p[5]->length + p[7]->length;
	}
	for (; left; left--, p++)
		b0 += (*p)->length;
	uint64_t bytes = (uint64_t)b0 + b1;
	s->count += n;
	s->bytes += bytes;
}

/* Is @t due at @total, and is this the thread that fires it? Several
 * threads counting at once may each see the total jump past N, so the
 * first to see it at or past N claims the trigger. */
static bool counter_claim(struct counter_trigger *t, uint64_t total)
{
	return t->set && !__atomic_load_n(&t->done, __ATOMIC_ACQUIRE) && total >= t->at &&
	       !__atomic_exchange_n(&t->done, true, __ATOMIC_ACQ_REL);
}

/* Run a claimed trigger's handler. */
static void counter_fire(struct counter *c, struct counter_trigger *t)
{
	counter_update_armed(c);
	if (t->have_call)
		(void)nfc_handler_call_run_write(&t->call, nfc_router_errh(c->e.router));
}

/*
 * Account packets one by one and return the index of the first packet at or
 * after @from whose accounting fires a trigger (its own count is included,
 * as Click counts the packet before calling), or @n when none does.
 * *fired tells which trigger.
 */
static unsigned counter_scan(struct counter *c, struct nfc_packet **pkts, unsigned from,
			     unsigned n, struct counter_trigger **fired)
{
	struct counter_slot *s = &c->slot[nfc_thread_id()];
	uint64_t count = counter_total(c, false), bytes = counter_total(c, true);
	struct counter_trigger *ct = &c->count_trig, *bt = &c->byte_trig;
	for (unsigned i = from; i < n; i++) {
		uint32_t len = pkts[i]->length;
		s->count++;
		s->bytes += len;
		count++;
		bytes += len;
		if (counter_claim(ct, count)) {
			*fired = ct;
			return i;
		}
		if (counter_claim(bt, bytes)) {
			*fired = bt;
			return i;
		}
	}
	/* armed is left to the thread that fires (counter_fire) and to
	 * handlers: a thread here may hold a stale view of the triggers, and
	 * its update could disarm a trigger that was just re-armed */
	return n;
}

/* Slow path with armed triggers: forward the packets before the firing one,
 * call the handler, go on with the rest. */
static void counter_push_checked(struct counter *c, struct nfc_batch *b)
{
	unsigned n = b->count, start = 0, i = 0;
	while (i < n) {
		struct counter_trigger *fired = NULL;
		i = counter_scan(c, b->pkts, i, n, &fired);
		if (i == n)
			break;
		if (i > start) {
			struct nfc_batch part;
			part.count = i - start;
			memcpy(part.pkts, b->pkts + start, part.count * sizeof part.pkts[0]);
			nfc_push(&c->e, 0, &part);
			start = i;
		}
		counter_fire(c, fired);
		/* the second trigger may fire on the same packet */
		struct counter_trigger *bt = &c->byte_trig;
		if (fired != bt && counter_claim(bt, counter_total(c, true)))
			counter_fire(c, bt);
		i++;
		if (!c->armed) {
			counter_account(c, b->pkts + i, n - i);
			break;
		}
	}
	if (start == 0) {
		nfc_push(&c->e, 0, b);
		return;
	}
	struct nfc_batch rest;
	rest.count = n - start;
	memcpy(rest.pkts, b->pkts + start, rest.count * sizeof rest.pkts[0]);
	b->count = 0;
	nfc_push(&c->e, 0, &rest);
}

/* Reserve for @s at least enough of the pool that @n packets fit in its
 * quota with one to spare; false when the pool has not that much left. */
static bool counter_quota_refill(struct counter *c, struct counter_slot *s, unsigned n)
{
	uint64_t pool = atomic_load(&c->quota_pool);
	uint64_t need = (uint64_t)n + 1 - s->quota;
	for (;;) {
		if (pool < need)
			return false;
		/* a share that leaves the other threads room, and halves as
		 * the pool empties: a few refills over a whole count */
		uint64_t take = pool / (2 * (uint64_t)c->nthreads);
		if (take < need)
			take = need;
		if (atomic_compare_exchange_weak(&c->quota_pool, &pool, pool - take)) {
			s->quota += take;
			return true;
		}
	}
}

/*
 * COUNT_CALL with several threads, without reading every thread's count
 * each batch (a cache line from each other core: 5% of two threads'
 * forwarding rate). The packets left until N are a pool; a thread
 * reserves part of it and counts within its quota without looking at the
 * others: while every thread stays strictly within its quota the total
 * is below N. When a batch does not fit and the pool cannot cover it, the
 * thread turns on exact mode, where every thread sums every count each
 * batch and the first to see N fires (counter_push_checked). A thread
 * counting within its quota looks at the mode again after counting; with
 * a fence on both sides, it or the thread that turned exact mode on sees
 * the other's doing, so N is never missed. The fences are asymmetric
 * (nfclick/fence.h): the counting side's, on every batch, is a compiler
 * barrier; exact mode, turned on once per arming, pays with membarrier. Returns false when the batch
 * is for counter_push_checked.
 */
static bool counter_quota_push(struct counter *c, struct nfc_batch *b)
{
	struct counter_slot *s = &c->slot[nfc_thread_id()];
	unsigned n = b->count;
	uint32_t epoch = atomic_load_explicit(&c->quota_epoch, memory_order_relaxed);
	if (atomic_load_explicit(&c->quota_exact, memory_order_relaxed))
		return false;
	if (s->quota_epoch != epoch) {
		s->quota = 0;
		s->quota_epoch = epoch;
	}
	if (n >= s->quota && !counter_quota_refill(c, s, n)) {
		atomic_store(&c->quota_exact, true);
		nfc_fence_heavy(c->asym_fence);
		return false;
	}
	s->quota -= n;
	counter_account(c, b->pkts, n);
	nfc_fence_light(c->asym_fence);
	if (__builtin_expect(atomic_load_explicit(&c->quota_exact, memory_order_relaxed) ||
				     atomic_load_explicit(&c->quota_epoch, memory_order_relaxed) != epoch,
			     0)) {
		/* exact mode began, or the trigger was re-armed, while we
		 * counted, perhaps without our packets in its sum: look for N
		 * ourselves */
		struct counter_trigger *ct = &c->count_trig;
		bool fire = counter_claim(ct, counter_total(c, false));
		nfc_push(&c->e, 0, b);
		if (fire)
			counter_fire(c, ct);
		return true;
	}
	nfc_push(&c->e, 0, b);
	return true;
}

/* counter_push with a trigger armed: the batches that can reach it take the careful path. */
static __attribute__((noinline)) void counter_push_armed(struct counter *c, struct nfc_batch *b)
{
	const struct counter_trigger *ct = &c->count_trig, *bt = &c->byte_trig;
	if (c->nthreads > 1 && !(bt->set && !bt->done) && ct->set && !ct->done) {
		if (!counter_quota_push(c, b))
			counter_push_checked(c, b);
		return;
	}
	if ((bt->set && !bt->done) || !ct->set || ct->done ||
	    counter_total(c, false) + b->count >= ct->at) {
		counter_push_checked(c, b);
		return;
	}
	counter_account(c, b->pkts, b->count);
	nfc_push(&c->e, 0, b);
}

static void counter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct counter *c = (struct counter *)e;
	/* one thread far from COUNT_CALL's N is as cheap as no trigger (with
	 * several, slot 0 is another thread's: not read here) */
	if (__builtin_expect(c->armed, 0) &&
	    (c->nthreads > 1 || c->slot[0].count + b->count >= c->solo_until)) {
		counter_push_armed(c, b);
		return;
	}
	counter_account(c, b->pkts, b->count);
	nfc_push(e, 0, b);
}

static unsigned counter_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct counter *c = (struct counter *)e;
	unsigned n = nfc_pull(e, 0, out, max);
	struct nfc_packet **pkts = out->pkts + out->count - n;
	if (__builtin_expect(!c->armed, 1)) {
		counter_account(c, pkts, n);
		return n;
	}
	if (c->nthreads > 1 && !atomic_load_explicit(&c->quota_exact, memory_order_relaxed)) {
		/* pulls count exactly: so must pushing threads (counter_quota_push) */
		atomic_store(&c->quota_exact, true);
		nfc_fence_heavy(c->asym_fence);
	}
	unsigned i = 0;
	while (i < n) {
		struct counter_trigger *fired = NULL;
		i = counter_scan(c, pkts, i, n, &fired);
		if (i == n)
			break;
		counter_fire(c, fired);
		struct counter_trigger *bt = &c->byte_trig;
		if (fired != bt && counter_claim(bt, counter_total(c, true)))
			counter_fire(c, bt);
		i++;
		if (!c->armed) {
			counter_account(c, pkts + i, n - i);
			break;
		}
	}
	return n;
}

/* ---- handlers ---- */

enum { H_COUNT, H_BYTE_COUNT, H_RATE, H_BYTE_RATE, H_BIT_RATE, H_COUNT_CALL, H_BYTE_COUNT_CALL };

static void counter_rate_update(struct counter *c)
{
	struct counter_rate *r = &c->rate;
	int64_t now = nfc_now_steady();
	uint64_t count = counter_total(c, false), bytes = counter_total(c, true);
	int64_t dt = now - r->last_ns;
	if (dt <= 0)
		return;
	double secs = (double)dt / NFC_NSEC_PER_SEC;
	double w = r->primed ? 1.0 - exp(-(double)dt / COUNTER_RATE_TAU_NS) : 1.0;
	r->primed = true;
	r->pkt_rate += w * ((double)(count - r->last_count) / secs - r->pkt_rate);
	r->byte_rate += w * ((double)(bytes - r->last_bytes) / secs - r->byte_rate);
	r->last_ns = now;
	r->last_count = count;
	r->last_bytes = bytes;
}

static void counter_print_rate(struct nfc_strbuf *out, double v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.2f", v < 0 ? 0 : v);
	/* "12.50" -> "12.5", "12.00" -> "12" */
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
	nfc_strbuf_puts(out, buf);
}

static int counter_read(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct counter *c = (struct counter *)e;
	switch ((int)(intptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)counter_total(c, false));
		break;
	case H_BYTE_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)counter_total(c, true));
		break;
	case H_RATE:
		counter_rate_update(c);
		counter_print_rate(out, c->rate.pkt_rate);
		break;
	case H_BYTE_RATE:
		counter_rate_update(c);
		counter_print_rate(out, c->rate.byte_rate);
		break;
	case H_BIT_RATE:
		counter_rate_update(c);
		counter_print_rate(out, c->rate.byte_rate * 8);
		break;
	case H_COUNT_CALL:
		if (c->count_trig.set)
			nfc_strbuf_printf(out, "%llu", (unsigned long long)c->count_trig.at);
		break;
	case H_BYTE_COUNT_CALL:
		if (c->byte_trig.set)
			nfc_strbuf_printf(out, "%llu", (unsigned long long)c->byte_trig.at);
		break;
	}
	return 0;
}

static int counter_write_reset(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	counter_reset((struct counter *)e);
	return 0;
}

/* count_call / byte_count_call: "N [HANDLER [VALUE]]". */
static int counter_write_call(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct counter *c = (struct counter *)e;
	bool bytes = (intptr_t)thunk == H_BYTE_COUNT_CALL;
	struct counter_trigger *t = bytes ? &c->byte_trig : &c->count_trig;
	const char *name = bytes ? "byte_count_call" : "count_call";
	uint64_t at;
	const char *rest;
	if (counter_parse_trigger_arg(value, &at, &rest) < 0)
		return nfc_error(errh, "%s: expected 'N [HANDLER [VALUE]]' with N an unsigned count",
				 name);
	struct nfc_handler_call call;
	bool have_call = false;
	if (*rest) {
		if (nfc_handler_call_init(&call, e, rest, 1, errh) < 0)
			return -1;
		have_call = true;
	}
	if (t->have_call)
		nfc_handler_call_free(&t->call);
	t->have_call = have_call;
	if (have_call)
		t->call = call;
	t->at = at;
	t->set = true;
	t->done = false;
	/* Click's == test after each increment: a count already at or past N
	 * can no longer fire */
	if (!bytes && counter_total(c, false) >= at)
		t->done = true;
	counter_update_armed(c);
	counter_quota_arm(c);
	return 0;
}

static int counter_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "count", counter_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "byte_count", counter_read, (void *)H_BYTE_COUNT, 0);
	nfc_add_read_handler(e, "rate", counter_read, (void *)H_RATE, 0);
	nfc_add_read_handler(e, "byte_rate", counter_read, (void *)H_BYTE_RATE, 0);
	nfc_add_read_handler(e, "bit_rate", counter_read, (void *)H_BIT_RATE, 0);
	nfc_add_write_handler(e, "reset", counter_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_write_handler(e, "reset_counts", counter_write_reset, NULL, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "count_call", counter_read, (void *)H_COUNT_CALL, 0);
	nfc_add_write_handler(e, "count_call", counter_write_call, (void *)H_COUNT_CALL, 0);
	nfc_add_read_handler(e, "byte_count_call", counter_read, (void *)H_BYTE_COUNT_CALL, 0);
	nfc_add_write_handler(e, "byte_count_call", counter_write_call,
			      (void *)H_BYTE_COUNT_CALL, 0);
	return 0;
}

static const struct nfc_element_class counter_class = {
	.name = "Counter",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct counter),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = counter_configure,
	.initialize = counter_initialize,
	.cleanup = counter_cleanup,
	.add_handlers = counter_add_handlers,
	.push = counter_push,
	.pull = counter_pull,
};
NFC_REGISTER_ELEMENT(counter_class);
