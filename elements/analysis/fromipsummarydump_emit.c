/* SPDX-License-Identifier: MIT */
/* FromIPSummaryDump's reading half: "!" lines, packet lines, timing, multipacket, emitting. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "fromipsummarydump.h"

const char *fisd_landmark(struct fisd *fd, char *buf, size_t n)
{
	if (!fd->file.name)
		return NULL; /* configure: no file yet */
	if (fd->binary) {
		snprintf(buf, n, "%s:record %u", fd->file.name, fd->record);
		return buf;
	}
	return isd_linefile_landmark(&fd->file, buf, n);
}

static struct nfc_errh *fisd_errh(struct fisd *fd, struct nfc_errh *errh)
{
	return errh ? errh : nfc_router_errh(fd->e.router);
}

/* Words of a "!" line or keyword value, unquoted. */
static int fisd_words(const char *line, char ***words, int *n)
{
	if (nfc_split_words(line, words, n) < 0)
		return -1;
	for (int i = 0; i < *n; i++) {
		char *u;
		if (nfc_parse_string((*words)[i], &u, NULL) == 0) {
			free((*words)[i]);
			(*words)[i] = u;
		}
	}
	return 0;
}

void fisd_bang_data(struct fisd *fd, const char *line, struct nfc_errh *errh)
{
	char lm[512];
	const char *landmark = fisd_landmark(fd, lm, sizeof lm);
	errh = fisd_errh(fd, errh);
	char **words;
	int n;
	if (fisd_words(line, &words, &n) < 0)
		return;
	free(fd->fields);
	free(fd->order);
	free(fd->words);
	free(fd->bin_fields);
	free(fd->spans);
	fd->fields = calloc((size_t)n + 1, sizeof *fd->fields);
	fd->order = calloc((size_t)n + 1, sizeof *fd->order);
	fd->words = calloc((size_t)n + 1, sizeof *fd->words);
	fd->bin_fields = calloc((size_t)n + 1, sizeof *fd->bin_fields);
	fd->spans = calloc((size_t)n + 1, sizeof *fd->spans);
	fd->nfields = 0;
	if (!fd->fields || !fd->order || !fd->words || !fd->bin_fields || !fd->spans) {
		nfc_words_free(words, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i == 0 && (strcmp(words[i], "!data") == 0 || strcmp(words[i], "!contents") == 0))
			continue;
		const struct isd_field *f = isd_field_find(words[i]);
		/* an unknown field takes no bytes in a binary record (as in Click) */
		fd->bin_fields[fd->nfields] = f ? f : &isd_null_field;
		if (!f) {
			nfc_lwarning(errh, landmark, "unknown content type '%s'", words[i]);
			f = &isd_null_field;
		} else if (f->order == ISD_WRITE_ONLY) {
			nfc_lwarning(errh, landmark, "content type '%s' ignored on input", words[i]);
			f = &isd_null_field;
		}
		fd->fields[fd->nfields++] = f;
	}
	nfc_words_free(words, n);
	if (fd->nfields == 0)
		nfc_lerror(errh, landmark, "no contents specified");
	if (fd->binary)
		fisd_check_binary_fields(fd, errh);

	/* inject link before network before transport before payload (stable) */
	for (int i = 0; i < fd->nfields; i++) {
		int j = i;
		for (; j > 0 && fd->fields[fd->order[j - 1]]->order > fd->fields[i]->order; j--)
			fd->order[j] = fd->order[j - 1];
		fd->order[j] = i;
	}
}

static void fisd_bang_proto(struct fisd *fd, const char *word, const char *what,
			    struct nfc_errh *errh)
{
	char lm[512];
	uint32_t p;
	if (word && isd_parse_ip_proto(word, &p))
		fd->default_proto = (int)p;
	else
		nfc_lerror(errh, fisd_landmark(fd, lm, sizeof lm), "bad protocol in %s", what);
}

static bool parse_flow_addr(const char *s, uint32_t *a)
{
	*a = 0;
	return strcmp(s, "-") == 0 || nfc_parse_ip(s, a) == 0;
}

static bool parse_flow_port(const char *s, uint16_t *port)
{
	uint32_t v = 0;
	if (strcmp(s, "-") != 0 && (nfc_parse_uint32(s, &v) < 0 || v > 65535))
		return false;
	*port = (uint16_t)v;
	return true;
}

void fisd_bang_flowid(struct fisd *fd, const char *line, struct nfc_errh *errh)
{
	char lm[512];
	errh = fisd_errh(fd, errh);
	char **words;
	int n;
	if (fisd_words(line, &words, &n) < 0)
		return;
	/* the FLOWID keyword has no "!flowid" word in front */
	int k = n > 0 && strcmp(words[0], "!flowid") == 0 ? 1 : 0;
	struct isd_flowid f;
	if (n - k < 4 || !parse_flow_addr(words[k], &f.saddr) ||
	    !parse_flow_port(words[k + 1], &f.sport) || !parse_flow_addr(words[k + 2], &f.daddr) ||
	    !parse_flow_port(words[k + 3], &f.dport)) {
		nfc_lerror(errh, fisd_landmark(fd, lm, sizeof lm), "bad !flowid specification");
		fd->have_flowid = false;
	} else {
		if (n - k >= 5)
			fisd_bang_proto(fd, words[k + 4], "!flowid", errh);
		fd->flowid = f;
		fd->have_flowid = true;
	}
	nfc_words_free(words, n);
}

/* Is @line the "!" line @word (followed by a space or the end)? */
static bool is_bang(const char *line, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n >= w && memcmp(line, word, w) == 0 && (n == w || isspace((unsigned char)line[w]));
}

/* A "!" line (text, or a text record of a binary dump). */
static void fisd_bang(struct fisd *fd, const char *line, size_t n)
{
	struct nfc_errh *errh = nfc_router_errh(fd->e.router);
	char lm[512];
	char **words;
	int nw;
	if (is_bang(line, n, "!data") || is_bang(line, n, "!contents"))
		fisd_bang_data(fd, line, errh);
	else if (is_bang(line, n, "!flowid"))
		fisd_bang_flowid(fd, line, errh);
	else if (is_bang(line, n, "!proto")) {
		if (fisd_words(line, &words, &nw) < 0)
			return;
		if (nw != 2)
			nfc_lerror(errh, fisd_landmark(fd, lm, sizeof lm), "bad !proto");
		else
			fisd_bang_proto(fd, words[1], "!proto", errh);
		nfc_words_free(words, nw);
	} else if (is_bang(line, n, "!aggregate")) {
		if (fisd_words(line, &words, &nw) < 0)
			return;
		if (nw != 2 || nfc_parse_uint32(words[1], &fd->aggregate) < 0) {
			nfc_lerror(errh, fisd_landmark(fd, lm, sizeof lm),
				   "bad !aggregate specification");
			fd->have_aggregate = false;
		} else
			fd->have_aggregate = true;
		nfc_words_free(words, nw);
	} else if (is_bang(line, n, "!binary"))
		fisd_bang_binary(fd, line, errh);
}

/* Split a packet line into one word per field; double quotes group. */
static void fisd_split(struct fisd *fd, const char *s, const char *end)
{
	for (int i = 0; i < fd->nfields; i++) {
		const char *w = s;
		while (s < end && !isspace((unsigned char)*s)) {
			if (*s == '"') {
				for (s++; s < end && *s != '"'; s++)
					if (*s == '\\' && s + 1 < end)
						s++;
				if (s < end)
					s++;
			} else
				s++;
		}
		fd->words[i].s = w;
		fd->words[i].n = (size_t)(s - w);
		while (s < end && isspace((unsigned char)*s))
			s++;
	}
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

bool fisd_begin_packet(struct fisd *fd, bool *oom)
{
	struct isd_rdesc *d = &fd->rd;
	d->p = isd_new_packet(fd->zero);
	*oom = !d->p;
	if (!d->p) {
		char lm[512];
		nfc_lerror(nfc_router_errh(fd->e.router), fisd_landmark(fd, lm, sizeof lm),
			   "out of memory");
		return false;
	}
	d->is_ip = true;
	d->have_icmp_type = d->have_icmp_code = d->have_ip_hl = d->have_tcp_hl = false;
	d->zero = fd->zero;
	d->default_ip_p = fd->default_proto;
	d->flowid = fd->have_flowid ? &fd->flowid : NULL;
	d->minor_version = fd->minor_version;
	d->want_len = 0;
	if (fd->have_aggregate)
		nfc_anno_set_u32(d->p, NFC_ANNO_AGGREGATE, fd->aggregate);
	return true;
}

struct nfc_packet *fisd_end_packet(struct fisd *fd, int parsed, const char *line, size_t n)
{
	struct isd_rdesc *d = &fd->rd;
	if (parsed == 0) {
		if (!fd->format_complaint && (!line || !all_space(line, n))) {
			char lm[512];
			nfc_lerror(nfc_router_errh(fd->e.router), fisd_landmark(fd, lm, sizeof lm),
				   fd->nfields == 0 ? "no '!data' provided" : "packet parse error");
			fd->format_complaint = true;
		}
		if (d->p)
			nfc_packet_kill(d->p);
		d->p = NULL;
		return NULL;
	}
	isd_finish_packet(d, fd->checksum);
	return d->p;
}

/* Build the packet of one line; NULL when no field parses or (*oom) memory ran out. */
static struct nfc_packet *fisd_build(struct fisd *fd, const char *line, size_t n, bool *oom)
{
	struct isd_rdesc *d = &fd->rd;
	if (!fisd_begin_packet(fd, oom))
		return NULL;
	fisd_split(fd, line, line + n);
	int parsed = 0;
	for (int k = 0; k < fd->nfields && d->p; k++) {
		int i = fd->order[k];
		const struct fisd_word *w = &fd->words[i];
		if (w->n == 0 || (w->n == 1 && w->s[0] == '-'))
			continue;
		if (fd->fields[i]->id == ISD_NONE)
			continue;
		if (isd_parse_field(d, fd->fields[i], w->s, w->n)) {
			isd_inject_field(d, fd->fields[i]);
			parsed++;
		}
	}
	return fisd_end_packet(fd, parsed, line, n);
}

/* The next packet of the file; NULL at its end (*eof) or when memory ran out. */
static struct nfc_packet *fisd_read_packet(struct fisd *fd, bool *eof)
{
	*eof = false;
	while (isd_linefile_is_open(&fd->file)) {
		size_t n;
		const char *line;
		bool text = true;
		if (fd->binary) {
			if (fisd_read_record(fd, &text) <= 0)
				break; /* the end, or a record we cannot trust: stop, as Click */
			line = (const char *)fd->rec;
			n = fd->rec_len;
		} else {
			if (!(line = isd_linefile_read(&fd->file, &n)))
				break;
			fd->filepos += (long long)n + 1;
		}
		if (n == 0 || (text && line[0] == '#'))
			continue;
		if (text && line[0] == '!') {
			fisd_bang(fd, line, n);
			continue;
		}
		/* in a binary dump even a text record that is no "!" line is fields (Click) */
		bool oom;
		struct nfc_packet *p = fd->binary
			? fisd_build_binary(fd, (const uint8_t *)line, n, &oom)
			: fisd_build(fd, line, n, &oom);
		if (p || oom)
			return p; /* out of memory: the line is lost, try again later */
	}
	isd_linefile_close(&fd->file);
	*eof = true;
	return NULL;
}

/* TIMING: is @p due? If not, keep it and wake when it is. */
static bool fisd_due(struct fisd *fd, struct nfc_packet *p)
{
	int64_t now = nfc_now();
	if (!fd->have_timing) {
		fd->timing_offset = now - p->timestamp_ns;
		fd->have_timing = true;
	}
	int64_t due = p->timestamp_ns + fd->timing_offset;
	if (now < due) {
		nfc_timer_schedule_at(&fd->timer, due);
		fd->work = p;
		return false;
	}
	fd->work = NULL;
	return true;
}

/* Set IP (and UDP) lengths for a packet standing for @extra more bytes. */
static struct nfc_packet *set_packet_lengths(struct nfc_packet *p, uint32_t extra)
{
	if (!nfc_packet_has_network_header(p) || isd_network_length(p) < 20)
		return p;
	uint32_t length = p->length + extra;
	struct nfc_ip *iph = (struct nfc_ip *)nfc_packet_network_header(p);
	if (htons((uint16_t)length) == iph->len)
		return p;
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	iph = (struct nfc_ip *)nfc_packet_network_header(p);
	iph->len = htons((uint16_t)length);
	if (iph->p == NFC_IP_PROTO_UDP && isd_transport_length(p) >= 6)
		((struct nfc_udp *)nfc_packet_transport_header(p))->len =
			htons((uint16_t)(length - nfc_ip_hl(iph) * 4));
	return p;
}

/* MULTIPACKET: a line with count N becomes N packets sharing its length and time span. */
static struct nfc_packet *fisd_multipacket(struct fisd *fd, struct nfc_packet *p)
{
	uint32_t extra_packets = nfc_anno_u32(p, NFC_ANNO_EXTRA_PACKETS);
	if (!extra_packets) {
		fd->work = NULL;
		return p;
	}
	uint32_t count = 1 + extra_packets;
	if (!fd->work) {
		uint64_t total = (uint64_t)p->length + nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH);
		fd->mp_length = (uint32_t)(total / count);
		if (fd->mp_length < p->length) {
			fd->mp_length = p->length;
			nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, fd->mp_length * (count - 1));
		}
		int64_t first;
		memcpy(&first, p->anno + NFC_ANNO_FIRST_TIMESTAMP, 8);
		fd->mp_end = p->timestamp_ns;
		if (first) {
			fd->mp_delta = (p->timestamp_ns - first) / (int64_t)(count - 1);
			p->timestamp_ns = first;
		} else
			fd->mp_delta = 0;
		if (!(fd->work = p = set_packet_lengths(p, fd->mp_length - p->length)))
			return NULL;
	}
	struct nfc_packet *q = nfc_packet_clone(p);
	if (q) {
		nfc_anno_set_u32(q, NFC_ANNO_EXTRA_PACKETS, 0);
		nfc_anno_set_u32(q, NFC_ANNO_EXTRA_LENGTH, fd->mp_length - q->length);
	}
	struct nfc_packet *w = fd->work;
	nfc_anno_set_u32(w, NFC_ANNO_EXTRA_PACKETS, count - 2);
	nfc_anno_set_u32(w, NFC_ANNO_EXTRA_LENGTH,
			 nfc_anno_u32(w, NFC_ANNO_EXTRA_LENGTH) - fd->mp_length);
	if (count == 2) {
		w->timestamp_ns = fd->mp_end;
		fd->work = set_packet_lengths(w, nfc_anno_u32(w, NFC_ANNO_EXTRA_LENGTH));
	} else
		w->timestamp_ns += fd->mp_delta;
	return q;
}

static uint32_t fisd_random(struct fisd *fd)
{
	nfc_rng_sync(&fd->rng);
	return nfc_rng_next(&fd->rng);
}

static void fisd_at_end(struct fisd *fd)
{
	if (fd->stop && !fd->stopped) {
		fd->stopped = true;
		nfc_router_please_stop(fd->e.router);
	}
}

/* The next packet to emit; NULL with *more false when nothing comes until woken. */
static struct nfc_packet *fisd_next(struct fisd *fd, bool *more)
{
	*more = true;
	while (1) {
		if (!fd->active) {
			*more = false;
			return NULL;
		}
		struct nfc_packet *p = fd->work;
		if (!p) {
			bool eof;
			p = fisd_read_packet(fd, &eof);
			if (!p) {
				if (eof) {
					fisd_at_end(fd);
					*more = false;
				}
				return NULL;
			}
		}
		if (fd->timing && !fisd_due(fd, p)) {
			*more = false;
			return NULL;
		}
		if (fd->multipacket)
			p = fisd_multipacket(fd, p);
		if (!p)
			return NULL;
		if (fd->sampling_prob >= (1u << FISD_SAMPLING_SHIFT) ||
		    (fisd_random(fd) & ((1u << FISD_SAMPLING_SHIFT) - 1)) < fd->sampling_prob)
			return p;
		nfc_packet_kill(p);
	}
}

bool fisd_run(struct nfc_task *t, void *arg)
{
	struct fisd *fd = arg;
	struct nfc_batch b;
	bool more = true;
	nfc_batch_init(&b);
	while (b.count < fd->burst) {
		struct nfc_packet *p = fisd_next(fd, &more);
		if (!p)
			break;
		nfc_batch_add(&b, p);
	}
	unsigned n = b.count;
	nfc_push(&fd->e, 0, &b);
	if (more)
		nfc_task_fast_reschedule(t);
	return n > 0;
}

unsigned fisd_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct fisd *fd = (struct fisd *)e;
	unsigned n = 0;
	bool more = true;
	while (n < max) {
		struct nfc_packet *p = fisd_next(fd, &more);
		if (!p)
			break;
		nfc_batch_add(out, p);
		n++;
	}
	if (!more)
		nfc_notifier_sleep(&fd->notifier);
	return n;
}

void fisd_wake(struct fisd *fd)
{
	if (!fd->active)
		return;
	if (fd->push_mode) {
		if (fd->task.initialized && !nfc_task_scheduled(&fd->task))
			nfc_task_schedule(&fd->task);
	} else
		nfc_notifier_wake(&fd->notifier);
}

void fisd_timer(struct nfc_timer *t, void *arg)
{
	fisd_wake(arg);
}
