/* SPDX-License-Identifier: MIT */
/* The nfclick command: parse a configuration, build the router, run it. */
#include "nfclick-config.h"
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <nfclick/dpdk.h>
#include <nfclick/nfclick.h>

const char *nfc_doc_lookup(const char *cls);

static struct nfc_router *running_router;
/* A stop signal also ends hot swapping: the replacement does not start. */
static volatile sig_atomic_t stop_signalled;

static void on_signal(int sig)
{
	(void)sig;
	stop_signalled = 1;
	if (running_router)
		nfc_router_stop_now(running_router);
}

static void usage(FILE *f)
{
	fprintf(f,
		"'nfclick' runs a Click configuration as a user-level packet processor.\n"
		"\n"
		"Usage: nfclick [OPTION]... [ROUTERFILE | -e CONFIG | -f FILE] [VAR=VALUE]...\n"
		"\n"
		"Options:\n"
		"  -f, --file FILE             Read router configuration from FILE.\n"
		"  -e, --expression EXPR       Use EXPR as router configuration.\n"
		"  -R, --allow-reconfigure     Provide a write handler 'hotconfig' that\n"
		"                              replaces the router with a new configuration.\n"
		"      --dpdk EAL-ARGS --      Initialise DPDK with EAL-ARGS first (must come first).\n"
		"  -j, --threads N             Start N threads (default 1).\n"
		"      --cpu LIST              Pin thread i to the i-th CPU of LIST (\"0,2,3\").\n"
		"  -h, --handler ELEMENT.H     Call and print read handler ELEMENT.H at exit.\n"
		"  -x, --exit-handler ELEMENT.H  Use handler ELEMENT.H value for exit status.\n"
		"  -o, --output FILE           Write flat configuration to FILE.\n"
		"  -q, --quit                  Do not run the driver (initialize, print, exit).\n"
		"  -t, --time                  Print information on how long the driver took.\n"
		"  -w, --no-warnings           Do not print warnings.\n"
		"  -C, --clickpath PATH        Accepted for Click compatibility (no effect).\n"
		"      --simtime               Run on simulated time.\n"
		"      --flatten               Print the flattened configuration and exit.\n"
		"      --threads-report        Print which threads reach each element, then run.\n"
		"      --no-fuse               Run every element as its own loop (no chain fusion;\n"
		"                              the handler 'fusions' lists fused chains).\n"
		"      --doc CLASS             Print the documentation of element CLASS.\n"
		"      --list-classes          Print every element class.\n"
		"      --help                  Print this message and exit.\n"
		"  -v, --version               Print version number and exit.\n"
		"\n"
		"Report bugs to the nfclick issue tracker.\n");
}

/* Print a doc block with Click's section letters turned into headings. */
static int print_doc(const char *cls)
{
	const char *doc = nfc_doc_lookup(cls);
	if (!doc) {
		fprintf(stderr, "nfclick: no documentation for element class '%s'%s\n", cls,
			nfc_registry_find(cls) ? "" : " (no such class)");
		return 1;
	}
	const char *p = doc;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len >= 2 && p[0] == '=') {
			if (strncmp(p, "=c", 2) == 0)
				printf("SYNOPSIS\n");
			else if (strncmp(p, "=s", 2) == 0)
				printf("CATEGORY%.*s\n", (int)(len - 2), p + 2);
			else if (strncmp(p, "=d", 2) == 0)
				printf("\nDESCRIPTION\n");
			else if (strncmp(p, "=item ", 6) == 0)
				printf("\n  %.*s\n", (int)(len - 6), p + 6);
			else if (strncmp(p, "=h ", 3) == 0)
				printf("\nHANDLER %.*s\n", (int)(len - 3), p + 3);
			else if (strncmp(p, "=e", 2) == 0)
				printf("\nEXAMPLE\n");
			else if (strncmp(p, "=a", 2) == 0)
				printf("\nSEE ALSO%.*s\n", (int)(len - 2), p + 2);
			else
				printf("%.*s\n", (int)len, p);
		} else
			printf("    %.*s\n", (int)len, p);
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

struct options {
	const char *file;
	const char *expr;
	const char *output;
	const char *handlers[64];
	int nhandlers;
	const char *exit_handler;
	bool quit, timing, no_warnings, flatten, threads_report;
	struct nfc_router_options ropts;
	struct nfc_config_var vars[64];
	int nvars;
};

static int parse_cpus(const char *s, struct nfc_router_options *o)
{
	o->ncpus = 0;
	while (*s && o->ncpus < 64) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v < 0)
			return -1;
		o->cpus[o->ncpus++] = (int)v;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return -1;
	}
	return o->ncpus > 0 ? 0 : -1;
}

/* Expand "-h" patterns with shell wildcards ("*.program", "c.*") into the
 * matching read handlers, in element order, as Click does. */
static int expand_handler_patterns(struct nfc_router *r, struct options *o, char ***out,
				   bool *labelled)
{
	int n = 0, cap = 16;
	char **v = malloc(cap * sizeof *v);
	*labelled = o->nhandlers > 1;
	for (int i = 0; v && i < o->nhandlers; i++) {
		const char *pat = o->handlers[i];
		const char *dot = strrchr(pat, '.');
		if (!strpbrk(pat, "*?[") || !dot) {
			if (n == cap)
				v = realloc(v, (cap *= 2) * sizeof *v);
			v[n++] = strdup(pat);
			continue;
		}
		*labelled = true;
		char *epat = strndup(pat, (size_t)(dot - pat));
		for (int k = 0; k < nfc_router_nelements(r); k++) {
			struct nfc_element *e = nfc_router_element(r, k);
			if (fnmatch(epat, e->name, 0) != 0)
				continue;
			struct nfc_strbuf list = NFC_STRBUF_INIT, name = NFC_STRBUF_INIT;
			struct nfc_errh quiet;
			nfc_errh_init_silent(&quiet);
			nfc_strbuf_printf(&name, "%s.handlers", e->name);
			nfc_handler_read(r, nfc_strbuf_str(&name), NULL, &list, &quiet);
			/* "handlers" lists "NAME\tMODE" lines */
			for (char *line = list.s; line && *line;) {
				char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
				if (nl)
					*nl = '\0';
				if (tab && strchr(tab + 1, 'r')) {
					*tab = '\0';
					if (fnmatch(dot + 1, line, 0) == 0) {
						if (n == cap)
							v = realloc(v, (cap *= 2) * sizeof *v);
						nfc_strbuf_clear(&name);
						nfc_strbuf_printf(&name, "%s.%s", e->name, line);
						v[n++] = nfc_strbuf_take(&name);
					}
				}
				line = nl ? nl + 1 : NULL;
			}
			nfc_strbuf_free(&list);
			nfc_strbuf_free(&name);
		}
		free(epat);
	}
	*out = v;
	return v ? n : 0;
}

static void print_handlers(struct nfc_router *r, struct options *o, struct nfc_errh *errh)
{
	char **names;
	bool labelled;
	int n = expand_handler_patterns(r, o, &names, &labelled);
	for (int i = 0; i < n; i++) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		if (nfc_handler_read(r, names[i], NULL, &sb, errh) == 0) {
			const char *v = nfc_strbuf_str(&sb);
			size_t len = strlen(v);
			/* with several handlers, Click labels each value */
			if (labelled)
				printf("%s:\n", names[i]);
			fputs(v, stdout);
			if (len == 0 || v[len - 1] != '\n')
				putchar('\n');
			if (labelled && i + 1 < n)
				putchar('\n');
		}
		nfc_strbuf_free(&sb);
		free(names[i]);
	}
	free(names);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "expression", required_argument, NULL, 'e' },
		{ "threads", required_argument, NULL, 'j' },
		{ "handler", required_argument, NULL, 'h' },
		{ "exit-handler", required_argument, NULL, 'x' },
		{ "output", required_argument, NULL, 'o' },
		{ "quit", no_argument, NULL, 'q' },
		{ "time", no_argument, NULL, 't' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ "clickpath", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 1 },
		{ "simtime", no_argument, NULL, 2 },
		{ "flatten", no_argument, NULL, 3 },
		{ "doc", required_argument, NULL, 4 },
		{ "cpu", required_argument, NULL, 5 },
		{ "threads-report", no_argument, NULL, 6 },
		{ "list-classes", no_argument, NULL, 7 },
		{ "allow-reconfigure", no_argument, NULL, 'R' },
		{ "no-allow-reconfigure", no_argument, NULL, 8 },
		{ "no-fuse", no_argument, NULL, 9 },
		{ NULL, 0, NULL, 0 },
	};
	struct options o;
	memset(&o, 0, sizeof o);
	o.ropts.nthreads = 1;
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	if (argc > 1 && strcmp(argv[1], "--dpdk") == 0) {
		/* nfclick --dpdk EAL-ARGS -- CONFIG-ARGS (Click's and FastClick's syntax) */
		int sep = 2;
		while (sep < argc && strcmp(argv[sep], "--") != 0)
			sep++;
		if (sep == argc) {
			fprintf(stderr, "nfclick: --dpdk: expected '--' after the DPDK EAL arguments "
					"(nfclick --dpdk EAL-ARGS -- CONFIG-ARGS)\n");
			return 1;
		}
		argv[1] = argv[0];
		if (nfc_dpdk_init(sep - 1, argv + 1, &errh) < 0)
			return 1;
		argv[sep] = argv[1];
		argc -= sep;
		argv += sep;
	}
	int c;
	while ((c = getopt_long(argc, argv, "f:e:j:h:x:o:qtwC:vR", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.file = optarg;
			break;
		case 'e':
			o.expr = optarg;
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > NFC_MAX_THREADS) {
				fprintf(stderr, "nfclick: -j: expected a thread count from 1 to %d\n",
					NFC_MAX_THREADS);
				return 1;
			}
			o.ropts.nthreads = (int)n;
			break;
		}
		case 'h':
			if (o.nhandlers < 64)
				o.handlers[o.nhandlers++] = optarg;
			break;
		case 'x':
			o.exit_handler = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'q':
			o.quit = true;
			break;
		case 't':
			o.timing = true;
			break;
		case 'w':
			o.no_warnings = true;
			break;
		case 'C':
			break;
		case 'R':
			o.ropts.allow_reconfigure = true;
			break;
		case 8:
			o.ropts.allow_reconfigure = false;
			break;
		case 'v':
			printf("nfclick %s\n", NFCLICK_VERSION_STRING);
			return 0;
		case 1:
			usage(stdout);
			return 0;
		case 2:
			o.ropts.simtime = true;
			break;
		case 3:
			o.flatten = true;
			break;
		case 4:
			return print_doc(optarg);
		case 5:
			if (parse_cpus(optarg, &o.ropts) < 0) {
				fprintf(stderr, "nfclick: --cpu: expected a list like 0,2,3\n");
				return 1;
			}
			break;
		case 6:
			o.threads_report = true;
			break;
		case 9:
			o.ropts.no_fusion = true;
			break;
		case 7:
			for (int i = 0; i < nfc_registry_count(); i++)
				printf("%s\n", nfc_registry_at(i)->name);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	for (int i = optind; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq && eq != argv[i]) {
			if (o.nvars < 64) {
				*eq = '\0';
				o.vars[o.nvars].name = argv[i][0] == '$' ? argv[i] + 1 : argv[i];
				o.vars[o.nvars].value = eq + 1;
				o.nvars++;
			}
		} else if (!o.file && !o.expr)
			o.file = argv[i];
		else {
			fprintf(stderr, "nfclick: router configuration specified twice\n");
			return 1;
		}
	}
	if (o.file && o.expr) {
		fprintf(stderr, "nfclick: router configuration specified twice\n");
		return 1;
	}
	/* configurations written to "hotconfig" see the same $variables */
	o.ropts.vars = o.vars;
	o.ropts.nvars = o.nvars;

	char *text;
	const char *filename;
	if (o.expr) {
		text = strdup(o.expr);
		filename = "config";
	} else {
		filename = o.file ? o.file : "<stdin>";
		text = nfc_read_file(o.file ? o.file : "-", &errh);
		if (!text)
			return 1;
	}

	struct nfc_flat_config fc;
	memset(&fc, 0, sizeof fc);
	int status = 0;
	if (nfc_config_parse(text, filename, o.vars, o.nvars, &fc, &errh) < 0) {
		nfc_flat_config_free(&fc);
		free(text);
		return 1;
	}
	if (o.flatten || o.output) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		nfc_flat_config_unparse(&fc, &sb);
		struct nfc_errh oerrh;
		nfc_errh_init_context(&oerrh, &errh, "nfclick", NULL);
		if (nfc_write_file(o.output, nfc_strbuf_str(&sb), &oerrh) < 0)
			status = 1;
		nfc_errh_destroy(&oerrh);
		nfc_strbuf_free(&sb);
		if (o.flatten || status) {
			nfc_flat_config_free(&fc);
			free(text);
			return status;
		}
	}

	struct nfc_router *r = nfc_router_create(&fc, &o.ropts, &errh);
	nfc_flat_config_free(&fc);
	if (!r) {
		free(text);
		return 1;
	}
	nfc_router_set_source(r, text);
	free(text);

	if (o.threads_report) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		nfc_handler_read(r, "threads", NULL, &sb, &errh);
		fputs(nfc_strbuf_str(&sb), stdout);
		nfc_strbuf_free(&sb);
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!o.quit) {
		running_router = r;
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		nfc_router_run(r);
		/* a "hotconfig" write stopped it: run its replacement (Click's -R) */
		for (;;) {
			running_router = NULL;
			struct nfc_router *next = stop_signalled ? NULL : nfc_router_hotswap(r, &errh);
			if (!next)
				break;
			r = next;
			running_router = r;
			nfc_router_run(r);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fflush(stdout);
	if (o.timing)
		fprintf(stderr, "%.6f real\n",
			(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	print_handlers(r, &o, &errh);
	if (errh.nerrors)
		status = 1;
	if (o.exit_handler) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		if (nfc_handler_read(r, o.exit_handler, NULL, &sb, &errh) == 0) {
			bool b;
			int32_t v;
			const char *s = nfc_strbuf_str(&sb);
			if (nfc_parse_bool(s, &b) == 0)
				status = b ? 0 : 1;
			else if (nfc_parse_int32(s, &v) == 0)
				status = v;
			else
				status = 1;
		} else
			status = 1;
		nfc_strbuf_free(&sb);
	}
	nfc_router_destroy(r);
	return status;
}
