/* SPDX-License-Identifier: MIT */
/* Internet checksums and address formatting shared by protocol elements. */
#include <stdio.h>
#include <string.h>
#include <nfclick/proto.h>

uint32_t nfc_cksum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t s = sum;
	/* 8 bytes at a time into a 64-bit accumulator; carries fold at the end */
	while (len >= 8) {
		uint32_t a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + 4, 4);
		s += (uint64_t)a + b;
		p += 8;
		len -= 8;
	}
	while (len >= 2) {
		uint16_t w;
		memcpy(&w, p, 2);
		s += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		uint16_t w = 0;
		memcpy(&w, p, 1);
		s += w;
	}
	while (s >> 32)
		s = (s & 0xFFFFFFFF) + (s >> 32);
	/* the sum is in host order of network-order words: fine for a 16-bit ones' complement */
	return (uint32_t)s;
}

uint16_t nfc_cksum_fold(uint32_t sum)
{
	uint64_t s = sum;
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

uint16_t nfc_in_cksum(const void *data, size_t len)
{
	return nfc_cksum_fold(nfc_cksum_partial(data, len, 0));
}

uint16_t nfc_transport_cksum(uint32_t src, uint32_t dst, uint8_t proto, const void *th,
			     size_t len)
{
	struct {
		uint32_t src, dst;
		uint8_t zero, proto;
		uint16_t len;
	} __attribute__((packed)) ph = { src, dst, 0, proto, htons((uint16_t)len) };
	uint32_t s = nfc_cksum_partial(&ph, sizeof ph, 0);
	s = nfc_cksum_partial(th, len, s);
	return nfc_cksum_fold(s);
}

const char *nfc_ip_unparse(uint32_t addr_be, char buf[16])
{
	const uint8_t *a = (const uint8_t *)&addr_be;
	snprintf(buf, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return buf;
}

const char *nfc_ether_unparse(const uint8_t a[6], char buf[18])
{
	snprintf(buf, 18, "%02X-%02X-%02X-%02X-%02X-%02X", a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}
