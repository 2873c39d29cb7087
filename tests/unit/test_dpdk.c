/* SPDX-License-Identifier: MIT */
/* Unit tests: DPDK start-up (nfc_dpdk_init) and zero-copy forwarding through a net_ring loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "nfclick-config.h"
#include <nfclick/dpdk.h>
#include <nfclick/nfclick.h>

#ifdef HAVE_DPDK

/*
 * Watch: remembers the packets that pass (at most WATCH_MAX), pushes them
 * on, and stops the router after WATCH_MAX.
 */
#define WATCH_MAX 8
struct watch {
	struct nfc_element e;
	int n;
	struct nfc_packet *seen[WATCH_MAX];
	uint32_t flags[WATCH_MAX];
	const unsigned char *data[WATCH_MAX];
};

static void watch_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct watch *w = (struct watch *)e;
	for (unsigned i = 0; i < b->count && w->n < WATCH_MAX; i++) {
		w->seen[w->n] = b->pkts[i];
		w->flags[w->n] = b->pkts[i]->free_flags;
		w->data[w->n] = b->pkts[i]->data;
		if (++w->n == WATCH_MAX)
			nfc_router_please_stop(e->router);
	}
	nfc_push(e, 0, b);
}

static const struct nfc_element_class watch_class = {
	.name = "TestWatch", .port_count = "1/1", .processing = "h/h",
	.size = sizeof(struct watch), .push = watch_push,
};
NFC_REGISTER_ELEMENT(watch_class);

static int eal_setup(void **state)
{
	char *argv[] = { "test_dpdk", "--no-huge", "--no-pci", "-m", "128", "--in-memory",
			 "-l", "0", "--vdev", "net_ring0", NULL };
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	int r = nfc_dpdk_init(10, argv, &errh);
	if (r < 0)
		print_error("nfc_dpdk_init: %s\n", errh.buf ? errh.buf : "");
	nfc_errh_destroy(&errh);
	return r < 0 ? -1 : 0;
}

static void test_initialized(void **state)
{
	assert_true(nfc_dpdk_initialized());
	assert_int_equal(nfc_dpdk_lcore_count(), 1);
	assert_true(nfc_dpdk_thread_socket(0) >= 0);
	assert_int_equal(nfc_dpdk_thread_socket(5), -1); /* past the -l list */
}

static void test_init_twice(void **state)
{
	char *argv[] = { "test_dpdk", "--no-huge", NULL };
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(nfc_dpdk_init(2, argv, &errh), -1);
	assert_non_null(strstr(errh.buf, "DPDK is already initialised"));
	nfc_errh_destroy(&errh);
}

static struct nfc_router *build(const char *text, struct nfc_errh *errh)
{
	struct nfc_flat_config fc;
	memset(&fc, 0, sizeof fc);
	if (nfc_config_parse(text, "test", NULL, 0, &fc, errh) < 0)
		return NULL;
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = 1;
	struct nfc_router *r = nfc_router_create(&fc, &o, errh);
	nfc_flat_config_free(&fc);
	return r;
}

/*
 * One packet goes round a loop: ToDPDKDevice -> net_ring0 -> FromDPDKDevice
 * -> TestWatch -> ToDPDKDevice. InfiniteSource's packet is copied into an
 * mbuf once; after that the same mbuf, so the same packet header, comes
 * back every time: no copy on receive nor on transmit.
 */
static void test_zero_copy_loop(void **state)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = build("InfiniteSource(LENGTH 60, LIMIT 1, STOP false) -> td :: ToDPDKDevice(net_ring0, BURST 1);"
				     "FromDPDKDevice(net_ring0) -> w :: TestWatch -> td;",
				     &errh);
	if (!r)
		print_error("%s\n", errh.buf ? errh.buf : "");
	assert_non_null(r);
	nfc_router_run(r);
	struct watch *w = (struct watch *)nfc_router_find(r, "w", NULL);
	assert_non_null(w);
	assert_int_equal(w->n, WATCH_MAX);
	for (int i = 0; i < WATCH_MAX; i++) {
		assert_true(w->flags[i] & NFC_PACKET_EXTERNAL);
		assert_ptr_equal(w->seen[i], w->seen[0]);
		assert_ptr_equal(w->data[i], w->data[0]);
	}
	/* the packet header sits in the mbuf's private area, its buffer right after */
	assert_ptr_equal(w->seen[0]->head, (unsigned char *)w->seen[0] + sizeof(struct nfc_packet));
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

/* Pooled packets that are not mbufs are copied: the source's packets are killed, not leaked. */
static void test_copy_counts(void **state)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = build("InfiniteSource(LENGTH 60, LIMIT 20, STOP false, BURST 4) -> td :: ToDPDKDevice(net_ring0, BURST 4);"
				     "FromDPDKDevice(net_ring0) -> c :: Counter(COUNT_CALL 20 stop) -> Discard;",
				     &errh);
	assert_non_null(r);
	nfc_router_run(r);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	assert_int_equal(nfc_handler_read(r, "c.count", NULL, &sb, &errh), 0);
	assert_string_equal(nfc_strbuf_str(&sb), "20");
	nfc_strbuf_free(&sb);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initialized),
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_zero_copy_loop),
		cmocka_unit_test(test_copy_counts),
	};
	return cmocka_run_group_tests(tests, eal_setup, NULL);
}

#else /* !HAVE_DPDK */

static void test_without_dpdk(void **state)
{
	char *argv[] = { "test_dpdk", "--no-huge", NULL };
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(nfc_dpdk_init(2, argv, &errh), -1);
	assert_non_null(strstr(errh.buf, "nfclick was built without DPDK"));
	assert_false(nfc_dpdk_initialized());
	nfc_errh_destroy(&errh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_without_dpdk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
