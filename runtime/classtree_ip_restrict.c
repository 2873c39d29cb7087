/* SPDX-License-Identifier: MIT */
/* IP decision trees: programs restricted to one value of a word, and which word to switch on. */
#include <stdlib.h>
#include <string.h>
#include "classtree_ip_priv.h"

static const int ip_offset_map[] = { NFC_CTIP_OFFSET_NET + 8, NFC_CTIP_OFFSET_NET + 3 };

/* What knowing "word & mask == v" (or, @dflt, "is none of the compared
 * values") says about test @x: 1 yes, 0 no, -1 nothing. */
static int known_outcome(const struct nfc_ct_insn *x, struct nfc_ctip_word w, uint32_t v,
			 bool dflt)
{
	if (x->offset != w.offset || !x->mask.u)
		return -1;
	if (dflt)
		return x->mask.u == w.mask ? 0 : -1;
	if ((x->mask.u & ~w.mask) == 0)
		return (v & x->mask.u) == x->value.u;
	uint32_t common = x->mask.u & w.mask;
	return (v & common) != (x->value.u & common) ? 0 : -1;
}

static int32_t follow(const struct nfc_classtree *t, int32_t j, struct nfc_ctip_word w, uint32_t v,
		      bool dflt)
{
	int o;
	while (j > 0 && (o = known_outcome(&t->insn[j], w, v, dflt)) >= 0)
		j = t->insn[j].j[o];
	return j;
}

/*
 * Walk @t with @w's tests resolved. idx[i] becomes the new index of each
 * reachable test (-1 for the others); with @jumps, each reachable test's
 * resolved successors. Returns the number of reachable tests; 0 with
 * *port set when every packet ends at one output.
 */
static int restricted_walk(const struct nfc_classtree *t, struct nfc_ctip_word w, uint32_t v,
			   bool dflt, int *idx, int32_t (*jumps)[2], int32_t *port)
{
	int n = t->ninsn;
	int32_t root = 0;
	/* insn 0 is a test, but jump 0 means port 0: start by hand */
	int o = known_outcome(&t->insn[0], w, v, dflt);
	if (o >= 0) {
		root = follow(t, t->insn[0].j[o], w, v, dflt);
		if (root <= 0) {
			*port = root;
			return 0;
		}
	}
	for (int i = root; i < n; i++)
		idx[i] = -1;
	idx[root] = 0;
	int count = 0;
	for (int i = root; i < n; i++) {
		if (idx[i] < 0)
			continue;
		idx[i] = count++;
		for (int k = 0; k < 2; k++) {
			int32_t j = follow(t, t->insn[i].j[k], w, v, dflt);
			if (jumps)
				jumps[i][k] = j;
			if (j > 0 && idx[j] < 0)
				idx[j] = 0; /* reached; numbered when the loop gets there */
		}
	}
	for (int i = 0; i < root; i++)
		idx[i] = -1;
	return count;
}

bool nfc_ctip_restrict(struct nfc_classtree *out, const struct nfc_classtree *t,
		       struct nfc_ctip_word w, uint32_t v, bool dflt)
{
	nfc_classtree_init(out, t->align_offset);
	int n = t->ninsn;
	int *idx = malloc((size_t)n * sizeof *idx);
	int32_t(*jumps)[2] = malloc((size_t)n * sizeof *jumps);
	if (!idx || !jumps) {
		free(idx);
		free(jumps);
		return false;
	}
	int32_t port = 0;
	int count = restricted_walk(t, w, v, dflt, idx, jumps, &port);
	for (int i = 0; i < n && count > 0 && !out->oom; i++) {
		if (idx[i] < 0)
			continue;
		struct nfc_ct_insn in = t->insn[i];
		for (int k = 0; k < 2; k++)
			in.j[k] = jumps[i][k] > 0 ? idx[jumps[i][k]] : jumps[i][k];
		nfc_classtree_add_raw_insn(out, &in);
	}
	free(idx);
	free(jumps);
	if (count == 0) {
		out->output_everything = -port;
		return true;
	}
	out->output_everything = -1;
	if (out->oom)
		return false;
	nfc_classtree_optimize(out, ip_offset_map, 2, NFC_CT_OFFSET_MAX, NFC_CT_OPT_SHARE);
	return !out->oom;
}

/* ---- choosing the word ---- */

struct test_key {
	unsigned offset;
	uint32_t mask, value;
};

static int test_key_compare(const void *a, const void *b)
{
	const struct test_key *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->mask != y->mask)
		return x->mask < y->mask ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

/* One candidate word: keys[first..first+nvalues) hold its distinct values. */
struct candidate {
	int first, nvalues;
};

static int candidate_compare(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	return x->nvalues - y->nvalues;
}

int nfc_ctip_choose_word(const struct nfc_classtree *t, long budget, struct nfc_ctip_word *w,
			 uint32_t **values)
{
	int n = t->ninsn;
	struct test_key *k = malloc((size_t)n * sizeof *k);
	struct candidate *cand = malloc((size_t)n * sizeof *cand);
	int *idx = malloc((size_t)n * sizeof *idx);
	int result = -1;
	if (!k || !cand || !idx)
		goto out;

	/* distinct (offset, mask, value) tests, grouped by word */
	int nk = 0;
	for (int i = 0; i < n; i++)
		if (t->insn[i].mask.u)
			k[nk++] = (struct test_key){ t->insn[i].offset, t->insn[i].mask.u,
						     t->insn[i].value.u };
	qsort(k, (size_t)nk, sizeof *k, test_key_compare);
	int nd = 0;
	for (int i = 0; i < nk; i++)
		if (i == 0 || test_key_compare(&k[i], &k[i - 1]) != 0)
			k[nd++] = k[i];
	int nc = 0;
	for (int i = 0; i < nd;) {
		int j = i;
		while (j < nd && k[j].offset == k[i].offset && k[j].mask == k[i].mask)
			j++;
		cand[nc++] = (struct candidate){ i, j - i };
		i = j;
	}
	/* words with few values first: cheap to judge, and they set the bar
	 * that prunes the costly ones early */
	qsort(cand, (size_t)nc, sizeof *cand, candidate_compare);

	/* the largest restricted program must lose an eighth at least */
	long best_max = n - (n >= 16 ? n / 8 : 1), best_sum = budget + 1;
	int best = -1;
	for (int c = 0; c < nc; c++) {
		struct nfc_ctip_word cw = { k[cand[c].first].offset, k[cand[c].first].mask };
		long mx = 0, sum = 0;
		bool pruned = false;
		/* the default branch first: it is often the largest */
		for (int vi = -1; vi < cand[c].nvalues && !pruned; vi++) {
			int32_t port;
			uint32_t v = vi < 0 ? 0 : k[cand[c].first + vi].value;
			long size = restricted_walk(t, cw, v, vi < 0, idx, NULL, &port);
			mx = size > mx ? size : mx;
			sum += size;
			pruned = mx > best_max || (mx == best_max && sum >= best_sum) || sum > budget;
		}
		if (!pruned) {
			best = c;
			best_max = mx;
			best_sum = sum;
		}
	}
	result = 0;
	if (best >= 0) {
		uint32_t *v = malloc((size_t)cand[best].nvalues * sizeof *v);
		if (!v) {
			result = -1;
			goto out;
		}
		for (int i = 0; i < cand[best].nvalues; i++)
			v[i] = k[cand[best].first + i].value;
		*w = (struct nfc_ctip_word){ k[cand[best].first].offset, k[cand[best].first].mask };
		*values = v;
		result = cand[best].nvalues;
	}
out:
	free(k);
	free(cand);
	free(idx);
	return result;
}
