/* SPDX-License-Identifier: MIT */
/* AlignmentInfo: records the packet alignment elements can expect (no ports). */

/*
 * =c
 * AlignmentInfo(ELEMENT MODULUS OFFSET [MODULUS OFFSET...], ...)
 * =s information
 * specifies alignment information
 * =d
 * Records information about the packet alignment other elements can
 * expect. Each argument has the form `ELEMENT MODULUS OFFSET ...', with one
 * MODULUS OFFSET pair per input port of ELEMENT: packet data arriving on
 * that input starts OFFSET bytes after a MODULUS-byte boundary. The
 * click-align tool inserts this element.
 *
 * Arguments naming elements that are not in the configuration are ignored
 * (click-align may describe elements later removed). Several AlignmentInfo
 * elements may appear; they must agree about every element they both
 * describe. nfclick's elements do not depend on this information: packets
 * are allocated aligned, and Align realigns where asked.
 * =e
 *   AlignmentInfo(src 8 2, dst 4 0)
 * =a Align
 */
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct alignmentinfo_entry {
	struct nfc_element *element;
	int nports;
	int32_t *chunks;   /* MODULUS per input port */
	int32_t *offsets;  /* OFFSET per input port */
};

struct alignmentinfo {
	struct nfc_element e;
	bool configured;
	int nentries;
	struct alignmentinfo_entry *entries;
};

static const struct nfc_element_class alignmentinfo_class;

static const struct alignmentinfo_entry *alignmentinfo_lookup(const struct alignmentinfo *a,
							      const struct nfc_element *target)
{
	for (int i = 0; i < a->nentries; i++)
		if (a->entries[i].element == target)
			return &a->entries[i];
	return NULL;
}

static bool alignmentinfo_same(const struct alignmentinfo_entry *x,
			       const struct alignmentinfo_entry *y)
{
	return x->nports == y->nports
	       && memcmp(x->chunks, y->chunks, x->nports * sizeof x->chunks[0]) == 0
	       && memcmp(x->offsets, y->offsets, x->nports * sizeof x->offsets[0]) == 0;
}

/* Does an AlignmentInfo configured before this one say otherwise about @ent? */
static bool alignmentinfo_conflicts(struct alignmentinfo *a, const struct alignmentinfo_entry *ent)
{
	const struct alignmentinfo_entry *mine = alignmentinfo_lookup(a, ent->element);
	if (mine && !alignmentinfo_same(mine, ent))
		return true;
	int n = nfc_router_nelements(a->e.router);
	for (int i = 0; i < n; i++) {
		struct nfc_element *o = nfc_router_element(a->e.router, i);
		if (o == &a->e || o->cls != &alignmentinfo_class)
			continue;
		const struct alignmentinfo *other = (const struct alignmentinfo *)o;
		if (!other->configured)
			continue;
		const struct alignmentinfo_entry *theirs = alignmentinfo_lookup(other, ent->element);
		if (theirs && !alignmentinfo_same(theirs, ent))
			return true;
	}
	return false;
}

static int alignmentinfo_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct alignmentinfo *a = (struct alignmentinfo *)e;
	int r = 0;
	a->nentries = 0;
	a->entries = nfc_element_alloc(e, (conf->argc + 1) * sizeof *a->entries);
	if (!a->entries)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < conf->argc; i++) {
		char **words;
		int nwords;
		if (nfc_split_words(conf->argv[i], &words, &nwords) < 0) {
			r = nfc_error(errh, "argument %d: cannot split '%s' into words", i + 1,
				      conf->argv[i]);
			continue;
		}
		if (nwords == 0) {
			nfc_warning(errh, "argument %d is empty", i + 1);
			nfc_words_free(words, nwords);
			continue;
		}
		struct nfc_element *target = nfc_router_find(e->router, words[0], e);
		if (!target) {
			nfc_words_free(words, nwords);
			continue;
		}
		if (nwords % 2 != 1) {
			r = nfc_error(errh, "argument %d: expected 'ELEMENT MODULUS OFFSET "
					    "[MODULUS OFFSET...]'", i + 1);
			nfc_words_free(words, nwords);
			continue;
		}
		struct alignmentinfo_entry ent = { .element = target, .nports = (nwords - 1) / 2 };
		ent.chunks = nfc_element_alloc(e, (ent.nports + 1) * sizeof(int32_t));
		ent.offsets = nfc_element_alloc(e, (ent.nports + 1) * sizeof(int32_t));
		if (!ent.chunks || !ent.offsets) {
			nfc_words_free(words, nwords);
			return nfc_error(errh, "out of memory");
		}
		bool ok = true;
		for (int j = 0; j < ent.nports; j++) {
			const char *c = words[1 + 2 * j], *o = words[2 + 2 * j];
			if (nfc_parse_int32(c, &ent.chunks[j]) < 0 || ent.chunks[j] <= 0) {
				r = nfc_error(errh, "argument %d: MODULUS must be a positive integer, "
						    "not '%s'", i + 1, c);
				ok = false;
			}
			if (nfc_parse_int32(o, &ent.offsets[j]) < 0 || ent.offsets[j] < 0) {
				r = nfc_error(errh, "argument %d: OFFSET must be an integer >= 0, "
						    "not '%s'", i + 1, o);
				ok = false;
			}
		}
		if (ok && alignmentinfo_conflicts(a, &ent))
			r = nfc_error(errh, "conflicting AlignmentInfo for '%s'", words[0]);
		else if (ok && !alignmentinfo_lookup(a, target))
			a->entries[a->nentries++] = ent;
		nfc_words_free(words, nwords);
	}
	a->configured = true;
	return r;
}

static const struct nfc_element_class alignmentinfo_class = {
	.name = "AlignmentInfo",
	.port_count = "0/0",
	.size = sizeof(struct alignmentinfo),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_CONFIGURE_EARLY,
	.configure = alignmentinfo_configure,
};
NFC_REGISTER_ELEMENT(alignmentinfo_class);
