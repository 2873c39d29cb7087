/* SPDX-License-Identifier: MIT */
/* RandomSeed: accepted for Click compatibility; nfclick's random elements seed themselves. */

/*
 * =c
 * RandomSeed([SEED])
 * =s control
 * sets random seed (no effect in nfclick)
 * =d
 * In Click, RandomSeed sets the process-wide random seed to SEED, or to a
 * truly random value when SEED is not given.
 *
 * nfclick has no router-wide random generator: each random element
 * (RandomSample, RandomSwitch) draws from its own per-thread generators,
 * seeded from the element's position in the configuration, so that runs
 * are reproducible without a seed. RandomSeed therefore checks its
 * argument, warns that it has no effect, and does nothing else.
 *
 * =item SEED
 * Unsigned integer. The seed Click would use.
 * =h seed write-only
 * Accepts an unsigned integer or an empty value, as Click's handler does,
 * and has no effect.
 * =a RandomSample, RandomSwitch
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct random_seed {
	struct nfc_element e;
	uint32_t seed;
};

static const struct nfc_arg_spec random_seed_args[] = {
	{ .keyword = "SEED", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct random_seed, seed), .doc = "seed (ignored)" },
	NFC_ARGS_END
};

static int random_seed_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	if (nfc_args_parse(e, conf, random_seed_args, errh, NULL) < 0)
		return -1;
	nfc_warning(errh, "RandomSeed has no effect: random elements use their own generators");
	return 0;
}

static int random_seed_write_seed(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	uint32_t seed;
	if (value && *value && nfc_parse_uint32(value, &seed) < 0)
		return nfc_error(errh, "seed: expected unsigned integer");
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
	.flags = NFC_CLASS_CONFIGURE_LATE,
	.configure = random_seed_configure,
	.add_handlers = random_seed_add_handlers,
};
NFC_REGISTER_ELEMENT(random_seed_class);
