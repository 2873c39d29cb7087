/* SPDX-License-Identifier: MIT */
/* IPAddrRewriter: rewrites source addresses (Basic NAT), and replies' destinations back. */

/*
 * =c
 * IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites IP packets' addresses
 * =d
 * Rewrites the source address of IP packets of any protocol, with the IP
 * and TCP/UDP checksums: Basic NAT, without ports. A mapping is kept per
 * source address: packets from that address get the new source address and
 * leave on FOUTPUT; packets to the new address (replies) get the original
 * address as destination and leave on ROUTPUT.
 *
 * The input specs are those of IPRewriter, with two-field patterns:
 * "pattern SADDR DADDR FOUTPUT ROUTPUT", where DADDR must be "-" and SADDR
 * may be a range "A-B" or a prefix "A/LEN" (its network and broadcast
 * addresses left out), with "#" for addresses taken in turn or "?" for
 * random ones. A pattern that would change ports or the destination
 * creates no mapping (the packet is dropped).
 *
 * Hot swap: when nfclick -R (the hotconfig handler) replaces the router,
 * the IPAddrRewriter of the new configuration takes over the mappings of
 * the old IPAddrRewriter of the same name. They keep their rewritten
 * addresses, output ports and expiry times, so packets and replies of a
 * mapping are rewritten as before the swap, and new mappings get other
 * addresses. A mapping moves only if an input spec of the new element could
 * have made it and both its output ports still exist: the pattern that made
 * it (given in the spec or by a mapper) needs a new pattern, in a spec or a
 * mapper, fixing the same fields and with a address range holding the old
 * one's; a "keep" mapping needs a "keep" spec. The others are dropped, with
 * a warning when output ports went missing. Moved mappings count against
 * the new capacity: when they overflow it, those expiring first are
 * evicted. An element of another class under the same name takes nothing.
 *
 * Keyword arguments are:
 * =item TIMEOUT
 * Time. Timeout of idle mappings. Default is 2 hours.
 * =item GUARANTEE
 * Time. How long a mapping is kept after each packet, whatever the
 * capacity. Default is 5 seconds.
 * =item MAPPING_CAPACITY
 * Integer, or the name of another rewriter whose capacity this one shares.
 * =item REAP_INTERVAL
 * Time. Interval between sweeps of expired mappings. Default is 15 minutes.
 * =item REPLY_ANNO
 * Annotation offset. Remember the byte at this offset of a mapping's first
 * packet and set it on reply packets.
 * =h table read-only
 * The mapping table: "SADDR => SADDR' [*FOUT ROUT] iINPUT expSECONDS".
 * =h mappings read-only
 * Same as table (deprecated).
 * =h nmappings read-only
 * Number of mappings, those taken over at a hot swap included.
 * =h mapping_failures read-only
 * Number of mappings that could not be created.
 * =h size read-only
 * Number of mappings in the capacity group.
 * =h capacity read/write
 * The capacity.
 * =h clear write-only
 * Removes every mapping of the capacity group.
 * =h patterns read-only
 * The input specs, one a line, with " [N]" for the mappings each holds: those
 * it made, and those taken over at a hot swap (counted by the first input
 * whose spec accepts them, their own input number tried first).
 * =h pattern0 read/write
 * Input spec 0 (pattern1 for input 1, and so on).
 * =e
 *   rw :: IPAddrRewriter(pattern 3.0.0.1-3.0.0.254# - 0 1, drop);
 * =a IPAddrPairRewriter, IPRewriter
 */
#include "rewriter_priv.h"

static int ipaddrrewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	return rw_configure_class((struct rw_core *)e, RW_CLASS_ADDR, conf, rw_addr_args, errh);
}

static const struct nfc_element_class ipaddrrewriter_class = {
	.name = "IPAddrRewriter",
	RW_CLASS_COMMON,
	.configure = ipaddrrewriter_configure,
	.add_handlers = rw_add_handlers,
	.push = rw_addr_push,
};
NFC_REGISTER_ELEMENT(ipaddrrewriter_class);
