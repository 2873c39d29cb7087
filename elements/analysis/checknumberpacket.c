/* SPDX-License-Identifier: MIT */
/* CheckNumberPacket: counts how often each NumberPacket number arrives. */

/*
 * =c
 * CheckNumberPacket([OFFSET, COUNT, KEYWORDS])
 * =s analysis
 * check the numbers NumberPacket wrote
 * =d
 * Reads the 64-bit number NumberPacket wrote at byte OFFSET of each packet
 * and counts how many times each number 0..COUNT-1 arrives: the handlers
 * then show lost (count 0) or duplicated (count above 1) packets. Packets
 * too short for a number, or whose number is COUNT or more (reported on
 * standard error), leave on output 1 if there is one and are dropped
 * otherwise; the others leave on output 0.
 *
 * Keyword arguments are:
 * =item OFFSET
 * Integer. Byte offset of the number. Default 40.
 * =item COUNT
 * Integer. Numbers expected (0..COUNT-1). Default 0.
 * =item NET_ORDER
 * Boolean. The number is in network byte order. Default false.
 * =back
 * =h count read/write
 * Returns or sets COUNT (setting it keeps the counts of numbers below it).
 * =h max read-only
 * Returns the most frequent number and its count, as "[N] : C".
 * =h min read-only
 * Returns the least frequent number and its count, as "[N] : C".
 * =h dump read-only
 * Returns one line "N: C" per number.
 * =e
 *   ... -> CheckNumberPacket(40, 100) -> ...
 * =a NumberPacket
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct checknumberpacket {
	struct nfc_element e;
	int32_t offset;
	bool net_order;
	uint64_t count;
	uint32_t *numbers;
};

static const struct nfc_arg_spec checknumberpacket_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct checknumberpacket, offset), .doc = "byte offset of the number" },
	{ .keyword = "COUNT", .type = NFC_ARG_UINT64, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct checknumberpacket, count), .doc = "numbers expected" },
	{ .keyword = "NET_ORDER", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct checknumberpacket, net_order), .doc = "network byte order" },
	NFC_ARGS_END
};

/* Grow or shrink the count table, keeping the counts it had. */
static int cnp_resize(struct checknumberpacket *c, uint64_t n)
{
	if (n > SIZE_MAX / sizeof(uint32_t))
		return -1;
	uint32_t *v = realloc(c->numbers, n ? n * sizeof *v : 1);
	if (!v)
		return -1;
	if (n > c->count)
		memset(v + c->count, 0, (n - c->count) * sizeof *v);
	c->numbers = v;
	c->count = n;
	return 0;
}

static int checknumberpacket_configure(struct nfc_element *e, struct nfc_conf *conf,
				       struct nfc_errh *errh)
{
	struct checknumberpacket *c = (struct checknumberpacket *)e;
	c->offset = 40;
	uint64_t want = 0;
	c->count = 0;
	if (nfc_args_parse(e, conf, checknumberpacket_args, errh, NULL) < 0)
		return -1;
	if (c->offset < 0)
		return nfc_error(errh, "OFFSET must be >= 0");
	want = c->count;
	c->count = 0;
	if (cnp_resize(c, want) < 0)
		return nfc_error(errh, "COUNT: out of memory for %llu numbers", (unsigned long long)want);
	return 0;
}

static void checknumberpacket_cleanup(struct nfc_element *e)
{
	struct checknumberpacket *c = (struct checknumberpacket *)e;
	free(c->numbers);
	c->numbers = NULL;
}

static int checknumberpacket_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct checknumberpacket *c = (struct checknumberpacket *)e;
	int bad = e->noutputs > 1 ? 1 : -1;
	if (p->length < (uint32_t)c->offset + 8)
		return bad;
	uint64_t n = 0;
	if (c->net_order)
		for (int i = 0; i < 8; i++)
			n = n << 8 | p->data[c->offset + i];
	else
		memcpy(&n, p->data + c->offset, 8);
	if (n >= c->count) {
		char decl[256];
		nfc_message(nfc_router_errh(e->router), "%s: %llu out of scope (count is %llu) !",
			    nfc_element_declaration(e, decl, sizeof decl), (unsigned long long)n,
			    (unsigned long long)c->count);
		return bad;
	}
	c->numbers[n]++;
	return 0;
}

enum { H_MAX, H_MIN, H_COUNT, H_DUMP };

static int checknumberpacket_read(struct nfc_element *e, void *thunk, const char *param,
				  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct checknumberpacket *c = (struct checknumberpacket *)e;
	int which = (int)(intptr_t)thunk;
	if (which == H_COUNT) {
		nfc_strbuf_printf(out, "%llu", (unsigned long long)c->count);
	} else if (which == H_DUMP) {
		for (uint64_t j = 0; j < c->count; j++)
			nfc_strbuf_printf(out, "%llu: %u\n", (unsigned long long)j, c->numbers[j]);
	} else {
		long long best = which == H_MAX ? -1 : INT_MAX, at = -1;
		for (uint64_t j = 0; j < c->count; j++)
			if (which == H_MAX ? c->numbers[j] > best : c->numbers[j] < best)
				best = c->numbers[j], at = (long long)j;
		nfc_strbuf_printf(out, "[%lld] : %lld", at, best);
	}
	return 0;
}

static int checknumberpacket_write_count(struct nfc_element *e, void *thunk, const char *value,
					 struct nfc_errh *errh)
{
	struct checknumberpacket *c = (struct checknumberpacket *)e;
	uint64_t n;
	if (nfc_parse_uint64(value, &n) < 0)
		return nfc_error(errh, "count: expected unsigned integer");
	if (cnp_resize(c, n) < 0)
		return nfc_error(errh, "count: out of memory");
	return 0;
}

static int checknumberpacket_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "max", checknumberpacket_read, (void *)H_MAX, 0);
	nfc_add_read_handler(e, "min", checknumberpacket_read, (void *)H_MIN, 0);
	nfc_add_read_handler(e, "count", checknumberpacket_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "dump", checknumberpacket_read, (void *)H_DUMP, 0);
	nfc_add_write_handler(e, "count", checknumberpacket_write_count, NULL, 0);
	return 0;
}

static const struct nfc_element_class checknumberpacket_class = {
	.name = "CheckNumberPacket",
	.port_count = "1/1-2",
	.processing = "h/h",
	.size = sizeof(struct checknumberpacket),
	.configure = checknumberpacket_configure,
	.cleanup = checknumberpacket_cleanup,
	.add_handlers = checknumberpacket_add_handlers,
	.classify = checknumberpacket_classify,
};
NFC_REGISTER_ELEMENT(checknumberpacket_class);
