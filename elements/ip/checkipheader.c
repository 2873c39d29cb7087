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
#include "ip_priv.h"
#include "checkipheader_priv.h"

/* indexed by enum ipx_hdr_fail */
static const char *const cih_reason_texts[IPX_HDR_NFAILS] = {
	"tiny packet", "bad IP version", "bad IP header length",
	"bad IP length", "bad IP checksum", "bad source address",
};

static const struct nfc_arg_spec cih_args[] = {
	IPX_SRCCHECK_ARGS(struct checkipheader, src),
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

/* Old syntax: CheckIPHeader(OFFSET) or CheckIPHeader(BADSRC2 [, OFFSET]). */
static int cih_parse_positional(struct nfc_element *e, const struct nfc_conf *conf,
				const int *rest, int n, struct nfc_errh *errh)
{
	struct checkipheader *c = (struct checkipheader *)e;
	const char *a0 = conf->argv[rest[0]];
	uint32_t off;
	if (n == 1 && nfc_parse_uint32(a0, &off) == 0) {
		if (off > 65535)
			return nfc_error(errh, "OFFSET: out of range, must be between 0 and 65535");
		c->offset = off;
		return 0;
	}
	if (n > 2)
		return nfc_error(errh, "too many arguments");
	int errors = 0;
	if (ipx_srccheck_old_badsrc(e, &c->src, a0, errh) < 0)
		errors++;
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
	c->offset = 0;
	c->checksum = checksum_default;
	c->verbose = c->details = false;
	return ipx_srccheck_configure(e, &c->src, conf, cih_args, cih_parse_positional, errh);
}

static int cih_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	return ipx_checkipheader_configure(e, conf, errh, true);
}

void ipx_checkipheader_cleanup(struct nfc_element *e)
{
	ipx_srccheck_clear(&((struct checkipheader *)e)->src);
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

/* The checks the inline test leaves (its own cold call, taking the element:
 * the fast path then has nothing to compute for it). */
static IPX_COLD int cih_check_slow(const struct checkipheader *c, struct nfc_packet *p,
				   uint32_t off, bool checksum, bool addr_checks)
{
	return ipx_hdr_check_full(&c->src, p, off, checksum, addr_checks);
}

/* Check one packet; on success mark it and return -1, else return the
 * reason and leave the packet untouched. */
IPX_INLINE int cih_check(const struct checkipheader *c, struct nfc_packet *p, uint32_t off,
			 bool checksum, bool addr_checks)
{
	int r = ipx_hdr_check_fast(&c->src, p, off, checksum, addr_checks);
	if (ipx_likely(r != IPX_HDR_SLOW))
		return r;
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
	const bool checksum = c->checksum, addr_checks = c->src.nbad_src > 0;
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
	nfc_checked_push1(&c->e, &err);
}

/* Check b->pkts[from..]: good packets stay in order in b, bad ones are
 * emitted. The all-good batch costs no stores into the batch array. */
static void cih_filter(struct checkipheader *c, struct nfc_batch *b, unsigned from)
{
	unsigned n = b->count, i;
	/* Configuration passed as constants or locals: packet stores could
	 * alias the element, and the default configuration gets its own loop. */
	if (ipx_likely(c->offset == 0 && c->checksum && c->src.nbad_src == 0))
		i = cih_scan(c, b->pkts, from, n, 0, true, false);
	else
		i = cih_scan(c, b->pkts, from, n, c->offset, c->checksum, c->src.nbad_src > 0);
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
	for (int i = 0; i < IPX_HDR_NFAILS; i++)
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
