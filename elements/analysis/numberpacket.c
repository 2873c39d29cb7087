/* SPDX-License-Identifier: MIT */
/* NumberPacket: writes an increasing 64-bit sequence number into each packet. */

/*
 * =c
 * NumberPacket([OFFSET, KEYWORDS])
 * =s analysis
 * set an increasing number inside packets
 * =d
 * Writes a 64-bit number, 0 for the first packet and one more for each
 * later one, into each packet's data at byte OFFSET (default 40: past the
 * IP and TCP headers). Packets too short are lengthened to OFFSET + 8
 * bytes; when they have an IP header at their start, its length field is
 * set to the new length. CheckNumberPacket reads the numbers back.
 *
 * Keyword arguments are:
 * =item OFFSET
 * Integer. Byte offset of the number in the packet data. Default 40.
 * =item NET_ORDER
 * Boolean. Write the number in network byte order; default false (host
 * order).
 * =back
 * =h count read-only
 * Returns the number of packets numbered.
 * =e
 *   ... -> NumberPacket(OFFSET 42) -> ... -> CheckNumberPacket(OFFSET 42, COUNT 1000) -> ...
 * =a CheckNumberPacket
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>

struct numberpacket {
	struct nfc_element e;
	int32_t offset;
	bool net_order;
	uint64_t count; /* shared by all threads: numbers must be unique */
};

static const struct nfc_arg_spec numberpacket_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct numberpacket, offset), .doc = "byte offset of the number" },
	{ .keyword = "NET_ORDER", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct numberpacket, net_order), .doc = "network byte order" },
	NFC_ARGS_END
};

static int numberpacket_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct numberpacket *np = (struct numberpacket *)e;
	np->offset = 40;
	if (nfc_args_parse(e, conf, numberpacket_args, errh, NULL) < 0)
		return -1;
	if (np->offset < 0)
		return nfc_error(errh, "OFFSET must be >= 0");
	return 0;
}

static struct nfc_packet *numberpacket_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct numberpacket *np = (struct numberpacket *)e;
	uint32_t need = (uint32_t)np->offset + 8;
	if (p->length >= need)
		p = nfc_packet_uniqueify(p);
	else {
		p = nfc_packet_put(p, need - p->length);
		/* keep an IP header at the front consistent with the new length */
		if (p && nfc_packet_has_network_header(p) && nfc_packet_network_header(p) == p->data &&
		    p->length >= 4)
			((struct nfc_ip *)p->data)->len = htons((uint16_t)need);
	}
	if (!p)
		return NULL;
	uint64_t n = __atomic_fetch_add(&np->count, 1, __ATOMIC_RELAXED);
	if (np->net_order)
		for (int i = 0; i < 8; i++)
			p->data[np->offset + i] = (uint8_t)(n >> (56 - 8 * i));
	else
		memcpy(p->data + np->offset, &n, 8);
	return p;
}

static int numberpacket_read_count(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct numberpacket *np = (struct numberpacket *)e;
	nfc_strbuf_printf(out, "%llu",
			  (unsigned long long)__atomic_load_n(&np->count, __ATOMIC_RELAXED));
	return 0;
}

static int numberpacket_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "count", numberpacket_read_count, NULL, 0);
	return 0;
}

static const struct nfc_element_class numberpacket_class = {
	.name = "NumberPacket",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct numberpacket),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = numberpacket_configure,
	.add_handlers = numberpacket_add_handlers,
	.simple_action = numberpacket_action,
};
NFC_REGISTER_ELEMENT(numberpacket_class);
