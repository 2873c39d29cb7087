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

/* Push @rej on output 1, or drop its packets (counted) without one. */
void eth_reject_batch(struct nfc_element *e, struct nfc_batch *rej);

/*
 * Per-packet steps of elements with an optional reject output 1: return
 * ETH_KEEP (*pp, possibly replaced, goes on), ETH_REJECT (*pp goes to
 * output 1) or ETH_GONE (consumed or freed).
 */
enum { ETH_KEEP = 0, ETH_REJECT = 1, ETH_GONE = 2 };
typedef int (*eth_step_fn)(struct nfc_element *e, struct nfc_packet **pp);

/* Run @step over b->pkts[from..], keeping passing packets in order. Inlined
 * so the step is a direct call. */
static inline __attribute__((always_inline)) void eth_filter(struct nfc_element *e,
							     struct nfc_batch *b, unsigned from,
							     eth_step_fn step)
{
	struct nfc_batch rej;
	rej.count = 0;
	unsigned k = from, n = b->count;
	for (unsigned i = from; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		int r = step(e, &p);
		if (__builtin_expect(r == ETH_KEEP, 1))
			b->pkts[k++] = p;
		else if (r == ETH_REJECT)
			rej.pkts[rej.count++] = p;
	}
	b->count = k;
	if (rej.count)
		eth_reject_batch(e, &rej);
}

/* push() and pull() for an element made of one eth_filter step. */
#define ETH_DEFINE_FILTER(prefix, step)                                                      \
	static void prefix##_push(struct nfc_element *e, int port, struct nfc_batch *b)       \
	{                                                                                      \
		(void)port;                                                                    \
		eth_filter(e, b, 0, step);                                                     \
		nfc_push(e, 0, b);                                                             \
	}                                                                                      \
	static unsigned prefix##_pull(struct nfc_element *e, int port, struct nfc_batch *out, \
				      unsigned max)                                            \
	{                                                                                      \
		(void)port;                                                                    \
		unsigned before = out->count;                                                  \
		nfc_pull(e, 0, out, max);                                                      \
		eth_filter(e, out, before, step);                                              \
		return out->count - before;                                                    \
	}

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
