/* SPDX-License-Identifier: MIT */
/* RoundRobinIPMapper: hands a rewriter's new flows to its patterns in turn. */

/*
 * =c
 * RoundRobinIPMapper(PATTERN1, ..., PATTERNn)
 * =s nat
 * round-robin mapper for IPRewriter(n)
 * =d
 * Works in tandem with IPRewriter and the other rewriters to provide
 * round-robin rewriting, for example to balance load over servers. Each
 * PATTERN is "SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT" (or "SADDR DADDR
 * FOUTPUT ROUTPUT", or "NAME FOUTPUT ROUTPUT" for a pattern of
 * IPRewriterPatterns), as in a rewriter's "pattern" input spec. A rewriter
 * whose input spec names this element asks it for each new flow: the
 * patterns are tried in turn, starting after the one used last, and the
 * first that can rewrite the flow (a free port found) makes the mapping,
 * with that pattern's output ports.
 *
 * At a hot swap (nfclick -R), a rewriter's flows made by this mapper move
 * to the new rewriter of the same name when one of its input specs has a
 * pattern (its own, or one of its mapper's) covering the pattern that made
 * them: see IPRewriter.
 * =e
 *   rr :: RoundRobinIPMapper(- - 10.0.0.1 80 0 1, - - 10.0.0.2 80 0 1);
 *   rw :: IPRewriter(rr, drop);
 * =a IPRewriter, TCPRewriter, IPRewriterPatterns
 */
#include <stdio.h>
#include <string.h>
#include "rewriter_priv.h"

struct roundrobinipmapper {
	struct nfc_element e;
	struct rw_mapper iface;
	int n;
	struct rw_pattern **patterns;
	int *foutput, *routput;
	/** Next pattern to try. */
	int next;
};

static int roundrobinipmapper_parse(struct roundrobinipmapper *rr, int i, const char *text,
				    struct nfc_errh *errh)
{
	char **words = NULL;
	int nwords = 0, r = 0;
	const char *error = NULL;
	if (nfc_split_words(text, &words, &nwords) < 0 || nwords <= 2)
		r = nfc_error(errh, "pattern %d: syntax error", i);
	else if (nfc_parse_int32(words[nwords - 2], &rr->foutput[i]) < 0)
		r = nfc_error(errh, "pattern %d: bad forward port", i);
	else if (nfc_parse_int32(words[nwords - 1], &rr->routput[i]) < 0)
		r = nfc_error(errh, "pattern %d: bad reply port", i);
	else if (!(rr->patterns[i] = rw_pattern_parse(&rr->e, words, nwords - 2, &error))) {
		if (strcmp(error, "no such pattern") == 0)
			r = nfc_error(errh, "pattern %d: no such pattern '%s'", i, words[0]);
		else
			r = nfc_error(errh, "pattern %d: %s", i, error);
	}
	nfc_words_free(words, nwords);
	return r;
}

static int roundrobinipmapper_check(struct rw_mapper *m, struct rw_core *rw,
				    struct nfc_errh *errh)
{
	struct roundrobinipmapper *rr = (struct roundrobinipmapper *)m->e;
	for (int i = 0; i < rr->n; i++)
		if ((unsigned)rr->foutput[i] >= (unsigned)rw->e.noutputs ||
		    (unsigned)rr->routput[i] >= (unsigned)rw->e.noutputs) {
			char a[256], b[256];
			return nfc_error(errh, "port in '%s' out of range for '%s'",
					 nfc_element_declaration(&rr->e, a, sizeof a),
					 nfc_element_declaration(&rw->e, b, sizeof b));
		}
	return 0;
}

static int roundrobinipmapper_rewrite(struct rw_mapper *m, struct rw_core *rw,
				      struct rw_input *in, const struct rw_flowid *flowid,
				      struct rw_flowid *out, const struct rw_map *reply_map)
{
	struct roundrobinipmapper *rr = (struct roundrobinipmapper *)m->e;
	for (int tries = 0; tries < rr->n; tries++) {
		int i = rr->next;
		rr->next = (rr->next + 1) % rr->n;
		if (rw_pattern_rewrite(rr->patterns[i], rw, flowid, out, reply_map) == RW_ADDMAP) {
			in->foutput = rr->foutput[i];
			in->routput = rr->routput[i];
			return RW_ADDMAP;
		}
	}
	return RW_DROP;
}

static int roundrobinipmapper_configure(struct nfc_element *e, struct nfc_conf *conf,
					struct nfc_errh *errh)
{
	struct roundrobinipmapper *rr = (struct roundrobinipmapper *)e;
	rr->iface.e = e;
	rr->iface.check = roundrobinipmapper_check;
	rr->iface.rewrite = roundrobinipmapper_rewrite;
	if (conf->argc == 0)
		return nfc_error(errh, "no patterns given");
	if (conf->argc == 1)
		nfc_warning(errh, "only one pattern given");
	rr->patterns = calloc((size_t)conf->argc, sizeof *rr->patterns);
	rr->foutput = calloc((size_t)conf->argc, sizeof *rr->foutput);
	rr->routput = calloc((size_t)conf->argc, sizeof *rr->routput);
	if (!rr->patterns || !rr->foutput || !rr->routput)
		return nfc_error(errh, "out of memory");
	rr->n = conf->argc;
	rr->iface.patterns = rr->patterns;
	rr->iface.npatterns = rr->n;
	int r = 0;
	for (int i = 0; i < conf->argc; i++)
		if (roundrobinipmapper_parse(rr, i, conf->argv[i], errh) < 0)
			r = -1;
	return r;
}

static void roundrobinipmapper_cleanup(struct nfc_element *e)
{
	struct roundrobinipmapper *rr = (struct roundrobinipmapper *)e;
	for (int i = 0; i < rr->n; i++)
		rw_pattern_unuse(rr->patterns[i]);
	free(rr->patterns);
	free(rr->foutput);
	free(rr->routput);
	rr->n = 0;
	rr->iface.patterns = NULL;
	rr->iface.npatterns = 0;
}

static void *roundrobinipmapper_cast(struct nfc_element *e, const char *iface)
{
	struct roundrobinipmapper *rr = (struct roundrobinipmapper *)e;
	return strcmp(iface, RW_IFACE_MAPPER) == 0 ? &rr->iface : NULL;
}

static const struct nfc_element_class roundrobinipmapper_class = {
	.name = "RoundRobinIPMapper",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct roundrobinipmapper),
	.flags = 0, /* its turn is shared state: used from its rewriters' thread */
	.configure = roundrobinipmapper_configure,
	.cleanup = roundrobinipmapper_cleanup,
	.cast = roundrobinipmapper_cast,
};
NFC_REGISTER_ELEMENT(roundrobinipmapper_class);
