/* SPDX-License-Identifier: MIT */
/* The table-driven argument parser: positional and KEYWORD arguments, transactional. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/args.h>
#include <nfclick/element.h>
#include <nfclick/router.h>
#include <nfclick/strbuf.h>
#include <nfclick/addressinfo.h>
#include "args_priv.h"

const char *nfc_arg_type_name(enum nfc_arg_type type)
{
	switch (type) {
	case NFC_ARG_BOOL: return "boolean";
	case NFC_ARG_INT32: return "integer";
	case NFC_ARG_UINT32: return "unsigned integer";
	case NFC_ARG_INT64: return "integer";
	case NFC_ARG_UINT64: return "unsigned integer";
	case NFC_ARG_DOUBLE: return "real number";
	case NFC_ARG_TIME: return "time";
	case NFC_ARG_BANDWIDTH: return "bandwidth";
	case NFC_ARG_STRING: return "string";
	case NFC_ARG_DATA: return "string";
	case NFC_ARG_WORD: return "word";
	case NFC_ARG_RAW: return "argument";
	case NFC_ARG_IP: return "IP address";
	case NFC_ARG_IP_PREFIX: return "IP address prefix";
	case NFC_ARG_ETHER: return "Ethernet address";
	case NFC_ARG_ELEMENT: return "element name";
	case NFC_ARG_HANDLER: return "handler name";
	}
	return "value";
}

/*
 * A parsed value before it is stored. Text results live on the heap here
 * and move into element memory only when the whole parse succeeds, so a
 * failed parse leaves the element untouched.
 */
struct args_value {
	union {
		bool b;
		int32_t i32;
		uint32_t u32;
		int64_t i64;
		uint64_t u64;
		double d;
		uint32_t ip;
		struct nfc_arg_prefix prefix;
		uint8_t ether[6];
		struct nfc_element *element;
	} v;
	/* Text types: malloc'd bytes (NUL-terminated) and their length. */
	char *text;
	size_t text_len;
};

static size_t args_value_size(enum nfc_arg_type type)
{
	switch (type) {
	case NFC_ARG_BOOL: return sizeof(bool);
	case NFC_ARG_INT32: return sizeof(int32_t);
	case NFC_ARG_UINT32: return sizeof(uint32_t);
	case NFC_ARG_INT64:
	case NFC_ARG_TIME: return sizeof(int64_t);
	case NFC_ARG_UINT64: return sizeof(uint64_t);
	case NFC_ARG_DOUBLE:
	case NFC_ARG_BANDWIDTH: return sizeof(double);
	case NFC_ARG_IP: return sizeof(uint32_t);
	case NFC_ARG_IP_PREFIX: return sizeof(struct nfc_arg_prefix);
	case NFC_ARG_ETHER: return 6;
	case NFC_ARG_ELEMENT: return sizeof(struct nfc_element *);
	default: return 0; /* text types */
	}
}

static bool args_type_is_text(enum nfc_arg_type type)
{
	return type == NFC_ARG_STRING || type == NFC_ARG_DATA || type == NFC_ARG_WORD ||
	       type == NFC_ARG_RAW || type == NFC_ARG_HANDLER;
}

/* Report "WHAT: message" (or just the message without a name). */
__attribute__((format(printf, 3, 4))) static int args_error(struct nfc_errh *errh,
							    const char *what, const char *fmt, ...)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	nfc_strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (what && *what)
		nfc_error(errh, "%s: %s", what, nfc_strbuf_str(&sb));
	else
		nfc_error(errh, "%s", nfc_strbuf_str(&sb));
	nfc_strbuf_free(&sb);
	return -1;
}

static int args_expected(struct nfc_errh *errh, const char *what, enum nfc_arg_type type)
{
	return args_error(errh, what, "expected %s", nfc_arg_type_name(type));
}

static int args_parse_int(enum nfc_arg_type type, const char *text, struct args_value *out,
			  struct nfc_errh *errh, const char *what)
{
	bool is_signed = type == NFC_ARG_INT32 || type == NFC_ARG_INT64;
	int bits = type == NFC_ARG_INT32 || type == NFC_ARG_UINT32 ? 32 : 64;
	int64_t sv = 0;
	uint64_t uv = 0;
	enum nfc_num_status st = nfc_args_int_status(text, is_signed, bits, &sv, &uv);
	if (st == NFC_NUM_INVAL)
		return args_expected(errh, what, type);
	if (st == NFC_NUM_RANGE) {
		if (!is_signed)
			return args_error(errh, what, "out of range, bound %" PRIu64,
					  bits == 32 ? (uint64_t)UINT32_MAX : UINT64_MAX);
		bool negative = text[0] == '-';
		int64_t bound = bits == 32 ? (negative ? INT32_MIN : INT32_MAX)
					   : (negative ? INT64_MIN : INT64_MAX);
		return args_error(errh, what, "out of range, bound %" PRId64, bound);
	}
	switch (type) {
	case NFC_ARG_INT32: out->v.i32 = (int32_t)sv; break;
	case NFC_ARG_UINT32: out->v.u32 = (uint32_t)uv; break;
	case NFC_ARG_INT64: out->v.i64 = sv; break;
	default: out->v.u64 = uv; break;
	}
	return 0;
}

/* Dequoted text; @word requires a single Click word. */
static int args_parse_text(enum nfc_arg_type type, const char *text, struct args_value *out,
			   struct nfc_errh *errh, const char *what)
{
	char *s;
	size_t n;
	switch (type) {
	case NFC_ARG_RAW:
	case NFC_ARG_HANDLER:
		if (type == NFC_ARG_HANDLER && !*text)
			return args_expected(errh, what, type);
		s = strdup(text);
		n = strlen(text);
		break;
	case NFC_ARG_WORD:
		if (nfc_parse_word(text, &s, NULL) < 0)
			return args_expected(errh, what, type);
		n = strlen(s);
		break;
	default:
		if (nfc_parse_string(text, &s, &n) < 0)
			return args_expected(errh, what, type);
		break;
	}
	if (!s)
		return args_error(errh, what, "out of memory");
	out->text = s;
	out->text_len = n;
	return 0;
}

static int args_parse_element(struct nfc_element *e, const char *text, struct args_value *out,
			      struct nfc_errh *errh, const char *what)
{
	char *name;
	if (nfc_parse_word(text, &name, NULL) < 0)
		return args_expected(errh, what, NFC_ARG_ELEMENT);
	struct nfc_element *found = e && e->router ? nfc_router_find(e->router, name, e) : NULL;
	if (!found) {
		args_error(errh, what, "no element named '%s'", name);
		free(name);
		return -1;
	}
	free(name);
	out->v.element = found;
	return 0;
}

/* Parse @text as @type into @out; every failure is reported as "WHAT: ...". */
static int args_parse_one(struct nfc_element *e, enum nfc_arg_type type, const char *text,
			  struct args_value *out, struct nfc_errh *errh, const char *what)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		text = "";
	switch (type) {
	case NFC_ARG_BOOL:
		if (nfc_parse_bool(text, &out->v.b) < 0)
			return args_expected(errh, what, type);
		return 0;
	case NFC_ARG_INT32:
	case NFC_ARG_UINT32:
	case NFC_ARG_INT64:
	case NFC_ARG_UINT64:
		return args_parse_int(type, text, out, errh, what);
	case NFC_ARG_DOUBLE: {
		enum nfc_num_status st = nfc_args_double_status(text, &out->v.d);
		if (st == NFC_NUM_RANGE)
			return args_error(errh, what, "out of range");
		return st == NFC_NUM_OK ? 0 : args_expected(errh, what, type);
	}
	case NFC_ARG_TIME: {
		enum nfc_num_status st = nfc_args_time_status(text, &out->v.i64);
		if (st == NFC_NUM_RANGE)
			return args_error(errh, what, "out of range");
		return st == NFC_NUM_OK ? 0 : args_expected(errh, what, type);
	}
	case NFC_ARG_BANDWIDTH:
		if (nfc_parse_bandwidth(text, &out->v.d) < 0)
			return args_expected(errh, what, type);
		return 0;
	/* addresses may be AddressInfo names, as Click's IPAddressArg allows */
	case NFC_ARG_IP:
		if ((e ? nfc_addressinfo_parse_ip(e, text, &out->v.ip)
		       : nfc_parse_ip(text, &out->v.ip)) < 0)
			return args_expected(errh, what, type);
		return 0;
	case NFC_ARG_IP_PREFIX:
		if ((e ? nfc_addressinfo_parse_ip_prefix(e, text, &out->v.prefix.addr,
							 &out->v.prefix.mask, true)
		       : nfc_parse_ip_prefix(text, &out->v.prefix.addr, &out->v.prefix.mask,
					     true)) < 0)
			return args_expected(errh, what, type);
		return 0;
	case NFC_ARG_ETHER:
		if ((e ? nfc_addressinfo_parse_ether(e, text, out->v.ether)
		       : nfc_parse_ether(text, out->v.ether)) < 0)
			return args_expected(errh, what, type);
		return 0;
	case NFC_ARG_ELEMENT:
		return args_parse_element(e, text, out, errh, what);
	case NFC_ARG_STRING:
	case NFC_ARG_DATA:
	case NFC_ARG_WORD:
	case NFC_ARG_RAW:
	case NFC_ARG_HANDLER:
		return args_parse_text(type, text, out, errh, what);
	}
	return args_error(errh, what, "unknown argument type %d", (int)type);
}

/* The value as a double for bounds checks (times in seconds). */
static bool args_bounds_value(enum nfc_arg_type type, const struct args_value *v, double *x)
{
	switch (type) {
	case NFC_ARG_INT32: *x = v->v.i32; return true;
	case NFC_ARG_UINT32: *x = v->v.u32; return true;
	case NFC_ARG_INT64: *x = (double)v->v.i64; return true;
	case NFC_ARG_UINT64: *x = (double)v->v.u64; return true;
	case NFC_ARG_DOUBLE:
	case NFC_ARG_BANDWIDTH: *x = v->v.d; return true;
	case NFC_ARG_TIME: *x = (double)v->v.i64 / 1e9; return true;
	default: return false;
	}
}

static int args_check_bounds(const struct nfc_arg_spec *spec, const struct args_value *v,
			     struct nfc_errh *errh)
{
	double x;
	if (!(spec->flags & NFC_ARGF_BOUNDED) || !args_bounds_value(spec->type, v, &x))
		return 0;
	if (x >= spec->min && x <= spec->max)
		return 0;
	const char *unit = spec->type == NFC_ARG_TIME ? "s" : spec->type == NFC_ARG_BANDWIDTH ? "Bps" : "";
	return args_error(errh, spec->keyword, "out of range, must be between %.15g%s and %.15g%s",
			  spec->min, unit, spec->max, unit);
}

/* Move a parsed value to its final place; text goes to element memory. */
static int args_store(struct nfc_element *e, enum nfc_arg_type type, struct args_value *v,
		      void *dst)
{
	if (!args_type_is_text(type)) {
		memcpy(dst, &v->v, args_value_size(type));
		return 0;
	}
	/* Without an element (helpers, tests) the caller owns malloc'd memory. */
	if (type == NFC_ARG_DATA) {
		unsigned char *bytes = e ? nfc_element_alloc(e, v->text_len + 1) : malloc(v->text_len + 1);
		if (!bytes)
			return -1;
		memcpy(bytes, v->text, v->text_len);
		bytes[v->text_len] = '\0';
		struct nfc_arg_data data = { bytes, v->text_len };
		memcpy(dst, &data, sizeof(data));
		return 0;
	}
	char *s = e ? nfc_element_strdup(e, v->text) : strdup(v->text);
	if (!s)
		return -1;
	memcpy(dst, &s, sizeof(s));
	return 0;
}

int nfc_args_parse_value(struct nfc_element *e, enum nfc_arg_type type, const char *text,
			 void *out, struct nfc_errh *errh, const char *what)
{
	struct args_value v;
	if (args_parse_one(e, type, text, &v, errh, what) < 0)
		return -1;
	int r = args_store(e, type, &v, out);
	free(v.text);
	if (r < 0)
		return args_error(errh, what, "out of memory");
	return 0;
}

/* Leading [A-Z][A-Z0-9_]* followed by space or the end: its length, else 0. */
static size_t args_keyword_len(const char *arg)
{
	size_t n = 0;
	if (!(arg[0] >= 'A' && arg[0] <= 'Z'))
		return 0;
	while ((arg[n] >= 'A' && arg[n] <= 'Z') || (arg[n] >= '0' && arg[n] <= '9') || arg[n] == '_')
		n++;
	if (arg[n] && arg[n] != ' ' && arg[n] != '\t' && arg[n] != '\n' && arg[n] != '\r' &&
	    arg[n] != '\f' && arg[n] != '\v')
		return 0;
	return n;
}

/* Click calls "word value" arguments with an unknown word "unknown"; its length or 0. */
static size_t args_unknown_keyword_len(const char *arg)
{
	size_t n = 0;
	if (!((arg[0] >= 'A' && arg[0] <= 'Z') || (arg[0] >= 'a' && arg[0] <= 'z') || arg[0] == '_'))
		return 0;
	while ((arg[n] >= 'A' && arg[n] <= 'Z') || (arg[n] >= 'a' && arg[n] <= 'z') ||
	       (arg[n] >= '0' && arg[n] <= '9') || strchr("_:.?!", arg[n]) != NULL) {
		if (!arg[n])
			break;
		n++;
	}
	size_t t = n;
	while (arg[t] == ' ' || arg[t] == '\t' || arg[t] == '\n' || arg[t] == '\r')
		t++;
	return t > n && arg[t] ? n : 0;
}

static bool args_is_positional(const struct nfc_arg_spec *spec)
{
	return spec->flags & (NFC_ARGF_POSITIONAL | NFC_ARGF_POSITIONAL_ONLY);
}

static const char *args_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	return s;
}

/* Which argument feeds each spec: the last one given wins, as in Click. */
struct args_slot {
	int argi;
	const char *text;
	struct args_value value;
	bool parsed;
};

int nfc_args_parse(struct nfc_element *e, const struct nfc_conf *conf,
		   const struct nfc_arg_spec *specs, struct nfc_errh *errh, int *rest)
{
	int nspecs = 0;
	while (specs[nspecs].keyword)
		nspecs++;
	struct args_slot *slots = calloc((size_t)nspecs + 1, sizeof(*slots));
	bool *unmatched = calloc((size_t)conf->argc + 1, sizeof(*unmatched));
	if (!slots || !unmatched) {
		free(slots);
		free(unmatched);
		return nfc_error(errh, "out of memory");
	}
	for (int j = 0; j < nspecs; j++)
		slots[j].argi = -1;

	int errors = 0, nrest = 0, excess = 0;
	int next_positional = 0;
	bool positional_phase = true;
	for (int i = 0; i < conf->argc; i++) {
		const char *arg = conf->argv[i];
		size_t kwlen = args_keyword_len(arg);
		int match = -1;
		for (int j = 0; kwlen && j < nspecs; j++)
			if (!(specs[j].flags & NFC_ARGF_POSITIONAL_ONLY) &&
			    strlen(specs[j].keyword) == kwlen && !memcmp(specs[j].keyword, arg, kwlen))
				match = j;
		if (match >= 0) {
			/* Keywords end the positional arguments (Click's convention). */
			positional_phase = false;
			slots[match].argi = i;
			slots[match].text = args_skip_space(arg + kwlen);
			continue;
		}
		while (next_positional < nspecs && !args_is_positional(&specs[next_positional]))
			next_positional++;
		if (positional_phase && next_positional < nspecs) {
			slots[next_positional].argi = i;
			slots[next_positional].text = arg;
			next_positional++;
			continue;
		}
		if (rest)
			rest[nrest++] = i;
		else
			unmatched[i] = true;
	}

	for (int j = 0; j < nspecs; j++) {
		const struct nfc_arg_spec *spec = &specs[j];
		if (slots[j].argi < 0) {
			if (spec->flags & NFC_ARGF_MANDATORY) {
				args_error(errh, spec->keyword, "required argument missing");
				errors++;
			}
			continue;
		}
		if (args_parse_one(e, spec->type, slots[j].text, &slots[j].value, errh,
				   spec->keyword) < 0 ||
		    args_check_bounds(spec, &slots[j].value, errh) < 0) {
			errors++;
			continue;
		}
		slots[j].parsed = true;
	}
	/* Like Click's Args::complete(): leftovers are reported after the
	 * values, "unknown argument" for those that look like "WORD value". */
	for (int i = 0; i < conf->argc; i++) {
		if (!unmatched[i])
			continue;
		size_t unknown = args_unknown_keyword_len(conf->argv[i]);
		if (unknown) {
			nfc_error(errh, "%.*s: unknown argument", (int)unknown, conf->argv[i]);
			errors++;
		} else
			excess++;
	}
	if (excess) {
		nfc_error(errh, "too many arguments");
		errors++;
	}
	if (rest)
		rest[nrest] = -1;

	if (!errors) {
		for (int j = 0; j < nspecs; j++) {
			if (!slots[j].parsed)
				continue;
			if (args_store(e, specs[j].type, &slots[j].value,
				       (char *)e + specs[j].offset) < 0) {
				args_error(errh, specs[j].keyword, "out of memory");
				errors++;
				break;
			}
			if (specs[j].given_offset)
				*(bool *)((char *)e + specs[j].given_offset) = true;
		}
	}
	for (int j = 0; j < nspecs; j++)
		free(slots[j].value.text);
	free(slots);
	free(unmatched);
	return errors ? -1 : 0;
}
