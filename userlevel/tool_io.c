/* SPDX-License-Identifier: MIT */
/* Reading and writing configurations for the command-line tools, errors prefixed by the tool's name. */
#include "nfclick-config.h"
#include "tool_io.h"

char *tool_read_text(const char *prog, const char *path)
{
	struct nfc_errh root, errh;
	nfc_errh_init_file(&root, stderr);
	nfc_errh_init_context(&errh, &root, prog, NULL);
	char *text = nfc_read_file(path, &errh);
	nfc_errh_destroy(&errh);
	nfc_errh_destroy(&root);
	return text;
}

int tool_write_config(const char *prog, const struct nfc_flat_config *fc, const char *path)
{
	struct nfc_strbuf sb = NFC_STRBUF_INIT;
	nfc_flat_config_unparse(fc, &sb);
	struct nfc_errh root, errh;
	nfc_errh_init_file(&root, stderr);
	nfc_errh_init_context(&errh, &root, prog, NULL);
	int r = nfc_write_file(path, nfc_strbuf_str(&sb), &errh);
	nfc_errh_destroy(&errh);
	nfc_errh_destroy(&root);
	nfc_strbuf_free(&sb);
	return r;
}
