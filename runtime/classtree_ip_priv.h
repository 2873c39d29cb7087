/* SPDX-License-Identifier: MIT */
/* IP decision trees: internals shared by the classtree_ip*.c files. */
#ifndef NFCLICK_CLASSTREE_IP_PRIV_H
#define NFCLICK_CLASSTREE_IP_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/classtree_ip.h>

/** A word of the packet as tests see it: virtual offset and mask. */
struct nfc_ctip_word {
	unsigned offset;
	uint32_t mask;
};

/** Header base of a virtual offset, and the base's virtual offset. */
static inline int nfc_ctip_base_of(unsigned offset)
{
	if (offset >= NFC_CTIP_OFFSET_TRANSP)
		return NFC_CTIP_BASE_TRANSP;
	return offset >= NFC_CTIP_OFFSET_NET ? NFC_CTIP_BASE_NET : NFC_CTIP_BASE_MAC;
}

static inline unsigned nfc_ctip_base_offset(int base)
{
	static const unsigned off[NFC_CTIP_NBASES] = { NFC_CTIP_OFFSET_MAC, NFC_CTIP_OFFSET_NET,
						       NFC_CTIP_OFFSET_TRANSP };
	return off[base];
}

/* ---- restriction (classtree_ip_restrict.c) ---- */

/**
 * @out (uninitialised): @t for the packets whose word @w equals @v
 * (or, @dflt, equals none of the values @t compares @w with): every test
 * that knowledge decides is resolved, unreachable tests dropped, the
 * result optimised. Exact for packets long enough for every test.
 * Returns false on OOM.
 */
bool nfc_ctip_restrict(struct nfc_classtree *out, const struct nfc_classtree *t,
		       struct nfc_ctip_word w, uint32_t v, bool dflt);

/**
 * The word worth switching on in @t: the one whose restricted programs
 * (one per compared value, plus the default) have the smallest largest
 * member, then the smallest total, which must stay within @budget and
 * shrink the largest by an eighth at least. Its values go to *@values
 * (caller frees). Returns the number of values, 0 when no word is worth
 * it, -1 on OOM.
 */
int nfc_ctip_choose_word(const struct nfc_classtree *t, long budget, struct nfc_ctip_word *w,
			 uint32_t **values);

#endif
