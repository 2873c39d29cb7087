/* SPDX-License-Identifier: MIT */
/* IP summary dump fields: the shared vocabulary of FromIPSummaryDump and ToIPSummaryDump. */
#ifndef NFC_ELEMENTS_IPSUMDUMP_H
#define NFC_ELEMENTS_IPSUMDUMP_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>

/*
 * The text format (Click's IPSummaryDump 1.3): a banner "!IPSummaryDump 1.3",
 * "!data FIELD..." naming the columns, then one line per packet with one
 * word per field ("-" when the field does not apply). This header declares
 * the field table (ipsumdump_fields.c), the writer that turns a packet into
 * words (ipsumdump_write.c), the reader that builds a packet from words
 * (ipsumdump_read.c), and the option syntax both use (ipsumdump_options.c).
 */

#define ISD_MAJOR_VERSION 1
#define ISD_MINOR_VERSION 3

enum isd_field_id {
	ISD_NONE,
	/* annotations */
	ISD_TIMESTAMP, ISD_NTIMESTAMP, ISD_TS_SEC, ISD_TS_USEC, ISD_TS_USEC1,
	ISD_FIRST_TIMESTAMP, ISD_FIRST_NTIMESTAMP, ISD_COUNT, ISD_LINK, ISD_PAINT,
	ISD_DIRECTION, ISD_AGGREGATE, ISD_WIRE_LEN,
	/* Ethernet */
	ISD_ETH_SRC, ISD_ETH_DST, ISD_ETH_TYPE,
	/* IP */
	ISD_IP_SRC, ISD_IP_DST, ISD_IP_TOS, ISD_IP_DSCP, ISD_IP_ECN, ISD_IP_TTL,
	ISD_IP_FRAG, ISD_IP_FRAGOFF, ISD_IP_ID, ISD_IP_SUM, ISD_IP_PROTO, ISD_IP_HL,
	ISD_IP_LEN, ISD_IP_CAPTURE_LEN, ISD_IP_OPT, ISD_SPORT, ISD_DPORT,
	/* TCP, UDP, ICMP */
	ISD_TCP_SEQ, ISD_TCP_ACK, ISD_TCP_OFF, ISD_TCP_FLAGS, ISD_TCP_WINDOW,
	ISD_TCP_URP, ISD_TCP_OPT, ISD_TCP_NTOPT, ISD_TCP_SACK, ISD_UDP_LEN,
	ISD_ICMP_TYPE, ISD_ICMP_CODE, ISD_ICMP_TYPE_NAME, ISD_ICMP_CODE_NAME,
	ISD_ICMP_FLOWID, ISD_ICMP_SEQ, ISD_ICMP_NEXTMTU,
	/* payload */
	ISD_PAYLOAD_LEN, ISD_PAYLOAD, ISD_PAYLOAD_MD5, ISD_PAYLOAD_MD5_HEX,
};

/* Reader ordering: fields are injected link, network, transport, payload. */
enum {
	ISD_ORDER_ANNO = 100,
	ISD_ORDER_LINK = 200,
	ISD_ORDER_NET = 300,
	ISD_ORDER_TRANSP = 400,
	ISD_ORDER_PAYLOAD = 500,
	ISD_WRITE_ONLY = -1,
};

struct isd_field {
	const char *name;
	enum isd_field_id id;
	/** Injection order on input; ISD_WRITE_ONLY when the field cannot be read. */
	int order;
	/** Writer needs the IP header checks (isd_prepare). */
	bool needs_ip;
	/** Binary format: bytes per record (0..16), ISD_BIN_OPT or ISD_BIN_NONE. */
	signed char bin;
};

/* isd_field.bin besides fixed widths (Click's B_SPECIAL and B_NOTALLOWED). */
enum {
	/** A length byte and that many option bytes (see isd_bin_put_opts). */
	ISD_BIN_OPT = -2,
	/** No binary encoding (payload): ToIPSummaryDump refuses it with BINARY. */
	ISD_BIN_NONE = -1,
};

/** The "none" field: reads nothing, writes "-". */
extern const struct isd_field isd_null_field;

/**
 * Find a field by name or synonym ("src", "ts", "tcp seq"): spaces become
 * underscores and a bare word X is retried as ip_X, as Click does.
 */
const struct isd_field *isd_field_find(const char *name);

/* ---- name tables (ipsumdump_fields.c) ---- */

/** ICMP type name ("echo") or NULL. */
const char *isd_icmp_type_name(unsigned type);
/** ICMP code name for @type ("port" for unreachable 3) or NULL. */
const char *isd_icmp_code_name(unsigned type, unsigned code);
/** IP protocol name ("tcp") or NULL. */
const char *isd_ip_proto_name(unsigned proto);
/** Parse an ICMP type: a name or an integer 0..255. */
bool isd_parse_icmp_type(const char *s, uint32_t *out);
/** Parse an ICMP code for @type: a name or an integer 0..255. */
bool isd_parse_icmp_code(unsigned type, const char *s, uint32_t *out);
/** Parse an IP protocol: a name ("udp"), an integer, or T/U/I. */
bool isd_parse_ip_proto(const char *s, uint32_t *out);

/* ---- timestamps ---- */

/** Click's Timestamp text: "S.UUUUUU", nine digits when not a whole microsecond. */
void isd_unparse_timestamp(struct nfc_strbuf *sb, int64_t ns);
/** Click's interval text: "100ms", "5us", "1.500000s". */
void isd_unparse_interval(struct nfc_strbuf *sb, int64_t ns);
/** A time with optional sign and unit ("-0.5", "+1.5s", "10ms"), to ns. */
bool isd_parse_time(const char *s, int64_t *ns);

/* ---- writing (ipsumdump_write.c) ---- */

/** What the writer knows about one packet (Click's PacketDesc). */
struct isd_wdesc {
	struct nfc_packet *p;
	const struct nfc_ip *iph;
	const struct nfc_tcp *tcph;
	const struct nfc_udp *udph;
	const struct nfc_icmp *icmph;
	/** Bytes past the IP length at the end of the packet (link padding). */
	uint32_t tailpad;
	/** Collects the first "!bad ..." line when non-NULL. */
	struct nfc_strbuf *bad;
	bool careful_trunc;
	bool force_extra_length;
	/** Write fields in the binary encoding instead of text. */
	bool binary;
};

/**
 * Check the packet's headers once before its fields are written. May set
 * the packet's extra length annotation (as Click: lengths are then taken
 * from the IP header) and record a "!bad" reason.
 */
void isd_prepare(struct isd_wdesc *d);
/** Append field @f's text for the packet, or "-" when it does not apply. */
void isd_write_field(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb);

/** A number: decimal text, or big-endian in f->bin bytes when d->binary. */
void isd_put_num(const struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb,
		 uint64_t v);
/** The payload fields (ipsumdump_write_payload.c); false when they do not apply. */
bool isd_write_payload(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb);

/** Append @n bytes as a double-quoted Click string with C escapes (cp_quote). */
void isd_quote(struct nfc_strbuf *sb, const unsigned char *s, size_t n);

/* ---- options (ipsumdump_options.c) ---- */

enum {
	ISD_OPT_PADDING = 1, ISD_OPT_MSS = 2, ISD_OPT_WSCALE = 4, ISD_OPT_SACK = 8,
	ISD_OPT_TIMESTAMP = 16, ISD_OPT_UNKNOWN = 32, ISD_OPT_ROUTE = 64, ISD_OPT_IPTS = 128,
	ISD_TCPOPT_ALL_NOPAD = 0xFFFFFFFEu, ISD_TCPOPT_NTALL = 0xFFFFFFEEu,
	ISD_IPOPT_ALL_NOPAD = 0xFFFFFFFEu,
};
void isd_unparse_tcp_opt(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask);
void isd_unparse_ip_opt(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask);
/** Parse TCP option text into @out (raw option bytes); @mask limits what is accepted. */
bool isd_parse_tcp_opt(const char *s, size_t n, unsigned mask, struct nfc_strbuf *out);
bool isd_parse_ip_opt(const char *s, size_t n, struct nfc_strbuf *out);

/* ---- binary format (ipsumdump_binary.c) ---- */

/*
 * After a "!binary" header line each record is a 4-byte big-endian length
 * (counting those 4 bytes) followed by the fields in "!data" order, each in
 * its isd_field.bin encoding: numbers big-endian, addresses as in the
 * header. A length with the top bit set marks a text record ("!bad ...").
 */

struct isd_rdesc;

/** Append the low @width bytes of @v, most significant first. */
void isd_bin_put(struct nfc_strbuf *sb, uint64_t v, int width);
/** Timestamp: seconds then microseconds, or (@nano) nanoseconds then seconds. */
void isd_bin_put_time(struct nfc_strbuf *sb, int64_t ns, bool nano);
/**
 * Options as Click writes them: a length byte and the options @mask keeps
 * (EOL ends them). With mask 0xFFFFFFFF Click first writes every option
 * byte as another such block, so tcp_opt and ip_opt take two blocks.
 */
void isd_bin_put_opts(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask,
		      bool tcp);
/** What a field that does not apply writes: zeros, or an empty option block. */
void isd_bin_put_missing(struct nfc_strbuf *sb, const struct isd_field *f);
/**
 * Where field @f's bytes start in a record (*s, or NULL when they are not
 * all there), advancing *s past them (to @end when the rest is unusable).
 */
const uint8_t *isd_bin_span(const struct isd_field *f, const uint8_t **s, const uint8_t *end);
/** Decode field @f at @s (from isd_bin_span) into d's value, as isd_parse_field does. */
void isd_bin_decode(struct isd_rdesc *d, const struct isd_field *f, const uint8_t *s,
		    const uint8_t *end);

/* ---- MD5 (ipsumdump_md5.c) ---- */

void isd_md5(const void *data, size_t len, uint8_t digest[16]);
/** Click's 22-character text digest ([A-Za-z0-9_@]). */
void isd_md5_text(const uint8_t digest[16], char out[22]);

/* ---- reading (ipsumdump_read.c) ---- */

/** A default flow for packets whose lines give no addresses/ports (!flowid). */
struct isd_flowid {
	uint32_t saddr, daddr; /* network order */
	uint16_t sport, dport; /* host order */
};

/** What the reader knows while building one packet (Click's PacketOdesc). */
struct isd_rdesc {
	struct nfc_packet *p;
	bool is_ip;
	bool have_icmp_type, have_icmp_code, have_ip_hl, have_tcp_hl;
	bool zero;
	int default_ip_p;
	const struct isd_flowid *flowid;
	int minor_version;
	/** Wanted total length from the start of data (ip_len, payload), 0: unknown. */
	uint32_t want_len;
	/* the parsed value of the current field */
	uint32_t v;
	int64_t ns;
	uint64_t u64;
	uint8_t mac[6];
	/** Option or payload bytes (owned scratch space, reused). */
	struct nfc_strbuf bytes;
	bool have_bytes;
};

/** A fresh packet to fill, NULL when out of memory. */
struct nfc_packet *isd_new_packet(bool zero);
/** Parse word @s (@n bytes, not "-") as field @f into d's value. */
bool isd_parse_field(struct isd_rdesc *d, const struct isd_field *f, const char *s, size_t n);
/** Put d's value into the packet. d->p may change (or become NULL on OOM). */
void isd_inject_field(struct isd_rdesc *d, const struct isd_field *f);
/**
 * Complete the packet after its fields: default flow, transport header,
 * IP and UDP lengths, destination annotation, checksums (@checksum), extra
 * length annotation.
 */
void isd_finish_packet(struct isd_rdesc *d, bool checksum);

/* ---- line input (ipsumdump_linefile.c) ---- */

/** A text source read line by line: a file ("-": stdin; gzip/bzip2 through
 *  zcat/bzcat) or an in-memory string (DATA). Landmarks are "NAME:LINE". */
struct isd_linefile {
	FILE *fp;
	bool pipe;
	/** "<stdin>", "<data>" or the file name (owned). */
	char *name;
	unsigned lineno;
	char *buf;
	size_t cap;
	/** Copy of DATA (fmemopen reads it). */
	char *data;
	/** A peeked line waits in buf. */
	bool pending;
	size_t pending_len;
};

/**
 * Open @filename (or @data when non-NULL). Returns 0, -2 when the file does
 * not exist or is empty and @allow_missing, or -1 after reporting to @errh.
 */
int isd_linefile_open(struct isd_linefile *lf, const char *filename, const char *data,
		      bool allow_missing, struct nfc_errh *errh);
/** Next line without its newline (NUL-terminated), its length in *len; NULL at the end. */
const char *isd_linefile_read(struct isd_linefile *lf, size_t *len);
/** Look at the next line without consuming it (only right after opening). */
const char *isd_linefile_peek(struct isd_linefile *lf, size_t *len);
/** "NAME:LINE" of the last line read into @buf. */
const char *isd_linefile_landmark(const struct isd_linefile *lf, char *buf, size_t n);
bool isd_linefile_is_open(const struct isd_linefile *lf);
void isd_linefile_close(struct isd_linefile *lf);
/** Close and free everything. */
void isd_linefile_free(struct isd_linefile *lf);

/* ---- reader internals (ipsumdump_read.c, ipsumdump_finish.c) ---- */

/** Add @n bytes at the end of d->p (zeroed when ZERO); false (d->p maybe NULL) on OOM. */
bool isd_rd_put(struct isd_rdesc *d, int32_t n);
/** Give d->p an IP header if it has none; false if it cannot be IP or has another protocol. */
bool isd_rd_make_ip(struct isd_rdesc *d, int ip_p);
/** Make room for the transport header the IP protocol calls for. */
bool isd_rd_make_transp(struct isd_rdesc *d);
void isd_inject_payload(struct isd_rdesc *d, const struct isd_field *f);
static inline struct nfc_ip *isd_rd_iph(struct isd_rdesc *d)
{
	return (struct nfc_ip *)nfc_packet_network_header(d->p);
}

/* ---- packet geometry helpers ---- */

static inline int32_t isd_network_length(const struct nfc_packet *p)
{
	return (int32_t)(p->data + p->length - nfc_packet_network_header(p));
}
static inline int32_t isd_transport_length(const struct nfc_packet *p)
{
	return (int32_t)(p->data + p->length - nfc_packet_transport_header(p));
}
static inline bool isd_ip_firstfrag(const struct nfc_ip *iph)
{
	return (ntohs(iph->off) & NFC_IP_OFFMASK) == 0;
}
static inline bool isd_ip_isfrag(const struct nfc_ip *iph)
{
	return (ntohs(iph->off) & (NFC_IP_MF | NFC_IP_OFFMASK)) != 0;
}

#endif
