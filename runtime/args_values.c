/* SPDX-License-Identifier: MIT */
/* Typed value parsers: booleans, integers, reals, times, bandwidths, addresses. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <nfclick/args.h>
#include "args_priv.h"

int nfc_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1", "t", "y" };
	static const char *const no[] = { "false", "no", "off", "0", "f", "n" };
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int values_digit(char c, int base)
{
	int v;
	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'z')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

/*
 * Click's IntArg: optional sign ('-' only when signed), then 0x hex, 0b
 * binary, 0 octal or decimal; '_' may separate digits. Overflow is told
 * apart from bad syntax so messages can say "out of range".
 */
enum nfc_num_status nfc_args_int_status(const char *s, bool is_signed, int bits, int64_t *sval,
					uint64_t *uval)
{
	if (!s)
		return NFC_NUM_INVAL;
	bool negative = false;
	if (*s == '-' && is_signed) {
		negative = true;
		s++;
	} else if (*s == '+')
		s++;
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && s[2]) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && s[1])
		base = 8;

	uint64_t mag = 0;
	bool overflow = false;
	int ndigits = 0;
	for (; *s; s++) {
		if (*s == '_' && ndigits && values_digit(s[1], base) >= 0)
			continue;
		int d = values_digit(*s, base);
		if (d < 0)
			return NFC_NUM_INVAL;
		if (mag > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			overflow = true;
		else
			mag = mag * (uint64_t)base + (uint64_t)d;
		ndigits++;
	}
	if (!ndigits)
		return NFC_NUM_INVAL;

	if (!is_signed) {
		uint64_t max = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
		if (overflow || mag > max)
			return NFC_NUM_RANGE;
		*uval = mag;
		return NFC_NUM_OK;
	}
	uint64_t limit = UINT64_C(1) << (bits - 1); /* |min|; max is limit - 1 */
	if (overflow || mag > limit || (!negative && mag == limit))
		return NFC_NUM_RANGE;
	*sval = negative ? (int64_t)(0 - mag) : (int64_t)mag;
	return NFC_NUM_OK;
}

int nfc_parse_int64(const char *s, int64_t *out)
{
	uint64_t u;
	return nfc_args_int_status(s, true, 64, out, &u) == NFC_NUM_OK ? 0 : -1;
}

int nfc_parse_uint64(const char *s, uint64_t *out)
{
	int64_t i;
	return nfc_args_int_status(s, false, 64, &i, out) == NFC_NUM_OK ? 0 : -1;
}

int nfc_parse_int32(const char *s, int32_t *out)
{
	int64_t v;
	uint64_t u;
	if (nfc_args_int_status(s, true, 32, &v, &u) != NFC_NUM_OK)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int nfc_parse_uint32(const char *s, uint32_t *out)
{
	int64_t i;
	uint64_t v;
	if (nfc_args_int_status(s, false, 32, &i, &v) != NFC_NUM_OK)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

enum nfc_num_status nfc_args_double_status(const char *s, double *out)
{
	/* strtod() would accept leading space; Click's DoubleArg does not. */
	if (!s || !*s || strchr(" \t\n\r\f\v", *s))
		return NFC_NUM_INVAL;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return NFC_NUM_INVAL;
	if (errno == ERANGE)
		return NFC_NUM_RANGE;
	*out = v;
	return NFC_NUM_OK;
}

int nfc_parse_double(const char *s, double *out)
{
	return nfc_args_double_status(s, out) == NFC_NUM_OK ? 0 : -1;
}

/* A unit suffix: its text, a multiplier and a power of ten. */
struct values_unit {
	const char *suffix;
	unsigned factor;
	int power;
};

/*
 * Strip a unit from the end of [s, *end) the way Click's UnitArg does:
 * the first unit in @units that is a suffix wins, then one metric prefix
 * letter before it may scale it, then spaces before it are dropped.
 */
static const struct values_unit *values_strip_unit(const char *s, const char **end,
						   const struct values_unit *units,
						   const char *prefixes, const int *prefix_powers,
						   int *power)
{
	size_t n = (size_t)(*end - s);
	*power = 0;
	for (const struct values_unit *u = units; u->suffix; u++) {
		size_t ul = strlen(u->suffix);
		if (ul > n || memcmp(*end - ul, u->suffix, ul) != 0)
			continue;
		const char *e = *end - ul;
		*power = u->power;
		if (e > s) {
			const char *p = strchr(prefixes, e[-1]);
			if (p && *p) {
				*power += prefix_powers[p - prefixes];
				e--;
			}
		}
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*end = e;
		return u;
	}
	return NULL;
}

/*
 * An unsigned decimal number "12", "1.5", ".5", "2e3" filling [s, end),
 * as mantissa * 10^exp10. Up to 30 significant digits are kept, enough
 * for nanoseconds and 64-bit results.
 */
static int values_decimal(const char *s, const char *end, unsigned __int128 *mant, int *exp10)
{
	unsigned __int128 m = 0;
	int e = 0, kept = 0, digits = 0;
	bool point = false;
	for (; s < end; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		digits++;
		if (kept < 30 && (m || *s != '0')) {
			m = m * 10 + (unsigned)(*s - '0');
			kept++;
			if (point)
				e--;
		} else if (!(m || *s != '0')) {
			if (point)
				e--; /* leading zero after the point */
		} else if (!point)
			e++; /* digit dropped before the point */
	}
	if (!digits)
		return -1;
	if (s < end && (*s == 'e' || *s == 'E')) {
		const char *t = s + 1;
		bool neg = false;
		if (t < end && (*t == '+' || *t == '-'))
			neg = *t++ == '-';
		if (t >= end || *t < '0' || *t > '9')
			return -1;
		int x = 0;
		for (; t < end && *t >= '0' && *t <= '9'; t++)
			if (x < 10000)
				x = x * 10 + (*t - '0');
		e += neg ? -x : x;
		s = t;
	}
	if (s != end)
		return -1;
	*mant = m;
	*exp10 = e;
	return 0;
}

static const struct values_unit values_time_units[] = {
	{ "s", 1, 0 },	    { "sec", 1, 0 }, { "m", 60, 0 },	 { "min", 60, 0 },
	{ "h", 3600, 0 },   { "hr", 3600, 0 }, { "d", 86400, 0 }, { "day", 86400, 0 },
	{ NULL, 0, 0 },
};
static const int values_time_prefix_powers[] = { -3, -6, -9 };

enum nfc_num_status nfc_args_time_status(const char *s, int64_t *ns)
{
	if (!s)
		return NFC_NUM_INVAL;
	const char *end = s + strlen(s);
	int power;
	const struct values_unit *u =
		values_strip_unit(s, &end, values_time_units, "mun", values_time_prefix_powers, &power);
	unsigned __int128 m;
	int e;
	if (values_decimal(s, end, &m, &e) < 0)
		return NFC_NUM_INVAL;
	m *= u ? u->factor : 1;
	int total = e + power + 9;
	if (total >= 0) {
		for (; total > 0 && m; total--) {
			m *= 10;
			if (m > INT64_MAX)
				return NFC_NUM_RANGE;
		}
	} else {
		unsigned last = 0;
		for (; total < 0 && m; total++) {
			last = (unsigned)(m % 10);
			m /= 10;
		}
		if (last >= 5)
			m++; /* round to the nearest nanosecond */
	}
	if (m > INT64_MAX)
		return NFC_NUM_RANGE;
	*ns = (int64_t)m;
	return NFC_NUM_OK;
}

int nfc_parse_time_ns(const char *s, int64_t *out)
{
	return nfc_args_time_status(s, out) == NFC_NUM_OK ? 0 : -1;
}

/* Click's BandwidthArg: bits for baud/bps/b/s (125/1000 bytes), bytes for Bps/B/s. */
static const struct values_unit values_bandwidth_units[] = {
	{ "baud", 125, -3 }, { "bps", 125, -3 }, { "b/s", 125, -3 },
	{ "Bps", 1, 0 },     { "B/s", 1, 0 },	 { NULL, 0, 0 },
};
static const int values_bandwidth_prefix_powers[] = { 3, 3, 6, 9 };

int nfc_parse_bandwidth(const char *s, double *bytes_per_sec)
{
	if (!s)
		return -1;
	const char *end = s + strlen(s);
	int power;
	const struct values_unit *u = values_strip_unit(s, &end, values_bandwidth_units, "kKMG",
							values_bandwidth_prefix_powers, &power);
	unsigned __int128 m;
	int e;
	if (values_decimal(s, end, &m, &e) < 0)
		return -1;
	char *num = strndup(s, (size_t)(end - s));
	if (!num)
		return -1;
	double v = strtod(num, NULL);
	free(num);
	v *= (u ? u->factor : 1) * pow(10, power);
	if (!isfinite(v))
		return -1;
	*bytes_per_sec = v;
	return 0;
}

/* Up to 4 dotted decimal bytes; returns the count, or -1. *end is set past them. */
static int values_ip_parts(const char *s, const char **end, uint8_t parts[4])
{
	int n = 0;
	for (;;) {
		int v = 0, d = 0;
		for (; *s >= '0' && *s <= '9' && d < 4; s++, d++)
			v = v * 10 + (*s - '0');
		if (!d || d > 3 || v > 255)
			return -1;
		parts[n++] = (uint8_t)v;
		if (*s != '.' || n == 4)
			break;
		s++;
	}
	*end = s;
	return n;
}

static uint32_t values_be32(const uint8_t b[4])
{
	uint32_t v;
	memcpy(&v, b, 4); /* bytes already in network order */
	return v;
}

int nfc_parse_ip(const char *s, uint32_t *addr_be)
{
	uint8_t b[4];
	const char *end;
	if (!s || values_ip_parts(s, &end, b) != 4 || *end)
		return -1;
	*addr_be = values_be32(b);
	return 0;
}

int nfc_parse_ip_prefix(const char *s, uint32_t *addr_be, uint32_t *mask_be, bool allow_bare)
{
	uint8_t b[4] = { 0, 0, 0, 0 };
	const char *end;
	if (!s)
		return -1;
	int n = values_ip_parts(s, &end, b);
	if (n < 0)
		return -1;
	uint32_t mask;
	if (!*end) {
		/* A bare address is a /32 host prefix. */
		if (!allow_bare || n != 4)
			return -1;
		mask = 0xFFFFFFFFu;
	} else if (*end == '/') {
		const char *m = end + 1;
		if (strchr(m, '.')) {
			uint8_t mb[4];
			const char *mend;
			if (values_ip_parts(m, &mend, mb) != 4 || *mend)
				return -1;
			mask = values_be32(mb);
		} else {
			int len = 0, d = 0;
			for (; *m >= '0' && *m <= '9' && d < 3; m++, d++)
				len = len * 10 + (*m - '0');
			if (!d || *m || len > 32)
				return -1;
			uint32_t host = len ? 0xFFFFFFFFu << (32 - len) : 0;
			uint8_t mb[4] = { (uint8_t)(host >> 24), (uint8_t)(host >> 16),
					  (uint8_t)(host >> 8), (uint8_t)host };
			mask = values_be32(mb);
		}
	} else
		return -1;
	*addr_be = values_be32(b);
	*mask_be = mask;
	return 0;
}

int nfc_parse_ether(const char *s, uint8_t out[6])
{
	if (!s)
		return -1;
	uint8_t b[6];
	char sep = 0;
	for (int i = 0; i < 6; i++) {
		int v = 0, d = 0, x;
		for (; d < 2 && (x = values_digit(*s, 16)) >= 0; s++, d++)
			v = v * 16 + x;
		if (!d)
			return -1;
		b[i] = (uint8_t)v;
		if (i == 5)
			break;
		if (*s != ':' && *s != '-')
			return -1;
		if (sep && *s != sep)
			return -1;
		sep = *s++;
	}
	if (*s)
		return -1;
	memcpy(out, b, 6);
	return 0;
}
