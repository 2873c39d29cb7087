/* SPDX-License-Identifier: MIT */
/* libFuzzer target: one Ethernet frame through the elements of conf/router.click. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <nfclick/nfclick.h>
#include <nfclick/proto.h>

/*
 * The harness builds one router at start-up from an in-memory configuration
 * close to conf/router.click (plus side branches into IPReassembler,
 * ICMPError and a small-MTU IPFragmenter) and never runs its scheduler:
 * each input is made into one packet and pushed into FuzzSource's output,
 * so the whole path runs synchronously inside LLVMFuzzerTestOneInput.
 * State (ARP tables, waiting packets, reassembly buffers) carries over from
 * input to input, as it would on a live router.
 *
 * Input layout: byte 0 holds flags, the rest is the frame.
 *   bit 0: if the frame is IPv4 (EtherType 0x0800 at offset 12) and holds
 *          a header, recompute the IP header checksum, so the fuzzer gets
 *          past CheckIPHeader without having to guess checksums.
 *
 * Invariant checked: every IPv4 frame the router sends, every ICMP error it
 * makes and every packet IPReassembler rebuilds passes CheckIPHeader; the
 * FuzzAbort element sits on those CheckIPHeaders' error outputs.
 */

struct fuzz_source {
	struct nfc_element e;
};

static const struct nfc_element_class fuzz_source_class = {
	.name = "FuzzSource",
	.port_count = "0/1",
	.processing = "h/h",
	.size = sizeof(struct fuzz_source),
};
NFC_REGISTER_ELEMENT(fuzz_source_class)

static void fuzz_abort_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	(void)port;
	fprintf(stderr, "packet_fuzz: %s received a packet with a bad IP header (length %u)\n",
		e->name, b->count ? b->pkts[0]->length : 0);
	abort();
}

static const struct nfc_element_class fuzz_abort_class = {
	.name = "FuzzAbort",
	.port_count = "1/0",
	.processing = "h/h",
	.size = sizeof(struct nfc_element),
	.push = fuzz_abort_push,
};
NFC_REGISTER_ELEMENT(fuzz_abort_class)

static const char router_config[] =
	"AddressInfo(eth0 10.0.0.1/24 00:00:c0:ae:67:ef, eth1 10.0.1.1/24 00:00:c0:4f:71:ef);\n"
	"src :: FuzzSource;\n"
	"bad :: FuzzAbort;\n"
	"c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);\n"
	"src -> c;\n"
	/* What leaves an interface: IPv4 frames must carry a valid header. */
	"out0 :: Classifier(12/0800, -); out0[1] -> Discard;\n"
	"out0[0] -> chk_out0 :: CheckIPHeader(14) -> Discard;\n"
	"chk_out0[1] -> bad;\n"
	"out1 :: Classifier(12/0800, -); out1[1] -> Discard;\n"
	"out1[0] -> chk_out1 :: CheckIPHeader(14) -> Discard;\n"
	"chk_out1[1] -> bad;\n"
	"c[0] -> ARPResponder(eth0:ip eth0:eth, 10.0.1.0/24 eth0:eth) -> out0;\n"
	"arpq0 :: ARPQuerier(eth0, CAPACITY 64) -> out0;\n"
	"arpq1 :: ARPQuerier(eth1, CAPACITY 64) -> out1;\n"
	"c[1] -> arpt :: Tee -> [1]arpq0; arpt[1] -> [1]arpq1;\n"
	"c[3] -> Discard;\n"
	"rt :: RadixIPLookup(eth0:ip 0, eth0:bcast 0, eth1:ip 0, eth1:bcast 0,\n"
	"	255.255.255.255 0, eth0:ipnet 1, eth1:ipnet 2, 0.0.0.0/0 10.0.1.9 2);\n"
	"c[2] -> Paint(1) -> Strip(14) -> CheckIPHeader(INTERFACES eth0 eth1, VERBOSE false)\n"
	"	-> GetIPAddress(16) -> side :: Tee(3) -> [0]rt;\n"
	/* Side branch 1: fragment hard, then reassemble; the result must be valid. */
	"side[1] -> IPFragmenter(68, HONOR_DF false) -> IPReassembler(HIMEM 65536)\n"
	"	-> chk_reass :: CheckIPHeader(VERBOSE false) -> Discard; chk_reass[1] -> bad;\n"
	/* Side branch 2: an ICMP error about every packet must be valid. */
	"side[2] -> ICMPError(eth0, parameterproblem)\n"
	"	-> chk_err :: CheckIPHeader -> Discard; chk_err[1] -> bad;\n"
	/* Packets for the router. */
	"rt[0] -> IPReassembler -> ping :: ICMPPingResponder -> [0]rt; ping[1] -> Discard;\n"
	"rt[1] -> redir0 :: PaintTee(1) -> opt0 :: IPGWOptions(eth0) -> FixIPSrc(eth0)\n"
	"	-> ttl0 :: DecIPTTL -> frag0 :: IPFragmenter(576) -> [0]arpq0;\n"
	"redir0[1] -> ICMPError(eth0, redirect, host) -> [0]rt;\n"
	"opt0[1] -> ICMPError(eth0, parameterproblem) -> [0]rt;\n"
	"ttl0[1] -> ICMPError(eth0, timeexceeded) -> [0]rt;\n"
	"frag0[1] -> ICMPError(eth0, unreachable, needfrag, PMTU 576) -> [0]rt;\n"
	"rt[2] -> redir1 :: PaintTee(2) -> opt1 :: IPGWOptions(eth1) -> FixIPSrc(eth1)\n"
	"	-> ttl1 :: DecIPTTL -> frag1 :: IPFragmenter(296) -> [0]arpq1;\n"
	"redir1[1] -> ICMPError(eth1, redirect, host) -> [0]rt;\n"
	"opt1[1] -> ICMPError(eth1, parameterproblem) -> [0]rt;\n"
	"ttl1[1] -> ICMPError(eth1, timeexceeded) -> [0]rt;\n"
	"frag1[1] -> ICMPError(eth1, unreachable, needfrag, PMTU 296) -> [0]rt;\n"
	/* A second copy of every frame through a forwarding chain the IP fast
	 * path fuses whole (elements/ip/ipfastpath.c); what it forwards must
	 * carry a valid header. */
	"src2 :: FuzzSource;\n"
	"src2 -> MarkMACHeader -> Strip(14) -> fp_chk :: CheckIPHeader(VERBOSE false)\n"
	"	-> GetIPAddress(16) -> fp_ttl :: DecIPTTL -> Unstrip(14)\n"
	"	-> EtherRewrite(SRC eth0, DST 00:01:02:03:04:05) -> Strip(14)\n"
	"	-> fp_valid :: CheckIPHeader(VERBOSE false) -> Discard;\n"
	"fp_valid[1] -> bad; fp_chk[1] -> Discard; fp_ttl[1] -> Discard;\n"
	/* A third copy into NAT: both inputs of an IPRewriter (forward and
	 * reply sides) and of a TCPRewriter with small capacities, so that
	 * flows are made, matched, refused and evicted; every packet they
	 * send must still carry a valid IP header. */
	"src3 :: FuzzSource;\n"
	"src3 -> Strip(14) -> nat_chk :: CheckIPHeader(VERBOSE false) -> nat_t :: Tee(4);\n"
	"nat_chk[1] -> Discard;\n"
	"rw :: IPRewriter(pattern 10.0.0.1 1024-1100 - - 0 1, drop, MAPPING_CAPACITY 64);\n"
	"nat_t[0] -> [0]rw; nat_t[1] -> [1]rw;\n"
	"rw[0] -> rw_out :: CheckIPHeader(VERBOSE false) -> Discard; rw_out[1] -> bad;\n"
	"rw[1] -> rw_rep :: CheckIPHeader(VERBOSE false) -> Discard; rw_rep[1] -> bad;\n"
	"tw :: TCPRewriter(pattern 10.0.0.1 2000-2010# 10.0.1.9 80 0 1, pass 1, MAPPING_CAPACITY 16);\n"
	"nat_t[2] -> [0]tw; nat_t[3] -> [1]tw;\n"
	"tw[0] -> tw_out :: CheckIPHeader(VERBOSE false) -> Discard; tw_out[1] -> bad;\n"
	"tw[1] -> tw_rep :: CheckIPHeader(VERBOSE false) -> Discard; tw_rep[1] -> bad;\n";

/* Static, so the configuration the router was built from stays reachable
 * (LeakSanitizer would otherwise report it). */
static struct nfc_flat_config flat;
static struct nfc_router *router;
static struct nfc_element *source, *source2, *source3;

/* Destroy the router before the packet pools go at exit: packets it still
 * holds would otherwise show up as leaks. */
static void destroy_router(void)
{
	nfc_router_destroy(router);
	nfc_flat_config_free(&flat);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct nfc_errh errh;
	nfc_errh_init_file(&errh, stderr);
	if (nfc_config_parse(router_config, "packet_fuzz", NULL, 0, &flat, &errh) < 0)
		abort();
	struct nfc_router_options opts = { .nthreads = 1 };
	router = nfc_router_create(&flat, &opts, &errh);
	if (!router)
		abort();
	source = nfc_router_find(router, "src", NULL);
	source2 = nfc_router_find(router, "src2", NULL);
	source3 = nfc_router_find(router, "src3", NULL);
	if (!source || !source2 || !source3)
		abort();
	atexit(destroy_router);
	return 0;
}

/* Recompute the IPv4 header checksum of an Ethernet frame, if it has one. */
static void fix_ip_checksum(unsigned char *frame, size_t len)
{
	if (len < 14 + 20 || frame[12] != 0x08 || frame[13] != 0x00)
		return;
	unsigned char *ip = frame + 14;
	size_t hlen = (size_t)(ip[0] & 0x0F) * 4;
	if (hlen < 20 || 14 + hlen > len)
		return;
	ip[10] = ip[11] = 0;
	uint16_t sum = nfc_in_cksum(ip, hlen);
	memcpy(ip + 10, &sum, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 9000)
		return 0;
	uint8_t flags = data[0];
	struct nfc_packet *p = nfc_packet_make(data + 1, (uint32_t)(size - 1));
	if (!p)
		return 0;
	if (flags & 1)
		fix_ip_checksum(p->data, p->length);
	nfc_packet_set_mac_header(p, p->data);
	struct nfc_packet *copy = nfc_packet_make(p->data, p->length);
	struct nfc_packet *copy3 = nfc_packet_make(p->data, p->length);
	nfc_push_packet(source, 0, p);
	if (copy)
		nfc_push_packet(source2, 0, copy);
	if (copy3)
		nfc_push_packet(source3, 0, copy3);
	return 0;
}
