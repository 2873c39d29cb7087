/* SPDX-License-Identifier: MIT */
/* IPFilter rules to one optimised program: actions, per-rule trees, pairwise merging. */
#include <stdlib.h>
#include <string.h>
#include "ipfilter_priv.h"

/* Sort the protocol test (IP byte 9, in the word at 8) before the
 * addresses in "and" chains, as Click does: it decides more. */
static const int ipf_offset_map[] = { NFC_CTIP_OFFSET_NET + 8, NFC_CTIP_OFFSET_NET + 3 };
#define IPF_NMAP 2

static void ipf_optimize(struct nfc_classtree *t)
{
	nfc_classtree_optimize(t, ipf_offset_map, IPF_NMAP, NFC_CT_OFFSET_MAX, NFC_CT_OPT_CLICK_MERGE);
}

/* The output for a rule's ACTION word; -NFC_CT_NEVER drops. */
static int parse_action(struct ipf_parser *ps, const char *word, int noutputs)
{
	int32_t slot;
	if (!strcmp(word, "allow")) {
		if (noutputs == 0)
			ipf_error(ps, "'allow' is meaningless, element has zero outputs");
		return 0;
	}
	if (!strcmp(word, "deny")) {
		if (noutputs > 1)
			ipf_warning(ps, "meaning of 'deny' has changed (now it means 'drop')");
		return -NFC_CT_NEVER;
	}
	if (!strcmp(word, "drop"))
		return -NFC_CT_NEVER;
	if (nfc_parse_int32(word, &slot) == 0) {
		if (slot < 0 || slot >= noutputs) {
			ipf_error(ps, "slot '%d' out of range", slot);
			return -NFC_CT_NEVER;
		}
		return slot;
	}
	ipf_error(ps, "unknown slot ID '%s'", word);
	return -NFC_CT_NEVER;
}

/* Compile rule @argno into @prog: its tests jump to its output on
 * success and to the failure placeholder (the next rule) otherwise. */
static int compile_rule(struct nfc_classtree *prog, const char *rule, int argno, int noutputs,
			const struct nfc_element *context, struct ipf_port_cache *ports,
			struct nfc_errh *errh)
{
	struct ipf_parser ps = { .prog = prog, .context = context, .errh = errh, .argno = argno,
				 .ports = ports };
	char *text = NULL;
	size_t tlen;
	/* quoted patterns are unquoted first (Click's cp_unquote) */
	if (strchr(rule, '"') && nfc_parse_string(rule, &text, &tlen) == 0)
		rule = text;
	int r = ipf_split_words(rule, &ps.words, &ps.nwords);
	free(text);
	if (r < 0)
		return nfc_error(errh, "out of memory"), 1;
	if (ps.nwords == 0) {
		nfc_error(errh, "empty pattern %d", argno);
		return 1;
	}
	ipf_prim_clear(&ps.prev);
	int slot = parse_action(&ps, ps.words[0], noutputs);

	nfc_classtree_init_subtree(prog);
	nfc_classtree_start_subtree(prog);
	if (ps.nwords == 1 ||
	    (ps.nwords == 2 && (!strcmp(ps.words[1], "-") || !strcmp(ps.words[1], "any") ||
				!strcmp(ps.words[1], "all"))))
		nfc_classtree_add_insn(prog, 0, 0, 0);
	else {
		int pos = ipf_parse_expr(&ps, 1);
		if (pos < ps.nwords)
			ipf_error(&ps, "garbage after expression at '%s'", ps.words[pos]);
	}
	nfc_classtree_finish_subtree(prog, NFC_CT_AND, -slot, NFC_CT_FAILURE);
	nfc_words_free(ps.words, ps.nwords);
	return ps.nerrors;
}

/* Append @p2 to @p1: p1's failures continue with p2 (Click's merge_programs). */
static void merge_programs(struct nfc_classtree *p1, struct nfc_classtree *p2)
{
	int step_offset = p1->ninsn, jump_target = step_offset;
	if (p1->ninsn == 0) {
		if (p1->output_everything != -NFC_CT_FAILURE)
			return; /* p1 decides every packet: p2 is never reached */
		/* p1 decides nothing: the result is p2 (Click keeps p1's
		 * "nothing" when p2 has no tests either; we do not) */
		nfc_classtree_move(p1, p2);
		nfc_classtree_init(p2, 0);
		return;
	}
	if (p2->ninsn == 0)
		jump_target = -p2->output_everything;
	nfc_classtree_redirect_unfinished(p1, jump_target);
	nfc_classtree_offset_jumps(p2, step_offset);
	for (int i = 0; i < p2->ninsn; i++)
		nfc_classtree_add_raw_insn(p1, &p2->insn[i]);
	if (p2->oom)
		p1->oom = true;
}

/* Merge the rules' programs in pairs, optimising each merge, so no
 * optimisation sees one huge unoptimised tree (Click's order exactly). */
static void merge_all(struct nfc_classtree *progs, int num)
{
	if (num == 1) {
		ipf_optimize(&progs[0]);
		return;
	}
	int n = 1;
	for (; n * 2 <= num; n *= 2)
		for (int a = 0; a + n < num; a += 2 * n) {
			merge_programs(&progs[a], &progs[a + n]);
			ipf_optimize(&progs[a]);
		}
	if (n != num) {
		merge_programs(&progs[0], &progs[n]);
		ipf_optimize(&progs[0]);
	}
}

int nfc_ipfilter_compile(struct nfc_ctip_prog *prog, char *const *rules, int nrules, int noutputs,
			 const struct nfc_element *context, struct nfc_errh *errh)
{
	int nerr = 0;
	if (nrules == 0) { /* no rules: everything dropped */
		struct nfc_classtree t;
		nfc_classtree_init(&t, 0);
		nfc_classtree_finalize(&t);
		nfc_ctip_build(prog, &t);
		return 0;
	}
	struct nfc_classtree *progs = calloc((size_t)nrules, sizeof *progs);
	if (!progs)
		return nfc_error(errh, "out of memory"), 1;
	struct ipf_port_cache ports = { 0 };
	for (int i = 0; i < nrules; i++) {
		nfc_classtree_init(&progs[i], 0);
		nerr += compile_rule(&progs[i], rules[i], i, noutputs, context, &ports, errh);
	}
	ipf_port_cache_free(&ports);
	if (nerr == 0) {
		merge_all(progs, nrules);
		struct nfc_classtree *t = &progs[0];
		/* another sort helps chains of port tests; then the rules' last
		 * failures (no rule matched) drop the packet */
		nfc_classtree_sort_and_chains(t, ipf_offset_map, IPF_NMAP, NFC_CT_OFFSET_MAX);
		nfc_classtree_redirect_unfinished(t, NFC_CT_NEVER);
		if (t->ninsn == 0 && t->output_everything == -NFC_CT_FAILURE)
			t->output_everything = -NFC_CT_NEVER;
		nfc_classtree_finalize(t);
		if (t->oom || nfc_ctip_build(prog, t) < 0) {
			nfc_error(errh, "out of memory compiling patterns");
			nerr++;
		}
	}
	for (int i = 0; i < nrules; i++)
		nfc_classtree_free(&progs[i]);
	free(progs);
	return nerr;
}
