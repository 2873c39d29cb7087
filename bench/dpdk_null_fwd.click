// Benchmark: DPDK receive -> Counter -> DPDK transmit on net_null devices,
// nfclick's per-packet cost on top of a bare rx_burst/tx_burst loop
// (bench/dpdk_bare_fwd.c). Needs DPDK start-up arguments; bench/dpdk_run
// runs it with 1 and 2 threads:
//   nfclick --dpdk --no-huge --no-pci -m 1024 --in-memory --vdev net_null0 --vdev net_null1 -l 0 \
//       -- bench/dpdk_null_fwd.click N=20000000
//   (two threads: -l 0,1 -- -j 2 ...)
define($N 20000000, $BURST 32);

FromDPDKDevice(0, BURST $BURST) -> c :: Counter(COUNT_CALL $N stop) -> ToDPDKDevice(1, BLOCKING false);

DriverManager(wait_stop, print c.count);
