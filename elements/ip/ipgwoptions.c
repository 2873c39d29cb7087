/* SPDX-License-Identifier: MIT */
/* IPGWOptions: processes the Record Route and Timestamp IP options at a router. */

/*
 * =c
 * IPGWOptions(MYADDR [, OTHERADDRS])
 * =s ip
 * processes router IP options
 * =d
 * Processes the IP options that should be processed by every router, not
 * just when ip_dst refers to the current router. At the moment that
 * amounts to Record Route and Timestamp (in particular, not the source
 * route options). MYADDR is the router's IP address on the interface
 * downstream from the element.
 *
 * Probably needs to be placed on the output path, since MYADDR must be the
 * outgoing interface's IP address (RFC 1812 4.2.2.2).
 *
 * Recomputes the IP header checksum if it modifies the packet. Packets
 * without options pass untouched.
 *
 * The optional OTHERADDRS argument should be a space-separated list of IP
 * addresses containing the router's other interface addresses. It is used
 * to implement the Timestamp option's prespecified-address mode.
 *
 * Packets with malformed options (a length below 2 or running past the
 * header, a bad pointer, a full timestamp overflow counter), or whose
 * header runs past the end of the packet, go to the second output, which
 * may be connected to an ICMPError to produce a parameter problem
 * (type=12, code=0) message, or are dropped without one. IPGWOptions sets
 * the ICMP_PARAMPROB annotation to the offset of the erroneous byte from
 * the start of the IP header, so that ICMPError can set the Parameter
 * Problem pointer. Packets without an IP header annotation are dropped.
 * =h drops read-only
 * Returns the number of packets with bad options.
 * =e
 *   ... -> gio :: IPGWOptions(18.26.4.24) -> FixIPSrc(18.26.4.24) -> ...
 *   gio[1] -> ICMPError(18.26.4.24, parameterproblem) -> ...
 * =a ICMPError, FixIPSrc
 */
#include <stdlib.h>
#include "ip_priv.h"

struct ipgwoptions {
	struct nfc_element e;
	uint32_t my_addr;
	char *other_arg;
	uint32_t *addrs; /* OTHERADDRS and MYADDR (heap) */
	int naddrs;
	struct ipx_counter drops;
};

static const struct nfc_arg_spec ipgwoptions_args[] = {
	{ .keyword = "MYADDR", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipgwoptions, my_addr), .doc = "outgoing interface address" },
	{ .keyword = "OTHERADDRS", .type = NFC_ARG_RAW, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipgwoptions, other_arg), .doc = "the router's other addresses" },
	NFC_ARGS_END
};

static void ipgwoptions_cleanup(struct nfc_element *e)
{
	struct ipgwoptions *g = (struct ipgwoptions *)e;
	free(g->addrs);
	g->addrs = NULL;
	g->naddrs = 0;
}

static int ipgwoptions_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct ipgwoptions *g = (struct ipgwoptions *)e;
	ipgwoptions_cleanup(e);
	g->other_arg = NULL;
	if (nfc_args_parse(e, conf, ipgwoptions_args, errh, NULL) < 0)
		return -1;
	if (g->other_arg && ipx_parse_ip_list(e, g->other_arg, &g->addrs, &g->naddrs) < 0)
		return nfc_error(errh, "OTHERADDRS: expected list of IP addresses, not '%s'",
				 g->other_arg);
	if (ipx_list_add(&g->addrs, &g->naddrs, g->my_addr) < 0)
		return nfc_error(errh, "out of memory");
	return 0;
}

/* Milliseconds since midnight UT, network order (RFC 791 timestamps). */
static uint32_t ipgwoptions_ms(void)
{
	int64_t now = nfc_now();
	int64_t sec = now / 1000000000, ms = (now % 1000000000) / 1000000;
	return htonl((uint32_t)((sec % 86400) * 1000 + ms));
}

/*
 * Process the options of the header at @h (hlen bytes, writable when
 * *pp was made unique). Returns IPX_PASS, or IPX_ERROR with the offset of
 * the bad byte in *bad.
 */
static int ipgwoptions_process(struct ipgwoptions *g, struct nfc_packet **pp, uint32_t hlen,
			       uint32_t *bad)
{
	bool writable = false;
	unsigned char *oa = nfc_packet_network_header(*pp);
	uint32_t oi = sizeof(struct nfc_ip);
	bool changed = false;
	while (oi < hlen) {
		unsigned type = oa[oi];
		if (type == IPX_OPT_NOP) {
			oi++;
			continue;
		}
		if (type == IPX_OPT_EOL)
			break;
		/* the length byte must be in the header, and the option too */
		if (oi + 1 >= hlen) {
			*bad = oi;
			return IPX_ERROR;
		}
		uint32_t xlen = oa[oi + 1];
		if (xlen < 2 || oi + xlen > hlen) {
			*bad = oi + 1;
			return IPX_ERROR;
		}
		if (type != IPX_OPT_RR && type != IPX_OPT_TS) {
			oi += xlen;
			continue;
		}
		if (xlen < 3) { /* no pointer byte */
			*bad = oi + 1;
			return IPX_ERROR;
		}
		if (!writable) {
			struct nfc_packet *q = nfc_packet_uniqueify(*pp);
			if (!q)
				return IPX_GONE;
			*pp = q;
			oa = nfc_packet_network_header(q);
			writable = true;
		}
		uint32_t ptr = oa[oi + 2] - 1u; /* the pointer is 1-origin */
		if (type == IPX_OPT_RR) {
			if (oa[oi + 2] >= 4 && ptr + 4 <= xlen) {
				memcpy(oa + oi + ptr, &g->my_addr, 4);
				oa[oi + 2] += 4;
				changed = true;
			} else if (ptr != xlen) { /* a full option is fine */
				*bad = oi + 2;
				return IPX_ERROR;
			}
		} else { /* Timestamp */
			if (xlen < 4 || oa[oi + 2] < 5) {
				*bad = oi + 2;
				return IPX_ERROR;
			}
			unsigned oflw = oa[oi + 3] >> 4, flg = oa[oi + 3] & 0x0F;
			uint32_t ms = ipgwoptions_ms();
			bool overflowed = false;
			if (flg == 0) { /* timestamps only */
				if (ptr + 4 <= xlen) {
					memcpy(oa + oi + ptr, &ms, 4);
					oa[oi + 2] += 4;
				} else
					overflowed = true;
			} else if (flg == 1) { /* address, then timestamp */
				if (ptr + 8 <= xlen) {
					memcpy(oa + oi + ptr, &g->my_addr, 4);
					memcpy(oa + oi + ptr + 4, &ms, 4);
					oa[oi + 2] += 8;
				} else
					overflowed = true;
			} else if (flg == 3 && ptr + 8 <= xlen) {
				/* prespecified addresses: stamp only when it is one of ours */
				uint32_t addr = ipx_rd32(oa + oi + ptr);
				if (ipx_list_has(g->addrs, g->naddrs, addr)) {
					memcpy(oa + oi + ptr + 4, &ms, 4);
					oa[oi + 2] += 8;
				}
			} else {
				*bad = oi + 3;
				return IPX_ERROR;
			}
			if (overflowed) {
				if (oflw >= 15) {
					*bad = oi + 3;
					return IPX_ERROR;
				}
				oa[oi + 3] = (uint8_t)(((oflw + 1) << 4) | flg);
			}
			changed = true;
		}
		oi += xlen;
	}
	if (changed)
		ipx_set_ip_cksum(oa, hlen);
	return IPX_PASS;
}

static int ipgwoptions_step(struct nfc_element *e, struct nfc_packet **pp)
{
	struct ipgwoptions *g = (struct ipgwoptions *)e;
	struct nfc_packet *p = *pp;
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip) {
		nfc_element_drop(e, p);
		return IPX_GONE;
	}
	uint32_t hlen = nfc_ip_hl(ip) << 2;
	if (ipx_likely(hlen <= sizeof(struct nfc_ip)))
		return IPX_PASS;
	uint32_t bad = 0;
	int r;
	if ((const unsigned char *)ip + hlen > p->data + p->length)
		r = IPX_ERROR; /* the options run past the end of the packet */
	else
		r = ipgwoptions_process(g, pp, hlen, &bad);
	if (r == IPX_ERROR) {
		ipx_count(&g->drops, 1);
		nfc_anno_set_u8(*pp, NFC_ANNO_ICMP_PARAMPROB, (uint8_t)bad);
	}
	return r;
}

IPX_DEFINE_FILTER(ipgwoptions, ipgwoptions_step)

static int ipgwoptions_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter, NFC_FIELD_THUNK(struct ipgwoptions, drops),
			     0);
	return 0;
}

static const struct nfc_element_class ipgwoptions_class = {
	.name = "IPGWOptions",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct ipgwoptions),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipgwoptions_configure,
	.cleanup = ipgwoptions_cleanup,
	.add_handlers = ipgwoptions_add_handlers,
	.push = ipgwoptions_push,
	.pull = ipgwoptions_pull,
};
NFC_REGISTER_ELEMENT(ipgwoptions_class);
