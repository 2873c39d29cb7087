/* SPDX-License-Identifier: MIT */
/* The batch path of the address-and-port rewriters (IPRewriter, TCPRewriter, UDPRewriter). */
#include "rewriter_priv.h"

static bool rw_napt_protocol(const struct rw_core *rw, int ip_p)
{
	switch (rw->cls) {
	case RW_CLASS_TCP:
		return ip_p == NFC_IP_PROTO_TCP;
	case RW_CLASS_UDP: /* UDPRewriter takes anything with ports */
		return ip_p == NFC_IP_PROTO_TCP || ip_p == NFC_IP_PROTO_UDP || ip_p == 33 /* DCCP */;
	default:
		return ip_p == NFC_IP_PROTO_TCP || ip_p == NFC_IP_PROTO_UDP;
	}
}

/* Decide one packet's output port (negative: drop), rewriting it. */
static int rw_napt_one(struct rw_core *rw, int port, struct nfc_packet *p, int64_t now_j)
{
	const struct nfc_ip *ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	if (!ip)
		return -1;
	int ip_p = ip->p;
	struct rw_flowid flowid;
	if (!rw_napt_protocol(rw, ip_p) || !nfc_ip_is_first_fragment(ip) ||
	    rw_transport_length(p) < 8 || !rw_packet_flowid(p, &flowid)) {
		/* non-first fragments and other protocols: only "pass" lets them through */
		const struct rw_input *in = &rw->inputs[port];
		return in->kind == RW_IN_NOCHANGE ? in->foutput : -1;
	}
	struct rw_map *map = rw_map_for(rw, ip_p);
	struct rw_entry *m = rw_map_find(map, &flowid);
	if (!m) {
		int out = -1;
		m = rw_lookup_or_create(rw, port, ip_p, &flowid, map, &out);
		if (!m)
			return out;
		if (rw->has_reply_anno)
			rw_entry_flow(m)->reply_anno = nfc_anno_u8(p, rw->reply_anno);
	}
	struct rw_flow *f = rw_entry_flow(m);
	rw_apply_napt(rw, f, p, m->direction);
	rw_flow_refresh(rw, f, now_j);
	return (int)m->output;
}

void rw_napt_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	rw_push_each(e, port, b, rw_napt_one);
}

/* IPAddrRewriter keys flows by source address alone (replies by their
 * destination); IPAddrPairRewriter by the address pair. */
static int rw_addr_one(struct rw_core *rw, int port, struct nfc_packet *p, int64_t now_j)
{
	const struct nfc_ip *ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	if (!ip)
		return -1;
	bool pair = rw->cls == RW_CLASS_ADDRPAIR;
	struct rw_flowid flowid = { ip->src, pair ? ip->dst : 0, 0, 0 };
	struct rw_entry *m = rw_map_find(&rw->map, &flowid);
	if (!m && !pair) {
		struct rw_flowid reply = { 0, ip->dst, 0, 0 };
		m = rw_map_find(&rw->map, &reply);
	}
	if (!m) {
		int out = -1;
		m = rw_lookup_or_create(rw, port, ip->p, &flowid, &rw->map, &out);
		if (!m)
			return out;
		if (rw->has_reply_anno)
			rw_entry_flow(m)->reply_anno = nfc_anno_u8(p, rw->reply_anno);
	}
	struct rw_flow *f = rw_entry_flow(m);
	if (pair)
		rw_apply_addrpair(rw, f, p, m->direction);
	else
		rw_apply_addr(rw, f, p, m->direction);
	rw_flow_refresh(rw, f, now_j);
	return (int)m->output;
}

void rw_addr_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	rw_push_each(e, port, b, rw_addr_one);
}
