/* SPDX-License-Identifier: MIT */
/* Unit tests for the Click language lexer: tokens, positions, comments, configs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/error.h>
#include "../../runtime/lexer_priv.h"

struct lexfix {
	struct nfc_errh errh;
	struct nfc_lexer lx;
};

static struct lexfix *lex_open(const char *text)
{
	struct lexfix *f = calloc(1, sizeof(*f));
	nfc_errh_init_buffer(&f->errh);
	nfc_lexer_init(&f->lx, text, strlen(text), "t.click", &f->errh);
	return f;
}

static void lex_close(struct lexfix *f)
{
	nfc_lexer_destroy(&f->lx);
	nfc_errh_destroy(&f->errh);
	free(f);
}

static void expect_tok(struct lexfix *f, int kind, const char *text, unsigned line, unsigned col)
{
	struct nfc_token t = nfc_lexer_next(&f->lx);
	assert_int_equal(t.kind, kind);
	if (text) {
		assert_int_equal(t.len, strlen(text));
		assert_memory_equal(t.s, text, t.len);
	}
	if (line) {
		assert_int_equal(t.pos.line, line);
		assert_int_equal(t.pos.col, col);
	}
}

static void test_punctuation_and_words(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("a :: Counter(5) -> [1]b => c || ... ; { } , |");
	expect_tok(f, NFC_TOK_IDENT, "a", 1, 1);
	expect_tok(f, NFC_TOK_COLON2, "::", 1, 3);
	expect_tok(f, NFC_TOK_IDENT, "Counter", 1, 6);
	expect_tok(f, '(', "(", 1, 13);
	expect_tok(f, NFC_TOK_IDENT, "5", 1, 14);
	expect_tok(f, ')', NULL, 0, 0);
	expect_tok(f, NFC_TOK_ARROW, "->", 1, 17);
	expect_tok(f, '[', NULL, 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "1", 0, 0);
	expect_tok(f, ']', NULL, 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "b", 0, 0);
	expect_tok(f, NFC_TOK_DARROW, "=>", 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "c", 0, 0);
	expect_tok(f, NFC_TOK_BAR2, "||", 0, 0);
	expect_tok(f, NFC_TOK_DOT3, "...", 0, 0);
	expect_tok(f, ';', NULL, 0, 0);
	expect_tok(f, '{', NULL, 0, 0);
	expect_tok(f, '}', NULL, 0, 0);
	expect_tok(f, ',', NULL, 0, 0);
	expect_tok(f, '|', NULL, 0, 0);
	expect_tok(f, NFC_TOK_EOF, NULL, 0, 0);
	expect_tok(f, NFC_TOK_EOF, NULL, 0, 0); /* EOF repeats */
	lex_close(f);
}

static void test_keywords_variables_slashes(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("elementclass require provide define defined\n"
				    "$a $b_2 ${ a/b/c@3 x/ y//comment\n@1/z");
	expect_tok(f, NFC_TOK_ELEMENTCLASS, "elementclass", 1, 1);
	expect_tok(f, NFC_TOK_REQUIRE, NULL, 0, 0);
	expect_tok(f, NFC_TOK_PROVIDE, NULL, 0, 0);
	expect_tok(f, NFC_TOK_DEFINE, NULL, 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "defined", 0, 0);
	expect_tok(f, NFC_TOK_VARIABLE, "a", 2, 1);
	expect_tok(f, NFC_TOK_VARIABLE, "b_2", 2, 4);
	expect_tok(f, NFC_TOK_VARIABLE, "", 2, 9); /* a lone '$' */
	expect_tok(f, '{', NULL, 0, 0);
	/* '/' joins identifier parts; a trailing or doubled slash doesn't */
	expect_tok(f, NFC_TOK_IDENT, "a/b/c@3", 2, 12);
	expect_tok(f, NFC_TOK_IDENT, "x", 0, 0);
	expect_tok(f, '/', NULL, 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "y", 0, 0);
	expect_tok(f, NFC_TOK_IDENT, "@1/z", 3, 1);
	expect_tok(f, NFC_TOK_EOF, NULL, 0, 0);
	assert_string_equal(f->errh.buf, "");
	lex_close(f);
}

static void test_comments_and_lines(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("a // line comment\n/* block\n comment */ b\r\nc\rd");
	expect_tok(f, NFC_TOK_IDENT, "a", 1, 1);
	expect_tok(f, NFC_TOK_IDENT, "b", 3, 13);
	expect_tok(f, NFC_TOK_IDENT, "c", 4, 1);
	expect_tok(f, NFC_TOK_IDENT, "d", 5, 1);
	lex_close(f);
}

static void test_line_directives(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("a\n# 10 \"other.click\"\nb\n#line 20\nc\n# 3 \"\"\nd\n#bogus\ne");
	expect_tok(f, NFC_TOK_IDENT, "a", 1, 1);
	struct nfc_token t = nfc_lexer_next(&f->lx);
	assert_string_equal(t.pos.file, "other.click");
	assert_int_equal(t.pos.line, 10);
	t = nfc_lexer_next(&f->lx);
	assert_string_equal(t.pos.file, "other.click");
	assert_int_equal(t.pos.line, 20);
	t = nfc_lexer_next(&f->lx); /* an empty name returns to the input's */
	assert_string_equal(t.pos.file, "t.click");
	assert_int_equal(t.pos.line, 3);
	t = nfc_lexer_next(&f->lx);
	assert_int_equal(t.pos.line, 5);
	assert_string_equal(f->errh.buf, "t.click:4:1: unknown preprocessor directive\n");
	assert_int_equal(f->lx.nerrors, 1);
	lex_close(f);
}

static void test_hash_inside_line_is_a_token(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("a # 3");
	expect_tok(f, NFC_TOK_IDENT, "a", 0, 0);
	expect_tok(f, '#', NULL, 1, 3);
	lex_close(f);
}

static char *config_after_paren(struct lexfix *f)
{
	struct nfc_token t;
	do
		t = nfc_lexer_next(&f->lx);
	while (t.kind != '(' && t.kind != NFC_TOK_EOF);
	return nfc_lexer_config(&f->lx);
}

static void test_config_strings(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("X(a (b) \"c)\" 'd)' \\<29> e) y");
	char *c = config_after_paren(f);
	assert_string_equal(c, "a (b) \"c)\" 'd)' \\<29> e");
	free(c);
	expect_tok(f, ')', NULL, 1, 26);
	expect_tok(f, NFC_TOK_IDENT, "y", 0, 0);
	lex_close(f);

	/* comments vanish (a block comment leaves a space); quoted ones stay */
	f = lex_open("X(a /* ) */ b // )\n c, \"/* kept */\", \"x\\\")\")");
	c = config_after_paren(f);
	assert_string_equal(c, "a   b \n c, \"/* kept */\", \"x\\\")\"");
	free(c);
	expect_tok(f, ')', NULL, 2, 25);
	lex_close(f);

	/* a directive line inside a configuration is obeyed and removed */
	f = lex_open("X(a,\n# 7 \"f\"\nb)\nz");
	c = config_after_paren(f);
	assert_string_equal(c, "a,\nb");
	free(c);
	expect_tok(f, ')', NULL, 7, 2);
	struct nfc_token t = nfc_lexer_next(&f->lx);
	assert_string_equal(t.pos.file, "f");
	assert_int_equal(t.pos.line, 8);
	lex_close(f);

	/* unterminated: everything to the end */
	f = lex_open("X(a, (b");
	c = config_after_paren(f);
	assert_string_equal(c, "a, (b");
	free(c);
	expect_tok(f, NFC_TOK_EOF, NULL, 0, 0);
	lex_close(f);
}

static void test_unlex_and_expect(void **state)
{
	(void)state;
	struct lexfix *f = lex_open("a b");
	struct nfc_token a = nfc_lexer_next(&f->lx);
	struct nfc_token b = nfc_lexer_next(&f->lx);
	nfc_lexer_unlex(&f->lx, &b);
	nfc_lexer_unlex(&f->lx, &a);
	assert_true(nfc_lexer_expect(&f->lx, NFC_TOK_IDENT, true));
	assert_false(nfc_lexer_expect(&f->lx, ';', true));
	assert_string_equal(f->errh.buf, "t.click:1:3: expected ';'\n");
	expect_tok(f, NFC_TOK_IDENT, "b", 1, 3);
	struct nfc_token p = nfc_lexer_peek(&f->lx);
	assert_int_equal(p.kind, NFC_TOK_EOF);
	lex_close(f);
}

static void test_token_text(void **state)
{
	(void)state;
	char buf[64];
	struct lexfix *f = lex_open("$v \x01 ->");
	struct nfc_token t = nfc_lexer_next(&f->lx);
	assert_string_equal(nfc_token_text(&t, buf, sizeof buf), "'$v'");
	t = nfc_lexer_next(&f->lx);
	assert_string_equal(nfc_token_text(&t, buf, sizeof buf), "'\\001'");
	t = nfc_lexer_next(&f->lx);
	assert_string_equal(nfc_token_text(&t, buf, sizeof buf), "'->'");
	t = nfc_lexer_next(&f->lx);
	assert_string_equal(nfc_token_text(&t, buf, sizeof buf), "end of file");
	assert_string_equal(nfc_token_kind_name(NFC_TOK_COLON2, buf, sizeof buf), "'::'");
	assert_string_equal(nfc_token_kind_name(')', buf, sizeof buf), "')'");
	lex_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punctuation_and_words),
		cmocka_unit_test(test_keywords_variables_slashes),
		cmocka_unit_test(test_comments_and_lines),
		cmocka_unit_test(test_line_directives),
		cmocka_unit_test(test_hash_inside_line_is_a_token),
		cmocka_unit_test(test_config_strings),
		cmocka_unit_test(test_unlex_and_expect),
		cmocka_unit_test(test_token_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
