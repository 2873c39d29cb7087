/* SPDX-License-Identifier: MIT */
/* RandomSample: passes packets with probability P, drops or diverts the rest. */

/*
 * =c
 * RandomSample([P, KEYWORDS])
 * =s classification
 * samples packets with some probability
 * =d
 * Samples packets with probability P: each packet goes to output 0 with
 * probability P; the others are dropped, or emitted on output 1 when the
 * element has two outputs. Without P, give SAMPLE or DROP; with none of the
 * three every packet is sampled.
 *
 * Each thread draws from its own pseudo-random generator, seeded from the
 * router's random seed and the element's name: a run repeats exactly unless
 * RandomSeed sets another seed (which reseeds the generators at once).
 *
 * Keyword arguments are:
 *
 * =item SAMPLE
 * Number between 0 and 1. Sets the sampling probability.
 * =item DROP
 * Number between 0 and 1. Sets the drop probability (1 - the sampling
 * probability). Give at most one of SAMPLE and DROP.
 * =item ACTIVE
 * Boolean. When false, every packet goes to output 0. Default is true.
 * =h sampling_prob read/write
 * Returns or sets the sampling probability.
 * =h drop_prob read/write
 * Returns or sets the drop probability.
 * =h active read/write
 * Makes the element active or inactive.
 * =h drops read-only
 * Returns the number of packets not sampled (dropped or sent to output 1).
 * =e
 *   ... -> RandomSample(0.1) -> ...
 * =a RandomSwitch, RandomSeed
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

/* Probabilities as 32-bit fixed point: a packet is sampled when a uniform
 * 32-bit draw is below threshold; threshold 2^32 (sample all) needs 33 bits. */
#define RS_ONE (1ULL << 32)

/* Per-thread state, 128-byte slots with the fields first (no false sharing
 * whatever the instance's alignment). */
struct rs_slot {
	struct nfc_rng rng;
	uint64_t drops;
	char pad[128 - sizeof(struct nfc_rng) - sizeof(uint64_t)];
};

struct randomsample {
	struct nfc_element e;
	uint64_t threshold;
	double prob;
	bool active;
	double p_arg, sample_arg, drop_arg;
	bool p_given, sample_given, drop_given;
	char pad[64];
	struct rs_slot slot[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec rs_args[] = {
	{ .keyword = "P", .type = NFC_ARG_DOUBLE, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct randomsample, p_arg),
	  .given_offset = offsetof(struct randomsample, p_given), .doc = "sampling probability" },
	{ .keyword = "SAMPLE", .type = NFC_ARG_DOUBLE, .offset = offsetof(struct randomsample, sample_arg),
	  .given_offset = offsetof(struct randomsample, sample_given), .doc = "sampling probability" },
	{ .keyword = "DROP", .type = NFC_ARG_DOUBLE, .offset = offsetof(struct randomsample, drop_arg),
	  .given_offset = offsetof(struct randomsample, drop_given), .doc = "drop probability" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct randomsample, active),
	  .doc = "sample (false: pass everything)" },
	NFC_ARGS_END
};

static void rs_set_prob(struct randomsample *s, double p)
{
	s->prob = p;
	s->threshold = (uint64_t)(p * (double)RS_ONE + 0.5);
	if (s->threshold > RS_ONE)
		s->threshold = RS_ONE;
}

static int rs_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct randomsample *s = (struct randomsample *)e;
	s->active = true;
	s->p_given = s->sample_given = s->drop_given = false;
	if (nfc_args_parse(e, conf, rs_args, errh, NULL) < 0)
		return -1;
	if (s->p_given + s->sample_given + s->drop_given > 1)
		return nfc_error(errh, "give at most one of P, SAMPLE and DROP");
	double p = 1;
	if (s->p_given)
		p = s->p_arg;
	else if (s->sample_given)
		p = s->sample_arg;
	else if (s->drop_given)
		p = 1 - s->drop_arg;
	if (!(p >= 0 && p <= 1))
		return nfc_error(errh, "probability must be between 0 and 1");
	rs_set_prob(s, p);
	/* thread t's generator: the router's seed, the element's name and t */
	for (int t = 0; t < NFC_MAX_THREADS; t++)
		nfc_rng_seed(&s->slot[t].rng, e->router, nfc_rng_stream(e->name, (uint64_t)t));
	return 0;
}

/* Keep sampled packets in b (from @from on); the others go to output 1 or die. */
static void rs_split(struct randomsample *s, struct nfc_batch *b, unsigned from)
{
	if (!s->active || s->threshold >= RS_ONE)
		return;
	struct rs_slot *slot = &s->slot[nfc_thread_id()];
	nfc_rng_sync(&slot->rng);
	struct nfc_batch rest;
	unsigned k = from;
	rest.count = 0;
	for (unsigned i = from; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (nfc_rng_next(&slot->rng) < s->threshold)
			b->pkts[k++] = p;
		else if (s->e.noutputs > 1)
			rest.pkts[rest.count++] = p;
		else
			nfc_packet_kill(p);
	}
	slot->drops += b->count - k;
	b->count = k;
	if (rest.count)
		nfc_push(&s->e, 1, &rest);
}

static void rs_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	rs_split((struct randomsample *)e, b, 0);
	nfc_push(e, 0, b);
}

static unsigned rs_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	rs_split((struct randomsample *)e, out, before);
	return out->count - before;
}

/* ---- handlers ---- */

enum { H_SAMPLE, H_DROP };

static int rs_read_prob(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct randomsample *s = (struct randomsample *)e;
	double p = (intptr_t)thunk == H_DROP ? 1 - s->prob : s->prob;
	nfc_strbuf_printf(out, "%.6g", p);
	return 0;
}

static int rs_write_prob(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	struct randomsample *s = (struct randomsample *)e;
	double p;
	if (nfc_parse_double(value, &p) < 0 || !(p >= 0 && p <= 1))
		return nfc_error(errh, "expected a probability between 0 and 1");
	rs_set_prob(s, (intptr_t)thunk == H_DROP ? 1 - p : p);
	return 0;
}

static int rs_read_drops(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct randomsample *s = (struct randomsample *)e;
	uint64_t sum = 0;
	for (int i = 0; i < NFC_MAX_THREADS; i++)
		sum += s->slot[i].drops;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)sum);
	return 0;
}

static int rs_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "sampling_prob", rs_read_prob, (void *)H_SAMPLE, 0);
	nfc_add_write_handler(e, "sampling_prob", rs_write_prob, (void *)H_SAMPLE, 0);
	nfc_add_read_handler(e, "drop_prob", rs_read_prob, (void *)H_DROP, 0);
	nfc_add_write_handler(e, "drop_prob", rs_write_prob, (void *)H_DROP, 0);
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct randomsample, active), 0);
	nfc_add_write_handler(e, "active", nfc_write_bool_field,
			      NFC_FIELD_THUNK(struct randomsample, active), 0);
	nfc_add_read_handler(e, "drops", rs_read_drops, NULL, 0);
	return 0;
}

static const struct nfc_element_class randomsample_class = {
	.name = "RandomSample",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct randomsample),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = rs_configure,
	.add_handlers = rs_add_handlers,
	.push = rs_push,
	.pull = rs_pull,
};
NFC_REGISTER_ELEMENT(randomsample_class);
