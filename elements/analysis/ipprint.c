/* SPDX-License-Identifier: MIT */
/* IPPrint: prints a tcpdump-like line for each IP packet. */

/*
 * =c
 * IPPrint([LABEL, KEYWORDS])
 * =s ip
 * pretty-prints IP packets
 * =d
 * Prints a line describing each IP packet (those with a network header)
 * to standard error, in a tcpdump-like format, after the LABEL text:
 *
 *   1.000020: 1.0.0.1.10 > 1.0.0.2.20: . 0:1440(1440,60,1500) ack 0 win 0
 *
 * TCP lines give flags, sequence range "seq:end(seqlen,packet length,IP
 * length)", ack and window; UDP lines "udp LENGTH"; ICMP lines the message
 * type; fragments "(frag ID:LEN@OFFSET+)". Place IPPrint after
 * CheckIPHeader or an element that sets the IP header annotation.
 *
 * Keyword arguments are:
 * =item CONTENTS
 * Print the packet data too: false (default), true or hex (hexadecimal),
 * ascii (printable characters), none.
 * =item PAYLOAD
 * Like CONTENTS, but prints only the transport payload. Give at most one
 * of PAYLOAD and CONTENTS.
 * =item MAXLENGTH
 * Integer. Most data bytes printed with CONTENTS/PAYLOAD (negative: all).
 * Default 1500. Synonym: NBYTES.
 * =item ID
 * Boolean. Print the IP ID. Default false.
 * =item TTL
 * Boolean. Print the IP time-to-live. Default false.
 * =item TOS
 * Boolean. Print the IP type of service. Default false.
 * =item LENGTH
 * Boolean. Print the IP length. Default false.
 * =item TIMESTAMP
 * Boolean. Print the timestamp annotation. Default true.
 * =item AGGREGATE
 * Boolean. Print the aggregate annotation. Default false.
 * =item PAINT
 * Boolean. Print the paint annotation. Default false.
 * =item SWAP
 * Boolean. Byte-swap ICMP echo identifiers and sequence numbers before
 * printing (that is, print them in network order). Default true.
 * =item ACTIVE
 * Boolean. Print at all. Default true.
 * =item OUTFILE
 * File name. Print to this file instead of standard error.
 * =item CHANNEL
 * Word. Accepted for compatibility; lines go to standard error.
 * =back
 * =h active read/write
 * Returns or sets ACTIVE.
 * =e
 *   ... -> CheckIPHeader -> IPPrint(in, TTL true) -> ...
 * =a Print, CheckIPHeader, ToIPSummaryDump
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "ipsumdump.h"

enum { IPPRINT_NONE, IPPRINT_HEX, IPPRINT_ASCII };

struct ipprint {
	struct nfc_element e;
	char *label;
	char *contents_arg, *payload_arg;
	int32_t maxlength;
	bool maxlength_given;
	int32_t nbytes;
	bool nbytes_given;
	bool id, ttl, tos, length, timestamp, aggregate, paint, swap, active;
	char *outfile_name;
	char *channel;
	int contents;
	bool payload;
	FILE *outfile;
};

static const struct nfc_arg_spec ipprint_args[] = {
	{ .keyword = "LABEL", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ipprint, label), .doc = "text before each line" },
	{ .keyword = "CONTENTS", .type = NFC_ARG_WORD, .offset = offsetof(struct ipprint, contents_arg),
	  .doc = "print packet data: false, hex, ascii" },
	{ .keyword = "PAYLOAD", .type = NFC_ARG_WORD, .offset = offsetof(struct ipprint, payload_arg),
	  .doc = "print payload data: false, hex, ascii" },
	{ .keyword = "MAXLENGTH", .type = NFC_ARG_INT32, .offset = offsetof(struct ipprint, maxlength),
	  .given_offset = offsetof(struct ipprint, maxlength_given), .doc = "most data bytes printed" },
	{ .keyword = "NBYTES", .type = NFC_ARG_INT32, .offset = offsetof(struct ipprint, nbytes),
	  .given_offset = offsetof(struct ipprint, nbytes_given), .doc = "same as MAXLENGTH" },
	{ .keyword = "ID", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, id),
	  .doc = "print the IP ID" },
	{ .keyword = "TIMESTAMP", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, timestamp),
	  .doc = "print the timestamp" },
	{ .keyword = "PAINT", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, paint),
	  .doc = "print the paint annotation" },
	{ .keyword = "TOS", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, tos),
	  .doc = "print the IP TOS" },
	{ .keyword = "TTL", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, ttl),
	  .doc = "print the IP TTL" },
	{ .keyword = "SWAP", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, swap),
	  .doc = "byte-swap ICMP echo id/seq" },
	{ .keyword = "LENGTH", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, length),
	  .doc = "print the IP length" },
	{ .keyword = "AGGREGATE", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, aggregate),
	  .doc = "print the aggregate annotation" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct ipprint, active),
	  .doc = "print at all" },
	{ .keyword = "OUTFILE", .type = NFC_ARG_STRING, .offset = offsetof(struct ipprint, outfile_name),
	  .doc = "file to print to" },
	{ .keyword = "CHANNEL", .type = NFC_ARG_WORD, .offset = offsetof(struct ipprint, channel),
	  .doc = "chatter channel (ignored)" },
	NFC_ARGS_END
};

static void upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static int ipprint_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct ipprint *ip = (struct ipprint *)e;
	ip->maxlength = 1500;
	ip->timestamp = ip->swap = ip->active = true;
	if (nfc_args_parse(e, conf, ipprint_args, errh, NULL) < 0)
		return -1;
	if (ip->nbytes_given && !ip->maxlength_given)
		ip->maxlength = ip->nbytes;

	bool b;
	ip->contents = IPPRINT_NONE;
	if (ip->contents_arg) {
		upcase(ip->contents_arg);
		if (nfc_parse_bool(ip->contents_arg, &b) == 0)
			ip->contents = b ? IPPRINT_HEX : IPPRINT_NONE;
		else if (strcmp(ip->contents_arg, "NONE") == 0)
			ip->contents = IPPRINT_NONE;
		else if (strcmp(ip->contents_arg, "HEX") == 0)
			ip->contents = IPPRINT_HEX;
		else if (strcmp(ip->contents_arg, "ASCII") == 0)
			ip->contents = IPPRINT_ASCII;
		else
			return nfc_error(errh,
					 "bad contents value '%s'; should be 'NONE', 'HEX', or 'ASCII'",
					 ip->contents_arg);
	}
	int payload = IPPRINT_NONE;
	if (ip->payload_arg) {
		upcase(ip->payload_arg);
		const char *pa = ip->payload_arg;
		if (strcmp(pa, "NO") == 0 || strcmp(pa, "FALSE") == 0)
			payload = IPPRINT_NONE;
		else if (strcmp(pa, "YES") == 0 || strcmp(pa, "TRUE") == 0 || strcmp(pa, "HEX") == 0)
			payload = IPPRINT_HEX;
		else if (strcmp(pa, "ASCII") == 0)
			payload = IPPRINT_ASCII;
		else
			return nfc_error(errh,
					 "bad payload value '%s'; should be 'false', 'hex', or 'ascii'",
					 ip->payload_arg);
	}
	if (payload && ip->contents)
		return nfc_error(errh, "specify at most one of PAYLOAD and CONTENTS");
	if (payload) {
		ip->contents = payload;
		ip->payload = true;
	}
	return 0;
}

static int ipprint_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct ipprint *ip = (struct ipprint *)e;
	if (ip->outfile_name && !(ip->outfile = fopen(ip->outfile_name, "wb")))
		return nfc_error(errh, "%s: %s", ip->outfile_name, strerror(errno));
	return 0;
}

static void ipprint_cleanup(struct nfc_element *e)
{
	struct ipprint *ip = (struct ipprint *)e;
	if (ip->outfile)
		fclose(ip->outfile);
	ip->outfile = NULL;
}

static void put_addr(struct nfc_strbuf *sb, uint32_t a)
{
	char buf[16];
	nfc_strbuf_puts(sb, nfc_ip_unparse(a, buf));
}

static void address_pair(struct nfc_strbuf *sb, const struct nfc_ip *iph)
{
	put_addr(sb, iph->src);
	nfc_strbuf_puts(sb, " > ");
	put_addr(sb, iph->dst);
}

/* "SRC.SPORT > DST.DPORT: " */
static void port_pair(struct nfc_strbuf *sb, const struct nfc_ip *iph, const uint8_t *th)
{
	put_addr(sb, iph->src);
	nfc_strbuf_printf(sb, ".%u > ", (unsigned)(th[0] << 8 | th[1]));
	put_addr(sb, iph->dst);
	nfc_strbuf_printf(sb, ".%u: ", (unsigned)(th[2] << 8 | th[3]));
}

static void tcp_line(struct nfc_strbuf *sb, const struct nfc_packet *p, const struct nfc_ip *iph,
		     const struct nfc_tcp *th, int tlen)
{
	if (tlen < 4 || !isd_ip_firstfrag(iph)) {
		address_pair(sb, iph);
		nfc_strbuf_puts(sb, isd_ip_firstfrag(iph) ? ": truncated-tcp" : ": tcp");
		return;
	}
	port_pair(sb, iph, (const uint8_t *)th);
	if (tlen < 14) {
		nfc_strbuf_puts(sb, "truncated-tcp");
		return;
	}
	int ip_len = ntohs(iph->len);
	int seqlen = ip_len - (int)nfc_ip_hl(iph) * 4 - (int)nfc_tcp_off(th) * 4;
	uint8_t f = th->flags;
	if (f & NFC_TH_SYN)
		nfc_strbuf_putc(sb, 'S'), seqlen++;
	if (f & NFC_TH_FIN)
		nfc_strbuf_putc(sb, 'F'), seqlen++;
	if (f & NFC_TH_RST)
		nfc_strbuf_putc(sb, 'R');
	if (f & NFC_TH_PUSH)
		nfc_strbuf_putc(sb, 'P');
	if (!(f & (NFC_TH_SYN | NFC_TH_FIN | NFC_TH_RST | NFC_TH_PUSH)))
		nfc_strbuf_putc(sb, '.');
	uint32_t seq = ntohl(th->seq);
	nfc_strbuf_printf(sb, " %u:%u(%d,%u,%d)", seq, seq + (uint32_t)seqlen, seqlen,
			  (unsigned)p->length, ip_len);
	if (f & NFC_TH_ACK)
		nfc_strbuf_printf(sb, " ack %u", ntohl(th->ack));
	if (tlen < 16)
		nfc_strbuf_puts(sb, "truncated-tcp");
	else
		nfc_strbuf_printf(sb, " win %u", ntohs(th->win));
}

static void udp_line(struct nfc_strbuf *sb, const struct nfc_ip *iph, const struct nfc_udp *uh,
		     int tlen)
{
	if (tlen < 4 || !isd_ip_firstfrag(iph)) {
		address_pair(sb, iph);
		nfc_strbuf_puts(sb, isd_ip_firstfrag(iph) ? ": truncated-udp" : ": udp");
		return;
	}
	port_pair(sb, iph, (const uint8_t *)uh);
	if (tlen < 8)
		nfc_strbuf_puts(sb, "truncated-udp");
	else
		nfc_strbuf_printf(sb, "udp %u", ntohs(uh->len));
}

static void proto_name(struct nfc_strbuf *sb, unsigned p, bool prepend)
{
	const char *n = isd_ip_proto_name(p);
	if (n)
		nfc_strbuf_puts(sb, n);
	else
		nfc_strbuf_printf(sb, "%s%u", prepend ? "protocol " : "", p);
}

static void icmp_line(const struct ipprint *ip, struct nfc_strbuf *sb, const struct nfc_ip *iph,
		      const struct nfc_icmp *ih, int tlen)
{
	address_pair(sb, iph);
	nfc_strbuf_puts(sb, ": ");
	if (!isd_ip_firstfrag(iph)) {
		nfc_strbuf_puts(sb, "icmp");
		return;
	}
	if (tlen < 2)
		goto truncated;
	const char *code = isd_icmp_code_name(ih->type, ih->code);
	switch (ih->type) {
	case NFC_ICMP_ECHOREPLY:
	case NFC_ICMP_ECHO: {
		nfc_strbuf_puts(sb, ih->type == NFC_ICMP_ECHO ? "icmp echo " : "icmp echo-reply ");
		if (tlen < 8)
			goto truncated;
		uint16_t id, seq;
		memcpy(&id, &((const uint8_t *)ih)[4], 2);
		memcpy(&seq, &((const uint8_t *)ih)[6], 2);
		if (ip->swap) {
			id = (uint16_t)((id & 0xFF) << 8 | id >> 8);
			seq = (uint16_t)((seq & 0xFF) << 8 | seq >> 8);
		}
		nfc_strbuf_printf(sb, "(%u, %u)", id, seq);
		break;
	}
	case NFC_ICMP_UNREACH: {
		char cbuf[24];
		if (!code) {
			snprintf(cbuf, sizeof cbuf, "code %u", ih->code);
			code = cbuf;
		}
		const struct nfc_ip *eiph = (const struct nfc_ip *)((const uint8_t *)ih + 8);
		int eiph_len = tlen - 8;
		if (eiph_len < 20) {
			nfc_strbuf_printf(sb, "icmp unreachable %s ", code);
			goto truncated;
		}
		int ehl = (int)nfc_ip_hl(eiph) * 4;
		const uint8_t *eudph = (const uint8_t *)eiph + ehl;
		int eudph_len = eiph_len - ehl;
		nfc_strbuf_puts(sb, "icmp ");
		put_addr(sb, eiph->dst);
		nfc_strbuf_printf(sb, " unreachable %s", code);
		if (ih->code == 2) { /* protocol */
			nfc_strbuf_putc(sb, ' ');
			proto_name(sb, eiph->p, false);
		} else if (ih->code == 3) { /* port */
			nfc_strbuf_putc(sb, ' ');
			proto_name(sb, eiph->p, true);
			if (eudph_len < 4)
				goto truncated;
			nfc_strbuf_printf(sb, "/%u", (unsigned)(eudph[2] << 8 | eudph[3]));
		} else if (ih->code == 4 && ih->un.frag.mtu) /* needfrag */
			nfc_strbuf_printf(sb, " (mtu %u)", ntohs(ih->un.frag.mtu));
		break;
	}
	default: {
		const char *type = isd_icmp_type_name(ih->type);
		if (type)
			nfc_strbuf_printf(sb, "icmp %s", type);
		else
			nfc_strbuf_printf(sb, "icmp type %u", ih->type);
		if (code)
			nfc_strbuf_printf(sb, " %s", code);
		else if (ih->code)
			nfc_strbuf_printf(sb, " code %u", ih->code);
		break;
	}
	}
	return;
truncated:
	nfc_strbuf_puts(sb, "truncated-icmp");
}

static void ipprint_data(const struct ipprint *ip, struct nfc_strbuf *sb,
			 const struct nfc_packet *p, const struct nfc_ip *iph)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *data = p->data, *end = p->data + p->length;
	const uint8_t *th = nfc_packet_has_transport_header(p) ? nfc_packet_transport_header(p)
		: (const uint8_t *)iph + nfc_ip_hl(iph) * 4;
	if (ip->payload) {
		data = th;
		if (isd_ip_firstfrag(iph) && iph->p == NFC_IP_PROTO_TCP && th + 13 <= end)
			data = th + (th[12] >> 4) * 4;
		else if (isd_ip_firstfrag(iph) && iph->p == NFC_IP_PROTO_UDP)
			data = th + 8;
	}
	int64_t bytes = ip->maxlength;
	if (data >= end)
		bytes = 0;
	else if (bytes < 0 || end - data < bytes)
		bytes = end - data;
	for (int64_t i = 0; i < bytes; i++, data++) {
		int line = ip->contents == IPPRINT_HEX ? 24 : 48, group = ip->contents == IPPRINT_HEX ? 4 : 8;
		if (i % line == 0)
			nfc_strbuf_puts(sb, "\n  ");
		else if (i % group == 0)
			nfc_strbuf_putc(sb, ' ');
		if (ip->contents == IPPRINT_HEX) {
			nfc_strbuf_putc(sb, hex[*data >> 4]);
			nfc_strbuf_putc(sb, hex[*data & 15]);
		} else
			nfc_strbuf_putc(sb, *data < 32 || *data > 126 ? '.' : (char)*data);
	}
}

static void ipprint_one(struct ipprint *ip, const struct nfc_packet *p, struct nfc_strbuf *sb)
{
	if (ip->label && ip->label[0])
		nfc_strbuf_printf(sb, "%s: ", ip->label);
	if (ip->timestamp) {
		isd_unparse_timestamp(sb, p->timestamp_ns);
		nfc_strbuf_puts(sb, ": ");
	}
	if (ip->aggregate)
		nfc_strbuf_printf(sb, "#%u", nfc_anno_u32(p, NFC_ANNO_AGGREGATE));
	if (ip->paint)
		nfc_strbuf_printf(sb, "%s%d", ip->aggregate ? "." : "paint ", nfc_packet_paint(p));
	if (ip->aggregate || ip->paint)
		nfc_strbuf_puts(sb, ": ");

	if (isd_network_length(p) < 20) {
		nfc_strbuf_puts(sb, "truncated-ip");
		return;
	}
	const struct nfc_ip *iph = (const struct nfc_ip *)nfc_packet_network_header(p);
	int ip_len = ntohs(iph->len);
	int payload_len = ip_len - (int)nfc_ip_hl(iph) * 4;
	const void *th = nfc_packet_has_transport_header(p) ? nfc_packet_transport_header(p)
		: (const uint8_t *)iph + nfc_ip_hl(iph) * 4;
	int tlen = (int)(p->data + p->length - (const unsigned char *)th);
	if (tlen > payload_len)
		tlen = payload_len;
	if (ip->id)
		nfc_strbuf_printf(sb, "id %u ", ntohs(iph->id));
	if (ip->ttl)
		nfc_strbuf_printf(sb, "ttl %d ", iph->ttl);
	if (ip->tos)
		nfc_strbuf_printf(sb, "tos %d ", iph->tos);
	if (ip->length)
		nfc_strbuf_printf(sb, "length %d ", ip_len);

	if (iph->p == NFC_IP_PROTO_TCP)
		tcp_line(sb, p, iph, th, tlen);
	else if (iph->p == NFC_IP_PROTO_UDP)
		udp_line(sb, iph, th, tlen);
	else if (iph->p == NFC_IP_PROTO_ICMP)
		icmp_line(ip, sb, iph, th, tlen);
	else {
		address_pair(sb, iph);
		nfc_strbuf_printf(sb, ": ip-proto-%d", iph->p);
	}
	if (isd_ip_isfrag(iph))
		nfc_strbuf_printf(sb, " (frag %u:%d@%u%s)", ntohs(iph->id), payload_len,
				  (ntohs(iph->off) & NFC_IP_OFFMASK) << 3,
				  ntohs(iph->off) & NFC_IP_MF ? "+" : "");
	if (ip->contents)
		ipprint_data(ip, sb, p, iph);
}

static void ipprint_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct ipprint *ip = (struct ipprint *)e;
	if (!ip->active)
		return;
	FILE *f = ip->outfile ? ip->outfile : stderr;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (unsigned i = 0; i < b->count; i++) {
		const struct nfc_packet *p = b->pkts[i];
		if (!nfc_packet_has_network_header(p))
			continue;
		ipprint_one(ip, p, &sb);
		nfc_strbuf_putc(&sb, '\n');
	}
	if (sb.len)
		fwrite(sb.s, 1, sb.len, f);
	nfc_strbuf_free(&sb);
}

static int ipprint_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct ipprint, active), 0);
	nfc_add_write_handler(e, "active", nfc_write_bool_field,
			      NFC_FIELD_THUNK(struct ipprint, active), 0);
	return 0;
}

static const struct nfc_element_class ipprint_class = {
	.name = "IPPrint",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ipprint),
	.configure = ipprint_configure,
	.initialize = ipprint_initialize,
	.cleanup = ipprint_cleanup,
	.add_handlers = ipprint_add_handlers,
	.batch_action = ipprint_batch,
};
NFC_REGISTER_ELEMENT(ipprint_class);
