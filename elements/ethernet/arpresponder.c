/* SPDX-License-Identifier: MIT */
/* ARPResponder: answers ARP queries for configured IP prefixes. */

/*
 * =c
 * ARPResponder(IP/MASK [IP/MASK...] ETH, IP2/MASK2 ETH2, ...)
 * =s arp
 * generates responses to ARP queries
 * =d
 * Input packets are ARP requests, with their Ethernet header. When one of
 * the configured prefixes matches the requested IP address, an ARP reply
 * giving the corresponding Ethernet address is emitted on output 0 (and the
 * request is dropped); otherwise the request goes to output 1, or is
 * dropped when there is no output 1. Useful for proxy ARP as well as for a
 * host's own addresses. Replies carry the VLAN TCI annotation of their
 * request.
 *
 * Each argument is one or more IP prefixes (18.26.7.0/24,
 * 18.26.7.0/255.255.255.0, or an address for a /32) followed by one
 * Ethernet address. The most specific matching prefix wins.
 *
 * AddressInfo names work: if NAME stands for both an IP prefix (or address)
 * and an Ethernet address, ARPResponder(NAME) means ARPResponder(IP ETH).
 * =h table read-only
 * The table, one "PREFIX ETH" entry per line.
 * =h lookup read-only
 * Read with an IP address parameter: the Ethernet address answered for it,
 * or nothing.
 * =h add write-only
 * Adds entries, "IP/MASK [IP/MASK...] ETH".
 * =h remove write-only
 * Removes the entry for "IP/MASK".
 * =e
 *   c :: Classifier(12/0806 20/0001, ...);
 *   ar :: ARPResponder(18.26.4.24 18.26.7.0/24 00-00-C0-AE-67-EF);
 *   c[0] -> ar -> ToDevice(eth0);
 * =a ARPQuerier, AddressInfo
 */
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "ether_priv.h"

struct arpresponder_entry {
	uint32_t dst, mask;
	uint8_t eth[6];
};

struct arpresponder {
	struct nfc_element e;
	int n, cap;
	struct arpresponder_entry *v;
};

struct arpresponder_vec {
	int n, cap;
	struct arpresponder_entry *v;
};

static int arpresponder_push_entry(struct arpresponder_vec *vec, uint32_t dst, uint32_t mask)
{
	if (vec->n == vec->cap) {
		int cap = vec->cap ? 2 * vec->cap : 8;
		struct arpresponder_entry *nv = realloc(vec->v, (size_t)cap * sizeof(*nv));
		if (!nv)
			return -1;
		vec->v = nv;
		vec->cap = cap;
	}
	vec->v[vec->n].dst = dst & mask;
	vec->v[vec->n].mask = mask;
	vec->n++;
	return 0;
}

/* Append the entries of one "IP/MASK... ETH" argument; errors leave vec as it was. */
static int arpresponder_add(struct nfc_element *e, struct arpresponder_vec *vec, const char *arg,
			    struct nfc_errh *errh, const char *prefix)
{
	char **w;
	int nw;
	if (nfc_split_words(arg, &w, &nw) < 0)
		return nfc_error(errh, "%sout of memory", prefix);
	int old = vec->n, r = 0;
	uint8_t ena[6];
	bool have_ena = false;
	for (int i = 0; i < nw && r == 0; i++) {
		uint32_t addr, mask;
		uint8_t eth[6];
		if (nfc_addressinfo_parse_ip_prefix(e, w[i], &addr, &mask, true) == 0) {
			if (arpresponder_push_entry(vec, addr, mask) < 0)
				r = nfc_error(errh, "%sout of memory", prefix);
		} else if (nfc_addressinfo_parse_ether(e, w[i], eth) == 0) {
			if (have_ena)
				r = nfc_error(errh, "%smore than one ETH", prefix);
			memcpy(ena, eth, 6);
			have_ena = true;
		} else
			r = nfc_error(errh, "%sexpected IP/MASK ETH", prefix);
	}
	/* a word may be both a prefix and an Ethernet address (an AddressInfo name) */
	for (int i = 0; r == 0 && !have_ena && i < nw; i++)
		if (nfc_addressinfo_parse_ether(e, w[i], ena) == 0)
			have_ena = true;
	if (r == 0 && vec->n == old)
		r = nfc_error(errh, "%smissing IP/MASK", prefix);
	else if (r == 0 && !have_ena)
		r = nfc_error(errh, "%smissing ETH", prefix);
	nfc_words_free(w, nw);
	if (r < 0) {
		vec->n = old;
		return -1;
	}
	for (int i = old; i < vec->n; i++)
		memcpy(vec->v[i].eth, ena, 6);
	return 0;
}

/*
 * Lookup order: a prefix inside another comes first (more specific first);
 * of two equal prefixes the later one first (it wins, the other is then
 * dropped); otherwise configuration order. Click tests only the addresses,
 * which puts 10.0.0.0/8 before 10.0.0.0/24; here the masks count too.
 */
static bool arpresponder_inside(const struct arpresponder_entry *x,
				const struct arpresponder_entry *y)
{
	return (x->dst & y->mask) == y->dst && (x->mask & y->mask) == y->mask;
}

static int arpresponder_compare(const struct arpresponder_entry *v, int a, int b)
{
	const struct arpresponder_entry *ea = &v[a], *eb = &v[b];
	if (ea->dst == eb->dst && ea->mask == eb->mask)
		return b - a;
	if (arpresponder_inside(ea, eb))
		return -1;
	if (arpresponder_inside(eb, ea))
		return 1;
	return a - b;
}

static void arpresponder_unparse_prefix(uint32_t dst, uint32_t mask, char *buf, size_t n)
{
	char a[16], m[16];
	uint32_t h = ntohl(mask);
	int len = __builtin_popcount(h);
	if (h == (len ? 0xFFFFFFFFu << (32 - len) : 0))
		snprintf(buf, n, "%s/%d", nfc_ip_unparse(dst, a), len);
	else
		snprintf(buf, n, "%s/%s", nfc_ip_unparse(dst, a), nfc_ip_unparse(mask, m));
}

/* Sort and drop duplicate prefixes (keeping the later one). */
static int arpresponder_normalize(struct arpresponder_vec *vec, struct nfc_errh *warn_errh)
{
	int n = vec->n;
	int *perm = malloc(((size_t)n + 1) * sizeof(*perm));
	struct arpresponder_entry *nv = malloc(((size_t)n + 1) * sizeof(*nv));
	if (!perm || !nv) {
		free(perm);
		free(nv);
		return -1;
	}
	/* each entry goes before the first one it must precede, else last */
	for (int i = 0; i < n; i++) {
		int j = 0;
		while (j < i && arpresponder_compare(vec->v, i, perm[j]) > 0)
			j++;
		memmove(&perm[j + 1], &perm[j], (size_t)(i - j) * sizeof(*perm));
		perm[j] = i;
	}
	int k = 0;
	for (int i = 0; i < n; i++) {
		const struct arpresponder_entry *x = &vec->v[perm[i]];
		if (k == 0 || nv[k - 1].dst != x->dst || nv[k - 1].mask != x->mask)
			nv[k++] = *x;
		else if (warn_errh) {
			char buf[40];
			arpresponder_unparse_prefix(x->dst, x->mask, buf, sizeof buf);
			nfc_warning(warn_errh, "multiple entries for %s", buf);
		}
	}
	free(perm);
	free(vec->v);
	vec->v = nv;
	vec->n = k;
	vec->cap = n + 1;
	return 0;
}

static int arpresponder_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct arpresponder *ar = (struct arpresponder *)e;
	struct arpresponder_vec vec = { 0, 0, NULL };
	int errors = 0;
	for (int i = 0; i < conf->argc; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "argument %d: ", i);
		if (arpresponder_add(e, &vec, conf->argv[i], errh, prefix) < 0)
			errors++;
	}
	if (errors || arpresponder_normalize(&vec, errh) < 0) {
		free(vec.v);
		return -1;
	}
	free(ar->v);
	ar->v = vec.v;
	ar->n = vec.n;
	ar->cap = vec.cap;
	return 0;
}

static void arpresponder_cleanup(struct nfc_element *e)
{
	struct arpresponder *ar = (struct arpresponder *)e;
	free(ar->v);
	ar->v = NULL;
	ar->n = ar->cap = 0;
}

static const uint8_t *arpresponder_lookup(const struct arpresponder *ar, uint32_t addr)
{
	for (int i = 0; i < ar->n; i++)
		if ((addr & ar->v[i].mask) == ar->v[i].dst)
			return ar->v[i].eth;
	return NULL;
}

/* An ARP reply from @src_eth/@src_ip to @target_eth/@target_ip. */
static struct nfc_packet *arpresponder_make_reply(const uint8_t target_eth[6],
						  const uint8_t target_ip[4],
						  const uint8_t src_eth[6], const uint8_t src_ip[4],
						  const struct nfc_packet *query)
{
	struct nfc_packet *q = nfc_packet_make(NULL, NFC_ETHER_LEN + sizeof(struct nfc_arp_ether));
	if (!q)
		return NULL;
	eth_set_vlan_tci_anno(q, eth_vlan_tci_anno(query));
	struct nfc_ether *eh = (struct nfc_ether *)q->data;
	eth_set_ether_header(q, q->data);
	memcpy(eh->dst, target_eth, 6);
	memcpy(eh->src, src_eth, 6);
	eh->type = htons(NFC_ETHERTYPE_ARP);
	struct nfc_arp_ether *ea = (struct nfc_arp_ether *)(eh + 1);
	ea->hrd = htons(1);
	ea->pro = htons(NFC_ETHERTYPE_IP);
	ea->hln = 6;
	ea->pln = 4;
	ea->op = htons(NFC_ARP_REPLY);
	memcpy(ea->sha, src_eth, 6);
	memcpy(ea->spa, src_ip, 4);
	memcpy(ea->tha, target_eth, 6);
	memcpy(ea->tpa, target_ip, 4);
	return q;
}

static int arpresponder_step(struct nfc_element *e, struct nfc_packet **pp)
{
	const struct arpresponder *ar = (const struct arpresponder *)e;
	struct nfc_packet *p = *pp;
	if (p->length < NFC_ETHER_LEN + sizeof(struct nfc_arp_ether))
		return ETH_REJECT;
	const struct nfc_ether *eh = (const struct nfc_ether *)p->data;
	const struct nfc_arp_ether *ea = (const struct nfc_arp_ether *)(eh + 1);
	if (eh->type != htons(NFC_ETHERTYPE_ARP) || ea->hrd != htons(1) ||
	    ea->pro != htons(NFC_ETHERTYPE_IP) || ea->op != htons(NFC_ARP_REQUEST))
		return ETH_REJECT;
	uint32_t tpa;
	memcpy(&tpa, ea->tpa, 4);
	const uint8_t *ena = arpresponder_lookup(ar, tpa);
	if (!ena)
		return ETH_REJECT;
	struct nfc_packet *q = arpresponder_make_reply(ea->sha, ea->spa, ena, ea->tpa, p);
	if (!q)
		return ETH_REJECT;
	nfc_packet_kill(p);
	*pp = q;
	return ETH_KEEP;
}

ETH_DEFINE_FILTER(arpresponder, arpresponder_step)

static int arpresponder_read_table(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct arpresponder *ar = (const struct arpresponder *)e;
	for (int i = 0; i < ar->n; i++) {
		char buf[40], eth[18];
		arpresponder_unparse_prefix(ar->v[i].dst, ar->v[i].mask, buf, sizeof buf);
		nfc_strbuf_printf(out, "%s %s\n", buf, nfc_ether_unparse(ar->v[i].eth, eth));
	}
	return 0;
}

static int arpresponder_read_lookup(struct nfc_element *e, void *thunk, const char *param,
				    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char *s = eth_trim(param);
	uint32_t a;
	int r = s ? nfc_addressinfo_parse_ip(e, s, &a) : -1;
	free(s);
	if (r < 0)
		return nfc_error(errh, "expected IP address");
	const uint8_t *ena = arpresponder_lookup((const struct arpresponder *)e, a);
	if (ena) {
		char buf[18];
		nfc_strbuf_puts(out, nfc_ether_unparse(ena, buf));
	}
	return 0;
}

static int arpresponder_write_add(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	struct arpresponder *ar = (struct arpresponder *)e;
	struct arpresponder_vec vec = { ar->n, ar->n, NULL };
	vec.v = malloc(((size_t)ar->n + 1) * sizeof(*vec.v));
	if (!vec.v)
		return nfc_error(errh, "out of memory");
	memcpy(vec.v, ar->v, (size_t)ar->n * sizeof(*vec.v));
	vec.cap = ar->n + 1;
	if (arpresponder_add(e, &vec, value ? value : "", errh, "") < 0 ||
	    arpresponder_normalize(&vec, NULL) < 0) {
		free(vec.v);
		return -1;
	}
	free(ar->v);
	ar->v = vec.v;
	ar->n = vec.n;
	ar->cap = vec.cap;
	return 0;
}

static int arpresponder_write_remove(struct nfc_element *e, void *thunk, const char *value,
				     struct nfc_errh *errh)
{
	struct arpresponder *ar = (struct arpresponder *)e;
	char *s = eth_trim(value);
	uint32_t addr, mask;
	int r = s ? nfc_addressinfo_parse_ip_prefix(e, s, &addr, &mask, true) : -1;
	free(s);
	if (r < 0)
		return nfc_error(errh, "expected IP/MASK");
	addr &= mask;
	for (int i = 0; i < ar->n; i++)
		if (ar->v[i].dst == addr && ar->v[i].mask == mask) {
			memmove(&ar->v[i], &ar->v[i + 1], (size_t)(ar->n - i - 1) * sizeof(ar->v[0]));
			ar->n--;
			return 0;
		}
	char buf[40];
	arpresponder_unparse_prefix(addr, mask, buf, sizeof buf);
	return nfc_error(errh, "%s not found", buf);
}

static int arpresponder_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "table", arpresponder_read_table, NULL, 0);
	nfc_add_read_handler(e, "lookup", arpresponder_read_lookup, NULL, NFC_HANDLER_READ_PARAM);
	nfc_add_write_handler(e, "add", arpresponder_write_add, NULL, 0);
	nfc_add_write_handler(e, "remove", arpresponder_write_remove, NULL, 0);
	return 0;
}

static const struct nfc_element_class arpresponder_class = {
	.name = "ARPResponder",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct arpresponder),
	.configure = arpresponder_configure,
	.cleanup = arpresponder_cleanup,
	.add_handlers = arpresponder_add_handlers,
	.push = arpresponder_push,
	.pull = arpresponder_pull,
};
NFC_REGISTER_ELEMENT(arpresponder_class);
