/* SPDX-License-Identifier: MIT */
/* Out-of-line helpers of the IP elements (see ip_priv.h): counters, error outputs, parsers. */
#include <ctype.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include "ip_priv.h"

uint64_t ipx_counter_sum(const struct ipx_counter *c)
{
	uint64_t s = 0;
	for (int i = 0; i < NFC_MAX_THREADS; i++)
		s += c->v[i];
	return s;
}

int ipx_read_counter(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	(void)param;
	(void)errh;
	const struct ipx_counter *c = (const void *)((char *)e + (uintptr_t)thunk);
	nfc_strbuf_printf(out, "%llu", (unsigned long long)ipx_counter_sum(c));
	return 0;
}

void ipx_emit_errors(struct nfc_element *e, struct nfc_batch *err)
{
	if (e->noutputs > 1) {
		nfc_push(e, 1, err);
		return;
	}
	for (unsigned i = 0; i < err->count; i++)
		nfc_element_drop(e, err->pkts[i]);
	err->count = 0;
}

void ipx_emit_error(struct nfc_element *e, struct nfc_packet *p)
{
	if (e->noutputs > 1)
		nfc_push_packet(e, 1, p);
	else
		nfc_element_drop(e, p);
}

void ipx_chatter(struct nfc_element *e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct nfc_errh *errh = e->router ? nfc_router_errh(e->router) : NULL;
	if (errh)
		nfc_message(errh, "%s", buf);
	else
		fprintf(stderr, "%s\n", buf);
}

int ipx_configure_noargs(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	static const struct nfc_arg_spec none[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, none, errh, NULL);
}

int ipx_parse_anno4(const char *s, uint32_t *off)
{
	static const struct {
		const char *name;
		uint32_t off;
	} names[] = {
		{ "DST_IP", NFC_ANNO_DST_IP },
		{ "FWD_RATE", NFC_ANNO_FWD_RATE },
		{ "REV_RATE", NFC_ANNO_REV_RATE },
		{ "AGGREGATE", NFC_ANNO_AGGREGATE },
		{ "SEQUENCE", NFC_ANNO_SEQUENCE },
		{ "EXTRA_PACKETS", NFC_ANNO_EXTRA_PACKETS },
		{ "EXTRA_LENGTH", NFC_ANNO_EXTRA_LENGTH },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*off = names[i].off;
			return 0;
		}
	if (nfc_parse_uint32(s, off) < 0 || *off + 4 > NFC_ANNO_SIZE)
		return -1;
	return 0;
}

int ipx_parse_ip_proto(const char *s, uint32_t *proto)
{
	/* Click's built-in names (NameInfo T_IP_PROTO), then /etc/protocols. */
	static const struct {
		const char *name;
		uint32_t proto;
	} names[] = {
		{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 },
		{ "udp", 17 }, { "ipv6", 41 }, { "gre", 47 }, { "esp", 50 },
		{ "ah", 51 }, { "icmp6", 58 }, { "icmpv6", 58 }, { "ospf", 89 },
		{ "pim", 103 }, { "sctp", 132 },
	};
	if (nfc_parse_uint32(s, proto) == 0)
		return *proto <= 255 ? 0 : -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*proto = names[i].proto;
			return 0;
		}
	return -1;
}

int ipx_parse_port(const char *s, uint8_t proto, uint16_t *port)
{
	uint32_t v;
	if (nfc_parse_uint32(s, &v) == 0) {
		if (v > 65535)
			return -1;
		*port = (uint16_t)v;
		return 0;
	}
	if (!*s || !isalpha((unsigned char)*s))
		return -1;
	/* getservbyname is not reentrant, but configuration runs on one thread. */
	struct servent *se = getservbyname(s, proto == NFC_IP_PROTO_TCP ? "tcp" : "udp");
	if (!se)
		return -1;
	*port = ntohs((uint16_t)se->s_port);
	return 0;
}

int ipx_list_add(uint32_t **list, int *n, uint32_t addr)
{
	uint32_t *nl = realloc(*list, (size_t)(*n + 1) * sizeof(*nl));
	if (!nl)
		return -1;
	nl[(*n)++] = addr;
	*list = nl;
	return 0;
}

int ipx_parse_ip_list(const char *s, uint32_t **list, int *n)
{
	char **words;
	int nwords;
	if (nfc_split_words(s, &words, &nwords) < 0)
		return -1;
	int r = 0;
	for (int i = 0; i < nwords && r == 0; i++) {
		uint32_t a;
		if (nfc_parse_ip(words[i], &a) < 0 || ipx_list_add(list, n, a) < 0)
			r = -1;
	}
	nfc_words_free(words, nwords);
	return r;
}
