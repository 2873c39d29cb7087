/* SPDX-License-Identifier: MIT */
/* Flat configurations: writing them back as Click text, and freeing them. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/config.h>
#include <nfclick/strbuf.h>

void nfc_flat_config_free(struct nfc_flat_config *fc)
{
	if (!fc)
		return;
	for (int i = 0; i < fc->nelements && fc->elements; i++) {
		struct nfc_flat_element *e = &fc->elements[i];
		free(e->name);
		free(e->class_name);
		free(e->config);
		free(e->landmark);
		free(e->context);
	}
	free(fc->elements);
	for (int i = 0; i < fc->nconnections && fc->connections; i++)
		free(fc->connections[i].landmark);
	free(fc->connections);
	for (int i = 0; i < fc->nrequirements && fc->requirements; i++)
		free(fc->requirements[i]);
	free(fc->requirements);
	free(fc->filename);
	memset(fc, 0, sizeof(*fc));
}

/* A requirement value that re-reads as itself without quotes. */
static bool plain_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-./@:+", *s))
			return false;
	return true;
}

static void put_quoted(struct nfc_strbuf *out, const char *s)
{
	nfc_strbuf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c == '$')
			nfc_strbuf_putc(out, '\\');
		if (c < 32 || c >= 127)
			nfc_strbuf_printf(out, "\\%03o", c);
		else
			nfc_strbuf_putc(out, (char)c);
	}
	nfc_strbuf_putc(out, '"');
}

void nfc_flat_config_unparse(const struct nfc_flat_config *fc, struct nfc_strbuf *out)
{
	/* Libraries were read into the configuration already; only packages
	 * still mean something to whoever reads the flat text. */
	bool any = false;
	for (int i = 0; i < fc->nrequirements; i++) {
		const char *r = fc->requirements[i];
		if (strncmp(r, "package ", 8) != 0)
			continue;
		nfc_strbuf_puts(out, "require(package ");
		if (plain_word(r + 8))
			nfc_strbuf_puts(out, r + 8);
		else
			put_quoted(out, r + 8);
		nfc_strbuf_puts(out, ");\n");
		any = true;
	}
	if (any && fc->nelements)
		nfc_strbuf_putc(out, '\n');

	for (int i = 0; i < fc->nelements; i++) {
		const struct nfc_flat_element *e = &fc->elements[i];
		nfc_strbuf_printf(out, "%s :: %s", e->name, e->class_name);
		if (e->config && *e->config)
			nfc_strbuf_printf(out, "(%s)", e->config);
		nfc_strbuf_puts(out, ";\n");
	}
	if (fc->nelements && fc->nconnections)
		nfc_strbuf_putc(out, '\n');

	for (int i = 0; i < fc->nconnections; i++) {
		const struct nfc_flat_connection *c = &fc->connections[i];
		if (c->from < 0 || c->from >= fc->nelements || c->to < 0 || c->to >= fc->nelements)
			continue;
		nfc_strbuf_puts(out, fc->elements[c->from].name);
		if (c->from_port)
			nfc_strbuf_printf(out, " [%d]", c->from_port);
		nfc_strbuf_puts(out, " -> ");
		if (c->to_port)
			nfc_strbuf_printf(out, "[%d] ", c->to_port);
		nfc_strbuf_puts(out, fc->elements[c->to].name);
		nfc_strbuf_puts(out, ";\n");
	}
}
