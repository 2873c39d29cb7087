/* SPDX-License-Identifier: MIT */
/* CheckIPHeader's instance and callbacks, shared with CheckIPHeader2. */
#ifndef NFCLICK_ELEMENTS_CHECKIPHEADER_PRIV_H
#define NFCLICK_ELEMENTS_CHECKIPHEADER_PRIV_H

#include "ipcheck_header.h"

struct checkipheader {
	struct nfc_element e;
	uint32_t offset;
	bool checksum, verbose, details;
	struct ipx_srccheck src;
	/* Set once the first bad packet has been reported. */
	int warned;
	struct ipx_counter drops;
	struct ipx_counter reasons[IPX_HDR_NFAILS];
};

int ipx_checkipheader_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh, bool checksum_default);
void ipx_checkipheader_cleanup(struct nfc_element *e);
int ipx_checkipheader_add_handlers(struct nfc_element *e);
void ipx_checkipheader_push(struct nfc_element *e, int port, struct nfc_batch *b);
unsigned ipx_checkipheader_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max);

#endif
