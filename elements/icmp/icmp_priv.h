/* SPDX-License-Identifier: MIT */
/* Helpers shared by the ICMP elements: type and code names, header sizes. */
#ifndef NFCLICK_ELEMENTS_ICMP_PRIV_H
#define NFCLICK_ELEMENTS_ICMP_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>

#define ICMPX_UNREACH_NEEDFRAG 4
#define ICMPX_PARAMPROB_ERRATPTR 0
#define ICMPX_IREQ 15
#define ICMPX_IREQREPLY 16
#define ICMPX_HEADER_LEN 8

/** An ICMP type: a name (Click's: echo, unreachable, timeexceeded, ...) or an integer. */
int icmpx_parse_type(const char *s, int32_t *type);
/** A code of @type: a name (port, needfrag, transit, erroratptr, ...) or an integer. */
int icmpx_parse_code(int32_t type, const char *s, int32_t *code);

/** Is @type an error message (unreachable, sourcequench, redirect, timeexceeded, paramprob)? */
static inline bool icmpx_is_error_type(int type)
{
	return type == NFC_ICMP_UNREACH || type == NFC_ICMP_SOURCEQUENCH ||
	       type == NFC_ICMP_REDIRECT || type == NFC_ICMP_TIMXCEED || type == NFC_ICMP_PARAMPROB;
}

/** Header length of an ICMP message of @type: 20 for timestamps, else 8. */
static inline uint32_t icmpx_header_len(int type)
{
	return type == NFC_ICMP_TSTAMP || type == NFC_ICMP_TSTAMPREPLY ? 20 : ICMPX_HEADER_LEN;
}

/** Does an ICMP message of @type carry identifier and sequence fields? */
static inline bool icmpx_is_sequenced(int type)
{
	return type == NFC_ICMP_ECHO || type == NFC_ICMP_ECHOREPLY || type == NFC_ICMP_TSTAMP ||
	       type == NFC_ICMP_TSTAMPREPLY || type == ICMPX_IREQ || type == ICMPX_IREQREPLY;
}

/** Handler helpers for a network-order IPv4 address at byte offset @thunk (AddressInfo names accepted). */
int icmpx_read_ip_field(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh);
int icmpx_write_ip_field(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh);

/** Fill a 20-byte IPv4 header (no options) and its checksum. */
void icmpx_fill_ip(struct nfc_ip *ip, uint32_t len, uint16_t id_host, uint8_t ttl, uint32_t src,
		   uint32_t dst);

#endif
