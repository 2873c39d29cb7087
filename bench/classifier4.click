// Benchmark: a 4-output Classifier on the Ethernet type. The packet is
// Ethernet + IPv4 + UDP (192.0.2.1:1000 -> 198.51.100.7:2000, 60 bytes), so it
// fails the ARP and IPv6 tests and leaves on the third output (12/0800).
// Run: nfclick bench/classifier4.click N=20000000 BURST=32
define($N 20000000, $BURST 32);

InfiniteSource(DATA \<020000000002 020000000001 0800 4500002e 00000000 4011 8e83 c0000201 c6336407 03e807d0 001a0000 4142434445464748494a4b4c4d4e4f505152>,
	LIMIT $N, STOP true, BURST $BURST)
	-> cl :: Classifier(12/0806, 12/86dd, 12/0800, -);

cl[0] -> c_arp :: Counter -> Discard;
cl[1] -> c_ip6 :: Counter -> Discard;
cl[2] -> c :: Counter -> Discard;       // every benchmark packet lands here
cl[3] -> c_other :: Counter -> Discard;

DriverManager(wait_stop, print c.count);
