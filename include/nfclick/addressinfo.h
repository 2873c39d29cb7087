/* SPDX-License-Identifier: MIT */
/* Named addresses (AddressInfo) and address parsers that accept those names. */
#ifndef NFCLICK_ADDRESSINFO_H
#define NFCLICK_ADDRESSINFO_H

#include <stdbool.h>
#include <stdint.h>

struct nfc_element;

/*
 * AddressInfo elements (configured early) record names for IPv4 addresses,
 * IPv4 prefixes and Ethernet addresses. A name defined by an AddressInfo
 * inside a compound is visible to the elements of that compound and of its
 * subcompounds; lookups start in the asking element's compound and move
 * outward. When no AddressInfo defines a name, the name of a network
 * device ("eth0") stands for that device's addresses, as in Click.
 *
 * Suffixes pick the kind of address, as in Click: NAME:ip / NAME:ip4,
 * NAME:bcast (broadcast address of NAME's prefix), NAME:gw (a gateway:
 * the prefix's first host), NAME:net / NAME:ipnet / NAME:ip4net,
 * NAME:eth / NAME:ether / NAME:ethernet.
 *
 * The query functions look names up only; the parse functions accept a
 * literal first and then a name, which is what configuration arguments
 * want. All return 0 on success and -1 (nothing stored) otherwise. They
 * are meant for configuration time: a lookup walks the router's elements.
 * @context may be NULL (then only literals and device names resolve).
 */

/** IPv4 address (network order) named @name, as seen from @context. */
int nfc_addressinfo_query_ip(const struct nfc_element *context, const char *name,
			     uint32_t *addr_be);
/** IPv4 prefix named @name; the address keeps its host bits. */
int nfc_addressinfo_query_ip_prefix(const struct nfc_element *context, const char *name,
				    uint32_t *addr_be, uint32_t *mask_be);
/** Ethernet address named @name. */
int nfc_addressinfo_query_ether(const struct nfc_element *context, const char *name,
				uint8_t out[6]);

/** A dotted quad, or a name resolving to an IPv4 address (Click's IPAddressArg). */
int nfc_addressinfo_parse_ip(const struct nfc_element *context, const char *s,
			     uint32_t *addr_be);
/**
 * A prefix ("10.0.0.0/8", "10.0/255.255.0.0") or a name resolving to one;
 * with @allow_bare, also an address (literal or named) taken as a /32
 * (Click's IPPrefixArg(true)).
 */
int nfc_addressinfo_parse_ip_prefix(const struct nfc_element *context, const char *s,
				    uint32_t *addr_be, uint32_t *mask_be, bool allow_bare);
/** "00:11:22:33:44:55" / "00-11-..." or a name resolving to an Ethernet address. */
int nfc_addressinfo_parse_ether(const struct nfc_element *context, const char *s,
				uint8_t out[6]);

#endif
