/* SPDX-License-Identifier: MIT */
/* Script internals shared by the script*.c files and drivermanager.c. */
#ifndef NFCLICK_SCRIPT_PRIV_H
#define NFCLICK_SCRIPT_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/nfclick.h>

/* Instructions. The first three can start a script (Click's rule: a script
 * that does not begin by waiting gets an INITIAL step it consumes on start). */
enum script_op {
	SCRIPT_INITIAL,
	SCRIPT_WAIT_STEP, /* pause [COUNT]: arg = count, arg2 = steps seen */
	SCRIPT_WAIT_TIME, /* wait TIME: text = time (expanded when reached) */
	SCRIPT_PRINT,
	SCRIPT_PRINTQ,
	SCRIPT_PRINTN,
	SCRIPT_PRINTNQ,
	SCRIPT_READ,
	SCRIPT_READQ,
	SCRIPT_WRITE,
	SCRIPT_WRITEQ,
	SCRIPT_SET, /* arg = variable index */
	SCRIPT_SETQ,
	SCRIPT_INIT,
	SCRIPT_INITQ,
	SCRIPT_EXPORT,
	SCRIPT_EXPORTQ,
	SCRIPT_LABEL,
	SCRIPT_GOTO, /* arg = target index or a SCRIPT_TO_* pseudo-label; text = condition */
	SCRIPT_RETURN, /* arg = index of variable "_" */
	SCRIPT_RETURNQ,
	SCRIPT_END,
	SCRIPT_EXIT,
	SCRIPT_STOP,
	SCRIPT_ERROR,
	SCRIPT_ERRORQ,
};

/* goto targets that are not labels: they finish the script like the
 * instruction of the same name. */
enum {
	SCRIPT_TO_EXIT = -1,
	SCRIPT_TO_END = -2,
	SCRIPT_TO_STOP = -3,
	SCRIPT_TO_ERROR = -4,
};

struct script_insn {
	enum script_op op;
	int arg;
	int arg2;
	/* Argument text (heap); NULL when none. */
	char *text;
};

enum script_type {
	SCRIPT_ACTIVE,
	SCRIPT_PASSIVE,
	SCRIPT_PACKET,
	SCRIPT_PROXY,
	SCRIPT_DRIVER,
};

struct script_var {
	char *name;
	char *value;
};

/* Why a step came: the router's driver loop (stop requests), a timer,
 * a handler ("step", "run", "goto"), or a packet. */
enum script_step_kind { SCRIPT_STEP_NORMAL, SCRIPT_STEP_ROUTER, SCRIPT_STEP_TIMER, SCRIPT_STEP_JUMP };

/* A script gives up after this many jumps without blocking (Click's rule). */
#define SCRIPT_MAX_JUMPS 1000

struct script {
	struct nfc_element e;
	enum script_type type;
	bool type_given;
	/* The TYPE argument as written (element-owned, from the argument table). */
	char *type_text;
	struct script_insn *insns;
	int ninsns;
	struct script_var *vars;
	int nvars;
	int vars_cap;

	/* Execution state. */
	int insn_pos;
	int step_count;
	int write_status;
	/* Set by script_step(): it stopped at a blocking instruction. */
	bool blocked;
	/* Steps granted while the script runs (re-entrant "step" writes add here). */
	int *cur_steps;
	/* What started the current run: handler name, its arguments, write or read. */
	char *run_handler_name;
	char *run_args;
	bool run_write;
	/* Index of the "input" variable of PACKET scripts, -1 before first use. */
	int input_var;

	struct nfc_timer timer;
	bool timer_initialized;
	/* Became the router's driver (only one driver script per router). */
	bool is_driver;
	/* State of the "random" function's generator (xorshift64*). */
	struct nfc_rng rng; /* $(random): the router seed and the name (RandomSeed) */
};

/* ---- script.c ---- */

int script_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh);
int script_initialize(struct nfc_element *e, struct nfc_errh *errh);
void script_cleanup(struct nfc_element *e);
int script_add_handlers(struct nfc_element *e);
void script_push(struct nfc_element *e, int port, struct nfc_batch *b);
unsigned script_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max);
/** Variable index of @name, adding it (empty) when @add; -1 when absent. */
int script_find_var(struct script *s, const char *name, bool add);
/** Replace a variable's value with @value (taken: the script frees it). */
void script_set_var(struct script *s, int index, char *value);
/** Index of @label, a SCRIPT_TO_* pseudo-label (exit, end, stop, error), 0
 *  for begin/loop, or -1000 when unknown. */
int script_find_label(const struct script *s, const char *label);

/* ---- script_run.c ---- */

/** Schedule the timer for the wait instruction @in (time expanded now); false on a bad time. */
bool script_schedule_wait(struct script *s, const struct script_insn *in, struct nfc_errh *errh);
/** The script's timer: a wait ended, or the script starts. */
void script_timer_fire(struct nfc_timer *t, void *arg);
/** The router's driver hook for DRIVER scripts: step once per stop request. */
bool script_driver_hook(void *arg, int nstops);

/* ---- script_expr.c: $-expansion, handler calls, the built-in functions ---- */

/**
 * Click's cp_expand: replace $var, ${var} and $(handler args) in @text.
 * Inside double quotes the result is quoted; with @quote_bare, results
 * outside quotes are quoted too (print's non-handler text). Heap result.
 */
char *script_expand(struct script *s, const char *text, bool quote_bare, struct nfc_errh *errh);

/**
 * Call the read or write handler named by the first word of @text (the rest
 * is the parameter or value, unquoted when @unquote). Names without a dot
 * are the script's own handlers first, then global ones (Click's rule). A
 * read appends to @out; @display, when given, receives "element.handler"
 * for messages. *@found tells whether the handler existed (lookup errors
 * are reported to errh). Returns the handler's status, or -1.
 */
int script_call_handler(struct script *s, const char *text, bool write, bool unquote,
			struct nfc_strbuf *out, struct nfc_strbuf *display, bool *found,
			struct nfc_errh *errh);

/** Register the built-in functions (add, sub, eq, sprintf, ...) and get/set/shift. */
void script_add_builtin_handlers(struct script *s);
/** Status of script_call_own() when the script has no handler of that name. */
#define SCRIPT_NOT_OWN (-10000)
/**
 * Run the script's own handler @name (built-in function, variable handler,
 * step/goto/run, an exported variable, or any name for PROXY scripts) with
 * @param. Returns its status, or SCRIPT_NOT_OWN.
 */
int script_call_own(struct script *s, const char *name, const char *param, bool write,
		    struct nfc_strbuf *out, struct nfc_errh *errh);

/* ---- script_run.c: the handlers that drive execution ---- */

enum script_run_what { SCRIPT_H_STEP, SCRIPT_H_RUN, SCRIPT_H_GOTO };
/** Click's step handler: "step [N|router]", "goto LABEL", "run [ARGS]" (also PROXY calls). */
int script_step_handler(struct script *s, enum script_run_what what, const char *hname,
			const char *param, bool write, struct nfc_strbuf *out,
			struct nfc_errh *errh);

/* Expression function identifiers (the "what" of a built-in). */
enum script_fn_id {
	SF_ADD, SF_SUB, SF_MIN, SF_MAX, SF_MUL, SF_DIV, SF_IDIV,
	SF_MOD, SF_REM, SF_NEG, SF_ABS,
	SF_LT, SF_LE, SF_EQ, SF_NE, SF_GT, SF_GE,
	SF_NOT, SF_AND, SF_OR, SF_NAND, SF_NOR, SF_IF, SF_IN,
	SF_FIRST, SF_NOW, SF_RANDOM, SF_LENGTH, SF_UNQUOTE, SF_READABLE, SF_WRITABLE,
	SF_HTONS, SF_HTONL, SF_NTOHS, SF_NTOHL, SF_CAT, SF_CATQ, SF_KILL, SF_SPRINTF,
	SF_GET, SF_SET, SF_SHIFT,
};

/* script_expr_sys.c: the functions touching the system or formatting text. */
int script_fn_byteorder(struct script *s, int what, const char *param, struct nfc_strbuf *out,
			struct nfc_errh *errh);
int script_fn_cat(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		  struct nfc_errh *errh);
int script_fn_kill(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		   struct nfc_errh *errh);
int script_fn_sprintf(struct script *s, int what, const char *param, struct nfc_strbuf *out,
		      struct nfc_errh *errh);

/* ---- script_text.c: Click's quoting and word rules ---- */

/** Skip whitespace and comments. */
const char *script_skip_space(const char *p);
/** First space-separated word of *@rest (quotes kept), heap; *@rest moves past it and its space. */
char *script_shift_word(const char **rest);
/** Is @s empty or only whitespace and comments? */
bool script_is_blank(const char *s);
/** Click's cp_unquote: drop one layer of quotes, process escapes inside "". Heap. */
char *script_unquote(const char *s);
/** Click's cp_quote: a double-quoted string with \, ", $ and controls escaped. Heap. */
char *script_quote(const char *s);
/** Click's BoolArg: true/false, yes/no, 1/0, t/f, y/n, on/off. */
bool script_parse_bool(const char *s, bool *out);
/** Whole-string integer (decimal or 0x hex, optional sign). */
bool script_parse_int(const char *s, int64_t *out);
/** Whole-string decimal real (no hex, inf or nan). */
bool script_parse_real(const char *s, double *out);
/** Duplicate @s with leading and trailing whitespace removed. */
char *script_strdup_trim(const char *s);

#endif
