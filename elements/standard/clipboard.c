/* SPDX-License-Identifier: MIT */
/* Clipboard: copies byte ranges from packets on input 0 into packets on input 1. */

/*
 * =c
 * Clipboard(RANGE_1, ..., RANGE_N)
 * =s basicmod
 * copies data from one packet to another
 * =d
 * Each RANGE has the form `OFFSET/LENGTH'. A packet arriving on input 0 has
 * the bytes of every range copied to the clipboard and leaves unchanged on
 * output 0. A packet arriving on input 1 has the clipboard's bytes written
 * back at the same ranges and leaves on output 1. So bytes of one packet can
 * be copied into any number of later packets.
 *
 * Each input/output pair works in a push or a pull context. Packets on input
 * 0 shorter than the ranges contribute the bytes they have; packets on input
 * 1 too short for every range pass unchanged. Before any packet reached
 * input 0, the clipboard holds zeroes.
 * =e
 * Copy the first byte of one packet into another:
 *
 *   c :: Clipboard(0/1);
 *   a -> [0]c[0] -> ...;
 *   b -> [1]c[1] -> ...;
 * =a StoreData, Strip, Unstrip
 */
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct clipboard_range {
	uint32_t offset;
	uint32_t length;
};

struct clipboard {
	struct nfc_element e;
	int nranges;
	struct clipboard_range *ranges;
	unsigned char *clip;
	/* a packet on input 1 must be at least this long to be pasted into */
	uint32_t min_length;
};

static int clipboard_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct clipboard *c = (struct clipboard *)e;
	int r = 0;
	if (conf->argc == 0)
		return nfc_error(errh, "expected at least one RANGE (OFFSET/LENGTH)");
	c->ranges = nfc_element_alloc(e, conf->argc * sizeof *c->ranges);
	if (!c->ranges)
		return nfc_error(errh, "out of memory");
	uint64_t total = 0, min_length = 0;
	for (int i = 0; i < conf->argc; i++) {
		const char *arg = conf->argv[i];
		const char *slash = strchr(arg, '/');
		struct clipboard_range *rg = &c->ranges[i];
		char off[32];
		size_t n = slash ? (size_t)(slash - arg) : 0;
		if (!slash || n == 0 || n >= sizeof off || !slash[1]) {
			r = nfc_error(errh, "range %d: expected OFFSET/LENGTH, not '%s'", i + 1, arg);
			continue;
		}
		memcpy(off, arg, n);
		off[n] = 0;
		if (nfc_parse_uint32(off, &rg->offset) < 0
		    || nfc_parse_uint32(slash + 1, &rg->length) < 0) {
			r = nfc_error(errh, "range %d: OFFSET and LENGTH must be unsigned integers, "
					    "not '%s'", i + 1, arg);
			continue;
		}
		total += rg->length;
		if ((uint64_t)rg->offset + rg->length > min_length)
			min_length = (uint64_t)rg->offset + rg->length;
	}
	if (r < 0)
		return r;
	if (min_length > UINT32_MAX || total > (1u << 24))
		return nfc_error(errh, "ranges too large");
	c->nranges = conf->argc;
	c->min_length = (uint32_t)min_length;
	c->clip = nfc_element_alloc(e, total + 1);
	return c->clip ? 0 : nfc_error(errh, "out of memory");
}

static void clipboard_copy(struct clipboard *c, const struct nfc_packet *p)
{
	unsigned char *dst = c->clip;
	for (int i = 0; i < c->nranges; i++) {
		const struct clipboard_range *rg = &c->ranges[i];
		if (rg->offset < p->length) {
			uint32_t n = p->length - rg->offset;
			memcpy(dst, p->data + rg->offset, n < rg->length ? n : rg->length);
		}
		dst += rg->length;
	}
}

static struct nfc_packet *clipboard_paste(struct clipboard *c, struct nfc_packet *p)
{
	if (p->length < c->min_length)
		return p;
	p = nfc_packet_uniqueify(p);
	if (!p)
		return NULL;
	const unsigned char *src = c->clip;
	for (int i = 0; i < c->nranges; i++) {
		memcpy(p->data + c->ranges[i].offset, src, c->ranges[i].length);
		src += c->ranges[i].length;
	}
	return p;
}

/* Apply the port's action to packets [from, count) of b. */
static void clipboard_process(struct clipboard *c, int port, struct nfc_batch *b, unsigned from)
{
	if (port == 0) {
		for (unsigned i = from; i < b->count; i++)
			clipboard_copy(c, b->pkts[i]);
		return;
	}
	unsigned k = from;
	for (unsigned i = from; i < b->count; i++) {
		struct nfc_packet *p = clipboard_paste(c, b->pkts[i]);
		if (p)
			b->pkts[k++] = p;
	}
	b->count = k;
}

static void clipboard_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	clipboard_process((struct clipboard *)e, port, b, 0);
	nfc_push(e, port, b);
}

static unsigned clipboard_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			       unsigned max)
{
	unsigned before = out->count;
	nfc_pull(e, port, out, max);
	clipboard_process((struct clipboard *)e, port, out, before);
	return out->count - before;
}

static const struct nfc_element_class clipboard_class = {
	.name = "Clipboard",
	.port_count = "2/2",
	.processing = "a/a",
	.flow_code = "#/#",
	.size = sizeof(struct clipboard),
	.configure = clipboard_configure,
	.push = clipboard_push,
	.pull = clipboard_pull,
};
NFC_REGISTER_ELEMENT(clipboard_class);
