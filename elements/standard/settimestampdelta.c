/* SPDX-License-Identifier: MIT */
/* SetTimestampDelta: replaces packet timestamps with deltas. */

/*
 * =c
 * SetTimestampDelta([KEYWORDS])
 * =s timestamps
 * replaces packet timestamps with deltas
 * =d
 * Replaces nonzero packet timestamps with deltas.
 *
 * Keyword arguments are:
 *
 * =item TYPE
 * The kind of delta. RANGE (the default): relative to the first nonzero
 * timestamp seen. NOW: the time from the packet's timestamp until now.
 * FIRST: the packet's timestamp minus its "first timestamp" annotation.
 * =h first read-only
 * Returns the earliest nonzero timestamp seen (TYPE RANGE), 0 before any.
 * =h reset write-only
 * Forgets that timestamp: later deltas are relative to the next nonzero
 * timestamp.
 * =e
 *   FromDump(f.pcap) -> SetTimestampDelta -> Print(TIMESTAMP true) -> Discard;
 * =a SetTimestamp
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

enum { DELTA_RANGE, DELTA_NOW, DELTA_FIRST };

struct settsdelta {
	struct nfc_element e;
	char *type_arg;
	int type;
	/* first nonzero timestamp seen, 0 if none (state shared by all packets) */
	int64_t first_ns;
};

static const struct nfc_arg_spec settsdelta_args[] = {
	{ .keyword = "TYPE", .type = NFC_ARG_WORD, .offset = offsetof(struct settsdelta, type_arg),
	  .doc = "RANGE, NOW or FIRST" },
	NFC_ARGS_END
};

static int settsdelta_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct settsdelta *s = (struct settsdelta *)e;
	s->type_arg = NULL;
	if (nfc_args_parse(e, conf, settsdelta_args, errh, NULL) < 0)
		return -1;
	const char *t = s->type_arg ? s->type_arg : "RANGE";
	if (strcmp(t, "RANGE") == 0)
		s->type = DELTA_RANGE;
	else if (strcmp(t, "NOW") == 0)
		s->type = DELTA_NOW;
	else if (strcmp(t, "FIRST") == 0)
		s->type = DELTA_FIRST;
	else
		return nfc_error(errh, "TYPE must be RANGE, NOW or FIRST, not '%s'", t);
	return 0;
}

static void settsdelta_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	struct settsdelta *s = (struct settsdelta *)e;
	int64_t now = s->type == DELTA_NOW ? nfc_now() : 0;
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		if (!p->timestamp_ns)
			continue;
		switch (s->type) {
		case DELTA_RANGE:
			if (!s->first_ns)
				s->first_ns = p->timestamp_ns;
			p->timestamp_ns -= s->first_ns;
			break;
		case DELTA_NOW:
			p->timestamp_ns = now - p->timestamp_ns;
			break;
		case DELTA_FIRST: {
			int64_t first;
			memcpy(&first, p->anno + NFC_ANNO_FIRST_TIMESTAMP, sizeof first);
			p->timestamp_ns -= first;
			break;
		}
		}
	}
}

static int settsdelta_read_first(struct nfc_element *e, void *thunk, const char *param,
				 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char buf[48];
	int64_t first = ((struct settsdelta *)e)->first_ns;
	nfc_format_timestamp(buf, sizeof buf, first, first % 1000 ? 9 : 6);
	nfc_strbuf_puts(out, buf);
	return 0;
}

static int settsdelta_write_reset(struct nfc_element *e, void *thunk, const char *value,
				  struct nfc_errh *errh)
{
	((struct settsdelta *)e)->first_ns = 0;
	return 0;
}

static int settsdelta_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "first", settsdelta_read_first, NULL, 0);
	nfc_add_write_handler(e, "reset", settsdelta_write_reset, NULL, NFC_HANDLER_BUTTON);
	return 0;
}

static const struct nfc_element_class settsdelta_class = {
	.name = "SetTimestampDelta",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct settsdelta),
	.configure = settsdelta_configure,
	.add_handlers = settsdelta_add_handlers,
	.batch_action = settsdelta_batch_action,
};
NFC_REGISTER_ELEMENT(settsdelta_class);
