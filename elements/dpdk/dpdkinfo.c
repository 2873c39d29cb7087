/* SPDX-License-Identifier: MIT */
/* DPDKInfo: sets the size of DPDK's mbuf pools and of their mbufs. */

/*
 * =c
 * DPDKInfo([NB_MBUF, KEYWORDS])
 * =s information
 * configures DPDK mbuf pools (user-level)
 * =d
 * nfclick makes one pool of mbufs per NUMA socket that DPDK elements use,
 * sized automatically: the descriptors of every configured queue, a burst
 * per polling thread, the internal queues of ToDPDKDevice and ToDPDKRing,
 * the per-lcore caches and some slack for packets held in the graph
 * (queues). DPDKInfo overrides the sizes. There can be only one DPDKInfo.
 *
 * When a pool cannot be allocated, give DPDK more memory (EAL option -m,
 * or --socket-mem) or ask for fewer mbufs here; when packets are dropped
 * for lack of mbufs at run time (FromDPDKDevice's nombufs, a warning from
 * ToDPDKDevice), ask for more.
 *
 * Keyword arguments are:
 *
 * =item NB_MBUF
 * Integer. Mbufs in the pool of every socket.
 * =item NB_SOCKET_MBUF
 * Space-separated integers: mbufs in the pool of socket 0, socket 1, ...
 * (the last one counts for the sockets after it). Overrides NB_MBUF.
 * =item MBUF_SIZE
 * Integer. Data room of an mbuf, headroom (128 bytes) included. Default is
 * 2176 (2048 bytes of packet).
 * =item MBUF_CACHE_SIZE
 * Integer. Mbufs each lcore keeps at hand. Default is 256.
 * =h pools read-only
 * Returns the names of the pools, one a line.
 * =h pool_count read-only
 * Returns "SOCKET AVAILABLE" per pool: the mbufs free in each pool.
 * =h pool_size read-only
 * Returns "SOCKET SIZE" per pool: the mbufs each pool has.
 * =e
 *   DPDKInfo(NB_SOCKET_MBUF 65536, MBUF_SIZE 9216);
 * =a FromDPDKDevice, ToDPDKDevice
 */
#include <stddef.h>
#include <stdlib.h>
#include "../../runtime/dpdk_priv.h"

struct dpdkinfo {
	struct nfc_element e;
	uint32_t nb_mbuf, mbuf_size, cache_size;
	char *nb_socket_mbuf;
	bool nb_mbuf_given, mbuf_size_given, cache_given;
};

static const struct nfc_arg_spec dpdkinfo_args[] = {
	{ .keyword = "NB_MBUF", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED,
	  .min = 1, .max = 1u << 30, .offset = offsetof(struct dpdkinfo, nb_mbuf),
	  .given_offset = offsetof(struct dpdkinfo, nb_mbuf_given),
	  .doc = "mbufs per socket pool" },
	{ .keyword = "NB_SOCKET_MBUF", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct dpdkinfo, nb_socket_mbuf),
	  .doc = "mbufs of socket 0, 1, ... (space-separated)" },
	{ .keyword = "MBUF_SIZE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED,
	  .min = RTE_PKTMBUF_HEADROOM + 64, .max = 65535, .offset = offsetof(struct dpdkinfo, mbuf_size),
	  .given_offset = offsetof(struct dpdkinfo, mbuf_size_given),
	  .doc = "mbuf data room, headroom included" },
	{ .keyword = "MBUF_CACHE_SIZE", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = RTE_MEMPOOL_CACHE_MAX_SIZE, .offset = offsetof(struct dpdkinfo, cache_size),
	  .given_offset = offsetof(struct dpdkinfo, cache_given),
	  .doc = "per-lcore mbuf cache" },
	NFC_ARGS_END
};

static int dpdkinfo_configure(struct nfc_element *e, struct nfc_conf *conf, struct nfc_errh *errh)
{
	struct dpdkinfo *di = (struct dpdkinfo *)e;
	if (nfc_args_parse(e, conf, dpdkinfo_args, errh, NULL) < 0)
		return -1;
	if (nfc_dpdk_register(e, errh) < 0)
		return -1;
	struct nfc_dpdk_settings *st = nfc_dpdk_settings();
	if (st->owner) {
		char d[256];
		return nfc_error(errh, "there can be only one DPDKInfo (the other is '%s')",
				 nfc_element_declaration(st->owner, d, sizeof d));
	}
	unsigned counts[RTE_MAX_NUMA_NODES] = { 0 };
	if (di->nb_mbuf_given)
		for (int s = 0; s < RTE_MAX_NUMA_NODES; s++)
			counts[s] = di->nb_mbuf;
	if (di->nb_socket_mbuf) {
		char **words;
		int nwords;
		if (nfc_split_words(di->nb_socket_mbuf, &words, &nwords) < 0 || nwords == 0)
			return nfc_error(errh, "NB_SOCKET_MBUF: expected mbuf counts, one per socket");
		int ret = 0;
		uint32_t v = 0;
		for (int s = 0; s < RTE_MAX_NUMA_NODES; s++) {
			if (s < nwords && (nfc_parse_uint32(words[s], &v) < 0 || v == 0)) {
				ret = nfc_error(errh, "NB_SOCKET_MBUF: expected a positive count, not '%s'",
						words[s]);
				break;
			}
			counts[s] = v; /* the last count holds for the sockets after it */
		}
		nfc_words_free(words, nwords);
		if (ret < 0)
			return ret;
	}
	st->owner = e;
	memcpy(st->nb_socket_mbuf, counts, sizeof counts);
	if (di->mbuf_size_given)
		st->mbuf_size = di->mbuf_size;
	if (di->cache_given)
		st->cache_size = di->cache_size;
	return 0;
}

static int dpdkinfo_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	return nfc_dpdk_initialized_one(e, errh);
}

enum { H_POOLS, H_AVAIL, H_SIZE };

static int dpdkinfo_read(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	for (int i = 0; i < nfc_dpdk_pool_count(); i++) {
		struct rte_mempool *mp = nfc_dpdk_pool_at(i);
		switch ((intptr_t)thunk) {
		case H_POOLS:
			nfc_strbuf_printf(out, "%s\n", mp->name);
			break;
		case H_AVAIL:
			nfc_strbuf_printf(out, "%d %u\n", mp->socket_id, rte_mempool_avail_count(mp));
			break;
		default:
			nfc_strbuf_printf(out, "%d %u\n", mp->socket_id, mp->size);
		}
	}
	return 0;
}

static int dpdkinfo_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "pools", dpdkinfo_read, (void *)H_POOLS, 0);
	nfc_add_read_handler(e, "pool_count", dpdkinfo_read, (void *)H_AVAIL, 0);
	nfc_add_read_handler(e, "pool_size", dpdkinfo_read, (void *)H_SIZE, 0);
	return 0;
}

static const struct nfc_element_class dpdkinfo_class = {
	.name = "DPDKInfo",
	.port_count = "0/0",
	.processing = "/",
	.size = sizeof(struct dpdkinfo),
	.flags = NFC_CLASS_THREAD_SAFE | NFC_CLASS_CONFIGURE_EARLY,
	.configure = dpdkinfo_configure,
	.initialize = dpdkinfo_initialize,
	.add_handlers = dpdkinfo_add_handlers,
};
NFC_REGISTER_ELEMENT(dpdkinfo_class);
