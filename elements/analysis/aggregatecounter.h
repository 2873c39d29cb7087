/* SPDX-License-Identifier: MIT */
/* AggregateCounter's instance and its counting table (aggregatecounter_table.c). */
#ifndef NFC_ELEMENTS_AGGREGATECOUNTER_H
#define NFC_ELEMENTS_AGGREGATECOUNTER_H

#include <nfclick/nfclick.h>

enum { AC_NONE, AC_FREEZE, AC_STOP, AC_CALL };

/* What happens when the aggregates or the total count reach a limit. */
struct ac_trigger {
	int action;
	uint64_t limit; /* UINT64_MAX: never (or already fired) */
	char *text;	/* "HANDLER [VALUE]" for AC_CALL (heap) */
	bool have_call;
	struct nfc_handler_call call;
};

struct ac_slot {
	uint32_t aggregate;
	uint32_t count;
	bool used;
};

struct aggcounter {
	struct nfc_element e;
	bool bytes, ip_bytes, multipacket, extra_length;
	uint32_t agg_limit[3];
	bool agg_given[3];
	uint64_t count_limit[3];
	bool count_given[3];
	char *agg_call_text, *count_call_text;
	char *banner_arg;

	char *banner; /* heap, ends with a newline when not empty */
	bool frozen, active;
	struct ac_trigger agg_trigger, count_trigger;

	/* open-addressing table of aggregates */
	struct ac_slot *slots;
	uint32_t nslots, nused;
	uint32_t nnz;	/* aggregates with a nonzero count */
	uint64_t total; /* sum of all counts */
};

int ac_trigger_parse(struct aggcounter *ac, struct ac_trigger *t, const char *text, bool now,
		     struct nfc_errh *errh);
int ac_trigger_init(struct aggcounter *ac, struct ac_trigger *t, struct nfc_errh *errh);
void ac_trigger_free(struct ac_trigger *t);
void ac_set_banner(struct aggcounter *ac, const char *text);
/** Forget all counts; returns -1 when out of memory. */
int ac_clear(struct aggcounter *ac);
/** Count @p; false when it was not counted (inactive, or frozen and new). */
bool ac_update(struct aggcounter *ac, const struct nfc_packet *p, bool frozen);
int ac_add_handlers(struct nfc_element *e);

#endif
