/* SPDX-License-Identifier: MIT */
/* The limit for bench/dpdk_null_fwd.click: a bare DPDK rx_burst -> tx_burst loop, no framework. */

/*
 * dpdk_bare_fwd EAL-ARGS -- N [BURST]
 *
 * Receives from port 0 and sends to port 1 (net_null vdevs in the
 * benchmark: --vdev net_null0 --vdev net_null1), BURST packets at a time
 * (default 32), until N packets went through; unsent packets are freed.
 * One receive and one transmit queue per lcore of the -l list, each lcore
 * looping on its own pair, as FromDPDKDevice -> ToDPDKDevice does with one
 * nfclick thread per lcore. Prints the number of packets forwarded.
 *
 * Build: cc -O2 $(pkg-config --cflags libdpdk) dpdk_bare_fwd.c -o dpdk_bare_fwd \
 *           $(pkg-config --libs libdpdk)
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#define MAX_BURST 256

static uint64_t target;
static unsigned burst = 32;
static atomic_uint_fast64_t forwarded;
static atomic_bool done;

static int fwd_loop(void *arg)
{
	uint16_t q = (uint16_t)(uintptr_t)arg;
	struct rte_mbuf *pkts[MAX_BURST];
	uint64_t local = 0;
	while (!atomic_load_explicit(&done, memory_order_relaxed)) {
		uint16_t n = rte_eth_rx_burst(0, q, pkts, (uint16_t)burst);
		if (n == 0)
			continue;
		uint16_t sent = rte_eth_tx_burst(1, q, pkts, n);
		if (sent < n)
			rte_pktmbuf_free_bulk(pkts + sent, n - sent);
		local += n;
		/* publish now and then: the total is shared by the lcores */
		if (local >= 2048) {
			if (atomic_fetch_add(&forwarded, local) + local >= target)
				atomic_store(&done, true);
			local = 0;
		}
	}
	atomic_fetch_add(&forwarded, local);
	return 0;
}

static void setup_port(uint16_t port, uint16_t nq, struct rte_mempool *mp)
{
	struct rte_eth_conf conf = { 0 };
	if (rte_eth_dev_configure(port, nq, nq, &conf) < 0)
		rte_exit(1, "cannot configure port %u\n", port);
	for (uint16_t q = 0; q < nq; q++) {
		if (rte_eth_rx_queue_setup(port, q, 512, rte_eth_dev_socket_id(port), NULL, mp) < 0 ||
		    rte_eth_tx_queue_setup(port, q, 512, rte_eth_dev_socket_id(port), NULL) < 0)
			rte_exit(1, "cannot set up queue %u of port %u\n", q, port);
	}
	if (rte_eth_dev_start(port) < 0)
		rte_exit(1, "cannot start port %u\n", port);
}

int main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);
	if (n < 0)
		rte_exit(1, "EAL initialisation failed\n");
	argc -= n;
	argv += n;
	if (argc < 2)
		rte_exit(1, "usage: dpdk_bare_fwd EAL-ARGS -- N [BURST]\n");
	target = strtoull(argv[1], NULL, 10);
	if (argc > 2)
		burst = (unsigned)atoi(argv[2]);
	if (burst < 1 || burst > MAX_BURST)
		rte_exit(1, "BURST must be 1 to %d\n", MAX_BURST);
	if (rte_eth_dev_count_avail() < 2)
		rte_exit(1, "need two ports (--vdev net_null0 --vdev net_null1)\n");
	uint16_t nq = (uint16_t)rte_lcore_count();
	struct rte_mempool *mp = rte_pktmbuf_pool_create("bare_pool", 16383, 256, 0,
							 RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (!mp)
		rte_exit(1, "cannot make the mbuf pool\n");
	setup_port(0, nq, mp);
	setup_port(1, nq, mp);
	unsigned lc;
	uint16_t q = 1;
	RTE_LCORE_FOREACH_WORKER(lc)
		rte_eal_remote_launch(fwd_loop, (void *)(uintptr_t)q++, lc);
	fwd_loop((void *)0);
	rte_eal_mp_wait_lcore();
	printf("%llu\n", (unsigned long long)atomic_load(&forwarded));
	rte_eth_dev_stop(0);
	rte_eth_dev_stop(1);
	rte_eth_dev_close(0);
	rte_eth_dev_close(1);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return 0;
}
