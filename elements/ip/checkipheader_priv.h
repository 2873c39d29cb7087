/* SPDX-License-Identifier: MIT */
/* CheckIPHeader's instance and callbacks, shared with CheckIPHeader2. */
#ifndef NFCLICK_ELEMENTS_CHECKIPHEADER_PRIV_H
#define NFCLICK_ELEMENTS_CHECKIPHEADER_PRIV_H

#include "ip_priv.h"

enum cih_reason {
	CIH_TINY, CIH_BAD_VERSION, CIH_BAD_HLEN, CIH_BAD_IP_LEN, CIH_BAD_CHECKSUM,
	CIH_BAD_SADDR, CIH_NREASONS
};

struct checkipheader {
	struct nfc_element e;
	uint32_t offset;
	bool checksum, verbose, details;
	char *interfaces_arg, *badsrc_arg, *gooddst_arg;
	/* Source addresses to reject unless the destination is a good one (heap). */
	uint32_t *bad_src, *good_dst;
	int nbad_src, ngood_dst;
	/* Set once the first bad packet has been reported. */
	int warned;
	struct ipx_counter drops;
	struct ipx_counter reasons[CIH_NREASONS];
};

int ipx_checkipheader_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh, bool checksum_default);
void ipx_checkipheader_cleanup(struct nfc_element *e);
int ipx_checkipheader_add_handlers(struct nfc_element *e);
void ipx_checkipheader_push(struct nfc_element *e, int port, struct nfc_batch *b);
unsigned ipx_checkipheader_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max);

#endif
