/* SPDX-License-Identifier: MIT */
/* FixIPSrc: rewrites the IP source address when the Fix IP Source annotation asks for it. */

/*
 * =c
 * FixIPSrc(IPADDR)
 * =s ip
 * sets IP source field if requested by annotation
 * =d
 * Expects an IP packet as input. If its Fix IP Source annotation is set
 * (and it has an IP header annotation), changes its IP source address
 * field to IPADDR and recomputes the checksum. Used by elements such as
 * ICMPError that are required by standards to use the IP address on the
 * outgoing interface as the source. Such elements must set ip_src to
 * something reasonable in case the outgoing interface has no IP address.
 *
 * Also clears the Fix IP Source annotation.
 * =n
 * The Fix IP Source annotation is the one-byte annotation FIX_IP_SRC
 * (byte 6 of the annotation area).
 * =e
 *   ... -> FixIPSrc(18.26.4.24) -> DecIPTTL -> ...
 * =a ICMPError
 */
#include "ip_priv.h"

struct fixipsrc {
	struct nfc_element e;
	uint32_t addr;
};

static const struct nfc_arg_spec fixipsrc_args[] = {
	{ .keyword = "IPADDR", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fixipsrc, addr), .doc = "source address to set" },
	NFC_ARGS_END
};

static int fixipsrc_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return nfc_args_parse(e, conf, fixipsrc_args, errh, NULL);
}

static struct nfc_packet *fixipsrc_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	if (ipx_likely(!nfc_anno_u8(p, NFC_ANNO_FIX_IP_SRC)))
		return p;
	const unsigned char *h = (const unsigned char *)ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!h)
		return p;
	uint32_t hlen = (uint32_t)(h[0] & 0x0F) << 2;
	if (hlen < sizeof(struct nfc_ip) || h + hlen > p->data + p->length)
		hlen = sizeof(struct nfc_ip);
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	nfc_anno_set_u8(p, NFC_ANNO_FIX_IP_SRC, 0);
	unsigned char *w = nfc_packet_network_header(p);
	ipx_wr32(w + offsetof(struct nfc_ip, src), ((struct fixipsrc *)e)->addr);
	ipx_set_ip_cksum(w, hlen);
	return p;
}

static const struct nfc_element_class fixipsrc_class = {
	.name = "FixIPSrc",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct fixipsrc),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = fixipsrc_configure,
	.simple_action = fixipsrc_simple_action,
};
NFC_REGISTER_ELEMENT(fixipsrc_class);
