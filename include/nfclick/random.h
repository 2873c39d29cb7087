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
 * RandomSeed changes them all: a generator remembers its stream and reseeds
 * itself in nfc_rng_sync() once the router's seed has changed.
 */
struct nfc_rng {
	uint64_t state;
	uint64_t stream;
	const struct nfc_router *router;
	/** The router's seed epoch, and the one this generator was seeded in. */
	const unsigned *router_epoch;
	unsigned epoch;
};

/** Seed @g as stream @stream of @r's current seed (@r may be NULL: seed 0, never resynced). */
void nfc_rng_seed(struct nfc_rng *g, const struct nfc_router *r, uint64_t stream);

/** A stream number from a name (FNV-1a): stable when elements are added. */
uint64_t nfc_rng_stream(const char *name, uint64_t sub);

/** Reseed @g, same stream, from its router's current seed. */
void nfc_rng_reseed(struct nfc_rng *g);

/** Before drawing (per batch, or per draw): reseed @g if RandomSeed changed the seed. */
static inline void nfc_rng_sync(struct nfc_rng *g)
{
	if (__builtin_expect(g->router_epoch &&
				     g->epoch != __atomic_load_n(g->router_epoch, __ATOMIC_RELAXED),
			     0))
		nfc_rng_reseed(g);
}

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
 * default) and its epoch, which counts changes.
 */
uint64_t nfc_router_random_seed(const struct nfc_router *r);
unsigned nfc_router_random_epoch(const struct nfc_router *r);
/** Set the seed (RandomSeed); generators reseed at their next nfc_rng_sync(). */
void nfc_router_set_random_seed(struct nfc_router *r, uint64_t seed);
/** A seed from the operating system's entropy (RandomSeed without SEED). */
uint64_t nfc_random_os_seed(void);

#endif
