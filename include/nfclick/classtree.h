/* SPDX-License-Identifier: MIT */
/* Packet-classifier decision trees: build, optimise, print and match (Click's Classifier program). */
#ifndef NFCLICK_CLASSTREE_H
#define NFCLICK_CLASSTREE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <nfclick/error.h>
#include <nfclick/packet.h>
#include <nfclick/strbuf.h>

/*
 * A classifier program is a flat array of instructions. Each instruction
 * loads the 32-bit word at a byte offset of the packet, masks it and
 * compares it with a value; it then jumps to its "yes" or "no" successor.
 * A successor > 0 is the index of a later instruction (jumps only go
 * forward, so every program terminates); a successor <= 0 is an output:
 * -successor is the port the packet leaves on.
 *
 * Programs are written as nested subtrees combined with "and", "or" and
 * "ternary" (Click's Classification::Wordwise::Program), then optimised:
 * tests are sorted inside "and" chains, tests whose result is known from
 * earlier tests on every path are skipped (dominators), tests on the same
 * word are merged, identical subtrees are shared and dead code removed.
 *
 * Words are kept in memory order: mask and value hold the packet's four
 * bytes as they appear on the wire (c[0] is the byte at `offset`). Build
 * them from big-endian numbers with htonl().
 *
 * Short packets: the matcher never reads past the packet. A test whose
 * masked bytes are not all inside the packet takes the branch named by
 * short_output (0 = "no", the default; 1 = "yes"). Packets at least
 * fast_length bytes long take the fast loop, shorter ones a careful one.
 *
 * The optimiser is Click's, pass for pass, so listings match Click's,
 * with corrections where Click misroutes short packets: a "no" branch
 * proves nothing about a later test that needs more bytes and answers
 * "yes" when short; identical tests at several places are judged with the
 * fewest bytes any of them is sure of; two tests on one word are merged
 * only when short packets keep their outcome; a test whose both branches
 * lead to the same place is dropped from every path it dominated. These
 * only change programs Click would get wrong. Identical subtrees may also
 * be shared (NFC_CT_OPT_SHARE), which Click does not do.
 */

/** Special jump targets (Click's j_never, j_failure, j_success). */
enum {
	/** Drop the packet: -NFC_CT_NEVER is never a real port. */
	NFC_CT_NEVER = -2147483647,
	/** Placeholder for "this subtree failed", resolved by finish_subtree. */
	NFC_CT_FAILURE = -2147483646,
	/** Placeholder for "this subtree matched", resolved by finish_subtree. */
	NFC_CT_SUCCESS = -2147483645,
};

/** How finish_subtree joins the subtrees started since start_subtree. */
enum nfc_ct_combiner {
	NFC_CT_AND,     /* all must match */
	NFC_CT_OR,      /* any may match */
	NFC_CT_TERNARY, /* a ? b : c, chained */
};

/** No offset limit for the and-chain sort (Click's offset_max). */
#define NFC_CT_OFFSET_MAX 0x7FFFFFFF

/** Optimisation flags. */
enum {
	/**
	 * Also share identical subtrees (hash-consing of instructions with the
	 * same test and successors). Click does not do this; leave it out when
	 * the printed program must equal Click's instruction for instruction.
	 */
	NFC_CT_OPT_SHARE = 1u << 0,
	/**
	 * Merge two tests on one word on Click's condition (equal short
	 * outputs, or the second needing no more bytes), keeping the first
	 * test's short output, so listings equal Click's (IPFilter's tests
	 * compare them). Packets truncated inside such a merged word may then
	 * take Click's branch rather than the exact one.
	 */
	NFC_CT_OPT_CLICK_MERGE = 1u << 1,
};

/**
 * One test, as built, optimised and listed (Click's Wordwise::Insn). The
 * matcher runs on the equivalent nfc_ct_step array instead.
 */
struct nfc_ct_insn {
	uint16_t offset;
	uint8_t pad;
	/** Branch taken (0: no, 1: yes) when the tested bytes are past the packet end. */
	uint8_t short_output;
	union {
		uint8_t c[4];
		uint32_t u;
	} mask;
	union {
		uint8_t c[4];
		uint32_t u;
	} value;
	/** j[0]: "no" successor, j[1]: "yes" successor. */
	int32_t j[2];
};

/**
 * The matcher's form of an instruction (built by nfc_classtree_finalize):
 * the offset counts from the packet data, and a jump > 0 is the byte
 * offset of the next step in the step array, so following it is one add.
 */
struct nfc_ct_step {
	uint32_t offset;
	uint32_t mask;
	uint32_t value;
	/** j[0]: "no", j[1]: "yes"; > 0 byte offset of a step, <= 0 -port. */
	int32_t j[2];
};

/** A program (under construction or final). */
struct nfc_classtree {
	struct nfc_ct_insn *insn;
	int ninsn;
	int cap;
	/** >= 0: every packet goes to this port and insn is empty. */
	int output_everything;
	/** Click's safe length (printed): shorter packets may be undecidable. */
	uint32_t safe_length;
	/** Packets this long are matched without any length check (>= safe_length). */
	uint32_t fast_length;
	/** Bytes before the packet data that offsets count from (Click's alignment offset). */
	uint32_t align_offset;
	/** An allocation failed; the program is unusable (report "out of memory"). */
	bool oom;
	/** The matcher's copy of insn (nfc_classtree_finalize); NULL when not built. */
	struct nfc_ct_step *steps;
	/**
	 * >= 0 when every test reads the one word at this data offset: the
	 * outcome for long packets is then a function of (word & memo_mask),
	 * and the batch matcher remembers the last one.
	 */
	int32_t memo_offset;
	uint32_t memo_mask;
	/* subtree bookkeeping (Click's Vector<int> tree): tree[0] is the
	 * current level, tree[i + 1] the level that starts at instruction i */
	int *tree;
	int tree_len;
	int tree_cap;
};

/** An empty program matching nothing (every packet dropped). */
void nfc_classtree_init(struct nfc_classtree *t, uint32_t align_offset);
void nfc_classtree_free(struct nfc_classtree *t);
/** Make @to (uninitialised) a deep copy of @from. Returns 0 or -1 (OOM). */
int nfc_classtree_copy(struct nfc_classtree *to, const struct nfc_classtree *from);
/** Move @from into @to (to freed first); from becomes empty. */
void nfc_classtree_move(struct nfc_classtree *to, struct nfc_classtree *from);

/* ---- building: the subtree protocol of Click's Wordwise::Program ---- */

/** Reset the subtree bookkeeping (Click's init_subtree); call before the first start. */
void nfc_classtree_init_subtree(struct nfc_classtree *t);
/** Open a subtree level. */
void nfc_classtree_start_subtree(struct nfc_classtree *t);
/**
 * Append a test of the word at @offset (already including align_offset):
 * (word & mask) == value, with mask/value in memory order. The new
 * instruction jumps to SUCCESS/FAILURE placeholders.
 */
void nfc_classtree_add_insn(struct nfc_classtree *t, int offset, uint32_t value, uint32_t mask);
/** Append an instruction as is (jumps included); for merging programs. */
void nfc_classtree_add_raw_insn(struct nfc_classtree *t, const struct nfc_ct_insn *in);
/** Swap success and failure of the last subtree; @flip_short also flips short_output. */
void nfc_classtree_negate_subtree(struct nfc_classtree *t, bool flip_short);
/**
 * Close the current level: join its subtrees with @combiner, then send
 * the remaining placeholders to @success and @failure (jump targets or
 * the NFC_CT_* placeholders for an enclosing level).
 */
void nfc_classtree_finish_subtree(struct nfc_classtree *t, enum nfc_ct_combiner combiner,
				  int32_t success, int32_t failure);
/** Last instruction added (NULL when none). */
struct nfc_ct_insn *nfc_classtree_back(struct nfc_classtree *t);

/** Add @delta to every positive jump (Click's offset_insn_tree). */
void nfc_classtree_offset_jumps(struct nfc_classtree *t, int delta);
/** Send every SUCCESS/FAILURE placeholder to @target (Click's redirect_unfinished_insn_tree). */
void nfc_classtree_redirect_unfinished(struct nfc_classtree *t, int32_t target);

/* ---- optimisation ---- */

/**
 * Sort "and" chains by mapped offset. @offset_map holds @nmap ints as
 * (offset, sort-as offset) pairs in increasing offset order; tests at
 * offsets >= @last_offset are left in place.
 */
void nfc_classtree_sort_and_chains(struct nfc_classtree *t, const int *offset_map, int nmap,
				   int last_offset);
/**
 * Optimise (Click's Program::optimize plus @flags), compute
 * output_everything, safe_length and fast_length, and finalize. Call after
 * the last finish_subtree; the program is then ready to match.
 */
void nfc_classtree_optimize(struct nfc_classtree *t, const int *offset_map, int nmap,
			    int last_offset, unsigned flags);
/** Remove tests that cannot change the outcome and unreachable ones. */
void nfc_classtree_remove_unused(struct nfc_classtree *t);
/**
 * Build the matcher's step array and lengths from insn (done by optimize;
 * call again after changing insn by hand). Returns 0, or -1 on OOM (the
 * program then drops everything).
 */
int nfc_classtree_finalize(struct nfc_classtree *t);

/* ---- inspection ---- */

/** Append Click's program listing (" 0   0/00010000%00ff0000  yes->[0]  no->[1]\n..."). */
void nfc_classtree_unparse(const struct nfc_classtree *t, struct nfc_strbuf *out);
/** Append one instruction as Click prints it (offset not adjusted). */
void nfc_classtree_unparse_insn(const struct nfc_ct_insn *in, struct nfc_strbuf *out);
/** Mark used[port] for every port 0..noutputs-1 some packet can reach. */
void nfc_classtree_used_outputs(const struct nfc_classtree *t, int noutputs, bool *used);
/** Warn "output N matches no packets" for unreachable outputs. */
void nfc_classtree_warn_unused_outputs(const struct nfc_classtree *t, int noutputs,
				       struct nfc_errh *errh);
/** Bytes a test needs in the packet (offset + last masked byte + 1; 0 for no mask). */
static inline uint32_t nfc_ct_insn_required_length(const struct nfc_ct_insn *in)
{
	if (in->mask.u == 0)
		return 0;
	if (in->mask.c[3])
		return in->offset + 4u;
	if (in->mask.c[2])
		return in->offset + 3u;
	if (in->mask.c[1])
		return in->offset + 2u;
	return in->offset + 1u;
}

/* ---- matching ---- */

/** The careful path for packets shorter than fast_length. */
int nfc_classtree_match_short(const struct nfc_classtree *t, const unsigned char *data,
			      uint32_t len);

/** Walk the steps for a packet of at least fast_length bytes. */
static inline int nfc_classtree_walk(const struct nfc_ct_step *steps, const unsigned char *data)
{
	const struct nfc_ct_step *s = steps;
	for (;;) {
		uint32_t w;
		memcpy(&w, data + s->offset, 4); /* one unaligned load */
		int32_t next = s->j[(w & s->mask) == s->value];
		if (next <= 0)
			return -next;
		s = (const struct nfc_ct_step *)((const char *)steps + next);
	}
}

/**
 * Classify @len bytes at @data: return the output port (a value >=
 * noutputs, such as -NFC_CT_NEVER, means drop). No allocation, no reads
 * outside [data, data + len). The program must be finalized.
 */
static inline int nfc_classtree_match(const struct nfc_classtree *t, const unsigned char *data,
				      uint32_t len)
{
	if (t->output_everything >= 0)
		return t->output_everything;
	if (__builtin_expect(len < t->fast_length, 0))
		return nfc_classtree_match_short(t, data, len);
	return nfc_classtree_walk(t->steps, data);
}

/**
 * Classify the @n packets @pkts into @ports. Returns true when all got
 * the same port (the batch can move whole). When the program reads a
 * single word, a packet whose word equals the previous one's reuses its
 * answer: the common case costs one load and one compare.
 */
static inline bool nfc_classtree_match_packets(const struct nfc_classtree *t,
					       struct nfc_packet *const *pkts, unsigned n,
					       int *ports)
{
	/* copies in locals: stores to ports[] must not make the compiler reload t */
	const struct nfc_ct_step *steps = t->steps;
	const uint32_t fast = t->fast_length;
	const int everything = t->output_everything;
	unsigned i = 0;
	bool same = true;
	if (n == 0)
		return true;
	if (everything >= 0) {
		for (; i < n; i++)
			ports[i] = everything;
		return true;
	}
	if (t->memo_offset < 0) {
		for (; i < n; i++) {
			const unsigned char *d = pkts[i]->data;
			uint32_t len = pkts[i]->length;
			int r = __builtin_expect(len < fast, 0) ? nfc_classtree_match_short(t, d, len)
								: nfc_classtree_walk(steps, d);
			ports[i] = r;
			same &= r == ports[0];
		}
		return same;
	}

	const uint32_t off = (uint32_t)t->memo_offset, mask = t->memo_mask;
	/* short packets before the first long one */
	for (; i < n && pkts[i]->length < fast; i++) {
		ports[i] = nfc_classtree_match_short(t, pkts[i]->data, pkts[i]->length);
		same &= ports[i] == ports[0];
	}
	if (i == n)
		return same;
	uint32_t key;
	memcpy(&key, pkts[i]->data + off, 4);
	key &= mask;
	int port = nfc_classtree_walk(steps, pkts[i]->data);
	ports[i] = port;
	same &= port == ports[0];
	for (i++; i < n; i++) {
		const unsigned char *d = pkts[i]->data;
		uint32_t len = pkts[i]->length;
		if (__builtin_expect(len < fast, 0)) {
			ports[i] = nfc_classtree_match_short(t, d, len);
			same &= ports[i] == ports[0];
			continue;
		}
		uint32_t w;
		memcpy(&w, d + off, 4);
		w &= mask;
		if (__builtin_expect(w != key, 0)) {
			key = w;
			port = nfc_classtree_walk(steps, d);
			same &= port == ports[0];
		}
		ports[i] = port;
	}
	return same;
}

#endif
