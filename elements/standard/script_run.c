/* SPDX-License-Identifier: MIT */
/* Script execution: stepping through instructions, timers, the driver hook, packets. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "script_priv.h"

/* "While executing 's :: Script':" for errors of timer- and packet-driven runs. */
struct script_ctx {
	struct nfc_errh errh;
	char text[300];
};

static struct nfc_errh *script_ctx_init(struct script_ctx *c, struct script *s)
{
	char d[256];
	snprintf(c->text, sizeof c->text, "While executing '%s':",
		 nfc_element_declaration(&s->e, d, sizeof d));
	nfc_errh_init_context(&c->errh, nfc_router_errh(s->e.router), NULL, c->text);
	return &c->errh;
}

static FILE *script_open_output(const char **text, struct nfc_errh *errh, bool *opened)
{
	*opened = false;
	if ((*text)[0] != '>')
		return stdout;
	bool append = (*text)[1] == '>';
	*text += append ? 2 : 1;
	char *file = script_shift_word(text);
	FILE *f = stdout;
	if (*file && strcmp(file, "-") != 0) {
		f = fopen(file, append ? "ab" : "wb");
		if (!f)
			nfc_error(errh, "%s: %s", file, strerror(errno));
		*opened = f != NULL;
	}
	free(file);
	return f;
}

static void script_do_print(struct script *s, const struct script_insn *in, struct nfc_errh *errh)
{
	const char *text = in->text ? in->text : "";
	bool opened;
	FILE *f = script_open_output(&text, errh, &opened);
	if (!f)
		return;
	bool unquote = in->op == SCRIPT_PRINTQ || in->op == SCRIPT_PRINTNQ;
	bool newline = in->op == SCRIPT_PRINT || in->op == SCRIPT_PRINTQ;
	struct nfc_strbuf result = NFC_STRBUF_INIT;
	int before = errh->nerrors;
	/* A leading letter, '@' or '_' names a handler; anything else is text. */
	if (isalpha((unsigned char)text[0]) || text[0] == '@' || text[0] == '_') {
		char *call = script_expand(s, text, false, errh);
		bool found;
		script_call_handler(s, call, false, unquote, &result, NULL, &found, errh);
		free(call);
	} else {
		char *t = script_expand(s, text, true, errh);
		char *u = script_unquote(t);
		nfc_strbuf_puts(&result, u);
		free(u);
		free(t);
	}
	if (newline && errh->nerrors == before && (!result.len || result.s[result.len - 1] != '\n'))
		nfc_strbuf_putc(&result, '\n');
	fwrite(nfc_strbuf_str(&result), 1, result.len, f);
	if (opened)
		fclose(f);
	else
		fflush(f);
	nfc_strbuf_free(&result);
}

static void script_do_read(struct script *s, const struct script_insn *in, struct nfc_errh *errh)
{
	char *call = script_expand(s, in->text, false, errh);
	struct nfc_strbuf result = NFC_STRBUF_INIT, name = NFC_STRBUF_INIT;
	bool found;
	script_call_handler(s, call, false, in->op == SCRIPT_READQ, &result, &name, &found, errh);
	/* Click's format: "NAME:\nVALUE\n", then the message's own newline. */
	if (found)
		nfc_message(nfc_router_errh(s->e.router), "%s:\n%s\n\n", nfc_strbuf_str(&name),
			    nfc_strbuf_str(&result));
	nfc_strbuf_free(&result);
	nfc_strbuf_free(&name);
	free(call);
}

static void script_do_write(struct script *s, const struct script_insn *in, struct nfc_errh *errh)
{
	char *call = script_expand(s, in->text, false, errh);
	bool found;
	int status = script_call_handler(s, call, true, in->op == SCRIPT_WRITEQ, NULL, NULL, &found,
					 errh);
	if (found)
		s->write_status = status;
	free(call);
}

bool script_schedule_wait(struct script *s, const struct script_insn *in,
				 struct nfc_errh *errh)
{
	char *t = script_expand(s, in->text, false, errh);
	int64_t ns;
	bool ok = nfc_parse_time_ns(t, &ns) == 0 && ns >= 0;
	if (ok)
		nfc_timer_schedule_after(&s->timer, ns);
	else
		nfc_error(errh, "wait: expected time, got '%s'", t);
	free(t);
	return ok;
}

/*
 * Run instructions until the script blocks, finishes or has used its
 * steps; @nsteps is how many blocking instructions it may pass. Follows
 * Click's Script::step: returns the jump count for re-entrant steps, and
 * sets s->blocked when the script stopped at a blocking instruction (it
 * stays runnable) rather than finishing.
 */
static int script_step(struct script *s, int nsteps, enum script_step_kind kind, int njumps,
		       struct nfc_errh *errh)
{
	nsteps += s->step_count;
	s->blocked = false;
	while (nsteps - s->step_count >= 0 && s->insn_pos < s->ninsns &&
	       njumps < SCRIPT_MAX_JUMPS) {
		/* advance first: a handler we call may move the script */
		int ipos = s->insn_pos++;
		struct script_insn *in = &s->insns[ipos];
		switch (in->op) {
		case SCRIPT_STOP:
			s->step_count++;
			s->insn_pos--;
			if (kind != SCRIPT_STEP_ROUTER)
				nfc_router_please_stop(s->e.router);
			return njumps + 1;
		case SCRIPT_WAIT_STEP:
			while (s->step_count < nsteps && in->arg2 < in->arg) {
				in->arg2++;
				s->step_count++;
			}
			if (s->step_count == nsteps && in->arg2 < in->arg) {
				s->insn_pos--;
				goto blocked;
			}
			break;
		case SCRIPT_WAIT_TIME:
			if (s->step_count == nsteps) {
				if (script_schedule_wait(s, in, errh))
					s->insn_pos--;
				goto blocked;
			}
			s->step_count++;
			nfc_timer_unschedule(&s->timer);
			break;
		case SCRIPT_INITIAL:
			if (in->arg) {
				s->step_count++;
				in->arg = 0;
			}
			break;
		case SCRIPT_PRINT:
		case SCRIPT_PRINTQ:
		case SCRIPT_PRINTN:
		case SCRIPT_PRINTNQ:
			script_do_print(s, in, errh);
			break;
		case SCRIPT_READ:
		case SCRIPT_READQ:
			script_do_read(s, in, errh);
			break;
		case SCRIPT_WRITE:
		case SCRIPT_WRITEQ:
			script_do_write(s, in, errh);
			break;
		case SCRIPT_RETURN:
		case SCRIPT_RETURNQ:
		case SCRIPT_SET:
		case SCRIPT_SETQ: {
			char *v = script_expand(s, in->text, false, errh);
			if (in->op == SCRIPT_SETQ || in->op == SCRIPT_RETURNQ) {
				char *u = script_unquote(v);
				free(v);
				v = u;
			}
			script_set_var(s, in->arg, v);
			if ((in->op == SCRIPT_RETURN || in->op == SCRIPT_RETURNQ) &&
			    s->insn_pos == ipos + 1) {
				s->insn_pos--;
				goto blocked;
			}
			break;
		}
		case SCRIPT_GOTO: {
			char *cond = in->text ? script_expand(s, in->text, false, errh) : strdup("");
			char *c = script_strdup_trim(cond);
			bool yes = true;
			free(cond);
			if (*c && !script_parse_bool(c, &yes)) {
				nfc_error(errh, "bad condition '%s'", c);
				yes = false;
			}
			free(c);
			if (!yes)
				break;
			if (in->arg < 0) {
				/* goto exit/end/stop/error: finish here, as that instruction */
				s->insn_pos--;
				if (in->arg == SCRIPT_TO_STOP && kind != SCRIPT_STEP_ROUTER)
					nfc_router_please_stop(s->e.router);
				return njumps + 1;
			}
			/* pauses between the target and here count from zero again */
			for (int i = in->arg; i < ipos; i++)
				if (s->insns[i].op == SCRIPT_WAIT_STEP)
					s->insns[i].arg2 = 0;
			s->insn_pos = in->arg;
			break;
		}
		case SCRIPT_ERROR:
		case SCRIPT_ERRORQ: {
			char *msg = script_expand(s, in->text ? in->text : "", false, errh);
			if (in->op == SCRIPT_ERRORQ) {
				char *u = script_unquote(msg);
				free(msg);
				msg = u;
			}
			if (*msg)
				nfc_error(errh, "%s", msg);
			free(msg);
			s->insn_pos--;
			return njumps + 1;
		}
		case SCRIPT_END:
		case SCRIPT_EXIT:
			s->insn_pos--;
			return njumps + 1;
		case SCRIPT_LABEL:
		case SCRIPT_INIT:
		case SCRIPT_INITQ:
		case SCRIPT_EXPORT:
		case SCRIPT_EXPORTQ:
			break;
		}
		if (s->insn_pos != ipos + 1)
			njumps++;
	}

blocked:
	s->blocked = true;
	if (njumps >= SCRIPT_MAX_JUMPS) {
		char d[256];
		nfc_error(nfc_router_errh(s->e.router), "%s: too many jumps, giving up",
			  nfc_element_declaration(&s->e, d, sizeof d));
		s->insn_pos = s->ninsns;
		if (s->timer_initialized)
			nfc_timer_unschedule(&s->timer);
	}
	return njumps + 1;
}

/* How the last run ended: -1 error, 1 stop, 0 otherwise; @retval gets the
 * return value (PACKET scripts: "0" after end). */
static int script_complete(struct script *s, struct nfc_strbuf *retval)
{
	int last = -1;
	if (s->insn_pos >= 0 && s->insn_pos < s->ninsns) {
		const struct script_insn *in = &s->insns[s->insn_pos];
		last = (int)in->op;
		if (in->op == SCRIPT_GOTO && in->arg < 0)
			last = in->arg == SCRIPT_TO_EXIT   ? SCRIPT_EXIT
			       : in->arg == SCRIPT_TO_END  ? SCRIPT_END
			       : in->arg == SCRIPT_TO_STOP ? SCRIPT_STOP
							   : SCRIPT_ERROR;
	}
	if (retval) {
		if (last == SCRIPT_RETURN || last == SCRIPT_RETURNQ) {
			int i = script_find_var(s, "_", false);
			if (i >= 0)
				nfc_strbuf_puts(retval, s->vars[i].value);
		} else if (last == SCRIPT_END && s->type == SCRIPT_PACKET)
			nfc_strbuf_putc(retval, '0');
	}
	if (last == SCRIPT_ERROR || last == SCRIPT_ERRORQ)
		return -1;
	return last == SCRIPT_STOP ? 1 : 0;
}

/* Step with re-entrancy: "step" writes made while the script runs add
 * steps to this run instead of nesting (Click's _cur_steps). */
static void script_run_steps(struct script *s, int nsteps, enum script_step_kind kind,
			     struct nfc_errh *errh)
{
	int cur = nsteps, njumps = 0;
	s->cur_steps = &cur;
	while ((nsteps = cur) >= 0) {
		cur = -1;
		njumps = script_step(s, nsteps, kind, njumps, errh);
		kind = SCRIPT_STEP_NORMAL;
	}
	s->cur_steps = NULL;
}

static void script_set_run(struct script *s, const char *hname, const char *args, bool write)
{
	free(s->run_handler_name);
	s->run_handler_name = strdup(hname ? hname : "");
	free(s->run_args);
	s->run_args = strdup(args ? args : "");
	s->run_write = write;
}

int script_step_handler(struct script *s, enum script_run_what what, const char *hname,
			const char *param, bool write, struct nfc_strbuf *out,
			struct nfc_errh *errh)
{
	char *data = script_strdup_trim(param);
	int nsteps = 0;
	enum script_step_kind kind = SCRIPT_STEP_JUMP;
	if (s->cur_steps && what != SCRIPT_H_STEP) {
		free(data);
		return nfc_error(errh, "'%s' called while the script is running", hname);
	}
	if (what == SCRIPT_H_GOTO) {
		int target = script_find_label(s, data);
		if (target < 0 || target >= s->ninsns) {
			nfc_error(errh, "jump to nonexistent label '%s'", data);
			free(data);
			return -1;
		}
		for (int i = target; i < s->ninsns; i++)
			if (s->insns[i].op == SCRIPT_WAIT_STEP)
				s->insns[i].arg2 = 0;
		s->insn_pos = target;
		script_set_run(s, hname, NULL, write);
	} else if (what == SCRIPT_H_RUN) {
		s->insn_pos = 0;
		script_set_run(s, hname, param, write);
	} else {
		int64_t n = 1;
		if (*data && strcmp(data, "router") != 0 &&
		    (!script_parse_int(data, &n) || n < 0 || n > INT32_MAX)) {
			free(data);
			return nfc_error(errh, "step: expected step count, got '%s'", param);
		}
		nsteps = (int)n;
		kind = SCRIPT_STEP_NORMAL;
	}
	free(data);
	if (!s->cur_steps)
		script_run_steps(s, nsteps, kind, errh);
	else
		*s->cur_steps += nsteps;
	struct nfc_strbuf ret = NFC_STRBUF_INIT;
	int r = script_complete(s, &ret);
	if (out && !write)
		nfc_strbuf_puts(out, nfc_strbuf_str(&ret));
	nfc_strbuf_free(&ret);
	return r < 0 ? -1 : 0;
}

void script_timer_fire(struct nfc_timer *t, void *arg)
{
	struct script *s = arg;
	/* a goto or run may have moved the script off its wait meanwhile */
	if (s->insn_pos >= s->ninsns || s->cur_steps ||
	    (s->insns[s->insn_pos].op != SCRIPT_WAIT_TIME &&
	     s->insns[s->insn_pos].op != SCRIPT_INITIAL))
		return;
	struct script_ctx ctx;
	struct nfc_errh *errh = script_ctx_init(&ctx, s);
	script_run_steps(s, 1, SCRIPT_STEP_TIMER, errh);
	script_complete(s, NULL);
}

/* The router's stop requests step a driver script; it keeps the router
 * running only while it blocks (Click's runcount protocol). */
bool script_driver_hook(void *arg, int nstops)
{
	struct script *s = arg;
	struct script_ctx ctx;
	struct nfc_errh *errh = script_ctx_init(&ctx, s);
	for (int i = 0; i < nstops; i++) {
		if (s->insn_pos >= s->ninsns)
			return false;
		script_run_steps(s, 1, SCRIPT_STEP_ROUTER, errh);
		if (!s->blocked || s->insn_pos >= s->ninsns)
			return false;
	}
	return true;
}

/* ---- packets ---- */

/* Run a PACKET script for one packet from @port; the output port or -1. */
static int script_packet_port(struct script *s, int port, struct nfc_errh *errh)
{
	if (s->input_var < 0)
		s->input_var = script_find_var(s, "input", true);
	if (s->input_var >= 0) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", port);
		script_set_var(s, s->input_var, strdup(buf));
	}
	s->insn_pos = 0;
	script_run_steps(s, 0, SCRIPT_STEP_JUMP, errh);
	struct nfc_strbuf ret = NFC_STRBUF_INIT;
	script_complete(s, &ret);
	char *t = script_strdup_trim(nfc_strbuf_str(&ret));
	int64_t out;
	if (!script_parse_int(t, &out) || out < 0 || out >= s->e.noutputs)
		out = -1;
	free(t);
	nfc_strbuf_free(&ret);
	return (int)out;
}

void script_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct script *s = (struct script *)e;
	struct script_ctx ctx;
	struct nfc_errh *errh = script_ctx_init(&ctx, s);
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++)
		ports[i] = s->cur_steps ? -1 : script_packet_port(s, port, errh);
	nfc_push_split(e, b, ports);
}

unsigned script_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	struct script *s = (struct script *)e;
	struct nfc_batch in;
	nfc_batch_init(&in);
	unsigned n = nfc_pull(e, 0, &in, max), kept = 0;
	if (!n)
		return 0;
	struct script_ctx ctx;
	struct nfc_errh *errh = script_ctx_init(&ctx, s);
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = in.pkts[i];
		int o = s->cur_steps ? -1 : script_packet_port(s, 0, errh);
		if (o == 0) {
			nfc_batch_add(out, p);
			kept++;
		} else if (o > 0)
			nfc_push_packet(e, o, p); /* outputs past 0 are push */
		else
			nfc_packet_kill(p);
	}
	return kept;
}
