/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Ethernet/VLAN/ARP elements: VLAN annotation, address handlers. */
#ifndef NFCLICK_ELEMENTS_ETHER_PRIV_H
#define NFCLICK_ELEMENTS_ETHER_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>

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

/* Copy of @s without surrounding whitespace (heap; NULL on OOM). */
char *eth_trim(const char *s);

/*
 * Parse a VLAN_TCI word: "ANNO" (sets *use_anno) or an integer 0..0xFFFF.
 * Reports "VLAN_TCI: ..." through @errh on failure.
 */
int eth_parse_vlan_tci(const char *word, int32_t *tci, bool *use_anno, struct nfc_errh *errh);

/* Send @p to output 1 when the element has one, else drop it (counted). */
static inline void eth_reject(struct nfc_element *e, struct nfc_packet *p)
{
	if (e->noutputs > 1)
		nfc_push_packet(e, 1, p);
	else
		nfc_element_drop(e, p);
}

#endif
