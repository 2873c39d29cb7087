/* SPDX-License-Identifier: MIT */
/* EtherMirror: swaps the Ethernet source and destination addresses. */

/*
 * =c
 * EtherMirror()
 * =s ethernet
 * swaps Ethernet source and destination
 * =d
 * Incoming packets are Ethernet. Their source and destination Ethernet
 * addresses (the first 12 bytes of packet data) are swapped before they are
 * output. Shared packets are copied first; packets shorter than 12 bytes
 * are dropped.
 * =e
 *   FromDevice(eth0) -> EtherMirror -> Queue -> ToDevice(eth0);
 * =a EtherRewrite
 */
#include "ether_priv.h"

struct ethermirror {
	struct nfc_element e;
};

static void ethermirror_batch(struct nfc_element *e, struct nfc_batch *b)
{
	unsigned k = 0, n = b->count;
	for (unsigned i = 0; i < n; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (p->length < 12) {
			nfc_element_drop(e, p);
			continue;
		}
		p = nfc_packet_uniqueify(p);
		if (!p)
			continue;
		uint8_t tmp[6];
		memcpy(tmp, p->data, 6);
		memmove(p->data, p->data + 6, 6);
		memcpy(p->data + 6, tmp, 6);
		b->pkts[k++] = p;
	}
	b->count = k;
}

static int ethermirror_configure(struct nfc_element *e, struct nfc_conf *conf,
				 struct nfc_errh *errh)
{
	static const struct nfc_arg_spec none[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, none, errh, NULL);
}

static const struct nfc_element_class ethermirror_class = {
	.name = "EtherMirror",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct ethermirror),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ethermirror_configure,
	.batch_action = ethermirror_batch,
};
NFC_REGISTER_ELEMENT(ethermirror_class);
