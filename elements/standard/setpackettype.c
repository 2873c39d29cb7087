/* SPDX-License-Identifier: MIT */
/* SetPacketType: sets the packet type annotation (host, broadcast, multicast...). */

/*
 * =c
 * SetPacketType(TYPE)
 * =s annotations
 * sets packet type annotations
 * =d
 * Sets each packet's packet type annotation to TYPE, one of HOST, BROADCAST,
 * MULTICAST, OTHERHOST, OUTGOING, LOOPBACK or FASTROUTE (case does not
 * matter). The annotation says how the packet arrived at the link level:
 * FromDevice sets it, DropBroadcasts and IPOutputCombo read it.
 * =h type read/write
 * Returns or sets TYPE.
 * =e
 *   FromDump(trace.pcap) -> SetPacketType(BROADCAST) -> DropBroadcasts -> ...
 * =a DropBroadcasts, FromDevice
 */
#include <stddef.h>
#include <strings.h>
#include <nfclick/nfclick.h>

struct setpackettype {
	struct nfc_element e;
	uint8_t type;
	char *type_arg;
};

static const char *const setpackettype_names[] = {
	[NFC_PACKET_HOST] = "HOST",           [NFC_PACKET_BROADCAST] = "BROADCAST",
	[NFC_PACKET_MULTICAST] = "MULTICAST", [NFC_PACKET_OTHERHOST] = "OTHERHOST",
	[NFC_PACKET_OUTGOING] = "OUTGOING",   [NFC_PACKET_LOOPBACK] = "LOOPBACK",
	[NFC_PACKET_FASTROUTE] = "FASTROUTE",
};
#define SETPACKETTYPE_NTYPES (sizeof setpackettype_names / sizeof setpackettype_names[0])

static const struct nfc_arg_spec setpackettype_args[] = {
	{ .keyword = "TYPE", .type = NFC_ARG_WORD,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct setpackettype, type_arg), .doc = "packet type" },
	NFC_ARGS_END
};

/* A type's value, or an error naming @what (argument or handler) and the choices. */
static int setpackettype_parse(const char *s, const char *what, uint8_t *type,
			       struct nfc_errh *errh)
{
	for (size_t i = 0; i < SETPACKETTYPE_NTYPES; i++)
		if (strcasecmp(s, setpackettype_names[i]) == 0) {
			*type = (uint8_t)i;
			return 0;
		}
	return nfc_error(errh, "%s: expected HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING, "
			 "LOOPBACK or FASTROUTE, not '%s'", what, s);
}

static int setpackettype_configure(struct nfc_element *e, struct nfc_conf *conf,
				   struct nfc_errh *errh)
{
	struct setpackettype *t = (struct setpackettype *)e;
	t->type_arg = NULL;
	if (nfc_args_parse(e, conf, setpackettype_args, errh, NULL) < 0)
		return -1;
	return setpackettype_parse(t->type_arg, "TYPE", &t->type, errh);
}

static void setpackettype_batch_action(struct nfc_element *e, struct nfc_batch *b)
{
	uint8_t type = ((const struct setpackettype *)e)->type;
	for (unsigned i = 0; i < b->count; i++)
		b->pkts[i]->packet_type = type;
}

static int setpackettype_read_type(struct nfc_element *e, void *thunk, const char *param,
				   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_puts(out, setpackettype_names[((struct setpackettype *)e)->type]);
	return 0;
}

static int setpackettype_write_type(struct nfc_element *e, void *thunk, const char *value,
				    struct nfc_errh *errh)
{
	uint8_t type = NFC_PACKET_HOST;
	if (setpackettype_parse(value, "type", &type, errh) < 0)
		return -1;
	((struct setpackettype *)e)->type = type;
	return 0;
}

static int setpackettype_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "type", setpackettype_read_type, NULL, 0);
	nfc_add_write_handler(e, "type", setpackettype_write_type, NULL, 0);
	return 0;
}

static const struct nfc_element_class setpackettype_class = {
	.name = "SetPacketType",
	.port_count = "1/1",
	.processing = "a/a",
	.size = sizeof(struct setpackettype),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = setpackettype_configure,
	.add_handlers = setpackettype_add_handlers,
	.batch_action = setpackettype_batch_action,
};
NFC_REGISTER_ELEMENT(setpackettype_class);
