/* SPDX-License-Identifier: MIT */
/* FastUDPFlows internals: the element state shared by its configuration and packet-making parts. */
#ifndef NFCLICK_ELEMENTS_TCPUDP_FASTUDPFLOWS_PRIV_H
#define NFCLICK_ELEMENTS_TCPUDP_FASTUDPFLOWS_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/nfclick.h>
#include <nfclick/rate.h>

/*
 * fastudpflows.c holds the doc block, the arguments, the lifecycle
 * (configure, initialize, cleanup), the handlers and the class;
 * fastudpflows_make.c the frame template, the flows and everything that
 * runs per burst (the pull, task and timer callbacks). The per-packet code
 * stays whole inside fastudpflows_make.c; the calls across files here are
 * made once per element or through the class's callback pointers.
 */

/* Where the headers lie in a frame. */
enum {
	FUDP_ETH_LEN = 14,
	FUDP_IP_OFF = FUDP_ETH_LEN,
	FUDP_IP_LEN = 20,
	FUDP_UDP_OFF = FUDP_IP_OFF + FUDP_IP_LEN,
	FUDP_UDP_LEN = 8,
	FUDP_MIN_LENGTH = 60,
	FUDP_MAX_LENGTH = FUDP_ETH_LEN + 0xFFFF, /* the IP length field's limit */
	FUDP_PUSH_BURST = 32,                    /* FastClick's push batch */
	FUDP_PORT_RANGE = 0xFFFF,                /* ports 0 .. 65534, as Click draws them */
};

/* Short frames are copied from a 64-byte zero-padded template that stays in
 * vector registers for a whole burst (InfiniteSource does the same). */
#define FUDP_CHUNK 64
/* The annotation block of struct nfc_packet (timestamp to the end of the
 * user annotations): stored whole from a template, as a new packet's
 * annotations are cleared. */
#define FUDP_ANNO_BLOCK 96

/* One flow: the UDP header its packets carry, and how many they were. */
struct fudp_flow {
	unsigned char udp[FUDP_UDP_LEN]; /* sport, dport, length, checksum: as sent */
	uint32_t sent;
};

struct fudp {
	struct nfc_element e;
	/* --- used on every burst --- */
	unsigned char *frame; /* the frame, ports and UDP checksum zero, padded to FUDP_CHUNK */
	struct fudp_flow *flows;
	uint32_t length;
	uint32_t nflows, flowsize, flowburst;
	uint32_t current_flow; /* the flow of the last packet */
	uint32_t burst_left;   /* packets the current flow still sends in its FLOWBURST */
	int64_t limit;         /* < 0: no limit */
	uint64_t count;
	bool active, rate_limited, sequential, checksum, stop, push_mode;
	struct nfc_rng rng;     /* ports, and the seed of pick */
	uint64_t pick;          /* the flow choice's generator (fudp_pick) */
	struct nfc_gap_rate rate;
	unsigned char anno[FUDP_ANNO_BLOCK] __attribute__((aligned(32)));
	/* ones' complement sum of the UDP pseudo-header, length and payload:
	 * a flow's checksum adds only its ports */
	uint16_t udp_base_sum;
	/* time of the first packet and of the LIMITth, for the rate handler */
	int64_t first_ns, last_ns;
	struct nfc_task task;
	struct nfc_timer timer; /* RATE: when the next packet is due */
	bool timer_initialized;
	struct nfc_signal nonfull;
	struct nfc_notifier empty; /* pull context: "I have packets" */
	/* --- configuration --- */
	uint32_t rate_arg, length_arg;
	uint8_t srceth[6], dsteth[6];
	uint32_t srcip, dstip; /* network order */
	bool duplicate;
};

/* LIMIT packets have been sent. (Checked on every burst and by the handlers.) */
static inline bool fudp_exhausted(const struct fudp *f)
{
	return f->limit >= 0 && f->count >= (uint64_t)f->limit;
}

/* ---- fastudpflows_make.c: set up at initialize ---- */

/* Build the frame template (and udp_base_sum); -1 when out of memory. */
int fudp_build_frame(struct fudp *f);
/* Build the annotation block every packet starts with. */
void fudp_build_annotations(struct fudp *f);
/* Give every flow random ports (from f->rng, seeded) and seed the flow choice. */
void fudp_init_flows(struct fudp *f);

/* ---- fastudpflows_make.c: the class's callbacks ---- */

/* Push context: the task sends a burst. */
bool fudp_run(struct nfc_task *t, void *arg);
/* Pull context: hand out up to @max packets. */
unsigned fudp_pull(struct nfc_element *e, int port, struct nfc_batch *out, unsigned max);
/* RATE: a packet is due. */
void fudp_timer(struct nfc_timer *timer, void *arg);

#endif
