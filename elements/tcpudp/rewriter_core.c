/* SPDX-License-Identifier: MIT */
/* The rewriter core: configuration, input specs, capacity groups, flow life cycle. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "rewriter_priv.h"

/*
 * Click prints the messages of an input spec through a prefixing error
 * handler, which leaves out the landmark ("  input spec 0: bad source
 * port" under the "While configuring" line). A blank landmark does the same
 * here: the error handler trims it to nothing.
 */
__attribute__((format(printf, 3, 4))) static int rw_spec_error(struct nfc_errh *errh, int index,
							       const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return nfc_lerror(errh, " ", "input spec %d: %s", index, msg);
}

static int rw_parse_ports(char **words, int nwords, struct rw_input *in, int index,
			  struct nfc_errh *errh)
{
	if (nwords != 2 || nfc_parse_int32(words[0], &in->foutput) < 0)
		return rw_spec_error(errh, index, "bad forward port");
	if (nfc_parse_int32(words[1], &in->routput) < 0)
		return rw_spec_error(errh, index, "bad reply port");
	return 0;
}

static int rw_check_outputs(struct rw_core *rw, const struct rw_input *in, int index,
			    struct nfc_errh *errh)
{
	if ((unsigned)in->foutput >= (unsigned)rw->e.noutputs ||
	    (unsigned)in->routput >= (unsigned)rw->e.noutputs)
		return rw_spec_error(errh, index, "output port out of range");
	return 0;
}

static int rw_parse_pattern_spec(struct rw_core *rw, char **words, int nwords,
				 struct rw_input *in, int index, struct nfc_errh *errh)
{
	if (nwords <= 2)
		return rw_spec_error(errh, index, "syntax error");
	const char *error = NULL;
	struct rw_pattern *p = rw_pattern_parse(&rw->e, words, nwords - 2, &error);
	if (!p) {
		if (strcmp(error, "no such pattern") == 0)
			return rw_spec_error(errh, index, "no such pattern '%s'", words[0]);
		return rw_spec_error(errh, index, "%s", error);
	}
	if (rw_parse_ports(words + nwords - 2, 2, in, index, errh) < 0 ||
	    rw_check_outputs(rw, in, index, errh) < 0) {
		rw_pattern_unuse(p);
		return -1;
	}
	in->pattern = p;
	in->kind = RW_IN_PATTERN;
	return 0;
}

int rw_parse_input_spec(struct rw_core *rw, const char *text, struct rw_input *in, int index,
			struct nfc_errh *errh)
{
	memset(in, 0, sizeof *in);
	in->kind = RW_IN_DROP;
	in->foutput = in->routput = -1;
	char **words = NULL;
	int nwords = 0;
	if (nfc_split_words(text, &words, &nwords) < 0)
		return rw_spec_error(errh, index, "syntax error");
	int r = 0;
	const char *w = nwords ? words[0] : "";
	if (nwords == 0)
		r = rw_spec_error(errh, index, "empty argument");
	else if (!strcmp(w, "pass") || !strcmp(w, "passthrough") || !strcmp(w, "nochange")) {
		in->foutput = 0;
		if (nwords > 2 || (nwords == 2 && nfc_parse_int32(words[1], &in->foutput) < 0))
			r = rw_spec_error(errh, index, "syntax error, expected 'nochange [OUTPUT]'");
		else if ((unsigned)in->foutput >= (unsigned)rw->e.noutputs)
			r = rw_spec_error(errh, index, "output port out of range");
		else
			in->kind = RW_IN_NOCHANGE;
	} else if (!strcmp(w, "keep")) {
		if (rw_parse_ports(words + 1, nwords - 1, in, index, errh) < 0 ||
		    rw_check_outputs(rw, in, index, errh) < 0)
			r = -1;
		else
			in->kind = RW_IN_KEEP;
	} else if (!strcmp(w, "drop") || !strcmp(w, "discard")) {
		if (nwords > 1)
			r = rw_spec_error(errh, index, "syntax error, expected '%s'", w);
	} else if (!strcmp(w, "pattern") || !strcmp(w, "xpattern")) {
		r = rw_parse_pattern_spec(rw, words + 1, nwords - 1, in, index, errh);
	} else {
		struct nfc_element *x = nfc_router_find(rw->e.router, w, &rw->e);
		struct rw_mapper *m = x && x->cls->cast ? x->cls->cast(x, RW_IFACE_MAPPER) : NULL;
		if (!x)
			r = rw_spec_error(errh, index, "unknown specification");
		else if (nwords > 1)
			r = rw_spec_error(errh, index, "syntax error, expected element name");
		else if (!m)
			r = rw_spec_error(errh, index, "element is not an IPMapper");
		else {
			in->kind = RW_IN_MAPPER;
			in->mapper = m;
		}
	}
	nfc_words_free(words, nwords);
	return r;
}

void rw_input_release(struct rw_input *in)
{
	if (in->kind == RW_IN_PATTERN)
		rw_pattern_unuse(in->pattern);
	in->pattern = NULL;
	in->kind = RW_IN_DROP;
}

/* The capacity group of @rw, made on first use: another rewriter naming
 * @rw in its MAPPING_CAPACITY may ask for it before @rw is configured. */
static struct rw_heap *rw_heap_of(struct rw_core *rw)
{
	if (!rw->heap)
		rw->heap = rw_heap_new();
	return rw->heap;
}

static int rw_configure_capacity(struct rw_core *rw, struct nfc_errh *errh)
{
	if (!rw_heap_of(rw))
		return nfc_error(errh, "out of memory");
	if (!rw->a_capacity)
		return 0;
	int32_t cap;
	if (nfc_parse_int32(rw->a_capacity, &cap) == 0) {
		rw->heap->capacity = cap;
		return 0;
	}
	struct nfc_element *x = nfc_router_find(rw->e.router, rw->a_capacity, &rw->e);
	struct rw_core *other = x && x->cls->cast ? x->cls->cast(x, RW_IFACE_REWRITER) : NULL;
	if (!other || !rw_heap_of(other))
		return nfc_error(errh, "MAPPING_CAPACITY: expected integer or rewriter element name, "
				       "not '%s'", rw->a_capacity);
	if (other->heap != rw->heap) {
		other->heap->users++;
		rw_heap_unuse(rw->heap);
		rw->heap = other->heap;
	}
	return 0;
}

int rw_configure(struct rw_core *rw, struct nfc_conf *conf, const struct nfc_arg_spec *specs,
		 struct nfc_errh *errh)
{
	rw->a_reap = 15 * 60 * NFC_NSEC_PER_SEC;
	int *rest = calloc((size_t)conf->argc + 1, sizeof *rest);
	if (!rest)
		return nfc_error(errh, "out of memory");
	int r = nfc_args_parse(&rw->e, conf, specs, errh, rest);
	if (rw_configure_capacity(rw, errh) < 0)
		r = -1;
	rw->reap_interval_j = rw->a_reap / NFC_NSEC_PER_MSEC;

	int nspecs = 0;
	while (rest[nspecs] >= 0)
		nspecs++;
	if (nspecs != rw->e.ninputs) {
		free(rest);
		return nfc_error(errh, "need %d arguments, one per input port", rw->e.ninputs);
	}
	rw->inputs = calloc((size_t)nspecs + 1, sizeof *rw->inputs);
	if (!rw->inputs) {
		free(rest);
		return nfc_error(errh, "out of memory");
	}
	rw->ninputs = nspecs;
	for (int i = 0; i < nspecs; i++)
		if (rw_parse_input_spec(rw, conf->argv[rest[i]], &rw->inputs[i], i, errh) < 0)
			r = -1;
	free(rest);
	return r;
}

static void rw_gc_timer_fire(struct nfc_timer *t, void *arg)
{
	struct rw_core *rw = arg;
	rw_shrink_heap(rw, false);
	if (rw->reap_interval_j > 0)
		nfc_timer_reschedule_after(t, rw->reap_interval_j * NFC_NSEC_PER_MSEC);
}

int rw_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	int r = 0;
	for (int i = 0; i < rw->ninputs; i++)
		if (rw->inputs[i].kind == RW_IN_MAPPER &&
		    rw->inputs[i].mapper->check(rw->inputs[i].mapper, rw, errh) < 0)
			r = -1;
	nfc_timer_init(&rw->gc_timer, e, rw_gc_timer_fire, rw);
	rw->gc_timer_initialized = true;
	if (rw->reap_interval_j > 0)
		nfc_timer_schedule_after(&rw->gc_timer, rw->reap_interval_j * NFC_NSEC_PER_MSEC);
	return r;
}

/* ---- the flow pool ---- */

static struct rw_flow *rw_pool_get(struct rw_pool *pool)
{
	if (!pool->free_list) {
		if (pool->nchunks == pool->chunk_cap) {
			int ncap = pool->chunk_cap ? pool->chunk_cap * 2 : 8;
			void **nc = realloc(pool->chunks, (size_t)ncap * sizeof *nc);
			if (!nc)
				return NULL;
			pool->chunks = nc;
			pool->chunk_cap = ncap;
		}
		struct rw_flow *chunk = calloc(RW_POOL_CHUNK, sizeof *chunk);
		if (!chunk)
			return NULL;
		pool->chunks[pool->nchunks++] = chunk;
		for (int i = RW_POOL_CHUNK - 1; i >= 0; i--) {
			chunk[i].free_next = pool->free_list;
			pool->free_list = &chunk[i];
		}
	}
	struct rw_flow *f = pool->free_list;
	pool->free_list = f->free_next;
	return f;
}

static void rw_pool_put(struct rw_pool *pool, struct rw_flow *f)
{
	f->owner = NULL; /* marks the flow unused for cleanup's sweep */
	f->free_next = pool->free_list;
	pool->free_list = f;
}

void rw_cleanup(struct nfc_element *e)
{
	struct rw_core *rw = (struct rw_core *)e;
	if (rw->gc_timer_initialized)
		nfc_timer_cleanup(&rw->gc_timer);
	/* Destroy this rewriter's own flows only: the capacity group may
	 * outlive it, serving the rewriters that share it. */
	for (int c = 0; c < rw->pool.nchunks; c++) {
		struct rw_flow *chunk = rw->pool.chunks[c];
		for (int i = 0; i < RW_POOL_CHUNK; i++)
			if (chunk[i].owner == rw)
				rw_flow_destroy(&chunk[i]);
	}
	for (int c = 0; c < rw->pool.nchunks; c++)
		free(rw->pool.chunks[c]);
	free(rw->pool.chunks);
	memset(&rw->pool, 0, sizeof rw->pool);
	rw_map_free(&rw->map);
	rw_map_free(&rw->udp_map);
	for (int i = 0; i < rw->ninputs; i++)
		rw_input_release(&rw->inputs[i]);
	free(rw->inputs);
	rw->inputs = NULL;
	rw->ninputs = 0;
	rw_heap_unuse(rw->heap);
	rw->heap = NULL;
}

void *rw_cast(struct nfc_element *e, const char *iface)
{
	struct rw_core *rw = (struct rw_core *)e;
	if (strcmp(iface, RW_IFACE_REWRITER) == 0)
		return e;
	/* IPRewriter handles TCP as TCPRewriter does */
	if (strcmp(iface, RW_IFACE_TCP_REWRITER) == 0 &&
	    (rw->cls == RW_CLASS_TCP || rw->cls == RW_CLASS_IP))
		return e;
	return NULL;
}

struct rw_entry *rw_get_entry(struct rw_core *rw, int ip_p, const struct rw_flowid *flowid,
			      int input)
{
	struct rw_map *map = rw_map_for(rw, ip_p);
	struct rw_entry *m = rw_map_find(map, flowid);
	if (m && ip_p && rw_entry_flow(m)->ip_p && rw_entry_flow(m)->ip_p != ip_p)
		return NULL;
	if (!m && input >= 0 && input < rw->ninputs) {
		int out;
		m = rw_lookup_or_create(rw, input, ip_p, flowid, map, &out);
	}
	return m;
}

/* ---- flow life cycle ---- */

static int64_t rw_guarantee_of(const struct rw_core *rw, const struct rw_flow *f)
{
	if (rw->cls == RW_CLASS_IP && f->ip_p != NFC_IP_PROTO_TCP)
		return rw->udp_timeouts[1];
	return rw->timeouts[1];
}

int64_t rw_flow_timeout(const struct rw_core *rw, const struct rw_flow *f)
{
	switch (rw->cls) {
	case RW_CLASS_IP:
	case RW_CLASS_TCP:
		if (f->ip_p == NFC_IP_PROTO_TCP) {
			if ((f->tflags & RW_TCP_BOTH_DONE) == RW_TCP_BOTH_DONE)
				return rw->tcp_done_timeout;
			if ((f->tflags & RW_TCP_BOTH_DATA) == RW_TCP_BOTH_DATA)
				return rw->tcp_data_timeout;
			return rw->timeouts[0];
		}
		/* a streaming UDP flow: a reply and more than two packets */
		return f->tflags > 6 ? rw->udp_streaming_timeout : rw->udp_timeouts[0];
	case RW_CLASS_UDP:
		return f->tflags > 6 ? rw->udp_streaming_timeout : rw->timeouts[0];
	default:
		return rw->timeouts[0];
	}
}

/* When a guarantee runs out, the flow stays for the rest of its timeout. */
static int64_t rw_best_effort_expiry(const struct rw_flow *f)
{
	const struct rw_core *rw = f->owner;
	return f->expiry_j + rw_flow_timeout(rw, f) - rw_guarantee_of(rw, f);
}

void rw_flow_refresh(struct rw_core *rw, struct rw_flow *f, int64_t now_j)
{
	int64_t g = rw_guarantee_of(rw, f);
	if (g)
		rw_heap_change_expiry(rw->heap, f, true, now_j + g);
	else
		rw_heap_change_expiry(rw->heap, f, false, now_j + rw_flow_timeout(rw, f));
}

bool rw_flow_adopt(struct rw_core *rw, struct rw_flow *of, int input)
{
	struct rw_map *map = rw_map_for(rw, of->ip_p);
	/* the keys come from one consistent table, so they are free here
	 * unless the new rewriter made flows of its own: those stay */
	struct rw_entry *a = rw_map_find(map, &of->e[0].key), *b = rw_map_find(map, &of->e[1].key);
	if (a || b)
		return false;
	struct rw_flow *f = rw_pool_get(&rw->pool);
	if (!f)
		return false;
	*f = *of;
	f->owner = rw;
	f->owner_input = input;
	f->free_next = NULL;
	f->e[0].hash_next = f->e[1].hash_next = NULL;
	if (rw_heap_insert(rw->heap, f) < 0) {
		rw_pool_put(&rw->pool, f);
		return false;
	}
	/* a flow to itself has one key for both entries: the reply entry
	 * holds it, as rw_add_flow leaves it */
	rw_map_set(map, &f->e[0]);
	rw_map_set(map, &f->e[1]);
	if (rw_map_find(map, &f->e[1].key) != &f->e[1]) {
		/* the map could not get its first buckets */
		rw_heap_remove(rw->heap, f);
		rw_map_remove(map, &f->e[0]);
		rw_pool_put(&rw->pool, f);
		return false;
	}
	rw->inputs[input].count++;
	/* the sequence-number changes now belong to the copy */
	of->seq_deltas = NULL;
	rw_flow_destroy(of);
	return true;
}

void rw_flow_destroy(struct rw_flow *f)
{
	struct rw_core *rw = f->owner;
	rw_heap_remove(rw->heap, f);
	rw->inputs[f->owner_input].count--;
	struct rw_map *map = rw_map_for(rw, f->ip_p);
	rw_map_remove(map, &f->e[0]);
	rw_map_remove(map, &f->e[1]);
	rw_tcp_free_deltas(f);
	rw_pool_put(&rw->pool, f);
}

static void rw_shift_best_effort(struct rw_heap *h, int64_t now_j)
{
	while (h->n[RW_GUARANTEED] && h->h[RW_GUARANTEED][0]->expiry_j <= now_j) {
		struct rw_flow *f = h->h[RW_GUARANTEED][0];
		rw_heap_change_expiry(h, f, false, rw_best_effort_expiry(f));
	}
}

void rw_shrink_heap(struct rw_core *rw, bool clear_all)
{
	struct rw_heap *h = rw->heap;
	int64_t now_j = rw_now_j();
	rw_shift_best_effort(h, now_j);
	while (h->n[RW_BEST_EFFORT] && h->h[RW_BEST_EFFORT][0]->expiry_j <= now_j)
		rw_flow_destroy(h->h[RW_BEST_EFFORT][0]);
	uint32_t cap = clear_all || h->capacity < 0 ? 0 : (uint32_t)h->capacity;
	while (rw_heap_size(h) > cap)
		rw_flow_destroy(h->h[h->n[RW_BEST_EFFORT] ? RW_BEST_EFFORT : RW_GUARANTEED][0]);
}

void rw_destroy_input_flows(struct rw_core *rw, int input)
{
	struct rw_heap *h = rw->heap;
	for (int w = 0; w < 2; w++)
		for (uint32_t i = h->n[w]; i-- > 0;) {
			if (i >= h->n[w])
				continue; /* the heap shrank below i */
			struct rw_flow *f = h->h[w][i];
			if (f->owner == rw && f->owner_input == input) {
				rw_flow_destroy(f);
				i++; /* another flow moved into slot i: look at it again */
			}
		}
}

static bool rw_outputs_valid(const struct rw_core *rw, const struct rw_input *in)
{
	return (unsigned)in->foutput < (unsigned)rw->e.noutputs &&
	       (unsigned)in->routput < (unsigned)rw->e.noutputs;
}

struct rw_entry *rw_find_for_error(struct rw_core *rw, int ip_p, const struct rw_flowid *f)
{
	struct rw_flowid k = *f;
	struct rw_entry *m;
	switch (rw->cls) {
	case RW_CLASS_ADDR: /* keyed by source, replies by destination */
		k.daddr = k.sport = k.dport = 0;
		if ((m = rw_map_find(&rw->map, &k)))
			return m;
		k.saddr = 0;
		k.daddr = f->daddr;
		return rw_map_find(&rw->map, &k);
	case RW_CLASS_ADDRPAIR:
		k.sport = k.dport = 0;
		return rw_map_find(&rw->map, &k);
	case RW_CLASS_ICMPPING: /* a reply's key: (src, id + 1, dst, id) */
		if (ip_p != NFC_IP_PROTO_ICMP)
			return NULL;
		k.dport = f->sport;
		k.sport = htons((uint16_t)(ntohs(f->sport) + 1));
		return rw_map_find(&rw->map, &k);
	case RW_CLASS_IP:
		if (ip_p != NFC_IP_PROTO_TCP && ip_p != NFC_IP_PROTO_UDP)
			return NULL;
		/* fall through */
	default:
		return rw_get_entry(rw, ip_p, &k, -1);
	}
}

struct rw_entry *rw_add_flow(struct rw_core *rw, int ip_p, const struct rw_flowid *flowid,
			     const struct rw_flowid *rewritten, int input, struct rw_map *map)
{
	struct rw_input *in = &rw->inputs[input];
	if (!rw_outputs_valid(rw, in))
		return NULL;
	/* the address rewriters cannot change ports (nor, for IPAddrRewriter,
	 * the destination): a pattern that would is refused */
	if ((rw->cls == RW_CLASS_ADDR || rw->cls == RW_CLASS_ADDRPAIR) &&
	    (rewritten->sport || rewritten->dport || (rw->cls == RW_CLASS_ADDR && rewritten->daddr)))
		return NULL;
	struct rw_flow *f = rw_pool_get(&rw->pool);
	if (!f)
		return NULL;
	memset(f, 0, sizeof *f);
	f->e[0].key = *flowid;
	f->e[0].output = (uint32_t)in->foutput;
	f->e[0].direction = 0;
	f->e[1].key = rw_flowid_reverse(*rewritten);
	f->e[1].output = (uint32_t)in->routput;
	f->e[1].direction = 1;
	rw_flow_set_csum_deltas(f, flowid, rewritten);
	f->ip_p = (uint8_t)ip_p;
	f->owner = rw;
	f->owner_input = input;
	int64_t g = rw_guarantee_of(rw, f);
	f->guaranteed = g != 0;
	f->expiry_j = rw_now_j() + (g ? g : rw_flow_timeout(rw, f));
	rw_map_set(map, &f->e[0]);
	/* The reply key may be taken by an older flow (a pattern without a
	 * port range, or "keep" meeting a rewritten flow): the new one wins.
	 * It may also equal our own forward key (a flow to itself). The old
	 * flow leaves the heap before the new one enters, as in Click, so that
	 * flows expiring at the same time are evicted in the same order. */
	struct rw_entry *old = rw_map_set(map, &f->e[1]);
	if (old && rw_entry_flow(old) != f)
		rw_flow_destroy(rw_entry_flow(old));
	if (rw_heap_insert(rw->heap, f) < 0) {
		rw_map_remove(map, &f->e[0]);
		rw_map_remove(map, &f->e[1]);
		rw_pool_put(&rw->pool, f);
		return NULL;
	}
	in->count++;

	struct rw_heap *h = rw->heap;
	if (rw_heap_size(h) > (uint32_t)(h->capacity < 0 ? 0 : h->capacity)) {
		/* Evict the best-effort flow that expires first; when every flow
		 * is guaranteed, refuse the new one (admission control). */
		rw_shift_best_effort(h, rw_now_j());
		struct rw_flow *dead = h->n[RW_BEST_EFFORT] ? h->h[RW_BEST_EFFORT][0] : f;
		rw_flow_destroy(dead);
		if (dead == f) {
			in->failures++;
			return NULL;
		}
	}
	return &f->e[0];
}

struct rw_entry *rw_lookup_or_create(struct rw_core *rw, int port, int ip_p,
				     const struct rw_flowid *flowid, struct rw_map *map,
				     int *out_port)
{
	struct rw_entry *m = rw_map_find(map, flowid);
	if (m)
		return m;
	struct rw_input *in = &rw->inputs[port];
	struct rw_flowid rewritten;
	int r;
	switch (in->kind) {
	case RW_IN_NOCHANGE:
		*out_port = in->foutput;
		return NULL;
	case RW_IN_KEEP:
		rewritten = *flowid;
		r = RW_ADDMAP;
		break;
	case RW_IN_PATTERN:
		r = rw_pattern_rewrite(in->pattern, rw, flowid, &rewritten, map);
		break;
	case RW_IN_MAPPER:
		r = in->mapper->rewrite(in->mapper, rw, in, flowid, &rewritten, map);
		break;
	default:
		*out_port = -1;
		return NULL;
	}
	if (r == RW_DROP && (in->kind == RW_IN_PATTERN || in->kind == RW_IN_MAPPER))
		in->failures++;
	if (r == RW_ADDMAP && rw->cls == RW_CLASS_ICMPPING)
		rewritten.dport = htons((uint16_t)(ntohs(rewritten.sport) + 1));
	if (r == RW_ADDMAP)
		m = rw_add_flow(rw, ip_p, flowid, &rewritten, port, map);
	if (!m)
		*out_port = r >= 0 && r < rw->e.noutputs ? r : -1;
	return m;
}

uint32_t rw_random(struct rw_core *rw, uint32_t top)
{
	unsigned epoch = nfc_router_random_epoch(rw->e.router);
	if (!rw->rnd_seeded || rw->rnd_epoch != epoch) {
		memset(&rw->rnd, 0, sizeof rw->rnd);
		initstate_r((unsigned)nfc_router_random_seed(rw->e.router), rw->rnd_state,
			    sizeof rw->rnd_state, &rw->rnd);
		rw->rnd_seeded = true;
		rw->rnd_epoch = epoch;
	}
	/* Click's click_random(0, top) over random(): the same draws for the
	 * same seed */
	int32_t r;
	if (top == 0)
		return 0;
	if (top > 0x7FFFFFFFu) {
		uint32_t v;
		do {
			int32_t a, b;
			random_r(&rw->rnd, &a);
			random_r(&rw->rnd, &b);
			v = ((uint32_t)a << 17) ^ ((uint32_t)b >> 14);
		} while (v > top);
		return v;
	}
	if (top == 1) {
		random_r(&rw->rnd, &r);
		return ((uint32_t)r >> 14) & 1;
	}
	uint32_t count = 0x80000000u / (top + 1);
	uint32_t max = count * (top + 1);
	do
		random_r(&rw->rnd, &r);
	while ((uint32_t)r >= max);
	return (uint32_t)r / count;
}
