/* SPDX-License-Identifier: MIT */
/* Null: passes packets unchanged (push or pull). */

/*
 * =c
 * Null
 * =s basictransfer
 * null element: passes packets unchanged
 * =d
 * Emits input packets unchanged, in a push or a pull context.
 *
 * Null is a reasonable placeholder to join paths, though an empty compound
 * element (`join :: {->}`) does the same without any run-time cost. Null
 * itself is most useful for benchmarking the cost of one element.
 * =e
 *   src -> Null -> Discard;
 * =a PullNull
 */
#include <nfclick/nfclick.h>

struct null_elem {
	struct nfc_element e;
};

static int null_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	static const struct nfc_arg_spec no_args[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, no_args, errh, NULL);
}

static void null_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	nfc_push(e, 0, b);
}

static unsigned null_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max)
{
	return nfc_pull(e, 0, out, max);
}

static const struct nfc_element_class null_class = {
	.name = "Null",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct null_elem),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = null_configure,
	.push = null_push,
	.pull = null_pull,
};
NFC_REGISTER_ELEMENT(null_class);
