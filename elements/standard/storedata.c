/* SPDX-License-Identifier: MIT */
/* StoreData: overwrites packet bytes at an offset, optionally under a bit mask. */

/*
 * =c
 * StoreData(OFFSET, DATA [, MASK, KEYWORDS])
 * =s basicmod
 * changes packet data
 * =d
 * Changes packet data starting at OFFSET to DATA. Bytes of DATA past the end
 * of the packet are not stored, and packets no longer than OFFSET pass
 * unchanged.
 *
 * When MASK is given (no longer than DATA), only the bits set in MASK are
 * changed in the first MASK-length bytes; later bytes of DATA are stored
 * whole. DATA and MASK are strings, usually written in hex: \<FF>.
 *
 * Keyword arguments are:
 *
 * =item GROW
 * Boolean. If true, packets are extended so that all of DATA fits. Default
 * is false.
 * =e
 *   StoreData(1, \<FF>, MASK \<02>)
 * =a Clipboard, Strip
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct storedata {
	struct nfc_element e;
	uint32_t offset;
	struct nfc_arg_data data;
	struct nfc_arg_data mask;
	bool grow;
	/* DATA & MASK, so the masked store is (old & ~mask) | data */
	unsigned char *masked;
};

static const struct nfc_arg_spec storedata_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storedata, offset), .doc = "byte offset into the packet" },
	{ .keyword = "DATA", .type = NFC_ARG_DATA, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storedata, data), .doc = "bytes to store" },
	{ .keyword = "MASK", .type = NFC_ARG_DATA, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storedata, mask), .doc = "bits of DATA to store" },
	{ .keyword = "GROW", .type = NFC_ARG_BOOL, .offset = offsetof(struct storedata, grow),
	  .doc = "extend packets to fit DATA" },
	NFC_ARGS_END
};

static int storedata_configure(struct nfc_element *e, struct nfc_conf *conf,
			       struct nfc_errh *errh)
{
	struct storedata *s = (struct storedata *)e;
	s->mask.bytes = NULL;
	s->mask.len = 0;
	s->grow = false;
	if (nfc_args_parse(e, conf, storedata_args, errh, NULL) < 0)
		return -1;
	if (s->mask.bytes && s->mask.len > s->data.len)
		return nfc_error(errh, "MASK (%zu bytes) must be no longer than DATA (%zu bytes)",
				 s->mask.len, s->data.len);
	s->masked = NULL;
	if (s->mask.bytes) {
		s->masked = nfc_element_alloc(e, s->data.len + 1);
		if (!s->masked)
			return nfc_error(errh, "out of memory");
		for (size_t i = 0; i < s->data.len; i++)
			s->masked[i] = i < s->mask.len ? s->data.bytes[i] & s->mask.bytes[i]
						       : s->data.bytes[i];
	}
	return 0;
}

static struct nfc_packet *storedata_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct storedata *s = (struct storedata *)e;
	if (p->length <= s->offset)
		return p;
	p = nfc_packet_uniqueify(p);
	if (!p)
		return NULL;
	size_t room = p->length - s->offset;
	if (s->grow && s->data.len > room) {
		p = nfc_packet_put(p, (uint32_t)(s->data.len - room));
		if (!p)
			return NULL;
		room = s->data.len;
	}
	size_t n = s->data.len < room ? s->data.len : room;
	unsigned char *d = p->data + s->offset;
	if (s->masked) {
		size_t nm = s->mask.len < n ? s->mask.len : n;
		for (size_t i = 0; i < nm; i++)
			d[i] = (unsigned char)((d[i] & ~s->mask.bytes[i]) | s->masked[i]);
		memcpy(d + nm, s->masked + nm, n - nm);
	} else
		memcpy(d, s->data.bytes, n);
	return p;
}

static const struct nfc_element_class storedata_class = {
	.name = "StoreData",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct storedata),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = storedata_configure,
	.simple_action = storedata_simple_action,
};
NFC_REGISTER_ELEMENT(storedata_class);
