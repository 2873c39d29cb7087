/* SPDX-License-Identifier: MIT */
/* The Click configuration language: parsing and flattening into a flat graph. */
#ifndef NFCLICK_CONFIG_H
#define NFCLICK_CONFIG_H

#include <nfclick/error.h>
#include <nfclick/strbuf.h>

/** One element of the flattened configuration. */
struct nfc_flat_element {
	/** Flat name: "c", "Counter@3", "comp/inner". */
	char *name;
	/** Primitive class name ("Counter"). */
	char *class_name;
	/** Configuration string after $variable substitution. */
	char *config;
	/** "file:line" of the declaration (the innermost one for compound contents). */
	char *landmark;
	/** Name of the compound this element was expanded from ("" at top level);
	 *  used to resolve relative element references (Click's context). */
	char *context;
};

/** One connection of the flattened configuration (indexes into elements). */
struct nfc_flat_connection {
	int from, from_port;
	int to, to_port;
	char *landmark;
};

/** A flattened configuration: what the router is built from. */
struct nfc_flat_config {
	int nelements;
	struct nfc_flat_element *elements;
	int nconnections;
	struct nfc_flat_connection *connections;
	/** `require(...)` items, each "package NAME" or "library FILE". */
	int nrequirements;
	char **requirements;
	/** File name used in landmarks ("config" for -e). */
	char *filename;
};

/** A command-line or define() variable. */
struct nfc_config_var {
	const char *name; /* without '$' */
	const char *value;
};

/**
 * Parse @text (named @filename in landmarks) and flatten it: compound
 * expansion, elementclass scoping and overloading, variable substitution
 * (@vars from the command line override define()). Every error goes to
 * @errh with file:line and the offending text; parsing continues after an
 * error so all are reported. Returns 0, or -1 when any error was reported.
 *
 * Class names are checked against the element registry (unknown class →
 * error); port counts and processing are the router's business.
 */
int nfc_config_parse(const char *text, const char *filename, const struct nfc_config_var *vars,
		     int nvars, struct nfc_flat_config *out, struct nfc_errh *errh);

void nfc_flat_config_free(struct nfc_flat_config *fc);

/**
 * Write @fc back as Click text that parses to the same graph
 * (declarations "name :: Class(config);" then connections), as printed
 * by `nfclick -o -`, the flatconfig handler and click-flatten.
 */
void nfc_flat_config_unparse(const struct nfc_flat_config *fc, struct nfc_strbuf *out);
/** qsort order of connections: by from, from_port, to, to_port (0: the same connection). */
int nfc_flat_connection_cmp(const void *a, const void *b);

#endif
