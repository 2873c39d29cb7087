/* SPDX-License-Identifier: MIT */
/* MarkIPCE: sets the ECN field to Congestion Experienced, updating the checksum. */

/*
 * =c
 * MarkIPCE([FORCE])
 * =s ip
 * sets IP packets' ECN field to Congestion Experienced
 * =d
 * Expects IP packets (IP header annotation set) as input. Sets each
 * incoming packet's ECN field to Congestion Experienced (value 3),
 * incrementally recalculates the IP checksum, and passes the packet to
 * output 0. Packets whose ECN field is zero (not ECN-capable) are dropped
 * unless the optional FORCE argument is true. Packets without an IP header
 * annotation are dropped too.
 * =item FORCE
 * Boolean. Mark packets that are not ECN-capable too. Default false.
 * =h drops read-only
 * Returns the number of packets dropped because they were not ECN-capable.
 * =e
 *   ... -> CheckIPHeader -> MarkIPCE -> ...
 * =a SetIPDSCP, RED
 */
#include "ip_priv.h"

struct markipce {
	struct nfc_element e;
	bool force;
	struct ipx_counter drops;
};

static const struct nfc_arg_spec markipce_args[] = {
	{ .keyword = "FORCE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct markipce, force), .doc = "mark non-ECN-capable packets too" },
	NFC_ARGS_END
};

static int markipce_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	((struct markipce *)e)->force = false;
	return nfc_args_parse(e, conf, markipce_args, errh, NULL);
}

static struct nfc_packet *markipce_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	struct markipce *m = (struct markipce *)e;
	const struct nfc_ip *ip = ipx_ip_header(p, sizeof(struct nfc_ip));
	if (!ip) {
		nfc_element_drop(e, p);
		return NULL;
	}
	unsigned ecn = ip->tos & IPX_ECN_MASK;
	if (ecn == IPX_ECN_CE)
		return p;
	if (ecn == IPX_ECN_NOT_ECT && !m->force) {
		ipx_count(&m->drops, 1);
		nfc_element_drop(e, p);
		return NULL;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	struct nfc_ip *w = (struct nfc_ip *)nfc_packet_network_header(p);
	uint16_t old = ipx_rd16(w);
	w->tos |= IPX_ECN_CE;
	w->sum = nfc_cksum_update16(w->sum, old, ipx_rd16(w));
	return p;
}

static int markipce_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter, NFC_FIELD_THUNK(struct markipce, drops), 0);
	return 0;
}

static const struct nfc_element_class markipce_class = {
	.name = "MarkIPCE",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct markipce),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = markipce_configure,
	.add_handlers = markipce_add_handlers,
	.simple_action = markipce_simple_action,
};
NFC_REGISTER_ELEMENT(markipce_class);
