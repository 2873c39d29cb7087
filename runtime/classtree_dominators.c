/* SPDX-License-Identifier: MIT */
/* Classifier decision trees: the dominator pass (Click's DominatorOptimizer). */
#include <stdlib.h>
#include <string.h>
#include "classtree_priv.h"

/* ---- pass 2: dominators (Click's DominatorOptimizer) ----
 *
 * For every state S we keep up to MAX_DOMLIST lists of branches such that
 * every path to S contains all branches of at least one list. A test at T
 * reached from S is decided when every list of S implies its outcome;
 * then S's edge can skip T. States whose test is decided on every
 * incoming path are bypassed, and contradictory paths are pruned. The
 * bounded number of lists keeps this polynomial. */

enum { MAX_DOMLIST = 4 };

struct domopt {
	struct nfc_classtree *p;
	struct ivec known_length; /* bytes known to exist on entry to each state */
	struct ivec insn_id;      /* smallest index of an identical test */
	struct ivec dom, dom_start, domlist_start;
	struct ivec pred_first, pred_next, pred_prev; /* predecessor lists by branch */
	bool pred_built;
	bool oom;
};

static inline int brno(int state, bool br)
{
	return (state << 1) + br;
}
static inline int stateno(int br)
{
	return br >> 1;
}
static inline bool br_yes(int br)
{
	return br & 1;
}

static bool br_implies(const struct domopt *d, int br, int state)
{
	int from = stateno(br);
	unsigned kl = (unsigned)d->known_length.a[from];
	if (br_yes(br))
		return nfc_ct_insn_implies(&d->p->insn[from], &d->p->insn[state], kl);
	return nfc_ct_insn_not_implies(&d->p->insn[from], &d->p->insn[state], kl);
}

static bool br_implies_not(const struct domopt *d, int br, int state)
{
	int from = stateno(br);
	unsigned kl = (unsigned)d->known_length.a[from];
	if (br_yes(br))
		return nfc_ct_insn_implies_not(&d->p->insn[from], &d->p->insn[state], kl);
	return nfc_ct_insn_not_implies_not(&d->p->insn[from], &d->p->insn[state], kl);
}

static int perm_compare(const void *ap, const void *bp, void *arg)
{
	const struct nfc_ct_insn *base = arg;
	int a = *(const int *)ap, b = *(const int *)bp;
	int cmp = nfc_ct_insn_test_compare(&base[a], &base[b]);
	return cmp ? cmp : a - b;
}

static bool domopt_init(struct domopt *d, struct nfc_classtree *p)
{
	memset(d, 0, sizeof *d);
	d->p = p;
	int n = p->ninsn;
	if (!ivec_assign(&d->known_length, n, 0x7FFFFFFF) || !ivec_assign(&d->insn_id, n, 0) ||
	    !ivec_push(&d->dom_start, 0) || !ivec_push(&d->domlist_start, 0))
		return false;
	if (n)
		d->known_length.a[0] = 0;
	for (int i = 0; i < n; i++) {
		const struct nfc_ct_insn *in = &p->insn[i];
		int tested = (int)nfc_ct_insn_required_length(in);
		if (tested < d->known_length.a[i])
			tested = d->known_length.a[i];
		int so = in->short_output;
		/* the branch short packets cannot take knows the tested bytes exist */
		if (in->j[!so] > 0 && tested < d->known_length.a[in->j[!so]])
			d->known_length.a[in->j[!so]] = tested;
		if (in->j[so] > 0 && d->known_length.a[i] < d->known_length.a[in->j[so]])
			d->known_length.a[in->j[so]] = d->known_length.a[i];
	}

	/* identical tests share an id so paths can be compared by id */
	int *perm = malloc((n > 0 ? (size_t)n : 1u) * sizeof *perm);
	if (!perm)
		return false;
	for (int i = 0; i < n; i++)
		perm[i] = i;
	qsort_r(perm, (size_t)n, sizeof *perm, perm_compare, p->insn);
	for (int i = 0; i < n; i++) {
		if (i > 0 && nfc_ct_insn_same_test(&p->insn[perm[i]], &p->insn[perm[i - 1]]))
			d->insn_id.a[perm[i]] = d->insn_id.a[perm[i - 1]];
		else
			d->insn_id.a[perm[i]] = perm[i];
	}
	free(perm);
	/* branches are recorded under the id, so the id's known length must
	 * hold for every state sharing it: take the smallest (Click uses the
	 * first state's, which can overstate what a later copy knows) */
	for (int i = 0; i < n; i++) {
		int id = d->insn_id.a[i];
		if (d->known_length.a[i] < d->known_length.a[id])
			d->known_length.a[id] = d->known_length.a[i];
	}
	return true;
}

static void domopt_free(struct domopt *d)
{
	ivec_free(&d->known_length);
	ivec_free(&d->insn_id);
	ivec_free(&d->dom);
	ivec_free(&d->dom_start);
	ivec_free(&d->domlist_start);
	ivec_free(&d->pred_first);
	ivec_free(&d->pred_next);
	ivec_free(&d->pred_prev);
}

/* Predecessor lists are built once, newest branch first, and kept up to
 * date by set_branch (which inserts in increasing branch order), exactly
 * as Click does: their order decides which dominator lists are kept. */
static bool find_predecessors(struct domopt *d, int state, struct ivec *v)
{
	int n = d->p->ninsn;
	if (!d->pred_built) {
		if (!ivec_assign(&d->pred_first, n, -1) || !ivec_assign(&d->pred_next, 2 * n, -1) ||
		    !ivec_assign(&d->pred_prev, 2 * n, -1))
			return false;
		for (int i = 0; i < n; i++)
			for (int k = 0; k < 2; k++) {
				int nexts = d->p->insn[i].j[k];
				if (nexts > 0) {
					int br = brno(i, k);
					d->pred_next.a[br] = d->pred_first.a[nexts];
					if (d->pred_first.a[nexts] >= 0)
						d->pred_prev.a[d->pred_first.a[nexts]] = br;
					d->pred_first.a[nexts] = br;
				}
			}
		d->pred_built = true;
	}
	v->n = 0;
	for (int br = d->pred_first.a[state]; br >= 0; br = d->pred_next.a[br])
		if (!ivec_push(v, br))
			return false;
	return true;
}

static void set_branch(struct domopt *d, int from_state, bool branch, int to_state)
{
	struct nfc_ct_insn *in = &d->p->insn[from_state];
	int br = brno(from_state, branch);
	int *first = d->pred_first.a, *next = d->pred_next.a, *prev = d->pred_prev.a;
	if (in->j[branch] > 0) {
		if (prev[br] >= 0)
			next[prev[br]] = next[br];
		else
			first[in->j[branch]] = next[br];
		if (next[br] >= 0)
			prev[next[br]] = prev[br];
	}
	if (to_state > 0) {
		int pv = -1, *pnext = &first[to_state];
		while (*pnext >= 0 && *pnext < br) {
			pv = *pnext;
			pnext = &next[*pnext];
		}
		prev[br] = pv;
		next[br] = *pnext;
		*pnext = br;
		if (next[br] >= 0)
			prev[next[br]] = br;
	}
	in->j[branch] = to_state;
}

/* Append to @out the branches present in every list in[start[i]..end[i])
 * for pos1 <= i < pos2 (lists read in increasing order, as Click does).
 * @out may be @in. */
static bool intersect_lists(struct ivec *in, const struct ivec *start, const struct ivec *end,
			    int pos1, int pos2, struct ivec *out)
{
	if (pos1 == pos2)
		return true;
	if (pos2 - pos1 == 1) {
		for (int i = start->a[pos1]; i < end->a[pos1]; i++)
			if (!ivec_push(out, in->a[i]))
				return false;
		return true;
	}
	struct ivec pos = { 0 };
	if (!ivec_reserve(&pos, start->n))
		return false;
	memcpy(pos.a, start->a, (size_t)start->n * sizeof(int));
	pos.n = start->n;
	int x = -1;
	bool ok = true;
	for (;;) {
		int p = pos1, k = 0;
		while (k < pos2 - pos1) {
			while (pos.a[p] < end->a[p] && in->a[pos.a[p]] < x)
				pos.a[p]++;
			if (pos.a[p] >= end->a[p])
				goto done;
			if (in->a[pos.a[p]] > x) {
				x = in->a[pos.a[p]];
				k = 0;
			}
			p++;
			if (p == pos2)
				p = pos1;
			k++;
		}
		if (!ivec_push(out, x)) {
			ok = false;
			goto done;
		}
		x++;
	}
done:
	ivec_free(&pos);
	return ok;
}

static void calculate_dom(struct domopt *d, int state)
{
	struct ivec preds = { 0 }, pdom = { 0 }, pdom_end = { 0 };
	int *id = d->insn_id.a;
	if (!find_predecessors(d, state, &preds))
		goto oom;

	/* collect the predecessors' dominator lists, each ending with the
	 * branch that leads here */
	int s_first_list = 0;
	for (int i = 0; i < preds.n; i++) {
		int pred_br = preds.a[i], s = stateno(pred_br);
		if (i > 0 && stateno(preds.a[i - 1]) == s) {
			/* both branches of s lead here: s decides nothing, so drop its
			 * branch from each of its lists (Click drops it from the last
			 * list only, which lets later tests trust a branch that was
			 * not necessarily taken) */
			for (int p = s_first_list; p < pdom.n; p++)
				pdom_end.a[p]--;
			continue;
		}
		s_first_list = pdom.n;
		int pred_brid = brno(id[s], br_yes(pred_br));
		for (int j = d->domlist_start.a[s]; j < d->domlist_start.a[s + 1]; j++) {
			int pos1 = d->dom_start.a[j], pos2 = d->dom_start.a[j + 1];
			bool impossible = false;
			for (int k = pos1; k < pos2 - 1; k++)
				if ((d->dom.a[k] ^ pred_brid) == 1) {
					impossible = true; /* path took the other branch of this test */
					break;
				}
			if (impossible)
				continue;
			if (!ivec_push(&pdom, pos1) || !ivec_push(&pdom_end, pos2))
				goto oom;
			d->dom.a[pos2 - 1] = pred_brid;
		}
	}

	int dom_start_oldsize = d->dom_start.n;
	if (pdom.n > MAX_DOMLIST) {
		/* too many lists: keep their intersection */
		if (!intersect_lists(&d->dom, &pdom, &pdom_end, 0, pdom.n, &d->dom) ||
		    !ivec_push(&d->dom, brno(id[state], false)) ||
		    !ivec_push(&d->dom_start, d->dom.n))
			goto oom;
	} else if (pdom.n) {
		/* our lists are the predecessors' lists; see whether every one of
		 * them already decides this state's test */
		int mybr = brno(id[state], false), num_mybr = 0;
		for (int p = 0; p < pdom.n; p++) {
			int endpos = pdom_end.a[p] - 1;
			int last_pdom_br = endpos >= pdom.a[p] ? d->dom.a[endpos] : -1;
			int pred_mybr = -1;
			for (int i = pdom.a[p]; i <= endpos; i++) {
				int thisbr = d->dom.a[i];
				if (i < endpos && (thisbr ^ last_pdom_br) <= 1)
					continue; /* the same test appears later in the list */
				if ((thisbr ^ mybr) <= 1)
					pred_mybr = thisbr;
				if (!ivec_push(&d->dom, thisbr))
					goto oom;
			}
			if (num_mybr >= 0 && pred_mybr >= 0 && (num_mybr == 0 || mybr == pred_mybr)) {
				mybr = pred_mybr;
				num_mybr++;
			} else
				num_mybr = -1;
			if (!ivec_push(&d->dom, mybr) || !ivec_push(&d->dom_start, d->dom.n))
				goto oom;
		}
		if (num_mybr > 0) {
			/* redundant state: its predecessors skip it */
			int new_state = d->p->insn[state].j[mybr & 1];
			for (int i = 0; i < preds.n; i++)
				set_branch(d, stateno(preds.a[i]), br_yes(preds.a[i]), new_state);
			pdom.n = 0;
		}
	}

	if (pdom.n == 0) {
		/* unreachable (or bypassed) state */
		d->dom.n = d->dom_start.a[dom_start_oldsize - 1];
		d->dom_start.n = dom_start_oldsize;
		if (state > 0) {
			set_branch(d, state, false, NFC_CT_NEVER);
			set_branch(d, state, true, NFC_CT_NEVER);
		} else if (!ivec_push(&d->dom, brno(state, false)) ||
			   !ivec_push(&d->dom_start, d->dom.n))
			goto oom;
	}
	if (!ivec_push(&d->domlist_start, d->dom_start.n - 1))
		goto oom;
	ivec_free(&preds);
	ivec_free(&pdom);
	ivec_free(&pdom_end);
	return;
oom:
	d->oom = true;
	ivec_free(&preds);
	ivec_free(&pdom);
	ivec_free(&pdom_end);
}

/* Follow @to_state forward while one dominator list decides each test. */
static int dom_shift_branch(struct domopt *d, int br, int to_state, int dom, int dom_end,
			    struct ivec *collector)
{
	br = brno(d->insn_id.a[stateno(br)], br_yes(br));
	d->dom.a[dom_end - 1] = br;
	if (collector && !ivec_push(collector, to_state))
		d->oom = true;
	while (to_state > 0) {
		int j;
		for (j = dom_end - 1; j >= dom; j--) {
			if (br_implies(d, d->dom.a[j], to_state)) {
				to_state = d->p->insn[to_state].j[1];
				break;
			} else if (br_implies_not(d, d->dom.a[j], to_state)) {
				to_state = d->p->insn[to_state].j[0];
				break;
			}
		}
		if (j < dom)
			break;
		if (collector && !ivec_push(collector, to_state))
			d->oom = true;
	}
	return to_state;
}

static int last_common_state(struct domopt *d, struct ivec *in, struct ivec *start,
			     struct ivec *end)
{
	if (in->a[end->a[0] - 1] <= 0) {
		int s = in->a[end->a[0] - 1];
		int j;
		for (j = 1; j < start->n; j++)
			if (in->a[end->a[j] - 1] != s)
				break;
		if (j == start->n)
			return s;
	}
	struct ivec inter = { 0 };
	int result = in->a[start->a[0]]; /* every list starts at the same state */
	if (!intersect_lists(in, start, end, 0, start->n, &inter))
		d->oom = true;
	else if (inter.n)
		result = inter.a[inter.n - 1];
	ivec_free(&inter);
	return result;
}

static void shift_branch(struct domopt *d, int state, bool branch)
{
	int32_t nexts = d->p->insn[state].j[branch], new_nexts;
	int br = brno(state, branch);
	int dl0 = d->domlist_start.a[state], dl1 = d->domlist_start.a[state + 1];
	if (dl0 == dl1 || nexts <= 0)
		new_nexts = nexts; /* impossible or terminal branch */
	else if (dl0 + 1 == dl1)
		new_nexts = dom_shift_branch(d, br, nexts, d->dom_start.a[dl0],
					     d->dom_start.a[dl0 + 1], NULL);
	else {
		struct ivec vals = { 0 }, start = { 0 }, end = { 0 };
		for (int k = dl0; k < dl1; k++) {
			if (!ivec_push(&start, vals.n))
				d->oom = true;
			dom_shift_branch(d, br, nexts, d->dom_start.a[k], d->dom_start.a[k + 1], &vals);
			if (!ivec_push(&end, vals.n))
				d->oom = true;
		}
		new_nexts = d->oom ? nexts : last_common_state(d, &vals, &start, &end);
		ivec_free(&vals);
		ivec_free(&start);
		ivec_free(&end);
	}
	if (new_nexts != nexts && !d->oom)
		set_branch(d, state, branch, new_nexts);
}

void nfc_ct_dominator_optimize(struct nfc_classtree *t)
{
	struct domopt d;
	if (!domopt_init(&d, t)) {
		domopt_free(&d);
		t->oom = true;
		return;
	}
	for (int i = 0; i < t->ninsn && !d.oom; i++) {
		calculate_dom(&d, i);
		if (d.oom)
			break;
		shift_branch(&d, i, true);
		shift_branch(&d, i, false);
	}
	if (d.oom)
		t->oom = true;
	domopt_free(&d);
}

