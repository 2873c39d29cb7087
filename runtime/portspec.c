/* SPDX-License-Identifier: MIT */
/* Click port-count, processing and flow-code specifications. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "router_priv.h"

/* One side of a port count spec: [lo, hi], or "=" (same as the other side). */
struct side {
	int lo, hi;
	bool same;
	int plus; /* "=+N": other side plus N */
};

static const char *parse_side(const char *s, struct side *side)
{
	side->same = false;
	side->plus = 0;
	if (*s == '=') {
		side->same = true;
		s++;
		if (*s == '+') {
			s++;
			side->plus = isdigit((unsigned char)*s) ? (int)strtol(s, (char **)&s, 10) : 1;
		}
		side->lo = 0;
		side->hi = INT_MAX;
		return s;
	}
	if (*s == '-') {
		s++;
		side->lo = 0;
		side->hi = isdigit((unsigned char)*s) ? (int)strtol(s, (char **)&s, 10) : INT_MAX;
		return s;
	}
	if (!isdigit((unsigned char)*s))
		return NULL;
	side->lo = (int)strtol(s, (char **)&s, 10);
	side->hi = side->lo;
	if (*s == '-') {
		s++;
		side->hi = isdigit((unsigned char)*s) ? (int)strtol(s, (char **)&s, 10) : INT_MAX;
	}
	return s;
}

static int pick(const struct side *sd, int used)
{
	if (used < sd->lo)
		return sd->lo;
	return used; /* may exceed hi: caller reports */
}

int nfc_portspec_counts(const char *spec, int used_in, int used_out, int *nin, int *nout,
			char *err, size_t errlen)
{
	struct side in, out;
	const char *s = parse_side(spec, &in);
	if (!s)
		goto bad;
	if (*s == '/') {
		s = parse_side(s + 1, &out);
		if (!s)
			goto bad;
	} else
		out = in;
	if (*s)
		goto bad;
	if (in.same && out.same)
		goto bad;
	if (out.same) {
		*nin = pick(&in, used_in > used_out - out.plus ? used_in : used_out - out.plus);
		*nout = *nin + out.plus;
	} else if (in.same) {
		*nout = pick(&out, used_out > used_in - in.plus ? used_out : used_in - in.plus);
		*nin = *nout + in.plus;
	} else {
		*nin = pick(&in, used_in);
		*nout = pick(&out, used_out);
	}
	int maxin = in.same ? INT_MAX : in.hi, maxout = out.same ? INT_MAX : out.hi;
	if (*nin > maxin) {
		snprintf(err, errlen, "too many inputs (%d used, at most %d allowed)", *nin, maxin);
		*nin = maxin;
		return -1;
	}
	if (*nout > maxout) {
		snprintf(err, errlen, "too many outputs (%d used, at most %d allowed)", *nout,
			 maxout);
		*nout = maxout;
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "bad port count specification '%s'", spec);
	*nin = used_in;
	*nout = used_out;
	return -1;
}

char nfc_processing_code(const char *spec, int is_output, int port)
{
	if (!spec || !*spec)
		return 'a';
	const char *slash = strchr(spec, '/');
	const char *side;
	size_t len;
	if (!slash) {
		side = spec;
		len = strlen(spec);
	} else if (is_output) {
		side = slash + 1;
		len = strlen(side);
	} else {
		side = spec;
		len = (size_t)(slash - spec);
	}
	if (len == 0)
		return 'a';
	char c = (size_t)port < len ? side[port] : side[len - 1];
	return c == 'h' || c == 'l' ? c : 'a';
}

/* The set of letters of port @port on one side of a flow code: a side is a
 * run of tokens, each a letter, '#', or a bracketed set "[xy]"; the last
 * token repeats for higher ports. Writes the set into @set (NUL-terminated). */
static void flow_token(const char *side, size_t len, int port, char *set, size_t setlen)
{
	size_t pos = 0, start = 0, end = 0;
	int idx = 0;
	set[0] = '\0';
	while (pos < len) {
		start = pos;
		if (side[pos] == '[') {
			while (pos < len && side[pos] != ']')
				pos++;
			end = pos; /* exclusive of ']' */
			start++;
			pos++;
		} else {
			end = ++pos;
		}
		if (idx == port)
			break;
		idx++;
	}
	size_t n = end > start ? end - start : 0;
	if (n >= setlen)
		n = setlen - 1;
	memcpy(set, side + start, n);
	set[n] = '\0';
}

bool nfc_flowcode_flows(const char *code, int nin, int nout, int in, int out)
{
	(void)nin;
	(void)nout;
	if (!code || !*code)
		return true;
	const char *slash = strchr(code, '/');
	const char *ins = code, *outs = slash ? slash + 1 : code;
	size_t nins = slash ? (size_t)(slash - code) : strlen(code), nouts = strlen(outs);
	if (nins == 0 || nouts == 0)
		return false;
	char a[32], b[32];
	flow_token(ins, nins, in, a, sizeof a);
	flow_token(outs, nouts, out, b, sizeof b);
	if (strchr(a, '#') || strchr(b, '#'))
		return in == out;
	for (const char *c = a; *c; c++)
		if (strchr(b, *c))
			return true;
	return false;
}
