/* SPDX-License-Identifier: MIT */
/* FTPPortMapper: rewrites FTP PORT commands and makes the data connection's NAT mapping. */

/*
 * =c
 * FTPPortMapper(CONTROL_REWRITER, DATA_REWRITER, DATA_REWRITER_INPUT)
 * =s nat
 * manipulates IPRewriter for FTP
 * =d
 * Expects FTP control packets (TCP). Watches for "PORT a,b,c,d,p1,p2"
 * commands and, for each, has DATA_REWRITER (an IPRewriter-like element)
 * make a mapping for the data connection the server will open, from the
 * announced address and port to the server's address and control port
 * minus one, as its input DATA_REWRITER_INPUT's spec says. The command is
 * then rewritten to announce the mapped address and port instead, the IP
 * length and the checksums fixed, and CONTROL_REWRITER (a TCPRewriter or
 * IPRewriter, downstream of this element, that maps the control flow) told
 * that the flow's sequence numbers moved by the change in length, so it
 * rewrites sequence and acknowledgement numbers (SACK blocks included)
 * from then on. Packets that are not PORT commands of a flow
 * CONTROL_REWRITER knows pass unchanged.
 * =e
 *   rw :: TCPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);
 *   ... -> FTPPortMapper(rw, rw, 0) -> [0]rw;
 * =a TCPRewriter, IPRewriter
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "rewriter_priv.h"

struct ftpportmapper {
	struct nfc_element e;
	struct nfc_element *control_elem, *data_elem;
	int32_t data_input;
	struct rw_core *control, *data;
};

static const struct nfc_arg_spec ftpportmapper_args[] = {
	{ .keyword = "CONTROL_REWRITER", .type = NFC_ARG_ELEMENT,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ftpportmapper, control_elem),
	  .doc = "the TCPRewriter mapping the control connection" },
	{ .keyword = "DATA_REWRITER", .type = NFC_ARG_ELEMENT,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ftpportmapper, data_elem),
	  .doc = "the rewriter that maps data connections" },
	{ .keyword = "DATA_REWRITER_INPUT", .type = NFC_ARG_INT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct ftpportmapper, data_input),
	  .doc = "the input of DATA_REWRITER whose spec maps data connections" },
	NFC_ARGS_END
};

static int ftpportmapper_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct ftpportmapper *fm = (struct ftpportmapper *)e;
	if (nfc_args_parse(e, conf, ftpportmapper_args, errh, NULL) < 0)
		return -1;
	struct nfc_element *c = fm->control_elem, *d = fm->data_elem;
	fm->control = c->cls->cast ? c->cls->cast(c, RW_IFACE_TCP_REWRITER) : NULL;
	fm->data = d->cls->cast ? d->cls->cast(d, RW_IFACE_REWRITER) : NULL;
	int r = 0;
	if (!fm->control)
		r = nfc_error(errh, "CONTROL_REWRITER: '%s' is not a TCPRewriter", c->name);
	if (!fm->data)
		r = nfc_error(errh, "DATA_REWRITER: '%s' is not a rewriter", d->name);
	else if (fm->data_input < 0 || fm->data_input >= d->ninputs)
		r = nfc_error(errh, "DATA_REWRITER_INPUT out of range");
	return r;
}

/* "PORT h1,h2,h3,h4,p1,p2" then CR or LF: the six numbers and where the
 * argument ends, or false. */
static bool ftpportmapper_parse(const unsigned char *d, uint32_t len, uint32_t *arg_start,
				uint32_t *arg_end, unsigned nums[6])
{
	if (len < 5 || (d[0] | 0x20) != 'p' || (d[1] | 0x20) != 'o' || (d[2] | 0x20) != 'r' ||
	    (d[3] | 0x20) != 't' || d[4] != ' ')
		return false;
	uint32_t pos = 5;
	while (pos < len && d[pos] == ' ')
		pos++;
	*arg_start = pos;
	int which = 0;
	memset(nums, 0, 6 * sizeof *nums);
	for (; pos < len && which < 6; pos++) {
		if (d[pos] >= '0' && d[pos] <= '9') {
			nums[which] = nums[which] * 10 + (unsigned)(d[pos] - '0');
			if (nums[which] >= 256)
				return false;
		} else if (d[pos] == ',')
			which++;
		else
			break;
	}
	if (which != 5 || pos >= len || (d[pos] != '\r' && d[pos] != '\n'))
		return false;
	*arg_end = pos;
	return true;
}

static struct nfc_packet *ftpportmapper_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct ftpportmapper *fm = (struct ftpportmapper *)e;
	const struct nfc_ip *ip = (const struct nfc_ip *)nfc_packet_network_header(p);
	uint32_t tlen = rw_transport_length(p);
	if (!ip || ip->p != NFC_IP_PROTO_TCP || tlen < sizeof(struct nfc_tcp))
		return p;
	const struct nfc_tcp *th = (const struct nfc_tcp *)nfc_packet_transport_header(p);
	uint32_t hlen = (uint32_t)nfc_tcp_off(th) << 2;
	if (hlen > tlen)
		return p;
	uint32_t data_offset = (uint32_t)nfc_packet_transport_header_offset(p) + hlen;
	const unsigned char *data = p->data + data_offset;
	uint32_t len = p->length - data_offset, arg_start, arg_end;
	unsigned nums[6];
	if (!ftpportmapper_parse(data, len, &arg_start, &arg_end, nums))
		return p;

	struct rw_flowid control_flow;
	rw_packet_flowid(p, &control_flow);
	struct rw_entry *cm = rw_get_entry(fm->control, NFC_IP_PROTO_TCP, &control_flow, -1);
	if (!cm)
		return p;

	/* the data connection: from the announced address and port to the
	 * server's address and control port minus one */
	struct rw_flowid data_flow = {
		htonl(nums[0] << 24 | nums[1] << 16 | nums[2] << 8 | nums[3]), ip->dst,
		htons((uint16_t)(nums[4] << 8 | nums[5])), htons((uint16_t)(ntohs(th->dport) - 1))
	};
	struct rw_entry *dm = rw_get_entry(fm->data, NFC_IP_PROTO_TCP, &data_flow, fm->data_input);
	if (!dm)
		return p;
	struct rw_flowid nf = rw_entry_rewritten(dm);
	uint32_t a = ntohl(nf.saddr);
	unsigned port = ntohs(nf.sport);
	char buf[32];
	uint32_t buflen = (uint32_t)snprintf(buf, sizeof buf, "%u,%u,%u,%u,%u,%u", a >> 24,
					      (a >> 16) & 255, (a >> 8) & 255, a & 255, port >> 8,
					      port & 255);
	uint32_t arg_len = arg_end - arg_start;
	uint32_t seq = ntohl(th->seq);

	if (buflen > arg_len)
		p = nfc_packet_put(p, buflen - arg_len);
	else if ((p = nfc_packet_uniqueify(p)))
		nfc_packet_take(p, arg_len - buflen);
	if (!p)
		return NULL; /* out of memory: the packet is gone */
	unsigned char *arg = p->data + data_offset + arg_start;
	memmove(arg + buflen, arg + arg_len, len - arg_end);
	memcpy(arg, buf, buflen);

	struct nfc_ip *wip = (struct nfc_ip *)nfc_packet_network_header(p);
	uint16_t old_len = wip->len;
	wip->len = htons((uint16_t)(p->length - (uint32_t)nfc_packet_network_header_offset(p)));
	wip->sum = nfc_cksum_update16(wip->sum, old_len, wip->len);

	/* from the end of this command on, the control flow's sequence
	 * numbers move by the change in length */
	struct rw_flow *cf = rw_entry_flow(cm);
	rw_tcp_add_seq_delta(cf, cm->direction, seq + len, (int32_t)buflen - (int32_t)arg_len);
	rw_entry_flow(dm)->reply_anno = cf->reply_anno;

	struct nfc_tcp *wth = (struct nfc_tcp *)nfc_packet_transport_header(p);
	uint32_t wtlen = rw_transport_length(p);
	wth->sum = 0;
	wth->sum = nfc_transport_cksum(wip->src, wip->dst, NFC_IP_PROTO_TCP, wth, wtlen);
	return p;
}

static const struct nfc_element_class ftpportmapper_class = {
	.name = "FTPPortMapper",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ftpportmapper),
	.flags = 0, /* changes its rewriters' tables: their thread only */
	.configure = ftpportmapper_configure,
	.simple_action = ftpportmapper_action,
};
NFC_REGISTER_ELEMENT(ftpportmapper_class);
