/* SPDX-License-Identifier: MIT */
/* The ARP table behind ARPTable and ARPQuerier: IP -> Ethernet, queued packets, expiry. */
#ifndef NFCLICK_ELEMENTS_ARPTABLE_H
#define NFCLICK_ELEMENTS_ARPTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <nfclick/nfclick.h>

/*
 * Time in the table is Click's jiffies: milliseconds of the steady clock
 * (simulated under --simtime), truncated. Entries form an age list, oldest
 * first; packets waiting for an answer hang off their entry in arrival
 * order (linked through packet->next).
 */
struct arp_entry {
	uint32_t ip;
	uint8_t eth[6];
	bool known;
	uint8_t polls_since_reply;
	int64_t live_at_j;
	int64_t polled_at_j;
	struct nfc_packet *head, *tail;
	uint32_t npackets;
	struct arp_entry *hash_next;
	struct arp_entry *age_prev, *age_next;
};

struct arp_table {
	struct nfc_element *owner;
	struct arp_entry **buckets;
	uint32_t nbuckets;
	struct arp_entry *age_head, *age_tail;
	uint32_t entry_count, packet_count;
	uint64_t drops;
	/* limits; 0 means unlimited */
	uint32_t entry_capacity, packet_capacity, entry_packet_capacity;
	uint32_t slim_factor;
	/* entry lifetime in jiffies; 0: entries never expire */
	int64_t timeout_j;
	struct nfc_timer timer;
	bool timer_initialized;
};

#define ARP_HZ 1000

/** Current time in jiffies. */
int64_t arpt_now_j(void);
/** Click's Timestamp -> jiffies, with "too long" meaning 0 (never). */
int64_t arpt_jiffies_of(int64_t ns);

/** Empty table with Click's defaults (2048 packets, 5 minute timeout). */
void arpt_init(struct arp_table *t, struct nfc_element *owner);
/** Start the expiry timer (initialize phase). */
void arpt_start(struct arp_table *t);
/** Free everything (queued packets are killed). */
void arpt_destroy(struct arp_table *t);
/** Delete every entry and queued packet (those count as drops). */
void arpt_clear(struct arp_table *t);

/**
 * The Ethernet address of @ip if known: 0, and 1 when the entry is old
 * enough (@poll_timeout_j, 0 = never) that a renewal query should be sent
 * now; -1 when unknown.
 */
int arpt_lookup(struct arp_table *t, uint32_t ip, uint8_t eth[6], int64_t poll_timeout_j);
/**
 * Record @ip at @eth (broadcast marks the entry unknown). When @head is
 * given, the entry's queued packets are handed over in arrival order.
 * Returns 0, or -1 out of memory.
 */
int arpt_insert(struct arp_table *t, uint32_t ip, const uint8_t eth[6], struct nfc_packet **head);
/**
 * Queue @p for unknown @ip. Returns 1 (queued, send a query now), 0
 * (queued, a query was sent recently), ARPT_KNOWN (the address is known
 * after all: look it up again) or -1 (not queued: the caller kills @p).
 */
#define ARPT_KNOWN (-2)
int arpt_append_query(struct arp_table *t, uint32_t ip, struct nfc_packet *p);

/** Print one line per entry, oldest first: "IP OK ETH AGE". */
void arpt_unparse(struct arp_table *t, struct nfc_strbuf *out);
/** Handlers' text commands: "IP ETH" inserts; "IP" deletes (marks unknown). */
int arpt_write_insert(struct arp_table *t, struct nfc_element *context, const char *text,
		      struct nfc_errh *errh);
int arpt_write_delete(struct arp_table *t, struct nfc_element *context, const char *text,
		      struct nfc_errh *errh);
/** Move @from's entries into the empty @to (hot swap). */
void arpt_take_state(struct arp_table *to, struct arp_table *from, struct nfc_errh *errh);

#endif
