// nfclick demo: read a pcap trace, sort its packets and count them.
//
//   nfclick conf/make-demo-trace.click OUT=demo.pcap   # make the trace
//   nfclick conf/demo.click IN=demo.pcap
//
// Frames are sorted by EtherType; IPv4 packets are checked (CheckIPHeader)
// and classified by an IPClassifier compiled into a decision tree; every class
// has its own Counter. At the end DriverManager prints each counter.
define($IN demo.pcap);

src :: FromDump($IN, STOP true);
eth :: Classifier(12/0806, 12/0800, -);
ip :: IPClassifier(tcp dst port 80, udp port 53, icmp, udp, -);

src -> eth;
eth[0] -> arp :: Counter -> Discard;
eth[1] -> Strip(14) -> CheckIPHeader -> ip;
eth[2] -> other :: Counter -> Discard;
ip[0] -> web :: Counter -> Discard;
ip[1] -> dns :: Counter -> Discard;
ip[2] -> icmp :: Counter -> Discard;
ip[3] -> udp :: Counter -> Discard;
ip[4] -> rest :: Counter -> Discard;

DriverManager(wait_stop,
	print "packets read:  $(src.count)",
	print "ARP:           $(arp.count)",
	print "HTTP (tcp/80): $(web.count) packets, $(web.byte_count) bytes",
	print "DNS (udp/53):  $(dns.count)",
	print "ICMP:          $(icmp.count)",
	print "other UDP:     $(udp.count)",
	print "other IPv4:    $(rest.count)",
	print "not IPv4/ARP:  $(other.count)");
