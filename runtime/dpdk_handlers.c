/* SPDX-License-Identifier: MIT */
/* DPDK glue: read handlers describing a port (link, MAC, statistics, xstats). */
#include "nfclick-config.h"
#include <stdlib.h>
#include <string.h>
#include <rte_errno.h>
#include "dpdk_priv.h"

/* Each handler's thunk points at the element's port id field. */
static uint16_t port_of(void *thunk)
{
	return *(const uint16_t *)thunk;
}

static int read_device(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	nfc_strbuf_printf(out, "%u", port_of(thunk));
	return 0;
}

static int read_device_name(struct nfc_element *e, void *thunk, const char *param,
			    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	char name[RTE_ETH_NAME_MAX_LEN] = "";
	rte_eth_dev_get_name_by_port(port_of(thunk), name);
	nfc_strbuf_puts(out, name);
	return 0;
}

static int read_driver(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rte_eth_dev_info info;
	if (rte_eth_dev_info_get(port_of(thunk), &info) == 0 && info.driver_name)
		nfc_strbuf_puts(out, info.driver_name);
	return 0;
}

static int read_mac(struct nfc_element *e, void *thunk, const char *param,
		    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rte_ether_addr a;
	if (rte_eth_macaddr_get(port_of(thunk), &a) != 0)
		return nfc_error(errh, "cannot read the MAC address of port %u", port_of(thunk));
	const uint8_t *b = a.addr_bytes;
	nfc_strbuf_printf(out, "%02X:%02X:%02X:%02X:%02X:%02X", b[0], b[1], b[2], b[3], b[4], b[5]);
	return 0;
}

static int read_mtu(struct nfc_element *e, void *thunk, const char *param,
		    struct nfc_strbuf *out, struct nfc_errh *errh)
{
	uint16_t mtu;
	if (rte_eth_dev_get_mtu(port_of(thunk), &mtu) != 0)
		return nfc_error(errh, "cannot read the MTU of port %u", port_of(thunk));
	nfc_strbuf_printf(out, "%u", mtu);
	return 0;
}

enum { LINK_SUMMARY, LINK_CARRIER, LINK_SPEED, LINK_DUPLEX, LINK_AUTONEG };

static int link_read(void *thunk, int what, struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rte_eth_link l;
	memset(&l, 0, sizeof l);
	if (rte_eth_link_get_nowait(port_of(thunk), &l) != 0)
		return nfc_error(errh, "cannot read the link of port %u", port_of(thunk));
	bool up = l.link_status == RTE_ETH_LINK_UP;
	switch (what) {
	case LINK_CARRIER:
		nfc_strbuf_puts(out, up ? "1" : "0");
		break;
	case LINK_SPEED:
		nfc_strbuf_printf(out, "%u", l.link_speed);
		break;
	case LINK_DUPLEX:
		nfc_strbuf_puts(out, !up ? "-1" : l.link_duplex == RTE_ETH_LINK_FULL_DUPLEX ? "1" : "0");
		break;
	case LINK_AUTONEG:
		nfc_strbuf_printf(out, "%u", l.link_autoneg);
		break;
	default:
		/* "up 10000 Mbps full-duplex autoneg", or "down" */
		if (!up)
			nfc_strbuf_puts(out, "down");
		else
			nfc_strbuf_printf(out, "up %u Mbps %s%s", l.link_speed,
					  l.link_duplex == RTE_ETH_LINK_FULL_DUPLEX ? "full-duplex"
										: "half-duplex",
					  l.link_autoneg ? " autoneg" : "");
	}
	return 0;
}

#define LINK_HANDLER(fn, what)                                                         \
	static int fn(struct nfc_element *e, void *thunk, const char *param,           \
		      struct nfc_strbuf *out, struct nfc_errh *errh)                   \
	{                                                                              \
		return link_read(thunk, what, out, errh);                              \
	}
LINK_HANDLER(read_link, LINK_SUMMARY)
LINK_HANDLER(read_carrier, LINK_CARRIER)
LINK_HANDLER(read_speed, LINK_SPEED)
LINK_HANDLER(read_duplex, LINK_DUPLEX)
LINK_HANDLER(read_autoneg, LINK_AUTONEG)

enum { ST_IPACKETS, ST_IBYTES, ST_IMISSED, ST_IERRORS, ST_NOMBUF, ST_OPACKETS, ST_OBYTES,
       ST_OERRORS };

static int stats_read(void *thunk, int what, struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct rte_eth_stats st;
	if (rte_eth_stats_get(port_of(thunk), &st) != 0)
		return nfc_error(errh, "cannot read the statistics of port %u", port_of(thunk));
	const uint64_t v[] = { st.ipackets, st.ibytes,  st.imissed, st.ierrors,
			       st.rx_nombuf, st.opackets, st.obytes, st.oerrors };
	nfc_strbuf_printf(out, "%llu", (unsigned long long)v[what]);
	return 0;
}

#define STATS_HANDLER(fn, what)                                                        \
	static int fn(struct nfc_element *e, void *thunk, const char *param,           \
		      struct nfc_strbuf *out, struct nfc_errh *errh)                   \
	{                                                                              \
		return stats_read(thunk, what, out, errh);                             \
	}
STATS_HANDLER(read_ipackets, ST_IPACKETS)
STATS_HANDLER(read_ibytes, ST_IBYTES)
STATS_HANDLER(read_imissed, ST_IMISSED)
STATS_HANDLER(read_ierrors, ST_IERRORS)
STATS_HANDLER(read_nombuf, ST_NOMBUF)
STATS_HANDLER(read_opackets, ST_OPACKETS)
STATS_HANDLER(read_obytes, ST_OBYTES)
STATS_HANDLER(read_oerrors, ST_OERRORS)

static int read_nb_queues(struct nfc_element *e, void *thunk, const char *param,
			  struct nfc_strbuf *out, struct nfc_errh *errh, bool rx)
{
	struct rte_eth_dev_info info;
	if (rte_eth_dev_info_get(port_of(thunk), &info) != 0)
		return nfc_error(errh, "cannot read port %u", port_of(thunk));
	nfc_strbuf_printf(out, "%u", rx ? info.nb_rx_queues : info.nb_tx_queues);
	return 0;
}
static int read_nb_rx_queues(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	return read_nb_queues(e, thunk, param, out, errh, true);
}
static int read_nb_tx_queues(struct nfc_element *e, void *thunk, const char *param,
			     struct nfc_strbuf *out, struct nfc_errh *errh)
{
	return read_nb_queues(e, thunk, param, out, errh, false);
}

/* xstats: every "name[id] = value" line, or the value of the one named by the parameter. */
static int read_xstats(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	uint16_t port = port_of(thunk);
	int n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n < 0)
		return nfc_error(errh, "cannot read the extended statistics of port %u: %s", port,
				 rte_strerror(-n));
	struct rte_eth_xstat_name *names = calloc(n ? (size_t)n : 1, sizeof *names);
	struct rte_eth_xstat *xs = calloc(n ? (size_t)n : 1, sizeof *xs);
	int ret = 0;
	if (!names || !xs) {
		ret = nfc_error(errh, "out of memory");
		goto out;
	}
	if (rte_eth_xstats_get_names(port, names, (unsigned)n) != n ||
	    rte_eth_xstats_get(port, xs, (unsigned)n) != n) {
		ret = nfc_error(errh, "cannot read the extended statistics of port %u", port);
		goto out;
	}
	while (param && (*param == ' ' || *param == '\t'))
		param++;
	if (param && *param) {
		for (int i = 0; i < n; i++)
			if (strcmp(names[i].name, param) == 0) {
				nfc_strbuf_printf(out, "%llu", (unsigned long long)xs[i].value);
				goto out;
			}
		ret = nfc_error(errh, "port %u has no extended statistic '%s'", port, param);
		goto out;
	}
	for (int i = 0; i < n; i++)
		nfc_strbuf_printf(out, "%s[%llu] = %llu\n", names[i].name,
				  (unsigned long long)xs[i].id, (unsigned long long)xs[i].value);
out:
	free(names);
	free(xs);
	return ret;
}

void nfc_dpdk_add_port_handlers(struct nfc_element *e, const uint16_t *port_id, bool rx)
{
	void *t = (void *)port_id;
	nfc_add_read_handler(e, "device", read_device, t, 0);
	nfc_add_read_handler(e, "device_name", read_device_name, t, 0);
	nfc_add_read_handler(e, "driver", read_driver, t, 0);
	nfc_add_read_handler(e, "mac", read_mac, t, 0);
	nfc_add_read_handler(e, "mtu", read_mtu, t, 0);
	nfc_add_read_handler(e, "link", read_link, t, 0);
	nfc_add_read_handler(e, "carrier", read_carrier, t, 0);
	nfc_add_read_handler(e, "speed", read_speed, t, 0);
	nfc_add_read_handler(e, "duplex", read_duplex, t, 0);
	nfc_add_read_handler(e, "autoneg", read_autoneg, t, 0);
	nfc_add_read_handler(e, "nb_rx_queues", read_nb_rx_queues, t, 0);
	nfc_add_read_handler(e, "nb_tx_queues", read_nb_tx_queues, t, 0);
	nfc_add_read_handler(e, "xstats", read_xstats, t, NFC_HANDLER_READ_PARAM);
	if (rx) {
		nfc_add_read_handler(e, "hw_count", read_ipackets, t, 0);
		nfc_add_read_handler(e, "hw_bytes", read_ibytes, t, 0);
		nfc_add_read_handler(e, "hw_dropped", read_imissed, t, 0);
		nfc_add_read_handler(e, "hw_errors", read_ierrors, t, 0);
		nfc_add_read_handler(e, "nombufs", read_nombuf, t, 0);
	} else {
		nfc_add_read_handler(e, "hw_count", read_opackets, t, 0);
		nfc_add_read_handler(e, "hw_bytes", read_obytes, t, 0);
		nfc_add_read_handler(e, "hw_errors", read_oerrors, t, 0);
	}
}
