/* SPDX-License-Identifier: MIT */
/* IP route tables: routes, Click's IPRouteTable plumbing (configure, handlers), route store. */
#ifndef NFCLICK_ELEMENTS_IPLOOKUP_IPROUTETABLE_H
#define NFCLICK_ELEMENTS_IPLOOKUP_IPROUTETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <nfclick/nfclick.h>

#define iplk_likely(x) __builtin_expect(!!(x), 1)
#define iplk_unlikely(x) __builtin_expect(!!(x), 0)

/*
 * A route, as Click writes it: "ADDR/MASK [GATEWAY] OUTPUT". Addresses are
 * in network order, as in the packet's destination annotation.
 */
struct iproute {
	uint32_t addr; /* host bits cleared */
	uint32_t mask;
	uint32_t gw; /* 0: no gateway */
	/* Output port. A remove request without one has -1: any gateway/port. */
	int32_t port;
};

/**
 * Parse @text as a route (Click's cp_ip_route): a prefix (or an address,
 * taken as /32; AddressInfo names resolved from @context), an optional
 * gateway ("-" for none) and the output port. With @remove, the port may be
 * left out. Returns 0, or -1 when malformed (nothing stored).
 */
int iproute_parse(const struct nfc_element *context, const char *text, bool remove,
		  struct iproute *r);

/**
 * Append @r as Click prints it: "ADDR/LEN GW PORT" ("-" for no gateway).
 * With @tabs, fields are tab-separated and padded with a second tab to
 * Click's columns (the "table" handler of RadixIPLookup and DirectIPLookup).
 */
void iproute_unparse(const struct iproute *r, bool tabs, struct nfc_strbuf *out);

/** Prefix length of a network-order mask; -1 when the mask is not a prefix. */
int iproute_prefix_len(uint32_t mask_be);

/** Network-order mask of a prefix length 0..32. */
static inline uint32_t iproute_len_mask(int len)
{
	return htonl(len ? 0xFFFFFFFFu << (32 - len) : 0);
}

/** Does @want (a remove request) designate @have? Same prefix, and same gateway and port unless want->port < 0. */
static inline bool iproute_match(const struct iproute *want, const struct iproute *have)
{
	return want->addr == have->addr && want->mask == have->mask &&
	       (want->port < 0 || (want->gw == have->gw && want->port == have->port));
}

/** Dotted quad of a network-order address into @buf (at least 16 bytes). */
const char *iproute_ip_str(uint32_t addr_be, char *buf);

/* ---- the IPRouteTable base: every lookup element starts with this ---- */

struct iproutetable;

/**
 * What a table implements. Return conventions follow Click's IPRouteTable:
 *  - add: 0; -EEXIST when a route for the prefix exists and !replace
 *    (*old filled); other negative values after reporting to errh. When
 *    replacing, *old receives the replaced route. @old may be NULL.
 *  - remove: 0 with *old filled; -ENOENT when no route matches.
 *  - lookup: the output port (negative: no route) and the gateway.
 *  - commit (optional): called after a group of changes (a configuration,
 *    a handler write); tables that defer rebuilding do it here.
 */
struct iproutetable_ops {
	int (*add)(struct iproutetable *t, const struct iproute *r, bool replace,
		   struct iproute *old, struct nfc_errh *errh);
	int (*remove)(struct iproutetable *t, const struct iproute *r, struct iproute *old,
		      struct nfc_errh *errh);
	int (*lookup)(const struct iproutetable *t, uint32_t addr_be, uint32_t *gw_be);
	void (*dump)(const struct iproutetable *t, struct nfc_strbuf *out);
	int (*commit)(struct iproutetable *t, struct nfc_errh *errh);
};

struct iproutetable {
	struct nfc_element e;
	const struct iproutetable_ops *ops;
	/* "no route" messages printed so far (a few, then silence). */
	uint32_t no_route_reports;
};

/** Click's IPRouteTable::configure: each argument a route; then commit. */
int iproutetable_configure(struct iproutetable *t, struct nfc_conf *conf,
			   struct nfc_errh *errh);

enum {
	/** "table" and "lookup" (StaticIPLookup has only these). */
	IPRT_HANDLERS_QUERY = 1u << 0,
	/** "add", "set", "remove", "ctrl". */
	IPRT_HANDLERS_UPDATE = 1u << 1,
};
/** Register Click's IPRouteTable handlers. */
void iproutetable_add_handlers(struct iproutetable *t, unsigned which);

/** The cast hook: "IPRouteTable" gives the struct iproutetable. */
void *iproutetable_cast(struct nfc_element *e, const char *iface);

/**
 * Report a packet without route: prints "@who: no route for ADDR" (or the
 * @hex form of LinearIPLookup) for the first few packets only.
 */
void iproutetable_no_route(struct iproutetable *t, const char *who, uint32_t addr_be,
			   bool hex);

/* ---- route store: routes by prefix, in slots reused last-freed-first ---- */

struct iproute_slot {
	struct iproute r;
	/* Table's own data (the next-hop index). */
	uint32_t aux;
	/* Next slot in the hash chain (live) or the free list (dead); -1 ends. */
	int32_t next;
	bool live;
};

/**
 * Routes keyed by (addr, mask), kept in slots whose order is the table
 * dump order (Click's RadixIPLookup order: a freed slot is reused first).
 */
struct iproute_store {
	struct iproute_slot *slots;
	uint32_t nslots, cap, nlive;
	int32_t free_head;
	int32_t *buckets;
	uint32_t nbuckets;
};

void iproute_store_init(struct iproute_store *s);
void iproute_store_destroy(struct iproute_store *s);
void iproute_store_clear(struct iproute_store *s);
/** Slot index of the route for addr/mask, or -1. */
int iproute_store_find(const struct iproute_store *s, uint32_t addr, uint32_t mask);
/** Store a new route (its prefix must not be present); slot index, or -1 on OOM. */
int iproute_store_insert(struct iproute_store *s, const struct iproute *r, uint32_t aux);
void iproute_store_erase(struct iproute_store *s, int slot);
/** Append every live route in slot order, one per line. */
void iproute_store_dump(const struct iproute_store *s, bool tabs, struct nfc_strbuf *out);

/* ---- next hops: (gateway, port) pairs shared by routes ---- */

/** What a lookup reads: index 0 is the default route (port -1: none). */
struct iplk_nexthop {
	uint32_t gw;
	int32_t port;
};

struct iplk_nexthops {
	/* max entries, at a fixed address (lookups hold indexes into it). */
	struct iplk_nexthop *nh;
	uint32_t max, used;
	uint32_t *refs;
	/* Dedup index: chains through next[], heads in buckets[]. */
	int32_t *next;
	int32_t *buckets;
	int32_t free_head;
};

#define IPLK_NEXTHOP_BUCKETS 4096

int iplk_nexthops_init(struct iplk_nexthops *n, uint32_t max);
void iplk_nexthops_destroy(struct iplk_nexthops *n);
void iplk_nexthops_clear(struct iplk_nexthops *n);
/** Index of (gw, port), referenced once more; -1 when all @max are used. */
int iplk_nexthops_ref(struct iplk_nexthops *n, uint32_t gw, int32_t port);
void iplk_nexthops_unref(struct iplk_nexthops *n, uint32_t idx);

/* ---- big zeroed tables: mapped lazily, so untouched parts cost no memory ---- */

void *iplk_map(size_t bytes);
void iplk_unmap(void *p, size_t bytes);
/** Zero a mapped table and give its pages back. */
void iplk_rezero(void *p, size_t bytes);

#endif
