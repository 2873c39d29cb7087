/* SPDX-License-Identifier: MIT */
/* Bypass: passes packets straight through, or through a side path when active. */

/*
 * =c
 * Bypass([ACTIVE, KEYWORDS])
 * =s classification
 * sends packet stream through optional bypass
 * =d
 * Normally a Bypass element emits received packets on its first output,
 * like Null. When ACTIVE is true, a push Bypass emits packets arriving on
 * input 0 onto output 1 instead, and an active pull Bypass answers pulls on
 * output 0 by pulling from input 1.
 *
 * Bypass can have two inputs and two outputs. The second push input (pull
 * output) rejoins the side path to the normal one: on a push Bypass,
 * packets received on input 1 always leave on output 0; on a pull Bypass,
 * pulls on output 1 are always answered from input 0. So the side path is
 * written the same way in push and pull configurations:
 *
 *   src -> b :: Bypass -> sink;
 *   b[1] -> Print(Debug) -> [1]b;
 *
 * Writing b.active turns the Print on and off.
 *
 * Click's Bypass rewires its neighbours so that an inactive Bypass costs
 * nothing. nfclick's always stays inline (one extra call per batch), which
 * behaves the same and is safe next to elements that keep pointers to their
 * peers.
 *
 * =item ACTIVE
 * Boolean. Whether the side path is used. Default is false.
 * =item INLINE
 * Boolean. Accepted for compatibility with Click; nfclick's Bypass is always
 * inline. Default is false.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =a Switch, PullSwitch, Null
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

struct bypass {
	struct nfc_element e;
	bool active_arg;
	bool inline_arg;
	/* Read per batch, written by the handler from any thread. */
	atomic_bool active;
};

static const struct nfc_arg_spec bypass_args[] = {
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct bypass, active_arg), .doc = "use the side path" },
	{ .keyword = "INLINE", .type = NFC_ARG_BOOL, .offset = offsetof(struct bypass, inline_arg),
	  .doc = "stay inline (always the case in nfclick)" },
	NFC_ARGS_END
};

static int bypass_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct bypass *b = (struct bypass *)e;
	b->active_arg = false;
	b->inline_arg = false;
	if (nfc_args_parse(e, conf, bypass_args, errh, NULL) < 0)
		return -1;
	atomic_store_explicit(&b->active, b->active_arg, memory_order_relaxed);
	return 0;
}

static void bypass_push(struct nfc_element *e, int port, struct nfc_batch *batch)
{
	struct bypass *b = (struct bypass *)e;
	bool side = port == 0 && e->noutputs > 1 &&
		    atomic_load_explicit(&b->active, memory_order_relaxed);
	nfc_push(e, side ? 1 : 0, batch);
}

static unsigned bypass_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			    unsigned max)
{
	struct bypass *b = (struct bypass *)e;
	bool side = port == 0 && e->ninputs > 1 &&
		    atomic_load_explicit(&b->active, memory_order_relaxed);
	return nfc_pull(e, side ? 1 : 0, out, max);
}

/* Lets other elements recognise a Bypass, as Click's cast("Bypass") does. */
static void *bypass_cast(struct nfc_element *e, const char *iface)
{
	return strcmp(iface, "Bypass") == 0 ? e : NULL;
}

static int bypass_read_active(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct bypass *b = (struct bypass *)e;
	nfc_strbuf_puts(out, atomic_load(&b->active) ? "true" : "false");
	return 0;
}

static int bypass_write_active(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct bypass *b = (struct bypass *)e;
	bool v;
	if (swu_parse_bool(value, &v) < 0)
		return nfc_error(errh, "active: expected boolean");
	atomic_store(&b->active, v);
	return 0;
}

static int bypass_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "active", bypass_read_active, NULL, 0);
	nfc_add_write_handler(e, "active", bypass_write_active, NULL, 0);
	return 0;
}

static const struct nfc_element_class bypass_class = {
	.name = "Bypass",
	.port_count = "1-2/1-2",
	.processing = "a/a",
	/* Click's precise code is "xy/[xy]x" (input 1 reaches only output 0);
	 * the runtime's flow codes have no [..] classes yet, and "every input
	 * reaches every output" only adds a harmless extra path. */
	.flow_code = "xy/[xy]x",
	.size = sizeof(struct bypass),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = bypass_configure,
	.add_handlers = bypass_add_handlers,
	.cast = bypass_cast,
	.push = bypass_push,
	.pull = bypass_pull,
};
NFC_REGISTER_ELEMENT(bypass_class);
