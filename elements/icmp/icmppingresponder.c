/* SPDX-License-Identifier: MIT */
/* ICMPPingResponder: turns ICMP echo requests into echo replies. */

/*
 * =c
 * ICMPPingResponder()
 * =s icmp
 * responds to ICMP echo requests
 * =d
 * Input packets are IP packets with their network and transport header
 * annotations set (CheckIPHeader, MarkIPHeader). Each ICMP echo request is
 * turned into the corresponding echo reply and emitted on output 0: source
 * and destination addresses swapped, fragment flags cleared, TTL 255, type
 * echo-reply, checksums updated incrementally. The reply's destination IP
 * annotation is set, its paint annotation cleared and its timestamp set to
 * now; other annotations are kept. Other packets (not ICMP, not an echo
 * request, truncated) go to output 1, or are dropped without one.
 * =e
 *   ... -> CheckIPHeader -> ICMPPingResponder -> ... ;
 * =n
 * Source route options are not reversed.
 * =a ICMPSendPings, ICMPError, ICMPPingEncap
 */
#include "icmp_priv.h"

struct icmppingresponder {
	struct nfc_element e;
};

static int icmppingresponder_configure(struct nfc_element *e, struct nfc_conf *conf,
				       struct nfc_errh *errh)
{
	static const struct nfc_arg_spec none[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, none, errh, NULL);
}

static inline uint16_t icmppingresponder_rd16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

/* Keep (replied), reject (to output 1) or gone (out of memory). */
enum { IPR_KEEP, IPR_REJECT, IPR_GONE };

static int icmppingresponder_step(struct nfc_packet **pp)
{
	struct nfc_packet *p = *pp;
	if (!nfc_packet_has_network_header(p) || !nfc_packet_has_transport_header(p))
		return IPR_REJECT;
	int64_t nlen = (int64_t)p->length - nfc_packet_network_header_offset(p);
	int64_t tlen = (int64_t)p->length - nfc_packet_transport_header_offset(p);
	if (nlen < (int64_t)sizeof(struct nfc_ip) || tlen < ICMPX_HEADER_LEN)
		return IPR_REJECT;
	const struct nfc_ip *iph_in = (const struct nfc_ip *)nfc_packet_network_header(p);
	const uint8_t *th_in = nfc_packet_transport_header(p);
	if (iph_in->p != NFC_IP_PROTO_ICMP || th_in[0] != NFC_ICMP_ECHO)
		return IPR_REJECT;

	p = nfc_packet_uniqueify(p);
	if (!p)
		return IPR_GONE;
	*pp = p;
	struct nfc_ip *iph = (struct nfc_ip *)nfc_packet_network_header(p);
	uint32_t a = iph->src;
	iph->src = iph->dst; /* a swap keeps the checksum valid */
	iph->dst = a;
	iph->sum = nfc_cksum_update16(iph->sum, iph->off, 0);
	iph->off = 0;
	uint16_t old_hw = icmppingresponder_rd16((const uint8_t *)iph + 8);
	iph->ttl = 255;
	iph->sum = nfc_cksum_update16(iph->sum, old_hw,
				      icmppingresponder_rd16((const uint8_t *)iph + 8));

	nfc_packet_set_dst_ip(p, iph->dst);
	p->timestamp_ns = nfc_now();
	nfc_packet_set_paint(p, 0);

	uint8_t *th = nfc_packet_transport_header(p);
	struct nfc_icmp *icmp = (struct nfc_icmp *)th;
	old_hw = icmppingresponder_rd16(th);
	icmp->type = NFC_ICMP_ECHOREPLY;
	icmp->code = 0;
	icmp->sum = nfc_cksum_update16(icmp->sum, old_hw, icmppingresponder_rd16(th));
	if (icmp->sum == 0) {
		/* RFC 1624 can yield -0; all-zero data must checksum to 0xFFFF */
		int64_t len = (int64_t)p->length - nfc_packet_transport_header_offset(p), i = 0;
		while (i < len && th[i] == 0)
			i++;
		if (i == len)
			icmp->sum = 0xFFFF;
	}
	return IPR_KEEP;
}

static void icmppingresponder_run(struct nfc_element *e, struct nfc_batch *b, unsigned from)
{
	struct nfc_batch rej;
	rej.count = 0;
	unsigned k = from;
	for (unsigned i = from; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		int r = icmppingresponder_step(&p);
		if (r == IPR_KEEP)
			b->pkts[k++] = p;
		else if (r == IPR_REJECT)
			rej.pkts[rej.count++] = p;
	}
	b->count = k;
	if (!rej.count)
		return;
	if (e->noutputs > 1)
		nfc_push(e, 1, &rej);
	else
		for (unsigned i = 0; i < rej.count; i++)
			nfc_element_drop(e, rej.pkts[i]);
}

static void icmppingresponder_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	icmppingresponder_run(e, b, 0);
	nfc_push(e, 0, b);
}

static unsigned icmppingresponder_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				       unsigned max)
{
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	icmppingresponder_run(e, out, before);
	return out->count - before;
}

static const struct nfc_element_class icmppingresponder_class = {
	.name = "ICMPPingResponder",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct icmppingresponder),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = icmppingresponder_configure,
	.push = icmppingresponder_push,
	.pull = icmppingresponder_pull,
};
NFC_REGISTER_ELEMENT(icmppingresponder_class);
