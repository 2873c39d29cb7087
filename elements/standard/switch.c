/* SPDX-License-Identifier: MIT */
/* Switch: sends every packet to one output, chosen by a handler. */

/*
 * =c
 * Switch([OUTPUT])
 * =s classification
 * sends packet stream to settable output
 * =d
 * Switch sends every incoming packet to one of its output ports,
 * specifically output number OUTPUT. The default OUTPUT is zero; a negative
 * OUTPUT means to drop input packets instead of forwarding them. Change
 * OUTPUT at run time with the "switch" write handler. Switch has any number
 * of outputs; OUTPUT must name one of them.
 *
 * =item OUTPUT
 * Integer. The active output; negative drops. Default is 0.
 * =h switch read/write
 * Returns or sets the OUTPUT parameter. Writing an output number that does
 * not exist sets OUTPUT to -1 (drop).
 * =h config read-only
 * Returns the current OUTPUT.
 * =e
 *   src -> s :: Switch -> a;
 *   s[1] -> b;
 *   // later: write s.switch 1
 * =a StaticSwitch, PullSwitch, RoundRobinSwitch, HashSwitch, RandomSwitch,
 * PaintSwitch
 */
#include <stdatomic.h>
#include <stddef.h>
#include <nfclick/nfclick.h>
#include "switchutil.h"

struct switch_elem {
	struct nfc_element e;
	int32_t output_arg;
	/* Read per packet, written by handlers from any thread. */
	_Atomic int32_t output;
};

static const struct nfc_arg_spec switch_args[] = {
	{ .keyword = "OUTPUT", .type = NFC_ARG_INT32, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct switch_elem, output_arg),
	  .doc = "active output (negative drops)" },
	NFC_ARGS_END
};

static int switch_configure(struct nfc_element *e, struct nfc_conf *conf,
			    struct nfc_errh *errh)
{
	struct switch_elem *s = (struct switch_elem *)e;
	s->output_arg = 0;
	if (nfc_args_parse(e, conf, switch_args, errh, NULL) < 0)
		return -1;
	if (s->output_arg >= e->noutputs)
		return nfc_error(errh, "output must be < %d", e->noutputs);
	atomic_store_explicit(&s->output, s->output_arg, memory_order_relaxed);
	return 0;
}

static int switch_classify(struct nfc_element *e, struct nfc_packet *p)
{
	struct switch_elem *s = (struct switch_elem *)e;
	return atomic_load_explicit(&s->output, memory_order_relaxed);
}

static int switch_read_output(struct nfc_element *e, void *thunk, const char *param,
			      struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct switch_elem *s = (struct switch_elem *)e;
	nfc_strbuf_printf(out, "%d", (int)atomic_load(&s->output));
	return 0;
}

static int switch_write_output(struct nfc_element *e, void *thunk, const char *value,
			       struct nfc_errh *errh)
{
	struct switch_elem *s = (struct switch_elem *)e;
	int32_t v;
	if (swu_parse_int(value, &v) < 0)
		return nfc_error(errh, "Switch output must be integer");
	if (v >= e->noutputs)
		v = -1;
	atomic_store(&s->output, v);
	return 0;
}

static int switch_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "switch", switch_read_output, NULL, 0);
	nfc_add_write_handler(e, "switch", switch_write_output, NULL, 0);
	nfc_add_read_handler(e, "config", switch_read_output, NULL, 0);
	return 0;
}

static const struct nfc_element_class switch_class = {
	.name = "Switch",
	.port_count = "1/-",
	.processing = "h/h",
	.size = sizeof(struct switch_elem),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = switch_configure,
	.add_handlers = switch_add_handlers,
	.classify = switch_classify,
};
NFC_REGISTER_ELEMENT(switch_class);
