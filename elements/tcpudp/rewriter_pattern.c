/* SPDX-License-Identifier: MIT */
/* Rewriter patterns: parsing "SADDR SPORT DADDR DPORT", unparsing, choosing a free port. */
#include <string.h>
#include "rewriter_priv.h"
#include "iprewriterpatterns.h"

static bool rw_is_dash(const char *w)
{
	return w[0] == '-' && w[1] == 0;
}

/* A trailing '#' asks for sequential choice, '?' for random choice without
 * first trying the packet's own value. Returns the length without it. */
static size_t rw_variation_suffix(const char *w, bool *sequential, bool *same_first)
{
	size_t n = strlen(w);
	if (n && w[n - 1] == '#') {
		*sequential = true;
		*same_first = false;
		n--;
	} else if (n && w[n - 1] == '?') {
		*same_first = false;
		n--;
	}
	return n;
}

/* The @n characters at @s as a string in @buf (one half of "LO-HI"); NULL
 * when empty or too long for it. */
static const char *rw_word_n(const char *s, size_t n, char buf[static 64])
{
	if (n == 0 || n >= 64)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

static int rw_parse_int_n(const char *s, size_t n, int32_t *out)
{
	char buf[64];
	const char *w = rw_word_n(s, n, buf);
	return w ? nfc_parse_int32(w, out) : -1;
}

static int rw_parse_ip_n(const char *s, size_t n, uint32_t *out)
{
	char buf[64];
	const char *w = rw_word_n(s, n, buf);
	return w ? nfc_parse_ip(w, out) : -1;
}

/* "A-B" (B >= A) or "PREFIX/LEN", each with an optional '#' or '?'. A
 * prefix leaves out its network and broadcast addresses, as Click does. */
static bool rw_address_variation(const char *w, uint32_t *addr, uint32_t *variation,
				 bool *sequential, bool *same_first)
{
	size_t n = rw_variation_suffix(w, sequential, same_first);
	const char *dash = memchr(w, '-', n);
	if (dash) {
		uint32_t a, b;
		if (rw_parse_ip_n(w, (size_t)(dash - w), &a) < 0 ||
		    rw_parse_ip_n(dash + 1, n - (size_t)(dash + 1 - w), &b) < 0 || ntohl(b) < ntohl(a))
			return false;
		*addr = a;
		*variation = ntohl(b) - ntohl(a);
		return true;
	}
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, w, n);
	buf[n] = 0;
	uint32_t a, mask;
	if (nfc_parse_ip_prefix(buf, &a, &mask, true) < 0 || !a || !mask)
		return false;
	uint32_t hmask = ntohl(mask);
	if (hmask == 0xFFFFFFFFu)
		*variation = 0;
	else if (hmask == 0xFFFFFFFEu) {
		a &= mask;
		*variation = 1;
	} else {
		a = htonl((ntohl(a) & hmask) | 1);
		*variation = ~hmask - 2;
	}
	*addr = a;
	return true;
}

/* "L-H" with 0 <= L <= H < 65536, optional '#' or '?'. */
static bool rw_port_variation(const char *w, int32_t *port, uint32_t *variation,
			      bool *sequential, bool *same_first)
{
	size_t n = rw_variation_suffix(w, sequential, same_first);
	const char *dash = memchr(w, '-', n);
	int32_t lo, hi;
	if (!dash || rw_parse_int_n(w, (size_t)(dash - w), &lo) < 0 ||
	    rw_parse_int_n(dash + 1, n - (size_t)(dash + 1 - w), &hi) < 0 || lo < 0 || hi < lo ||
	    hi >= 65536)
		return false;
	*port = lo;
	*variation = (uint32_t)(hi - lo);
	return true;
}

static bool rw_parse_port(const char *w, int32_t *port)
{
	return nfc_parse_int32(w, port) == 0 && *port > 0 && *port < 65536;
}

struct rw_pattern *rw_pattern_parse(struct nfc_element *context, char **words, int nwords,
				    const char **error)
{
	if (nwords < 1 || nwords > 4) {
		*error = "syntax error";
		return NULL;
	}
	if (nwords == 1) {
		struct rw_pattern *p = rw_patterns_lookup(context, words[0]);
		if (!p)
			*error = "no such pattern";
		else
			p->refs++;
		return p;
	}

	uint32_t saddr = 0, daddr = 0, variation = 0;
	int32_t sport = 0, dport = 0;
	bool sequential = false, same_first = true;
	int i = 0;
	if (!(rw_is_dash(words[i]) || nfc_parse_ip(words[i], &saddr) == 0 ||
	      rw_address_variation(words[i], &saddr, &variation, &sequential, &same_first))) {
		*error = "bad source address";
		return NULL;
	}
	if (nwords >= 3) {
		i = nwords == 3 ? 2 : 1;
		if (!(rw_is_dash(words[i]) || rw_parse_port(words[i], &sport) ||
		      rw_port_variation(words[i], &sport, &variation, &sequential, &same_first))) {
			*error = "bad source port";
			return NULL;
		}
		i = nwords == 3 ? 0 : 1;
	}
	i++;
	if (!(rw_is_dash(words[i]) || nfc_parse_ip(words[i], &daddr) == 0)) {
		*error = "bad destination address";
		return NULL;
	}
	if (nwords == 4) {
		i++;
		if (!(rw_is_dash(words[i]) || rw_parse_port(words[i], &dport))) {
			*error = "bad destination port";
			return NULL;
		}
	}

	struct rw_pattern *p = calloc(1, sizeof *p);
	if (!p) {
		*error = "out of memory";
		return NULL;
	}
	p->saddr = saddr;
	p->daddr = daddr;
	p->sport = htons((uint16_t)sport);
	p->dport = htons((uint16_t)dport);
	p->is_napt = nwords >= 3;
	p->sequential = sequential;
	p->same_first = same_first;
	p->variation_top = variation;
	p->refs = 1;
	return p;
}

void rw_pattern_unuse(struct rw_pattern *p)
{
	if (p && --p->refs == 0)
		free(p);
}

struct rw_pattern *rw_patterns_lookup(struct nfc_element *context, const char *name)
{
	struct nfc_router *r = context->router;
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		if (x && x->cls && strcmp(x->cls->name, "IPRewriterPatterns") == 0) {
			struct rw_pattern *p = rw_named_patterns_find(x, name);
			if (p)
				return p;
		}
	}
	return NULL;
}

int rw_pattern_rewrite(struct rw_pattern *p, struct rw_core *rw, const struct rw_flowid *flowid,
		       struct rw_flowid *out, const struct rw_map *reply_map)
{
	*out = *flowid;
	if (p->saddr)
		out->saddr = p->saddr;
	if (p->sport)
		out->sport = p->sport;
	if (p->daddr)
		out->daddr = p->daddr;
	if (p->dport)
		out->dport = p->dport;
	if (!p->variation_top)
		return RW_ADDMAP;

	/* Try values of the varied field until the reply flow they would
	 * create is not taken. */
	struct rw_flowid lookup = rw_flowid_reverse(*out);
	uint32_t base = p->is_napt ? ntohs(p->sport) : ntohl(p->saddr);
	uint32_t top = p->variation_top, val;
	if (p->same_first && (val = (uint32_t)ntohs(flowid->sport) - base) <= top) {
		lookup.dport = flowid->sport;
		if (!rw_map_find(reply_map, &lookup))
			goto found;
	}
	if (p->sequential)
		val = p->next_variation > top ? 0 : p->next_variation;
	else
		val = rw_random(rw, top);
	for (uint32_t count = 0; count <= top; count++, val = val == top ? 0 : val + 1) {
		if (p->is_napt) {
			lookup.dport = htons((uint16_t)(base + val));
			/* a ping flow's key pairs the identifier with itself plus one */
			if (rw->cls == RW_CLASS_ICMPPING)
				lookup.sport = htons((uint16_t)(base + val + 1));
		} else
			lookup.daddr = htonl(base + val);
		if (!rw_map_find(reply_map, &lookup))
			goto found;
		if (count == top)
			break; /* top may be 2^32 - 1: the loop counter cannot pass it */
	}
	return RW_DROP;
found:
	if (p->is_napt)
		out->sport = lookup.dport;
	else
		out->saddr = lookup.daddr;
	p->next_variation = val + 1;
	return RW_ADDMAP;
}

void rw_pattern_unparse(struct nfc_strbuf *sb, const struct rw_pattern *p)
{
	char a[16], b[16];
	if (!p->is_napt && p->variation_top)
		nfc_strbuf_printf(sb, "%s-%s", nfc_ip_unparse(p->saddr, a),
				  nfc_ip_unparse(htonl(ntohl(p->saddr) + p->variation_top), b));
	else if (p->saddr)
		nfc_strbuf_puts(sb, nfc_ip_unparse(p->saddr, a));
	else
		nfc_strbuf_putc(sb, '-');

	if (p->is_napt) {
		if (!p->sport)
			nfc_strbuf_puts(sb, " -");
		else if (p->variation_top)
			nfc_strbuf_printf(sb, " %u-%u", ntohs(p->sport),
					  ntohs(p->sport) + p->variation_top);
		else
			nfc_strbuf_printf(sb, " %u", ntohs(p->sport));
	}

	if (p->daddr)
		nfc_strbuf_printf(sb, " %s", nfc_ip_unparse(p->daddr, a));
	else
		nfc_strbuf_puts(sb, " -");

	if (p->is_napt) {
		if (!p->dport)
			nfc_strbuf_puts(sb, " -");
		else
			nfc_strbuf_printf(sb, " %u", ntohs(p->dport));
	}
}

void rw_flowid_unparse(struct nfc_strbuf *sb, const struct rw_flowid *f)
{
	char a[16], b[16];
	nfc_strbuf_printf(sb, "(%s, %u, %s, %u)", nfc_ip_unparse(f->saddr, a), ntohs(f->sport),
			  nfc_ip_unparse(f->daddr, b), ntohs(f->dport));
}
