/* SPDX-License-Identifier: MIT */
/* Batches: bounded arrays of packet pointers moved between elements. */
#ifndef NFCLICK_BATCH_H
#define NFCLICK_BATCH_H

#include <nfclick/packet.h>

/** Largest burst a batch holds. */
#define NFC_BATCH_MAX 256

/**
 * A batch. Whoever receives a batch in push() owns its packets and may
 * rewrite the array in place (drop, replace, reorder) before handing it on;
 * the struct itself belongs to the caller and is never freed by the callee.
 * Batches usually live on the stack of the element that created them.
 */
struct nfc_batch {
	unsigned count;
	struct nfc_packet *pkts[NFC_BATCH_MAX];
};

static inline void nfc_batch_init(struct nfc_batch *b)
{
	b->count = 0;
}

/** Append (caller guarantees room: count < NFC_BATCH_MAX). */
static inline void nfc_batch_add(struct nfc_batch *b, struct nfc_packet *p)
{
	b->pkts[b->count++] = p;
}

/** Kill every packet of the batch and empty it. */
static inline void nfc_batch_kill(struct nfc_batch *b)
{
	nfc_packet_kill_many(b->pkts, b->count);
	b->count = 0;
}

/** Iterate: for (NFC_BATCH_EACH(b, i, p)) { ... } */
#define NFC_BATCH_EACH(b, i, p) \
	unsigned i = 0; (i) < (b)->count && (((p) = (b)->pkts[i]), 1); (i)++

#endif
