/* SPDX-License-Identifier: MIT */
/* The rewriter classes' configure: default timeouts, and the parsed ones in jiffies. */
#include <stddef.h>
#include "rewriter_priv.h"

const struct nfc_arg_spec rw_addr_args[] = {
	RW_TIMEOUT_ARG("TIMEOUT"),
	RW_REPLY_ANNO_ARG,
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

int rw_configure_class(struct rw_core *rw, enum rw_class cls, struct nfc_conf *conf,
		       const struct nfc_arg_spec *specs, struct nfc_errh *errh)
{
	bool addr = cls == RW_CLASS_ADDR || cls == RW_CLASS_ADDRPAIR;
	bool tcp = cls == RW_CLASS_IP || cls == RW_CLASS_TCP;
	rw->cls = cls;
	rw->dst_anno = true;
	rw->a_timeout = (addr ? 2 * 3600 : 300) * NFC_NSEC_PER_SEC;
	rw->a_guarantee = 5 * NFC_NSEC_PER_SEC;
	rw->a_tcp_nodata = 300 * NFC_NSEC_PER_SEC;
	rw->a_tcp_data = 86400 * NFC_NSEC_PER_SEC;
	rw->a_tcp_done = 240 * NFC_NSEC_PER_SEC;
	rw->a_udp_timeout = 300 * NFC_NSEC_PER_SEC;
	rw->a_udp_guarantee = 5 * NFC_NSEC_PER_SEC;
	int r = rw_configure(rw, conf, specs, errh);

	/* best effort: TCP flows' before data, or the one TIMEOUT */
	rw->timeouts[0] = (tcp ? rw->a_tcp_nodata : rw->a_timeout) / NFC_NSEC_PER_MSEC;
	rw->timeouts[1] = rw->a_guarantee / NFC_NSEC_PER_MSEC;
	if (tcp) {
		rw->tcp_data_timeout = rw->a_tcp_data / NFC_NSEC_PER_MSEC;
		rw->tcp_done_timeout = rw->a_tcp_done / NFC_NSEC_PER_MSEC;
	}
	if (cls == RW_CLASS_IP) { /* UDP flows apart */
		rw->udp_timeouts[0] = rw->a_udp_timeout / NFC_NSEC_PER_MSEC;
		rw->udp_timeouts[1] = rw->a_udp_guarantee / NFC_NSEC_PER_MSEC;
	}
	if (cls == RW_CLASS_IP || cls == RW_CLASS_UDP) {
		int64_t best = cls == RW_CLASS_IP ? rw->udp_timeouts[0] : rw->timeouts[0];
		rw->udp_streaming_timeout = rw->a_has_udp_streaming
						    ? rw->a_udp_streaming / NFC_NSEC_PER_MSEC
						    : best;
	}
	return r;
}
