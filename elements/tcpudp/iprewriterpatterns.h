/* SPDX-License-Identifier: MIT */
/* IPRewriterPatterns' instance, read by the rewriters that name its patterns. */
#ifndef NFCLICK_ELEMENTS_TCPUDP_IPREWRITERPATTERNS_H
#define NFCLICK_ELEMENTS_TCPUDP_IPREWRITERPATTERNS_H

#include <string.h>
#include "rewriter_priv.h"

struct rw_named_patterns {
	struct nfc_element e;
	int n;
	char **names;
	struct rw_pattern **patterns;
};

/** The pattern called @name in IPRewriterPatterns element @e, or NULL. */
static inline struct rw_pattern *rw_named_patterns_find(struct nfc_element *e, const char *name)
{
	struct rw_named_patterns *np = (struct rw_named_patterns *)e;
	for (int i = 0; i < np->n; i++)
		if (strcmp(np->names[i], name) == 0)
			return np->patterns[i];
	return NULL;
}

#endif
