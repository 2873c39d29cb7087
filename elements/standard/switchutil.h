/* SPDX-License-Identifier: MIT */
/* Private helpers shared by the switch, tee and scheduler elements. */
#ifndef NFCLICK_ELEMENTS_SWITCHUTIL_H
#define NFCLICK_ELEMENTS_SWITCHUTIL_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <nfclick/nfclick.h>

/*
 * Handler values arrive as written ("1", " 1\n" from a control socket);
 * Click strips comments and surrounding space before parsing. Copy the
 * trimmed text into @buf (NUL-terminated); returns false when it does not fit.
 */
static inline bool swu_trim(const char *value, char *buf, size_t n)
{
	if (!value)
		value = "";
	while (isspace((unsigned char)*value))
		value++;
	size_t len = strlen(value);
	while (len && isspace((unsigned char)value[len - 1]))
		len--;
	if (len >= n)
		return false;
	memcpy(buf, value, len);
	buf[len] = '\0';
	return true;
}

/** Parse a handler value as an int32 (surrounding space allowed). */
static inline int swu_parse_int(const char *value, int32_t *out)
{
	char buf[64];
	if (!swu_trim(value, buf, sizeof buf))
		return -1;
	return nfc_parse_int32(buf, out);
}

/** Parse a handler value as a boolean (surrounding space allowed). */
static inline int swu_parse_bool(const char *value, bool *out)
{
	char buf[64];
	if (!swu_trim(value, buf, sizeof buf))
		return -1;
	return nfc_parse_bool(buf, out);
}

/*
 * One-byte annotation argument (Click's AnnoArg(1)): a byte offset into the
 * annotation area, or the name of a one-byte annotation. Multi-byte names
 * (DST_IP...) are refused because they would silently overlap other bytes.
 */
static inline int swu_parse_anno1(const char *s, uint8_t *offset)
{
	static const struct {
		const char *name;
		uint8_t offset;
	} names[] = {
		{ "PAINT", NFC_ANNO_PAINT },
		{ "ICMP_PARAMPROB", NFC_ANNO_ICMP_PARAMPROB },
		{ "FIX_IP_SRC", NFC_ANNO_FIX_IP_SRC },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*offset = names[i].offset;
			return 0;
		}
	uint32_t v;
	if (nfc_parse_uint32(s, &v) < 0 || v >= NFC_ANNO_SIZE)
		return -1;
	*offset = (uint8_t)v;
	return 0;
}

#endif
