// Benchmark: DPDK receive -> the IP forwarding chain -> DPDK transmit, fused
// (the default) or not (--no-fuse). net_pcap replays a small pcap of one
// valid UDP/IPv4 frame forever (infinite_rx), net_null takes the output:
//   nfclick -e 'InfiniteSource(\<0000000000aa0000000000bb08004500002000000000401164c90a0000010a01020300010002000c000041424344>, LIMIT 64, STOP true) -> ToDump(/tmp/ipfwd.pcap)'
//   nfclick --dpdk --no-huge --no-pci -m 1024 --in-memory \
//       --vdev net_pcap0,rx_pcap=/tmp/ipfwd.pcap,infinite_rx=1 --vdev net_null1 -l 0 \
//       -- [--no-fuse] bench/dpdk_ip_fwd.click N=20000000
// (instructions per packet: callgrind at N=200000 and N=400000, as bench/run does).
define($N 20000000, $BURST 32);

FromDPDKDevice(0, BURST $BURST) -> c :: Counter(COUNT_CALL $N stop)
  -> MarkMACHeader -> Strip(14) -> CheckIPHeader -> DecIPTTL -> Unstrip(14)
  -> EtherRewrite(SRC 0:0:0:0:0:1, DST 0:0:0:0:0:2) -> ToDPDKDevice(1, BLOCKING false);

DriverManager(wait_stop, print c.count);
