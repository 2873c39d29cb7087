/* SPDX-License-Identifier: MIT */
/* PullNull: pull-only null element, forces its neighbours into a pull context. */

/*
 * =c
 * PullNull
 * =s basictransfer
 * pull-only null element
 * =d
 * Responds to each pull request by pulling packets from its input and
 * returning them unchanged. Useful to force an agnostic path to be pull.
 * =e
 *   InfiniteSource -> PullNull -> Counter -> Discard;
 * =a Null
 */
#include <nfclick/nfclick.h>

struct pullnull {
	struct nfc_element e;
};

static int pullnull_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	static const struct nfc_arg_spec no_args[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, no_args, errh, NULL);
}

static unsigned pullnull_pull(struct nfc_element *e, int port, struct nfc_batch *out,
			      unsigned max)
{
	return nfc_pull(e, 0, out, max);
}

static const struct nfc_element_class pullnull_class = {
	.name = "PullNull",
	.port_count = "1/1",
	.processing = "l/l",
	.size = sizeof(struct pullnull),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = pullnull_configure,
	.pull = pullnull_pull,
};
NFC_REGISTER_ELEMENT(pullnull_class);
