/* SPDX-License-Identifier: MIT */
/* Asymmetric memory fences: a handshake whose hot side runs every batch and whose other side runs rarely. */
#ifndef NFCLICK_FENCE_H
#define NFCLICK_FENCE_H

#include <stdatomic.h>
#include <stdbool.h>

/*
 * A Dekker-style handshake (each side stores its flag, fences, then loads
 * the other's) needs a full fence on both sides: on x86 an mfence, which
 * waits for the store buffer to drain. When one side runs on every batch
 * and the other a few times per run (Counter's COUNT_CALL with several
 * threads: counting versus turning on exact mode), the hot side can use a
 * compiler barrier and the rare side membarrier(2), which makes every
 * thread of the process execute a full barrier before it returns. Where
 * membarrier is not available (old kernels, seccomp), both sides use full
 * fences, as before.
 */

/**
 * Can this process use asymmetric fences? The first call registers with
 * membarrier(2) (MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED); thread-safe,
 * and the answer does not change afterwards. Call it at initialisation and
 * keep the answer for nfc_fence_light() and nfc_fence_heavy().
 */
bool nfc_fence_asymmetric(void);

/** The hot side's fence: a compiler barrier when @asym, else a full fence. */
static inline void nfc_fence_light(bool asym)
{
	if (asym)
		atomic_signal_fence(memory_order_seq_cst);
	else
		atomic_thread_fence(memory_order_seq_cst);
}

/**
 * The rare side's fence: when @asym, membarrier(2), which orders the hot
 * sides' memory accesses as a full fence on each of their threads would;
 * else a full fence on this thread.
 */
void nfc_fence_heavy(bool asym);

#endif
