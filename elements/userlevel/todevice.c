/* SPDX-License-Identifier: MIT */
/* ToDevice: sends packets out a Linux network interface through an AF_PACKET socket. */

/*
 * =c
 * ToDevice(DEVNAME [, KEYWORDS])
 * =s netdevices
 * sends packets to network device (user-level, Linux AF_PACKET)
 * =d
 * Sends the packets arriving on its single input out the network interface
 * DEVNAME, link header included (an Ethernet frame for an Ethernet
 * device). Packets are written in bursts with one sendmmsg() call.
 *
 * The input is agnostic. Pushed packets are sent at once; those the kernel
 * cannot take (its queue is full) are dropped and counted. In a pull
 * context a task pulls up to BURST packets whenever they are available,
 * sleeping on its upstream empty notifiers (a Queue's) when there are
 * none, and keeps packets the kernel refused for the next try instead of
 * dropping them.
 *
 * A FromDevice on the same device does not see the packets ToDevice sends,
 * unless its OUTBOUND is true. Needs root or the CAP_NET_RAW capability.
 *
 * Keyword arguments are:
 *
 * =item BURST
 * Unsigned. Maximum packets pulled per scheduling. Default is 32.
 * =item QUIET
 * Boolean. If true, don't report send errors (other than "queue full").
 * Default is false.
 * =item ACTIVE
 * Boolean. If false, pull nothing until the "active" handler says so.
 * Default is true.
 * =h count read-only
 * Packets sent.
 * =h drops read-only
 * Packets dropped: refused by the kernel, or too long for the device.
 * =h reset_counts write-only
 * Resets count and drops.
 * =h active read/write
 * Returns or sets ACTIVE.
 * =e
 *   ... -> Queue -> ToDevice(eth0);
 * =a FromDevice, Queue
 */
#include <stddef.h>
#include "netdevice.h"

/* A refused burst is retried after this long (the kernel queue drains meanwhile). */
#define TODEVICE_RETRY_NS (50 * NFC_NSEC_PER_USEC)

struct todevice {
	struct nfc_element e;
	/* configuration */
	char *devname;
	uint32_t burst;
	bool quiet;
	bool active;

	int sock;
	bool complained;
	/* pull mode: packets pulled but not yet accepted by the kernel */
	unsigned npending;
	struct nfc_packet *pending[NFC_BATCH_MAX];
	struct nfc_task task;
	struct nfc_timer retry_timer;
	struct nfc_signal signal;

	uint64_t count[NFC_MAX_THREADS];
	uint64_t drops[NFC_MAX_THREADS];
};

static const struct nfc_arg_spec todevice_args[] = {
	{ .keyword = "DEVNAME", .type = NFC_ARG_STRING,
	  .flags = NFC_ARGF_MANDATORY | NFC_ARGF_POSITIONAL,
	  .offset = offsetof(struct todevice, devname), .doc = "network interface name" },
	{ .keyword = "BURST", .type = NFC_ARG_UINT32, .flags = NFC_ARGF_BOUNDED, .min = 1,
	  .max = NFC_BATCH_MAX, .offset = offsetof(struct todevice, burst),
	  .doc = "packets pulled per scheduling" },
	{ .keyword = "QUIET", .type = NFC_ARG_BOOL, .offset = offsetof(struct todevice, quiet),
	  .doc = "don't report send errors" },
	{ .keyword = "ACTIVE", .type = NFC_ARG_BOOL, .offset = offsetof(struct todevice, active),
	  .doc = "pull packets" },
	NFC_ARGS_END
};

static int todevice_configure(struct nfc_element *e, struct nfc_conf *conf,
			      struct nfc_errh *errh)
{
	struct todevice *td = (struct todevice *)e;
	td->sock = -1;
	td->burst = 32;
	td->active = true;
	if (nfc_args_parse(e, conf, todevice_args, errh, NULL) < 0)
		return -1;
	if (!td->devname || !*td->devname)
		return nfc_error(errh, "DEVNAME: expected a network interface name");
	return 0;
}

/*
 * Hand @n packets to the kernel. Returns how many it is done with (from
 * the front); a packet the kernel rejects for good (too long, device
 * down) is done with too, and counted in *rejected, so that it can't
 * block the ones behind it.
 */
static unsigned todevice_send(struct todevice *td, struct nfc_packet **pkts, unsigned n,
			      unsigned *rejected)
{
	struct mmsghdr msgs[NFC_BATCH_MAX];
	struct iovec iovs[NFC_BATCH_MAX];
	unsigned done = 0;
	while (done < n) {
		unsigned m = n - done;
		for (unsigned i = 0; i < m; i++) {
			iovs[i].iov_base = pkts[done + i]->data;
			iovs[i].iov_len = pkts[done + i]->length;
			memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
			msgs[i].msg_hdr.msg_iov = &iovs[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		int sent = sendmmsg(td->sock, msgs, m, MSG_DONTWAIT);
		if (sent > 0) {
			done += (unsigned)sent;
			continue;
		}
		int err = errno;
		if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS || err == EINTR)
			break; /* kernel queue full: try later */
		if (!td->quiet && !td->complained) {
			nfc_warning(nfc_router_errh(td->e.router), "%s: %s: send failed: %s",
				    td->e.name, td->devname, strerror(err));
			td->complained = true; /* once: a down device would flood stderr */
		}
		(*rejected)++;
		done++;
	}
	return done;
}

static void todevice_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct todevice *td = (struct todevice *)e;
	(void)port;
	unsigned rejected = 0;
	unsigned taken = todevice_send(td, b->pkts, b->count, &rejected);
	int tid = nfc_thread_id();
	td->count[tid] += taken - rejected;
	td->drops[tid] += b->count - taken + rejected;
	nfc_batch_kill(b);
}

static void todevice_retry_fire(struct nfc_timer *t, void *arg)
{
	struct todevice *td = arg;
	(void)t;
	nfc_task_schedule(&td->task);
}

static bool todevice_run(struct nfc_task *t, void *arg)
{
	struct todevice *td = arg;
	if (!td->active)
		return false;
	if (td->npending < td->burst) {
		struct nfc_batch b;
		nfc_batch_init(&b);
		unsigned n = nfc_pull(&td->e, 0, &b, td->burst - td->npending);
		memcpy(td->pending + td->npending, b.pkts, n * sizeof b.pkts[0]);
		td->npending += n;
	}
	if (td->npending == 0) {
		if (nfc_signal_active(&td->signal))
			nfc_task_fast_reschedule(t);
		return false;
	}
	unsigned rejected = 0;
	unsigned taken = todevice_send(td, td->pending, td->npending, &rejected);
	int tid = nfc_thread_id();
	td->count[tid] += taken - rejected;
	td->drops[tid] += rejected;
	nfc_packet_kill_many(td->pending, taken);
	td->npending -= taken;
	memmove(td->pending, td->pending + taken, td->npending * sizeof td->pending[0]);
	if (td->npending)
		nfc_timer_schedule_after(&td->retry_timer, TODEVICE_RETRY_NS);
	else
		nfc_task_fast_reschedule(t);
	return taken > 0;
}

static int todevice_initialize(struct nfc_element *e, struct nfc_errh *errh)
{
	struct todevice *td = (struct todevice *)e;
	/* protocol 0: a send-only socket, the kernel queues nothing on it */
	td->sock = netdevice_open(td->devname, 0, NULL, errh);
	if (td->sock < 0)
		return -1;
	if (!nfc_input_is_push(e, 0)) {
		nfc_task_init(&td->task, e, todevice_run, td);
		nfc_timer_init(&td->retry_timer, e, todevice_retry_fire, td);
		td->signal = nfc_upstream_empty_signal(e, 0, &td->task);
		if (td->active && !nfc_signal_idle(&td->signal))
			nfc_task_schedule(&td->task);
	}
	return 0;
}

static void todevice_cleanup(struct nfc_element *e)
{
	struct todevice *td = (struct todevice *)e;
	if (td->task.initialized)
		nfc_task_cleanup(&td->task);
	if (td->retry_timer.owner)
		nfc_timer_cleanup(&td->retry_timer);
	nfc_packet_kill_many(td->pending, td->npending);
	td->npending = 0;
	if (td->sock >= 0)
		close(td->sock);
	td->sock = -1;
}

/* ---- handlers ---- */

enum { H_COUNT, H_DROPS, H_ACTIVE, H_RESET };

static uint64_t todevice_sum(const uint64_t *v)
{
	uint64_t s = 0;
	for (int i = 0; i < NFC_MAX_THREADS; i++)
		s += v[i];
	return s;
}

static int todevice_read(struct nfc_element *e, void *thunk, const char *param,
			 struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct todevice *td = (struct todevice *)e;
	(void)param, (void)errh;
	switch ((int)(uintptr_t)thunk) {
	case H_COUNT:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)todevice_sum(td->count));
		break;
	case H_DROPS:
		nfc_strbuf_printf(out, "%llu", (unsigned long long)todevice_sum(td->drops));
		break;
	case H_ACTIVE:
		nfc_strbuf_puts(out, td->active ? "true" : "false");
		break;
	}
	return 0;
}

static int todevice_write(struct nfc_element *e, void *thunk, const char *value,
			  struct nfc_errh *errh)
{
	struct todevice *td = (struct todevice *)e;
	switch ((int)(uintptr_t)thunk) {
	case H_RESET:
		memset(td->count, 0, sizeof td->count);
		memset(td->drops, 0, sizeof td->drops);
		break;
	case H_ACTIVE:
		if (nfc_parse_bool(value, &td->active) < 0)
			return nfc_error(errh, "active: expected boolean");
		if (td->active && td->task.initialized && !nfc_task_scheduled(&td->task))
			nfc_task_schedule(&td->task);
		break;
	}
	return 0;
}

static int todevice_add_handlers(struct nfc_element *e)
{
	struct todevice *td = (struct todevice *)e;
	nfc_add_read_handler(e, "count", todevice_read, (void *)H_COUNT, 0);
	nfc_add_read_handler(e, "drops", todevice_read, (void *)H_DROPS, 0);
	nfc_add_read_handler(e, "active", todevice_read, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", todevice_write, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "reset_counts", todevice_write, (void *)H_RESET,
			      NFC_HANDLER_BUTTON);
	nfc_add_task_handlers(e, &td->task);
	return 0;
}

static const struct nfc_element_class todevice_class = {
	.name = "ToDevice",
	.port_count = "1/0",
	.processing = "a/",
	.size = sizeof(struct todevice),
	.flags = NFC_CLASS_THREAD_SAFE,
	.configure = todevice_configure,
	.initialize = todevice_initialize,
	.cleanup = todevice_cleanup,
	.add_handlers = todevice_add_handlers,
	.push = todevice_push,
};
NFC_REGISTER_ELEMENT(todevice_class);
