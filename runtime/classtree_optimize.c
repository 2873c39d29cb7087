/* SPDX-License-Identifier: MIT */
/* Classifier decision trees: the optimiser (test predicates and passes other than dominators). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "classtree_priv.h"

/* ---- instruction predicates (Click's Wordwise::Insn) ---- */

static bool hard_implies_short_ok(const struct nfc_ct_insn *in, bool direction,
				  const struct nfc_ct_insn *x, bool next_direction,
				  unsigned known_length)
{
	if (in->short_output != direction)
		return true;
	unsigned r = nfc_ct_insn_required_length(in);
	return r <= known_length ||
	       (r <= nfc_ct_insn_required_length(x) && next_direction == x->short_output);
}

/* Does knowing @in went @direction say anything about @x for short
 * packets? Only when a short packet could not have taken that branch, or
 * would take the matching branch of @x as well. */
static bool implies_short_ok(const struct nfc_ct_insn *in, bool direction,
			     const struct nfc_ct_insn *x, bool next_direction,
			     unsigned known_length)
{
	if (in->short_output != direction || in->offset + 4u <= known_length)
		return true;
	return hard_implies_short_ok(in, direction, x, next_direction, known_length);
}

/* A packet that matches @in must match @x. */
bool nfc_ct_insn_implies(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x, unsigned kl)
{
	if (!x->mask.u)
		return true;
	if (x->offset != in->offset || !implies_short_ok(in, true, x, true, kl))
		return false;
	uint32_t both = in->mask.u & x->mask.u;
	return both == x->mask.u && (in->value.u & both) == x->value.u;
}

/* A packet that does not match @in must match @x (single-bit tests). */
bool nfc_ct_insn_not_implies(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
			     unsigned kl)
{
	if (!x->mask.u)
		return true;
	if (x->offset != in->offset || !implies_short_ok(in, false, x, true, kl))
		return false;
	return (in->mask.u & (in->mask.u - 1)) == 0 && in->mask.u == x->mask.u &&
	       in->value.u != x->value.u;
}

/* A packet that matches @in cannot match @x. */
bool nfc_ct_insn_implies_not(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
			     unsigned kl)
{
	if (!x->mask.u || x->offset != in->offset || !implies_short_ok(in, true, x, false, kl))
		return false;
	uint32_t both = in->mask.u & x->mask.u;
	return both == x->mask.u && (in->value.u & both) != x->value.u;
}

/* A packet that does not match @in cannot match @x. */
bool nfc_ct_insn_not_implies_not(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
				 unsigned kl)
{
	if (!in->mask.u)
		return true;
	if (x->offset != in->offset || !implies_short_ok(in, false, x, false, kl))
		return false;
	uint32_t both = in->mask.u & x->mask.u;
	if (both != in->mask.u || in->value.u != (x->value.u & both))
		return false;
	/* x tests more bytes than in: a packet long enough for in may still
	 * be short for x, and then x answers its short_output, not "no"
	 * (Click misses this case) */
	uint32_t rin = nfc_ct_insn_required_length(in), rx = nfc_ct_insn_required_length(x);
	return rx <= rin || rx <= kl || !x->short_output;
}

/* Some packet could match both @in and @x. */
static bool nfc_ct_insn_compatible(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x,
			    bool consider_short)
{
	if (!in->mask.u || !x->mask.u)
		return true;
	if (x->offset != in->offset ||
	    (consider_short && x->short_output != in->short_output &&
	     nfc_ct_insn_required_length(in) < nfc_ct_insn_required_length(x)))
		return false;
	uint32_t both = in->mask.u & x->mask.u;
	return (in->value.u & both) == (x->value.u & both);
}

/* @in OR @x (reached by in's "no") equals one test with one bit less. */
static bool nfc_ct_insn_generalizable_or_pair(const struct nfc_ct_insn *in, const struct nfc_ct_insn *x)
{
	uint32_t diff = in->value.u ^ x->value.u;
	if (in->offset && x->offset == in->offset && in->mask.u && x->mask.u == in->mask.u &&
	    (in->short_output || !x->short_output) && in->j[1] == x->j[1] &&
	    (diff & (diff - 1)) == 0) {
		struct nfc_ct_insn test = *in;
		test.mask.u = in->mask.u & ~diff;
		return nfc_ct_insn_required_length(&test) == nfc_ct_insn_required_length(in);
	}
	return false;
}

static bool nfc_ct_insn_flippable(const struct nfc_ct_insn *in)
{
	return in->mask.u && (in->mask.u & (in->mask.u - 1)) == 0;
}

/* Test the other value of a single bit: same meaning, branches swapped. */
static void nfc_ct_insn_flip(struct nfc_ct_insn *in)
{
	in->value.u ^= in->mask.u;
	int32_t tmp = in->j[0];
	in->j[0] = in->j[1];
	in->j[1] = tmp;
	in->short_output = !in->short_output;
}

/* Same test (jumps ignored). */
bool nfc_ct_insn_same_test(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b)
{
	return a->offset == b->offset && a->short_output == b->short_output &&
	       a->mask.u == b->mask.u && a->value.u == b->value.u;
}

int nfc_ct_insn_test_compare(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b)
{
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	if (a->short_output != b->short_output)
		return a->short_output < b->short_output ? -1 : 1;
	if (a->mask.u != b->mask.u)
		return a->mask.u < b->mask.u ? -1 : 1;
	if (a->value.u != b->value.u)
		return a->value.u < b->value.u ? -1 : 1;
	return 0;
}

/* ---- pass 1: sort the tests of "and" chains by offset ---- */

/* inbranch[s]: -1 no predecessor, 0 several (or only instruction 0), else the one. */
static bool count_inbranches(const struct nfc_classtree *t, struct ivec *inbranch)
{
	if (!ivec_assign(inbranch, t->ninsn, -1))
		return false;
	for (int i = 0; i < t->ninsn; i++)
		for (int k = 0; k < 2; k++) {
			int j = t->insn[i].j[k];
			if (j > 0)
				inbranch->a[j] = inbranch->a[j] >= 0 ? 0 : i;
		}
	return true;
}

/* Sort-as offset from (offset, mapped) pairs (Click's map_offset, kept
 * identical so programs sort alike). */
static int map_offset(int offset, const int *begin, const int *end)
{
	if (begin == end || offset < begin[0] || offset > end[-2])
		return offset;
	while (begin != end) {
		const int *mid = begin + (((end - begin) >> 2) << 1);
		if (mid[0] == offset)
			return mid[1];
		else if (mid[0] < offset)
			begin = mid + 2;
		else
			end = begin;
	}
	return offset;
}

void nfc_classtree_sort_and_chains(struct nfc_classtree *t, const int *offset_map, int nmap,
				   int last_offset)
{
	struct ivec inbranch = { 0 };
	if (t->oom || !count_inbranches(t, &inbranch)) {
		t->oom = true;
		return;
	}
	const int *mb = offset_map, *me = offset_map ? offset_map + nmap : NULL;
	for (int i = 0; i < t->ninsn; i++) {
		struct nfc_ct_insn *e1 = &t->insn[i];
		for (int k = 0; k < 2; k++) {
			int j = e1->j[k];
			if (j <= 0 || e1->offset >= (unsigned)last_offset || inbranch.a[j] <= 0)
				continue;
			struct nfc_ct_insn *e2 = &t->insn[j];
			if (e1->j[!k] != e2->j[!k])
				continue;
			int o1 = map_offset(e1->offset, mb, me), o2 = map_offset(e2->offset, mb, me);
			if (o1 > o2 ||
			    (o1 == o2 && (ntohl(e1->mask.u) > ntohl(e2->mask.u) ||
					  (e1->mask.u == e2->mask.u &&
					   ntohl(e1->value.u) > ntohl(e2->value.u))))) {
				/* swap the tests, keep the chain's shape */
				struct nfc_ct_insn temp = *e2;
				*e2 = *e1;
				e2->j[k] = temp.j[k];
				*e1 = temp;
				e1->j[k] = j;
				/* step back to the predecessor to continue the sort */
				i = inbranch.a[i] > 0 ? inbranch.a[i] - 1 : i - 1;
				break;
			}
		}
	}
	ivec_free(&inbranch);
}

/* ---- pass 3: merge tests on the same word ---- */

/*
 * Can "a, then b on a's yes branch" (same "no" successor) become one test
 * without changing what happens to short packets, and with which
 * short_output? A packet too short for the merged test must get one
 * answer whatever its bytes: "no" when a short packet always ended at
 * the shared "no", and b's short answer when a and b need the same bytes
 * and a sent short packets on to b. Click merges on a looser condition
 * (equal short outputs, or b needing at least as many bytes), which
 * misroutes some short packets once a flip has set short->yes; we merge
 * only when both conditions hold.
 */
static bool merge_short_ok(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b,
			   int *merged_short)
{
	uint32_t ra = nfc_ct_insn_required_length(a), rb = nfc_ct_insn_required_length(b);
	*merged_short = 0;
	if (ra > rb)
		return !a->short_output;
	if (ra < rb)
		return !b->short_output;
	*merged_short = a->short_output && b->short_output;
	return true;
}

static void combine_compatible_states(struct nfc_classtree *t, unsigned flags)
{
	for (int i = t->ninsn - 1; i >= 0; i--) {
		struct nfc_ct_insn *in = &t->insn[i];
		if (in->j[0] > 0) {
			struct nfc_ct_insn *no_in = &t->insn[in->j[0]];
			if (nfc_ct_insn_compatible(no_in, in, false) && nfc_ct_insn_flippable(in))
				nfc_ct_insn_flip(in);
			else if (nfc_ct_insn_generalizable_or_pair(in, no_in)) {
				/* "x == a or x == b" differing in one bit: drop that bit */
				uint32_t the_bit = in->value.u ^ no_in->value.u;
				in->value.u &= ~the_bit;
				in->mask.u &= ~the_bit;
				in->j[0] = no_in->j[0];
				i++;
				continue;
			}
		}
		if (in->j[1] <= 0)
			continue;
		struct nfc_ct_insn *yes_in = &t->insn[in->j[1]];
		if (in->j[0] == yes_in->j[1] && nfc_ct_insn_flippable(yes_in))
			nfc_ct_insn_flip(yes_in);
		int merged_short = in->short_output;
		if (in->j[0] == yes_in->j[0] && nfc_ct_insn_compatible(yes_in, in, true) &&
		    ((flags & NFC_CT_OPT_CLICK_MERGE) || merge_short_ok(in, yes_in, &merged_short))) {
			/* "a and b" on one word with the same failure: one test */
			in->short_output = (uint8_t)merged_short;
			in->j[1] = yes_in->j[1];
			if (!in->mask.u)
				in->offset = yes_in->offset;
			in->value.u = (in->value.u & in->mask.u) | (yes_in->value.u & yes_in->mask.u);
			in->mask.u |= yes_in->mask.u;
			i++;
		}
	}
}

/* ---- pass 4: drop useless and unreachable tests ---- */

void nfc_classtree_remove_unused(struct nfc_classtree *t)
{
	int n = t->ninsn;
	if (!n || t->oom)
		return;
	int *dest = malloc((size_t)n * sizeof *dest);
	if (!dest) {
		t->oom = true;
		return;
	}

	/* skip tests whose branches agree or that test nothing (backwards, so
	 * chains of them are skipped at once) */
	for (int i = n - 1; i >= 0; i--) {
		struct nfc_ct_insn *in = &t->insn[i];
		for (int k = 0; k < 2; k++)
			if (in->j[k] > 0)
				in->j[k] = dest[in->j[k]];
		if (in->j[1] != in->j[0] && in->mask.u != 0)
			dest[i] = i;
		else if (in->j[1] <= 0)
			dest[i] = in->j[1];
		else
			dest[i] = dest[in->j[1]];
	}

	/* instruction 0 is the entry: replace it by the test it leads to */
	t->output_everything = -1;
	if (dest[0] > 0)
		t->insn[0] = t->insn[dest[0]];
	else if (dest[0] < 0)
		t->output_everything = -dest[0];
	else if (t->insn[0].j[1] == 0 && (t->insn[0].j[0] == 0 || !t->insn[0].mask.u))
		t->output_everything = 0;

	/* renumber reachable instructions */
	for (int i = 0; i < n; i++)
		dest[i] = -1;
	if (t->output_everything < 0)
		dest[0] = 0;
	int new_n = 0;
	for (int i = 0; i < n; i++)
		if (dest[i] >= 0) {
			dest[i] = new_n++;
			for (int k = 0; k < 2; k++)
				if (t->insn[i].j[k] > 0)
					dest[t->insn[i].j[k]] = 0;
		}
	for (int i = 0; i < n; i++)
		if (dest[i] >= 0) {
			int j = dest[i];
			if (j != i)
				t->insn[j] = t->insn[i];
			for (int k = 0; k < 2; k++)
				if (t->insn[j].j[k] > 0)
					t->insn[j].j[k] = dest[t->insn[j].j[k]];
		}
	t->ninsn = new_n;
	free(dest);
}

/* ---- pass 5 (nfclick): share identical subtrees ----
 * Walk backwards; an instruction equal (test and successors) to a later
 * one is replaced by it everywhere. Jumps stay forward because the kept
 * copy is the later one. */

static uint32_t insn_hash(const struct nfc_ct_insn *in)
{
	uint32_t h = 2166136261u;
	uint32_t w[6] = { in->offset | (uint32_t)in->short_output << 16, in->mask.u, in->value.u,
			  (uint32_t)in->j[0], (uint32_t)in->j[1], 0 };
	for (int i = 0; i < 5; i++) {
		h ^= w[i];
		h *= 16777619u;
		h ^= h >> 15;
	}
	return h;
}

static void share_identical_states(struct nfc_classtree *t)
{
	int n = t->ninsn;
	if (n < 3 || t->oom)
		return;
	int nslots = 1;
	while (nslots < 2 * n)
		nslots <<= 1;
	int *slot = malloc((size_t)nslots * sizeof *slot);
	int *canon = malloc((size_t)n * sizeof *canon);
	if (!slot || !canon) {
		free(slot);
		free(canon);
		t->oom = true;
		return;
	}
	for (int i = 0; i < nslots; i++)
		slot[i] = -1;
	bool changed = false;
	for (int i = n - 1; i >= 0; i--) {
		struct nfc_ct_insn *in = &t->insn[i];
		for (int k = 0; k < 2; k++)
			if (in->j[k] > 0)
				in->j[k] = canon[in->j[k]];
		canon[i] = i;
		if (i == 0)
			break; /* the entry stays where it is */
		uint32_t h = insn_hash(in) & (uint32_t)(nslots - 1);
		while (slot[h] >= 0) {
			const struct nfc_ct_insn *o = &t->insn[slot[h]];
			if (nfc_ct_insn_same_test(o, in) && o->j[0] == in->j[0] && o->j[1] == in->j[1]) {
				canon[i] = slot[h];
				changed = true;
				break;
			}
			h = (h + 1) & (uint32_t)(nslots - 1);
		}
		if (canon[i] == i)
			slot[h] = i;
	}
	free(slot);
	free(canon);
	if (changed)
		nfc_classtree_remove_unused(t);
}

/* ---- the whole optimiser ---- */

void nfc_classtree_optimize(struct nfc_classtree *t, const int *offset_map, int nmap,
			    int last_offset, unsigned flags)
{
	if (!t->oom) {
		nfc_classtree_sort_and_chains(t, offset_map, nmap, last_offset);
		nfc_ct_dominator_optimize(t);
	}
	if (!t->oom) {
		combine_compatible_states(t, flags);
		nfc_classtree_remove_unused(t);
	}
	if (!t->oom && (flags & NFC_CT_OPT_SHARE))
		share_identical_states(t);

	nfc_classtree_finalize(t);
}

