/* SPDX-License-Identifier: MIT */
/* IPFragmenter: splits IP packets larger than the MTU into fragments. */

/*
 * =c
 * IPFragmenter(MTU, [KEYWORDS])
 * =s ip
 * fragments large IP packets
 * =d
 * Expects IP packets as input, with the IP header annotation set. If the IP
 * packet size (from the IP header to the end) is <= MTU, just emits the
 * packet on output 0. If the size is greater than MTU and the
 * don't-fragment bit (DF) isn't set, IPFragmenter splits the packet into
 * fragments emitted on output 0. If DF is set and the packet size is
 * greater than MTU, sends the packet to output 1 (but see HONOR_DF below).
 * Ordinarily output 1 is connected to an ICMPError element with type 3
 * (UNREACH) and code 4 (NEEDFRAG). Packets whose header leaves fewer than
 * 8 data bytes per fragment go to output 1 too.
 *
 * Copies all annotations to the fragments. Later fragments carry only the
 * IP options whose copy bit is set. Sends the fragments in order, starting
 * with the first.
 *
 * It is best to Strip() the MAC header from a packet before sending it to
 * IPFragmenter, since any MAC header is not copied to second and
 * subsequent fragments.
 *
 * A packet larger than MTU only because of bytes past its IP length is
 * trimmed to the IP length instead of being fragmented. Packets without a
 * usable IP header (no annotation, a header running past the packet, an
 * IP length shorter than the header) are dropped.
 *
 * Keyword arguments are:
 * =item HONOR_DF
 * Boolean. If HONOR_DF is false, IPFragmenter ignores the don't-fragment
 * (DF) bit and fragments every packet larger than MTU (giving the first
 * fragment a new random IP ID). Default is true.
 * =item VERBOSE
 * Boolean. If true, IPFragmenter prints a message every time it sees a
 * packet with DF; otherwise, it prints a message only the first 5 times.
 * Default is false.
 * =item HEADROOM
 * Unsigned. Headroom of the second and later fragments. Default 64.
 * =h drops read-only
 * Returns the number of packets sent to output 1 (DF set, or MTU too
 * small).
 * =h fragments read-only
 * Returns the number of fragments emitted (first fragments included).
 * =e
 *   ... -> fr :: IPFragmenter(1024) -> Queue(20) -> ...
 *   fr[1] -> ICMPError(18.26.4.24, unreachable, needfrag) -> ...
 * =a ICMPError, CheckLength, IPReassembler
 */
#include "ip_priv.h"

struct ipfragmenter {
	struct nfc_element e;
	uint32_t mtu, headroom;
	bool honor_df, verbose;
	uint32_t id_seed;
	struct ipx_counter drops, fragments;
};

static const struct nfc_arg_spec ipfragmenter_args[] = {
	{ .keyword = "MTU", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipfragmenter, mtu), .doc = "largest IP packet emitted" },
	{ .keyword = "HONOR_DF", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipfragmenter, honor_df), .doc = "respect the DF bit" },
	{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipfragmenter, verbose), .doc = "report every DF packet" },
	{ .keyword = "HEADROOM", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 4096, .offset = offsetof(struct ipfragmenter, headroom),
	  .doc = "headroom of later fragments" },
	NFC_ARGS_END
};

static int ipfragmenter_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct ipfragmenter *f = (struct ipfragmenter *)e;
	f->honor_df = true;
	f->verbose = false;
	f->headroom = NFC_PACKET_HEADROOM;
	if (nfc_args_parse(e, conf, ipfragmenter_args, errh, NULL) < 0)
		return -1;
	if (f->mtu < 8)
		return nfc_error(errh, "MTU must be at least 8");
	f->id_seed = (uint32_t)nfc_now_steady() ^ (uint32_t)(uintptr_t)f;
	return 0;
}

/*
 * Copy the options of the header @in (options of @opts_len bytes) that have
 * their copy bit set to @out (NULL: just measure), padded with EOL to a
 * multiple of 4. Returns the copied length. Malformed options end the scan.
 */
static uint32_t ipfragmenter_optcopy(const unsigned char *in, uint32_t opts_len, unsigned char *out)
{
	uint32_t outpos = 0;
	for (uint32_t i = 0; i < opts_len;) {
		unsigned opt = in[i];
		uint32_t optlen;
		if (opt == IPX_OPT_NOP)
			optlen = 1;
		else if (opt == IPX_OPT_EOL || i + 1 >= opts_len || (optlen = in[i + 1]) < 2 ||
			 i + optlen > opts_len)
			break;
		if (opt & 0x80) {
			if (out)
				memcpy(out + outpos, in + i, optlen);
			outpos += optlen;
		}
		i += optlen;
	}
	for (; outpos & 3; outpos++)
		if (out)
			out[outpos] = IPX_OPT_EOL;
	return outpos;
}

/* Append to @out, pushing it on output 0 first when full. */
static void ipfragmenter_emit(struct ipfragmenter *f, struct nfc_batch *out, struct nfc_packet *p)
{
	if (out->count == NFC_BATCH_MAX) {
		nfc_push(&f->e, 0, out);
		out->count = 0;
	}
	out->pkts[out->count++] = p;
}

static IPX_COLD void ipfragmenter_reject(struct ipfragmenter *f, struct nfc_batch *out,
					 struct nfc_packet *p, const struct nfc_ip *ip)
{
	uint64_t n = ipx_counter_sum(&f->drops);
	if (f->verbose || n < 5) {
		char s[16], d[16];
		ipx_chatter(&f->e, "IPFragmenter(%u) DF %s %s len=%u", (unsigned)f->mtu,
			    nfc_ip_unparse(ip->src, s), nfc_ip_unparse(ip->dst, d), (unsigned)p->length);
	}
	ipx_count(&f->drops, 1);
	/* keep the order of what went before on output 0 */
	nfc_push(&f->e, 0, out);
	out->count = 0;
	ipx_emit_error(&f->e, p);
}

static void ipfragmenter_fragment(struct ipfragmenter *f, struct nfc_batch *out,
				  struct nfc_packet *p)
{
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	int64_t nh_off = ip ? nfc_packet_network_header_offset(p) : -1;
	uint32_t hlen = ip ? nfc_ip_hl(ip) << 2 : 0;
	if (nh_off < 0 || hlen < sizeof(struct nfc_ip) || (uint64_t)nh_off + hlen > p->length ||
	    ntohs(ip->len) < hlen) {
		nfc_element_drop(&f->e, p);
		return;
	}
	uint32_t nlen = p->length - (uint32_t)nh_off;
	uint32_t ip_len = ntohs(ip->len) < nlen ? ntohs(ip->len) : nlen;
	if (ip_len <= f->mtu) { /* only padding made it too big */
		p->length = (uint32_t)nh_off + ip_len;
		ipfragmenter_emit(f, out, p);
		return;
	}
	int64_t first_dlen = ((int64_t)f->mtu - hlen) & ~(int64_t)7;
	uint32_t in_dlen = ip_len - hlen;
	if ((f->honor_df && (ip->off & htons(NFC_IP_DF))) || first_dlen < 8) {
		ipfragmenter_reject(f, out, p, ip);
		return;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return;
	struct nfc_ip *wip = (struct nfc_ip *)nfc_packet_network_header(p);
	if (wip->off & htons(NFC_IP_DF)) {
		/* ignoring DF: the sender's ID may repeat, take a fresh one */
		uint32_t x = __atomic_add_fetch(&f->id_seed, 0x9E3779B9u, __ATOMIC_RELAXED);
		x ^= x >> 16;
		x *= 0x85EBCA6Bu;
		x ^= x >> 13;
		wip->id = (uint16_t)x;
		wip->off &= htons((uint16_t)~NFC_IP_DF);
	}
	bool had_mf = (wip->off & htons(NFC_IP_MF)) != 0;
	wip->len = htons((uint16_t)(hlen + first_dlen));
	wip->off |= htons(NFC_IP_MF);
	ipx_set_ip_cksum((unsigned char *)wip, hlen);
	ipfragmenter_emit(f, out, p);
	uint64_t nfrags = 1;

	const unsigned char *opts = (const unsigned char *)wip + sizeof(struct nfc_ip);
	uint32_t out_hlen = sizeof(struct nfc_ip) + ipfragmenter_optcopy(opts, hlen - sizeof(struct nfc_ip), NULL);
	const unsigned char *payload = (const unsigned char *)wip + hlen;
	uint32_t out_dmax = (f->mtu - out_hlen) & ~7u; /* >= first_dlen >= 8: out_hlen <= hlen */
	for (uint32_t off = (uint32_t)first_dlen; off < in_dlen;) {
		uint32_t out_dlen = in_dlen - off < out_dmax ? in_dlen - off : out_dmax;
		struct nfc_packet *q = nfc_packet_alloc(f->headroom, out_hlen + out_dlen, 0);
		if (!q)
			break;
		struct nfc_ip *qip = (struct nfc_ip *)q->data;
		memcpy(qip, wip, sizeof(struct nfc_ip));
		ipfragmenter_optcopy(opts, hlen - sizeof(struct nfc_ip), q->data + sizeof(struct nfc_ip));
		memcpy(q->data + out_hlen, payload + off, out_dlen);
		nfc_packet_copy_annotations(q, p);
		nfc_packet_set_network_header(q, q->data, out_hlen);
		q->mac_offset = NFC_OFFSET_UNSET;
		qip->vhl = (uint8_t)(0x40 | (out_hlen >> 2));
		uint16_t qoff = (uint16_t)(ntohs(wip->off) + (off >> 3));
		if (off + out_dlen >= in_dlen && !had_mf)
			qoff &= (uint16_t)~NFC_IP_MF;
		qip->off = htons(qoff);
		qip->len = htons((uint16_t)(out_hlen + out_dlen));
		ipx_set_ip_cksum(q->data, out_hlen);
		ipfragmenter_emit(f, out, q);
		nfrags++;
		off += out_dlen;
	}
	/* the first fragment keeps the front of the original buffer */
	p->length = (uint32_t)nh_off + hlen + (uint32_t)first_dlen;
	ipx_count(&f->fragments, nfrags);
}

static void ipfragmenter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct ipfragmenter *f = (struct ipfragmenter *)e;
	const uint32_t mtu = f->mtu;
	unsigned i = 0, n = b->count;
	/* common case: nothing to fragment, hand the batch on */
	for (; i < n; i++) {
		const struct nfc_packet *p = b->pkts[i];
		if (!nfc_packet_has_network_header(p) ||
		    (int64_t)p->length - nfc_packet_network_header_offset(p) > mtu)
			break;
	}
	if (i == n) {
		nfc_push(e, 0, b);
		return;
	}
	struct nfc_batch out;
	out.count = 0;
	for (unsigned j = 0; j < i; j++)
		out.pkts[out.count++] = b->pkts[j];
	for (; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (!nfc_packet_has_network_header(p)) {
			nfc_element_drop(e, p);
			continue;
		}
		if ((int64_t)p->length - nfc_packet_network_header_offset(p) <= mtu)
			ipfragmenter_emit(f, &out, p);
		else
			ipfragmenter_fragment(f, &out, p);
	}
	b->count = 0;
	nfc_push(e, 0, &out);
}

static int ipfragmenter_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     NFC_FIELD_THUNK(struct ipfragmenter, drops), 0);
	nfc_add_read_handler(e, "fragments", ipx_read_counter,
			     NFC_FIELD_THUNK(struct ipfragmenter, fragments), 0);
	return 0;
}

static const struct nfc_element_class ipfragmenter_class = {
	.name = "IPFragmenter",
	.port_count = "1/1-2",
	.processing = "h/h",
	.size = sizeof(struct ipfragmenter),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipfragmenter_configure,
	.add_handlers = ipfragmenter_add_handlers,
	.push = ipfragmenter_push,
};
NFC_REGISTER_ELEMENT(ipfragmenter_class);
