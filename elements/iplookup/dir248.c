/* SPDX-License-Identifier: MIT */
/* DIR-24-8 route table: adding, replacing and removing routes in the direct-indexed tables. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dir248.h"

#define TBL24_ENTRIES (1u << 24)
#define TBL8_ENTRIES (DIR248_MAX_GROUPS * 256u)

/*
 * Lookups on other threads may run while a handler changes the table: each
 * entry is written with one 16-bit store, a new group is filled before the
 * tbl24 entry points at it, and freed groups stay mapped. A lookup racing
 * an update sees the old or the new route, never freed memory.
 */
static void dir248_store(uint16_t *entry, uint32_t v)
{
	__atomic_store_n(entry, (uint16_t)v, __ATOMIC_RELEASE);
}

int dir248_init(struct dir248 *t)
{
	memset(t, 0, sizeof *t);
	t->tbl24 = iplk_map(TBL24_ENTRIES * sizeof *t->tbl24);
	t->len24 = iplk_map(TBL24_ENTRIES);
	t->tbl8 = iplk_map(TBL8_ENTRIES * sizeof *t->tbl8);
	t->len8 = iplk_map(TBL8_ENTRIES);
	t->group_next = malloc(DIR248_MAX_GROUPS * sizeof *t->group_next);
	iproute_store_init(&t->routes);
	if (!t->tbl24 || !t->len24 || !t->tbl8 || !t->len8 || !t->group_next ||
	    iplk_nexthops_init(&t->nexthops, DIR248_MAX_NEXTHOPS) < 0) {
		dir248_destroy(t);
		return -1;
	}
	t->group_free = -1;
	return 0;
}

void dir248_destroy(struct dir248 *t)
{
	iplk_unmap(t->tbl24, TBL24_ENTRIES * sizeof *t->tbl24);
	iplk_unmap(t->len24, TBL24_ENTRIES);
	iplk_unmap(t->tbl8, TBL8_ENTRIES * sizeof *t->tbl8);
	iplk_unmap(t->len8, TBL8_ENTRIES);
	free(t->group_next);
	if (t->nexthops.nh)
		iplk_nexthops_destroy(&t->nexthops);
	iproute_store_destroy(&t->routes);
	memset(t, 0, sizeof *t);
}

void dir248_flush(struct dir248 *t)
{
	iplk_rezero(t->tbl24, TBL24_ENTRIES * sizeof *t->tbl24);
	iplk_rezero(t->len24, TBL24_ENTRIES);
	iplk_rezero(t->tbl8, TBL8_ENTRIES * sizeof *t->tbl8);
	iplk_rezero(t->len8, TBL8_ENTRIES);
	t->groups_used = 0;
	t->group_free = -1;
	iplk_nexthops_clear(&t->nexthops);
	iproute_store_clear(&t->routes);
}

static bool dir248_group_available(const struct dir248 *t)
{
	return t->group_free >= 0 || t->groups_used < DIR248_MAX_GROUPS;
}

/* A group resolving the last octet of /24 number @i, filled with its current entry. */
static uint32_t dir248_group_make(struct dir248 *t, uint32_t i)
{
	uint32_t g;
	if (t->group_free >= 0) {
		g = (uint32_t)t->group_free;
		t->group_free = t->group_next[g];
	} else
		g = t->groups_used++;
	uint16_t nh = t->tbl24[i];
	uint8_t len = t->len24[i];
	for (uint32_t j = 0; j < 256; j++) {
		t->tbl8[(g << 8) | j] = nh;
		t->len8[(g << 8) | j] = len;
	}
	dir248_store(&t->tbl24[i], DIR248_GROUP | g);
	return g;
}

/*
 * Entries [from, to) of group @g that belong to a route no longer than
 * @len get (@nh, @newlen); longer routes' entries stay.
 */
static void dir248_paint_group(struct dir248 *t, uint32_t g, uint32_t from, uint32_t to, int len,
			       uint32_t nh, int newlen)
{
	uint16_t *v = &t->tbl8[g << 8];
	uint8_t *l = &t->len8[g << 8];
	for (uint32_t j = from; j < to;) {
		if (l[j] <= len) {
			l[j] = (uint8_t)newlen;
			dir248_store(&v[j], nh);
			j++;
		} else if (l[j] > 24)
			j = (j | ((1u << (32 - l[j])) - 1)) + 1; /* past that route's range */
		else
			j++;
	}
}

/*
 * Give every entry of prefix @a/@len (host order) that belongs to a route
 * no longer than @len the next hop @nh, recorded as length @newlen: @len
 * itself when adding, the covering route's when removing.
 */
static void dir248_paint(struct dir248 *t, uint32_t a, int len, uint32_t nh, int newlen)
{
	if (len > 24) {
		uint32_t i = a >> 8;
		uint32_t v = t->tbl24[i];
		uint32_t g = v & DIR248_GROUP ? v & ~DIR248_GROUP : dir248_group_make(t, i);
		uint32_t from = a & 0xFF;
		dir248_paint_group(t, g, from, from + (1u << (32 - len)), len, nh, newlen);
		return;
	}
	uint32_t end = (a >> 8) + (1u << (24 - len));
	for (uint32_t i = a >> 8; i < end;) {
		uint32_t v = t->tbl24[i];
		if (v & DIR248_GROUP) {
			dir248_paint_group(t, v & ~DIR248_GROUP, 0, 256, len, nh, newlen);
			i++;
		} else if (t->len24[i] <= len) {
			t->len24[i] = (uint8_t)newlen;
			dir248_store(&t->tbl24[i], nh);
			i++;
		} else /* a more specific route owns this block: skip it whole */
			i = (i | ((1u << (24 - t->len24[i])) - 1)) + 1;
	}
}

/* Fold /24 number @i's group back into tbl24 when no route longer than /24 is left in it. */
static void dir248_collapse(struct dir248 *t, uint32_t i)
{
	uint32_t v = t->tbl24[i];
	if (!(v & DIR248_GROUP))
		return;
	uint32_t g = v & ~DIR248_GROUP;
	const uint8_t *l = &t->len8[g << 8];
	for (uint32_t j = 0; j < 256; j++)
		if (l[j] > 24)
			return;
	/* every entry now comes from the same route of /24 or shorter */
	t->len24[i] = l[0];
	dir248_store(&t->tbl24[i], t->tbl8[g << 8]);
	t->group_next[g] = t->group_free;
	t->group_free = (int32_t)g;
}

static int dir248_bad_mask(const struct iproute *r, struct nfc_errh *errh)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	iproute_unparse(r, false, &sb);
	nfc_error(errh, "route '%s': mask is not a prefix", nfc_strbuf_str(&sb));
	nfc_strbuf_free(&sb);
	return -EINVAL;
}

int dir248_add(struct dir248 *t, const struct iproute *r, bool replace, struct iproute *old,
	       struct nfc_errh *errh)
{
	int len = iproute_prefix_len(r->mask);
	if (len < 0)
		return dir248_bad_mask(r, errh);
	int slot = iproute_store_find(&t->routes, r->addr, r->mask);
	if (slot >= 0) {
		if (old)
			*old = t->routes.slots[slot].r;
		if (!replace)
			return -EEXIST;
	}
	if (len == 0) {
		/* the default route is next hop 0: no table entry changes */
		if (slot < 0 && iproute_store_insert(&t->routes, r, 0) < 0)
			return nfc_error(errh, "out of memory");
		if (slot >= 0)
			t->routes.slots[slot].r = *r;
		t->nexthops.nh[0].gw = r->gw;
		__atomic_store_n(&t->nexthops.nh[0].port, r->port, __ATOMIC_RELEASE);
		return 0;
	}

	int nh = iplk_nexthops_ref(&t->nexthops, r->gw, r->port);
	if (nh < 0)
		return nfc_error(errh, "too many distinct gateway and output pairs (at most %u)",
				 DIR248_MAX_NEXTHOPS - 1);
	uint32_t a = ntohl(r->addr);
	if (len > 24 && !(t->tbl24[a >> 8] & DIR248_GROUP) && !dir248_group_available(t)) {
		iplk_nexthops_unref(&t->nexthops, (uint32_t)nh);
		return nfc_error(errh, "too many /24 networks hold longer routes (at most %u)",
				 DIR248_MAX_GROUPS);
	}
	uint32_t old_nh = 0;
	if (slot >= 0) {
		old_nh = t->routes.slots[slot].aux;
		t->routes.slots[slot].r = *r;
		t->routes.slots[slot].aux = (uint32_t)nh;
	} else if (iproute_store_insert(&t->routes, r, (uint32_t)nh) < 0) {
		iplk_nexthops_unref(&t->nexthops, (uint32_t)nh);
		return nfc_error(errh, "out of memory");
	}
	dir248_paint(t, a, len, (uint32_t)nh, len);
	if (slot >= 0)
		iplk_nexthops_unref(&t->nexthops, old_nh);
	return 0;
}

int dir248_remove(struct dir248 *t, const struct iproute *r, struct iproute *old)
{
	int len = iproute_prefix_len(r->mask);
	int slot = len < 0 ? -1 : iproute_store_find(&t->routes, r->addr, r->mask);
	if (slot < 0 || !iproute_match(r, &t->routes.slots[slot].r))
		return -ENOENT;
	struct iproute_slot *s = &t->routes.slots[slot];
	if (old)
		*old = s->r;
	if (len == 0) {
		__atomic_store_n(&t->nexthops.nh[0].port, -1, __ATOMIC_RELEASE);
		t->nexthops.nh[0].gw = 0;
		iproute_store_erase(&t->routes, slot);
		return 0;
	}
	/* the entries go to the longest remaining route that covers the prefix */
	uint32_t cover_nh = 0;
	int cover_len = 0;
	for (int l = len - 1; l > 0; l--) {
		uint32_t m = iproute_len_mask(l);
		int c = iproute_store_find(&t->routes, r->addr & m, m);
		if (c >= 0) {
			cover_nh = t->routes.slots[c].aux;
			cover_len = l;
			break;
		}
	}
	uint32_t a = ntohl(r->addr);
	uint32_t nh = s->aux;
	dir248_paint(t, a, len, cover_nh, cover_len);
	if (len > 24)
		dir248_collapse(t, a >> 8);
	iplk_nexthops_unref(&t->nexthops, nh);
	iproute_store_erase(&t->routes, slot);
	return 0;
}

void dir248_dump(const struct dir248 *t, struct nfc_strbuf *out)
{
	iproute_store_dump(&t->routes, true, out);
}
