/* SPDX-License-Identifier: MIT */
/* DIR-24-8 route table (DirectIPLookup): one or two memory reads per lookup. */
#ifndef NFCLICK_ELEMENTS_IPLOOKUP_DIR248_H
#define NFCLICK_ELEMENTS_IPLOOKUP_DIR248_H

#include "iproutetable.h"

/*
 * Gupta, Lin and McKeown's DIR-24-8-BASIC. tbl24 has one 16-bit entry per
 * /24: a next-hop index, or (with DIR248_GROUP set) the number of a
 * 256-entry group in tbl8 that resolves the last octet, for /24s holding
 * routes longer than /24. Next hop 0 is the default route, so the default
 * route costs no table writes and an empty table is all zeroes.
 *
 * Beside each entry, len24/len8 keep the prefix length that wrote it (0:
 * default), so adds and removes rewrite exactly the entries a route owns.
 * All lookup tables are mapped once at full size: they never move, and
 * pages a table never touches cost nothing.
 */
#define DIR248_GROUP 0x8000u
#define DIR248_MAX_GROUPS 0x8000u
#define DIR248_MAX_NEXTHOPS 0x8000u

struct dir248 {
	/* read by lookups */
	uint16_t *tbl24;
	uint16_t *tbl8;
	struct iplk_nexthops nexthops;
	/* maintenance */
	uint8_t *len24;
	uint8_t *len8;
	uint32_t groups_used;
	int32_t group_free; /* free list through group_next */
	int32_t *group_next;
	struct iproute_store routes;
};

int dir248_init(struct dir248 *t);
void dir248_destroy(struct dir248 *t);
/** Add (or with @replace, set) a route; see struct iproutetable_ops. */
int dir248_add(struct dir248 *t, const struct iproute *r, bool replace, struct iproute *old,
	       struct nfc_errh *errh);
int dir248_remove(struct dir248 *t, const struct iproute *r, struct iproute *old);
/** Remove every route, giving the table's memory back. */
void dir248_flush(struct dir248 *t);
void dir248_dump(const struct dir248 *t, struct nfc_strbuf *out);

/** Next-hop index of @addr_be. */
static inline uint32_t dir248_find(const struct dir248 *t, uint32_t addr_be)
{
	uint32_t a = ntohl(addr_be);
	uint32_t v = t->tbl24[a >> 8];
	if (v & DIR248_GROUP)
		v = t->tbl8[((v & ~DIR248_GROUP) << 8) | (a & 0xFF)];
	return v;
}

/** Output port of @addr_be's route (negative: none) and its gateway. */
static inline int dir248_lookup(const struct dir248 *t, uint32_t addr_be, uint32_t *gw_be)
{
	const struct iplk_nexthop *nh = &t->nexthops.nh[dir248_find(t, addr_be)];
	*gw_be = nh->gw;
	return nh->port;
}

#endif
