/* SPDX-License-Identifier: MIT */
/* ScheduleInfo: relative task shares (stride-scheduling tickets) per element. */

/*
 * =c
 * ScheduleInfo(ELEMENT PARAM, ...)
 * =s information
 * specifies scheduling parameters
 * =d
 * Each argument gives an element's scheduling parameter: a positive real
 * saying how often its tasks run relative to others on the same thread.
 * The default is 1; an element with 2 runs twice as often as one with 1,
 * and four times as often as one with 0.5. Tasks get PARAM times the
 * default number of tickets (1024), at most 32 times the default.
 *
 * Names resolve relative to the ScheduleInfo's compound. A ScheduleInfo
 * inside a compound sets parameters for that compound's elements; an outer
 * one may give the compound itself a parameter, which scales everything
 * inside it. So with
 *
 *   elementclass C { i :: InfiniteSource -> output; ScheduleInfo(i 0.5) }
 *   c :: C -> Discard;
 *   ScheduleInfo(c 4);
 *
 * "c/i" gets 4 * 0.5 = 2. When two ScheduleInfo elements name the same
 * element, the outer one wins; at the same level, the later one wins.
 * =item ELEMENT
 * An element or compound name.
 * =item PARAM
 * Positive real. The relative share.
 * =e
 *   ScheduleInfo(fast_source 2, slow_unqueue 0.5);
 * =a StaticThreadSched
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/nfclick.h>

/* Parameters beyond this many times the default are cut (Click's limit). */
#define SI_MAX_SHARE ((double)NFC_TASK_MAX_TICKETS / NFC_TASK_DEFAULT_TICKETS)

struct scheduleinfo {
	struct nfc_element e;
};

/* The two words of one argument (each argument is a pair, so the words
 * are parsed one by one with nfc_args_parse_value). */
static const struct nfc_arg_spec si_args[] = {
	{ .keyword = "ELEMENT", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL_ONLY,
	  .doc = "element or compound name" },
	{ .keyword = "PARAM", .type = NFC_ARG_DOUBLE, .flags = NFC_ARGF_POSITIONAL_ONLY,
	  .doc = "relative share (default 1)" },
	NFC_ARGS_END
};

/* One "ELEMENT PARAM" definition, named from the router's root. */
struct si_def {
	char *name;
	double share;
	/* Compound depth of the defining ScheduleInfo: outer ones win. */
	int depth;
};

/* Parse "NAME PARAM"; 1 when it defines something, 0 for an empty
 * argument, -1 when malformed (reported to errh unless NULL). */
static int si_parse_arg(const char *arg, char **name, double *share, struct nfc_errh *errh)
{
	char **words;
	int n;
	if (nfc_split_words(arg, &words, &n) < 0)
		return errh ? nfc_error(errh, "bad argument '%s'", arg) : -1;
	int r = 1;
	if (n == 0)
		r = 0;
	else if (n != 2)
		r = errh ? nfc_error(errh, "expected 'ELEMENT PARAM', got '%s'", arg) : -1;
	else if (nfc_args_parse_value(NULL, si_args[1].type, words[1], share, errh,
				      si_args[1].keyword) < 0)
		r = -1;
	else if (!(*share > 0))
		r = errh ? nfc_error(errh, "PARAM must be positive, got '%s'", words[1]) : -1;
	else
		*name = strdup(words[0]);
	nfc_words_free(words, n);
	return r;
}

static int si_depth(const char *context)
{
	int d = 0;
	for (; *context; context++)
		d += *context == '/';
	return d;
}

/* Does @name name an element, or a compound holding elements? */
static bool si_name_exists(struct nfc_router *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		if (x && strncmp(x->name, name, n) == 0 && (!x->name[n] || x->name[n] == '/'))
			return true;
	}
	return false;
}

static bool si_is_scheduleinfo(const struct nfc_element *x);

/* Gather every ScheduleInfo's definitions (from their configuration text,
 * whether or not they have configured yet), settle overrides, and record
 * one share per name with the router, which multiplies compound shares. */
static void si_record_all(struct nfc_router *r)
{
	struct si_def *defs = NULL;
	int ndefs = 0;
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		if (!x || !si_is_scheduleinfo(x))
			continue;
		const char *ctx = nfc_element_context(x);
		struct nfc_conf conf;
		if (nfc_conf_split(&conf, x->config, x->landmark) < 0)
			continue;
		for (int a = 0; a < conf.argc; a++) {
			char *name;
			double share;
			if (si_parse_arg(conf.argv[a], &name, &share, NULL) <= 0)
				continue;
			struct si_def *nd = realloc(defs, (size_t)(ndefs + 1) * sizeof *nd);
			if (!nd) {
				free(name);
				continue;
			}
			defs = nd;
			size_t len = strlen(ctx) + strlen(name) + 1;
			defs[ndefs].name = malloc(len);
			if (defs[ndefs].name)
				snprintf(defs[ndefs].name, len, "%s%s", ctx, name);
			free(name);
			if (!defs[ndefs].name)
				continue;
			defs[ndefs].share = share;
			defs[ndefs].depth = si_depth(ctx);
			ndefs++;
		}
		nfc_conf_free(&conf);
	}
	for (int i = 0; i < ndefs; i++) {
		bool overridden = false;
		for (int j = 0; j < ndefs && !overridden; j++)
			overridden = j != i && strcmp(defs[i].name, defs[j].name) == 0 &&
				     (defs[j].depth < defs[i].depth ||
				      (defs[j].depth == defs[i].depth && j > i));
		if (!overridden)
			nfc_router_set_schedule_info(r, defs[i].name, defs[i].share);
	}
	for (int i = 0; i < ndefs; i++)
		free(defs[i].name);
	free(defs);
}

/* Warn about elements under @full whose combined share is past the limit. */
static void si_check_limit(struct nfc_router *r, const char *full, struct nfc_errh *errh)
{
	size_t n = strlen(full);
	for (int i = 0; i < nfc_router_nelements(r); i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		if (x && strncmp(x->name, full, n) == 0 && (!x->name[n] || x->name[n] == '/') &&
		    nfc_router_schedule_info(r, x->name) > SI_MAX_SHARE)
			nfc_warning(errh, "ScheduleInfo too high for '%s'; reduced to %g", x->name,
				    SI_MAX_SHARE);
	}
}

/* Full names of this ScheduleInfo's definitions (NULL for bad arguments). */
static char *si_full_name(const struct nfc_element *e, const char *name)
{
	const char *ctx = nfc_element_context(e);
	size_t len = strlen(ctx) + strlen(name) + 1;
	char *full = malloc(len);
	if (full)
		snprintf(full, len, "%s%s", ctx, name);
	return full;
}

static int si_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct nfc_router *r = e->router;
	int before = errh->nerrors;
	for (int i = 0; i < conf->argc; i++) {
		char *name, *full;
		double share;
		if (si_parse_arg(conf->argv[i], &name, &share, errh) <= 0)
			continue;
		if ((full = si_full_name(e, name)) && !si_name_exists(r, full))
			nfc_warning(errh, "'%s' does not name an element", name);
		free(full);
		free(name);
	}
	if (errh->nerrors > before)
		return -1;
	/* The first ScheduleInfo records for all, so that overrides see every
	 * definition; ScheduleInfo configures early, in element order, so the
	 * others find the shares recorded. */
	bool first = true;
	for (int i = 0; i < e->eindex && first; i++) {
		struct nfc_element *x = nfc_router_element(r, i);
		first = !(x && si_is_scheduleinfo(x));
	}
	if (first)
		si_record_all(r);
	for (int i = 0; i < conf->argc; i++) {
		char *name, *full;
		double share;
		if (si_parse_arg(conf->argv[i], &name, &share, NULL) <= 0)
			continue;
		if ((full = si_full_name(e, name)))
			si_check_limit(r, full, errh);
		free(full);
		free(name);
	}
	return 0;
}

static const struct nfc_element_class scheduleinfo_class = {
	.name = "ScheduleInfo",
	.port_count = "0/0",
	.processing = "a/a",
	.size = sizeof(struct scheduleinfo),
	/* shares must be known before any task is set up */
	.flags = NFC_CLASS_CONFIGURE_EARLY,
	.configure = si_configure,
};
NFC_REGISTER_ELEMENT(scheduleinfo_class);

static bool si_is_scheduleinfo(const struct nfc_element *x)
{
	return x->cls == &scheduleinfo_class;
}
