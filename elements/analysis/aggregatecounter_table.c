/* SPDX-License-Identifier: MIT */
/* AggregateCounter's table of counts, its triggers, its dumps and handlers. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "aggregatecounter.h"

/* ---- triggers ---- */

int ac_trigger_parse(struct aggcounter *ac, struct ac_trigger *t, const char *text, bool now,
		     struct nfc_errh *errh)
{
	while (isspace((unsigned char)*text))
		text++;
	const char *sp = text;
	while (*sp && !isspace((unsigned char)*sp))
		sp++;
	char num[32];
	size_t n = (size_t)(sp - text);
	uint64_t limit;
	if (n == 0 || n >= sizeof num)
		return -1;
	memcpy(num, text, n);
	num[n] = '\0';
	if (nfc_parse_uint64(num, &limit) < 0)
		return -1;
	while (isspace((unsigned char)*sp))
		sp++;
	struct ac_trigger nt = { .action = AC_CALL, .limit = limit, .text = strdup(sp) };
	if (!nt.text)
		return -1;
	if (now && ac_trigger_init(ac, &nt, errh) < 0) {
		free(nt.text);
		return -2;
	}
	ac_trigger_free(t);
	*t = nt;
	return 0;
}

int ac_trigger_init(struct aggcounter *ac, struct ac_trigger *t, struct nfc_errh *errh)
{
	if (t->action != AC_CALL || t->have_call)
		return 0;
	if (nfc_handler_call_init(&t->call, &ac->e, t->text, 1, errh) < 0)
		return -1;
	t->have_call = true;
	return 0;
}

void ac_trigger_free(struct ac_trigger *t)
{
	if (t->have_call)
		nfc_handler_call_free(&t->call);
	t->have_call = false;
	free(t->text);
	t->text = NULL;
	t->action = AC_NONE;
	t->limit = UINT64_MAX;
}

static void ac_fire(struct aggcounter *ac, struct ac_trigger *t)
{
	t->limit = UINT64_MAX;
	if (t->action == AC_FREEZE)
		ac->frozen = true;
	else if (t->action == AC_STOP) {
		ac->active = false;
		nfc_router_please_stop(ac->e.router);
	} else if (t->action == AC_CALL && t->have_call)
		(void)nfc_handler_call_run_write(&t->call, nfc_router_errh(ac->e.router));
}

void ac_set_banner(struct aggcounter *ac, const char *text)
{
	size_t n = strlen(text);
	free(ac->banner);
	ac->banner = malloc(n + 2);
	if (!ac->banner)
		return;
	memcpy(ac->banner, text, n + 1);
	if (n == 1 && text[0] == '\n')
		ac->banner[0] = '\0';
	else if (n && text[n - 1] != '\n')
		memcpy(ac->banner + n, "\n", 2);
}

/* ---- the table ---- */

static uint32_t ac_hash(uint32_t a)
{
	a ^= a >> 16;
	a *= 0x7feb352dU;
	a ^= a >> 15;
	a *= 0x846ca68bU;
	return a ^ (a >> 16);
}

static int ac_alloc(struct aggcounter *ac, uint32_t nslots)
{
	struct ac_slot *s = calloc(nslots, sizeof *s);
	if (!s)
		return -1;
	struct ac_slot *old = ac->slots;
	uint32_t oldn = ac->nslots;
	ac->slots = s;
	ac->nslots = nslots;
	ac->nused = 0;
	for (uint32_t i = 0; i < oldn; i++)
		if (old[i].used) {
			uint32_t j = ac_hash(old[i].aggregate) & (nslots - 1);
			while (s[j].used)
				j = (j + 1) & (nslots - 1);
			s[j] = old[i];
			ac->nused++;
		}
	free(old);
	return 0;
}

int ac_clear(struct aggcounter *ac)
{
	free(ac->slots);
	ac->slots = NULL;
	ac->nslots = 0;
	ac->nnz = 0;
	ac->total = 0;
	return ac_alloc(ac, 1024);
}

/* The slot of @a; a new one when @create (NULL when absent or out of memory). */
static struct ac_slot *ac_find(struct aggcounter *ac, uint32_t a, bool create)
{
	if (!ac->slots)
		return NULL;
	uint32_t j = ac_hash(a) & (ac->nslots - 1);
	while (ac->slots[j].used) {
		if (ac->slots[j].aggregate == a)
			return &ac->slots[j];
		j = (j + 1) & (ac->nslots - 1);
	}
	if (!create)
		return NULL;
	if ((ac->nused + 1) * 2 > ac->nslots) {
		if (ac->nslots >= (1u << 31) || ac_alloc(ac, ac->nslots * 2) < 0) {
			nfc_error(nfc_router_errh(ac->e.router), "AggregateCounter: out of memory!");
			return NULL;
		}
		return ac_find(ac, a, true);
	}
	ac->slots[j] = (struct ac_slot){ a, 0, true };
	ac->nused++;
	return &ac->slots[j];
}

bool ac_update(struct aggcounter *ac, const struct nfc_packet *p, bool frozen)
{
	if (!ac->active)
		return false;
	struct ac_slot *s = ac_find(ac, nfc_anno_u32(p, NFC_ANNO_AGGREGATE), !frozen);
	if (!s || (frozen && !s->count))
		return false;
	uint32_t amount;
	if (!ac->bytes)
		amount = 1 + (ac->multipacket ? nfc_anno_u32(p, NFC_ANNO_EXTRA_PACKETS) : 0);
	else {
		amount = p->length + (ac->extra_length ? nfc_anno_u32(p, NFC_ANNO_EXTRA_LENGTH) : 0);
		if (ac->ip_bytes && nfc_packet_has_network_header(p))
			amount -= (uint32_t)nfc_packet_network_header_offset(p);
	}
	if (amount && !s->count) {
		if (ac->nnz >= ac->agg_trigger.limit) {
			ac_fire(ac, &ac->agg_trigger);
			/* the call may have changed our state: count again */
			return ac_update(ac, p, frozen || ac->frozen);
		}
		ac->nnz++;
	}
	s->count += amount;
	ac->total += amount;
	if (ac->total >= ac->count_trigger.limit)
		ac_fire(ac, &ac->count_trigger);
	return true;
}

/* ---- dumps ---- */

enum { WR_TEXT, WR_BINARY, WR_TEXT_IP, WR_TEXT_PDF };

static int ac_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct ac_slot *)a)->aggregate, y = ((const struct ac_slot *)b)->aggregate;
	return x < y ? -1 : x > y;
}

/* The nonzero counts in increasing aggregate order (malloc'd; *n entries). */
static struct ac_slot *ac_sorted(const struct aggcounter *ac, uint32_t *n)
{
	struct ac_slot *v = malloc(((size_t)ac->nnz + 1) * sizeof *v);
	*n = 0;
	if (!v)
		return NULL;
	for (uint32_t i = 0; i < ac->nslots; i++)
		if (ac->slots[i].used && ac->slots[i].count && *n <= ac->nnz)
			v[(*n)++] = ac->slots[i];
	qsort(v, *n, sizeof *v, ac_cmp);
	return v;
}

static int ac_write_file(struct aggcounter *ac, const char *where, int format,
			 struct nfc_errh *errh)
{
	FILE *f = strcmp(where, "-") == 0 ? stdout : fopen(where, format == WR_BINARY ? "wb" : "w");
	if (!f)
		return nfc_error(errh, "%s: %s", where, strerror(errno));
	fprintf(f, "!IPAggregate 1.0\n%s!num_nonzero %u\n", ac->banner ? ac->banner : "", ac->nnz);
	if (format == WR_BINARY)
		fputs(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? "!packed_be\n" : "!packed_le\n", f);
	else if (format == WR_TEXT_IP)
		fputs("!ip\n", f);
	uint32_t n;
	struct ac_slot *v = ac_sorted(ac, &n);
	for (uint32_t i = 0; v && i < n; i++) {
		uint32_t a = v[i].aggregate, c = v[i].count;
		if (format == WR_BINARY) {
			uint32_t rec[2] = { a, c };
			fwrite(rec, sizeof rec, 1, f);
		} else if (format == WR_TEXT_IP)
			fprintf(f, "%u.%u.%u.%u %u\n", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255,
				c);
		else if (format == WR_TEXT_PDF)
			fprintf(f, "%u %.12g\n", a, (double)c / (double)ac->total);
		else
			fprintf(f, "%u %u\n", a, c);
	}
	free(v);
	bool err = ferror(f);
	if (f != stdout)
		fclose(f);
	else
		fflush(f);
	return err ? nfc_error(errh, "%s: file error", where) : 0;
}

/* counts_pdf: aggregates become the old counts, counts their frequencies. */
static int ac_reaggregate(struct aggcounter *ac)
{
	uint32_t n;
	struct ac_slot *v = ac_sorted(ac, &n);
	if (!v || ac_clear(ac) < 0) {
		free(v);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct ac_slot *s = ac_find(ac, v[i].count, true);
		if (!s)
			break;
		if (!s->count)
			ac->nnz++;
		s->count++;
		ac->total++;
	}
	free(v);
	return 0;
}

/* ---- handlers ---- */

enum { H_FREEZE, H_ACTIVE, H_BANNER, H_STOP, H_REAGGREGATE, H_CLEAR, H_AGG_CALL, H_COUNT_CALL,
       H_NAGG, H_COUNT };

static int ac_write_file_handler(struct nfc_element *e, void *thunk, const char *value,
				 struct nfc_errh *errh)
{
	char *fn = NULL;
	if (nfc_parse_string(value, &fn, NULL) < 0 || !fn[0]) {
		free(fn);
		return nfc_error(errh, "argument should be filename");
	}
	int r = ac_write_file((struct aggcounter *)e, fn, (int)(intptr_t)thunk, errh);
	free(fn);
	return r;
}

static void ac_unparse_trigger(const struct ac_trigger *t, struct nfc_strbuf *out)
{
	if (t->limit != UINT64_MAX)
		nfc_strbuf_printf(out, "%llu %s", (unsigned long long)t->limit,
				  t->action == AC_CALL && t->text ? t->text
				  : t->action == AC_FREEZE	  ? "freeze true"
								  : "stop");
}

static int ac_read(struct nfc_element *e, void *thunk, const char *param, struct nfc_strbuf *out,
		   struct nfc_errh *errh)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	switch ((int)(intptr_t)thunk) {
	case H_FREEZE:
		nfc_strbuf_puts(out, ac->frozen ? "true" : "false");
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, ac->active ? "true" : "false");
		break;
	case H_BANNER:
		nfc_strbuf_puts(out, ac->banner ? ac->banner : "");
		break;
	case H_AGG_CALL:
		ac_unparse_trigger(&ac->agg_trigger, out);
		break;
	case H_COUNT_CALL:
		ac_unparse_trigger(&ac->count_trigger, out);
		break;
	case H_NAGG:
		nfc_strbuf_printf(out, "%u", ac->nnz);
		break;
	default:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)ac->total);
		break;
	}
	return 0;
}

static int ac_write(struct nfc_element *e, void *thunk, const char *value, struct nfc_errh *errh)
{
	struct aggcounter *ac = (struct aggcounter *)e;
	int which = (int)(intptr_t)thunk;
	bool b;
	switch (which) {
	case H_FREEZE:
	case H_ACTIVE:
		if (nfc_parse_bool(value, &b) < 0)
			return nfc_error(errh, "type mismatch");
		*(which == H_FREEZE ? &ac->frozen : &ac->active) = b;
		return 0;
	case H_STOP:
		ac->active = false;
		nfc_router_please_stop(e->router);
		return 0;
	case H_REAGGREGATE:
		return ac_reaggregate(ac) < 0 ? nfc_error(errh, "out of memory!") : 0;
	case H_BANNER:
		ac_set_banner(ac, value);
		return 0;
	case H_CLEAR:
		return ac_clear(ac) < 0 ? nfc_error(errh, "out of memory!") : 0;
	default: {
		struct ac_trigger *t = which == H_AGG_CALL ? &ac->agg_trigger : &ac->count_trigger;
		const char *s = value;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s) {
			ac_trigger_free(t);
			return 0;
		}
		int r = ac_trigger_parse(ac, t, s, true, errh);
		if (r == -1)
			return nfc_error(errh, "argument to '%s' should be 'N HANDLER [VALUE]'",
					 which == H_AGG_CALL ? "aggregate_call" : "count_call");
		return r < 0 ? -1 : 0;
	}
	}
}

int ac_add_handlers(struct nfc_element *e)
{
	static const struct { const char *name; int fmt; } files[] = {
		{ "write_text_file", WR_TEXT }, { "write_ascii_file", WR_TEXT },
		{ "write_file", WR_BINARY },	{ "write_ip_file", WR_TEXT_IP },
		{ "write_pdf_file", WR_TEXT_PDF },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		nfc_add_write_handler(e, files[i].name, ac_write_file_handler,
				      (void *)(intptr_t)files[i].fmt, 0);
	static const struct { const char *name; int h; bool r, w; } hs[] = {
		{ "freeze", H_FREEZE, true, true },	  { "active", H_ACTIVE, true, true },
		{ "stop", H_STOP, false, true },	  { "reaggregate_counts", H_REAGGREGATE, false, true },
		{ "counts_pdf", H_REAGGREGATE, false, true }, { "banner", H_BANNER, true, true },
		{ "clear", H_CLEAR, false, true },	  { "aggregate_call", H_AGG_CALL, true, true },
		{ "count_call", H_COUNT_CALL, true, true }, { "count", H_COUNT, true, false },
		{ "nagg", H_NAGG, true, false },
	};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
		if (hs[i].r)
			nfc_add_read_handler(e, hs[i].name, ac_read, (void *)(intptr_t)hs[i].h, 0);
		if (hs[i].w)
			nfc_add_write_handler(e, hs[i].name, ac_write, (void *)(intptr_t)hs[i].h,
					      hs[i].h == H_STOP || hs[i].h == H_CLEAR ||
							      hs[i].h == H_REAGGREGATE
						      ? NFC_HANDLER_BUTTON
						      : 0);
	}
	return 0;
}
