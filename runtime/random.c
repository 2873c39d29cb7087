/* SPDX-License-Identifier: MIT */
/* The router's random seed and the elements' generators (include/nfclick/random.h). */
#include <sys/random.h>
#include <time.h>
#include <nfclick/random.h>
#include "router_priv.h"

void nfc_rng_seed(struct nfc_rng *g, const struct nfc_router *r, uint64_t stream)
{
	g->stream = stream;
	g->router = r;
	g->router_epoch = r ? &r->random_epoch : NULL;
	nfc_rng_reseed(g);
}

void nfc_rng_reseed(struct nfc_rng *g)
{
	const struct nfc_router *r = g->router;
	g->epoch = r ? nfc_router_random_epoch(r) : 0;
	/* SplitMix64 of the stream, offset by the seed: any seed and stream,
	 * even 0, give a well-mixed nonzero state */
	uint64_t z = (r ? nfc_router_random_seed(r) : 0) ^ (0x9E3779B97F4A7C15ULL * g->stream);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	g->state = (z ^ (z >> 31)) | 1;
}

uint64_t nfc_rng_stream(const char *name, uint64_t sub)
{
	uint64_t h = 0xCBF29CE484222325ULL;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		h = (h ^ *s) * 0x100000001B3ULL;
	return h ^ (sub * 0x9E3779B97F4A7C15ULL);
}

uint64_t nfc_router_random_seed(const struct nfc_router *r)
{
	return __atomic_load_n(&r->random_seed, __ATOMIC_ACQUIRE);
}

unsigned nfc_router_random_epoch(const struct nfc_router *r)
{
	return __atomic_load_n(&r->random_epoch, __ATOMIC_ACQUIRE);
}

void nfc_router_set_random_seed(struct nfc_router *r, uint64_t seed)
{
	__atomic_store_n(&r->random_seed, seed, __ATOMIC_RELEASE);
	__atomic_add_fetch(&r->random_epoch, 1, __ATOMIC_ACQ_REL);
}

uint64_t nfc_random_os_seed(void)
{
	uint64_t s;
	if (getrandom(&s, sizeof s, GRND_NONBLOCK) == (ssize_t)sizeof s)
		return s;
	/* no entropy yet (early boot): the clock will do for a seed */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
}
