/* SPDX-License-Identifier: MIT */
/* IPOutputCombo: DropBroadcasts, PaintTee, IPGWOptions, FixIPSrc, DecIPTTL and CheckLength fused. */

/*
 * =c
 * IPOutputCombo(COLOR, IPADDR, MTU)
 * =s ip
 * output combo for IP routing
 * =d
 * A single element encapsulating common tasks on an IP router's output path.
 * Effectively equivalent to
 *
 *   elementclass IPOutputCombo { $COLOR, $IPADDR, $MTU |
 *     input[0] -> DropBroadcasts
 *           -> p::PaintTee($COLOR)
 *           -> g::IPGWOptions($IPADDR)
 *           -> FixIPSrc($IPADDR)
 *           -> d::DecIPTTL
 *           -> l::CheckLength($MTU)
 *           -> [0]output;
 *     p[1] -> [1]output;
 *     g[1] -> [2]output;
 *     d[1] -> [3]output;
 *     l[1] -> [4]output;
 *   }
 *
 * Output 0 is the path for normal packets; outputs 1 through 3 are error
 * outputs for PaintTee, IPGWOptions, and DecIPTTL, respectively; and
 * output 4 is for packets longer than MTU. Link-level broadcasts and
 * multicasts are killed silently. Packets on output 2 carry the offset of
 * the bad option byte in their ICMP parameter problem annotation. Packets
 * must have their IP header annotation set; packets without one are dropped.
 *
 * COLOR is an integer 0..255, IPADDR an IP address, MTU an unsigned integer.
 *
 * =n
 * IPOutputCombo does no fragmentation. You'll still need an IPFragmenter for
 * that.
 * =a DropBroadcasts, PaintTee, CheckLength, IPGWOptions, FixIPSrc, DecIPTTL,
 * IPFragmenter, IPInputCombo
 */
#include "ip_priv.h"

enum { IOC_OUT, IOC_PAINTED, IOC_BAD_OPTION, IOC_EXPIRED, IOC_TOO_LONG };

struct ipoutputcombo {
	struct nfc_element e;
	uint32_t color;
	uint32_t my_ip;
	uint32_t mtu;
};

static const struct nfc_arg_spec ioc_args[] = {
	{ .keyword = "COLOR", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 255, .offset = offsetof(struct ipoutputcombo, color),
	  .doc = "PaintTee color 0..255" },
	{ .keyword = "IPADDR", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipoutputcombo, my_ip),
	  .doc = "this interface's address (options, FixIPSrc)" },
	{ .keyword = "MTU", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipoutputcombo, mtu), .doc = "longest packet for output 0" },
	NFC_ARGS_END
};

static int ioc_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, ioc_args, errh, NULL);
}

/* Milliseconds since midnight UT, network order (RFC 791 timestamps). */
static uint32_t ioc_ms(void)
{
	int64_t now = nfc_now();
	int64_t sec = now / 1000000000, ms = (now % 1000000000) / 1000000;
	return htonl((uint32_t)((sec % 86400) * 1000 + ms));
}

/*
 * Record Route and Timestamp options of the writable header @h (@hlen
 * bytes), as IPGWOptions does them. Returns -1 when all is well (setting
 * *changed when bytes were written), or the offset of the bad byte.
 */
static int ioc_options(const struct ipoutputcombo *c, unsigned char *h, uint32_t hlen,
		       bool *changed)
{
	uint32_t oi = sizeof(struct nfc_ip);
	while (oi < hlen) {
		unsigned type = h[oi];
		if (type == IPX_OPT_NOP) {
			oi++;
			continue;
		}
		if (type == IPX_OPT_EOL)
			break;
		if (oi + 1 >= hlen) /* the length byte lies past the header */
			return (int)oi;
		uint32_t xlen = h[oi + 1];
		if (xlen < 2 || oi + xlen > hlen)
			return (int)oi + 1;
		if (type != IPX_OPT_RR && type != IPX_OPT_TS) {
			oi += xlen;
			continue;
		}
		/* too short to hold the pointer (RR) or pointer and flags (TS) */
		if (xlen < (type == IPX_OPT_RR ? 3u : 4u))
			return (int)oi + 1;
		int ptr = h[oi + 2] - 1; /* the pointer is 1-origin */
		if (type == IPX_OPT_RR) {
			if (ptr >= 3 && (uint32_t)ptr + 4 <= xlen) {
				memcpy(h + oi + ptr, &c->my_ip, 4);
				h[oi + 2] += 4;
				*changed = true;
			} else if ((uint32_t)ptr != xlen) { /* a full option is fine */
				return (int)oi + 2;
			}
		} else {
			unsigned oflw = h[oi + 3] >> 4, flg = h[oi + 3] & 0x0F;
			uint32_t ms = ioc_ms();
			bool overflowed = false;
			if (ptr < 4)
				return (int)oi + 2;
			if (flg == 0) { /* timestamps only */
				if ((uint32_t)ptr + 4 <= xlen) {
					memcpy(h + oi + ptr, &ms, 4);
					h[oi + 2] += 4;
					*changed = true;
				} else
					overflowed = true;
			} else if (flg == 1) { /* address, then timestamp */
				if ((uint32_t)ptr + 8 <= xlen) {
					memcpy(h + oi + ptr, &c->my_ip, 4);
					memcpy(h + oi + ptr + 4, &ms, 4);
					h[oi + 2] += 8;
					*changed = true;
				} else
					overflowed = true;
			} else if (flg == 3 && (uint32_t)ptr + 8 <= xlen) {
				/* prespecified addresses: stamp only our own */
				if (memcmp(h + oi + ptr, &c->my_ip, 4) == 0) {
					memcpy(h + oi + ptr + 4, &ms, 4);
					h[oi + 2] += 8;
					*changed = true;
				}
			} else {
				return (int)oi + 3;
			}
			if (overflowed) {
				if (oflw >= 15)
					return (int)oi + 3;
				h[oi + 3] = (uint8_t)(((oflw + 1) << 4) | flg);
				*changed = true;
			}
		}
		oi += xlen;
	}
	return -1;
}

/* One packet through the whole chain: its output port, or -1 when it is gone.
 * A PaintTee copy is appended to @painted. */
static int ioc_route(struct ipoutputcombo *c, struct nfc_packet **pp, struct nfc_batch *painted)
{
	struct nfc_packet *p = *pp;

	/* DropBroadcasts */
	if (ipx_unlikely(p->packet_type == NFC_PACKET_BROADCAST ||
			 p->packet_type == NFC_PACKET_MULTICAST)) {
		nfc_packet_kill(p);
		return -1;
	}

	/* PaintTee */
	if (nfc_packet_paint(p) == c->color) {
		struct nfc_packet *q = nfc_packet_clone(p);
		if (q)
			painted->pkts[painted->count++] = q;
	}

	/* everything below writes the header */
	const struct nfc_ip *rip = ipx_ip_header(p, sizeof(struct nfc_ip));
	uint32_t hlen = rip ? (uint32_t)(rip->vhl & 0x0F) << 2 : 0;
	if (ipx_unlikely(!rip || hlen < sizeof(struct nfc_ip) || !ipx_header_in_data(p, hlen))) {
		nfc_element_drop(&c->e, p);
		return -1;
	}
	p = nfc_packet_uniqueify(p);
	if (ipx_unlikely(!p))
		return -1;
	*pp = p;
	unsigned char *h = nfc_packet_network_header(p);
	struct nfc_ip *ip = (struct nfc_ip *)h;

	/* IPGWOptions */
	bool changed = false;
	if (hlen > sizeof(struct nfc_ip)) {
		int bad = ioc_options(c, h, hlen, &changed);
		if (bad >= 0) {
			nfc_anno_set_u8(p, NFC_ANNO_ICMP_PARAMPROB, (uint8_t)bad);
			return IOC_BAD_OPTION;
		}
	}

	/* FixIPSrc */
	if (nfc_anno_u8(p, NFC_ANNO_FIX_IP_SRC)) {
		nfc_anno_set_u8(p, NFC_ANNO_FIX_IP_SRC, 0);
		ipx_wr32(&ip->src, c->my_ip);
		changed = true;
	}
	if (changed)
		ipx_set_ip_cksum(h, hlen);

	/* DecIPTTL, with the incremental checksum update of RFC 1141/1624 */
	if (ip->ttl <= 1)
		return IOC_EXPIRED;
	ip->ttl--;
	uint32_t sum = (~ntohs(ipx_rd16(&ip->sum)) & 0xFFFF) + 0xFEFF;
	ipx_wr16(&ip->sum, (uint16_t)~htons((uint16_t)(sum + (sum >> 16))));

	/* CheckLength */
	if (p->length > c->mtu)
		return IOC_TOO_LONG;
	return IOC_OUT;
}

static void ioc_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct ipoutputcombo *c = (struct ipoutputcombo *)e;
	struct nfc_batch painted;
	int ports[NFC_BATCH_MAX];
	painted.count = 0;
	unsigned k = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		int out = ioc_route(c, &p, &painted);
		if (out >= 0) { /* keep only the live packets: split kills negatives */
			b->pkts[k] = p;
			ports[k++] = out;
		}
	}
	b->count = k;
	/* Click pushes each copy before its original goes on */
	if (painted.count)
		nfc_push(e, IOC_PAINTED, &painted);
	nfc_push_split(e, b, ports);
}

static const struct nfc_element_class ipoutputcombo_class = {
	.name = "IPOutputCombo",
	.port_count = "1/5",
	.processing = "h/h",
	.size = sizeof(struct ipoutputcombo),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ioc_configure,
	.push = ioc_push,
};
NFC_REGISTER_ELEMENT(ipoutputcombo_class);
