/* SPDX-License-Identifier: MIT */
/* IPInputCombo: Paint, Strip(14), CheckIPHeader and GetIPAddress(16) fused into one element. */

/*
 * =c
 * IPInputCombo(COLOR [, BADSRC, KEYWORDS])
 * =s ip
 * input combo for IP routing
 * =d
 * A single element encapsulating common tasks on an IP router's input path.
 * Effectively equivalent to
 *
 *   elementclass IPInputCombo { $COLOR, $BADADDRS |
 *     input[0] -> Paint($COLOR)
 *           -> Strip(14)
 *           -> CheckIPHeader($BADADDRS)
 *           -> GetIPAddress(16)
 *           -> [0]output;
 *   }
 *
 * Packets failing the IP header check (too short, not version 4, bad header
 * length, IP length longer than the packet or shorter than the header, bad
 * checksum, or a bad source address) are dropped; the first such drop is
 * reported with "IP checksum failed". Good packets get their IP header
 * annotation, are trimmed to the IP length, and get the destination IP
 * address annotation.
 *
 * COLOR is an integer 0..255. The optional positional BADSRC is a
 * space-separated list of IP addresses; like CheckIPHeader's old-style
 * argument, it also adds 0.0.0.0 and 255.255.255.255 to the bad sources.
 * Without any of BADSRC and INTERFACES, source addresses are not checked.
 *
 * Keyword arguments are:
 *
 * =item INTERFACES
 * Space-separated list of IP prefixes: each prefix's broadcast address is a
 * bad source and its address a good destination; 0.0.0.0 and
 * 255.255.255.255 are bad sources too.
 * =item BADSRC
 * Space-separated list of IP addresses that are bad source addresses.
 * =item GOODDST
 * Space-separated list of IP addresses: packets to these destinations pass
 * even when their source is bad.
 * =h drops read-only
 * Returns the number of packets dropped.
 * =e
 *   FromDevice(eth0) -> IPInputCombo(1, INTERFACES 18.26.4.1/24) -> ...
 * =a Paint, CheckIPHeader, Strip, GetIPAddress, IPOutputCombo
 */
#include "ipcheck_header.h"

#define IIC_ETHER_LEN 14

struct ipinputcombo {
	struct nfc_element e;
	uint32_t color;
	struct ipx_srccheck src;
	/* Set once the first drop was reported (racy across threads: at worst twice). */
	bool warned;
	struct ipx_counter drops;
};

static const struct nfc_arg_spec iic_args[] = {
	{ .keyword = "COLOR", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 255, .offset = offsetof(struct ipinputcombo, color), .doc = "paint color 0..255" },
	IPX_SRCCHECK_ARGS(struct ipinputcombo, src),
	NFC_ARGS_END
};

/* The arguments the table did not take: the old-style positional BADSRC. */
static int iic_parse_rest(struct nfc_element *e, const struct nfc_conf *conf, const int *rest,
			  int n, struct nfc_errh *errh)
{
	if (n > 1)
		return nfc_error(errh, "too many arguments");
	return ipx_srccheck_old_badsrc(e, &((struct ipinputcombo *)e)->src, conf->argv[rest[0]],
				       errh);
}

static int iic_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct ipinputcombo *c = (struct ipinputcombo *)e;
	return ipx_srccheck_configure(e, &c->src, conf, iic_args, iic_parse_rest, errh);
}

static void iic_cleanup(struct nfc_element *e)
{
	ipx_srccheck_clear(&((struct ipinputcombo *)e)->src);
}

static IPX_COLD int iic_reject(struct ipinputcombo *c)
{
	ipx_count(&c->drops, 1);
	if (!c->warned) {
		c->warned = true;
		ipx_chatter(&c->e, "IP checksum failed");
	}
	return IPX_ERROR; /* no output 1: the packet is dropped */
}

static int iic_step(struct nfc_element *e, struct nfc_packet **pp)
{
	struct ipinputcombo *c = (struct ipinputcombo *)e;
	struct nfc_packet *p = *pp;

	nfc_packet_set_paint(p, (uint8_t)c->color);
	/* Click would assert on a runt; dropping it is the safe reading */
	if (ipx_unlikely(p->length < IIC_ETHER_LEN))
		return iic_reject(c);
	nfc_packet_pull(p, IIC_ETHER_LEN);

	/* CheckIPHeader's checks, RFC 1812 5.3.7 source addresses included */
	if (ipx_unlikely(ipx_hdr_check(&c->src, p, 0, true, c->src.nbad_src > 0) >= 0))
		return iic_reject(c);
	return IPX_PASS;
}

IPX_DEFINE_FILTER(iic, iic_step)

static int iic_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     (void *)offsetof(struct ipinputcombo, drops), 0);
	return 0;
}

static const struct nfc_element_class ipinputcombo_class = {
	.name = "IPInputCombo",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ipinputcombo),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = iic_configure,
	.cleanup = iic_cleanup,
	.add_handlers = iic_add_handlers,
	.push = iic_push,
	.pull = iic_pull,
};
NFC_REGISTER_ELEMENT(ipinputcombo_class);
