/* SPDX-License-Identifier: MIT */
/* Script's $-expansion ($x, ${x}, $(handler args)) and its handler calls. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "script_priv.h"

/* Expansion nests through $($x) and handler values; Click stops at depth 10. */
#define EXPAND_MAX_DEPTH 10

static void expand_into(struct script *s, const char *text, bool quote_bare, int depth,
			struct nfc_strbuf *out, struct nfc_errh *errh);

/* The @n-th (1-based) space-separated word of the run arguments. */
static char *nth_run_arg(const struct script *s, long n)
{
	const char *rest = s->run_args ? s->run_args : "";
	char *word = strdup("");
	for (; n > 0 && !script_is_blank(rest); n--) {
		free(word);
		word = script_shift_word(&rest);
	}
	if (n > 0) {
		free(word);
		word = strdup("");
	}
	return word;
}

/*
 * The value of variable @name, as Click's Script expander finds it: script
 * variables, then $? (last write status), $args, $$ (pid), $0 (handler
 * name), $1..$9.. (run arguments), $# (their count), $write, and for
 * $(...) a read handler call. Returns false when nothing matched (the text
 * is then left as written).
 */
static bool expand_lookup(struct script *s, const char *name, char vtype, struct nfc_strbuf *val,
			  struct nfc_errh *errh)
{
	int i = script_find_var(s, name, false);
	if (i >= 0) {
		nfc_strbuf_puts(val, s->vars[i].value ? s->vars[i].value : "");
		return true;
	}
	if (strcmp(name, "?") == 0) {
		nfc_strbuf_printf(val, "%d", s->write_status);
		return true;
	}
	if (strcmp(name, "args") == 0) {
		nfc_strbuf_puts(val, s->run_args ? s->run_args : "");
		return true;
	}
	if (strcmp(name, "$") == 0) {
		nfc_strbuf_printf(val, "%ld", (long)getpid());
		return true;
	}
	if (strcmp(name, "0") == 0) {
		nfc_strbuf_puts(val, s->run_handler_name ? s->run_handler_name : "");
		return true;
	}
	if (name[0] >= '1' && name[0] <= '9') {
		char *end;
		long n = strtol(name, &end, 10);
		if (!*end) {
			char *w = nth_run_arg(s, n);
			nfc_strbuf_puts(val, w);
			free(w);
			return true;
		}
	}
	if (strcmp(name, "#") == 0) {
		int n = 0;
		const char *rest = s->run_args ? s->run_args : "";
		while (!script_is_blank(rest)) {
			free(script_shift_word(&rest));
			n++;
		}
		nfc_strbuf_printf(val, "%d", n);
		return true;
	}
	if (strcmp(name, "write") == 0) {
		nfc_strbuf_puts(val, s->run_write ? "true" : "false");
		return true;
	}
	if (vtype == '(') {
		bool found;
		script_call_handler(s, name, false, false, val, NULL, &found, errh);
		return found;
	}
	return false;
}

/* Scan a $(...) reference whose "(" is at @p[-1]: returns the closing ")"
 * or NULL when unbalanced; *@nested tells whether the name holds a '$'. */
static const char *scan_paren(const char *p, bool *nested)
{
	int level = 1;
	char quote = 0;
	for (; *p; p++) {
		switch (*p) {
		case '(':
			if (!quote)
				level++;
			break;
		case ')':
			if (!quote && --level == 0)
				return p;
			break;
		case '"':
		case '\'':
			if (!quote)
				quote = *p;
			else if (quote == *p)
				quote = 0;
			break;
		case '\\':
			if (p[1] && quote != '\'')
				p++;
			break;
		case '$':
			if (quote != '\'')
				*nested = true;
			break;
		}
	}
	return NULL;
}

/* Append an expansion result, quoting it when it lands inside double quotes
 * (or outside any quotes, with quote_bare) so that a later unquote gives
 * back the value exactly. */
static void append_value(struct nfc_strbuf *out, const char *value, char quote, bool quote_bare)
{
	if (quote != '"' && !(quote_bare && !quote)) {
		nfc_strbuf_puts(out, value);
		return;
	}
	char *q = script_quote(value);
	size_t n = strlen(q);
	if (quote == '"')
		nfc_strbuf_append(out, q + 1, n - 2);
	else
		nfc_strbuf_puts(out, q);
	free(q);
}

static void expand_into(struct script *s, const char *text, bool quote_bare, int depth,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const char *p = text, *copied = text;
	char quote = 0;
	for (; *p; p++) {
		if (*p == '\\') {
			if (p[1] && quote == '"')
				p++;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			if (!quote)
				quote = *p;
			else if (quote == *p)
				quote = 0;
			continue;
		}
		if (*p == '/' && (p[1] == '/' || p[1] == '*') && !quote) {
			p = script_skip_space(p) - 1;
			continue;
		}
		if (*p != '$' || !p[1] || quote == '\'' || depth > EXPAND_MAX_DEPTH)
			continue;

		const char *dollar = p, *name_start, *name_end, *after;
		char vtype;
		bool nested = false;
		if (p[1] == '{') {
			vtype = '{';
			name_start = p + 2;
			name_end = strchr(name_start, '}');
			if (!name_end)
				break;
			nested = memchr(name_start, '$', (size_t)(name_end - name_start)) != NULL;
			after = name_end + 1;
		} else if (p[1] == '(') {
			vtype = '(';
			name_start = p + 2;
			name_end = scan_paren(name_start, &nested);
			if (!name_end)
				break;
			after = name_end + 1;
		} else if (isalnum((unsigned char)p[1]) || p[1] == '_') {
			vtype = 'a';
			name_start = p + 1;
			for (name_end = name_start;
			     isalnum((unsigned char)*name_end) || *name_end == '_'; name_end++)
				;
			after = name_end;
		} else if (p[1] == '?' || p[1] == '#' || p[1] == '$') {
			vtype = 'a';
			name_start = p + 1;
			name_end = after = p + 2;
		} else
			continue;

		nfc_strbuf_append(out, copied, (size_t)(dollar - copied));
		char *name = strndup(name_start, (size_t)(name_end - name_start));
		if (nested) {
			struct nfc_strbuf expanded = NFC_STRBUF_INIT;
			expand_into(s, name, false, depth + 1, &expanded, errh);
			free(name);
			name = strdup(nfc_strbuf_str(&expanded));
			nfc_strbuf_free(&expanded);
		}
		struct nfc_strbuf value = NFC_STRBUF_INIT;
		copied = after;
		if (expand_lookup(s, name, vtype, &value, errh))
			append_value(out, nfc_strbuf_str(&value), quote, quote_bare);
		else if (nested) {
			/* keep the reference, with its name expanded */
			nfc_strbuf_append(out, dollar, 2);
			nfc_strbuf_puts(out, name);
			nfc_strbuf_putc(out, after[-1]);
		} else
			copied = dollar;
		nfc_strbuf_free(&value);
		free(name);
		p = after - 1;
	}
	nfc_strbuf_puts(out, copied);
}

char *script_expand(struct script *s, const char *text, bool quote_bare, struct nfc_errh *errh)
{
	struct nfc_strbuf out = NFC_STRBUF_INIT;
	expand_into(s, text ? text : "", quote_bare, 0, &out, errh);
	char *r = nfc_strbuf_take(&out);
	return r ? r : strdup("");
}

/* ---- handler calls ---- */

int script_call_handler(struct script *s, const char *text, bool write, bool unquote,
			struct nfc_strbuf *out, struct nfc_strbuf *display, bool *found,
			struct nfc_errh *errh)
{
	const char *rest = text;
	char *word = script_shift_word(&rest);
	char *name = script_unquote(word);
	free(word);
	char *value = unquote ? script_unquote(rest) : script_strdup_trim(rest);
	int status = -1;
	*found = false;

	if (!*name || name[strlen(name) - 1] == '.') {
		nfc_error(errh, "bad handler name '%s'", name);
		goto done;
	}
	/* A name without a dot is the script's own handler if it has one (Click's
	 * context rule); a leading dot forces the global handler. */
	bool global = name[0] == '.';
	const char *hname = global ? name + 1 : name;
	if (!global && !strchr(name, '.')) {
		status = script_call_own(s, name, *value ? value : NULL, write, out, errh);
		if (status != SCRIPT_NOT_OWN) {
			*found = true;
			if (display)
				nfc_strbuf_printf(display, "%s.%s", s->e.name, name);
			goto done;
		}
	}

	struct nfc_handler_call hc;
	if (nfc_handler_call_init(&hc, &s->e, hname, write, errh) < 0) {
		status = -1;
		goto done;
	}
	*found = true;
	/* The value is ours (unquoted as asked), not the lookup's re-split. */
	free(hc.value);
	hc.value = *value || write ? strdup(value) : NULL;
	if (display) {
		const char *dot = strrchr(hname, '.');
		if (hc.element)
			nfc_strbuf_printf(display, "%s.%s", hc.element->name, dot ? dot + 1 : hname);
		else
			nfc_strbuf_puts(display, hname);
	}
	status = write ? nfc_handler_call_run_write(&hc, errh)
		       : nfc_handler_call_run_read(&hc, out, errh);
	nfc_handler_call_free(&hc);
done:
	free(name);
	free(value);
	return status;
}
