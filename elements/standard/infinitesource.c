/* SPDX-License-Identifier: MIT */
/* InfiniteSource: generates packets whenever scheduled (push) or pulled (pull). */

/*
 * =c
 * InfiniteSource([DATA, LIMIT, BURST, ACTIVE, KEYWORDS])
 * =s basicsources
 * generates packets whenever scheduled
 * =d
 * Creates packets consisting of DATA. In a push context, pushes BURST such
 * packets out its single output, as one batch, every time its task is
 * scheduled (which will be often). In a pull context, hands out packets
 * whenever pulled. Stops after LIMIT packets; a negative LIMIT means no
 * limit. Sends packets only while ACTIVE is true.
 *
 * Default DATA is at least 64 bytes long; default LIMIT is -1; default BURST
 * is 1 (Click's per-packet behaviour); default ACTIVE is true.
 *
 * Every packet is a fresh, unshared packet with a copy of DATA (Click hands
 * out clones of one packet), so elements that write into packets downstream
 * never pay for a copy.
 *
 * In a push context InfiniteSource listens to downstream full notifiers:
 * it sleeps while the queue it feeds is full. In a pull context it is an
 * empty notifier that goes to sleep once it stops producing.
 *
 * Keyword arguments are:
 *
 * =item DATA
 * String. Same as the DATA argument.
 * =item LENGTH
 * Integer. If set, packets have this length: DATA is truncated or repeated
 * to fill it.
 * =item DATASIZE
 * Integer. Old spelling of LENGTH.
 * =item LIMIT
 * Integer. Same as the LIMIT argument.
 * =item BURST
 * Integer. Same as the BURST argument.
 * =item ACTIVE
 * Boolean. Same as the ACTIVE argument.
 * =item STOP
 * Boolean. If true, asks the driver to stop once LIMIT packets are sent.
 * Default is false.
 * =item END_CALL
 * A write handler called once LIMIT packets are sent. END_CALL and STOP are
 * mutually exclusive.
 * =item TIMESTAMP
 * Boolean. If false, packets' timestamp annotations are left unset.
 * Default is true (the time the burst was made).
 * =h count read-only
 * Returns the total number of packets generated.
 * =h reset write-only
 * Resets the count to 0; the element then generates another LIMIT packets
 * (if it is active).
 * =h data read/write
 * Returns or sets the DATA parameter (written like the argument: quotes and
 * \<hex> escapes are understood).
 * =h length read/write
 * Returns or sets the LENGTH parameter (-1 when unset).
 * =h limit read/write
 * Returns or sets the LIMIT parameter.
 * =h burst read/write
 * Returns or sets the BURST parameter.
 * =h active read/write
 * Makes the element active or inactive.
 * =h scheduled read-only
 * Returns whether the task is scheduled (push context).
 * =e
 *   InfiniteSource(\<0800>, LIMIT 1000, STOP true) -> Queue -> ...
 * =a RatedSource, TimedSource
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "source_data.h"

/* Packet bytes are copied in whole blocks of this size (into a zero-padded
 * source), so the copy is a few vector moves instead of a memcpy call. */
#define INFSRC_CHUNK SOURCE_CHUNK
typedef unsigned char infsrc_vec __attribute__((vector_size(NFC_VEC_BYTES_)));

struct infsrc {
	struct nfc_element e;
	/* --- used on every burst --- */
	struct source_data content; /* the packet bytes first, then DATA and LENGTH */
	uint32_t burst;
	int64_t limit;        /* < 0: unlimited */
	uint64_t count;
	bool active;
	bool timestamp;
	bool stop;
	bool push_mode;
	struct nfc_signal nonfull;
	struct nfc_task task;
	/* pull context: "I have packets" */
	struct nfc_notifier empty;
	/* --- configuration --- */
	int32_t burst_arg;
	char *end_call_text;
	bool have_end_call;
	struct nfc_handler_call end_call;
};

static const struct nfc_arg_spec infsrc_args[] = {
	SOURCE_DATA_ARG(struct infsrc, content),
	{ .keyword = "LIMIT", .type = NFC_ARG_INT64, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct infsrc, limit), .doc = "packets to send (-1: no limit)" },
	{ .keyword = "BURST", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct infsrc, burst_arg), .doc = "packets per scheduling" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct infsrc, active), .doc = "send packets" },
	SOURCE_LENGTH_ARGS(struct infsrc, content),
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct infsrc, stop),
	  .doc = "stop the driver after LIMIT packets" },
	{ .keyword = "END_CALL", .type = NFC_ARG_HANDLER,
	  .offset = offsetof(struct infsrc, end_call_text),
	  .doc = "write handler to call after LIMIT packets" },
	{ .keyword = "TIMESTAMP", .type = NFC_ARG_BOOL, .offset = offsetof(struct infsrc, timestamp),
	  .doc = "set timestamp annotations" },
	NFC_ARGS_END
};

static int infsrc_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct infsrc *s = (struct infsrc *)e;
	source_data_init(&s->content);
	s->limit = -1;
	s->burst_arg = 1;
	s->active = true;
	s->timestamp = true;
	s->stop = false;
	s->end_call_text = NULL;
	if (nfc_args_parse(e, conf, infsrc_args, errh, NULL) < 0)
		return -1;
	int r = 0;
	if (s->burst_arg < 1)
		r = nfc_error(errh, "BURST must be at least 1");
	if (s->stop && s->end_call_text)
		r = nfc_error(errh, "END_CALL and STOP are mutually exclusive");
	if (source_data_check(&s->content, errh) < 0)
		r = -1;
	if (r < 0)
		return r;
	s->burst = (uint32_t)s->burst_arg;
	if (source_data_setup(&s->content, errh) < 0)
		return -1;
	/* configure, not initialize: downstream pullers look for this notifier
	 * in their own initialize, which may run before ours */
	nfc_notifier_init(&s->empty, s->active, NFC_SEARCH_STOP);
	return 0;
}

static bool infsrc_exhausted(const struct infsrc *s)
{
	return s->limit >= 0 && s->count >= (uint64_t)s->limit;
}

/* LIMIT reached: STOP or END_CALL. */
static void infsrc_end(struct infsrc *s)
{
	if (s->have_end_call)
		(void)nfc_handler_call_run_write(&s->end_call, nfc_router_errh(s->e.router));
	else if (s->stop)
		nfc_router_please_stop(s->e.router);
}

/*
 * The packet bytes as vectors that stay in registers for the whole burst
 * (not an array: the compiler would reload an array from the stack each
 * round, as stores into packets might alias it).
 */
#if NFC_VEC_BYTES_ == 32
#define INFSRC_VECS(X) X(0) X(1)
#else
#define INFSRC_VECS(X) X(0) X(1) X(2) X(3)
#endif
#define INFSRC_VEC_DECLARE(k) infsrc_vec v##k;
#define INFSRC_VEC_LOAD(k) memcpy(&v##k, src + (k) * sizeof(infsrc_vec), sizeof(infsrc_vec));
#define INFSRC_VEC_STORE(k) memcpy(d + (k) * sizeof(infsrc_vec), &v##k, sizeof(infsrc_vec));
/* Make raw pooled packet p a copy of the chunk in the vectors. */
#define INFSRC_INIT(p)                                                              \
	do {                                                                        \
		unsigned char *d = (unsigned char *)((p) + 1) + NFC_PACKET_HEADROOM; \
		nfc_packet_init_pooled((p), NFC_PACKET_HEADROOM, len, now);         \
		INFSRC_VECS(INFSRC_VEC_STORE)                                       \
	} while (0)

/* Fill b with n (<= NFC_BATCH_MAX) new packets; returns how many were made.
 * Inlined: a call's register saves and restores cost about a packet's worth
 * of instructions per burst. */
static inline __attribute__((always_inline)) unsigned
infsrc_make(struct infsrc *s, struct nfc_batch *b, unsigned n)
{
	const unsigned char *src = s->content.pkt;
	uint32_t len = s->content.pkt_len, copy = s->content.copy_len;
	int64_t now = s->timestamp ? nfc_now() : 0;
	struct nfc_packet **pkts = b->pkts;
	unsigned made;
	if (__builtin_expect(copy == INFSRC_CHUNK, 1)) {
		/* Raw pooled packets: initialise each while its header is in cache,
		 * in the same loop that copies the data (one pass over the burst). */
		struct nfc_packet **from = nfc_packet_take_raw_burst(pkts, n, &made);
		/* Eight packets a round: the loop's own instructions almost
		 * vanish next to the packets', and their pointers move from the
		 * free stack into the batch in a pair of vector moves. */
		INFSRC_VECS(INFSRC_VEC_DECLARE)
		INFSRC_VECS(INFSRC_VEC_LOAD)
		struct nfc_packet **pp = pkts;
		unsigned left = made;
		for (; left >= 8; left -= 8, pp += 8, from += 8) {
			nfc_copy8_packet_ptrs_(pp, from);
			INFSRC_INIT(pp[0]);
			INFSRC_INIT(pp[1]);
			INFSRC_INIT(pp[2]);
			INFSRC_INIT(pp[3]);
			INFSRC_INIT(pp[4]);
			INFSRC_INIT(pp[5]);
			INFSRC_INIT(pp[6]);
			INFSRC_INIT(pp[7]);
		}
		for (; left; left--, pp++, from++) {
			*pp = *from;
			INFSRC_INIT(*pp);
		}
	} else {
		made = nfc_packet_alloc_many(pkts, n, NFC_PACKET_HEADROOM, len, 0);
		for (unsigned i = 0; i < made; i++) {
			struct nfc_packet *p = pkts[i];
			if (copy % INFSRC_CHUNK == 0)
				for (uint32_t off = 0; off < copy; off += INFSRC_CHUNK)
					memcpy(p->data + off, src + off, INFSRC_CHUNK);
			else
				memcpy(p->data, src, len);
			p->timestamp_ns = now;
		}
	}
	b->count = made;
	return made;
}

static bool infsrc_run(struct nfc_task *t, void *arg)
{
	struct infsrc *s = arg;
	if (!s->active || !nfc_signal_active(&s->nonfull))
		return false;
	uint64_t n = s->burst;
	if (s->limit >= 0) {
		uint64_t left = s->count < (uint64_t)s->limit ? (uint64_t)s->limit - s->count : 0;
		if (n > left)
			n = left;
	}
	if (n == 0) {
		if (infsrc_exhausted(s))
			infsrc_end(s);
		return false;
	}
	struct nfc_batch b;
	bool sent = false;
	unsigned want, made;
	do {
		want = n > NFC_BATCH_MAX ? NFC_BATCH_MAX : (unsigned)n;
		made = infsrc_make(s, &b, want);
		n -= made;
		s->count += made;
		sent |= made > 0;
		nfc_push(&s->e, 0, &b);
	} while (n && made == want); /* made < want: out of packets, try next time */
	nfc_task_fast_reschedule(t);
	return sent;
}

static unsigned infsrc_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct infsrc *s = (struct infsrc *)e;
	if (!s->active) {
		nfc_notifier_sleep(&s->empty);
		return 0;
	}
	if (infsrc_exhausted(s)) {
		infsrc_end(s);
		nfc_notifier_sleep(&s->empty);
		return 0;
	}
	uint64_t n = max;
	if (s->limit >= 0 && n > (uint64_t)s->limit - s->count)
		n = (uint64_t)s->limit - s->count;
	struct nfc_batch b;
	unsigned made = infsrc_make(s, &b, (unsigned)n);
	memcpy(out->pkts + out->count, b.pkts, made * sizeof b.pkts[0]);
	out->count += made;
	s->count += made;
	return made;
}

static int infsrc_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct infsrc *s = (struct infsrc *)e;
	if (s->end_call_text) {
		if (nfc_handler_call_init(&s->end_call, e, s->end_call_text, 1, errh) < 0)
			return -1;
		s->have_end_call = true;
	}
	s->push_mode = nfc_output_is_push(e, 0);
	if (s->push_mode) {
		nfc_task_init(&s->task, e, infsrc_run, s);
		s->nonfull = nfc_downstream_full_signal(e, 0, &s->task);
		if (s->active)
			nfc_task_schedule(&s->task);
	}
	return 0;
}

static void infsrc_cleanup(struct nfc_element *e)
{
	struct infsrc *s = (struct infsrc *)e;
	if (s->task.initialized)
		nfc_task_cleanup(&s->task);
	if (s->have_end_call)
		nfc_handler_call_free(&s->end_call);
	s->have_end_call = false;
	source_data_cleanup(&s->content);
}

/* ---- handlers ---- */

enum { H_LIMIT, H_BURST, H_ACTIVE, H_COUNT, H_RESET };

static int infsrc_read(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct infsrc *s = (struct infsrc *)e;
	switch ((int)(intptr_t)thunk) {
	case H_LIMIT:
		nfc_strbuf_printf(out, "%lld", (long long)s->limit);
		break;
	case H_BURST:
		nfc_strbuf_printf(out, "%u", s->burst);
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, s->active ? "true" : "false");
		break;
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)s->count);
		break;
	}
	return 0;
}

/* After a change: start producing again if there is something to produce. */
static void infsrc_wake(struct nfc_element *e)
{
	struct infsrc *s = (struct infsrc *)e;
	if (!s->active || infsrc_exhausted(s))
		return;
	if (s->push_mode) {
		if (s->task.initialized && !nfc_task_scheduled(&s->task))
			nfc_task_schedule(&s->task);
	} else
		nfc_notifier_wake(&s->empty);
}

static int infsrc_write(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh)
{
	struct infsrc *s = (struct infsrc *)e;
	switch ((int)(intptr_t)thunk) {
	case H_LIMIT: {
		int64_t limit;
		if (nfc_parse_int64(value, &limit) < 0)
			return nfc_error(errh, "limit: expected integer");
		s->limit = limit;
		break;
	}
	case H_BURST: {
		int32_t burst;
		if (nfc_parse_int32(value, &burst) < 0 || burst < 1)
			return nfc_error(errh, "burst: expected integer >= 1");
		s->burst = (uint32_t)burst;
		break;
	}
	case H_ACTIVE:
		if (nfc_parse_bool(value, &s->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		break;
	case H_RESET:
		s->count = 0;
		break;
	}
	infsrc_wake(e);
	return 0;
}

static const struct source_handler infsrc_own_handlers[] = {
	{ "limit", H_LIMIT, true, true },   { "burst", H_BURST, true, true },
	{ "active", H_ACTIVE, true, true }, { "count", H_COUNT, true, false },
	{ "reset", H_RESET, false, true },
};

/* data and length: written like the argument (quotes, \<hex>); other text as is */
static const struct source_handlers infsrc_handlers = {
	.offset = offsetof(struct infsrc, content), .unquote = true, .changed = infsrc_wake,
	.own = infsrc_own_handlers,
	.nown = sizeof infsrc_own_handlers / sizeof infsrc_own_handlers[0],
	.read = infsrc_read, .write = infsrc_write, .button = H_RESET, .length = true,
};

static int infsrc_add_handlers(struct nfc_element *e)
{
	source_add_handlers(e, &infsrc_handlers);
	nfc_add_task_handlers(e, &((struct infsrc *)e)->task);
	return 0;
}

static void *infsrc_cast(struct nfc_element *e, const char *iface)
{
	struct infsrc *s = (struct infsrc *)e;
	/* only a pulled source announces "has packets"; pushed, it is just busy */
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0 && !nfc_output_is_push(e, 0))
		return &s->empty;
	return NULL;
}

static const struct nfc_element_class infsrc_class = {
	.name = "InfiniteSource",
	.port_count = "0/1",
	.processing = "a/a",
	.size = sizeof(struct infsrc),
	.configure = infsrc_configure,
	.initialize = infsrc_initialize,
	.cleanup = infsrc_cleanup,
	.add_handlers = infsrc_add_handlers,
	.cast = infsrc_cast,
	.pull = infsrc_pull,
};
NFC_REGISTER_ELEMENT(infsrc_class);
