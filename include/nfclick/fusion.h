/* SPDX-License-Identifier: MIT */
/* Chain fusion: runs a linear chain of push elements as one loop over the batch. */
#ifndef NFCLICK_FUSION_H
#define NFCLICK_FUSION_H

#include <nfclick/element.h>
#include <nfclick/router.h>

/*
 * Elements are separate loops over a batch; a chain of small ones (Strip,
 * CheckIPHeader, DecIPTTL, ...) spends much of its time on what each loop
 * repeats: loading every packet's pointer and geometry again and testing it
 * again. A fuser knows some element classes' per-packet work and runs a
 * chain of them as one loop. The router offers every linear chain (each
 * element's output 0 feeding the next one's input 0, all push) to the
 * registered fusers after initialisation; a fused chain's first element is
 * then entered through the fuser's push. Nothing else changes: the
 * elements stay in the graph with their handlers, state and other ports;
 * packets the fused loop does not handle in its common case continue
 * through the elements themselves from the element where they left the
 * common case. nfclick --no-fuse turns the pass off; the global handler
 * "fusions" lists what was fused and how many packets took which way.
 */

struct nfc_fused_chain;

struct nfc_fuser {
	const char *name;
	/** Bytes of private state for one fused chain (zeroed; chain->state). */
	size_t state_size;
	/**
	 * Look at @chain[0..n) (n >= 2) and return how many leading elements
	 * (2..n) this fuser runs together, after filling @state; 0 when it
	 * does not take the chain's start.
	 */
	int (*match)(struct nfc_element *const *chain, int n, void *state);
	/** The fused entry, called as the first element's push (input 0);
	 *  the chain is first->fused. */
	nfc_push_fn push;
};

/** What a fused chain did, per thread (the "fusions" handler sums them). */
struct nfc_fused_stats {
	/** Packets that entered the chain. */
	uint64_t packets;
	/** Packets sent on into one of the elements (nfc_fused_divert). */
	uint64_t diverted;
	/** Packets that took the unfused path from the start (nfc_fused_bypass). */
	uint64_t unfused;
	char pad_[40]; /* a cache line each: no false sharing between threads */
};

struct nfc_fused_chain {
	const struct nfc_fuser *fuser;
	void *state;
	int n;
	struct nfc_element **elements;
	/** The first element's own push: what its input 0 ran before fusion. */
	nfc_push_fn entry;
	/** NFC_MAX_THREADS slots. */
	struct nfc_fused_stats *stats;
};

/** A fuser's push counts the packets entering its chain (once a batch). */
static inline void nfc_fused_count(const struct nfc_fused_chain *c, unsigned n)
{
	c->stats[nfc_thread_id()].packets += n;
}

void nfc_fuser_register(const struct nfc_fuser *f);
#define NFC_REGISTER_FUSER(fuser_var)                                          \
	__attribute__((constructor)) static void nfc_register_##fuser_var(void) \
	{                                                                      \
		nfc_fuser_register(&(fuser_var));                              \
	}

/*
 * The way out of the fused loop for packets it does not handle, in packet
 * order. The loop keeps finished packets at the front of b->pkts from
 * index @first (the earlier ones have been sent already).
 *
 * nfc_fused_divert: packet @i stopped before element @stage of the chain
 * (its data and length written back, earlier elements' work done). Sends
 * b->pkts[first..i) out of the chain's end, then packet i into element
 * @stage, which processes it (and passes it on) the unfused way. Returns
 * the new first (i + 1).
 */
unsigned nfc_fused_divert(const struct nfc_fused_chain *c, struct nfc_batch *b, unsigned first,
			  unsigned i, int stage);
/** Sends b->pkts[first..i) out of the chain's end and b->pkts[i..) through
 *  the unfused chain (packets the fused loop does not handle at all). */
void nfc_fused_bypass(const struct nfc_fused_chain *c, struct nfc_batch *b, unsigned first,
		      unsigned i);
/** Sends b->pkts[first..) out of the chain's end (the loop is done). */
static inline void nfc_fused_finish(const struct nfc_fused_chain *c, struct nfc_batch *b,
				    unsigned first)
{
	if (__builtin_expect(first == 0, 1))
		nfc_push(c->elements[c->n - 1], 0, b);
	else
		nfc_fused_bypass(c, b, first, b->count);
}

#endif
