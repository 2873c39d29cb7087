/* SPDX-License-Identifier: MIT */
/* Tee: sends a copy of every packet out of each output. */

/*
 * =c
 * Tee([N])
 * =s basictransfer
 * duplicates packets
 * =d
 * Tee sends a copy of each incoming packet out each output. Outputs 0 to
 * N-2 receive clones (sharing the packet's bytes until someone writes to
 * them) and the last output receives the original, in that order. A batch
 * is copied output by output: output 0 gets the clones of the whole batch
 * before output 1 gets any, so per-packet interleaving matches Click only
 * with single-packet bursts (the default for sources).
 *
 * Tee has however many outputs are connected; N, if given, must equal that
 * number and serves as a check.
 *
 * =item N
 * Unsigned. Expected number of outputs.
 * =e
 *   src -> t :: Tee -> ToDump(a.pcap);
 *   t[1] -> Counter -> Discard;
 * =a PullTee, PaintTee
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct tee {
	struct nfc_element e;
	uint32_t n;
	bool n_given;
};

static const struct nfc_arg_spec tee_args[] = {
	{ .keyword = "N", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct tee, n), .given_offset = offsetof(struct tee, n_given),
	  .doc = "expected number of outputs" },
	NFC_ARGS_END
};

static int tee_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct tee *t = (struct tee *)e;
	t->n_given = false;
	if (nfc_args_parse(e, conf, tee_args, errh, NULL) < 0)
		return -1;
	if (t->n_given && t->n != (uint32_t)e->noutputs)
		return nfc_error(errh, "N is %u, but %d output%s connected", t->n, e->noutputs,
				 e->noutputs == 1 ? " is" : "s are");
	return 0;
}

static void tee_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	int last = e->noutputs - 1;
	for (int o = 0; o < last; o++) {
		struct nfc_batch copies;
		copies.count = 0;
		for (unsigned i = 0; i < b->count; i++) {
			struct nfc_packet *q = nfc_packet_clone(b->pkts[i]);
			if (q) /* out of memory: this copy is lost, the others go on */
				copies.pkts[copies.count++] = q;
		}
		nfc_push(e, o, &copies);
	}
	nfc_push(e, last, b);
}

static const struct nfc_element_class tee_class = {
	.name = "Tee",
	.port_count = "1/1-",
	.processing = "h/h",
	.size = sizeof(struct tee),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = tee_configure,
	.push = tee_push,
};
NFC_REGISTER_ELEMENT(tee_class);
