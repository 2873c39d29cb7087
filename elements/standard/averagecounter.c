/* SPDX-License-Identifier: MIT */
/* AverageCounter: counts packets and bytes, reports the average rate since the first packet. */

/*
 * =c
 * AverageCounter([IGNORE])
 * =s counters
 * measures historical packet count and rate
 * =d
 * Passes packets unchanged from its input to its output, counting packets
 * and bytes, and reports rates as a strict average: the count divided by the
 * time between the first and the most recent packet.
 *
 * IGNORE, a time (default 0), leaves the packets of the first IGNORE seconds
 * after the first packet out of the counts, and that time out of the rates:
 * useful to skip a warm-up phase.
 *
 * Counts are kept per thread and summed when read. Times are taken once per
 * batch.
 * =h count read-only
 * Returns the number of packets counted since the last reset.
 * =h byte_count read-only
 * Returns the number of bytes counted since the last reset.
 * =h rate read-only
 * Returns the average packet rate, in packets per second.
 * =h byte_rate read-only
 * Returns the average rate in bytes per second.
 * =h reset write-only
 * Resets the counts and times.
 * =e
 *   src -> ac :: AverageCounter(IGNORE 1) -> Discard;
 *   DriverManager(wait 10s, print ac.rate);
 * =a Counter
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

/* Per-thread state in 128-byte slots, fields first: no false sharing. */
struct avgc_slot {
	uint64_t count;
	uint64_t bytes;
	int64_t last_ns;
	char pad[104];
};

struct avgc {
	struct nfc_element e;
	int64_t ignore_ns;
	/* time of the first packet since reset, 0 before; set once (CAS) */
	int64_t first_ns;
	char pad[64];
	struct avgc_slot slot[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec avgc_args[] = {
	{ .keyword = "IGNORE", .type = NFC_ARG_TIME, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct avgc, ignore_ns), .doc = "initial time left out" },
	NFC_ARGS_END
};

static int avgc_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct avgc *a = (struct avgc *)e;
	a->ignore_ns = 0;
	if (nfc_args_parse(e, conf, avgc_args, errh, NULL) < 0)
		return -1;
	if (a->ignore_ns < 0)
		return nfc_error(errh, "IGNORE must not be negative");
	return 0;
}

static void avgc_reset(struct avgc *a)
{
	memset(a->slot, 0, sizeof a->slot);
	__atomic_store_n(&a->first_ns, 0, __ATOMIC_RELAXED);
}

static int avgc_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	avgc_reset((struct avgc *)e);
	return 0;
}

static void avgc_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct avgc *a = (struct avgc *)e;
	if (!b->count)
		return;
	int64_t now = nfc_now();
	int64_t first = __atomic_load_n(&a->first_ns, __ATOMIC_RELAXED);
	if (!first) {
		int64_t zero = 0;
		if (__atomic_compare_exchange_n(&a->first_ns, &zero, now, false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			first = now;
		else
			first = zero;
	}
	struct avgc_slot *s = &a->slot[nfc_thread_id()];
	s->last_ns = now;
	if (now - first < a->ignore_ns)
		return;
	uint64_t bytes = 0;
	for (unsigned i = 0; i < b->count; i++)
		bytes += b->pkts[i]->length;
	s->count += b->count;
	s->bytes += bytes;
}

enum { H_COUNT, H_BYTE_COUNT, H_RATE, H_BYTE_RATE };

static int avgc_read(struct nfc_element *e, void *thunk, const char *param,
		     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct avgc *a = (struct avgc *)e;
	uint64_t count = 0, bytes = 0;
	int64_t last = 0;
	for (int i = 0; i < NFC_MAX_THREADS; i++) {
		count += a->slot[i].count;
		bytes += a->slot[i].bytes;
		if (a->slot[i].last_ns > last)
			last = a->slot[i].last_ns;
	}
	int h = (int)(intptr_t)thunk;
	if (h == H_COUNT || h == H_BYTE_COUNT) {
		nfc_strbuf_printf(out, "%llu", (unsigned long long)(h == H_COUNT ? count : bytes));
		return 0;
	}
	int64_t first = __atomic_load_n(&a->first_ns, __ATOMIC_RELAXED);
	int64_t span = first ? last - first - a->ignore_ns : 0;
	/* like Click, never divide by less than one millisecond (one tick) */
	if (span < NFC_NSEC_PER_MSEC)
		span = NFC_NSEC_PER_MSEC;
	double rate = (double)(h == H_RATE ? count : bytes) * NFC_NSEC_PER_SEC / (double)span;
	nfc_strbuf_printf(out, "%.12g", rate);
	return 0;
}

static int avgc_write_reset(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	avgc_reset((struct avgc *)e);
	return 0;
}

static int avgc_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "count", avgc_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "byte_count", avgc_read, (void *)H_BYTE_COUNT, 0);
	nfc_add_read_handler(e, "rate", avgc_read, (void *)H_RATE, 0);
	nfc_add_read_handler(e, "byte_rate", avgc_read, (void *)H_BYTE_RATE, 0);
	nfc_add_write_handler(e, "reset", avgc_write_reset, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class avgc_class = {
	.name = "AverageCounter",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct avgc),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = avgc_configure,
	.initialize = avgc_initialize,
	.add_handlers = avgc_add_handlers,
	.batch_action = avgc_batch_action,
};
NFC_REGISTER_ELEMENT(avgc_class);
