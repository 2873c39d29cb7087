/* SPDX-License-Identifier: MIT */
/* ARPTable: an IP-to-Ethernet table that ARPQuerier elements can share. */

/*
 * =c
 * ARPTable(KEYWORDS)
 * =s arp
 * stores IP-to-Ethernet mappings
 * =d
 * Stores IP-to-Ethernet mappings and the packets waiting for them, as used
 * by the ARP protocol. ARPTable has no ports; ARPQuerier normally keeps its
 * own table, and a separate ARPTable (ARPQuerier's TABLE keyword) lets
 * several ARPQuerier elements share one.
 *
 * =item CAPACITY
 * Unsigned. Most packets the table holds waiting for replies; 0 means
 * unlimited. Past it, the oldest entries' packets are dropped down to
 * CAPACITY - CAPACITY/CAPACITY_SLIM_FACTOR. Default 2048.
 * =item ENTRY_CAPACITY
 * Unsigned. Most entries; past it, the oldest are deleted. 0 means
 * unlimited (default).
 * =item ENTRY_PACKET_CAPACITY
 * Unsigned. Most packets held for one entry; 0 means unlimited (default).
 * =item CAPACITY_SLIM_FACTOR
 * Unsigned, not 0. See CAPACITY. Default 2.
 * =item TIMEOUT
 * Time. Entries expire this long after their last update; 0 means never.
 * Default 5 minutes.
 * =h table read-only
 * One line per entry, oldest first: IP address, 1 if the entry is valid
 * (else 0), Ethernet address, and the time since the entry was updated.
 * =h drops read-only
 * Packets dropped because of timeouts or capacity limits.
 * =h count read-only
 * Number of entries.
 * =h length read-only
 * Number of packets waiting in the table.
 * =h insert write-only
 * Adds an entry: "IP ETH".
 * =h delete write-only
 * Invalidates the entry for an IP address.
 * =h clear write-only
 * Deletes every entry.
 * =e
 *   arpt :: ARPTable(TIMEOUT 1min);
 *   ... -> ARPQuerier(TABLE arpt, 10.0.0.1, 0:1:2:3:4:5) -> ...
 * =a ARPQuerier
 */
#include <stddef.h>
#include <string.h>
#include "arptable.h"

struct arptable {
	struct nfc_element e;
	struct arp_table t;
	int64_t timeout_ns;
};

static const struct nfc_arg_spec arptable_args[] = {
	{ .keyword = "CAPACITY", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct arptable, t.packet_capacity), .doc = "most waiting packets" },
	{ .keyword = "ENTRY_CAPACITY", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct arptable, t.entry_capacity), .doc = "most entries" },
	{ .keyword = "ENTRY_PACKET_CAPACITY", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct arptable, t.entry_packet_capacity),
	  .doc = "most waiting packets per entry" },
	{ .keyword = "CAPACITY_SLIM_FACTOR", .type = NFC_ARG_UINT32,
	  .offset = offsetof(struct arptable, t.slim_factor), .doc = "CAPACITY divisor when slimming" },
	{ .keyword = "TIMEOUT", .type = NFC_ARG_TIME, .offset = offsetof(struct arptable, timeout_ns),
	  .doc = "entry lifetime (0: forever)" },
	NFC_ARGS_END
};

static int arptable_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct arptable *a = (struct arptable *)e;
	arpt_init(&a->t, e);
	a->timeout_ns = 300 * NFC_NSEC_PER_SEC;
	if (nfc_args_parse(e, conf, arptable_args, errh, NULL) < 0)
		return -1;
	if (a->t.slim_factor == 0)
		return nfc_error(errh, "CAPACITY_SLIM_FACTOR cannot be zero");
	a->t.timeout_j = arpt_jiffies_of(a->timeout_ns);
	return 0;
}

static int arptable_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	arpt_start(&((struct arptable *)e)->t);
	return 0;
}

static void arptable_cleanup(struct nfc_element *e)
{
	arpt_destroy(&((struct arptable *)e)->t);
}

static void *arptable_cast(struct nfc_element *e, const char *iface)
{
	return strcmp(iface, "ARPTable") == 0 ? &((struct arptable *)e)->t : NULL;
}

static void arptable_take_state(struct nfc_element *e, struct nfc_element *old,
				struct nfc_errh *errh)
{
	struct arp_table *from = old->cls->cast ? old->cls->cast(old, "ARPTable") : NULL;
	if (from)
		arpt_take_state(&((struct arptable *)e)->t, from, errh);
}

enum { ARPTABLE_TABLE, ARPTABLE_DROPS, ARPTABLE_COUNT, ARPTABLE_LENGTH };

static int arptable_read(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct arp_table *t = &((struct arptable *)e)->t;
	switch ((uintptr_t)thunk) {
	case ARPTABLE_TABLE: arpt_unparse(t, out); break;
	case ARPTABLE_DROPS: nfc_strbuf_printf(out, "%llu", (unsigned long long)t->drops); break;
	case ARPTABLE_COUNT: nfc_strbuf_printf(out, "%u", t->entry_count); break;
	default: nfc_strbuf_printf(out, "%u", t->packet_count); break;
	}
	return 0;
}

static int arptable_write_insert(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	return arpt_write_insert(&((struct arptable *)e)->t, e, value, errh);
}

static int arptable_write_delete(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	return arpt_write_delete(&((struct arptable *)e)->t, e, value, errh);
}

static int arptable_write_clear(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	arpt_clear(&((struct arptable *)e)->t);
	return 0;
}

static int arptable_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "table", arptable_read, (void *)ARPTABLE_TABLE, 0);
	nfc_add_read_handler(e, "drops", arptable_read, (void *)ARPTABLE_DROPS, 0);
	nfc_add_read_handler(e, "count", arptable_read, (void *)ARPTABLE_COUNT, 0);
	nfc_add_read_handler(e, "length", arptable_read, (void *)ARPTABLE_LENGTH, 0);
	nfc_add_write_handler(e, "insert", arptable_write_insert, NULL, 0);
	nfc_add_write_handler(e, "delete", arptable_write_delete, NULL, 0);
	nfc_add_write_handler(e, "clear", arptable_write_clear, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class arptable_class = {
	.name = "ARPTable",
	.port_count = "0/0",
	.size = sizeof(struct arptable),
	.configure = arptable_configure,
	.initialize = arptable_initialize,
	.cleanup = arptable_cleanup,
	.add_handlers = arptable_add_handlers,
	.cast = arptable_cast,
	.take_state = arptable_take_state,
};
NFC_REGISTER_ELEMENT(arptable_class);
