/* SPDX-License-Identifier: MIT */
/* RadixIPLookup: IP routing lookup for large tables, in a compact range table. */

/*
 * =c
 * RadixIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * =s iproute
 * IP lookup for large tables
 * =d
 * Expects a destination IP address annotation with each packet. Looks up
 * that address in its routing table, using longest-prefix match, sets the
 * destination annotation to the route's GW (if it has one), and emits the
 * packet on the route's OUTput port. Packets without a route are dropped
 * (the first few are reported).
 *
 * Each argument is a route: a destination address and mask (an address
 * alone is a /32; AddressInfo names work), an optional gateway address
 * ("-" for none), and an output port. A second route for the same prefix
 * is ignored. Masks must be prefixes.
 *
 * Click's RadixIPLookup walks a multibit trie (up to 7 nodes). nfclick's
 * keeps the same interface but stores the table as DXR-style address
 * ranges: a 65536-entry table indexed by the top 16 address bits, each
 * entry a next hop or a short sorted list of ranges searched by bisection.
 * Lookups cost one table read plus a few comparisons; 100k routes take
 * about a megabyte. Updates rebuild only the /16s they touch, once per
 * handler write (a ctrl write of many routes rebuilds each /16 once). At
 * most 65535 distinct (gateway, output) pairs are supported.
 * =h table read-only
 * Outputs a human-readable version of the current routing table, one route
 * per line, tab-separated: "ADDR/MASK GW OUT".
 * =h lookup read-only
 * Takes an address as parameter; reports the OUTput port and GW of its
 * route ("-1" when none).
 * =h add write-only
 * Adds a route to the table. Format should be `ADDR/MASK [GW] OUT'. Fails
 * if a route for ADDR/MASK already exists.
 * =h set write-only
 * Sets a route, whether or not a route for the same prefix already exists.
 * =h remove write-only
 * Removes a route from the table. Format should be `ADDR/MASK [GW OUT]'.
 * =h ctrl write-only
 * Adds or removes a group of routes. Write `add ADDR/MASK [GW] OUT' or
 * `set ADDR/MASK [GW] OUT' to add a route, and `remove ADDR/MASK' to remove
 * one, one command per line; all commands are executed as one atomic
 * operation (the first failure undoes the earlier lines).
 * =e
 *   rt :: RadixIPLookup(18.26.4.24/32 0,
 *                       18.26.4.0/24 1,
 *                       0.0.0.0/0 18.26.4.1 1);
 *   ... -> GetIPAddress(16) -> rt;
 *   rt[0] -> ToHost;
 *   rt[1] -> ... -> ToDevice(eth0);
 * =a DirectIPLookup, LinearIPLookup, StaticIPLookup
 *
 * Marko Zec, Luigi Rizzo, Miljenko Mikuc. "DXR: towards a billion routing
 * lookups per second in software". ACM SIGCOMM CCR 42(5), 2012.
 */
#include <string.h>
#include "rangetable.h"

struct radixiplookup {
	struct iproutetable rt;
	struct rangetable table;
	bool table_ready;
};

static int radix_add(struct iproutetable *t, const struct iproute *r, bool replace,
		     struct iproute *old, struct nfc_errh *errh)
{
	return rangetable_add(&((struct radixiplookup *)t)->table, r, replace, old, errh);
}

static int radix_remove(struct iproutetable *t, const struct iproute *r, struct iproute *old,
			struct nfc_errh *errh)
{
	return rangetable_remove(&((struct radixiplookup *)t)->table, r, old);
}

static int radix_lookup(const struct iproutetable *t, uint32_t addr, uint32_t *gw)
{
	return rangetable_lookup(&((const struct radixiplookup *)t)->table, addr, gw);
}

static void radix_dump(const struct iproutetable *t, struct nfc_strbuf *out)
{
	rangetable_dump(&((const struct radixiplookup *)t)->table, out);
}

static int radix_commit(struct iproutetable *t, struct nfc_errh *errh)
{
	return rangetable_commit(&((struct radixiplookup *)t)->table, errh);
}

static const struct iproutetable_ops radix_ops = {
	.add = radix_add,
	.remove = radix_remove,
	.lookup = radix_lookup,
	.dump = radix_dump,
	.commit = radix_commit,
};

static int radixiplookup_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct radixiplookup *r = (struct radixiplookup *)e;
	r->rt.ops = &radix_ops;
	if (rangetable_init(&r->table) < 0)
		return nfc_error(errh, "out of memory");
	r->table_ready = true;
	return iproutetable_configure(&r->rt, conf, errh);
}

static void radixiplookup_cleanup(struct nfc_element *e)
{
	struct radixiplookup *r = (struct radixiplookup *)e;
	if (r->table_ready)
		rangetable_destroy(&r->table);
	r->table_ready = false;
}

static void radixiplookup_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct radixiplookup *r = (struct radixiplookup *)e;
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint32_t dst, gw;
		memcpy(&dst, p->anno + NFC_ANNO_DST_IP, 4);
		ports[i] = rangetable_lookup(&r->table, dst, &gw);
		if (gw)
			memcpy(p->anno + NFC_ANNO_DST_IP, &gw, 4);
		if (iplk_unlikely(ports[i] < 0))
			iproutetable_no_route(&r->rt, "IPRouteTable", dst, false);
	}
	nfc_push_split(e, b, ports);
}

static int radixiplookup_add_handlers(struct nfc_element *e)
{
	iproutetable_add_handlers((struct iproutetable *)e,
				  IPRT_HANDLERS_QUERY | IPRT_HANDLERS_UPDATE);
	return 0;
}

static const struct nfc_element_class radixiplookup_class = {
	.name = "RadixIPLookup",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct radixiplookup),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = radixiplookup_configure,
	.cleanup = radixiplookup_cleanup,
	.add_handlers = radixiplookup_add_handlers,
	.cast = iproutetable_cast,
	.push = radixiplookup_push,
};
NFC_REGISTER_ELEMENT(radixiplookup_class);
