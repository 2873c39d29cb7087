/* SPDX-License-Identifier: MIT */
/* IPFilter/IPClassifier internals: the expression language's parser and primitives. */
#ifndef NFCLICK_IPFILTER_PRIV_H
#define NFCLICK_IPFILTER_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/classtree_ip.h>
#include <nfclick/nfclick.h>

/*
 * The language is Click's (elements/ip/ipfilter.cc), and so is the tree
 * each expression compiles to, call for call, so that the optimised
 * programs (and their listings) are Click's.
 *
 * A pattern is split into words, parsed by recursive descent
 * (ipfilter_parse.c) into primitives ("src host 1.2.3.4", "tcp opt syn",
 * "ip[1] & 3 != 0"), each checked and compiled into tests
 * (ipfilter_prim.c). Words are looked up in name tables
 * (ipfilter_names.c): primitive types, IP protocols, TCP/UDP ports,
 * TCP flags, ICMP types.
 */

/* Primitive and word types (Click's IPFilter::TYPE_*). */
enum {
	IPF_TYPE_NONE = 0, /* data types */
	IPF_TYPE_TYPE = 1,
	IPF_TYPE_SYNTAX = 2,
	IPF_TYPE_INT = 3,

	IPF_TYPE_HOST = 10, /* expression types */
	IPF_TYPE_PROTO = 11,
	IPF_TYPE_IPFRAG = 12,
	IPF_TYPE_PORT = 13,
	IPF_TYPE_TCPOPT = 14,
	IPF_TYPE_ETHER = 15,

	IPF_TYPE_NET = 30, /* shorthands */
	IPF_TYPE_IPUNFRAG = 31,
	IPF_TYPE_IPECT = 32,
	IPF_TYPE_IPCE = 33,

	/* A header field: bit 30 set; bits 29-21 the IP protocol of the
	 * header (0: the IP header); bits 20-5 the offset in bits; bits 4-0
	 * the length in bits minus one. */
	IPF_TYPE_FIELD = 0x40000000,
};

#define IPF_FIELD_PROTO_SHIFT 21
#define IPF_FIELD_PROTO_MASK (0x1FF << IPF_FIELD_PROTO_SHIFT)
#define IPF_FIELD_OFFSET_SHIFT 5
#define IPF_FIELD_OFFSET_MASK (0xFFFF << IPF_FIELD_OFFSET_SHIFT)
#define IPF_FIELD_LENGTH_MASK 0x1F
#define IPF_FIELD(proto, bitoff, nbits)                                                \
	(IPF_TYPE_FIELD | ((proto) << IPF_FIELD_PROTO_SHIFT) |                         \
	 ((bitoff) << IPF_FIELD_OFFSET_SHIFT) | ((nbits) - 1))

/* Pseudo-protocols beyond the 8-bit IP protocol numbers (Click's values). */
#define IPF_PROTO_TCP_OR_UDP 256
#define IPF_PROTO_TRANSP 257
#define IPF_PROTO_DCCP 33

enum {
	IPF_FIELD_IPLEN = IPF_FIELD(0, 16, 16),
	IPF_FIELD_ID = IPF_FIELD(0, 32, 16),
	IPF_FIELD_VERSION = IPF_FIELD(0, 0, 4),
	IPF_FIELD_HL = IPF_FIELD(0, 4, 4),
	IPF_FIELD_TOS = IPF_FIELD(0, 8, 8),
	IPF_FIELD_DSCP = IPF_FIELD(0, 8, 6),
	IPF_FIELD_TTL = IPF_FIELD(0, 64, 8),
	IPF_FIELD_TCP_WIN = IPF_FIELD(6, 112, 16),
	IPF_FIELD_ICMP_TYPE = IPF_FIELD(1, 0, 8),
};

/** "Not set" for protocols and similar (Click's UNKNOWN). */
#define IPF_UNKNOWN (-1000)

enum { IPF_SD_SRC = 1, IPF_SD_DST = 2, IPF_SD_AND = 3, IPF_SD_OR = 4 };
enum { IPF_OP_EQ = 0, IPF_OP_GT = 1, IPF_OP_LT = 2 };

/** A primitive's value or mask: a number, an IPv4 address or an Ethernet address. */
union ipf_data {
	uint32_t u;
	int32_t i;
	uint8_t c[8];
};

/** One primitive test (Click's IPFilter::Primitive). */
struct ipf_prim {
	int type;
	int data;
	int op;
	bool op_negated;
	int srcdst;
	int transp_proto;
	union ipf_data u, mask;
};

/** Port names already looked up while compiling one element's rules
 * (/etc/services is slow to ask). An open-addressing table. */
struct ipf_port_name {
	char *word;
	int32_t tcp, udp; /* -1: not a port name */
};
struct ipf_port_cache {
	struct ipf_port_name *e;
	int n, cap;
};

void ipf_port_cache_free(struct ipf_port_cache *c);

/** The state of parsing one pattern. */
struct ipf_parser {
	char **words;
	int nwords;
	struct nfc_classtree *prog;
	const struct nfc_element *context;
	struct nfc_errh *errh;
	/** Pattern number for messages ("pattern 2: ..."). */
	int argno;
	/** The previous primitive, for abbreviations ("port 80 or 443"). */
	struct ipf_prim prev;
	struct ipf_port_cache *ports;
	int depth;
	int nerrors;
};

/* ---- messages: "pattern N: " + text, through the element's errh ---- */

int ipf_error(struct ipf_parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ipf_warning(struct ipf_parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- names (ipfilter_names.c) ---- */

/**
 * Look @word up as a word of @type (0: any) for protocol @proto (Click's
 * IPFilter::lookup); port names as seen from ps->context (PortInfo).
 * Returns IPF_TYPE_TYPE (a type word; *data its type), a data type
 * (IPF_TYPE_PROTO, _PORT, _TCPOPT, IPF_FIELD_ICMP_TYPE; *data the value),
 * -1 when unknown or syntax, or -2 when ambiguous or meaningless
 * (reported when @report).
 */
int ipf_lookup(const char *word, int type, int proto, uint32_t *data, struct ipf_parser *ps,
	       bool report);
/** "ip host", "tcp opt", "src port" ... (Click's unparse_type). */
void ipf_unparse_type(int srcdst, int type, char *buf, size_t n);
/** "tcp", "udp", "ip proto 50" ... ("" for IPF_UNKNOWN). */
void ipf_unparse_proto(int proto, char *buf, size_t n);

/* ---- primitives (ipfilter_prim.c) ---- */

void ipf_prim_clear(struct ipf_prim *p);
void ipf_prim_set_type(struct ipf_prim *p, int type, struct ipf_parser *ps);
void ipf_prim_set_srcdst(struct ipf_prim *p, int sd, struct ipf_parser *ps);
void ipf_prim_set_transp_proto(struct ipf_prim *p, int proto, struct ipf_parser *ps);
/**
 * Complete and validate @p (types from the data, defaults from @prev,
 * masks). @header: 0, 'i' (ip) or 'e' (ether). @mask_dt: type of the
 * "& MASK" given (0: none). Returns 0 or -1 (reported).
 */
int ipf_prim_check(struct ipf_prim *p, const struct ipf_prim *prev, int header, int mask_dt,
		   const union ipf_data *mask, struct ipf_parser *ps);
/** Append @p's tests to the program as one subtree. */
void ipf_prim_compile(const struct ipf_prim *p, struct nfc_classtree *t);

/* ---- parsing (ipfilter_parse.c) ---- */

/** Split a pattern into words (Click's separate_text). Returns 0 or -1 (OOM). */
int ipf_split_words(const char *text, char ***words, int *nwords);
/** Parse an expression from word @pos; returns the position after it. */
int ipf_parse_expr(struct ipf_parser *ps, int pos);

/* ---- programs (ipfilter_program.c) ---- */

/**
 * Compile IPFilter rules ("ACTION PATTERN" each) for an element with
 * @noutputs outputs into @prog (initialised by the caller). Returns the
 * number of errors (reported through @errh with "pattern N: " prefixes).
 */
int nfc_ipfilter_compile(struct nfc_ctip_prog *prog, char *const *rules, int nrules, int noutputs,
			 const struct nfc_element *context, struct nfc_errh *errh);

/* ---- the elements (ipfilter.c) ---- */

/** IPFilter and IPClassifier instances. */
struct nfc_ipfilter {
	struct nfc_element e;
	struct nfc_ctip_prog prog;
};

void nfc_ipfilter_push(struct nfc_element *e, int port, struct nfc_batch *b);
int nfc_ipfilter_add_handlers(struct nfc_element *e);
void nfc_ipfilter_cleanup(struct nfc_element *e);

#endif
