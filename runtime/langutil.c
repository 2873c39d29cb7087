/* SPDX-License-Identifier: MIT */
/* Small containers for the language front end: vectors, a string map, strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/strbuf.h>
#include "parser_priv.h"

void *nfc_lang_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort(); /* out of memory while parsing: nothing sensible remains */
	return q;
}

char *nfc_lang_strndup(const char *s, size_t n)
{
	char *r = nfc_lang_xrealloc(NULL, n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *nfc_lang_strdup(const char *s)
{
	return nfc_lang_strndup(s, strlen(s));
}

char *nfc_lang_printf(const char *fmt, ...)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	nfc_strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	char *r = nfc_strbuf_take(&sb);
	return r ? r : nfc_lang_strdup("");
}

void nfc_lang_ivec_push(struct nfc_lang_ivec *iv, int x)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? 2 * iv->cap : 16;
		iv->v = nfc_lang_xrealloc(iv->v, (size_t)iv->cap * sizeof(int));
	}
	iv->v[iv->n++] = x;
}

void nfc_lang_svec_push(struct nfc_lang_svec *sv, char *owned)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 8;
		sv->v = nfc_lang_xrealloc(sv->v, (size_t)sv->cap * sizeof(char *));
	}
	sv->v[sv->n++] = owned;
}

void nfc_lang_svec_free(struct nfc_lang_svec *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static size_t map_hash(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void nfc_lang_map_free(struct nfc_lang_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t map_slot(const struct nfc_lang_map *m, const char *key)
{
	size_t i = map_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int nfc_lang_map_get(const struct nfc_lang_map *m, const char *key)
{
	if (!m->cap)
		return -1;
	size_t i = map_slot(m, key);
	return m->keys[i] ? m->vals[i] : -1;
}

void nfc_lang_map_set(struct nfc_lang_map *m, const char *key, int val)
{
	if ((m->used + 1) * 10 >= m->cap * 7) {
		struct nfc_lang_map old = *m;
		m->cap = old.cap ? 2 * old.cap : 64;
		m->keys = calloc(m->cap, sizeof(char *));
		m->vals = calloc(m->cap, sizeof(int));
		if (!m->keys || !m->vals)
			abort();
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = map_slot(m, old.keys[i]);
				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
			}
		free(old.keys);
		free(old.vals);
	}
	size_t i = map_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = nfc_lang_strdup(key);
		m->used++;
	}
	m->vals[i] = val;
}

