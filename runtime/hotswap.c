/* SPDX-License-Identifier: MIT */
/* Hot swap (nfclick -R): a "hotconfig" write builds a router that replaces the running one. */
#include <stdio.h>
#include <stdlib.h>
#include "router_priv.h"

/*
 * The swap happens in two steps, as in Click. The write handler parses and
 * initializes the new router while the old one still runs, so a bad
 * configuration is reported to the writer and changes nothing. On success
 * the old router is told to stop; once its threads have all returned (no
 * element of it can run any more), nfc_router_hotswap() moves state across
 * and destroys it. Stopping the whole old router first, instead of swapping
 * from inside its run loop, means take_state never races a running thread.
 */
int nfc_router_hotconfig(struct nfc_router *r, const char *text, struct nfc_errh *errh)
{
	struct nfc_flat_config fc = { 0 };
	/* landmarks name the text "config", as for -e */
	if (nfc_config_parse(text, "config", r->opts.vars, r->opts.nvars, &fc, errh) < 0) {
		nfc_flat_config_free(&fc);
		return -1;
	}
	struct nfc_router *next = nfc_router_build(&fc, &r->opts, true, errh);
	nfc_flat_config_free(&fc);
	if (!next)
		return -1;
	nfc_router_set_source(next, text);
	/* a second write before the swap replaces the first (Click's rule);
	 * the exchange keeps writers on two threads from losing a router */
	nfc_router_destroy(__atomic_exchange_n(&r->hotswap_next, next, __ATOMIC_ACQ_REL));
	nfc_router_stop_now(r);
	return 0;
}

struct nfc_router *nfc_router_hotswap(struct nfc_router *r, struct nfc_errh *errh)
{
	struct nfc_router *next = __atomic_exchange_n(&r->hotswap_next, NULL, __ATOMIC_ACQ_REL);
	if (!next)
		return NULL;
	char d[256], ctx[320];
	for (int phase = 0; phase < 3; phase++)
		for (int i = 0; i < next->nelements; i++) {
			struct nfc_element *e = next->elements[i];
			if (nfc_router_configure_phase(e) != phase || !e->cls->take_state)
				continue;
			/* same name is all the runtime asks; take_state checks the
			 * old element's class (a Queue cannot take an ARPTable's state) */
			struct nfc_element *old = nfc_router_find(r, e->name, NULL);
			if (!old)
				continue;
			snprintf(ctx, sizeof ctx, "While hot-swapping state into '%s':",
				 nfc_element_declaration(e, d, sizeof d));
			struct nfc_errh cerrh;
			nfc_errh_init_context(&cerrh, errh, e->landmark, ctx);
			e->cls->take_state(e, old, &cerrh);
		}
	nfc_router_destroy(r);
	return next;
}
