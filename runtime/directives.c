/* SPDX-License-Identifier: MIT */
/* Click language directives: require(package/library), define(), provide(). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <nfclick/strbuf.h>
#include "parser_priv.h"

/* "(args)" of require/define/provide, or NULL after reporting. */
char *nfc_parser_paren_args(struct nfc_parser *P)
{
	if (!nfc_lexer_expect(P->lx, '(', true))
		return NULL;
	char *s = nfc_lexer_config(P->lx);
	nfc_lexer_expect(P->lx, ')', true);
	return s;
}

static char *read_whole_file(const char *path, size_t *len)
{
	/* Only regular files: a library named /dev/stdin must not hang us. */
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len < (64u << 20))
		nfc_strbuf_append(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	char *r = nfc_strbuf_take(&sb);
	return r ? r : nfc_lang_strdup("");
}

/* require(library FILE): read FILE (next to the current file, or in
 * $CLICKPATH/conf) into this configuration, once. */
static void require_library(struct nfc_parser *P, const char *file, const struct nfc_srcpos *pos)
{
	if (P->c->depth > 0) {
		nfc_lexer_error_at(P->lx, pos, "'require library' must be used at file scope");
		return;
	}
	struct nfc_lang_svec tries = { 0 };
	if (file[0] == '/')
		nfc_lang_svec_push(&tries, nfc_lang_strdup(file));
	else {
		const char *slash = strrchr(P->lx->file, '/');
		if (slash)
			nfc_lang_svec_push(&tries, nfc_lang_printf("%.*s/%s", (int)(slash - P->lx->file),
								   P->lx->file, file));
		else
			nfc_lang_svec_push(&tries, nfc_lang_strdup(file));
		const char *cp = getenv("CLICKPATH");
		while (cp && *cp) {
			const char *colon = strchr(cp, ':');
			size_t n = colon ? (size_t)(colon - cp) : strlen(cp);
			if (n)
				nfc_lang_svec_push(&tries, nfc_lang_printf("%.*s/conf/%s", (int)n, cp, file));
			cp = colon ? colon + 1 : NULL;
		}
	}
	char *data = NULL, *path = NULL;
	size_t len = 0;
	for (int i = 0; i < tries.n && !data; i++)
		if ((data = read_whole_file(tries.v[i], &len)) != NULL)
			path = nfc_lang_strdup(tries.v[i]);
	nfc_lang_svec_free(&tries);
	if (!data) {
		nfc_lexer_error_at(P->lx, pos, "library '%s' not found in CLICKPATH/conf", file);
		return;
	}
	for (int i = 0; i < P->libraries.n; i++)
		if (strcmp(P->libraries.v[i], path) == 0) {
			free(data);
			free(path);
			return;
		}
	nfc_lang_svec_push(&P->libraries, path); /* owns the name landmarks point to */
	nfc_parser_file(P, data, len, path);
	free(data);
}

void nfc_parser_require(struct nfc_parser *P, const struct nfc_srcpos *pos)
{
	char *req = nfc_parser_paren_args(P);
	if (!req)
		return;
	nfc_lexer_expect(P->lx, ';', false);
	struct nfc_lang_svec args = { 0 };
	nfc_lang_argvec(req, &args);
	for (int i = 0; i < args.n; i++) {
		struct nfc_lang_svec words = { 0 };
		const char *s = args.v[i];
		while (*s)
			nfc_lang_svec_push(&words, nfc_lang_shift_word(&s));
		if (words.n == 0) {
			nfc_lang_svec_free(&words);
			continue;
		}
		char *type = nfc_lang_unquote(words.v[0]);
		bool known = !strcmp(type, "package") || !strcmp(type, "library") ||
			     !strcmp(type, "compact_config");
		char *value = NULL;
		if (!known && words.n == 1) { /* require(NAME) means a package */
			value = type;
			type = nfc_lang_strdup("package");
		} else if (words.n == 2 && strcmp(type, "compact_config") != 0)
			value = nfc_lang_unquote(words.v[1]);
		if (!strcmp(type, "compact_config") && words.n == 1)
			; /* a Click optimisation hint; nothing to do */
		else if (value && !strcmp(type, "package"))
			nfc_lang_svec_push(&P->p->requirements, nfc_lang_printf("package %s", value));
		else if (value && !strcmp(type, "library")) {
			nfc_lang_svec_push(&P->p->requirements, nfc_lang_printf("library %s", value));
			require_library(P, value, pos);
		} else
			nfc_lexer_error_at(P->lx, pos, "syntax error at requirement");
		free(type);
		free(value);
		nfc_lang_svec_free(&words);
	}
	nfc_lang_svec_free(&args);
	free(req);
}

/* define($X value, $Y value) */
void nfc_parser_define(struct nfc_parser *P, const struct nfc_srcpos *pos)
{
	char *text = nfc_parser_paren_args(P);
	if (!text)
		return;
	struct nfc_lang_svec args = { 0 };
	nfc_lang_argvec(text, &args);
	for (int i = 0; i < args.n; i++) {
		if (!*args.v[i])
			continue;
		const char *rest = args.v[i];
		char *var = nfc_lang_shift_word(&rest);
		const char *s = var + 1;
		if (var[0] == '$')
			while (*s && (isalnum((unsigned char)*s) || *s == '_'))
				s++;
		if (var[0] != '$' || strlen(var) < 2 || *s)
			nfc_lexer_error_at(P->lx, pos, "bad 'define' declaration: not a variable");
		else
			nfc_parser_define_var(P, P->c, var + 1, rest, false, pos);
		free(var);
	}
	nfc_lang_svec_free(&args);
	free(text);
}

