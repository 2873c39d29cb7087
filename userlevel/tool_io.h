/* SPDX-License-Identifier: MIT */
/* Reading and writing configurations for the command-line tools (nfclick-align, nfclick-xform). */
#ifndef NFCLICK_USERLEVEL_TOOL_IO_H
#define NFCLICK_USERLEVEL_TOOL_IO_H

#include <nfclick/nfclick.h>

/* The text of @path ("-": standard input), or NULL after "PROG: PATH: reason". */
char *tool_read_text(const char *prog, const char *path);
/* Write @fc's text to @path ("-": standard output); -1 after "PROG: PATH: reason". */
int tool_write_config(const char *prog, const struct nfc_flat_config *fc, const char *path);

#endif
