/* SPDX-License-Identifier: MIT */
/* StaticIPLookup: LinearIPLookup whose routes are fixed by its configuration. */

/*
 * =c
 * StaticIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)
 * =s iproute
 * simple static IP routing table
 * =d
 * Note: lookups with StaticIPLookup take time proportional to the number of
 * routes; RadixIPLookup and DirectIPLookup should be preferred in almost
 * all cases.
 *
 * This element acts like LinearIPLookup, but does not allow dynamic adding
 * and deleting of routes: it has no add, set, remove or ctrl handlers.
 *
 * Expects a destination IP address annotation with each packet. Looks up
 * that address in its routing table, using longest-prefix match, sets the
 * destination annotation to the route's GW (if it has one), and emits the
 * packet on the route's OUTput port. Packets without a route are dropped.
 * Each argument is a route: ADDR/MASK (or an address, a /32), an optional
 * gateway ("-" for none), and an output port.
 * =h table read-only
 * Outputs a human-readable version of the current routing table, one route
 * per line: "ADDR/MASK GW OUT".
 * =h lookup read-only
 * Takes an address as parameter; reports the OUTput port and GW of its
 * route ("-1" when none).
 * =e
 *   rt :: StaticIPLookup(18.26.4.24/32 0,
 *                        18.26.4.0/24 1,
 *                        0.0.0.0/0 18.26.4.1 1);
 * =a LinearIPLookup, RadixIPLookup, DirectIPLookup
 */
#include "lineartable.h"

static int staticiplookup_add_handlers(struct nfc_element *e)
{
	iproutetable_add_handlers((struct iproutetable *)e, IPRT_HANDLERS_QUERY);
	return 0;
}

static const struct nfc_element_class staticiplookup_class = {
	.name = "StaticIPLookup",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct linear_element),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = linear_element_configure,
	.cleanup = linear_element_cleanup,
	.add_handlers = staticiplookup_add_handlers,
	.cast = iproutetable_cast,
	.push = linear_element_push,
};
NFC_REGISTER_ELEMENT(staticiplookup_class);
