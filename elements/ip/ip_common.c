/* SPDX-License-Identifier: MIT */
/* Out-of-line helpers of the IP elements (see ip_priv.h): counters, error outputs, parsers. */
#include <ctype.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include <nfclick/addressinfo.h>
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

int ipx_parse_port(const struct nfc_element *context, const char *s, uint8_t proto,
		   uint16_t *port)
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
	if (ipx_portinfo_lookup(context, s, proto, port) == 0)
		return 0;
	/* getservbyname is not reentrant, but configuration runs on one thread. */
	const char *p1 = proto == NFC_IP_PROTO_TCP ? "tcp" : "udp";
	struct servent *se = getservbyname(s, p1);
	/* well-known numbers are shared; some systems list a name for one only */
	if (!se)
		se = getservbyname(s, proto == NFC_IP_PROTO_TCP ? "udp" : "tcp");
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

int ipx_parse_ip_list(const struct nfc_element *context, const char *s, uint32_t **list, int *n)
{
	char **words;
	int nwords;
	if (nfc_split_words(s, &words, &nwords) < 0)
		return -1;
	int r = 0;
	for (int i = 0; i < nwords && r == 0; i++) {
		uint32_t a;
		if (nfc_addressinfo_parse_ip(context, words[i], &a) < 0 || ipx_list_add(list, n, a) < 0)
			r = -1;
	}
	nfc_words_free(words, nwords);
	return r;
}

int ipx_checker_configure(struct nfc_element *e, size_t chk_offset, struct nfc_conf *conf,
			  struct nfc_errh *errh)
{
	struct nfc_arg_spec specs[] = {
		{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL,
		  .offset = chk_offset + offsetof(struct ipx_checker, verbose),
		  .doc = "report every bad packet" },
		{ .keyword = "DETAILS", .type = NFC_ARG_BOOL,
		  .offset = chk_offset + offsetof(struct ipx_checker, details),
		  .doc = "count drops per reason" },
		NFC_ARGS_END
	};
	struct ipx_checker *chk = (struct ipx_checker *)((char *)e + chk_offset);
	chk->verbose = chk->details = false;
	return nfc_args_parse(e, conf, specs, errh, NULL);
}

void ipx_checker_reject(struct nfc_element *e, struct ipx_checker *chk, int reason)
{
	int first = !__atomic_exchange_n(&chk->warned, 1, __ATOMIC_RELAXED);
	if (first || chk->verbose)
		ipx_chatter(e, "%s: %s header check failed: %s", e->name, chk->what,
			    chk->reason_texts[reason]);
	ipx_count(&chk->drops, 1);
	if (chk->details)
		ipx_count(&chk->reasons[reason], 1);
}

static int checker_read_details(struct nfc_element *e, void *thunk, const char *param,
				struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct ipx_checker *chk = (const void *)((char *)e + (uintptr_t)thunk);
	for (int i = 0; i < IPX_CHECK_NREASONS; i++)
		nfc_strbuf_printf(out, "%llu\t%s\n",
				  (unsigned long long)ipx_counter_sum(&chk->reasons[i]),
				  chk->reason_texts[i]);
	return 0;
}

int ipx_checker_add_handlers(struct nfc_element *e, size_t chk_offset)
{
	const struct ipx_checker *chk = (const void *)((char *)e + chk_offset);
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     (void *)(uintptr_t)(chk_offset + offsetof(struct ipx_checker, drops)), 0);
	if (chk->details)
		nfc_add_read_handler(e, "drop_details", checker_read_details,
				     (void *)(uintptr_t)chk_offset, 0);
	return 0;
}
