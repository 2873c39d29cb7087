// router.click: a two-interface IPv4 router (the router of the Click paper) that runs offline on pcap traces.
//
// Interface 0 (eth0) is 10.0.0.1/24, interface 1 (eth1) is 10.0.1.1/24; change
// the AddressInfo below to renumber. Each interface reads the Ethernet frames it
// receives from a pcap file (FromDump) and writes the frames it sends to another
// (ToDump), so the router needs no network device and no privileges:
//
//     nfclick conf/router.click IN0=a.pcap IN1=b.pcap OUT0=x.pcap OUT1=y.pcap
//
// Variables (defaults in the define below): IN0, IN1 are the traces received on
// eth0 and eth1, OUT0 and OUT1 the traces sent on them, MTU0 and MTU1 the link
// MTUs. TIMING=true replays the input traces with their own timing (relative to
// each file's first packet); run with --simtime to do so without waiting. The
// router stops when both input traces are done, then prints how many packets it
// delivered to itself (tohost.count). Read the outputs with tcpdump -r, or with
// nfclick -e 'FromDump(x.pcap, STOP true) -> Print(MAXLENGTH -1) -> Discard'.
//
// What it does, per interface:
//   - ARP requests for the interface's address are answered (ARPResponder);
//   - ARP replies feed the interface's ARPQuerier, which resolves next hops
//     (queries go out on the interface; packets wait for the reply);
//   - IP packets are painted with the interface number, stripped of their
//     Ethernet header, checked (CheckIPHeader drops bad headers and bad source
//     addresses) and routed on their destination address (RadixIPLookup);
//   - other frames are dropped.
// Routed packets leaving an interface have their IP options processed
// (IPGWOptions; bad options get an ICMP parameter problem), their TTL
// decremented (DecIPTTL; expired ones get an ICMP time exceeded), are
// fragmented to the MTU (IPFragmenter; DF packets get an ICMP needfrag carrying
// the MTU), then handed to ARPQuerier. A packet that leaves on the interface it
// came in on also triggers an ICMP host redirect (PaintTee). Packets to a net
// with no route get an ICMP net unreachable: add a default route
// ("0.0.0.0/0 GATEWAY 1" or "... 2") to the table to forward them instead.
// ICMP errors are routed like other packets; FixIPSrc gives them the address of
// the interface they leave by. Echo requests to the router's own addresses are
// answered; other packets for the router are counted and dropped.
//
// Unlike the kernel router of the paper there is no DropBroadcasts (frames
// read from pcap files carry no link-level broadcast mark) and no Queue before
// the outputs (ToDump takes packets as they come).

define($IN0 in0.pcap, $IN1 in1.pcap, $OUT0 out0.pcap, $OUT1 out1.pcap,
	$MTU0 1500, $MTU1 1500, $TIMING false);

AddressInfo(
	eth0 10.0.0.1/24 00:00:c0:ae:67:ef,
	eth1 10.0.1.1/24 00:00:c0:4f:71:ef);

// The links.
in0 :: FromDump($IN0, STOP true, TIMING $TIMING);
in1 :: FromDump($IN1, STOP true, TIMING $TIMING);
out0 :: ToDump($OUT0);
out1 :: ToDump($OUT1);

// Frame types: 0 ARP request, 1 ARP reply, 2 IP, 3 other.
c0 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c1 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
in0 -> c0;
in1 -> c1;

// ARP: answer for our own address; resolve next hops on each link.
c0[0] -> ARPResponder(eth0:ip eth0:eth) -> out0;
c1[0] -> ARPResponder(eth1:ip eth1:eth) -> out1;
arpq0 :: ARPQuerier(eth0) -> out0;
arpq1 :: ARPQuerier(eth1) -> out1;
c0[1] -> [1]arpq0;
c1[1] -> [1]arpq1;

// Other frame types.
c0[3] -> Discard;
c1[3] -> Discard;

// The routing table. Outputs: 0 the router itself, 1 eth0's net, 2 eth1's net,
// 3 no route.
rt :: RadixIPLookup(
	eth0:ip 0, eth0:bcast 0, eth1:ip 0, eth1:bcast 0, 255.255.255.255 0,
	eth0:ipnet 1, eth1:ipnet 2,
	0.0.0.0/0 3);

// Incoming IP packets: remember the interface (paint 1 or 2; 0 marks packets
// the router made itself), check, route.
ip :: Strip(14)
	-> CheckIPHeader(INTERFACES eth0 eth1)
	-> GetIPAddress(16)
	-> [0]rt;
c0[2] -> Paint(1) -> ip;
c1[2] -> Paint(2) -> ip;

// Packets for the router: answer pings, count the rest.
rt[0] -> ping :: ICMPPingResponder -> [0]rt;
ping[1] -> tohost :: Counter -> Discard;

// No route: ICMP net unreachable (FixIPSrc corrects the source on the way out).
rt[3] -> ICMPError(eth0, unreachable, net) -> [0]rt;

// Forwarding to eth0's net.
rt[1] -> redir0 :: PaintTee(1)
	-> opt0 :: IPGWOptions(eth0)
	-> FixIPSrc(eth0)
	-> ttl0 :: DecIPTTL
	-> frag0 :: IPFragmenter($MTU0)
	-> [0]arpq0;
redir0[1] -> ICMPError(eth0, redirect, host) -> [0]rt;
opt0[1] -> ICMPError(eth0, parameterproblem) -> [0]rt;
ttl0[1] -> ICMPError(eth0, timeexceeded) -> [0]rt;
frag0[1] -> ICMPError(eth0, unreachable, needfrag, PMTU $MTU0) -> [0]rt;

// Forwarding to eth1's net.
rt[2] -> redir1 :: PaintTee(2)
	-> opt1 :: IPGWOptions(eth1)
	-> FixIPSrc(eth1)
	-> ttl1 :: DecIPTTL
	-> frag1 :: IPFragmenter($MTU1)
	-> [0]arpq1;
redir1[1] -> ICMPError(eth1, redirect, host) -> [0]rt;
opt1[1] -> ICMPError(eth1, parameterproblem) -> [0]rt;
ttl1[1] -> ICMPError(eth1, timeexceeded) -> [0]rt;
frag1[1] -> ICMPError(eth1, unreachable, needfrag, PMTU $MTU1) -> [0]rt;

// Stop once both traces are done.
DriverManager(pause, pause, read tohost.count, stop);
