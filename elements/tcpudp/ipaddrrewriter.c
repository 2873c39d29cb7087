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
#include <stddef.h>
#include "rewriter_priv.h"

static const struct nfc_arg_spec ipaddrrewriter_args[] = {
	{ .keyword = "TIMEOUT", .type = NFC_ARG_TIME, .offset = offsetof(struct rw_core, a_timeout),
	  .doc = "timeout of idle mappings" },
	{ .keyword = "REPLY_ANNO", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = NFC_ANNO_SIZE - 1, .offset = offsetof(struct rw_core, reply_anno),
	  .given_offset = offsetof(struct rw_core, has_reply_anno),
	  .doc = "annotation byte carried from a mapping's first packet to its replies" },
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

static int ipaddrrewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	rw->cls = RW_CLASS_ADDR;
	rw->dst_anno = true;
	rw->a_timeout = 2 * 3600 * NFC_NSEC_PER_SEC;
	rw->a_guarantee = 5 * NFC_NSEC_PER_SEC;
	int r = rw_configure(rw, conf, ipaddrrewriter_args, errh);
	rw->timeouts[0] = rw->a_timeout / NFC_NSEC_PER_MSEC;
	rw->timeouts[1] = rw->a_guarantee / NFC_NSEC_PER_MSEC;
	return r;
}

static int ipaddrrewriter_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "table", rw_read_table, NULL, 0);
	nfc_add_read_handler(e, "mappings", rw_read_table, NULL, 0);
	rw_add_common_handlers((struct rw_core *)e);
	return 0;
}

static const struct nfc_element_class ipaddrrewriter_class = {
	.name = "IPAddrRewriter",
	.port_count = "1-/1-",
	.processing = "h/h",
	.size = sizeof(struct rw_core),
	.flags = 0, /* one thread: the table is not locked */
	.configure = ipaddrrewriter_configure,
	.initialize = rw_initialize,
	.cleanup = rw_cleanup,
	.take_state = rw_take_state,
	.add_handlers = ipaddrrewriter_add_handlers,
	.cast = rw_cast,
	.push = rw_addr_push,
};
NFC_REGISTER_ELEMENT(ipaddrrewriter_class);
