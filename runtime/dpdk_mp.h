/* SPDX-License-Identifier: MIT */
/* DPDK glue: what processes sharing one DPDK memory (multi-process) must keep apart. */
#ifndef NFCLICK_DPDK_MP_H
#define NFCLICK_DPDK_MP_H

#include <stdbool.h>
#include <nfclick/nfclick.h>

/*
 * Processes sharing a primary's memory share its mempools, and a mempool's
 * per-lcore caches are indexed by lcore id without a lock: two processes
 * using the same lcore id corrupt them (mbufs handed out twice, crashes).
 * Each process therefore claims its EAL lcore ids with a lock file in the
 * runtime directory (nfclick_lcore_N), held until exit or death. Processes
 * without a shared configuration (--in-memory, --no-shconf) claim nothing.
 */

/**
 * After rte_eal_init(): claim the EAL lcores (@lcores, @n). Returns 0, or
 * -1 with an error naming the fix when another process holds one.
 */
int nfc_dpdk_mp_claim_eal_lcores(const unsigned *lcores, int n, struct nfc_errh *errh);
/**
 * May other processes share this one's memory (a secondary, or a primary
 * with a shared configuration)? Known after nfc_dpdk_mp_claim_eal_lcores().
 */
bool nfc_dpdk_mp_shared(void);

/**
 * At exit, in a primary: do secondary processes still run? Then the rings
 * and pools they may be using must not be freed (DPDK would unmap their
 * pages under them); says so once on standard error.
 */
bool nfc_dpdk_mp_keep_for_secondaries(void);

/**
 * At exit, before rte_eal_cleanup(): give back every lcore id and note
 * where this process's hugepage files are.
 */
void nfc_dpdk_mp_before_cleanup(void);
/**
 * After rte_eal_cleanup(), when no primary runs any more (@last): remove
 * the hugepage files of this --file-prefix that no process maps. DPDK
 * removes the pages it frees, but memory left to secondaries, or that a
 * secondary allocated and never freed (it crashed), keeps its pages until
 * the next primary starts in the same directory.
 */
void nfc_dpdk_mp_after_cleanup(bool last);

#endif
