/* SPDX-License-Identifier: MIT */
/* SetIPDSCP: sets the DSCP bits of the IP TOS byte, updating the checksum. */

/*
 * =c
 * SetIPDSCP(DSCP)
 * =s ip
 * sets IP packets' DSCP fields
 * =d
 * Expects IP packets (IP header annotation set) as input and sets their
 * Differentiated Services Code Point to DSCP, a number between 0 and 63:
 * the upper 6 bits of the IP TOS field (the ECN bits are kept). Then it
 * incrementally recalculates the IP checksum and passes the packet to
 * output 0. Packets without an IP header annotation are dropped.
 * =h dscp read/write
 * Returns or sets the DSCP parameter.
 * =e
 *   ... -> SetIPDSCP(46) -> ...
 * =a MarkIPCE, IPEncap
 */
#include "ip_priv.h"

struct setipdscp {
	struct nfc_element e;
	uint32_t dscp;
};

static const struct nfc_arg_spec setipdscp_args[] = {
	{ .keyword = "DSCP", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct setipdscp, dscp), .doc = "code point 0..63" },
	NFC_ARGS_END
};

static int setipdscp_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct setipdscp *s = (struct setipdscp *)e;
	uint32_t old = s->dscp;
	if (nfc_args_parse(e, conf, setipdscp_args, errh, NULL) < 0)
		return -1;
	if (s->dscp > 0x3F) {
		s->dscp = old;
		return nfc_error(errh, "diffserv code point out of range");
	}
	return 0;
}

static struct nfc_packet *setipdscp_simple_action(struct nfc_element *e, struct nfc_packet *p)
{
	uint8_t tos_dscp = (uint8_t)(__atomic_load_n(&((struct setipdscp *)e)->dscp,
						     __ATOMIC_RELAXED) << 2);
	if (!ipx_ip_header(p, sizeof(struct nfc_ip))) {
		nfc_element_drop(e, p);
		return NULL;
	}
	if (!(p = nfc_packet_uniqueify(p)))
		return NULL;
	struct nfc_ip *ip = (struct nfc_ip *)nfc_packet_network_header(p);
	uint16_t old = ipx_rd16(ip);
	ip->tos = (uint8_t)((ip->tos & IPX_ECN_MASK) | tos_dscp);
	ip->sum = nfc_cksum_update16(ip->sum, old, ipx_rd16(ip));
	return p;
}

static int setipdscp_read(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%u", (unsigned)((struct setipdscp *)e)->dscp);
	return 0;
}

static int setipdscp_write(struct nfc_element *e, void *thunk, const char *value,
			   struct nfc_errh *errh)
{
	uint32_t v;
	if (nfc_parse_uint32(value, &v) < 0)
		return nfc_error(errh, "DSCP: expected unsigned integer");
	if (v > 0x3F)
		return nfc_error(errh, "diffserv code point out of range");
	__atomic_store_n(&((struct setipdscp *)e)->dscp, v, __ATOMIC_RELAXED);
	return 0;
}

static int setipdscp_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "dscp", setipdscp_read, NULL, 0);
	nfc_add_write_handler(e, "dscp", setipdscp_write, NULL, 0);
	return 0;
}

static const struct nfc_element_class setipdscp_class = {
	.name = "SetIPDSCP",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct setipdscp),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = setipdscp_configure,
	.add_handlers = setipdscp_add_handlers,
	.simple_action = setipdscp_simple_action,
};
NFC_REGISTER_ELEMENT(setipdscp_class);
