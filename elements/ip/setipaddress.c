/* SPDX-License-Identifier: MIT */
/* SetIPAddress: sets the destination IP address annotation to a fixed address. */

/*
 * =c
 * SetIPAddress(IPADDR [, ANNO])
 * =s ip
 * sets destination IP address annotations
 * =d
 * Sets the destination IP address annotation of incoming packets to the
 * static IP address IPADDR. The ANNO keyword, if given, names another
 * 4-byte annotation to set: a byte offset into the annotation area or a
 * name (DST_IP, FWD_RATE, REV_RATE, AGGREGATE, SEQUENCE, EXTRA_PACKETS,
 * EXTRA_LENGTH).
 * =item ANNO
 * Annotation to set. Default DST_IP.
 * =h addr read/write
 * Returns or sets IPADDR.
 * =e
 *   ... -> SetIPAddress(10.0.0.1) -> arpq :: ARPQuerier(...) -> ...
 * =a StoreIPAddress, GetIPAddress
 */
#include <nfclick/addressinfo.h>
#include "ip_priv.h"

struct setipaddress {
	struct nfc_element e;
	uint32_t addr;
	char *anno_arg;
	uint32_t anno;
};

static const struct nfc_arg_spec setipaddress_args[] = {
	{ .keyword = "IPADDR", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct setipaddress, addr), .doc = "address to store" },
	{ .keyword = "ANNO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct setipaddress, anno_arg),
	  .doc = "4-byte annotation to set" },
	NFC_ARGS_END
};

static int setipaddress_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct setipaddress *s = (struct setipaddress *)e;
	s->anno_arg = NULL;
	if (nfc_args_parse(e, conf, setipaddress_args, errh, NULL) < 0)
		return -1;
	s->anno = NFC_ANNO_DST_IP;
	if (s->anno_arg && ipx_parse_anno4(s->anno_arg, &s->anno) < 0)
		return nfc_error(errh, "ANNO: expected a 4-byte annotation offset 0..%d or name, not '%s'",
				 NFC_ANNO_SIZE - 4, s->anno_arg);
	return 0;
}

static void setipaddress_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const struct setipaddress *s = (const struct setipaddress *)e;
	const uint32_t addr = s->addr, anno = s->anno;
	for (unsigned i = 0; i < b->count; i++)
		memcpy(b->pkts[i]->anno + anno, &addr, 4);
}

static int setipaddress_read_addr(struct nfc_element *e, void *thunk, const char *param,
				  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char buf[16];
	nfc_strbuf_puts(out, nfc_ip_unparse(((struct setipaddress *)e)->addr, buf));
	return 0;
}

static int setipaddress_write_addr(struct nfc_element *e, void *thunk, const char *value,
				   struct nfc_errh *errh)
{
	uint32_t a;
	if (nfc_addressinfo_parse_ip(e, value, &a) < 0)
		return nfc_error(errh, "expected IP address");
	__atomic_store_n(&((struct setipaddress *)e)->addr, a, __ATOMIC_RELAXED);
	return 0;
}

static int setipaddress_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "addr", setipaddress_read_addr, NULL, 0);
	nfc_add_write_handler(e, "addr", setipaddress_write_addr, NULL, 0);
	return 0;
}

static const struct nfc_element_class setipaddress_class = {
	.name = "SetIPAddress",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct setipaddress),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = setipaddress_configure,
	.add_handlers = setipaddress_add_handlers,
	.batch_action = setipaddress_batch_action,
};
NFC_REGISTER_ELEMENT(setipaddress_class);
