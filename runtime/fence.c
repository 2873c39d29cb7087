/* SPDX-License-Identifier: MIT */
/* Asymmetric memory fences with membarrier(2) (include/nfclick/fence.h). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <nfclick/fence.h>
#if defined(__linux__) && defined(SYS_membarrier)
#include <linux/membarrier.h>
#define NFC_HAVE_MEMBARRIER 1
#endif

/* A property of the process, probed once: the one process-wide variable
 * here, written only under pthread_once. */
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool asymmetric_ok;

static void probe(void)
{
#ifdef NFC_HAVE_MEMBARRIER
	/* NFCLICK_NO_MEMBARRIER=1 forces the symmetric fences (tests use it
	 * to run both kinds) */
	const char *off = getenv("NFCLICK_NO_MEMBARRIER");
	if (off && *off && *off != '0')
		return;
	long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0);
	if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
		return;
	asymmetric_ok =
		syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) == 0;
#endif
}

bool nfc_fence_asymmetric(void)
{
	pthread_once(&probe_once, probe);
	return asymmetric_ok;
}

void nfc_fence_heavy(bool asym)
{
#ifdef NFC_HAVE_MEMBARRIER
	/* cannot fail once registered (the probe did) */
	if (asym && syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) == 0)
		return;
#endif
	(void)asym;
	atomic_thread_fence(memory_order_seq_cst);
}
