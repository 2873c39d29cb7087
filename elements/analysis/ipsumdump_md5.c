/* SPDX-License-Identifier: MIT */
/* MD5 (RFC 1321) for the payload_md5 fields of IP summary dumps. */
#include <string.h>
#include "ipsumdump.h"

struct md5 {
	uint32_t a, b, c, d;
	uint64_t bytes;
	uint8_t buf[64];
};

static uint32_t rol(uint32_t x, int s)
{
	return x << s | x >> (32 - s);
}

/* Per-round shift amounts and sine-derived constants of RFC 1321. */
static const int md5_shift[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};
static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
	0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
	0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
	0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
	0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
	0xeb86d391,
};

static void md5_block(struct md5 *m, const uint8_t *blk)
{
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
		       (uint32_t)blk[4 * i + 2] << 16 | (uint32_t)blk[4 * i + 3] << 24;
	uint32_t a = m->a, b = m->b, c = m->c, d = m->d;
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		if (i < 16)
			f = (b & c) | (~b & d), g = i;
		else if (i < 32)
			f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
		else if (i < 48)
			f = b ^ c ^ d, g = (3 * i + 5) % 16;
		else
			f = c ^ (b | ~d), g = (7 * i) % 16;
		uint32_t t = d;
		d = c;
		c = b;
		b = b + rol(a + f + md5_k[i] + w[g], md5_shift[i]);
		a = t;
	}
	m->a += a, m->b += b, m->c += c, m->d += d;
}

static void md5_append(struct md5 *m, const uint8_t *p, size_t n)
{
	size_t off = m->bytes % 64;
	m->bytes += n;
	if (off) {
		size_t take = n < 64 - off ? n : 64 - off;
		memcpy(m->buf + off, p, take);
		p += take, n -= take;
		if (off + take < 64)
			return;
		md5_block(m, m->buf);
	}
	for (; n >= 64; p += 64, n -= 64)
		md5_block(m, p);
	memcpy(m->buf, p, n);
}

void isd_md5(const void *data, size_t len, uint8_t digest[16])
{
	struct md5 m = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0, { 0 } };
	md5_append(&m, data, len);
	uint64_t bits = m.bytes * 8;
	static const uint8_t pad[64] = { 0x80 };
	md5_append(&m, pad, (size_t)((55 - m.bytes % 64) & 63) + 1);
	uint8_t lenb[8];
	for (int i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (8 * i));
	md5_append(&m, lenb, 8);
	uint32_t v[4] = { m.a, m.b, m.c, m.d };
	for (int i = 0; i < 16; i++)
		digest[i] = (uint8_t)(v[i / 4] >> (8 * (i % 4)));
}

void isd_md5_text(const uint8_t digest[16], char out[22])
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@";
	int n = 0;
	/* six bits at a time, least significant bits of each byte first */
	for (int bit = 0; bit < 128 && n < 22; bit += 6) {
		int byte = bit / 8;
		int val = digest[byte] >> (bit % 8);
		if (bit % 8 > 2 && byte < 15)
			val += digest[byte + 1] << (8 - bit % 8);
		out[n++] = chars[val & 0x3F];
	}
}
