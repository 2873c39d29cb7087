/* SPDX-License-Identifier: MIT */
/* Configuration arguments: splitting, typed parsers, the table-driven parser. */
#ifndef NFCLICK_ARGS_H
#define NFCLICK_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <nfclick/error.h>

struct nfc_element;

/** An element's configuration, split into arguments at top-level commas. */
struct nfc_conf {
	int argc;
	/** Arguments with surrounding whitespace and comments removed (owned). */
	char **argv;
	/** The full configuration string. */
	const char *text;
	const char *landmark;
};

/** Split @text at top-level commas (respecting quotes, (), [], {}, comments). */
int nfc_conf_split(struct nfc_conf *conf, const char *text, const char *landmark);
void nfc_conf_free(struct nfc_conf *conf);
/** Join argv[from..] with ", " into a new heap string. */
char *nfc_conf_join(const struct nfc_conf *conf, int from);

/* ---- typed parsers: return 0 on success, -1 on a malformed value ---- */

/** Click booleans: true/false, yes/no, 1/0, on/off (case-insensitive). */
int nfc_parse_bool(const char *s, bool *out);
/** Integers: decimal, 0x hex, 0 octal, optional sign; whole string. */
int nfc_parse_int64(const char *s, int64_t *out);
int nfc_parse_uint64(const char *s, uint64_t *out);
int nfc_parse_int32(const char *s, int32_t *out);
int nfc_parse_uint32(const char *s, uint32_t *out);
int nfc_parse_double(const char *s, double *out);
/** Time ("1", "1.5s", "10ms", "2us", "3ns", "1min", "1h") in nanoseconds; bare numbers are seconds. */
int nfc_parse_time_ns(const char *s, int64_t *out);
/** Bandwidth ("10Mbps", "1MBps", "100kb/s", "200Bps", bare number = bytes/s) in bytes per second. */
int nfc_parse_bandwidth(const char *s, double *bytes_per_sec);
/** Dotted-quad IPv4 address to network order. */
int nfc_parse_ip(const char *s, uint32_t *addr_be);
/** IPv4 prefix "a.b.c.d/len", "a.b.c.d/m.a.s.k"; @allow_bare accepts a plain address (/32). */
int nfc_parse_ip_prefix(const char *s, uint32_t *addr_be, uint32_t *mask_be, bool allow_bare);
/** Ethernet address "00:11:22:33:44:55" (also "0:1:2:3:4:5", "00-11-..."). */
int nfc_parse_ether(const char *s, uint8_t out[6]);
/**
 * A Click string: removes double quotes, processes backslash escapes inside
 * them (\n \t \\ \" \ooo \xHH) and \<hex bytes> anywhere; single quotes
 * are literal. Result is heap-allocated into *out, its length in *len.
 */
int nfc_parse_string(const char *s, char **out, size_t *len);
/** First whitespace-separated word of @s and the rest (both heap). */
int nfc_parse_word(const char *s, char **word, const char **rest);

/** Split @s into whitespace-separated words (quotes respected). Caller frees with nfc_words_free. */
int nfc_split_words(const char *s, char ***words, int *nwords);
void nfc_words_free(char **words, int nwords);

/* ---- table-driven parsing ---- */

enum nfc_arg_type {
	NFC_ARG_BOOL,      /* bool */
	NFC_ARG_INT32,     /* int32_t */
	NFC_ARG_UINT32,    /* uint32_t */
	NFC_ARG_INT64,     /* int64_t */
	NFC_ARG_UINT64,    /* uint64_t */
	NFC_ARG_DOUBLE,    /* double */
	NFC_ARG_TIME,      /* int64_t nanoseconds */
	NFC_ARG_BANDWIDTH, /* double bytes per second */
	NFC_ARG_STRING,    /* char * (dequoted, NUL-terminated; element-owned) */
	NFC_ARG_DATA,      /* struct nfc_arg_data (dequoted bytes + length) */
	NFC_ARG_WORD,      /* char * single word */
	NFC_ARG_RAW,       /* char * argument text as written */
	NFC_ARG_IP,        /* uint32_t network order */
	NFC_ARG_IP_PREFIX, /* struct nfc_arg_prefix */
	NFC_ARG_ETHER,     /* uint8_t[6] */
	NFC_ARG_ELEMENT,   /* struct nfc_element * (resolved by name) */
	NFC_ARG_HANDLER,   /* char * "element.handler [value]" (checked later) */
};

struct nfc_arg_data {
	unsigned char *bytes;
	size_t len;
};

struct nfc_arg_prefix {
	uint32_t addr;
	uint32_t mask;
};

enum {
	/** Must be present. */
	NFC_ARGF_MANDATORY = 1u << 0,
	/** May be given positionally (in table order among positional specs). */
	NFC_ARGF_POSITIONAL = 1u << 1,
	/** Apply min/max bounds (integers and doubles). */
	NFC_ARGF_BOUNDED = 1u << 2,
	/** Only positional: no keyword form. */
	NFC_ARGF_POSITIONAL_ONLY = 1u << 3,
};

/** One accepted argument. Values are written at @offset inside the element. */
struct nfc_arg_spec {
	const char *keyword;
	enum nfc_arg_type type;
	unsigned flags;
	size_t offset;
	/** When nonzero: offset of a bool set to true if the argument was given. */
	size_t given_offset;
	double min, max;
	/** One-line description used by --doc. */
	const char *doc;
};

#define NFC_ARGS_END { NULL, 0, 0, 0, 0, 0, 0, NULL }

/**
 * Parse @conf against @specs (terminated by NFC_ARGS_END) into the element
 * @e. Transactional: nothing is stored unless every argument parses.
 * Unknown, duplicate, missing mandatory keywords and excess positional
 * arguments are errors naming the keyword. Returns 0 or -1.
 *
 * When @rest is non-NULL, arguments that match no spec are not errors:
 * they are returned in @rest (indexes into conf->argv, -1 terminated,
 * at most conf->argc + 1 entries).
 */
int nfc_args_parse(struct nfc_element *e, const struct nfc_conf *conf,
		   const struct nfc_arg_spec *specs, struct nfc_errh *errh, int *rest);

/** Parse one value of @type into @out (same storage as the table parser). */
int nfc_args_parse_value(struct nfc_element *e, enum nfc_arg_type type, const char *text,
			 void *out, struct nfc_errh *errh, const char *what);

/** Name of a type for messages ("integer", "time", ...). */
const char *nfc_arg_type_name(enum nfc_arg_type type);

#endif
