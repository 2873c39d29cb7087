/* SPDX-License-Identifier: MIT */
/* UDPRewriter: rewrites UDP (and TCP) flows' addresses and ports (NAPT). */

/*
 * =c
 * UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites TCP/UDP packets' addresses and ports
 * =d
 * Rewrites the source address, source port, destination address and/or
 * destination port of UDP packets, with their checksums, as a network
 * address and port translator. Despite its name it rewrites TCP (and DCCP)
 * packets alike, without TCPRewriter's connection tracking: a flow is
 * "streaming" once a reply was seen and three packets passed.
 *
 * The input specs and the mapping table work as in TCPRewriter: drop,
 * pass OUTPUT, keep FOUTPUT ROUTPUT, pattern SADDR SPORT DADDR DPORT
 * FOUTPUT ROUTPUT, pattern NAME FOUTPUT ROUTPUT, or a mapper element.
 * Non-first fragments and packets without ports are dropped unless their
 * input spec is "pass".
 *
 * Hot swap: when nfclick -R (the hotconfig handler) replaces the router,
 * the UDPRewriter of the new configuration takes over the flows of the old
 * UDPRewriter of the same name. They keep their rewritten addresses and
 * ports, output ports, expiry times and streaming state, so packets and
 * replies of a flow are rewritten as before the swap, and new flows get
 * other ports. A flow moves only if an input spec of the new element could
 * have made it and both its output ports still exist: the pattern that made
 * it (given in the spec or by a mapper) needs a new pattern, in a spec or a
 * mapper, fixing the same fields and with a port or address range holding
 * the old one's; a "keep" flow needs a "keep" spec. The others are dropped,
 * with a warning when output ports went missing. Moved flows count against
 * the new capacity: when they overflow it, those expiring first are
 * evicted. An element of another class under the same name takes nothing.
 *
 * Keyword arguments are:
 * =item TIMEOUT
 * Time. Timeout of flows. Default is 5 minutes. UDP_TIMEOUT is a synonym.
 * =item UDP_TIMEOUT
 * Time. Same as TIMEOUT.
 * =item STREAMING_TIMEOUT
 * Time. Timeout of streaming flows. Default is TIMEOUT.
 * UDP_STREAMING_TIMEOUT is a synonym.
 * =item UDP_STREAMING_TIMEOUT
 * Time. Same as STREAMING_TIMEOUT.
 * =item UDP_GUARANTEE
 * Time. Same as GUARANTEE.
 * =item GUARANTEE
 * Time. How long a flow is kept after each packet, whatever the capacity.
 * Default is 5 seconds.
 * =item MAPPING_CAPACITY
 * Integer, or the name of another rewriter whose capacity this one shares.
 * Default is unlimited.
 * =item REAP_INTERVAL
 * Time. Interval between sweeps of expired flows. Default is 15 minutes.
 * =item DST_ANNO
 * Boolean. Set the destination address annotation to the rewritten
 * destination. Default is true.
 * =item REPLY_ANNO
 * Annotation offset. Remember the byte at this offset of a flow's first
 * packet and set it on the flow's reply packets.
 * =h table read-only
 * The mapping table, one mapping per line.
 * =h mappings read-only
 * Same as table (deprecated).
 * =h nmappings read-only
 * Number of flows, those taken over at a hot swap included.
 * =h mapping_failures read-only
 * Number of flows that could not be created.
 * =h size read-only
 * Number of flows in the capacity group.
 * =h capacity read/write
 * The capacity; a smaller one evicts flows at once.
 * =h clear write-only
 * Removes every flow of the capacity group.
 * =h patterns read-only
 * The input specs, one a line, with " [N]" for the flows each holds: those
 * it made, and those taken over at a hot swap (counted by the first input
 * whose spec accepts them, their own input number tried first).
 * =h pattern0 read/write
 * Input spec 0 (pattern1 for input 1, and so on).
 * =e
 *   rw :: UDPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);
 * =a TCPRewriter, IPRewriter, IPRewriterPatterns
 */
#include <stddef.h>
#include "rewriter_priv.h"

static const struct nfc_arg_spec udprewriter_args[] = {
	RW_ANNO_ARGS,
	RW_TIMEOUT_ARG("UDP_TIMEOUT"),
	RW_TIMEOUT_ARG("TIMEOUT"),
	RW_STREAMING_ARG("UDP_STREAMING_TIMEOUT"),
	RW_STREAMING_ARG("STREAMING_TIMEOUT"),
	{ .keyword = "UDP_GUARANTEE", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rw_core, a_guarantee), .doc = "same as GUARANTEE" },
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

static int udprewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	return rw_configure_class((struct rw_core *)e, RW_CLASS_UDP, conf, udprewriter_args, errh);
}

static const struct nfc_element_class udprewriter_class = {
	.name = "UDPRewriter",
	RW_CLASS_COMMON,
	.configure = udprewriter_configure,
	.add_handlers = rw_add_handlers,
	.push = rw_napt_push,
};
NFC_REGISTER_ELEMENT(udprewriter_class);
