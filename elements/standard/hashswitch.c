/* SPDX-License-Identifier: MIT */
/* HashSwitch: chooses an output by hashing a range of packet bytes. */

/*
 * =c
 * HashSwitch(OFFSET, LENGTH)
 * =s classification
 * classifies packets by hash of contents
 * =d
 * Sums the LENGTH bytes starting OFFSET bytes into each packet and uses the
 * result to pick an output, so packets with the same bytes there always
 * leave on the same output. With N outputs, the output is the sum modulo N;
 * when N is 2, 4 or 8 the sum is first folded (sum ^ (sum >> 4)) so the
 * high nibbles count too. Packets shorter than OFFSET + LENGTH go to
 * output 0.
 *
 * =item OFFSET
 * Unsigned. Byte offset of the hashed range. Mandatory.
 * =item LENGTH
 * Unsigned, at least 1. Number of bytes hashed. Mandatory.
 * =e
 * Spread IP packets over two paths by destination address:
 *   ... -> hs :: HashSwitch(16, 4);
 *   hs[0] -> q0 :: Queue; hs[1] -> q1 :: Queue;
 * =a Switch, RoundRobinSwitch, RandomSwitch, StrideSwitch
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct hash_switch {
	struct nfc_element e;
	uint32_t offset;
	uint32_t length;
};

static const struct nfc_arg_spec hash_switch_args[] = {
	{ .keyword = "OFFSET", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_MANDATORY,
	  .offset = offsetof(struct hash_switch, offset),
	  .doc = "byte offset of the hashed range" },
	{ .keyword = "LENGTH", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_MANDATORY,
	  .offset = offsetof(struct hash_switch, length),
	  .doc = "number of bytes hashed" },
	NFC_ARGS_END
};

static int hash_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	struct hash_switch *h = (struct hash_switch *)e;
	if (nfc_args_parse(e, conf, hash_switch_args, errh, NULL) < 0)
		return -1;
	if (h->length == 0)
		return nfc_error(errh, "length must be > 0");
	if ((uint64_t)h->offset + h->length > UINT32_MAX)
		return nfc_error(errh, "OFFSET + LENGTH too large");
	return 0;
}

static int hash_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct hash_switch *h = (struct hash_switch *)e;
	if (p->length < h->offset + h->length)
		return 0;
	const unsigned char *d = p->data + h->offset;
	uint32_t sum = 0;
	for (uint32_t i = 0; i < h->length; i++)
		sum += d[i];
	uint32_t n = (uint32_t)e->noutputs;
	if (n == 2 || n == 4 || n == 8)
		return (int)((sum ^ (sum >> 4)) & (n - 1));
	return (int)(sum % n);
}

static const struct nfc_element_class hash_switch_class = {
	.name = "HashSwitch",
	.port_count = "1/1-",
	.processing = "h/h",
	.size = sizeof(struct hash_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = hash_switch_configure,
	.classify = hash_switch_classify,
};
NFC_REGISTER_ELEMENT(hash_switch_class);
