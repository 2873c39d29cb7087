/* SPDX-License-Identifier: MIT */
/* ICMPRewriter: rewrites ICMP errors about rewritten flows back to the original flow. */

/*
 * =c
 * ICMPRewriter(MAPS [, KEYWORDS])
 * =s nat
 * rewrites ICMP packets based on IP rewriter mappings
 * =d
 * Rewrites ICMP error packets (destination unreachable, time exceeded,
 * parameter problem, source quench, redirect) about packets that went
 * through a rewriter, so that they look like errors about the original
 * packets: the error's destination, the enclosed IP header's addresses, the
 * enclosed ports (or ping identifier), and every checksum concerned. MAPS
 * is a space-separated list of rewriters (IPRewriter, TCPRewriter,
 * UDPRewriter, IPAddrRewriter, IPAddrPairRewriter, ICMPPingRewriter)
 * searched in order for the flow. An entry "NAME:OFFSET" sends packets
 * rewritten by NAME's mapping to output OFFSET plus that mapping's output.
 *
 * Rewritten packets go to output 0 (or by OFFSET). ICMP packets that are
 * not errors, or about no known flow, go to the last output when there are
 * several, else are dropped; non-ICMP packets are dropped.
 *
 * Keyword arguments are:
 * =item MAPS
 * The rewriters to search (also the first positional argument).
 * =item DST_ANNO
 * Boolean. Set the destination address annotation when the destination
 * changes. Default is true.
 * =item REPLY_ANNO
 * Annotation offset. Set it from the flow's reply annotation for errors
 * about reply packets.
 * =e
 *   rw :: IPRewriter(pattern 21.0.0.1 1024-65535# - - 0 1, drop);
 *   ... -> ICMPRewriter(rw) -> ...
 * =a IPRewriter, ICMPPingRewriter, ICMPError
 */
#include <stddef.h>
#include <string.h>
#include "rewriter_priv.h"

struct icmprewriter_map {
	struct rw_core *rw;
	int port_offset; /* -1: output 0 */
};

struct icmprewriter {
	struct nfc_element e;
	char *maps_text;
	bool dst_anno;
	bool has_reply_anno;
	uint32_t reply_anno;
	int nmaps;
	struct icmprewriter_map *maps;
};

static const struct nfc_arg_spec icmprewriter_args[] = {
	{ .keyword = "MAPS", .type = NFC_ARG_STRING, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmprewriter, maps_text), .doc = "the rewriters to search" },
	{ .keyword = "DST_ANNO", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct icmprewriter, dst_anno),
	  .doc = "set the destination address annotation" },
	{ .keyword = "REPLY_ANNO", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = NFC_ANNO_SIZE - 1, .offset = offsetof(struct icmprewriter, reply_anno),
	  .given_offset = offsetof(struct icmprewriter, has_reply_anno),
	  .doc = "annotation byte set from the flow's reply annotation" },
	NFC_ARGS_END
};

static int icmprewriter_add_map(struct icmprewriter *ir, const char *word, struct nfc_errh *errh)
{
	char name[256];
	int offset = -1;
	const char *colon = strchr(word, ':');
	size_t n = colon ? (size_t)(colon - word) : strlen(word);
	if (n >= sizeof name)
		return nfc_error(errh, "'%s' is not an element name", word);
	memcpy(name, word, n);
	name[n] = 0;
	if (colon && (nfc_parse_int32(colon + 1, &offset) < 0 || offset < 0))
		return nfc_error(errh, "'%s': expected REWRITER or REWRITER:PORTOFFSET", word);
	struct nfc_element *x = nfc_router_find(ir->e.router, name, &ir->e);
	if (!x)
		return nfc_error(errh, "no element named '%s'", name);
	struct rw_core *rw = x->cls->cast ? x->cls->cast(x, RW_IFACE_REWRITER) : NULL;
	if (!rw)
		return nfc_error(errh, "'%s' is not an IP rewriter (it is a %s)", name, x->cls->name);
	if (offset >= 0 && offset + x->noutputs > ir->e.noutputs)
		return nfc_error(errh, "%s port offset requires more than %d %s", word,
				 ir->e.noutputs, ir->e.noutputs == 1 ? "output" : "outputs");
	ir->maps[ir->nmaps].rw = rw;
	ir->maps[ir->nmaps++].port_offset = offset;
	return 0;
}

static int icmprewriter_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct icmprewriter *ir = (struct icmprewriter *)e;
	ir->dst_anno = true;
	if (nfc_args_parse(e, conf, icmprewriter_args, errh, NULL) < 0)
		return -1;
	char **words = NULL;
	int nwords = 0, r = 0;
	if (nfc_split_words(ir->maps_text, &words, &nwords) < 0)
		return nfc_error(errh, "MAPS: syntax error");
	ir->maps = nfc_element_alloc(e, ((size_t)nwords + 1) * sizeof *ir->maps);
	if (!ir->maps)
		r = nfc_error(errh, "out of memory");
	for (int i = 0; ir->maps && i < nwords; i++)
		if (icmprewriter_add_map(ir, words[i], errh) < 0)
			r = -1;
	nfc_words_free(words, nwords);
	if (r == 0 && ir->nmaps == 0)
		r = nfc_error(errh, "no IP rewriters supplied");
	return r;
}

/* Rewrite 16-bit words in place, adjusting @sum for each. */
static uint16_t icmprewriter_patch(uint16_t sum, void *field, const void *value, size_t nwords)
{
	uint16_t *f = field;
	const uint16_t *v = value;
	for (size_t i = 0; i < nwords; i++) {
		uint16_t old, nw;
		memcpy(&old, f + i, 2);
		memcpy(&nw, v + i, 2);
		sum = nfc_cksum_update16(sum, old, nw);
		memcpy(f + i, &nw, 2);
	}
	return sum;
}

static bool icmprewriter_is_error(uint8_t type)
{
	return type == NFC_ICMP_UNREACH || type == NFC_ICMP_TIMXCEED ||
	       type == NFC_ICMP_PARAMPROB || type == NFC_ICMP_SOURCEQUENCH ||
	       type == NFC_ICMP_REDIRECT;
}

/* Output port for one packet, rewritten; negative to drop. */
static int icmprewriter_one(struct icmprewriter *ir, struct nfc_packet *p)
{
	int unmapped = ir->e.noutputs > 1 ? ir->e.noutputs - 1 : -1;
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	if (!ip || ip->p != NFC_IP_PROTO_ICMP)
		return -1;
	unsigned char *end = p->data + p->length;
	struct nfc_icmp *icmp = (struct nfc_icmp *)nfc_packet_transport_header(p);
	if (rw_transport_length(p) < sizeof(struct nfc_icmp) + sizeof(struct nfc_ip) ||
	    !icmprewriter_is_error(icmp->type))
		return unmapped;
	struct nfc_ip *eip = (struct nfc_ip *)(icmp + 1);
	unsigned char *etr = (unsigned char *)eip + (nfc_ip_hl(eip) << 2);
	if (nfc_ip_v(eip) != 4 || nfc_ip_hl(eip) < 5)
		return unmapped;

	/* the enclosed packet was sent by the rewritten flow: reverse it */
	int ep = eip->p;
	struct rw_flowid search = { eip->dst, eip->src, 0, 0 };
	bool ports = false, ping = false;
	if ((ep == NFC_IP_PROTO_TCP || ep == NFC_IP_PROTO_UDP || ep == 33) && etr + 8 <= end &&
	    nfc_ip_is_first_fragment(eip)) {
		memcpy(&search.sport, etr + 2, 2);
		memcpy(&search.dport, etr, 2);
		ports = true;
	} else if (ep == NFC_IP_PROTO_ICMP && etr + 8 <= end && nfc_ip_is_first_fragment(eip) &&
		   ((struct nfc_icmp *)etr)->type == NFC_ICMP_ECHO) {
		search.sport = ((struct nfc_icmp *)etr)->un.echo.id;
		ping = true;
	}
	struct rw_entry *m = NULL;
	int i;
	for (i = 0; i < ir->nmaps && !m; i++)
		m = rw_find_for_error(ir->maps[i].rw, ep, &search);
	if (!m)
		return unmapped;
	struct icmprewriter_map *map = &ir->maps[i - 1];
	struct rw_flowid nf = rw_entry_rewritten(m);
	if (map->rw->cls == RW_CLASS_ADDR)
		nf.saddr = search.saddr; /* an address rewriter leaves the far end alone */

	uint16_t icsum = icmp->sum;
	if (ip->dst == search.daddr) {
		ip->sum = icmprewriter_patch(ip->sum, &ip->dst, &nf.daddr, 2);
		if (ir->dst_anno)
			nfc_packet_set_dst_ip(p, nf.daddr);
	}
	if (m->direction && ir->has_reply_anno)
		nfc_anno_set_u8(p, ir->reply_anno, rw_entry_flow(m)->reply_anno);

	/* the enclosed IP header, then its transport header: every word
	 * changed also changes the outer ICMP checksum */
	uint16_t esum = eip->sum;
	uint32_t addrs[2] = { nf.daddr, nf.saddr };
	uint16_t old_addrs[4];
	memcpy(old_addrs, &eip->src, 8);
	esum = icmprewriter_patch(esum, &eip->src, addrs, 4);
	icsum = nfc_cksum_update16(icsum, eip->sum, esum);
	for (int w = 0; w < 4; w++) {
		uint16_t nw;
		memcpy(&nw, (uint8_t *)&eip->src + 2 * w, 2);
		icsum = nfc_cksum_update16(icsum, old_addrs[w], nw);
	}
	eip->sum = esum;
	if (ports) {
		uint16_t np[2] = { nf.dport, nf.sport }, old_ports[2];
		memcpy(old_ports, etr, 4);
		icsum = icmprewriter_patch(icsum, etr, np, 2);
		unsigned char *tsum = NULL;
		if (ep == NFC_IP_PROTO_TCP && etr + 18 <= end)
			tsum = etr + offsetof(struct nfc_tcp, sum);
		else if (ep == NFC_IP_PROTO_UDP && ((struct nfc_udp *)etr)->sum)
			tsum = etr + offsetof(struct nfc_udp, sum);
		if (tsum) {
			/* the pseudo-header's addresses and the ports changed */
			uint16_t old_ts, ts, naddr[4];
			memcpy(&old_ts, tsum, 2);
			memcpy(naddr, &eip->src, 8);
			ts = old_ts;
			for (int w = 0; w < 4; w++)
				ts = nfc_cksum_update16(ts, old_addrs[w], naddr[w]);
			ts = nfc_cksum_update16(ts, old_ports[0], np[0]);
			ts = nfc_cksum_update16(ts, old_ports[1], np[1]);
			icsum = nfc_cksum_update16(icsum, old_ts, ts);
			memcpy(tsum, &ts, 2);
		}
	} else if (ping) {
		struct nfc_icmp *eicmp = (struct nfc_icmp *)etr;
		uint16_t old_id = eicmp->un.echo.id, old_sum = eicmp->sum;
		eicmp->un.echo.id = nf.dport;
		eicmp->sum = nfc_cksum_update16(eicmp->sum, old_id, nf.dport);
		icsum = nfc_cksum_update16(icsum, old_id, nf.dport);
		icsum = nfc_cksum_update16(icsum, old_sum, eicmp->sum);
	}
	icmp->sum = icsum;
	return map->port_offset >= 0 ? map->port_offset + (int)m->output : 0;
}

static void icmprewriter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct icmprewriter *ir = (struct icmprewriter *)e;
	int ports[NFC_BATCH_MAX];
	unsigned n = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = nfc_packet_uniqueify(b->pkts[i]);
		if (!p)
			continue;
		b->pkts[n] = p;
		ports[n++] = icmprewriter_one(ir, p);
	}
	b->count = n;
	nfc_push_split(e, b, ports);
}

static const struct nfc_element_class icmprewriter_class = {
	.name = "ICMPRewriter",
	.port_count = "1/1-",
	.processing = "h/h",
	.size = sizeof(struct icmprewriter),
	.flags = 0, /* reads its rewriters' tables: their thread only */
	.configure = icmprewriter_configure,
	.push = icmprewriter_push,
};
NFC_REGISTER_ELEMENT(icmprewriter_class);
