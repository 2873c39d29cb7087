/* SPDX-License-Identifier: MIT */
/* Rewriting packets by a flow: addresses, ports, incremental checksums, TCP/UDP state. */
#include <string.h>
#include "rewriter_priv.h"

/* Click's click_update_in_cksum(): @sum after a 16-bit word went @old -> @new. */
static inline uint16_t rw_cksum_adjust(uint16_t sum, uint16_t old_w, uint16_t new_w)
{
	uint32_t s = (uint16_t)~sum + (uint16_t)~old_w + (uint32_t)new_w;
	s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~(s + (s >> 16));
}

static void rw_words(const struct rw_flowid *f, uint16_t w[6])
{
	memcpy(&w[0], &f->saddr, 4);
	memcpy(&w[2], &f->daddr, 4);
	w[4] = f->sport;
	w[5] = f->dport;
}

void rw_flow_set_csum_deltas(struct rw_flow *f, const struct rw_flowid *from,
			     const struct rw_flowid *to)
{
	uint16_t a[6], b[6];
	rw_words(from, a);
	rw_words(to, b);
	uint16_t d = 0;
	for (int i = 0; i < 4; i++)
		d = rw_cksum_adjust(d, a[i], b[i]);
	f->ip_csum_delta = d;
	for (int i = 4; i < 6; i++)
		d = rw_cksum_adjust(d, a[i], b[i]);
	f->l4_csum_delta = d;
}

/* The reply direction applies the inverse delta. The field is read and
 * written with memcpy: headers may sit at any alignment. */
static inline void rw_update_csum(void *field, int direction, uint16_t delta)
{
	if (!delta)
		return;
	uint16_t sum;
	memcpy(&sum, field, 2);
	sum = rw_cksum_adjust(sum, 0, direction ? delta : (uint16_t)~delta);
	memcpy(field, &sum, 2);
}

/* Addresses, annotations and the IP checksum: common to the NAPT flows. */
static void rw_apply_ip(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p,
			struct nfc_ip *ip, const struct rw_flowid *rev, int direction)
{
	rw_set_addrs(rw, f, p, ip, rev, direction);
	rw_update_csum(&ip->sum, direction, f->ip_csum_delta);
}

static void rw_apply_tcp(struct rw_flow *f, struct nfc_packet *p, const struct nfc_ip *ip,
			 const struct rw_flowid *rev, int direction)
{
	uint32_t tlen = rw_transport_length(p);
	if (tlen < 18)
		return;
	struct nfc_tcp *th = (struct nfc_tcp *)nfc_packet_transport_header(p);
	th->sport = rev->dport;
	th->dport = rev->sport;
	rw_update_csum(&th->sum, direction, f->l4_csum_delta);

	/* connection state decides the flow's timeout */
	bool have_payload = ((nfc_ip_hl(ip) + nfc_tcp_off(th)) << 2) < ntohs(ip->len);
	if (th->flags & NFC_TH_RST)
		f->tflags |= RW_TCP_BOTH_DONE;
	else if (th->flags & NFC_TH_FIN)
		f->tflags |= RW_TCP_FORWARD_DONE << direction;
	else if ((th->flags & NFC_TH_SYN) || have_payload)
		f->tflags &= (uint8_t)~(RW_TCP_FORWARD_DONE << direction);
	if (have_payload)
		f->tflags |= RW_TCP_FORWARD_DATA << direction;

	if (f->seq_deltas && tlen >= (uint32_t)nfc_tcp_off(th) << 2)
		rw_tcp_apply_seq(f, p, th, direction);
}

static void rw_apply_udp(struct rw_flow *f, struct nfc_packet *p, const struct nfc_ip *ip,
			 const struct rw_flowid *rev, int direction)
{
	uint32_t tlen = rw_transport_length(p);
	unsigned char *th = nfc_packet_transport_header(p);
	if (tlen >= 4) {
		memcpy(th, &rev->dport, 2); /* TCP and UDP ports sit alike */
		memcpy(th + 2, &rev->sport, 2);
	}
	if (ip->p == NFC_IP_PROTO_TCP) {
		if (tlen >= 18)
			rw_update_csum(&((struct nfc_tcp *)th)->sum, direction, f->l4_csum_delta);
	} else if (ip->p == NFC_IP_PROTO_UDP) {
		struct nfc_udp *uh = (struct nfc_udp *)th;
		if (tlen >= 8 && uh->sum) { /* 0: no checksum */
			rw_update_csum(&uh->sum, direction, f->l4_csum_delta);
			if (!uh->sum) /* a computed zero is sent as 0xFFFF (RFC 768) */
				uh->sum = 0xFFFF;
		}
	}
	/* bit 0: a reply was seen; the rest counts packets up to three */
	if (direction)
		f->tflags |= 1;
	if (f->tflags < 6)
		f->tflags += 2;
}

void rw_apply_napt(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p, int direction)
{
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	struct rw_flowid rev = f->e[!direction].key;
	rw_apply_ip(rw, f, p, ip, &rev, direction);
	if (!nfc_ip_is_first_fragment(ip))
		return;
	if (rw->cls != RW_CLASS_UDP && ip->p == NFC_IP_PROTO_TCP)
		rw_apply_tcp(f, p, ip, &rev, direction);
	else
		rw_apply_udp(f, p, ip, &rev, direction);
}

static void rw_apply_transport_csum(struct rw_flow *f, struct nfc_packet *p,
				    const struct nfc_ip *ip, int direction)
{
	if (!nfc_ip_is_first_fragment(ip))
		return;
	uint32_t tlen = rw_transport_length(p);
	unsigned char *th = nfc_packet_transport_header(p);
	if (ip->p == NFC_IP_PROTO_TCP && tlen >= 18)
		rw_update_csum(&((struct nfc_tcp *)th)->sum, direction, f->l4_csum_delta);
	else if (ip->p == NFC_IP_PROTO_UDP && tlen >= 8 && ((struct nfc_udp *)th)->sum) {
		struct nfc_udp *uh = (struct nfc_udp *)th;
		rw_update_csum(&uh->sum, direction, f->l4_csum_delta);
		if (!uh->sum)
			uh->sum = 0xFFFF;
	}
}

void rw_apply_addr(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p, int direction)
{
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	const struct rw_flowid *rev = &f->e[!direction].key;
	if (!direction)
		ip->src = rev->daddr;
	else {
		ip->dst = rev->saddr;
		if (rw->dst_anno)
			nfc_packet_set_dst_ip(p, rev->saddr);
		if (rw->has_reply_anno)
			nfc_anno_set_u8(p, rw->reply_anno, f->reply_anno);
	}
	rw_update_csum(&ip->sum, direction, f->ip_csum_delta);
	rw_apply_transport_csum(f, p, ip, direction);
}

void rw_apply_addrpair(struct rw_core *rw, struct rw_flow *f, struct nfc_packet *p,
		       int direction)
{
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	const struct rw_flowid *rev = &f->e[!direction].key;
	rw_apply_ip(rw, f, p, ip, rev, direction);
	rw_apply_transport_csum(f, p, ip, direction);
}
