/* SPDX-License-Identifier: MIT */
/* Internals shared by the argument modules (args.c, args_text.c, args_values.c). */
#ifndef NFCLICK_ARGS_PRIV_H
#define NFCLICK_ARGS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a number did not parse: the table parser words its message on it. */
enum nfc_num_status { NFC_NUM_OK = 0, NFC_NUM_INVAL, NFC_NUM_RANGE };

/** Integer of @bits (32 or 64) bits, signed or not; the value in *sval or *uval. */
enum nfc_num_status nfc_args_int_status(const char *s, bool is_signed, int bits, int64_t *sval,
					uint64_t *uval);
enum nfc_num_status nfc_args_double_status(const char *s, double *out);
enum nfc_num_status nfc_args_time_status(const char *s, int64_t *ns);

/**
 * Dequote @s (Click's cp_unquote) into a malloc'd buffer *out of *len bytes
 * (NUL-terminated). Returns 0, or -1 on an unterminated quote or a bad
 * \<hex> block.
 */
int nfc_args_unquote(const char *s, size_t n, char **out, size_t *len);

/** Click's cp_is_word: printable ASCII without quotes, backslash or comma. */
bool nfc_args_is_word(const char *s, size_t n);

#endif
