/* SPDX-License-Identifier: MIT */
/* FromIPSummaryDump's instance, shared by its configuration and emitting halves. */
#ifndef NFC_ELEMENTS_FROMIPSUMMARYDUMP_H
#define NFC_ELEMENTS_FROMIPSUMMARYDUMP_H

#include "ipsumdump.h"

#define FISD_SAMPLING_SHIFT 28

struct fisd {
	struct nfc_element e;
	/* configuration */
	char *filename;
	char *data;
	bool stop, active, zero, timing, checksum, multipacket, allow_nonexistent;
	double sample;
	uint32_t proto;
	uint32_t burst;
	char *contents[4];
	char *flowid_text[2];

	/* the dump's format, as its "!" lines say */
	const struct isd_field **fields;
	int *order; /* field indexes in injection order */
	struct fisd_word {
		const char *s;
		size_t n;
	} *words; /* one line's words, one per field */
	int nfields;
	int default_proto;
	int minor_version;
	struct isd_flowid flowid;
	bool have_flowid;
	uint32_t aggregate;
	bool have_aggregate;
	bool format_complaint;

	struct isd_linefile file;
	long long filepos;
	struct isd_rdesc rd;
	uint32_t sampling_prob;
	struct nfc_rng rng; /* SAMPLE draws (RandomSeed) */
	bool push_mode;
	bool stopped;

	/* a packet waiting for its time (TIMING) or split in several (MULTIPACKET) */
	struct nfc_packet *work;
	uint32_t mp_length;
	int64_t mp_delta, mp_end;
	bool have_timing;
	int64_t timing_offset;

	struct nfc_task task;
	struct nfc_timer timer;
	struct nfc_notifier notifier;
};

/* fromipsummarydump_emit.c */
void fisd_bang_data(struct fisd *fd, const char *line, struct nfc_errh *errh);
void fisd_bang_flowid(struct fisd *fd, const char *line, struct nfc_errh *errh);
bool fisd_run(struct nfc_task *t, void *arg);
unsigned fisd_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max);
void fisd_timer(struct nfc_timer *t, void *arg);
/** Start emitting again (active set, timer fired). */
void fisd_wake(struct fisd *fd);

#endif
