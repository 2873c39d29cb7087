/* SPDX-License-Identifier: MIT */
/* nfclick-align: alignments, the class table, the graph and the flow analysis shared by its files. */
#ifndef NFCLICK_ALIGN_H
#define NFCLICK_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <nfclick/config.h>

/* ---- alignments (nfclick-align-rules.c) ---- */

/* Special moduli: nothing known yet (no packets seen), unsatisfiable
 * constraints, and "any alignment" (a port that never emits packets). */
enum { AL_EMPTY = 0, AL_BAD = -1, AL_UNIVERSAL = -2 };

struct al {
	int mod, off;
};

extern const struct al al_empty, al_bad;

struct al al_make(int mod, int off);
/** The modulus, 1 for the special alignments. */
int al_modulus(struct al a);
bool al_same(struct al a, struct al b);
/** Is every packet aligned by @a also aligned by @x (a at least as strong)? */
bool al_le(struct al a, struct al x);
/** The alignment after the data start moved @delta bytes forward. */
struct al al_shift(struct al a, int delta);
/** The strongest alignment that packets of either @a or @x have. */
struct al al_union(struct al a, struct al x);
/** The weakest alignment that satisfies both @a and @x (bad when none does). */
struct al al_intersect(struct al a, struct al x);

/* ---- what each element class does to alignment (nfclick-align-rules.c) ---- */

enum aligner_kind {
	AK_FLOW,       /* outputs get the union of the inputs that flow to them */
	AK_NONE,       /* neither has nor wants anything (sinks) */
	AK_GENERATE,   /* outputs get a fixed alignment whatever comes in */
	AK_SHIFT,      /* outputs get the inputs' alignment moved by a byte count */
	AK_WANT,       /* like AK_FLOW, but the inputs want a fixed alignment */
	AK_CLASSIFIER, /* copes with any consistent alignment of modulus >= 4 */
	AK_ARPQUERIER, /* IP in (input 0) becomes Ethernet out; ARP replies on input 1 */
	AK_SHIFT_WANT, /* shifts like AK_SHIFT, wants like AK_WANT (IPInputCombo) */
};

struct aligner {
	enum aligner_kind kind;
	struct al a;
	int shift;
};

/** The aligner of an element of class @cls configured with @config. */
struct aligner aligner_for(const char *cls, const char *config);
/** The alignment an Align element's configuration asks for (bad if none). */
struct al align_config(const char *config);
/** Does class @cls read packet data in words (listed in the AlignmentInfo)? */
bool alignment_sensitive_class(const char *cls);

/* ---- the graph being edited (nfclick-align-graph.c) ---- */

struct graph {
	struct nfc_flat_config fc; /* dead connections have from < 0 */
	bool *dead;		   /* per element */
	bool *inserted;		   /* per element: an Align this tool added */
	int elcap, conncap;
};

void *align_xrealloc(void *p, size_t n);
char *align_xstrdup(const char *s);
/** Set up the per-element arrays for the elements g->fc has. */
void graph_init(struct graph *g);
/** The live element called @name, or -1. */
int graph_find(const struct graph *g, const char *name);
int graph_add_element(struct graph *g, const char *name, const char *cls, const char *config);
void graph_connect(struct graph *g, int from, int fport, int to, int tport);
bool graph_is_class(const struct graph *g, int e, const char *cls);
/** Mark element @e dead, and its connections. */
void graph_kill(struct graph *g, int e);
/** Live connections into (@e, @port), or out of it when @out; *last gets one. */
int graph_count_connections(const struct graph *g, int e, int port, bool out, int *last);
/** Put new element @a (one input, one output) in front of input (@e, @port). */
void graph_insert_before(struct graph *g, int a, int e, int port);
/** Drop dead and duplicate connections; sort the rest. */
void graph_tidy(struct graph *g);
/** Remove dead elements, renumbering connections. */
void graph_compact(struct graph *g);

/* ---- alignment flow over the graph (nfclick-align-graph.c) ---- */

/* Iterations are bounded: alignments only weaken (or strengthen) toward a
 * fixed point, but a bound keeps odd cycles from spinning forever. */
#define FLOW_MAX_ROUNDS 10000

/** Alignments of every port: element i's input k is in[ioff[i] + k]. */
struct flow {
	int n;
	int *nin, *nout;   /* ports used by live connections */
	int *ioff, *ooff;
	struct al *in, *out;
	struct aligner *ag;
	const char **code; /* flow code per element */
};

/** Count ports and pick aligners for @g's elements; every port starts empty. */
void flow_init(struct flow *f, const struct graph *g);
void flow_free(struct flow *f);
/** What alignment reaches each port, from the sources forward. */
void flow_have(struct flow *f, const struct graph *g);
/** What alignment each port needs, from the sensitive elements backward. */
void flow_want(struct flow *f, const struct graph *g);
/** Classifier-style elements accept what they get, once its modulus is >= 4. */
void flow_adjust(struct flow *f);

#endif
