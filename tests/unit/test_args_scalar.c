/* SPDX-License-Identifier: MIT */
/* Unit tests for the typed argument parsers (booleans, numbers, times, bandwidths, addresses, strings). */
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
#include <nfclick/error.h>

/* ---- scalar parsers ---- */

static void test_parse_bool(void **state)
{
	(void)state;
	static const char *const yes[] = { "true", "TRUE", "True", "yes", "YES", "on", "On", "1", "t", "y" };
	static const char *const no[] = { "false", "FALSE", "no", "No", "off", "OFF", "0", "f", "n" };
	static const char *const bad[] = { "", "2", "maybe", "tru", "yess", " true", "true ", "-1", "of" };
	bool b;
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		b = false;
		assert_int_equal(nfc_parse_bool(yes[i], &b), 0);
		assert_true(b);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++) {
		b = true;
		assert_int_equal(nfc_parse_bool(no[i], &b), 0);
		assert_false(b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		b = true;
		assert_int_equal(nfc_parse_bool(bad[i], &b), -1);
		assert_true(b); /* untouched */
	}
}

static void test_parse_integers(void **state)
{
	(void)state;
	int64_t i64;
	uint64_t u64;
	int32_t i32;
	uint32_t u32;

	assert_int_equal(nfc_parse_int64("0", &i64), 0);
	assert_int_equal(i64, 0);
	assert_int_equal(nfc_parse_int64("12345", &i64), 0);
	assert_int_equal(i64, 12345);
	assert_int_equal(nfc_parse_int64("-42", &i64), 0);
	assert_int_equal(i64, -42);
	assert_int_equal(nfc_parse_int64("+7", &i64), 0);
	assert_int_equal(i64, 7);
	assert_int_equal(nfc_parse_int64("0x1F", &i64), 0);
	assert_int_equal(i64, 31);
	assert_int_equal(nfc_parse_int64("0XfF", &i64), 0);
	assert_int_equal(i64, 255);
	assert_int_equal(nfc_parse_int64("-0x10", &i64), 0);
	assert_int_equal(i64, -16);
	assert_int_equal(nfc_parse_int64("017", &i64), 0);
	assert_int_equal(i64, 15);
	assert_int_equal(nfc_parse_int64("0b101", &i64), 0);
	assert_int_equal(i64, 5);
	assert_int_equal(nfc_parse_int64("1_000_000", &i64), 0);
	assert_int_equal(i64, 1000000);
	assert_int_equal(nfc_parse_int64("-9223372036854775808", &i64), 0);
	assert_true(i64 == INT64_MIN);
	assert_int_equal(nfc_parse_int64("9223372036854775807", &i64), 0);
	assert_true(i64 == INT64_MAX);

	static const char *const bad[] = { "", "-", "+", "abc", "12a", "1.5", " 1", "1 ",
					   "08", "0x", "0xg", "1__0", "_1", "1_", "--1",
					   "9223372036854775808", "-9223372036854775809" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		i64 = 99;
		if (nfc_parse_int64(bad[i], &i64) != -1)
			print_error("accepted bad integer [%s]\n", bad[i]);
		assert_int_equal(nfc_parse_int64(bad[i], &i64), -1);
		assert_int_equal(i64, 99);
	}

	assert_int_equal(nfc_parse_uint64("18446744073709551615", &u64), 0);
	assert_true(u64 == UINT64_MAX);
	assert_int_equal(nfc_parse_uint64("0xFFFFFFFFFFFFFFFF", &u64), 0);
	assert_true(u64 == UINT64_MAX);
	assert_int_equal(nfc_parse_uint64("18446744073709551616", &u64), -1);
	assert_int_equal(nfc_parse_uint64("-1", &u64), -1);
	assert_int_equal(nfc_parse_uint64("-0", &u64), -1);
	assert_int_equal(nfc_parse_uint64("+5", &u64), 0);
	assert_int_equal(u64, 5);

	assert_int_equal(nfc_parse_int32("2147483647", &i32), 0);
	assert_int_equal(i32, INT32_MAX);
	assert_int_equal(nfc_parse_int32("-2147483648", &i32), 0);
	assert_int_equal(i32, INT32_MIN);
	assert_int_equal(nfc_parse_int32("2147483648", &i32), -1);
	assert_int_equal(nfc_parse_int32("-2147483649", &i32), -1);
	assert_int_equal(nfc_parse_int32("0x7fffffff", &i32), 0);
	assert_int_equal(i32, INT32_MAX);

	assert_int_equal(nfc_parse_uint32("4294967295", &u32), 0);
	assert_true(u32 == UINT32_MAX);
	assert_int_equal(nfc_parse_uint32("4294967296", &u32), -1);
	assert_int_equal(nfc_parse_uint32("-1", &u32), -1);
	assert_int_equal(nfc_parse_uint32("0x100", &u32), 0);
	assert_int_equal(u32, 256);
}

static void test_parse_double(void **state)
{
	(void)state;
	double d;
	assert_int_equal(nfc_parse_double("1.5", &d), 0);
	assert_true(d == 1.5);
	assert_int_equal(nfc_parse_double("-2e3", &d), 0);
	assert_true(d == -2000);
	assert_int_equal(nfc_parse_double(".25", &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(nfc_parse_double("7", &d), 0);
	assert_true(d == 7);
	d = 3;
	assert_int_equal(nfc_parse_double("", &d), -1);
	assert_int_equal(nfc_parse_double(" 1", &d), -1);
	assert_int_equal(nfc_parse_double("1.5x", &d), -1);
	assert_int_equal(nfc_parse_double("abc", &d), -1);
	assert_int_equal(nfc_parse_double("1e999", &d), -1);
	assert_true(d == 3);
}

static void test_parse_time(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t ns;
	} good[] = {
		{ "1", 1000000000 },
		{ "0", 0 },
		{ "0.5", 500000000 },
		{ "1.5s", 1500000000 },
		{ "2sec", 2000000000 },
		{ "10ms", 10000000 },
		{ "10msec", 10000000 },
		{ "2us", 2000 },
		{ "2usec", 2000 },
		{ "3ns", 3 },
		{ "3nsec", 3 },
		{ "1m", 60000000000 },
		{ "1min", 60000000000 },
		{ "1.5min", 90000000000 },
		{ "1h", 3600000000000 },
		{ "2hr", 7200000000000 },
		{ "1d", 86400000000000 },
		{ "1day", 86400000000000 },
		{ "2 s", 2000000000 },
		{ "5 ms", 5000000 },
		{ "1.5e-3s", 1500000 },
		{ "1e3ms", 1000000000 },
		{ ".25", 250000000 },
		{ "0.1", 100000000 },
		{ "0.0000000004", 0 },
		{ "0.0000000005", 1 },
		{ "0.001ms", 1000 },
		{ "9223372036", 9223372036000000000 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		int64_t ns = -1;
		if (nfc_parse_time_ns(good[i].text, &ns) != 0 || ns != good[i].ns)
			print_error("time [%s] -> %lld\n", good[i].text, (long long)ns);
		assert_int_equal(nfc_parse_time_ns(good[i].text, &ns), 0);
		assert_true(ns == good[i].ns);
	}
	static const char *const bad[] = { "", "s", "ms", "-1", "-1s", "1x", "1.2.3", "abc",
					   "1 2s", "1e", "1s ", " 1", "1e30", "9223372037" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int64_t ns = 77;
		if (nfc_parse_time_ns(bad[i], &ns) != -1)
			print_error("accepted bad time [%s]\n", bad[i]);
		assert_int_equal(nfc_parse_time_ns(bad[i], &ns), -1);
		assert_int_equal(ns, 77);
	}
}

static void test_parse_bandwidth(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		double bps;
	} good[] = {
		{ "10Mbps", 1250000 },	{ "1MBps", 1000000 },	{ "100kb/s", 12500 },
		{ "200Bps", 200 },	{ "8bps", 1 },		{ "1kBps", 1000 },
		{ "1KBps", 1000 },	{ "1Kbps", 125 },	{ "1Gbps", 125000000 },
		{ "1GBps", 1e9 },	{ "3B/s", 3 },		{ "16b/s", 2 },
		{ "80baud", 10 },	{ "1500", 1500 },	{ "2.5 Mbps", 312500 },
		{ "1e3kbps", 125000 },	{ "0", 0 },		{ "1MB/s", 1000000 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		double v = -1;
		if (nfc_parse_bandwidth(good[i].text, &v) != 0 || v != good[i].bps)
			print_error("bandwidth [%s] -> %g\n", good[i].text, v);
		assert_int_equal(nfc_parse_bandwidth(good[i].text, &v), 0);
		assert_true(v == good[i].bps);
	}
	static const char *const bad[] = { "", "Mbps", "10 Xbps", "fast", "-1Mbps",
					   "10mbps", "10M", "1.2.3Bps", "Bps" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		double v = 5;
		if (nfc_parse_bandwidth(bad[i], &v) != -1)
			print_error("accepted bad bandwidth [%s]\n", bad[i]);
		assert_int_equal(nfc_parse_bandwidth(bad[i], &v), -1);
		assert_true(v == 5);
	}
}

static uint32_t ip(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static void test_parse_ip(void **state)
{
	(void)state;
	uint32_t a;
	assert_int_equal(nfc_parse_ip("1.2.3.4", &a), 0);
	assert_int_equal(a, ip("1.2.3.4"));
	assert_int_equal(nfc_parse_ip("255.255.255.255", &a), 0);
	assert_int_equal(a, 0xFFFFFFFFu);
	assert_int_equal(nfc_parse_ip("0.0.0.0", &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(nfc_parse_ip("10.0.0.001", &a), 0);
	assert_int_equal(a, ip("10.0.0.1"));
	static const char *const bad[] = { "", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.",
					   "a.b.c.d", "1..2.3", "1.2.3.4/8", " 1.2.3.4", "1.2.3.0004" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		a = 9;
		assert_int_equal(nfc_parse_ip(bad[i], &a), -1);
		assert_int_equal(a, 9);
	}
}

static void test_parse_ip_prefix(void **state)
{
	(void)state;
	uint32_t a, m;
	assert_int_equal(nfc_parse_ip_prefix("10.0.0.0/8", &a, &m, false), 0);
	assert_int_equal(a, ip("10.0.0.0"));
	assert_int_equal(m, ip("255.0.0.0"));
	assert_int_equal(nfc_parse_ip_prefix("18.26.4/24", &a, &m, false), 0);
	assert_int_equal(a, ip("18.26.4.0"));
	assert_int_equal(m, ip("255.255.255.0"));
	assert_int_equal(nfc_parse_ip_prefix("10/8", &a, &m, false), 0);
	assert_int_equal(a, ip("10.0.0.0"));
	/* The address keeps its host bits, as Click's IPPrefixArg. */
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/255.255.255.0", &a, &m, false), 0);
	assert_int_equal(a, ip("1.2.3.4"));
	assert_int_equal(m, ip("255.255.255.0"));
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/0", &a, &m, false), 0);
	assert_int_equal(m, 0);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/32", &a, &m, false), 0);
	assert_int_equal(m, 0xFFFFFFFFu);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4", &a, &m, true), 0);
	assert_int_equal(a, ip("1.2.3.4"));
	assert_int_equal(m, 0xFFFFFFFFu);
	a = m = 7;
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4", &a, &m, false), -1);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/33", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/x", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("1.2.3.4/255.255.0", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("/8", &a, &m, true), -1);
	assert_int_equal(nfc_parse_ip_prefix("300.0.0.0/8", &a, &m, true), -1);
	assert_int_equal(a, 7);
	assert_int_equal(m, 7);
}

static void test_parse_ether(void **state)
{
	(void)state;
	uint8_t e[6];
	static const uint8_t want[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t small[6] = { 0, 1, 2, 3, 4, 5 };
	static const uint8_t mixed[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	assert_int_equal(nfc_parse_ether("00:11:22:33:44:55", e), 0);
	assert_memory_equal(e, want, 6);
	assert_int_equal(nfc_parse_ether("00-11-22-33-44-55", e), 0);
	assert_memory_equal(e, want, 6);
	assert_int_equal(nfc_parse_ether("0:1:2:3:4:5", e), 0);
	assert_memory_equal(e, small, 6);
	assert_int_equal(nfc_parse_ether("AA:bb:CC:dd:EE:ff", e), 0);
	assert_memory_equal(e, mixed, 6);
	static const char *const bad[] = { "", "00:11:22:33:44", "00:11:22:33:44:55:66",
					   "00:11-22:33:44:55", "000:11:22:33:44:55",
					   "gg:11:22:33:44:55", "00:11:22:33:44:", "00112233445" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(e, 0x99, 6);
		assert_int_equal(nfc_parse_ether(bad[i], e), -1);
		assert_int_equal(e[0], 0x99);
	}
}

static void check_string(const char *in, const char *out, size_t outlen)
{
	char *s = NULL;
	size_t n = 12345;
	if (nfc_parse_string(in, &s, &n) != 0)
		print_error("string [%s] rejected\n", in);
	assert_non_null(s);
	assert_int_equal(n, outlen);
	assert_memory_equal(s, out, outlen + 1);
	free(s);
}

static void test_parse_string(void **state)
{
	(void)state;
	check_string("plain text", "plain text", 10);
	check_string("", "", 0);
	check_string("\"a\\nb\"", "a\nb", 3);
	check_string("\"tab\\there\"", "tab\there", 8);
	check_string("'lit\\n'", "lit\\n", 5);
	check_string("\"a\" 'b' c", "a b c", 5);
	check_string("\"x\"\"y\"", "xy", 2);
	check_string("\\<48 65 6c>", "Hel", 3);
	check_string("\\<48656c6C 6f 2 /* and */ 1>", "Hello!", 6);
	check_string("\"\\<41 42>\"", "AB", 2);
	check_string("\\<00 41>", "\0A", 2);
	check_string("\"\\x41\\101\\\\\\\"\"", "AA\\\"", 4);
	check_string("\"\\$\\,\\'\"", "$,'", 3);
	check_string("\"line\\\ncontinued\"", "linecontinued", 13);
	check_string("back\\slash", "back\\slash", 10);
	check_string("\"it's\"", "it's", 4);
	check_string("'say \"hi\"'", "say \"hi\"", 8);

	static const char *const bad[] = { "\"unterminated", "'unterminated", "\\<4>",
					   "\\<zz>", "\\<41", "\"\\<41\"", "\"\\xg\"" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *s = NULL;
		size_t n = 0;
		if (nfc_parse_string(bad[i], &s, &n) != -1)
			print_error("accepted bad string [%s]\n", bad[i]);
		assert_int_equal(nfc_parse_string(bad[i], &s, &n), -1);
		assert_null(s);
	}
}

static void test_parse_word(void **state)
{
	(void)state;
	char *w = NULL;
	const char *rest = NULL;
	assert_int_equal(nfc_parse_word("abc", &w, NULL), 0);
	assert_string_equal(w, "abc");
	free(w);
	assert_int_equal(nfc_parse_word("  abc  ", &w, NULL), 0);
	assert_string_equal(w, "abc");
	free(w);
	assert_int_equal(nfc_parse_word("abc def  ghi", &w, &rest), 0);
	assert_string_equal(w, "abc");
	assert_string_equal(rest, "def  ghi");
	free(w);
	assert_int_equal(nfc_parse_word("x", &w, &rest), 0);
	assert_string_equal(rest, "");
	free(w);
	assert_int_equal(nfc_parse_word("\"ab\"c", &w, NULL), 0);
	assert_string_equal(w, "abc");
	free(w);
	assert_int_equal(nfc_parse_word("c.h/x-y", &w, NULL), 0);
	assert_string_equal(w, "c.h/x-y");
	free(w);
	w = NULL;
	assert_int_equal(nfc_parse_word("abc def", &w, NULL), -1);
	assert_int_equal(nfc_parse_word("", &w, &rest), -1);
	assert_int_equal(nfc_parse_word("   ", &w, &rest), -1);
	assert_int_equal(nfc_parse_word("a,b", &w, NULL), -1);
	assert_int_equal(nfc_parse_word("\"a b\"", &w, NULL), -1);
	assert_int_equal(nfc_parse_word("\"\"", &w, NULL), -1);
	assert_null(w);
}

static void check_words(const char *text, const char *const *expected)
{
	char **words;
	int n = -1, want = 0;
	while (expected[want])
		want++;
	assert_int_equal(nfc_split_words(text, &words, &n), 0);
	assert_int_equal(n, want);
	for (int i = 0; i < n; i++)
		assert_string_equal(words[i], expected[i]);
	nfc_words_free(words, n);
}

#define WORDS(text, ...)                                            \
	do {                                                        \
		static const char *const exp_[] = { __VA_ARGS__ }; \
		check_words(text, exp_);                            \
	} while (0)

static void test_split_words(void **state)
{
	(void)state;
	WORDS("", NULL);
	WORDS("   ", NULL);
	WORDS("a", "a", NULL);
	WORDS("a  b, c", "a", "b,", "c", NULL);
	WORDS("  'a /*?*/ b'c", "'a /*?*/ b'c", NULL);
	WORDS("x /* c */ y // z", "x", "y", NULL);
	WORDS("say \"hello world\" now", "say", "\"hello world\"", "now", NULL);
	WORDS("data \\<41 42> end", "data", "\\<41 42>", "end", NULL);
	WORDS("a\tb\nc", "a", "b", "c", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_bool),
		cmocka_unit_test(test_parse_integers),
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_parse_bandwidth),
		cmocka_unit_test(test_parse_ip),
		cmocka_unit_test(test_parse_ip_prefix),
		cmocka_unit_test(test_parse_ether),
		cmocka_unit_test(test_parse_string),
		cmocka_unit_test(test_parse_word),
		cmocka_unit_test(test_split_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
