/* SPDX-License-Identifier: MIT */
/* RandomSwitch: sends each packet to an output chosen uniformly at random. */

/*
 * =c
 * RandomSwitch
 * =s classification
 * sends packets to random outputs
 * =d
 * Pushes each arriving packet to one of its N outputs, chosen uniformly at
 * random. Each thread draws from its own generator, seeded from the router's
 * random seed and the element's name: a run repeats exactly unless
 * RandomSeed sets another seed.
 * =e
 *   src -> rs :: RandomSwitch;
 *   rs[0] -> a :: Counter -> Discard;
 *   rs[1] -> b :: Counter -> Discard;
 * =a Switch, HashSwitch, RoundRobinSwitch, StrideSwitch, RandomSample, RandomSeed
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

/* Per-thread generator state, padded to its own cache line. */
struct random_switch_rng {
	struct nfc_rng g;
	char pad[64 - sizeof(struct nfc_rng)];
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

static int random_switch_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct random_switch *s = (struct random_switch *)e;
	/* thread t's generator: the router's seed, the element's name and t */
	for (int t = 0; t < NFC_MAX_THREADS; t++)
		nfc_rng_seed(&s->rng[t].g, e->router, nfc_rng_stream(e->name, (uint64_t)t));
	return 0;
}

static int random_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct random_switch *s = (struct random_switch *)e;
	struct nfc_rng *g = &s->rng[nfc_thread_id()].g;
	nfc_rng_sync(g);
	return (int)nfc_rng_below(g, (uint32_t)e->noutputs);
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
