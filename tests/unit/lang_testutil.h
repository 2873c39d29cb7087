/* SPDX-License-Identifier: MIT */
/* Helpers shared by the language front-end unit tests (parser, compound). */
#ifndef NFCLICK_LANG_TESTUTIL_H
#define NFCLICK_LANG_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/config.h>
#include <nfclick/error.h>
#include <nfclick/strbuf.h>

/* One parse: its result, messages, and the flat configuration. */
struct lt_parse {
	int rc;
	struct nfc_errh errh;
	struct nfc_flat_config fc;
	char *flat; /* nfc_flat_config_unparse output */
};

static inline struct lt_parse *lt_parse_vars(const char *text, const struct nfc_config_var *vars,
					     int nvars)
{
	struct lt_parse *p = calloc(1, sizeof(*p));
	nfc_errh_init_buffer(&p->errh);
	p->rc = nfc_config_parse(text, "config", vars, nvars, &p->fc, &p->errh);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_flat_config_unparse(&p->fc, &sb);
	p->flat = nfc_strbuf_take(&sb);
	if (!p->flat)
		p->flat = calloc(1, 1);
	return p;
}

static inline struct lt_parse *lt_parse(const char *text)
{
	return lt_parse_vars(text, NULL, 0);
}

static inline void lt_free(struct lt_parse *p)
{
	nfc_flat_config_free(&p->fc);
	nfc_errh_destroy(&p->errh);
	free(p->flat);
	free(p);
}

static inline const char *lt_errors(const struct lt_parse *p)
{
	return p->errh.buf ? p->errh.buf : "";
}

static inline int lt_find(const struct lt_parse *p, const char *name)
{
	for (int i = 0; i < p->fc.nelements; i++)
		if (strcmp(p->fc.elements[i].name, name) == 0)
			return i;
	return -1;
}

static inline const struct nfc_flat_element *lt_elem(const struct lt_parse *p, const char *name)
{
	int i = lt_find(p, name);
	return i >= 0 ? &p->fc.elements[i] : NULL;
}

/* Is there a connection "from [fp] -> [tp] to"? */
static inline int lt_connected(const struct lt_parse *p, const char *from, int fp, const char *to,
			       int tp)
{
	int a = lt_find(p, from), b = lt_find(p, to);
	for (int i = 0; i < p->fc.nconnections; i++) {
		const struct nfc_flat_connection *c = &p->fc.connections[i];
		if (c->from == a && c->from_port == fp && c->to == b && c->to_port == tp)
			return 1;
	}
	return 0;
}

/* The flat text of a configuration, parsed once more. */
static inline char *lt_reflatten(const char *flat)
{
	struct lt_parse *p = lt_parse(flat);
	char *r = p->rc == 0 ? strdup(p->flat) : NULL;
	if (p->rc)
		fprintf(stderr, "re-parse failed:\n%s\n%s", flat, lt_errors(p));
	lt_free(p);
	return r;
}

#endif
