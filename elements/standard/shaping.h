/* SPDX-License-Identifier: MIT */
/* The gap-rate pull shaper shared by Shaper and BandwidthShaper. */
#ifndef NFCLICK_ELEMENTS_SHAPING_H
#define NFCLICK_ELEMENTS_SHAPING_H

#include "rated.h"

struct gap_shaper {
	struct nfc_element e;
	/* true: RATE is bytes per second and packets cost their length */
	bool bandwidth;
	uint32_t rate;
	double bw_rate;
	struct nfc_gap_rate gap;
};

/* Set the rate (warning through @errh when it is too large to keep). */
void nfc_gap_shaper_set_rate(struct gap_shaper *s, uint32_t rate, struct nfc_errh *errh);
unsigned nfc_gap_shaper_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			     unsigned max);
int nfc_gap_shaper_add_handlers(struct nfc_element *e);

#endif
