/* SPDX-License-Identifier: MIT */
/* IP decision trees to matcher steps: branch on a word's value, specialise, emit. */
#include <stdlib.h>
#include <string.h>
#include "classtree_ip_priv.h"

/*
 * Click's optimised program is a decision list: rules that test different
 * words ("dst host A", "tcp dst port P", "dst host B", ...) stay one after
 * the other, and a packet that matches none walks them all. For the fast
 * walk we restructure it. Choose a word (offset, mask) the program tests
 * (nfc_ctip_choose_word: the one that best shrinks what is left); branch
 * on its value, with one hash lookup when there are several; under each
 * value v, compile the program restricted to "word & mask == v" (the tests
 * that knowing v decides resolved, the rest re-optimised) the same way,
 * and under the default branch the program where every comparison of the
 * word with those values fails. Restricted programs are small (the rules
 * that cannot match fall away), identical ones are shared, and a size
 * budget bounds the duplication; the default branches, which packets
 * matching no rule take, are compiled first so they get the budget.
 *
 * Restriction is exact for packets long enough for every test, which are
 * the only ones that take the fast walk; short packets walk the original
 * program.
 */

/* Programs are not restructured deeper than this. */
#define BUILD_MAX_DEPTH 16
/* Smaller programs are emitted as they are. */
#define BUILD_MIN_INSNS 4

struct memo_entry {
	uint64_t hash;
	struct nfc_classtree t;
	int32_t target;
};

struct builder {
	struct nfc_ctip_prog *p;
	int cap;
	/* instructions the switches may still add (children of switches) */
	long budget;
	bool oom;
	struct memo_entry *memo;
	int nmemo, memo_cap;
};

static int32_t step_jump(int index)
{
	return index * (int32_t)sizeof(struct nfc_ctip_step);
}

/* ---- step and slot storage ---- */

/* Append @n steps; returns the index of the first, or -1 (OOM). */
static int add_steps(struct builder *b, int n)
{
	struct nfc_ctip_prog *p = b->p;
	if (p->nsteps + n > b->cap) {
		int cap = b->cap ? b->cap : 64;
		while (cap < p->nsteps + n)
			cap *= 2;
		struct nfc_ctip_step *s = realloc(p->steps, (size_t)cap * sizeof *s);
		if (!s) {
			b->oom = true;
			return -1;
		}
		p->steps = s;
		b->cap = cap;
	}
	int first = p->nsteps;
	memset(&p->steps[first], 0, (size_t)n * sizeof *p->steps);
	p->nsteps += n;
	return first;
}

/* Make step @si a switch with a hash table of at least 2 * @n slots
 * (after a header slot for the default). Returns 0, or -1 (OOM). */
static int add_table(struct builder *b, int si, int n)
{
	struct nfc_ctip_prog *p = b->p;
	int bits = 3;
	while ((1 << bits) < 2 * n)
		bits++;
	int size = 1 << bits;
	struct nfc_ctip_slot *slots =
		realloc(p->slots, (size_t)(p->nslots + 1 + size) * sizeof *slots);
	if (!slots) {
		b->oom = true;
		return -1;
	}
	p->slots = slots;
	for (int k = 0; k <= size; k++)
		slots[p->nslots + k] = (struct nfc_ctip_slot){ 0, NFC_CTIP_EMPTY };
	struct nfc_ctip_step *s = &p->steps[si];
	s->hash_shift = (uint8_t)(32 - bits);
	s->value = (uint32_t)p->nslots;
	s->j[0] = s->j[1] = NFC_CTIP_SWITCH;
	p->nslots += 1 + size;
	p->nswitches++;
	return 0;
}

static void set_default(struct builder *b, int si, int32_t target)
{
	b->p->slots[b->p->steps[si].value].target = target;
}

/* Enter @key -> @target in switch step @si unless the key is there already
 * (the first test of a value wins). */
static void table_put(struct builder *b, int si, uint32_t key, int32_t target)
{
	const struct nfc_ctip_step *s = &b->p->steps[si];
	struct nfc_ctip_slot *table = b->p->slots + s->value + 1;
	uint32_t size_mask = UINT32_MAX >> s->hash_shift;
	uint32_t h = (key * 0x9E3779B1u) >> s->hash_shift;
	while (table[h].target != NFC_CTIP_EMPTY && table[h].key != key)
		h = (h + 1) & size_mask;
	if (table[h].target == NFC_CTIP_EMPTY)
		table[h] = (struct nfc_ctip_slot){ key, target };
}

static void set_word(struct nfc_ctip_step *s, unsigned offset, uint32_t mask)
{
	int base = nfc_ctip_base_of(offset);
	s->base = (uint8_t)base;
	s->offset = (uint16_t)(offset - nfc_ctip_base_offset(base));
	s->mask = mask;
}

/* ---- emitting a program as it is ---- */

/* Does @t's insn @i continue a "no" chain of tests on its word? */
static bool chain_link(const struct nfc_classtree *t, int i)
{
	const struct nfc_ct_insn *in = &t->insn[i];
	int n = in->j[0];
	return n > 0 && in->mask.u != 0 && t->insn[n].offset == in->offset &&
	       t->insn[n].mask.u == in->mask.u;
}

/* Steps for @t's tests one to one, at a new range; runs of same-word
 * tests chained by "no" (entered only at their head) become a switch. */
static int32_t emit_plain(struct builder *b, const struct nfc_classtree *t)
{
	int base = add_steps(b, t->ninsn);
	if (base < 0)
		return NFC_CT_NEVER;
	bool *entered = calloc((size_t)t->ninsn, sizeof *entered);
	int *chain = malloc((size_t)t->ninsn * sizeof *chain);
	if (!entered || !chain) {
		free(entered);
		free(chain);
		b->oom = true;
		return NFC_CT_NEVER;
	}
	entered[0] = true;
	for (int i = 0; i < t->ninsn; i++) {
		const struct nfc_ct_insn *in = &t->insn[i];
		struct nfc_ctip_step *s = &b->p->steps[base + i];
		set_word(s, in->offset, in->mask.u);
		s->value = in->value.u;
		for (int k = 0; k < 2; k++) {
			int j = in->j[k];
			s->j[k] = j > 0 ? step_jump(base + j) : j;
			if (j > 0 && (k == 1 || !chain_link(t, i)))
				entered[j] = true;
		}
	}
	/* chain lengths, from the end since chains go forward */
	for (int i = t->ninsn - 1; i >= 0; i--)
		chain[i] = chain_link(t, i) ? chain[t->insn[i].j[0]] + 1 : 1;
	for (int i = 0; i < t->ninsn && !b->oom; i++) {
		int len = chain[i];
		if (!entered[i] || len < NFC_CTIP_SWITCH_MIN)
			continue;
		if (add_table(b, base + i, len) < 0)
			break;
		int k = i, last = i;
		for (int n = 0; n < len; n++) {
			int32_t yes = t->insn[k].j[1];
			table_put(b, base + i, t->insn[k].value.u, yes > 0 ? step_jump(base + yes) : yes);
			last = k;
			k = t->insn[k].j[0];
		}
		int32_t no = t->insn[last].j[0];
		set_default(b, base + i, no > 0 ? step_jump(base + no) : no);
	}
	free(entered);
	free(chain);
	return step_jump(base);
}

/* ---- compiling ---- */

static uint64_t program_hash(const struct nfc_classtree *t)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uint32_t)t->ninsn;
	for (int i = 0; i < t->ninsn; i++) {
		const struct nfc_ct_insn *in = &t->insn[i];
		uint64_t w[4] = { in->offset | (uint64_t)in->short_output << 16, in->mask.u,
				  in->value.u, (uint64_t)(uint32_t)in->j[0] << 32 | (uint32_t)in->j[1] };
		for (int k = 0; k < 4; k++) {
			h ^= w[k];
			h *= 1099511628211ull;
		}
	}
	return h;
}

static bool insn_equal(const struct nfc_ct_insn *a, const struct nfc_ct_insn *b)
{
	return a->offset == b->offset && a->short_output == b->short_output &&
	       a->mask.u == b->mask.u && a->value.u == b->value.u && a->j[0] == b->j[0] &&
	       a->j[1] == b->j[1];
}

static bool same_program(const struct nfc_classtree *a, const struct nfc_classtree *b)
{
	if (a->ninsn != b->ninsn)
		return false;
	for (int i = 0; i < a->ninsn; i++)
		if (!insn_equal(&a->insn[i], &b->insn[i]))
			return false;
	return true;
}

static int32_t compile_program(struct builder *b, struct nfc_classtree *t, int depth);

/* Remember @t (moved into the memo) compiled at @target. */
static void memo_add(struct builder *b, struct nfc_classtree *t, uint64_t hash, int32_t target)
{
	if (b->nmemo == b->memo_cap) {
		int cap = b->memo_cap ? 2 * b->memo_cap : 16;
		struct memo_entry *m = realloc(b->memo, (size_t)cap * sizeof *m);
		if (!m)
			return; /* only sharing is lost */
		b->memo = m;
		b->memo_cap = cap;
	}
	struct memo_entry *e = &b->memo[b->nmemo++];
	e->hash = hash;
	e->target = target;
	nfc_classtree_init(&e->t, 0);
	nfc_classtree_move(&e->t, t);
}

/* Compile a switch's child with its share of the budget left. */
static int32_t compile_kid(struct builder *b, struct nfc_classtree *kid, int depth, long *left,
			   long *waiting)
{
	long size = kid->ninsn;
	long share = *waiting > 0 ? (long)((double)*left * (double)size / (double)*waiting) : 0;
	b->budget = share;
	int32_t target = compile_program(b, kid, depth + 1);
	*left -= share - b->budget;
	*waiting -= size;
	return target;
}

/* A switch on @w over @values (a hash table, or tests for a few values),
 * children compiled, the default first; -1 (nothing done) when the
 * children would not fit the budget. */
static int32_t compile_switch(struct builder *b, const struct nfc_classtree *t,
			      struct nfc_ctip_word w, const uint32_t *values, int nv, int depth)
{
	/* kids[0]: default, kids[1 + i]: values[i] */
	struct nfc_classtree *kids = calloc((size_t)nv + 1, sizeof *kids);
	if (!kids) {
		b->oom = true;
		return -1;
	}
	long size = 0;
	int made = 0;
	while (made <= nv && size <= b->budget) {
		bool ok = nfc_ctip_restrict(&kids[made], t, w, made ? values[made - 1] : 0, made == 0);
		size += kids[made++].ninsn;
		if (!ok) {
			b->oom = true;
			break;
		}
	}
	int32_t result = -1;
	if (!b->oom && size <= b->budget) {
		/* what is left is shared among the children in proportion to
		 * their sizes (unused shares pass on), so no branch starves the
		 * others; the default goes first */
		long left = b->budget - size, waiting = size;
		bool table = nv >= NFC_CTIP_SWITCH_MIN;
		int si = add_steps(b, table ? 1 : nv);
		if (si >= 0 && (!table || add_table(b, si, nv) >= 0)) {
			int32_t dflt = compile_kid(b, &kids[0], depth, &left, &waiting);
			for (int i = 0; i < nv && !b->oom; i++) {
				int32_t kid = compile_kid(b, &kids[i + 1], depth, &left, &waiting);
				if (table) {
					table_put(b, si, values[i], kid);
					continue;
				}
				struct nfc_ctip_step *s = &b->p->steps[si + i];
				set_word(s, w.offset, w.mask);
				s->value = values[i];
				s->j[1] = kid;
				s->j[0] = i + 1 < nv ? step_jump(si + i + 1) : dflt;
			}
			if (table) {
				set_word(&b->p->steps[si], w.offset, w.mask);
				set_default(b, si, dflt);
			}
			result = step_jump(si);
		}
		b->budget = left;
	}
	for (int i = 0; i < made; i++)
		nfc_classtree_free(&kids[i]);
	free(kids);
	return result;
}

/* Compile @t (may be moved into the memo); returns the jump to its entry. */
static int32_t compile_program(struct builder *b, struct nfc_classtree *t, int depth)
{
	if (b->oom)
		return NFC_CT_NEVER;
	if (t->ninsn == 0)
		return -t->output_everything;
	uint64_t hash = program_hash(t);
	for (int i = 0; i < b->nmemo; i++)
		if (b->memo[i].hash == hash && same_program(&b->memo[i].t, t))
			return b->memo[i].target;

	int32_t target = -1;
	if (depth < BUILD_MAX_DEPTH && t->ninsn >= BUILD_MIN_INSNS && b->budget > 0) {
		struct nfc_ctip_word w;
		uint32_t *values = NULL;
		int nv = nfc_ctip_choose_word(t, b->budget, &w, &values);
		if (nv < 0)
			b->oom = true;
		else if (nv > 0)
			target = compile_switch(b, t, w, values, nv, depth);
		free(values);
	}
	if (target < 0)
		target = emit_plain(b, t);
	if (depth > 0 && !b->oom) /* the top program's entry (0) is no jump */
		memo_add(b, t, hash, target);
	return target;
}

int nfc_ctip_build(struct nfc_ctip_prog *p, struct nfc_classtree *t)
{
	nfc_ctip_free(p);
	nfc_classtree_move(&p->tree, t);
	nfc_classtree_init(t, 0);
	const struct nfc_classtree *tr = &p->tree;
	memset(p->need, 0, sizeof p->need);
	p->output_everything = tr->ninsn == 0 ? tr->output_everything : -1;
	if (tr->oom)
		goto unusable;
	if (tr->ninsn == 0) {
		if (p->output_everything < 0)
			p->output_everything = -NFC_CT_NEVER;
		return 0;
	}

	struct builder b = { .p = p, .budget = 16L * tr->ninsn + 4096 };
	struct nfc_classtree top;
	if (nfc_classtree_copy(&top, tr) < 0)
		goto unusable;
	compile_program(&b, &top, 0);
	nfc_classtree_free(&top);
	for (int i = 0; i < b.nmemo; i++)
		nfc_classtree_free(&b.memo[i].t);
	free(b.memo);
	if (b.oom)
		goto unusable;

	/* the fast walk loads whole words. Every step tests a word of the
	 * program, so asking for all of them also makes the careful walk see
	 * the MAC header whenever the program looks at it. */
	for (int i = 0; i < tr->ninsn; i++) {
		const struct nfc_ct_insn *in = &tr->insn[i];
		int base = nfc_ctip_base_of(in->offset);
		int32_t end = (int32_t)(in->offset - nfc_ctip_base_offset(base)) + 4;
		if (in->mask.u && end > p->need[base])
			p->need[base] = end;
	}
	return 0;

unusable:
	free(p->steps);
	free(p->slots);
	p->steps = NULL;
	p->slots = NULL;
	p->nsteps = p->nslots = p->nswitches = 0;
	p->output_everything = -NFC_CT_NEVER;
	return -1;
}
