/* SPDX-License-Identifier: MIT */
/* Source-address arguments of CheckIPHeader(2) and IPInputCombo (see ipcheck_header.h). */
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "ipcheck_header.h"

void ipx_srccheck_clear(struct ipx_srccheck *s)
{
	free(s->bad_src);
	free(s->good_dst);
	s->bad_src = s->good_dst = NULL;
	s->nbad_src = s->ngood_dst = 0;
}

/* 0.0.0.0 and 255.255.255.255 are never good sources. */
static int srccheck_add_broadcasts(struct ipx_srccheck *s)
{
	if (ipx_list_add(&s->bad_src, &s->nbad_src, 0) < 0 ||
	    ipx_list_add(&s->bad_src, &s->nbad_src, 0xFFFFFFFFu) < 0)
		return -1;
	return 0;
}

/* INTERFACES: each prefix's broadcast address is a bad source, its address a
 * good destination; 0.0.0.0 and 255.255.255.255 are bad sources too. */
static int srccheck_parse_interfaces(struct nfc_element *e, struct ipx_srccheck *s,
				     const char *text)
{
	char **words;
	int nwords, r = 0;
	if (nfc_split_words(text, &words, &nwords) < 0)
		return -1;
	for (int i = 0; i < nwords && r == 0; i++) {
		uint32_t addr, mask;
		if (nfc_addressinfo_parse_ip_prefix(e, words[i], &addr, &mask, true) < 0 ||
		    ipx_list_add(&s->bad_src, &s->nbad_src, (addr & mask) | ~mask) < 0 ||
		    ipx_list_add(&s->good_dst, &s->ngood_dst, addr) < 0)
			r = -1;
	}
	nfc_words_free(words, nwords);
	return r == 0 ? srccheck_add_broadcasts(s) : -1;
}

int ipx_srccheck_old_badsrc(struct nfc_element *e, struct ipx_srccheck *s, const char *text,
			    struct nfc_errh *errh)
{
	if (ipx_parse_ip_list(e, text, &s->bad_src, &s->nbad_src) < 0 ||
	    srccheck_add_broadcasts(s) < 0)
		return nfc_error(errh, "BADSRC: expected list of IP addresses, not '%s'", text);
	return 0;
}

/* An uppercase word followed by a value is a misspelled keyword, not a
 * positional argument. */
static int srccheck_misspelled(const struct nfc_conf *conf, const int *rest, int n,
			       struct nfc_errh *errh)
{
	for (int i = 0; i < n; i++) {
		const char *a = conf->argv[rest[i]];
		size_t k = 0;
		while ((a[k] >= 'A' && a[k] <= 'Z') || a[k] == '_' || (k && a[k] >= '0' && a[k] <= '9'))
			k++;
		if (k && (a[k] == ' ' || a[k] == '\t' || a[k] == '\n'))
			return nfc_error(errh, "%.*s: unknown argument", (int)k, a);
	}
	return 0;
}

/* The lists from the keyword arguments. */
static int srccheck_parse_lists(struct nfc_element *e, struct ipx_srccheck *s,
				struct nfc_errh *errh)
{
	int errors = 0;
	if (s->interfaces_arg && srccheck_parse_interfaces(e, s, s->interfaces_arg) < 0)
		errors += nfc_error(errh, "INTERFACES: expected list of IP prefixes, not '%s'",
				    s->interfaces_arg) < 0;
	if (s->badsrc_arg && ipx_parse_ip_list(e, s->badsrc_arg, &s->bad_src, &s->nbad_src) < 0)
		errors += nfc_error(errh, "BADSRC: expected list of IP addresses, not '%s'",
				    s->badsrc_arg) < 0;
	if (s->gooddst_arg && ipx_parse_ip_list(e, s->gooddst_arg, &s->good_dst, &s->ngood_dst) < 0)
		errors += nfc_error(errh, "GOODDST: expected list of IP addresses, not '%s'",
				    s->gooddst_arg) < 0;
	return errors ? -1 : 0;
}

int ipx_srccheck_configure(struct nfc_element *e, struct ipx_srccheck *s, struct nfc_conf *conf,
			   const struct nfc_arg_spec *args, ipx_srccheck_rest_fn rest,
			   struct nfc_errh *errh)
{
	ipx_srccheck_clear(s);
	s->interfaces_arg = s->badsrc_arg = s->gooddst_arg = NULL;
	int *left = calloc((size_t)conf->argc + 1, sizeof(*left));
	if (!left)
		return nfc_error(errh, "out of memory");
	int r = nfc_args_parse(e, conf, args, errh, left);
	if (r == 0) {
		int n = 0;
		while (left[n] >= 0)
			n++;
		if (n > 0) {
			r = srccheck_misspelled(conf, left, n, errh);
			if (r == 0)
				r = rest(e, conf, left, n, errh);
		}
	}
	free(left);
	if (r < 0)
		return -1;
	return srccheck_parse_lists(e, s, errh);
}
