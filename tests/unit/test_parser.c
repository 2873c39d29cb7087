/* SPDX-License-Identifier: MIT */
/* Unit tests for the Click language parser: declarations, connections, errors, unparsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "lang_testutil.h"

static void test_declarations_and_anonymous_names(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("a :: Counter;\n"
				      "b, c :: Tee(2);\n"
				      "Idle -> a -> Discard;\n"
				      "Idle -> Discard");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_int_equal(p->fc.nelements, 7);
	/* anonymous numbers count every element of the scope so far */
	assert_string_equal(p->flat, "a :: Counter;\n"
				     "b :: Tee(2);\n"
				     "c :: Tee(2);\n"
				     "Idle@4 :: Idle;\n"
				     "Discard@5 :: Discard;\n"
				     "Idle@6 :: Idle;\n"
				     "Discard@7 :: Discard;\n"
				     "\n"
				     "a -> Discard@5;\n"
				     "Idle@4 -> a;\n"
				     "Idle@6 -> Discard@7;\n");
	const struct nfc_flat_element *e = lt_elem(p, "Idle@4");
	assert_non_null(e);
	assert_string_equal(e->class_name, "Idle");
	assert_string_equal(e->landmark, "config:3");
	assert_string_equal(e->context, "");
	assert_string_equal(lt_elem(p, "b")->landmark, "config:2");
	assert_string_equal(p->fc.connections[0].landmark, "config:3");
	assert_string_equal(p->fc.filename, "config");
	lt_free(p);
}

static void test_user_name_takes_anonymous_slot(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Idle -> Discard; Discard@2 :: Discard");
	assert_int_equal(p->rc, 0);
	/* the generated name moves to the next free number */
	assert_non_null(lt_elem(p, "Discard@2"));
	assert_true(lt_connected(p, "Idle@1", 0, "Discard@3", 0));
	lt_free(p);
}

static void test_ports_and_chains(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("t :: Tee(3);\n"
				      "Idle -> [0] t [2] -> [1] h :: Hub [3] -> Discard;\n"
				      "t [1] -> Discard;");
	assert_int_equal(p->rc, 0);
	assert_true(lt_connected(p, "Idle@2", 0, "t", 0));
	assert_true(lt_connected(p, "t", 2, "h", 1));
	assert_true(lt_connected(p, "h", 3, "Discard@4", 0));
	assert_true(lt_connected(p, "t", 1, "Discard@5", 0));
	assert_int_equal(p->fc.nconnections, 4);
	assert_non_null(strstr(p->flat, "t [2] -> [1] h;\n"));
	lt_free(p);
}

static void test_port_lists_and_many_to_many(void **state)
{
	(void)state;
	/* one to many, many to one, pairwise with '=>', expandable lists */
	struct lt_parse *p = lt_parse("t :: Tee(3); h :: Hub;\n"
				      "Idle -> a :: Counter, b :: Counter;\n"
				      "t [0, 1, 2] => [2, 1, 0] h;\n"
				      "c :: Counter, d :: Counter => [4,] h2 :: Hub;\n"
				      "i :: Idle => [0, 1] h3 :: Hub;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_true(lt_connected(p, "Idle@3", 0, "a", 0));
	assert_true(lt_connected(p, "Idle@3", 0, "b", 0));
	assert_true(lt_connected(p, "t", 0, "h", 2));
	assert_true(lt_connected(p, "t", 1, "h", 1));
	assert_true(lt_connected(p, "t", 2, "h", 0));
	assert_true(lt_connected(p, "c", 0, "h2", 4));
	assert_true(lt_connected(p, "d", 0, "h2", 5));
	/* '=>' reads a missing port list as expandable: i[0] and i[1] */
	assert_true(lt_connected(p, "i", 0, "h3", 0));
	assert_true(lt_connected(p, "i", 1, "h3", 1));
	lt_free(p);
}

static void test_many_to_many_errors(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Idle, Idle -> Discard, Discard;\n"
				      "Idle, Idle => Discard, Discard, Discard;\n"
				      "Idle [0,] => [0,] Discard;\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:12: syntax error: many-to-many connections require '=>'\n"
			    "config:2:12: connection mismatch: 2 outputs connected to 3 inputs\n"
			    "config:3:11: at most one expandable port allowed per connection\n");
	lt_free(p);
}

static void test_groups(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Idle -> (input -> Counter -> output) -> Discard;\n"
				      "h :: Hub; (Idle -> [0]output; Idle -> [1]output) => [1, 2] h;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	/* the group takes three slots (itself and its two ends) */
	assert_true(lt_connected(p, "Idle@1", 0, "Counter@5", 0));
	assert_true(lt_connected(p, "Counter@5", 0, "Discard@6", 0));
	assert_true(lt_connected(p, "Idle@11", 0, "h", 1));
	assert_true(lt_connected(p, "Idle@12", 0, "h", 2));
	/* a group's own ports at the end of a chain are not "ignored" */
	assert_string_equal(lt_errors(p), "");
	assert_int_equal(p->fc.nconnections, 4);
	lt_free(p);
}

static void test_group_errors(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Idle -> (input [1] -> Counter -> output) -> Discard;\n"
				      "Idle -> (Counter -> output");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:40: '<anonymous group>' input 0 missing\n"
			    "config:2:27: expected ')'\n"
			    "config:1:9: '@2' has no input 0\n"
			    "config:2:9: '@8' output 0 unused\n"
			    "config:2:9: '@8' has no input 0\n");
	lt_free(p);
}

static void test_syntax_errors_recover(void **state)
{
	(void)state;
	/* every error of the file is reported, each with line and column */
	struct lt_parse *p = lt_parse("a -> ;\n"
				      "x :: Foo;\n"
				      "Idle -> Bogus(3) -> Discard;\n"
				      "c :: Counter; c :: Counter;\n"
				      "} Idle -> Discard )\n"
				      "Idle [x] -> Discard [1];\n"
				      "[1] Idle -> Discard;\n"
				      "Counter :: Counter;\n"
				      "1 :: Idle; i :: Idle; i(3) -> Discard;\n"
				      "m :: ;\n"
				      "Idle -> # Discard\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:1: undeclared element 'a'\n"
			    "config:1:6: syntax error near ';'\n"
			    "config:2:6: unknown element class 'Foo'\n"
			    "config:3:9: unknown element class 'Bogus'\n"
			    "config:4:15: redeclaration of element 'c'\n"
			    "config:4:1: element 'c' previously declared here\n"
			    "config:5:1: syntax error near '}'\n"
			    "config:5:19: syntax error near ')'\n"
			    "config:6:7: syntax error: port number should be integer\n"
			    "config:6:24: output ports ignored at end of chain\n"
			    "config:7:10: input ports ignored at start of chain\n"
			    "config:8:1: class 'Counter' used as element name\n"
			    "config:9:1: element name '1' has all-digit component\n"
			    "config:9:24: configuration string ignored on element reference\n"
			    "config:10:6: missing element type in declaration\n"
			    "config:10:6: unknown element class 'm'\n"
			    "config:11:9: syntax error near '#'\n");
	/* a failed parse leaves nothing behind */
	assert_int_equal(p->fc.nelements, 0);
	assert_null(p->fc.elements);
	lt_free(p);
}

static void test_more_syntax_errors(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Idle [ -> Discard;\n"
				      "[1];\n"
				      "elementclass { input -> output }\n"
				      "elementclass E $x;\n"
				      "Idle -> \x01 Discard;\n"
				      "Idle -> {");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:8: syntax error: expected port number\n"
			    "config:2:4: stranded port ignored\n"
			    "config:2:4: syntax error near ';'\n"
			    "config:3:14: expected element type name\n"
			    "config:4:16: syntax error near '$x'\n"
			    "config:5:9: syntax error near '\\001'\n"
			    "config:6:10: expected '}'\n"
			    "config:6:9: '@6' has no input 0\n");
	lt_free(p);
}

static void test_define_and_require(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("require(package foo, bar, package \"a b\");\n"
				      "define($X 5, $Y two words);\n"
				      "Message($X $Y);\n");
	assert_int_equal(p->rc, 0);
	assert_int_equal(p->fc.nrequirements, 3);
	assert_string_equal(p->fc.requirements[0], "package foo");
	assert_string_equal(p->fc.requirements[1], "package bar");
	assert_string_equal(p->fc.requirements[2], "package a b");
	assert_string_equal(p->flat, "require(package foo);\n"
				     "require(package bar);\n"
				     "require(package \"a b\");\n"
				     "\n"
				     "Message@1 :: Message(5 two words);\n");
	lt_free(p);

	p = lt_parse("define($a 1, $a 2, b, $ 3);\n"
		     "require(package a b c);\n"
		     "require(library /no/such/file.click);\n"
		     "require x;\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:1: parameter '$a' multiply defined\n"
			    "config:1:1: bad 'define' declaration: not a variable\n"
			    "config:1:1: bad 'define' declaration: not a variable\n"
			    "config:2:1: syntax error at requirement\n"
			    "config:3:1: library '/no/such/file.click' not found in CLICKPATH/conf\n"
			    "config:4:9: expected '('\n"
			    "config:4:9: undeclared element 'x'\n");
	lt_free(p);
}

static void test_require_library(void **state)
{
	(void)state;
	char path[] = "/tmp/nfclick-lib-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *lib = "elementclass LibC { input -> Counter -> output }\n";
	assert_int_equal(write(fd, lib, strlen(lib)), (int)strlen(lib));
	close(fd);
	char *text = NULL;
	assert_true(asprintf(&text, "require(library %s);\nrequire(library %s);\n"
				    "Idle -> LibC -> Discard;", path, path) > 0);
	struct lt_parse *p = lt_parse(text);
	assert_string_equal(lt_errors(p), "");
	assert_int_equal(p->rc, 0);
	assert_non_null(lt_elem(p, "LibC@2/Counter@1"));
	/* libraries are read once and not written back */
	assert_null(strstr(p->flat, "require"));
	lt_free(p);
	free(text);
	unlink(path);
}

static void test_config_strings_as_written(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("Message(\"a, (b)\" // comment )\n"
				      ", 'c /* x */' /* gone */ \\<41 42>, x\\y);\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(p->fc.elements[0].config,
			    "\"a, (b)\" \n, 'c /* x */'   \\<41 42>, x\\y");
	lt_free(p);
}

static void test_compound_warning_suggests_input(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass X { Idle -> Discard; -> Counter -> output }\n"
				      "X -> Discard;");
	assert_int_equal(p->rc, -1); /* X's input is never connected */
	assert_string_equal(lt_errors(p),
			    "config:1:35: warning: suggest 'input ->' or '[0] ->' to start connection\n"
			    "config:2:1: 'X@1' input 0 unused\n");
	lt_free(p);
}

static void test_unparse_reparses_to_same_graph(void **state)
{
	(void)state;
	const char *text = "elementclass RS { InfiniteSource(LIMIT 3) -> output }\n"
			   "elementclass P { input[0] -> Counter -> [0]output }\n"
			   "elementclass D { input[0] -> Discard }\n"
			   "t :: Tee(2);\n"
			   "RS -> P -> t; t[1] -> D; t -> (input -> Counter -> output) -> D;\n"
			   "c/x :: Counter; Idle -> c/x -> Discard;\n";
	struct lt_parse *p = lt_parse(text);
	assert_int_equal(p->rc, 0);
	char *again = lt_reflatten(p->flat);
	assert_non_null(again);
	assert_string_equal(again, p->flat);
	free(again);
	lt_free(p);
}

static void test_large_config_is_fast(void **state)
{
	(void)state;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		nfc_strbuf_printf(&sb, "c%d :: Counter;\n", i);
	for (int i = 0; i < 9999; i++)
		nfc_strbuf_printf(&sb, "c%d -> c%d;\n", i, i + 1);
	clock_t t0 = clock();
	struct lt_parse *p = lt_parse(nfc_strbuf_str(&sb));
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(p->rc, 0);
	assert_int_equal(p->fc.nelements, 10000);
	assert_int_equal(p->fc.nconnections, 9999);
	assert_true(secs < 1.0);
	lt_free(p);
	nfc_strbuf_free(&sb);
}

static void test_null_and_empty_inputs(void **state)
{
	(void)state;
	struct nfc_flat_config fc;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_int_equal(nfc_config_parse(NULL, NULL, NULL, 0, &fc, &errh), 0);
	assert_int_equal(fc.nelements, 0);
	assert_string_equal(fc.filename, "config");
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_flat_config_unparse(&fc, &sb);
	assert_string_equal(nfc_strbuf_str(&sb), "");
	nfc_strbuf_free(&sb);
	nfc_flat_config_free(&fc);
	nfc_flat_config_free(&fc); /* freeing twice is harmless */
	nfc_errh_destroy(&errh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_declarations_and_anonymous_names),
		cmocka_unit_test(test_user_name_takes_anonymous_slot),
		cmocka_unit_test(test_ports_and_chains),
		cmocka_unit_test(test_port_lists_and_many_to_many),
		cmocka_unit_test(test_many_to_many_errors),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_group_errors),
		cmocka_unit_test(test_syntax_errors_recover),
		cmocka_unit_test(test_more_syntax_errors),
		cmocka_unit_test(test_define_and_require),
		cmocka_unit_test(test_require_library),
		cmocka_unit_test(test_config_strings_as_written),
		cmocka_unit_test(test_compound_warning_suggests_input),
		cmocka_unit_test(test_unparse_reparses_to_same_graph),
		cmocka_unit_test(test_large_config_is_fast),
		cmocka_unit_test(test_null_and_empty_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
