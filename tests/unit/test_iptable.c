/* SPDX-License-Identifier: MIT */
/* Unit tests: IP route tables (route syntax, route store, linear, DIR-24-8 and range tables). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../../elements/iplookup/dir248.h"
#include "../../elements/iplookup/lineartable.h"
#include "../../elements/iplookup/rangetable.h"

static uint32_t ip(const char *s)
{
	uint32_t a;
	assert_int_equal(nfc_parse_ip(s, &a), 0);
	return a;
}

static struct iproute route(const char *text)
{
	struct iproute r;
	assert_int_equal(iproute_parse(NULL, text, false, &r), 0);
	return r;
}

static char *unparse(const struct iproute *r, bool tabs)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	iproute_unparse(r, tabs, &sb);
	return nfc_strbuf_take(&sb);
}

/* ---- route syntax ---- */

static void test_parse(void **state)
{
	struct iproute r = route("10.1.2.3/8 2");
	assert_int_equal(r.addr, ip("10.0.0.0")); /* host bits cleared */
	assert_int_equal(r.mask, ip("255.0.0.0"));
	assert_int_equal(r.gw, 0);
	assert_int_equal(r.port, 2);

	r = route("18.26.4/24 18.26.4.1 1");
	assert_int_equal(r.addr, ip("18.26.4.0"));
	assert_int_equal(r.gw, ip("18.26.4.1"));
	assert_int_equal(r.port, 1);

	r = route("1.2.3.4 0"); /* an address is a /32 */
	assert_int_equal(r.mask, 0xFFFFFFFFu);
	r = route("0/0 - 7");
	assert_int_equal(r.addr, 0);
	assert_int_equal(r.mask, 0);
	assert_int_equal(r.port, 7);

	/* a port may be left out only when removing */
	struct iproute x;
	assert_int_equal(iproute_parse(NULL, "1.0.0.0/8", false, &x), -1);
	assert_int_equal(iproute_parse(NULL, "1.0.0.0/8", true, &x), 0);
	assert_int_equal(x.port, -1);
	assert_int_equal(iproute_parse(NULL, "1.0.0.0/8 2.2.2.2", true, &x), 0);
	assert_int_equal(x.gw, ip("2.2.2.2"));
	assert_int_equal(x.port, -1);
	assert_int_equal(iproute_parse(NULL, "1.0.0.0/8 -", true, &x), 0);

	const char *bad[] = { "", "1.0.0.0/8 x", "1.0.0.0/8 1 2", "1.0.0.0/8 1.1.1.1 2 3",
			      "1.0.0.0/33 1", "foo 1", "1.0.0.0/8 - -", "1.2.3 1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(iproute_parse(NULL, bad[i], false, &x), -1);
}

static void test_unparse(void **state)
{
	struct iproute r = route("1.0.0.0/8 3");
	char *s = unparse(&r, false);
	assert_string_equal(s, "1.0.0.0/8 - 3");
	free(s);
	/* Click's columns: a second tab while the field (with its tab) is short */
	s = unparse(&r, true);
	assert_string_equal(s, "1.0.0.0/8\t\t-\t\t3");
	free(s);
	r = route("192.168.100.0/24 192.168.100.254 12");
	s = unparse(&r, true);
	assert_string_equal(s, "192.168.100.0/24\t192.168.100.254\t12");
	free(s);
	r.mask = ip("255.0.255.0");
	s = unparse(&r, false);
	assert_string_equal(s, "192.168.100.0/255.0.255.0 192.168.100.254 12");
	free(s);
	struct iproute rm;
	assert_int_equal(iproute_parse(NULL, "4.0.0.0/8", true, &rm), 0);
	s = unparse(&rm, false);
	assert_string_equal(s, "4.0.0.0/8 - -1");
	free(s);
}

static void test_prefix_len(void **state)
{
	for (int l = 0; l <= 32; l++)
		assert_int_equal(iproute_prefix_len(iproute_len_mask(l)), l);
	assert_int_equal(iproute_prefix_len(ip("255.0.255.0")), -1);
	assert_int_equal(iproute_prefix_len(ip("0.0.0.255")), -1);
}

/* ---- route store and next hops ---- */

static void test_store(void **state)
{
	struct iproute_store s;
	iproute_store_init(&s);
	struct iproute a = route("1.0.0.0/8 0"), b = route("2.0.0.0/8 1"), c = route("3.0.0.0/8 2");
	assert_int_equal(iproute_store_insert(&s, &a, 10), 0);
	assert_int_equal(iproute_store_insert(&s, &b, 11), 1);
	assert_int_equal(iproute_store_insert(&s, &c, 12), 2);
	assert_int_equal(iproute_store_find(&s, b.addr, b.mask), 1);
	assert_int_equal(iproute_store_find(&s, b.addr, a.mask + 1), -1);
	iproute_store_erase(&s, 0);
	iproute_store_erase(&s, 1);
	assert_int_equal(iproute_store_find(&s, a.addr, a.mask), -1);
	/* the last freed slot is reused first, as in Click's RadixIPLookup */
	assert_int_equal(iproute_store_insert(&s, &b, 11), 1);
	assert_int_equal(iproute_store_insert(&s, &a, 10), 0);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	iproute_store_dump(&s, false, &sb);
	assert_string_equal(nfc_strbuf_str(&sb), "1.0.0.0/8 - 0\n2.0.0.0/8 - 1\n3.0.0.0/8 - 2\n");
	nfc_strbuf_free(&sb);
	/* many routes: the hash grows */
	for (uint32_t i = 0; i < 5000; i++) {
		struct iproute r = { htonl(0x0A000000u | (i << 8)), htonl(0xFFFFFF00u), 0, 1 };
		assert_true(iproute_store_insert(&s, &r, i) >= 0);
	}
	for (uint32_t i = 0; i < 5000; i++) {
		int k = iproute_store_find(&s, htonl(0x0A000000u | (i << 8)), htonl(0xFFFFFF00u));
		assert_true(k >= 0);
		assert_int_equal(s.slots[k].aux, i);
	}
	assert_int_equal(s.nlive, 5003);
	iproute_store_destroy(&s);
}

static void test_nexthops(void **state)
{
	struct iplk_nexthops n;
	assert_int_equal(iplk_nexthops_init(&n, 4), 0);
	assert_int_equal(n.nh[0].port, -1); /* the absent default route */
	int a = iplk_nexthops_ref(&n, ip("1.1.1.1"), 1);
	int b = iplk_nexthops_ref(&n, 0, 1);
	assert_int_equal(iplk_nexthops_ref(&n, ip("1.1.1.1"), 1), a); /* shared */
	assert_true(a > 0 && b > 0 && a != b);
	int c = iplk_nexthops_ref(&n, 0, 2);
	assert_true(c > 0);
	assert_int_equal(iplk_nexthops_ref(&n, 0, 3), -1); /* 3 besides the default */
	iplk_nexthops_unref(&n, (uint32_t)a);
	assert_int_equal(iplk_nexthops_ref(&n, 0, 3), -1); /* still referenced once */
	iplk_nexthops_unref(&n, (uint32_t)a);
	assert_int_equal(iplk_nexthops_ref(&n, 0, 3), a); /* reused */
	assert_int_equal(n.nh[a].port, 3);
	iplk_nexthops_destroy(&n);
}

/* ---- a reference model: the routes in a list, longest match by scanning ---- */

struct model {
	struct iproute *v;
	size_t n, cap;
};

static int model_find(const struct model *m, uint32_t addr, uint32_t mask)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].addr == addr && m->v[i].mask == mask)
			return (int)i;
	return -1;
}

static void model_set(struct model *m, const struct iproute *r)
{
	int i = model_find(m, r->addr, r->mask);
	if (i >= 0) {
		m->v[i] = *r;
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = realloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->n++] = *r;
}

static void model_remove(struct model *m, int i)
{
	m->v[i] = m->v[--m->n];
}

static int model_lookup(const struct model *m, uint32_t addr, uint32_t *gw)
{
	int best = -1;
	uint32_t best_mask = 0;
	for (size_t i = 0; i < m->n; i++) {
		/* prefix masks: the longer prefix has the larger host-order mask */
		uint32_t hm = ntohl(m->v[i].mask);
		if ((addr & m->v[i].mask) == m->v[i].addr && (best < 0 || hm > best_mask)) {
			best = (int)i;
			best_mask = hm;
		}
	}
	*gw = best >= 0 ? m->v[best].gw : 0;
	return best >= 0 ? m->v[best].port : -1;
}

/* A deterministic generator (xorshift) so failures reproduce. */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Random routes crowded into a few /8s so that they nest and overlap. */
static struct iproute random_route(void)
{
	static const int lens[] = { 0, 1, 4, 8, 12, 15, 16, 16, 17, 20, 22, 23, 24, 24, 24,
				    24, 25, 26, 28, 30, 31, 32, 32 };
	int len = lens[rnd() % (sizeof lens / sizeof lens[0])];
	uint32_t a = ((10 + rnd() % 3) << 24) | (rnd() & 0x0303FFFF);
	struct iproute r;
	r.mask = iproute_len_mask(len);
	r.addr = htonl(a) & r.mask;
	r.gw = rnd() % 4 ? 0 : htonl(0xC0A80000u | (rnd() % 5));
	r.port = (int32_t)(rnd() % 6);
	return r;
}

/* Addresses near the routes: inside, at the edges, just past. */
static uint32_t probe_addr(const struct model *m)
{
	if (!m->n || rnd() % 8 == 0)
		return htonl(((10 + rnd() % 3) << 24) | (rnd() & 0x0303FFFF));
	const struct iproute *r = &m->v[rnd() % m->n];
	uint32_t a = ntohl(r->addr), size = ~ntohl(r->mask);
	switch (rnd() % 4) {
	case 0: return htonl(a);
	case 1: return htonl(a + size);
	case 2: return htonl(a + size + 1);
	default: return htonl(a + (size ? rnd() % size : 0));
	}
}

struct table_under_test {
	int (*add)(void *t, const struct iproute *r, bool replace, struct iproute *old,
		   struct nfc_errh *errh);
	int (*remove)(void *t, const struct iproute *r, struct iproute *old);
	int (*lookup)(const void *t, uint32_t addr, uint32_t *gw);
	void (*commit)(void *t);
};

static int dir_add(void *t, const struct iproute *r, bool rep, struct iproute *old,
		   struct nfc_errh *errh)
{
	return dir248_add(t, r, rep, old, errh);
}
static int dir_remove(void *t, const struct iproute *r, struct iproute *old)
{
	return dir248_remove(t, r, old);
}
static int dir_lookup(const void *t, uint32_t a, uint32_t *gw)
{
	return dir248_lookup(t, a, gw);
}
static int rng_add(void *t, const struct iproute *r, bool rep, struct iproute *old,
		   struct nfc_errh *errh)
{
	return rangetable_add(t, r, rep, old, errh);
}
static int rng_remove(void *t, const struct iproute *r, struct iproute *old)
{
	return rangetable_remove(t, r, old);
}
static int rng_lookup(const void *t, uint32_t a, uint32_t *gw)
{
	return rangetable_lookup(t, a, gw);
}
static void rng_commit(void *t)
{
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	assert_int_equal(rangetable_commit(t, &errh), 0);
}
static int lin_add(void *t, const struct iproute *r, bool rep, struct iproute *old,
		   struct nfc_errh *errh)
{
	return lineartable_add(t, r, rep, old, errh);
}
static int lin_remove(void *t, const struct iproute *r, struct iproute *old)
{
	return lineartable_remove(t, r, old);
}
static int lin_lookup(const void *t, uint32_t a, uint32_t *gw)
{
	return lineartable_lookup(t, a, gw);
}

static void check_against_model(void *t, const struct table_under_test *tt, struct model *m,
				int nprobes)
{
	for (int k = 0; k < nprobes; k++) {
		uint32_t a = probe_addr(m), gw1, gw2;
		int p1 = tt->lookup(t, a, &gw1), p2 = model_lookup(m, a, &gw2);
		if (p1 != p2 || (p2 >= 0 && gw1 != gw2)) {
			char b[16];
			print_error("lookup %s: got %d, want %d\n", iproute_ip_str(a, b), p1, p2);
			fail();
		}
	}
}

/*
 * Random adds, sets and removes, each checked against the model, with
 * lookups probing route edges after every batch.
 */
static void random_ops(void *t, const struct table_under_test *tt, int nops, int batch)
{
	struct model m = { 0 };
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	for (int op = 0; op < nops; op++) {
		uint32_t what = rnd() % 10;
		struct iproute old = { .port = -1 };
		if (what < 5) {
			struct iproute r = random_route();
			int have = model_find(&m, r.addr, r.mask);
			int rc = tt->add(t, &r, false, &old, &errh);
			if (have >= 0) {
				assert_int_equal(rc, -EEXIST);
				assert_int_equal(old.port, m.v[have].port);
				assert_int_equal(old.gw, m.v[have].gw);
			} else {
				assert_int_equal(rc, 0);
				model_set(&m, &r);
			}
		} else if (what < 7) {
			struct iproute r = random_route();
			int have = model_find(&m, r.addr, r.mask);
			assert_int_equal(tt->add(t, &r, true, &old, &errh), 0);
			if (have >= 0)
				assert_int_equal(old.port, m.v[have].port);
			model_set(&m, &r);
		} else if (m.n) {
			int i = (int)(rnd() % m.n);
			struct iproute r = m.v[i];
			if (rnd() % 2)
				r.port = -1; /* any gateway and port */
			else if (rnd() % 4 == 0) { /* wrong port: no match */
				r.port = (r.port + 1) % 6;
				assert_int_equal(tt->remove(t, &r, &old), -ENOENT);
				continue;
			}
			assert_int_equal(tt->remove(t, &r, &old), 0);
			assert_int_equal(old.port, m.v[i].port);
			model_remove(&m, i);
			struct iproute absent = r;
			assert_int_equal(tt->remove(t, &absent, &old), -ENOENT);
		}
		if (op % batch == batch - 1) {
			if (tt->commit)
				tt->commit(t);
			check_against_model(t, tt, &m, 64);
		}
	}
	/* remove everything: only the absent default route remains */
	if (tt->commit)
		tt->commit(t);
	check_against_model(t, tt, &m, 2000);
	while (m.n) {
		assert_int_equal(tt->remove(t, &m.v[0], NULL), 0);
		model_remove(&m, 0);
	}
	if (tt->commit)
		tt->commit(t);
	check_against_model(t, tt, &m, 200);
	free(m.v);
}

/* ---- linear table ---- */

static void test_linear(void **state)
{
	struct lineartable t;
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	assert_int_equal(lineartable_init(&t), 0);
	struct iproute a = route("1.0.0.0/8 0"), b = route("1.2.0.0/16 1.1.1.1 1"),
		       c = route("0/0 2"), old;
	assert_int_equal(lineartable_add(&t, &a, false, NULL, &errh), 0);
	assert_int_equal(lineartable_add(&t, &b, false, NULL, &errh), 0);
	assert_int_equal(lineartable_add(&t, &c, false, NULL, &errh), 0);
	uint32_t gw;
	assert_int_equal(lineartable_lookup(&t, ip("1.2.3.4"), &gw), 1);
	assert_int_equal(gw, ip("1.1.1.1"));
	assert_int_equal(lineartable_lookup(&t, ip("1.3.3.4"), &gw), 0);
	assert_int_equal(lineartable_lookup(&t, ip("9.3.3.4"), &gw), 2);
	struct iproute a2 = route("1.0.0.0/8 3");
	assert_int_equal(lineartable_add(&t, &a2, false, &old, &errh), -EEXIST);
	assert_int_equal(old.port, 0);
	assert_int_equal(lineartable_add(&t, &a2, true, &old, &errh), 0);
	/* a removed route leaves a hole that the next add fills: table order */
	assert_int_equal(lineartable_remove(&t, &b, &old), 0);
	assert_int_equal(lineartable_remove(&t, &b, &old), -ENOENT);
	struct iproute d = route("5.0.0.0/8 1");
	assert_int_equal(lineartable_add(&t, &d, false, NULL, &errh), 0);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	lineartable_dump(&t, &sb);
	assert_string_equal(nfc_strbuf_str(&sb), "1.0.0.0/8 - 3\n5.0.0.0/8 - 1\n0.0.0.0/0 - 2\n");
	nfc_strbuf_free(&sb);
	/* masks need not be prefixes: the one with the superset mask wins */
	struct iproute odd = { ip("1.0.3.0"), ip("255.0.255.0"), 0, 4 };
	assert_int_equal(lineartable_add(&t, &odd, false, NULL, &errh), 0);
	assert_int_equal(lineartable_lookup(&t, ip("1.9.3.9"), &gw), 4);
	assert_int_equal(lineartable_lookup(&t, ip("1.9.4.9"), &gw), 3);
	lineartable_destroy(&t);

	assert_int_equal(lineartable_init(&t), 0);
	static const struct table_under_test tt = { lin_add, lin_remove, lin_lookup, NULL };
	rnd_state = 7;
	random_ops(&t, &tt, 3000, 50);
	lineartable_destroy(&t);
}

/* ---- DIR-24-8 ---- */

static void test_dir248_basic(void **state)
{
	struct dir248 t;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(dir248_init(&t), 0);
	uint32_t gw;
	assert_int_equal(dir248_lookup(&t, ip("1.2.3.4"), &gw), -1);
	struct iproute r25 = route("10.1.1.128/25 1"), r24 = route("10.1.1.0/24 2"),
		       r8 = route("10.0.0.0/8 9.9.9.9 3"), def = route("0/0 4");
	assert_int_equal(dir248_add(&t, &r25, false, NULL, &errh), 0);
	assert_int_equal(t.groups_used, 1);
	assert_int_equal(dir248_add(&t, &r8, false, NULL, &errh), 0);
	assert_int_equal(dir248_add(&t, &r24, false, NULL, &errh), 0);
	assert_int_equal(dir248_add(&t, &def, false, NULL, &errh), 0);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), 1);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.100"), &gw), 2);
	assert_int_equal(dir248_lookup(&t, ip("10.1.2.100"), &gw), 3);
	assert_int_equal(gw, ip("9.9.9.9"));
	assert_int_equal(dir248_lookup(&t, ip("11.0.0.1"), &gw), 4);
	assert_int_equal(gw, 0);
	/* removing the /25 folds its group back into tbl24 */
	assert_int_equal(dir248_remove(&t, &r25, NULL), 0);
	assert_int_equal(t.tbl24[0x0A0101] & DIR248_GROUP, 0);
	assert_int_equal(t.group_free, 0);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), 2);
	assert_int_equal(dir248_remove(&t, &r24, NULL), 0);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), 3);
	/* the freed group is reused */
	assert_int_equal(dir248_add(&t, &r25, false, NULL, &errh), 0);
	assert_int_equal(t.groups_used, 1);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), 1);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.1"), &gw), 3);
	/* non-prefix masks are refused */
	struct iproute odd = { ip("1.0.3.0"), ip("255.0.255.0"), 0, 4 };
	assert_int_equal(dir248_add(&t, &odd, false, NULL, &errh), -EINVAL);
	assert_non_null(strstr(errh.buf, "route '1.0.3.0/255.0.255.0 - 4': mask is not a prefix"));
	/* flush */
	dir248_flush(&t);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), -1);
	assert_int_equal(dir248_lookup(&t, ip("11.0.0.1"), &gw), -1);
	assert_int_equal(t.routes.nlive, 0);
	assert_int_equal(dir248_add(&t, &r24, false, NULL, &errh), 0);
	assert_int_equal(dir248_lookup(&t, ip("10.1.1.200"), &gw), 2);
	dir248_destroy(&t);
	nfc_errh_destroy(&errh);
}

static void test_dir248_nexthop_limit(void **state)
{
	struct dir248 t;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(dir248_init(&t), 0);
	for (uint32_t i = 1; i < DIR248_MAX_NEXTHOPS; i++) {
		struct iproute r = { htonl(0x0A000000u | (i << 8)), htonl(0xFFFFFF00u), htonl(i), 0 };
		assert_int_equal(dir248_add(&t, &r, false, NULL, &errh), 0);
	}
	struct iproute r = { htonl(0x0B000000u), htonl(0xFF000000u), htonl(0x01020304), 0 };
	assert_true(dir248_add(&t, &r, false, NULL, &errh) < 0);
	assert_non_null(strstr(errh.buf, "too many distinct gateway and output pairs"));
	r.gw = htonl(5); /* an existing pair is fine */
	assert_int_equal(dir248_add(&t, &r, false, NULL, &errh), 0);
	dir248_destroy(&t);
	nfc_errh_destroy(&errh);
}

static void test_dir248_random(void **state)
{
	struct dir248 t;
	assert_int_equal(dir248_init(&t), 0);
	static const struct table_under_test tt = { dir_add, dir_remove, dir_lookup, NULL };
	rnd_state = 12345;
	random_ops(&t, &tt, 8000, 100);
	/* every group was given back */
	for (uint32_t i = 0; i < (1u << 24); i += 4099)
		assert_int_equal(t.tbl24[i], 0);
	dir248_destroy(&t);
}

/* ---- range table ---- */

static void test_rangetable_basic(void **state)
{
	struct rangetable t;
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	assert_int_equal(rangetable_init(&t), 0);
	uint32_t gw;
	struct iproute r32 = route("10.1.1.1 1"), r24 = route("10.1.1.0/24 2"),
		       r8 = route("10.0.0.0/8 9.9.9.9 3"), r20 = route("10.1.0.0/20 3");
	assert_int_equal(rangetable_add(&t, &r8, false, NULL, &errh), 0);
	assert_int_equal(rangetable_add(&t, &r24, false, NULL, &errh), 0);
	assert_int_equal(rangetable_add(&t, &r32, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.1.1"), &gw), 1);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.1.0"), &gw), 2);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.1.2"), &gw), 2);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.2.0"), &gw), 3);
	assert_int_equal(gw, ip("9.9.9.9"));
	assert_int_equal(rangetable_lookup(&t, ip("11.1.2.0"), &gw), -1);
	/* chunk 10.1: [0, .1.0) r8, r24, r32, r24, [.1.2.0..] r8: five ranges */
	uint32_t e = t.direct[0x0A01];
	assert_true(e & RT_CHUNK_RANGES);
	assert_int_equal(t.pool[e & ~RT_CHUNK_RANGES], 5);
	/* a /20 with r8's port but no gateway is a different next hop */
	assert_int_equal(rangetable_add(&t, &r20, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.2.0"), &gw), 3);
	assert_int_equal(gw, 0);
	/* neighbours with one next hop merge: r24 set to r8's, r32 removed */
	assert_int_equal(rangetable_remove(&t, &r20, NULL), 0);
	struct iproute r24b = route("10.1.1.0/24 9.9.9.9 3");
	assert_int_equal(rangetable_add(&t, &r24b, true, NULL, &errh), 0);
	assert_int_equal(rangetable_remove(&t, &r32, NULL), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(t.direct[0x0A01] & RT_CHUNK_RANGES, 0);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.1.1"), &gw), 3);
	/* a freed block is reused rather than the pool growing */
	assert_int_equal(rangetable_add(&t, &r32, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	uint32_t used = rangetable_pool_words(&t);
	assert_int_equal(rangetable_remove(&t, &r32, NULL), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(rangetable_add(&t, &r32, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(rangetable_pool_words(&t), used);
	/* a short route over chunks with long routes */
	struct iproute r1 = route("0/1 5"), def = route("0/0 1.2.3.4 4");
	assert_int_equal(rangetable_add(&t, &r1, false, NULL, &errh), 0);
	assert_int_equal(rangetable_add(&t, &def, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	assert_int_equal(rangetable_lookup(&t, ip("11.0.0.0"), &gw), 5);
	assert_int_equal(rangetable_lookup(&t, ip("10.1.1.1"), &gw), 1);
	assert_int_equal(rangetable_lookup(&t, ip("200.1.1.1"), &gw), 4);
	assert_int_equal(gw, ip("1.2.3.4"));
	rangetable_destroy(&t);
}

static void test_rangetable_replace_order(void **state)
{
	/* Click's RadixIPLookup lists a replaced route in a new slot */
	struct rangetable t;
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	assert_int_equal(rangetable_init(&t), 0);
	const char *routes[] = { "1.0.0.0/8 0", "2.0.0.0/24 1", "3.0.0.0/8 2" };
	for (int i = 0; i < 3; i++) {
		struct iproute r = route(routes[i]);
		assert_int_equal(rangetable_add(&t, &r, false, NULL, &errh), 0);
	}
	struct iproute r = route("2.0.0.0/24 5");
	assert_int_equal(rangetable_add(&t, &r, true, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&t, &errh), 0);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	rangetable_dump(&t, &sb);
	assert_string_equal(nfc_strbuf_str(&sb),
			    "1.0.0.0/8\t\t-\t\t0\n3.0.0.0/8\t\t-\t\t2\n2.0.0.0/24\t\t-\t\t5\n");
	nfc_strbuf_free(&sb);
	uint32_t gw;
	assert_int_equal(rangetable_lookup(&t, ip("2.0.0.9"), &gw), 5);
	rangetable_destroy(&t);
}

static void test_rangetable_random(void **state)
{
	struct rangetable t;
	assert_int_equal(rangetable_init(&t), 0);
	static const struct table_under_test tt = { rng_add, rng_remove, rng_lookup, rng_commit };
	rnd_state = 987654;
	random_ops(&t, &tt, 8000, 1);
	rnd_state = 4242;
	random_ops(&t, &tt, 12000, 97); /* deferred rebuilds */
	for (uint32_t c = 0; c < RT_CHUNKS; c++)
		assert_int_equal(t.direct[c], 0);
	rangetable_destroy(&t);
}

/*
 * 100k routes spread over the whole space: the range table and DIR-24-8,
 * two independent structures, agree on every probe; the range table stays
 * small.
 */
static void test_large_tables_agree(void **state)
{
	struct rangetable rt;
	struct dir248 dt;
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	assert_int_equal(rangetable_init(&rt), 0);
	assert_int_equal(dir248_init(&dt), 0);
	rnd_state = 31337;
	static const int lens[] = { 12, 16, 16, 19, 20, 21, 22, 22, 23, 23, 24, 24, 24, 24,
				    24, 24, 24, 24, 25, 28, 32 };
	int added = 0;
	while (added < 100000) {
		/* about as many /8s as a real table has */
		int len = added % 4000 == 0 ? 8 : lens[rnd() % (sizeof lens / sizeof lens[0])];
		struct iproute r = { 0, iproute_len_mask(len), 0, (int32_t)(rnd() % 16) };
		r.addr = htonl(rnd()) & r.mask;
		if (rnd() % 8 == 0)
			r.gw = htonl(0x0A000000u | (rnd() % 64));
		int a = rangetable_add(&rt, &r, false, NULL, &errh);
		int b = dir248_add(&dt, &r, false, NULL, &errh);
		assert_int_equal(a, b);
		added += a == 0;
	}
	struct iproute def = route("0/0 15");
	assert_int_equal(rangetable_add(&rt, &def, false, NULL, &errh), 0);
	assert_int_equal(dir248_add(&dt, &def, false, NULL, &errh), 0);
	assert_int_equal(rangetable_commit(&rt, &errh), 0);
	assert_true(rangetable_pool_words(&rt) < (1u << 20)); /* under 4 MB */
	for (int k = 0; k < 1000000; k++) {
		uint32_t a = htonl(rnd()), g1, g2;
		int p1 = rangetable_lookup(&rt, a, &g1), p2 = dir248_lookup(&dt, a, &g2);
		assert_int_equal(p1, p2);
		assert_int_equal(g1, g2);
	}
	/* remove half of them and compare again */
	for (uint32_t i = 0; i < rt.routes.nslots; i += 2)
		if (rt.routes.slots[i].live) {
			struct iproute r = rt.routes.slots[i].r;
			assert_int_equal(rangetable_remove(&rt, &r, NULL), 0);
			assert_int_equal(dir248_remove(&dt, &r, NULL), 0);
		}
	assert_int_equal(rangetable_commit(&rt, &errh), 0);
	for (int k = 0; k < 300000; k++) {
		uint32_t a = htonl(rnd()), g1, g2;
		assert_int_equal(rangetable_lookup(&rt, a, &g1), dir248_lookup(&dt, a, &g2));
		assert_int_equal(g1, g2);
	}
	rangetable_destroy(&rt);
	dir248_destroy(&dt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_unparse),
		cmocka_unit_test(test_prefix_len),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_nexthops),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_dir248_basic),
		cmocka_unit_test(test_dir248_nexthop_limit),
		cmocka_unit_test(test_dir248_random),
		cmocka_unit_test(test_rangetable_basic),
		cmocka_unit_test(test_rangetable_replace_order),
		cmocka_unit_test(test_rangetable_random),
		cmocka_unit_test(test_large_tables_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
