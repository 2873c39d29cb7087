/* SPDX-License-Identifier: MIT */
/* DirectIPLookup: IP routing lookup in direct-indexed DIR-24-8 tables. */

/*
 * =c
 * DirectIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * =s iproute
 * IP routing lookup using direct-indexed tables
 * =d
 * Expects a destination IP address annotation with each packet. Looks up
 * that address in its routing table, using longest-prefix match, sets the
 * destination annotation to the route's GW (if it has one), and emits the
 * packet on the route's OUTput port. Packets without a route are dropped.
 *
 * Each argument is a route: a destination address and mask (an address
 * alone is a /32; AddressInfo names work), an optional gateway address
 * ("-" for none), and an output port. No destination-mask pair should
 * occur more than once (later ones are ignored). Masks must be prefixes.
 *
 * DirectIPLookup is optimized for lookup speed at the expense of memory:
 * each lookup is one or two table reads, whatever the number of routes. It
 * implements the DIR-24-8-BASIC scheme of Gupta, Lin and McKeown: a table
 * with one entry per /24 (32 MB of address space, of which only the parts
 * that routes write take memory) and 256-entry tables for the /24s that
 * hold routes longer than /24 (at most 32768 such /24s). Routes can be
 * added and removed at a high rate. At most 32767 distinct (gateway,
 * output) pairs are supported.
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
 * =h flush write-only
 * Clears the entire routing table in a single operation.
 * =e
 *   rt :: DirectIPLookup(10.0.0.0/8 0, 10.1.2.0/24 10.1.2.1 1, 0.0.0.0/0 2);
 * =a RadixIPLookup, LinearIPLookup, StaticIPLookup
 *
 * Pankaj Gupta, Steven Lin, and Nick McKeown. "Routing Lookups in Hardware
 * at Memory Access Speeds". In Proc. IEEE Infocom 1998, Vol. 3,
 * pp. 1240-1247.
 */
#include <string.h>
#include "dir248.h"

struct directiplookup {
	struct iproutetable rt;
	struct dir248 table;
	bool table_ready;
};

static int direct_add(struct iproutetable *t, const struct iproute *r, bool replace,
		      struct iproute *old, struct nfc_errh *errh)
{
	return dir248_add(&((struct directiplookup *)t)->table, r, replace, old, errh);
}

static int direct_remove(struct iproutetable *t, const struct iproute *r, struct iproute *old,
			 struct nfc_errh *errh)
{
	return dir248_remove(&((struct directiplookup *)t)->table, r, old);
}

static int direct_lookup(const struct iproutetable *t, uint32_t addr, uint32_t *gw)
{
	return dir248_lookup(&((const struct directiplookup *)t)->table, addr, gw);
}

static void direct_dump(const struct iproutetable *t, struct nfc_strbuf *out)
{
	dir248_dump(&((const struct directiplookup *)t)->table, out);
}

static const struct iproutetable_ops direct_ops = {
	.add = direct_add,
	.remove = direct_remove,
	.lookup = direct_lookup,
	.dump = direct_dump,
};

static int directiplookup_configure(struct nfc_element *e, struct nfc_conf *conf,
				    struct nfc_errh *errh)
{
	struct directiplookup *d = (struct directiplookup *)e;
	d->rt.ops = &direct_ops;
	if (dir248_init(&d->table) < 0)
		return nfc_error(errh, "out of memory");
	d->table_ready = true;
	return iproutetable_configure(&d->rt, conf, errh);
}

static void directiplookup_cleanup(struct nfc_element *e)
{
	struct directiplookup *d = (struct directiplookup *)e;
	if (d->table_ready)
		dir248_destroy(&d->table);
	d->table_ready = false;
}

static void directiplookup_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct directiplookup *d = (struct directiplookup *)e;
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint32_t dst, gw;
		memcpy(&dst, p->anno + NFC_ANNO_DST_IP, 4);
		/* as in Click, packets without a route go silently (counted in drops) */
		ports[i] = dir248_lookup(&d->table, dst, &gw);
		if (gw)
			memcpy(p->anno + NFC_ANNO_DST_IP, &gw, 4);
	}
	nfc_push_split(e, b, ports);
}

static int directiplookup_write_flush(struct nfc_element *e, void *thunk, const char *value,
				      struct nfc_errh *errh)
{
	dir248_flush(&((struct directiplookup *)e)->table);
	return 0;
}

static int directiplookup_add_handlers(struct nfc_element *e)
{
	iproutetable_add_handlers((struct iproutetable *)e,
				  IPRT_HANDLERS_QUERY | IPRT_HANDLERS_UPDATE);
	nfc_add_write_handler(e, "flush", directiplookup_write_flush, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class directiplookup_class = {
	.name = "DirectIPLookup",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct directiplookup),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = directiplookup_configure,
	.cleanup = directiplookup_cleanup,
	.add_handlers = directiplookup_add_handlers,
	.cast = iproutetable_cast,
	.push = directiplookup_push,
};
NFC_REGISTER_ELEMENT(directiplookup_class);
