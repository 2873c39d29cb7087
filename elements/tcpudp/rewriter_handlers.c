/* SPDX-License-Identifier: MIT */
/* Handlers shared by the rewriters: tables, lookups, counts, capacity, patterns. */
#include <stdio.h>
#include <string.h>
#include "rewriter_priv.h"

enum {
	RW_H_NMAPPINGS, RW_H_FAILURES, RW_H_PATTERNS, RW_H_SIZE, RW_H_CAPACITY,
};

static void rw_unparse_input(struct nfc_strbuf *out, const struct rw_input *in)
{
	switch (in->kind) {
	case RW_IN_DROP:
		nfc_strbuf_puts(out, "<drop>");
		break;
	case RW_IN_NOCHANGE:
		nfc_strbuf_puts(out, "<nochange>");
		break;
	case RW_IN_KEEP:
		nfc_strbuf_puts(out, "<keep>");
		break;
	case RW_IN_PATTERN:
		rw_pattern_unparse(out, in->pattern);
		break;
	case RW_IN_MAPPER:
		nfc_strbuf_puts(out, "<mapper>");
		break;
	}
	if (in->count)
		nfc_strbuf_printf(out, " [%u]", in->count);
	nfc_strbuf_putc(out, '\n');
}

static int rw_read_info(struct nfc_element *e, void *thunk, const char *param,
			struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	uint32_t sum = 0;
	switch ((int)(intptr_t)thunk) {
	case RW_H_NMAPPINGS:
	case RW_H_FAILURES:
		for (int i = 0; i < rw->ninputs; i++)
			sum += (intptr_t)thunk == RW_H_NMAPPINGS ? rw->inputs[i].count
								  : rw->inputs[i].failures;
		nfc_strbuf_printf(out, "%u", sum);
		break;
	case RW_H_PATTERNS:
		for (int i = 0; i < rw->ninputs; i++)
			rw_unparse_input(out, &rw->inputs[i]);
		break;
	case RW_H_SIZE:
		nfc_strbuf_printf(out, "%u", rw_heap_size(rw->heap));
		break;
	case RW_H_CAPACITY:
		nfc_strbuf_printf(out, "%d", rw->heap->capacity);
		break;
	}
	return 0;
}

static int rw_read_pattern_n(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	rw_unparse_input(out, &rw->inputs[(intptr_t)thunk]);
	return 0;
}

static int rw_write_capacity(struct nfc_element *e, void *thunk, const char *value,
			     struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	char **words = NULL;
	int nwords = 0;
	int32_t cap;
	if (nfc_split_words(value, &words, &nwords) < 0 || nwords != 1 ||
	    nfc_parse_int32(words[0], &cap) < 0) {
		nfc_words_free(words, nwords);
		return nfc_error(errh, "CAPACITY: expected integer");
	}
	nfc_words_free(words, nwords);
	rw->heap->capacity = cap;
	rw_shrink_heap(rw, false);
	return 0;
}

static int rw_write_clear(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	rw_shrink_heap((struct rw_core *)e, true);
	return 0;
}

/* A new spec for one input: the flows it created go first. */
static int rw_write_pattern_n(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	int i = (int)(intptr_t)thunk;
	struct rw_input in;
	if (rw_parse_input_spec(rw, value, &in, i, errh) < 0)
		return -1;
	rw_destroy_input_flows(rw, i);
	rw_input_release(&rw->inputs[i]);
	rw->inputs[i] = in;
	return 0;
}

void rw_add_common_handlers(struct rw_core *rw)
{
	struct nfc_element *e = &rw->e;
	nfc_add_read_handler(e, "nmappings", rw_read_info, (void *)(intptr_t)RW_H_NMAPPINGS, 0);
	nfc_add_read_handler(e, "mapping_failures", rw_read_info, (void *)(intptr_t)RW_H_FAILURES,
			     0);
	nfc_add_read_handler(e, "patterns", rw_read_info, (void *)(intptr_t)RW_H_PATTERNS, 0);
	nfc_add_read_handler(e, "size", rw_read_info, (void *)(intptr_t)RW_H_SIZE, 0);
	nfc_add_read_handler(e, "capacity", rw_read_info, (void *)(intptr_t)RW_H_CAPACITY, 0);
	nfc_add_write_handler(e, "capacity", rw_write_capacity, NULL, 0);
	nfc_add_write_handler(e, "clear", rw_write_clear, NULL, NFC_HANDLER_BUTTON);
	for (int i = 0; i < rw->ninputs; i++) {
		char name[32];
		snprintf(name, sizeof name, "pattern%d", i);
		nfc_add_read_handler(e, name, rw_read_pattern_n, (void *)(intptr_t)i, 0);
		nfc_add_write_handler(e, name, rw_write_pattern_n, (void *)(intptr_t)i, 0);
	}
}

void rw_add_table_handlers(struct rw_core *rw, bool lookup)
{
	struct nfc_element *e = &rw->e;
	nfc_add_read_handler(e, "table", rw_read_table, NULL, 0);
	nfc_add_read_handler(e, "mappings", rw_read_table, NULL, 0);
	if (lookup)
		nfc_add_read_handler(e, "lookup", rw_read_lookup, NULL, NFC_HANDLER_READ_PARAM);
	rw_add_common_handlers(rw);
}

int rw_add_handlers(struct nfc_element *e)
{
	rw_add_table_handlers((struct rw_core *)e, false);
	return 0;
}

/* One entry as Click prints it:
 * "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*0 1] i0 exp300". */
static void rw_unparse_entry(struct nfc_strbuf *out, struct rw_entry *m, int64_t now_j)
{
	struct rw_flow *f = rw_entry_flow(m);
	int dir = m->direction;
	if (f->owner->cls == RW_CLASS_ADDR) {
		char a[16], b[16];
		nfc_strbuf_printf(out, "%s => %s", nfc_ip_unparse(f->e[dir].key.saddr, a),
				  nfc_ip_unparse(f->e[!dir].key.daddr, b));
	} else if (f->owner->cls == RW_CLASS_ICMPPING) {
		/* the identifier is the source "port" of a request's key and the
		 * destination "port" of a reply's (the other holds it plus one) */
		char a[16], b[16], c[16], d[16];
		struct rw_flowid x = rw_entry_rewritten(m);
		nfc_strbuf_printf(out, "(%s, %s, %u) => (%s, %s, %u)", nfc_ip_unparse(m->key.saddr, a),
				  nfc_ip_unparse(m->key.daddr, b),
				  ntohs(dir ? m->key.dport : m->key.sport), nfc_ip_unparse(x.saddr, c),
				  nfc_ip_unparse(x.daddr, d), ntohs(dir ? x.dport : x.sport));
	} else if (f->owner->cls == RW_CLASS_ADDRPAIR) {
		char a[16], b[16], c[16], d[16];
		const struct rw_flowid *k = &f->e[dir].key, *r = &f->e[!dir].key;
		nfc_strbuf_printf(out, "(%s, %s) => (%s, %s)", nfc_ip_unparse(k->saddr, a),
				  nfc_ip_unparse(k->daddr, b), nfc_ip_unparse(r->daddr, c),
				  nfc_ip_unparse(r->saddr, d));
	} else {
		struct rw_flowid rewritten = rw_entry_rewritten(m);
		rw_flowid_unparse(out, &m->key);
		nfc_strbuf_puts(out, " => ");
		rw_flowid_unparse(out, &rewritten);
		int32_t delta = rw_tcp_current_delta(f, dir);
		if (delta)
			nfc_strbuf_printf(out, " seq %s%d", delta > 0 ? "+" : "", delta);
	}
	nfc_strbuf_printf(out, " [%s%u %s%u] i%d exp%lld\n", dir ? "" : "*", f->e[0].output,
			  dir ? "*" : "", f->e[1].output, f->owner_input,
			  (long long)((f->expiry_j + 500 - now_j) / 1000));
}

struct rw_table_walk {
	struct nfc_strbuf *out;
	int64_t now_j;
};

static void rw_table_one(struct rw_entry *m, void *arg)
{
	struct rw_table_walk *w = arg;
	rw_unparse_entry(w->out, m, w->now_j);
}

int rw_read_table(struct nfc_element *e, void *thunk, const char *param,
		  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	struct rw_table_walk w = { out, rw_now_j() };
	rw_map_each(thunk ? &rw->udp_map : &rw->map, rw_table_one, &w);
	return 0;
}

static int rw_parse_port(const char *s, uint16_t *port_be)
{
	int32_t v;
	if (nfc_parse_int32(s, &v) < 0 || v < 0 || v > 65535)
		return -1;
	*port_be = htons((uint16_t)v);
	return 0;
}

int rw_read_lookup(struct nfc_element *e, void *thunk, const char *param,
		   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	char **w = NULL;
	int n = 0;
	struct rw_flowid f;
	int r = 0;
	if (!param || nfc_split_words(param, &w, &n) < 0 || n != 4)
		r = nfc_error(errh, "expected 'SADDR SPORT DADDR DPORT'");
	else if (nfc_parse_ip(w[0], &f.saddr) < 0)
		r = nfc_error(errh, "SADDR: expected IP address");
	else if (rw_parse_port(w[1], &f.sport) < 0)
		r = nfc_error(errh, "SPORT: expected port number");
	else if (nfc_parse_ip(w[2], &f.daddr) < 0)
		r = nfc_error(errh, "DADDR: expected IP address");
	else if (rw_parse_port(w[3], &f.dport) < 0)
		r = nfc_error(errh, "DPORT: expected port number");
	nfc_words_free(w, n);
	if (r < 0)
		return r;
	struct rw_entry *m = rw_map_find(&rw->map, &f);
	if (m) {
		struct rw_flowid x = rw_entry_rewritten(m);
		char a[16], b[16];
		nfc_strbuf_printf(out, "%s %u %s %u", nfc_ip_unparse(x.saddr, a), ntohs(x.sport),
				  nfc_ip_unparse(x.daddr, b), ntohs(x.dport));
	}
	return 0;
}
