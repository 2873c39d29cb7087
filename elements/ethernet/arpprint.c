/* SPDX-License-Identifier: MIT */
/* ARPPrint: prints ARP packets in tcpdump style. */

/*
 * =c
 * ARPPrint([LABEL, KEYWORDS])
 * =s arp
 * pretty-prints ARP packets a la tcpdump
 * =d
 * Expects ARP packets with their network header annotation set (at the ARP
 * header). Prints one line per packet on standard error, preceded by LABEL
 * and ": ", and passes the packet on unchanged:
 *
 *   arpo: 0.100000: arp who-has 1.0.0.1 tell 1.0.10.10
 *
 * Packets without a network header are passed on silently.
 *
 * =item LABEL
 * String. Text printed first on each line. Default empty.
 * =item TIMESTAMP
 * Boolean. Print the timestamp annotation (seconds since the epoch).
 * Default true.
 * =item ETHER
 * Boolean. Print the Ethernet source and destination ("SRC > DST: ") when
 * the packet has an Ethernet header before the ARP header. Default false.
 * =item ACTIVE
 * Boolean. When false, print nothing. Default true.
 * =item OUTFILE
 * Filename. Print to this file instead of standard error.
 * =h active read/write
 * Returns or sets the ACTIVE parameter.
 * =e
 *   ... -> ARPPrint(arp, ETHER true) -> ...
 * =a Print, ARPQuerier, ARPResponder
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include "ether_priv.h"

struct arpprint {
	struct nfc_element e;
	char *label;
	bool timestamp, ether, active;
	char *outfilename;
	FILE *outfile;
};

static const struct nfc_arg_spec arpprint_args[] = {
	{ .keyword = "LABEL", .type = NFC_ARG_STRING, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct arpprint, label), .doc = "text printed first" },
	{ .keyword = "TIMESTAMP", .type = NFC_ARG_BOOL, .offset = offsetof(struct arpprint, timestamp),
	  .doc = "print timestamps" },
	{ .keyword = "ETHER", .type = NFC_ARG_BOOL, .offset = offsetof(struct arpprint, ether),
	  .doc = "print Ethernet addresses" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct arpprint, active),
	  .doc = "print at all" },
	{ .keyword = "OUTFILE", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct arpprint, outfilename), .doc = "file to print to" },
	NFC_ARGS_END
};

static int arpprint_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct arpprint *ap = (struct arpprint *)e;
	ap->label = NULL;
	ap->timestamp = true;
	ap->ether = false;
	ap->active = true;
	ap->outfilename = NULL;
	return nfc_args_parse(e, conf, arpprint_args, errh, NULL);
}

static int arpprint_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct arpprint *ap = (struct arpprint *)e;
	if (ap->outfilename) {
		ap->outfile = fopen(ap->outfilename, "wb");
		if (!ap->outfile)
			return nfc_error(errh, "%s: %s", ap->outfilename, strerror(errno));
	}
	return 0;
}

static void arpprint_cleanup(struct nfc_element *e)
{
	struct arpprint *ap = (struct arpprint *)e;
	if (ap->outfile)
		fclose(ap->outfile);
	ap->outfile = NULL;
}

static void arpprint_ip(struct nfc_strbuf *sb, const uint8_t a[4])
{
	char buf[16];
	uint32_t v;
	memcpy(&v, a, 4);
	nfc_strbuf_puts(sb, nfc_ip_unparse(v, buf));
}

static void arpprint_eth(struct nfc_strbuf *sb, const uint8_t a[6])
{
	char buf[18];
	nfc_strbuf_puts(sb, nfc_ether_unparse(a, buf));
}

/* The ARP part of the line (tcpdump's wording, as Click prints it). */
static void arpprint_body(const struct nfc_packet *p, struct nfc_strbuf *sb)
{
	int64_t nlen = (int64_t)p->length - nfc_packet_network_header_offset(p);
	const unsigned char *nh = nfc_packet_network_header(p);
	if (nlen < 8) {
		nfc_strbuf_printf(sb, "truncated-arp (%lld)", (long long)nlen);
		return;
	}
	const struct nfc_arp_ether *a = (const struct nfc_arp_ether *)nh;
	unsigned hrd = ntohs(a->hrd), pro = ntohs(a->pro), op = ntohs(a->op);
	unsigned hln = a->hln, pln = a->pln;
	if ((pro != NFC_ETHERTYPE_IP && pro != 0x1000 /* trailer */) || pln != 4 || hln == 0) {
		nfc_strbuf_printf(sb, "arp-#%u for proto #%u (%u) hardware #%u (%u)", op, pro, pln,
				  hrd, hln);
		return;
	}
	if (nlen < (int64_t)sizeof(struct nfc_arp_ether)) {
		/* the addresses are not all there: never read past the packet */
		nfc_strbuf_printf(sb, "truncated-arp (%lld)", (long long)nlen);
		return;
	}
	if (pro == 0x1000)
		nfc_strbuf_puts(sb, "trailer-");
	static const uint8_t ezero[6] = { 0, 0, 0, 0, 0, 0 };
	switch (op) {
	case 1: /* request */
		nfc_strbuf_puts(sb, "arp who-has ");
		arpprint_ip(sb, a->tpa);
		if (memcmp(ezero, a->tha, hln < 6 ? hln : 6) != 0) {
			nfc_strbuf_puts(sb, " (");
			arpprint_eth(sb, a->tha);
			nfc_strbuf_puts(sb, ")");
		}
		nfc_strbuf_puts(sb, " tell ");
		arpprint_ip(sb, a->spa);
		break;
	case 2: /* reply */
		nfc_strbuf_puts(sb, "arp reply ");
		arpprint_ip(sb, a->spa);
		nfc_strbuf_puts(sb, " is-at ");
		arpprint_eth(sb, a->sha);
		break;
	case 3: /* reverse request */
	case 8: /* inverse request */
		nfc_strbuf_puts(sb, op == 3 ? "rarp who-is " : "invarp who-is ");
		arpprint_eth(sb, a->tha);
		nfc_strbuf_puts(sb, " tell ");
		arpprint_eth(sb, a->sha);
		break;
	case 4: /* reverse reply */
	case 9: /* inverse reply */
		nfc_strbuf_puts(sb, op == 4 ? "rarp reply " : "invarp reply ");
		arpprint_eth(sb, a->tha);
		nfc_strbuf_puts(sb, " at ");
		arpprint_ip(sb, a->tpa);
		break;
	default:
		nfc_strbuf_printf(sb, "arp-#%u", op);
		break;
	}
	if (hrd != 1)
		nfc_strbuf_printf(sb, "hardware #%u", hrd);
}

static void arpprint_one(struct arpprint *ap, const struct nfc_packet *p, struct nfc_strbuf *sb)
{
	nfc_strbuf_clear(sb);
	if (ap->label && ap->label[0])
		nfc_strbuf_printf(sb, "%s: ", ap->label);
	if (ap->timestamp) {
		char ts[48];
		nfc_format_timestamp(ts, sizeof ts, p->timestamp_ns, 6);
		nfc_strbuf_printf(sb, "%s: ", ts);
	}
	if (ap->ether) {
		const unsigned char *x = nfc_packet_has_mac_header(p) ? nfc_packet_mac_header(p) : p->data;
		const unsigned char *nh = nfc_packet_network_header(p);
		if (x + NFC_ETHER_LEN <= nh && x + NFC_ETHER_LEN <= p->data + p->length) {
			const struct nfc_ether *eh = (const struct nfc_ether *)x;
			arpprint_eth(sb, eh->src);
			nfc_strbuf_puts(sb, " > ");
			arpprint_eth(sb, eh->dst);
			nfc_strbuf_puts(sb, ": ");
		}
	}
	arpprint_body(p, sb);
	if (ap->outfile) {
		nfc_strbuf_putc(sb, '\n');
		fwrite(nfc_strbuf_str(sb), 1, sb->len, ap->outfile);
	} else
		nfc_message(nfc_router_errh(ap->e.router), "%s", nfc_strbuf_str(sb));
}

static void arpprint_batch(struct nfc_element *e, struct nfc_batch *b)
{
	struct arpprint *ap = (struct arpprint *)e;
	if (!ap->active)
		return;
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	for (unsigned i = 0; i < b->count; i++)
		if (nfc_packet_has_network_header(b->pkts[i]))
			arpprint_one(ap, b->pkts[i], &sb);
	nfc_strbuf_free(&sb);
}

static int arpprint_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "active", nfc_read_bool_field,
			     NFC_FIELD_THUNK(struct arpprint, active), 0);
	nfc_add_write_handler(e, "active", nfc_write_bool_field,
			      NFC_FIELD_THUNK(struct arpprint, active), 0);
	return 0;
}

static const struct nfc_element_class arpprint_class = {
	.name = "ARPPrint",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct arpprint),
	.configure = arpprint_configure,
	.initialize = arpprint_initialize,
	.cleanup = arpprint_cleanup,
	.add_handlers = arpprint_add_handlers,
	.batch_action = arpprint_batch,
};
NFC_REGISTER_ELEMENT(arpprint_class);
