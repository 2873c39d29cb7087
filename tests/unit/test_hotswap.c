/* SPDX-License-Identifier: MIT */
/* Unit tests: the "hotconfig" handler and nfc_router_hotswap (state moving to a new router). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "../../runtime/router_priv.h"

/* TestState(N): holds N; takes an old TestState's value by adding it to its
 * own, and refuses (with an error) an old value below zero. */
struct tstate {
	struct nfc_element e;
	int value;
	int takes; /* take_state calls */
};

static int tstate_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	if (conf->argc != 1 || strcmp(conf->argv[0], "BAD") == 0)
		return nfc_error(errh, "expected VALUE");
	((struct tstate *)e)->value = atoi(conf->argv[0]);
	return 0;
}

static const struct nfc_element_class tstate_class;

static void tstate_take_state(struct nfc_element *e, struct nfc_element *old,
			      struct nfc_errh *errh)
{
	struct tstate *s = (struct tstate *)e;
	s->takes++;
	if (old->cls != &tstate_class)
		return;
	struct tstate *o = (struct tstate *)old;
	if (o->value < 0) {
		nfc_error(errh, "old value %d refused", o->value);
		return;
	}
	s->value += o->value;
}

static const struct nfc_element_class tstate_class = {
	.name = "TestState", .port_count = "0/0", .size = sizeof(struct tstate),
	.configure = tstate_configure, .take_state = tstate_take_state,
};
NFC_REGISTER_ELEMENT(tstate_class);

static const struct nfc_element_class tplain_class = {
	.name = "TestPlain", .port_count = "0/0", .size = sizeof(struct tstate),
	.configure = tstate_configure,
};
NFC_REGISTER_ELEMENT(tplain_class);

static struct nfc_router *make(const char *text, bool reconfigure, struct nfc_errh *errh)
{
	struct nfc_flat_config fc;
	memset(&fc, 0, sizeof fc);
	struct nfc_router *r = NULL;
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = 1;
	o.simtime = true;
	o.allow_reconfigure = reconfigure;
	if (nfc_config_parse(text, "test", NULL, 0, &fc, errh) == 0)
		r = nfc_router_create(&fc, &o, errh);
	nfc_flat_config_free(&fc);
	return r;
}

static struct tstate *state_of(struct nfc_router *r, const char *name)
{
	struct nfc_element *e = nfc_router_find(r, name, NULL);
	assert_non_null(e);
	return (struct tstate *)e;
}

static void test_hotconfig_needs_option(void **unused)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = make("a :: TestState(1)", false, &errh);
	assert_non_null(r);
	assert_false(nfc_handler_exists(r, "hotconfig", 1));
	assert_int_equal(nfc_handler_write(r, "hotconfig", "b :: TestState(2)", &errh), -1);
	assert_non_null(strstr(errh.buf, "no write handler 'hotconfig'"));
	assert_false(nfc_router_stopping(r));
	assert_null(nfc_router_hotswap(r, &errh));
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

static void test_bad_hotconfig_changes_nothing(void **unused)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = make("a :: TestState(1)", true, &errh);
	assert_non_null(r);
	assert_true(nfc_handler_exists(r, "hotconfig", 1));
	/* a parse error, then a configure error: both reported, no replacement */
	assert_int_equal(nfc_handler_write(r, "hotconfig", "a :: NoSuchClass", &errh), -1);
	assert_non_null(strstr(errh.buf, "config:1"));
	assert_non_null(strstr(errh.buf, "NoSuchClass"));
	assert_int_equal(nfc_handler_write(r, "hotconfig", "a :: TestState(BAD)", &errh), -1);
	assert_non_null(strstr(errh.buf, "While configuring 'a :: TestState'"));
	assert_non_null(strstr(errh.buf, "Router could not be initialized!"));
	assert_false(nfc_router_stopping(r));
	assert_null(nfc_router_hotswap(r, &errh));
	assert_int_equal(state_of(r, "a")->value, 1);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

static void test_hotswap_takes_state_by_name(void **unused)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r =
		make("a :: TestState(1); b :: TestState(2); c :: TestPlain(3); e :: TestState(-1)",
		     true, &errh);
	assert_non_null(r);
	/* the clock has moved on; the replacement must not reset it */
	nfc_time_warp_to(nfc_now() + 5 * NFC_NSEC_PER_SEC);
	int64_t before = nfc_now();
	const char *text = "a :: TestState(10); c :: TestState(30); d :: TestState(40); "
			   "e :: TestState(50)";
	assert_int_equal(nfc_handler_write(r, "hotconfig", text, &errh), 0);
	assert_int_equal(nfc_now(), before);
	/* the write asks the running router to stop; the swap comes after */
	assert_true(nfc_router_stopping(r));
	assert_int_equal(state_of(r, "a")->value, 1);

	struct nfc_router *n = nfc_router_hotswap(r, &errh);
	assert_non_null(n);
	assert_ptr_not_equal(n, r);
	assert_int_equal(state_of(n, "a")->value, 11); /* took 1 */
	assert_int_equal(state_of(n, "a")->takes, 1);
	/* same name, other class: take_state is asked and declines */
	assert_int_equal(state_of(n, "c")->value, 30);
	assert_int_equal(state_of(n, "c")->takes, 1);
	/* no old element of that name: not asked */
	assert_int_equal(state_of(n, "d")->takes, 0);
	/* take_state's errors carry the element */
	assert_int_equal(state_of(n, "e")->value, 50);
	assert_non_null(strstr(errh.buf, "While hot-swapping state into 'e :: TestState':"));
	assert_non_null(strstr(errh.buf, "old value -1 refused"));
	assert_false(nfc_router_stopping(n));
	/* the new router reports its own configuration and can swap again */
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	assert_int_equal(nfc_handler_read(n, "config", NULL, &sb, &errh), 0);
	assert_string_equal(nfc_strbuf_str(&sb), text);
	nfc_strbuf_free(&sb);
	assert_true(nfc_handler_exists(n, "hotconfig", 1));
	assert_null(nfc_router_hotswap(n, &errh));
	nfc_router_destroy(n);
	nfc_errh_destroy(&errh);
}

static void test_second_write_replaces_first(void **unused)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = make("a :: TestState(1)", true, &errh);
	assert_non_null(r);
	assert_int_equal(nfc_handler_write(r, "hotconfig", "a :: TestState(100)", &errh), 0);
	assert_int_equal(nfc_handler_write(r, "hotconfig", "a :: TestState(200)", &errh), 0);
	struct nfc_router *n = nfc_router_hotswap(r, &errh);
	assert_non_null(n);
	assert_int_equal(state_of(n, "a")->value, 201);
	nfc_router_destroy(n);

	/* a replacement that never ran goes with its router */
	r = make("a :: TestState(1)", true, &errh);
	assert_non_null(r);
	assert_int_equal(nfc_handler_write(r, "hotconfig", "a :: TestState(100)", &errh), 0);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotconfig_needs_option),
		cmocka_unit_test(test_bad_hotconfig_changes_nothing),
		cmocka_unit_test(test_hotswap_takes_state_by_name),
		cmocka_unit_test(test_second_write_replaces_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
