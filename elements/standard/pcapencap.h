/* SPDX-License-Identifier: MIT */
/* Link-layer encapsulation names shared by FromDump and ToDump (Click's fakepcap names). */
#ifndef NFCLICK_ELEMENTS_PCAPENCAP_H
#define NFCLICK_ELEMENTS_PCAPENCAP_H

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
struct pcap_encap {
	const char *name;
	int linktype;
	int dlt;
};

static const struct pcap_encap pcap_encaps[] = {
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

#define PCAP_NENCAPS ((int)(sizeof pcap_encaps / sizeof pcap_encaps[0]))

/** File linktype for an ENCAP name ("ETHER", "IP", "#147"), or -1. */
static inline int pcap_encap_parse(const char *s)
{
	for (int i = 0; i < PCAP_NENCAPS; i++)
		if (strcmp(s, pcap_encaps[i].name) == 0)
			return pcap_encaps[i].linktype;
	if (s[0] == '#' && s[1] >= '0' && s[1] <= '9') {
		char *end;
		unsigned long v = strtoul(s + 1, &end, 10);
		if (*end == '\0' && v < 0x7FFFFFFF)
			return (int)v;
	}
	return -1;
}

/** Name of a libpcap DLT value for "encap" handlers (first name wins; "#N" otherwise). */
static inline const char *pcap_encap_dlt_name(int dlt, char *buf, size_t n)
{
	for (int i = 0; i < PCAP_NENCAPS; i++)
		if (pcap_encaps[i].dlt == dlt)
			return pcap_encaps[i].name;
	snprintf(buf, n, "#%d", dlt);
	return buf;
}

#endif
