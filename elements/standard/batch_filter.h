/* SPDX-License-Identifier: MIT */
/* Filtering a batch packet by packet, bad packets to an optional output 1 (IP, Ethernet, queues). */
#ifndef NFCLICK_ELEMENTS_BATCH_FILTER_H
#define NFCLICK_ELEMENTS_BATCH_FILTER_H

#include <nfclick/nfclick.h>

/*
 * Push @b on output 1 when the element has one, else drop its packets
 * (counted in the element's drops): Click's checked_output_push(1, p), for
 * a batch. @b is empty afterwards, ready to be filled again.
 */
void nfc_checked_push1(struct nfc_element *e, struct nfc_batch *b);

/*
 * A per-packet step: returns NFC_STEP_PASS (keep *pp, possibly replaced, on
 * output 0), NFC_STEP_ERROR (send *pp to output 1) or NFC_STEP_GONE (the
 * step consumed or killed the packet).
 */
enum { NFC_STEP_PASS = 0, NFC_STEP_ERROR = 1, NFC_STEP_GONE = 2 };
typedef int (*nfc_step_fn)(struct nfc_element *e, struct nfc_packet **pp);

/* Run @step over b->pkts[from..]: keep the passing packets in order in @b,
 * emit the others. Always inlined, so the step is a direct (inlined) call. */
static inline __attribute__((always_inline)) void
nfc_step_filter(struct nfc_element *e, struct nfc_batch *b, unsigned from, nfc_step_fn step)
{
	struct nfc_batch err;
	err.count = 0;
	unsigned k = from, n = b->count;
	for (unsigned i = from; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		int r = step(e, &p);
		if (__builtin_expect(r == NFC_STEP_PASS, 1))
			b->pkts[k++] = p;
		else if (r == NFC_STEP_ERROR)
			err.pkts[err.count++] = p;
	}
	b->count = k;
	if (err.count)
		nfc_checked_push1(e, &err);
}

/* push() and pull() of an element made of one step: PREFIX_push, PREFIX_pull. */
#define NFC_DEFINE_STEP_FILTER(prefix, step)                                                  \
	static void prefix##_push(struct nfc_element *e, int port, struct nfc_batch *b)       \
	{                                                                                      \
		(void)port;                                                                    \
		nfc_step_filter(e, b, 0, step);                                                \
		nfc_push(e, 0, b);                                                             \
	}                                                                                      \
	static unsigned prefix##_pull(struct nfc_element *e, int port, struct nfc_batch *out, \
				      unsigned max)                                            \
	{                                                                                      \
		(void)port;                                                                    \
		unsigned before = out->count;                                                  \
		nfc_pull(e, 0, out, max);                                                      \
		nfc_step_filter(e, out, before, step);                                         \
		return out->count - before;                                                    \
	}

#endif
