/* SPDX-License-Identifier: MIT */
/* ICMPPingRewriter: rewrites ICMP echo requests and replies (addresses and identifiers). */

/*
 * =c
 * ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites ICMP echo requests and replies
 * =d
 * Rewrites ICMP echo requests and replies by changing their source and/or
 * destination addresses and their identifiers, so that pings can pass a
 * network address translator. An echo request of a new flow is handled by
 * its input's INPUTSPEC, as in IPRewriter: with a pattern such as
 * "pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT" (SPORT is the
 * identifier: "-", a number, or a range "L-H" with "#" or "?"), the request
 * is rewritten and leaves on FOUTPUT; the matching echo replies are
 * rewritten back and leave on ROUTPUT. A three-word pattern "SADDR DADDR
 * IDRANGE" is also accepted. Replies of unknown flows, other ICMP types,
 * other protocols and non-first fragments are dropped, unless the input
 * spec is "pass".
 *
 * Requests and replies are paired by identifier in host byte order, and the
 * table shows real identifiers (Click adds one to the raw network-order
 * value, so its reply lines show that raw number).
 *
 * Hot swap: when nfclick -R (the hotconfig handler) replaces the router,
 * the ICMPPingRewriter of the new configuration takes over the flows of the
 * old ICMPPingRewriter of the same name. They keep their rewritten
 * addresses and identifiers, output ports and expiry times, so packets and
 * replies of a flow are rewritten as before the swap, and new flows get
 * other identifiers. A flow moves only if an input spec of the new element
 * could have made it and both its output ports still exist: the pattern
 * that made it (given in the spec or by a mapper) needs a new pattern, in a
 * spec or a mapper, fixing the same fields and with a identifier or address
 * range holding the old one's; a "keep" flow needs a "keep" spec. The
 * others are dropped, with a warning when output ports went missing. Moved
 * flows count against the new capacity: when they overflow it, those
 * expiring first are evicted. An element of another class under the same
 * name takes nothing.
 *
 * Keyword arguments are:
 * =item TIMEOUT
 * Time. Timeout of idle flows. Default is 5 minutes.
 * =item GUARANTEE
 * Time. How long a flow is kept after each packet, whatever the capacity.
 * Default is 5 seconds.
 * =item MAPPING_CAPACITY
 * Integer, or the name of another rewriter whose capacity this one shares.
 * =item REAP_INTERVAL
 * Time. Interval between sweeps of expired flows. Default is 15 minutes.
 * =item DST_ANNO
 * Boolean. Set the destination address annotation. Default is true.
 * =item REPLY_ANNO
 * Annotation offset. Remember the byte at this offset of a flow's first
 * packet and set it on its replies.
 * =h table read-only
 * The mapping table: "(SA, DA, ID) => (SA', DA', ID') [*FOUT ROUT] iINPUT expSECONDS".
 * =h mappings read-only
 * Same as table (deprecated).
 * =h nmappings read-only
 * Number of flows, those taken over at a hot swap included.
 * =h mapping_failures read-only
 * Number of flows that could not be created.
 * =h size read-only
 * Number of flows in the capacity group.
 * =h capacity read/write
 * The capacity.
 * =h clear write-only
 * Removes every flow of the capacity group.
 * =h patterns read-only
 * The input specs, one a line, with " [N]" for the flows each holds: those
 * it made, and those taken over at a hot swap (counted by the first input
 * whose spec accepts them, their own input number tried first).
 * =h pattern0 read/write
 * Input spec 0 (pattern1 for input 1, and so on).
 * =e
 *   icmp :: ICMPPingRewriter(pattern 2.0.0.2 - 0-65535# 0 1, drop);
 * =a IPRewriter, ICMPPingResponder
 */
#include <stddef.h>
#include <string.h>
#include "rewriter_priv.h"

static const struct nfc_arg_spec icmppingrewriter_args[] = {
	RW_TIMEOUT_ARG("TIMEOUT"),
	RW_ANNO_ARGS,
	RW_COMMON_ARGS,
	NFC_ARGS_END
};

static int icmppingrewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				      struct nfc_errh *errh)
{
	return rw_configure_class((struct rw_core *)e, RW_CLASS_ICMPPING,
				  conf, icmppingrewriter_args, errh);
}

static inline uint16_t icmpping_plus1(uint16_t id_be)
{
	return htons((uint16_t)(ntohs(id_be) + 1));
}

static void icmppingrewriter_apply(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p,
				   struct nfc_ip *ip, struct nfc_icmp *icmp, int direction)
{
	const struct rw_flowid *rev = &f->e[!direction].key;
	uint32_t old_src = ip->src, old_dst = ip->dst;
	rw_set_addrs(rw, f, p, ip, rev, direction);
	/* the IP checksum by the address change; the ICMP checksum (which does
	 * not cover the addresses) by the identifier change */
	uint16_t sum = ip->sum;
	sum = nfc_cksum_update16(sum, (uint16_t)old_src, (uint16_t)ip->src);
	sum = nfc_cksum_update16(sum, (uint16_t)(old_src >> 16), (uint16_t)(ip->src >> 16));
	sum = nfc_cksum_update16(sum, (uint16_t)old_dst, (uint16_t)ip->dst);
	sum = nfc_cksum_update16(sum, (uint16_t)(old_dst >> 16), (uint16_t)(ip->dst >> 16));
	ip->sum = sum;
	uint16_t new_id = direction ? rev->sport : rev->dport;
	icmp->sum = nfc_cksum_update16(icmp->sum, icmp->un.echo.id, new_id);
	icmp->un.echo.id = new_id;
	/* An incremental update yields 0x0000 where a message summing to zero
	 * needs 0xFFFF (RFC 1624): compute that rare case in full. */
	if (icmp->sum == 0) {
		uint32_t len = rw_transport_length(p);
		uint32_t ip_end = (uint32_t)ntohs(ip->len) - ((uint32_t)nfc_ip_hl(ip) << 2);
		if (ip_end < len)
			len = ip_end;
		icmp->sum = nfc_in_cksum(icmp, len);
	}
}

static int icmppingrewriter_one(struct rw_core *rw, int port, struct nfc_packet *p,
				int64_t now_j)
{
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	const struct rw_input *in = &rw->inputs[port];
	int pass = in->kind == RW_IN_NOCHANGE ? in->foutput : -1;
	if (!ip || ip->p != NFC_IP_PROTO_ICMP || !nfc_ip_is_first_fragment(ip) ||
	    rw_transport_length(p) < 8)
		return pass;
	struct nfc_icmp *icmp = (struct nfc_icmp *)nfc_packet_transport_header(p);
	if (icmp->type != NFC_ICMP_ECHO && icmp->type != NFC_ICMP_ECHOREPLY)
		return pass;
	/* A request is keyed (src, id, dst, id + 1), a reply (src, id + 1,
	 * dst, id): the reply of a request's rewritten flow is the reverse of
	 * that flow, as for TCP and UDP. */
	bool echo = icmp->type == NFC_ICMP_ECHO;
	uint16_t id = icmp->un.echo.id;
	struct rw_flowid flowid = { ip->src, ip->dst, echo ? id : icmpping_plus1(id),
				    echo ? icmpping_plus1(id) : id };
	struct rw_entry *m = rw_map_find(&rw->map, &flowid);
	if (!m) {
		if (!echo)
			return pass;
		int out = -1;
		m = rw_lookup_or_create(rw, port, NFC_IP_PROTO_ICMP, &flowid, &rw->map, &out);
		if (!m)
			return out;
		if (rw->has_reply_anno)
			rw_entry_flow(m)->reply_anno = nfc_anno_u8(p, rw->reply_anno);
	}
	struct rw_flow *f = rw_entry_flow(m);
	icmppingrewriter_apply(rw, f, p, ip, icmp, m->direction);
	rw_flow_refresh(rw, f, now_j);
	return (int)m->output;
}

static void icmppingrewriter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	rw_push_each(e, port, b, icmppingrewriter_one);
}

static const struct nfc_element_class icmppingrewriter_class = {
	.name = "ICMPPingRewriter",
	RW_CLASS_COMMON,
	.configure = icmppingrewriter_configure,
	.add_handlers = rw_add_handlers,
	.push = icmppingrewriter_push,
};
NFC_REGISTER_ELEMENT(icmppingrewriter_class);
