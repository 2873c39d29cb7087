/* SPDX-License-Identifier: MIT */
/* RandomSwitch: sends each packet to an output chosen uniformly at random. */

/*
 * =c
 * RandomSwitch
 * =s classification
 * sends packets to random outputs
 * =d
 * Pushes each arriving packet to one of its N outputs, chosen uniformly at
 * random. The generator is per thread and deterministic for a given
 * configuration, so runs repeat exactly.
 * =e
 *   src -> rs :: RandomSwitch;
 *   rs[0] -> a :: Counter -> Discard;
 *   rs[1] -> b :: Counter -> Discard;
 * =a Switch, HashSwitch, RoundRobinSwitch, StrideSwitch, RandomSample
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

/* Per-thread generator state, padded to its own cache line. */
struct random_switch_rng {
	uint64_t state;
	char pad[56];
};

struct random_switch {
	struct nfc_element e;
	struct random_switch_rng rng[NFC_MAX_THREADS];
};

/* No arguments: the table rejects any given. */
static const struct nfc_arg_spec random_switch_args[] = {
	NFC_ARGS_END
};

static int random_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, random_switch_args, errh, NULL);
}

/* splitmix64: turns any seed (even 0) into a well-mixed nonzero state. */
static uint64_t random_switch_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;
}

static int random_switch_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct random_switch *s = (struct random_switch *)e;
	for (int t = 0; t < NFC_MAX_THREADS; t++)
		s->rng[t].state = random_switch_mix(((uint64_t)e->eindex << 8) | (uint64_t)t);
	return 0;
}

static int random_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct random_switch *s = (struct random_switch *)e;
	uint64_t *st = &s->rng[nfc_thread_id()].state;
	/* xorshift64*; the high 32 bits scaled to [0, N) avoid modulo bias
	 * worth caring about for N far below 2^32. */
	uint64_t x = *st;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*st = x;
	uint32_t r = (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
	return (int)(((uint64_t)r * (uint32_t)e->noutputs) >> 32);
}

static const struct nfc_element_class random_switch_class = {
	.name = "RandomSwitch",
	.port_count = "1/1-",
	.processing = "h/h",
	.size = sizeof(struct random_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = random_switch_configure,
	.initialize = random_switch_initialize,
	.classify = random_switch_classify,
};
NFC_REGISTER_ELEMENT(random_switch_class);
