/* SPDX-License-Identifier: MIT */
/* nfclick-buildtool: answers which element classes and features this build provides. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "nfclick-config.h"
#include <nfclick/nfclick.h>

/*
 * Click's tests gate themselves with `click-buildtool provides NAME...`
 * (installed as click-buildtool in testbin/). A NAME is an element class or
 * a build feature. Only features nfclick really has are listed: a test that
 * asks for one we lack must be skipped, not run and failed.
 */

/* Features that hold for every nfclick build. */
static const char *const always_features[] = {
	"userlevel", /* nfclick is a user-level driver */
	"int64",     /* 64-bit integers in handlers and arguments */
	"batch",     /* packets move in batches (FastClick's provision name) */
	NULL,
};

/* Features that depend on what configure found, or on what got compiled in. */
static bool feature_provided(const char *name)
{
	for (int i = 0; always_features[i]; i++)
		if (strcmp(name, always_features[i]) == 0)
			return true;
#ifdef HAVE_PCAP
	if (strcmp(name, "pcap") == 0)
		return true;
#endif
#ifdef HAVE_DPDK
	if (strcmp(name, "dpdk") == 0)
		return true;
#endif
#ifdef HAVE_NUMA
	if (strcmp(name, "numa") == 0)
		return true;
#endif
	/* Click's ip6 provision stands for its IPv6 element group: say yes
	 * only when that group's basic element is built. */
	if (strcmp(name, "ip6") == 0)
		return nfc_registry_find("CheckIP6Header") != NULL;
	return false;
}

static bool provided(const char *name)
{
	return nfc_registry_find(name) != NULL || feature_provided(name);
}

static void print_features(void)
{
	static const char *const conditional[] = { "pcap", "dpdk", "numa", "ip6", NULL };
	for (int i = 0; always_features[i]; i++)
		printf("%s\n", always_features[i]);
	for (int i = 0; conditional[i]; i++)
		if (feature_provided(conditional[i]))
			printf("%s\n", conditional[i]);
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: nfclick-buildtool provides [-v] NAME...\n"
		   "       nfclick-buildtool list\n"
		   "       nfclick-buildtool features\n"
		   "\n"
		   "provides   exit 0 if every NAME is a registered element class or a\n"
		   "           feature of this build, 1 otherwise (-v: name the missing ones)\n"
		   "list       print the registered element classes, one a line\n"
		   "features   print the features of this build, one a line\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("nfclick-buildtool %s\n", NFCLICK_VERSION_STRING);
		return 0;
	}
	if (strcmp(cmd, "list") == 0) {
		const struct nfc_element_class *cls;
		for (int i = 0; (cls = nfc_registry_at(i)) != NULL; i++)
			printf("%s\n", cls->name);
		return 0;
	}
	if (strcmp(cmd, "features") == 0) {
		print_features();
		return 0;
	}
	if (strcmp(cmd, "provides") == 0) {
		int first = 2;
		bool verbose = false;
		if (argc > 2 && (strcmp(argv[2], "-v") == 0 || strcmp(argv[2], "--verbose") == 0)) {
			verbose = true;
			first = 3;
		}
		bool all = true;
		for (int i = first; i < argc; i++) {
			if (!provided(argv[i])) {
				all = false;
				if (verbose)
					fprintf(stderr, "nfclick-buildtool: '%s' is not provided\n", argv[i]);
			}
		}
		return all ? 0 : 1;
	}
	fprintf(stderr, "nfclick-buildtool: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
