/* SPDX-License-Identifier: MIT */
/* Unit tests for the asymmetric fences: the store-buffering litmus test never shows both loads stale. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <nfclick/fence.h>

/*
 * Store buffering: one thread stores x then loads y, the other stores y
 * then loads x. Without fences x86 lets both loads see 0 (each store still
 * in its core's store buffer); a fence on each side forbids it. Here the
 * "rare" thread uses nfc_fence_heavy and the "hot" one nfc_fence_light, as
 * Counter does. Rounds start in lockstep, the heavy side after a delay
 * that varies, so that many rounds overlap.
 */
#define ROUNDS 20000

struct litmus {
	bool asym;
	atomic_int go, done;
	atomic_int x, y;
	int r_heavy[ROUNDS], r_light[ROUNDS];
};

static void wait_for(atomic_int *v, int value)
{
	while (atomic_load_explicit(v, memory_order_acquire) < value)
		;
}

static void *light_side(void *arg)
{
	struct litmus *t = arg;
	for (int i = 1; i <= ROUNDS; i++) {
		wait_for(&t->go, i);
		atomic_store_explicit(&t->y, i, memory_order_relaxed);
		nfc_fence_light(t->asym);
		t->r_light[i - 1] = atomic_load_explicit(&t->x, memory_order_relaxed) == i;
		atomic_fetch_add_explicit(&t->done, 1, memory_order_release);
	}
	return NULL;
}

/* Runs the heavy side on the calling thread; returns the rounds where both loads were stale. */
static int run_litmus(bool asym)
{
	static struct litmus t;
	t.asym = asym;
	atomic_store(&t.go, 0);
	atomic_store(&t.done, 0);
	atomic_store(&t.x, 0);
	atomic_store(&t.y, 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, light_side, &t), 0);
	int stale = 0;
	for (int i = 1; i <= ROUNDS; i++) {
		atomic_store_explicit(&t.go, i, memory_order_release);
		/* a delay sweeping the other side's start: some rounds overlap */
		for (volatile int k = 0; k < (i & 63) * 2; k++)
			;
		atomic_store_explicit(&t.x, i, memory_order_relaxed);
		nfc_fence_heavy(asym);
		t.r_heavy[i - 1] = atomic_load_explicit(&t.y, memory_order_relaxed) == i;
		wait_for(&t.done, i);
		if (!t.r_heavy[i - 1] && !t.r_light[i - 1])
			stale++;
	}
	pthread_join(th, NULL);
	return stale;
}

static void test_symmetric_fences_forbid_store_buffering(void **state)
{
	(void)state;
	assert_int_equal(run_litmus(false), 0);
}

static void test_asymmetric_fences_forbid_store_buffering(void **state)
{
	(void)state;
	if (!nfc_fence_asymmetric()) {
		print_message("membarrier(2) not available here: only the fallback is tested\n");
		skip();
	}
	assert_int_equal(run_litmus(true), 0);
}

static void test_probe_is_stable(void **state)
{
	(void)state;
	bool first = nfc_fence_asymmetric();
	for (int i = 0; i < 3; i++)
		assert_int_equal(nfc_fence_asymmetric(), first);
	/* either way both sides are usable */
	nfc_fence_light(first);
	nfc_fence_heavy(first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symmetric_fences_forbid_store_buffering),
		cmocka_unit_test(test_asymmetric_fences_forbid_store_buffering),
		cmocka_unit_test(test_probe_is_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
