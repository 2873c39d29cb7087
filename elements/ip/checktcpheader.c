/* SPDX-License-Identifier: MIT */
/* CheckTCPHeader: validates TCP header lengths and checksum, bad packets to output 1. */

/*
 * =c
 * CheckTCPHeader([KEYWORDS])
 * =s tcp
 * checks TCP header on TCP/IP packets
 * =d
 * Expects TCP/IP packets as input, with the IP and transport header
 * annotations set (CheckIPHeader sets both). Checks that the packet is
 * TCP, that the TCP header length and the IP length leave room for the
 * header and lie within the packet, and that the TCP checksum is valid.
 * Passes packets that pass the check through output 0; pushes bad packets
 * out on output 1 if it exists, and drops them otherwise.
 *
 * Prints a message to standard error the first time it sees a bad packet
 * ("c: TCP header check failed: bad TCP checksum"); the reasons are "not
 * TCP", "bad packet length" and "bad TCP checksum".
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
 *   ... -> CheckIPHeader -> IPClassifier(tcp) -> CheckTCPHeader -> ...
 * =a CheckIPHeader, CheckUDPHeader, CheckICMPHeader, SetTCPChecksum
 */
#include "ip_priv.h"

enum { CTH_NOT_TCP, CTH_BAD_LENGTH, CTH_BAD_CHECKSUM };

static const char *const cth_reason_texts[IPX_CHECK_NREASONS] = {
	"not TCP", "bad packet length", "bad TCP checksum",
};

struct checktcpheader {
	struct nfc_element e;
	struct ipx_checker chk;
};

static int cth_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct checktcpheader *c = (struct checktcpheader *)e;
	c->chk.what = "TCP";
	c->chk.reason_texts = cth_reason_texts;
	return ipx_checker_configure(e, offsetof(struct checktcpheader, chk), conf, errh);
}

static int cth_check(const struct nfc_packet *p)
{
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip || ip->p != NFC_IP_PROTO_TCP || !nfc_packet_has_transport_header(p))
		return CTH_NOT_TCP;
	uint32_t iph_len = nfc_ip_hl(ip) << 2, ip_len = ntohs(ip->len);
	int64_t toff = nfc_packet_transport_header_offset(p);
	if (ip_len < iph_len || toff < 0)
		return CTH_BAD_LENGTH;
	/* the whole segment, from the TCP header on, must be in the packet */
	uint32_t len = ip_len - iph_len;
	if (len < sizeof(struct nfc_tcp) || (uint64_t)toff + len > p->length)
		return CTH_BAD_LENGTH;
	const struct nfc_tcp *tcp = (const struct nfc_tcp *)(p->data + toff);
	uint32_t tcph_len = nfc_tcp_off(tcp) << 2;
	if (tcph_len < sizeof(struct nfc_tcp) || len < tcph_len)
		return CTH_BAD_LENGTH;
	/* a correct segment sums to zero with its checksum included */
	if (ipx_transport_cksum(ip, tcp, len) != 0)
		return CTH_BAD_CHECKSUM;
	return -1;
}

static int cth_step(struct nfc_element *e, struct nfc_packet **pp)
{
	int reason = cth_check(*pp);
	if (ipx_likely(reason < 0))
		return IPX_PASS;
	struct checktcpheader *c = (struct checktcpheader *)e;
	ipx_checker_reject(e, &c->chk, reason);
	return IPX_ERROR;
}

IPX_DEFINE_FILTER(cth, cth_step)

static int cth_add_handlers(struct nfc_element *e)
{
	return ipx_checker_add_handlers(e, offsetof(struct checktcpheader, chk));
}

static const struct nfc_element_class checktcpheader_class = {
	.name = "CheckTCPHeader",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checktcpheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = cth_configure,
	.add_handlers = cth_add_handlers,
	.push = cth_push,
	.pull = cth_pull,
};
NFC_REGISTER_ELEMENT(checktcpheader_class);
