/* SPDX-License-Identifier: MIT */
/* Classifier: sends packets to the output whose byte pattern they match first. */

/*
 * =c
 * Classifier(PATTERN_1, ..., PATTERN_N)
 * =s classification
 * classifies packets by contents
 * =d
 * Classifies packets by their contents. There is one output per pattern
 * (the number of patterns must equal the number of outputs); a packet
 * leaves on the output of the first pattern it matches, and is dropped
 * when it matches none.
 *
 * A pattern is a space-separated list of clauses, all of which must
 * hold. A clause is "OFFSET/VALUE" or "OFFSET/VALUE%MASK": OFFSET is a
 * decimal byte offset into the packet data, VALUE and MASK are strings
 * of hexadecimal digits (two per byte, any number of bytes). The clause
 * holds when the packet's bytes starting at OFFSET, masked with MASK,
 * equal VALUE. A "?" digit matches any nibble. A leading "!" negates a
 * clause. The pattern "-" matches every packet.
 *
 * Packets too short to hold the bytes a clause tests do not satisfy the
 * clause (so they do satisfy its negation).
 *
 * The patterns are compiled into one decision tree and optimised: tests
 * of one word are merged, tests whose result earlier tests already
 * decide are skipped, and identical subtrees are shared.
 * =h program read-only
 * Returns the compiled decision tree, in Click's format: one line per
 * test ("OFFSET/VALUE%MASK yes->TARGET no->TARGET"), then the safe
 * length (shorter packets are checked carefully) and the alignment
 * offset.
 * =e
 * Split Ethernet frames into ARP requests, ARP replies, IP and the rest:
 *
 *   Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
 * =a IPClassifier, IPFilter, CheckLength
 */
#include <ctype.h>
#include <stddef.h>
#include <nfclick/classtree.h>
#include <nfclick/nfclick.h>

struct classifier {
	struct nfc_element e;
	struct nfc_classtree prog;
};

/* Largest offset a pattern may test: instruction offsets are 16 bits. */
#define CLASSIFIER_MAX_OFFSET 65531

/* Value and mask of one hex digit; '?' matches any nibble (mask 0). */
static void hex_nibble(int c, int *value, int *mask)
{
	*mask = 0xF;
	if (c >= '0' && c <= '9')
		*value = c - '0';
	else if (c >= 'a' && c <= 'f')
		*value = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		*value = c - 'A' + 10;
	else
		*value = *mask = 0;
}

/* Value and mask of the byte written as two hex digits (or '?') at @s. */
static void hex_byte(const char *s, int *value, int *mask)
{
	int hv, hm, lv, lm;
	hex_nibble(s[0], &hv, &hm);
	hex_nibble(s[1], &lv, &lm);
	*value = hv << 4 | lv;
	*mask = hm << 4 | lm;
}

static bool is_hex_or_wild(int c)
{
	return isxdigit(c) || c == '?';
}

/* Words of a clause are added as they fill: one instruction per 4-aligned
 * word touched, as Click does. */
struct word_acc {
	int offset; /* -1: none open */
	uint8_t value[4], mask[4];
};

static void word_flush(struct nfc_classtree *t, struct word_acc *w)
{
	if (w->offset < 0)
		return;
	uint32_t v, m;
	memcpy(&v, w->value, 4);
	memcpy(&m, w->mask, 4);
	nfc_classtree_add_insn(t, w->offset, v, m);
	w->offset = -1;
}

/*
 * Compile pattern @slot (text @s) into @t as one subtree that jumps to
 * output @slot on success. Returns the number of errors reported.
 */
static int classifier_parse_pattern(struct nfc_classtree *t, int slot, const char *s,
				    struct nfc_errh *errh)
{
	int nerr = 0;
	size_t len = strlen(s), i = 0;
	bool empty = true;

	nfc_classtree_start_subtree(t);
	if (len == 1 && s[0] == '-')
		i = 1; /* matches everything */

	while (i < len) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len)
			break;

		bool negated = false;
		if (s[i] == '!') {
			negated = true;
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
		}
		if (i >= len || !isdigit((unsigned char)s[i])) {
			nerr++;
			nfc_error(errh, "pattern %d: expected a digit", slot);
			break;
		}
		long offset = 0;
		while (i < len && isdigit((unsigned char)s[i])) {
			if (offset <= CLASSIFIER_MAX_OFFSET)
				offset = offset * 10 + (s[i] - '0');
			i++;
		}
		if (i >= len || s[i] != '/') {
			nerr++;
			nfc_error(errh, "pattern %d: expected '/'", slot);
			break;
		}
		i++;

		size_t value_pos = i;
		while (i < len && is_hex_or_wild((unsigned char)s[i]))
			i++;
		size_t value_end = i;
		size_t mask_pos = 0, mask_end = 0;
		bool has_mask = false;
		if (i < len && s[i] == '%') {
			has_mask = true;
			mask_pos = ++i;
			while (i < len && is_hex_or_wild((unsigned char)s[i]))
				i++;
			mask_end = i;
		}

		/* report malformed values, then use what makes sense of them */
		if (value_end - value_pos < 2) {
			nerr++;
			nfc_error(errh, "pattern %d: value has less than 2 hex digits", slot);
			value_end = value_pos;
			mask_end = mask_pos;
		}
		if ((value_end - value_pos) % 2 != 0) {
			nerr++;
			nfc_error(errh, "pattern %d: value has odd number of hex digits", slot);
			value_end--;
			if (has_mask && mask_end > mask_pos)
				mask_end--;
		}
		if (has_mask && mask_end - mask_pos != value_end - value_pos) {
			bool too_many = mask_end - mask_pos > value_end - value_pos;
			nerr++;
			nfc_error(errh, "pattern %d: mask has too %s hex digits", slot,
				  too_many ? "many" : "few");
			if (too_many)
				mask_end = mask_pos + (value_end - value_pos);
			else
				value_end = value_pos + (mask_end - mask_pos);
		}
		size_t nbytes = (value_end - value_pos) / 2;
		if (offset + (long)nbytes > CLASSIFIER_MAX_OFFSET + 4) {
			nerr++;
			nfc_error(errh, "pattern %d: offset too large (at most %d)", slot,
				  CLASSIFIER_MAX_OFFSET);
			continue;
		}

		/* one subtree per clause: its words "and"ed */
		nfc_classtree_start_subtree(t);
		struct word_acc w = { .offset = -1 };
		long off = offset + (long)t->align_offset;
		for (size_t b = 0; b < nbytes; b++, off++) {
			int v, m;
			hex_byte(s + value_pos + 2 * b, &v, &m);
			if (has_mask) {
				int mv, mm;
				hex_byte(s + mask_pos + 2 * b, &mv, &mm);
				m &= mv & mm;
			}
			if (w.offset < 0 || off % 4 == 0) {
				word_flush(t, &w);
				w.offset = (int)(off / 4 * 4);
				memset(w.value, 0, 4);
				memset(w.mask, 0, 4);
				empty = false;
			}
			w.mask[off % 4] = (uint8_t)m;
			w.value[off % 4] = (uint8_t)(v & m);
		}
		word_flush(t, &w);
		nfc_classtree_finish_subtree(t, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
		if (negated)
			nfc_classtree_negate_subtree(t, false);
	}

	if (empty) /* "-" or nothing usable: a test that always holds */
		nfc_classtree_add_insn(t, 0, 0, 0);
	nfc_classtree_finish_subtree(t, NFC_CT_AND, -slot, NFC_CT_FAILURE);
	return nerr;
}

static int classifier_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct classifier *c = (struct classifier *)e;
	if (conf->argc != e->noutputs)
		return nfc_error(errh, "need %d arguments, one per output port", e->noutputs);

	/* x86 and arm64 load unaligned words cheaply: no alignment offset */
	struct nfc_classtree prog;
	nfc_classtree_init(&prog, 0);
	nfc_classtree_init_subtree(&prog);
	nfc_classtree_start_subtree(&prog);
	int nerr = 0;
	for (int slot = 0; slot < conf->argc; slot++)
		nerr += classifier_parse_pattern(&prog, slot, conf->argv[slot], errh);
	nfc_classtree_finish_subtree(&prog, NFC_CT_OR, NFC_CT_NEVER, NFC_CT_NEVER);
	if (nerr == 0) {
		nfc_classtree_optimize(&prog, NULL, 0, NFC_CT_OFFSET_MAX, NFC_CT_OPT_SHARE);
		if (prog.oom) {
			nfc_error(errh, "out of memory compiling patterns");
			nerr++;
		}
	}
	if (nerr) {
		nfc_classtree_free(&prog);
		return -1;
	}
	nfc_classtree_warn_unused_outputs(&prog, e->noutputs, errh);
	nfc_classtree_move(&c->prog, &prog);
	return 0;
}

/* Decide every packet's port, then move: the whole batch when all agree,
 * else one batch per port (nfc_push_split). */
static void classifier_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct classifier *c = (struct classifier *)e;
	int ports[NFC_BATCH_MAX];
	if (!b->count)
		return;
	if (nfc_classtree_match_packets(&c->prog, b->pkts, b->count, ports) &&
	    ports[0] < e->noutputs)
		nfc_push(e, ports[0], b);
	else
		nfc_push_split(e, b, ports);
}

static int classifier_read_program(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct classifier *c = (struct classifier *)e;
	nfc_classtree_unparse(&c->prog, out);
	return 0;
}

static int classifier_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "program", classifier_read_program, NULL, 0);
	return 0;
}

static void classifier_cleanup(struct nfc_element *e)
{
	struct classifier *c = (struct classifier *)e;
	nfc_classtree_free(&c->prog);
}

static const struct nfc_element_class classifier_class = {
	.name = "Classifier",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct classifier),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = classifier_configure,
	.cleanup = classifier_cleanup,
	.add_handlers = classifier_add_handlers,
	.push = classifier_push,
};
NFC_REGISTER_ELEMENT(classifier_class);
