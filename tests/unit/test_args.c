/* SPDX-License-Identifier: MIT */
/* Unit tests for configuration arguments: the table parser (splitting: test_conf_split.c; typed parsers: test_args_scalar.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <nfclick/args.h>
#include <nfclick/config.h>
#include <nfclick/element.h>
#include <nfclick/error.h>
#include <nfclick/router.h>
/* nfc_element_free_allocs() releases element memory of the test's own
 * stand-alone elements (a router does it for real ones). */
#include "../../runtime/router_priv.h"

/* ---- helpers ---- */

/* @s (dotted quad) in network order, as the IP argument types store it. */
static uint32_t ip(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

/* ---- the table-driven parser ---- */

struct test_el {
	struct nfc_element e;
	uint32_t limit;
	uint32_t burst;
	bool active;
	bool burst_given;
	char *name;
	int32_t delta;
};

static const struct nfc_arg_spec test_specs[] = {
	{ .keyword = "LIMIT", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct test_el, limit) },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = 256, .offset = offsetof(struct test_el, burst),
	  .given_offset = offsetof(struct test_el, burst_given) },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct test_el, active) },
	{ .keyword = "NAME", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct test_el, name) },
	{ .keyword = "DELTA", .type = NFC_ARG_INT32, .offset = offsetof(struct test_el, delta) },
	NFC_ARGS_END
};

static void test_el_init(struct test_el *t)
{
	memset(t, 0, sizeof(*t));
	t->e.name = "t";
	t->limit = 1000;
	t->burst = 1;
	t->active = true;
	t->delta = -1;
}

/* Re-initialise @t, releasing what earlier parses allocated in it. */
static void test_el_reset(struct test_el *t)
{
	nfc_element_free_allocs(&t->e);
	test_el_init(t);
}

/* Parse @text into @t with the given specs; the messages land in errh->buf. */
static int parse_into(struct test_el *t, const struct nfc_arg_spec *specs, const char *text,
		      struct nfc_errh *errh, int *rest)
{
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, text, "test:1"), 0);
	int r = nfc_args_parse(&t->e, &conf, specs, errh, rest);
	nfc_conf_free(&conf);
	return r;
}

/* Parse and expect failure with exactly @messages on the error handler. */
static void expect_errors(const char *text, const char *messages, int nerrors)
{
	struct test_el t;
	struct nfc_errh errh;
	test_el_init(&t);
	nfc_errh_init_buffer(&errh);
	int r = parse_into(&t, test_specs, text, &errh, NULL);
	if (strcmp(errh.buf, messages) != 0)
		print_error("config [%s] gave:\n%s", text, errh.buf);
	assert_int_equal(r, -1);
	assert_string_equal(errh.buf, messages);
	assert_int_equal(errh.nerrors, nerrors);
	/* Transactional: nothing was written. */
	assert_int_equal(t.limit, 1000);
	assert_int_equal(t.burst, 1);
	assert_true(t.active);
	assert_false(t.burst_given);
	assert_null(t.name);
	assert_int_equal(t.delta, -1);
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&errh);
}

static void test_args_positional(void **state)
{
	(void)state;
	struct test_el t;
	struct nfc_errh errh;
	test_el_init(&t);
	nfc_errh_init_buffer(&errh);
	assert_int_equal(parse_into(&t, test_specs, "5", &errh, NULL), 0);
	assert_int_equal(t.limit, 5);
	assert_int_equal(t.burst, 1);
	assert_false(t.burst_given);
	assert_null(t.name);

	test_el_reset(&t);
	assert_int_equal(parse_into(&t, test_specs, "7, \"my name\"", &errh, NULL), 0);
	assert_int_equal(t.limit, 7);
	assert_string_equal(t.name, "my name");
	assert_string_equal(errh.buf, "");
	assert_int_equal(errh.nerrors, 0);
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&errh);
}

static void test_args_keywords(void **state)
{
	(void)state;
	struct test_el t;
	struct nfc_errh errh;
	test_el_init(&t);
	nfc_errh_init_buffer(&errh);
	assert_int_equal(parse_into(&t, test_specs,
				    "DELTA -3, ACTIVE false, BURST\t 16, LIMIT 0x10, NAME 'n'",
				    &errh, NULL),
			 0);
	assert_int_equal(t.limit, 16);
	assert_int_equal(t.burst, 16);
	assert_true(t.burst_given);
	assert_false(t.active);
	assert_string_equal(t.name, "n");
	assert_int_equal(t.delta, -3);

	/* Positional then keywords. */
	test_el_reset(&t);
	assert_int_equal(parse_into(&t, test_specs, "3, BURST 256, ACTIVE no", &errh, NULL), 0);
	assert_int_equal(t.limit, 3);
	assert_int_equal(t.burst, 256);
	assert_false(t.active);
	assert_string_equal(errh.buf, "");
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&errh);
}

static void test_args_last_value_wins(void **state)
{
	(void)state;
	struct test_el t;
	struct nfc_errh errh;
	test_el_init(&t);
	nfc_errh_init_buffer(&errh);
	/* Click keeps the last of repeated keywords, silently. */
	assert_int_equal(parse_into(&t, test_specs, "LIMIT 5, BURST 2, LIMIT 7", &errh, NULL), 0);
	assert_int_equal(t.limit, 7);
	/* A keyword after the positional form of the same argument wins too. */
	test_el_reset(&t);
	assert_int_equal(parse_into(&t, test_specs, "5, LIMIT 9", &errh, NULL), 0);
	assert_int_equal(t.limit, 9);
	assert_string_equal(errh.buf, "");
	assert_int_equal(errh.nwarnings, 0);
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&errh);
}

static void test_args_errors(void **state)
{
	(void)state;
	expect_errors("", "LIMIT: required argument missing\n", 1);
	expect_errors("BURST 2", "LIMIT: required argument missing\n", 1);
	expect_errors("abc", "LIMIT: expected unsigned integer\n", 1);
	expect_errors("-1", "LIMIT: expected unsigned integer\n", 1);
	expect_errors("4294967296", "LIMIT: out of range, bound 4294967295\n", 1);
	expect_errors("5, BURST 0", "BURST: out of range, must be between 1 and 256\n", 1);
	expect_errors("5, BURST 300", "BURST: out of range, must be between 1 and 256\n", 1);
	expect_errors("5, ACTIVE maybe", "ACTIVE: expected boolean\n", 1);
	expect_errors("5, ACTIVE", "ACTIVE: expected boolean\n", 1);
	expect_errors("5, DELTA 2147483648", "DELTA: out of range, bound 2147483647\n", 1);
	expect_errors("5, DELTA -2147483649", "DELTA: out of range, bound -2147483648\n", 1);
	expect_errors("5, DELTA 1.5", "DELTA: expected integer\n", 1);
	expect_errors("5, NAME \"open", "NAME: expected string\n", 1);
	expect_errors("5, n, 6", "too many arguments\n", 1);
	expect_errors("5, n, 6, 7", "too many arguments\n", 1);
	/* NAME is positional: "FOO 1" would be its value. */
	expect_errors("5, n, FOO 1", "FOO: unknown argument\n", 1);
	expect_errors("5, n, foo bar", "foo: unknown argument\n", 1);
	expect_errors("5, n, foo bar, 6", "foo: unknown argument\ntoo many arguments\n", 2);
	/* Positional arguments come first: not after a keyword. */
	expect_errors("BURST 2, 5", "LIMIT: required argument missing\ntoo many arguments\n", 2);
	/* Every problem is reported, values first (in table order), then leftovers. */
	expect_errors("x, BURST y, ACTIVE maybe, NAME ok, FOO 1, 9, DELTA z",
		      "LIMIT: expected unsigned integer\n"
		      "BURST: expected unsigned integer\n"
		      "ACTIVE: expected boolean\n"
		      "DELTA: expected integer\n"
		      "FOO: unknown argument\n"
		      "too many arguments\n",
		      6);
	expect_errors("BURST 0, FOO 1",
		      "LIMIT: required argument missing\n"
		      "BURST: out of range, must be between 1 and 256\n"
		      "FOO: unknown argument\n",
		      3);
}

static void test_args_errors_under_context(void **state)
{
	(void)state;
	struct test_el t;
	struct nfc_errh root, ctx;
	test_el_init(&t);
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, "config:1", "While configuring 't :: Test':");
	assert_int_equal(parse_into(&t, test_specs, "5, n, FOO 1, BURST 1000", &ctx, NULL), -1);
	assert_string_equal(root.buf, "config:1: While configuring 't :: Test':\n"
				      "config:1:   BURST: out of range, must be between 1 and 256\n"
				      "config:1:   FOO: unknown argument\n");
	assert_int_equal(root.nerrors, 2);
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&root);
}

static void test_args_rest(void **state)
{
	(void)state;
	struct test_el t;
	struct nfc_errh errh;
	int rest[8];
	test_el_init(&t);
	nfc_errh_init_buffer(&errh);
	assert_int_equal(parse_into(&t, test_specs, "5, myname, FOO 1, 6, BURST 2, bar baz", &errh,
				    rest),
			 0);
	assert_int_equal(t.limit, 5);
	assert_string_equal(t.name, "myname");
	assert_int_equal(t.burst, 2);
	assert_int_equal(rest[0], 2);
	assert_int_equal(rest[1], 3);
	assert_int_equal(rest[2], 5);
	assert_int_equal(rest[3], -1);
	assert_string_equal(errh.buf, "");

	/* Nothing left over: just the terminator. */
	test_el_reset(&t);
	assert_int_equal(parse_into(&t, test_specs, "LIMIT 1", &errh, rest), 0);
	assert_int_equal(rest[0], -1);

	/* "FOO 1" is not a keyword of ours: while positional slots remain it
	 * is positional, even with @rest. */
	test_el_reset(&t);
	assert_int_equal(parse_into(&t, test_specs, "FOO 1", &errh, rest), -1);
	assert_string_equal(errh.buf, "LIMIT: expected unsigned integer\n");
	assert_int_equal(rest[0], -1);
	assert_int_equal(t.limit, 1000);
	nfc_errh_destroy(&errh);
	/* Leftovers are no excuse for a missing mandatory argument. */
	test_el_reset(&t);
	nfc_errh_init_buffer(&errh);
	assert_int_equal(parse_into(&t, test_specs, "BURST 3, X 1", &errh, rest), -1);
	assert_string_equal(errh.buf, "LIMIT: required argument missing\n");
	assert_int_equal(rest[0], 1);
	assert_int_equal(rest[1], -1);
	assert_int_equal(t.burst, 1);
	nfc_element_free_allocs(&t.e);
	nfc_errh_destroy(&errh);
}

struct pos_el {
	struct nfc_element e;
	char *pattern;
	char *second;
	uint32_t n;
};

static void test_args_positional_only(void **state)
{
	(void)state;
	static const struct nfc_arg_spec specs[] = {
		{ .keyword = "PATTERN", .type = NFC_ARG_RAW,
		  .flags = NFC_ARGF_POSITIONAL_ONLY | NFC_ARGF_MANDATORY,
		  .offset = offsetof(struct pos_el, pattern) },
		{ .keyword = "SECOND", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
		  .offset = offsetof(struct pos_el, second) },
		{ .keyword = "N", .type = NFC_ARG_UINT32, .offset = offsetof(struct pos_el, n) },
		NFC_ARGS_END
	};
	struct pos_el p;
	struct nfc_errh errh;
	memset(&p, 0, sizeof(p));
	nfc_errh_init_buffer(&errh);
	struct nfc_conf conf;
	/* PATTERN has no keyword form: "PATTERN x" is its positional value. */
	assert_int_equal(nfc_conf_split(&conf, "PATTERN x, SECOND w, N 3", NULL), 0);
	assert_int_equal(nfc_args_parse(&p.e, &conf, specs, &errh, NULL), 0);
	nfc_conf_free(&conf);
	assert_string_equal(p.pattern, "PATTERN x");
	assert_string_equal(p.second, "w");
	assert_int_equal(p.n, 3);

	nfc_element_free_allocs(&p.e);
	memset(&p, 0, sizeof(p));
	assert_int_equal(nfc_conf_split(&conf, "N 3", NULL), 0);
	assert_int_equal(nfc_args_parse(&p.e, &conf, specs, &errh, NULL), -1);
	nfc_conf_free(&conf);
	assert_string_equal(errh.buf, "PATTERN: required argument missing\n");
	nfc_element_free_allocs(&p.e);
	nfc_errh_destroy(&errh);
}

/* Every argument type through the table, element-owned text included. */
struct all_el {
	struct nfc_element e;
	bool b;
	int32_t i32;
	uint32_t u32;
	int64_t i64;
	uint64_t u64;
	double d;
	int64_t t;
	double bw;
	char *str;
	struct nfc_arg_data data;
	char *word;
	char *raw;
	uint32_t ip;
	struct nfc_arg_prefix prefix;
	uint8_t ether[6];
	char *handler;
	bool t_given;
};

#define ALL_SPEC(kw, ty, field, ...) \
	{ .keyword = kw, .type = ty, .offset = offsetof(struct all_el, field), __VA_ARGS__ }

static const struct nfc_arg_spec all_specs[] = {
	ALL_SPEC("B", NFC_ARG_BOOL, b),
	ALL_SPEC("I32", NFC_ARG_INT32, i32),
	ALL_SPEC("U32", NFC_ARG_UINT32, u32),
	ALL_SPEC("I64", NFC_ARG_INT64, i64),
	ALL_SPEC("U64", NFC_ARG_UINT64, u64),
	ALL_SPEC("D", NFC_ARG_DOUBLE, d, .flags = NFC_ARGF_BOUNDED, .min = -1, .max = 1.5),
	ALL_SPEC("T", NFC_ARG_TIME, t, .flags = NFC_ARGF_BOUNDED, .min = 0, .max = 10,
		 .given_offset = offsetof(struct all_el, t_given)),
	ALL_SPEC("BW", NFC_ARG_BANDWIDTH, bw),
	ALL_SPEC("STR", NFC_ARG_STRING, str),
	ALL_SPEC("DATA", NFC_ARG_DATA, data),
	ALL_SPEC("WORD", NFC_ARG_WORD, word),
	ALL_SPEC("RAW", NFC_ARG_RAW, raw),
	ALL_SPEC("IP", NFC_ARG_IP, ip),
	ALL_SPEC("PREFIX", NFC_ARG_IP_PREFIX, prefix),
	ALL_SPEC("ETH", NFC_ARG_ETHER, ether),
	ALL_SPEC("H", NFC_ARG_HANDLER, handler),
	NFC_ARGS_END
};

static void test_args_all_types(void **state)
{
	(void)state;
	struct all_el a;
	struct nfc_errh errh;
	memset(&a, 0, sizeof(a));
	nfc_errh_init_buffer(&errh);
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf,
					"B true, I32 -5, U32 0x20, I64 -9000000000, "
					"U64 18446744073709551615, D 0.25, T 1.5ms, BW 8Mbps, "
					"STR \"a b\\tc\", DATA \\<00 41 42>, WORD \"w\", "
					"RAW  x  \"y\" , IP 10.0.0.1, PREFIX 10.0.0.0/8, "
					"ETH 0:1:2:3:4:5, H c.count",
					NULL),
			 0);
	int r = nfc_args_parse(&a.e, &conf, all_specs, &errh, NULL);
	nfc_conf_free(&conf); /* results must not point into the conf */
	if (r)
		print_error("%s", errh.buf);
	assert_int_equal(r, 0);
	assert_true(a.b);
	assert_int_equal(a.i32, -5);
	assert_int_equal(a.u32, 32);
	assert_true(a.i64 == -9000000000LL);
	assert_true(a.u64 == UINT64_MAX);
	assert_true(a.d == 0.25);
	assert_true(a.t == 1500000);
	assert_true(a.t_given);
	assert_true(a.bw == 1000000);
	assert_string_equal(a.str, "a b\tc");
	assert_int_equal(a.data.len, 3);
	assert_memory_equal(a.data.bytes, "\0AB", 4); /* NUL-terminated too */
	assert_string_equal(a.word, "w");
	assert_string_equal(a.raw, "x  \"y\"");
	assert_int_equal(a.ip, ip("10.0.0.1"));
	assert_int_equal(a.prefix.addr, ip("10.0.0.0"));
	assert_int_equal(a.prefix.mask, ip("255.0.0.0"));
	static const uint8_t eth[6] = { 0, 1, 2, 3, 4, 5 };
	assert_memory_equal(a.ether, eth, 6);
	assert_string_equal(a.handler, "c.count");
	nfc_element_free_allocs(&a.e);
	nfc_errh_destroy(&errh);
}

static void expect_all_error(const char *text, const char *messages)
{
	struct all_el a;
	struct nfc_errh errh;
	memset(&a, 0, sizeof(a));
	nfc_errh_init_buffer(&errh);
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, text, NULL), 0);
	int r = nfc_args_parse(&a.e, &conf, all_specs, &errh, NULL);
	nfc_conf_free(&conf);
	if (strcmp(errh.buf, messages) != 0)
		print_error("config [%s] gave:\n%s", text, errh.buf);
	assert_int_equal(r, -1);
	assert_string_equal(errh.buf, messages);
	assert_null(a.str);
	assert_false(a.t_given);
	nfc_element_free_allocs(&a.e);
	nfc_errh_destroy(&errh);
}

static void test_args_type_errors(void **state)
{
	(void)state;
	expect_all_error("B 2", "B: expected boolean\n");
	expect_all_error("U64 -1", "U64: expected unsigned integer\n");
	expect_all_error("U64 18446744073709551616", "U64: out of range, bound 18446744073709551615\n");
	expect_all_error("I64 9223372036854775808", "I64: out of range, bound 9223372036854775807\n");
	expect_all_error("D x", "D: expected real number\n");
	expect_all_error("D 1e999", "D: out of range\n");
	expect_all_error("D 2", "D: out of range, must be between -1 and 1.5\n");
	expect_all_error("T 1x", "T: expected time\n");
	expect_all_error("T 11s", "T: out of range, must be between 0s and 10s\n");
	expect_all_error("T 1e30", "T: out of range\n");
	expect_all_error("BW fast", "BW: expected bandwidth\n");
	expect_all_error("STR 'open", "STR: expected string\n");
	expect_all_error("DATA \\<4>", "DATA: expected string\n");
	expect_all_error("WORD two words", "WORD: expected word\n");
	expect_all_error("IP 1.2.3", "IP: expected IP address\n");
	expect_all_error("PREFIX 1.2.3.4/40", "PREFIX: expected IP address prefix\n");
	expect_all_error("ETH 1:2:3", "ETH: expected Ethernet address\n");
	expect_all_error("H", "H: expected handler name\n");
	/* A good argument next to a bad one is not stored either. */
	expect_all_error("STR fine, T 11s", "T: out of range, must be between 0s and 10s\n");
}

static void test_args_element_without_router(void **state)
{
	(void)state;
	struct {
		struct nfc_element e;
		struct nfc_element *peer;
	} el;
	static const struct nfc_arg_spec specs[] = {
		{ .keyword = "PEER", .type = NFC_ARG_ELEMENT, .flags = NFC_ARGF_POSITIONAL,
		  .offset = sizeof(struct nfc_element) },
		NFC_ARGS_END
	};
	memset(&el, 0, sizeof(el));
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, "x", NULL), 0);
	assert_int_equal(nfc_args_parse(&el.e, &conf, specs, &errh, NULL), -1);
	nfc_conf_free(&conf);
	assert_string_equal(errh.buf, "PEER: no element named 'x'\n");
	assert_null(el.peer);
	nfc_errh_destroy(&errh);
}

/* A small live router (c :: Counter -> t :: Tee -> c) to resolve names in. */
static struct nfc_router *make_router(void)
{
	static struct nfc_flat_element els[] = {
		{ .name = "c", .class_name = "Counter", .config = "", .landmark = "test:1",
		  .context = "" },
		{ .name = "t", .class_name = "Tee", .config = "", .landmark = "test:2",
		  .context = "" },
	};
	static struct nfc_flat_connection conns[] = {
		{ .from = 0, .from_port = 0, .to = 1, .to_port = 0, .landmark = "test:3" },
		{ .from = 1, .from_port = 0, .to = 0, .to_port = 0, .landmark = "test:3" },
	};
	struct nfc_flat_config fc = {
		.nelements = 2,
		.elements = els,
		.nconnections = 2,
		.connections = conns,
		.filename = "test",
	};
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = nfc_router_create(&fc, NULL, &errh);
	if (!r)
		print_error("%s", errh.buf);
	nfc_errh_destroy(&errh);
	return r;
}

static void test_args_element(void **state)
{
	(void)state;
	struct nfc_router *r = make_router();
	assert_non_null(r);
	struct nfc_element *c = nfc_router_find(r, "c", NULL);
	struct nfc_element *t = nfc_router_find(r, "t", NULL);
	assert_non_null(c);
	assert_non_null(t);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_element *found = NULL;
	assert_int_equal(nfc_args_parse_value(c, NFC_ARG_ELEMENT, "t", &found, &errh, "PEER"), 0);
	assert_ptr_equal(found, t);
	found = NULL;
	assert_int_equal(nfc_args_parse_value(c, NFC_ARG_ELEMENT, "nope", &found, &errh, "PEER"),
			 -1);
	assert_int_equal(nfc_args_parse_value(c, NFC_ARG_ELEMENT, "a b", &found, &errh, "PEER"),
			 -1);
	assert_null(found);
	assert_string_equal(errh.buf, "PEER: no element named 'nope'\n"
				      "PEER: expected element name\n");
	/* Element-owned text from a live element. */
	char *s = NULL;
	assert_int_equal(nfc_args_parse_value(c, NFC_ARG_STRING, "\"hi\"", &s, &errh, NULL), 0);
	assert_string_equal(s, "hi");
	nfc_errh_destroy(&errh);
	nfc_router_destroy(r);
}

static void test_args_parse_value(void **state)
{
	(void)state;
	struct nfc_element e;
	memset(&e, 0, sizeof(e));
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	uint32_t u = 0;
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_UINT32, "42", &u, &errh, "X"), 0);
	assert_int_equal(u, 42);
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_UINT32, "x", &u, &errh, "X"), -1);
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_IP, "1.2", &u, &errh, NULL), -1);
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_TIME, "", &u, &errh, ""), -1);
	assert_int_equal(u, 42);
	assert_string_equal(errh.buf, "X: expected unsigned integer\n"
				      "expected IP address\n"
				      "expected time\n");
	int64_t ns = 0;
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_TIME, "2ms", &ns, &errh, NULL), 0);
	assert_true(ns == 2000000);
	struct nfc_arg_data data = { NULL, 0 };
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_DATA, "\"ab\\000c\"", &data, &errh, NULL),
			 0);
	assert_int_equal(data.len, 4);
	assert_memory_equal(data.bytes, "ab\0c", 5);
	char *w = NULL;
	assert_int_equal(nfc_args_parse_value(&e, NFC_ARG_WORD, "word", &w, &errh, NULL), 0);
	assert_string_equal(w, "word");
	assert_int_equal(errh.nerrors, 3);
	nfc_element_free_allocs(&e);
	nfc_errh_destroy(&errh);
}

static void test_arg_type_names(void **state)
{
	(void)state;
	assert_string_equal(nfc_arg_type_name(NFC_ARG_BOOL), "boolean");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_INT32), "integer");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_UINT32), "unsigned integer");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_INT64), "integer");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_UINT64), "unsigned integer");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_DOUBLE), "real number");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_TIME), "time");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_BANDWIDTH), "bandwidth");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_STRING), "string");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_DATA), "string");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_WORD), "word");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_RAW), "argument");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_IP), "IP address");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_IP_PREFIX), "IP address prefix");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_ETHER), "Ethernet address");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_ELEMENT), "element name");
	assert_string_equal(nfc_arg_type_name(NFC_ARG_HANDLER), "handler name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_positional),
		cmocka_unit_test(test_args_keywords),
		cmocka_unit_test(test_args_last_value_wins),
		cmocka_unit_test(test_args_errors),
		cmocka_unit_test(test_args_errors_under_context),
		cmocka_unit_test(test_args_rest),
		cmocka_unit_test(test_args_positional_only),
		cmocka_unit_test(test_args_all_types),
		cmocka_unit_test(test_args_type_errors),
		cmocka_unit_test(test_args_element_without_router),
		cmocka_unit_test(test_args_element),
		cmocka_unit_test(test_args_parse_value),
		cmocka_unit_test(test_arg_type_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
