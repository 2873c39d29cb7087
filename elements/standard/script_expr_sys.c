/* SPDX-License-Identifier: MIT */
/* Script's expression functions that format text or touch the system: sprintf, htons..., cat, kill. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include "script_priv.h"

int script_fn_byteorder(struct script *s, int what, const char *param, struct nfc_strbuf *out,
			struct nfc_errh *errh)
{
	char *t = script_strdup_trim(param);
	int64_t v;
	bool ok = script_parse_int(t, &v) && v >= INT32_MIN && v <= (int64_t)UINT32_MAX;
	free(t);
	if (!ok)
		return nfc_error(errh, "syntax error");
	if (what == SF_HTONS || what == SF_NTOHS)
		nfc_strbuf_printf(out, "%u", what == SF_HTONS ? htons((uint16_t)v) : ntohs((uint16_t)v));
	else
		nfc_strbuf_printf(out, "%u", what == SF_HTONL ? htonl((uint32_t)v) : ntohl((uint32_t)v));
	return 0;
}

int script_fn_cat(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		  struct nfc_errh *errh)
{
	char *file = script_unquote(param);
	if (!*file) {
		free(file);
		return nfc_error(errh, "bad FILE");
	}
	FILE *f = fopen(file, "rb");
	if (!f) {
		int err = errno;
		nfc_error(errh, "%s: %s", file, strerror(err));
		free(file);
		return -err;
	}
	struct nfc_strbuf text = NFC_STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		nfc_strbuf_append(&text, buf, n);
	fclose(f);
	free(file);
	if (what == SF_CATQ) {
		char *q = script_quote(nfc_strbuf_str(&text));
		nfc_strbuf_puts(out, q);
		free(q);
	} else
		nfc_strbuf_append(out, nfc_strbuf_str(&text), text.len);
	nfc_strbuf_free(&text);
	return 0;
}

static const struct {
	const char *name;
	int signo;
} script_signals[] = {
	{ "ABRT", SIGABRT }, { "ALRM", SIGALRM }, { "HUP", SIGHUP },   { "INT", SIGINT },
	{ "KILL", SIGKILL }, { "PIPE", SIGPIPE }, { "QUIT", SIGQUIT }, { "TERM", SIGTERM },
	{ "TSTP", SIGTSTP }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};

int script_fn_kill(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		   struct nfc_errh *errh)
{
	const char *rest = param;
	char *w = script_shift_word(&rest);
	int64_t signo = -1;
	if (!script_parse_int(w, &signo)) {
		const char *n = strncmp(w, "SIG", 3) == 0 ? w + 3 : w;
		for (size_t i = 0; i < sizeof script_signals / sizeof script_signals[0]; i++)
			if (strcmp(n, script_signals[i].name) == 0)
				signo = script_signals[i].signo;
	}
	free(w);
	if (signo < 0 || signo > 64)
		return nfc_error(errh, "bad SIGNO");
	while (!script_is_blank(rest)) {
		w = script_shift_word(&rest);
		int64_t pid;
		bool ok = script_parse_int(w, &pid) && pid > 0 && pid <= INT32_MAX;
		free(w);
		if (!ok)
			return nfc_error(errh, "bad PID");
		if (kill((pid_t)pid, (int)signo) != 0) {
			int err = errno;
			nfc_error(errh, "kill(%lld, %d): %s", (long long)pid, (int)signo,
				  strerror(err));
			return -err;
		}
	}
	return 0;
}

/* Click's sprintf: C conversions d i o u x X s %, with flags, width and
 * precision (either may be '*', taken from the arguments). Each conversion
 * is handed to printf as a format we build from those pieces only, with
 * the argument type its conversion letter expects. */
int script_fn_sprintf(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		      struct nfc_errh *errh)
{
	const char *rest = param;
	char *w = script_shift_word(&rest);
	char *format = script_unquote(w);
	free(w);
	int ret = 0;
	const char *p = format;
	while (*p) {
		if (*p != '%') {
			nfc_strbuf_putc(out, *p++);
			continue;
		}
		struct nfc_strbuf spec = NFC_STRBUF_INIT;
		nfc_strbuf_putc(&spec, *p++);
		while (*p && strchr("0#- +", *p))
			nfc_strbuf_putc(&spec, *p++);
		int64_t n;
		if (*p == '*') {
			w = script_shift_word(&rest);
			bool ok = script_parse_int(w, &n) && n >= INT32_MIN && n <= INT32_MAX;
			free(w);
			if (!ok)
				goto bad;
			nfc_strbuf_printf(&spec, "%d", (int)n);
			p++;
		} else
			while (*p >= '0' && *p <= '9')
				nfc_strbuf_putc(&spec, *p++);
		if (*p == '.') {
			p++;
			if (*p == '*') {
				w = script_shift_word(&rest);
				bool ok = script_parse_int(w, &n) && n >= 0 && n <= INT32_MAX;
				free(w);
				if (!ok)
					goto bad;
				nfc_strbuf_printf(&spec, ".%d", (int)n);
				p++;
			} else {
				nfc_strbuf_putc(&spec, '.');
				while (*p >= '0' && *p <= '9')
					nfc_strbuf_putc(&spec, *p++);
			}
		}
		bool is_short = false;
		while (*p == 'h' || *p == 'l' || *p == 'L' || *p == 'q') {
			is_short = *p == 'h';
			p++;
		}
		char conv = *p;
		if (conv && strchr("oxXudi", conv)) {
			w = script_shift_word(&rest);
			bool ok = script_parse_int(w, &n);
			free(w);
			if (!ok)
				goto bad;
			nfc_strbuf_printf(&spec, "ll%c", conv);
			if (conv == 'd' || conv == 'i')
				nfc_strbuf_printf(out, spec.s, is_short ? (long long)(short)n : (long long)n);
			else
				nfc_strbuf_printf(out, spec.s,
						  is_short ? (unsigned long long)(unsigned short)n
							   : (unsigned long long)n);
		} else if (conv == '%')
			nfc_strbuf_putc(out, '%');
		else if (conv == 's') {
			w = script_shift_word(&rest);
			char *str = script_unquote(w);
			free(w);
			nfc_strbuf_putc(&spec, 's');
			nfc_strbuf_printf(out, spec.s, str);
			free(str);
		} else
			goto bad;
		nfc_strbuf_free(&spec);
		p++;
		continue;
	bad:
		nfc_strbuf_free(&spec);
		ret = nfc_error(errh, "syntax error");
		goto done;
	}
	if (!script_is_blank(rest))
		ret = nfc_error(errh, "syntax error");
done:
	free(format);
	return ret;
}
