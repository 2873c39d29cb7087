/* SPDX-License-Identifier: MIT */
/* Hub: sends every packet out of every output except the one matching its input. */

/*
 * =c
 * Hub()
 * =s basictransfer
 * duplicates packets like a hub
 * =d
 * Hub has the same number of inputs and outputs. A packet arriving on input
 * N is sent out of every output except output N, like an Ethernet hub (but
 * for any kind of packet). The last output gets the packets themselves, the
 * others get clones sharing their bytes.
 * =e
 *   hub :: Hub;
 *   a -> [0]hub[0] -> a_out;
 *   b -> [1]hub[1] -> b_out;
 *   c -> [2]hub[2] -> c_out;
 * =a Tee
 */
#include <nfclick/nfclick.h>

struct hub {
	struct nfc_element e;
};

static int hub_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	static const struct nfc_arg_spec no_args[] = { NFC_ARGS_END };
	return nfc_args_parse(e, conf, no_args, errh, NULL);
}

static void hub_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	int last = e->noutputs - 1;
	if (last == port)
		last--;
	if (last < 0) { /* a one-port hub has nowhere to send */
		nfc_batch_kill(b);
		return;
	}
	struct nfc_batch copy;
	for (int o = 0; o < last; o++) {
		if (o == port)
			continue;
		copy.count = 0;
		for (unsigned i = 0; i < b->count; i++) {
			struct nfc_packet *q = nfc_packet_clone(b->pkts[i]);
			if (q)
				copy.pkts[copy.count++] = q;
		}
		nfc_push(e, o, &copy);
	}
	nfc_push(e, last, b);
}

static const struct nfc_element_class hub_class = {
	.name = "Hub",
	.port_count = "-/=",
	.processing = "h/h",
	.flow_code = "#/[^#]",
	.size = sizeof(struct hub),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = hub_configure,
	.push = hub_push,
};
NFC_REGISTER_ELEMENT(hub_class);
