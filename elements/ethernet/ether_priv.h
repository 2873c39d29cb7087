/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Ethernet/VLAN/ARP elements: VLAN annotation, address handlers. */
#ifndef NFCLICK_ELEMENTS_ETHER_PRIV_H
#define NFCLICK_ELEMENTS_ETHER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>
#include "../standard/batch_filter.h"

/*
 * VLAN TCI annotation (2 bytes, network order): Click's VLAN_TCI_ANNO.
 * packet.h has no slot for it yet; bytes 28-29 are unused by the others.
 */
#ifndef NFC_ANNO_VLAN_TCI
#define NFC_ANNO_VLAN_TCI 28
#endif

#define ETH_TYPE_OFFSET 12
#define ETH_VLAN_LEN 18

static inline uint16_t eth_vlan_tci_anno(const struct nfc_packet *p)
{
	uint16_t v;
	memcpy(&v, p->anno + NFC_ANNO_VLAN_TCI, 2);
	return v;
}
static inline void eth_set_vlan_tci_anno(struct nfc_packet *p, uint16_t tci_be)
{
	memcpy(p->anno + NFC_ANNO_VLAN_TCI, &tci_be, 2);
}

/* Click's set_ether_header(): MAC header at @h, network header right after. */
static inline void eth_set_ether_header(struct nfc_packet *p, unsigned char *h)
{
	nfc_packet_set_mac_header(p, h);
	nfc_packet_set_network_header(p, h + NFC_ETHER_LEN, 0);
}

/* A group (multicast or broadcast) Ethernet address? */
static inline bool eth_is_group(const uint8_t a[6])
{
	return a[0] & 1;
}
static inline bool eth_is_broadcast(const uint8_t a[6])
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xFF;
}

/*
 * Handler helpers for address fields stored at byte offset @thunk of the
 * element (NFC_FIELD_THUNK): read as Click prints them ("00-11-22-AA-BB-CC",
 * "10.0.0.1"), write accepting literals and AddressInfo names.
 */
int eth_read_ether_field(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh);
int eth_write_ether_field(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh);
int eth_read_ip_field(struct nfc_element *e, void *thunk, const char *param,
		      struct nfc_strbuf *out, struct nfc_errh *errh);
int eth_write_ip_field(struct nfc_element *e, void *thunk, const char *value,
		       struct nfc_errh *errh);

/* Write handler of an Ethernet type (0..65535) stored as a uint32_t at
 * byte offset @thunk (NFC_FIELD_THUNK). */
int eth_write_ethertype_field(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh);

/* Copy of @s without surrounding whitespace (heap; NULL on OOM). */
char *eth_trim(const char *s);

/*
 * Parse a VLAN_TCI word: "ANNO" (sets *use_anno) or an integer 0..0xFFFF.
 * Reports "VLAN_TCI: ..." through @errh on failure.
 */
int eth_parse_vlan_tci(const char *word, int32_t *tci, bool *use_anno, struct nfc_errh *errh);

/*
 * Per-packet steps of elements with an optional reject output 1
 * (nfc_step_fn of batch_filter.h): return ETH_KEEP (*pp, possibly
 * replaced, goes on), ETH_REJECT (*pp goes to output 1) or ETH_GONE
 * (consumed or freed). ETH_DEFINE_FILTER makes push() and pull().
 */
enum { ETH_KEEP = NFC_STEP_PASS, ETH_REJECT = NFC_STEP_ERROR, ETH_GONE = NFC_STEP_GONE };
#define ETH_DEFINE_FILTER(prefix, step) NFC_DEFINE_STEP_FILTER(prefix, step)

/*
 * VLAN tag settings shared by VLANEncap, EtherVLANEncap and SetVLANAnno:
 * VLAN_TCI (a word: ANNO or 0..0xFFFF), VLAN_PCP, VLAN_ID, NATIVE_VLAN.
 */
struct eth_vlan_conf {
	char *tci_word;
	int32_t pcp, id, native;
	/* results */
	bool use_anno;
	uint16_t tci_be;
	/* htons(native VLAN), or -1 for none: compared with the TCI's VID bits */
	int32_t native_be;
};
/* The VLAN_TCI, VLAN_PCP (both positional, in this order), VLAN_ID and
 * NATIVE_VLAN entries of an encapsulating element's table (T_: its
 * struct, M_: its struct eth_vlan_conf member). */
#define ETH_VLAN_ARGS(T_, M_)                                                                   \
	{ .keyword = "VLAN_TCI", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,             \
	  .offset = offsetof(T_, M_.tci_word), .doc = "TCI 0..0xFFFF or ANNO" },                  \
	{ .keyword = "VLAN_PCP", .type = NFC_ARG_INT32,                                          \
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0, .max = 7,                   \
	  .offset = offsetof(T_, M_.pcp), .doc = "priority code point" },                         \
	{ .keyword = "VLAN_ID", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = 0,      \
	  .max = 0xFFF, .offset = offsetof(T_, M_.id), .doc = "VLAN ID" },                         \
	{ .keyword = "NATIVE_VLAN", .type = NFC_ARG_INT32, .flags = NFC_ARGF_BOUNDED, .min = -1, \
	  .max = 0xFFF, .offset = offsetof(T_, M_.native), .doc = "VLAN sent untagged (-1: none)" }
/* Defaults before parsing. */
void eth_vlan_conf_init(struct eth_vlan_conf *v);
/* Compute the results after parsing; reports VLAN_TCI errors. */
int eth_vlan_conf_finish(struct eth_vlan_conf *v, struct nfc_errh *errh);
/* Click's config text: "ANNO" or "VLAN_ID x, VLAN_PCP y", then ", NATIVE_VLAN n". */
void eth_vlan_conf_unparse(const struct eth_vlan_conf *v, bool with_native,
			   struct nfc_strbuf *out);
/* Handlers vlan_tci, vlan_id, vlan_pcp on the struct eth_vlan_conf at byte
 * offset @off of @e; with @native (the encapsulating elements) also
 * native_vlan, and vlan_tci accepts ANNO. */
void eth_vlan_add_handlers(struct nfc_element *e, size_t off, bool native);

#endif
