/* SPDX-License-Identifier: MIT */
/* Shared helpers of the Ethernet elements: address handlers, VLAN TCI words. */
#include <ctype.h>
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "ether_priv.h"

char *eth_trim(const char *s)
{
	if (!s)
		s = "";
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

int eth_read_ether_field(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char buf[18];
	nfc_strbuf_puts(out, nfc_ether_unparse((const uint8_t *)e + (uintptr_t)thunk, buf));
	return 0;
}

int eth_write_ether_field(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	char *v = eth_trim(value);
	uint8_t a[6];
	int r = v ? nfc_addressinfo_parse_ether(e, v, a) : -1;
	free(v);
	if (r < 0)
		return nfc_error(errh, "expected Ethernet address");
	memcpy((uint8_t *)e + (uintptr_t)thunk, a, 6);
	return 0;
}

int eth_read_ip_field(struct nfc_element *e, void *thunk, const char *param,
		      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char buf[16];
	uint32_t a;
	memcpy(&a, (const uint8_t *)e + (uintptr_t)thunk, 4);
	nfc_strbuf_puts(out, nfc_ip_unparse(a, buf));
	return 0;
}

int eth_write_ip_field(struct nfc_element *e, void *thunk, const char *value,
		       struct nfc_errh *errh)
{
	char *v = eth_trim(value);
	uint32_t a;
	int r = v ? nfc_addressinfo_parse_ip(e, v, &a) : -1;
	free(v);
	if (r < 0)
		return nfc_error(errh, "expected IP address");
	memcpy((uint8_t *)e + (uintptr_t)thunk, &a, 4);
	return 0;
}

int eth_write_ethertype_field(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	char *v = eth_trim(value);
	uint32_t t;
	int r = v ? nfc_parse_uint32(v, &t) : -1;
	free(v);
	if (r < 0 || t > 0xFFFF)
		return nfc_error(errh, "ETHERTYPE: expected integer between 0 and 65535");
	memcpy((uint8_t *)e + (uintptr_t)thunk, &t, 4);
	return 0;
}

int eth_parse_vlan_tci(const char *word, int32_t *tci, bool *use_anno, struct nfc_errh *errh)
{
	/* Click compares the first four characters: "ANNO" exactly. */
	if (strncmp(word, "ANNO", 4) == 0 && word[4] == '\0') {
		*use_anno = true;
		return 0;
	}
	int32_t v;
	if (nfc_parse_int32(word, &v) < 0)
		return nfc_error(errh, "VLAN_TCI: expected integer");
	if (v < 0 || v > 0xFFFF)
		return nfc_error(errh, "VLAN_TCI: out of range, must be between 0 and 65535");
	*tci = v;
	*use_anno = false;
	return 0;
}

void eth_vlan_conf_init(struct eth_vlan_conf *v)
{
	v->tci_word = NULL;
	v->pcp = 0;
	v->id = 0;
	v->native = 0;
	v->use_anno = false;
	v->tci_be = 0;
	v->native_be = 0;
}

/* The TCI from its parts: an explicit VLAN_TCI wins over VLAN_ID; the PCP
 * is or'ed in (Click's rule). */
static void eth_vlan_compute(struct eth_vlan_conf *v, int32_t tci)
{
	v->tci_be = htons((uint16_t)((tci >= 0 ? tci : v->id) | (v->pcp << 13)));
	v->native_be = v->native >= 0 ? htons((uint16_t)v->native) : -1;
}

int eth_vlan_conf_finish(struct eth_vlan_conf *v, struct nfc_errh *errh)
{
	int32_t tci = -1;
	v->use_anno = false;
	if (v->tci_word && eth_parse_vlan_tci(v->tci_word, &tci, &v->use_anno, errh) < 0)
		return -1;
	eth_vlan_compute(v, tci);
	return 0;
}

void eth_vlan_conf_unparse(const struct eth_vlan_conf *v, bool with_native,
			   struct nfc_strbuf *out)
{
	uint16_t tci = ntohs(v->tci_be);
	if (v->use_anno)
		nfc_strbuf_puts(out, "ANNO");
	else
		nfc_strbuf_printf(out, "VLAN_ID %u, VLAN_PCP %u", tci & 0xFFFu, (tci >> 13) & 7u);
	if (with_native && v->native != 0)
		nfc_strbuf_printf(out, ", NATIVE_VLAN %d", (int)v->native);
}

#define ETH_VLAN(e, thunk) ((struct eth_vlan_conf *)((char *)(e) + (uintptr_t)(thunk)))

static int eth_vlan_read(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	/* the thunk's low 2 bits select the field, bit 2 forbids ANNO, the
	 * rest is the offset */
	uintptr_t t = (uintptr_t)thunk;
	const struct eth_vlan_conf *v = ETH_VLAN(e, t >> 3);
	uint16_t tci = ntohs(v->tci_be);
	switch (t & 3) {
	case 0:
		if (v->use_anno)
			nfc_strbuf_puts(out, "ANNO");
		else
			nfc_strbuf_printf(out, "%u", tci);
		break;
	case 1: nfc_strbuf_printf(out, "%u", tci & 0xFFFu); break;
	case 2: nfc_strbuf_printf(out, "%u", (tci >> 13) & 7u); break;
	default: nfc_strbuf_printf(out, "%d", (int)v->native); break;
	}
	return 0;
}

static int eth_vlan_write(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	uintptr_t t = (uintptr_t)thunk;
	struct eth_vlan_conf *v = ETH_VLAN(e, t >> 3);
	char *s = eth_trim(value);
	if (!s)
		return nfc_error(errh, "out of memory");
	int r = 0;
	int32_t x;
	uint16_t tci = ntohs(v->tci_be);
	switch (t & 3) {
	case 0: {
		bool anno;
		if (eth_parse_vlan_tci(s, &x, &anno, errh) < 0) {
			r = -1;
			break;
		}
		if (anno && (t & 4)) {
			r = nfc_error(errh, "VLAN_TCI: expected integer");
			break;
		}
		v->use_anno = anno;
		if (!anno) {
			v->tci_be = htons((uint16_t)x);
			v->id = x & 0xFFF;
			v->pcp = (x >> 13) & 7;
		}
		break;
	}
	case 1:
		if (nfc_parse_int32(s, &x) < 0 || x < 0 || x > 0xFFF)
			r = nfc_error(errh, "VLAN_ID: expected integer between 0 and 4095");
		else {
			v->id = x;
			v->tci_be = htons((uint16_t)((tci & ~0xFFFu) | (unsigned)x));
		}
		break;
	case 2:
		if (nfc_parse_int32(s, &x) < 0 || x < 0 || x > 7)
			r = nfc_error(errh, "VLAN_PCP: expected integer between 0 and 7");
		else {
			v->pcp = x;
			v->tci_be = htons((uint16_t)((tci & 0x1FFFu) | ((unsigned)x << 13)));
		}
		break;
	default:
		if (nfc_parse_int32(s, &x) < 0 || x < -1 || x > 0xFFF)
			r = nfc_error(errh, "NATIVE_VLAN: expected integer between -1 and 4095");
		else {
			v->native = x;
			v->native_be = x >= 0 ? htons((uint16_t)x) : -1;
		}
		break;
	}
	free(s);
	return r;
}

void eth_vlan_add_handlers(struct nfc_element *e, size_t off, bool native)
{
	static const char *const names[] = { "vlan_tci", "vlan_id", "vlan_pcp", "native_vlan" };
	for (uintptr_t i = 0; i < (native ? 4u : 3u); i++) {
		void *thunk = (void *)((off << 3) | (native ? 0u : 4u) | i);
		nfc_add_read_handler(e, names[i], eth_vlan_read, thunk, 0);
		nfc_add_write_handler(e, names[i], eth_vlan_write, thunk, 0);
	}
}
