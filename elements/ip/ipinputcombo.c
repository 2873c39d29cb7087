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
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "ip_priv.h"

#define IIC_ETHER_LEN 14

struct ipinputcombo {
	struct nfc_element e;
	uint32_t color;
	char *interfaces_arg, *badsrc_arg, *gooddst_arg;
	/* Bad source addresses, and destinations that excuse them (heap). */
	uint32_t *bad_src, *good_dst;
	int nbad_src, ngood_dst;
	/* Set once the first drop was reported (racy across threads: at worst twice). */
	bool warned;
	struct ipx_counter drops;
};

static const struct nfc_arg_spec iic_args[] = {
	{ .keyword = "COLOR", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 0,
	  .max = 255, .offset = offsetof(struct ipinputcombo, color), .doc = "paint color 0..255" },
	{ .keyword = "INTERFACES", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct ipinputcombo, interfaces_arg),
	  .doc = "interface prefixes (bad broadcast sources, good destinations)" },
	{ .keyword = "BADSRC", .type = NFC_ARG_RAW, .offset = offsetof(struct ipinputcombo, badsrc_arg),
	  .doc = "bad source addresses" },
	{ .keyword = "GOODDST", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct ipinputcombo, gooddst_arg), .doc = "good destination addresses" },
	NFC_ARGS_END
};

static void iic_free_lists(struct ipinputcombo *c)
{
	free(c->bad_src);
	free(c->good_dst);
	c->bad_src = c->good_dst = NULL;
	c->nbad_src = c->ngood_dst = 0;
}

static int iic_add_defaults(struct ipinputcombo *c)
{
	return ipx_list_add(&c->bad_src, &c->nbad_src, 0) < 0 ||
			       ipx_list_add(&c->bad_src, &c->nbad_src, 0xFFFFFFFFu) < 0
		       ? -1
		       : 0;
}

/* INTERFACES, as CheckIPHeader reads it. */
static int iic_parse_interfaces(struct ipinputcombo *c, const char *text)
{
	char **words;
	int nwords, r = 0;
	if (nfc_split_words(text, &words, &nwords) < 0)
		return -1;
	for (int i = 0; i < nwords && r == 0; i++) {
		uint32_t addr, mask;
		if (nfc_addressinfo_parse_ip_prefix(&c->e, words[i], &addr, &mask, true) < 0 ||
		    ipx_list_add(&c->bad_src, &c->nbad_src, (addr & mask) | ~mask) < 0 ||
		    ipx_list_add(&c->good_dst, &c->ngood_dst, addr) < 0)
			r = -1;
	}
	nfc_words_free(words, nwords);
	return r == 0 ? iic_add_defaults(c) : -1;
}

/* The arguments the table did not take: the old-style positional BADSRC. */
static int iic_parse_rest(struct ipinputcombo *c, const struct nfc_conf *conf, const int *rest,
			  struct nfc_errh *errh)
{
	int n = 0;
	while (rest[n] >= 0)
		n++;
	if (n == 0)
		return 0;
	/* an uppercase word followed by a value is a misspelled keyword */
	for (int i = 0; i < n; i++) {
		const char *a = conf->argv[rest[i]];
		size_t k = 0;
		while ((a[k] >= 'A' && a[k] <= 'Z') || a[k] == '_' || (k && a[k] >= '0' && a[k] <= '9'))
			k++;
		if (k && (a[k] == ' ' || a[k] == '\t' || a[k] == '\n'))
			return nfc_error(errh, "%.*s: unknown argument", (int)k, a);
	}
	if (n > 1)
		return nfc_error(errh, "too many arguments");
	const char *a0 = conf->argv[rest[0]];
	if (ipx_parse_ip_list(&c->e, a0, &c->bad_src, &c->nbad_src) < 0 || iic_add_defaults(c) < 0)
		return nfc_error(errh, "BADSRC: expected list of IP addresses, not '%s'", a0);
	return 0;
}

static int iic_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct ipinputcombo *c = (struct ipinputcombo *)e;
	iic_free_lists(c);
	c->interfaces_arg = c->badsrc_arg = c->gooddst_arg = NULL;
	int *rest = calloc((size_t)conf->argc + 1, sizeof(*rest));
	if (!rest)
		return nfc_error(errh, "out of memory");
	int r = nfc_args_parse(e, conf, iic_args, errh, rest);
	if (r == 0)
		r = iic_parse_rest(c, conf, rest, errh);
	free(rest);
	if (r < 0)
		return -1;

	int errors = 0;
	if (c->interfaces_arg && iic_parse_interfaces(c, c->interfaces_arg) < 0)
		errors += nfc_error(errh, "INTERFACES: expected list of IP prefixes, not '%s'",
				    c->interfaces_arg) < 0;
	if (c->badsrc_arg && ipx_parse_ip_list(e, c->badsrc_arg, &c->bad_src, &c->nbad_src) < 0)
		errors += nfc_error(errh, "BADSRC: expected list of IP addresses, not '%s'",
				    c->badsrc_arg) < 0;
	if (c->gooddst_arg && ipx_parse_ip_list(e, c->gooddst_arg, &c->good_dst, &c->ngood_dst) < 0)
		errors += nfc_error(errh, "GOODDST: expected list of IP addresses, not '%s'",
				    c->gooddst_arg) < 0;
	return errors ? -1 : 0;
}

static void iic_cleanup(struct nfc_element *e)
{
	iic_free_lists((struct ipinputcombo *)e);
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

	if (ipx_unlikely(p->length < sizeof(struct nfc_ip)))
		return iic_reject(c);
	const unsigned char *h = p->data;
	const struct nfc_ip *ip = (const struct nfc_ip *)h;
	if (ipx_unlikely((ip->vhl >> 4) != 4))
		return iic_reject(c);
	uint32_t hlen = (uint32_t)(ip->vhl & 0x0F) << 2;
	if (ipx_unlikely(hlen < sizeof(struct nfc_ip)))
		return iic_reject(c);
	uint32_t len = ntohs(ip->len);
	if (ipx_unlikely(len > p->length || len < hlen))
		return iic_reject(c);
	bool cksum_ok = hlen == sizeof(struct nfc_ip) ? ipx_cksum20_ok(h) : nfc_in_cksum(h, hlen) == 0;
	if (ipx_unlikely(!cksum_ok))
		return iic_reject(c);
	/* RFC 1812 5.3.7 and 4.2.2.11: illegal source addresses */
	if (c->nbad_src && ipx_list_has(c->bad_src, c->nbad_src, ip->src) &&
	    !ipx_list_has(c->good_dst, c->ngood_dst, ip->dst))
		return iic_reject(c);

	nfc_packet_set_network_header(p, h, hlen);
	if (p->length > len) /* link-level padding */
		nfc_packet_take(p, p->length - len);
	nfc_packet_set_dst_ip(p, ip->dst);
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
