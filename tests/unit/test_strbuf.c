/* SPDX-License-Identifier: MIT */
/* Unit tests for growable strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/strbuf.h>

static void test_empty(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	assert_string_equal(nfc_strbuf_str(&sb), "");
	assert_int_equal(sb.len, 0);
	char *s = nfc_strbuf_take(&sb);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	nfc_strbuf_free(&sb);
}

static void test_append_puts_putc(void **state)
{
	(void)state;
	struct nfc_strbuf sb;
	nfc_strbuf_init(&sb);
	nfc_strbuf_puts(&sb, "abc");
	nfc_strbuf_putc(&sb, '-');
	nfc_strbuf_append(&sb, "xyz123", 3);
	nfc_strbuf_append(&sb, "ignored", 0);
	assert_string_equal(nfc_strbuf_str(&sb), "abc-xyz");
	assert_int_equal(sb.len, 7);
	assert_true(sb.cap > sb.len);
	nfc_strbuf_free(&sb);
	assert_null(sb.s);
	assert_int_equal(sb.len, 0);
}

static void test_embedded_nul(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_append(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.s, "a\0b\0", 4);
	nfc_strbuf_free(&sb);
}

static void test_printf(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_printf(&sb, "%d-%s", 42, "x");
	nfc_strbuf_printf(&sb, "%s", "");
	nfc_strbuf_printf(&sb, "|%05.1f", 2.25);
	assert_string_equal(nfc_strbuf_str(&sb), "42-x|002.2");
	nfc_strbuf_free(&sb);
}

static void test_printf_grows(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (int i = 0; i < 1000; i++)
		nfc_strbuf_printf(&sb, "%04d", i);
	assert_int_equal(sb.len, 4000);
	assert_int_equal(strlen(sb.s), 4000);
	assert_memory_equal(sb.s + 3996, "0999", 4);
	nfc_strbuf_free(&sb);
}

static void test_clear_and_reuse(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_clear(&sb); /* clearing an unused buffer is fine */
	nfc_strbuf_puts(&sb, "hello");
	size_t cap = sb.cap;
	nfc_strbuf_clear(&sb);
	assert_string_equal(nfc_strbuf_str(&sb), "");
	assert_int_equal(sb.cap, cap);
	nfc_strbuf_puts(&sb, "bye");
	assert_string_equal(nfc_strbuf_str(&sb), "bye");
	nfc_strbuf_free(&sb);
}

static void test_take(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_puts(&sb, "mine");
	char *s = nfc_strbuf_take(&sb);
	assert_string_equal(s, "mine");
	assert_null(sb.s);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	nfc_strbuf_puts(&sb, "again");
	assert_string_equal(nfc_strbuf_str(&sb), "again");
	free(s);
	nfc_strbuf_free(&sb);
}

static void test_append_self(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_strbuf_puts(&sb, "ab");
	nfc_strbuf_append(&sb, sb.s, 1);
	assert_string_equal(nfc_strbuf_str(&sb), "aba");
	/* Appending the buffer to itself must survive the buffer moving. */
	for (int i = 0; i < 8; i++)
		nfc_strbuf_append(&sb, sb.s, sb.len);
	assert_int_equal(sb.len, 3 * 256);
	assert_memory_equal(sb.s + 3 * 255, "aba", 4);
	nfc_strbuf_free(&sb);
}

static void vprintf_helper(struct nfc_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nfc_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

static void test_vprintf(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	vprintf_helper(&sb, "%s=%u", "n", 7u);
	assert_string_equal(nfc_strbuf_str(&sb), "n=7");
	nfc_strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append_puts_putc),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_grows),
		cmocka_unit_test(test_clear_and_reuse),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_append_self),
		cmocka_unit_test(test_vprintf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
