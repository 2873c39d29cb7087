/* SPDX-License-Identifier: MIT */
/* nfclick-align: adds the Align elements a configuration needs (Click's click-align). */
#include "nfclick-config.h"
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "nfclick-align.h"
#include "tool_io.h"

/*
 * Every element port carries an alignment "MODULUS/OFFSET": packet data
 * starts OFFSET bytes after a MODULUS-byte boundary. Sources generate an
 * alignment, Strip-like elements shift it, the rest pass it on along their
 * flow code. Some elements want a given alignment on their inputs. Where the
 * alignment that reaches an input is weaker than the one wanted there, an
 * Align goes in front of it; Aligns that the flow already satisfies are then
 * bypassed and removed, and an AlignmentInfo records what each
 * alignment-sensitive element sees. The class knowledge is the table in
 * nfclick-align-rules.c.
 */

/* ---- the passes ---- */

struct aligner_state {
	struct graph *g;
	int anonymizer; /* next number for generated element names */
	int added;	/* Aligns this tool added and kept */
	bool verbose;
};

static char *fresh_name(struct aligner_state *st, const char *base)
{
	char buf[256];
	do
		snprintf(buf, sizeof buf, "%s@click_align@%d", base, st->anonymizer++);
	while (graph_find(st->g, buf) >= 0);
	return align_xstrdup(buf);
}

static void describe(char *buf, size_t n, struct al a)
{
	if (a.mod == AL_BAD)
		snprintf(buf, n, "BAD");
	else if (a.mod == AL_EMPTY)
		snprintf(buf, n, "EMPTY");
	else if (a.mod == AL_UNIVERSAL)
		snprintf(buf, n, "UNIVERSAL");
	else
		snprintf(buf, n, "%d/%d", a.mod, a.off);
}

/* Insert an Align wherever @want (per input) is not met by @have. */
static void insert_aligns(struct aligner_state *st, const struct flow *have,
			  const struct flow *want, int nelements)
{
	for (int i = 0; i < nelements; i++)
		for (int k = 0; k < have->nin[i]; k++) {
			struct al h = have->in[have->ioff[i] + k], w = want->in[want->ioff[i] + k];
			if (al_le(h, w) || w.mod == AL_BAD)
				continue;
			char cfg[64], hs[32];
			snprintf(cfg, sizeof cfg, "%d, %d", al_modulus(w), w.off);
			char *name = fresh_name(st, "Align");
			int a = graph_add_element(st->g, name, "Align", cfg);
			free(name);
			st->g->inserted[a] = true;
			st->added++;
			if (st->verbose) {
				describe(hs, sizeof hs, h);
				fprintf(stderr, "nfclick-align: %s [%d]: adding Align(%s) to fix %s\n",
					st->g->fc.elements[i].name, k, cfg, hs);
			}
			graph_insert_before(st->g, a, i, k);
		}
}

/* Align -> Align: the second realigns anyway, so route around the first. */
static void remove_align_chains(struct graph *g)
{
	int n = g->fc.nconnections;
	for (int c = 0; c < n; c++) {
		struct nfc_flat_connection k = g->fc.connections[c];
		if (k.from < 0 || k.to_port != 0 || k.from_port != 0 || !graph_is_class(g, k.to, "Align")
		    || !graph_is_class(g, k.from, "Align"))
			continue;
		struct al first = align_config(g->fc.elements[k.from].config);
		struct al second = align_config(g->fc.elements[k.to].config);
		if (al_le(first, second))
			continue; /* the second is redundant: bypassed below */
		int into_first, out_first, into_second;
		int n_into_first = graph_count_connections(g, k.from, 0, false, &into_first);
		int n_out_first = graph_count_connections(g, k.from, 0, true, &out_first);
		int n_into_second = graph_count_connections(g, k.to, 0, false, &into_second);
		if (n_into_second == 1 && n_into_first == 1) {
			g->fc.connections[c].from = g->fc.connections[into_first].from;
			g->fc.connections[c].from_port = g->fc.connections[into_first].from_port;
		} else if (n_out_first == 1) {
			for (int d = 0; d < g->fc.nconnections; d++) {
				struct nfc_flat_connection *x = &g->fc.connections[d];
				if (x->from >= 0 && x->to == k.from && x->to_port == 0) {
					x->to = k.to;
					x->to_port = 0;
				}
			}
			g->fc.connections[c].from = -1;
		}
	}
}

/* Connect around Aligns whose input already has their alignment. */
static void bypass_redundant_aligns(struct aligner_state *st)
{
	struct graph *g = st->g;
	for (int round = 0; round < FLOW_MAX_ROUNDS; round++) {
		struct flow f;
		flow_init(&f, g);
		flow_have(&f, g);
		bool changed = false;
		int n = g->fc.nconnections;
		for (int c = 0; c < n; c++) {
			struct nfc_flat_connection k = g->fc.connections[c];
			if (k.from < 0 || !graph_is_class(g, k.to, "Align") || f.nout[k.to] == 0)
				continue;
			struct al have = f.out[f.ooff[k.from] + k.from_port];
			struct al gives = f.out[f.ooff[k.to]];
			if (!al_le(have, gives))
				continue;
			changed = true;
			for (int d = 0; d < n; d++) {
				/* by value: adding may move the array */
				struct nfc_flat_connection x = g->fc.connections[d];
				if (x.from == k.to && x.from_port == k.to_port)
					graph_connect(g, k.from, k.from_port, x.to, x.to_port);
			}
			g->fc.connections[c].from = -1;
		}
		flow_free(&f);
		if (!changed)
			break;
		graph_tidy(g);
	}
}

/* Drop old AlignmentInfos and Aligns left without an input or an output. */
static void remove_unused(struct aligner_state *st)
{
	struct graph *g = st->g;
	for (int i = 0; i < g->fc.nelements; i++)
		if (!g->dead[i] && graph_is_class(g, i, "AlignmentInfo"))
			graph_kill(g, i);
	bool again = true;
	while (again) {
		again = false;
		struct flow f;
		flow_init(&f, g);
		for (int i = 0; i < g->fc.nelements; i++)
			if (!g->dead[i] && graph_is_class(g, i, "Align") && (!f.nin[i] || !f.nout[i])) {
				if (g->inserted[i])
					st->added--;
				graph_kill(g, i);
				again = true;
			}
		flow_free(&f);
	}
	graph_compact(g);
}

/* An AlignmentInfo naming the alignment each sensitive element sees. */
static void add_alignment_info(struct aligner_state *st)
{
	struct graph *g = st->g;
	struct flow f;
	flow_init(&f, g);
	flow_have(&f, g);
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (int i = 0; i < g->fc.nelements; i++) {
		if (!f.nin[i] || !alignment_sensitive_class(g->fc.elements[i].class_name))
			continue;
		if (sb.len)
			nfc_strbuf_puts(&sb, ",\n  ");
		nfc_strbuf_puts(&sb, g->fc.elements[i].name);
		for (int k = 0; k < f.nin[i]; k++) {
			struct al a = f.in[f.ioff[i] + k];
			nfc_strbuf_printf(&sb, "  %d %d", al_modulus(a), a.off);
		}
	}
	flow_free(&f);
	if (sb.len) {
		char *name = fresh_name(st, "AlignmentInfo");
		graph_add_element(g, name, "AlignmentInfo", nfc_strbuf_str(&sb));
		free(name);
	}
	nfc_strbuf_free(&sb);
}

static void align_router(struct aligner_state *st)
{
	struct graph *g = st->g;
	int original = g->fc.nelements;
	st->anonymizer = original + 1;

	/* 1. Aligns for the alignments elements want. */
	struct flow have, want;
	flow_init(&have, g);
	flow_have(&have, g);
	flow_init(&want, g);
	flow_want(&want, g);
	insert_aligns(st, &have, &want, original);
	flow_free(&have);
	flow_free(&want);

	remove_align_chains(g);

	/* 2. Aligns for elements that take any alignment of modulus >= 4
	 * (Classifier): the Aligns added above may have provided one. */
	flow_init(&have, g);
	flow_have(&have, g);
	flow_init(&want, g);
	flow_have(&want, g);
	flow_adjust(&want);
	insert_aligns(st, &have, &want, original);
	flow_free(&have);
	flow_free(&want);

	bypass_redundant_aligns(st);
	remove_unused(st);
	add_alignment_info(st);
	graph_tidy(g);
}
/* ---- command line ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"'nfclick-align' adds the Align elements a Click configuration needs, so that\n"
		"elements that read packet data in words get it at the alignment they want,\n"
		"and an AlignmentInfo element describing the result. It writes the flattened\n"
		"configuration to the standard output.\n"
		"\n"
		"Usage: nfclick-align [OPTION]... [ROUTERFILE | -e CONFIG] [VAR=VALUE]...\n"
		"\n"
		"Options:\n"
		"  -f, --file FILE          Read router configuration from FILE.\n"
		"  -e, --expression EXPR    Use EXPR as router configuration.\n"
		"  -o, --output FILE        Write output to FILE.\n"
		"  -u, --userlevel          Accepted for Click compatibility (no effect).\n"
		"  -V, --verbose            Say why each Align is added.\n"
		"      --help               Print this message and exit.\n"
		"  -v, --version            Print version number and exit.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "expression", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "userlevel", no_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 1 },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *expr = NULL, *output = NULL;
	bool verbose = false;
	struct nfc_config_var vars[64];
	int nvars = 0, c;
	while ((c = getopt_long(argc, argv, "f:e:o:uVv", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
		case 'e':
			if (file || expr) {
				fprintf(stderr, "nfclick-align: router configuration specified twice\n");
				return 1;
			}
			*(c == 'f' ? &file : &expr) = optarg;
			break;
		case 'o':
			if (output) {
				fprintf(stderr, "nfclick-align: output file specified twice\n");
				return 1;
			}
			output = optarg;
			break;
		case 'u':
			break;
		case 'V':
			verbose = true;
			break;
		case 'v':
			printf("nfclick-align %s\n", NFCLICK_VERSION_STRING);
			return 0;
		case 1:
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	for (int i = optind; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq && eq != argv[i]) {
			if (nvars == 64) {
				fprintf(stderr, "nfclick-align: too many VAR=VALUE definitions\n");
				return 1;
			}
			*eq = '\0';
			vars[nvars].name = argv[i][0] == '$' ? argv[i] + 1 : argv[i];
			vars[nvars++].value = eq + 1;
		} else if (file || expr) {
			fprintf(stderr, "nfclick-align: router configuration specified twice\n");
			return 1;
		} else
			file = argv[i];
	}

	char *text = expr ? align_xstrdup(expr)
			  : tool_read_text("nfclick-align", file ? file : "-");
	if (!text)
		return 1;
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	struct graph g;
	memset(&g, 0, sizeof g);
	int status = 0;
	if (nfc_config_parse(text, expr ? "config" : file ? file : "<stdin>", vars, nvars, &g.fc,
			     &errh) < 0) {
		free(text);
		return 1;
	}
	free(text);
	graph_init(&g);
	struct aligner_state st = { .g = &g, .verbose = verbose };
	align_router(&st);
	if (st.added > 0)
		fprintf(stderr, "nfclick-align: warning: added %d Align element%s\n", st.added,
			st.added == 1 ? "" : "s");
	if (tool_write_config("nfclick-align", &g.fc, output) < 0)
		status = 1;
	nfc_flat_config_free(&g.fc);
	free(g.dead);
	free(g.inserted);
	return status;
}
