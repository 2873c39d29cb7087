/* SPDX-License-Identifier: MIT */
/* Idle: never produces packets, silently drops any it is pushed. */

/*
 * =c
 * Idle
 * =s basicsources
 * discards packets
 * =d
 * Idle never pushes a packet to any output or pulls a packet from any input.
 * Any packet it receives by push is discarded. Idle has any number of inputs
 * and outputs, push or pull, and is often used to avoid "input not
 * connected" errors.
 *
 * Idle provides an empty notifier that is never active, so that pullers
 * downstream of it go to sleep: in
 *
 *   Idle -> Queue -> Discard;
 *
 * the Discard goes dormant.
 * =e
 *   Idle -> [1]sched;
 * =a Discard
 */
#include <string.h>
#include <nfclick/nfclick.h>

struct idle {
	struct nfc_element e;
	/* never woken: "nothing will ever come from here" */
	struct nfc_notifier never;
};

static int idle_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct idle *d = (struct idle *)e;
	static const struct nfc_arg_spec no_args[] = { NFC_ARGS_END };
	nfc_notifier_init(&d->never, false, NFC_SEARCH_STOP);
	return nfc_args_parse(e, conf, no_args, errh, NULL);
}

static void idle_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	nfc_batch_kill(b);
}

static unsigned idle_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	return 0;
}

static void *idle_cast(struct nfc_element *e, const char *iface)
{
	struct idle *d = (struct idle *)e;
	if (strcmp(iface, NFC_IFACE_EMPTY_NOTIFIER) == 0)
		return &d->never;
	return NULL;
}

static const struct nfc_element_class idle_class = {
	.name = "Idle",
	.port_count = "-/-",
	.processing = "a/a",
	.flow_code = "x/y",
	.size = sizeof(struct idle),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_NO_PACKETS,
	.configure = idle_configure,
	.cast = idle_cast,
	.push = idle_push,
	.pull = idle_pull,
};
NFC_REGISTER_ELEMENT(idle_class);
