/* SPDX-License-Identifier: MIT */
/* ICMPSendPings (ICMPPingSource): sends ICMP echo requests and reports replies like ping(1). */

/*
 * =c
 * ICMPSendPings(SRC, DST [, KEYWORDS])
 * ICMPPingSource(SRC, DST [, KEYWORDS])
 * =s icmp
 * periodically sends ICMP echo requests
 * =d
 * Emits ICMP echo requests (IP packets, TTL 200) from SRC to DST every
 * INTERVAL when its output is push, or one on every pull. The identifier
 * is IDENTIFIER; the sequence number and IP ID count 1, 2, ... (network
 * order). ICMPPingSource (Click's main name) is the same element.
 *
 * Echo replies sent to the optional input are matched with the requests:
 * with VERBOSE, each is reported ("ping: 8 bytes from 10.0.0.2:
 * icmp_seq=1 ttl=255 time=0.010 ms"), and loss and round-trip statistics
 * are kept as ping(1) does (summary handler, printed at exit when VERBOSE).
 *
 * =item INTERVAL
 * Time. Between pings, with millisecond precision. Default 1s.
 * =item IDENTIFIER
 * Unsigned 0..65535. ICMP identifier. Default 0.
 * =item LIMIT
 * Integer. Number of pings to send; negative means no limit. Default -1.
 * =item STOP
 * Boolean. Stop the router once LIMIT pings were sent. Default false.
 * =item DATA
 * String. Payload of each ping. Default empty.
 * =item ACTIVE
 * Boolean. Send pings at all. Default true.
 * =item VERBOSE
 * Boolean. Report replies and print the summary at exit. Default true.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =h count read-only
 * Number of pings sent.
 * =h limit write-only
 * Sets LIMIT.
 * =h interval write-only
 * Sets INTERVAL.
 * =h reset_counts write-only
 * Zeroes the counts and statistics.
 * =h src read/write
 * Returns or sets SRC.
 * =h dst read/write
 * Returns or sets DST.
 * =h summary read-only
 * ping(1)-style summary: sent, received, loss, RTT statistics (with an input only).
 * =h rtt_min read-only
 * Smallest RTT seen, or 0 (with an input only).
 * =h rtt_avg read-only
 * Average RTT, or 0 (with an input only).
 * =h rtt_max read-only
 * Largest RTT seen, or 0 (with an input only).
 * =e
 *   ICMPPingSource(10.0.0.1, 10.0.0.2, LIMIT 3) -> ... -> ToDevice(eth0);
 * =a ICMPPingEncap, ICMPPingResponder
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include "icmp_priv.h"

struct icmpsendpings_rx {
	int64_t nreceived, nduplicate;
	uint32_t time_min, time_max;
	uint64_t time_sum, time_sq_sum;
	/* send time per sequence number (network order index); negated once answered */
	int64_t send_ns[65536];
};

struct icmpsendpings {
	struct nfc_element e;
	uint32_t src, dst;
	uint32_t icmp_id;
	int64_t interval_ns;
	bool interval_given;
	int32_t limit;
	bool stop, active, verbose;
	struct nfc_arg_data data;
	int64_t count;
	struct nfc_timer timer;
	bool timer_initialized;
	struct icmpsendpings_rx *rx;
};

static const struct nfc_arg_spec icmpsendpings_args[] = {
	{ .keyword = "SRC", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpsendpings, src), .doc = "IP source" },
	{ .keyword = "DST", .type = NFC_ARG_IP, .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct icmpsendpings, dst), .doc = "IP destination" },
	{ .keyword = "INTERVAL", .type = NFC_ARG_TIME, .offset = offsetof(struct icmpsendpings, interval_ns),
	  .given_offset = offsetof(struct icmpsendpings, interval_given), .doc = "time between pings" },
	{ .keyword = "IDENTIFIER", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 0xFFFF, .offset = offsetof(struct icmpsendpings, icmp_id), .doc = "ICMP identifier" },
	{ .keyword = "DATA", .type = NFC_ARG_DATA, .offset = offsetof(struct icmpsendpings, data),
	  .doc = "ping payload" },
	{ .keyword = "LIMIT", .type = NFC_ARG_INT32, .offset = offsetof(struct icmpsendpings, limit),
	  .doc = "pings to send (negative: no limit)" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct icmpsendpings, active),
	  .doc = "send pings" },
	{ .keyword = "VERBOSE", .type = NFC_ARG_BOOL, .offset = offsetof(struct icmpsendpings, verbose),
	  .doc = "report replies" },
	{ .keyword = "STOP", .type = NFC_ARG_BOOL, .offset = offsetof(struct icmpsendpings, stop),
	  .doc = "stop the router at LIMIT" },
	NFC_ARGS_END
};

/* INTERVAL in milliseconds, rounded, as Click's SecondsArg(3). */
static int64_t icmpsendpings_interval_ms(const struct icmpsendpings *ps)
{
	return (ps->interval_ns + NFC_NSEC_PER_MSEC / 2) / NFC_NSEC_PER_MSEC;
}

static int icmpsendpings_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	ps->icmp_id = 0;
	ps->interval_ns = NFC_NSEC_PER_SEC;
	ps->limit = -1;
	ps->active = ps->verbose = true;
	ps->stop = false;
	ps->data.bytes = NULL;
	ps->data.len = 0;
	if (nfc_args_parse(e, conf, icmpsendpings_args, errh, NULL) < 0)
		return -1;
	if (ps->data.len > 65535 - 28)
		return nfc_error(errh, "DATA too long");
	if (icmpsendpings_interval_ms(ps) == 0)
		nfc_warning(errh, "INTERVAL so small that it is zero");
	if (!nfc_output_is_push(e, 0) && ps->interval_given)
		nfc_warning(errh, "element is pull, INTERVAL parameter will be ignored");
	return 0;
}

static struct nfc_packet *icmpsendpings_make(struct icmpsendpings *ps)
{
	uint32_t len = sizeof(struct nfc_ip) + ICMPX_HEADER_LEN + (uint32_t)ps->data.len;
	struct nfc_packet *q = nfc_packet_make(NULL, len);
	if (!q)
		return NULL;
	memset(q->data, 0, sizeof(struct nfc_ip) + ICMPX_HEADER_LEN);
	if (ps->data.len)
		memcpy(q->data + sizeof(struct nfc_ip) + ICMPX_HEADER_LEN, ps->data.bytes, ps->data.len);
	uint16_t ip_id = (uint16_t)(ps->count % 0xFFFF + 1); /* never 0 */
	struct nfc_ip *ip = (struct nfc_ip *)q->data;
	icmpx_fill_ip(ip, len, ip_id, 200, ps->src, ps->dst);
	struct nfc_icmp *icmp = (struct nfc_icmp *)(ip + 1);
	icmp->type = NFC_ICMP_ECHO;
	icmp->un.echo.id = htons((uint16_t)ps->icmp_id);
	icmp->un.echo.seq = htons(ip_id);
	icmp->sum = nfc_in_cksum(icmp, ICMPX_HEADER_LEN + ps->data.len);
	nfc_packet_set_dst_ip(q, ps->dst);
	nfc_packet_set_network_header(q, q->data, sizeof(struct nfc_ip));
	q->timestamp_ns = nfc_now();
	if (ps->rx)
		ps->rx->send_ns[icmp->un.echo.seq] = q->timestamp_ns;
	return q;
}

static bool icmpsendpings_more(const struct icmpsendpings *ps)
{
	return ps->limit < 0 || ps->count < ps->limit;
}

static void icmpsendpings_fire(struct nfc_timer *t, void *arg)
{
	struct icmpsendpings *ps = arg;
	struct nfc_packet *q = icmpsendpings_make(ps);
	if (!q)
		return;
	nfc_push_packet(&ps->e, 0, q);
	ps->count++;
	if (icmpsendpings_more(ps))
		nfc_timer_reschedule_after(t, icmpsendpings_interval_ms(ps) * NFC_NSEC_PER_MSEC);
	else if (ps->stop)
		nfc_router_please_stop(ps->e.router);
}

static int icmpsendpings_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	ps->count = 0;
	nfc_timer_init(&ps->timer, e, icmpsendpings_fire, ps);
	ps->timer_initialized = true;
	if (ps->limit != 0 && ps->active && nfc_output_is_push(e, 0))
		nfc_timer_schedule_after(&ps->timer, icmpsendpings_interval_ms(ps) * NFC_NSEC_PER_MSEC);
	if (e->ninputs == 1) {
		ps->rx = calloc(1, sizeof(*ps->rx));
		if (!ps->rx)
			return nfc_error(errh, "out of memory!");
	}
	return 0;
}

/* One ping per pull, as Click. */
static unsigned icmpsendpings_pull(struct nfc_element *e, int port, struct nfc_batch *out,
				   unsigned max)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	if (!max)
		return 0;
	if (!icmpsendpings_more(ps)) {
		if (ps->stop)
			nfc_router_please_stop(e->router);
		return 0;
	}
	struct nfc_packet *q = icmpsendpings_make(ps);
	if (!q)
		return 0;
	ps->count++;
	nfc_batch_add(out, q);
	return 1;
}

static void icmpsendpings_reply(struct icmpsendpings *ps, const struct nfc_packet *p)
{
	if (!ps->rx || !nfc_packet_has_network_header(p) || !nfc_packet_has_transport_header(p))
		return;
	int64_t nlen = (int64_t)p->length - nfc_packet_network_header_offset(p);
	int64_t tlen = (int64_t)p->length - nfc_packet_transport_header_offset(p);
	if (nlen < (int64_t)sizeof(struct nfc_ip) || tlen < ICMPX_HEADER_LEN)
		return;
	const struct nfc_ip *iph = (const struct nfc_ip *)nfc_packet_network_header(p);
	const struct nfc_icmp *icmp = (const struct nfc_icmp *)nfc_packet_transport_header(p);
	if (iph->p != NFC_IP_PROTO_ICMP || icmp->type != NFC_ICMP_ECHOREPLY ||
	    icmp->un.echo.id != htons((uint16_t)ps->icmp_id))
		return;
	struct icmpsendpings_rx *rx = ps->rx;
	int64_t *send = &rx->send_ns[icmp->un.echo.seq];
	if (!*send)
		return; /* never sent */
	if (*send < 0) {
		rx->nduplicate++;
		*send = -*send;
	}
	uint32_t diff = 0;
	if (p->timestamp_ns) {
		diff = (uint32_t)((p->timestamp_ns - *send) / 1000);
		if (diff < rx->time_min || !rx->nreceived)
			rx->time_min = diff;
		if (diff > rx->time_max || !rx->nreceived)
			rx->time_max = diff;
		rx->time_sum += diff;
		rx->time_sq_sum += (uint64_t)diff * diff;
	}
	rx->nreceived++;
	*send = -*send;
	if (ps->verbose) {
		char decl[256], src[16];
		nfc_message(nfc_router_errh(ps->e.router),
			    "%s: %d bytes from %s: icmp_seq=%u ttl=%u time=%u.%03u ms",
			    nfc_element_declaration(&ps->e, decl, sizeof decl),
			    (int)(ntohs(iph->len) - (nfc_ip_hl(iph) << 2) - ICMPX_HEADER_LEN),
			    nfc_ip_unparse(iph->src, src), (unsigned)ntohs(icmp->un.echo.seq),
			    (unsigned)iph->ttl, diff / 1000, diff % 1000);
	}
}

static void icmpsendpings_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	for (unsigned i = 0; i < b->count; i++)
		icmpsendpings_reply(ps, b->pkts[i]);
	nfc_batch_kill(b);
}

static void icmpsendpings_summary(const struct icmpsendpings *ps, struct nfc_strbuf *out)
{
	const struct icmpsendpings_rx *rx = ps->rx;
	nfc_strbuf_printf(out, "%lld packets transmitted, %lld received", (long long)ps->count,
			  (long long)(rx->nreceived - rx->nduplicate));
	if (rx->nduplicate)
		nfc_strbuf_printf(out, ", +%lld duplicates", (long long)rx->nduplicate);
	if (ps->count)
		nfc_strbuf_printf(out, ", %d%% packet loss\n",
				  (int)(((ps->count - rx->nreceived - rx->nduplicate) * 100) / ps->count));
	if (rx->nreceived) {
		uint64_t avg = rx->time_sum / (uint64_t)rx->nreceived;
		uint64_t avg_sq = rx->time_sq_sum / (uint64_t)rx->nreceived;
		uint64_t var = avg_sq > avg * avg ? avg_sq - avg * avg : 0;
		uint64_t mdev = (uint64_t)sqrt((double)var);
		while (mdev * mdev > var)
			mdev--;
		while ((mdev + 1) * (mdev + 1) <= var)
			mdev++;
		nfc_strbuf_printf(out, "rtt min/avg/max/mdev = %u.%03u/%u.%03u/%u.%03u/%u.%03u\n",
				  rx->time_min / 1000, rx->time_min % 1000, (unsigned)(avg / 1000),
				  (unsigned)(avg % 1000), rx->time_max / 1000, rx->time_max % 1000,
				  (unsigned)(mdev / 1000), (unsigned)(mdev % 1000));
	}
}

static void icmpsendpings_cleanup(struct nfc_element *e)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	if (ps->timer_initialized)
		nfc_timer_cleanup(&ps->timer);
	ps->timer_initialized = false;
	if (!ps->rx)
		return;
	if (ps->verbose && e->router) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		char decl[256];
		nfc_element_declaration(e, decl, sizeof decl);
		icmpsendpings_summary(ps, &sb);
		/* one message per line, each with the element's name */
		char *text = nfc_strbuf_take(&sb);
		for (char *line = text, *nl; line && *line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			nfc_message(nfc_router_errh(e->router), "%s: %s", decl, line);
		}
		free(text);
	}
	free(ps->rx);
	ps->rx = NULL;
}

/* Microseconds as Click's cp_unparse_microseconds: "500us", "0.0015s". */
static void icmpsendpings_unparse_us(uint32_t us, struct nfc_strbuf *out)
{
	if (us && us < 1000) {
		nfc_strbuf_printf(out, "%uus", us);
		return;
	}
	char frac[8];
	snprintf(frac, sizeof frac, "%06u", us % 1000000);
	size_t n = strlen(frac);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	if (n)
		nfc_strbuf_printf(out, "%u.%ss", us / 1000000, frac);
	else
		nfc_strbuf_printf(out, "%us", us / 1000000);
}

enum { PS_ACTIVE, PS_COUNT, PS_SUMMARY, PS_RTT_MIN, PS_RTT_AVG, PS_RTT_MAX, PS_LIMIT,
       PS_INTERVAL, PS_RESET };

static int icmpsendpings_read(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	const struct icmpsendpings_rx *rx = ps->rx;
	switch ((uintptr_t)thunk) {
	case PS_ACTIVE: nfc_strbuf_puts(out, ps->active ? "true" : "false"); break;
	case PS_COUNT: nfc_strbuf_printf(out, "%lld", (long long)ps->count); break;
	case PS_SUMMARY:
		if (rx)
			icmpsendpings_summary(ps, out);
		break;
	case PS_RTT_MIN: icmpsendpings_unparse_us(rx ? rx->time_min : 0, out); break;
	case PS_RTT_MAX: icmpsendpings_unparse_us(rx ? rx->time_max : 0, out); break;
	default:
		icmpsendpings_unparse_us(rx ? (uint32_t)(rx->time_sum / (uint64_t)(rx->nreceived ? rx->nreceived : 1)) : 0,
					 out);
		break;
	}
	return 0;
}

static bool icmpsendpings_can_schedule(struct icmpsendpings *ps)
{
	return icmpsendpings_more(ps) && ps->active && ps->timer_initialized &&
	       !nfc_timer_scheduled(&ps->timer) && nfc_output_is_push(&ps->e, 0);
}

static int icmpsendpings_write(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct icmpsendpings *ps = (struct icmpsendpings *)e;
	int64_t ms = icmpsendpings_interval_ms(ps);
	switch ((uintptr_t)thunk) {
	case PS_ACTIVE:
		if (nfc_parse_bool(value, &ps->active) < 0)
			return nfc_error(errh, "type mismatch");
		if (ps->active && ps->timer_initialized && !nfc_timer_scheduled(&ps->timer) &&
		    nfc_output_is_push(e, 0))
			nfc_timer_schedule_after(&ps->timer, 0);
		else if (!ps->active && ps->timer_initialized)
			nfc_timer_unschedule(&ps->timer);
		return 0;
	case PS_LIMIT:
		if (nfc_parse_int32(value, &ps->limit) < 0)
			return nfc_error(errh, "'limit' should be integer");
		if (icmpsendpings_can_schedule(ps))
			nfc_timer_schedule_after(&ps->timer, ms * NFC_NSEC_PER_MSEC);
		return 0;
	case PS_INTERVAL:
		if (nfc_parse_time_ns(value, &ps->interval_ns) < 0)
			return nfc_error(errh, "'interval' should be an interval");
		return 0;
	default: /* reset_counts */
		ps->count = 0;
		if (ps->rx)
			memset(ps->rx, 0, sizeof(*ps->rx));
		if (ps->limit > 0 && icmpsendpings_can_schedule(ps))
			nfc_timer_schedule_after(&ps->timer, ms * NFC_NSEC_PER_MSEC);
		return 0;
	}
}

static int icmpsendpings_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "active", icmpsendpings_read, (void *)PS_ACTIVE, 0);
	nfc_add_write_handler(e, "active", icmpsendpings_write, (void *)PS_ACTIVE, 0);
	nfc_add_read_handler(e, "src", icmpx_read_ip_field, NFC_FIELD_THUNK(struct icmpsendpings, src),
			     0);
	nfc_add_write_handler(e, "src", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmpsendpings, src), 0);
	nfc_add_read_handler(e, "dst", icmpx_read_ip_field, NFC_FIELD_THUNK(struct icmpsendpings, dst),
			     0);
	nfc_add_write_handler(e, "dst", icmpx_write_ip_field,
			      NFC_FIELD_THUNK(struct icmpsendpings, dst), 0);
	nfc_add_read_handler(e, "count", icmpsendpings_read, (void *)PS_COUNT, 0);
	nfc_add_write_handler(e, "limit", icmpsendpings_write, (void *)PS_LIMIT, 0);
	nfc_add_write_handler(e, "interval", icmpsendpings_write, (void *)PS_INTERVAL, 0);
	nfc_add_write_handler(e, "reset_counts", icmpsendpings_write, (void *)PS_RESET,
			      NFC_HANDLER_BUTTON);
	if (e->ninputs > 0) {
		nfc_add_read_handler(e, "summary", icmpsendpings_read, (void *)PS_SUMMARY, 0);
		nfc_add_read_handler(e, "rtt_min", icmpsendpings_read, (void *)PS_RTT_MIN, 0);
		nfc_add_read_handler(e, "rtt_avg", icmpsendpings_read, (void *)PS_RTT_AVG, 0);
		nfc_add_read_handler(e, "rtt_max", icmpsendpings_read, (void *)PS_RTT_MAX, 0);
	}
	return 0;
}

#define ICMPSENDPINGS_CLASS(var, cname)                        \
	static const struct nfc_element_class var = {          \
		.name = cname,                                 \
		.port_count = "0-1/1",                         \
		.processing = "h/a",                           \
		.size = sizeof(struct icmpsendpings),          \
		.configure = icmpsendpings_configure,          \
		.initialize = icmpsendpings_initialize,        \
		.cleanup = icmpsendpings_cleanup,              \
		.add_handlers = icmpsendpings_add_handlers,    \
		.push = icmpsendpings_push,                    \
		.pull = icmpsendpings_pull,                    \
	};                                                     \
	NFC_REGISTER_ELEMENT(var)

ICMPSENDPINGS_CLASS(icmppingsource_class, "ICMPPingSource");
ICMPSENDPINGS_CLASS(icmpsendpings_class, "ICMPSendPings");
