/* SPDX-License-Identifier: MIT */
/* IPFilter: filters IP packets by tcpdump-like rules, "ACTION PATTERN" each. */

/*
 * =c
 * IPFilter(ACTION_1 PATTERN_1, ..., ACTION_N PATTERN_N)
 * =s ip
 * filters IP packets by contents
 * =d
 * Filters IP packets. Each argument is a rule: an ACTION followed by a
 * PATTERN in the language of IPClassifier (tcpdump-like: "tcp dst port
 * 80", "src net 10.0.0.0/8 and not icmp", "ip[1] & 3 != 0"). A packet is
 * handled by the ACTION of the first rule whose PATTERN it matches, and
 * dropped when it matches none.
 *
 * An ACTION is an output port number; "allow", which means 0; or "drop"
 * (also "deny"), which drops the packet. "deny" used to mean output 1 on
 * elements with several outputs; IPFilter warns when it is used there.
 *
 * IPFilter has any number of outputs. Input packets must have their
 * network header annotation set (CheckIPHeader, MarkIPHeader); packets
 * without one are read as if the IP header started at the packet data.
 * Transport-layer tests read the transport header after the IP options,
 * and hold only in first fragments.
 *
 * The rules compile into one decision tree, optimised like Click's (tests
 * known from earlier ones are skipped, tests of one word merged), and
 * runs of tests on one word ("dst port 22, dst port 80, dst port 443,
 * ...") become one hash-table lookup, so the cost per packet barely grows
 * with the number of rules.
 *
 * Every IPFilter has an equivalent IPClassifier, and vice versa.
 * =h program read-only
 * Returns the decision tree in Click's format: one test per line ("OFFSET/
 * VALUE%MASK yes->TARGET no->TARGET"), offsets counted from the MAC header
 * minus 2 (0-255), the network header (256-511) and the transport header
 * (512 on), then the safe length and the alignment offset.
 * =e
 *   IPFilter(allow src 10.0.0.0/8 && tcp dst port www,
 *            1 icmp type echo,
 *            drop all);
 * =a IPClassifier, Classifier, CheckIPHeader, MarkIPHeader, AddressInfo
 */
#include <stdlib.h>
#include "ipfilter_priv.h"

void nfc_ipfilter_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct nfc_ipfilter *f = (struct nfc_ipfilter *)e;
	const struct nfc_ctip_prog *p = &f->prog;
	unsigned n = b->count;
	int ports[NFC_BATCH_MAX];
	(void)port;
	if (!n)
		return;
	if (p->output_everything >= 0) {
		if (p->output_everything < e->noutputs) {
			nfc_push(e, p->output_everything, b);
			return;
		}
		for (unsigned i = 0; i < n; i++)
			nfc_element_drop(e, b->pkts[i]);
		b->count = 0;
		return;
	}
	bool same = true;
	for (unsigned i = 0; i < n; i++) {
		ports[i] = nfc_ctip_match(p, b->pkts[i]);
		same &= ports[i] == ports[0];
	}
	if (same && ports[0] < e->noutputs)
		nfc_push(e, ports[0], b);
	else
		nfc_push_split(e, b, ports);
}

static int ipfilter_read_program(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct nfc_ipfilter *f = (struct nfc_ipfilter *)e;
	(void)thunk;
	(void)param;
	(void)errh;
	nfc_ctip_unparse(&f->prog, out);
	return 0;
}

int nfc_ipfilter_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "program", ipfilter_read_program, NULL, 0);
	return 0;
}

void nfc_ipfilter_cleanup(struct nfc_element *e)
{
	struct nfc_ipfilter *f = (struct nfc_ipfilter *)e;
	nfc_ctip_free(&f->prog);
}

static int ipfilter_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct nfc_ipfilter *f = (struct nfc_ipfilter *)e;
	struct nfc_ctip_prog prog;
	nfc_ctip_init(&prog);
	int nerr = nfc_ipfilter_compile(&prog, conf->argv, conf->argc, e->noutputs, e, errh);
	if (nerr) {
		nfc_ctip_free(&prog);
		return -1;
	}
	nfc_ctip_free(&f->prog);
	f->prog = prog;
	return 0;
}

static const struct nfc_element_class ipfilter_class = {
	.name = "IPFilter",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct nfc_ipfilter),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipfilter_configure,
	.cleanup = nfc_ipfilter_cleanup,
	.add_handlers = nfc_ipfilter_add_handlers,
	.push = nfc_ipfilter_push,
};
NFC_REGISTER_ELEMENT(ipfilter_class);
