/* SPDX-License-Identifier: MIT */
/* Unit tests for classifier decision trees against a naive evaluator: random
 * patterns, random expression trees, the batch matcher. */
#include "classtree_testutil.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_patterns),
		cmocka_unit_test(test_random_expressions),
		cmocka_unit_test(test_match_packets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
