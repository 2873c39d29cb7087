/* SPDX-License-Identifier: MIT */
/* Rate helpers: a token bucket and a uniform gap rate (Click's TokenBucket, GapRate). */
#ifndef NFCLICK_RATE_H
#define NFCLICK_RATE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Token bucket
 * ------------
 * Time is cut into ticks of 1 ms (NFC_TB_HZ per second) read from
 * nfc_now_steady(); the bucket refills at most once per tick. Tokens are
 * kept as a 32-bit fraction of the capacity (UINT32_MAX == full), exactly
 * as Click's TokenBucket does, so rated elements produce the same packet
 * counts as Click under --simtime.
 *
 * A bucket that was never refilled counts as empty for a very long time:
 * its first refill fills it (Click's jiffy clock starts far from 0).
 */

/** Ticks per second of the token bucket clock. */
#define NFC_TB_HZ 1000
/** Returned by nfc_token_bucket_time_until_contains() when never. */
#define NFC_TB_NEVER UINT64_MAX

struct nfc_token_bucket {
	/** Fill level as a fraction of capacity: UINT32_MAX is full. */
	uint32_t tokens;
	/** Fraction added per tick; 0 for an idle rate (never refills). */
	uint32_t tokens_per_tick;
	/** Fraction units per whole token (UINT32_MAX / capacity). */
	uint32_t token_scale;
	/** Ticks to refill from empty to full; 0 for an unlimited rate. */
	uint64_t ticks_until_full;
	/** Tick of the last refill (INT64_MIN: never refilled). */
	int64_t time_point;
};

/** An idle (never refilling) and empty bucket that was never refilled. */
void nfc_token_bucket_init(struct nfc_token_bucket *tb);
/**
 * Set the rate (tokens per second) and capacity (tokens). Either being 0
 * makes the rate idle. The fill fraction is kept (so the token count
 * scales with the capacity), as Click's assign().
 */
void nfc_token_bucket_assign(struct nfc_token_bucket *tb, uint32_t rate, uint32_t capacity);
/** Like assign(), but keep the token count roughly unchanged (Click's assign_adjust). */
void nfc_token_bucket_assign_adjust(struct nfc_token_bucket *tb, uint32_t rate,
				    uint32_t capacity);
/** Make the rate unlimited (every refill fills the bucket). */
void nfc_token_bucket_set_unlimited(struct nfc_token_bucket *tb);

/** Rate in tokens per second as Click computes it back (UINT32_MAX when unlimited). */
uint32_t nfc_token_bucket_rate(const struct nfc_token_bucket *tb);
/** Capacity in tokens. */
static inline uint32_t nfc_token_bucket_capacity(const struct nfc_token_bucket *tb)
{
	return UINT32_MAX / tb->token_scale;
}
/** Whole tokens held (a lower bound: fractions are kept). */
static inline uint32_t nfc_token_bucket_size(const struct nfc_token_bucket *tb)
{
	return tb->tokens / tb->token_scale;
}
static inline bool nfc_token_bucket_unlimited(const struct nfc_token_bucket *tb)
{
	return tb->ticks_until_full == 0;
}
static inline bool nfc_token_bucket_idle(const struct nfc_token_bucket *tb)
{
	return tb->tokens_per_tick == 0;
}

/** Convert @t tokens to a fill fraction in *@f; false (and UINT32_MAX) when above the capacity. */
static inline bool nfc_token_bucket_fraction(const struct nfc_token_bucket *tb, uint32_t t,
					      uint32_t *f)
{
	uint64_t x = (uint64_t)t * tb->token_scale;
	if (x > UINT32_MAX) {
		*f = UINT32_MAX;
		return false;
	}
	*f = (uint32_t)x;
	return true;
}

/** Does the bucket hold at least @t tokens? (Never when t > capacity.) */
static inline bool nfc_token_bucket_contains(const struct nfc_token_bucket *tb, uint32_t t)
{
	uint32_t f;
	return nfc_token_bucket_fraction(tb, t, &f) && f <= tb->tokens;
}
/** Remove @t tokens (down to empty). */
static inline void nfc_token_bucket_remove(struct nfc_token_bucket *tb, uint32_t t)
{
	uint32_t f;
	(void)nfc_token_bucket_fraction(tb, t, &f);
	tb->tokens = f <= tb->tokens ? tb->tokens - f : 0;
}
/** Remove @t tokens if present; returns whether it did. */
static inline bool nfc_token_bucket_remove_if(struct nfc_token_bucket *tb, uint32_t t)
{
	uint32_t f;
	if (!nfc_token_bucket_fraction(tb, t, &f) || f > tb->tokens)
		return false;
	tb->tokens -= f;
	return true;
}
/** Hold exactly @t tokens (at most the capacity). */
static inline void nfc_token_bucket_set(struct nfc_token_bucket *tb, uint32_t t)
{
	uint32_t f;
	(void)nfc_token_bucket_fraction(tb, t, &f);
	tb->tokens = f;
}
static inline void nfc_token_bucket_set_full(struct nfc_token_bucket *tb)
{
	tb->tokens = UINT32_MAX;
}
static inline void nfc_token_bucket_clear(struct nfc_token_bucket *tb)
{
	tb->tokens = 0;
}

/** The token bucket clock: ticks for a nfc_now_steady() value. */
static inline int64_t nfc_token_bucket_tick(int64_t steady_ns)
{
	return steady_ns / (1000000000LL / NFC_TB_HZ);
}
/** Nanoseconds in @ticks ticks. */
static inline int64_t nfc_token_bucket_ticks_ns(uint64_t ticks)
{
	return (int64_t)ticks * (1000000000LL / NFC_TB_HZ);
}
/** Refill for tick @tick. */
void nfc_token_bucket_refill_at(struct nfc_token_bucket *tb, int64_t tick);
/** Refill up to now (nfc_now_steady()). */
void nfc_token_bucket_refill(struct nfc_token_bucket *tb);
/** Set the time of the last refill without refilling. */
static inline void nfc_token_bucket_set_time_point(struct nfc_token_bucket *tb, int64_t tick)
{
	tb->time_point = tick;
}
/** Ticks until contains(@t) holds; NFC_TB_NEVER when it never will. */
uint64_t nfc_token_bucket_time_until_contains(const struct nfc_token_bucket *tb, uint32_t t);

/*
 * Gap rate
 * --------
 * A uniform rate of events per second (Click's GapRate), for pull
 * elements that emit "one packet every 1/RATE s" without bursts: the
 * caller asks need_update(now) and calls update() for each event.
 * Lag of up to a second is caught up; more is forgotten.
 */

#define NFC_GAP_RATE_UGAP_SHIFT 12
/** Highest representable rate (events per second). */
#define NFC_GAP_RATE_MAX (1000000U << NFC_GAP_RATE_UGAP_SHIFT)

struct nfc_gap_rate {
	/** Microseconds between events, scaled by 2^UGAP_SHIFT. */
	uint32_t ugap;
	/** Events counted in the current second. */
	int32_t sec_count;
	/** Current second (-1 after a reset). */
	int64_t tv_sec;
	uint32_t rate;
};

/** A gap rate of @rate events per second, reset. */
void nfc_gap_rate_init(struct nfc_gap_rate *g, uint32_t rate);
/** Change the rate (clamped to NFC_GAP_RATE_MAX); keeps pace when running. */
void nfc_gap_rate_set_rate(struct nfc_gap_rate *g, uint32_t rate);
/** Forget the relation between the true and the user's rate. */
static inline void nfc_gap_rate_reset(struct nfc_gap_rate *g)
{
	g->tv_sec = -1;
}
/** Is the user's process behind the true rate at time @now_ns (nfc_now())? */
bool nfc_gap_rate_need_update(struct nfc_gap_rate *g, int64_t now_ns);
static inline void nfc_gap_rate_update(struct nfc_gap_rate *g)
{
	g->sec_count++;
}
static inline void nfc_gap_rate_update_with(struct nfc_gap_rate *g, int32_t delta)
{
	g->sec_count += delta;
}
/** When need_update() will next be true (ns since the epoch); 0 when unknown. */
int64_t nfc_gap_rate_expiry(const struct nfc_gap_rate *g);

#endif
