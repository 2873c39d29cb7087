/* SPDX-License-Identifier: MIT */
/* nfclick-xform: replaces patterns of elements in a configuration (Click's click-xform). */
#include "nfclick-config.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "nfclick-xform.h"
#include "tool_io.h"

/*
 * The router is flattened, then patterns are tried in the order their
 * replacements appear in the pattern files; after each replacement the
 * search starts again from the first pattern, until none matches.
 */

/* Patterns that undo each other would replace forever: stop after this many. */
#define MAX_REPLACEMENTS 100000

static void usage(FILE *f)
{
	fprintf(f,
		"'nfclick-xform' replaces patterns of elements with other sets of elements in\n"
		"a Click configuration. A pattern file holds pairs of compound classes X and\n"
		"X_Replacement; every occurrence of X's body in the router is replaced by\n"
		"X_Replacement's body, with $variables carried over. The flattened result is\n"
		"written to the standard output.\n"
		"\n"
		"Usage: nfclick-xform [OPTION]... [ROUTERFILE] [PATTERNFILE]... [VAR=VALUE]...\n"
		"\n"
		"Options:\n"
		"  -p, --patterns PATTERNFILE   Read patterns from PATTERNFILE (may be repeated).\n"
		"  -f, --file FILE              Read router configuration from FILE.\n"
		"  -e, --expression EXPR        Use EXPR as router configuration.\n"
		"  -o, --output FILE            Write output to FILE.\n"
		"  -r, --reverse                Apply patterns in reverse (replacement -> pattern).\n"
		"      --help                   Print this message and exit.\n"
		"  -v, --version                Print version number and exit.\n");
}

struct options {
	const char *file, *expr, *output;
	bool reverse;
	const char **pattern_files;
	int npattern_files;
	struct nfc_config_var vars[64];
	int nvars;
};

static int router_once(struct options *o, const char *file, const char *expr)
{
	if (o->file || o->expr) {
		fprintf(stderr, "nfclick-xform: router configuration specified twice\n");
		return -1;
	}
	o->file = file;
	o->expr = expr;
	return 0;
}

static void add_pattern_file(struct options *o, const char *path)
{
	o->pattern_files = xf_xrealloc(o->pattern_files,
				       (size_t)(o->npattern_files + 1) * sizeof(char *));
	o->pattern_files[o->npattern_files++] = path;
}

/* Options as Click's click-xform takes them; -1 on a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "patterns", required_argument, NULL, 'p' },
		{ "file", required_argument, NULL, 'f' },
		{ "expression", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 1 },
		{ NULL, 0, NULL, 0 },
	};
	int c, nondash = 0;
	while ((c = getopt_long(argc, argv, "p:f:e:o:rv", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			add_pattern_file(o, optarg);
			break;
		case 'f':
		case 'e':
			if (router_once(o, c == 'f' ? optarg : NULL, c == 'e' ? optarg : NULL) < 0)
				return -1;
			break;
		case 'o':
			if (o->output) {
				fprintf(stderr, "nfclick-xform: output file specified twice\n");
				return -1;
			}
			o->output = optarg;
			break;
		case 'r':
			o->reverse = true;
			break;
		case 'v':
			printf("nfclick-xform %s\n", NFCLICK_VERSION_STRING);
			exit(0);
		case 1:
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	/* VAR=VALUE defines; the first other argument is the router, the rest patterns */
	for (int i = optind; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq && eq != argv[i]) {
			if (o->nvars == 64) {
				fprintf(stderr, "nfclick-xform: too many VAR=VALUE definitions\n");
				return -1;
			}
			*eq = '\0';
			o->vars[o->nvars].name = argv[i][0] == '$' ? argv[i] + 1 : argv[i];
			o->vars[o->nvars++].value = eq + 1;
		} else if (nondash++ == 0) {
			if (router_once(o, argv[i], NULL) < 0)
				return -1;
		} else
			add_pattern_file(o, argv[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	memset(&o, 0, sizeof o);
	if (parse_options(argc, argv, &o) < 0) {
		free(o.pattern_files);
		return 1;
	}
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);

	struct xf_patterns ps = { 0 };
	int status = 0;
	for (int i = 0; i < o.npattern_files; i++)
		if (xf_read_patterns(o.pattern_files[i], &ps, &errh) < 0)
			status = 1;
	if (!o.npattern_files)
		nfc_warning(&errh, "no patterns read");
	if (status == 0 && o.reverse && xf_reverse_patterns(&ps, &errh) < 0)
		status = 1;

	char *text = NULL;
	struct nfc_flat_config fc;
	memset(&fc, 0, sizeof fc);
	if (status == 0) {
		text = o.expr ? xf_xstrdup(o.expr)
			      : tool_read_text("nfclick-xform", o.file ? o.file : "-");
		if (!text
		    || nfc_config_parse(text, o.expr ? "config" : o.file ? o.file : "<stdin>", o.vars,
					o.nvars, &fc, &errh) < 0)
			status = 1;
	}
	if (status) {
		free(text);
		xf_patterns_free(&ps);
		free(o.pattern_files);
		return 1;
	}
	free(text);

	/* keep the requirements; the graph takes the rest */
	struct nfc_flat_config outfc = { .nrequirements = fc.nrequirements,
					 .requirements = fc.requirements,
					 .filename = fc.filename };
	fc.nrequirements = 0;
	fc.requirements = NULL;
	fc.filename = NULL;
	struct xf_graph body;
	xf_graph_take_flat(&body, &fc);

	int nreplaced = 0;
	for (bool any = true; any && status == 0;) {
		any = false;
		for (int i = 0; i < ps.n && !any; i++)
			any = xf_apply_once(&body, &ps.v[i], i + 1);
		xf_graph_collect(&body);
		if (any && ++nreplaced > MAX_REPLACEMENTS) {
			nfc_error(&errh, "still matching after %d replacements: do two patterns undo "
					 "each other?", MAX_REPLACEMENTS);
			status = 1;
		}
	}
	if (status == 0) {
		xf_graph_to_flat(&body, &outfc);
		if (tool_write_config("nfclick-xform", &outfc, o.output) < 0)
			status = 1;
	}
	nfc_flat_config_free(&outfc);
	xf_graph_free(&body);
	xf_patterns_free(&ps);
	free(o.pattern_files);
	return status;
}
