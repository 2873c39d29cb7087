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
