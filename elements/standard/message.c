/* SPDX-License-Identifier: MIT */
/* Message: prints a message, warning or error when configured. */

/*
 * =c
 * Message(MESSAGE [, TYPE])
 * =s control
 * prints a message on configuration
 * =d
 * Prints MESSAGE (a string) when the router is configured, as a plain
 * message, a warning or an error according to TYPE: MESSAGE (the default),
 * WARNING or ERROR. With ERROR the router fails to initialize. Use it to
 * document configurations, or to refuse a deprecated one with a helpful
 * word.
 * =e
 *   Message("This configuration is deprecated; use test-tun.click instead.", WARNING)
 * =a Error
 */
#include <stddef.h>
#include <string.h>
#include <nfclick/nfclick.h>

struct message {
	struct nfc_element e;
	char *text;
	char *type;
};

static const struct nfc_arg_spec message_args[] = {
	{ .keyword = "MESSAGE", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct message, text), .doc = "text to print" },
	{ .keyword = "TYPE", .type = NFC_ARG_WORD, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct message, type), .doc = "MESSAGE, WARNING or ERROR" },
	NFC_ARGS_END
};

static int message_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct message *m = (struct message *)e;
	m->type = NULL;
	if (nfc_args_parse(e, conf, message_args, errh, NULL) < 0)
		return -1;
	const char *type = m->type ? m->type : "MESSAGE";
	if (strcmp(type, "MESSAGE") == 0)
		nfc_message(errh, "%s", m->text);
	else if (strcmp(type, "WARNING") == 0)
		nfc_warning(errh, "%s", m->text);
	else if (strcmp(type, "ERROR") == 0)
		return nfc_error(errh, "%s", m->text);
	else
		return nfc_error(errh, "TYPE must be MESSAGE, WARNING or ERROR, not '%s'", type);
	return 0;
}

static const struct nfc_element_class message_class = {
	.name = "Message",
	.port_count = "0/0",
	.size = sizeof(struct message),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = message_configure,
};
NFC_REGISTER_ELEMENT(message_class);
