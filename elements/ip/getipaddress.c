/* SPDX-License-Identifier: MIT */
/* GetIPAddress: copies an IP address from the packet into an annotation. */

/*
 * =c
 * GetIPAddress(OFFSET [, ANNO, keyword IP])
 * =s ip
 * sets destination IP address annotation from packet data
 * =d
 * Copies 4 bytes from the packet, starting at OFFSET, to the destination
 * IP address annotation. OFFSET is usually 16, to fetch the destination
 * address from an IP packet. Packets too short to hold the 4 bytes pass
 * unchanged.
 *
 * Set ANNO to set another 4-byte annotation: a byte offset into the
 * annotation area or a name (DST_IP, FWD_RATE, REV_RATE, AGGREGATE,
 * SEQUENCE, EXTRA_PACKETS, EXTRA_LENGTH).
 *
 * You may also give an IP keyword argument instead of an OFFSET. IP must
 * equal 'src' or 'dst'. The input packet must have its IP header
 * annotation set (packets without one pass unchanged). The annotation is
 * set to that IP header's source or destination address, respectively.
 * =item IP
 * 'src' or 'dst': read the address from the marked IP header.
 * =n
 * The destination address annotation is used by elements that need to
 * know where the packet is going, such as ARPQuerier and the IP lookup
 * elements.
 * =e
 *   ... -> GetIPAddress(16) -> rt :: RadixIPLookup(...) -> ...
 * =a SetIPAddress, StoreIPAddress
 */
#include <strings.h>
#include "fastpath_structs.h"

static const struct nfc_arg_spec getipaddress_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 0, .max = 65535, .offset = offsetof(struct getipaddress, offset),
	  .given_offset = offsetof(struct getipaddress, offset_given),
	  .doc = "byte offset of the address in the packet" },
	{ .keyword = "ANNO", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct getipaddress, anno_arg), .doc = "4-byte annotation to set" },
	{ .keyword = "IP", .type = NFC_ARG_WORD, .offset = offsetof(struct getipaddress, ip_arg),
	  .doc = "'src' or 'dst' of the IP header" },
	NFC_ARGS_END
};

static int getipaddress_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct getipaddress *g = (struct getipaddress *)e;
	g->offset = 0;
	g->offset_given = false;
	g->anno_arg = g->ip_arg = NULL;
	if (nfc_args_parse(e, conf, getipaddress_args, errh, NULL) < 0)
		return -1;
	g->anno = NFC_ANNO_DST_IP;
	if (g->anno_arg && ipx_parse_anno4(g->anno_arg, &g->anno) < 0)
		return nfc_error(errh, "ANNO: expected a 4-byte annotation offset 0..%d or name, not '%s'",
				 NFC_ANNO_SIZE - 4, g->anno_arg);
	if (g->offset_given == (g->ip_arg != NULL))
		return nfc_error(errh, "set one of OFFSET, IP");
	if (g->ip_arg) {
		if (strcasecmp(g->ip_arg, "src") == 0)
			g->offset = GETIP_OFFSET_SRC;
		else if (strcasecmp(g->ip_arg, "dst") == 0)
			g->offset = GETIP_OFFSET_DST;
		else
			return nfc_error(errh, "bad IP");
	}
	return 0;
}

static void getipaddress_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	const struct getipaddress *g = (const struct getipaddress *)e;
	const int32_t off = g->offset;
	const uint32_t anno = g->anno;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		const unsigned char *src = NULL;
		if (off >= 0) {
			if ((uint32_t)off + 4 <= p->length)
				src = p->data + off;
		} else {
			const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
			if (ip)
				/* byte pointers into the packed header (no aligned access implied) */
				src = (const unsigned char *)ip + (off == GETIP_OFFSET_SRC
									 ? offsetof(struct nfc_ip, src)
									 : offsetof(struct nfc_ip, dst));
		}
		if (src)
			memcpy(p->anno + anno, src, 4);
	}
}

static const struct nfc_element_class getipaddress_class = {
	.name = "GetIPAddress",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct getipaddress),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = getipaddress_configure,
	.batch_action = getipaddress_batch_action,
};
NFC_REGISTER_ELEMENT(getipaddress_class);
