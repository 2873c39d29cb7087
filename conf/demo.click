// nfclick demo: sort a mix of generated Ethernet frames by EtherType and count them.
//
// Three RatedSources make ARP requests (100/s), IPv4/UDP frames (1000/s) and
// IPv6/UDP frames (300/s); one Classifier sorts them by the EtherType at
// offset 12; each output has its own Counter. After two seconds DriverManager
// reads the counters (printed on standard error as "name.count:" and the
// value) and stops. Run it with: nfclick conf/demo.click

arp_src :: RatedSource(DATA \<ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 c0000201 000000000000 c0000202>,
	RATE 100);
ip4_src :: RatedSource(DATA \<020000000002 020000000001 0800 4500002e 00000000 4011 8e83 c0000201 c6336407 03e807d0 001a0000 4142434445464748494a4b4c4d4e4f505152>,
	RATE 1000);
ip6_src :: RatedSource(DATA \<020000000002 020000000001 86dd 60000000 0012 11 40 20010db8000000000000000000000001 20010db8000000000000000000000002 03e807d0 0012 7c03 6e66636c69636b2d7636>,
	RATE 300);

sort :: Classifier(12/0806, 12/0800, 12/86dd, -);
arp_src -> sort;
ip4_src -> sort;
ip6_src -> sort;

sort[0] -> arp :: Counter -> Discard;
sort[1] -> ipv4 :: Counter -> Discard;
sort[2] -> ipv6 :: Counter -> Discard;
sort[3] -> other :: Counter -> Discard;

DriverManager(wait 2s, read arp.count, read ipv4.count, read ipv6.count, read other.count, stop);
