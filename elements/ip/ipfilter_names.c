/* SPDX-License-Identifier: MIT */
/* IPFilter language: names of primitive types, protocols, ports, TCP flags and ICMP types. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ip_priv.h"
#include "ipfilter_priv.h"

struct ipf_name {
	const char *name;
	int value;
};

/* Primitive-type words; IPF_TYPE_SYNTAX words are handled by the parser. */
static const struct ipf_name type_names[] = {
	{ "ce", IPF_TYPE_IPCE },
	{ "dest", IPF_TYPE_SYNTAX },
	{ "dscp", IPF_FIELD_DSCP },
	{ "dst", IPF_TYPE_SYNTAX },
	{ "ect", IPF_TYPE_IPECT },
	{ "ether", IPF_TYPE_SYNTAX },
	{ "frag", IPF_TYPE_IPFRAG },
	{ "hl", IPF_FIELD_HL },
	{ "host", IPF_TYPE_HOST },
	{ "id", IPF_FIELD_ID },
	{ "ip", IPF_TYPE_SYNTAX },
	{ "len", IPF_FIELD_IPLEN },
	{ "net", IPF_TYPE_NET },
	{ "not", IPF_TYPE_SYNTAX },
	{ "opt", IPF_TYPE_TCPOPT },
	{ "port", IPF_TYPE_PORT },
	{ "proto", IPF_TYPE_PROTO },
	{ "src", IPF_TYPE_SYNTAX },
	{ "tos", IPF_FIELD_TOS },
	{ "ttl", IPF_FIELD_TTL },
	{ "type", IPF_FIELD_ICMP_TYPE },
	{ "unfrag", IPF_TYPE_IPUNFRAG },
	{ "vers", IPF_FIELD_VERSION },
	{ "win", IPF_FIELD_TCP_WIN },
	{ NULL, 0 }
};

static const struct ipf_name proto_names[] = {
	{ "icmp", 1 },	   { "igmp", 2 },
	{ "ipip", 4 },	   { "tcp", 6 },
	{ "tcpudp", IPF_PROTO_TCP_OR_UDP },
	{ "transp", IPF_PROTO_TRANSP },
	{ "udp", 17 },	   { NULL, 0 }
};

static const struct ipf_name tcp_flag_names[] = {
	{ "ack", 0x10 }, { "fin", 0x01 }, { "psh", 0x08 }, { "rst", 0x04 },
	{ "syn", 0x02 }, { "urg", 0x20 }, { NULL, 0 }
};

static const struct ipf_name icmp_type_names[] = {
	{ "echo", 8 },
	{ "echo-reply", 0 },
	{ "inforeq", 15 },
	{ "inforeq-reply", 16 },
	{ "maskreq", 17 },
	{ "maskreq-reply", 18 },
	{ "parameterproblem", 12 },
	{ "redirect", 5 },
	{ "routeradvert", 9 },
	{ "routersolicit", 10 },
	{ "sourcequench", 4 },
	{ "timeexceeded", 11 },
	{ "timestamp", 13 },
	{ "timestamp-reply", 14 },
	{ "unreachable", 3 },
	{ NULL, 0 }
};

/* Well-known ports, for TCP and UDP alike; /etc/services is asked next. */
static const struct ipf_name port_names[] = {
	{ "auth", 113 },	{ "bootpc", 68 },	{ "bootps", 67 },    { "chargen", 19 },
	{ "daytime", 13 },	{ "discard", 9 },	{ "dns", 53 },	     { "domain", 53 },
	{ "echo", 7 },		{ "finger", 79 },	{ "ftp", 21 },	     { "ftp-data", 20 },
	{ "https", 443 },	{ "imap3", 220 },	{ "imaps", 993 },    { "irc", 194 },
	{ "netbios-dgm", 138 }, { "netbios-ns", 137 }, { "netbios-ssn", 139 }, { "nntp", 119 },
	{ "ntp", 123 },		{ "pop3", 110 },	{ "pop3s", 995 },    { "rip", 520 },
	{ "route", 520 },	{ "smtp", 25 },		{ "snmp", 161 },     { "snmp-trap", 162 },
	{ "ssh", 22 },		{ "sunrpc", 111 },	{ "telnet", 23 },    { "tftp", 69 },
	{ "www", 80 },		{ NULL, 0 }
};

static bool table_find(const struct ipf_name *t, const char *word, uint32_t *value)
{
	for (; t->name; t++)
		if (strcmp(t->name, word) == 0) {
			*value = (uint32_t)t->value;
			return true;
		}
	return false;
}

/* Could @word name a service? Spares the lookups for addresses, numbers
 * and operators. */
static bool maybe_port_name(const char *word)
{
	if (!isalpha((unsigned char)word[0]))
		return false;
	for (const char *c = word; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
			return false;
	return strcmp(word, "and") != 0 && strcmp(word, "or") != 0;
}

/* A port name: PortInfo's first, then the well-known ones, then /etc/services. */
static int32_t port_lookup(const struct nfc_element *context, const char *word, uint8_t proto)
{
	uint16_t port;
	uint32_t value;
	if (context && ipx_portinfo_lookup(context, word, proto, &port) == 0)
		return port;
	if (table_find(port_names, word, &value))
		return (int32_t)value;
	/* configuration time only: getservbyname is not reentrant */
	const struct servent *se = getservbyname(word, proto == 6 ? "tcp" : "udp");
	return se ? ntohs((uint16_t)se->s_port) : -1;
}

static uint32_t word_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The cached entry for @word, looked up when new; NULL on OOM (then the
 * caller asks directly). */
static const struct ipf_port_name *port_cached(struct ipf_parser *ps, const char *word)
{
	struct ipf_port_cache *c = ps->ports;
	if (!c)
		return NULL;
	if (2 * (c->n + 1) > c->cap) { /* grow: keep at most half full */
		int cap = c->cap ? 2 * c->cap : 64;
		struct ipf_port_name *e = calloc((size_t)cap, sizeof *e);
		if (!e)
			return NULL;
		for (int i = 0; i < c->cap; i++)
			if (c->e[i].word) {
				uint32_t h = word_hash(c->e[i].word) & (uint32_t)(cap - 1);
				while (e[h].word)
					h = (h + 1) & (uint32_t)(cap - 1);
				e[h] = c->e[i];
			}
		free(c->e);
		c->e = e;
		c->cap = cap;
	}
	uint32_t h = word_hash(word) & (uint32_t)(c->cap - 1);
	while (c->e[h].word && strcmp(c->e[h].word, word) != 0)
		h = (h + 1) & (uint32_t)(c->cap - 1);
	struct ipf_port_name *e = &c->e[h];
	if (!e->word) {
		if (!(e->word = strdup(word)))
			return NULL;
		e->tcp = port_lookup(ps->context, word, 6);
		e->udp = port_lookup(ps->context, word, 17);
		c->n++;
	}
	return e;
}

static bool port_find(struct ipf_parser *ps, const char *word, uint8_t proto, uint32_t *value)
{
	if (!maybe_port_name(word))
		return false;
	const struct ipf_port_name *e = port_cached(ps, word);
	int32_t port = e ? (proto == 6 ? e->tcp : e->udp) : port_lookup(ps->context, word, proto);
	if (port < 0)
		return false;
	*value = (uint32_t)port;
	return true;
}

void ipf_port_cache_free(struct ipf_port_cache *c)
{
	for (int i = 0; i < c->cap; i++)
		free(c->e[i].word);
	free(c->e);
	c->e = NULL;
	c->n = c->cap = 0;
}

void ipf_unparse_proto(int proto, char *buf, size_t n)
{
	for (const struct ipf_name *t = proto_names; t->name; t++)
		if (t->value == proto) {
			snprintf(buf, n, "%s", t->name);
			return;
		}
	if (proto == IPF_UNKNOWN)
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "ip proto %d", proto);
}

static const char *field_name(int type)
{
	switch (type) {
	case IPF_FIELD_IPLEN: return "ip len";
	case IPF_FIELD_ID: return "ip id";
	case IPF_FIELD_VERSION: return "ip vers";
	case IPF_FIELD_HL: return "ip hl";
	case IPF_FIELD_TOS: return "ip tos";
	case IPF_FIELD_DSCP: return "ip dscp";
	case IPF_FIELD_TTL: return "ip ttl";
	case IPF_FIELD_TCP_WIN: return "tcp win";
	case IPF_FIELD_ICMP_TYPE: return "icmp type";
	default: return NULL;
	}
}

void ipf_unparse_type(int srcdst, int type, char *buf, size_t n)
{
	static const char *const sd[] = { "", "src ", "dst ", "src and dst ", "src or dst " };
	const char *name = NULL;
	char tmp[64];
	switch (type) {
	case IPF_TYPE_NONE: name = "<none>"; break;
	case IPF_TYPE_HOST: name = "ip host"; break;
	case IPF_TYPE_PROTO: name = "proto"; break;
	case IPF_TYPE_ETHER: name = "ether host"; break;
	case IPF_TYPE_IPFRAG: name = "ip frag"; break;
	case IPF_TYPE_PORT: name = "port"; break;
	case IPF_TYPE_TCPOPT: name = "tcp opt"; break;
	case IPF_TYPE_NET: name = "ip net"; break;
	case IPF_TYPE_IPUNFRAG: name = "ip unfrag"; break;
	case IPF_TYPE_IPECT: name = "ip ect"; break;
	case IPF_TYPE_IPCE: name = "ip ce"; break;
	default:
		if (type > 0 && (type & IPF_TYPE_FIELD)) {
			name = field_name(type);
			if (!name) {
				int proto = (type & IPF_FIELD_PROTO_MASK) >> IPF_FIELD_PROTO_SHIFT;
				char p[32];
				ipf_unparse_proto(proto ? proto : IPF_UNKNOWN, p, sizeof p);
				snprintf(tmp, sizeof tmp, "%s[...]", proto ? p : "ip");
				name = tmp;
			}
		} else {
			snprintf(tmp, sizeof tmp, "<unknown type %d>", type);
			name = tmp;
		}
	}
	snprintf(buf, n, "%s%s", srcdst >= 1 && srcdst <= 4 ? sd[srcdst] : "", name);
}

/* "icmp type echo", "tcp port www": a word as it could have been meant. */
static void unparse_word(int type, int proto, const char *word, char *buf, size_t n)
{
	char t[64] = "", p[32] = "";
	if (type)
		ipf_unparse_type(0, type, t, sizeof t);
	ipf_unparse_proto(proto, p, sizeof p);
	snprintf(buf, n, "%s%s%s%s%s", t, *t ? " " : "", p, *p ? " " : "", word);
}

int ipf_lookup(const char *word, int type, int proto, uint32_t *data, struct ipf_parser *ps,
	       bool report)
{
	/* type words win */
	if ((type == 0 || type == IPF_TYPE_TYPE) && table_find(type_names, word, data))
		return *data == IPF_TYPE_SYNTAX ? -1 : IPF_TYPE_TYPE;

	static const int db_type[5] = { IPF_TYPE_PROTO, IPF_TYPE_PORT, IPF_TYPE_PORT,
					IPF_TYPE_TCPOPT, IPF_FIELD_ICMP_TYPE };
	bool got[5];
	uint32_t val[5] = { 0 };
	got[0] = table_find(proto_names, word, &val[0]);
	got[1] = port_find(ps, word, 6, &val[1]);
	got[2] = port_find(ps, word, 17, &val[2]);
	got[3] = table_find(tcp_flag_names, word, &val[3]);
	got[4] = table_find(icmp_type_names, word, &val[4]);
	if (!got[0] && !got[1] && !got[2] && !got[3] && !got[4])
		return -1;

	/* keep the meanings that fit the type and protocol */
	bool tcp_ok = proto == IPF_UNKNOWN || proto == 6 || proto == IPF_PROTO_TCP_OR_UDP;
	bool udp_ok = proto == IPF_UNKNOWN || proto == 17 || proto == IPF_PROTO_TCP_OR_UDP;
	bool fit[5];
	fit[0] = got[0] && (type == 0 || type == IPF_TYPE_PROTO);
	fit[1] = got[1] && (type == 0 || type == IPF_TYPE_PORT) && tcp_ok;
	fit[2] = got[2] && (type == 0 || type == IPF_TYPE_PORT) && udp_ok;
	fit[3] = got[3] && (type == 0 || type == IPF_TYPE_TCPOPT) && tcp_ok;
	fit[4] = got[4] && (type == 0 || type == IPF_FIELD_ICMP_TYPE) &&
		 (proto == IPF_UNKNOWN || proto == 1);
	if (fit[1] && fit[2] && val[1] == val[2])
		fit[2] = false; /* one port number for TCP and UDP */

	int nfit = 0, which = -1;
	for (int i = 0; i < 5; i++)
		if (fit[i]) {
			nfit++;
			which = i;
		}
	if (nfit == 1) {
		*data = val[which];
		return db_type[which];
	}
	if (report) {
		char tries[512] = "", w[128];
		size_t len = 0;
		for (int i = 0; i < 5; i++) {
			if (!got[i] || (i == 2 && got[1]))
				continue; /* "port X" once for TCP and UDP */
			unparse_word(db_type[i], IPF_UNKNOWN, word, w, sizeof w);
			len += (size_t)snprintf(tries + len, len < sizeof tries ? sizeof tries - len : 0,
						"%s'%s'", len ? ", " : "", w);
			if (len >= sizeof tries)
				len = sizeof tries - 1;
		}
		unparse_word(type == IPF_TYPE_TYPE ? 0 : type, proto, word, w, sizeof w);
		ipf_error(ps, "'%s' is %s; try %s", w, nfit > 1 ? "ambiguous" : "meaningless",
			  tries);
	}
	return -2;
}
