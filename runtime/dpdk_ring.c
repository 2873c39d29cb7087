/* SPDX-License-Identifier: MIT */
/* DPDK glue: named rte_rings shared by FromDPDKRing/ToDPDKRing, in one process or several. */
#include "nfclick-config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_errno.h>
#include <rte_ring.h>
#include "dpdk_mp.h"
#include "dpdk_priv.h"

/* Rings this process made (process-wide like the EAL): freed at exit, after
 * the mbufs still in them went back to their pools. */
static struct {
	struct rte_ring **made;
	int n, cap;
} rings;

struct rte_ring *nfc_dpdk_ring_attach(const char *name, unsigned size, int socket, bool create,
				      struct nfc_errh *errh)
{
	struct rte_ring *r = rte_ring_lookup(name);
	if (r)
		return r;
	if (!create && rte_eal_process_type() != RTE_PROC_PRIMARY) {
		nfc_error(errh, "no DPDK ring '%s' (start the process that makes it first, "
				"or give CREATE true)", name);
		return NULL;
	}
	if (rings.n == rings.cap) {
		int ncap = rings.cap ? rings.cap * 2 : 8;
		struct rte_ring **nr = realloc(rings.made, (size_t)ncap * sizeof *nr);
		if (!nr) {
			nfc_error(errh, "out of memory");
			return NULL;
		}
		rings.made = nr;
		rings.cap = ncap;
	}
	r = rte_ring_create(name, rte_align32pow2(size), socket < 0 ? SOCKET_ID_ANY : socket, 0);
	if (!r) {
		nfc_error(errh, "cannot make DPDK ring '%s' of %u entries: %s (more memory: EAL option -m)",
			  name, rte_align32pow2(size), rte_strerror(rte_errno));
		return NULL;
	}
	rings.made[rings.n++] = r;
	return r;
}

void nfc_dpdk_rings_free(void)
{
	/* a secondary still reading or filling one keeps them all */
	bool keep = rings.n > 0 && nfc_dpdk_mp_keep_for_secondaries();
	for (int i = 0; i < rings.n && !keep; i++) {
		void *objs[64];
		unsigned n;
		while ((n = rte_ring_dequeue_burst(rings.made[i], objs, 64, NULL)) > 0)
			rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
		rte_ring_free(rings.made[i]);
	}
	free(rings.made);
	rings.made = NULL;
	rings.n = rings.cap = 0;
}

int nfc_dpdk_ring_name(const char *ring, const char *from_proc, const char *to_proc, bool receiver,
		       char *out, size_t n, struct nfc_errh *errh)
{
	if (ring && (from_proc || to_proc))
		return nfc_error(errh, "give RING, or FROM_PROC and TO_PROC, not both");
	int len;
	if (ring)
		len = snprintf(out, n, "%s", ring);
	else if (!from_proc || !to_proc)
		return nfc_error(errh, "missing ring: give RING NAME, or FROM_PROC and TO_PROC");
	else if (receiver)
		/* FastClick's naming: the ring from process A to process B is
		 * "A_2_B"; each end names itself FROM_PROC and its peer TO_PROC */
		len = snprintf(out, n, "%s_2_%s", to_proc, from_proc);
	else
		len = snprintf(out, n, "%s_2_%s", from_proc, to_proc);
	if (len < 0 || (size_t)len >= n || len >= (int)RTE_RING_NAMESIZE)
		return nfc_error(errh, "ring name '%s%s%s' is too long (at most %d characters)",
				 ring ? ring : receiver ? to_proc : from_proc, ring ? "" : "_2_",
				 ring ? "" : receiver ? from_proc : to_proc, (int)RTE_RING_NAMESIZE - 1);
	return 0;
}
