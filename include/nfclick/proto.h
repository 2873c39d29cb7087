/* SPDX-License-Identifier: MIT */
/* Protocol headers (Ethernet, VLAN, ARP, IPv4, TCP, UDP, ICMP) and checksums. */
#ifndef NFCLICK_PROTO_H
#define NFCLICK_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>

/* All multi-byte fields are in network byte order. Headers are packed so
 * they can be overlaid on packet data at any alignment; read them through
 * these structs, never through wider casts. */

#define NFC_ETHER_LEN 14
#define NFC_ETHERTYPE_IP 0x0800
#define NFC_ETHERTYPE_ARP 0x0806
#define NFC_ETHERTYPE_8021Q 0x8100
#define NFC_ETHERTYPE_IP6 0x86DD

struct nfc_ether {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t type;
} __attribute__((packed));

struct nfc_vlan {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t tpid;  /* 0x8100 */
	uint16_t tci;   /* priority(3) cfi(1) vid(12) */
	uint16_t type;
} __attribute__((packed));

#define NFC_ARP_REQUEST 1
#define NFC_ARP_REPLY 2
struct nfc_arp_ether {
	uint16_t hrd;   /* 1: Ethernet */
	uint16_t pro;   /* 0x0800 */
	uint8_t hln;    /* 6 */
	uint8_t pln;    /* 4 */
	uint16_t op;
	uint8_t sha[6];
	uint8_t spa[4];
	uint8_t tha[6];
	uint8_t tpa[4];
} __attribute__((packed));

#define NFC_IP_PROTO_ICMP 1
#define NFC_IP_PROTO_IGMP 2
#define NFC_IP_PROTO_TCP 6
#define NFC_IP_PROTO_UDP 17
#define NFC_IP_RF 0x8000
#define NFC_IP_DF 0x4000
#define NFC_IP_MF 0x2000
#define NFC_IP_OFFMASK 0x1FFF

struct nfc_ip {
	uint8_t vhl;     /* version (high 4 bits), header length in words (low 4) */
	uint8_t tos;
	uint16_t len;
	uint16_t id;
	uint16_t off;    /* flags and fragment offset */
	uint8_t ttl;
	uint8_t p;
	uint16_t sum;
	uint32_t src;
	uint32_t dst;
} __attribute__((packed));

static inline unsigned nfc_ip_v(const struct nfc_ip *ip)
{
	return ip->vhl >> 4;
}
static inline unsigned nfc_ip_hl(const struct nfc_ip *ip)
{
	return ip->vhl & 0x0F;
}
static inline int nfc_ip_is_fragment(const struct nfc_ip *ip)
{
	return (ntohs(ip->off) & (NFC_IP_MF | NFC_IP_OFFMASK)) != 0;
}
static inline int nfc_ip_is_first_fragment(const struct nfc_ip *ip)
{
	return (ntohs(ip->off) & NFC_IP_OFFMASK) == 0;
}

#define NFC_TH_FIN 0x01
#define NFC_TH_SYN 0x02
#define NFC_TH_RST 0x04
#define NFC_TH_PUSH 0x08
#define NFC_TH_ACK 0x10
#define NFC_TH_URG 0x20
#define NFC_TH_ECE 0x40
#define NFC_TH_CWR 0x80

struct nfc_tcp {
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	uint8_t off_x2;  /* data offset in words (high 4 bits) */
	uint8_t flags;
	uint16_t win;
	uint16_t sum;
	uint16_t urp;
} __attribute__((packed));

static inline unsigned nfc_tcp_off(const struct nfc_tcp *th)
{
	return th->off_x2 >> 4;
}

struct nfc_udp {
	uint16_t sport;
	uint16_t dport;
	uint16_t len;
	uint16_t sum;
} __attribute__((packed));

#define NFC_ICMP_ECHOREPLY 0
#define NFC_ICMP_UNREACH 3
#define NFC_ICMP_SOURCEQUENCH 4
#define NFC_ICMP_REDIRECT 5
#define NFC_ICMP_ECHO 8
#define NFC_ICMP_TIMXCEED 11
#define NFC_ICMP_PARAMPROB 12
#define NFC_ICMP_TSTAMP 13
#define NFC_ICMP_TSTAMPREPLY 14

struct nfc_icmp {
	uint8_t type;
	uint8_t code;
	uint16_t sum;
	union {
		struct {
			uint16_t id;
			uint16_t seq;
		} echo;
		uint32_t gateway;
		struct {
			uint8_t pointer;
			uint8_t unused[3];
		} paramprob;
		struct {
			uint16_t unused;
			uint16_t mtu;
		} frag;
		uint32_t word;
	} un;
} __attribute__((packed));

/* ---- checksums (runtime/checksum.c) ---- */

/** Internet checksum of @len bytes (RFC 1071), folded and complemented. */
uint16_t nfc_in_cksum(const void *data, size_t len);
/** Partial (unfolded, uncomplemented) sum, to combine with a pseudo-header. */
uint32_t nfc_cksum_partial(const void *data, size_t len, uint32_t sum);
/** Fold a partial sum into a final checksum (complemented). */
uint16_t nfc_cksum_fold(uint32_t sum);
/**
 * TCP/UDP checksum over the pseudo-header (@src, @dst network order, @proto,
 * @len bytes of transport data at @th) and the data. Result in network order.
 */
uint16_t nfc_transport_cksum(uint32_t src, uint32_t dst, uint8_t proto, const void *th,
			     size_t len);
/** RFC 1624 incremental update: checksum @old_sum after a 16-bit field went @old -> @new. */
static inline uint16_t nfc_cksum_update16(uint16_t old_sum, uint16_t old_val, uint16_t new_val)
{
	uint32_t s = (uint16_t)~old_sum + (uint16_t)~old_val + new_val;
	s = (s & 0xFFFF) + (s >> 16);
	s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

/* ---- address formatting (runtime/checksum.c) ---- */

/** "a.b.c.d" of a network-order address into @buf (16 bytes). */
const char *nfc_ip_unparse(uint32_t addr_be, char buf[16]);
/** "00-11-22-33-44-55" (Click's Ethernet address style) into @buf (18 bytes). */
const char *nfc_ether_unparse(const uint8_t a[6], char buf[18]);

#endif
