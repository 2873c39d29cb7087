/* SPDX-License-Identifier: MIT */
/* ARPQuerier: Ethernet-encapsulates IP packets, resolving next hops with ARP. */

/*
 * =c
 * ARPQuerier(IP, ETH, KEYWORDS)
 * ARPQuerier(NAME, KEYWORDS)
 * =s arp
 * encapsulates IP packets in Ethernet headers found via ARP
 * =d
 * Handles most of the ARP protocol. IP is this host's IP address (or
 * prefix: its broadcast address becomes BROADCAST) and ETH its Ethernet
 * address; in the one-argument form NAME is an AddressInfo name (or device
 * name) standing for both.
 *
 * Packets arriving on input 0 are IP packets with their destination IP
 * annotation set. When the Ethernet address of that destination is known,
 * the packet is wrapped in an Ethernet header (type 0x0800, source ETH) and
 * sent to output 0. Otherwise it is queued and an ARP query is sent
 * instead, at most ten a second per address (then one every two seconds
 * while no reply comes). ARP replies, with their Ethernet header, arrive on
 * input 1: the mapping is recorded and the queued packets are sent, in
 * arrival order.
 *
 * With two outputs, queries leave on output 1; with one, on output 0.
 *
 * Packets for 255.255.255.255 and BROADCAST go to FF-FF-FF-FF-FF-FF;
 * multicast destinations to 01-00-5E-xx-yy-zz (the low 23 bits of the
 * address, RFC 1112); packets for 0.0.0.0 are dropped (with one warning).
 * Entries older than POLL_TIMEOUT are renewed by a query while still used.
 * Queries carry the timestamp and VLAN TCI annotations of the packet that
 * caused them.
 *
 * =item TABLE
 * Element. An ARPTable (or another ARPQuerier) whose table to use. Then
 * CAPACITY, ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY, CAPACITY_SLIM_FACTOR and
 * TIMEOUT are ignored. By default ARPQuerier has its own table.
 * =item CAPACITY
 * Unsigned. Most packets waiting for replies; 0 means unlimited. Default
 * 2048.
 * =item ENTRY_CAPACITY
 * Unsigned. Most ARP entries; 0 (default) means unlimited.
 * =item ENTRY_PACKET_CAPACITY
 * Unsigned. Most waiting packets per entry; 0 (default) means unlimited.
 * =item CAPACITY_SLIM_FACTOR
 * Unsigned, not 0. Past CAPACITY, packets are dropped down to CAPACITY -
 * CAPACITY/CAPACITY_SLIM_FACTOR. Default 2.
 * =item TIMEOUT
 * Time. Entries expire this long after their last reply. Default 5 minutes.
 * =item POLL_TIMEOUT
 * Time. Entries this old are renewed with a query when used; 0 means
 * never. Default 1 minute.
 * =item BROADCAST
 * IP address. The local broadcast address. Default: derived from IP's
 * prefix, else 255.255.255.255.
 * =item BROADCAST_POLL
 * Boolean. Send renewal queries to the broadcast address rather than to
 * the known Ethernet address. Default false.
 * =h ipaddr read/write
 * Returns or sets this host's IP address.
 * =h broadcast read/write
 * Returns or sets the broadcast address.
 * =h table read-only
 * The ARP table, one entry per line (see ARPTable).
 * =h stats read-only
 * Packets killed and ARP queries sent, as text.
 * =h queries read-only
 * Number of queries sent.
 * =h responses read-only
 * Number of ARP replies received.
 * =h drops read-only
 * Number of packets ARPQuerier dropped (the table's own drops excluded).
 * =h count read-only
 * Number of ARP table entries.
 * =h length read-only
 * Number of packets waiting in the ARP table.
 * =h insert write-only
 * Adds an entry: "IP ETH".
 * =h delete write-only
 * Invalidates the entry of an IP address.
 * =h clear write-only
 * Empties the table and zeroes the counters.
 * =e
 *   c :: Classifier(12/0806 20/0002, 12/0800, ...);
 *   a :: ARPQuerier(18.26.4.24, 00:00:C0:AE:67:EF);
 *   c[0] -> [1]a;
 *   c[1] -> ... -> [0]a;
 *   a[0] -> ... -> ToDevice(eth0);
 * =a ARPTable, ARPResponder, AddressInfo
 */
#include <stddef.h>
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "arptable.h"
#include "ether_priv.h"

struct arpquerier {
	struct nfc_element e;
	struct arp_table *arpt;
	struct arp_table own;
	bool my_arpt;
	uint32_t my_ip, my_bcast_ip;
	uint8_t my_en[6];
	int64_t poll_timeout_j;
	bool broadcast_poll;
	bool zero_warned;
	uint64_t queries, drops, responses;

	/* configuration values */
	uint32_t capacity, entry_capacity, entry_packet_capacity, slim_factor, bcast_arg;
	int64_t timeout_ns, poll_timeout_ns;
	bool have_capacity, have_entry_capacity, have_entry_packet_capacity, have_slim_factor;
	bool have_timeout, have_broadcast;
	struct nfc_element *table;
};

static const struct nfc_element_class arpquerier_class;

#define AQ_OPT(kw, ty, field, doc_)                                                  \
	{ .keyword = kw, .type = ty, .offset = offsetof(struct arpquerier, field),  \
	  .given_offset = offsetof(struct arpquerier, have_##field), .doc = doc_ }

/* Keyword arguments, parsed first; what is left are IP and ETH. */
static const struct nfc_arg_spec arpquerier_keywords[] = {
	AQ_OPT("CAPACITY", NFC_ARG_UINT32, capacity, "most waiting packets"),
	AQ_OPT("ENTRY_CAPACITY", NFC_ARG_UINT32, entry_capacity, "most entries"),
	AQ_OPT("ENTRY_PACKET_CAPACITY", NFC_ARG_UINT32, entry_packet_capacity,
	       "most waiting packets per entry"),
	AQ_OPT("CAPACITY_SLIM_FACTOR", NFC_ARG_UINT32, slim_factor, "CAPACITY divisor when slimming"),
	{ .keyword = "TIMEOUT", .type = NFC_ARG_TIME, .offset = offsetof(struct arpquerier, timeout_ns),
	  .given_offset = offsetof(struct arpquerier, have_timeout), .doc = "entry lifetime" },
	{ .keyword = "BROADCAST", .type = NFC_ARG_IP, .offset = offsetof(struct arpquerier, bcast_arg),
	  .given_offset = offsetof(struct arpquerier, have_broadcast),
	  .doc = "local broadcast address" },
	{ .keyword = "TABLE", .type = NFC_ARG_ELEMENT, .offset = offsetof(struct arpquerier, table),
	  .doc = "ARPTable to use" },
	{ .keyword = "POLL_TIMEOUT", .type = NFC_ARG_TIME,
	  .offset = offsetof(struct arpquerier, poll_timeout_ns), .doc = "age of entries renewed" },
	{ .keyword = "BROADCAST_POLL", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct arpquerier, broadcast_poll), .doc = "renew by broadcast" },
	NFC_ARGS_END
};

/* "WORD value" with an upper-case WORD: an unknown keyword argument. */
static bool arpquerier_keyword_like(const char *arg)
{
	size_t n = 0;
	while ((arg[n] >= 'A' && arg[n] <= 'Z') || (arg[n] >= '0' && arg[n] <= '9') || arg[n] == '_')
		n++;
	return n > 0 && arg[0] >= 'A' && arg[0] <= 'Z' && (arg[n] == ' ' || arg[n] == '\t' || arg[n] == '\n');
}

static int arpquerier_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	aq->poll_timeout_ns = 60 * NFC_NSEC_PER_SEC;
	aq->broadcast_poll = false;
	aq->table = NULL;
	int *rest = calloc((size_t)conf->argc + 1, sizeof(*rest));
	if (!rest)
		return nfc_error(errh, "out of memory");
	int r = nfc_args_parse(e, conf, arpquerier_keywords, errh, rest);

	/* IP and ETH; one argument stands for both (an AddressInfo name) */
	int pos[3] = { -1, -1, -1 }, n = 0;
	for (int i = 0; rest[i] >= 0; i++, n++) {
		if (n < 2)
			pos[n] = rest[i];
		else if (arpquerier_keyword_like(conf->argv[rest[i]]))
			r = nfc_error(errh, "%.*s: unknown argument",
				      (int)strcspn(conf->argv[rest[i]], " \t\n"), conf->argv[rest[i]]);
		else if (pos[2] < 0)
			pos[2] = rest[i];
	}
	free(rest);
	if (pos[2] >= 0)
		r = nfc_error(errh, "too many arguments");
	if (n == 1)
		pos[1] = pos[0];
	uint32_t mask = 0xFFFFFFFFu;
	if (pos[0] < 0)
		r = nfc_error(errh, "IP: required argument missing");
	else if (nfc_addressinfo_parse_ip_prefix(e, conf->argv[pos[0]], &aq->my_ip, &mask, true) < 0)
		r = nfc_error(errh, "IP: expected IP address prefix");
	if (pos[1] < 0)
		r = nfc_error(errh, "ETH: required argument missing");
	else if (nfc_addressinfo_parse_ether(e, conf->argv[pos[1]], aq->my_en) < 0)
		r = nfc_error(errh, "ETH: expected Ethernet address");
	if (r < 0)
		return -1;

	if (aq->table) {
		struct nfc_element *t = aq->table;
		aq->arpt = t->cls->cast ? t->cls->cast(t, "ARPTable") : NULL;
		if (!aq->arpt)
			return nfc_error(errh, "TABLE: element type mismatch, expected ARPTable");
		aq->my_arpt = false;
	} else {
		arpt_init(&aq->own, e);
		if (aq->have_capacity)
			aq->own.packet_capacity = aq->capacity;
		if (aq->have_entry_capacity)
			aq->own.entry_capacity = aq->entry_capacity;
		if (aq->have_entry_packet_capacity)
			aq->own.entry_packet_capacity = aq->entry_packet_capacity;
		if (aq->have_slim_factor) {
			if (aq->slim_factor == 0)
				return nfc_error(errh, "CAPACITY_SLIM_FACTOR cannot be zero");
			aq->own.slim_factor = aq->slim_factor;
		}
		if (aq->have_timeout)
			aq->own.timeout_j = arpt_jiffies_of(aq->timeout_ns);
		aq->arpt = &aq->own;
		aq->my_arpt = true;
	}

	if (aq->have_broadcast)
		aq->my_bcast_ip = aq->bcast_arg;
	else {
		aq->my_bcast_ip = aq->my_ip | ~mask;
		if (aq->my_bcast_ip == aq->my_ip)
			aq->my_bcast_ip = 0xFFFFFFFFu;
	}
	aq->poll_timeout_j = arpt_jiffies_of(aq->poll_timeout_ns);
	return 0;
}

static int arpquerier_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	aq->queries = aq->drops = aq->responses = 0;
	if (aq->my_arpt)
		arpt_start(&aq->own);
	return 0;
}

static void arpquerier_cleanup(struct nfc_element *e)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	if (aq->my_arpt)
		arpt_destroy(&aq->own);
	aq->my_arpt = false;
}

/* Data packets ready for output 0 collect here, so a query is never
 * overtaken by data that arrived before it. */
static void arpquerier_flush(struct arpquerier *aq, struct nfc_batch *out)
{
	if (out->count)
		nfc_push(&aq->e, 0, out);
	out->count = 0;
}

/* Send a query for @p's destination; uses @p's Ethernet header when @known. */
static void arpquerier_send_query(struct arpquerier *aq, const struct nfc_packet *p, bool known,
				  struct nfc_batch *out)
{
	arpquerier_flush(aq, out);
	struct nfc_packet *q = nfc_packet_make(NULL, NFC_ETHER_LEN + sizeof(struct nfc_arp_ether));
	if (!q) {
		nfc_message(nfc_router_errh(aq->e.router), "in arp querier: cannot make packet!");
		return;
	}
	struct nfc_ether *eh = (struct nfc_ether *)q->data;
	if (known && !aq->broadcast_poll)
		memcpy(eh->dst, p->data, 6);
	else
		memset(eh->dst, 0xFF, 6);
	memcpy(eh->src, aq->my_en, 6);
	eh->type = htons(NFC_ETHERTYPE_ARP);
	struct nfc_arp_ether *ea = (struct nfc_arp_ether *)(eh + 1);
	ea->hrd = htons(1);
	ea->pro = htons(NFC_ETHERTYPE_IP);
	ea->hln = 6;
	ea->pln = 4;
	ea->op = htons(NFC_ARP_REQUEST);
	memcpy(ea->sha, aq->my_en, 6);
	memcpy(ea->spa, &aq->my_ip, 4);
	memset(ea->tha, 0, 6);
	uint32_t want = nfc_packet_dst_ip(p);
	memcpy(ea->tpa, &want, 4);
	q->timestamp_ns = p->timestamp_ns;
	eth_set_vlan_tci_anno(q, eth_vlan_tci_anno(p));
	eth_set_ether_header(q, q->data);
	aq->queries++;
	/* @p may be queued and sent (and freed) during this push: not used after */
	nfc_push_packet(&aq->e, aq->e.noutputs - 1, q);
}

/*
 * Encapsulate @p (an IP packet, or with @response a queued packet that
 * already has its Ethernet header) and send it, or queue it and query.
 */
static void arpquerier_handle_ip(struct arpquerier *aq, struct nfc_packet *p, bool response,
				 struct nfc_batch *out)
{
	if (!aq->my_ip) {
		aq->drops++;
		nfc_packet_kill(p);
		return;
	}
	if (response)
		p = nfc_packet_uniqueify(p);
	else if ((p = nfc_packet_push(p, NFC_ETHER_LEN))) {
		nfc_packet_set_mac_header(p, p->data);
		p->network_offset = p->mac_offset + NFC_ETHER_LEN;
		uint16_t type = htons(NFC_ETHERTYPE_IP);
		memcpy(p->data + 12, &type, 2);
	}
	if (!p) {
		aq->drops++;
		return;
	}

	uint32_t dst = nfc_packet_dst_ip(p);
	uint8_t *dhost = p->data;
	for (int tries = 0;; tries++) {
		int r = arpt_lookup(aq->arpt, dst, dhost, aq->poll_timeout_j);
		if (r >= 0) {
			if (r > 0)
				arpquerier_send_query(aq, p, true, out);
			break;
		}
		if (dst == 0xFFFFFFFFu || dst == aq->my_bcast_ip) {
			memset(dhost, 0xFF, 6);
			break;
		}
		uint32_t h = ntohl(dst);
		if ((h & 0xF0000000u) == 0xE0000000u) {
			dhost[0] = 0x01;
			dhost[1] = 0x00;
			dhost[2] = 0x5E;
			dhost[3] = (h >> 16) & 0x7F;
			dhost[4] = (uint8_t)(h >> 8);
			dhost[5] = (uint8_t)h;
			break;
		}
		if (!dst) {
			if (!aq->zero_warned) {
				char decl[256];
				nfc_message(nfc_router_errh(aq->e.router),
					    "%s: would query for 0.0.0.0; missing dest IP addr annotation?",
					    nfc_element_declaration(&aq->e, decl, sizeof decl));
				aq->zero_warned = true;
			}
			aq->drops++;
			nfc_packet_kill(p);
			return;
		}
		r = arpt_append_query(aq->arpt, dst, p);
		if (r == ARPT_KNOWN && tries < 2)
			continue;
		if (r < 0) {
			nfc_packet_kill(p);
			return;
		}
		if (r > 0)
			arpquerier_send_query(aq, p, false, out);
		return; /* p waits in the table */
	}
	/* Our address goes in last, in case it changed while p was queued. */
	memcpy(p->data + 6, aq->my_en, 6);
	out->pkts[out->count++] = p;
	if (out->count == NFC_BATCH_MAX)
		arpquerier_flush(aq, out);
}

static void arpquerier_handle_response(struct arpquerier *aq, const struct nfc_packet *p)
{
	if (p->length < NFC_ETHER_LEN + sizeof(struct nfc_arp_ether))
		return;
	aq->responses++;
	const struct nfc_ether *eh = (const struct nfc_ether *)p->data;
	const struct nfc_arp_ether *ea = (const struct nfc_arp_ether *)(eh + 1);
	if (eh->type != htons(NFC_ETHERTYPE_ARP) || ea->hrd != htons(1) ||
	    ea->pro != htons(NFC_ETHERTYPE_IP) || ea->op != htons(NFC_ARP_REPLY) ||
	    eth_is_group(ea->sha))
		return;
	uint32_t ip;
	memcpy(&ip, ea->spa, 4);
	struct nfc_packet *cached = NULL;
	if (arpt_insert(aq->arpt, ip, ea->sha, &cached) < 0)
		return;
	struct nfc_batch out;
	out.count = 0;
	while (cached) {
		struct nfc_packet *next = cached->next;
		cached->next = NULL;
		arpquerier_handle_ip(aq, cached, true, &out);
		cached = next;
	}
	arpquerier_flush(aq, &out);
}

static void arpquerier_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	if (port == 1) {
		for (unsigned i = 0; i < b->count; i++)
			arpquerier_handle_response(aq, b->pkts[i]);
		nfc_batch_kill(b);
		return;
	}
	/* Take the packets out of b first: b may be handed on below. */
	struct nfc_batch in = *b;
	b->count = 0;
	for (unsigned i = 0; i < in.count; i++)
		arpquerier_handle_ip(aq, in.pkts[i], false, b);
	arpquerier_flush(aq, b);
}

static void *arpquerier_cast(struct nfc_element *e, const char *iface)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	if (strcmp(iface, "ARPTable") == 0)
		return aq->arpt;
	if (strcmp(iface, "ARPQuerier") == 0)
		return aq;
	return NULL;
}

static void arpquerier_take_state(struct nfc_element *e, struct nfc_element *old,
				  struct nfc_errh *errh)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	if (old->cls != &arpquerier_class)
		return;
	struct arpquerier *o = (struct arpquerier *)old;
	if (aq->my_ip != o->my_ip || memcmp(aq->my_en, o->my_en, 6) != 0 ||
	    aq->my_bcast_ip != o->my_bcast_ip)
		return;
	if (aq->my_arpt && o->my_arpt)
		arpt_take_state(aq->arpt, o->arpt, errh);
	aq->queries = o->queries;
	aq->drops = o->drops;
	aq->responses = o->responses;
}

enum { AQ_TABLE, AQ_STATS, AQ_COUNT, AQ_LENGTH, AQ_QUERIES, AQ_RESPONSES, AQ_DROPS };

static int arpquerier_read(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	switch ((uintptr_t)thunk) {
	case AQ_TABLE: arpt_unparse(aq->arpt, out); break;
	case AQ_STATS:
		nfc_strbuf_printf(out, "%llu packets killed\n%llu ARP queries sent\n",
				  (unsigned long long)(aq->drops + aq->arpt->drops),
				  (unsigned long long)aq->queries);
		break;
	case AQ_COUNT: nfc_strbuf_printf(out, "%u", aq->arpt->entry_count); break;
	case AQ_LENGTH: nfc_strbuf_printf(out, "%u", aq->arpt->packet_count); break;
	case AQ_QUERIES: nfc_strbuf_printf(out, "%llu", (unsigned long long)aq->queries); break;
	case AQ_RESPONSES:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)aq->responses);
		break;
	default: nfc_strbuf_printf(out, "%llu", (unsigned long long)aq->drops); break;
	}
	return 0;
}

static int arpquerier_write_insert(struct nfc_element *e, void *thunk, const char *value,
				   struct nfc_errh *errh)
{
	return arpt_write_insert(((struct arpquerier *)e)->arpt, e, value, errh);
}

static int arpquerier_write_delete(struct nfc_element *e, void *thunk, const char *value,
				   struct nfc_errh *errh)
{
	return arpt_write_delete(((struct arpquerier *)e)->arpt, e, value, errh);
}

static int arpquerier_write_clear(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	struct arpquerier *aq = (struct arpquerier *)e;
	aq->queries = aq->drops = aq->responses = 0;
	arpt_clear(aq->arpt);
	return 0;
}

static int arpquerier_add_handlers(struct nfc_element *e)
{
	static const char *const reads[] = { "table", "stats", "count", "length",
					     "queries", "responses", "drops" };
	for (uintptr_t i = 0; i < sizeof reads / sizeof reads[0]; i++)
		nfc_add_read_handler(e, reads[i], arpquerier_read, (void *)i, 0);
	nfc_add_read_handler(e, "broadcast", eth_read_ip_field,
			     NFC_FIELD_THUNK(struct arpquerier, my_bcast_ip), 0);
	nfc_add_write_handler(e, "broadcast", eth_write_ip_field,
			      NFC_FIELD_THUNK(struct arpquerier, my_bcast_ip), 0);
	nfc_add_read_handler(e, "ipaddr", eth_read_ip_field,
			     NFC_FIELD_THUNK(struct arpquerier, my_ip), 0);
	nfc_add_write_handler(e, "ipaddr", eth_write_ip_field,
			      NFC_FIELD_THUNK(struct arpquerier, my_ip), 0);
	nfc_add_write_handler(e, "insert", arpquerier_write_insert, NULL, 0);
	nfc_add_write_handler(e, "delete", arpquerier_write_delete, NULL, 0);
	nfc_add_write_handler(e, "clear", arpquerier_write_clear, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class arpquerier_class = {
	.name = "ARPQuerier",
	.port_count = "2/1-2",
	.processing = "h/h",
	.flow_code = "xy/x",
	.size = sizeof(struct arpquerier),
	.configure = arpquerier_configure,
	.initialize = arpquerier_initialize,
	.cleanup = arpquerier_cleanup,
	.add_handlers = arpquerier_add_handlers,
	.cast = arpquerier_cast,
	.take_state = arpquerier_take_state,
	.push = arpquerier_push,
};
NFC_REGISTER_ELEMENT(arpquerier_class);
