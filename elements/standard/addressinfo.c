/* SPDX-License-Identifier: MIT */
/* AddressInfo: mnemonic names for IPv4 addresses, prefixes and Ethernet addresses. */

/*
 * =c
 * AddressInfo(NAME ADDRESS [ADDRESS...], ...)
 * =s information
 * specifies address information
 * =d
 * Lets you use mnemonic names for IPv4 addresses, IPv4 address prefixes
 * and Ethernet addresses. Each argument has the form `NAME ADDRESS
 * [ADDRESS...]', which associates the given ADDRESSes with NAME. With
 *
 *   AddressInfo(mauer 10.0.0.1, mazu 10.0.0.10);
 *
 * other configuration strings can use mauer and mazu for 10.0.0.1 and
 * 10.0.0.10. AddressInfo configures before every other element, so its
 * names can be used anywhere in the configuration.
 *
 * Names are local to compound elements: a name created inside a compound
 * applies only within that compound and its subcompounds, and an inner
 * definition hides an outer one.
 *
 * A name can stand for an IP address, an IP prefix and an Ethernet address
 * at once; the kind used is chosen by context (IPEncap wants an IP address,
 * EtherEncap an Ethernet address, ARPResponder a prefix and an Ethernet
 * address). A prefix whose address has host bits set ("10.0.0.1/8") also
 * defines the address. Suffixes make the choice explicit: NAME:ip,
 * NAME:ipnet (or NAME:net), NAME:eth, and NAME:bcast for the broadcast
 * address of NAME's prefix, NAME:gw for the first host of that prefix.
 *
 * When no AddressInfo defines a name, the name of a network device stands
 * for its addresses: "eth0:eth" is eth0's Ethernet address, "eth0:ip" its
 * IPv4 address.
 * =e
 *   AddressInfo(mauer 10.0.0.1/8 00:50:BA:85:84:A9);
 *   ... -> IPEncap(6, mauer, ...)                  // as IP address
 *       -> EtherEncap(0x0800, mauer, ...) -> ...   // as Ethernet address
 *   ... -> ARPResponder(mauer) -> ...              // as prefix and Ethernet address
 * =a ARPQuerier, ARPResponder
 */
#include <ifaddrs.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <nfclick/addressinfo.h>
#include <nfclick/nfclick.h>

enum addressinfo_kind { AI_ETHER = 1, AI_IP = 2, AI_PREFIX = 4 };

/* One definition: NAME is KIND with that value. Later ones win. */
struct addressinfo_def {
	char *name;
	enum addressinfo_kind kind;
	uint32_t addr, mask;
	uint8_t ether[6];
};

struct addressinfo {
	struct nfc_element e;
	int ndefs, cap;
	struct addressinfo_def *defs;
};

static const struct nfc_element_class addressinfo_class;

/* Length of @e's compound prefix ("comp/" of "comp/x"): Click's name context. */
static size_t addressinfo_context_len(const char *name)
{
	const char *slash = strrchr(name, '/');
	return slash ? (size_t)(slash - name) + 1 : 0;
}

static bool addressinfo_find_in(const struct addressinfo *ai, const char *name,
				enum addressinfo_kind kind, struct addressinfo_def *out)
{
	for (int i = ai->ndefs - 1; i >= 0; i--)
		if (ai->defs[i].kind == kind && strcmp(ai->defs[i].name, name) == 0) {
			*out = ai->defs[i];
			return true;
		}
	return false;
}

/*
 * Look @name up as @kind: first among the AddressInfo elements of the
 * asking element's own compound, then outward. Among elements of one
 * compound the last configured wins, as Click's name databases overwrite.
 */
static bool addressinfo_find(const struct nfc_element *context, const char *name,
			     enum addressinfo_kind kind, struct addressinfo_def *out)
{
	if (!context || !context->router || !*name)
		return false;
	const struct nfc_router *r = context->router;
	int n = nfc_router_nelements(r);
	const char *ctx = context->name ? context->name : "";
	size_t len = addressinfo_context_len(ctx);
	for (;;) {
		for (int i = n - 1; i >= 0; i--) {
			const struct nfc_element *o = nfc_router_element(r, i);
			if (!o || o->cls != &addressinfo_class || !o->name)
				continue;
			if (addressinfo_context_len(o->name) != len || strncmp(o->name, ctx, len) != 0)
				continue;
			if (addressinfo_find_in((const struct addressinfo *)o, name, kind, out))
				return true;
		}
		if (len == 0)
			return false;
		/* drop the last "component/" */
		len--;
		while (len > 0 && ctx[len - 1] != '/')
			len--;
	}
}

/* A network device's address of @kind (Click's default addresses). */
static bool addressinfo_device(const char *dev, enum addressinfo_kind kind, uint32_t *addr,
			       uint32_t *mask, uint8_t ether[6])
{
	struct ifaddrs *ifap;
	if (!*dev || getifaddrs(&ifap) < 0)
		return false;
	bool found = false;
	for (struct ifaddrs *ifa = ifap; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !ifa->ifa_name || strcmp(ifa->ifa_name, dev) != 0)
			continue;
		if (ifa->ifa_addr->sa_family == AF_INET && (kind == AI_IP || kind == AI_PREFIX)) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)ifa->ifa_addr;
			*addr = sin->sin_addr.s_addr;
			if (kind == AI_PREFIX) {
				if (!ifa->ifa_netmask)
					continue;
				*mask = ((const struct sockaddr_in *)ifa->ifa_netmask)->sin_addr.s_addr;
			}
			found = true;
		} else if (ifa->ifa_addr->sa_family == AF_PACKET && kind == AI_ETHER) {
			const struct sockaddr_ll *sll = (const struct sockaddr_ll *)ifa->ifa_addr;
			if ((sll->sll_hatype == ARPHRD_ETHER || sll->sll_hatype == ARPHRD_IEEE80211) &&
			    sll->sll_halen == 6) {
				memcpy(ether, sll->sll_addr, 6);
				found = true;
			}
		}
	}
	freeifaddrs(ifap);
	return found;
}

/*
 * Split "NAME:suffix" at its last colon. Returns the suffix (with the colon,
 * or "" when none) and copies NAME into @base (heap; caller frees).
 */
static const char *addressinfo_split(const char *s, char **base)
{
	const char *colon = strrchr(s, ':');
	if (!colon) {
		*base = strdup(s);
		return "";
	}
	*base = strndup(s, (size_t)(colon - s));
	return colon;
}

static bool addressinfo_lookup(const struct nfc_element *context, const char *name,
			       enum addressinfo_kind kind, uint32_t *addr, uint32_t *mask,
			       uint8_t ether[6])
{
	struct addressinfo_def d;
	if (addressinfo_find(context, name, kind, &d)) {
		*addr = d.addr;
		*mask = d.mask;
		memcpy(ether, d.ether, 6);
		return true;
	}
	return addressinfo_device(name, kind, addr, mask, ether);
}

int nfc_addressinfo_query_ip_prefix(const struct nfc_element *context, const char *name,
				    uint32_t *addr_be, uint32_t *mask_be)
{
	if (!name)
		return -1;
	char *base;
	const char *suffix = addressinfo_split(name, &base);
	if (!base)
		return -1;
	uint32_t addr = 0, mask = 0;
	uint8_t ether[6];
	bool ok = (!*suffix || !strcasecmp(suffix, ":net") || !strcasecmp(suffix, ":ipnet") ||
		   !strcasecmp(suffix, ":ip4net")) &&
		  addressinfo_lookup(context, base, AI_PREFIX, &addr, &mask, ether);
	free(base);
	if (!ok)
		return -1;
	*addr_be = addr;
	*mask_be = mask;
	return 0;
}

int nfc_addressinfo_query_ip(const struct nfc_element *context, const char *name,
			     uint32_t *addr_be)
{
	if (!name)
		return -1;
	char *base;
	const char *suffix = addressinfo_split(name, &base);
	if (!base)
		return -1;
	uint32_t addr = 0, mask = 0;
	uint8_t ether[6];
	bool ok = false;
	if (!*suffix || !strcasecmp(suffix, ":ip") || !strcasecmp(suffix, ":ip4"))
		ok = addressinfo_lookup(context, base, AI_IP, &addr, &mask, ether);
	else if (!strcasecmp(suffix, ":bcast")) {
		ok = addressinfo_lookup(context, base, AI_PREFIX, &addr, &mask, ether);
		addr |= ~mask;
	} else if (!strcasecmp(suffix, ":gw")) {
		/* An explicit "NAME:gw" definition wins; else the prefix's first host. */
		struct addressinfo_def d;
		if (addressinfo_find(context, name, AI_IP, &d)) {
			addr = d.addr;
			ok = true;
		} else if (addressinfo_lookup(context, base, AI_PREFIX, &addr, &mask, ether)) {
			addr = (addr & mask) | htonl(1);
			ok = true;
		}
	}
	free(base);
	if (!ok)
		return -1;
	*addr_be = addr;
	return 0;
}

int nfc_addressinfo_query_ether(const struct nfc_element *context, const char *name,
				uint8_t out[6])
{
	if (!name)
		return -1;
	char *base;
	const char *suffix = addressinfo_split(name, &base);
	if (!base)
		return -1;
	uint32_t addr, mask;
	uint8_t ether[6];
	bool ok = (!*suffix || !strcasecmp(suffix, ":eth") || !strcasecmp(suffix, ":ether") ||
		   !strcasecmp(suffix, ":ethernet")) &&
		  addressinfo_lookup(context, base, AI_ETHER, &addr, &mask, ether);
	free(base);
	if (!ok)
		return -1;
	memcpy(out, ether, 6);
	return 0;
}

int nfc_addressinfo_parse_ip(const struct nfc_element *context, const char *s, uint32_t *addr_be)
{
	if (nfc_parse_ip(s, addr_be) == 0)
		return 0;
	return nfc_addressinfo_query_ip(context, s, addr_be);
}

int nfc_addressinfo_parse_ip_prefix(const struct nfc_element *context, const char *s,
				    uint32_t *addr_be, uint32_t *mask_be, bool allow_bare)
{
	if (nfc_parse_ip_prefix(s, addr_be, mask_be, false) == 0)
		return 0;
	if (nfc_addressinfo_query_ip_prefix(context, s, addr_be, mask_be) == 0)
		return 0;
	if (allow_bare && nfc_addressinfo_parse_ip(context, s, addr_be) == 0) {
		*mask_be = 0xFFFFFFFFu;
		return 0;
	}
	return -1;
}

int nfc_addressinfo_parse_ether(const struct nfc_element *context, const char *s,
				uint8_t out[6])
{
	if (nfc_parse_ether(s, out) == 0)
		return 0;
	return nfc_addressinfo_query_ether(context, s, out);
}

static int addressinfo_define(struct addressinfo *ai, const char *name, enum addressinfo_kind kind,
			      uint32_t addr, uint32_t mask, const uint8_t ether[6])
{
	if (ai->ndefs == ai->cap) {
		int cap = ai->cap ? 2 * ai->cap : 8;
		struct addressinfo_def *d = realloc(ai->defs, (size_t)cap * sizeof(*d));
		if (!d)
			return -1;
		ai->defs = d;
		ai->cap = cap;
	}
	struct addressinfo_def *d = &ai->defs[ai->ndefs];
	d->name = strdup(name);
	if (!d->name)
		return -1;
	d->kind = kind;
	d->addr = addr;
	d->mask = mask;
	memcpy(d->ether, ether, 6);
	ai->ndefs++;
	return 0;
}

/*
 * One word of an argument: which kinds of address it is. A word may be
 * several kinds at once (a name defined as both IP and Ethernet address);
 * then it does not override a kind an earlier word of the same argument
 * gave unambiguously (Click's rule).
 */
static int addressinfo_word(struct addressinfo *ai, const char *name, const char *word,
			    unsigned *kinds_so_far)
{
	uint32_t addr = 0, mask = 0, paddr = 0;
	uint8_t ether[6] = { 0, 0, 0, 0, 0, 0 };
	unsigned kinds = 0;
	if (nfc_addressinfo_parse_ether(&ai->e, word, ether) == 0)
		kinds |= AI_ETHER;
	if (nfc_addressinfo_parse_ip(&ai->e, word, &addr) == 0)
		kinds |= AI_IP;
	else if (nfc_addressinfo_parse_ip_prefix(&ai->e, word, &paddr, &mask, false) == 0) {
		kinds |= AI_PREFIX;
		addr = paddr;
		if (paddr & ~mask)
			kinds |= AI_IP;
	}
	bool one_kind = (kinds & (kinds - 1)) == 0;
	int r = 0;
	if ((kinds & AI_ETHER) && (one_kind || !(*kinds_so_far & AI_ETHER)))
		r |= addressinfo_define(ai, name, AI_ETHER, 0, 0, ether);
	if ((kinds & AI_IP) && (one_kind || !(*kinds_so_far & AI_IP)))
		r |= addressinfo_define(ai, name, AI_IP, addr, 0xFFFFFFFFu, ether);
	if ((kinds & AI_PREFIX) && (one_kind || !(*kinds_so_far & AI_PREFIX)))
		r |= addressinfo_define(ai, name, AI_PREFIX, paddr, mask, ether);
	*kinds_so_far |= kinds;
	return r < 0 ? -1 : (int)kinds;
}

static int addressinfo_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct addressinfo *ai = (struct addressinfo *)e;
	int errors = 0;
	for (int i = 0; i < conf->argc; i++) {
		char **words;
		int nwords;
		if (nfc_split_words(conf->argv[i], &words, &nwords) < 0)
			return nfc_error(errh, "out of memory");
		if (nwords == 1) {
			/* empty arguments are allowed; a lone name is not */
			nfc_error(errh, "expected 'NAME [ADDRS]'");
			errors++;
		}
		unsigned kinds = 0;
		for (int j = 1; j < nwords; j++) {
			int k = addressinfo_word(ai, words[0], words[j], &kinds);
			if (k < 0) {
				nfc_words_free(words, nwords);
				return nfc_error(errh, "out of memory");
			}
			if (k == 0) {
				nfc_error(errh, "'%s' is not a recognizable address", words[j]);
				errors++;
			}
		}
		nfc_words_free(words, nwords);
	}
	return errors ? -1 : 0;
}

static void addressinfo_cleanup(struct nfc_element *e)
{
	struct addressinfo *ai = (struct addressinfo *)e;
	for (int i = 0; i < ai->ndefs; i++)
		free(ai->defs[i].name);
	free(ai->defs);
	ai->defs = NULL;
	ai->ndefs = ai->cap = 0;
}

static const struct nfc_element_class addressinfo_class = {
	.name = "AddressInfo",
	.port_count = "0/0",
	.size = sizeof(struct addressinfo),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_CONFIGURE_EARLY,
	.configure = addressinfo_configure,
	.cleanup = addressinfo_cleanup,
};
NFC_REGISTER_ELEMENT(addressinfo_class);
