/* SPDX-License-Identifier: MIT */
/* Classifier decision trees: storage, subtree building, Click's listing, matching. */
#include <stdlib.h>
#include <string.h>
#include "classtree_priv.h"

/* ---- program storage ---- */

void nfc_classtree_init(struct nfc_classtree *t, uint32_t align_offset)
{
	memset(t, 0, sizeof *t);
	t->output_everything = -NFC_CT_NEVER;
	t->safe_length = UINT32_MAX;
	t->fast_length = UINT32_MAX;
	t->align_offset = align_offset;
	t->memo_offset = -1;
}

int nfc_classtree_finalize(struct nfc_classtree *t)
{
	free(t->steps);
	t->steps = NULL;
	t->memo_offset = -1;
	t->memo_mask = 0;

	/* no test left and nowhere to go: everything is dropped */
	if (t->ninsn == 0 && t->output_everything < 0)
		t->output_everything = -NFC_CT_NEVER;
	else if (t->output_everything >= 0)
		t->ninsn = 0;

	uint32_t safe = 0, fast = 0;
	bool before_data = false, one_word = t->ninsn > 0;
	for (int i = 0; i < t->ninsn; i++) {
		const struct nfc_ct_insn *in = &t->insn[i];
		uint32_t req = nfc_ct_insn_required_length(in);
		if (req > safe)
			safe = req;
		if (in->offset + 4u > fast)
			fast = in->offset + 4u;
		if (in->offset < t->align_offset)
			before_data = true;
		if (in->offset != t->insn[0].offset)
			one_word = false;
	}
	t->safe_length = safe - t->align_offset; /* wraps like Click's unsigned */
	/* the fast loop loads whole words: it needs all four bytes of each */
	t->fast_length = t->ninsn == 0 ? 0 : fast - t->align_offset;
	if (before_data) /* tests of bytes before the data: always careful */
		t->fast_length = UINT32_MAX;

	if (t->oom)
		goto unusable;
	if (t->ninsn == 0)
		return 0;
	t->steps = malloc((size_t)t->ninsn * sizeof *t->steps);
	if (!t->steps) {
		t->oom = true;
		goto unusable;
	}
	for (int i = 0; i < t->ninsn; i++) {
		const struct nfc_ct_insn *in = &t->insn[i];
		struct nfc_ct_step *s = &t->steps[i];
		s->offset = (uint32_t)in->offset - t->align_offset;
		s->mask = in->mask.u;
		s->value = in->value.u;
		for (int k = 0; k < 2; k++)
			s->j[k] = in->j[k] > 0 ? in->j[k] * (int32_t)sizeof *s : in->j[k];
		t->memo_mask |= in->mask.u;
	}
	if (one_word && !before_data)
		t->memo_offset = (int32_t)t->steps[0].offset;
	return 0;

unusable:
	/* make matching harmless: drop everything */
	t->ninsn = 0;
	t->output_everything = -NFC_CT_NEVER;
	t->fast_length = 0;
	return -1;
}

void nfc_classtree_free(struct nfc_classtree *t)
{
	free(t->insn);
	free(t->tree);
	free(t->steps);
	t->insn = NULL;
	t->tree = NULL;
	t->steps = NULL;
	t->ninsn = t->cap = t->tree_len = t->tree_cap = 0;
}

int nfc_classtree_copy(struct nfc_classtree *to, const struct nfc_classtree *from)
{
	*to = *from;
	to->insn = NULL;
	to->tree = NULL;
	to->steps = NULL;
	to->cap = to->tree_cap = 0;
	if (from->ninsn) {
		to->insn = malloc((size_t)from->ninsn * sizeof *to->insn);
		if (!to->insn)
			goto oom;
		memcpy(to->insn, from->insn, (size_t)from->ninsn * sizeof *to->insn);
		to->cap = from->ninsn;
	}
	if (from->tree_len) {
		to->tree = malloc((size_t)from->tree_len * sizeof *to->tree);
		if (!to->tree)
			goto oom;
		memcpy(to->tree, from->tree, (size_t)from->tree_len * sizeof *to->tree);
		to->tree_cap = from->tree_len;
	}
	if (from->steps && nfc_classtree_finalize(to) < 0)
		goto oom;
	return 0;
oom:
	nfc_classtree_free(to);
	to->oom = true;
	return -1;
}

void nfc_classtree_move(struct nfc_classtree *to, struct nfc_classtree *from)
{
	nfc_classtree_free(to);
	*to = *from;
	from->insn = NULL;
	from->tree = NULL;
	from->steps = NULL;
	from->ninsn = from->cap = from->tree_len = from->tree_cap = 0;
}

static bool insn_reserve(struct nfc_classtree *t, int want)
{
	if (want <= t->cap)
		return true;
	int cap = t->cap ? t->cap * 2 : 16;
	while (cap < want)
		cap *= 2;
	struct nfc_ct_insn *a = realloc(t->insn, (size_t)cap * sizeof *a);
	if (!a) {
		t->oom = true;
		return false;
	}
	t->insn = a;
	t->cap = cap;
	return true;
}

static bool tree_push(struct nfc_classtree *t, int x)
{
	if (t->tree_len == t->tree_cap) {
		int cap = t->tree_cap ? t->tree_cap * 2 : 16;
		int *a = realloc(t->tree, (size_t)cap * sizeof *a);
		if (!a) {
			t->oom = true;
			return false;
		}
		t->tree = a;
		t->tree_cap = cap;
	}
	t->tree[t->tree_len++] = x;
	return true;
}

/* ---- building ---- */

void nfc_classtree_init_subtree(struct nfc_classtree *t)
{
	t->tree_len = 0;
	for (int i = 0; i <= t->ninsn; i++)
		if (!tree_push(t, -1))
			return;
	t->tree[0] = 0;
}

void nfc_classtree_start_subtree(struct nfc_classtree *t)
{
	if (t->tree_len == 0)
		nfc_classtree_init_subtree(t);
	if (t->tree_len)
		t->tree[0]++;
}

void nfc_classtree_add_raw_insn(struct nfc_classtree *t, const struct nfc_ct_insn *in)
{
	if (!insn_reserve(t, t->ninsn + 1))
		return;
	t->insn[t->ninsn++] = *in;
	if (t->tree_len)
		tree_push(t, -1);
}

void nfc_classtree_add_insn(struct nfc_classtree *t, int offset, uint32_t value, uint32_t mask)
{
	if (t->tree_len == 0)
		nfc_classtree_init_subtree(t);
	if (t->oom || !insn_reserve(t, t->ninsn + 1))
		return;
	struct nfc_ct_insn *in = &t->insn[t->ninsn++];
	memset(in, 0, sizeof *in);
	in->offset = (uint16_t)offset;
	in->mask.u = mask;
	in->value.u = value & mask;
	in->j[0] = NFC_CT_FAILURE;
	in->j[1] = NFC_CT_SUCCESS;
	tree_push(t, t->tree[0]);
	t->output_everything = -1;
}

struct nfc_ct_insn *nfc_classtree_back(struct nfc_classtree *t)
{
	return t->ninsn ? &t->insn[t->ninsn - 1] : NULL;
}

static void redirect_range(struct nfc_classtree *t, int first, int last, int32_t success,
			   int32_t failure)
{
	for (int i = first; i < last; i++)
		for (int k = 0; k < 2; k++) {
			if (t->insn[i].j[k] == NFC_CT_SUCCESS)
				t->insn[i].j[k] = success;
			else if (t->insn[i].j[k] == NFC_CT_FAILURE)
				t->insn[i].j[k] = failure;
		}
}

void nfc_classtree_finish_subtree(struct nfc_classtree *t, enum nfc_ct_combiner combiner,
				  int32_t success, int32_t failure)
{
	if (t->oom || t->tree_len == 0)
		return;
	int level = t->tree[0];
	int *tree = t->tree;
	int n = t->ninsn;

	/* the subtrees of this level start where tree[] says "level", after
	 * the last instruction that belongs to an enclosing level */
	struct ivec subtrees = { 0 };
	int ptr = n;
	while (ptr > 0 && (tree[ptr] < 0 || tree[ptr] >= level))
		ptr--;
	for (ptr++; ptr <= n; ptr++)
		if (tree[ptr] == level && !ivec_push(&subtrees, ptr - 1)) {
			t->oom = true;
			ivec_free(&subtrees);
			return;
		}

	int ns = subtrees.n;
	if (ns) {
		/* the joined subtrees become one subtree of the enclosing level */
		tree[subtrees.a[0] + 1] = level - 1;
		for (int e = subtrees.a[0] + 2; e <= n; e++)
			tree[e] = -1;

		int k;
		for (k = 0; k < ns - 1; k++) {
			int first = subtrees.a[k], next = subtrees.a[k + 1];
			if (combiner == NFC_CT_AND)
				redirect_range(t, first, next, next, failure);
			else if (combiner == NFC_CT_OR)
				redirect_range(t, first, next, success, next);
			else if (k < ns - 2) {
				int next2 = subtrees.a[k + 2];
				redirect_range(t, first, next, next, next2);
				redirect_range(t, next, next2, success, failure);
				k++;
			} else
				redirect_range(t, first, next, next, failure);
		}
		if (k < ns)
			redirect_range(t, subtrees.a[k], n, success, failure);
	}
	ivec_free(&subtrees);
	tree[0]--;
}

void nfc_classtree_negate_subtree(struct nfc_classtree *t, bool flip_short)
{
	if (t->oom || t->tree_len == 0)
		return;
	int level = t->tree[0];
	int first = t->ninsn - 1;
	while (first >= 0 && t->tree[first + 1] != level)
		first--;
	for (int i = first; i >= 0 && i < t->ninsn; i++) {
		struct nfc_ct_insn *e = &t->insn[i];
		for (int k = 0; k < 2; k++) {
			if (e->j[k] == NFC_CT_FAILURE)
				e->j[k] = NFC_CT_SUCCESS;
			else if (e->j[k] == NFC_CT_SUCCESS)
				e->j[k] = NFC_CT_FAILURE;
		}
		if (flip_short)
			e->short_output = !e->short_output;
	}
}

void nfc_classtree_offset_jumps(struct nfc_classtree *t, int delta)
{
	for (int i = 0; i < t->ninsn; i++)
		for (int k = 0; k < 2; k++)
			if (t->insn[i].j[k] > 0)
				t->insn[i].j[k] += delta;
}

void nfc_classtree_redirect_unfinished(struct nfc_classtree *t, int32_t target)
{
	redirect_range(t, 0, t->ninsn, target, target);
}

/* ---- listing ---- */

static void unparse_jump(struct nfc_strbuf *out, int32_t j)
{
	if (j <= NFC_CT_SUCCESS)
		nfc_strbuf_printf(out, "[%c]", "X-+"[j - NFC_CT_NEVER]);
	else if (j <= 0)
		nfc_strbuf_printf(out, "[%d]", -j);
	else
		nfc_strbuf_printf(out, "step %d", j);
}

void nfc_classtree_unparse_insn(const struct nfc_ct_insn *in, struct nfc_strbuf *out)
{
	nfc_strbuf_printf(out, "%3d/%02x%02x%02x%02x%%%02x%02x%02x%02x  yes->", in->offset,
			  in->value.c[0], in->value.c[1], in->value.c[2], in->value.c[3],
			  in->mask.c[0], in->mask.c[1], in->mask.c[2], in->mask.c[3]);
	unparse_jump(out, in->j[1]);
	nfc_strbuf_puts(out, "  no->");
	unparse_jump(out, in->j[0]);
	if (in->short_output)
		nfc_strbuf_puts(out, "  short->yes");
}

void nfc_classtree_unparse(const struct nfc_classtree *t, struct nfc_strbuf *out)
{
	for (int i = 0; i < t->ninsn; i++) {
		struct nfc_ct_insn in = t->insn[i];
		in.offset = (uint16_t)(in.offset - t->align_offset);
		nfc_strbuf_printf(out, "%s%d ", i < 10 ? " " : "", i);
		nfc_classtree_unparse_insn(&in, out);
		nfc_strbuf_putc(out, '\n');
	}
	if (t->ninsn == 0)
		nfc_strbuf_printf(out, "all->[%d]\n", t->output_everything);
	nfc_strbuf_printf(out, "safe length %u\n", t->safe_length);
	nfc_strbuf_printf(out, "alignment offset %u\n", t->align_offset);
}

void nfc_classtree_used_outputs(const struct nfc_classtree *t, int noutputs, bool *used)
{
	for (int i = 0; i < noutputs; i++)
		used[i] = false;
	if (t->output_everything >= 0) {
		if (t->output_everything < noutputs)
			used[t->output_everything] = true;
		return;
	}
	for (int i = 0; i < t->ninsn; i++)
		for (int k = 0; k < 2; k++) {
			int32_t j = t->insn[i].j[k];
			if (j <= 0 && j > NFC_CT_SUCCESS && -j < noutputs)
				used[-j] = true;
		}
}

void nfc_classtree_warn_unused_outputs(const struct nfc_classtree *t, int noutputs,
				       struct nfc_errh *errh)
{
	if (noutputs <= 0)
		return;
	bool *used = calloc((size_t)noutputs, sizeof *used);
	if (!used)
		return;
	nfc_classtree_used_outputs(t, noutputs, used);
	for (int i = 0; i < noutputs; i++)
		if (!used[i])
			nfc_warning(errh, "output %d matches no packets", i);
	free(used);
}

/* ---- matching short packets ---- */

int nfc_classtree_match_short(const struct nfc_classtree *t, const unsigned char *data,
			      uint32_t len)
{
	if (t->output_everything >= 0)
		return t->output_everything;
	/* offsets count from data - align_offset: so does the length */
	const uint64_t plen = (uint64_t)len + t->align_offset;
	const struct nfc_ct_insn *in = t->insn;
	int32_t pos = 0;
	do {
		const struct nfc_ct_insn *x = &in[pos];
		uint64_t off = x->offset;
		uint32_t w;
		if (off < t->align_offset) {
			/* bytes before the packet data do not exist */
			pos = x->j[x->short_output];
			continue;
		}
		if (off + 4 <= plen)
			memcpy(&w, data + (off - t->align_offset), 4);
		else if (nfc_ct_insn_required_length(x) > plen) {
			/* a masked byte lies past the end: the short branch */
			pos = x->j[x->short_output];
			continue;
		} else {
			/* the bytes we need are there; the rest is masked out */
			w = 0;
			if (off < plen)
				memcpy(&w, data + (off - t->align_offset), (size_t)(plen - off));
		}
		pos = x->j[(w & x->mask.u) == x->value.u];
	} while (pos > 0);
	return -pos;
}

