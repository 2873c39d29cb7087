/* SPDX-License-Identifier: MIT */
/* nfclick --dpdk in a build without DPDK: a clear error instead of a missing option. */
#include "nfclick-config.h"
#ifndef HAVE_DPDK
#include <nfclick/dpdk.h>

/* runtime/dpdk*.c are left out of builds without DPDK; this file is not. */

_Thread_local bool nfc_dpdk_thread_attached = true;

int nfc_dpdk_init(int argc, char **argv, struct nfc_errh *errh)
{
	(void)argc;
	(void)argv;
	return nfc_error(errh, "nfclick: --dpdk: nfclick was built without DPDK "
			       "(install libdpdk-dev and re-run configure)");
}

bool nfc_dpdk_initialized(void)
{
	return false;
}

void nfc_dpdk_release(struct nfc_packet *p)
{
	/* no mbuf-backed packets without DPDK */
	(void)p;
	abort();
}

int nfc_dpdk_at_exit(void (*fn)(void))
{
	(void)fn;
	return -1;
}

void nfc_dpdk_thread_attach_slow(int thread_id, bool pin)
{
	(void)thread_id;
	(void)pin;
}

int nfc_dpdk_lcore_count(void)
{
	return 0;
}

int nfc_dpdk_thread_socket(int thread_id)
{
	(void)thread_id;
	return -1;
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int nfc_nodpdk_unused_;
#endif
