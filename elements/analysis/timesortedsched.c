/* SPDX-License-Identifier: MIT */
/* TimeSortedSched: merges timestamp-sorted pull inputs into one sorted stream. */

/*
 * =c
 * TimeSortedSched([KEYWORDS])
 * =s timestamps
 * merge sorted packet streams by timestamp
 * =d
 * Answers each pull with the packet of earliest timestamp among those its
 * inputs offer: it keeps up to BUFFER packets per input and returns the
 * earliest it holds. Inputs are expected to arrive sorted by timestamp;
 * "well_ordered" tells whether the output came out sorted.
 *
 * TimeSortedSched pulls only inputs whose upstream notifiers say packets
 * may be there, and is itself an empty notifier for its output, active
 * while it holds packets or any upstream notifier is active.
 *
 * Keyword arguments are:
 * =item STOP
 * Boolean. Stop the router when no packet is left and no upstream notifier
 * is active. Default false.
 * =item BUFFER
 * Integer. Packets buffered per input (at least 1). Default 1. Larger
 * buffers cope with some reordering within an input.
 * =back
 * =h well_ordered read-only
 * Returns "false" if a packet was emitted with an earlier (nonzero)
 * timestamp than the one before it.
 * =e
 *   tss :: TimeSortedSched(STOP true);
 *   FromDump(FILE1) -> [0] tss;
 *   FromDump(FILE2) -> [1] tss;
 *   tss -> ToDump(merged.pcap);
 * =a FromDump, FromIPSummaryDump
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct tss_packet {
	struct nfc_packet *p;
	int input;
};

struct tss_input {
	struct nfc_signal signal;
	int space; /* packets this input may still add to the heap */
	int ready; /* (used as a list) inputs with space */
};

struct timesortedsched {
	struct nfc_element e;
	bool stop;
	int32_t buffer;
	struct tss_packet *heap;
	int npkt;
	struct tss_input *inputs;
	int nready;
	struct nfc_notifier notifier;
	int64_t last_emission;
	bool well_ordered;
	bool stopped;
};

static const struct nfc_arg_spec tss_args[] = {
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct timesortedsched, stop),
	  .doc = "stop when no packets are left" },
	{ .keyword = "BUFFER", .type = NFC_ARG_INT32, .offset = offsetof(struct timesortedsched, buffer),
	  .doc = "packets buffered per input" },
	NFC_ARGS_END
};

static int tss_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct timesortedsched *t = (struct timesortedsched *)e;
	t->buffer = 1;
	t->well_ordered = true;
	if (nfc_args_parse(e, conf, tss_args, errh, NULL) < 0)
		return -1;
	if (t->buffer <= 0)
		return nfc_error(errh, "BUFFER must be at least 1");
	/* signals start active, as in Click: pullers try us at least once */
	nfc_notifier_init(&t->notifier, true, NFC_SEARCH_CONTINUE_WAKE);
	return 0;
}

static int tss_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct timesortedsched *t = (struct timesortedsched *)e;
	int n = e->ninputs;
	t->heap = nfc_element_alloc(e, (size_t)(n ? n : 1) * (size_t)t->buffer * sizeof *t->heap);
	t->inputs = nfc_element_alloc(e, (size_t)(n ? n : 1) * sizeof *t->inputs);
	if (!t->heap || !t->inputs)
		return nfc_error(errh, "out of memory!");
	for (int i = 0; i < n; i++) {
		struct tss_input *in = &t->inputs[i];
		in->signal = nfc_upstream_empty_signal(e, i, NULL);
		/* upstream activity wakes our own pullers */
		for (int k = 0; k < in->signal.n; k++)
			nfc_notifier_add_dependent(in->signal.v[k], &t->notifier);
		in->space = t->buffer;
		in->ready = i;
	}
	t->nready = n;
	return 0;
}

static void tss_cleanup(struct nfc_element *e)
{
	struct timesortedsched *t = (struct timesortedsched *)e;
	for (int i = 0; i < t->npkt; i++)
		nfc_packet_kill(t->heap[i].p);
	t->npkt = 0;
}

static bool tss_less(const struct tss_packet *a, const struct tss_packet *b)
{
	return a->p->timestamp_ns < b->p->timestamp_ns;
}

static void tss_heap_push(struct timesortedsched *t, struct tss_packet x)
{
	int i = t->npkt++;
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!tss_less(&x, &t->heap[parent]))
			break;
		t->heap[i] = t->heap[parent];
		i = parent;
	}
	t->heap[i] = x;
}

static struct tss_packet tss_heap_pop(struct timesortedsched *t)
{
	struct tss_packet top = t->heap[0], x = t->heap[--t->npkt];
	int i = 0, n = t->npkt;
	while (2 * i + 1 < n) {
		int c = 2 * i + 1;
		if (c + 1 < n && tss_less(&t->heap[c + 1], &t->heap[c]))
			c++;
		if (!tss_less(&t->heap[c], &x))
			break;
		t->heap[i] = t->heap[c];
		i = c;
	}
	if (n)
		t->heap[i] = x;
	return top;
}

static struct nfc_packet *tss_pull_one(struct timesortedsched *t)
{
	bool signals_on = false;
	/* fill the buffer from the inputs that have room and may have packets */
	for (int rpos = t->nready - 1; rpos >= 0; rpos--) {
		int i = t->inputs[rpos].ready;
		struct tss_input *in = &t->inputs[i];
		if (!nfc_signal_active(&in->signal))
			continue;
		signals_on = true;
		struct nfc_packet *p;
		while ((p = nfc_pull_packet(&t->e, i))) {
			tss_heap_push(t, (struct tss_packet){ p, i });
			if (!--in->space) {
				t->inputs[rpos].ready = t->inputs[t->nready - 1].ready;
				t->nready--;
				break;
			}
		}
	}
	nfc_notifier_set_active(&t->notifier, t->npkt > 0 || signals_on);
	if (t->npkt == 0) {
		if (t->stop && !signals_on && !t->stopped) {
			t->stopped = true;
			nfc_router_please_stop(t->e.router);
		}
		return NULL;
	}
	struct tss_packet top = tss_heap_pop(t);
	int64_t ts = top.p->timestamp_ns;
	if (ts) {
		if (t->last_emission && ts < t->last_emission)
			t->well_ordered = false;
		t->last_emission = ts;
	}
	struct tss_input *in = &t->inputs[top.input];
	if (++in->space == 1)
		t->inputs[t->nready++].ready = top.input;
	return top.p;
}

static unsigned tss_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct timesortedsched *t = (struct timesortedsched *)e;
	unsigned n = 0;
	struct nfc_packet *p;
	while (n < max && (p = tss_pull_one(t))) {
		nfc_batch_add(out, p);
		n++;
	}
	return n;
}

static void *tss_cast(struct nfc_element *e, const char *iface)
{
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &((struct timesortedsched *)e)->notifier;
	return NULL;
}

static int tss_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "well_ordered", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct timesortedsched, well_ordered), 0);
	return 0;
}

static const struct nfc_element_class tss_class = {
	.name = "TimeSortedSched",
	.port_count = "-/1",
	.processing = "l/l",
	.size = sizeof(struct timesortedsched),
	.configure = tss_configure,
	.initialize = tss_initialize,
	.cleanup = tss_cleanup,
	.add_handlers = tss_add_handlers,
	.cast = tss_cast,
	.pull = tss_pull,
};
NFC_REGISTER_ELEMENT(tss_class);
