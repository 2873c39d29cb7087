/* SPDX-License-Identifier: MIT */
/* ICMP type/code names (Click's NameInfo tables) and small shared helpers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/addressinfo.h>
#include "icmp_priv.h"

struct icmpx_name {
	const char *name;
	int32_t value;
};

static const struct icmpx_name icmpx_types[] = {
	{ "echo", 8 },		 { "echo-reply", 0 },	   { "inforeq", 15 },
	{ "inforeq-reply", 16 }, { "maskreq", 17 },	   { "maskreq-reply", 18 },
	{ "parameterproblem", 12 }, { "redirect", 5 },	   { "routeradvert", 9 },
	{ "routersolicit", 10 }, { "sourcequench", 4 },	   { "timeexceeded", 11 },
	{ "timestamp", 13 },	 { "timestamp-reply", 14 }, { "unreachable", 3 },
	{ NULL, 0 },
};

static const struct icmpx_name icmpx_unreach_codes[] = {
	{ "filterprohibited", 13 }, { "host", 1 },	    { "hostprecedence", 14 },
	{ "hostprohibited", 10 },   { "hostunknown", 7 },   { "isolated", 8 },
	{ "needfrag", 4 },	    { "net", 0 },	    { "netprohibited", 9 },
	{ "netunknown", 6 },	    { "port", 3 },	    { "precedencecutoff", 15 },
	{ "protocol", 2 },	    { "srcroutefail", 5 },  { "toshost", 12 },
	{ "tosnet", 11 },	    { NULL, 0 },
};

static const struct icmpx_name icmpx_redirect_codes[] = {
	{ "host", 1 }, { "net", 0 }, { "toshost", 3 }, { "tosnet", 2 }, { NULL, 0 },
};

static const struct icmpx_name icmpx_timxceed_codes[] = {
	{ "reassembly", 1 }, { "transit", 0 }, { NULL, 0 },
};

static const struct icmpx_name icmpx_paramprob_codes[] = {
	{ "erroratptr", 0 }, { "length", 2 }, { "missingopt", 1 }, { NULL, 0 },
};

static int icmpx_lookup(const struct icmpx_name *t, const char *s, int32_t *out)
{
	for (; t && t->name; t++)
		if (strcmp(t->name, s) == 0) {
			*out = t->value;
			return 0;
		}
	return nfc_parse_int32(s, out);
}

int icmpx_parse_type(const char *s, int32_t *type)
{
	return s ? icmpx_lookup(icmpx_types, s, type) : -1;
}

int icmpx_parse_code(int32_t type, const char *s, int32_t *code)
{
	const struct icmpx_name *t = NULL;
	switch (type) {
	case NFC_ICMP_UNREACH: t = icmpx_unreach_codes; break;
	case NFC_ICMP_REDIRECT: t = icmpx_redirect_codes; break;
	case NFC_ICMP_TIMXCEED: t = icmpx_timxceed_codes; break;
	case NFC_ICMP_PARAMPROB: t = icmpx_paramprob_codes; break;
	}
	return s ? icmpx_lookup(t, s, code) : -1;
}

int icmpx_read_ip_field(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char buf[16];
	uint32_t a;
	memcpy(&a, (const char *)e + (uintptr_t)thunk, 4);
	nfc_strbuf_puts(out, nfc_ip_unparse(a, buf));
	return 0;
}

int icmpx_write_ip_field(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	if (!value)
		value = "";
	while (isspace((unsigned char)*value))
		value++;
	char *v = strdup(value);
	if (!v)
		return nfc_error(errh, "out of memory");
	size_t n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		v[--n] = '\0';
	uint32_t a;
	int r = nfc_addressinfo_parse_ip(e, v, &a);
	free(v);
	if (r < 0)
		return nfc_error(errh, "expected IP address");
	memcpy((char *)e + (uintptr_t)thunk, &a, 4);
	return 0;
}

void icmpx_fill_ip(struct nfc_ip *ip, uint32_t len, uint16_t id_host, uint8_t ttl, uint32_t src,
		   uint32_t dst)
{
	ip->vhl = 0x45;
	ip->tos = 0;
	ip->len = htons((uint16_t)len);
	ip->id = htons(id_host);
	ip->off = 0;
	ip->ttl = ttl;
	ip->p = NFC_IP_PROTO_ICMP;
	ip->sum = 0;
	ip->src = src;
	ip->dst = dst;
	ip->sum = nfc_in_cksum(ip, sizeof(*ip));
}
