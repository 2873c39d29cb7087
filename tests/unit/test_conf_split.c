/* SPDX-License-Identifier: MIT */
/* Unit tests for splitting configuration strings into arguments and joining them (nfc_conf_split, nfc_conf_join). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/args.h>
#include <nfclick/config.h>

/* Split @text and compare with the expected arguments (NULL-terminated). */
static void check_split(const char *text, const char *const *expected)
{
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, text, "test:1"), 0);
	int n = 0;
	while (expected[n])
		n++;
	if (conf.argc != n)
		print_error("split of [%s]: %d arguments, expected %d\n", text, conf.argc, n);
	assert_int_equal(conf.argc, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(conf.argv[i], expected[i]);
	assert_ptr_equal(conf.text, text);
	assert_string_equal(conf.landmark, "test:1");
	nfc_conf_free(&conf);
	assert_int_equal(conf.argc, 0);
	assert_null(conf.argv);
}

#define SPLIT(text, ...)                                            \
	do {                                                        \
		static const char *const exp_[] = { __VA_ARGS__ }; \
		check_split(text, exp_);                            \
	} while (0)

/* ---- nfc_conf_split / nfc_conf_join ---- */

static void test_split_empty(void **state)
{
	(void)state;
	SPLIT("", NULL);
	SPLIT("   ", NULL);
	SPLIT(" /* only a comment */ ", NULL);
	SPLIT("// line comment", NULL);
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, NULL, NULL), 0);
	assert_int_equal(conf.argc, 0);
	nfc_conf_free(&conf);
}

static void test_split_commas(void **state)
{
	(void)state;
	SPLIT("a", "a", NULL);
	SPLIT("a, b, c", "a", "b", "c", NULL);
	SPLIT("a,b", "a", "b", NULL);
	/* An empty middle argument counts; a final empty one does not. */
	SPLIT("a, , b", "a", "", "b", NULL);
	SPLIT("a, b,", "a", "b", NULL);
	SPLIT("a, b, ", "a", "b", NULL);
	SPLIT(", a", "", "a", NULL);
	SPLIT(",", "", NULL);
	SPLIT("LIMIT 5, BURST  2", "LIMIT 5", "BURST  2", NULL);
}

static void test_split_whitespace_and_comments(void **state)
{
	(void)state;
	SPLIT("  a   b  ", "a   b", NULL);
	SPLIT("  a /*?*/ b,  c, ", "a b", "c", NULL);
	SPLIT("a/*x*/b", "a b", NULL);
	SPLIT("x // c1\n, y /* c2 */", "x", "y", NULL);
	SPLIT("/* lead */ a, b // tail, not split", "a", "b", NULL);
	SPLIT("a\n// comment, here\n, b", "a", "b", NULL);
	SPLIT("a /* unterminated", "a", NULL);
	SPLIT("line1\n  line2", "line1\n  line2", NULL);
	SPLIT("a / b, c", "a / b", "c", NULL);
}

static void test_split_quotes_and_nesting(void **state)
{
	(void)state;
	SPLIT("\"x, y\" // ?", "\"x, y\"", NULL);
	SPLIT("'a,b', c", "'a,b'", "c", NULL);
	SPLIT("\"a\\\"b, c\", d", "\"a\\\"b, c\"", "d", NULL);
	SPLIT("\"/* not a comment */\"", "\"/* not a comment */\"", NULL);
	SPLIT("'// nor this', x", "'// nor this'", "x", NULL);
	SPLIT("f(a, b), [1,2], {x, y}", "f(a, b)", "[1,2]", "{x, y}", NULL);
	SPLIT("a(b[c{d,e}f]g), h", "a(b[c{d,e}f]g)", "h", NULL);
	SPLIT("a), b", "a)", "b", NULL);
	SPLIT("\\<41, 42>, b", "\\<41, 42>", "b", NULL);
	SPLIT("\"unterminated, x", "\"unterminated, x", NULL);
}

static void test_conf_join(void **state)
{
	(void)state;
	struct nfc_conf conf;
	assert_int_equal(nfc_conf_split(&conf, "a, b ,c, , d", NULL), 0);
	char *s = nfc_conf_join(&conf, 0);
	assert_string_equal(s, "a, b, c, , d");
	free(s);
	s = nfc_conf_join(&conf, 2);
	assert_string_equal(s, "c, , d");
	free(s);
	s = nfc_conf_join(&conf, 5);
	assert_string_equal(s, "");
	free(s);
	nfc_conf_free(&conf);
	assert_int_equal(nfc_conf_split(&conf, "", NULL), 0);
	s = nfc_conf_join(&conf, 0);
	assert_string_equal(s, "");
	free(s);
	nfc_conf_free(&conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_empty),
		cmocka_unit_test(test_split_commas),
		cmocka_unit_test(test_split_whitespace_and_comments),
		cmocka_unit_test(test_split_quotes_and_nesting),
		cmocka_unit_test(test_conf_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
