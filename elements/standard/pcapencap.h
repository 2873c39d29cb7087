/* SPDX-License-Identifier: MIT */
/* Link types for FromDump and ToDump: Click's encapsulation names, finding the IP header. */
#ifndef NFCLICK_ELEMENTS_PCAPENCAP_H
#define NFCLICK_ELEMENTS_PCAPENCAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

/*
 * Two numberings exist: LINKTYPE_* values are what pcap files store,
 * DLT_* values are what libpcap's API returns (they differ for raw IP:
 * LINKTYPE 101, DLT 12 on Linux). Names are Click's, so that "encap"
 * handlers and ENCAP arguments mean the same as in Click.
 */
struct pcapencap {
	const char *name;
	int linktype;
	int dlt;
};

static const struct pcapencap pcapencap_table[] = {
	{ "NULL", 0, DLT_NULL },
	{ "IP", 101, DLT_RAW },
	{ "ETHER", 1, DLT_EN10MB },
	{ "FDDI", 10, DLT_FDDI },
	{ "ATM", 100, DLT_ATM_RFC1483 },
	{ "RFC1483", 100, DLT_ATM_RFC1483 },
	{ "ATM_RFC1483", 100, DLT_ATM_RFC1483 },
	{ "802_11", 105, DLT_IEEE802_11 },
	{ "802.11", 105, DLT_IEEE802_11 },
	{ "802_11_RADIO", 127, DLT_IEEE802_11_RADIO },
	{ "802.11_RADIO", 127, DLT_IEEE802_11_RADIO },
	{ "SLL", 113, DLT_LINUX_SLL },
	{ "AIRONET", 120, DLT_AIRONET_HEADER },
	{ "HDLC", 104, DLT_C_HDLC },
	{ "PPP_HDLC", 50, DLT_PPP_SERIAL },
	{ "PPP", 9, DLT_PPP },
	{ "SUNATM", 123, DLT_SUNATM },
	{ "PRISM", 119, DLT_PRISM_HEADER },
	{ "IP", 228, DLT_IPV4 },
};

#define PCAPENCAP_N ((int)(sizeof pcapencap_table / sizeof pcapencap_table[0]))

/** File linktype for an ENCAP name ("ETHER", "IP", "#147"), or -1. */
static inline int pcapencap_parse(const char *s)
{
	for (int i = 0; i < PCAPENCAP_N; i++)
		if (strcmp(s, pcapencap_table[i].name) == 0)
			return pcapencap_table[i].linktype;
	if (s[0] == '#' && s[1] >= '0' && s[1] <= '9') {
		char *end;
		unsigned long v = strtoul(s + 1, &end, 10);
		if (*end == '\0' && v < 0x7FFFFFFF)
			return (int)v;
	}
	return -1;
}

/** Name of a libpcap DLT value for "encap" handlers (first name wins; "#N" otherwise). */
static inline const char *pcapencap_dlt_name(int dlt, char *buf, size_t n)
{
	for (int i = 0; i < PCAPENCAP_N; i++)
		if (pcapencap_table[i].dlt == dlt)
			return pcapencap_table[i].name;
	snprintf(buf, n, "#%d", dlt);
	return buf;
}

/* ---- FORCE_IP: where the IP header starts behind a link header ---- */

static inline uint16_t pcapencap_be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline bool pcapencap_ip_ethertype(uint16_t t)
{
	return t == 0x0800 || t == 0x86DD;
}

/** Offset of the IP header in @d (libpcap link type @dlt), or -1 (FORCE_IP). */
static inline int pcapencap_ip_offset(const unsigned char *d, uint32_t len, int dlt)
{
	switch (dlt) {
	case DLT_RAW:
	case DLT_IPV4:
		return 0;
	case DLT_EN10MB:
		if (len >= 14 && pcapencap_ip_ethertype(pcapencap_be16(d + 12)))
			return 14;
		if (len >= 18 && pcapencap_be16(d + 12) == 0x8100 &&
		    pcapencap_ip_ethertype(pcapencap_be16(d + 16)))
			return 18; /* one 802.1Q tag */
		return -1;
	case DLT_LINUX_SLL:
		return len >= 16 && pcapencap_ip_ethertype(pcapencap_be16(d + 14)) ? 16 : -1;
	case DLT_C_HDLC:
		return len >= 4 && pcapencap_ip_ethertype(pcapencap_be16(d + 2)) ? 4 : -1;
	case DLT_NULL:
	case DLT_LOOP: {
		if (len < 4)
			return -1;
		/* the address family, in either byte order */
		uint32_t fam = d[0] | d[1] << 8;
		if (fam == 0)
			fam = pcapencap_be16(d + 2);
		return fam == 2 || fam == 24 || fam == 28 || fam == 30 ? 4 : -1;
	}
	case DLT_PPP: {
		uint32_t off = 0;
		if (len >= 2 && d[0] == 0xFF && d[1] == 0x03)
			off = 2; /* address and control fields */
		if (len < off + 2)
			return -1;
		if (d[off] == 0x21 || d[off] == 0x57)
			return (int)off + 1;
		if (d[off] == 0 && (d[off + 1] == 0x21 || d[off + 1] == 0x57))
			return (int)off + 2;
		return -1;
	}
	default:
		return -1;
	}
}

/** Link types pcapencap_ip_offset understands. */
static inline bool pcapencap_ip_parsable(int dlt)
{
	return dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_EN10MB || dlt == DLT_LINUX_SLL ||
	       dlt == DLT_NULL || dlt == DLT_LOOP || dlt == DLT_C_HDLC || dlt == DLT_PPP;
}

#endif
