/* SPDX-License-Identifier: MIT */
/* Unit tests for notifiers, signals and the upstream/downstream notifier searches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nfclick/nfclick.h>

/* ---- test element classes ---- */

/*
 * TestNote(OP): a pull-through element with an empty and a full notifier
 * whose search operation is OP (STOP, CONTINUE or WAKE).
 */
struct tnote {
	struct nfc_element e;
	struct nfc_notifier note;
};

static int tnote_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct tnote *t = (struct tnote *)e;
	int op = NFC_SEARCH_STOP;
	if (conf->argc > 0 && strcmp(conf->argv[0], "CONTINUE") == 0)
		op = NFC_SEARCH_CONTINUE;
	else if (conf->argc > 0 && strcmp(conf->argv[0], "WAKE") == 0)
		op = NFC_SEARCH_CONTINUE_WAKE;
	nfc_notifier_init(&t->note, false, op);
	return 0;
}

static void *tnote_cast(struct nfc_element *e, const char *iface)
{
	struct tnote *t = (struct tnote *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0 ||
	    strcmp(iface, NFC_IFACE_FULL_NOTIFIER) == 0)
		return &t->note;
	return NULL;
}

static unsigned tnote_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	return nfc_pull(e, 0, out, max);
}

static void tnote_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	nfc_push(e, 0, b);
}

static const struct nfc_element_class tnote_class = {
	.name = "TestNote", .port_count = "1/1", .processing = "a/a",
	.size = sizeof(struct tnote), .configure = tnote_configure, .cast = tnote_cast,
	.push = tnote_push, .pull = tnote_pull,
};
NFC_REGISTER_ELEMENT(tnote_class);

/* TestMerge: a notifier-less pull element merging all its inputs (flow x/x). */
static unsigned tmerge_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	for (int i = 0; i < e->ninputs; i++)
		if (nfc_pull(e, i, out, max))
			return 1;
	return 0;
}

static const struct nfc_element_class tmerge_class = {
	.name = "TestMerge", .port_count = "-/1", .processing = "l/l",
	.size = sizeof(struct nfc_element), .pull = tmerge_pull,
};
NFC_REGISTER_ELEMENT(tmerge_class);

/* TestBlock: pull element whose output does not flow from its input. */
static const struct nfc_element_class tblock_class = {
	.name = "TestBlock", .port_count = "1/1", .processing = "l/l", .flow_code = "x/y",
	.size = sizeof(struct nfc_element), .pull = tmerge_pull,
};
NFC_REGISTER_ELEMENT(tblock_class);

/* ---- helpers ---- */

static struct nfc_router *make_router(const char *text)
{
	struct nfc_flat_config fc;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	if (nfc_config_parse(text, "config", NULL, 0, &fc, &errh) < 0) {
		fprintf(stderr, "%s", errh.buf ? errh.buf : "");
		fail_msg("parse failed");
	}
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = 1;
	o.simtime = true;
	struct nfc_router *r = nfc_router_create(&fc, &o, &errh);
	if (!r)
		fprintf(stderr, "%s", errh.buf ? errh.buf : "");
	assert_non_null(r);
	nfc_flat_config_free(&fc);
	nfc_errh_destroy(&errh);
	return r;
}

static struct nfc_element *elem(struct nfc_router *r, const char *name)
{
	struct nfc_element *e = nfc_router_find(r, name, NULL);
	assert_non_null(e);
	return e;
}

static struct nfc_notifier *empty_note(struct nfc_router *r, const char *name)
{
	struct nfc_element *e = elem(r, name);
	struct nfc_notifier *n = e->cls->cast(e, NFC_IFACE_EMPTY_NOTIFIER);
	assert_non_null(n);
	return n;
}

static struct nfc_notifier *full_note(struct nfc_router *r, const char *name)
{
	struct nfc_element *e = elem(r, name);
	struct nfc_notifier *n = e->cls->cast(e, NFC_IFACE_FULL_NOTIFIER);
	assert_non_null(n);
	return n;
}

static bool has_listener(const struct nfc_notifier *n, const struct nfc_task *t)
{
	for (int i = 0; i < n->nlisteners; i++)
		if (n->listeners[i] == t)
			return true;
	return false;
}

static bool signal_has(const struct nfc_signal *s, const struct nfc_notifier *n)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i] == n)
			return true;
	return false;
}

static bool noop_task(struct nfc_task *t, void *arg)
{
	return false;
}

/* ---- notifier basics ---- */

static void test_wake_schedules_listeners_on_edges(void **state)
{
	struct nfc_router *r = make_router("q :: Queue -> u :: Unqueue -> Discard;\n"
					   "Idle -> q;");
	struct nfc_notifier n;
	struct nfc_task t;
	nfc_notifier_init(&n, false, NFC_SEARCH_STOP);
	nfc_task_init(&t, elem(r, "u"), noop_task, NULL);
	assert_int_equal(nfc_notifier_add_listener(&n, &t), 0);
	assert_int_equal(nfc_notifier_add_listener(&n, &t), 0);
	assert_int_equal(n.nlisteners, 1); /* no duplicates */

	assert_false(nfc_task_scheduled(&t));
	nfc_notifier_wake(&n);
	assert_true(n.active);
	assert_true(nfc_task_scheduled(&t));

	/* waking an active notifier does not reschedule */
	nfc_task_unschedule(&t);
	nfc_notifier_wake(&n);
	assert_false(nfc_task_scheduled(&t));

	nfc_notifier_sleep(&n);
	assert_false(n.active);
	nfc_notifier_wake(&n);
	assert_true(nfc_task_scheduled(&t));
	nfc_task_cleanup(&t);
	nfc_router_destroy(r);
}

static void test_listener_table_limit(void **state)
{
	struct nfc_notifier n;
	struct nfc_task t[NFC_NOTIFIER_MAX_LISTENERS + 1];
	nfc_notifier_init(&n, true, NFC_SEARCH_STOP);
	for (int i = 0; i < NFC_NOTIFIER_MAX_LISTENERS; i++)
		assert_int_equal(nfc_notifier_add_listener(&n, &t[i]), 0);
	assert_int_equal(nfc_notifier_add_listener(&n, &t[NFC_NOTIFIER_MAX_LISTENERS]), -1);
	/* already there: still fine when full */
	assert_int_equal(nfc_notifier_add_listener(&n, &t[0]), 0);
}

static void test_dependents_wake_and_cycles_end(void **state)
{
	struct nfc_notifier a, b, c;
	nfc_notifier_init(&a, false, NFC_SEARCH_STOP);
	nfc_notifier_init(&b, false, NFC_SEARCH_STOP);
	nfc_notifier_init(&c, false, NFC_SEARCH_STOP);
	assert_int_equal(nfc_notifier_add_dependent(&a, &b), 0);
	assert_int_equal(nfc_notifier_add_dependent(&b, &c), 0);
	assert_int_equal(nfc_notifier_add_dependent(&c, &a), 0); /* a cycle */
	assert_int_equal(nfc_notifier_add_dependent(&a, &a), 0); /* self: ignored */
	assert_int_equal(a.ndependents, 1);

	nfc_notifier_wake(&b);
	assert_true(b.active);
	assert_true(c.active);
	assert_true(a.active);

	nfc_notifier_sleep(&a);
	assert_false(a.active);
	assert_true(b.active);
}

static void test_signal_or(void **state)
{
	struct nfc_notifier n1, n2;
	nfc_notifier_init(&n1, false, NFC_SEARCH_STOP);
	nfc_notifier_init(&n2, false, NFC_SEARCH_STOP);
	struct nfc_signal idle = { 0 }, busy = { .busy = true };
	struct nfc_signal s1 = { .n = 1, .v = { &n1 } }, s2 = { .n = 2, .v = { &n1, &n2 } };

	assert_true(nfc_signal_idle(&idle));
	assert_false(nfc_signal_active(&idle));
	assert_true(nfc_signal_active(&busy));
	assert_false(nfc_signal_idle(&busy));

	struct nfc_signal x = idle;
	nfc_signal_or(&x, &s1); /* idle is the identity */
	assert_int_equal(x.n, 1);
	nfc_signal_or(&x, &s2); /* no duplicates */
	assert_int_equal(x.n, 2);
	assert_false(nfc_signal_active(&x));
	n2.active = true;
	assert_true(nfc_signal_active(&x));
	n2.active = false;

	nfc_signal_or(&x, &busy); /* busy absorbs */
	assert_true(x.busy);
	nfc_signal_or(&x, &s1);
	assert_true(x.busy);
	assert_int_equal(x.n, 0);
}

/* ---- searches ---- */

static void test_upstream_finds_queue_and_registers(void **state)
{
	struct nfc_router *r = make_router("InfiniteSource -> q :: Queue -> u :: Unqueue -> Discard;");
	struct nfc_task t;
	nfc_task_init(&t, elem(r, "u"), noop_task, NULL);
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u"), 0, &t);
	assert_false(s.busy);
	assert_int_equal(s.n, 1);
	assert_ptr_equal(s.v[0], empty_note(r, "q"));
	assert_true(has_listener(empty_note(r, "q"), &t));
	nfc_task_cleanup(&t);
	nfc_router_destroy(r);
}

static void test_upstream_idle_is_idle(void **state)
{
	struct nfc_router *r = make_router("Idle -> u :: Unqueue -> Discard;");
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u"), 0, NULL);
	assert_true(nfc_signal_idle(&s));
	assert_false(nfc_signal_active(&s));
	nfc_router_destroy(r);
}

static void test_upstream_through_plain_elements(void **state)
{
	/* no notifier in the pull path: the search goes through TestMerge to
	 * both queues; Idle adds nothing */
	struct nfc_router *r = make_router(
		"InfiniteSource -> q1 :: Queue -> [0]m :: TestMerge -> u :: Unqueue -> Discard;\n"
		"InfiniteSource -> q2 :: NotifierQueue -> [1]m;\n"
		"Idle -> [2]m;");
	struct nfc_task t;
	nfc_task_init(&t, elem(r, "u"), noop_task, NULL);
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u"), 0, &t);
	assert_false(s.busy);
	assert_int_equal(s.n, 2);
	assert_true(signal_has(&s, empty_note(r, "q1")));
	assert_true(signal_has(&s, empty_note(r, "q2")));
	assert_true(has_listener(empty_note(r, "q2"), &t));
	nfc_task_cleanup(&t);
	nfc_router_destroy(r);
}

static void test_upstream_busy_cases(void **state)
{
	/* SimpleQueue has no notifier: the search reaches a push output */
	struct nfc_router *r = make_router(
		"RatedSource -> SimpleQueue -> u1 :: Unqueue -> Discard;\n"
		/* a pull source without notifier might produce at any time */
		"RatedSource -> u2 :: Unqueue -> Discard;\n"
		/* one busy branch makes the whole signal busy */
		"InfiniteSource -> q :: Queue -> [0]m :: TestMerge -> u3 :: Unqueue -> Discard;\n"
		"RatedSource -> SimpleQueue -> [1]m;\n"
		/* an output that does not flow from any input: may produce */
		"Idle -> TestBlock -> u4 :: Unqueue -> Discard;");
	struct nfc_task t;
	nfc_task_init(&t, elem(r, "u3"), noop_task, NULL);
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u1"), 0, NULL);
	assert_true(s.busy);
	s = nfc_upstream_empty_signal(elem(r, "u2"), 0, NULL);
	assert_true(s.busy);
	s = nfc_upstream_empty_signal(elem(r, "u3"), 0, &t);
	assert_true(s.busy);
	assert_false(has_listener(empty_note(r, "q"), &t)); /* busy: no registration */
	s = nfc_upstream_empty_signal(elem(r, "u4"), 0, NULL);
	assert_true(s.busy);
	nfc_task_cleanup(&t);
	nfc_router_destroy(r);
}

static void test_search_ops(void **state)
{
	struct nfc_router *r = make_router(
		"InfiniteSource -> q1 :: Queue -> n1 :: TestNote(STOP) -> u1 :: Unqueue -> Discard;\n"
		"InfiniteSource -> q2 :: Queue -> n2 :: TestNote(CONTINUE) -> u2 :: Unqueue -> Discard;\n"
		"InfiniteSource -> q3 :: Queue -> n3 :: TestNote(WAKE) -> u3 :: Unqueue -> Discard;");
	struct nfc_task t1, t2, t3;
	nfc_task_init(&t1, elem(r, "u1"), noop_task, NULL);
	nfc_task_init(&t2, elem(r, "u2"), noop_task, NULL);
	nfc_task_init(&t3, elem(r, "u3"), noop_task, NULL);

	/* STOP: only the closest notifier */
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u1"), 0, &t1);
	assert_int_equal(s.n, 1);
	assert_true(signal_has(&s, empty_note(r, "n1")));
	assert_false(has_listener(empty_note(r, "q1"), &t1));

	/* CONTINUE: both, both listened to */
	s = nfc_upstream_empty_signal(elem(r, "u2"), 0, &t2);
	assert_int_equal(s.n, 2);
	assert_true(signal_has(&s, empty_note(r, "n2")));
	assert_true(signal_has(&s, empty_note(r, "q2")));
	assert_true(has_listener(empty_note(r, "q2"), &t2));

	/* CONTINUE_WAKE: the far notifier wakes us but is not in the signal */
	s = nfc_upstream_empty_signal(elem(r, "u3"), 0, &t3);
	assert_int_equal(s.n, 1);
	assert_true(signal_has(&s, empty_note(r, "n3")));
	assert_true(has_listener(empty_note(r, "n3"), &t3));
	assert_true(has_listener(empty_note(r, "q3"), &t3));

	nfc_task_cleanup(&t1);
	nfc_task_cleanup(&t2);
	nfc_task_cleanup(&t3);
	nfc_router_destroy(r);
}

static void test_too_many_notifiers_is_busy(void **state)
{
	char text[2048] = "m :: TestMerge -> u :: Unqueue -> Discard;\n";
	for (int i = 0; i <= NFC_SIGNAL_MAX; i++) {
		char line[128];
		snprintf(line, sizeof line, "InfiniteSource -> Queue -> [%d]m;\n", i);
		strcat(text, line);
	}
	struct nfc_router *r = make_router(text);
	struct nfc_signal s = nfc_upstream_empty_signal(elem(r, "u"), 0, NULL);
	assert_true(s.busy);
	nfc_router_destroy(r);
}

static void test_downstream_full(void **state)
{
	struct nfc_router *r = make_router(
		"s1 :: InfiniteSource -> Counter -> q :: Queue -> Discard;\n"
		"s2 :: InfiniteSource -> Discard;\n"
		"s3 :: InfiniteSource -> NotifierQueue -> Idle;\n"
		"s4 :: InfiniteSource -> Idle;\n"
		"s5 :: InfiniteSource -> t :: Tee -> q5 :: Queue -> Discard;\n"
		"t[1] -> q6 :: Queue -> Discard;");
	struct nfc_task t;
	nfc_task_init(&t, elem(r, "s1"), noop_task, NULL);
	struct nfc_signal s = nfc_downstream_full_signal(elem(r, "s1"), 0, &t);
	assert_int_equal(s.n, 1);
	assert_ptr_equal(s.v[0], full_note(r, "q"));
	assert_true(has_listener(full_note(r, "q"), &t));
	assert_true(nfc_signal_active(&s)); /* room at first */

	s = nfc_downstream_full_signal(elem(r, "s2"), 0, NULL);
	assert_true(s.busy); /* a sink: always room */
	s = nfc_downstream_full_signal(elem(r, "s3"), 0, NULL);
	assert_true(s.busy); /* no full notifier: through the queue to a pull input */
	s = nfc_downstream_full_signal(elem(r, "s4"), 0, NULL);
	assert_true(nfc_signal_idle(&s)); /* Idle never takes anything worth waiting for */
	s = nfc_downstream_full_signal(elem(r, "s5"), 0, NULL);
	assert_int_equal(s.n, 2);
	nfc_task_cleanup(&t);
	nfc_router_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wake_schedules_listeners_on_edges),
		cmocka_unit_test(test_listener_table_limit),
		cmocka_unit_test(test_dependents_wake_and_cycles_end),
		cmocka_unit_test(test_signal_or),
		cmocka_unit_test(test_upstream_finds_queue_and_registers),
		cmocka_unit_test(test_upstream_idle_is_idle),
		cmocka_unit_test(test_upstream_through_plain_elements),
		cmocka_unit_test(test_upstream_busy_cases),
		cmocka_unit_test(test_search_ops),
		cmocka_unit_test(test_too_many_notifiers_is_busy),
		cmocka_unit_test(test_downstream_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
