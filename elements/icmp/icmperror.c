/* SPDX-License-Identifier: MIT */
/* ICMPError: turns an offending IP packet into an ICMP error message about it. */

/*
 * =c
 * ICMPError(SRC, TYPE [, CODE, BADADDRS, KEYWORDS])
 * =s icmp
 * generates ICMP error packets
 * =d
 * For each incoming IP packet (with its network header annotation set),
 * emits an ICMP error of type TYPE and code CODE about it, from IP address
 * SRC to the packet's source. The error carries the original IP header and
 * the start of its payload, up to a total size of MTU. The input packet is
 * consumed. Outputs have their destination IP annotation set, the
 * FIX_IP_SRC annotation set (unless SET_FIX_ANNO is false) and the
 * timestamp set to now.
 *
 * TYPE and CODE are integers 0..255 or names. Error types: unreachable (3),
 * sourcequench (4), redirect (5), timeexceeded (11), parameterproblem (12).
 * Codes: net, host, protocol, port, needfrag, srcroutefail, ... for
 * unreachable; net, host, tosnet, toshost for redirect; transit and
 * reassembly for timeexceeded; erroratptr, missingopt and length for
 * parameterproblem. CODE defaults to 0.
 *
 * Following RFC 1812 4.3.2.7, no error is generated (the packet is just
 * dropped) for: ICMP error messages; packets to 255.255.255.255, to a
 * multicast address, or to or from one of BADADDRS; link-level broadcasts
 * and multicasts (packet type annotation); packets whose source is not a
 * valid unicast address (net 0, 127, class E, broadcast, multicast); and
 * fragments other than the first. Packets without a network header or with
 * a truncated IP header are dropped too.
 *
 * A parameterproblem/erroratptr error takes its pointer from the
 * ICMP_PARAMPROB annotation; a redirect takes its gateway from the
 * destination IP annotation; unreachable/needfrag reports PMTU as the
 * next-hop MTU. When the packet has a source route option (LSRR, SSRR) the
 * error carries that route reversed (RFC 1812 4.3.2.6), except that
 * redirects are not sent for source-routed packets and the route is left
 * out when a parameter problem points into it.
 *
 * =item SRC
 * IP address. Source of the error messages.
 * =item TYPE
 * ICMP error type, by number or name.
 * =item CODE
 * ICMP code, by number or name. Default 0.
 * =item BADADDRS
 * Space-separated IP addresses (usually the local broadcast addresses)
 * about which no errors are sent.
 * =item MTU
 * Unsigned 68..65535. Largest error packet generated. Default 576.
 * =item PMTU
 * Unsigned. Next-hop MTU reported in unreachable/needfrag errors. Default 0.
 * =item SET_FIX_ANNO
 * Boolean. Set the FIX_IP_SRC annotation on errors. Default true.
 * USE_FIX_ANNO is a synonym.
 * =h src read/write
 * Returns or sets the SRC parameter.
 * =h mtu read/write
 * Returns or sets the MTU parameter.
 * =h pmtu read/write
 * Returns or sets the PMTU parameter.
 * =e
 * Time Exceeded errors for expiring TTLs, at most 10 a second:
 *
 *   dt :: DecIPTTL;
 *   dt[1] -> ICMPError(18.26.4.24, timeexceeded) -> m :: RatedSplitter(10) -> ...
 *   m[1] -> Discard;
 * =a DecIPTTL, FixIPSrc, IPGWOptions, CheckICMPHeader
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "icmp_priv.h"

#define ICMPERROR_IPOPT_EOL 0
#define ICMPERROR_IPOPT_NOP 1
#define ICMPERROR_IPOPT_LSRR 131
#define ICMPERROR_IPOPT_SSRR 137

struct icmperror {
	struct nfc_element e;
	uint32_t src_ip;
	int32_t type, code;
	uint32_t *bad_addrs;
	int nbad;
	uint32_t mtu, pmtu;
	bool use_fix_anno;
	_Atomic uint32_t next_id;
	/* configuration text */
	char *type_word, *code_word, *bad_text;
};

static const struct nfc_arg_spec icmperror_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmperror, src_ip), .doc = "source of the errors" },
	{ .keyword = "TYPE", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmperror, type_word), .doc = "ICMP error type" },
	{ .keyword = "CODE", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmperror, code_word), .doc = "ICMP code" },
	{ .keyword = "BADADDRS", .type = NFC_ARG_RAW, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmperror, bad_text), .doc = "addresses never answered" },
	{ .keyword = "MTU", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 68,
	  .max = 65535, .offset = offsetof(struct icmperror, mtu), .doc = "largest error packet" },
	{ .keyword = "PMTU", .type = NFC_ARG_UINT32, .offset = offsetof(struct icmperror, pmtu),
	  .doc = "next-hop MTU reported by needfrag" },
	{ .keyword = "SET_FIX_ANNO", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct icmperror, use_fix_anno), .doc = "set FIX_IP_SRC" },
	{ .keyword = "USE_FIX_ANNO", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct icmperror, use_fix_anno), .doc = "synonym of SET_FIX_ANNO" },
	NFC_ARGS_END
};

static int icmperror_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct icmperror *ie = (struct icmperror *)e;
	ie->code_word = NULL;
	ie->bad_text = NULL;
	ie->mtu = 576;
	ie->pmtu = 0;
	ie->use_fix_anno = true;
	if (nfc_args_parse(e, conf, icmperror_args, errh, NULL) < 0)
		return -1;

	int32_t type, code;
	if (icmpx_parse_type(ie->type_word, &type) < 0)
		return nfc_error(errh, "TYPE: expected ICMP type");
	if (type < 0 || type > 255)
		return nfc_error(errh, "ICMP type must be between 0 and 255");
	if (!icmpx_is_error_type(type))
		return nfc_error(errh, "ICMP type %d is not an error type", (int)type);
	if (icmpx_parse_code(type, ie->code_word ? ie->code_word : "0", &code) < 0 || code < 0 ||
	    code > 255)
		return nfc_error(errh, "argument 2 takes ICMP code (integer between 0 and 255)");

	uint32_t *bad = NULL;
	int nbad = 0;
	if (ie->bad_text) {
		char **w;
		int nw;
		if (nfc_split_words(ie->bad_text, &w, &nw) < 0)
			return nfc_error(errh, "out of memory");
		bad = nfc_element_alloc(e, ((size_t)nw + 1) * sizeof(*bad));
		for (int i = 0; bad && i < nw; i++)
			if (nfc_addressinfo_parse_ip(e, w[i], &bad[nbad++]) < 0) {
				nfc_words_free(w, nw);
				return nfc_error(errh, "BADADDRS: expected list of IP addresses");
			}
		nfc_words_free(w, nw);
		if (!bad)
			return nfc_error(errh, "out of memory");
	}
	ie->type = type;
	ie->code = code;
	ie->bad_addrs = bad;
	ie->nbad = nbad;
	atomic_store(&ie->next_id, 1);
	return 0;
}

/* Not broadcast, multicast or a configured bad address. */
static bool icmperror_unicast(const struct icmperror *ie, uint32_t a)
{
	uint32_t h = ntohl(a);
	if (h == 0xFFFFFFFFu || (h & 0xF0000000u) == 0xE0000000u)
		return false;
	for (int i = 0; i < ie->nbad; i++)
		if (ie->bad_addrs[i] == a)
			return false;
	return true;
}

/* A source we may answer (RFC 1812 5.3.7, RFC 1122 3.2.1.3). */
static bool icmperror_valid_source(const struct icmperror *ie, uint32_t a)
{
	unsigned net = ntohl(a) >> 24;
	return icmperror_unicast(ie, a) && net != 0 && net != 127 && (net & 0xF0) != 0xF0;
}

/* The packet's LSRR/SSRR option, or NULL. @hlen is within the packet. */
static const uint8_t *icmperror_source_route(const uint8_t *iph, unsigned hlen)
{
	for (unsigned oi = sizeof(struct nfc_ip); oi < hlen;) {
		unsigned type = iph[oi];
		if (type == ICMPERROR_IPOPT_NOP) {
			oi++;
			continue;
		}
		if (type == ICMPERROR_IPOPT_EOL || oi + 1 >= hlen)
			return NULL;
		unsigned xlen = iph[oi + 1];
		if (xlen < 2 || oi + xlen > hlen)
			return NULL;
		if ((type == ICMPERROR_IPOPT_LSRR || type == ICMPERROR_IPOPT_SSRR) && xlen >= 3 &&
		    iph[oi + 2] >= 4 && iph[oi + 2] % 4 == 0 && iph[oi + 2] <= xlen + 1)
			return iph + oi;
		oi += xlen;
	}
	return NULL;
}

/* Write @sr reversed at @o (RFC 1812 4.3.2.6); returns the option length. */
static unsigned icmperror_reverse_route(uint8_t *o, const uint8_t *sr)
{
	unsigned olen = sr[2] - 1u;
	o[0] = sr[0];
	o[1] = (uint8_t)olen;
	o[2] = 4;
	o[olen] = ICMPERROR_IPOPT_EOL;
	uint8_t *w = o + 3;
	/* the addresses before the pointer are the hops taken: newest first */
	for (const uint8_t *r = sr + sr[2] - 5; r >= sr + 3; r -= 4, w += 4)
		memcpy(w, r, 4);
	return olen;
}

static struct nfc_packet *icmperror_make(struct icmperror *ie, struct nfc_packet *p)
{
	if (!nfc_packet_has_network_header(p))
		return NULL;
	const uint8_t *nh = nfc_packet_network_header(p);
	int64_t nlen = (int64_t)p->length - nfc_packet_network_header_offset(p);
	if (nlen < (int64_t)sizeof(struct nfc_ip))
		return NULL;
	const struct nfc_ip *ipp = (const struct nfc_ip *)nh;
	unsigned hlen = nfc_ip_hl(ipp) << 2;
	if (hlen < sizeof(struct nfc_ip) || hlen > nlen)
		return NULL;

	/* RFC 1812 4.3.2.7: never answer an ICMP error ... */
	if (ipp->p == NFC_IP_PROTO_ICMP && (hlen + 4 > nlen || icmpx_is_error_type(nh[hlen])))
		return NULL;
	/* ... an IP broadcast or multicast ... */
	if (!icmperror_unicast(ie, ipp->dst))
		return NULL;
	/* ... a link-level broadcast or multicast ... */
	if (p->packet_type == NFC_PACKET_BROADCAST || p->packet_type == NFC_PACKET_MULTICAST)
		return NULL;
	/* ... a packet from an invalid source, or a non-first fragment. */
	if (!icmperror_valid_source(ie, ipp->src) || !nfc_ip_is_first_fragment(ipp))
		return NULL;

	const uint8_t *sr = icmperror_source_route(nh, hlen);
	if (sr) {
		/* no redirects for source-routed packets (5.2.7.2) */
		if (ie->type == NFC_ICMP_REDIRECT)
			return NULL;
		/* leave out a source route the parameter problem is about (4.3.2.6) */
		const uint8_t *ptr = nh + nfc_anno_u8(p, NFC_ANNO_ICMP_PARAMPROB);
		if (ie->type == NFC_ICMP_PARAMPROB && ie->code == ICMPX_PARAMPROB_ERRATPTR &&
		    sr <= ptr && ptr < sr + sr[1])
			sr = NULL;
	}

	struct nfc_packet *q = nfc_packet_make(NULL, ie->mtu);
	if (!q)
		return NULL;
	memset(q->data, 0, q->length);
	struct nfc_ip *nip = (struct nfc_ip *)q->data;
	unsigned nhl = sizeof(struct nfc_ip);
	if (sr)
		nhl = (sizeof(struct nfc_ip) + icmperror_reverse_route(q->data + nhl, sr) + 3) & ~3u;
	nip->vhl = (uint8_t)(0x40 | (nhl >> 2));
	nip->id = htons((uint16_t)atomic_fetch_add_explicit(&ie->next_id, 1, memory_order_relaxed));
	nip->ttl = 200;
	nip->p = NFC_IP_PROTO_ICMP;
	nip->src = ie->src_ip;
	nip->dst = ipp->src;

	struct nfc_icmp *icp = (struct nfc_icmp *)(q->data + nhl);
	icp->type = (uint8_t)ie->type;
	icp->code = (uint8_t)ie->code;
	if (ie->type == NFC_ICMP_PARAMPROB && ie->code == ICMPX_PARAMPROB_ERRATPTR)
		icp->un.paramprob.pointer = nfc_anno_u8(p, NFC_ANNO_ICMP_PARAMPROB);
	if (ie->type == NFC_ICMP_REDIRECT)
		icp->un.gateway = nfc_packet_dst_ip(p);
	if (ie->type == NFC_ICMP_UNREACH && ie->code == ICMPX_UNREACH_NEEDFRAG)
		icp->un.frag.mtu = htons((uint16_t)ie->pmtu);

	/* the offending header and as much payload as fits */
	uint32_t xlen = ie->mtu - nhl - ICMPX_HEADER_LEN;
	if (xlen > nlen) {
		nfc_packet_take(q, xlen - (uint32_t)nlen);
		xlen = (uint32_t)nlen;
	}
	memcpy(icp + 1, nh, xlen);
	icp->sum = nfc_in_cksum(icp, ICMPX_HEADER_LEN + xlen);
	nip->len = htons((uint16_t)q->length);
	nip->sum = nfc_in_cksum(nip, nhl);

	nfc_packet_set_network_header(q, q->data, nhl);
	nfc_packet_set_dst_ip(q, nip->dst);
	if (ie->use_fix_anno)
		nfc_anno_set_u8(q, NFC_ANNO_FIX_IP_SRC, 1);
	q->timestamp_ns = nfc_now();
	return q;
}

static void icmperror_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct icmperror *ie = (struct icmperror *)e;
	unsigned k = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *q = icmperror_make(ie, b->pkts[i]);
		nfc_packet_kill(b->pkts[i]);
		if (q)
			b->pkts[k++] = q;
	}
	b->count = k;
}

static int icmperror_write_mtu(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	uint32_t v;
	if (nfc_parse_uint32(value, &v) < 0 || v < 68 || v > 65535)
		return nfc_error(errh, "MTU: expected integer between 68 and 65535");
	((struct icmperror *)e)->mtu = v;
	return 0;
}

static int icmperror_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "src", icmpx_read_ip_field,
			     NFC_FIELD_THUNK(struct icmperror, src_ip), 0);
	nfc_add_write_handler(e, "src", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmperror, src_ip), 0);
	nfc_add_read_handler(e, "mtu", nfc_read_u32_field, NFC_FIELD_THUNK(struct icmperror, mtu), 0);
	nfc_add_write_handler(e, "mtu", icmperror_write_mtu, NULL, 0);
	nfc_add_read_handler(e, "pmtu", nfc_read_u32_field, NFC_FIELD_THUNK(struct icmperror, pmtu),
			     0);
	nfc_add_write_handler(e, "pmtu", nfc_write_u32_field,
			      NFC_FIELD_THUNK(struct icmperror, pmtu), 0);
	return 0;
}

static const struct nfc_element_class icmperror_class = {
	.name = "ICMPError",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct icmperror),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = icmperror_configure,
	.add_handlers = icmperror_add_handlers,
	.batch_action = icmperror_batch,
};
NFC_REGISTER_ELEMENT(icmperror_class);
