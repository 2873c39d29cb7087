/* SPDX-License-Identifier: MIT */
/* Unit tests for error handlers: landmarks, contexts, warnings, counts, outputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/error.h>

static void test_plain_error_without_landmark(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	assert_string_equal(root.buf, "");
	assert_int_equal(nfc_error(&root, "bad %s %d", "thing", 3), -1);
	assert_string_equal(root.buf, "bad thing 3\n");
	assert_int_equal(root.nerrors, 1);
	assert_int_equal(root.nwarnings, 0);
	nfc_errh_destroy(&root);
}

static void test_lerror_landmark(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	assert_int_equal(nfc_lerror(&root, "config:3", "syntax error"), -1);
	/* Click trims a trailing colon and spaces from landmarks. */
	nfc_lerror(&root, "file.click:7: ", "other");
	/* An empty landmark means none. */
	nfc_lerror(&root, "", "bare");
	assert_string_equal(root.buf, "config:3: syntax error\n"
				      "file.click:7: other\n"
				      "bare\n");
	assert_int_equal(root.nerrors, 3);
	nfc_errh_destroy(&root);
}

static void test_warning_prefix(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	nfc_warning(&root, "careful");
	nfc_lwarning(&root, "f:1", "very careful");
	assert_string_equal(root.buf, "warning: careful\nf:1: warning: very careful\n");
	assert_int_equal(root.nwarnings, 2);
	assert_int_equal(root.nerrors, 0);
	nfc_errh_destroy(&root);
}

static void test_message_plain(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, "config:1", "While configuring 'x :: X':");
	nfc_message(&ctx, "hello %d", 5);
	/* Plain messages have no landmark, no context, and are not counted. */
	assert_string_equal(root.buf, "hello 5\n");
	assert_int_equal(root.nerrors, 0);
	assert_int_equal(root.nwarnings, 0);
	assert_int_equal(ctx.context_printed, 0);
	nfc_errh_destroy(&root);
}

static void test_message_keeps_own_newline(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	nfc_message(&root, "line\n");
	nfc_message(&root, "%s", "");
	assert_string_equal(root.buf, "line\n\n");
	nfc_errh_destroy(&root);
}

static void test_context_click_shape(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, "config:1", "While configuring 'c :: Counter':");
	assert_int_equal(nfc_error(&ctx, "unknown keyword 'FOO'"), -1);
	nfc_error(&ctx, "second problem");
	assert_string_equal(root.buf, "config:1: While configuring 'c :: Counter':\n"
				      "config:1:   unknown keyword 'FOO'\n"
				      "config:1:   second problem\n");
	assert_int_equal(ctx.nerrors, 2);
	assert_int_equal(root.nerrors, 2);
	nfc_errh_destroy(&root);
}

static void test_context_warning_and_explicit_landmark(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, "config:1", "While initializing 'q :: Queue':");
	nfc_warning(&ctx, "odd");
	nfc_lerror(&ctx, "other:9", "elsewhere");
	assert_string_equal(root.buf, "config:1: While initializing 'q :: Queue':\n"
				      "config:1:   warning: odd\n"
				      "other:9:   elsewhere\n");
	assert_int_equal(root.nwarnings, 1);
	assert_int_equal(root.nerrors, 1);
	assert_int_equal(ctx.nwarnings, 1);
	nfc_errh_destroy(&root);
}

static void test_context_without_landmark(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, NULL, "While doing X:");
	nfc_error(&ctx, "failed");
	nfc_lerror(&ctx, "f:2", "there");
	assert_string_equal(root.buf, "While doing X:\n  failed\nf:2:   there\n");
	nfc_errh_destroy(&root);
}

static void test_context_line_uses_message_landmark(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&ctx, &root, NULL, "In here:");
	nfc_lerror(&ctx, "f:4", "oops");
	assert_string_equal(root.buf, "f:4: In here:\nf:4:   oops\n");
	nfc_errh_destroy(&root);
}

static void test_landmark_only_child(void **state)
{
	(void)state;
	struct nfc_errh root, lm;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&lm, &root, "conf:5", NULL);
	nfc_error(&lm, "no context here");
	nfc_warning(&lm, "w");
	assert_string_equal(root.buf, "conf:5: no context here\nconf:5: warning: w\n");
	assert_int_equal(lm.nerrors, 1);
	assert_int_equal(root.nwarnings, 1);
	nfc_errh_destroy(&root);
}

static void test_nested_contexts(void **state)
{
	(void)state;
	struct nfc_errh root, outer, inner;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&outer, &root, "a:1", "Outer:");
	nfc_errh_init_context(&inner, &outer, "a:2", "Inner:");
	nfc_error(&inner, "deep");
	nfc_error(&outer, "shallow");
	assert_string_equal(root.buf, "a:1: Outer:\n"
				      "a:2:   Inner:\n"
				      "a:2:     deep\n"
				      "a:1:   shallow\n");
	assert_int_equal(inner.nerrors, 1);
	assert_int_equal(outer.nerrors, 2);
	assert_int_equal(root.nerrors, 2);
	nfc_errh_destroy(&root);
}

static void test_multiline(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_buffer(&root);
	nfc_lerror(&root, "f:1", "one\ntwo");
	nfc_lwarning(&root, "f:2", "three\nfour\n");
	nfc_errh_init_context(&ctx, &root, "g:1", "Ctx:");
	nfc_error(&ctx, "five\nsix");
	assert_string_equal(root.buf, "f:1: one\nf:1: two\n"
				      "f:2: warning: three\nf:2: warning: four\n"
				      "g:1: Ctx:\ng:1:   five\ng:1:   six\n");
	nfc_errh_destroy(&root);
}

static void test_silent(void **state)
{
	(void)state;
	struct nfc_errh root, ctx;
	nfc_errh_init_silent(&root);
	nfc_errh_init_context(&ctx, &root, "x:1", "Ctx:");
	assert_int_equal(nfc_error(&ctx, "e"), -1);
	nfc_warning(&ctx, "w");
	nfc_message(&ctx, "m");
	assert_int_equal(root.nerrors, 1);
	assert_int_equal(root.nwarnings, 1);
	assert_null(root.buf);
	nfc_errh_destroy(&root);
}

static void test_silent_child_still_counts_upward(void **state)
{
	(void)state;
	struct nfc_errh root, quiet;
	nfc_errh_init_buffer(&root);
	nfc_errh_init_context(&quiet, &root, "x:1", "Ctx:");
	quiet.silent = 1;
	nfc_error(&quiet, "hidden");
	assert_string_equal(root.buf, "");
	assert_int_equal(root.nerrors, 1);
	assert_int_equal(quiet.nerrors, 1);
	nfc_errh_destroy(&root);
}

static void test_file_handler(void **state)
{
	(void)state;
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	assert_non_null(f);
	struct nfc_errh root, ctx;
	nfc_errh_init_file(&root, f);
	nfc_errh_init_context(&ctx, &root, "config:2", "While configuring 'd :: Discard':");
	nfc_error(&ctx, "bad");
	nfc_message(&root, "plain");
	fclose(f);
	assert_string_equal(mem, "config:2: While configuring 'd :: Discard':\n"
				 "config:2:   bad\nplain\n");
	assert_int_equal(root.nerrors, 1);
	free(mem);
	nfc_errh_destroy(&root);
}

static void test_null_handler_is_harmless(void **state)
{
	(void)state;
	assert_int_equal(nfc_error(NULL, "nobody listens"), -1);
	nfc_warning(NULL, "x");
	nfc_message(NULL, "y");
}

static int verror_helper(struct nfc_errh *errh, enum nfc_errh_level level, const char *lm,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = nfc_verror(errh, level, lm, fmt, ap);
	va_end(ap);
	return r;
}

static void test_verror_levels(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	assert_int_equal(verror_helper(&root, NFC_ERRH_ERROR, "l:1", "e%d", 1), -1);
	assert_int_equal(verror_helper(&root, NFC_ERRH_WARNING, NULL, "w%d", 2), -1);
	assert_int_equal(verror_helper(&root, NFC_ERRH_MESSAGE, "l:3", "m%d", 3), 0);
	assert_string_equal(root.buf, "l:1: e1\nwarning: w2\nl:3: m3\n");
	nfc_errh_destroy(&root);
}

static void test_long_message(void **state)
{
	(void)state;
	struct nfc_errh root;
	nfc_errh_init_buffer(&root);
	char big[5000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	nfc_error(&root, "%s", big);
	assert_int_equal(strlen(root.buf), sizeof(big));
	assert_int_equal(root.buf_len, sizeof(big));
	nfc_errh_destroy(&root);
	assert_null(root.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_error_without_landmark),
		cmocka_unit_test(test_lerror_landmark),
		cmocka_unit_test(test_warning_prefix),
		cmocka_unit_test(test_message_plain),
		cmocka_unit_test(test_message_keeps_own_newline),
		cmocka_unit_test(test_context_click_shape),
		cmocka_unit_test(test_context_warning_and_explicit_landmark),
		cmocka_unit_test(test_context_without_landmark),
		cmocka_unit_test(test_context_line_uses_message_landmark),
		cmocka_unit_test(test_landmark_only_child),
		cmocka_unit_test(test_nested_contexts),
		cmocka_unit_test(test_multiline),
		cmocka_unit_test(test_silent),
		cmocka_unit_test(test_silent_child_still_counts_upward),
		cmocka_unit_test(test_file_handler),
		cmocka_unit_test(test_null_handler_is_harmless),
		cmocka_unit_test(test_verror_levels),
		cmocka_unit_test(test_long_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
