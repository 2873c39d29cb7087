/* SPDX-License-Identifier: MIT */
/* IPClassifier: sends IP packets to the output of the first tcpdump-like pattern they match. */

/*
 * =c
 * IPClassifier(PATTERN_1, ..., PATTERN_N)
 * =s ip
 * classifies IP packets by contents
 * =d
 * Classifies IP packets by their headers. There is one output per PATTERN;
 * a packet leaves on the output of the first PATTERN it matches and is
 * dropped when it matches none. Input packets must have their network
 * header annotation set (CheckIPHeader, MarkIPHeader); packets without
 * one are read as if the IP header started at the packet data.
 *
 * Patterns are tcpdump-like expressions: primitives combined with "and"
 * ("&&", or just juxtaposition), "or" ("||"), "not" ("!"), parentheses
 * and "EXPR ? EXPR : EXPR". "true", "false" and "-" (alone: matches all)
 * are patterns too. The primitives:
 *
 * "[src|dst|src and dst|src or dst] host ADDR": the source or destination
 * address is ADDR ("src or dst" when no direction is given; so for the
 * others). ADDR may be a name from AddressInfo.
 *
 * "[src|dst] net NETADDR/LEN", "net ADDR mask MASK": the address is in
 * that network.
 *
 * "[src|dst] [tcp|udp] port PORT": a TCP or UDP port ("tcpudp" is either,
 * the default). PORT is a number or a name ("www", "ssh", "domain",
 * "netbios-ns", and names from /etc/services).
 *
 * "ip proto PROTO": the IP protocol, a number or "icmp", "igmp", "ipip",
 * "tcp", "udp", "tcpudp"; "tcp", "udp", "icmp" alone are shorthands.
 *
 * "[tcp] opt FLAGS": the TCP flags (fin, syn, rst, psh, ack, urg) are all
 * set; "syn", "ack"... alone are shorthands.
 *
 * "icmp type TYPE": a number or a name (echo, echo-reply, unreachable,
 * sourcequench, redirect, routeradvert, routersolicit, timeexceeded,
 * parameterproblem, timestamp, timestamp-reply, inforeq, inforeq-reply,
 * maskreq, maskreq-reply).
 *
 * "ip vers V", "ip hl HL", "ip id ID", "ip tos TOS", "ip dscp DSCP",
 * "ip len LEN", "ip ttl TTL", "tcp win WIN": header fields. "ip ect"
 * (ECN capable) and "ip ce" (congestion experienced) test the ECN bits.
 * "ip frag" holds for fragments, "ip unfrag" for unfragmented packets.
 *
 * "ip[POS]", "ip[POS:LEN]", "transp[POS:LEN]" (also "tcp[...]",
 * "udp[...]", "icmp[...]"): LEN (1-4, default 1) bytes at offset POS of
 * the IP or the transport header, within one 4-byte word.
 *
 * "ether src|dst|host ETH": the Ethernet addresses (of the MAC header).
 *
 * Values take an optional mask, "FIELD & MASK", and a relation: "=" (or
 * "=="), "!=", "<", ">", "<=", ">=" ("port > 1023", "ip[1] & 3 != 0").
 * Repeated primitives may be abbreviated: "src host 1.0.0.1 or 1.0.0.2",
 * "port 80 or 443".
 *
 * Transport-layer tests (ports, TCP flags, ICMP types, transp[...]) read
 * the transport header after the IP options and hold only in first
 * fragments. Packets too short for a test do not satisfy it.
 *
 * The patterns compile into one decision tree (see IPFilter); runs of
 * tests of one word become one hash lookup, so many rules cost little
 * more than a few.
 * =h program read-only
 * Returns the decision tree in Click's format (see IPFilter).
 * =e
 * For example,
 *
 *   IPClassifier(10.0.0.0/24 and syn,
 *                10.0.0.0/24 and fin ack,
 *                10.0.0.0/24 and tcp,
 *                -);
 *
 * creates an element with four outputs: SYN packets, FIN+ACK packets and
 * other TCP packets to or from 10.0.0.0/24, and everything else.
 * =a Classifier, IPFilter, CheckIPHeader, MarkIPHeader, AddressInfo, tcpdump(1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipfilter_priv.h"

static int ipclassifier_configure(struct nfc_element *e, struct nfc_conf *conf,
				  struct nfc_errh *errh)
{
	struct nfc_ipfilter *f = (struct nfc_ipfilter *)e;
	if (conf->argc != e->noutputs)
		return nfc_error(errh, "need %d arguments, one per output port", e->noutputs);

	/* IPFilter rules "I PATTERN_I" */
	char **rules = calloc((size_t)conf->argc + 1, sizeof *rules);
	int nerr = rules ? 0 : 1;
	for (int i = 0; i < conf->argc && !nerr; i++) {
		size_t len = strlen(conf->argv[i]) + 16;
		if (!(rules[i] = malloc(len)))
			nerr = 1;
		else
			snprintf(rules[i], len, "%d %s", i, conf->argv[i]);
	}
	if (nerr) {
		if (rules)
			for (int i = 0; i < conf->argc; i++)
				free(rules[i]);
		free(rules);
		return nfc_error(errh, "out of memory");
	}

	struct nfc_ctip_prog prog;
	nfc_ctip_init(&prog);
	nerr = nfc_ipfilter_compile(&prog, rules, conf->argc, e->noutputs, e, errh);
	for (int i = 0; i < conf->argc; i++)
		free(rules[i]);
	free(rules);
	if (nerr) {
		nfc_ctip_free(&prog);
		return -1;
	}
	nfc_classtree_warn_unused_outputs(&prog.tree, e->noutputs, errh);
	nfc_ctip_free(&f->prog);
	f->prog = prog;
	return 0;
}

static const struct nfc_element_class ipclassifier_class = {
	.name = "IPClassifier",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct nfc_ipfilter),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipclassifier_configure,
	.cleanup = nfc_ipfilter_cleanup,
	.add_handlers = nfc_ipfilter_add_handlers,
	.push = nfc_ipfilter_push,
};
NFC_REGISTER_ELEMENT(ipclassifier_class);
