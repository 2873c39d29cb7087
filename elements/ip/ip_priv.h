/* SPDX-License-Identifier: MIT */
/* Helpers shared by the IP elements: header access, checksums, counters, argument parsing. */
#ifndef NFCLICK_ELEMENTS_IP_PRIV_H
#define NFCLICK_ELEMENTS_IP_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>
#include "../standard/batch_filter.h"

#define ipx_likely(x) __builtin_expect(!!(x), 1)
#define ipx_unlikely(x) __builtin_expect(!!(x), 0)
#define IPX_INLINE static inline __attribute__((always_inline))
#define IPX_COLD __attribute__((noinline, cold))

/* IP option types (RFC 791). */
#define IPX_OPT_EOL 0
#define IPX_OPT_NOP 1
#define IPX_OPT_RR 7
#define IPX_OPT_TS 68
#define IPX_OPT_LSRR 131
#define IPX_OPT_SSRR 137

/* ECN field: the low two bits of the TOS byte. */
#define IPX_ECN_MASK 0x03
#define IPX_ECN_NOT_ECT 0x00
#define IPX_ECN_ECT1 0x01
#define IPX_ECN_ECT2 0x02
#define IPX_ECN_CE 0x03

/* ---- reading header fields at any alignment ---- */

IPX_INLINE uint16_t ipx_rd16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}
IPX_INLINE uint32_t ipx_rd32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}
IPX_INLINE void ipx_wr16(void *p, uint16_t v)
{
	memcpy(p, &v, 2);
}
IPX_INLINE void ipx_wr32(void *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* ---- checksums ---- */

/*
 * Is the 20-byte header at @h's checksum right? The one's complement sum
 * of 16-bit words is the plain sum modulo 0xFFFF (2^16 = 1 mod 0xFFFF), and
 * that holds in either byte order. 0xFFFF divides 2^64 - 1, so two 64-bit
 * adds and one 32-bit add, each with its carry folded back in (keeping the
 * sum's value modulo 2^64 - 1), and one constant modulo (a multiply and a
 * compare) replace the usual fold. A correct header sums to 0xFFFF (0 mod
 * 0xFFFF); an all-zero header cannot reach here (version 4).
 */
/* 0xFFFF's inverse modulo 2^64, and the largest multiple of it over 0xFFFF:
 * s % 0xFFFF == 0 exactly when s * IPX_CKSUM_INV <= IPX_CKSUM_MAX. */
#define IPX_CKSUM_INV 0xFFFEFFFEFFFEFFFFull
#define IPX_CKSUM_MAX 0x0001000100010001ull

/* ipx_cksum20_ok() with the two constants from the caller, which can keep
 * them in registers across a loop (compilers reload 64-bit immediates). */
IPX_INLINE bool ipx_cksum20_ok_k(const unsigned char *h, uint64_t inv, uint64_t max)
{
	uint64_t a, b;
	memcpy(&a, h, 8);
	memcpy(&b, h + 8, 8);
	uint64_t c = ipx_rd32(h + 16);
#if defined(__x86_64__)
	/* add, adc, adc: the carries folded in where compilers compare */
	uint64_t s = a;
	__asm__("add %1, %0\n\tadc %2, %0\n\tadc $0, %0" : "+r"(s) : "rm"(b), "rm"(c) : "cc");
	/* the last carry is 0: after a carry s < 2^32 */
#else
	uint64_t s = a + b;
	s += s < b; /* end-around carry */
	s += c;
	s += s < c;
#endif
	/* s % 0xFFFF == 0, as the multiply by 0xFFFF's inverse and compare
	 * that compilers make of it (written out: they do not always see it
	 * through the carries above) */
	return s * inv <= max;
}

IPX_INLINE bool ipx_cksum20_ok(const unsigned char *h)
{
	return ipx_cksum20_ok_k(h, IPX_CKSUM_INV, IPX_CKSUM_MAX);
}

/* Set the header checksum of the @hlen-byte IP header at @h. */
IPX_INLINE void ipx_set_ip_cksum(unsigned char *h, unsigned hlen)
{
	struct nfc_ip *ip = (struct nfc_ip *)h;
	ip->sum = 0;
	ip->sum = nfc_in_cksum(h, hlen);
}

/*
 * Incremental update (RFC 1624 eqn. 3) of checksum @sum (network order)
 * after a 32-bit field went from @old to @new (both network order).
 */
IPX_INLINE uint16_t ipx_cksum_update32(uint16_t sum, uint32_t old, uint32_t new_)
{
	sum = nfc_cksum_update16(sum, (uint16_t)old, (uint16_t)new_);
	return nfc_cksum_update16(sum, (uint16_t)(old >> 16), (uint16_t)(new_ >> 16));
}

/* Transport checksum over the pseudo-header of @ip and @len bytes at @th. */
IPX_INLINE uint16_t ipx_transport_cksum(const struct nfc_ip *ip, const void *th, size_t len)
{
	return nfc_transport_cksum(ip->src, ip->dst, ip->p, th, len);
}

/* ---- headers of a packet ---- */

/* The IP header of @p, or NULL when unset or when its first @need bytes
 * are not all before the end of the packet data. The header may start in
 * the headroom (after Strip), never before the buffer. */
IPX_INLINE struct nfc_ip *ipx_ip_header(const struct nfc_packet *p, uint32_t need)
{
	if (!nfc_packet_has_network_header(p))
		return NULL;
	unsigned char *h = nfc_packet_network_header(p);
	if (h < p->head || h + need > p->data + p->length)
		return NULL;
	return (struct nfc_ip *)h;
}

/* Bytes from the network header to the end of the packet data (negative
 * when the header lies after the end). Click's network_length(). */
IPX_INLINE int64_t ipx_network_length(const struct nfc_packet *p)
{
	return (int64_t)p->length - nfc_packet_network_header_offset(p);
}
/* Click's transport_length(). */
IPX_INLINE int64_t ipx_transport_length(const struct nfc_packet *p)
{
	return (int64_t)p->length - nfc_packet_transport_header_offset(p);
}
/* Network header length (transport minus network offset), Click's ip_header_length(). */
IPX_INLINE int32_t ipx_network_header_length(const struct nfc_packet *p)
{
	return p->transport_offset - p->network_offset;
}

/* Is the IP header (with its options) wholly inside the packet data? */
IPX_INLINE bool ipx_header_in_data(const struct nfc_packet *p, uint32_t hlen)
{
	int32_t off = nfc_packet_network_header_offset(p);
	return nfc_packet_has_network_header(p) && off >= 0 && (uint64_t)off + hlen <= p->length;
}

/* ---- per-thread counters (summed on read) ---- */

struct ipx_counter {
	uint64_t v[NFC_MAX_THREADS];
};

IPX_INLINE void ipx_count(struct ipx_counter *c, uint64_t n)
{
	c->v[nfc_thread_id()] += n;
}
uint64_t ipx_counter_sum(const struct ipx_counter *c);
/* Read handler printing the ipx_counter at byte offset @thunk of the element. */
int ipx_read_counter(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh);

/* ---- moving packets: the IP names of batch_filter.h ---- */

/* Push @err on output 1, or, without an output 1, drop its packets
 * (counted in the element's drops): Click's checked_output_push(1, p). */
IPX_INLINE void ipx_emit_errors(struct nfc_element *e, struct nfc_batch *err)
{
	nfc_checked_push1(e, err);
}
void ipx_emit_error(struct nfc_element *e, struct nfc_packet *p);

/* Per-packet steps (nfc_step_fn): keep the packet, send it to output 1, or
 * it is gone. */
enum { IPX_PASS = NFC_STEP_PASS, IPX_ERROR = NFC_STEP_ERROR, IPX_GONE = NFC_STEP_GONE };
/* push() and pull() bodies for a filtering element. */
#define IPX_DEFINE_FILTER(prefix, step) NFC_DEFINE_STEP_FILTER(prefix, step)

/* A run-time message on standard error (Click's click_chatter). */
void ipx_chatter(struct nfc_element *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- CheckTCPHeader, CheckUDPHeader, CheckICMPHeader ---- */

enum { IPX_CHECK_NREASONS = 3 };

/* Their common state: VERBOSE, DETAILS, drop counters. */
struct ipx_checker {
	bool verbose, details;
	int warned;
	/* "TCP", "UDP", "ICMP" */
	const char *what;
	const char *const *reason_texts;
	struct ipx_counter drops;
	struct ipx_counter reasons[IPX_CHECK_NREASONS];
};

/* Parse VERBOSE and DETAILS into @chk (embedded at @chk_offset in @e). */
int ipx_checker_configure(struct nfc_element *e, size_t chk_offset, struct nfc_conf *conf,
			  struct nfc_errh *errh);
/* Count a bad packet, report it ("NAME: TCP header check failed: REASON"). */
void ipx_checker_reject(struct nfc_element *e, struct ipx_checker *chk, int reason)
	__attribute__((cold));
/* The "drops" handler, and "drop_details" with DETAILS. */
int ipx_checker_add_handlers(struct nfc_element *e, size_t chk_offset);

/* ---- argument parsing ---- */

/* configure() for elements without arguments: any argument is an error. */
int ipx_configure_noargs(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh);

/* A 4-byte annotation: a name (DST_IP, ...) or a byte offset. Returns 0 or -1. */
int ipx_parse_anno4(const char *s, uint32_t *off);
/* An IP protocol: a number 0..255 or a name (tcp, udp, icmp, ...). */
int ipx_parse_ip_proto(const char *s, uint32_t *proto);
/* A TCP/UDP port: a number 0..65535, a PortInfo name visible from @context
 * (may be NULL), or a service name for @proto. */
int ipx_parse_port(const struct nfc_element *context, const char *s, uint8_t proto,
		   uint16_t *port);
/* PortInfo (portinfo.c): the port named @name for @proto, seen from @context. */
int ipx_portinfo_lookup(const struct nfc_element *context, const char *name, uint8_t proto,
			uint16_t *port);
/* A space-separated list of IP addresses (or AddressInfo names seen from
 * @context), appended to *list (heap, free()). */
int ipx_parse_ip_list(const struct nfc_element *context, const char *s, uint32_t **list, int *n);
/* Append @addr to *list (heap); returns 0 or -1 on OOM. */
int ipx_list_add(uint32_t **list, int *n, uint32_t addr);
IPX_INLINE bool ipx_list_has(const uint32_t *list, int n, uint32_t addr)
{
	for (int i = 0; i < n; i++)
		if (list[i] == addr)
			return true;
	return false;
}

#endif
