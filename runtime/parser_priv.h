/* SPDX-License-Identifier: MIT */
/* The parsed (unflattened) configuration, shared by the language front-end files. */
#ifndef NFCLICK_PARSER_PRIV_H
#define NFCLICK_PARSER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <nfclick/config.h>
#include <nfclick/element.h>
#include "lexer_priv.h"

/* Limits that keep hostile input from exhausting the stack or memory. */
#define NFC_LANG_MAX_DEPTH 64		/* nested compounds/groups while parsing */
#define NFC_LANG_MAX_PORT 65535		/* largest port number written */
#define NFC_LANG_MAX_ELEMENTS 250000	/* flat elements after expansion */
#define NFC_LANG_MAX_CONFIG (1u << 20)  /* growth of a configuration string by $expansion */

/* ---- small containers ---- */

/** String → int map (open addressing); absent keys read as -1. Keys are copied. */
struct nfc_lang_map {
	char **keys;
	int *vals;
	size_t cap, used;
};
void nfc_lang_map_free(struct nfc_lang_map *m);
int nfc_lang_map_get(const struct nfc_lang_map *m, const char *key);
void nfc_lang_map_set(struct nfc_lang_map *m, const char *key, int val);

/** A growable vector of ints. */
struct nfc_lang_ivec {
	int *v;
	int n, cap;
};
void nfc_lang_ivec_push(struct nfc_lang_ivec *iv, int x);

/** A growable vector of strings (owned). */
struct nfc_lang_svec {
	char **v;
	int n, cap;
};
void nfc_lang_svec_push(struct nfc_lang_svec *sv, char *owned);
void nfc_lang_svec_free(struct nfc_lang_svec *sv);

void *nfc_lang_xrealloc(void *p, size_t n);
char *nfc_lang_strdup(const char *s);
char *nfc_lang_strndup(const char *s, size_t n);
char *nfc_lang_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- element classes as the language sees them ---- */

enum nfc_lang_class_kind {
	NFC_LANG_PRIMITIVE, /* a registered class */
	NFC_LANG_COMPOUND,  /* an elementclass / { ... } */
	NFC_LANG_ERROR,	    /* unknown: reported once, then tolerated */
};

struct nfc_lang_body;

struct nfc_lang_class {
	enum nfc_lang_class_kind kind;
	char *name; /* "" for an anonymous compound */
	const struct nfc_element_class *prim;
	struct nfc_lang_body *body;
	/** Next overload to try (compound), or the class extended with "..." */
	struct nfc_lang_class *overload;
	/** Ownership list: every class object hangs here until the parse ends. */
	struct nfc_lang_class *all_next;
};

/* ---- a parsed scope: the top level or one compound body ---- */

enum nfc_lang_elem_kind {
	NFC_LANG_ELEM_NORMAL,
	NFC_LANG_ELEM_TUNNEL, /* input/output pseudo-elements, group ends */
	NFC_LANG_ELEM_GROUP,  /* an element group; followed by its /input and /output tunnels */
};

struct nfc_lang_elem {
	char *name;
	bool anonymous; /* generated "Class@N" name, renumbered if taken */
	enum nfc_lang_elem_kind kind;
	struct nfc_lang_class *cls;
	char *config;	      /* as written; $variables not yet substituted */
	char *landmark;	      /* "file:line" */
	char *errpos;	      /* "file:line:col" */
	int nports[2];	      /* ports used in this scope: [0] inputs, [1] outputs */
};

struct nfc_lang_conn {
	int from, from_port, to, to_port;
	char *landmark;
};

struct nfc_lang_body {
	char *name;	     /* compound name for messages ("" anonymous) */
	char *landmark;	     /* "file:line" of the compound */
	char *errpos;	     /* "file:line:col" */
	int depth;	     /* 0 top level, compound bodies 1, 2, ... */
	/* Variables: formal parameters first (type "" positional, a keyword,
	 * or "__REST__"), then define()s whose values are substituted later. */
	struct nfc_lang_svec var_names, var_values;
	int nformals;
	bool order_error;
	struct nfc_lang_elem *elems;
	int nelems, elems_cap;
	struct nfc_lang_conn *conns;
	int nconns, conns_cap;
	struct nfc_lang_map elem_map;
	int anonymous_offset;
	int ninputs, noutputs;
};

struct nfc_lang_body *nfc_lang_body_new(const char *name, int depth);
void nfc_lang_body_free(struct nfc_lang_body *b);
/** Append a connection; negative ports mean 0; updates port counts. */
void nfc_lang_body_connect(struct nfc_lang_body *b, int from, int from_port, int to, int to_port,
			   const char *landmark);

/* ---- the parse result handed to compound expansion ---- */

struct nfc_lang_parse {
	struct nfc_lang_body *top;
	struct nfc_lang_class *classes; /* ownership list */
	/* Class names visible at file scope when parsing ended ("'x' is an
	 * element class" checks during expansion). */
	struct nfc_lang_map class_names;
	struct nfc_lang_svec requirements;
	const struct nfc_config_var *vars;
	int nvars;
	const char *filename;
	struct nfc_errh *errh;
	int nerrors;
};

/**
 * Flatten @p: expand compounds, substitute variables, splice tunnels, and
 * fill @out. Errors go to p->errh and are counted in p->nerrors.
 */
void nfc_lang_flatten(struct nfc_lang_parse *p, struct nfc_flat_config *out);

/** Report at @landmark (may be NULL) and count. */
void nfc_lang_error(struct nfc_lang_parse *p, const char *landmark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- parser internals shared by parser.c and connection.c ---- */

/* Where a statement list lives (Click's ParseState). */
enum nfc_pstate_type { NFC_PS_FILE, NFC_PS_COMPOUND, NFC_PS_GROUP };

struct nfc_pstate {
	enum nfc_pstate_type type;
	struct nfc_pstate *parent;
	bool last_connection_ends_output;
};

/* A scoped name → class binding (lexical scoping of elementclass). */
struct nfc_lang_binding {
	char *name;
	struct nfc_lang_class *cls;
	int shadowed; /* previous binding of the same name, or -1 */
};

struct nfc_parser {
	struct nfc_lexer *lx;
	struct nfc_lang_parse *p;
	struct nfc_lang_body *c; /* the body being parsed */
	struct nfc_lang_binding *bindings;
	int nbindings, bindings_cap;
	struct nfc_lang_map binding_map;   /* name → newest binding */
	struct nfc_lang_map prim_map;	   /* registry name → index in prims */
	struct nfc_lang_class **prims;
	int nprims;
	struct nfc_lang_svec libraries;	   /* files already read by require(library) */
	int nest;			   /* compound/group nesting while parsing */
};

struct nfc_lang_class *nfc_parser_lookup_class(struct nfc_parser *P, const char *name);
struct nfc_lang_class *nfc_parser_force_class(struct nfc_parser *P, const char *name,
					      const struct nfc_srcpos *pos, bool report);
struct nfc_lang_class *nfc_parser_new_class(struct nfc_parser *P, enum nfc_lang_class_kind kind,
					    const char *name);
void nfc_parser_bind(struct nfc_parser *P, const char *name, struct nfc_lang_class *cls);
/** Add (or find) element @name in the current body. */
int nfc_parser_get_element(struct nfc_parser *P, const char *name, bool anonymous,
			   enum nfc_lang_elem_kind kind, struct nfc_lang_class *cls, char *config,
			   const struct nfc_srcpos *pos);
/** The next anonymous number in the current body (Click's running count). */
int nfc_parser_anon_number(struct nfc_parser *P);
/** Parse a compound class body "{ ... }" whose '{' was just read. */
struct nfc_lang_class *nfc_parser_compound(struct nfc_parser *P, const char *name,
					   const struct nfc_srcpos *pos);
/** Parse a group "( ... )" whose '(' was just read; returns its element. */
int nfc_parser_group(struct nfc_parser *P, struct nfc_pstate *ps, const struct nfc_srcpos *pos,
		     int group_nports[2]);
/** Parse one connection statement (or standalone declaration). */
void nfc_parser_connection(struct nfc_parser *P, struct nfc_pstate *ps);
void nfc_parser_syntax_error(struct nfc_parser *P, const struct nfc_token *t);
/** Define a variable (a formal parameter, or define()) in body @b. */
void nfc_parser_define_var(struct nfc_parser *P, struct nfc_lang_body *b, const char *name,
			   const char *value, bool formal, const struct nfc_srcpos *pos);
/** Parse the statements of another file (require(library)) at file scope. */
void nfc_parser_file(struct nfc_parser *P, const char *data, size_t len, const char *filename);
/* directives.c */
char *nfc_parser_paren_args(struct nfc_parser *P);
void nfc_parser_require(struct nfc_parser *P, const struct nfc_srcpos *pos);
void nfc_parser_define(struct nfc_parser *P, const struct nfc_srcpos *pos);

/* ---- configuration-string helpers (confstr.c), after Click's cp_* ---- */

/** Split at unquoted commas; comments removed, spaces trimmed; a final empty
 *  argument is dropped. */
void nfc_lang_argvec(const char *s, struct nfc_lang_svec *out);
/** Remove and return the first space-separated word of *s (malloc'd); *s
 *  advances past following spaces. */
char *nfc_lang_shift_word(const char **s);
/** Remove one level of quotes and backslash escapes ("a b" → a b). */
char *nfc_lang_unquote(const char *s);

/** A variable scope at expansion time (chain to the enclosing instance). */
struct nfc_lang_env {
	const struct nfc_lang_env *parent;
	int depth;
	struct nfc_lang_svec names, values;
};
void nfc_lang_env_define(struct nfc_lang_env *e, const char *name, const char *value,
			 bool override);
void nfc_lang_env_free(struct nfc_lang_env *e);
/** First environment up the chain whose depth is below @depth. */
const struct nfc_lang_env *nfc_lang_env_parent_of(const struct nfc_lang_env *e, int depth);
/**
 * Substitute $x, ${x}, ${x-default}, ${x[i]} in @config (Click's cp_expand):
 * nothing inside single quotes, values quoted-escaped inside double quotes,
 * unknown variables left as written. Returns a malloc'd string; *too_big is
 * set when substitution would grow it by more than about NFC_LANG_MAX_CONFIG.
 */
char *nfc_lang_expand(const char *config, const struct nfc_lang_env *env, bool *too_big);

/**
 * Match @args against formal types (Click's cp_assign_arguments): "" is
 * positional, a word is a mandatory keyword, a final "__REST__" collects the
 * rest. On success returns 0 and, when @values is non-NULL, fills it with
 * one value per formal.
 */
int nfc_lang_assign_args(const struct nfc_lang_svec *args, char *const *types, int ntypes,
			 struct nfc_lang_svec *values);

#endif
