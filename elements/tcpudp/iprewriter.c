/* SPDX-License-Identifier: MIT */
/* IPRewriter: rewrites TCP and UDP flows' addresses and ports (NAPT), one table for each. */

/*
 * =c
 * IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites TCP/UDP packets' addresses and ports
 * =d
 * Rewrites the source address, source port, destination address and/or
 * destination port of TCP and UDP packets, with their checksums: a network
 * address and port translator. TCP flows are handled as by TCPRewriter,
 * UDP flows as by UDPRewriter, each protocol in its own mapping table (so
 * a TCP and a UDP flow may use the same ports). Other protocols and
 * non-first fragments are dropped unless their input spec is "pass".
 *
 * The input specs (one per input port) are those of TCPRewriter: drop,
 * pass OUTPUT, keep FOUTPUT ROUTPUT, pattern SADDR SPORT DADDR DPORT
 * FOUTPUT ROUTPUT, pattern NAME FOUTPUT ROUTPUT, or a mapper element.
 *
 * Hot swap: when nfclick -R (the hotconfig handler) replaces the router,
 * the IPRewriter of the new configuration takes over the TCP and UDP flows
 * of the old IPRewriter of the same name. They keep their rewritten
 * addresses and ports, output ports, expiry times and TCP state (connection
 * state, sequence-number changes), so packets and replies of a flow are
 * rewritten as before the swap, and new flows get other ports. A flow moves
 * only if an input spec of the new element could have made it and both its
 * output ports still exist: the pattern that made it (given in the spec or
 * by a mapper) needs a new pattern, in a spec or a mapper, fixing the same
 * fields and with a port or address range holding the old one's; a "keep"
 * flow needs a "keep" spec. The others are dropped, with a warning when
 * output ports went missing. Moved flows count against the new capacity:
 * when they overflow it, those expiring first are evicted. An element of
 * another class under the same name takes nothing.
 *
 * Keyword arguments are:
 * =item TCP_NODATA_TIMEOUT
 * Time. Timeout of TCP flows before both sides sent data. Default is 5 minutes.
 * =item TCP_TIMEOUT
 * Time. Timeout of TCP flows once both sides sent data. Default is 24
 * hours. TIMEOUT is a synonym.
 * =item TCP_DONE_TIMEOUT
 * Time. Timeout of closed TCP flows. Default is 4 minutes.
 * =item TCP_GUARANTEE
 * Time. Same as GUARANTEE.
 * =item GUARANTEE
 * Time. How long a TCP flow is kept after each packet. Default is 5 seconds.
 * =item UDP_TIMEOUT
 * Time. Timeout of UDP flows. Default is 5 minutes.
 * =item UDP_STREAMING_TIMEOUT
 * Time. Timeout of streaming UDP flows (a reply seen, three packets).
 * Default is UDP_TIMEOUT.
 * =item UDP_GUARANTEE
 * Time. How long a UDP flow is kept after each packet. Default is 5 seconds.
 * =item MAPPING_CAPACITY
 * Integer, or the name of another rewriter whose capacity this one shares.
 * Default is unlimited.
 * =item REAP_INTERVAL
 * Time. Interval between sweeps of expired flows. Default is 15 minutes.
 * =item DST_ANNO
 * Boolean. Set the destination address annotation. Default is true.
 * =item REPLY_ANNO
 * Annotation offset. Remember the byte at this offset of a flow's first
 * packet and set it on the flow's reply packets.
 * =h tcp_table read-only
 * The TCP mapping table, one mapping per line.
 * =h udp_table read-only
 * The UDP mapping table, one mapping per line.
 * =h tcp_mappings read-only
 * Same as tcp_table (deprecated).
 * =h udp_mappings read-only
 * Same as udp_table (deprecated).
 * =h tcp_lookup read-only
 * With parameter "SADDR SPORT DADDR DPORT": the TCP flow that one is
 * rewritten to, in the same form, or nothing.
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
 * Input spec 0 (pattern1 for input 1, and so on). Writing replaces it and
 * removes the flows it created.
 * =e
 *   rw :: IPRewriter(pattern 1.0.0.1 1024-65535 - - 0 1, drop);
 *   FromDevice(in) -> Strip(14) -> CheckIPHeader -> [0]rw[0] -> ...;
 *   ... -> [1]rw[1] -> ...;
 * =a TCPRewriter, UDPRewriter, IPAddrRewriter, IPAddrPairRewriter,
 * IPRewriterPatterns, RoundRobinIPMapper
 */
#include <stddef.h>
#include "rewriter_priv.h"

static const struct nfc_arg_spec iprewriter_args[] = {
	RW_TCP_ARGS,
	{ .keyword = "UDP_TIMEOUT", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rw_core, a_udp_timeout), .doc = "timeout of UDP flows" },
	RW_STREAMING_ARG("UDP_STREAMING_TIMEOUT"),
	{ .keyword = "UDP_GUARANTEE", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct rw_core, a_udp_guarantee), .doc = "guarantee of UDP flows" },
	RW_ANNO_ARGS,
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

static int iprewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	return rw_configure_class((struct rw_core *)e, RW_CLASS_IP, conf, iprewriter_args, errh);
}

static int iprewriter_add_handlers(struct nfc_element *e)
{
	void *udp = (void *)(intptr_t)1;
	nfc_add_read_handler(e, "tcp_table", rw_read_table, NULL, 0);
	nfc_add_read_handler(e, "udp_table", rw_read_table, udp, 0);
	nfc_add_read_handler(e, "tcp_mappings", rw_read_table, NULL, 0);
	nfc_add_read_handler(e, "udp_mappings", rw_read_table, udp, 0);
	nfc_add_read_handler(e, "tcp_lookup", rw_read_lookup, NULL, NFC_HANDLER_READ_PARAM);
	rw_add_common_handlers((struct rw_core *)e);
	return 0;
}

static const struct nfc_element_class iprewriter_class = {
	.name = "IPRewriter",
	RW_CLASS_COMMON,
	.configure = iprewriter_configure,
	.add_handlers = iprewriter_add_handlers,
	.push = rw_napt_push,
};
NFC_REGISTER_ELEMENT(iprewriter_class);
