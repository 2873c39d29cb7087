/* SPDX-License-Identifier: MIT */
/*
 * The fused IP fast path (nfclick/fusion.h): a chain made of MarkMACHeader,
 * Strip, CheckIPHeader (or CheckIPHeader2), GetIPAddress, DecIPTTL, Unstrip
 * and EtherRewrite, each at most once and in that order (any of them may be
 * missing), runs as one loop. That is the forwarding path of an IP router
 * (Click's IPInputCombo and IPOutputCombo merged the same way, by hand).
 *
 * What the loop gains over the elements' own loops: each packet's pointer,
 * data and length are loaded once and kept in registers across the chain
 * (Strip and Unstrip become two additions), DecIPTTL uses the header
 * CheckIPHeader has just checked, EtherRewrite the MAC header MarkMACHeader
 * has just set, and the one test that a packet is a plain pooled one (its
 * buffer right behind it, unshared; or a DPDK mbuf of nfclick's pools,
 * laid out the same) replaces every element's own sharing and bounds tests
 * that follow from it.
 *
 * The loop does an element's work only in its common case, exactly as the
 * element's own fast path would; a packet outside it (a bad header, TTL 1,
 * no headroom, no MAC header) goes on into that element, which handles it
 * and passes it on the unfused way (nfc_fused_divert), and a batch with
 * packets laid out otherwise (clones, heap buffers) from there takes the
 * unfused path whole. Configuration is read once a batch, so
 * handler writes (Strip's length, DecIPTTL's active, EtherRewrite's src)
 * apply from the next batch, as they do for the elements themselves.
 *
 * Each subset of the seven stages gets its own loop, compiled with the
 * subset as a constant (ipfp_run below), so a chain pays only for its own
 * elements.
 */
#include <string.h>
#include "fastpath_structs.h"
#include "checkipheader_priv.h"

enum ipfp_stage { S_MMH, S_STRIP, S_CIH, S_GETIP, S_DECTTL, S_UNSTRIP, S_ETHRW, S_N };

/*
 * Kernel variants chosen outside the loop, so that the loop sees constants:
 * V_CIH_GENERAL, CheckIPHeader is not in its default configuration (an
 * OFFSET, no checksum, or source address checks: fixed at fusion);
 * V_BALANCED, Strip and Unstrip remove and put back the same number of
 * bytes, 12 or more (an Ethernet header; checked each batch): the data
 * pointer then ends where it began, Unstrip's headroom test follows from
 * Strip's, and so does EtherRewrite's room test for a MAC header that
 * MarkMACHeader put at the data's start.
 */
#define V_CIH_GENERAL (1u << S_N)
#define V_BALANCED (1u << (S_N + 1))

struct ipfp_state {
	/* Bit s: stage s is in the chain, done by el[s]; V_CIH_GENERAL. */
	unsigned mask;
	struct nfc_element *el[S_N];
};

/* The stage @e does, or -1 when the fast path does not know it (or its
 * configuration, which none of these changes through handlers). */
static int ipfp_stage_of(struct nfc_element *e)
{
	const char *n = e->cls->name;
	if (strcmp(n, "MarkMACHeader") == 0) {
		const struct markmacheader *m = (const struct markmacheader *)e;
		return m->offset == 0 && m->length == 0 ? S_MMH : -1;
	}
	if (strcmp(n, "Strip") == 0)
		return S_STRIP;
	if (strcmp(n, "CheckIPHeader") == 0 || strcmp(n, "CheckIPHeader2") == 0)
		return S_CIH;
	if (strcmp(n, "GetIPAddress") == 0)
		return ((const struct getipaddress *)e)->offset >= 0 ? S_GETIP : -1;
	if (strcmp(n, "DecIPTTL") == 0)
		return S_DECTTL;
	if (strcmp(n, "Unstrip") == 0)
		return S_UNSTRIP;
	if (strcmp(n, "EtherRewrite") == 0)
		return S_ETHRW;
	return -1;
}

static int ipfp_match(struct nfc_element *const *chain, int n, void *state)
{
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	/* the TTL and checksum word trick below is little-endian */
	(void)chain, (void)n, (void)state;
	return 0;
#else
	struct ipfp_state *st = state;
	int m = 0, last = -1;
	for (; m < n; m++) {
		int s = ipfp_stage_of(chain[m]);
		if (s <= last)
			break;
		st->el[s] = chain[m];
		st->mask |= 1u << s;
		last = s;
	}
	const struct checkipheader *cih = (const struct checkipheader *)st->el[S_CIH];
	if (cih && (cih->offset != 0 || !cih->checksum || cih->src.nbad_src > 0))
		st->mask |= V_CIH_GENERAL;
	return m >= 2 ? m : 0;
#endif
}

#define HAS(s) ((mask >> (s)) & 1u)
/* Where a plain pooled packet's buffer starts, from the packet. */
#define IPFP_HEAD ((int32_t)sizeof(struct nfc_packet))
/* Position in the chain of stage s's element. */
#define POS(s) __builtin_popcount(mask & ((1u << (s)) - 1u))

/* What the slow paths need, in memory: the loop keeps its registers for packets. */
struct ipfp_out {
	const struct nfc_fused_chain *c;
	struct nfc_batch *b;
	unsigned first;
};

static IPX_COLD void ipfp_divert(struct ipfp_out *o, struct nfc_packet **pp, int stage)
{
	o->first = nfc_fused_divert(o->c, o->b, o->first, (unsigned)(pp - o->b->pkts), stage);
}

static IPX_COLD void ipfp_bypass(struct ipfp_out *o, struct nfc_packet **pp)
{
	nfc_fused_bypass(o->c, o->b, o->first, (unsigned)(pp - o->b->pkts));
}

/* The loop for the stages and variants in @mask (a constant at each instantiation). */
static inline __attribute__((always_inline)) void
ipfp_run(const struct nfc_fused_chain *c, const struct ipfp_state *st, struct nfc_batch *b,
	 const unsigned mask, size_t strip_len)
{
	const unsigned stages = mask & ((1u << S_N) - 1u);
	const bool plain_only = HAS(S_DECTTL) || HAS(S_UNSTRIP) || HAS(S_ETHRW);
	const bool cih_general = mask & V_CIH_GENERAL, balanced = mask & V_BALANCED;
	/* combinations ipfp_push never selects: no code for them */
	if (__builtin_popcount(stages) < 2 || (cih_general && !HAS(S_CIH)) ||
	    (balanced && !(HAS(S_STRIP) && HAS(S_UNSTRIP)))) {
		nfc_fused_bypass(c, b, 0, 0);
		return;
	}
	/* Configuration, in locals: packet stores could alias the elements. */
	size_t strip_n = 0, unstrip_n = 0; /* pointer-sized: added to pointers */
	uint32_t cih_off = 0, getip_off = 0, getip_anno = 0;
	bool cih_sum = true, cih_addr = false;
	const struct checkipheader *cih = NULL;
	uint64_t a8 = 0;
	uint32_t a4 = 0;
	if (HAS(S_STRIP))
		strip_n = strip_len; /* read once by ipfp_push, which chose the variant */
	if (HAS(S_CIH) && cih_general) {
		cih = (const struct checkipheader *)st->el[S_CIH];
		cih_off = cih->offset;
		cih_sum = cih->checksum;
		cih_addr = cih->src.nbad_src > 0;
	}
	if (HAS(S_GETIP)) {
		const struct getipaddress *g = (const struct getipaddress *)st->el[S_GETIP];
		getip_off = (uint32_t)g->offset;
		getip_anno = g->anno;
	}
	if (HAS(S_DECTTL)) {
		const struct decipttl *d = (const struct decipttl *)st->el[S_DECTTL];
		/* inactive, or leaving multicast alone: not the common case */
		if (ipx_unlikely(!d->active || !d->multicast)) {
			nfc_fused_bypass(c, b, 0, 0);
			return;
		}
	}
	if (HAS(S_UNSTRIP)) {
		unstrip_n = balanced ? strip_n : ((const struct unstrip *)st->el[S_UNSTRIP])->length;
		if (ipx_unlikely(unstrip_n > NFC_PACKET_BUFSIZE)) {
			nfc_fused_bypass(c, b, 0, 0);
			return;
		}
	}
	if (HAS(S_ETHRW)) {
		const struct etherrewrite *er = (const struct etherrewrite *)st->el[S_ETHRW];
		memcpy(&a8, er->addrs, 8);
		memcpy(&a4, er->addrs + 8, 4);
	}
	/* Strip's and CheckIPHeader's length tests as one when both are there
	 * (in 32 bits: larger lengths are never the common case) */
	if (ipx_unlikely(strip_n > 0xFFFF || cih_off > 0xFFFF)) {
		nfc_fused_bypass(c, b, 0, 0);
		return;
	}
	const uint32_t min_len = HAS(S_CIH) ? (uint32_t)strip_n + cih_off + (uint32_t)sizeof(struct nfc_ip)
					    : (uint32_t)strip_n;

	/* the checksum test's constants, kept in registers (or memory operands) */
	uint64_t k_inv = IPX_CKSUM_INV, k_max = IPX_CKSUM_MAX;
	__asm__("" : "+r"(k_inv), "+r"(k_max));

	struct ipfp_out o = { c, b, 0 };
	struct nfc_packet **pp = b->pkts, **const end = pp + b->count;
	if (pp == end)
		return;
	do {
		struct nfc_packet *p = *pp;
		/* Stages that write the packet's bytes or move its data back
		 * need a plain packet (nfc_packet_plain: pooled, or an mbuf of
		 * our pools; its buffer right behind it, no clone sharing it).
		 * The others take any packet. */
		if (plain_only && ipx_unlikely(!nfc_packet_plain(p))) {
			ipfp_bypass(&o, pp);
			return;
		}
		/* Header offsets from the packet itself when its buffer's head
		 * is known to be at IPFP_HEAD (one register less), else from
		 * the head. */
		unsigned char *const pb = plain_only ? (unsigned char *)p : p->head - IPFP_HEAD;
		unsigned char *const d0 = p->data;
		unsigned char *d = d0, *h = NULL;
		uint32_t len = p->length;
		int stage;
		if (HAS(S_MMH))
			p->mac_offset = (int32_t)(d0 - pb) - IPFP_HEAD + 1; /* stored plus one */
		if ((HAS(S_STRIP) || HAS(S_CIH)) && ipx_unlikely(len < min_len)) {
			stage = POS(S_STRIP);
			if (HAS(S_CIH) && (!HAS(S_STRIP) || len >= strip_n)) {
				/* Strip's part done, CheckIPHeader's fails */
				d += strip_n;
				len -= (uint32_t)strip_n;
				stage = POS(S_CIH);
			}
			goto divert;
		}
		if (HAS(S_STRIP)) {
			d += strip_n;
			len -= (uint32_t)strip_n;
		}
		if (HAS(S_CIH)) {
			uint32_t iplen;
			h = d + cih_off;
			/* separate tests: one unlikely chain of || makes GCC move
			 * the rest of the loop out of line */
			if (ipx_unlikely(!ipx_hdr_shape_ok(h, len - cih_off, &iplen)))
				goto cih_fail;
			if (cih_sum && ipx_unlikely(!ipx_cksum20_ok_k(h, k_inv, k_max)))
				goto cih_fail;
			if (cih_addr && ipx_unlikely(ipx_srccheck_bad(&cih->src, h)))
				goto cih_fail;
			/* the header's words first: the annotation stores below
			 * could alias them for the compiler */
			uint32_t dst = ipx_rd32(h + 16);
			int32_t nh = (int32_t)(h - pb) - IPFP_HEAD;
			len = cih_off + iplen; /* drop link-level padding past the IP length */
			p->network_offset = nh + 1;
			p->transport_offset = nh + 1 + (int32_t)sizeof(struct nfc_ip);
			nfc_packet_set_dst_ip(p, dst);
		}
		if (HAS(S_GETIP) && getip_off + 4 <= len)
			memcpy(p->anno + getip_anno, d + getip_off, 4);
		if (HAS(S_DECTTL)) {
			unsigned char *t = h;
			/* after CheckIPHeader the header is known to be in the data */
			if (!HAS(S_CIH)) {
				uintptr_t a = (uintptr_t)pb + IPFP_HEAD + (uint32_t)(p->network_offset - 1);
				if (ipx_unlikely(a + sizeof(struct nfc_ip) > (uintptr_t)d + len)) {
					stage = POS(S_DECTTL);
					goto divert;
				}
				t = (unsigned char *)a;
			}
			/* TTL and protocol, then the checksum, as one little-endian
			 * word: TTL - 1 and checksum + 0x100 in one addition, unless
			 * the TTL expires or the checksum would wrap around */
			uint32_t w = ipx_rd32(t + 8);
			if (ipx_unlikely((uint8_t)w <= 1 || w >= 0xFFFE0000u)) {
				stage = POS(S_DECTTL);
				goto divert;
			}
			ipx_wr32(t + 8, w + 0xFFFF);
		}
		if (HAS(S_UNSTRIP)) {
			if (balanced)
				d = d0; /* Strip's test covered the headroom */
			else if (ipx_unlikely((size_t)(d - pb) < unstrip_n + IPFP_HEAD)) {
				stage = POS(S_UNSTRIP);
				goto divert;
			} else
				d -= unstrip_n;
			len += (uint32_t)unstrip_n;
		}
		if (HAS(S_ETHRW) && HAS(S_MMH) && balanced) {
			memcpy(d0, &a8, 8);
			memcpy(d0 + 8, &a4, 4);
		} else if (HAS(S_ETHRW)) {
			/* the MAC header from the packet; the data never starts
			 * before the head, so no lower bound to test with MarkMACHeader */
			uintptr_t off = HAS(S_MMH) ? (uintptr_t)(d0 - pb)
						   : (uintptr_t)((uint32_t)p->mac_offset - 1u) + IPFP_HEAD;
			if (ipx_unlikely(off > IPFP_HEAD + NFC_PACKET_BUFSIZE - 12)) {
				stage = POS(S_ETHRW);
				goto divert;
			}
			memcpy(pb + off, &a8, 8);
			memcpy(pb + off + 8, &a4, 4);
		}
		if ((HAS(S_STRIP) || HAS(S_UNSTRIP)) && !balanced)
			p->data = d;
		if (HAS(S_STRIP) || HAS(S_UNSTRIP) || HAS(S_CIH))
			p->length = len;
		continue;
	cih_fail:
		stage = POS(S_CIH);
	divert:
		p->data = d;
		p->length = len;
		ipfp_divert(&o, pp, stage);
	} while (++pp != end);
	nfc_fused_finish(o.c, o.b, o.first);
}

typedef void (*ipfp_kernel_fn)(const struct nfc_fused_chain *c, const struct ipfp_state *st,
			       struct nfc_batch *b, size_t strip_len);

/* One function per mask, named by the mask's three octal digits (a literal
 * token each, so that names can be pasted together); separate functions
 * compile much faster than one switch over all of them. The scalar stores
 * of the header offsets are cheaper than GCC's vector version of them. */
#define IPFP_K(a, b, c)                                                                    \
	__attribute__((optimize("no-tree-slp-vectorize"))) static void ipfp_k##a##b##c(      \
		const struct nfc_fused_chain *ch, const struct ipfp_state *st,               \
		struct nfc_batch *bt, size_t n)                                              \
	{                                                                                    \
		ipfp_run(ch, st, bt, 0##a##b##c, n);                                         \
	}
#define IPFP_T(a, b, c) ipfp_k##a##b##c,

/* X(a, b, c) for every three octal digits a b c, 000 to 777. */
#define IPFP_EACH8(X, a, b) X(a, b, 0) X(a, b, 1) X(a, b, 2) X(a, b, 3) X(a, b, 4) X(a, b, 5) \
	X(a, b, 6) X(a, b, 7)
#define IPFP_EACH64(X, a)                                                                   \
	IPFP_EACH8(X, a, 0) IPFP_EACH8(X, a, 1) IPFP_EACH8(X, a, 2) IPFP_EACH8(X, a, 3)      \
	IPFP_EACH8(X, a, 4) IPFP_EACH8(X, a, 5) IPFP_EACH8(X, a, 6) IPFP_EACH8(X, a, 7)
#define IPFP_EACH512(X)                                                                     \
	IPFP_EACH64(X, 0) IPFP_EACH64(X, 1) IPFP_EACH64(X, 2) IPFP_EACH64(X, 3)              \
	IPFP_EACH64(X, 4) IPFP_EACH64(X, 5) IPFP_EACH64(X, 6) IPFP_EACH64(X, 7)

_Static_assert(S_N + 2 == 9, "three octal digits: one kernel per subset and variants");
IPFP_EACH512(IPFP_K)
static const ipfp_kernel_fn ipfp_kernels[512] = { IPFP_EACH512(IPFP_T) };

static void ipfp_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	(void)port;
	const struct nfc_fused_chain *c = e->fused;
	const struct ipfp_state *st = c->state;
	nfc_fused_count(c, b->count);
	unsigned k = st->mask;
	size_t n = 0;
	if (k & (1u << S_STRIP)) {
		n = ((const struct strip *)st->el[S_STRIP])->length;
		if ((k & (1u << S_UNSTRIP)) && n >= 12 &&
		    n == ((const struct unstrip *)st->el[S_UNSTRIP])->length)
			k |= V_BALANCED;
	}
	ipfp_kernels[k](c, st, b, n);
}

static const struct nfc_fuser ipfastpath_fuser = {
	.name = "ipfastpath",
	.state_size = sizeof(struct ipfp_state),
	.match = ipfp_match,
	.push = ipfp_push,
};
NFC_REGISTER_FUSER(ipfastpath_fuser);
