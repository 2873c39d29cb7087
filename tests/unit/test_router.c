/* SPDX-License-Identifier: MIT */
/* Unit tests: router construction checks, push/pull resolution, handlers, scheduler, timers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

/* ---- test element classes ---- */

struct tsource {
	struct nfc_element e;
	int limit, sent;
	bool fail;
	struct nfc_task task;
};

static int tsource_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct tsource *s = (struct tsource *)e;
	s->limit = 3;
	if (conf->argc > 0 && strcmp(conf->argv[0], "FAIL") == 0)
		return nfc_error(errh, "asked to fail");
	if (conf->argc > 0)
		s->limit = atoi(conf->argv[0]);
	if (conf->argc > 1)
		e->home_thread = atoi(conf->argv[1]);
	return 0;
}

static bool tsource_run(struct nfc_task *t, void *arg)
{
	struct tsource *s = arg;
	if (s->sent >= s->limit) {
		nfc_router_please_stop(s->e.router);
		return false;
	}
	nfc_push_packet(&s->e, 0, nfc_packet_make("x", 1));
	s->sent++;
	nfc_task_fast_reschedule(t);
	return true;
}

static int tsource_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct tsource *s = (struct tsource *)e;
	nfc_task_init(&s->task, e, tsource_run, s);
	nfc_task_schedule(&s->task);
	return 0;
}

static void tsource_cleanup(struct nfc_element *e)
{
	nfc_task_cleanup(&((struct tsource *)e)->task);
}

static const struct nfc_element_class tsource_class = {
	.name = "TestSource", .port_count = "0/1", .processing = "/h",
	.size = sizeof(struct tsource), .configure = tsource_configure,
	.initialize = tsource_initialize, .cleanup = tsource_cleanup,
};
NFC_REGISTER_ELEMENT(tsource_class);

/* TestTasker(MODE, RUNS): a task that does odd things to the scheduler while
 * it runs, to test the run-in-place path of a thread's only task. Modes:
 * "bounce" unschedules then schedules itself each run; "quit" reschedules
 * then unschedules itself; "wake PEER" schedules PEER's task on its first run.
 * Every run appends the element's name's first letter to a shared log. */
static char tasker_log[256];
static size_t tasker_log_len;

struct tasker {
	struct nfc_element e;
	char mode[16];
	int runs, max_runs;
	struct nfc_element *peer;
	char peer_name[16];
	struct nfc_task task;
};

static int tasker_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct tasker *t = (struct tasker *)e;
	if (conf->argc < 2)
		return nfc_error(errh, "MODE and RUNS required");
	snprintf(t->mode, sizeof t->mode, "%s", conf->argv[0]);
	t->max_runs = atoi(conf->argv[1]);
	if (conf->argc > 2)
		snprintf(t->peer_name, sizeof t->peer_name, "%s", conf->argv[2]);
	return 0;
}

static bool tasker_run(struct nfc_task *task, void *arg)
{
	struct tasker *t = arg;
	t->runs++;
	if (tasker_log_len + 1 < sizeof tasker_log)
		tasker_log[tasker_log_len++] = t->e.name[0];
	bool more = t->runs < t->max_runs;
	if (strcmp(t->mode, "bounce") == 0) {
		nfc_task_unschedule(task);
		if (more)
			nfc_task_schedule(task);
	} else if (strcmp(t->mode, "quit") == 0) {
		nfc_task_fast_reschedule(task);
		nfc_task_unschedule(task);
	} else {
		if (t->runs == 1 && t->peer)
			nfc_task_schedule(&((struct tasker *)t->peer)->task);
		if (more)
			nfc_task_fast_reschedule(task);
	}
	return true;
}

static int tasker_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct tasker *t = (struct tasker *)e;
	nfc_task_init(&t->task, e, tasker_run, t);
	if (t->peer_name[0])
		t->peer = nfc_router_find(e->router, t->peer_name, NULL);
	/* "wake" and "bounce"/"quit" start scheduled; a woken peer ("idle") waits */
	if (strcmp(t->mode, "idle") != 0)
		nfc_task_schedule(&t->task);
	return 0;
}

static void tasker_cleanup(struct nfc_element *e)
{
	nfc_task_cleanup(&((struct tasker *)e)->task);
}

static int tasker_read_runs(struct nfc_element *e, void *thunk, const char *param,
			    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%d", ((struct tasker *)e)->runs);
	return 0;
}

static int tasker_add_handlers(struct nfc_element *e)
{
	return nfc_add_read_handler(e, "runs", tasker_read_runs, NULL, 0);
}

static const struct nfc_element_class tasker_class = {
	.name = "TestTasker", .port_count = "0/0",
	.size = sizeof(struct tasker), .configure = tasker_configure,
	.initialize = tasker_initialize, .cleanup = tasker_cleanup,
	.add_handlers = tasker_add_handlers,
};
NFC_REGISTER_ELEMENT(tasker_class);

struct tsink {
	struct nfc_element e;
	int count;
};

static void tsink_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	((struct tsink *)e)->count += (int)b->count;
	nfc_batch_kill(b);
}

static int tsink_read_count(struct nfc_element *e, void *thunk, const char *param,
			    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%d", ((struct tsink *)e)->count);
	return 0;
}

static int tsink_add_handlers(struct nfc_element *e)
{
	return nfc_add_read_handler(e, "count", tsink_read_count, NULL, 0);
}

static const struct nfc_element_class tsink_class = {
	.name = "TestSink", .port_count = "1/0", .processing = "h/",
	.size = sizeof(struct tsink), .push = tsink_push, .add_handlers = tsink_add_handlers,
};
NFC_REGISTER_ELEMENT(tsink_class);

static const struct nfc_element_class tsafe_sink_class = {
	.name = "TestSafeSink", .port_count = "1/0", .processing = "h/",
	.flags = NFC_CLASS_THREAD_SAFE, .size = sizeof(struct tsink), .push = tsink_push,
	.add_handlers = tsink_add_handlers,
};
NFC_REGISTER_ELEMENT(tsafe_sink_class);

static struct nfc_packet *tpass_action(struct nfc_element *e, struct nfc_packet *p)
{
	nfc_packet_set_paint(p, 7);
	return p;
}

static const struct nfc_element_class tpass_class = {
	.name = "TestPass", .port_count = "1/1", .processing = "a/a",
	.size = sizeof(struct nfc_element), .simple_action = tpass_action,
};
NFC_REGISTER_ELEMENT(tpass_class);

static unsigned tpullsrc_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	return 0;
}

static const struct nfc_element_class tpullsrc_class = {
	.name = "TestPullSource", .port_count = "0/1", .processing = "/l",
	.size = sizeof(struct nfc_element), .pull = tpullsrc_pull,
};
NFC_REGISTER_ELEMENT(tpullsrc_class);

/* ---- flat config builder ---- */

struct builder {
	struct nfc_flat_config fc;
};

static void b_init(struct builder *b)
{
	memset(b, 0, sizeof *b);
	b->fc.filename = strdup("test");
	b->fc.elements = calloc(32, sizeof *b->fc.elements);
	b->fc.connections = calloc(32, sizeof *b->fc.connections);
	b->fc.requirements = calloc(1, sizeof(char *));
}

static int b_elem(struct builder *b, const char *name, const char *cls, const char *config,
		  const char *context)
{
	struct nfc_flat_element *e = &b->fc.elements[b->fc.nelements];
	e->name = strdup(name);
	e->class_name = strdup(cls);
	e->config = strdup(config);
	char lm[32];
	snprintf(lm, sizeof lm, "test:%d", b->fc.nelements + 1);
	e->landmark = strdup(lm);
	e->context = strdup(context ? context : "");
	return b->fc.nelements++;
}

static void b_conn(struct builder *b, int from, int fport, int to, int tport)
{
	struct nfc_flat_connection *c = &b->fc.connections[b->fc.nconnections++];
	c->from = from;
	c->from_port = fport;
	c->to = to;
	c->to_port = tport;
	c->landmark = strdup("test:99");
}

static struct nfc_router *build(struct builder *b, struct nfc_errh *errh, int nthreads)
{
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = nthreads;
	o.simtime = true;
	struct nfc_router *r = nfc_router_create(&b->fc, &o, errh);
	nfc_flat_config_free(&b->fc);
	return r;
}

static char *read_handler(struct nfc_router *r, const char *name)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	assert_int_equal(nfc_handler_read(r, name, NULL, &sb, &errh), 0);
	if (!sb.s)
		nfc_strbuf_puts(&sb, "");
	return nfc_strbuf_take(&sb);
}

/* ---- tests ---- */

static void test_push_chain_runs(void **state)
{
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestSource", "5", NULL);
	int p = b_elem(&b, "pass", "TestPass", "", NULL);
	int k = b_elem(&b, "sink", "TestSink", "", NULL);
	b_conn(&b, s, 0, p, 0);
	b_conn(&b, p, 0, k, 0);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = build(&b, &errh, 1);
	assert_non_null(r);
	/* the agnostic element became push */
	struct nfc_element *pass = nfc_router_find(r, "pass", NULL);
	assert_true(nfc_input_is_push(pass, 0));
	assert_true(nfc_output_is_push(pass, 0));
	nfc_router_run(r);
	char *v = read_handler(r, "sink.count");
	assert_string_equal(v, "5");
	free(v);
	v = read_handler(r, "pass.class");
	assert_string_equal(v, "TestPass");
	free(v);
	v = read_handler(r, "list");
	assert_string_equal(v, "3\nsrc\npass\nsink\n");
	free(v);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

static void test_push_to_pull_refused(void **state)
{
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestPullSource", "", NULL);
	int k = b_elem(&b, "sink", "TestSink", "", NULL);
	b_conn(&b, s, 0, k, 0);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_null(build(&b, &errh, 1));
	assert_non_null(strstr(errh.buf, "'src :: TestPullSource' pull output 0 connected to "
					 "'sink :: TestSink' push input 0"));
	assert_non_null(strstr(errh.buf, "Router could not be initialized!"));
	nfc_errh_destroy(&errh);
}

static void test_bad_ports_reported(void **state)
{
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestSource", "", NULL);
	int k = b_elem(&b, "sink", "TestSink", "", NULL);
	int k2 = b_elem(&b, "lonely", "TestSink", "", NULL);
	b_conn(&b, s, 1, k, 0); /* no output 1 */
	(void)k2;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_null(build(&b, &errh, 1));
	assert_non_null(strstr(errh.buf, "test:99: 'src :: TestSource' has no output 1"));
	nfc_errh_destroy(&errh);

	b_init(&b);
	s = b_elem(&b, "src", "TestSource", "", NULL);
	k = b_elem(&b, "sink", "TestSink", "", NULL);
	k2 = b_elem(&b, "lonely", "TestSink", "", NULL);
	b_conn(&b, s, 0, k, 0);
	nfc_errh_init_buffer(&errh);
	assert_null(build(&b, &errh, 1));
	assert_non_null(strstr(errh.buf, "test:3: 'lonely :: TestSink' input 0 unused"));
	nfc_errh_destroy(&errh);
}

static void test_push_output_reuse(void **state)
{
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestSource", "", NULL);
	int k = b_elem(&b, "a", "TestSink", "", NULL);
	int k2 = b_elem(&b, "b", "TestSink", "", NULL);
	b_conn(&b, s, 0, k, 0);
	b_conn(&b, s, 0, k2, 0);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_null(build(&b, &errh, 1));
	assert_non_null(strstr(errh.buf, "illegal reuse of 'src :: TestSource' push output 0"));
	nfc_errh_destroy(&errh);
}

static void test_all_configure_errors(void **state)
{
	struct builder b;
	b_init(&b);
	int s1 = b_elem(&b, "one", "TestSource", "FAIL", NULL);
	int s2 = b_elem(&b, "two", "TestSource", "FAIL", NULL);
	int k = b_elem(&b, "sink", "TestSafeSink", "", NULL);
	b_conn(&b, s1, 0, k, 0);
	b_conn(&b, s2, 0, k, 0);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	assert_null(build(&b, &errh, 1));
	assert_non_null(strstr(errh.buf, "While configuring 'one :: TestSource':"));
	assert_non_null(strstr(errh.buf, "While configuring 'two :: TestSource':"));
	assert_non_null(strstr(errh.buf, "asked to fail"));
	nfc_errh_destroy(&errh);
}

static void test_thread_safety_check(void **state)
{
	/* two sources on two threads into a sink that is not thread-safe */
	const char *sinks[2] = { "TestSink", "TestSafeSink" };
	for (int round = 0; round < 2; round++) {
		struct builder b;
		b_init(&b);
		int s1 = b_elem(&b, "one", "TestSource", "3, 0", NULL);
		int s2 = b_elem(&b, "two", "TestSource", "3, 1", NULL);
		int k = b_elem(&b, "sink", sinks[round], "", NULL);
		b_conn(&b, s1, 0, k, 0);
		b_conn(&b, s2, 0, k, 0);
		struct nfc_errh errh;
		nfc_errh_init_buffer(&errh);
		struct nfc_router *r = build(&b, &errh, 2);
		if (round == 0) {
			assert_null(r);
			assert_non_null(strstr(errh.buf, "test:3: 'sink :: TestSink' is not "
							 "thread-safe but is reached by threads 0, 1"));
		} else {
			assert_non_null(r);
			nfc_router_destroy(r);
		}
		nfc_errh_destroy(&errh);
	}
}

static void test_find_with_context(void **state)
{
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestSource", "", NULL);
	int k = b_elem(&b, "comp/sink", "TestSink", "", "comp/");
	int k2 = b_elem(&b, "sink", "TestSink", "", NULL);
	int s2 = b_elem(&b, "comp/src", "TestSource", "", "comp/");
	b_conn(&b, s, 0, k2, 0);
	b_conn(&b, s2, 0, k, 0);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = build(&b, &errh, 1);
	assert_non_null(r);
	struct nfc_element *inner = nfc_router_find(r, "comp/src", NULL);
	assert_non_null(inner);
	assert_string_equal(nfc_router_find(r, "sink", inner)->name, "comp/sink");
	assert_string_equal(nfc_router_find(r, "sink", NULL)->name, "sink");
	assert_string_equal(nfc_router_find(r, "src", nfc_router_find(r, "sink", NULL))->name,
			    "src");
	assert_null(nfc_router_find(r, "nothing", inner));
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

/* ---- timers under simulated time ---- */

struct ttimer {
	struct nfc_element e;
	struct nfc_timer a, b;
	int64_t start;
	int64_t fired[4];
	int nfired;
};

static void ttimer_fire(struct nfc_timer *t, void *arg)
{
	struct ttimer *k = arg;
	k->fired[k->nfired++] = nfc_now() - k->start;
	if (t == &k->b)
		nfc_router_please_stop(k->e.router);
}

static int ttimer_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct ttimer *k = (struct ttimer *)e;
	k->start = nfc_now();
	nfc_timer_init(&k->a, e, ttimer_fire, k);
	nfc_timer_init(&k->b, e, ttimer_fire, k);
	/* scheduled out of order: the heap fires a first */
	nfc_timer_schedule_at(&k->b, k->start + 2 * NFC_NSEC_PER_SEC);
	nfc_timer_schedule_after(&k->a, NFC_NSEC_PER_SEC / 2);
	return 0;
}

static void ttimer_cleanup(struct nfc_element *e)
{
	struct ttimer *k = (struct ttimer *)e;
	nfc_timer_cleanup(&k->a);
	nfc_timer_cleanup(&k->b);
}

static const struct nfc_element_class ttimer_class = {
	.name = "TestTimer", .port_count = "0/0", .processing = "",
	.size = sizeof(struct ttimer), .initialize = ttimer_initialize,
	.cleanup = ttimer_cleanup,
};
NFC_REGISTER_ELEMENT(ttimer_class);

static void test_timers_order_and_simtime(void **state)
{
	struct builder b;
	b_init(&b);
	b_elem(&b, "t", "TestTimer", "", NULL);
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router *r = build(&b, &errh, 1);
	assert_non_null(r);
	nfc_router_run(r);
	struct ttimer *k = (struct ttimer *)nfc_router_find(r, "t", NULL);
	/* simulated time jumps exactly to each expiry */
	assert_int_equal(k->nfired, 2);
	assert_int_equal(k->fired[0], NFC_NSEC_PER_SEC / 2);
	assert_int_equal(k->fired[1], 2 * NFC_NSEC_PER_SEC);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
}

static void test_idle_router_stops(void **state)
{
	/* nothing scheduled, no timers: the router ends by itself (Click's behaviour) */
	struct builder b;
	b_init(&b);
	int s = b_elem(&b, "src", "TestPullSource", "", NULL);
	(void)s;
	b.fc.nelements = 0;
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	struct nfc_router_options o;
	memset(&o, 0, sizeof o);
	o.nthreads = 1;
	struct nfc_router *r = nfc_router_create(&b.fc, &o, &errh);
	assert_non_null(r);
	assert_int_equal(nfc_router_run(r), 0);
	assert_true(nfc_router_stopping(r));
	nfc_router_destroy(r);
	b.fc.nelements = 1;
	nfc_flat_config_free(&b.fc);
	nfc_errh_destroy(&errh);
}

/* Run a router of TestTaskers to the end; returns the run log. */
static const char *run_taskers(struct builder *b)
{
	struct nfc_errh errh;
	nfc_errh_init_buffer(&errh);
	tasker_log_len = 0;
	struct nfc_router *r = build(b, &errh, 1);
	assert_non_null(r);
	assert_int_equal(nfc_router_run(r), 0);
	nfc_router_destroy(r);
	nfc_errh_destroy(&errh);
	tasker_log[tasker_log_len] = 0;
	return tasker_log;
}

static void test_sole_task_changes_while_running(void **state)
{
	struct builder b;
	/* unschedule + schedule inside its own run: keeps running to the end */
	b_init(&b);
	b_elem(&b, "b", "TestTasker", "bounce, 5", NULL);
	assert_string_equal(run_taskers(&b), "bbbbb");
	/* reschedule then unschedule: the unschedule wins, one run */
	b_init(&b);
	b_elem(&b, "q", "TestTasker", "quit, 5", NULL);
	assert_string_equal(run_taskers(&b), "q");
	/* the only task wakes another: both run, taking turns (equal tickets) */
	b_init(&b);
	b_elem(&b, "a", "TestTasker", "wake, 4, z", NULL);
	b_elem(&b, "z", "TestTasker", "idle, 3", NULL);
	assert_string_equal(run_taskers(&b), "azazaza");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_chain_runs),
		cmocka_unit_test(test_sole_task_changes_while_running),
		cmocka_unit_test(test_push_to_pull_refused),
		cmocka_unit_test(test_bad_ports_reported),
		cmocka_unit_test(test_push_output_reuse),
		cmocka_unit_test(test_all_configure_errors),
		cmocka_unit_test(test_thread_safety_check),
		cmocka_unit_test(test_find_with_context),
		cmocka_unit_test(test_timers_order_and_simtime),
		cmocka_unit_test(test_idle_router_stops),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
