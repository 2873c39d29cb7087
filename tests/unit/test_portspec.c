/* SPDX-License-Identifier: MIT */
/* Unit tests: Click port-count, processing and flow-code specifications. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "../../runtime/router_priv.h"

static void test_port_counts(void **state)
{
	int nin, nout;
	char err[128];
	assert_int_equal(nfc_portspec_counts("1/1", 1, 1, &nin, &nout, err, sizeof err), 0);
	assert_int_equal(nin, 1);
	assert_int_equal(nout, 1);
	/* an unused port below the minimum still exists (reported unused later) */
	assert_int_equal(nfc_portspec_counts("1/2", 1, 1, &nin, &nout, err, sizeof err), 0);
	assert_int_equal(nout, 2);
	assert_int_equal(nfc_portspec_counts("1/1-2", 1, 2, &nin, &nout, err, sizeof err), 0);
	assert_int_equal(nout, 2);
	assert_int_equal(nfc_portspec_counts("1/1-2", 1, 3, &nin, &nout, err, sizeof err), -1);
	assert_string_equal(err, "too many outputs (3 used, at most 2 allowed)");
	assert_int_equal(nfc_portspec_counts("-/=", 3, 1, &nin, &nout, err, sizeof err), 0);
	assert_int_equal(nin, 3);
	assert_int_equal(nout, 3);
	assert_int_equal(nfc_portspec_counts("1-/1", 4, 1, &nin, &nout, err, sizeof err), 0);
	assert_int_equal(nin, 4);
	assert_int_equal(nfc_portspec_counts("0/1", 1, 1, &nin, &nout, err, sizeof err), -1);
	assert_string_equal(err, "too many inputs (1 used, at most 0 allowed)");
	assert_int_equal(nfc_portspec_counts("x/1", 0, 1, &nin, &nout, err, sizeof err), -1);
	assert_string_equal(err, "bad port count specification 'x/1'");
}

static void test_processing(void **state)
{
	assert_int_equal(nfc_processing_code("a/ah", 0, 0), 'a');
	assert_int_equal(nfc_processing_code("a/ah", 1, 0), 'a');
	assert_int_equal(nfc_processing_code("a/ah", 1, 1), 'h');
	assert_int_equal(nfc_processing_code("a/ah", 1, 5), 'h'); /* last repeats */
	assert_int_equal(nfc_processing_code("h/l", 1, 0), 'l');
	assert_int_equal(nfc_processing_code("l", 0, 2), 'l');
	assert_int_equal(nfc_processing_code(NULL, 0, 0), 'a');
}

static void test_flow_codes(void **state)
{
	assert_true(nfc_flowcode_flows(NULL, 1, 1, 0, 0));
	assert_true(nfc_flowcode_flows("x/x", 2, 2, 1, 0));
	assert_false(nfc_flowcode_flows("xy/x", 2, 1, 1, 0));
	assert_true(nfc_flowcode_flows("#/#", 2, 2, 1, 1));
	assert_false(nfc_flowcode_flows("#/#", 2, 2, 1, 0));
	/* Bypass: input 0 (x) reaches outputs 0 ([xy]) and 1 (x); input 1 (y) only output 0 */
	assert_true(nfc_flowcode_flows("xy/[xy]x", 2, 2, 0, 0));
	assert_true(nfc_flowcode_flows("xy/[xy]x", 2, 2, 0, 1));
	assert_true(nfc_flowcode_flows("xy/[xy]x", 2, 2, 1, 0));
	assert_false(nfc_flowcode_flows("xy/[xy]x", 2, 2, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_counts),
		cmocka_unit_test(test_processing),
		cmocka_unit_test(test_flow_codes),
	};
	return cmocka_run_group_tests_name("portspec", tests, NULL, NULL);
}
