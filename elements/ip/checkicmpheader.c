/* SPDX-License-Identifier: MIT */
/* CheckICMPHeader: validates ICMP lengths and checksum, bad packets to output 1. */

/*
 * =c
 * CheckICMPHeader([KEYWORDS])
 * =s icmp
 * checks ICMP header on ICMP packets
 * =d
 * Expects ICMP/IP packets as input, with the IP and transport header
 * annotations set (CheckIPHeader sets both). Checks that the packet is
 * ICMP, that it is long enough for its type (8 bytes at least; errors
 * (unreachable, time exceeded, parameter problem, source quench, redirect)
 * must carry an IP header and 8 bytes of the offending datagram; timestamp
 * and timestamp reply messages are exactly 20 bytes, information request
 * and reply exactly 8), and that the ICMP checksum over the rest of the
 * packet is valid. Passes packets that pass the check through output 0;
 * pushes bad packets out on output 1 if it exists, and drops them
 * otherwise.
 *
 * Prints a message to standard error the first time it sees a bad packet
 * ("c: ICMP header check failed: bad ICMP checksum"); the reasons are "not
 * ICMP", "bad packet length" and "bad ICMP checksum".
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
 *   ... -> CheckIPHeader -> IPClassifier(icmp) -> CheckICMPHeader -> ...
 * =a CheckIPHeader, CheckTCPHeader, CheckUDPHeader, ICMPPingResponder
 */
#include "ip_priv.h"

enum { CICH_NOT_ICMP, CICH_BAD_LENGTH, CICH_BAD_CHECKSUM };

static const char *const cich_reason_texts[IPX_CHECK_NREASONS] = {
	"not ICMP", "bad packet length", "bad ICMP checksum",
};

/* ICMP types with a length rule beyond the 8-byte header. */
#define ICMP_IREQ 15
#define ICMP_IREQREPLY 16

struct checkicmpheader {
	struct nfc_element e;
	struct ipx_checker chk;
};

static int cich_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct checkicmpheader *c = (struct checkicmpheader *)e;
	c->chk.what = "ICMP";
	c->chk.reason_texts = cich_reason_texts;
	return ipx_checker_configure(e, offsetof(struct checkicmpheader, chk), conf, errh);
}

static int cich_check(const struct nfc_packet *p)
{
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip || ip->p != NFC_IP_PROTO_ICMP || !nfc_packet_has_transport_header(p))
		return CICH_NOT_ICMP;
	int64_t toff = nfc_packet_transport_header_offset(p);
	int64_t icmp_len = (int64_t)p->length - toff;
	if (toff < 0 || icmp_len < (int64_t)sizeof(struct nfc_icmp))
		return CICH_BAD_LENGTH;
	const struct nfc_icmp *icmp = (const struct nfc_icmp *)(p->data + toff);
	switch (icmp->type) {
	case NFC_ICMP_UNREACH:
	case NFC_ICMP_TIMXCEED:
	case NFC_ICMP_PARAMPROB:
	case NFC_ICMP_SOURCEQUENCH:
	case NFC_ICMP_REDIRECT:
		/* the offending IP header and the first 64 bits of its data */
		if (icmp_len < (int64_t)sizeof(struct nfc_icmp) + 28)
			return CICH_BAD_LENGTH;
		break;
	case NFC_ICMP_TSTAMP:
	case NFC_ICMP_TSTAMPREPLY:
		if (icmp_len != (int64_t)sizeof(struct nfc_icmp) + 12)
			return CICH_BAD_LENGTH;
		break;
	case ICMP_IREQ:
	case ICMP_IREQREPLY:
		if (icmp_len != (int64_t)sizeof(struct nfc_icmp))
			return CICH_BAD_LENGTH;
		break;
	default:
		break;
	}
	if (nfc_in_cksum(icmp, (size_t)icmp_len) != 0)
		return CICH_BAD_CHECKSUM;
	return -1;
}

static int cich_step(struct nfc_element *e, struct nfc_packet **pp)
{
	int reason = cich_check(*pp);
	if (ipx_likely(reason < 0))
		return IPX_PASS;
	struct checkicmpheader *c = (struct checkicmpheader *)e;
	ipx_checker_reject(e, &c->chk, reason);
	return IPX_ERROR;
}

IPX_DEFINE_FILTER(cich, cich_step)

static int cich_add_handlers(struct nfc_element *e)
{
	return ipx_checker_add_handlers(e, offsetof(struct checkicmpheader, chk));
}

static const struct nfc_element_class checkicmpheader_class = {
	.name = "CheckICMPHeader",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checkicmpheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = cich_configure,
	.add_handlers = cich_add_handlers,
	.push = cich_push,
	.pull = cich_pull,
};
NFC_REGISTER_ELEMENT(checkicmpheader_class);
