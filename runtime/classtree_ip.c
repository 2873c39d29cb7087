/* SPDX-License-Identifier: MIT */
/* Classifier decision trees over IP packets: steps, switch tables, careful matching, listing. */
#include <stdlib.h>
#include <string.h>
#include "classtree_ip_priv.h"

void nfc_ctip_init(struct nfc_ctip_prog *p)
{
	memset(p, 0, sizeof *p);
	nfc_classtree_init(&p->tree, 0);
	p->output_everything = -NFC_CT_NEVER;
}

void nfc_ctip_free(struct nfc_ctip_prog *p)
{
	nfc_classtree_free(&p->tree);
	free(p->steps);
	free(p->slots);
	p->steps = NULL;
	p->slots = NULL;
	p->nsteps = p->nslots = p->nswitches = 0;
}

/* Click's virtual packet length (see the header). */
static int64_t virtual_length(const struct nfc_ctip_view *v)
{
	if (v->avail[NFC_CTIP_BASE_TRANSP] > 0)
		return NFC_CTIP_OFFSET_TRANSP + (int64_t)v->avail[NFC_CTIP_BASE_TRANSP];
	return NFC_CTIP_OFFSET_NET + (int64_t)(v->avail[NFC_CTIP_BASE_NET] > 0
						      ? v->avail[NFC_CTIP_BASE_NET]
						      : 0);
}

int nfc_ctip_match_careful(const struct nfc_ctip_prog *p, const struct nfc_ctip_view *v)
{
	if (p->output_everything >= 0)
		return p->output_everything;
	const int64_t vlen = virtual_length(v);
	const struct nfc_ct_insn *insn = p->tree.insn;
	int32_t pos = 0;
	do {
		const struct nfc_ct_insn *x = &insn[pos];
		uint32_t w = 0;
		if (x->mask.u) {
			uint32_t req = nfc_ct_insn_required_length(x);
			int b = nfc_ctip_base_of(x->offset);
			int32_t rel = (int32_t)(x->offset - nfc_ctip_base_offset(b));
			int32_t avail = v->avail[b];
			/* short by Click's rule, or (odd offsets, odd headers) bytes
			 * that are not there at all: never read them */
			if ((int64_t)req > vlen || v->base[b] == NULL ||
			    (int32_t)(req - nfc_ctip_base_offset(b)) > avail) {
				pos = x->j[x->short_output];
				continue;
			}
			if (rel + 4 <= avail)
				memcpy(&w, v->base[b] + rel, 4);
			else
				memcpy(&w, v->base[b] + rel, (size_t)(avail - rel));
		}
		pos = x->j[(w & x->mask.u) == x->value.u];
	} while (pos > 0);
	return -pos;
}

/* ---- listing ---- */

static int u32_compare(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Click compresses "no" chains of tests with one offset, mask and "yes"
 * into one multi-value test (values sorted for binary search from 7 on)
 * and lists each value as a step; we list the same way so listings match. */
void nfc_ctip_unparse(const struct nfc_ctip_prog *p, struct nfc_strbuf *out)
{
	const struct nfc_classtree *t = &p->tree;
	int n = t->ninsn;
	int *wanted = calloc((size_t)n + 1, sizeof *wanted);
	int *stepno = calloc((size_t)n + 1, sizeof *stepno);
	uint32_t *values = malloc(((size_t)n + 1) * sizeof *values);
	if (!wanted || !stepno || !values) {
		nfc_classtree_unparse(t, out);
		goto done;
	}
	if (n)
		wanted[0] = 1;
	for (int i = 0; i < n; i++)
		if (wanted[i])
			for (int k = 0; k < 2; k++)
				if (t->insn[i].j[k] > 0)
					wanted[t->insn[i].j[k]]++;

	/* group sizes: first pass numbers the listed steps */
	int *group_len = calloc((size_t)n + 1, sizeof *group_len);
	if (!group_len) {
		nfc_classtree_unparse(t, out);
		goto done;
	}
	int listed = 0;
	for (int i = 0; i < n; i++) {
		if (!wanted[i])
			continue;
		const struct nfc_ct_insn *in = &t->insn[i];
		int len = 1, no = in->j[0];
		while (no > 0 && wanted[no] == 1 && t->insn[no].j[1] == in->j[1] &&
		       t->insn[no].offset == in->offset && t->insn[no].mask.u == in->mask.u) {
			wanted[no]--;
			len++;
			no = t->insn[no].j[0];
		}
		group_len[i] = len;
		stepno[i] = listed;
		listed += len;
	}
	for (int i = 0; i < n; i++) {
		int len = group_len[i];
		if (!len)
			continue;
		const struct nfc_ct_insn *in = &t->insn[i];
		int last = i;
		for (int k = 0; k < len; k++) {
			values[k] = t->insn[last].value.u;
			if (k + 1 < len)
				last = t->insn[last].j[0];
		}
		if (len >= 7)
			qsort(values, (size_t)len, sizeof *values, u32_compare);
		for (int k = 0; k < len; k++) {
			struct nfc_ct_insn x = *in;
			x.offset = (uint16_t)(in->offset - t->align_offset);
			x.value.u = values[k];
			int32_t no = t->insn[last].j[0];
			x.j[0] = k + 1 < len ? stepno[i] + k + 1 : (no > 0 ? stepno[no] : no);
			x.j[1] = in->j[1] > 0 ? stepno[in->j[1]] : in->j[1];
			int s = stepno[i] + k;
			nfc_strbuf_printf(out, "%s%d ", s < 10 ? " " : "", s);
			nfc_classtree_unparse_insn(&x, out);
			nfc_strbuf_putc(out, '\n');
		}
	}
	free(group_len);
	if (n == 0)
		nfc_strbuf_printf(out, "all->[%d]\n", t->output_everything);
	nfc_strbuf_printf(out, "safe length %u\n", t->safe_length);
	nfc_strbuf_printf(out, "alignment offset %u\n", t->align_offset);
done:
	free(wanted);
	free(stepno);
	free(values);
}
