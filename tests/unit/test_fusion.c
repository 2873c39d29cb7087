/* SPDX-License-Identifier: MIT */
/* Unit tests: the chain fusion pass and the fused loops' way out (runtime/fusion.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

/*
 * TestStep(ID) appends ID to a trace in the packet's annotations; a test
 * fuser runs chains of TestSteps as one loop. Packets are one byte: 'D'
 * leaves the fused loop after the first step (diverted into the second
 * element), 'B' makes the rest of the batch take the unfused path, anything
 * else stays fused. TestBurst(TEXT) pushes one batch of one packet per
 * character; TestLog records each packet it gets as "<char><trace> ".
 */
#define TRACE_LEN 47 /* trace bytes in anno[0..46], their count in anno[47] */

static void trace_add(struct nfc_packet *p, uint8_t id)
{
	if (p->anno[TRACE_LEN] < TRACE_LEN)
		p->anno[p->anno[TRACE_LEN]++] = id;
}

struct step {
	struct nfc_element e;
	uint8_t id;
};

static int step_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	if (conf->argc != 1)
		return nfc_error(errh, "expected an ID");
	((struct step *)e)->id = (uint8_t)conf->argv[0][0];
	return 0;
}

static void step_batch(struct nfc_element *e, struct nfc_batch *b)
{
	for (unsigned i = 0; i < b->count; i++)
		trace_add(b->pkts[i], ((struct step *)e)->id);
}

static const struct nfc_element_class step_class = {
	.name = "TestStep", .port_count = "1/1", .processing = "a/a",
	.size = sizeof(struct step), .configure = step_configure, .batch_action = step_batch,
};
NFC_REGISTER_ELEMENT(step_class);

struct burst {
	struct nfc_element e;
	char text[64];
	struct nfc_task task;
};

static int burst_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct burst *s = (struct burst *)e;
	snprintf(s->text, sizeof s->text, "%s", conf->argc ? conf->argv[0] : "");
	return 0;
}

static bool burst_run(struct nfc_task *t, void *arg)
{
	(void)t;
	struct burst *s = arg;
	struct nfc_batch b;
	b.count = 0;
	for (const char *c = s->text; *c; c++)
		b.pkts[b.count++] = nfc_packet_make(c, 1);
	nfc_push(&s->e, 0, &b);
	nfc_router_please_stop(s->e.router);
	return true;
}

static int burst_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct burst *s = (struct burst *)e;
	nfc_task_init(&s->task, e, burst_run, s);
	nfc_task_schedule(&s->task);
	return 0;
}

static void burst_cleanup(struct nfc_element *e)
{
	nfc_task_cleanup(&((struct burst *)e)->task);
}

static const struct nfc_element_class burst_class = {
	.name = "TestBurst", .port_count = "0/1", .processing = "/h",
	.size = sizeof(struct burst), .configure = burst_configure,
	.initialize = burst_initialize, .cleanup = burst_cleanup,
};
NFC_REGISTER_ELEMENT(burst_class);

static char log_text[1024];

static void log_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	(void)e, (void)port;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		size_t n = strlen(log_text);
		snprintf(log_text + n, sizeof log_text - n, "%c%.*s ", p->data[0],
			 (int)p->anno[TRACE_LEN], (const char *)p->anno);
	}
	nfc_batch_kill(b);
}

static const struct nfc_element_class log_class = {
	.name = "TestLog", .port_count = "1/0", .processing = "h/",
	.push = log_push,
};
NFC_REGISTER_ELEMENT(log_class);

/* The test fuser: any run of two or more TestSteps. */
struct steps_state {
	int n;
	uint8_t ids[32];
};

static int steps_match(struct nfc_element *const *chain, int n, void *state)
{
	struct steps_state *st = state;
	int m = 0;
	while (m < n && m < 32 && strcmp(chain[m]->cls->name, "TestStep") == 0) {
		st->ids[m] = ((struct step *)chain[m])->id;
		m++;
	}
	st->n = m;
	return m >= 2 ? m : 0;
}

static void steps_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	(void)port;
	const struct nfc_fused_chain *c = e->fused;
	const struct steps_state *st = c->state;
	nfc_fused_count(c, b->count);
	unsigned first = 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (p->data[0] == 'B') {
			nfc_fused_bypass(c, b, first, i);
			return;
		}
		trace_add(p, st->ids[0]);
		if (p->data[0] == 'D') {
			first = nfc_fused_divert(c, b, first, i, 1);
			continue;
		}
		for (int k = 1; k < st->n; k++)
			trace_add(p, st->ids[k]);
	}
	nfc_fused_finish(c, b, first);
}

static const struct nfc_fuser steps_fuser = {
	.name = "teststeps", .state_size = sizeof(struct steps_state),
	.match = steps_match, .push = steps_push,
};
NFC_REGISTER_FUSER(steps_fuser);

/* ---- helpers ---- */

static struct nfc_router *build(const char *text, bool no_fusion)
{
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	struct nfc_flat_config fc;
	if (nfc_config_parse(text, "test", NULL, 0, &fc, &errh) < 0)
		return NULL;
	struct nfc_router_options opts = { .nthreads = 1, .no_fusion = no_fusion };
	struct nfc_router *r = nfc_router_create(&fc, &opts, &errh);
	nfc_flat_config_free(&fc);
	return r;
}

/* The "fusions" handler's text, into @fusions. */
static void read_fusions(struct nfc_router *r, char *fusions, size_t size)
{
	struct nfc_strbuf out;
	nfc_strbuf_init(&out);
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	assert_int_equal(nfc_handler_read(r, "fusions", NULL, &out, &errh), 0);
	snprintf(fusions, size, "%s", out.s ? out.s : "");
	nfc_strbuf_free(&out);
}

/* Run @text (fused unless @no_fusion); returns the log, and the "fusions"
 * handler's text in @fusions. */
static const char *run(const char *text, bool no_fusion, char *fusions, size_t size)
{
	log_text[0] = 0;
	struct nfc_router *r = build(text, no_fusion);
	assert_non_null(r);
	nfc_router_run(r);
	read_fusions(r, fusions, size);
	nfc_router_destroy(r);
	return log_text;
}

/* ---- tests ---- */

/* Diverted and bypassed packets come out exactly as unfused ones, in order. */
static void test_divert_and_bypass_keep_order(void **state)
{
	(void)state;
	const char *cfg = "TestBurst(nDnnDBnDn) -> a :: TestStep(1) -> b :: TestStep(2)"
			  " -> c :: TestStep(3) -> TestLog;";
	char fusions[256], unfused_log[1024];
	snprintf(unfused_log, sizeof unfused_log, "%s", run(cfg, true, fusions, sizeof fusions));
	assert_string_equal(fusions, "");
	assert_string_equal(unfused_log,
			    "n123 D123 n123 n123 D123 B123 n123 D123 n123 ");
	assert_string_equal(run(cfg, false, fusions, sizeof fusions), unfused_log);
	assert_string_equal(fusions,
			    "teststeps: a -> b -> c (packets 9, diverted 2, unfused 4)\n");
}

/* A push into the middle of a fused chain runs the elements from there. */
static void test_side_entry(void **state)
{
	(void)state;
	const char *cfg = "TestBurst(nn) -> a :: TestStep(1) -> b :: TestStep(2) -> c :: TestStep(3)"
			  " -> TestLog; TestBurst(x) -> b;";
	char fusions[256];
	const char *log = run(cfg, false, fusions, sizeof fusions);
	assert_string_equal(fusions, "teststeps: a -> b -> c (packets 2, diverted 0, unfused 0)\n");
	/* the two sources run in either order: look for each packet */
	assert_non_null(strstr(log, "n123 n123 "));
	assert_non_null(strstr(log, "x23 "));
	assert_int_equal(strlen(log), strlen("n123 n123 x23 "));
}

/* Chains are taken from their heads, split by anything else, not taken in
 * pull context, and bounded in length; the pass ends on cycles. */
static void test_what_fuses(void **state)
{
	(void)state;
	char fusions[512];
	/* a Null in the middle splits the run: two chains of two */
	run("TestBurst(n) -> a :: TestStep(1) -> b :: TestStep(2) -> Null -> c :: TestStep(3)"
	    " -> d :: TestStep(4) -> TestLog;",
	    false, fusions, sizeof fusions);
	assert_string_equal(fusions,
			    "teststeps: a -> b (packets 1, diverted 0, unfused 0)\n"
			    "teststeps: c -> d (packets 1, diverted 0, unfused 0)\n");
	assert_string_equal(log_text, "n1234 ");
	/* pull context: the steps between Queue and Unqueue stay apart */
	run("TestBurst(n) -> Queue -> a :: TestStep(1) -> b :: TestStep(2) -> Unqueue"
	    " -> TestLog;",
	    false, fusions, sizeof fusions);
	assert_string_equal(fusions, "");
	/* a push cycle: the pass terminates (the router is only built) */
	struct nfc_router *r = build("TestBurst(n) -> a :: TestStep(1) -> b :: TestStep(2)"
				     " -> t :: Tee -> a; t[1] -> TestLog;",
				     false);
	assert_non_null(r);
	read_fusions(r, fusions, sizeof fusions);
	assert_string_equal(fusions, "teststeps: a -> b (packets 0, diverted 0, unfused 0)\n");
	nfc_router_destroy(r);
}

/* A run longer than the pass offers at once becomes several chains. */
static void test_long_run_splits(void **state)
{
	(void)state;
	char cfg[4096] = "TestBurst(n)";
	for (int i = 0; i < 40; i++)
		snprintf(cfg + strlen(cfg), sizeof cfg - strlen(cfg), " -> s%02d :: TestStep(%c)", i,
			 'a' + i % 26);
	strcat(cfg, " -> TestLog;");
	char fusions[4096];
	run(cfg, false, fusions, sizeof fusions);
	int chains = 0;
	for (const char *p = fusions; (p = strstr(p, "teststeps:")); p++)
		chains++;
	/* the pass offers at most 32 elements at once (the source among
	 * them): s00..s30, then s31..s39 */
	assert_int_equal(chains, 2);
	assert_non_null(strstr(fusions, "teststeps: s00 -> s01"));
	assert_non_null(strstr(fusions, "s30 (packets 1, diverted 0, unfused 0)\n"));
	assert_non_null(strstr(fusions, "teststeps: s31 -> "));
	assert_non_null(strstr(fusions, "s39 (packets 1, diverted 0, unfused 0)\n"));
	assert_string_equal(log_text, "nabcdefghijklmnopqrstuvwxyzabcdefghijklmn ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_divert_and_bypass_keep_order),
		cmocka_unit_test(test_side_entry),
		cmocka_unit_test(test_what_fuses),
		cmocka_unit_test(test_long_run_splits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
