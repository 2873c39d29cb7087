/* SPDX-License-Identifier: MIT */
/* Shared by the classifier tree tests: a repeatable PRNG, Classifier-style
 * patterns, compiling them, a naive evaluator and listings. */
#ifndef NFCLICK_CLASSTREE_TESTUTIL_H
#define NFCLICK_CLASSTREE_TESTUTIL_H

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
static inline uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}
static inline int rnd_below(int n)
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
static inline void compile_patterns(struct nfc_classtree *t, const struct pattern *pats, int npats,
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

static inline bool clause_holds(const struct clause *c, const uint8_t *pkt, int len)
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

static inline int naive_classify(const struct pattern *pats, int npats, const uint8_t *pkt, int len)
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

static inline char *listing(const struct nfc_classtree *t)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_classtree_unparse(t, &sb);
	return nfc_strbuf_take(&sb);
}

static inline struct clause mkclause(int offset, const char *hexv, const char *hexm, bool neg)
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

#endif
