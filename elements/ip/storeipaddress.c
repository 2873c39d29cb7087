/* SPDX-License-Identifier: MIT */
/* StoreIPAddress: writes an IP address (or the destination annotation) into packets. */

/*
 * =c
 * StoreIPAddress(OFFSET)
 * StoreIPAddress(ADDR, OFFSET)
 * =s ip
 * stores IP address in packet
 * =d
 * The one-argument form writes the destination IP address annotation into
 * the packet at offset OFFSET, usually an integer. But if the annotation is
 * zero, it doesn't change the packet.
 *
 * The two-argument form writes IP address ADDR into the packet at offset
 * OFFSET. ADDR can be zero.
 *
 * The OFFSET argument may be the special string 'src' or 'dst'. In this
 * case, incoming packets must be IP packets (IP header annotation set, at
 * least 20 bytes of header). StoreIPAddress writes the address into either
 * the source or destination field of the IP packet header, as specified,
 * and incrementally updates the IP checksum (and, for the first fragment of
 * a TCP or UDP packet, the transport checksum) to account for the change.
 *
 * If OFFSET is out of range (or the packet has no usable IP header for
 * 'src'/'dst'), the packet is dropped or emitted on optional output 1.
 * =n
 * Unless you use a special OFFSET of 'src' or 'dst', this element doesn't
 * recalculate any checksums: follow it with SetIPChecksum, SetTCPChecksum
 * or SetUDPChecksum as needed.
 * =e
 *   ... -> StoreIPAddress(1.0.0.4, dst) -> ...
 * =a SetIPChecksum, SetTCPChecksum, SetUDPChecksum, SetIPAddress, GetIPAddress
 */
#include <strings.h>
#include "ip_priv.h"

enum { STOREIP_SRC = -12, STOREIP_DST = -16 };

struct storeipaddress {
	struct nfc_element e;
	uint32_t addr;
	char *offset_arg;
	int32_t offset;
	bool use_address;
};

static const struct nfc_arg_spec storeip_offset_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storeipaddress, offset_arg),
	  .doc = "byte offset, or 'src' or 'dst'" },
	NFC_ARGS_END
};

static const struct nfc_arg_spec storeip_addr_args[] = {
	{ .keyword = "ADDR", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storeipaddress, addr), .doc = "address to store" },
	{ .keyword = "OFFSET", .type = NFC_ARG_WORD, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct storeipaddress, offset_arg),
	  .doc = "byte offset, or 'src' or 'dst'" },
	NFC_ARGS_END
};

static int storeip_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct storeipaddress *s = (struct storeipaddress *)e;
	s->offset_arg = NULL;
	s->addr = 0;
	s->use_address = conf->argc > 1;
	if (nfc_args_parse(e, conf, s->use_address ? storeip_addr_args : storeip_offset_args, errh,
			   NULL) < 0)
		return -1;
	uint32_t off;
	if (strcasecmp(s->offset_arg, "src") == 0)
		s->offset = STOREIP_SRC;
	else if (strcasecmp(s->offset_arg, "dst") == 0)
		s->offset = STOREIP_DST;
	else if (nfc_parse_uint32(s->offset_arg, &off) == 0 && off <= INT32_MAX)
		s->offset = (int32_t)off;
	else
		return nfc_error(errh, "type mismatch: OFFSET requires integer");
	return 0;
}

/* Store into the IP header's src or dst and patch the checksums incrementally. */
static int storeip_header(struct nfc_packet **pp, int32_t which, uint32_t addr)
{
	struct nfc_packet *p = *pp;
	if (!ipx_ip_header(p, sizeof(struct nfc_ip)) ||
	    ipx_network_header_length(p) < (int32_t)sizeof(struct nfc_ip))
		return IPX_ERROR;
	if (!(p = nfc_packet_uniqueify(p)))
		return IPX_GONE;
	*pp = p;
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	unsigned char *field = (unsigned char *)ip + (which == STOREIP_SRC ? offsetof(struct nfc_ip, src)
									   : offsetof(struct nfc_ip, dst));
	uint32_t old = ipx_rd32(field);
	ipx_wr32(field, addr);
	ip->sum = ipx_cksum_update32(ip->sum, old, addr);
	if (!nfc_ip_is_first_fragment(ip))
		return IPX_PASS;
	int64_t tlen = ipx_transport_length(p);
	unsigned char *th = nfc_packet_transport_header(p);
	if (ip->p == NFC_IP_PROTO_TCP && tlen >= (int64_t)sizeof(struct nfc_tcp)) {
		struct nfc_tcp *tcp = (struct nfc_tcp *)th;
		tcp->sum = ipx_cksum_update32(tcp->sum, old, addr);
	} else if (ip->p == NFC_IP_PROTO_UDP && tlen >= (int64_t)sizeof(struct nfc_udp)) {
		struct nfc_udp *udp = (struct nfc_udp *)th;
		if (udp->sum)
			udp->sum = ipx_cksum_update32(udp->sum, old, addr);
	}
	return IPX_PASS;
}

static int storeip_step(struct nfc_element *e, struct nfc_packet **pp)
{
	const struct storeipaddress *s = (const struct storeipaddress *)e;
	struct nfc_packet *p = *pp;
	uint32_t addr = s->use_address ? s->addr : nfc_packet_dst_ip(p);
	if (!s->use_address && addr == 0)
		return IPX_PASS; /* a zero annotation leaves the packet alone */
	if (s->offset < 0)
		return storeip_header(pp, s->offset, addr);
	if ((uint64_t)s->offset + 4 > p->length)
		return IPX_ERROR;
	if (!(p = nfc_packet_uniqueify(p)))
		return IPX_GONE;
	ipx_wr32(p->data + s->offset, addr);
	*pp = p;
	return IPX_PASS;
}

IPX_DEFINE_FILTER(storeip, storeip_step)

static const struct nfc_element_class storeipaddress_class = {
	.name = "StoreIPAddress",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct storeipaddress),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = storeip_configure,
	.push = storeip_push,
	.pull = storeip_pull,
};
NFC_REGISTER_ELEMENT(storeipaddress_class);
