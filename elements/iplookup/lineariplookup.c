/* SPDX-License-Identifier: MIT */
/* LinearIPLookup: IP routing table searched linearly, for small tables. */

/*
 * =c
 * LinearIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * =s iproute
 * simple IP routing table
 * =d
 * Note: lookups and updates with LinearIPLookup take time proportional to
 * the number of routes; RadixIPLookup and DirectIPLookup should be
 * preferred in almost all cases. LinearIPLookup is kept for its simplicity
 * (and because it accepts masks that are not prefixes).
 *
 * Expects a destination IP address annotation with each packet. Looks up
 * that address in its routing table, using longest-prefix match, sets the
 * destination annotation to the route's GW (if it has one), and emits the
 * packet on the route's OUTput port. Packets without a route are dropped.
 *
 * Each argument is a route: a destination address and mask (an address
 * alone is a /32; AddressInfo names work), an optional gateway address
 * ("-" for none), and an output port. A second route for the same prefix
 * is ignored.
 * =h table read-only
 * Outputs a human-readable version of the current routing table, one route
 * per line: "ADDR/MASK GW OUT".
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
 * This example delivers broadcasts and packets addressed to the local host
 * (18.26.4.24) to itself, packets to net 18.26.4 to the local interface,
 * and all others via gateway 18.26.4.1:
 *
 *   ... -> GetIPAddress(16) -> rt;
 *   rt :: LinearIPLookup(18.26.4.24/32 0,
 *                        18.26.4.255/32 0,
 *                        18.26.4.0/32 0,
 *                        18.26.4/24 1,
 *                        0/0 18.26.4.1 1);
 *   rt[0] -> ToHost;
 *   rt[1] -> ... -> ToDevice(eth0);
 * =a RadixIPLookup, DirectIPLookup, StaticIPLookup
 */
#include "lineartable.h"

static int lineariplookup_add_handlers(struct nfc_element *e)
{
	iproutetable_add_handlers((struct iproutetable *)e,
				  IPRT_HANDLERS_QUERY | IPRT_HANDLERS_UPDATE);
	return 0;
}

static const struct nfc_element_class lineariplookup_class = {
	.name = "LinearIPLookup",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct linear_element),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = linear_element_configure,
	.cleanup = linear_element_cleanup,
	.add_handlers = lineariplookup_add_handlers,
	.cast = iproutetable_cast,
	.push = linear_element_push,
};
NFC_REGISTER_ELEMENT(lineariplookup_class);
