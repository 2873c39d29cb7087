/* SPDX-License-Identifier: MIT */
/* Out-of-line part of batch_filter.h: the error output. */
#include "batch_filter.h"

void nfc_checked_push1(struct nfc_element *e, struct nfc_batch *b)
{
	if (e->noutputs > 1)
		nfc_push(e, 1, b);
	else
		for (unsigned i = 0; i < b->count; i++)
			nfc_element_drop(e, b->pkts[i]);
	b->count = 0;
}
