/* SPDX-License-Identifier: MIT */
/* DPDK glue: ports as the router's elements share them (queues, modes, start, stop). */
#include "nfclick-config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include "dpdk_priv.h"

/* Queues of one direction of a port used by one element. */
struct claim {
	uint16_t port;
	enum nfc_dpdk_dir dir;
	int first, n;
	const struct nfc_element *e;
};

/*
 * DPDK ports are process-wide objects, and so is this table. The elements
 * of one router fill it while they configure and initialise (which queues
 * each uses, modes, descriptors); the last one to initialise makes the
 * pools and starts the ports; destroying the router stops them; exit
 * closes them. One router at a time uses DPDK.
 */
static struct {
	struct nfc_router *router;
	int nregistered, ninitialized;
	bool exit_hook;
	struct nfc_dpdk_port ports[RTE_MAX_ETHPORTS];
	bool known[RTE_MAX_ETHPORTS];
	/* configured once: closed at exit */
	bool configured[RTE_MAX_ETHPORTS];
	struct claim *claims;
	int nclaims, claims_cap;
} dev;

static const char *const dir_name[2] = { "RX", "TX" };

/* ---------------------------------------------------------------- lookup */

struct nfc_dpdk_port *nfc_dpdk_port_get(uint16_t id)
{
	if (id >= RTE_MAX_ETHPORTS)
		return NULL;
	struct nfc_dpdk_port *pt = &dev.ports[id];
	if (!dev.known[id]) {
		memset(pt, 0, sizeof *pt);
		pt->id = id;
		rte_eth_dev_get_name_by_port(id, pt->name);
		rte_eth_dev_info_get(id, &pt->info);
		int s = rte_eth_dev_socket_id(id);
		pt->socket = s < 0 ? 0 : s;
		pt->pool_socket = pt->socket;
		pt->mq_mode = -1;
		dev.known[id] = true;
	}
	return pt;
}

/* "0 = net_null0, 1 = net_pcap0" for messages. */
static void list_ports(char *buf, size_t n)
{
	size_t len = 0;
	uint16_t id;
	buf[0] = '\0';
	RTE_ETH_FOREACH_DEV(id) {
		char name[RTE_ETH_NAME_MAX_LEN] = "";
		rte_eth_dev_get_name_by_port(id, name);
		int w = snprintf(buf + len, n - len, "%s%u = %s", len ? ", " : "", id, name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

static int no_such_port(const char *text, struct nfc_errh *errh)
{
	char ports[512];
	list_ports(ports, sizeof ports);
	const char *hint = "add the device with the EAL option --vdev NAME,ARGS or -a PCI-ADDRESS";
	if (strncmp(text, "net_pcap", 8) == 0 || strncmp(text, "eth_pcap", 8) == 0)
		hint = "the EAL could not create it: with --vdev 'net_pcap0,rx_pcap=FILE,tx_pcap=FILE' "
		       "check that every rx_pcap FILE exists and is a pcap file";
	else if (strncmp(text, "net_", 4) == 0)
		hint = "was it given to the EAL with --vdev, and did the EAL create it? "
		       "(see its messages above)";
	if (rte_eth_dev_count_avail() == 0)
		return nfc_error(errh, "no DPDK port '%s': DPDK has no port at all (%s)", text, hint);
	return nfc_error(errh, "no DPDK port '%s' (ports: %s; %s)", text, ports, hint);
}

int nfc_dpdk_port_lookup(const char *text, uint16_t *port_id, struct nfc_errh *errh)
{
	const char *s = text;
	while (isdigit((unsigned char)*s))
		s++;
	if (*text && !*s) {
		unsigned long v = strtoul(text, NULL, 10);
		if (v >= RTE_MAX_ETHPORTS || !rte_eth_dev_is_valid_port((uint16_t)v))
			return no_such_port(text, errh);
		*port_id = (uint16_t)v;
		return 0;
	}
	uint16_t id;
	if (rte_eth_dev_get_port_by_name(text, &id) == 0) {
		*port_id = id;
		return 0;
	}
	/* a PCI address without its domain: "01:00.0" for "0000:01:00.0" */
	char full[RTE_ETH_NAME_MAX_LEN];
	if (snprintf(full, sizeof full, "0000:%s", text) < (int)sizeof full &&
	    rte_eth_dev_get_port_by_name(full, &id) == 0) {
		*port_id = id;
		return 0;
	}
	return no_such_port(text, errh);
}

/* ---------------------------------------------------------------- queues */

static uint16_t max_queues(const struct nfc_dpdk_port *pt, enum nfc_dpdk_dir dir)
{
	return dir == NFC_DPDK_RX ? pt->info.max_rx_queues : pt->info.max_tx_queues;
}

int nfc_dpdk_port_first_free(struct nfc_dpdk_port *pt, enum nfc_dpdk_dir dir)
{
	int first = 0;
	for (int i = 0; i < dev.nclaims; i++) {
		const struct claim *c = &dev.claims[i];
		if (c->port == pt->id && c->dir == dir && c->first + c->n > first)
			first = c->first + c->n;
	}
	return first;
}

int nfc_dpdk_port_free_queues(struct nfc_dpdk_port *pt, enum nfc_dpdk_dir dir, int first)
{
	int left = (int)max_queues(pt, dir) - first;
	return left > 0 ? left : 0;
}

unsigned nfc_dpdk_port_default_ndesc(const struct nfc_dpdk_port *pt, enum nfc_dpdk_dir dir)
{
	unsigned n = dir == NFC_DPDK_RX ? pt->info.default_rxportconf.ring_size
					: pt->info.default_txportconf.ring_size;
	if (n == 0)
		n = dir == NFC_DPDK_RX ? RTE_ETH_DEV_FALLBACK_RX_RINGSIZE
				       : RTE_ETH_DEV_FALLBACK_TX_RINGSIZE;
	return n;
}

int nfc_dpdk_port_claim(struct nfc_dpdk_port *pt, struct nfc_element *e, enum nfc_dpdk_dir dir,
			int *first, int n, struct nfc_errh *errh)
{
	if (*first < 0)
		*first = nfc_dpdk_port_first_free(pt, dir);
	int max = max_queues(pt, dir);
	if (*first + n > max) {
		const char *fix = "lower N_QUEUES or QUEUE";
		if (strncmp(pt->name, "net_pcap", 8) == 0)
			fix = dir == NFC_DPDK_RX
				      ? "give the vdev one rx_pcap=FILE per queue, or lower N_QUEUES"
				      : "give the vdev one tx_pcap=FILE per queue, or lower N_QUEUES";
		if (*first == 0)
			return nfc_error(errh,
					 "port %u (%s) has %d %s queue%s, %d requested (%s)",
					 pt->id, pt->name, max, dir_name[dir], max == 1 ? "" : "s", n,
					 fix);
		return nfc_error(errh,
				 "port %u (%s) has %d %s queue%s, queues %d to %d requested (%s)",
				 pt->id, pt->name, max, dir_name[dir], max == 1 ? "" : "s", *first,
				 *first + n - 1, fix);
	}
	for (int i = 0; i < dev.nclaims; i++) {
		const struct claim *c = &dev.claims[i];
		if (c->port != pt->id || c->dir != dir || c->e == e)
			continue;
		if (*first < c->first + c->n && c->first < *first + n) {
			char d[256];
			int q = *first > c->first ? *first : c->first;
			return nfc_error(errh,
					 "%s queue %d of port %u (%s) is already used by '%s' "
					 "(leave QUEUE out to take the next free queue)",
					 dir_name[dir], q, pt->id, pt->name,
					 nfc_element_declaration(c->e, d, sizeof d));
		}
	}
	if (dev.nclaims == dev.claims_cap) {
		int ncap = dev.claims_cap ? dev.claims_cap * 2 : 16;
		struct claim *nc = realloc(dev.claims, (size_t)ncap * sizeof *nc);
		if (!nc)
			return nfc_error(errh, "out of memory");
		dev.claims = nc;
		dev.claims_cap = ncap;
	}
	dev.claims[dev.nclaims++] = (struct claim){ pt->id, dir, *first, n, e };
	if (*first + n > pt->nq[dir])
		pt->nq[dir] = (uint16_t)(*first + n);
	pt->used = true;
	return 0;
}

int nfc_dpdk_port_set_mode(struct nfc_dpdk_port *pt, struct nfc_element *e, const char *mode,
			   struct nfc_errh *errh)
{
	int m;
	if (strcasecmp(mode, "rss") == 0)
		m = RTE_ETH_MQ_RX_RSS;
	else if (strcasecmp(mode, "none") == 0)
		m = RTE_ETH_MQ_RX_NONE;
	else
		return nfc_error(errh, "MODE: expected 'rss' or 'none', not '%s'", mode);
	if (pt->mq_mode >= 0 && pt->mq_mode != m) {
		char d[256];
		return nfc_error(errh, "port %u (%s) already has MODE %s from '%s' (one mode per port)",
				 pt->id, pt->name, pt->mq_mode == RTE_ETH_MQ_RX_RSS ? "rss" : "none",
				 nfc_element_declaration(pt->mq_mode_owner, d, sizeof d));
	}
	pt->mq_mode = m;
	pt->mq_mode_owner = e;
	return 0;
}

bool nfc_dpdk_numa_node_exists(int node)
{
	for (unsigned i = 0; i < rte_socket_count(); i++)
		if (rte_socket_id_by_idx(i) == node)
			return true;
	return false;
}

void nfc_dpdk_numa_nodes(char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < rte_socket_count() && len < n; i++) {
		int w = snprintf(buf + len, n - len, "%s%d", i ? ", " : "", rte_socket_id_by_idx(i));
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* ---------------------------------------------------------------- start/stop */

/*
 * Does @pt's driver fill its receive queues from the pool given at queue
 * set-up, so that every mbuf it returns is one of ours? Hardware devices
 * and these virtual ones allocate each received mbuf from that pool; others
 * (net_ring hands over whatever mbufs were put in its ring, from any pool)
 * or drivers not known here get each mbuf's pool checked.
 */
static bool rx_fills_from_pool(const struct nfc_dpdk_port *pt)
{
	static const char *const allocating_vdevs[] = {
		"net_null", "net_pcap", "net_tap", "net_af_packet", "net_af_xdp",
		"net_virtio_user", "net_vhost",
	};
	const char *driver = pt->info.driver_name;
	const struct rte_bus *bus = pt->info.device ? rte_dev_bus(pt->info.device) : NULL;
	const char *bus_name = bus ? rte_bus_name(bus) : NULL;
	if (bus_name && strcmp(bus_name, "pci") == 0)
		return true;
	for (size_t i = 0; driver && i < sizeof allocating_vdevs / sizeof allocating_vdevs[0]; i++)
		if (strcmp(driver, allocating_vdevs[i]) == 0)
			return true;
	return false;
}

static int port_start(struct nfc_dpdk_port *pt, struct nfc_errh *errh)
{
	uint16_t id = pt->id;
	uint16_t nrx = pt->nq[NFC_DPDK_RX], ntx = pt->nq[NFC_DPDK_TX];
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof conf);
	if (pt->mq_mode != RTE_ETH_MQ_RX_NONE && nrx > 1 && pt->info.flow_type_rss_offloads) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP |
						    RTE_ETH_RSS_UDP) &
						   pt->info.flow_type_rss_offloads;
		if (pt->info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_RSS_HASH) {
			conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
			pt->rss_hash = true;
		}
	}
	int r = rte_eth_dev_configure(id, nrx, ntx, &conf);
	if (r < 0)
		return nfc_error(errh, "cannot configure port %u (%s) with %u RX and %u TX queues: %s",
				 id, pt->name, nrx, ntx, rte_strerror(-r));
	dev.configured[id] = true;
	uint16_t nrxd = pt->ndesc[NFC_DPDK_RX], ntxd = pt->ndesc[NFC_DPDK_TX];
	if (!nrxd)
		nrxd = (uint16_t)nfc_dpdk_port_default_ndesc(pt, NFC_DPDK_RX);
	if (!ntxd)
		ntxd = (uint16_t)nfc_dpdk_port_default_ndesc(pt, NFC_DPDK_TX);
	rte_eth_dev_adjust_nb_rx_tx_desc(id, &nrxd, &ntxd);
	int qsocket = rte_eth_dev_socket_id(id);
	for (uint16_t q = 0; q < nrx; q++) {
		r = rte_eth_rx_queue_setup(id, q, nrxd, (unsigned)(qsocket < 0 ? SOCKET_ID_ANY : qsocket),
					   NULL, pt->pool);
		if (r < 0)
			return nfc_error(errh, "cannot set up RX queue %u of port %u (%s) with %u "
					       "descriptors: %s", q, id, pt->name, nrxd, rte_strerror(-r));
	}
	for (uint16_t q = 0; q < ntx; q++) {
		r = rte_eth_tx_queue_setup(id, q, ntxd, (unsigned)(qsocket < 0 ? SOCKET_ID_ANY : qsocket),
					   NULL);
		if (r < 0)
			return nfc_error(errh, "cannot set up TX queue %u of port %u (%s) with %u "
					       "descriptors: %s", q, id, pt->name, ntxd, rte_strerror(-r));
	}
	if (pt->promisc)
		rte_eth_promiscuous_enable(id); /* virtual devices may not support it: fine */
	r = rte_eth_dev_start(id);
	if (r < 0)
		return nfc_error(errh, "cannot start port %u (%s): %s", id, pt->name, rte_strerror(-r));
	pt->rx_own_pool = rx_fills_from_pool(pt);
	pt->started = true;
	return 0;
}

static int start_all(struct nfc_errh *errh)
{
	/* descriptors hold mbufs too: count them with the pool of the port's
	 * socket (elements have added their bursts and internal queues) */
	for (int id = 0; id < RTE_MAX_ETHPORTS; id++) {
		struct nfc_dpdk_port *pt = &dev.ports[id];
		if (!dev.known[id] || !pt->used || pt->started)
			continue;
		for (int d = 0; d < 2; d++) {
			unsigned nd = pt->ndesc[d] ? pt->ndesc[d] : nfc_dpdk_port_default_ndesc(pt, d);
			nfc_dpdk_pool_need(pt->pool_socket, (unsigned)pt->nq[d] * nd);
		}
	}
	if (nfc_dpdk_pools_create(errh) < 0)
		return -1;
	for (int id = 0; id < RTE_MAX_ETHPORTS; id++) {
		struct nfc_dpdk_port *pt = &dev.ports[id];
		if (!dev.known[id] || !pt->used || pt->started)
			continue;
		pt->pool = nfc_dpdk_pool(pt->pool_socket);
		if (port_start(pt, errh) < 0)
			return -1;
	}
	return 0;
}

/* The router is gone: stop its ports and forget what its elements asked. */
static void router_gone(void *arg)
{
	(void)arg;
	for (int id = 0; id < RTE_MAX_ETHPORTS; id++) {
		if (!dev.known[id])
			continue;
		struct nfc_dpdk_port *pt = &dev.ports[id];
		if (pt->started) {
			/* what is still received belongs to this router, not the
			 * next one (a loopback device keeps packets in flight);
			 * bounded, as some devices (net_null) never run dry */
			for (uint16_t q = 0; q < pt->nq[NFC_DPDK_RX]; q++) {
				struct rte_mbuf *mb[64];
				uint16_t n;
				int left = 8192;
				do {
					n = rte_eth_rx_burst((uint16_t)id, q, mb, 64);
					rte_pktmbuf_free_bulk(mb, n);
					left -= n;
				} while (n == 64 && left > 0);
			}
			rte_eth_dev_stop((uint16_t)id);
		}
		dev.known[id] = false; /* re-read (and reset) on next use */
	}
	dev.nclaims = 0;
	dev.router = NULL;
	dev.nregistered = dev.ninitialized = 0;
	nfc_dpdk_pools_reset_needs();
}

/* Process exit: close the ports, then free rings and pools (mbufs in rings
 * and device queues go back to pools first). */
static void dpdk_exit_all(void)
{
	for (int id = 0; id < RTE_MAX_ETHPORTS; id++) {
		if (!dev.configured[id])
			continue;
		if (dev.known[id] && dev.ports[id].started)
			rte_eth_dev_stop((uint16_t)id);
		rte_eth_dev_close((uint16_t)id);
		dev.configured[id] = false;
	}
	nfc_dpdk_rings_free();
	nfc_dpdk_pools_free();
	free(dev.claims);
	dev.claims = NULL;
	dev.nclaims = dev.claims_cap = 0;
}

int nfc_dpdk_register(struct nfc_element *e, struct nfc_errh *errh)
{
	if (!nfc_dpdk_initialized())
		return nfc_error(errh, "DPDK is not initialised: run nfclick --dpdk EAL-ARGS -- CONFIG "
				       "(without NIC or hugepages: nfclick --dpdk --no-huge --no-pci "
				       "-m 512 --vdev net_null0 -l 0 -- CONFIG)");
	if (dev.router && dev.router != e->router)
		return nfc_error(errh, "another router is using DPDK in this process");
	if (!dev.router) {
		dev.router = e->router;
		nfc_router_at_destroy(e->router, router_gone, NULL);
	}
	if (!dev.exit_hook) {
		nfc_dpdk_at_exit(dpdk_exit_all);
		dev.exit_hook = true;
	}
	dev.nregistered++;
	return 0;
}

int nfc_dpdk_initialized_one(struct nfc_element *e, struct nfc_errh *errh)
{
	(void)e;
	if (++dev.ninitialized < dev.nregistered)
		return 0;
	return start_all(errh);
}
