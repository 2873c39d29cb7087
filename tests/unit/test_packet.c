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

/* A copy made for writing keeps the bytes around the data: a header that
 * Strip pulled off comes back with Unstrip, as in Click. */
static void test_uniqueify_keeps_headroom_and_tailroom(void **state)
{
	struct nfc_packet *p = nfc_packet_make("ETHERNET-HDRpayloadTRAILER", 26);
	nfc_packet_pull(p, 12);
	p->length = 7; /* "payload"; the trailer is tailroom now */
	nfc_packet_set_network_header(p, p->data, 7);
	struct nfc_packet *c = nfc_packet_clone(p);
	c = nfc_packet_uniqueify(c);
	assert_ptr_not_equal(c->data, p->data);
	assert_int_equal(nfc_packet_headroom(c), nfc_packet_headroom(p));
	assert_true(nfc_packet_tailroom(c) >= nfc_packet_tailroom(p));
	assert_memory_equal(c->data - 12, "ETHERNET-HDR", 12);
	assert_memory_equal(c->data, "payload", 7);
	assert_memory_equal(c->data + 7, "TRAILER", 7);
	assert_ptr_equal(nfc_packet_network_header(c), c->data);
	c = nfc_packet_push(c, 12);
	assert_memory_equal(c->data, "ETHERNET-HDRpayload", 19);
	nfc_packet_kill(c);
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

/* Larger than NFC_PACKET_MAX_BUFFER: refused like an allocation failure. */
static void test_max_buffer(void **state)
{
	assert_null(nfc_packet_alloc(0, NFC_PACKET_MAX_BUFFER, 1));
	assert_null(nfc_packet_make(NULL, NFC_PACKET_MAX_BUFFER));
	struct nfc_packet *p = nfc_packet_alloc(0, NFC_PACKET_MAX_BUFFER, 0);
	assert_non_null(p);
	assert_int_equal(p->length, NFC_PACKET_MAX_BUFFER);
	/* growing past the limit fails and frees the packet */
	assert_null(nfc_packet_put(p, 1));
}

/* take_raw + init_pooled: what sources do; annotations cleared, timestamp set. */
static void test_take_raw_and_init(void **state)
{
	struct nfc_packet *warm = nfc_packet_make("x", 1); /* the thread's pool exists */
	nfc_packet_set_paint(warm, 9);
	warm->flow = warm;
	nfc_packet_kill(warm);
	struct nfc_packet *got[13];
	struct nfc_packet **from = nfc_packet_take_raw(13);
	assert_non_null(from);
	memcpy(got, from, sizeof got);
	for (int i = 0; i < 13; i++) {
		nfc_packet_init_pooled(got[i], NFC_PACKET_HEADROOM, 40, 12345 + i);
		assert_int_equal(got[i]->length, 40);
		assert_int_equal(nfc_packet_headroom(got[i]), NFC_PACKET_HEADROOM);
		assert_int_equal(got[i]->timestamp_ns, 12345 + i);
		assert_int_equal(nfc_packet_paint(got[i]), 0);
		assert_null(got[i]->flow);
		assert_int_equal(got[i]->network_offset, NFC_OFFSET_UNSET);
		assert_false(nfc_packet_shared(got[i]));
	}
	nfc_packet_kill_many(got, 13);
	/* asking for more than the stack holds grows the pool through the slow path */
	struct nfc_batch b;
	unsigned n = nfc_packet_alloc_raw(b.pkts, NFC_BATCH_MAX);
	assert_int_equal(n, NFC_BATCH_MAX);
	for (unsigned i = 0; i < n; i++)
		nfc_packet_init_pooled(b.pkts[i], 0, 10, 0);
	b.count = n;
	nfc_batch_kill(&b);
}

/* A burst mixing plain packets with a clone and its owner goes the slow way
 * and still frees everything exactly once (ASan/valgrind check the rest). */
static void test_kill_many_mixed(void **state)
{
	for (unsigned n = 1; n <= 19; n++) {
		struct nfc_packet *pk[19];
		for (unsigned i = 0; i < n; i++)
			pk[i] = nfc_packet_make("abc", 3);
		struct nfc_packet *clone = nfc_packet_clone(pk[n / 2]);
		assert_non_null(clone);
		/* the owner is in the burst; the clone outlives it */
		nfc_packet_kill_many(pk, n);
		assert_memory_equal(clone->data, "abc", 3);
		struct nfc_packet *one[1] = { clone };
		nfc_packet_kill_many(one, 1);
	}
	/* a heap-buffer packet (bigger than a pool slot) among plain ones */
	struct nfc_packet *pk[9];
	for (int i = 0; i < 9; i++)
		pk[i] = nfc_packet_make(NULL, i == 8 ? 5000 : 10);
	nfc_packet_kill_many(pk, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_and_kill),
		cmocka_unit_test(test_zero_fill_and_large),
		cmocka_unit_test(test_clone_shares_until_write),
		cmocka_unit_test(test_uniqueify_keeps_headroom_and_tailroom),
		cmocka_unit_test(test_owner_dies_first),
		cmocka_unit_test(test_push_put_pull_take),
		cmocka_unit_test(test_push_on_clone_copies),
		cmocka_unit_test(test_annotations),
		cmocka_unit_test(test_pool_reuse_many),
		cmocka_unit_test(test_max_buffer),
		cmocka_unit_test(test_take_raw_and_init),
		cmocka_unit_test(test_kill_many_mixed),
	};
	return cmocka_run_group_tests_name("packet", tests, NULL, NULL);
}
