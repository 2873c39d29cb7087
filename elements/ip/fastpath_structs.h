/* SPDX-License-Identifier: MIT */
/*
 * The state of the elements the fused IP fast path (ipfastpath.c) runs,
 * shared with it: each element's own file still owns its struct, its
 * configuration and handlers; the fused loop reads the same fields per
 * batch, so handler writes (Strip's length, EtherRewrite's src) reach it.
 */
#ifndef NFCLICK_ELEMENTS_FASTPATH_STRUCTS_H
#define NFCLICK_ELEMENTS_FASTPATH_STRUCTS_H

#include <stdbool.h>
#include <stdint.h>
#include "ip_priv.h"

struct strip {
	struct nfc_element e;
	uint32_t length;
};

struct unstrip {
	struct nfc_element e;
	uint32_t length;
};

struct markmacheader {
	struct nfc_element e;
	uint32_t offset, length;
};

/* GetIPAddress's offset for IP src / IP dst (the network header's fields). */
enum { GETIP_OFFSET_SRC = -1, GETIP_OFFSET_DST = -2 };

struct getipaddress {
	struct nfc_element e;
	int32_t offset;
	bool offset_given;
	char *anno_arg, *ip_arg;
	uint32_t anno;
};

struct decipttl {
	struct nfc_element e;
	bool active, multicast;
	struct ipx_counter drops;
};

struct etherrewrite {
	struct nfc_element e;
	/* DST then SRC, as they lie in the header: one 12-byte copy */
	uint8_t addrs[12];
};

#endif
