/* SPDX-License-Identifier: MIT */
/* IP summary dump writer: the payload fields (payload, payload_len, payload MD5s). */
#include "ipsumdump.h"

/* Where the payload starts (from data; may lie past the end) and how long it is. */
static void payload_info(const struct nfc_packet *p, const struct nfc_ip *iph, uint32_t tailpad,
			 int32_t *off, uint32_t *len)
{
	if (iph) {
		*len = ntohs(iph->len);
		*off = nfc_packet_transport_header_offset(p);
		if (isd_ip_firstfrag(iph)) {
			const struct nfc_tcp *th = (const struct nfc_tcp *)nfc_packet_transport_header(p);
			if (iph->p == NFC_IP_PROTO_TCP) {
				if (isd_transport_length(p) - (int32_t)tailpad >= 13 && nfc_tcp_off(th) >= 5)
					*off += (int32_t)nfc_tcp_off(th) * 4;
				else
					*off += 20;
			} else if (iph->p == NFC_IP_PROTO_UDP || iph->p == 136)
				*off += 8;
		}
		*len -= (uint32_t)(*off - nfc_packet_network_header_offset(p));
	} else {
		*off = 0;
		*len = p->length - tailpad;
	}
}

bool isd_write_payload(struct isd_wdesc *d, const struct isd_field *f, struct nfc_strbuf *sb)
{
	int32_t off;
	uint32_t len;
	payload_info(d->p, d->iph, d->tailpad, &off, &len);
	if (f->id == ISD_PAYLOAD_LEN) {
		if (!d->iph || d->force_extra_length)
			len += nfc_anno_u32(d->p, NFC_ANNO_EXTRA_LENGTH);
		isd_put_num(d, f, sb, len);
		return true;
	}
	if (len != 0 && (off < 0 || (uint32_t)off >= d->p->length))
		return false;
	if (off < 0)
		off = 0;
	uint32_t length = d->p->length - d->tailpad; /* without link padding */
	if ((uint64_t)off + len > length)
		len = length > (uint32_t)off ? length - (uint32_t)off : 0;
	const unsigned char *data = d->p->data + off;
	if (f->id == ISD_PAYLOAD) {
		if (!d->binary) /* no binary encoding: ToIPSummaryDump refuses it */
			isd_quote(sb, data, len);
		return true;
	}
	uint8_t digest[16];
	isd_md5(data, len, digest);
	if (d->binary)
		nfc_strbuf_append(sb, (const char *)digest, sizeof digest);
	else if (f->id == ISD_PAYLOAD_MD5_HEX) {
		for (int i = 0; i < 16; i++)
			nfc_strbuf_printf(sb, "%02x", digest[i]);
	} else {
		char text[22];
		isd_md5_text(digest, text);
		nfc_strbuf_append(sb, text, sizeof text);
	}
	return true;
}
