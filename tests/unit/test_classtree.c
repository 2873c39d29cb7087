/* SPDX-License-Identifier: MIT */
/* Unit tests for classifier decision trees: Click's listings, optimiser passes, matching. */
#include "classtree_testutil.h"

/* ---- listings equal to Click's ---- */

static void test_click_listing_one_byte(void **state)
{
	(void)state;
	/* Classifier(1/01, -): Click's Classifier-01 test */
	struct pattern p[2] = { { 1, { mkclause(1, "01", NULL, false) } }, { 0, { { 0 } } } };
	struct nfc_classtree t;
	compile_patterns(&t, p, 2, 0);
	char *s = listing(&t);
	assert_string_equal(s, " 0   0/00010000%00ff0000  yes->[0]  no->[1]\n"
			       "safe length 2\n"
			       "alignment offset 0\n");
	free(s);
	uint8_t a[4] = { 9, 1 }, b[4] = { 9, 2 };
	assert_int_equal(nfc_classtree_match(&t, a, 2), 0);
	assert_int_equal(nfc_classtree_match(&t, b, 2), 1);
	assert_int_equal(nfc_classtree_match(&t, a, 1), 1); /* too short for the test */
	nfc_classtree_free(&t);
}

static void test_click_listing_everything(void **state)
{
	(void)state;
	struct pattern p[1] = { { 0, { { 0 } } } };
	struct nfc_classtree t;
	compile_patterns(&t, p, 1, 0);
	char *s = listing(&t);
	assert_string_equal(s, "all->[0]\nsafe length 0\nalignment offset 0\n");
	free(s);
	assert_int_equal(nfc_classtree_match(&t, NULL, 0), 0);
	nfc_classtree_free(&t);

	/* no pattern at all: everything is dropped */
	compile_patterns(&t, p, 0, 0);
	s = listing(&t);
	assert_string_equal(s, "all->[2147483647]\nsafe length 0\nalignment offset 0\n");
	free(s);
	assert_int_equal(nfc_classtree_match(&t, NULL, 0), DROP);
	nfc_classtree_free(&t);
}

static void test_click_listing_ethertypes(void **state)
{
	(void)state;
	/* Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -): the
	 * classic ARP/IP split; 12/0806 is tested once */
	struct pattern p[4] = {
		{ 2, { mkclause(12, "0806", NULL, false), mkclause(20, "0001", NULL, false) } },
		{ 2, { mkclause(12, "0806", NULL, false), mkclause(20, "0002", NULL, false) } },
		{ 1, { mkclause(12, "0800", NULL, false) } },
		{ 0, { { 0 } } },
	};
	struct nfc_classtree t;
	compile_patterns(&t, p, 4, 0);
	char *s = listing(&t);
	assert_string_equal(s, " 0  12/08060000%ffff0000  yes->step 1  no->step 3\n"
			       " 1  20/00010000%ffff0000  yes->[0]  no->step 2\n"
			       " 2  20/00020000%ffff0000  yes->[1]  no->[3]\n"
			       " 3  12/08000000%ffff0000  yes->[2]  no->[3]\n"
			       "safe length 22\n"
			       "alignment offset 0\n");
	free(s);
	nfc_classtree_free(&t);
}

/* ---- optimiser passes ---- */

static void test_same_word_combined(void **state)
{
	(void)state;
	/* 12/08 and 13/00 are two clauses on one word: one test */
	struct pattern p[2] = {
		{ 2, { mkclause(12, "08", NULL, false), mkclause(13, "00", NULL, false) } },
		{ 0, { { 0 } } },
	};
	struct nfc_classtree t;
	compile_patterns(&t, p, 2, 0);
	assert_int_equal(t.ninsn, 1);
	assert_int_equal(t.insn[0].offset, 12);
	assert_int_equal(t.insn[0].mask.u, htonl(0xffff0000));
	assert_int_equal(t.insn[0].value.u, htonl(0x08000000));
	nfc_classtree_free(&t);
}

static void test_known_outcome_skipped(void **state)
{
	(void)state;
	/* the second pattern's 12/0800 is decided by the first pattern's test */
	struct pattern p[3] = {
		{ 2, { mkclause(12, "0800", NULL, false), mkclause(23, "06", NULL, false) } },
		{ 2, { mkclause(12, "0800", NULL, false), mkclause(23, "11", NULL, false) } },
		{ 0, { { 0 } } },
	};
	struct nfc_classtree t;
	compile_patterns(&t, p, 3, 0);
	int tests_at_12 = 0;
	for (int i = 0; i < t.ninsn; i++)
		tests_at_12 += t.insn[i].offset == 12;
	assert_int_equal(tests_at_12, 1);
	assert_int_equal(t.ninsn, 3);
	nfc_classtree_free(&t);
}

static void test_identical_subtrees_shared(void **state)
{
	(void)state;
	/* (a or b) and (c or d), built as a ? (c ? 1 : d) : (b ? (c ? 1 : d) : 0):
	 * the "c or d" part appears twice after compilation */
	struct nfc_classtree t, shared;
	for (int pass = 0; pass < 2; pass++) {
		struct nfc_classtree *x = pass ? &shared : &t;
		nfc_classtree_init(x, 0);
		nfc_classtree_start_subtree(x); /* top */
		nfc_classtree_start_subtree(x); /* and */
		nfc_classtree_start_subtree(x); /* or ab */
		nfc_classtree_add_insn(x, 0, htonl(0x01000000), htonl(0xff000000));
		nfc_classtree_add_insn(x, 4, htonl(0x02000000), htonl(0xff000000));
		nfc_classtree_finish_subtree(x, NFC_CT_OR, NFC_CT_SUCCESS, NFC_CT_FAILURE);
		nfc_classtree_start_subtree(x); /* or cd */
		nfc_classtree_add_insn(x, 8, htonl(0x03000000), htonl(0xff000000));
		nfc_classtree_add_insn(x, 12, htonl(0x04000000), htonl(0xff000000));
		nfc_classtree_finish_subtree(x, NFC_CT_OR, NFC_CT_SUCCESS, NFC_CT_FAILURE);
		nfc_classtree_finish_subtree(x, NFC_CT_AND, 0, -1);
		nfc_classtree_finish_subtree(x, NFC_CT_OR, NFC_CT_NEVER, NFC_CT_NEVER);
		/* duplicate the c-or-d subtree by hand: a jumps to a private copy */
		int n = x->ninsn;
		assert_int_equal(n, 4);
		struct nfc_ct_insn c = x->insn[2], d = x->insn[3];
		c.j[1] = 0;
		c.j[0] = 5;
		d.j[1] = 0;
		d.j[0] = -1;
		nfc_classtree_add_raw_insn(x, &c); /* 4 */
		nfc_classtree_add_raw_insn(x, &d); /* 5 */
		x->insn[0].j[1] = 4;
		nfc_classtree_optimize(x, NULL, 0, NFC_CT_OFFSET_MAX,
				       pass ? NFC_CT_OPT_SHARE : 0);
	}
	assert_true(shared.ninsn < t.ninsn);
	assert_int_equal(shared.ninsn, 4);
	/* same decisions on every packet of interesting bytes */
	static const uint8_t vals[] = { 0, 1, 2, 3, 4 };
	for (int a = 0; a < 5; a++)
		for (int b = 0; b < 5; b++)
			for (int c = 0; c < 5; c++)
				for (int d = 0; d < 5; d++) {
					uint8_t pkt[16] = { 0 };
					pkt[0] = vals[a];
					pkt[4] = vals[b];
					pkt[8] = vals[c];
					pkt[12] = vals[d];
					bool want = (a == 1 || b == 2) && (c == 3 || d == 4);
					assert_int_equal(nfc_classtree_match(&t, pkt, 16), want ? 0 : 1);
					assert_int_equal(nfc_classtree_match(&shared, pkt, 16),
							 want ? 0 : 1);
				}
	nfc_classtree_free(&t);
	nfc_classtree_free(&shared);
}

static void test_unused_outputs(void **state)
{
	(void)state;
	/* "-" first: later patterns can never match */
	struct pattern p[2] = { { 0, { { 0 } } }, { 1, { mkclause(0, "01", NULL, false) } } };
	struct nfc_classtree t;
	compile_patterns(&t, p, 2, 0);
	bool used[2];
	nfc_classtree_used_outputs(&t, 2, used);
	assert_true(used[0]);
	assert_false(used[1]);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	nfc_classtree_warn_unused_outputs(&t, 2, &errh);
	assert_int_equal(errh.nwarnings, 1);
	assert_non_null(strstr(errh.buf, "output 1 matches no packets"));
	nfc_errh_destroy(&errh);
	nfc_classtree_free(&t);
}

/* ---- matching: short packets, unaligned words, no overreads ---- */

static void test_short_and_unaligned(void **state)
{
	(void)state;
	/* 5/aabbccdd spans two words (4..7 and 8..11) */
	struct pattern p[2] = { { 1, { mkclause(5, "aabbccdd", NULL, false) } },
				{ 0, { { 0 } } } };
	struct nfc_classtree t;
	compile_patterns(&t, p, 2, 0);
	assert_int_equal(t.safe_length, 9);
	assert_int_equal(t.fast_length, 12);
	for (unsigned len = 0; len <= 12; len++) {
		/* exactly len bytes on the heap: an overread is caught by ASan */
		uint8_t *buf = malloc(len ? len : 1);
		uint8_t full[12] = { 0, 0, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0 };
		memcpy(buf, full, len);
		assert_int_equal(nfc_classtree_match(&t, buf, len), len >= 9 ? 0 : 1);
		/* unaligned start */
		uint8_t *odd = malloc(len + 1);
		memcpy(odd + 1, full, len);
		assert_int_equal(nfc_classtree_match(&t, odd + 1, len), len >= 9 ? 0 : 1);
		free(odd);
		free(buf);
	}
	nfc_classtree_free(&t);
}

static void test_negation_on_short_packets(void **state)
{
	(void)state;
	/* !12/0800: a packet too short to hold the bytes is "not 0800" */
	struct pattern p[2] = { { 1, { mkclause(12, "0800", NULL, true) } }, { 0, { { 0 } } } };
	struct nfc_classtree t;
	compile_patterns(&t, p, 2, 0);
	uint8_t pkt[14] = { [12] = 8, [13] = 0 };
	assert_int_equal(nfc_classtree_match(&t, pkt, 14), 1);
	assert_int_equal(nfc_classtree_match(&t, pkt, 13), 0);
	pkt[13] = 6;
	assert_int_equal(nfc_classtree_match(&t, pkt, 14), 0);
	nfc_classtree_free(&t);
}

static void test_copy_and_move(void **state)
{
	(void)state;
	struct pattern p[2] = { { 1, { mkclause(1, "01", NULL, false) } }, { 0, { { 0 } } } };
	struct nfc_classtree t, c, m;
	compile_patterns(&t, p, 2, 0);
	assert_int_equal(nfc_classtree_copy(&c, &t), 0);
	nfc_classtree_init(&m, 0);
	nfc_classtree_move(&m, &t);
	assert_int_equal(t.ninsn, 0);
	uint8_t a[4] = { 0, 1 };
	assert_int_equal(nfc_classtree_match(&c, a, 2), 0);
	assert_int_equal(nfc_classtree_match(&m, a, 2), 0);
	nfc_classtree_free(&t);
	nfc_classtree_free(&c);
	nfc_classtree_free(&m);
}

/* ---- sorting "and" chains by mapped offsets (IPFilter's protocol first) ---- */

static void test_sort_with_offset_map(void **state)
{
	(void)state;
	static const int offset_map[] = { 264, 259 }; /* sort 264 as if it were 259 */
	for (int mapped = 0; mapped < 2; mapped++) {
		struct nfc_classtree t;
		nfc_classtree_init(&t, 0);
		nfc_classtree_start_subtree(&t);
		nfc_classtree_start_subtree(&t);
		/* (as in Click, the entry test never moves: the chain starts at 0/) */
		nfc_classtree_add_insn(&t, 0, htonl(0x45000000), htonl(0xff000000));
		nfc_classtree_add_insn(&t, 260, 0, htonl(0x00001fff));
		nfc_classtree_add_insn(&t, 264, htonl(0x00110000), htonl(0x00ff0000));
		nfc_classtree_finish_subtree(&t, NFC_CT_AND, 0, NFC_CT_FAILURE);
		nfc_classtree_finish_subtree(&t, NFC_CT_OR, NFC_CT_NEVER, NFC_CT_NEVER);
		nfc_classtree_optimize(&t, mapped ? offset_map : NULL, mapped ? 2 : 0,
				       NFC_CT_OFFSET_MAX, 0);
		assert_int_equal(t.ninsn, 3);
		assert_int_equal(t.insn[0].offset, 0);
		assert_int_equal(t.insn[1].offset, mapped ? 264 : 260);
		assert_int_equal(t.insn[2].offset, mapped ? 260 : 264);
		assert_int_equal(t.safe_length, 266);
		nfc_classtree_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_click_listing_one_byte),
		cmocka_unit_test(test_click_listing_everything),
		cmocka_unit_test(test_click_listing_ethertypes),
		cmocka_unit_test(test_same_word_combined),
		cmocka_unit_test(test_known_outcome_skipped),
		cmocka_unit_test(test_identical_subtrees_shared),
		cmocka_unit_test(test_unused_outputs),
		cmocka_unit_test(test_short_and_unaligned),
		cmocka_unit_test(test_negation_on_short_packets),
		cmocka_unit_test(test_copy_and_move),
		cmocka_unit_test(test_sort_with_offset_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
