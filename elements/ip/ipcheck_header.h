/* SPDX-License-Identifier: MIT */
/* IPv4 header checks shared by CheckIPHeader(2) and IPInputCombo: per-packet test, bad sources. */
#ifndef NFCLICK_ELEMENTS_IPCHECK_HEADER_H
#define NFCLICK_ELEMENTS_IPCHECK_HEADER_H

#include "ip_priv.h"

/* Why a header fails, in the order Click checks. */
enum ipx_hdr_fail {
	IPX_HDR_TINY, IPX_HDR_BAD_VERSION, IPX_HDR_BAD_HLEN, IPX_HDR_BAD_IP_LEN,
	IPX_HDR_BAD_CHECKSUM, IPX_HDR_BAD_SADDR, IPX_HDR_NFAILS
};

/*
 * Source address checks (RFC 1812 5.3.7): the INTERFACES, BADSRC and
 * GOODDST arguments as written (the element's table parses into them,
 * IPX_SRCCHECK_ARGS) and the address lists read from them.
 */
struct ipx_srccheck {
	char *interfaces_arg, *badsrc_arg, *gooddst_arg;
	/* Source addresses to reject unless the destination is a good one (heap). */
	uint32_t *bad_src, *good_dst;
	int nbad_src, ngood_dst;
};

#define IPX_SRCCHECK_ARGS(T_, M_)                                                           \
	{ .keyword = "INTERFACES", .type = NFC_ARG_RAW, .offset = offsetof(T_, M_.interfaces_arg), \
	  .doc = "interface prefixes (sets BADSRC and GOODDST)" },                            \
	{ .keyword = "BADSRC", .type = NFC_ARG_RAW, .offset = offsetof(T_, M_.badsrc_arg),       \
	  .doc = "source addresses to reject" },                                               \
	{ .keyword = "GOODDST", .type = NFC_ARG_RAW, .offset = offsetof(T_, M_.gooddst_arg),     \
	  .doc = "destinations exempt from BADSRC" }

/* Arguments the table did not take (their indices in conf->argv, @n of
 * them, at least one): the element's old positional syntax. */
typedef int (*ipx_srccheck_rest_fn)(struct nfc_element *e, const struct nfc_conf *conf,
				    const int *rest, int n, struct nfc_errh *errh);
/*
 * configure() for an element with @s at @args: parse @conf with @args (set
 * the element's defaults first), hand what is left to @rest, then read the
 * address lists. An uppercase word followed by a value among what is left
 * is reported as a misspelled keyword. Reports every error; 0 or -1.
 */
int ipx_srccheck_configure(struct nfc_element *e, struct ipx_srccheck *s, struct nfc_conf *conf,
			   const struct nfc_arg_spec *args, ipx_srccheck_rest_fn rest,
			   struct nfc_errh *errh);
/* The old positional BADSRC: @text's addresses, plus 0.0.0.0 and
 * 255.255.255.255. Reports "BADSRC: ..." on failure. */
int ipx_srccheck_old_badsrc(struct nfc_element *e, struct ipx_srccheck *s, const char *text,
			    struct nfc_errh *errh);
/* Free the lists. */
void ipx_srccheck_clear(struct ipx_srccheck *s);

/* A source address on the BADSRC list, unless the destination is a GOODDST. */
IPX_INLINE bool ipx_srccheck_bad(const struct ipx_srccheck *s, const unsigned char *h)
{
	const struct nfc_ip *ip = (const struct nfc_ip *)h;
	return ipx_list_has(s->bad_src, s->nbad_src, ip->src) &&
	       !ipx_list_has(s->good_dst, s->ngood_dst, ip->dst);
}

/* Mark the good header at @h: header annotations, IP length, destination. */
IPX_INLINE void ipx_hdr_mark(struct nfc_packet *p, const unsigned char *h, uint32_t off,
			     uint32_t len, uint32_t hlen)
{
	int32_t nh = (int32_t)(h - p->head);
	p->network_offset = nh + 1; /* offsets are stored plus one */
	p->transport_offset = nh + 1 + (int32_t)hlen;
	p->length = off + len; /* drop link-level padding past the IP length */
	nfc_packet_set_dst_ip(p, ((const struct nfc_ip *)h)->dst);
}

/* ipx_hdr_check_fast's answer when the packet needs the full checks. */
#define IPX_HDR_SLOW (-2)

/*
 * The common case's shape of the header at @h, with @plen bytes of packet
 * from there: version 4, no options, an IP length from 20 to @plen (set in
 * *@iplen). One range test covers the version, header length and IP length
 * together, one the IP length against the packet's.
 */
IPX_INLINE bool ipx_hdr_shape_ok(const unsigned char *h, uint32_t plen, uint32_t *iplen)
{
	/* The first word without the TOS byte, big-endian: 0x45 00 <IP
	 * length> for the common header. vhl - 0x45 lands in the top byte and
	 * len - 20 below it, so one unsigned range test accepts exactly "vhl
	 * 0x45 and len >= 20" (a smaller len borrows from the top byte). */
	uint32_t key = ntohl(ipx_rd32(h) & htonl(0xFF00FFFFu));
	uint32_t len = key & 0xFFFF;
	*iplen = len;
	return key - 0x45000014u <= 0xFFFFu - sizeof(struct nfc_ip) && len <= plen;
}

/* The common case's test: its shape, and (when @checksum) a good 20-byte checksum. */
IPX_INLINE bool ipx_hdr_fast_ok(const unsigned char *h, uint32_t plen, bool checksum,
				uint32_t *iplen)
{
	return ipx_hdr_shape_ok(h, plen, iplen) && (!checksum || ipx_cksum20_ok(h));
}

/*
 * The common case, inline (ipx_hdr_fast_ok on the header @off bytes into
 * @p). Returns -1 (the packet is marked), IPX_HDR_BAD_SADDR, or
 * IPX_HDR_SLOW for anything else (the packet is untouched).
 */
IPX_INLINE int ipx_hdr_check_fast(const struct ipx_srccheck *s, struct nfc_packet *p,
				  uint32_t off, bool checksum, bool addr_checks)
{
	if (ipx_likely((uint64_t)p->length >= (uint64_t)off + sizeof(struct nfc_ip))) {
		const unsigned char *h = p->data + off;
		uint32_t len;
		if (ipx_likely(ipx_hdr_fast_ok(h, p->length - off, checksum, &len))) {
			if (addr_checks && ipx_srccheck_bad(s, h))
				return IPX_HDR_BAD_SADDR;
			ipx_hdr_mark(p, h, off, len, sizeof(struct nfc_ip));
			return -1;
		}
	}
	return IPX_HDR_SLOW;
}

/*
 * Every check, in Click's order (tiny packet, version, header length, IP
 * length, checksum, source): returns a reason and leaves the packet
 * untouched, or marks it and returns -1. Inlined into the caller's own
 * cold function, so the fast path's call stays what the caller makes it.
 */
IPX_INLINE int ipx_hdr_check_full(const struct ipx_srccheck *s, struct nfc_packet *p,
				  uint32_t off, bool checksum, bool addr_checks)
{
	if ((uint64_t)p->length < (uint64_t)off + sizeof(struct nfc_ip))
		return IPX_HDR_TINY;
	const unsigned char *h = p->data + off;
	uint32_t plen = p->length - off;
	unsigned vhl = h[0];
	if (vhl >> 4 != 4)
		return IPX_HDR_BAD_VERSION;
	uint32_t hlen = (vhl & 0x0F) << 2;
	if (hlen < sizeof(struct nfc_ip))
		return IPX_HDR_BAD_HLEN;
	uint32_t len = ntohs(ipx_rd16(h + 2));
	if (len > plen || len < hlen)
		return IPX_HDR_BAD_IP_LEN;
	if (checksum && nfc_in_cksum(h, hlen) != 0)
		return IPX_HDR_BAD_CHECKSUM;
	if (addr_checks && ipx_srccheck_bad(s, h))
		return IPX_HDR_BAD_SADDR;
	ipx_hdr_mark(p, h, off, len, hlen);
	return -1;
}

static __attribute__((noinline, cold, unused)) int
ipx_hdr_check_slow(const struct ipx_srccheck *s, struct nfc_packet *p, uint32_t off,
		   bool checksum, bool addr_checks)
{
	return ipx_hdr_check_full(s, p, off, checksum, addr_checks);
}

/* Check the IP header @off bytes into @p: the fast test, then the full one.
 * Returns -1 (the packet is marked) or the reason it fails. */
IPX_INLINE int ipx_hdr_check(const struct ipx_srccheck *s, struct nfc_packet *p, uint32_t off,
			     bool checksum, bool addr_checks)
{
	int r = ipx_hdr_check_fast(s, p, off, checksum, addr_checks);
	if (ipx_likely(r != IPX_HDR_SLOW))
		return r;
	return ipx_hdr_check_slow(s, p, off, checksum, addr_checks);
}

#endif
