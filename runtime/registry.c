/* SPDX-License-Identifier: MIT */
/* The element class registry, filled by constructors before main(). */
#include <stdlib.h>
#include <string.h>
#include <nfclick/element.h>

/* Written only by NFC_REGISTER_ELEMENT constructors (and dlopen()ed
 * packages, from the main thread, before a router is built); read-only
 * afterwards. Kept sorted by name for listing and binary search. */
static const struct nfc_element_class **registry;
static int registry_count, registry_cap;

static int class_cmp(const void *a, const void *b)
{
	const struct nfc_element_class *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

void nfc_registry_add(const struct nfc_element_class *cls)
{
	if (registry_count == registry_cap) {
		int ncap = registry_cap ? 2 * registry_cap : 128;
		const struct nfc_element_class **n = realloc(registry, ncap * sizeof *n);
		if (!n)
			abort();
		registry = n;
		registry_cap = ncap;
	}
	registry[registry_count++] = cls;
	qsort(registry, registry_count, sizeof *registry, class_cmp);
}

const struct nfc_element_class *nfc_registry_find(const char *name)
{
	int lo = 0, hi = registry_count - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(name, registry[mid]->name);
		if (c == 0)
			return registry[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct nfc_element_class *nfc_registry_at(int i)
{
	return i >= 0 && i < registry_count ? registry[i] : NULL;
}

int nfc_registry_count(void)
{
	return registry_count;
}

__attribute__((destructor)) static void registry_free(void)
{
	free(registry);
	registry = NULL;
	registry_count = registry_cap = 0;
}
