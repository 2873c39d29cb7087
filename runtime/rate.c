/* SPDX-License-Identifier: MIT */
/* Token bucket and gap rate arithmetic, bit-compatible with Click's. */
#include <nfclick/rate.h>
#include <nfclick/task.h>

void nfc_token_bucket_init(struct nfc_token_bucket *tb)
{
	tb->tokens = 0;
	tb->tokens_per_tick = 0;
	tb->token_scale = 1;
	tb->ticks_until_full = NFC_TB_NEVER;
	tb->time_point = INT64_MIN;
}

void nfc_token_bucket_set_unlimited(struct nfc_token_bucket *tb)
{
	tb->token_scale = 1;
	tb->tokens_per_tick = UINT32_MAX;
	tb->ticks_until_full = 0;
}

void nfc_token_bucket_assign(struct nfc_token_bucket *tb, uint32_t rate, uint32_t capacity)
{
	if (capacity == 0) {
		rate = 0;
		capacity = UINT32_MAX;
	}
	if (rate != 0) {
		/* a capacity below one tick's worth would need more than 32 bits
		 * of fraction per tick */
		uint32_t min_capacity = (rate - 1) / NFC_TB_HZ + 1;
		if (capacity < min_capacity)
			capacity = min_capacity;
	}
	tb->token_scale = UINT32_MAX / capacity;

	if (rate != 0) {
		uint64_t per_tick = (uint64_t)rate * tb->token_scale / NFC_TB_HZ;
		/* at least one fraction unit per tick, or the rate would be idle */
		tb->tokens_per_tick = per_tick ? (uint32_t)per_tick : 1;
		tb->ticks_until_full = (UINT32_MAX - 1) / tb->tokens_per_tick + 1;
	} else {
		tb->tokens_per_tick = 0;
		tb->ticks_until_full = NFC_TB_NEVER;
	}
}

void nfc_token_bucket_assign_adjust(struct nfc_token_bucket *tb, uint32_t rate,
				    uint32_t capacity)
{
	uint32_t old_scale = tb->token_scale;
	nfc_token_bucket_assign(tb, rate, capacity);
	if (old_scale != tb->token_scale) {
		uint64_t t = (uint64_t)tb->tokens * tb->token_scale / old_scale;
		tb->tokens = t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
	}
}

uint32_t nfc_token_bucket_rate(const struct nfc_token_bucket *tb)
{
	/* rounded back from the per-tick fraction, as Click reports it */
	uint64_t r = ((uint64_t)tb->tokens_per_tick * NFC_TB_HZ + tb->tokens_per_tick / 2)
		     / tb->token_scale;
	return r > UINT32_MAX ? UINT32_MAX : (uint32_t)r;
}

void nfc_token_bucket_refill_at(struct nfc_token_bucket *tb, int64_t tick)
{
	uint64_t diff;
	if (tb->time_point == INT64_MIN)
		diff = NFC_TB_NEVER - 1; /* "long ago": fills unless idle */
	else
		diff = tick > tb->time_point ? (uint64_t)(tick - tb->time_point) : 0;

	if (diff >= tb->ticks_until_full)
		tb->tokens = UINT32_MAX;
	else if (diff > 0) {
		/* diff < ticks_until_full keeps the product below 2^32 */
		uint64_t t = tb->tokens + diff * tb->tokens_per_tick;
		tb->tokens = t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
	}
	tb->time_point = tick;
}

void nfc_token_bucket_refill(struct nfc_token_bucket *tb)
{
	nfc_token_bucket_refill_at(tb, nfc_token_bucket_tick(nfc_now_steady()));
}

uint64_t nfc_token_bucket_time_until_contains(const struct nfc_token_bucket *tb, uint32_t t)
{
	uint32_t f;
	if (!nfc_token_bucket_fraction(tb, t, &f))
		return NFC_TB_NEVER;
	if (f <= tb->tokens || tb->ticks_until_full == 0)
		return 0;
	if (tb->tokens_per_tick == 0)
		return NFC_TB_NEVER;
	return (uint64_t)(f - tb->tokens - 1) / tb->tokens_per_tick + 1;
}

/* ---- gap rate ---- */

static void gap_rate_assign(struct nfc_gap_rate *g, uint32_t rate)
{
	g->rate = rate;
	g->ugap = rate == 0 ? NFC_GAP_RATE_MAX + 1 : NFC_GAP_RATE_MAX / rate;
}

void nfc_gap_rate_init(struct nfc_gap_rate *g, uint32_t rate)
{
	if (rate > NFC_GAP_RATE_MAX)
		rate = NFC_GAP_RATE_MAX;
	gap_rate_assign(g, rate);
	g->sec_count = 0;
	nfc_gap_rate_reset(g);
}

static uint32_t now_usec(int64_t now_ns)
{
	return (uint32_t)((now_ns % NFC_NSEC_PER_SEC) / NFC_NSEC_PER_USEC);
}

void nfc_gap_rate_set_rate(struct nfc_gap_rate *g, uint32_t rate)
{
	if (rate > NFC_GAP_RATE_MAX)
		rate = NFC_GAP_RATE_MAX;
	if (g->rate == rate)
		return;
	gap_rate_assign(g, rate);
	/* running: pretend we were exactly on pace so far this second */
	if (g->tv_sec >= 0 && rate != 0)
		g->sec_count = (int32_t)(((uint64_t)now_usec(nfc_now()) << NFC_GAP_RATE_UGAP_SHIFT)
					 / g->ugap);
}

bool nfc_gap_rate_need_update(struct nfc_gap_rate *g, int64_t now_ns)
{
	/* need = events the true process has made so far this second */
	uint64_t scaled = (uint64_t)now_usec(now_ns) << NFC_GAP_RATE_UGAP_SHIFT;
	uint32_t need = (uint32_t)(scaled / g->ugap);
	int64_t sec = now_ns / NFC_NSEC_PER_SEC;

	if (g->tv_sec < 0) {
		/* just reset: allow an event now if we are past half a gap */
		g->tv_sec = sec;
		g->sec_count = (int32_t)need + (scaled - (uint64_t)need * g->ugap > g->ugap / 2);
	} else if (sec > g->tv_sec) {
		g->tv_sec = sec;
		if (g->sec_count > 0)
			g->sec_count -= (int32_t)g->rate;
	}
	return (int32_t)need >= g->sec_count;
}

int64_t nfc_gap_rate_expiry(const struct nfc_gap_rate *g)
{
	if (g->tv_sec < 0 || g->rate == 0)
		return 0;
	if (g->sec_count < 0)
		return g->tv_sec * NFC_NSEC_PER_SEC;
	int64_t sec = g->tv_sec;
	uint32_t count = (uint32_t)g->sec_count;
	if (count >= g->rate) {
		sec += count / g->rate;
		count %= g->rate;
	}
	uint64_t usec = ((uint64_t)count * g->ugap) >> NFC_GAP_RATE_UGAP_SHIFT;
	return sec * NFC_NSEC_PER_SEC + (int64_t)usec * NFC_NSEC_PER_USEC;
}
