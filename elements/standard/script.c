/* SPDX-License-Identifier: MIT */
/* Script: a small instruction language that drives a router through its handlers. */

/*
 * =c
 * Script([TYPE type,] INSTRUCTIONS...)
 * =s control
 * scripts a router configuration
 * =d
 * Runs a list of instructions, one per configuration argument: set
 * variables, read and write handlers, wait for time to pass or for someone
 * to step the script, branch, and stop the router.
 *
 * Instruction arguments undergo substitution when the instruction runs:
 * "$x" and "${x}" are script variables, "$(HANDLER ARGS)" is the value of
 * a read handler (nested references such as "$($x 1)" work). A handler
 * name without a dot names one of this script's own handlers if it has one,
 * else a global handler; element names resolve relative to the script's
 * compound. Inside double quotes a substituted value is quoted so it
 * survives a later unquote. Special variables: "$?" (status of the last
 * write), "$args", "$1".."$9", "$#" (arguments and count of the "run"
 * call), "$0" (handler name), "$write" (true when run through a write),
 * "$input" (input port, PACKET scripts), "$$" (process id).
 *
 * Handler instructions. The "q" forms remove one layer of quotes after
 * substitution.
 *
 *   set VAR TEXT, setq VAR TEXT   assign a variable
 *   init VAR TEXT, initq          assign once, when the router initializes
 *   export VAR [TEXT], exportq    like init, and add a read handler VAR
 *   print [>FILE|>>FILE] [TEXT|HANDLER], printq
 *                                 print TEXT, or a read handler's value when
 *                                 the argument starts with a letter, '@' or
 *                                 '_', plus a newline, to standard output or
 *                                 FILE (">>" appends)
 *   printn ..., printnq ...       print without the newline
 *   read HANDLER [ARGS], readq    print "HANDLER:\nVALUE" to standard error
 *   write HANDLER [ARGS], writeq  call a write handler; "$?" is its status
 *   save HANDLER [FILE]           print a handler's value into FILE
 *   append HANDLER [FILE]         append a handler's value to FILE
 *
 * Blocking instructions.
 *
 *   pause [COUNT]                 wait until stepped COUNT times (also
 *                                 wait_step, wait_stop, wait_pause)
 *   wait TIME                     wait TIME (or a step); "wait" alone pauses
 *                                 (also wait_time, wait_for)
 *
 * Control instructions.
 *
 *   label LABEL                   a jump target
 *   goto LABEL [CONDITION]        jump when CONDITION (a boolean) is true or
 *                                 absent; LABEL may also be exit, end, stop,
 *                                 error (finish as that instruction) or
 *                                 begin/loop (the first instruction). 1000
 *                                 jumps without blocking disable the script.
 *   loop                          jump to the first instruction
 *   end                           finish; a PACKET script emits the packet
 *                                 on output 0. Falling off the end is "end".
 *   exit                          finish; a PACKET script drops the packet
 *   stop                          finish and ask the driver to stop
 *   return [VALUE], returnq       finish; VALUE is the "run" handler's
 *                                 result, or a PACKET script's output port
 *   error [MSG], errorq           finish with an error, reporting MSG
 *
 * Expression functions, usable as "$(NAME ARGS)" inside the script and as
 * read handlers with parameters from elsewhere: add, sub, min, max, mul,
 * div, idiv (list arithmetic; integers when every operand is one, div
 * gives a real, idiv truncates), mod, rem, neg, abs; eq, ne, lt, le, gt,
 * ge (numeric when both sides are numbers, else string comparison); not,
 * and, or, nand, nor, if (COND A B), in (WORD LIST...), first, length,
 * unquote, random ([N] or [N1 N2]), now, sprintf (FORMAT ARGS...),
 * htons, htonl, ntohs, ntohl, readable and writable (do the named handlers
 * exist), cat and catq (a file's contents), kill (SIGNAL PID...); get VAR,
 * shift [VAR] (remove and return the first word), and the write handler
 * set (VAR VALUE).
 *
 * =item TYPE
 * When the script runs. ACTIVE (the default) starts when the router is
 * initialized. PASSIVE runs when its "run" handler is called; the handler
 * returns the "return" value. PACKET scripts have ports: they run for each
 * packet, and the "return" value chooses the output port (end: port 0;
 * exit, or a bad port: drop). A Script with ports and no TYPE is a PACKET
 * script. PROXY scripts run for calls of any handler name they do not
 * define themselves ("$0" is the name). DRIVER scripts also decide when the
 * router stops: stop requests step them, and the router stops only when the
 * script finishes (see DriverManager). A router has at most one driver.
 * =h step write-only
 * Steps past the current pause or wait (a count steps that many times).
 * =h goto write-only
 * Moves to the named label and runs from there.
 * =h run read/write
 * Runs the script from the start with the given arguments; reading returns
 * the "return" value.
 * =h add read-only
 * (and the other expression functions) Evaluates the function on the
 * parameter, as in "$(s.add 1 2)".
 * =h get read-only
 * Returns the named variable.
 * =h set write-only
 * Sets a variable: "VAR VALUE".
 * =h shift read-only
 * Removes and returns the first word of a variable ("args" by default).
 * =e
 *   s :: Script(set x 0, label top, print $x, set x $(add $x 1),
 *               goto top $(lt $x 5), stop);
 *
 *   sum :: Script(TYPE PASSIVE, return $(add $(c1.count) $(c2.count)));
 * =a DriverManager
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "script_priv.h"

static const struct nfc_arg_spec script_args[] = {
	{ .keyword = "TYPE", .type = NFC_ARG_RAW, .offset = offsetof(struct script, type_text),
	  .doc = "ACTIVE, PASSIVE, PACKET, PROXY or DRIVER" },
	NFC_ARGS_END
};

/* ---- variables ---- */

int script_find_var(struct script *s, const char *name, bool add)
{
	for (int i = 0; i < s->nvars; i++)
		if (strcmp(s->vars[i].name, name) == 0)
			return i;
	if (!add)
		return -1;
	if (s->nvars == s->vars_cap) {
		int ncap = s->vars_cap ? s->vars_cap * 2 : 8;
		struct script_var *n = realloc(s->vars, (size_t)ncap * sizeof *n);
		if (!n)
			return -1;
		s->vars = n;
		s->vars_cap = ncap;
	}
	s->vars[s->nvars].name = strdup(name);
	s->vars[s->nvars].value = strdup("");
	return s->nvars++;
}

void script_set_var(struct script *s, int index, char *value)
{
	free(s->vars[index].value);
	s->vars[index].value = value;
}

/* ---- configuration ---- */

/* Parsing-only instruction kinds that turn into the ones in script_op. */
enum {
	P_WAIT = 100, /* pause without argument, wait_time with one */
	P_LOOP,
	P_SAVE,
	P_APPEND,
};

static const struct {
	const char *name;
	int op;
} script_insn_names[] = {
	{ "append", P_APPEND },		 { "end", SCRIPT_END },
	{ "error", SCRIPT_ERROR },	 { "errorq", SCRIPT_ERRORQ },
	{ "exit", SCRIPT_EXIT },	 { "export", SCRIPT_EXPORT },
	{ "exportq", SCRIPT_EXPORTQ },	 { "goto", SCRIPT_GOTO },
	{ "init", SCRIPT_INIT },	 { "initq", SCRIPT_INITQ },
	{ "label", SCRIPT_LABEL },	 { "loop", P_LOOP },
	{ "pause", SCRIPT_WAIT_STEP },	 { "print", SCRIPT_PRINT },
	{ "printn", SCRIPT_PRINTN },	 { "printnq", SCRIPT_PRINTNQ },
	{ "printq", SCRIPT_PRINTQ },	 { "read", SCRIPT_READ },
	{ "readq", SCRIPT_READQ },	 { "return", SCRIPT_RETURN },
	{ "returnq", SCRIPT_RETURNQ },	 { "save", P_SAVE },
	{ "set", SCRIPT_SET },		 { "setq", SCRIPT_SETQ },
	{ "stop", SCRIPT_STOP },	 { "wait", P_WAIT },
	{ "wait_for", SCRIPT_WAIT_TIME }, { "wait_pause", SCRIPT_WAIT_STEP },
	{ "wait_step", SCRIPT_WAIT_STEP }, { "wait_stop", SCRIPT_WAIT_STEP },
	{ "wait_time", SCRIPT_WAIT_TIME }, { "write", SCRIPT_WRITE },
	{ "writeq", SCRIPT_WRITEQ },
};

static void script_add_insn(struct script *s, enum script_op op, int arg, char *text)
{
	/* A script that does not start by waiting gets an INITIAL instruction:
	 * starting the script is its first step. */
	if (s->ninsns == 0 && op != SCRIPT_INITIAL && op != SCRIPT_WAIT_STEP &&
	    op != SCRIPT_WAIT_TIME)
		script_add_insn(s, SCRIPT_INITIAL, 0, NULL);
	struct script_insn *n = realloc(s->insns, (size_t)(s->ninsns + 1) * sizeof *n);
	if (!n) {
		free(text);
		return;
	}
	s->insns = n;
	s->insns[s->ninsns++] = (struct script_insn){ .op = op, .arg = arg, .text = text };
}

/* Index of @label, a SCRIPT_TO_* pseudo-label, or -1000 when unknown. */
int script_find_label(const struct script *s, const char *label)
{
	for (int i = 0; i < s->ninsns; i++)
		if (s->insns[i].op == SCRIPT_LABEL && strcmp(s->insns[i].text, label) == 0)
			return i;
	static const struct {
		const char *name;
		int target;
	} pseudo[] = { { "exit", SCRIPT_TO_EXIT },   { "end", SCRIPT_TO_END },
		       { "stop", SCRIPT_TO_STOP },   { "error", SCRIPT_TO_ERROR },
		       { "errorq", SCRIPT_TO_ERROR }, { "begin", 0 },
		       { "loop", 0 } };
	for (size_t i = 0; i < sizeof pseudo / sizeof pseudo[0]; i++)
		if (strcmp(label, pseudo[i].name) == 0)
			return pseudo[i].target;
	return -1000;
}

static int script_parse_type(struct script *s, const char *text, struct nfc_errh *errh)
{
	static const struct {
		const char *name;
		enum script_type type;
	} types[] = { { "ACTIVE", SCRIPT_ACTIVE }, { "PASSIVE", SCRIPT_PASSIVE },
		      { "PACKET", SCRIPT_PACKET }, { "PUSH", SCRIPT_PACKET },
		      { "PROXY", SCRIPT_PROXY },   { "DRIVER", SCRIPT_DRIVER } };
	char *t = script_strdup_trim(text);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0) {
			s->type = types[i].type;
			s->type_given = true;
			free(t);
			return 0;
		}
	if (strncmp(t, "SIGNAL", 6) == 0 && (!t[6] || isspace((unsigned char)t[6])))
		nfc_error(errh, "TYPE SIGNAL is not supported");
	else
		nfc_error(errh, "bad TYPE '%s' (expected ACTIVE, PASSIVE, PACKET, PROXY or DRIVER)",
			  t);
	free(t);
	return -1;
}

/* Parse one instruction argument; report problems to errh. */
static void script_parse_insn(struct script *s, const char *arg, struct nfc_errh *errh)
{
	const char *rest = arg;
	char *name = script_shift_word(&rest);
	int op = -1;
	if (!*name) { /* an empty argument is harmless */
		free(name);
		return;
	}
	for (size_t i = 0; i < sizeof script_insn_names / sizeof script_insn_names[0]; i++)
		if (strcmp(name, script_insn_names[i].name) == 0)
			op = script_insn_names[i].op;
	char *text = script_strdup_trim(rest);
	bool blank = !*text;

	switch (op) {
	case -1:
		nfc_error(errh, "unknown instruction '%s'", name);
		break;
	case P_WAIT:
		if (!blank)
			goto wait_time;
		/* fall through */
	case SCRIPT_WAIT_STEP: {
		int64_t n = 1;
		if (!blank && (!script_parse_int(text, &n) || n < 0 || n > INT32_MAX)) {
			nfc_error(errh, "syntax error at '%s': expected '%s [COUNT]'", name, name);
			break;
		}
		script_add_insn(s, SCRIPT_WAIT_STEP, (int)n, NULL);
		break;
	}
	case SCRIPT_WAIT_TIME:
	wait_time: {
		int64_t ns;
		if (blank)
			nfc_error(errh, "syntax error at '%s': expected '%s TIME'", name, name);
		else if (!strchr(text, '$') && nfc_parse_time_ns(text, &ns) < 0)
			nfc_error(errh, "%s: expected time, got '%s'", name, text);
		else {
			script_add_insn(s, SCRIPT_WAIT_TIME, 0, text);
			text = NULL;
		}
		break;
	}
	case SCRIPT_WRITE:
	case SCRIPT_WRITEQ:
	case SCRIPT_READ:
	case SCRIPT_READQ:
		if (blank) {
			nfc_error(errh, "syntax error at '%s': expected '%s HANDLER [ARGS]'", name,
				  name);
			break;
		}
		/* fall through */
	case SCRIPT_PRINT:
	case SCRIPT_PRINTQ:
	case SCRIPT_PRINTN:
	case SCRIPT_PRINTNQ:
	case SCRIPT_GOTO:
		if (op == SCRIPT_GOTO && blank) {
			nfc_error(errh, "syntax error at 'goto': expected 'goto LABEL [CONDITION]'");
			break;
		}
		script_add_insn(s, op, 0, text);
		text = NULL;
		break;
	case P_SAVE:
	case P_APPEND: {
		/* "save HANDLER [FILE]" is "print >FILE HANDLER" */
		const char *r = text;
		char *handler = script_shift_word(&r);
		if (!*handler)
			nfc_error(errh, "syntax error at '%s': expected '%s HANDLER [FILE]'", name,
				  name);
		else {
			struct nfc_strbuf sb = NFC_STRBUF_INIT;
			nfc_strbuf_printf(&sb, "%s%s %s", op == P_SAVE ? ">" : ">>", *r ? r : "-",
					  handler);
			script_add_insn(s, SCRIPT_PRINT, 0, nfc_strbuf_take(&sb));
		}
		free(handler);
		break;
	}
	case SCRIPT_RETURN:
	case SCRIPT_RETURNQ: {
		int var = script_find_var(s, "_", true);
		if (var < 0) {
			nfc_error(errh, "out of memory");
			break;
		}
		script_add_insn(s, op, var, text);
		text = NULL;
		break;
	}
	case SCRIPT_SET:
	case SCRIPT_SETQ:
	case SCRIPT_INIT:
	case SCRIPT_INITQ:
	case SCRIPT_EXPORT:
	case SCRIPT_EXPORTQ: {
		const char *r = text;
		char *var = script_shift_word(&r);
		if (!*var || ((op == SCRIPT_SET || op == SCRIPT_SETQ) && !*r))
			nfc_error(errh, "syntax error at '%s': expected '%s VAR %s'", name, name,
				  op == SCRIPT_SET || op == SCRIPT_SETQ ? "TEXT" : "[TEXT]");
		else {
			int index = script_find_var(s, var, true);
			if (index < 0)
				nfc_error(errh, "out of memory");
			else
				script_add_insn(s, op, index, strdup(r));
		}
		free(var);
		break;
	}
	case SCRIPT_LABEL: {
		const char *r = text;
		char *label = script_shift_word(&r);
		if (!*label || *r) {
			nfc_error(errh, "syntax error at 'label': expected 'label LABEL'");
			free(label);
		} else
			script_add_insn(s, SCRIPT_LABEL, 0, label);
		break;
	}
	case P_LOOP:
	case SCRIPT_END:
	case SCRIPT_EXIT:
	case SCRIPT_STOP:
		if (!blank) {
			nfc_error(errh, "syntax error at '%s': '%s' takes no arguments", name, name);
			break;
		}
		/* "loop" is a goto to the first instruction */
		script_add_insn(s, op == P_LOOP ? SCRIPT_GOTO : op, 0, NULL);
		break;
	case SCRIPT_ERROR:
	case SCRIPT_ERRORQ:
		script_add_insn(s, op, 0, text);
		text = NULL;
		break;
	}
	free(text);
	free(name);
}

/* Resolve goto labels: the label word leaves the text, the condition stays. */
static void script_resolve_gotos(struct script *s, struct nfc_errh *errh)
{
	for (int i = 0; i < s->ninsns; i++) {
		struct script_insn *in = &s->insns[i];
		if (in->op != SCRIPT_GOTO || !in->text)
			continue;
		const char *r = in->text;
		char *label = script_shift_word(&r);
		char *cond = strdup(r);
		in->arg = script_find_label(s, label);
		if (in->arg == -1000)
			nfc_error(errh, "no such label '%s'", label);
		free(label);
		free(in->text);
		in->text = cond;
	}
}

static bool script_is_script(const struct nfc_element *x)
{
	return x->cls->configure == script_configure;
}

int script_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct script *s = (struct script *)e;
	int before = errh->nerrors;
	s->type = strcmp(e->cls->name, "DriverManager") == 0 ? SCRIPT_DRIVER : SCRIPT_ACTIVE;
	s->input_var = -1;

	/* The table parser takes TYPE (anywhere) and leaves the instructions. */
	int *rest = calloc((size_t)conf->argc + 1, sizeof *rest);
	if (!rest)
		return nfc_error(errh, "out of memory");
	if (nfc_args_parse(e, conf, script_args, errh, rest) < 0) {
		free(rest);
		return -1;
	}
	if (s->type_text && script_parse_type(s, s->type_text, errh) < 0) {
		free(rest);
		return -1;
	}
	/* Click's PACKET scripts need TYPE PACKET; a Script placed on a packet
	 * path without a TYPE can only mean that. */
	if (!s->type_given && e->ninputs > 0)
		s->type = SCRIPT_PACKET;

	if (s->type == SCRIPT_DRIVER) {
		struct nfc_router *r = e->router;
		for (int i = 0; i < nfc_router_nelements(r); i++) {
			struct nfc_element *x = nfc_router_element(r, i);
			if (x && x != e && script_is_script(x) && ((struct script *)x)->is_driver) {
				char d[256];
				nfc_error(errh, "router has more than one driver script (other: '%s')",
					  nfc_element_declaration(x, d, sizeof d));
				free(rest);
				return -1;
			}
		}
		s->is_driver = true;
	}
	if (s->type == SCRIPT_PACKET && e->ninputs == 0)
		nfc_error(errh, "PACKET script must have inputs");
	else if (s->type != SCRIPT_PACKET && (e->ninputs || e->noutputs))
		nfc_error(errh, "ports allowed only on PACKET scripts");

	for (int i = 0; rest[i] >= 0; i++)
		script_parse_insn(s, conf->argv[rest[i]], errh);
	free(rest);
	script_resolve_gotos(s, errh);

	if (s->ninsns == 0 && s->type == SCRIPT_DRIVER)
		script_add_insn(s, SCRIPT_WAIT_STEP, 1, NULL);
	script_add_insn(s, s->type == SCRIPT_DRIVER ? SCRIPT_STOP : SCRIPT_END, 0, NULL);
	return errh->nerrors > before ? -1 : 0;
}

/* ---- life cycle and handlers ---- */

int script_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct script *s = (struct script *)e;
	s->insn_pos = 0;
	s->step_count = 0;
	nfc_rng_seed(&s->rng, e->router, nfc_rng_stream(e->name, 0));
	nfc_timer_init(&s->timer, e, script_timer_fire, s);
	s->timer_initialized = true;

	for (int i = 0; i < s->ninsns; i++) {
		struct script_insn *in = &s->insns[i];
		if (in->op != SCRIPT_INIT && in->op != SCRIPT_INITQ && in->op != SCRIPT_EXPORT &&
		    in->op != SCRIPT_EXPORTQ)
			continue;
		char *v = script_expand(s, in->text, false, errh);
		if (in->op == SCRIPT_INITQ || in->op == SCRIPT_EXPORTQ) {
			char *u = script_unquote(v);
			free(v);
			v = u;
		}
		script_set_var(s, in->arg, v);
	}

	if (s->type == SCRIPT_ACTIVE || s->type == SCRIPT_DRIVER) {
		struct script_insn *first = &s->insns[0];
		if (first->op == SCRIPT_WAIT_TIME)
			script_schedule_wait(s, first, errh);
		else if (first->op == SCRIPT_INITIAL) {
			/* starting is the INITIAL instruction's step: run as soon as we can */
			first->arg = 1;
			nfc_timer_schedule_after(&s->timer, 0);
		}
	}
	if (s->type == SCRIPT_DRIVER)
		nfc_router_set_driver(e->router, script_driver_hook, s);
	return 0;
}

void script_cleanup(struct nfc_element *e)
{
	struct script *s = (struct script *)e;
	if (s->timer_initialized)
		nfc_timer_cleanup(&s->timer);
	for (int i = 0; i < s->ninsns; i++)
		free(s->insns[i].text);
	free(s->insns);
	for (int i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		free(s->vars[i].value);
	}
	free(s->vars);
	free(s->run_args);
	free(s->run_handler_name);
}

static int script_h_step(struct nfc_element *e, void *thunk, const char *value,
			 struct nfc_errh *errh)
{
	return script_step_handler((struct script *)e, (enum script_run_what)(uintptr_t)thunk,
				   (uintptr_t)thunk == SCRIPT_H_GOTO ? "goto" : "step", value, true,
				   NULL, errh);
}

static int script_h_run_read(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	return script_step_handler((struct script *)e, SCRIPT_H_RUN, "run", param, false, out,
				   errh);
}

static int script_h_run_write(struct nfc_element *e, void *thunk, const char *value,
			      struct nfc_errh *errh)
{
	return script_step_handler((struct script *)e, SCRIPT_H_RUN, "run", value, true, NULL,
				   errh);
}

static int script_h_export(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct script *s = (struct script *)e;
	const char *v = s->vars[(intptr_t)thunk].value;
	nfc_strbuf_puts(out, v ? v : "");
	return 0;
}

/* PROXY scripts answer to any handler name through "*": the runtime makes
 * each named handler on first use with its name as the thunk (Click's
 * star handler). */
static int script_h_proxy_read(struct nfc_element *e, void *thunk, const char *param,
			       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	return script_step_handler((struct script *)e, SCRIPT_H_RUN, thunk ? thunk : "*", param,
				   false, out, errh);
}

static int script_h_proxy_write(struct nfc_element *e, void *thunk, const char *value,
				struct nfc_errh *errh)
{
	return script_step_handler((struct script *)e, SCRIPT_H_RUN, thunk ? thunk : "*", value,
				   true, NULL, errh);
}

int script_add_handlers(struct nfc_element *e)
{
	struct script *s = (struct script *)e;
	nfc_add_write_handler(e, "step", script_h_step, (void *)(uintptr_t)SCRIPT_H_STEP, 0);
	nfc_add_write_handler(e, "goto", script_h_step, (void *)(uintptr_t)SCRIPT_H_GOTO, 0);
	nfc_add_read_handler(e, "run", script_h_run_read, NULL, NFC_HANDLER_READ_PARAM);
	nfc_add_write_handler(e, "run", script_h_run_write, NULL, 0);
	script_add_builtin_handlers(s);
	if (s->type == SCRIPT_PROXY) {
		unsigned flags = NFC_HANDLER_PRIVATE;
		nfc_add_read_handler(e, "*", script_h_proxy_read, NULL, flags | NFC_HANDLER_READ_PARAM);
		nfc_add_write_handler(e, "*", script_h_proxy_write, NULL, flags);
	}
	for (int i = 0; i < s->ninsns; i++)
		if (s->insns[i].op == SCRIPT_EXPORT || s->insns[i].op == SCRIPT_EXPORTQ)
			nfc_add_read_handler(e, s->vars[s->insns[i].arg].name, script_h_export,
					     (void *)(intptr_t)s->insns[i].arg, 0);
	return 0;
}

static const struct nfc_element_class script_class = {
	.name = "Script",
	.port_count = "-/-",
	.processing = "ah/ah",
	.size = sizeof(struct script),
	.flags = NFC_CLASS_CONFIGURE_LATE,
	.configure = script_configure,
	.initialize = script_initialize,
	.cleanup = script_cleanup,
	.add_handlers = script_add_handlers,
	.push = script_push,
	.pull = script_pull,
};
NFC_REGISTER_ELEMENT(script_class);
