/* SPDX-License-Identifier: MIT */
/* nfclick-align: alignment arithmetic, and what each element class does to alignment. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/args.h>
#include "nfclick-align.h"

/* ---- alignments ---- */

const struct al al_empty = { AL_EMPTY, 0 };
const struct al al_bad = { AL_BAD, 0 };

struct al al_make(int mod, int off)
{
	return (struct al){ mod, off };
}

int al_modulus(struct al a)
{
	return a.mod > 1 ? a.mod : 1;
}

bool al_same(struct al a, struct al b)
{
	return a.mod == b.mod && a.off == b.off;
}

/* Is every packet aligned by @a also aligned by @x (a at least as strong)? */
bool al_le(struct al a, struct al x)
{
	if (a.mod == AL_BAD || x.mod == AL_BAD)
		return false;
	if (a.mod == AL_UNIVERSAL || x.mod == AL_UNIVERSAL)
		return a.mod == AL_UNIVERSAL;
	if (x.mod <= 1)
		return true;
	if (a.mod <= 1)
		return false;
	return a.mod % x.mod == 0 && a.off % x.mod == x.off;
}

/* The alignment after the data start moved @delta bytes forward. */
struct al al_shift(struct al a, int delta)
{
	if (a.mod > 1) {
		delta %= a.mod;
		if (delta < 0)
			delta += a.mod;
		a.off = (a.off + delta) % a.mod;
	}
	return a;
}

static int gcd(int a, int b)
{
	while (b) {
		int r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/* The strongest alignment that packets of either @a or @x have. */
struct al al_union(struct al a, struct al x)
{
	if (a.mod == AL_EMPTY || x.mod == AL_BAD || (a.mod == AL_UNIVERSAL && x.mod > 0))
		return x;
	if (a.mod <= 1 || x.mod <= 0)
		return a;
	/* A modulus both share must divide both moduli and the offsets' gap. */
	int diff = a.off - x.off;
	int m = gcd(gcd(a.mod, x.mod), diff < 0 ? -diff : diff);
	return al_make(m, a.off % m);
}

/* The weakest alignment that satisfies both @a and @x (bad when none does). */
struct al al_intersect(struct al a, struct al x)
{
	if (a.mod <= 0 || x.mod <= 0)
		return a.mod == AL_EMPTY || x.mod == AL_BAD ? x : a;
	if (al_le(a, x))
		return a;
	if (al_le(x, a))
		return x;
	if (a.mod == x.mod)
		return al_bad;
	int lcm = a.mod / gcd(a.mod, x.mod) * x.mod;
	for (int off = a.off; off < lcm; off += a.mod)
		if (off % x.mod == x.off)
			return al_make(lcm, off);
	return al_bad;
}

/* ---- what each element class does to alignment ---- */

/* How the configuration picks the aligner. */
enum rule {
	RULE_FIXED,	    /* the aligner in the table as is */
	RULE_ALIGN,	    /* Align(MODULUS, OFFSET) generates what it says */
	RULE_STRIP,	    /* Strip(N) shifts by N, Unstrip(N) by -N */
	RULE_UNSTRIP,
	RULE_CHECKIP,	    /* wants 4/0 at the IP header, OFFSET bytes in */
	RULE_DEVICE_SOURCE, /* generates ALIGNMENT, 4/0 for TYPE IP, else 4/2 */
	RULE_DEVICE_SINK,   /* wants the same */
	RULE_ICMPERROR,	    /* generates 4/0 unless ETHER true */
};

struct align_rule {
	const char *cls;
	enum rule rule;
	struct aligner aligner;
	/* Reads packet data in words: listed in the AlignmentInfo. */
	bool sensitive;
};

#define FIXED(k, m, o, s) RULE_FIXED, { k, { m, o }, s }
static const struct align_rule align_rules[] = {
	{ "Align", RULE_ALIGN, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "Strip", RULE_STRIP, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "Unstrip", RULE_UNSTRIP, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "CheckIPHeader", RULE_CHECKIP, { AK_FLOW, { 0, 0 }, 0 }, true },
	{ "CheckIPHeader2", RULE_CHECKIP, { AK_FLOW, { 0, 0 }, 0 }, true },
	{ "MarkIPHeader", RULE_CHECKIP, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "Classifier", FIXED(AK_CLASSIFIER, 0, 0, 0), true },
	{ "IPClassifier", FIXED(AK_FLOW, 0, 0, 0), true },
	{ "IPFilter", FIXED(AK_FLOW, 0, 0, 0), true },
	{ "EtherEncap", FIXED(AK_SHIFT, 0, 0, -14), false },
	{ "FromDevice", RULE_DEVICE_SOURCE, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "FromHost", RULE_DEVICE_SOURCE, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "PollDevice", RULE_DEVICE_SOURCE, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "ToHost", RULE_DEVICE_SINK, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "ICMPError", RULE_ICMPERROR, { AK_FLOW, { 0, 0 }, 0 }, false },
	{ "InfiniteSource", FIXED(AK_GENERATE, 4, 0, 0), false },
	{ "RatedSource", FIXED(AK_GENERATE, 4, 0, 0), false },
	{ "Idle", FIXED(AK_GENERATE, AL_UNIVERSAL, 0, 0), false },
	{ "Discard", FIXED(AK_NONE, 0, 0, 0), false },
	{ "IPEncap", FIXED(AK_WANT, 4, 0, 0), false },
	{ "UDPIPEncap", FIXED(AK_WANT, 4, 0, 0), true },
	{ "ICMPPingEncap", FIXED(AK_WANT, 4, 0, 0), false },
	{ "RandomUDPIPEncap", FIXED(AK_WANT, 4, 0, 0), false },
	{ "RoundRobinUDPIPEncap", FIXED(AK_WANT, 4, 0, 0), false },
	{ "RoundRobinTCPIPEncap", FIXED(AK_WANT, 4, 0, 0), false },
	{ "ARPResponder", FIXED(AK_WANT, 2, 0, 0), false },
	{ "ARPQuerier", FIXED(AK_ARPQUERIER, 0, 0, 0), false },
	/* Strip(14) then CheckIPHeader: wants the Ethernet header at 4/2 */
	{ "IPInputCombo", FIXED(AK_SHIFT_WANT, 4, 2, 14), true },
};
#undef FIXED

static const struct align_rule *find_rule(const char *cls)
{
	for (size_t i = 0; i < sizeof align_rules / sizeof align_rules[0]; i++)
		if (strcmp(align_rules[i].cls, cls) == 0)
			return &align_rules[i];
	return NULL;
}

/* The value of keyword argument @kw ("KW value") in @arg, or NULL. */
static const char *keyword_value(const char *arg, const char *kw)
{
	size_t n = strlen(kw);
	if (strncmp(arg, kw, n) != 0 || (arg[n] != ' ' && arg[n] != '\t' && arg[n] != '\n'))
		return NULL;
	arg += n;
	while (*arg == ' ' || *arg == '\t' || *arg == '\n')
		arg++;
	return arg;
}

/* Does @arg start with an upper-case keyword (Click's "KEYWORD value")? */
static bool is_keyword_arg(const char *arg)
{
	if (!(*arg >= 'A' && *arg <= 'Z'))
		return false;
	while ((*arg >= 'A' && *arg <= 'Z') || (*arg >= '0' && *arg <= '9') || *arg == '_')
		arg++;
	return *arg == ' ' || *arg == '\t' || *arg == '\n' || *arg == '\0';
}

/* "MODULUS OFFSET" as two words, or as two arguments. */
static bool parse_alignment(const char *mod_s, const char *off_s, struct al *out)
{
	int32_t m, o;
	if (!mod_s || !off_s || nfc_parse_int32(mod_s, &m) < 0 || nfc_parse_int32(off_s, &o) < 0
	    || m <= 0 || o < 0 || o >= m)
		return false;
	*out = al_make(m, o);
	return true;
}

static bool parse_alignment_words(const char *s, struct al *out)
{
	char **w;
	int n;
	if (nfc_split_words(s, &w, &n) < 0)
		return false;
	bool ok = n == 2 && parse_alignment(w[0], w[1], out);
	nfc_words_free(w, n);
	return ok;
}

/* The alignment an Align element's configuration asks for. */
struct al align_config(const char *config)
{
	struct nfc_conf c;
	struct al a = al_bad;
	if (nfc_conf_split(&c, config, NULL) < 0)
		return a;
	if (c.argc != 2 || !parse_alignment(c.argv[0], c.argv[1], &a))
		a = al_bad;
	nfc_conf_free(&c);
	return a;
}

struct aligner aligner_for(const char *cls, const char *config)
{
	const struct align_rule *r = find_rule(cls);
	struct aligner flow = { AK_FLOW, al_empty, 0 };
	if (!r)
		return flow;
	struct nfc_conf c;
	if (nfc_conf_split(&c, config, NULL) < 0)
		return flow;
	struct aligner ag = r->aligner;
	switch (r->rule) {
	case RULE_FIXED:
		break;
	case RULE_ALIGN: {
		struct al a = align_config(config);
		ag = a.mod == AL_BAD ? flow : (struct aligner){ AK_GENERATE, a, 0 };
		break;
	}
	case RULE_STRIP:
	case RULE_UNSTRIP: {
		uint32_t n;
		if (c.argc == 1 && nfc_parse_uint32(c.argv[0], &n) == 0 && n < (1u << 20))
			ag = (struct aligner){ AK_SHIFT, al_empty,
					       r->rule == RULE_STRIP ? (int)n : -(int)n };
		break;
	}
	case RULE_CHECKIP: {
		/* OFFSET is a keyword, or the first or (after an old-style
		 * BADSRC) second positional argument. */
		uint32_t offset = 0;
		const char *pos[2] = { NULL, NULL };
		int npos = 0;
		for (int i = 0; i < c.argc; i++) {
			const char *v = keyword_value(c.argv[i], "OFFSET");
			if (v)
				nfc_parse_uint32(v, &offset);
			else if (!is_keyword_arg(c.argv[i]) && npos < 2)
				pos[npos++] = c.argv[i];
		}
		if (pos[0] && nfc_parse_uint32(pos[0], &offset) < 0 && pos[1])
			nfc_parse_uint32(pos[1], &offset);
		ag = (struct aligner){ AK_WANT, al_shift(al_make(4, 0), -(int)(offset % 4)), 0 };
		break;
	}
	case RULE_DEVICE_SOURCE:
	case RULE_DEVICE_SINK: {
		struct al a = al_make(4, 2);
		for (int i = 0; i < c.argc; i++) {
			const char *v;
			if ((v = keyword_value(c.argv[i], "ALIGNMENT")) && !parse_alignment_words(v, &a))
				a = al_bad;
			else if ((v = keyword_value(c.argv[i], "TYPE")) && strcmp(v, "IP") == 0)
				a = al_make(4, 0);
		}
		if (a.mod != AL_BAD)
			ag = (struct aligner){ r->rule == RULE_DEVICE_SOURCE ? AK_GENERATE : AK_WANT,
					       a, 0 };
		break;
	}
	case RULE_ICMPERROR: {
		bool ether = false;
		for (int i = 0; i < c.argc; i++) {
			const char *v = keyword_value(c.argv[i], "ETHER");
			if (v)
				nfc_parse_bool(v, &ether);
		}
		if (!ether)
			ag = (struct aligner){ AK_GENERATE, al_make(4, 0), 0 };
		break;
	}
	}
	nfc_conf_free(&c);
	return ag;
}

bool alignment_sensitive_class(const char *cls)
{
	const struct align_rule *r = find_rule(cls);
	return r && r->sensitive;
}
