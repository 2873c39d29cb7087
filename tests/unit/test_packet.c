/* SPDX-License-Identifier: MIT */
/* Unit tests: packet allocation, clones, copy-on-write, head/tail room, batches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <nfclick/nfclick.h>

static void test_make_and_kill(void **state)
{
	struct nfc_packet *p = nfc_packet_make("hello", 5);
	assert_non_null(p);
	assert_int_equal(p->length, 5);
	assert_memory_equal(p->data, "hello", 5);
	assert_int_equal(nfc_packet_headroom(p), NFC_PACKET_HEADROOM);
	assert_false(nfc_packet_shared(p));
	assert_null(nfc_packet_network_header(p));
	assert_int_equal(nfc_packet_paint(p), 0);
	nfc_packet_kill(p);
}

static void test_zero_fill_and_large(void **state)
{
	struct nfc_packet *p = nfc_packet_make(NULL, 8);
	static const unsigned char zero[8];
	assert_memory_equal(p->data, zero, 8);
	nfc_packet_kill(p);
	/* larger than a pool buffer: heap-backed, still usable */
	struct nfc_packet *big = nfc_packet_make(NULL, 9000);
	assert_non_null(big);
	assert_int_equal(big->length, 9000);
	big->data[8999] = 7;
	nfc_packet_kill(big);
}

static void test_clone_shares_until_write(void **state)
{
	struct nfc_packet *p = nfc_packet_make("abcd", 4);
	struct nfc_packet *c = nfc_packet_clone(p);
	assert_non_null(c);
	assert_ptr_equal(c->data, p->data);
	assert_true(nfc_packet_shared(p));
	assert_true(nfc_packet_shared(c));
	c = nfc_packet_uniqueify(c);
	assert_ptr_not_equal(c->data, p->data);
	c->data[0] = 'X';
	assert_memory_equal(p->data, "abcd", 4);
	assert_memory_equal(c->data, "Xbcd", 4);
	assert_false(nfc_packet_shared(c));
	nfc_packet_kill(c);
	assert_false(nfc_packet_shared(p));
	nfc_packet_kill(p);
}

static void test_owner_dies_first(void **state)
{
	struct nfc_packet *p = nfc_packet_make("abcd", 4);
	struct nfc_packet *c1 = nfc_packet_clone(p);
	struct nfc_packet *c2 = nfc_packet_clone(c1);
	nfc_packet_kill(p);
	/* buffer stays valid for the clones */
	assert_memory_equal(c1->data, "abcd", 4);
	assert_memory_equal(c2->data, "abcd", 4);
	nfc_packet_kill(c1);
	assert_memory_equal(c2->data, "abcd", 4);
	nfc_packet_kill(c2);
}

static void test_push_put_pull_take(void **state)
{
	struct nfc_packet *p = nfc_packet_make("payload", 7);
	p = nfc_packet_push(p, 4);
	memcpy(p->data, "HDR:", 4);
	assert_int_equal(p->length, 11);
	assert_memory_equal(p->data, "HDR:payload", 11);
	p = nfc_packet_put(p, 2);
	memcpy(p->data + 9, "!!", 2);
	nfc_packet_pull(p, 4);
	nfc_packet_take(p, 2);
	assert_int_equal(p->length, 7);
	assert_memory_equal(p->data, "paylo!!", 7);
	/* push more than the headroom: reallocates, keeps contents */
	p = nfc_packet_push(p, 500);
	assert_non_null(p);
	assert_int_equal(p->length, 507);
	assert_memory_equal(p->data + 500, "paylo!!", 7);
	/* pull/take clamp at the length */
	nfc_packet_pull(p, 10000);
	assert_int_equal(p->length, 0);
	nfc_packet_kill(p);
}

static void test_push_on_clone_copies(void **state)
{
	struct nfc_packet *p = nfc_packet_make("xyz", 3);
	nfc_packet_set_network_header(p, p->data + 1, 1);
	struct nfc_packet *c = nfc_packet_clone(p);
	c = nfc_packet_push(c, 2);
	memcpy(c->data, "AB", 2);
	assert_memory_equal(c->data, "ABxyz", 5);
	assert_memory_equal(p->data, "xyz", 3);
	/* header offsets follow the data into the copy */
	assert_int_equal(*nfc_packet_network_header(c), 'y');
	assert_int_equal(*nfc_packet_transport_header(c), 'z');
	nfc_packet_kill(c);
	nfc_packet_kill(p);
}

static void test_annotations(void **state)
{
	struct nfc_packet *p = nfc_packet_make("a", 1);
	nfc_packet_set_paint(p, 9);
	nfc_packet_set_dst_ip(p, 0x01020304);
	p->timestamp_ns = 42;
	struct nfc_packet *c = nfc_packet_clone(p);
	assert_int_equal(nfc_packet_paint(c), 9);
	assert_int_equal(nfc_packet_dst_ip(c), 0x01020304);
	assert_int_equal(c->timestamp_ns, 42);
	nfc_packet_kill(p);
	nfc_packet_kill(c);
	/* a recycled packet starts with clear annotations */
	struct nfc_packet *q = nfc_packet_make("b", 1);
	assert_int_equal(nfc_packet_paint(q), 0);
	assert_int_equal(q->timestamp_ns, 0);
	nfc_packet_kill(q);
}

static void test_pool_reuse_many(void **state)
{
	struct nfc_batch b;
	for (int round = 0; round < 50; round++) {
		nfc_batch_init(&b);
		for (int i = 0; i < NFC_BATCH_MAX; i++) {
			struct nfc_packet *p = nfc_packet_alloc(64, 60, 0);
			assert_non_null(p);
			p->data[0] = (unsigned char)i;
			nfc_batch_add(&b, p);
		}
		assert_int_equal(b.count, NFC_BATCH_MAX);
		struct nfc_packet *p;
		int sum = 0;
		for (NFC_BATCH_EACH(&b, i, p))
			sum += p->data[0];
		assert_int_equal(sum, 255 * 256 / 2);
		nfc_batch_kill(&b);
		assert_int_equal(b.count, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_and_kill),
		cmocka_unit_test(test_zero_fill_and_large),
		cmocka_unit_test(test_clone_shares_until_write),
		cmocka_unit_test(test_owner_dies_first),
		cmocka_unit_test(test_push_put_pull_take),
		cmocka_unit_test(test_push_on_clone_copies),
		cmocka_unit_test(test_annotations),
		cmocka_unit_test(test_pool_reuse_many),
	};
	return cmocka_run_group_tests_name("packet", tests, NULL, NULL);
}
