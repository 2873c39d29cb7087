/* SPDX-License-Identifier: MIT */
/* Unit tests for the token bucket and gap rate arithmetic (Click-compatible counts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <nfclick/rate.h>
#include <nfclick/task.h>

static void test_assign_scales(void **state)
{
	struct nfc_token_bucket tb;
	nfc_token_bucket_init(&tb);
	assert_true(nfc_token_bucket_idle(&tb));

	nfc_token_bucket_assign(&tb, 2, 1);
	assert_int_equal(tb.token_scale, UINT32_MAX);
	assert_int_equal(tb.tokens_per_tick, 8589934); /* 2 * (2^32-1) / 1000 */
	assert_int_equal(tb.ticks_until_full, 501);
	assert_int_equal(nfc_token_bucket_capacity(&tb), 1);
	assert_int_equal(nfc_token_bucket_rate(&tb), 2);

	nfc_token_bucket_assign(&tb, 200, 4);
	assert_int_equal(tb.token_scale, 1073741823);
	assert_int_equal(tb.tokens_per_tick, 214748364);
	assert_int_equal(tb.ticks_until_full, 21);
	assert_int_equal(nfc_token_bucket_rate(&tb), 200);

	/* the capacity is raised to hold at least one tick of tokens */
	nfc_token_bucket_assign(&tb, 5000, 1);
	assert_int_equal(nfc_token_bucket_capacity(&tb), 5);

	/* rate 0 or capacity 0: idle, never refills */
	nfc_token_bucket_assign(&tb, 0, 10);
	assert_true(nfc_token_bucket_idle(&tb));
	nfc_token_bucket_assign(&tb, 10, 0);
	assert_true(nfc_token_bucket_idle(&tb));
}

static void test_first_refill_fills(void **state)
{
	struct nfc_token_bucket tb;
	nfc_token_bucket_init(&tb);
	nfc_token_bucket_assign(&tb, 10, 3);
	assert_int_equal(nfc_token_bucket_size(&tb), 0);
	nfc_token_bucket_refill_at(&tb, 5);
	assert_int_equal(nfc_token_bucket_size(&tb), 3);
	assert_true(nfc_token_bucket_contains(&tb, 3));
	assert_false(nfc_token_bucket_contains(&tb, 4)); /* above capacity: never */
	assert_true(nfc_token_bucket_remove_if(&tb, 2));
	assert_false(nfc_token_bucket_remove_if(&tb, 2));
	assert_int_equal(nfc_token_bucket_size(&tb), 1);
	nfc_token_bucket_remove(&tb, 5); /* down to empty, no wrap */
	assert_int_equal(tb.tokens, 0);

	/* an idle bucket never fills, not even the first time */
	nfc_token_bucket_init(&tb);
	nfc_token_bucket_assign(&tb, 0, 3);
	nfc_token_bucket_refill_at(&tb, 1000000);
	assert_int_equal(tb.tokens, 0);
	assert_true(nfc_token_bucket_time_until_contains(&tb, 1) == NFC_TB_NEVER);
}

static void test_refill_and_time_until(void **state)
{
	struct nfc_token_bucket tb;
	nfc_token_bucket_init(&tb);
	nfc_token_bucket_assign(&tb, 10, 1); /* 42949672 per tick, full after 101 */
	nfc_token_bucket_refill_at(&tb, 0);
	assert_true(nfc_token_bucket_remove_if(&tb, 1));
	assert_int_equal(nfc_token_bucket_time_until_contains(&tb, 1), 101);
	nfc_token_bucket_refill_at(&tb, 100);
	assert_false(nfc_token_bucket_contains(&tb, 1)); /* 100 ticks are not quite enough */
	assert_int_equal(nfc_token_bucket_time_until_contains(&tb, 1), 1);
	nfc_token_bucket_refill_at(&tb, 101);
	assert_true(nfc_token_bucket_contains(&tb, 1));
	assert_int_equal(nfc_token_bucket_time_until_contains(&tb, 1), 0);
	assert_true(nfc_token_bucket_time_until_contains(&tb, 2) == NFC_TB_NEVER);

	/* time going backwards adds nothing */
	nfc_token_bucket_remove(&tb, 1);
	nfc_token_bucket_refill_at(&tb, 50);
	assert_int_equal(tb.tokens, 0);

	/* set() and set_full() */
	nfc_token_bucket_set(&tb, 1);
	assert_int_equal(nfc_token_bucket_size(&tb), 1);
	nfc_token_bucket_clear(&tb);
	assert_int_equal(tb.tokens, 0);
	nfc_token_bucket_set_full(&tb);
	assert_int_equal(tb.tokens, UINT32_MAX);
}

/* The arithmetic behind Click's RatedSplitter-01 test: packets every
 * 101 ms (RatedUnqueue(10)) through RatedSplitter(RATE 2) for 10 s. */
static void test_rated_splitter_counts(void **state)
{
	struct nfc_token_bucket ru, rs;
	nfc_token_bucket_init(&ru);
	nfc_token_bucket_assign(&ru, 10, 1);
	nfc_token_bucket_init(&rs);
	nfc_token_bucket_assign(&rs, 2, 1);
	int64_t now = 0;
	int sent = 0, passed = 0;
	while (now < 10000) {
		nfc_token_bucket_refill_at(&ru, now);
		if (nfc_token_bucket_remove_if(&ru, 1)) {
			sent++;
			nfc_token_bucket_refill_at(&rs, now);
			passed += nfc_token_bucket_remove_if(&rs, 1);
		} else
			now += (int64_t)nfc_token_bucket_time_until_contains(&ru, 1);
	}
	assert_int_equal(sent, 100);
	assert_int_equal(passed, 20);

	/* BURST_SIZE 50: the first 50-odd pass at once */
	nfc_token_bucket_init(&rs);
	nfc_token_bucket_assign(&rs, 2, 50);
	passed = 0;
	for (int64_t t = 0; t < 10000; t += 101) {
		nfc_token_bucket_refill_at(&rs, t);
		passed += nfc_token_bucket_remove_if(&rs, 1);
	}
	assert_int_equal(passed, 69);
}

static void test_unlimited_and_adjust(void **state)
{
	struct nfc_token_bucket tb;
	nfc_token_bucket_init(&tb);
	nfc_token_bucket_set_unlimited(&tb);
	assert_true(nfc_token_bucket_unlimited(&tb));
	nfc_token_bucket_refill_at(&tb, 0);
	assert_true(nfc_token_bucket_contains(&tb, 1000000));
	assert_int_equal(nfc_token_bucket_time_until_contains(&tb, 1000000), 0);

	nfc_token_bucket_init(&tb);
	nfc_token_bucket_assign(&tb, 100, 10);
	nfc_token_bucket_set(&tb, 5);
	nfc_token_bucket_assign_adjust(&tb, 100, 20);
	assert_in_range(nfc_token_bucket_size(&tb), 4, 5);
	/* plain assign keeps the fraction: half of 20 */
	nfc_token_bucket_assign(&tb, 100, 40);
	assert_in_range(nfc_token_bucket_size(&tb), 9, 10);
}

static void test_gap_rate(void **state)
{
	struct nfc_gap_rate g;
	nfc_gap_rate_init(&g, 1000);
	int64_t t0 = 1000 * NFC_NSEC_PER_SEC;
	/* just reset: one event may go at once */
	assert_true(nfc_gap_rate_need_update(&g, t0));
	nfc_gap_rate_update(&g);
	assert_false(nfc_gap_rate_need_update(&g, t0));
	assert_false(nfc_gap_rate_need_update(&g, t0 + 500 * NFC_NSEC_PER_USEC));
	assert_true(nfc_gap_rate_need_update(&g, t0 + NFC_NSEC_PER_MSEC));
	assert_int_equal(nfc_gap_rate_expiry(&g), t0 + NFC_NSEC_PER_MSEC);

	/* polled every 100 us for two seconds: about 1000 events a second */
	nfc_gap_rate_init(&g, 1000);
	int events = 0;
	for (int64_t t = t0; t < t0 + 2 * NFC_NSEC_PER_SEC; t += 100 * NFC_NSEC_PER_USEC)
		if (nfc_gap_rate_need_update(&g, t)) {
			nfc_gap_rate_update(&g);
			events++;
		}
	assert_in_range(events, 1999, 2001);

	/* rate 0: never */
	nfc_gap_rate_init(&g, 0);
	nfc_gap_rate_need_update(&g, t0 + 1);
	nfc_gap_rate_update(&g);
	assert_false(nfc_gap_rate_need_update(&g, t0 + 999 * NFC_NSEC_PER_MSEC));

	/* too large: clamped */
	nfc_gap_rate_init(&g, UINT32_MAX);
	assert_int_equal(g.rate, NFC_GAP_RATE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assign_scales),
		cmocka_unit_test(test_first_refill_fills),
		cmocka_unit_test(test_refill_and_time_until),
		cmocka_unit_test(test_rated_splitter_counts),
		cmocka_unit_test(test_unlimited_and_adjust),
		cmocka_unit_test(test_gap_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
