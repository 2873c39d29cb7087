/* SPDX-License-Identifier: MIT */
/* Classifier decision trees: internals shared by the classtree*.c files. */
#ifndef NFCLICK_CLASSTREE_PRIV_H
#define NFCLICK_CLASSTREE_PRIV_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/classtree.h>

/* ---- growable int arrays for the optimiser ---- */

struct ivec {
	int *a;
	int n, cap;
};

static inline bool ivec_reserve(struct ivec *v, int want)
{
	if (want <= v->cap)
		return true;
	int cap = v->cap ? v->cap : 16;
	while (cap < want)
		cap *= 2;
	int *a = realloc(v->a, (size_t)cap * sizeof *a);
	if (!a)
		return false;
	v->a = a;
	v->cap = cap;
	return true;
}

static inline bool ivec_push(struct ivec *v, int x)
{
	if (v->n == v->cap && !ivec_reserve(v, v->n + 1))
		return false;
	v->a[v->n++] = x;
	return true;
}

static inline bool ivec_assign(struct ivec *v, int n, int x)
{
	if (!ivec_reserve(v, n))
		return false;
	for (int i = 0; i < n; i++)
		v->a[i] = x;
	v->n = n;
	return true;
}

static inline void ivec_free(struct ivec *v)
{
	free(v->a);
	v->a = NULL;
	v->n = v->cap = 0;
}


/* ---- instruction predicates (classtree_optimize.c), Click's Wordwise::Insn.
 * kl is the number of packet bytes known to exist when @in runs. ---- */

/** A packet that matches @in must match @x. */
bool nfc_ct_insn_implies(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x, unsigned kl);
/** A packet that does not match @in must match @x. */
bool nfc_ct_insn_not_implies(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
			     unsigned kl);
/** A packet that matches @in cannot match @x. */
bool nfc_ct_insn_implies_not(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
			     unsigned kl);
/** A packet that does not match @in cannot match @x. */
bool nfc_ct_insn_not_implies_not(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
				 unsigned kl);
/** Same test (jumps ignored). */
bool nfc_ct_insn_same_test(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b);
/** A total order on tests (jumps ignored). */
int nfc_ct_insn_test_compare(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b);

/** Pass 2 (classtree_dominators.c): skip tests decided on every path. */
void nfc_ct_dominator_optimize(struct nfc_classtree *t);

#endif
