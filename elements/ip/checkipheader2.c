/* SPDX-License-Identifier: MIT */
/* CheckIPHeader2: CheckIPHeader without the checksum test by default. */

/*
 * =c
 * CheckIPHeader2([OFFSET, KEYWORDS])
 * =s ip
 * checks IP header, no checksum
 * =d
 * This element behaves exactly like CheckIPHeader, except that it does not
 * by default check packets' IP checksums (CHECKSUM defaults to false). It
 * takes the same arguments (OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM,
 * VERBOSE, DETAILS) and has the same handlers.
 * =item CHECKSUM
 * Boolean. If true, check each packet's checksum. Default is false.
 * =h drops read-only
 * Returns the number of incorrect packets seen.
 * =h drop_details read-only
 * Per-reason drop counts; only with DETAILS true.
 * =a CheckIPHeader, StripIPHeader, MarkIPHeader
 */
#include "ip_priv.h"
#include "checkipheader_priv.h"

static int cih2_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return ipx_checkipheader_configure(e, conf, errh, false);
}

static const struct nfc_element_class checkipheader2_class = {
	.name = "CheckIPHeader2",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checkipheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = cih2_configure,
	.cleanup = ipx_checkipheader_cleanup,
	.add_handlers = ipx_checkipheader_add_handlers,
	.push = ipx_checkipheader_push,
	.pull = ipx_checkipheader_pull,
};
NFC_REGISTER_ELEMENT(checkipheader2_class);
