/* SPDX-License-Identifier: MIT */
/* FromDevice: reads packets from a Linux network interface through an AF_PACKET socket. */

/*
 * =c
 * FromDevice(DEVNAME [, PROMISC, SNAPLEN, KEYWORDS])
 * =s netdevices
 * reads packets from network device (user-level, Linux AF_PACKET)
 * =d
 * Reads packets received on the network interface DEVNAME and pushes them
 * out its single output, in bursts. Like Click's user-level FromDevice it
 * is a sniffer: the kernel still receives and processes every packet too.
 * Packets that a ToDevice (or the kernel) sends on the same device are not
 * seen unless OUTBOUND is true.
 *
 * The element opens a nonblocking AF_PACKET socket and a task polls it,
 * reading up to BURST packets per system call (recvmmsg) straight into
 * pooled packet buffers. When nothing arrives for a while the task backs
 * off to a short timer so an idle device costs little CPU. The element
 * keeps the router running while it is active (an external source).
 *
 * Sets the packet type annotation from the kernel (HOST, BROADCAST, ...),
 * the MAC header annotation, and the timestamp annotation to the time the
 * burst was read. Needs root or the CAP_NET_RAW capability.
 *
 * Keyword arguments are:
 *
 * =item PROMISC
 * Boolean. Put the device in promiscuous mode while the router runs.
 * Default is false.
 * =item SNAPLEN
 * Unsigned. Packets longer than SNAPLEN are truncated (the extra length
 * annotation records the bytes cut off). Default is 2046, less the
 * HEADROOM when both don't fit a pooled packet buffer.
 * =item SNIFFER
 * Boolean. Must be true (packets are always also delivered to the kernel).
 * Default is true.
 * =item FORCE_IP
 * Boolean. If true, emit only IPv4 packets, with the IP header annotation
 * set (the link header stays in front). Default is false.
 * =item BPF_FILTER
 * String. A tcpdump/libpcap filter expression ("icmp", "udp port 53"),
 * compiled to classic BPF with libpcap and run in the kernel, so that only
 * matching packets are read. Default is empty: all packets. FILTER is a
 * synonym.
 * =item OUTBOUND
 * Boolean. Also emit packets sent out of the device. Default is false.
 * =item HEADROOM
 * Unsigned. Bytes of headroom in front of each packet. Default is 64.
 * =item BURST
 * Unsigned. Maximum packets read per scheduling. Default is 32.
 * =item ACTIVE
 * Boolean. If false, read nothing until the "active" handler says so.
 * Default is true.
 * =item METHOD
 * Word: LINUX (the default) or PCAP. Both use the AF_PACKET socket; PCAP is
 * accepted for compatibility (the filter is compiled with libpcap either
 * way). CAPTURE is a synonym.
 * =h count read-only
 * Packets emitted.
 * =h drops read-only
 * Packets read but dropped by FromDevice (out of packet memory, not IP
 * under FORCE_IP, outbound when OUTBOUND is false).
 * =h kernel_drops read-only
 * Packets the kernel dropped because the socket buffer was full.
 * =h encap read-only
 * The link type: ETHER or IP.
 * =h reset_counts write-only
 * Resets count and drops.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =e
 *   FromDevice(eth0, BPF_FILTER "icmp") -> Print(ping) -> Discard;
 * =a ToDevice, FromDump, ToDump
 */
#include <stddef.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <pcap/pcap.h>
#include <linux/filter.h>
#include "netdevice.h"

/*
 * There is no file-descriptor wakeup in the scheduler, so an idle device is
 * polled: spin a few times (packets often come in trains), then back off to
 * a short timer, and to a longer one once the device has been quiet for a
 * while. That bounds the added latency (FROMDEVICE_SLEEP_NS) while an idle
 * FromDevice costs little CPU.
 */
#define FROMDEVICE_SPIN_POLLS 64
#define FROMDEVICE_NAP_NS (100 * NFC_NSEC_PER_USEC)
#define FROMDEVICE_NAPS_BEFORE_SLEEP 100
#define FROMDEVICE_SLEEP_NS (1 * NFC_NSEC_PER_MSEC)

struct fromdevice {
	struct nfc_element e;
	/* configuration */
	char *devname;
	bool promisc;
	uint32_t snaplen;
	bool snaplen_given;
	bool sniffer;
	bool force_ip;
	char *bpf_filter;
	char *filter_alias;
	bool outbound;
	uint32_t headroom;
	uint32_t burst;
	bool active;
	char *method;
	char *capture_alias;

	/* run-time state, touched only by the task's thread */
	int sock;
	int ifindex;
	bool link_is_ether;
	bool external_source;
	unsigned empty_polls;
	unsigned naps;
	uint32_t capacity; /* bytes copied per packet */
	unsigned nstash;
	struct nfc_packet *stash[NFC_BATCH_MAX];
	struct mmsghdr msgs[NFC_BATCH_MAX];
	struct iovec iovs[NFC_BATCH_MAX];
	struct sockaddr_ll addrs[NFC_BATCH_MAX];
	struct nfc_task task;
	struct nfc_timer idle_timer;

	uint64_t count;
	uint64_t drops;
	uint64_t kernel_drops;
};

static const struct nfc_arg_spec fromdevice_args[] = {
	{ .keyword = "DEVNAME", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdevice, devname), .doc = "network interface name" },
	{ .keyword = "PROMISC", .type = NFC_ARG_BOOL, .flags = NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct fromdevice, promisc), .doc = "promiscuous mode" },
	{ .keyword = "SNAPLEN", .type = NFC_ARG_UINT32,
	  .flags = NFC_ARGF_POSITIONAL | NFC_ARGF_BOUNDED, .min = 14, .max = 65535,
	  .offset = offsetof(struct fromdevice, snaplen),
	  .given_offset = offsetof(struct fromdevice, snaplen_given),
	  .doc = "maximum bytes per packet" },
	{ .keyword = "SNIFFER", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fromdevice, sniffer), .doc = "must be true" },
	{ .keyword = "FORCE_IP", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fromdevice, force_ip), .doc = "emit only IPv4 packets" },
	{ .keyword = "BPF_FILTER", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct fromdevice, bpf_filter), .doc = "libpcap filter expression" },
	{ .keyword = "FILTER", .type = NFC_ARG_STRING,
	  .offset = offsetof(struct fromdevice, filter_alias), .doc = "same as BPF_FILTER" },
	{ .keyword = "OUTBOUND", .type = NFC_ARG_BOOL,
	  .offset = offsetof(struct fromdevice, outbound), .doc = "also emit sent packets" },
	{ .keyword = "HEADROOM", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 0,
	  .max = 1024, .offset = offsetof(struct fromdevice, headroom),
	  .doc = "headroom bytes per packet" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct fromdevice, burst),
	  .doc = "packets read per scheduling" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct fromdevice, active),
	  .doc = "read packets" },
	{ .keyword = "METHOD", .type = NFC_ARG_WORD, .offset = offsetof(struct fromdevice, method),
	  .doc = "LINUX or PCAP" },
	{ .keyword = "CAPTURE", .type = NFC_ARG_WORD,
	  .offset = offsetof(struct fromdevice, capture_alias), .doc = "same as METHOD" },
	NFC_ARGS_END
};

static int fromdevice_compile_filter(struct fromdevice *dev, int dlt, struct bpf_program *prog,
				     struct nfc_errh *errh);

static int fromdevice_configure(struct nfc_element *e, struct nfc_conf *conf,
				struct nfc_errh *errh)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	dev->sock = -1;
	dev->snaplen = 2046;
	dev->sniffer = true;
	dev->headroom = NFC_PACKET_HEADROOM;
	dev->burst = 32;
	dev->active = true;
	if (nfc_args_parse(e, conf, fromdevice_args, errh, NULL) < 0)
		return -1;
	if (dev->filter_alias) {
		if (dev->bpf_filter)
			return nfc_error(errh, "BPF_FILTER and FILTER are synonyms; give only one");
		dev->bpf_filter = dev->filter_alias;
		dev->filter_alias = NULL;
	}
	if (dev->capture_alias && !dev->method)
		dev->method = dev->capture_alias;
	if (dev->method && strcasecmp(dev->method, "LINUX") != 0 &&
	    strcasecmp(dev->method, "PCAP") != 0)
		return nfc_error(errh, "METHOD: expected LINUX or PCAP, not '%s'", dev->method);
	if (!dev->sniffer)
		return nfc_error(errh, "SNIFFER false is not supported: the kernel always "
				       "sees the packets too (filter them with iptables/nftables)");
	if (!dev->devname || !*dev->devname)
		return nfc_error(errh, "DEVNAME: expected a network interface name");
	if (dev->bpf_filter && *dev->bpf_filter) {
		/* catch syntax errors now, without needing the device or privileges */
		struct bpf_program prog;
		if (fromdevice_compile_filter(dev, DLT_EN10MB, &prog, errh) < 0)
			return -1;
		pcap_freecode(&prog);
	}
	return 0;
}

/* Link type from the device's hardware type: Ethernet-like or bare IP. */
static bool fromdevice_link_is_ether(int sock, const char *devname)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, devname, IFNAMSIZ - 1);
	if (ioctl(sock, SIOCGIFHWADDR, &ifr) < 0)
		return true;
	int t = ifr.ifr_hwaddr.sa_family;
	return t == ARPHRD_ETHER || t == ARPHRD_LOOPBACK || t == ARPHRD_IEEE802;
}

/* Compile BPF_FILTER with libpcap for link type @dlt; reports syntax errors. */
static int fromdevice_compile_filter(struct fromdevice *dev, int dlt, struct bpf_program *prog,
				     struct nfc_errh *errh)
{
	pcap_t *dead = pcap_open_dead(dlt, (int)dev->snaplen);
	if (!dead)
		return nfc_error(errh, "BPF_FILTER: libpcap could not allocate a handle");
	int r = pcap_compile(dead, prog, dev->bpf_filter, 1, PCAP_NETMASK_UNKNOWN);
	if (r < 0)
		nfc_error(errh, "BPF_FILTER \"%s\": %s", dev->bpf_filter, pcap_geterr(dead));
	pcap_close(dead);
	return r < 0 ? -1 : 0;
}

/* Attach the filter, compiled for the device's link type, in the kernel;
 * then drain what slipped in between bind() and the filter taking effect. */
static int fromdevice_attach_filter(struct fromdevice *dev, struct nfc_errh *errh)
{
	struct bpf_program prog;
	if (fromdevice_compile_filter(dev, dev->link_is_ether ? DLT_EN10MB : DLT_RAW, &prog,
				      errh) < 0)
		return -1;
	/* libpcap's bpf_insn and the kernel's sock_filter share one layout. */
	struct sock_fprog fprog = { .len = (unsigned short)prog.bf_len,
				    .filter = (struct sock_filter *)prog.bf_insns };
	int r = setsockopt(dev->sock, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog);
	int err = errno;
	pcap_freecode(&prog);
	if (r < 0)
		return nfc_error(errh, "%s: cannot attach BPF_FILTER: %s", dev->devname,
				 strerror(err));
	unsigned char scratch[64];
	for (int i = 0; i < 100000 && recv(dev->sock, scratch, sizeof scratch, MSG_DONTWAIT) >= 0;
	     i++)
		;
	return 0;
}

/* Keep BURST pooled packets ready so the read path never allocates. */
static void fromdevice_fill_stash(struct fromdevice *dev)
{
	if (dev->nstash < dev->burst)
		dev->nstash += nfc_packet_alloc_many(dev->stash + dev->nstash, dev->burst - dev->nstash,
						    dev->headroom, dev->capacity, 0);
}

static void fromdevice_accumulate_kernel_drops(struct fromdevice *dev)
{
	struct tpacket_stats st;
	socklen_t len = sizeof st;
	/* the kernel resets its counters on every read, so add them up */
	if (dev->sock >= 0 && getsockopt(dev->sock, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
		dev->kernel_drops += st.tp_drops;
}

/* Keep the packet? Sets the annotations of kept ones. */
static bool fromdevice_accept(struct fromdevice *dev, struct nfc_packet *p,
			      const struct sockaddr_ll *from, int64_t now)
{
	if (from->sll_pkttype == PACKET_OUTGOING && !dev->outbound)
		return false;
	p->packet_type = from->sll_pkttype <= NFC_PACKET_FASTROUTE ? from->sll_pkttype
								   : NFC_PACKET_HOST;
	p->timestamp_ns = now;
	nfc_packet_set_mac_header(p, p->data);
	if (dev->force_ip) {
		uint32_t link = dev->link_is_ether ? 14 : 0;
		if (from->sll_protocol != htons(ETH_P_IP) || p->length < link + 20)
			return false;
		const unsigned char *ip = p->data + link;
		if ((ip[0] >> 4) != 4)
			return false;
		nfc_packet_set_network_header(p, ip, (uint32_t)(ip[0] & 15) * 4);
	}
	return true;
}

static void fromdevice_idle_fire(struct nfc_timer *t, void *arg)
{
	struct fromdevice *dev = arg;
	(void)t;
	if (dev->active)
		nfc_task_schedule(&dev->task);
}

static bool fromdevice_run(struct nfc_task *t, void *arg)
{
	struct fromdevice *dev = arg;
	if (!dev->active || dev->sock < 0)
		return false;
	fromdevice_fill_stash(dev);
	unsigned want = dev->nstash;
	if (want == 0) { /* out of packet memory: try again shortly */
		nfc_timer_schedule_after(&dev->idle_timer, FROMDEVICE_SLEEP_NS);
		return false;
	}
	for (unsigned i = 0; i < want; i++) {
		dev->iovs[i].iov_base = dev->stash[i]->data;
		dev->iovs[i].iov_len = dev->capacity;
		memset(&dev->msgs[i].msg_hdr, 0, sizeof dev->msgs[i].msg_hdr);
		dev->msgs[i].msg_hdr.msg_iov = &dev->iovs[i];
		dev->msgs[i].msg_hdr.msg_iovlen = 1;
		dev->msgs[i].msg_hdr.msg_name = &dev->addrs[i];
		dev->msgs[i].msg_hdr.msg_namelen = sizeof dev->addrs[i];
	}
	/* MSG_TRUNC: msg_len reports a truncated packet's full length */
	int got = recvmmsg(dev->sock, dev->msgs, want, MSG_DONTWAIT | MSG_TRUNC, NULL);
	if (got <= 0) {
		/* spin only right after traffic; once napping, one poll per wakeup */
		if (dev->naps > 0 || ++dev->empty_polls >= FROMDEVICE_SPIN_POLLS) {
			dev->empty_polls = 0;
			if (dev->naps < FROMDEVICE_NAPS_BEFORE_SLEEP)
				dev->naps++;
			nfc_timer_schedule_after(&dev->idle_timer,
						 dev->naps < FROMDEVICE_NAPS_BEFORE_SLEEP
							 ? FROMDEVICE_NAP_NS
							 : FROMDEVICE_SLEEP_NS);
		} else
			nfc_task_fast_reschedule(t);
		return false;
	}
	dev->empty_polls = 0;
	dev->naps = 0;

	struct nfc_batch b;
	nfc_batch_init(&b);
	int64_t now = nfc_now();
	for (int i = 0; i < got; i++) {
		struct nfc_packet *p = dev->stash[i];
		uint32_t wire = dev->msgs[i].msg_len;
		p->length = wire < dev->capacity ? wire : dev->capacity;
		if (wire > p->length) /* as Click: the bytes cut off by SNAPLEN */
			nfc_anno_set_u32(p, NFC_ANNO_EXTRA_LENGTH, wire - p->length);
		if (fromdevice_accept(dev, p, &dev->addrs[i], now))
			nfc_batch_add(&b, p);
		else {
			dev->drops++;
			nfc_packet_kill(p);
		}
	}
	dev->nstash -= (unsigned)got;
	memmove(dev->stash, dev->stash + got, dev->nstash * sizeof dev->stash[0]);
	if (b.count) {
		dev->count += b.count;
		nfc_push(&dev->e, 0, &b);
	}
	nfc_task_fast_reschedule(t);
	return true;
}

static int fromdevice_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	dev->sock = netdevice_open(dev->devname, ETH_P_ALL, &dev->ifindex, errh);
	if (dev->sock < 0)
		return -1;
	dev->link_is_ether = fromdevice_link_is_ether(dev->sock, dev->devname);
	if (dev->promisc && netdevice_set_promisc(dev->sock, dev->ifindex, dev->devname, errh) < 0)
		return -1;
	if (!dev->outbound) {
		int one = 1;
		/* older kernels lack it (an error we ignore): the read path filters too */
		(void)setsockopt(dev->sock, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	}
	if (dev->bpf_filter && *dev->bpf_filter && fromdevice_attach_filter(dev, errh) < 0)
		return -1;
	/* The default SNAPLEN (Click's 2046) plus headroom would overflow a pooled
	 * buffer and force a heap buffer per packet; a default capture keeps to
	 * the pool instead (still far above an Ethernet MTU). */
	dev->capacity = dev->snaplen;
	if (!dev->snaplen_given && dev->headroom + dev->capacity > NFC_PACKET_BUFSIZE)
		dev->capacity = NFC_PACKET_BUFSIZE - dev->headroom;
	fromdevice_accumulate_kernel_drops(dev);
	dev->kernel_drops = 0;

	nfc_task_init(&dev->task, e, fromdevice_run, dev);
	nfc_timer_init(&dev->idle_timer, e, fromdevice_idle_fire, dev);
	nfc_router_add_external_source(e->router);
	dev->external_source = true;
	if (dev->active)
		nfc_task_schedule(&dev->task);
	return 0;
}

static void fromdevice_cleanup(struct nfc_element *e)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	if (dev->task.initialized)
		nfc_task_cleanup(&dev->task);
	if (dev->idle_timer.owner)
		nfc_timer_cleanup(&dev->idle_timer);
	if (dev->external_source) {
		nfc_router_remove_external_source(e->router);
		dev->external_source = false;
	}
	nfc_packet_kill_many(dev->stash, dev->nstash);
	dev->nstash = 0;
	if (dev->sock >= 0)
		close(dev->sock);
	dev->sock = -1;
}

/* ---- handlers ---- */

enum { H_COUNT, H_DROPS, H_KERNEL_DROPS, H_ENCAP, H_RESET, H_ACTIVE };

static int fromdevice_read(struct nfc_element *e, void *thunk, const char *param,
			   struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	(void)param, (void)errh;
	switch ((int)(uintptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)dev->count);
		break;
	case H_DROPS:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)dev->drops);
		break;
	case H_KERNEL_DROPS:
		fromdevice_accumulate_kernel_drops(dev);
		nfc_strbuf_printf(out, "%llu", (unsigned long long)dev->kernel_drops);
		break;
	case H_ENCAP:
		nfc_strbuf_puts(out, dev->link_is_ether ? "ETHER" : "IP");
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, dev->active ? "true" : "false");
		break;
	}
	return 0;
}

static int fromdevice_write(struct nfc_element *e, void *thunk, const char *value,
			    struct nfc_errh *errh)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RESET:
		dev->count = dev->drops = 0;
		break;
	case H_ACTIVE:
		if (nfc_parse_bool(value, &dev->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		if (dev->active && dev->task.initialized && !nfc_task_scheduled(&dev->task))
			nfc_task_schedule(&dev->task);
		break;
	}
	return 0;
}

static int fromdevice_add_handlers(struct nfc_element *e)
{
	struct fromdevice *dev = (struct fromdevice *)e;
	nfc_add_read_handler(e, "count", fromdevice_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "drops", fromdevice_read, (void *)H_DROPS, 0);
	nfc_add_read_handler(e, "kernel_drops", fromdevice_read, (void *)H_KERNEL_DROPS, 0);
	nfc_add_read_handler(e, "encap", fromdevice_read, (void *)H_ENCAP, 0);
	nfc_add_read_handler(e, "active", fromdevice_read, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", fromdevice_write, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "reset_counts", fromdevice_write, (void *)H_RESET,
			      NFC_HANDLER_BUTTON);
	nfc_add_task_handlers(e, &dev->task);
	return 0;
}

static const struct nfc_element_class fromdevice_class = {
	.name = "FromDevice",
	.port_count = "0/1",
	.processing = "h/h",
	.size = sizeof(struct fromdevice),
	.configure = fromdevice_configure,
	.initialize = fromdevice_initialize,
	.cleanup = fromdevice_cleanup,
	.add_handlers = fromdevice_add_handlers,
};
NFC_REGISTER_ELEMENT(fromdevice_class);
