/* SPDX-License-Identifier: MIT */
/* AF_PACKET sockets shared by FromDevice and ToDevice: open, bind, promiscuous mode, errors. */
#ifndef NFCLICK_ELEMENTS_NETDEVICE_H
#define NFCLICK_ELEMENTS_NETDEVICE_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <nfclick/nfclick.h>

/*
 * Why plain AF_PACKET sockets rather than PACKET_MMAP rings or libpcap:
 * a nonblocking socket read with recvmmsg()/written with sendmmsg() moves
 * a whole burst per system call, copies straight into pooled packet
 * buffers (no per-packet allocation, no ring-slot lifetime to track
 * against packets that outlive the call), works on every kernel and
 * every link type, and leaves BPF filtering to SO_ATTACH_FILTER with a
 * program compiled by libpcap (pcap_compile on a dead handle).
 */

/** Socket option PACKET_IGNORE_OUTGOING appeared in Linux 4.20. */
#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

/**
 * Open a nonblocking AF_PACKET raw socket bound to @devname. @protocol is
 * ETH_P_ALL (host order) to receive everything, or 0 for a send-only
 * socket that the kernel never queues received packets on. On failure
 * reports through @errh a message that names the device and the fix,
 * and returns -1.
 */
static inline int netdevice_open(const char *devname, int protocol, int *ifindex_out,
				 struct nfc_errh *errh)
{
	if (!devname || !*devname)
		return nfc_error(errh, "missing device name");
	if (strlen(devname) >= IFNAMSIZ)
		return nfc_error(errh, "device name '%s' is too long (at most %d characters)",
				 devname, IFNAMSIZ - 1);
	unsigned ifindex = if_nametoindex(devname);
	if (ifindex == 0)
		return nfc_error(errh,
				 "no network device named '%s' (list devices with 'ip link'; "
				 "is it in another network namespace?)",
				 devname);

	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(protocol));
	if (fd < 0) {
		if (errno == EPERM || errno == EACCES)
			return nfc_error(errh,
					 "%s: cannot open a packet socket: %s (run as root or grant "
					 "the CAP_NET_RAW capability, e.g. 'setcap cap_net_raw+ep')",
					 devname, strerror(errno));
		return nfc_error(errh, "%s: cannot open a packet socket: %s", devname,
				 strerror(errno));
	}

	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(protocol);
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		int err = errno;
		close(fd);
		return nfc_error(errh, "%s: cannot bind packet socket: %s%s", devname,
				 strerror(err),
				 err == ENETDOWN ? " (bring it up with 'ip link set dev ... up')" : "");
	}
	if (ifindex_out)
		*ifindex_out = (int)ifindex;
	return fd;
}

/** Put the device in promiscuous mode for as long as @fd stays open. */
static inline int netdevice_set_promisc(int fd, int ifindex, const char *devname,
					struct nfc_errh *errh)
{
	struct packet_mreq mr;
	memset(&mr, 0, sizeof mr);
	mr.mr_ifindex = ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0)
		return nfc_error(errh, "%s: cannot enable promiscuous mode: %s", devname,
				 strerror(errno));
	return 0;
}

#endif
