/* SPDX-License-Identifier: MIT */
/* IPFilter language: primitives (host, port, proto, fields...) checked and compiled to tests. */
#include <arpa/inet.h>
#include <string.h>
#include "ipfilter_priv.h"

enum {
	OFF_MAC = NFC_CTIP_OFFSET_MAC,
	OFF_NET = NFC_CTIP_OFFSET_NET,
	OFF_TRANSP = NFC_CTIP_OFFSET_TRANSP,
};

void ipf_prim_clear(struct ipf_prim *p)
{
	memset(p, 0, sizeof *p);
	p->transp_proto = IPF_UNKNOWN;
	p->op = IPF_OP_EQ;
}

void ipf_prim_set_type(struct ipf_prim *p, int type, struct ipf_parser *ps)
{
	if (p->type)
		ipf_error(ps, "type specified twice");
	p->type = type;
}

void ipf_prim_set_srcdst(struct ipf_prim *p, int sd, struct ipf_parser *ps)
{
	if (p->srcdst)
		ipf_error(ps, "'src' or 'dst' specified twice");
	p->srcdst = sd;
}

void ipf_prim_set_transp_proto(struct ipf_prim *p, int proto, struct ipf_parser *ps)
{
	if (p->transp_proto != IPF_UNKNOWN && p->transp_proto != proto)
		ipf_error(ps, "transport protocol specified twice");
	p->transp_proto = proto;
}

static const char *prim_op_name(const struct ipf_prim *p)
{
	if (p->op == IPF_OP_GT)
		return p->op_negated ? "<=" : ">";
	if (p->op == IPF_OP_LT)
		return p->op_negated ? ">=" : "<";
	return p->op_negated ? "!=" : "=";
}

static int prim_type_error(const struct ipf_prim *p, struct ipf_parser *ps, const char *msg)
{
	char t[96];
	ipf_unparse_type(p->srcdst, p->type, t, sizeof t);
	return ipf_error(ps, "'%s': %s", t, msg);
}

/* Click's ffs_msb: 1 for the top bit ... 32 for bit 0; 0 for none. */
static int ffs_msb(uint32_t x)
{
	return x ? __builtin_clz(x) + 1 : 0;
}

/*
 * Set value and mask for a field of @full_mask bits, with the user's
 * @provided_mask (0: none). Relations become "> X" tests with a value
 * that has no bits outside the mask; relations that always or never hold
 * become the always-true test (possibly negated), with a warning.
 */
static int prim_set_mask(struct ipf_prim *p, uint32_t full_mask, uint32_t provided_mask,
			 struct ipf_parser *ps)
{
	uint32_t data = p->u.u;
	uint32_t this_mask = provided_mask ? provided_mask : full_mask;
	char t[96];
	if ((this_mask & full_mask) != this_mask) {
		ipf_unparse_type(p->srcdst, p->type, t, sizeof t);
		return ipf_error(ps, "'%s': mask out of range, bound 0x%X", t, full_mask);
	}

	if (p->op == IPF_OP_GT || p->op == IPF_OP_LT) {
		if ((p->op == IPF_OP_LT && (data == 0 || data > this_mask)) ||
		    (p->op == IPF_OP_GT && data >= this_mask)) {
			bool will_be = p->op == IPF_OP_LT && data > this_mask ? !p->op_negated
									      : p->op_negated;
			ipf_warning(ps, "relation '%s %u' is always %s (range 0-%u)", prim_op_name(p),
				    data, will_be ? "true" : "false", this_mask);
			p->u.u = p->mask.u = 0;
			p->op_negated = !will_be;
			p->op = IPF_OP_EQ;
			return 0;
		}
		if (p->op == IPF_OP_LT) { /* x < X  ==  !(x > X - 1) */
			p->u.u--;
			p->op_negated = !p->op_negated;
			p->op = IPF_OP_GT;
		}
		p->mask.u = this_mask;
		/* "x & 5 > 2" is "x & 5 > 1": turn on the bits below the highest
		 * value bit the mask lacks, then mask */
		if ((p->u.u & p->mask.u) != p->u.u) {
			uint32_t missing = (p->u.u & p->mask.u) ^ (p->u.u & full_mask);
			int sh = ffs_msb(missing);
			uint32_t add = sh > 0 && sh < 32 ? UINT32_MAX >> sh : 0;
			p->u.u = (p->u.u | add) & p->mask.u;
		}
		return 0;
	}

	if (data > full_mask) {
		ipf_unparse_type(p->srcdst, p->type, t, sizeof t);
		return ipf_error(ps, "'%s': out of range, bound %u", t, full_mask);
	}
	p->u.u = data;
	p->mask.u = this_mask;
	return 0;
}

/* Fill in the type from the data when only data was given ("1.0.0.2",
 * "443" after "port 80 or"). Returns 0 or -1 (reported). */
static int prim_infer_type(struct ipf_prim *p, const struct ipf_prim *prev, struct ipf_parser *ps)
{
	for (;;) {
		switch (p->data) {
		case IPF_TYPE_HOST:
		case IPF_TYPE_NET:
		case IPF_TYPE_TCPOPT:
		case IPF_TYPE_ETHER:
			p->type = p->data;
			if (!p->srcdst)
				p->srcdst = prev->srcdst;
			return 0;
		case IPF_TYPE_PROTO:
			p->type = IPF_TYPE_PROTO;
			return 0;
		case IPF_TYPE_PORT:
			p->type = IPF_TYPE_PORT;
			if (!p->srcdst)
				p->srcdst = prev->srcdst;
			if (p->transp_proto == IPF_UNKNOWN)
				p->transp_proto = prev->transp_proto;
			return 0;
		case IPF_TYPE_INT:
			if (!(prev->type & IPF_TYPE_FIELD) && prev->type != IPF_TYPE_PROTO &&
			    prev->type != IPF_TYPE_PORT)
				return ipf_error(ps, "specify header field or 'port'");
			p->data = prev->type;
			continue; /* the previous primitive's type */
		case IPF_TYPE_NONE:
			if (p->transp_proto == IPF_UNKNOWN)
				return ipf_error(ps, "partial directive");
			p->type = IPF_TYPE_PROTO;
			return 0;
		default:
			if (p->data > 0 && (p->data & IPF_TYPE_FIELD)) {
				p->type = p->data;
				if ((p->type & IPF_FIELD_PROTO_MASK) && p->transp_proto == IPF_UNKNOWN)
					p->transp_proto = (p->type & IPF_FIELD_PROTO_MASK) >>
							  IPF_FIELD_PROTO_SHIFT;
				return 0;
			} else {
				char t[96];
				ipf_unparse_type(0, p->data, t, sizeof t);
				return ipf_error(ps, "unknown type '%s'", t);
			}
		}
	}
}

int ipf_prim_check(struct ipf_prim *p, const struct ipf_prim *prev, int header, int mask_dt,
		   const union ipf_data *mask, struct ipf_parser *ps)
{
	int old_srcdst = p->srcdst;
	if (p->type < 0) /* a word already reported */
		return -1;
	if (!p->type && prim_infer_type(p, prev, ps) < 0)
		return -1;

	if (header == 0)
		header = p->data == IPF_TYPE_ETHER ? 'e' : 'i';
	if (header == 'e' && p->type == IPF_TYPE_HOST)
		p->type = IPF_TYPE_ETHER;

	switch (p->type) {
	case IPF_TYPE_HOST:
	case IPF_TYPE_NET:
		if (header != 'i' || p->data != p->type)
			return prim_type_error(p, ps, "address missing");
		if (p->op != IPF_OP_EQ)
			return prim_type_error(p, ps, "operator not supported");
		if (p->type == IPF_TYPE_HOST)
			p->mask.u = 0xFFFFFFFFu;
		p->type = IPF_TYPE_HOST; /* a net's mask came with its prefix */
		if (mask_dt && mask_dt != IPF_TYPE_INT && mask_dt != IPF_TYPE_HOST)
			return prim_type_error(p, ps, "bad mask");
		if (mask_dt)
			p->mask.u = mask->u;
		break;

	case IPF_TYPE_ETHER:
		if (header != 'e' || p->data != IPF_TYPE_ETHER)
			return prim_type_error(p, ps, "address missing");
		if (p->op != IPF_OP_EQ)
			return prim_type_error(p, ps, "operator not supported");
		memset(p->mask.c, 0xFF, 6);
		memset(p->mask.c + 6, 0, 2);
		if (mask_dt && mask_dt != IPF_TYPE_ETHER)
			return prim_type_error(p, ps, "bad mask");
		if (mask_dt)
			memcpy(p->mask.c, mask->c, 6);
		break;

	case IPF_TYPE_PROTO:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data == IPF_TYPE_INT || p->data == IPF_TYPE_PROTO) {
			if (p->transp_proto != IPF_UNKNOWN && p->transp_proto != p->u.i)
				return prim_type_error(p, ps, "specified twice");
			p->data = IPF_TYPE_NONE;
		} else
			p->u.i = p->transp_proto;
		p->transp_proto = IPF_UNKNOWN;
		if (p->data != IPF_TYPE_NONE || p->u.i == IPF_UNKNOWN)
			return prim_type_error(p, ps, "value missing");
		if (p->u.i >= 256) {
			if (p->op != IPF_OP_EQ || mask_dt) {
				char name[32];
				ipf_unparse_proto(p->u.i, name, sizeof name);
				return ipf_error(ps, "'%s': operator or mask not supported", name);
			}
			p->mask.u = 0xFF;
		} else if (mask_dt && mask_dt != IPF_TYPE_INT)
			return prim_type_error(p, ps, "bad mask");
		else if (prim_set_mask(p, 0xFF, mask_dt ? mask->u : 0, ps) < 0)
			return -1;
		if (p->op == IPF_OP_EQ && p->mask.u == 0xFF && !p->op_negated)
			p->transp_proto = p->u.i; /* later primitives may rely on it */
		break;

	case IPF_TYPE_PORT:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data == IPF_TYPE_INT)
			p->data = IPF_TYPE_PORT;
		if (p->data != IPF_TYPE_PORT)
			return prim_type_error(p, ps, "value missing");
		if (p->transp_proto == IPF_UNKNOWN)
			p->transp_proto = IPF_PROTO_TCP_OR_UDP;
		else if (p->transp_proto != 6 && p->transp_proto != 17 &&
			 p->transp_proto != IPF_PROTO_TCP_OR_UDP && p->transp_proto != IPF_PROTO_DCCP)
			return ipf_error(ps, "'port': bad protocol %d", p->transp_proto);
		else if (mask_dt && mask_dt != IPF_TYPE_INT)
			return prim_type_error(p, ps, "bad mask");
		if (prim_set_mask(p, 0xFFFF, mask_dt ? mask->u : 0, ps) < 0)
			return -1;
		break;

	case IPF_TYPE_TCPOPT:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data == IPF_TYPE_INT)
			p->data = IPF_TYPE_TCPOPT;
		if (p->data != IPF_TYPE_TCPOPT)
			return prim_type_error(p, ps, "value missing");
		if (p->transp_proto == IPF_UNKNOWN)
			p->transp_proto = 6;
		else if (p->transp_proto != 6)
			return ipf_error(ps, "'tcp opt': bad protocol %d", p->transp_proto);
		if (p->op != IPF_OP_EQ || p->op_negated || mask_dt)
			return prim_type_error(p, ps, "operator or mask not supported");
		if (p->u.i < 0 || p->u.i > 255)
			return ipf_error(ps, "'tcp opt': value %d out of range", p->u.i);
		p->mask.i = p->u.i; /* all the given flags set */
		break;

	case IPF_TYPE_IPECT:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data != IPF_TYPE_NONE && p->data != IPF_TYPE_INT)
			return prim_type_error(p, ps, "value missing");
		if (p->data == IPF_TYPE_NONE) { /* any ECN codepoint but not-ECT */
			p->mask.u = 3;
			p->u.u = 0;
			p->op_negated = true;
		} else if (mask_dt && mask_dt != IPF_TYPE_INT)
			return prim_type_error(p, ps, "bad mask");
		if (prim_set_mask(p, 0x3, mask_dt ? mask->u : 0, ps) < 0)
			return -1;
		p->type = IPF_FIELD_TOS;
		break;

	case IPF_TYPE_IPCE:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data != IPF_TYPE_NONE || mask_dt)
			return prim_type_error(p, ps, "value not supported");
		p->mask.u = 3;
		p->u.u = 3;
		p->type = IPF_FIELD_TOS;
		break;

	case IPF_TYPE_IPFRAG:
	case IPF_TYPE_IPUNFRAG:
		if (header != 'i')
			return prim_type_error(p, ps, "ip only");
		if (p->data != IPF_TYPE_NONE || mask_dt)
			return prim_type_error(p, ps, "value not supported");
		if (p->type == IPF_TYPE_IPUNFRAG)
			p->op_negated = true;
		p->mask.u = 1; /* not zero */
		p->type = IPF_TYPE_IPFRAG;
		break;

	default:
		if (p->type > 0 && (p->type & IPF_TYPE_FIELD)) {
			if (header != 'i')
				return prim_type_error(p, ps, "ip only");
			if (p->data != IPF_TYPE_INT && p->data != p->type)
				return prim_type_error(p, ps, "value missing");
			if (mask_dt && mask_dt != IPF_TYPE_INT && mask_dt != p->type)
				return prim_type_error(p, ps, "bad mask");
			int nbits = (p->type & IPF_FIELD_LENGTH_MASK) + 1;
			uint32_t full = nbits == 32 ? 0xFFFFFFFFu : (1u << nbits) - 1;
			if (prim_set_mask(p, full, mask_dt ? mask->u : 0, ps) < 0)
				return -1;
		}
		break;
	}

	if (p->type == IPF_TYPE_HOST || p->type == IPF_TYPE_PORT || p->type == IPF_TYPE_ETHER) {
		if (p->srcdst == 0)
			p->srcdst = IPF_SD_OR;
	} else if (old_srcdst) {
		char t[96];
		ipf_unparse_type(p->srcdst, p->type, t, sizeof t);
		ipf_warning(ps, "'%s': 'src' or 'dst' ignored", t);
	}
	return 0;
}

/* ---- compiling ---- */

static void add_proto_tests(int32_t proto, struct nfc_classtree *t)
{
	if (proto == IPF_PROTO_TCP_OR_UDP) {
		nfc_classtree_start_subtree(t);
		nfc_classtree_add_insn(t, OFF_NET + 8, htonl(6u << 16), htonl(0x00FF0000u));
		nfc_classtree_add_insn(t, OFF_NET + 8, htonl(17u << 16), htonl(0x00FF0000u));
		nfc_classtree_finish_subtree(t, NFC_CT_OR, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	} else if (proto < 256) /* "transp" and such test nothing */
		nfc_classtree_add_insn(t, OFF_NET + 8, htonl((uint32_t)proto << 16),
				       htonl(0x00FF0000u));
}

/*
 * Tests for "(word >> shift) & mask  OP  value" on the word at @offset.
 * @swapped: value and mask are in memory order (addresses). Equality is
 * one test. "> U" walks the bits from the top: where U has a run of
 * zeros, any one bit set there decides "greater" (or-combined); where U
 * has a run of ones, all must be set to go on (and-combined).
 */
static void add_comparison(const struct ipf_prim *p, struct nfc_classtree *t, int offset, int shift,
			   bool swapped, bool op_negate)
{
	uint32_t mask = p->mask.u;
	uint32_t u = p->u.u & mask;
	if (swapped) {
		mask = ntohl(mask);
		u = ntohl(u);
	}
	if (p->op == IPF_OP_EQ) {
		nfc_classtree_add_insn(t, offset, htonl(u << shift), htonl(mask << shift));
		if (p->op_negated && op_negate)
			nfc_classtree_negate_subtree(t, true);
		return;
	}

	uint64_t high_bits = 0; /* one bit per level: 1 = "and" level */
	int count = 0;
	while (u < mask) {
		int high = u > (mask >> 1);
		int first_diff = 33 - ffs_msb(high ? ~(u + 1) & mask : u);
		uint32_t upper_mask =
			first_diff >= 32 ? mask : mask & ~(uint32_t)((1ull << first_diff) - 1);
		if (!upper_mask) /* cannot happen for u < mask; never loop forever */
			upper_mask = mask;
		uint32_t upper_u = high ? upper_mask : 0;
		nfc_classtree_start_subtree(t);
		nfc_classtree_add_insn(t, offset, htonl(upper_u << shift), htonl(upper_mask << shift));
		if (!high)
			nfc_classtree_negate_subtree(t, true);
		high_bits = high_bits << 1 | (uint64_t)high;
		count++;
		mask &= ~upper_mask;
		u &= mask;
	}
	for (; count > 0; count--, high_bits >>= 1)
		nfc_classtree_finish_subtree(t, high_bits & 1 ? NFC_CT_AND : NFC_CT_OR,
					     NFC_CT_SUCCESS, NFC_CT_FAILURE);
	if (p->op_negated && op_negate)
		nfc_classtree_negate_subtree(t, true);
}

static void add_srcdst_and_negate(const struct ipf_prim *p, struct nfc_classtree *t)
{
	nfc_classtree_finish_subtree(t, p->srcdst == IPF_SD_OR ? NFC_CT_OR : NFC_CT_AND,
				     NFC_CT_SUCCESS, NFC_CT_FAILURE);
	if (p->op_negated)
		nfc_classtree_negate_subtree(t, true);
}

static bool want_src(const struct ipf_prim *p)
{
	return p->srcdst == IPF_SD_SRC || p->srcdst == IPF_SD_AND || p->srcdst == IPF_SD_OR;
}

static bool want_dst(const struct ipf_prim *p)
{
	return p->srcdst == IPF_SD_DST || p->srcdst == IPF_SD_AND || p->srcdst == IPF_SD_OR;
}

/* Ethernet addresses straddle words: src at MAC+6 (word base -2: 8, 12),
 * dst at MAC+0 (words 0 and 4). */
static void add_ether(const struct ipf_prim *p, struct nfc_classtree *t)
{
	struct ipf_prim c = *p;
	if (want_src(p)) {
		nfc_classtree_start_subtree(t);
		memcpy(c.u.c, p->u.c, 4);
		memcpy(c.mask.c, p->mask.c, 4);
		add_comparison(&c, t, OFF_MAC + 8, 0, true, false);
		c.u.u = c.mask.u = 0;
		memcpy(c.u.c, p->u.c + 4, 2);
		memcpy(c.mask.c, p->mask.c + 4, 2);
		add_comparison(&c, t, OFF_MAC + 12, 0, true, false);
		nfc_classtree_finish_subtree(t, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	}
	if (want_dst(p)) {
		nfc_classtree_start_subtree(t);
		c.u.u = c.mask.u = 0;
		memcpy(c.u.c + 2, p->u.c, 2);
		memcpy(c.mask.c + 2, p->mask.c, 2);
		add_comparison(&c, t, OFF_MAC, 0, true, false);
		memcpy(c.u.c, p->u.c + 2, 4);
		memcpy(c.mask.c, p->mask.c + 2, 4);
		add_comparison(&c, t, OFF_MAC + 4, 0, true, false);
		nfc_classtree_finish_subtree(t, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
	}
}

void ipf_prim_compile(const struct ipf_prim *p, struct nfc_classtree *t)
{
	nfc_classtree_start_subtree(t);

	if (p->transp_proto != IPF_UNKNOWN)
		add_proto_tests(p->transp_proto, t);

	/* transport tests hold only in first fragments (offset 0) */
	if (p->type == IPF_TYPE_PORT || p->type == IPF_TYPE_TCPOPT ||
	    ((p->type & IPF_TYPE_FIELD) && (p->type & IPF_FIELD_PROTO_MASK)))
		nfc_classtree_add_insn(t, OFF_NET + 4, 0, htonl(0x00001FFFu));

	switch (p->type) {
	case IPF_TYPE_HOST:
		nfc_classtree_start_subtree(t);
		if (want_src(p))
			add_comparison(p, t, OFF_NET + 12, 0, true, false);
		if (want_dst(p))
			add_comparison(p, t, OFF_NET + 16, 0, true, false);
		add_srcdst_and_negate(p, t);
		break;
	case IPF_TYPE_ETHER:
		nfc_classtree_start_subtree(t);
		add_ether(p, t);
		add_srcdst_and_negate(p, t);
		break;
	case IPF_TYPE_PROTO:
		if (p->transp_proto < 256)
			add_comparison(p, t, OFF_NET + 8, 16, false, true);
		break;
	case IPF_TYPE_IPFRAG:
		/* more-fragments flag or a fragment offset */
		nfc_classtree_add_insn(t, OFF_NET + 4, 0, htonl(0x00003FFFu));
		if (!p->op_negated)
			nfc_classtree_negate_subtree(t, true);
		break;
	case IPF_TYPE_PORT:
		nfc_classtree_start_subtree(t);
		if (want_src(p))
			add_comparison(p, t, OFF_TRANSP, 16, false, false);
		if (want_dst(p))
			add_comparison(p, t, OFF_TRANSP, 0, false, false);
		add_srcdst_and_negate(p, t);
		break;
	case IPF_TYPE_TCPOPT:
		nfc_classtree_add_insn(t, OFF_TRANSP + 12, htonl(p->u.u << 16), htonl(p->mask.u << 16));
		break;
	default:
		if (p->type & IPF_TYPE_FIELD) {
			int bitoff = (p->type & IPF_FIELD_OFFSET_MASK) >> IPF_FIELD_OFFSET_SHIFT;
			int nbits = (p->type & IPF_FIELD_LENGTH_MASK) + 1;
			int word = (bitoff >> 3) & ~3, bit = bitoff & 0x1F;
			int base = p->type & IPF_FIELD_PROTO_MASK ? OFF_TRANSP : OFF_NET;
			add_comparison(p, t, base + word, 32 - (bit + nbits), false, true);
		}
		break;
	}

	nfc_classtree_finish_subtree(t, NFC_CT_AND, NFC_CT_SUCCESS, NFC_CT_FAILURE);
}
