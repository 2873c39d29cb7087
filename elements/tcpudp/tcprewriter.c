/* SPDX-License-Identifier: MIT */
/* TCPRewriter: rewrites TCP flows' addresses and ports (NAPT), sequence numbers included. */

/*
 * =c
 * TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites TCP packets' addresses, ports, and sequence numbers
 * =d
 * Rewrites the source address, source port, destination address and/or
 * destination port of TCP packets, with their checksums, as a network
 * address and port translator. Like IPRewriter, but for TCP only (other
 * packets are dropped unless their input spec is "pass"), and able to
 * change sequence and acknowledgement numbers (SACK blocks included) when a
 * helper such as an FTP port mapper changes the length of a flow's payload.
 *
 * Flows are kept in a mapping table: a packet of a known flow is rewritten
 * by its mapping and sent to the mapping's output; a packet of a new flow
 * is handled by the INPUTSPEC of its input port, one of:
 *
 *   drop, discard            drop the packet
 *   pass OUTPUT, nochange OUTPUT
 *                            send it unchanged to OUTPUT, no mapping
 *   keep FOUTPUT ROUTPUT     map the flow to itself
 *   pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT
 *                            rewrite by the pattern: "-" leaves a field
 *                            alone; SPORT may be a range "L-H" (the
 *                            packet's own port is preferred, else a random
 *                            free one; "L-H#" takes them in turn, "L-H?" at
 *                            random without preferring the packet's own)
 *   pattern NAME FOUTPUT ROUTPUT
 *                            a pattern named in IPRewriterPatterns
 *   ELEMENTNAME              ask a mapper element (RoundRobinIPMapper)
 *
 * A new flow gets two mappings: the flow itself to FOUTPUT, and its reply
 * (the rewritten flow reversed), rewritten back, to ROUTPUT.
 *
 * A flow is "guaranteed" for GUARANTEE after each packet; then it expires
 * after TCP_NODATA_TIMEOUT, or TCP_TIMEOUT once both sides sent data, or
 * TCP_DONE_TIMEOUT once both sides closed (FIN) or one reset it (RST). When
 * the table is full (MAPPING_CAPACITY), a new flow evicts the best-effort
 * flow that expires first; when every flow is guaranteed, the new flow is
 * refused (counted in mapping_failures).
 *
 * Hot swap: when nfclick -R (the hotconfig handler) replaces the router,
 * the TCPRewriter of the new configuration takes over the flows of the old
 * TCPRewriter of the same name. They keep their rewritten addresses and
 * ports, output ports, expiry times and TCP state (connection state,
 * sequence-number changes), so packets and replies of a flow are rewritten
 * as before the swap, and new flows get other ports. A flow moves only if
 * an input spec of the new element could have made it and both its output
 * ports still exist: the pattern that made it (given in the spec or by a
 * mapper) needs a new pattern, in a spec or a mapper, fixing the same
 * fields and with a port or address range holding the old one's; a "keep"
 * flow needs a "keep" spec. The others are dropped, with a warning when
 * output ports went missing. Moved flows count against the new capacity:
 * when they overflow it, those expiring first are evicted. An element of
 * another class under the same name takes nothing.
 *
 * Keyword arguments are:
 * =item TCP_NODATA_TIMEOUT
 * Time. Timeout of flows before both sides sent data. Default is 5 minutes.
 * =item TCP_TIMEOUT
 * Time. Timeout of flows once both sides sent data. Default is 24 hours.
 * TIMEOUT is a synonym.
 * =item TCP_DONE_TIMEOUT
 * Time. Timeout of closed flows. Default is 4 minutes.
 * =item TCP_GUARANTEE
 * Time. Same as GUARANTEE.
 * =item GUARANTEE
 * Time. How long a flow is kept after each packet, whatever the capacity.
 * Default is 5 seconds; 0 makes every flow best effort.
 * =item MAPPING_CAPACITY
 * Integer, or the name of another rewriter whose capacity (and table
 * size) this one shares. Default is unlimited.
 * =item REAP_INTERVAL
 * Time. Interval between sweeps of expired flows. Default is 15 minutes.
 * =item DST_ANNO
 * Boolean. Set the destination address annotation to the rewritten
 * destination. Default is true.
 * =item REPLY_ANNO
 * Annotation offset. Remember the byte at this offset of a flow's first
 * packet and set it on the flow's reply packets.
 * =h table read-only
 * The mapping table, one mapping per line:
 * "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*FOUT ROUT] iINPUT expSECONDS".
 * =h mappings read-only
 * Same as table (deprecated).
 * =h lookup read-only
 * With parameter "SADDR SPORT DADDR DPORT": the flow that one is rewritten
 * to, in the same form, or nothing.
 * =h nmappings read-only
 * Number of flows, those taken over at a hot swap included.
 * =h mapping_failures read-only
 * Number of flows that could not be created (no free port, or refused).
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
 *   rw :: TCPRewriter(pattern 1.0.0.1 1024-65535 - - 0 1, drop);
 * =a IPRewriter, UDPRewriter, IPAddrRewriter, IPRewriterPatterns, RoundRobinIPMapper
 */
#include <stddef.h>
#include "rewriter_priv.h"

static const struct nfc_arg_spec tcprewriter_args[] = {
	RW_TCP_ARGS,
	RW_ANNO_ARGS,
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

static int tcprewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	return rw_configure_class((struct rw_core *)e, RW_CLASS_TCP, conf, tcprewriter_args, errh);
}

static int tcprewriter_add_handlers(struct nfc_element *e)
{
	rw_add_table_handlers((struct rw_core *)e, true);
	return 0;
}

static const struct nfc_element_class tcprewriter_class = {
	.name = "TCPRewriter",
	RW_CLASS_COMMON,
	.configure = tcprewriter_configure,
	.add_handlers = tcprewriter_add_handlers,
	.push = rw_napt_push,
};
NFC_REGISTER_ELEMENT(tcprewriter_class);
