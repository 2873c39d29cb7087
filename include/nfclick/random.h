/* SPDX-License-Identifier: MIT */
/* Pseudo-random numbers for elements, seeded from the router's seed (RandomSeed). */
#ifndef NFCLICK_RANDOM_H
#define NFCLICK_RANDOM_H

#include <stdint.h>

struct nfc_router;

/**
 * A small, fast generator (xorshift64*). Elements keep one per thread (or
 * one, when a single thread draws) and seed it with nfc_rng_seed() from the
 * router's seed and a stream number of their own, so that a run repeats
 * exactly under the same seed, streams differ from one another, and
 * RandomSeed changes them all.
 */
struct nfc_rng {
	uint64_t state;
	/** The router's seed epoch this generator was seeded in. */
	unsigned epoch;
};

/** Seed @g as stream @stream (an element's, say) of @r's current seed. */
void nfc_rng_seed(struct nfc_rng *g, const struct nfc_router *r, uint64_t stream);

/** A stream number from a name (FNV-1a): stable when elements are added. */
uint64_t nfc_rng_stream(const char *name, uint64_t sub);

/** The next 32 random bits. */
static inline uint32_t nfc_rng_next(struct nfc_rng *g)
{
	uint64_t x = g->state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	g->state = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 32);
}

/** Uniform in [0, @n) for n >= 1 (multiply-shift: bias below 2^-32 * n). */
static inline uint32_t nfc_rng_below(struct nfc_rng *g, uint32_t n)
{
	return (uint32_t)(((uint64_t)nfc_rng_next(g) * n) >> 32);
}

/**
 * The router's random seed (0 unless RandomSeed set one: runs repeat by
 * default) and its epoch, which counts changes. A generator whose epoch is
 * not the router's is stale: reseed it. @epoch_ptr gives the epoch's address
 * for elements that check it per packet without a call.
 */
uint64_t nfc_router_random_seed(const struct nfc_router *r);
unsigned nfc_router_random_epoch(const struct nfc_router *r);
const unsigned *nfc_router_random_epoch_ptr(const struct nfc_router *r);
/** Set the seed (RandomSeed); generators seeded before are stale from now. */
void nfc_router_set_random_seed(struct nfc_router *r, uint64_t seed);
/** A seed from the operating system's entropy (RandomSeed without SEED). */
uint64_t nfc_random_os_seed(void);

/** Is @g stale (seeded under another seed than @r's current one)? */
static inline int nfc_rng_stale(const struct nfc_rng *g, const unsigned *epoch_ptr)
{
	return g->epoch != __atomic_load_n(epoch_ptr, __ATOMIC_RELAXED);
}

#endif
