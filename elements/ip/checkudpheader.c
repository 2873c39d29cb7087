/* SPDX-License-Identifier: MIT */
/* CheckUDPHeader: validates UDP header length and checksum, bad packets to output 1. */

/*
 * =c
 * CheckUDPHeader([KEYWORDS])
 * =s udp
 * checks UDP header on UDP/IP packets
 * =d
 * Expects UDP/IP packets as input, with the IP and transport header
 * annotations set (CheckIPHeader sets both). Checks that the packet is
 * UDP, that the UDP length is at least 8 and lies within the packet, and
 * that the UDP checksum is valid (a zero checksum means none was sent and
 * is not checked). Passes packets that pass the check through output 0;
 * pushes bad packets out on output 1 if it exists, and drops them
 * otherwise.
 *
 * Prints a message to standard error the first time it sees a bad packet
 * ("c: UDP header check failed: bad UDP checksum"); the reasons are "not
 * UDP", "bad packet length" and "bad UDP checksum".
 *
 * Keyword arguments are:
 * =item VERBOSE
 * Boolean. If true, report every erroneous packet, not just the first.
 * False by default.
 * =item DETAILS
 * Boolean. If true, keep counts of drops per reason, read with the
 * drop_details handler. False by default.
 * =h drops read-only
 * Returns the number of incorrect packets seen.
 * =h drop_details read-only
 * One line per reason, "COUNT<tab>REASON". Only with DETAILS true.
 * =e
 *   ... -> CheckIPHeader -> IPClassifier(udp) -> CheckUDPHeader -> ...
 * =a CheckIPHeader, CheckTCPHeader, CheckICMPHeader, SetUDPChecksum
 */
#include "ip_priv.h"

enum { CUH_NOT_UDP, CUH_BAD_LENGTH, CUH_BAD_CHECKSUM };

static const char *const cuh_reason_texts[IPX_CHECK_NREASONS] = {
	"not UDP", "bad packet length", "bad UDP checksum",
};

struct checkudpheader {
	struct nfc_element e;
	struct ipx_checker chk;
};

static int cuh_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct checkudpheader *c = (struct checkudpheader *)e;
	c->chk.what = "UDP";
	c->chk.reason_texts = cuh_reason_texts;
	return ipx_checker_configure(e, offsetof(struct checkudpheader, chk), conf, errh);
}

static int cuh_check(const struct nfc_packet *p)
{
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip || ip->p != NFC_IP_PROTO_UDP || !nfc_packet_has_transport_header(p))
		return CUH_NOT_UDP;
	int64_t toff = nfc_packet_transport_header_offset(p);
	if (toff < 0 || (uint64_t)toff + sizeof(struct nfc_udp) > p->length)
		return CUH_BAD_LENGTH;
	const struct nfc_udp *udp = (const struct nfc_udp *)(p->data + toff);
	uint32_t len = ntohs(udp->len);
	if (len < sizeof(struct nfc_udp) || (uint64_t)toff + len > p->length)
		return CUH_BAD_LENGTH;
	if (udp->sum != 0 && ipx_transport_cksum(ip, udp, len) != 0)
		return CUH_BAD_CHECKSUM;
	return -1;
}

static int cuh_step(struct nfc_element *e, struct nfc_packet **pp)
{
	int reason = cuh_check(*pp);
	if (ipx_likely(reason < 0))
		return IPX_PASS;
	struct checkudpheader *c = (struct checkudpheader *)e;
	ipx_checker_reject(e, &c->chk, reason);
	return IPX_ERROR;
}

IPX_DEFINE_FILTER(cuh, cuh_step)

static int cuh_add_handlers(struct nfc_element *e)
{
	return ipx_checker_add_handlers(e, offsetof(struct checkudpheader, chk));
}

static const struct nfc_element_class checkudpheader_class = {
	.name = "CheckUDPHeader",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checkudpheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = cuh_configure,
	.add_handlers = cuh_add_handlers,
	.push = cuh_push,
	.pull = cuh_pull,
};
NFC_REGISTER_ELEMENT(checkudpheader_class);
