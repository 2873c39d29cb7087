/* SPDX-License-Identifier: MIT */
/* Binary IP summary dump fields: Click's byte encodings, written and read back. */
#include <string.h>
#include "ipsumdump.h"

enum { OPT_EOL = 0, OPT_NOP = 1 };

void isd_bin_put(struct nfc_strbuf *sb, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--)
		nfc_strbuf_putc(sb, (char)(uint8_t)(v >> (8 * i)));
}

/* Seconds and sub-second part with floor semantics (as Click's Timestamp). */
static int64_t floor_sec(int64_t ns)
{
	return ns >= 0 ? ns / NFC_NSEC_PER_SEC : -((-ns + NFC_NSEC_PER_SEC - 1) / NFC_NSEC_PER_SEC);
}

void isd_bin_put_time(struct nfc_strbuf *sb, int64_t ns, bool nano)
{
	int64_t sec = floor_sec(ns);
	uint32_t subsec = (uint32_t)(ns - sec * NFC_NSEC_PER_SEC);
	if (nano) {
		/* Click's ntimestamp: its 8-byte writer puts the nanoseconds first */
		isd_bin_put(sb, subsec, 4);
		isd_bin_put(sb, (uint32_t)sec, 4);
	} else {
		isd_bin_put(sb, (uint32_t)sec, 4);
		isd_bin_put(sb, subsec / 1000, 4);
	}
}

/* Which ISD_OPT_* class a TCP option kind belongs to (Click's tcp_opt_mask_mapping). */
static unsigned tcp_opt_class(unsigned kind)
{
	static const unsigned char classes[] = {
		ISD_OPT_PADDING, ISD_OPT_PADDING, ISD_OPT_MSS, ISD_OPT_WSCALE, ISD_OPT_SACK,
		ISD_OPT_SACK, ISD_OPT_UNKNOWN, ISD_OPT_UNKNOWN, ISD_OPT_TIMESTAMP,
	};
	return kind < sizeof classes ? classes[kind] : ISD_OPT_UNKNOWN;
}

void isd_bin_put_opts(struct nfc_strbuf *sb, const uint8_t *opt, int len, unsigned mask,
		      bool tcp)
{
	if (mask == 0xFFFFFFFFu) {
		/* every byte, EOL padding included; Click then adds the filtered block too */
		nfc_strbuf_putc(sb, (char)len);
		nfc_strbuf_append(sb, (const char *)opt, (size_t)len);
	}
	size_t at = sb->len;
	nfc_strbuf_putc(sb, '\0');
	const uint8_t *end = opt + len;
	while (opt < end) {
		if (*opt == OPT_EOL) {
			if (mask & ISD_OPT_PADDING)
				nfc_strbuf_putc(sb, OPT_EOL);
			break;
		}
		if (*opt == OPT_NOP) {
			if (mask & ISD_OPT_PADDING)
				nfc_strbuf_putc(sb, OPT_NOP);
			opt++;
			continue;
		}
		/* stop copying at the first option that is obviously invalid */
		if (opt + 1 >= end || opt[1] < 2 || opt + opt[1] > end)
			break;
		if (mask & (tcp ? tcp_opt_class(*opt) : ISD_OPT_UNKNOWN))
			nfc_strbuf_append(sb, (const char *)opt, opt[1]);
		opt += opt[1];
	}
	sb->s[at] = (char)(sb->len - at - 1);
}

void isd_bin_put_missing(struct nfc_strbuf *sb, const struct isd_field *f)
{
	if (f->bin == ISD_BIN_OPT)
		nfc_strbuf_putc(sb, '\0');
	else
		for (int i = 0; i < f->bin; i++)
			nfc_strbuf_putc(sb, '\0');
}

/* tcp_opt and ip_opt are followed by the second block Click's writer adds. */
static bool opt_has_copy(const struct isd_field *f)
{
	return f->id == ISD_TCP_OPT || f->id == ISD_IP_OPT;
}

const uint8_t *isd_bin_span(const struct isd_field *f, const uint8_t **s, const uint8_t *end)
{
	const uint8_t *at = *s;
	if (f->bin == ISD_BIN_OPT) {
		/* an absent or cut block reads as no options, as in Click */
		if (at >= end || at + 1 + at[0] > end) {
			*s = end;
			return at;
		}
		const uint8_t *next = at + 1 + at[0];
		if (at[0] && opt_has_copy(f) && next < end)
			next = next + 1 + next[0] <= end ? next + 1 + next[0] : end;
		*s = next;
		return at;
	}
	if (f->bin < 0 || end - at < f->bin) {
		/* no encoding, or the record ends: this field and the rest are lost */
		*s = end;
		return NULL;
	}
	*s = at + f->bin;
	return at;
}

static uint32_t be16(const uint8_t *s)
{
	return (uint32_t)s[0] << 8 | s[1];
}

static uint32_t be32(const uint8_t *s)
{
	return (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
}

/* ip_frag is written as its text character; read it as the text reader does. */
static uint32_t frag_char_value(uint32_t c)
{
	switch (c) {
	case '.':
		return 0;
	case '!':
		return NFC_IP_DF;
	case 'F':
		return NFC_IP_MF;
	case 'f':
		return 100; /* any nonzero offset */
	default:
		return c; /* Click stores the byte as the fragment field */
	}
}

void isd_bin_decode(struct isd_rdesc *d, const struct isd_field *f, const uint8_t *s,
		    const uint8_t *end)
{
	d->v = 0;
	d->ns = 0;
	d->u64 = 0;
	d->have_bytes = false;
	switch (f->id) {
	case ISD_TIMESTAMP:
	case ISD_FIRST_TIMESTAMP:
		d->ns = (int64_t)be32(s) * NFC_NSEC_PER_SEC + (int64_t)be32(s + 4) * 1000;
		break;
	case ISD_NTIMESTAMP:
	case ISD_FIRST_NTIMESTAMP:
		d->ns = (int64_t)be32(s + 4) * NFC_NSEC_PER_SEC + be32(s);
		break;
	case ISD_TS_USEC1:
		/* Click writes the low word first (its own reader swaps them back wrongly) */
		d->u64 = (uint64_t)be32(s + 4) << 32 | be32(s);
		break;
	case ISD_IP_SRC:
	case ISD_IP_DST:
		memcpy(&d->v, s, 4); /* network order, as in the header */
		break;
	case ISD_ETH_SRC:
	case ISD_ETH_DST:
		memcpy(d->mac, s, 6);
		break;
	case ISD_IP_FRAG:
		d->v = frag_char_value(s[0]);
		break;
	case ISD_IP_OPT:
	case ISD_TCP_OPT:
	case ISD_TCP_NTOPT:
	case ISD_TCP_SACK:
		nfc_strbuf_clear(&d->bytes);
		if (s < end && s + 1 + s[0] <= end)
			nfc_strbuf_append(&d->bytes, (const char *)s + 1, s[0]);
		d->have_bytes = true;
		break;
	default:
		if (f->bin == 1)
			d->v = s[0];
		else if (f->bin == 2)
			d->v = be16(s);
		else if (f->bin == 4)
			d->v = be32(s);
		break;
	}
}
