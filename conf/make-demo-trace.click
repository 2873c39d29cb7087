// Make the demo's pcap trace from a text trace in Click's IPSummaryDump format.
//   nfclick conf/make-demo-trace.click [IN=conf/demo-trace.ipsum] [OUT=demo.pcap]
// IPv4 packets (TCP, UDP, ICMP) get Ethernet headers; a few ARP requests are
// mixed in so the demo's first classifier has something to sort.
define($IN conf/demo-trace.ipsum, $OUT demo.pcap);

out :: ToDump($OUT, ENCAP ETHER);
FromIPSummaryDump($IN, STOP true, CHECKSUM true, ZERO true)
	-> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
	-> out;
InfiniteSource(DATA \<ffffffffffff 020000000001 0806 0001 0800 06 04 0001 020000000001 0a000001 000000000000 c0000201>,
	LIMIT 25, STOP true)
	-> SetTimestamp
	-> out;
DriverManager(wait_stop, wait_stop, print out.count);
