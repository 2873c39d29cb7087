/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the Click language front end (parse, flatten, unparse, re-parse). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/config.h>
#include <nfclick/element.h>
#include <nfclick/error.h>
#include <nfclick/strbuf.h>

/*
 * The front end only needs class names from the registry, so the target
 * registers a few name-only classes itself and links no element code.
 */
#define FAKE(cls) { .name = cls, .port_count = "-/-", .processing = "a/a" }
static const struct nfc_element_class fake_classes[] = {
	FAKE("Idle"),	 FAKE("Discard"), FAKE("Counter"), FAKE("Queue"),
	FAKE("Tee"),	 FAKE("Hub"),	  FAKE("Print"),   FAKE("Unqueue"),
	FAKE("Message"), FAKE("InfiniteSource"),
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof fake_classes / sizeof fake_classes[0]; i++)
		nfc_registry_add(&fake_classes[i]);
	return 0;
}

static char *flatten(const char *text, const struct nfc_config_var *vars, int nvars, int *rc)
{
	struct nfc_errh errh;
	nfc_errh_init_silent(&errh);
	struct nfc_flat_config fc;
	*rc = nfc_config_parse(text, "fuzz", vars, nvars, &fc, &errh);
	/* Errors must be counted exactly when the parse fails. */
	if ((*rc == 0) != (errh.nerrors == 0))
		abort();
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_flat_config_unparse(&fc, &sb);
	for (int i = 0; i < fc.nconnections; i++)
		if (fc.connections[i].from < 0 || fc.connections[i].from >= fc.nelements ||
		    fc.connections[i].to < 0 || fc.connections[i].to >= fc.nelements)
			abort();
	nfc_flat_config_free(&fc);
	nfc_errh_destroy(&errh);
	char *r = nfc_strbuf_take(&sb);
	return r ? r : strdup("");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	static const struct nfc_config_var vars[] = { { "X", "1" }, { "Y", "a b" } };
	int rc;
	char *flat = flatten(text, vars, 2, &rc);
#ifdef FUZZ_ROUNDTRIP
	/* A flat configuration must read back as itself. Configurations whose
	 * substituted values unbalance parentheses are outside this promise. */
	if (rc == 0 && !strchr(text, '$')) {
		int rc2;
		char *again = flatten(flat, NULL, 0, &rc2);
		if (rc2 != 0 || strcmp(again, flat) != 0) {
			fprintf(stderr, "round trip failed:\n--- flat\n%s\n--- again\n%s\n", flat,
				again);
			abort();
		}
		free(again);
	}
#endif
	free(flat);
	free(text);
	return 0;
}
