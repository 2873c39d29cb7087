/* SPDX-License-Identifier: MIT */
/* RandomSeed: sets the seed of the router's random elements. */

/*
 * =c
 * RandomSeed([SEED])
 * =s control
 * sets random seed
 * =d
 * Sets the router's random seed to SEED, or to a truly random value (from
 * the operating system) when SEED is not given. Every random element
 * (RandomSample, RandomSwitch, Script's $(random ...), the SAMPLE option of
 * FromDump and FromIPSummaryDump) draws from generators seeded from this
 * seed and its own name, so the same seed repeats a run exactly and another
 * seed changes every element's draws.
 *
 * Unlike Click, which reseeds randomly whenever a router is configured,
 * nfclick's seed is 0 until a RandomSeed sets it: runs repeat by default,
 * which is what reproducible experiments want. RandomSeed configures before
 * the other elements, so its seed is the one they start from.
 *
 * =item SEED
 * Unsigned integer. The seed.
 * =h seed write-only
 * Sets the seed to the written integer, or to a truly random value when the
 * value is empty. The random elements reseed their generators from it
 * before their next draw.
 * =e
 *   RandomSeed(42);
 *   src -> RandomSample(0.1) -> ...
 * =a RandomSample, RandomSwitch, Script
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct random_seed {
	struct nfc_element e;
	uint64_t seed;
	bool seed_given;
};

static const struct nfc_arg_spec random_seed_args[] = {
	{ .keyword = "SEED", .type = NFC_ARG_UINT64, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct random_seed, seed),
	  .given_offset = offsetof(struct random_seed, seed_given), .doc = "random seed" },
	NFC_ARGS_END
};

static int random_seed_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct random_seed *r = (struct random_seed *)e;
	r->seed_given = false;
	if (nfc_args_parse(e, conf, random_seed_args, errh, NULL) < 0)
		return -1;
	nfc_router_set_random_seed(e->router, r->seed_given ? r->seed : nfc_random_os_seed());
	return 0;
}

static int random_seed_write_seed(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	uint64_t seed;
	if (!value || !*value)
		seed = nfc_random_os_seed();
	else if (nfc_parse_uint64(value, &seed) < 0)
		return nfc_error(errh, "seed: expected unsigned integer");
	nfc_router_set_random_seed(e->router, seed);
	return 0;
}

static int random_seed_add_handlers(struct nfc_element *e)
{
	nfc_add_write_handler(e, "seed", random_seed_write_seed, NULL, 0);
	return 0;
}

static const struct nfc_element_class random_seed_class = {
	.name = "RandomSeed",
	.port_count = "0/0",
	.size = sizeof(struct random_seed),
	.flags = NFC_CLASS_CONFIGURE_EARLY,
	.configure = random_seed_configure,
	.add_handlers = random_seed_add_handlers,
};
NFC_REGISTER_ELEMENT(random_seed_class);
