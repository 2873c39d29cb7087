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
	/* binary records: each field as the writer laid it out (write-only ones
	   keep their width), and where its bytes start in the current record */
	const struct isd_field **bin_fields;
	const uint8_t **spans;
	int nfields;
	int default_proto;
	int minor_version;
	struct isd_flowid flowid;
	bool have_flowid;
	uint32_t aggregate;
	bool have_aggregate;
	bool format_complaint;

	/* after "!binary": records instead of lines */
	bool binary;
	unsigned record; /* number of the current record, from 1 */
	uint8_t *rec;	 /* the current record's bytes (NUL-terminated) */
	size_t rec_len, rec_cap;
	uint8_t ahead[4]; /* bytes read past a text record, still to come */
	size_t nahead;

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
/** "FILE:LINE", or "FILE:record N" in a binary dump; NULL before the file opens. */
const char *fisd_landmark(struct fisd *fd, char *buf, size_t n);
/** Start a packet in fd->rd; false (and *oom) when memory ran out. */
bool fisd_begin_packet(struct fisd *fd, bool *oom);
/**
 * Finish fd->rd's packet after @parsed fields; with none, kill it and report
 * the first bad text line @line (@n bytes; an all-blank one is excused) or,
 * when @line is NULL, the first bad binary record.
 */
struct nfc_packet *fisd_end_packet(struct fisd *fd, int parsed, const char *line, size_t n);
void fisd_bang_data(struct fisd *fd, const char *line, struct nfc_errh *errh);
void fisd_bang_flowid(struct fisd *fd, const char *line, struct nfc_errh *errh);
bool fisd_run(struct nfc_task *t, void *arg);
unsigned fisd_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max);
void fisd_timer(struct nfc_timer *t, void *arg);
/** Start emitting again (active set, timer fired). */
void fisd_wake(struct fisd *fd);

/* fromipsummarydump_binary.c */
/** The "!binary" line: records follow. */
void fisd_bang_binary(struct fisd *fd, const char *line, struct nfc_errh *errh);
/** Warn about fields a binary dump cannot hold (after "!binary" or "!data"). */
void fisd_check_binary_fields(struct fisd *fd, struct nfc_errh *errh);
/**
 * Read the next record into fd->rec. Returns 1 (*text: a text record,
 * stripped of trailing NULs and newline), 0 at the end of the file, -1
 * after reporting a record that is cut short or has an impossible length.
 */
int fisd_read_record(struct fisd *fd, bool *text);
/** Build the packet of a binary record (NULL: no field in it, or *oom). */
struct nfc_packet *fisd_build_binary(struct fisd *fd, const uint8_t *rec, size_t n, bool *oom);

#endif
