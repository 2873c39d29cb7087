/* SPDX-License-Identifier: MIT */
/* DropBroadcasts: drops packets that arrived as link-level broadcast or multicast. */

/*
 * =c
 * DropBroadcasts
 * =s annotations
 * drops link-level broadcast and multicast packets
 * =d
 * Drops packets that arrived as link-level broadcast or multicast, judged by
 * the packet type annotation, which FromDevice sets. Used to implement the
 * requirement that IP routers not forward link-level broadcasts.
 *
 * If DropBroadcasts has a second output, dropped packets are emitted there
 * instead of being killed. The first drop is reported on standard error.
 *
 * DropBroadcasts takes no arguments.
 * =h drops read-only
 * Returns the number of packets dropped.
 * =a FromDevice, IPOutputCombo
 */
#include "ip_priv.h"

struct dropbroadcasts {
	struct nfc_element e;
	struct ipx_counter drops;
	/* Set once the first drop was reported (racy across threads: at worst twice). */
	bool warned;
};

static int dropbroadcasts_step(struct nfc_element *e, struct nfc_packet **pp)
{
	uint8_t type = (*pp)->packet_type;
	if (ipx_likely(type != NFC_PACKET_BROADCAST && type != NFC_PACKET_MULTICAST))
		return IPX_PASS;
	struct dropbroadcasts *d = (struct dropbroadcasts *)e;
	ipx_count(&d->drops, 1);
	if (ipx_unlikely(!d->warned)) {
		d->warned = true;
		ipx_chatter(e, "DropBroadcasts: dropped a packet");
	}
	return IPX_ERROR;
}

IPX_DEFINE_FILTER(dropbroadcasts, dropbroadcasts_step)

static int dropbroadcasts_add_handlers(struct nfc_element *e)
{
	nfc_add_read_handler(e, "drops", ipx_read_counter,
			     (void *)offsetof(struct dropbroadcasts, drops), 0);
	return 0;
}

static const struct nfc_element_class dropbroadcasts_class = {
	.name = "DropBroadcasts",
	.port_count = "1/1-2",
	.processing = "a/ah",
	.size = sizeof(struct dropbroadcasts),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = ipx_configure_noargs,
	.add_handlers = dropbroadcasts_add_handlers,
	.push = dropbroadcasts_push,
	.pull = dropbroadcasts_pull,
};
NFC_REGISTER_ELEMENT(dropbroadcasts_class);
