/* SPDX-License-Identifier: MIT */
/* DPDK start-up: the EAL, its process-wide state and router threads as DPDK threads. */
#ifndef NFCLICK_DPDK_H
#define NFCLICK_DPDK_H

#include <stdbool.h>
#include <nfclick/error.h>

struct nfc_packet;

/*
 * DPDK's Environment Abstraction Layer (EAL) is a property of the process,
 * initialised once before any router is built: `nfclick --dpdk EAL-ARGS --
 * CONFIG-ARGS` hands EAL-ARGS to nfc_dpdk_init(). Nothing here exposes DPDK
 * types, so this header is safe for code built without DPDK's flags; the
 * device elements' internals are in runtime/dpdk_priv.h.
 */

/**
 * Initialise DPDK's EAL with @argv[0..argc-1] (argv[0] is the program name,
 * the rest EAL arguments such as "-l 0,1 --no-huge --vdev net_null0").
 * Unless the arguments say otherwise, EAL informational messages are
 * silenced (--log-level) and telemetry is off (--no-telemetry). The EAL is
 * cleaned up at process exit (rte_eal_cleanup, after nfc_dpdk_at_exit hooks).
 * Reports a clear error and returns -1 on bad arguments, when the EAL fails,
 * or when nfclick was built without DPDK; returns 0 on success.
 */
int nfc_dpdk_init(int argc, char **argv, struct nfc_errh *errh);

/** True once nfc_dpdk_init() succeeded in this process. */
bool nfc_dpdk_initialized(void);

/** Free the mbuf of an mbuf-backed packet (NFC_PACKET_MBUF): what killing
 *  one does (runtime/packet.c). */
void nfc_dpdk_release(struct nfc_packet *p);

/**
 * Run @fn at process exit, before the EAL is cleaned up (hooks run last
 * registered first). DPDK device code closes ports and frees pools here,
 * after every router is gone. Returns 0, or -1 when the table is full.
 */
int nfc_dpdk_at_exit(void (*fn)(void));

/**
 * Make the calling router thread a DPDK thread: give it an lcore id (so
 * mempool caches work) and, when @pin is true, pin it to the CPU of the
 * @thread_id-th EAL lcore (-l list) or, past the list, to the CPUs nfclick
 * had before the EAL pinned its main thread. Cheap after the first call on
 * a thread. Every router thread calls it when it starts (runtime/scheduler.c),
 * so the DPDK elements' fast paths need not; other threads that use DPDK
 * call it first.
 */
void nfc_dpdk_thread_attach_slow(int thread_id, bool pin);
extern _Thread_local bool nfc_dpdk_thread_attached;
static inline void nfc_dpdk_thread_attach(int thread_id, bool pin)
{
	if (__builtin_expect(!nfc_dpdk_thread_attached, 0))
		nfc_dpdk_thread_attach_slow(thread_id, pin);
}

/** Number of EAL lcores (the -l list); 0 before nfc_dpdk_init(). */
int nfc_dpdk_lcore_count(void);
/** NUMA socket of the CPU router thread @thread_id runs on (its lcore's), or -1 if unknown. */
int nfc_dpdk_thread_socket(int thread_id);

#endif
