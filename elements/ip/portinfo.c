/* SPDX-License-Identifier: MIT */
/* PortInfo: names for TCP and UDP ports, visible to the elements of its compound. */

/*
 * =c
 * PortInfo(NAME PORT[/PROTOCOL], ...)
 * =s information
 * stores named TCP/UDP port information
 * =d
 * Lets you use mnemonic names for TCP and UDP ports. Each argument has the
 * form 'NAME PORT[/PROTOCOL]', which associates the given PORT/PROTOCOL
 * pair with the NAME. If PROTOCOL is left off, the NAME applies to both
 * TCP and UDP. For example, in a configuration containing
 *
 *    PortInfo(ssh 22, http 80),
 *
 * configuration strings can use 'ssh' and 'http' as mnemonics for the port
 * numbers 22 and 80, respectively (UDPIPEncap's ports, for one).
 *
 * PortInfo names are local with respect to compound elements. That is,
 * names created inside a compound element apply only within that compound
 * element and its subelements; inner names hide outer ones.
 *
 * If no PortInfo defines a name, the system's services database
 * (getservbyname, /etc/services) is used.
 *
 * PortInfo parses arguments with more than one name, as
 * 'NAME PORT/PROTOCOL NAME...', and ignores words from one starting with
 * '#' (and empty arguments), so lines from /etc/services can be used
 * verbatim as arguments.
 * =a AddressInfo, UDPIPEncap
 */
#include <stdlib.h>
#include <strings.h>
#include "ip_priv.h"

/* A name; proto 0 stands for TCP and UDP. */
struct portinfo_def {
	char *name;
	uint16_t port;
	uint8_t proto;
};

struct portinfo {
	struct nfc_element e;
	struct portinfo_def *defs;
	int ndefs;
};

static const struct nfc_element_class portinfo_class;

static void portinfo_cleanup(struct nfc_element *e)
{
	struct portinfo *pi = (struct portinfo *)e;
	for (int i = 0; i < pi->ndefs; i++)
		free(pi->defs[i].name);
	free(pi->defs);
	pi->defs = NULL;
	pi->ndefs = 0;
}

static int portinfo_define(struct portinfo *pi, const char *name, uint16_t port, uint8_t proto)
{
	struct portinfo_def *nd = realloc(pi->defs, (size_t)(pi->ndefs + 1) * sizeof(*nd));
	if (!nd)
		return -1;
	pi->defs = nd;
	char *n = strdup(name);
	if (!n)
		return -1;
	pi->defs[pi->ndefs++] = (struct portinfo_def){ n, port, proto };
	return 0;
}

/* "PORT" or "PORT/PROTOCOL" (protocol a number or tcp/udp). */
static int portinfo_parse_port(const char *s, uint16_t *port, uint8_t *proto)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	uint32_t v, p = 0;
	if (nfc_parse_uint32(buf, &v) < 0 || v > 65535)
		return -1;
	if (slash && ipx_parse_ip_proto(slash + 1, &p) < 0)
		return -1;
	*port = (uint16_t)v;
	*proto = (uint8_t)p;
	return 0;
}

static int portinfo_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct portinfo *pi = (struct portinfo *)e;
	portinfo_cleanup(e);
	int errors = 0;
	for (int i = 0; i < conf->argc; i++) {
		char **w;
		int nw;
		if (nfc_split_words(conf->argv[i], &w, &nw) < 0)
			return nfc_error(errh, "out of memory");
		uint16_t port;
		uint8_t proto;
		if (nw == 0 || w[0][0] == '#')
			;
		else if (nw < 2 || portinfo_parse_port(w[1], &port, &proto) < 0)
			errors += nfc_error(errh, "expected 'NAME PORT[/PROTOCOL]', not '%s'",
					    conf->argv[i]) < 0;
		else
			for (int j = 0; j < nw; j = j ? j + 1 : 2) {
				if (w[j][0] == '#')
					break;
				if (portinfo_define(pi, w[j], port, proto) < 0) {
					errors += nfc_error(errh, "out of memory") < 0;
					break;
				}
			}
		nfc_words_free(w, nw);
	}
	return errors ? -1 : 0;
}

/* Compound prefix length of a flat name ("comp/" of "comp/x"). */
static size_t portinfo_context_len(const char *name)
{
	const char *slash = strrchr(name, '/');
	return slash ? (size_t)(slash - name) + 1 : 0;
}

int ipx_portinfo_lookup(const struct nfc_element *context, const char *name, uint8_t proto,
			uint16_t *port)
{
	if (!context || !context->router || !context->name)
		return -1;
	const struct nfc_router *r = context->router;
	int n = nfc_router_nelements(r);
	const char *ctx = context->name;
	size_t len = portinfo_context_len(ctx);
	/* the asking element's compound first, then outward; later definitions win */
	for (;;) {
		for (int i = n - 1; i >= 0; i--) {
			const struct nfc_element *o = nfc_router_element(r, i);
			if (!o || o->cls != &portinfo_class || !o->name ||
			    portinfo_context_len(o->name) != len || strncmp(o->name, ctx, len) != 0)
				continue;
			const struct portinfo *pi = (const struct portinfo *)o;
			for (int k = pi->ndefs - 1; k >= 0; k--)
				if ((pi->defs[k].proto == 0 || pi->defs[k].proto == proto) &&
				    strcmp(pi->defs[k].name, name) == 0) {
					*port = pi->defs[k].port;
					return 0;
				}
		}
		if (len == 0)
			return -1;
		len--;
		while (len > 0 && ctx[len - 1] != '/')
			len--;
	}
}

static const struct nfc_element_class portinfo_class = {
	.name = "PortInfo",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct portinfo),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_CONFIGURE_EARLY,
	.configure = portinfo_configure,
	.cleanup = portinfo_cleanup,
};
NFC_REGISTER_ELEMENT(portinfo_class);
