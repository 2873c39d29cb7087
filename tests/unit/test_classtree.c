/* SPDX-License-Identifier: MIT */
/* Unit tests for classifier decision trees: Click's listings, optimiser passes, matching. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/classtree.h>

#define DROP (-NFC_CT_NEVER)

/* ---- a tiny deterministic PRNG (tests must be repeatable) ---- */

static uint64_t rng_state = 88172645463325252ull;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}
static int rnd_below(int n)
{
	return (int)(rnd() % (uint32_t)n);
}

/* ---- Classifier-style patterns: "offset/value%mask" clauses ---- */

struct clause {
	int offset, nbytes;
	uint8_t v[8], m[8];
	bool neg;
};
struct pattern {
	int nclauses;
	struct clause c[4];
};

/* Compile like Classifier does: one subtree per clause (words at
 * 4-aligned offsets), clauses "and"ed, patterns "or"ed in order. */
static void compile_patterns(struct nfc_classtree *t, const struct pattern *pats, int npats,
			     unsigned flags)
{
	nfc_classtree_init(t, 0);
	nfc_classtree_init_subtree(t);
	nfc_classtree_start_subtree(t);
	for (int slot = 0; slot < npats; slot++) {
		const struct pattern *p = &pats[slot];
		nfc_classtree_start_subtree(t);
		for (int ci = 0; ci < p->nclauses; ci++) {
			const struct clause *c = &p->c[ci];
			nfc_classtree_start_subtree(t);
			int off = c->offset, word = -1;
			uint8_t wv[4] = { 0 }, wm[4] = { 0 };
			for (int b = 0; b < c->nbytes; b++, off++) {
				if (word < 0 || off % 4 == 0) {
					if (word >= 0) {
						uint32_t v, m;
						memcpy(&v, wv, 4);
						memcpy(&m, wm, 4);
						nfc_classtree_add_insn(t, word, v, m);
					}
					word = off / 4 * 4;
					memset(wv, 0, 4);
					memset(wm, 0, 4);
				}
				wm[off % 4] = c->m[b];
				wv[off % 4] = c->v[b] & c->m[b];
			}
			if (word >= 0) {
				uint32_t v, m;
				memcpy(&v, wv, 4);
				memcpy(&m, wm, 4);
				nfc_classtree_add_insn(t, word, v, m);
			}
			nfc_classtree_finish_subtree(t, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
			if (c->neg)
				nfc_classtree_negate_subtree(t, false);
		}
		if (p->nclauses == 0)
			nfc_classtree_add_insn(t, 0, 0, 0);
		nfc_classtree_finish_subtree(t, NFC_CT_AND, -slot, NFC_CT_FAILURE);
	}
	nfc_classtree_finish_subtree(t, NFC_CT_OR, NFC_CT_NEVER, NFC_CT_NEVER);
	nfc_classtree_optimize(t, NULL, 0, NFC_CT_OFFSET_MAX, flags);
}

static bool clause_holds(const struct clause *c, const uint8_t *pkt, int len)
{
	bool ok = true;
	for (int b = 0; b < c->nbytes; b++) {
		if (!c->m[b])
			continue;
		int at = c->offset + b;
		if (at >= len || (pkt[at] & c->m[b]) != (c->v[b] & c->m[b]))
			ok = false;
	}
	return c->neg ? !ok : ok;
}

static int naive_classify(const struct pattern *pats, int npats, const uint8_t *pkt, int len)
{
	for (int s = 0; s < npats; s++) {
		bool all = true;
		for (int ci = 0; ci < pats[s].nclauses; ci++)
			if (!clause_holds(&pats[s].c[ci], pkt, len))
				all = false;
		if (all)
			return s;
	}
	return DROP;
}

static char *listing(const struct nfc_classtree *t)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_classtree_unparse(t, &sb);
	return nfc_strbuf_take(&sb);
}

static struct clause mkclause(int offset, const char *hexv, const char *hexm, bool neg)
{
	struct clause c = { .offset = offset, .neg = neg };
	c.nbytes = (int)strlen(hexv) / 2;
	for (int i = 0; i < c.nbytes; i++) {
		unsigned v, m = 0xff;
		sscanf(hexv + 2 * i, "%2x", &v);
		if (hexm)
			sscanf(hexm + 2 * i, "%2x", &m);
		c.v[i] = (uint8_t)v;
		c.m[i] = (uint8_t)m;
	}
	return c;
}

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

/* ---- random Classifier patterns against a naive evaluator ---- */

static const uint8_t interesting[] = { 0x00, 0x01, 0x06, 0x08, 0x11, 0x45, 0x80, 0xff };

static void random_clause(struct clause *c)
{
	c->offset = rnd_below(24);
	c->nbytes = 1 + rnd_below(6);
	c->neg = rnd_below(5) == 0;
	for (int b = 0; b < c->nbytes; b++) {
		c->v[b] = interesting[rnd_below(8)];
		switch (rnd_below(6)) {
		case 0: c->m[b] = 0; break;                 /* "??" */
		case 1: c->m[b] = 0xf0; break;              /* "8?" */
		case 2: c->m[b] = (uint8_t)(1u << rnd_below(8)); break;
		default: c->m[b] = 0xff; break;
		}
	}
}

static void random_packet(uint8_t *pkt, int *len, const struct pattern *pats, int npats)
{
	*len = rnd_below(36);
	for (int i = 0; i < 36; i++)
		pkt[i] = interesting[rnd_below(8)];
	/* plant some clauses' bytes so that patterns match often */
	for (int s = 0; s < npats; s++)
		for (int ci = 0; ci < pats[s].nclauses; ci++)
			if (rnd_below(3)) {
				const struct clause *c = &pats[s].c[ci];
				for (int b = 0; b < c->nbytes && c->offset + b < 36; b++)
					pkt[c->offset + b] = (uint8_t)((pkt[c->offset + b] & ~c->m[b]) |
								       (c->v[b] & c->m[b]));
			}
}

static void test_random_patterns(void **state)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct pattern pats[5];
		int npats = 1 + rnd_below(5);
		for (int s = 0; s < npats; s++) {
			pats[s].nclauses = rnd_below(4);
			for (int ci = 0; ci < pats[s].nclauses; ci++)
				random_clause(&pats[s].c[ci]);
		}
		struct nfc_classtree t, ts;
		compile_patterns(&t, pats, npats, 0);
		compile_patterns(&ts, pats, npats, NFC_CT_OPT_SHARE);
		assert_false(t.oom);
		assert_true(ts.ninsn <= t.ninsn);
		for (int i = 0; i < t.ninsn; i++)
			for (int k = 0; k < 2; k++)
				assert_true(t.insn[i].j[k] <= 0 || t.insn[i].j[k] > i); /* forward */
		for (int k = 0; k < 200; k++) {
			uint8_t full[36];
			int len;
			random_packet(full, &len, pats, npats);
			uint8_t *pkt = malloc(len ? (size_t)len : 1);
			memcpy(pkt, full, (size_t)len);
			int want = naive_classify(pats, npats, pkt, len);
			int got = nfc_classtree_match(&t, pkt, (uint32_t)len);
			int got_shared = nfc_classtree_match(&ts, pkt, (uint32_t)len);
			int got_careful = nfc_classtree_match_short(&t, pkt, (uint32_t)len);
			if (got != want || got_shared != want || got_careful != want) {
				char *s = listing(&t);
				fprintf(stderr, "round %d: want %d got %d/%d/%d len %d\n%s", round,
					want, got, got_shared, got_careful, len, s);
				free(s);
			}
			assert_int_equal(got, want);
			assert_int_equal(got_shared, want);
			assert_int_equal(got_careful, want);
			free(pkt);
		}
		nfc_classtree_free(&t);
		nfc_classtree_free(&ts);
	}
}

/* ---- random expression trees (and, or, ternary, not with short flip) ---- */

enum node_kind { N_LEAF, N_AND, N_OR, N_TERNARY, N_NOT };
struct node {
	enum node_kind kind;
	int offset;
	uint32_t value, mask; /* memory order */
	bool flip;
	int nkids;
	struct node *kid[3];
};

static struct node *random_node(int depth)
{
	struct node *n = calloc(1, sizeof *n);
	int r = depth >= 3 ? 0 : rnd_below(6);
	if (r <= 1) {
		n->kind = N_LEAF;
		n->offset = 4 * rnd_below(5);
		uint8_t m[4], v[4];
		for (int b = 0; b < 4; b++) {
			int x = rnd_below(4);
			m[b] = x == 0 ? 0 : x == 1 ? (uint8_t)(1u << rnd_below(8)) : 0xff;
			v[b] = interesting[rnd_below(4)] & m[b];
		}
		memcpy(&n->mask, m, 4);
		memcpy(&n->value, v, 4);
		if (!n->mask) {
			n->mask = htonl(0xff000000);
			n->value &= n->mask;
		}
	} else if (r == 5) {
		n->kind = N_NOT;
		n->flip = rnd_below(2);
		n->nkids = 1;
		n->kid[0] = random_node(depth + 1);
	} else {
		n->kind = r == 2 ? N_AND : r == 3 ? N_OR : N_TERNARY;
		n->nkids = n->kind == N_TERNARY ? 3 : 2;
		for (int i = 0; i < n->nkids; i++)
			n->kid[i] = random_node(depth + 1);
	}
	return n;
}

static void free_node(struct node *n)
{
	for (int i = 0; i < n->nkids; i++)
		free_node(n->kid[i]);
	free(n);
}

static void compile_node(struct nfc_classtree *t, const struct node *n)
{
	if (n->kind == N_LEAF) {
		nfc_classtree_add_insn(t, n->offset, n->value, n->mask);
		return;
	}
	nfc_classtree_start_subtree(t);
	for (int i = 0; i < n->nkids; i++)
		compile_node(t, n->kid[i]);
	enum nfc_ct_combiner c = n->kind == N_OR ? NFC_CT_OR
				 : n->kind == N_TERNARY ? NFC_CT_TERNARY
							: NFC_CT_AND;
	nfc_classtree_finish_subtree(t, c, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	if (n->kind == N_NOT)
		nfc_classtree_negate_subtree(t, n->flip);
}

/* A test on a too-short packet answers its short_output, which starts at
 * "no" and is flipped by every short-flipping negation above it. */
static bool eval_node(const struct node *n, const uint8_t *pkt, int len, int flips)
{
	switch (n->kind) {
	case N_LEAF: {
		struct nfc_ct_insn in = { .offset = (uint16_t)n->offset };
		in.mask.u = n->mask;
		if ((int)nfc_ct_insn_required_length(&in) > len)
			return flips & 1;
		uint8_t w[4] = { 0 };
		for (int b = 0; b < 4; b++)
			if (n->offset + b < len)
				w[b] = pkt[n->offset + b];
		uint32_t x;
		memcpy(&x, w, 4);
		return (x & n->mask) == n->value;
	}
	case N_AND:
		return eval_node(n->kid[0], pkt, len, flips) && eval_node(n->kid[1], pkt, len, flips);
	case N_OR:
		return eval_node(n->kid[0], pkt, len, flips) || eval_node(n->kid[1], pkt, len, flips);
	case N_TERNARY:
		return eval_node(n->kid[0], pkt, len, flips) ? eval_node(n->kid[1], pkt, len, flips)
							     : eval_node(n->kid[2], pkt, len, flips);
	case N_NOT:
		return !eval_node(n->kid[0], pkt, len, flips + n->flip);
	}
	return false;
}

static void test_random_expressions(void **state)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct node *rules[4];
		int nrules = 1 + rnd_below(4);
		for (int r = 0; r < nrules; r++)
			rules[r] = random_node(0);
		struct nfc_classtree t[2];
		for (int v = 0; v < 2; v++) {
			nfc_classtree_init(&t[v], 0);
			nfc_classtree_start_subtree(&t[v]);
			for (int r = 0; r < nrules; r++) {
				nfc_classtree_start_subtree(&t[v]);
				compile_node(&t[v], rules[r]);
				nfc_classtree_finish_subtree(&t[v], NFC_CT_AND, -r, NFC_CT_FAILURE);
			}
			nfc_classtree_finish_subtree(&t[v], NFC_CT_OR, NFC_CT_NEVER, NFC_CT_NEVER);
			nfc_classtree_optimize(&t[v], NULL, 0, NFC_CT_OFFSET_MAX,
					       v ? NFC_CT_OPT_SHARE : 0);
		}
		for (int k = 0; k < 200; k++) {
			int len = rnd_below(22);
			uint8_t full[24];
			for (int i = 0; i < 24; i++)
				full[i] = interesting[rnd_below(4)];
			uint8_t *pkt = malloc(len ? (size_t)len : 1);
			memcpy(pkt, full, (size_t)len);
			int want = DROP;
			for (int r = 0; r < nrules; r++)
				if (eval_node(rules[r], pkt, len, 0)) {
					want = r;
					break;
				}
			for (int v = 0; v < 2; v++) {
				int got = nfc_classtree_match(&t[v], pkt, (uint32_t)len);
				if (got != want) {
					char *s = listing(&t[v]);
					fprintf(stderr, "round %d v%d: want %d got %d len %d\n%s", round,
						v, want, got, len, s);
					free(s);
				}
				assert_int_equal(got, want);
			}
			free(pkt);
		}
		for (int r = 0; r < nrules; r++)
			free_node(rules[r]);
		nfc_classtree_free(&t[0]);
		nfc_classtree_free(&t[1]);
	}
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

/* ---- the batch matcher agrees with the one-packet matcher ---- */

static void test_match_packets(void **state)
{
	(void)state;
	for (int round = 0; round < 400; round++) {
		/* even rounds: every clause inside bytes 12..15 (one word: memo) */
		bool one_word = round % 2 == 0;
		struct pattern pats[4];
		int npats = 1 + rnd_below(4);
		for (int s = 0; s < npats; s++) {
			pats[s].nclauses = rnd_below(3);
			for (int ci = 0; ci < pats[s].nclauses; ci++) {
				random_clause(&pats[s].c[ci]);
				if (one_word) {
					pats[s].c[ci].offset = 12 + rnd_below(4);
					if (pats[s].c[ci].offset + pats[s].c[ci].nbytes > 16)
						pats[s].c[ci].nbytes = 16 - pats[s].c[ci].offset;
				}
			}
		}
		struct nfc_classtree t;
		compile_patterns(&t, pats, npats, NFC_CT_OPT_SHARE);
		if (one_word && t.ninsn > 0)
			assert_true(t.memo_offset >= 0);

		/* a batch of a few distinct packets, repeated, some short */
		enum { N = 64 };
		uint8_t bufs[4][36];
		int lens[4];
		for (int k = 0; k < 4; k++)
			random_packet(bufs[k], &lens[k], pats, npats);
		lens[0] = 36;
		struct nfc_packet pk[N];
		struct nfc_packet *pkts[N];
		for (int i = 0; i < N; i++) {
			int k = rnd_below(3) ? i / 16 % 4 : rnd_below(4);
			memset(&pk[i], 0, sizeof pk[i]);
			pk[i].data = bufs[k];
			pk[i].length = (uint32_t)lens[k];
			pkts[i] = &pk[i];
		}
		int n = 1 + rnd_below(N);
		int ports[N];
		bool same = nfc_classtree_match_packets(&t, pkts, (unsigned)n, ports);
		bool want_same = true;
		for (int i = 0; i < n; i++) {
			int want = nfc_classtree_match(&t, pkts[i]->data, pkts[i]->length);
			assert_int_equal(ports[i], want);
			want_same &= want == ports[0];
		}
		assert_int_equal(same, want_same);
		nfc_classtree_free(&t);
	}
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
		cmocka_unit_test(test_random_patterns),
		cmocka_unit_test(test_random_expressions),
		cmocka_unit_test(test_copy_and_move),
		cmocka_unit_test(test_match_packets),
		cmocka_unit_test(test_sort_with_offset_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
