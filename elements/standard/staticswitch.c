/* SPDX-License-Identifier: MIT */
/* StaticSwitch: sends every packet to one output fixed at configuration. */

/*
 * =c
 * StaticSwitch(OUTPUT)
 * =s classification
 * sends packet stream to fixed output
 * =d
 * StaticSwitch sends every incoming packet to one of its output ports,
 * specifically output number OUTPUT. A negative OUTPUT, or one that names no
 * output, means to drop input packets instead. Unlike Switch, OUTPUT cannot
 * change at run time, which lets tools treat the other outputs as dead.
 *
 * =item OUTPUT
 * Integer. The output receiving every packet. Mandatory.
 * =e
 *   src -> StaticSwitch(1) => (Print(never), Discard);
 * =a Switch, PullSwitch, RoundRobinSwitch, HashSwitch
 */
#include <stddef.h>
#include <nfclick/nfclick.h>

struct static_switch {
	struct nfc_element e;
	int32_t output;
};

static const struct nfc_arg_spec static_switch_args[] = {
	{ .keyword = "OUTPUT", .type = NFC_ARG_INT32,
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_MANDATORY,
	  .offset = offsetof(struct static_switch, output),
	  .doc = "output receiving every packet (negative drops)" },
	NFC_ARGS_END
};

static int static_switch_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct static_switch *s = (struct static_switch *)e;
	s->output = 0;
	if (nfc_args_parse(e, conf, static_switch_args, errh, NULL) < 0)
		return -1;
	/* Click drops rather than complains when OUTPUT names no port. */
	if (s->output >= e->noutputs)
		s->output = -1;
	return 0;
}

static int static_switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	return ((struct static_switch *)e)->output;
}

static const struct nfc_element_class static_switch_class = {
	.name = "StaticSwitch",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct static_switch),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = static_switch_configure,
	.classify = static_switch_classify,
};
NFC_REGISTER_ELEMENT(static_switch_class);
