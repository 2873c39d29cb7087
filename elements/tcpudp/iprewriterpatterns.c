/* SPDX-License-Identifier: MIT */
/* IPRewriterPatterns: named rewriter patterns that several input specs can share. */

/*
 * =c
 * IPRewriterPatterns(NAME PATTERN, ...)
 * =s nat
 * specifies shared IPRewriter patterns
 * =d
 * Defines named patterns for IPRewriter and the other rewriters. Each
 * argument is a name followed by a pattern, either "SADDR SPORT DADDR
 * DPORT" (address and port rewriters) or "SADDR DADDR" (IPAddrRewriter,
 * IPAddrPairRewriter), as in a rewriter's "pattern" input spec without the
 * output ports. An input spec "pattern NAME FOUTPUT ROUTPUT" then uses the
 * named pattern. Input specs naming the same pattern share it, including
 * its place in a sequential ("#") range: each new flow, whichever rewriter
 * makes it, takes the next port. (Each rewriter checks only its own table
 * for ports in use.)
 *
 * Names are global to the configuration: a name may be defined once.
 * IPRewriterPatterns is configured before the rewriters.
 * =e
 *   IPRewriterPatterns(to_world 1.0.0.1 1024-65535 - -);
 *   rw1 :: IPRewriter(pattern to_world 0 1, drop);
 *   rw2 :: TCPRewriter(pattern to_world 0 1, drop);
 * =a IPRewriter, TCPRewriter, UDPRewriter, IPAddrRewriter
 */
#include <string.h>
#include "iprewriterpatterns.h"

static bool iprewriterpatterns_defined(struct nfc_element *e, const char *name)
{
	struct rw_named_patterns *np = (struct rw_named_patterns *)e;
	if (rw_named_patterns_find(e, name))
		return true;
	/* in another IPRewriterPatterns configured before this one */
	struct nfc_router *r = np->e.router;
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		if (x && x != e && x->cls == e->cls && rw_named_patterns_find(x, name))
			return true;
	}
	return false;
}

static int iprewriterpatterns_configure(struct nfc_element *e, struct nfc_conf *conf,
					struct nfc_errh *errh)
{
	struct rw_named_patterns *np = (struct rw_named_patterns *)e;
	np->names = calloc((size_t)conf->argc + 1, sizeof *np->names);
	np->patterns = calloc((size_t)conf->argc + 1, sizeof *np->patterns);
	if (!np->names || !np->patterns)
		return nfc_error(errh, "out of memory");
	int r = 0;
	for (int i = 0; i < conf->argc; i++) {
		char **words = NULL;
		int nwords = 0;
		if (nfc_split_words(conf->argv[i], &words, &nwords) < 0) {
			r = nfc_error(errh, "argument %d: syntax error", i + 1);
			continue;
		}
		if (nwords == 0) { /* empty arguments are allowed, as in Click */
			nfc_words_free(words, nwords);
			continue;
		}
		const char *error = NULL;
		struct rw_pattern *p = NULL;
		if (iprewriterpatterns_defined(e, words[0]))
			r = nfc_error(errh, "pattern name '%s' has already been defined", words[0]);
		else if (nwords != 3 && nwords != 5)
			r = nfc_error(errh, "pattern '%s': expected 'NAME SADDR SPORT DADDR DPORT' or "
					    "'NAME SADDR DADDR'", words[0]);
		else if (!(p = rw_pattern_parse(e, words + 1, nwords - 1, &error)))
			r = nfc_error(errh, "pattern '%s': %s", words[0], error);
		else {
			np->names[np->n] = strdup(words[0]);
			np->patterns[np->n++] = p;
		}
		nfc_words_free(words, nwords);
	}
	return r;
}

static void iprewriterpatterns_cleanup(struct nfc_element *e)
{
	struct rw_named_patterns *np = (struct rw_named_patterns *)e;
	for (int i = 0; i < np->n; i++) {
		free(np->names[i]);
		rw_pattern_unuse(np->patterns[i]);
	}
	free(np->names);
	free(np->patterns);
	np->names = NULL;
	np->patterns = NULL;
	np->n = 0;
}

static const struct nfc_element_class iprewriterpatterns_class = {
	.name = "IPRewriterPatterns",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct rw_named_patterns),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_CONFIGURE_EARLY,
	.configure = iprewriterpatterns_configure,
	.cleanup = iprewriterpatterns_cleanup,
};
NFC_REGISTER_ELEMENT(iprewriterpatterns_class);
