/* SPDX-License-Identifier: MIT */
/* Unit tests: the elements' random generators and the router's seed (RandomSeed). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <nfclick/nfclick.h>

static struct nfc_router *empty_router(void)
{
	struct nfc_flat_config fc;
	memset(&fc, 0, sizeof fc);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(nfc_config_parse("Idle -> Discard;", "t", NULL, 0, &fc, &errh), 0);
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = 1;
	struct nfc_router *r = nfc_router_create(&fc, &o, &errh);
	nfc_flat_config_free(&fc);
	nfc_errh_destroy(&errh);
	assert_non_null(r);
	return r;
}

static void test_same_seed_same_stream(void **state)
{
	struct nfc_router *r = empty_router();
	assert_int_equal(nfc_router_random_seed(r), 0);
	struct nfc_rng a, b, c;
	nfc_rng_seed(&a, r, nfc_rng_stream("rs", 0));
	nfc_rng_seed(&b, r, nfc_rng_stream("rs", 0));
	nfc_rng_seed(&c, r, nfc_rng_stream("rs", 1)); /* another thread's stream */
	int differ = 0;
	for (int i = 0; i < 100; i++) {
		uint32_t x = nfc_rng_next(&a);
		assert_int_equal(x, nfc_rng_next(&b));
		differ += x != nfc_rng_next(&c);
	}
	assert_true(differ > 95);
	nfc_router_destroy(r);
}

static void test_seed_change_resyncs(void **state)
{
	struct nfc_router *r = empty_router();
	struct nfc_rng g, copy, h;
	nfc_rng_seed(&g, r, 7);
	uint32_t first = nfc_rng_next(&g);
	/* same seed: sync changes nothing, the sequence goes on */
	copy = g;
	nfc_rng_sync(&g);
	assert_int_equal(nfc_rng_next(&g), nfc_rng_next(&copy));
	unsigned epoch = nfc_router_random_epoch(r);
	nfc_router_set_random_seed(r, 12345);
	assert_int_equal(nfc_router_random_epoch(r), epoch + 1);
	assert_int_equal(nfc_router_random_seed(r), 12345);
	/* new seed: sync reseeds the same stream, as a fresh seeding would */
	nfc_rng_seed(&h, r, 7);
	nfc_rng_sync(&g);
	uint32_t after = nfc_rng_next(&g);
	assert_int_equal(after, nfc_rng_next(&h));
	assert_int_not_equal(after, first);
	/* back to seed 0: the first draw of stream 7 again */
	nfc_router_set_random_seed(r, 0);
	nfc_rng_sync(&g);
	assert_int_equal(nfc_rng_next(&g), first);
	nfc_router_destroy(r);
}

static void test_below_is_in_range_and_spread(void **state)
{
	struct nfc_rng g;
	nfc_rng_seed(&g, NULL, 99);
	unsigned hist[3] = { 0, 0, 0 };
	for (int i = 0; i < 30000; i++) {
		uint32_t v = nfc_rng_below(&g, 3);
		assert_true(v < 3);
		hist[v]++;
	}
	for (int k = 0; k < 3; k++)
		assert_true(hist[k] > 9000 && hist[k] < 11000);
	assert_int_equal(nfc_rng_below(&g, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_stream),
		cmocka_unit_test(test_seed_change_resyncs),
		cmocka_unit_test(test_below_is_in_range_and_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
