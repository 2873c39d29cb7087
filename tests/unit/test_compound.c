/* SPDX-License-Identifier: MIT */
/* Unit tests for compound expansion: names, tunnels, overloads, scoping, variables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lang_testutil.h"

static void test_expansion_names_context_landmarks(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass C {\n"
				      "  input -> c :: Counter -> output\n"
				      "}\n"
				      "Idle -> x :: C -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	/* the compound's ends are spliced away */
	assert_string_equal(p->flat, "Idle@1 :: Idle;\n"
				     "Discard@3 :: Discard;\n"
				     "x/c :: Counter;\n"
				     "\n"
				     "Idle@1 -> x/c;\n"
				     "x/c -> Discard@3;\n");
	const struct nfc_flat_element *e = lt_elem(p, "x/c");
	assert_string_equal(e->context, "x/");
	assert_string_equal(e->landmark, "config:2"); /* where it was written */
	assert_string_equal(lt_elem(p, "Idle@1")->context, "");
	lt_free(p);
}

static void test_nested_compounds_and_ports(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass In { input -> Counter -> output;\n"
				      "                  input [1] -> Counter -> [1] output }\n"
				      "elementclass Out { input -> i :: In -> output;\n"
				      "                   input [1] -> [1] i [1] -> [1] output }\n"
				      "t :: Tee(2); h :: Hub;\n"
				      "Idle -> t; t [0] -> o :: Out -> h; t [1] -> [1] o [1] -> [1] h;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	const struct nfc_flat_element *e = lt_elem(p, "o/i/Counter@1");
	assert_non_null(e);
	assert_string_equal(e->context, "o/i/");
	assert_true(lt_connected(p, "t", 0, "o/i/Counter@1", 0));
	assert_true(lt_connected(p, "o/i/Counter@1", 0, "h", 0));
	assert_true(lt_connected(p, "t", 1, "o/i/Counter@2", 0));
	assert_true(lt_connected(p, "o/i/Counter@2", 0, "h", 1));
	assert_int_equal(p->fc.nconnections, 5);
	lt_free(p);
}

static void test_anonymous_compound_and_fanout(void **state)
{
	(void)state;
	/* one compound input feeding two inner elements, two outputs merging */
	struct lt_parse *p = lt_parse("Idle -> { input -> a :: Counter -> output;\n"
				      "          input -> b :: Counter -> output } -> Discard;\n"
				      "{ Idle -> output } -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_true(lt_connected(p, "Idle@1", 0, "@2/a", 0));
	assert_true(lt_connected(p, "Idle@1", 0, "@2/b", 0));
	assert_true(lt_connected(p, "@2/a", 0, "Discard@3", 0));
	assert_true(lt_connected(p, "@2/b", 0, "Discard@3", 0));
	assert_true(lt_connected(p, "@4/Idle@1", 0, "Discard@5", 0));
	lt_free(p);
}

static void test_overloads_and_extension(void **state)
{
	(void)state;
	/* Click's compound/overload-01 with Counter(N) marking the choice */
	struct lt_parse *p = lt_parse(
		"elementclass Foo {\n"
		"   $a, $b | input -> Counter(1) -> output\n"
		"|| $a, __REST__ $b | input -> Counter(2) -> output\n"
		"|| $a, TWO $b, __REST__ $c | input -> Counter(3) -> output\n"
		"}\n"
		"InfiniteSource(DATA \"\", LIMIT 1, STOP true)\n"
		"  -> Foo(A)\n"
		"  -> f::Foo(A, TWO B)\n"
		"elementclass Foo {\n"
		"   $a, $b | input -> Counter(4) -> output\n"
		"|| ...\n"
		"}\n"
		"f -> Foo(A, B) -> Foo(A, B, C) -> g :: Foo(A, TWO B, C) -> Discard\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_string_equal(lt_elem(p, "Foo@2/Counter@1")->config, "2");
	assert_string_equal(lt_elem(p, "f/Counter@1")->config, "1");
	assert_string_equal(lt_elem(p, "Foo@4/Counter@1")->config, "4");
	assert_string_equal(lt_elem(p, "Foo@5/Counter@1")->config, "2");
	/* the second overload comes first: TWO is not its keyword, so it
	 * takes "TWO B" as part of its __REST__ */
	assert_string_equal(lt_elem(p, "g/Counter@1")->config, "2");
	char *again = lt_reflatten(p->flat);
	assert_string_equal(again, p->flat);
	free(again);
	lt_free(p);
}

static void test_overload_by_port_count_and_primitive_extension(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass Q { input -> Counter -> output\n"
				      "|| input -> Counter -> output; input [1] -> Discard }\n"
				      "elementclass Queue { $n, $m | input -> Queue($n) -> output || ... }\n"
				      "t :: Tee(2); Idle -> t; t -> a :: Q -> Discard; t [1] -> [1] a;\n"
				      "Idle -> Queue(5, 6) -> Unqueue -> Discard;\n"
				      "Idle -> q :: Queue(7) -> Unqueue -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_true(lt_connected(p, "t", 1, "a/Discard@2", 0));
	assert_non_null(lt_elem(p, "Queue@6/Queue@1"));
	assert_string_equal(lt_elem(p, "Queue@6/Queue@1")->config, "5");
	/* no compound takes one argument: the extended primitive does */
	assert_non_null(lt_elem(p, "q"));
	assert_string_equal(lt_elem(p, "q")->class_name, "Queue");
	assert_string_equal(lt_elem(p, "q")->config, "7");
	lt_free(p);
}

static void test_formal_parameters(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse(
		"elementclass C { $a, KEY $k, __REST__ $r | input -> Message(\"$a|$k|$r\") -> output }\n"
		"Idle -> C(x, y, KEY z, w) -> C(1, KEY 2) -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_elem(p, "C@2/Message@1")->config, "\"x|z|y, w\"");
	assert_string_equal(lt_elem(p, "C@3/Message@1")->config, "\"1|2|\"");
	lt_free(p);
}

static void test_no_match_reports_candidates(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass F { $a | input -> Counter -> output\n"
				      "|| $a, KEY $b | input -> Counter -> output }\n"
				      "Idle -> F(1, 2) -> Discard;\n"
				      "elementclass G { $a | input -> Counter -> output }\n"
				      "Idle -> G -> Discard;\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:3:9: no match for 'F[2 arguments, 1 input, 1 output]'\n"
			    "config:3:9: candidates are:\n"
			    "config:1:16:   F(<arg>)[1 input, 1 output]\n"
			    "config:2:1:   F(<arg>, KEY)[1 input, 1 output]\n"
			    "config:5:9: no match for 'G[1 input, 1 output]'\n"
			    "config:5:9: candidates are:\n"
			    "config:4:16:   G(<arg>)[1 input, 1 output]\n");
	lt_free(p);
}

static void test_port_errors(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass F { input -> Counter -> output }\n"
				      "f :: F; f -> Discard;\n"
				      "Idle -> g :: F; Idle -> [1] g [1] -> Discard;\n"
				      "elementclass H { input[1] -> Counter -> output; Idle -> input;\n"
				      "                 Counter -> [1] output; output -> Discard }\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:4:16: 'H' pseudoelement 'input' may only be used as output\n"
			    "config:4:16: 'H' input 0 missing\n"
			    "config:4:16: 'H' pseudoelement 'output' may only be used as input\n"
			    "config:3:9: 'g' has no input 1\n"
			    "config:3:9: 'g' has no output 1\n"
			    "config:2:1: 'f' input 0 unused\n"
			    "config:3:9: 'g' output 0 unused\n");
	lt_free(p);
}

static void test_formal_parameter_errors(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass D { KEY $k, $x | input -> output }\n"
				      "elementclass F { A $a, A $b | input -> output }\n"
				      "elementclass G { $a, $a | input -> output }\n"
				      "elementclass H { $a, Foo | input -> output }\n"
				      "elementclass C { ... }\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:26: compound element parameters out of order\n"
			    "config:1:26: (The correct order is '[positional], [keywords], "
			    "[__REST__]'.)\n"
			    "config:2:24: repeated keyword parameter 'A' in compound element\n"
			    "config:3:22: parameter '$a' multiply defined\n"
			    "config:4:26: expected variable\n"
			    "config:4:22: undeclared element 'Foo'\n"
			    "config:4:26: syntax error near '|'\n"
			    "config:5:18: cannot extend unknown element class 'C'\n"
			    "config:5:22: '...' should occur last, after one or more compounds\n");
	lt_free(p);
}

static void test_lexical_scoping(void **state)
{
	(void)state;
	/* an elementclass shadows a primitive, but not inside its own body */
	struct lt_parse *p = lt_parse("elementclass Counter { input -> Counter -> Counter -> output }\n"
				      "elementclass MyQ Queue;\n"
				      "Idle -> Counter -> MyQ -> Unqueue -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_elem(p, "Counter@2/Counter@2")->class_name, "Counter");
	assert_string_equal(lt_elem(p, "MyQ@3")->class_name, "Queue");
	lt_free(p);

	/* classes are looked up when used, and local classes stay local;
	 * recursion is impossible: a class is not visible in its own body */
	p = lt_parse("elementclass A { input -> B -> output }\n"
		     "elementclass B { input -> Counter -> output }\n"
		     "elementclass O { elementclass L { input -> output } input -> L -> output }\n"
		     "Idle -> O -> L -> Discard;\n"
		     "elementclass R { input -> R -> output }\n");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p), "config:1:27: undeclared element 'B'\n"
					  "config:4:14: undeclared element 'L'\n"
					  "config:5:27: undeclared element 'R'\n");
	lt_free(p);

	/* elements declared before a redefinition keep the old class */
	p = lt_parse("elementclass X { input -> Counter -> output }\n"
		     "Idle -> a :: X -> Discard;\n"
		     "elementclass X { input -> Queue -> output }\n"
		     "Idle -> b :: X -> Unqueue -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_non_null(lt_elem(p, "a/Counter@1"));
	assert_non_null(lt_elem(p, "b/Queue@1"));
	lt_free(p);
}

static void test_variables(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse(
		"define($X 5, $Y \"a b\");\n"
		"Message($X, ${Y}, ${Z-dflt}, \"$Y\", '$X', \"in $X\\\"q\", ${Z-$X}, $(add 1 2), $q);\n");
	assert_int_equal(p->rc, 0);
	/* inside double quotes the value is escaped; single quotes stop
	 * substitution; unknown variables and $(...) stay as written */
	assert_string_equal(p->fc.elements[0].config,
			    "5, \"a b\", dflt, \"\\\"a b\\\"\", '$X', \"in 5\\\"q\", 5, $(add 1 2), $q");
	lt_free(p);

	/* Click's compound/variables-01 */
	p = lt_parse("elementclass Foo {\n"
		     "   $a | input -> Message(\"$a\") -> Message(\"${a[0]}\") -> Message(\"${a[2]}\")\n"
		     "        -> Message(\"${a[3]}\") -> output\n"
		     "}\n"
		     "elementclass Bar { $a, $n | input -> Message(\"${a[$n]}\") -> output }\n"
		     "elementclass Baz { $a | input -> Bar(${a[1]} ${a[0]}, ${a[2]}) -> output }\n"
		     "Idle -> Foo(A B C) -> Bar(D E F, 2) -> Baz(G H 1) -> Baz(I J 0) -> Discard\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_elem(p, "Foo@2/Message@1")->config, "\"A B C\"");
	assert_string_equal(lt_elem(p, "Foo@2/Message@2")->config, "\"A\"");
	assert_string_equal(lt_elem(p, "Foo@2/Message@3")->config, "\"C\"");
	assert_string_equal(lt_elem(p, "Foo@2/Message@4")->config, "\"\"");
	assert_string_equal(lt_elem(p, "Bar@3/Message@1")->config, "\"F\"");
	assert_string_equal(lt_elem(p, "Baz@4/Bar@1/Message@1")->config, "\"G\"");
	assert_string_equal(lt_elem(p, "Baz@5/Bar@1/Message@1")->config, "\"J\"");
	lt_free(p);
}

static void test_variable_scopes(void **state)
{
	(void)state;
	/* A sees the file's $d, not B's parameter of the same name; a
	 * compound's define() can use its parameters */
	struct lt_parse *p = lt_parse("define($d 1);\n"
				      "elementclass A { $x | define($y $x$d); input -> Message($y, $x, $d) -> output }\n"
				      "elementclass B { $d | input -> A(in$d) -> output }\n"
				      "Idle -> B(2) -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_elem(p, "B@2/A@1/Message@1")->config, "in21, in2, 1");
	lt_free(p);

	/* command-line variables override define() */
	struct nfc_config_var vars[] = { { "X", "7" }, { "Z", "zz" } };
	p = lt_parse_vars("define($X 5); Message($X $Z)", vars, 2);
	assert_int_equal(p->rc, 0);
	assert_string_equal(p->fc.elements[0].config, "7 zz");
	lt_free(p);
}

static void test_expansion_redeclaration(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("x/c :: Counter;\n"
				      "elementclass C { input -> c :: Counter -> output }\n"
				      "Idle -> x :: C -> Discard;\n");
	assert_int_equal(p->rc, -1);
	assert_non_null(strstr(lt_errors(p), "config:3:9: redeclaration of element 'x/c'\n"
					     "config:1:1: 'x/c' previously declared here\n"));
	lt_free(p);
}

static void test_group_inside_compound(void **state)
{
	(void)state;
	struct lt_parse *p = lt_parse("elementclass G { input -> (input -> Counter -> output) -> output }\n"
				      "Idle -> g :: G -> Discard;\n");
	assert_int_equal(p->rc, 0);
	assert_string_equal(lt_errors(p), "");
	assert_true(lt_connected(p, "Idle@1", 0, "g/Counter@4", 0));
	assert_true(lt_connected(p, "g/Counter@4", 0, "Discard@3", 0));
	lt_free(p);
}

static void test_hostile_nesting_and_blowup(void **state)
{
	(void)state;
	/* deep nesting is refused, not a stack overflow */
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (int i = 0; i < 5000; i++)
		nfc_strbuf_puts(&sb, "Idle -> {");
	struct lt_parse *p = lt_parse(nfc_strbuf_str(&sb));
	assert_int_equal(p->rc, -1);
	assert_non_null(strstr(lt_errors(p), "maximum compound element nesting depth exceeded"));
	lt_free(p);
	nfc_strbuf_clear(&sb);
	for (int i = 0; i < 5000; i++)
		nfc_strbuf_puts(&sb, "(");
	p = lt_parse(nfc_strbuf_str(&sb));
	assert_int_equal(p->rc, -1);
	assert_non_null(strstr(lt_errors(p), "maximum element group nesting depth exceeded"));
	lt_free(p);

	/* each class doubles the previous one: 2^30 elements */
	nfc_strbuf_clear(&sb);
	nfc_strbuf_puts(&sb, "elementclass A0 { input -> Counter -> output }\n");
	for (int i = 1; i <= 30; i++)
		nfc_strbuf_printf(&sb, "elementclass A%d { input -> A%d -> A%d -> output }\n", i,
				  i - 1, i - 1);
	nfc_strbuf_puts(&sb, "Idle -> A30 -> Discard;\n");
	p = lt_parse(nfc_strbuf_str(&sb));
	assert_int_equal(p->rc, -1);
	assert_non_null(strstr(lt_errors(p), "configuration too large (more than 250000 elements)"));
	lt_free(p);

	/* variables doubling at each level stop at Click's depth */
	nfc_strbuf_clear(&sb);
	nfc_strbuf_puts(&sb, "define($v0 xxxxxxxxxxxxxxxx");
	for (int i = 1; i <= 40; i++)
		nfc_strbuf_printf(&sb, ", $v%d $v%d$v%d", i, i - 1, i - 1);
	nfc_strbuf_puts(&sb, "); Message($v40);");
	p = lt_parse(nfc_strbuf_str(&sb));
	assert_int_equal(p->rc, 0);
	lt_free(p);
	nfc_strbuf_free(&sb);

	/* a value that refers to itself, escaped again at each level */
	p = lt_parse("define($a \"$a$a$a$a\"); Message(\"$a\")");
	assert_int_equal(p->rc, -1);
	assert_string_equal(lt_errors(p),
			    "config:1:24: configuration string too large after substitution\n");
	lt_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expansion_names_context_landmarks),
		cmocka_unit_test(test_nested_compounds_and_ports),
		cmocka_unit_test(test_anonymous_compound_and_fanout),
		cmocka_unit_test(test_overloads_and_extension),
		cmocka_unit_test(test_overload_by_port_count_and_primitive_extension),
		cmocka_unit_test(test_formal_parameters),
		cmocka_unit_test(test_no_match_reports_candidates),
		cmocka_unit_test(test_port_errors),
		cmocka_unit_test(test_formal_parameter_errors),
		cmocka_unit_test(test_lexical_scoping),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_variable_scopes),
		cmocka_unit_test(test_expansion_redeclaration),
		cmocka_unit_test(test_group_inside_compound),
		cmocka_unit_test(test_hostile_nesting_and_blowup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
