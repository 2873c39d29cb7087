/* SPDX-License-Identifier: MIT */
/* CheckIPHeader: validates IPv4 headers, marks them, sends bad packets to output 1. */

/*
 * =c
 * CheckIPHeader([OFFSET, KEYWORDS])
 * =s ip
 * checks IP header
 * =d
 * Input packets should have IP headers starting OFFSET bytes in. Default
 * OFFSET is zero. Checks that the packet's length is reasonable, and that
 * the IP version, header length, length, and checksum fields are valid.
 * Checks that the IP source address is a legal unicast address, or that the
 * packet is destined for one of this machine's addresses (see below).
 * Shortens packets to the IP length, if the IP length is shorter than the
 * nominal packet length (due to Ethernet padding, for example). Sets the
 * IP header annotation (and the transport header after it) and the
 * destination IP address annotation to the packet's destination address.
 *
 * CheckIPHeader emits valid packets on output 0. Invalid packets are pushed
 * out on output 1, unless output 1 was unused; if so, drops invalid packets.
 *
 * CheckIPHeader checks packets' source addresses for validity if one or
 * more of the INTERFACES, BADSRC, and GOODDST keyword arguments are
 * supplied (RFC 1812 5.3.7).
 *
 * CheckIPHeader prints a message to standard error the first time it
 * encounters an incorrect IP packet (but see VERBOSE below):
 *
 *   c: IP header check failed: bad IP checksum
 *
 * The reasons are "tiny packet", "bad IP version", "bad IP header length",
 * "bad IP length", "bad IP checksum" and "bad source address".
 *
 * Keyword arguments are:
 * =item CHECKSUM
 * Boolean. If true, check each packet's checksum for validity; if false, do
 * not check the checksum. Default is true.
 * =item OFFSET
 * Unsigned integer. Byte position at which the IP header begins. Default
 * is 0.
 * =item BADSRC
 * Space-separated list of IP addresses. CheckIPHeader drops packets whose
 * source address is on this list (but see GOODDST below). Default is empty.
 * =item GOODDST
 * Space-separated list of IP addresses. CheckIPHeader exempts packets whose
 * destination address is on this list from BADSRC processing. Default is
 * empty.
 * =item INTERFACES
 * Space-separated list of IP addresses with network prefixes, meant to
 * represent this router's interface addresses. This argument specifies both
 * BADSRC and GOODDST: "INTERFACES 18.26.4.9/24 18.32.9.44/28" acts like a
 * BADSRC of "18.26.4.255 18.32.9.47 0.0.0.0 255.255.255.255" (the
 * broadcast addresses of this router) and a GOODDST of "18.26.4.9
 * 18.32.9.44".
 * =item VERBOSE
 * Boolean. If true, a message is printed for every erroneous packet,
 * rather than just the first. False by default.
 * =item DETAILS
 * Boolean. If true, CheckIPHeader keeps counts of how many packets were
 * dropped for each reason, read with the drop_details handler. False by
 * default.
 *
 * The old syntax CheckIPHeader(BADSRC2, OFFSET) is accepted: BADSRC2 is
 * like BADSRC, except that 0.0.0.0 and 255.255.255.255 are bad source
 * addresses too. It should not be used in new configurations.
 * =h drops read-only
 * Returns the number of incorrect packets CheckIPHeader has seen.
 * =h drop_details read-only
 * Returns one line per reason, "COUNT<tab>REASON". Only available if the
 * DETAILS keyword argument was true.
 * =e
 *   FromDevice(eth0) -> Strip(14) -> CheckIPHeader(INTERFACES 18.26.4.1/24)
 *     -> ...
 * =a CheckIPHeader2, MarkIPHeader, SetIPChecksum, StripIPHeader,
 * CheckTCPHeader, CheckUDPHeader, CheckICMPHeader
 */
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "ip_priv.h"
#include "checkipheader_priv.h"

static const char *const cih_reason_texts[CIH_NREASONS] = {
	"tiny packet", "bad IP version", "bad IP header length",
	"bad IP length", "bad IP checksum", "bad source address",
};

static const struct nfc_arg_spec cih_args[] = {
	{ .keyword = "INTERFACES", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct checkipheader, interfaces_arg),
	  .doc = "interface prefixes (sets BADSRC and GOODDST)" },
	{ .keyword = "BADSRC", .type = NFC_ARG_RAW, .offset = offsetof(struct checkipheader, badsrc_arg),
	  .doc = "source addresses to reject" },
	{ .keyword = "GOODDST", .type = NFC_ARG_RAW,
	  .offset = offsetof(struct checkipheader, gooddst_arg),
	  .doc = "destinations exempt from BADSRC" },
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 65535, .offset = offsetof(struct checkipheader, offset),
	  .doc = "byte offset of the IP header" },
	{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL, .offset = offsetof(struct checkipheader, verbose),
	  .doc = "report every bad packet" },
	{ .keyword = "DETAILS", .type = NFC_ARG_BOOL, .offset = offsetof(struct checkipheader, details),
	  .doc = "count drops per reason" },
	{ .keyword = "CHECKSUM", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct checkipheader, checksum), .doc = "verify the header checksum" },
	NFC_ARGS_END
};

/* INTERFACES: each prefix's broadcast address is a bad source, its address a good
 * destination; 0.0.0.0 and 255.255.255.255 are bad sources too. */
static int cih_parse_interfaces(struct checkipheader *c, const char *text)
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
	if (r == 0 && (ipx_list_add(&c->bad_src, &c->nbad_src, 0) < 0 ||
		       ipx_list_add(&c->bad_src, &c->nbad_src, 0xFFFFFFFFu) < 0))
		r = -1;
	return r;
}

/* Old syntax: CheckIPHeader(OFFSET) or CheckIPHeader(BADSRC2 [, OFFSET]). */
static int cih_parse_positional(struct checkipheader *c, const struct nfc_conf *conf,
				const int *rest, struct nfc_errh *errh)
{
	int n = 0;
	while (rest[n] >= 0)
		n++;
	if (n == 0)
		return 0;
	const char *a0 = conf->argv[rest[0]];
	uint32_t off;
	if (n == 1 && nfc_parse_uint32(a0, &off) == 0) {
		if (off > 65535)
			return nfc_error(errh, "OFFSET: out of range, must be between 0 and 65535");
		c->offset = off;
		return 0;
	}
	/* an uppercase word followed by a value is a misspelled keyword */
	for (int i = 0; i < n; i++) {
		const char *a = conf->argv[rest[i]];
		size_t k = 0;
		while ((a[k] >= 'A' && a[k] <= 'Z') || a[k] == '_' || (k && a[k] >= '0' && a[k] <= '9'))
			k++;
		if (k && (a[k] == ' ' || a[k] == '\t' || a[k] == '\n'))
			return nfc_error(errh, "%.*s: unknown argument", (int)k, a);
	}
	if (n > 2)
		return nfc_error(errh, "too many arguments");
	int errors = 0;
	if (ipx_parse_ip_list(&c->e, a0, &c->bad_src, &c->nbad_src) < 0 ||
	    ipx_list_add(&c->bad_src, &c->nbad_src, 0) < 0 ||
	    ipx_list_add(&c->bad_src, &c->nbad_src, 0xFFFFFFFFu) < 0)
		errors += nfc_error(errh, "BADSRC: expected list of IP addresses, not '%s'", a0) < 0;
	if (n == 2) {
		const char *a1 = conf->argv[rest[1]];
		if (nfc_parse_uint32(a1, &off) < 0 || off > 65535)
			errors += nfc_error(errh, "OFFSET: expected unsigned integer") < 0;
		else
			c->offset = off;
	}
	return errors ? -1 : 0;
}

int ipx_checkipheader_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh, bool checksum_default)
{
	struct checkipheader *c = (struct checkipheader *)e;
	ipx_checkipheader_cleanup(e);
	c->offset = 0;
	c->checksum = checksum_default;
	c->verbose = c->details = false;
	c->interfaces_arg = c->badsrc_arg = c->gooddst_arg = NULL;
	int *rest = calloc((size_t)conf->argc + 1, sizeof(*rest));
	if (!rest)
		return nfc_error(errh, "out of memory");
	int r = nfc_args_parse(e, conf, cih_args, errh, rest);
	if (r == 0)
		r = cih_parse_positional(c, conf, rest, errh);
	free(rest);
	if (r < 0)
		return -1;

	int errors = 0;
	if (c->interfaces_arg && cih_parse_interfaces(c, c->interfaces_arg) < 0)
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

static int cih_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return ipx_checkipheader_configure(e, conf, errh, true);
}

void ipx_checkipheader_cleanup(struct nfc_element *e)
{
	struct checkipheader *c = (struct checkipheader *)e;
	free(c->bad_src);
	free(c->good_dst);
	c->bad_src = c->good_dst = NULL;
	c->nbad_src = c->ngood_dst = 0;
}

/* The slow part of a rejection: counters and the message. */
static IPX_COLD void cih_reject(struct checkipheader *c, int reason)
{
	int first = !__atomic_exchange_n(&c->warned, 1, __ATOMIC_RELAXED);
	if (first || c->verbose)
		ipx_chatter(&c->e, "%s: IP header check failed: %s", c->e.name,
			    cih_reason_texts[reason]);
	ipx_count(&c->drops, 1);
	if (c->details)
		ipx_count(&c->reasons[reason], 1);
}

/* Mark the good header at @h: header annotations, IP length, destination. */
IPX_INLINE void cih_mark(struct nfc_packet *p, const unsigned char *h, uint32_t off, uint32_t len,
			 uint32_t hlen)
{
	int32_t nh = (int32_t)(h - p->head);
	p->network_offset = nh + 1; /* offsets are stored plus one */
	p->transport_offset = nh + 1 + (int32_t)hlen;
	p->length = off + len; /* drop link-level padding past the IP length */
	nfc_packet_set_dst_ip(p, ((const struct nfc_ip *)h)->dst);
}

/* A source address on the BADSRC list, unless the destination is a GOODDST. */
IPX_INLINE bool cih_bad_saddr(const struct checkipheader *c, const unsigned char *h)
{
	const struct nfc_ip *ip = (const struct nfc_ip *)h;
	return ipx_list_has(c->bad_src, c->nbad_src, ip->src) &&
	       !ipx_list_has(c->good_dst, c->ngood_dst, ip->dst);
}

/* Every packet cih_check's inline test does not pass: tiny packets,
 * headers with options, bad version or length bytes, bad checksums. The
 * checks in Click's order; returns a reason, or marks the packet and
 * returns -1. */
static IPX_COLD int cih_check_slow(const struct checkipheader *c, struct nfc_packet *p,
				   uint32_t off, bool checksum, bool addr_checks)
{
	if ((uint64_t)p->length < (uint64_t)off + sizeof(struct nfc_ip))
		return CIH_TINY;
	const unsigned char *h = p->data + off;
	uint32_t plen = p->length - off;
	unsigned vhl = h[0];
	if (vhl >> 4 != 4)
		return CIH_BAD_VERSION;
	uint32_t hlen = (vhl & 0x0F) << 2;
	if (hlen < sizeof(struct nfc_ip))
		return CIH_BAD_HLEN;
	uint32_t len = ntohs(ipx_rd16(h + 2));
	if (len > plen || len < hlen)
		return CIH_BAD_IP_LEN;
	if (checksum && nfc_in_cksum(h, hlen) != 0)
		return CIH_BAD_CHECKSUM;
	if (addr_checks && cih_bad_saddr(c, h))
		return CIH_BAD_SADDR;
	cih_mark(p, h, off, len, hlen);
	return -1;
}

/*
 * Check one packet; on success mark it and return -1, else return the
 * reason and leave the packet untouched. The good option-less header stays
 * inline: one length test, one range test for the version, header length
 * and IP length together, one for the IP length against the packet's, and
 * a 20-byte checksum. Anything else goes to cih_check_slow.
 */
IPX_INLINE int cih_check(const struct checkipheader *c, struct nfc_packet *p, uint32_t off,
			 bool checksum, bool addr_checks)
{
	if (ipx_likely((uint64_t)p->length >= (uint64_t)off + sizeof(struct nfc_ip))) {
		const unsigned char *h = p->data + off;
		uint32_t plen = p->length - off;
		/* The first word without the TOS byte, big-endian: 0x45 00
		 * <IP length> for the common header. vhl - 0x45 lands in the top
		 * byte and len - 20 below it, so one unsigned range test accepts
		 * exactly "vhl 0x45 and len >= 20" (a smaller len borrows from
		 * the top byte). */
		uint32_t key = ntohl(ipx_rd32(h) & htonl(0xFF00FFFFu));
		uint32_t len = key & 0xFFFF;
		if (ipx_likely(key - 0x45000014u <= 0xFFFFu - sizeof(struct nfc_ip) && len <= plen &&
			       (!checksum || ipx_cksum20_ok(h)))) {
			if (addr_checks && cih_bad_saddr(c, h))
				return CIH_BAD_SADDR;
			cih_mark(p, h, off, len, sizeof(struct nfc_ip));
			return -1;
		}
	}
	return cih_check_slow(c, p, off, checksum, addr_checks);
}

/* Check packets from @i while they pass; return the index of the first
 * failure (packets before it are marked, it and later ones untouched). */
IPX_INLINE unsigned cih_scan(const struct checkipheader *c, struct nfc_packet **pkts, unsigned i,
			     unsigned n, uint32_t off, bool checksum, bool addr_checks)
{
	struct nfc_packet **pp = pkts + i, **end = pkts + n;
#pragma GCC unroll 2
	for (; pp < end; pp++)
		if (ipx_unlikely(cih_check(c, *pp, off, checksum, addr_checks) >= 0))
			break;
	return (unsigned)(pp - pkts);
}

/* After a failure at @i: check the rest one by one, compacting the good
 * packets and emitting the bad ones. */
static IPX_COLD void cih_filter_rest(struct checkipheader *c, struct nfc_batch *b, unsigned i)
{
	const uint32_t off = c->offset;
	const bool checksum = c->checksum, addr_checks = c->nbad_src > 0;
	struct nfc_batch err;
	err.count = 0;
	unsigned k = i, n = b->count;
	for (; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		int reason = cih_check(c, p, off, checksum, addr_checks);
		if (reason < 0) {
			b->pkts[k++] = p;
			continue;
		}
		cih_reject(c, reason);
		err.pkts[err.count++] = p;
	}
	b->count = k;
	ipx_emit_errors(&c->e, &err);
}

/* Check b->pkts[from..]: good packets stay in order in b, bad ones are
 * emitted. The all-good batch costs no stores into the batch array. */
static void cih_filter(struct checkipheader *c, struct nfc_batch *b, unsigned from)
{
	unsigned n = b->count, i;
	/* Configuration passed as constants or locals: packet stores could
	 * alias the element, and the default configuration gets its own loop. */
	if (ipx_likely(c->offset == 0 && c->checksum && c->nbad_src == 0))
		i = cih_scan(c, b->pkts, from, n, 0, true, false);
	else
		i = cih_scan(c, b->pkts, from, n, c->offset, c->checksum, c->nbad_src > 0);
	if (ipx_unlikely(i < n))
		cih_filter_rest(c, b, i);
}

void ipx_checkipheader_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	(void)port;
	cih_filter((struct checkipheader *)e, b, 0);
	nfc_push(e, 0, b);
}

unsigned ipx_checkipheader_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				unsigned max)
{
	(void)port;
	unsigned before = out->count;
	nfc_pull(e, 0, out, max);
	cih_filter((struct checkipheader *)e, out, before);
	return out->count - before;
}

static int cih_read_details(struct nfc_element *e, void *thunk, const char *param,
			    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	(void)thunk;
	(void)param;
	(void)errh;
	struct checkipheader *c = (struct checkipheader *)e;
	for (int i = 0; i < CIH_NREASONS; i++)
		nfc_strbuf_printf(out, "%llu\t%s\n",
				  (unsigned long long)ipx_counter_sum(&c->reasons[i]),
				  cih_reason_texts[i]);
	return 0;
}

int ipx_checkipheader_add_handlers(struct nfc_element *e)
{
	struct checkipheader *c = (struct checkipheader *)e;
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     NFC_FIELD_THUNK(struct checkipheader, drops), 0);
	if (c->details)
		nfc_add_read_handler(e, "drop_details", cih_read_details, NULL, 0);
	return 0;
}

static const struct nfc_element_class checkipheader_class = {
	.name = "CheckIPHeader",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct checkipheader),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = cih_configure,
	.cleanup = ipx_checkipheader_cleanup,
	.add_handlers = ipx_checkipheader_add_handlers,
	.push = ipx_checkipheader_push,
	.pull = ipx_checkipheader_pull,
};
NFC_REGISTER_ELEMENT(checkipheader_class);
