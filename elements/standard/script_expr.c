/* SPDX-License-Identifier: MIT */
/* Script's expression functions ($(add 1 2), $(eq a b), $(sprintf ...)) and variable handlers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "script_priv.h"

typedef int (*script_fn)(struct script *s, int what, const char *param, struct nfc_strbuf *out,
			 struct nfc_errh *errh);

struct script_builtin {
	const char *name;
	script_fn fn;
	int what;
	/* NFC_HANDLER_* flags; a write handler when is_write. */
	unsigned flags;
	bool is_write;
};

static void put_bool(struct nfc_strbuf *out, bool b)
{
	nfc_strbuf_puts(out, b ? "true" : "false");
}

static void put_real(struct nfc_strbuf *out, double d)
{
	nfc_strbuf_printf(out, "%.12g", d);
}

/* A number as Click reads it: an integer when it is one, else a real. */
struct number {
	bool is_int;
	int64_t i;
	double d;
};

static bool parse_number(const char *s, struct number *n)
{
	if (script_parse_int(s, &n->i)) {
		n->is_int = true;
		n->d = (double)n->i;
		return true;
	}
	n->is_int = false;
	return script_parse_real(s, &n->d);
}

/* Exactly @want words of @param into @words (heap); false otherwise. */
static bool take_words(const char *param, char **words, int want)
{
	const char *rest = param;
	int n = 0;
	for (; n < want && !script_is_blank(rest); n++)
		words[n] = script_shift_word(&rest);
	bool ok = n == want && script_is_blank(rest);
	if (!ok)
		while (n > 0)
			free(words[--n]);
	return ok;
}

/* add, sub, min, max, mul, div, idiv over a list: integers while every
 * operand is one (div and idiv always work in reals, as in Click). */
static int fn_arith(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		    struct nfc_errh *errh)
{
	bool use_real = what == SF_DIV || what == SF_IDIV, first = true;
	uint64_t acc = what == SF_ADD || what == SF_SUB ? 0 : 1; /* unsigned: wraps, no UB */
	double dacc = (double)acc;
	for (const char *rest = param; !script_is_blank(rest);) {
		char *w = script_shift_word(&rest);
		struct number n;
		bool ok = parse_number(w, &n);
		free(w);
		if (!ok)
			return nfc_error(errh, "expected list of numbers");
		if (!use_real && !n.is_int) {
			use_real = true;
			dacc = (double)(int64_t)acc;
		}
		if (use_real) {
			if (first)
				dacc = n.d;
			else if (what == SF_ADD)
				dacc += n.d;
			else if (what == SF_SUB)
				dacc -= n.d;
			else if (what == SF_MIN)
				dacc = n.d < dacc ? n.d : dacc;
			else if (what == SF_MAX)
				dacc = n.d > dacc ? n.d : dacc;
			else if (what == SF_MUL)
				dacc *= n.d;
			else
				dacc /= n.d;
		} else {
			uint64_t v = (uint64_t)n.i;
			if (first)
				acc = v;
			else if (what == SF_ADD)
				acc += v;
			else if (what == SF_SUB)
				acc -= v;
			else if (what == SF_MIN)
				acc = n.i < (int64_t)acc ? v : acc;
			else if (what == SF_MAX)
				acc = n.i > (int64_t)acc ? v : acc;
			else
				acc *= v;
		}
		first = false;
	}
	if (what == SF_IDIV) {
		if (!isfinite(dacc) || fabs(dacc) >= 9.2e18)
			return nfc_error(errh, "division by zero or overflow");
		nfc_strbuf_printf(out, "%lld", (long long)dacc);
	} else if (use_real)
		put_real(out, dacc);
	else
		nfc_strbuf_printf(out, "%lld", (long long)(int64_t)acc);
	return 0;
}

/* mod (integers only) and rem (reals allowed) of two numbers. */
static int fn_modrem(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		     struct nfc_errh *errh)
{
	char *w[2];
	if (!take_words(param, w, 2))
		return nfc_error(errh, "expected two numbers");
	struct number a, b;
	bool ok = parse_number(w[0], &a) && parse_number(w[1], &b);
	free(w[0]);
	free(w[1]);
	if (!ok || (what == SF_MOD && !(a.is_int && b.is_int)))
		return nfc_error(errh, "expected two numbers");
	if (a.is_int && b.is_int) {
		if (b.i == 0)
			return nfc_error(errh, "division by zero");
		nfc_strbuf_printf(out, "%lld", b.i == -1 ? 0LL : (long long)(a.i % b.i));
	} else
		put_real(out, fmod(a.d, b.d));
	return 0;
}

static int fn_negabs(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		     struct nfc_errh *errh)
{
	char *t = script_strdup_trim(param);
	struct number n;
	bool ok = parse_number(t, &n);
	free(t);
	if (!ok)
		return nfc_error(errh, "expected one number");
	if (n.is_int) {
		uint64_t v = (uint64_t)n.i;
		if (what == SF_NEG || n.i < 0)
			v = 0 - v;
		nfc_strbuf_printf(out, "%lld", (long long)(int64_t)v);
	} else
		put_real(out, what == SF_NEG ? -n.d : fabs(n.d));
	return 0;
}

/* eq, ne, lt, le, gt, ge: numeric when both parse as numbers, else a
 * bytewise comparison of the unquoted strings. */
static int fn_compare(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		      struct nfc_errh *errh)
{
	char *w[2];
	if (!take_words(param, w, 2))
		return nfc_error(errh, "expected two numbers");
	struct number a, b;
	int cmp;
	if (parse_number(w[0], &a) && parse_number(w[1], &b)) {
		if (a.is_int && b.is_int)
			cmp = a.i < b.i ? -1 : a.i > b.i;
		else
			cmp = a.d < b.d ? -1 : a.d > b.d;
	} else {
		char *ua = script_unquote(w[0]), *ub = script_unquote(w[1]);
		cmp = strcmp(ua, ub);
		cmp = cmp < 0 ? -1 : cmp > 0;
		free(ua);
		free(ub);
	}
	free(w[0]);
	free(w[1]);
	bool r = what == SF_LT ? cmp < 0 : what == SF_LE ? cmp <= 0 : what == SF_EQ ? cmp == 0
	       : what == SF_NE ? cmp != 0 : what == SF_GT ? cmp > 0 : cmp >= 0;
	put_bool(out, r);
	return 0;
}

static int fn_logic(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		    struct nfc_errh *errh)
{
	if (what == SF_NOT) {
		char *t = script_strdup_trim(param);
		bool b, ok = script_parse_bool(t, &b);
		free(t);
		if (!ok)
			return nfc_error(errh, "syntax error");
		put_bool(out, !b);
		return 0;
	}
	/* and/or stop at the first operand that decides the result */
	bool is_and = what == SF_AND || what == SF_NAND, value = is_and;
	for (const char *rest = param; value == is_and && !script_is_blank(rest);) {
		char *w = script_shift_word(&rest);
		bool b, ok = script_parse_bool(w, &b);
		free(w);
		if (!ok)
			return nfc_error(errh, "syntax error");
		value = is_and ? value && b : value || b;
	}
	put_bool(out, what == SF_NAND || what == SF_NOR ? !value : value);
	return 0;
}

static int fn_if(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		 struct nfc_errh *errh)
{
	const char *rest = param;
	char *cond = script_shift_word(&rest);
	bool b, ok = script_parse_bool(cond, &b);
	free(cond);
	if (!ok)
		return nfc_error(errh, "syntax error");
	char *yes = script_shift_word(&rest);
	char *no = script_shift_word(&rest);
	nfc_strbuf_puts(out, b ? yes : no);
	free(yes);
	free(no);
	return 0;
}

static int fn_in(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		 struct nfc_errh *errh)
{
	const char *rest = param;
	char *w = script_shift_word(&rest);
	char *needle = script_unquote(w);
	free(w);
	bool found = false;
	while (*needle && !found && !script_is_blank(rest)) {
		w = script_shift_word(&rest);
		char *u = script_unquote(w);
		found = strcmp(u, needle) == 0;
		free(u);
		free(w);
	}
	free(needle);
	put_bool(out, found);
	return 0;
}

/* Per-script generator, reseeded when RandomSeed changes the seed. */
static uint32_t next_random(struct script *s)
{
	nfc_rng_sync(&s->rng);
	return nfc_rng_next(&s->rng);
}

static int fn_random(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		     struct nfc_errh *errh)
{
	uint64_t lo = 0, hi = 0x7FFFFFFF;
	char *w[2];
	if (script_is_blank(param))
		;
	else if (take_words(param, w, 1)) {
		int64_t n;
		bool ok = script_parse_int(w[0], &n) && n >= 1 && n <= 0xFFFFFFFFLL;
		free(w[0]);
		if (!ok)
			return nfc_error(errh, "bad N");
		hi = (uint64_t)n - 1;
	} else if (take_words(param, w, 2)) {
		int64_t a, b;
		bool ok = script_parse_int(w[0], &a) && script_parse_int(w[1], &b) && a >= 0 &&
			  b >= a && b <= 0xFFFFFFFFLL;
		free(w[0]);
		free(w[1]);
		if (!ok)
			return nfc_error(errh, "bad N");
		lo = (uint64_t)a;
		hi = (uint64_t)b;
	} else
		return nfc_error(errh, "expected at most two numbers");
	uint64_t span = hi - lo + 1;
	uint64_t r = (((uint64_t)next_random(s) << 32) | next_random(s)) % span;
	nfc_strbuf_printf(out, "%llu", (unsigned long long)(lo + r));
	return 0;
}

static bool own_handler_exists(struct script *s, const char *name, bool write);

static int fn_basic(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		    struct nfc_errh *errh)
{
	switch (what) {
	case SF_FIRST: {
		const char *rest = param;
		char *w = script_shift_word(&rest);
		nfc_strbuf_puts(out, w);
		free(w);
		return 0;
	}
	case SF_NOW: {
		char buf[64];
		nfc_format_timestamp(buf, sizeof buf, nfc_now(), 9);
		nfc_strbuf_puts(out, buf);
		return 0;
	}
	case SF_LENGTH:
		nfc_strbuf_printf(out, "%zu", strlen(param));
		return 0;
	case SF_UNQUOTE: {
		char *u = script_unquote(param);
		nfc_strbuf_puts(out, u);
		free(u);
		return 0;
	}
	case SF_READABLE:
	case SF_WRITABLE: {
		/* every named handler must exist; lookups are silent */
		bool all = true, write = what == SF_WRITABLE;
		for (const char *rest = param; all && !script_is_blank(rest);) {
			char *w = script_shift_word(&rest);
			if (!strchr(w, '.') && own_handler_exists(s, w, write))
				all = true;
			else {
				struct nfc_errh quiet;
				nfc_errh_init_silent(&quiet);
				struct nfc_handler_call hc;
				all = nfc_handler_call_init(&hc, &s->e, w[0] == '.' ? w + 1 : w, write,
							    &quiet) == 0;
				if (all)
					nfc_handler_call_free(&hc);
			}
			free(w);
		}
		put_bool(out, all);
		return 0;
	}
	}
	return -1;
}

/* get VAR, set VAR VALUE, shift [VAR]: variables as word lists ("args" is
 * the run arguments). */
static int fn_var(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		  struct nfc_errh *errh)
{
	const char *rest = param;
	char *name = script_shift_word(&rest);
	int ret = 0;
	if (!*name && what == SF_SHIFT) {
		free(name);
		name = strdup("args");
	}
	char **slot = NULL;
	if (!*name)
		ret = nfc_error(errh, "no variable");
	else if (!script_is_blank(rest) && what != SF_SET)
		ret = nfc_error(errh, "too many arguments");
	else if (strcmp(name, "args") == 0)
		slot = &s->run_args;
	else {
		int i = script_find_var(s, name, what == SF_SET);
		if (i < 0)
			ret = nfc_error(errh, "undefined variable '%s'", name);
		else
			slot = &s->vars[i].value;
	}
	if (slot) {
		if (what == SF_GET)
			nfc_strbuf_puts(out, *slot ? *slot : "");
		else if (what == SF_SET) {
			free(*slot);
			*slot = strdup(rest);
		} else {
			const char *vrest = *slot ? *slot : "";
			char *w = script_shift_word(&vrest);
			char *left = strdup(vrest);
			nfc_strbuf_puts(out, w);
			free(w);
			free(*slot);
			*slot = left;
		}
	}
	free(name);
	return ret;
}

#define RP (NFC_HANDLER_READ_PARAM)
static const struct script_builtin script_builtins[] = {
	{ "add", fn_arith, SF_ADD, RP },
	{ "sub", fn_arith, SF_SUB, RP },
	{ "min", fn_arith, SF_MIN, RP },
	{ "max", fn_arith, SF_MAX, RP },
	{ "mul", fn_arith, SF_MUL, RP },
	{ "div", fn_arith, SF_DIV, RP },
	{ "idiv", fn_arith, SF_IDIV, RP },
	{ "mod", fn_modrem, SF_MOD, RP },
	{ "rem", fn_modrem, SF_REM, RP },
	{ "neg", fn_negabs, SF_NEG, RP },
	{ "abs", fn_negabs, SF_ABS, RP },
	{ "eq", fn_compare, SF_EQ, RP },
	{ "ne", fn_compare, SF_NE, RP },
	{ "gt", fn_compare, SF_GT, RP },
	{ "ge", fn_compare, SF_GE, RP },
	{ "lt", fn_compare, SF_LT, RP },
	{ "le", fn_compare, SF_LE, RP },
	{ "not", fn_logic, SF_NOT, RP },
	{ "and", fn_logic, SF_AND, RP },
	{ "or", fn_logic, SF_OR, RP },
	{ "nand", fn_logic, SF_NAND, RP },
	{ "nor", fn_logic, SF_NOR, RP },
	{ "if", fn_if, SF_IF, RP },
	{ "in", fn_in, SF_IN, RP },
	{ "sprintf", script_fn_sprintf, SF_SPRINTF, RP },
	{ "first", fn_basic, SF_FIRST, RP },
	{ "random", fn_random, SF_RANDOM, RP },
	{ "now", fn_basic, SF_NOW, 0 },
	{ "readable", fn_basic, SF_READABLE, RP },
	{ "writable", fn_basic, SF_WRITABLE, RP },
	{ "length", fn_basic, SF_LENGTH, RP },
	{ "unquote", fn_basic, SF_UNQUOTE, RP },
	{ "htons", script_fn_byteorder, SF_HTONS, RP },
	{ "htonl", script_fn_byteorder, SF_HTONL, RP },
	{ "ntohs", script_fn_byteorder, SF_NTOHS, RP },
	{ "ntohl", script_fn_byteorder, SF_NTOHL, RP },
	/* files and signals: not for remote callers, as in Click */
	{ "cat", script_fn_cat, SF_CAT, RP | NFC_HANDLER_PRIVATE },
	{ "catq", script_fn_cat, SF_CATQ, RP | NFC_HANDLER_PRIVATE },
	{ "kill", script_fn_kill, SF_KILL, RP | NFC_HANDLER_PRIVATE },
	{ "get", fn_var, SF_GET, RP },
	{ "set", fn_var, SF_SET, 0, true },
	{ "shift", fn_var, SF_SHIFT, RP },
};
#undef RP

#define NBUILTINS (sizeof script_builtins / sizeof script_builtins[0])

static int builtin_read(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	const struct script_builtin *b = thunk;
	return b->fn((struct script *)e, b->what, param ? param : "", out, errh);
}

static int builtin_write(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	const struct script_builtin *b = thunk;
	struct nfc_strbuf ignored = NFC_STRBUF_INIT;
	int r = b->fn((struct script *)e, b->what, value ? value : "", &ignored, errh);
	nfc_strbuf_free(&ignored);
	return r;
}

void script_add_builtin_handlers(struct script *s)
{
	for (size_t i = 0; i < NBUILTINS; i++) {
		const struct script_builtin *b = &script_builtins[i];
		if (b->is_write)
			nfc_add_write_handler(&s->e, b->name, builtin_write, (void *)b, b->flags);
		else
			nfc_add_read_handler(&s->e, b->name, builtin_read, (void *)b, b->flags);
	}
}

/* What a name means among the script's own handlers. */
enum own_kind { OWN_NONE, OWN_BUILTIN, OWN_STEP, OWN_GOTO, OWN_RUN, OWN_EXPORT, OWN_PROXY };

static enum own_kind own_lookup(struct script *s, const char *name, bool write, int *index)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(script_builtins[i].name, name) == 0) {
			*index = (int)i;
			return script_builtins[i].is_write == write ? OWN_BUILTIN : OWN_NONE;
		}
	if (strcmp(name, "run") == 0)
		return OWN_RUN;
	if (strcmp(name, "step") == 0 || strcmp(name, "goto") == 0)
		return write ? (name[0] == 's' ? OWN_STEP : OWN_GOTO) : OWN_NONE;
	if (!write)
		for (int i = 0; i < s->ninsns; i++)
			if ((s->insns[i].op == SCRIPT_EXPORT || s->insns[i].op == SCRIPT_EXPORTQ) &&
			    strcmp(s->vars[s->insns[i].arg].name, name) == 0) {
				*index = s->insns[i].arg;
				return OWN_EXPORT;
			}
	/* a proxy script answers to every other name */
	return s->type == SCRIPT_PROXY && *name ? OWN_PROXY : OWN_NONE;
}

static bool own_handler_exists(struct script *s, const char *name, bool write)
{
	int index;
	return own_lookup(s, name, write, &index) != OWN_NONE;
}

int script_call_own(struct script *s, const char *name, const char *param, bool write,
		    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_strbuf scratch = NFC_STRBUF_INIT;
	int index = 0, r;
	if (!out)
		out = &scratch;
	switch (own_lookup(s, name, write, &index)) {
	case OWN_BUILTIN:
		r = script_builtins[index].fn(s, script_builtins[index].what, param ? param : "",
					      out, errh);
		break;
	case OWN_STEP:
		r = script_step_handler(s, SCRIPT_H_STEP, name, param, true, out, errh);
		break;
	case OWN_GOTO:
		r = script_step_handler(s, SCRIPT_H_GOTO, name, param, true, out, errh);
		break;
	case OWN_RUN:
	case OWN_PROXY:
		r = script_step_handler(s, SCRIPT_H_RUN, name, param, write, out, errh);
		break;
	case OWN_EXPORT:
		nfc_strbuf_puts(out, s->vars[index].value ? s->vars[index].value : "");
		r = 0;
		break;
	default:
		r = SCRIPT_NOT_OWN;
		break;
	}
	nfc_strbuf_free(&scratch);
	return r;
}
