/* SPDX-License-Identifier: MIT */
/* nfclick-xform: the editable graph, patterns and matcher shared by its source files. */
#ifndef NFCLICK_XFORM_H
#define NFCLICK_XFORM_H

#include <stdbool.h>
#include <nfclick/config.h>
#include <nfclick/error.h>

/* ---- an editable flat graph (nfclick-xform-graph.c) ---- */

struct xf_element {
	char *name, *class_name, *config;
	/** 0, or the number (1, 2, ...) of the pattern whose replacement made it. */
	int origin;
	bool dead;
};

/** A connection; a dead one has from < 0. */
struct xf_conn {
	int from, from_port, to, to_port;
};

struct xf_graph {
	struct xf_element *el;
	int nel, elcap, ndead;
	struct xf_conn *conn;
	int nconn, conncap;
};

/** Take the elements (their strings) and connections of @fc, which is freed. */
void xf_graph_take_flat(struct xf_graph *g, struct nfc_flat_config *fc);
/** Write the live part of @g into @fc (fresh copies, connections sorted). */
void xf_graph_to_flat(const struct xf_graph *g, struct nfc_flat_config *fc);
void xf_graph_free(struct xf_graph *g);
/** Add an element (strings copied); returns its index. */
int xf_graph_add(struct xf_graph *g, const char *name, const char *cls, const char *config);
/** Connect, unless that connection exists already. */
void xf_graph_connect(struct xf_graph *g, int from, int from_port, int to, int to_port);
bool xf_graph_has_connection(const struct xf_graph *g, int from, int from_port, int to,
			     int to_port);
/** The live element called @name, or -1. */
int xf_graph_find(const struct xf_graph *g, const char *name);
/** Mark element @e dead and drop its connections. */
void xf_graph_kill(struct xf_graph *g, int e);
/** Free dead elements when they outnumber the live ones (indexes change). */
void xf_graph_collect(struct xf_graph *g);
/** Is some live element called @prefix or "@prefix/..."? */
bool xf_graph_prefix_used(const struct xf_graph *g, const char *prefix);

/** Report running out of memory and exit with status 1. */
void xf_out_of_memory(void) __attribute__((noreturn));
void *xf_xrealloc(void *p, size_t n);
char *xf_xstrdup(const char *s);

/* ---- patterns (nfclick-xform-patterns.c) ---- */

/**
 * A pattern X and its replacement X_Replacement, each the flat graph of its
 * compound body plus two marker elements standing for the compound's
 * "input" and "output" (index -1 when the body does not use them).
 */
struct xf_pattern {
	char *name; /* "X": replacement elements are named "X@N/..." */
	char *pat_landmark, *rep_landmark; /* "file:line" of each compound */
	struct xf_graph pat, rep;
	int pat_input, pat_output, rep_input, rep_output;
	int next_instance; /* N of the next "X@N" prefix to try */
};

struct xf_patterns {
	struct xf_pattern *v;
	int n, cap;
};

/** Read the X / X_Replacement pairs of pattern file @path; -1 after reporting errors. */
int xf_read_patterns(const char *path, struct xf_patterns *out, struct nfc_errh *errh);
/** Swap each pattern with its replacement (-r); -1 after reporting an unusable one. */
int xf_reverse_patterns(struct xf_patterns *ps, struct nfc_errh *errh);
void xf_patterns_free(struct xf_patterns *ps);

/* ---- matching and replacing (nfclick-xform-match.c) ---- */

/**
 * Find one occurrence of pattern @p (number @id) in @body and replace it;
 * returns true when it did.
 */
bool xf_apply_once(struct xf_graph *body, struct xf_pattern *p, int id);

#endif
