/* SPDX-License-Identifier: MIT */
/* Classifier decision trees over IP packets: three header bases and switch steps (IPFilter). */
#ifndef NFCLICK_CLASSTREE_IP_H
#define NFCLICK_CLASSTREE_IP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/classtree.h>
#include <nfclick/packet.h>
#include <nfclick/strbuf.h>

/*
 * IPFilter and IPClassifier programs are ordinary nfc_classtree programs
 * whose offsets live in a virtual space of three headers, as in Click:
 *
 *   0..255    MAC header - 2 (so the Ethernet addresses sit in whole words)
 *   256..511  network (IP) header
 *   512..     transport header (after the IP options)
 *
 * A packet's "virtual length" is Click's: 512 + the bytes from the
 * transport header to the end when there are any, else 256 + the bytes
 * from the network header. A test whose masked bytes lie past the
 * virtual length takes its short branch, so packets without transport
 * bytes fail (or, negated, pass) every transport test.
 *
 * nfc_ctip_build turns the optimised program into the matcher's steps.
 * Each step reads the word at an offset from one of the three headers,
 * so a transport test follows the IP header length of each packet. The
 * steps are the program restructured (classtree_ip_build.c): branches on
 * the value of a word, a hash lookup when there are several values, each
 * leading to the program specialised for that value; so a packet pays a
 * few lookups however many rules there are, where Click's program walks
 * the rules one by one. Packets long enough for every test of the
 * program (the common case) take this fast walk; shorter ones walk the
 * original program with full length checks.
 */

/** Virtual offsets of the three headers (Click's offset_mac, offset_net, offset_transp). */
enum {
	NFC_CTIP_OFFSET_MAC = 0,
	NFC_CTIP_OFFSET_NET = 256,
	NFC_CTIP_OFFSET_TRANSP = 512,
};

/** Base indexes of a step. */
enum { NFC_CTIP_BASE_MAC, NFC_CTIP_BASE_NET, NFC_CTIP_BASE_TRANSP, NFC_CTIP_NBASES };

/** Shortest "no" chain of same-word tests turned into a switch step. */
#define NFC_CTIP_SWITCH_MIN 4

/** One matcher step. */
struct nfc_ctip_step {
	/** NFC_CTIP_BASE_*: the header @offset counts from. */
	uint8_t base;
	/** A switch's table has 2^(32 - hash_shift) slots; hash >> hash_shift picks one. */
	uint8_t hash_shift;
	uint16_t offset;
	uint32_t mask;
	/**
	 * A test: (word & mask) == value. A switch: the index in
	 * nfc_ctip_prog.slots of its header slot (target: the default
	 * branch), followed by its table.
	 */
	uint32_t value;
	/**
	 * j[0]: "no", j[1]: "yes"; > 0 byte offset of a step, <= 0 -port.
	 * Both NFC_CTIP_SWITCH in a switch, so the walk needs no test for
	 * switches until it would leave.
	 */
	int32_t j[2];
};

/** A switch table entry; target NFC_CTIP_EMPTY marks a free slot. */
struct nfc_ctip_slot {
	uint32_t key;
	int32_t target;
};

#define NFC_CTIP_EMPTY INT32_MIN
/** The jumps of a switch step (never a port: -NFC_CT_NEVER is INT32_MAX). */
#define NFC_CTIP_SWITCH INT32_MIN

/** A program ready to match. */
struct nfc_ctip_prog {
	/** The optimised program in Click's virtual offsets (listing, short packets). */
	struct nfc_classtree tree;
	struct nfc_ctip_step *steps;
	int nsteps;
	struct nfc_ctip_slot *slots;
	int nslots;
	/** Bytes each header must have for the fast walk (0: header not read). */
	int32_t need[NFC_CTIP_NBASES];
	/** >= 0: every packet goes to this port (may be -NFC_CT_NEVER: dropped). */
	int output_everything;
	/** Number of switch steps (statistics, tests). */
	int nswitches;
};

/** Where a packet's headers are and how many bytes each has to the end. */
struct nfc_ctip_view {
	const unsigned char *base[NFC_CTIP_NBASES];
	/** Bytes from base[i] to the end of the packet (<= 0: none). */
	int32_t avail[NFC_CTIP_NBASES];
};

/** An empty program (drops everything). */
void nfc_ctip_init(struct nfc_ctip_prog *p);
void nfc_ctip_free(struct nfc_ctip_prog *p);
/**
 * Take @t (optimised; moved into @p, @t left empty) and build the
 * matcher. Returns 0, or -1 on OOM (the program then drops everything).
 */
int nfc_ctip_build(struct nfc_ctip_prog *p, struct nfc_classtree *t);
/** Click's program listing (its CompressedProgram format: chains of values shown as steps). */
void nfc_ctip_unparse(const struct nfc_ctip_prog *p, struct nfc_strbuf *out);
/** The careful walk of the original tests, for packets too short for the fast one. */
int nfc_ctip_match_careful(const struct nfc_ctip_prog *p, const struct nfc_ctip_view *v);

/**
 * Fill @v for @pkt. Packets without a network header annotation are read
 * as if the IP header started at the packet data, and without a
 * transport header annotation as if it followed the IP header's IHL;
 * Click requires the annotations.
 */
static inline void nfc_ctip_view_packet(const struct nfc_ctip_prog *p,
					const struct nfc_packet *pkt, struct nfc_ctip_view *v)
{
	const unsigned char *end = pkt->data + pkt->length;
	const unsigned char *nh = pkt->data, *th;
	if (__builtin_expect(pkt->network_offset != NFC_OFFSET_UNSET &&
				     pkt->transport_offset != NFC_OFFSET_UNSET,
			     1)) {
		nh = pkt->head + (pkt->network_offset - 1);
		th = pkt->head + (pkt->transport_offset - 1);
	} else {
		if (pkt->network_offset != NFC_OFFSET_UNSET)
			nh = pkt->head + (pkt->network_offset - 1);
		/* the transport header after the IHL the header gives */
		th = nh + (end > nh ? (nh[0] & 15u) * 4u : 20u);
	}
	v->base[NFC_CTIP_BASE_NET] = nh;
	v->base[NFC_CTIP_BASE_TRANSP] = th;
	v->avail[NFC_CTIP_BASE_NET] = (int32_t)(end - nh);
	v->avail[NFC_CTIP_BASE_TRANSP] = (int32_t)(end - th);
	v->base[NFC_CTIP_BASE_MAC] = NULL;
	v->avail[NFC_CTIP_BASE_MAC] = 0;
	if (p->need[NFC_CTIP_BASE_MAC] && pkt->mac_offset > 2) {
		/* the word base is two bytes before the MAC header: inside the buffer */
		const unsigned char *mb = pkt->head + (pkt->mac_offset - 3);
		v->base[NFC_CTIP_BASE_MAC] = mb;
		v->avail[NFC_CTIP_BASE_MAC] = (int32_t)(end - mb);
	}
}

/** A switch step's branch for the masked word @w (@head: its header slot). */
static inline int32_t nfc_ctip_switch(const struct nfc_ctip_slot *head,
				      const struct nfc_ctip_step *s, uint32_t w)
{
	const struct nfc_ctip_slot *table = head + 1;
	const uint32_t size_mask = UINT32_MAX >> s->hash_shift;
	uint32_t h = (w * 0x9E3779B1u) >> s->hash_shift;
	for (;;) {
		const struct nfc_ctip_slot *e = &table[h];
		if (e->target == NFC_CTIP_EMPTY)
			return head->target;
		if (e->key == w)
			return e->target;
		h = (h + 1) & size_mask;
	}
}

/** The fast walk: every step's word lies inside the packet. */
static inline int nfc_ctip_walk(const struct nfc_ctip_prog *p, const struct nfc_ctip_view *v)
{
	const struct nfc_ctip_step *const steps = p->steps;
	const struct nfc_ctip_step *s = steps;
	for (;;) {
		uint32_t w;
		memcpy(&w, v->base[s->base] + s->offset, 4);
		w &= s->mask;
		int32_t next = s->j[w == s->value];
		if (__builtin_expect(next <= 0, 0)) {
			if (next != NFC_CTIP_SWITCH)
				return -next;
			next = nfc_ctip_switch(p->slots + s->value, s, w);
			if (next <= 0)
				return -next;
		}
		s = (const struct nfc_ctip_step *)((const char *)steps + next);
	}
}

/** Classify @pkt: its output port (>= noutputs, e.g. -NFC_CT_NEVER, means drop). */
static inline int nfc_ctip_match(const struct nfc_ctip_prog *p, const struct nfc_packet *pkt)
{
	if (p->output_everything >= 0)
		return p->output_everything;
	struct nfc_ctip_view v;
	nfc_ctip_view_packet(p, pkt, &v);
	if (__builtin_expect(v.avail[NFC_CTIP_BASE_NET] >= p->need[NFC_CTIP_BASE_NET] &&
				     v.avail[NFC_CTIP_BASE_TRANSP] >= p->need[NFC_CTIP_BASE_TRANSP] &&
				     v.avail[NFC_CTIP_BASE_MAC] >= p->need[NFC_CTIP_BASE_MAC],
			     1))
		return nfc_ctip_walk(p, &v);
	return nfc_ctip_match_careful(p, &v);
}

#endif
