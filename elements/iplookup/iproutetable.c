/* SPDX-License-Identifier: MIT */
/* Click's IPRouteTable for nfclick: route syntax, configuration, and the add/set/remove/ctrl/table/lookup handlers. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nfclick/addressinfo.h>
#include "iproutetable.h"

/* Click prints only the first few packets without a route. */
#define IPRT_NO_ROUTE_REPORTS 5

const char *iproute_ip_str(uint32_t addr_be, char *buf)
{
	const uint8_t *b = (const uint8_t *)&addr_be;
	snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

int iproute_prefix_len(uint32_t mask_be)
{
	/* a prefix mask is ones then zeroes: its complement plus one is a power of two */
	uint32_t inv = ~ntohl(mask_be);
	if (inv & (inv + 1))
		return -1;
	return inv ? __builtin_clz(inv) : 32;
}

/* A word that can only be a port number (addresses have dots, names letters). */
static bool iprt_is_integer(const char *w)
{
	if (*w == '-' || *w == '+')
		w++;
	if (!*w)
		return false;
	for (; *w; w++)
		if (!isdigit((unsigned char)*w))
			return false;
	return true;
}

int iproute_parse(const struct nfc_element *context, const char *text, bool remove,
		  struct iproute *out)
{
	char **w;
	int n;
	if (nfc_split_words(text, &w, &n) < 0)
		return -1;
	struct iproute r = { .port = -1 };
	int ok = -1, i = 1;
	if (n < 1 ||
	    nfc_addressinfo_parse_ip_prefix(context, w[0], &r.addr, &r.mask, true) < 0)
		goto done;
	r.addr &= r.mask;
	if (i < n) {
		if (strcmp(w[i], "-") == 0)
			i++; /* explicitly no gateway */
		else if ((i + 1 < n || !iprt_is_integer(w[i])) &&
			 nfc_addressinfo_parse_ip(context, w[i], &r.gw) == 0)
			i++;
	}
	if (i < n) {
		if (nfc_parse_int32(w[i], &r.port) < 0)
			goto done;
		i++;
	} else if (!remove)
		goto done;
	if (i == n) {
		*out = r;
		ok = 0;
	}
done:
	nfc_words_free(w, n);
	return ok;
}

void iproute_unparse(const struct iproute *r, bool tabs, struct nfc_strbuf *out)
{
	char a[16], field[40];
	char sep = tabs ? '\t' : ' ';
	int len = iproute_prefix_len(r->mask);
	int fl;
	if (len >= 0)
		fl = snprintf(field, sizeof field, "%s/%d", iproute_ip_str(r->addr, a), len);
	else {
		char m[16];
		fl = snprintf(field, sizeof field, "%s/%s", iproute_ip_str(r->addr, a),
			      iproute_ip_str(r->mask, m));
	}
	nfc_strbuf_puts(out, field);
	nfc_strbuf_putc(out, sep);
	/* Click pads to columns 16 and 8 (field plus its tab) with a second tab. */
	if (tabs && fl + 1 < 17)
		nfc_strbuf_putc(out, '\t');
	fl = r->gw ? (int)strlen(iproute_ip_str(r->gw, a)) : 1;
	nfc_strbuf_puts(out, r->gw ? a : "-");
	nfc_strbuf_putc(out, sep);
	if (tabs && fl + 1 < 9)
		nfc_strbuf_putc(out, '\t');
	nfc_strbuf_printf(out, "%d", (int)r->port);
}

/* ---- configuration ---- */

int iproutetable_configure(struct iproutetable *t, struct nfc_conf *conf, struct nfc_errh *errh)
{
	int before = errh->nerrors;
	for (int i = 0; i < conf->argc; i++) {
		struct iproute r;
		if (iproute_parse(&t->e, conf->argv[i], false, &r) == 0 && r.port >= 0 &&
		    r.port < t->e.noutputs)
			/* as in Click, a second route for a prefix is ignored */
			(void)t->ops->add(t, &r, false, NULL, errh);
		else
			nfc_error(errh, "argument %d should be 'ADDR/MASK [GATEWAY] OUTPUT'", i + 1);
	}
	if (t->ops->commit)
		t->ops->commit(t, errh);
	return errh->nerrors != before ? -1 : 0;
}

/* ---- commands: add, set, remove, with an undo log for ctrl ---- */

enum iprt_cmd { IPRT_ADD, IPRT_SET, IPRT_REMOVE };

struct iprt_undo {
	struct iproute r;
	enum iprt_cmd cmd; /* what was done, undone in reverse */
};

struct iprt_undo_log {
	struct iprt_undo *v;
	size_t n, cap;
};

static int iprt_log(struct iprt_undo_log *log, const struct iproute *r, enum iprt_cmd cmd)
{
	if (log->n == log->cap) {
		size_t cap = log->cap ? 2 * log->cap : 64;
		struct iprt_undo *v = realloc(log->v, cap * sizeof *v);
		if (!v)
			return -1;
		log->v = v;
		log->cap = cap;
	}
	log->v[log->n].r = *r;
	log->v[log->n].cmd = cmd;
	log->n++;
	return 0;
}

static int iprt_run(struct iproutetable *t, enum iprt_cmd cmd, const char *text,
		    struct iprt_undo_log *log, struct nfc_errh *errh)
{
	struct iproute r;
	if (iproute_parse(&t->e, text, cmd == IPRT_REMOVE, &r) < 0 ||
	    r.port < (cmd == IPRT_REMOVE ? -1 : 0) || r.port >= t->e.noutputs)
		return nfc_error(errh, "expected 'ADDR/MASK [GATEWAY%s'",
				 cmd == IPRT_REMOVE ? " OUTPUT]" : "] OUTPUT");

	int before = errh->nerrors;
	struct iproute old = { .port = -1 };
	int rc = cmd == IPRT_REMOVE ? t->ops->remove(t, &r, &old, errh)
				    : t->ops->add(t, &r, cmd == IPRT_SET, &old, errh);
	if (rc >= 0 && log) {
		/* a set that replaced nothing is undone as an add */
		bool replaced = old.port >= 0;
		if (iprt_log(log, replaced ? &old : &r, replaced ? cmd : IPRT_ADD) < 0)
			return nfc_error(errh, "out of memory");
	}
	if (rc == -EEXIST && errh->nerrors == before) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		iproute_unparse(&old, false, &sb);
		nfc_error(errh, "conflict with existing route '%s'", nfc_strbuf_str(&sb));
		nfc_strbuf_free(&sb);
	} else if (rc == -ENOENT && errh->nerrors == before) {
		struct nfc_strbuf sb = NFC_STRBUF_INIT;
		iproute_unparse(&r, false, &sb);
		nfc_error(errh, "route '%s' not found", nfc_strbuf_str(&sb));
		nfc_strbuf_free(&sb);
	}
	return rc < 0 ? rc : 0;
}

static int iprt_commit(struct iproutetable *t, struct nfc_errh *errh)
{
	return t->ops->commit ? t->ops->commit(t, errh) : 0;
}

static int iprt_write_add(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	struct iproutetable *t = (struct iproutetable *)e;
	int rc = iprt_run(t, thunk ? IPRT_SET : IPRT_ADD, value, NULL, errh);
	int crc = iprt_commit(t, errh);
	return rc < 0 ? rc : crc;
}

static int iprt_write_remove(struct nfc_element *e, void *thunk, const char *value,
			     struct nfc_errh *errh)
{
	struct iproutetable *t = (struct iproutetable *)e;
	int rc = iprt_run(t, IPRT_REMOVE, value, NULL, errh);
	int crc = iprt_commit(t, errh);
	return rc < 0 ? rc : crc;
}

/* Copy of @s without comments (// to end of line, slash-star blocks), newlines kept. */
static char *iprt_uncomment(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	while (*s) {
		if (s[0] == '/' && s[1] == '/') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			s += 2;
			*o++ = ' ';
			while (*s && !(s[0] == '*' && s[1] == '/'))
				if (*s++ == '\n')
					*o++ = '\n';
			if (*s)
				s += 2;
		} else
			*o++ = *s++;
	}
	*o = 0;
	return out;
}

/* Undo a partly applied ctrl write, newest first; the table ends as it was. */
static void iprt_rollback(struct iproutetable *t, struct iprt_undo_log *log)
{
	struct nfc_errh quiet;
	nfc_errh_init_silent(&quiet);
	while (log->n) {
		const struct iprt_undo *u = &log->v[--log->n];
		if (u->cmd == IPRT_REMOVE)
			(void)t->ops->add(t, &u->r, false, NULL, &quiet);
		else if (u->cmd == IPRT_ADD)
			(void)t->ops->remove(t, &u->r, NULL, &quiet);
		else
			(void)t->ops->add(t, &u->r, true, NULL, &quiet);
	}
	nfc_errh_destroy(&quiet);
}

/*
 * ctrl: "add ROUTE", "set ROUTE", "remove ROUTE", one per line, applied as
 * one transaction: the first failing line undoes the lines before it.
 */
static int iprt_write_ctrl(struct nfc_element *e, void *thunk, const char *value,
			   struct nfc_errh *errh)
{
	struct iproutetable *t = (struct iproutetable *)e;
	char *text = iprt_uncomment(value ? value : "");
	if (!text)
		return nfc_error(errh, "out of memory");
	struct iprt_undo_log log = { 0 };
	int rc = 0;
	for (char *line = text; line && *line && rc >= 0;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		char *w = line;
		while (isspace((unsigned char)*w))
			w++;
		char *wend = w;
		while (*wend && !isspace((unsigned char)*wend))
			wend++;
		size_t wl = (size_t)(wend - w);
		if (wl == 3 && memcmp(w, "add", 3) == 0)
			rc = iprt_run(t, IPRT_ADD, wend, &log, errh);
		else if (wl == 3 && memcmp(w, "set", 3) == 0)
			rc = iprt_run(t, IPRT_SET, wend, &log, errh);
		else if (wl == 6 && memcmp(w, "remove", 6) == 0)
			rc = iprt_run(t, IPRT_REMOVE, wend, &log, errh);
		else if (wl) {
			*wend = 0;
			rc = nfc_error(errh, "bad command '%s'", w);
		}
		line = nl ? nl + 1 : NULL;
	}
	if (rc < 0)
		iprt_rollback(t, &log);
	free(log.v);
	free(text);
	int crc = iprt_commit(t, errh);
	return rc < 0 ? rc : crc;
}

static int iprt_read_table(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct iproutetable *t = (struct iproutetable *)e;
	t->ops->dump(t, out);
	return 0;
}

static int iprt_read_lookup(struct nfc_element *e, void *thunk, const char *param,
			    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct iproutetable *t = (struct iproutetable *)e;
	const char *given = param ? param : "";
	char *text = iprt_uncomment(given);
	if (!text)
		return nfc_error(errh, "out of memory");
	char *s = text, *end = text + strlen(text);
	while (isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	uint32_t a;
	int rc = nfc_addressinfo_parse_ip(e, s, &a);
	free(text);
	if (rc < 0)
		return nfc_error(errh, "expected IP address, not '%s'", given);
	uint32_t gw = 0;
	int port = t->ops->lookup(t, a, &gw);
	if (port < 0)
		nfc_strbuf_puts(out, "-1");
	else if (gw) {
		char b[16];
		nfc_strbuf_printf(out, "%d %s", port, iproute_ip_str(gw, b));
	} else
		nfc_strbuf_printf(out, "%d", port);
	return 0;
}

void iproutetable_add_handlers(struct iproutetable *t, unsigned which)
{
	struct nfc_element *e = &t->e;
	if (which & IPRT_HANDLERS_UPDATE) {
		nfc_add_write_handler(e, "add", iprt_write_add, NULL, 0);
		nfc_add_write_handler(e, "set", iprt_write_add, (void *)1, 0);
		nfc_add_write_handler(e, "remove", iprt_write_remove, NULL, 0);
		nfc_add_write_handler(e, "ctrl", iprt_write_ctrl, NULL, 0);
	}
	if (which & IPRT_HANDLERS_QUERY) {
		nfc_add_read_handler(e, "table", iprt_read_table, NULL, 0);
		nfc_add_read_handler(e, "lookup", iprt_read_lookup, NULL, NFC_HANDLER_READ_PARAM);
	}
}

void *iproutetable_cast(struct nfc_element *e, const char *iface)
{
	return strcmp(iface, "IPRouteTable") == 0 ? (void *)e : NULL;
}

void iproutetable_no_route(struct iproutetable *t, const char *who, uint32_t addr_be, bool hex)
{
	/* several threads may get here: count atomically, print a few */
	if (__atomic_fetch_add(&t->no_route_reports, 1, __ATOMIC_RELAXED) >= IPRT_NO_ROUTE_REPORTS)
		return;
	char b[16];
	if (hex)
		nfc_message(nfc_router_errh(t->e.router), "%s: no gw for %x", who, addr_be);
	else
		nfc_message(nfc_router_errh(t->e.router), "%s: no route for %s", who,
			    iproute_ip_str(addr_be, b));
}
