/* SPDX-License-Identifier: MIT */
/* ARP table core: hashed entries, age list, per-entry packet queues, slimming. */
#include <errno.h>
#include <stdlib.h>
#include <nfclick/addressinfo.h>
#include "arptable.h"
#include "ether_priv.h"

int64_t arpt_now_j(void)
{
	return nfc_now_steady() / NFC_NSEC_PER_MSEC;
}

int64_t arpt_jiffies_of(int64_t ns)
{
	/* Click keeps jiffies in 32 bits: longer timeouts mean "never". */
	if (ns / NFC_NSEC_PER_SEC >= (int64_t)(0xFFFFFFFFu / ARP_HZ))
		return 0;
	return ns / NFC_NSEC_PER_MSEC;
}

void arpt_init(struct arp_table *t, struct nfc_element *owner)
{
	memset(t, 0, sizeof(*t));
	t->owner = owner;
	t->packet_capacity = 2048;
	t->slim_factor = 2;
	t->timeout_j = 300 * ARP_HZ;
}

static uint32_t arpt_hash(const struct arp_table *t, uint32_t ip)
{
	return (ip * 0x9E3779B1u) >> 7 & (t->nbuckets - 1);
}

static struct arp_entry *arpt_find(const struct arp_table *t, uint32_t ip)
{
	if (!t->nbuckets)
		return NULL;
	for (struct arp_entry *ae = t->buckets[arpt_hash(t, ip)]; ae; ae = ae->hash_next)
		if (ae->ip == ip)
			return ae;
	return NULL;
}

static void arpt_hash_remove(struct arp_table *t, struct arp_entry *ae)
{
	struct arp_entry **pp = &t->buckets[arpt_hash(t, ae->ip)];
	while (*pp != ae)
		pp = &(*pp)->hash_next;
	*pp = ae->hash_next;
}

static int arpt_hash_add(struct arp_table *t, struct arp_entry *ae)
{
	if (t->entry_count + 1 > 2 * t->nbuckets) {
		uint32_t n = t->nbuckets ? 2 * t->nbuckets : 64;
		struct arp_entry **nb = calloc(n, sizeof(*nb));
		if (!nb)
			return -1;
		struct arp_entry **old = t->buckets;
		uint32_t oldn = t->nbuckets;
		t->buckets = nb;
		t->nbuckets = n;
		for (uint32_t i = 0; i < oldn; i++)
			for (struct arp_entry *x = old[i], *next; x; x = next) {
				next = x->hash_next;
				uint32_t h = arpt_hash(t, x->ip);
				x->hash_next = nb[h];
				nb[h] = x;
			}
		free(old);
	}
	uint32_t h = arpt_hash(t, ae->ip);
	ae->hash_next = t->buckets[h];
	t->buckets[h] = ae;
	return 0;
}

/* ---- age list ---- */

static void arpt_age_remove(struct arp_table *t, struct arp_entry *ae)
{
	if (ae->age_prev)
		ae->age_prev->age_next = ae->age_next;
	else
		t->age_head = ae->age_next;
	if (ae->age_next)
		ae->age_next->age_prev = ae->age_prev;
	else
		t->age_tail = ae->age_prev;
	ae->age_prev = ae->age_next = NULL;
}

/* Insert @ae before @next (NULL: at the end). */
static void arpt_age_insert(struct arp_table *t, struct arp_entry *next, struct arp_entry *ae)
{
	ae->age_next = next;
	ae->age_prev = next ? next->age_prev : t->age_tail;
	if (ae->age_prev)
		ae->age_prev->age_next = ae;
	else
		t->age_head = ae;
	if (next)
		next->age_prev = ae;
	else
		t->age_tail = ae;
}

/* ---- entry state ---- */

static bool arpt_expired(const struct arp_table *t, const struct arp_entry *ae, int64_t now)
{
	return t->timeout_j && ae->live_at_j + t->timeout_j < now;
}

static bool arpt_known(const struct arp_table *t, const struct arp_entry *ae, int64_t now)
{
	return ae->known && !arpt_expired(t, ae, now);
}

/* At most ten queries a second per address, then one every two seconds
 * until a reply comes. */
static bool arpt_allow_poll(const struct arp_entry *ae, int64_t now)
{
	int64_t thresh = ae->polled_at_j + (ae->polls_since_reply >= 10 ? 2 * ARP_HZ : ARP_HZ / 10);
	return now >= thresh;
}

static void arpt_mark_poll(struct arp_entry *ae, int64_t now)
{
	ae->polled_at_j = now;
	if (ae->polls_since_reply < 255)
		ae->polls_since_reply++;
}

static void arpt_kill_queue(struct arp_table *t, struct arp_entry *ae)
{
	while (ae->head) {
		struct nfc_packet *p = ae->head;
		ae->head = p->next;
		p->next = NULL;
		nfc_packet_kill(p);
		t->packet_count--;
		t->drops++;
	}
	ae->tail = NULL;
	ae->npackets = 0;
}

/*
 * Delete expired entries and, past ENTRY_CAPACITY, the oldest ones; then,
 * past CAPACITY, drop queued packets of the oldest entries until only
 * CAPACITY - CAPACITY/SLIM_FACTOR remain (Click's ARPTable::slim).
 */
static void arpt_slim(struct arp_table *t, int64_t now)
{
	struct arp_entry *ae;
	while ((ae = t->age_head) &&
	       (arpt_expired(t, ae, now) || (t->entry_capacity && t->entry_count > t->entry_capacity))) {
		arpt_hash_remove(t, ae);
		arpt_age_remove(t, ae);
		arpt_kill_queue(t, ae);
		free(ae);
		t->entry_count--;
	}
	if (t->packet_capacity && t->packet_count > t->packet_capacity) {
		uint32_t slim_capacity = t->packet_capacity - t->packet_capacity / t->slim_factor;
		if (slim_capacity == 0) /* the packet being added may not be queued yet */
			slim_capacity = 1;
		while (ae && t->packet_count > slim_capacity) {
			while (ae->head && t->packet_count > slim_capacity) {
				struct nfc_packet *p = ae->head;
				if (!(ae->head = p->next))
					ae->tail = NULL;
				p->next = NULL;
				nfc_packet_kill(p);
				t->packet_count--;
				ae->npackets--;
				t->drops++;
			}
			ae = ae->age_next;
		}
	}
}

static void arpt_timer_fire(struct nfc_timer *timer, void *arg)
{
	struct arp_table *t = arg;
	arpt_slim(t, arpt_now_j());
	if (t->timeout_j)
		nfc_timer_schedule_after(timer, (t->timeout_j / ARP_HZ + 1) * NFC_NSEC_PER_SEC);
}

void arpt_start(struct arp_table *t)
{
	if (!t->timeout_j || t->timer_initialized)
		return;
	nfc_timer_init(&t->timer, t->owner, arpt_timer_fire, t);
	t->timer_initialized = true;
	/* whole seconds, as Click's schedule_after_sec */
	nfc_timer_schedule_after(&t->timer, (t->timeout_j / ARP_HZ) * NFC_NSEC_PER_SEC);
}

/* The entry for @ip, created (unknown) when missing. */
static struct arp_entry *arpt_ensure(struct arp_table *t, uint32_t ip, int64_t now)
{
	struct arp_entry *ae = arpt_find(t, ip);
	if (ae)
		return ae;
	ae = calloc(1, sizeof(*ae));
	if (!ae)
		return NULL;
	t->entry_count++;
	if (t->entry_capacity && t->entry_count > t->entry_capacity)
		arpt_slim(t, now);
	ae->ip = ip;
	memset(ae->eth, 0xFF, 6);
	ae->live_at_j = now;
	ae->polled_at_j = now - ARP_HZ;
	if (arpt_hash_add(t, ae) < 0) {
		t->entry_count--;
		free(ae);
		return NULL;
	}
	arpt_age_insert(t, NULL, ae);
	return ae;
}

int arpt_lookup(struct arp_table *t, uint32_t ip, uint8_t eth[6], int64_t poll_timeout_j)
{
	struct arp_entry *ae = arpt_find(t, ip);
	if (!ae)
		return -1;
	int64_t now = arpt_now_j();
	if (!arpt_known(t, ae, now))
		return -1;
	memcpy(eth, ae->eth, 6);
	if (poll_timeout_j && now >= ae->live_at_j + poll_timeout_j && arpt_allow_poll(ae, now)) {
		arpt_mark_poll(ae, now);
		return 1;
	}
	return 0;
}

int arpt_insert(struct arp_table *t, uint32_t ip, const uint8_t eth[6], struct nfc_packet **head)
{
	int64_t now = arpt_now_j();
	struct arp_entry *ae = arpt_ensure(t, ip, now);
	if (!ae)
		return -1;
	memcpy(ae->eth, eth, 6);
	ae->known = !eth_is_broadcast(eth);
	ae->live_at_j = now;
	ae->polls_since_reply = 0;
	ae->polled_at_j = now - ARP_HZ;
	if (ae->age_next) {
		arpt_age_remove(t, ae);
		arpt_age_insert(t, NULL, ae);
	}
	if (head) {
		*head = ae->head;
		ae->head = ae->tail = NULL;
		t->packet_count -= ae->npackets;
		ae->npackets = 0;
	}
	return 0;
}

int arpt_append_query(struct arp_table *t, uint32_t ip, struct nfc_packet *p)
{
	int64_t now = arpt_now_j();
	struct arp_entry *ae = arpt_ensure(t, ip, now);
	if (!ae)
		return -1;
	if (arpt_known(t, ae, now))
		return ARPT_KNOWN;

	/* While packets still wait for this address, keep the entry just this
	 * side of expiring, so the slim() below cannot delete it (Click's fix
	 * of Nov 2009); move it to its new place in the age list. */
	if (t->timeout_j) {
		int64_t live_min = now - t->timeout_j;
		if (ae->live_at_j < live_min) {
			ae->live_at_j = live_min;
			struct arp_entry *first = ae->age_next, *next = first;
			while (next && next->live_at_j < ae->live_at_j)
				next = next->age_next;
			if (next != first) {
				arpt_age_remove(t, ae);
				arpt_age_insert(t, next, ae);
			}
		}
	}

	if (t->entry_packet_capacity && ae->npackets >= t->entry_packet_capacity) {
		t->drops++;
		return -1;
	}
	t->packet_count++;
	if (t->packet_capacity && t->packet_count > t->packet_capacity)
		arpt_slim(t, now);

	p->next = NULL;
	if (ae->tail)
		ae->tail->next = p;
	else
		ae->head = p;
	ae->tail = p;
	ae->npackets++;

	if (arpt_allow_poll(ae, now)) {
		arpt_mark_poll(ae, now);
		return 1;
	}
	return 0;
}

void arpt_clear(struct arp_table *t)
{
	while (t->age_head) {
		struct arp_entry *ae = t->age_head;
		arpt_hash_remove(t, ae);
		arpt_age_remove(t, ae);
		arpt_kill_queue(t, ae);
		free(ae);
	}
	t->entry_count = t->packet_count = 0;
}

void arpt_destroy(struct arp_table *t)
{
	if (t->timer_initialized) {
		nfc_timer_cleanup(&t->timer);
		t->timer_initialized = false;
	}
	arpt_clear(t);
	free(t->buckets);
	t->buckets = NULL;
	t->nbuckets = 0;
}

void arpt_unparse(struct arp_table *t, struct nfc_strbuf *out)
{
	int64_t now = arpt_now_j();
	for (struct arp_entry *ae = t->age_head; ae; ae = ae->age_next) {
		char ip[16], eth[18], age[48];
		nfc_format_timestamp(age, sizeof age, (now - ae->live_at_j) * NFC_NSEC_PER_MSEC, 6);
		nfc_strbuf_printf(out, "%s %d %s %s\n", nfc_ip_unparse(ae->ip, ip),
				  arpt_known(t, ae, now) ? 1 : 0, nfc_ether_unparse(ae->eth, eth), age);
	}
}

/* Parse "IP [ETH]" for the insert/delete handlers, Click's Args messages. */
static int arpt_parse_words(struct nfc_element *context, const char *text, bool want_eth,
			    uint32_t *ip, uint8_t eth[6], struct nfc_errh *errh)
{
	char **w;
	int nw;
	if (nfc_split_words(text ? text : "", &w, &nw) < 0)
		return nfc_error(errh, "out of memory");
	int errors = 0, need = want_eth ? 2 : 1;
	if (nw < 1) {
		nfc_error(errh, "IP: required argument missing");
		errors++;
	} else if (nfc_addressinfo_parse_ip(context, w[0], ip) < 0) {
		nfc_error(errh, "IP: expected IP address");
		errors++;
	}
	if (want_eth) {
		if (nw < 2) {
			nfc_error(errh, "ETH: required argument missing");
			errors++;
		} else if (nfc_addressinfo_parse_ether(context, w[1], eth) < 0) {
			nfc_error(errh, "ETH: expected Ethernet address");
			errors++;
		}
	}
	if (nw > need) {
		nfc_error(errh, "too many arguments");
		errors++;
	}
	nfc_words_free(w, nw);
	return errors ? -1 : 0;
}

int arpt_write_insert(struct arp_table *t, struct nfc_element *context, const char *text,
		      struct nfc_errh *errh)
{
	uint32_t ip;
	uint8_t eth[6];
	if (arpt_parse_words(context, text, true, &ip, eth, errh) < 0)
		return -1;
	if (arpt_insert(t, ip, eth, NULL) < 0)
		return nfc_error(errh, "out of memory");
	return 0;
}

int arpt_write_delete(struct arp_table *t, struct nfc_element *context, const char *text,
		      struct nfc_errh *errh)
{
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	uint32_t ip;
	if (arpt_parse_words(context, text, false, &ip, NULL, errh) < 0)
		return -1;
	/* As Click: the entry stays, marked unknown, its packets still queued. */
	if (arpt_insert(t, ip, bcast, NULL) < 0)
		return nfc_error(errh, "out of memory");
	return 0;
}

void arpt_take_state(struct arp_table *to, struct arp_table *from, struct nfc_errh *errh)
{
	if (to->entry_count) {
		nfc_error(errh, "late take_state");
		return;
	}
	free(to->buckets);
	to->buckets = from->buckets;
	to->nbuckets = from->nbuckets;
	to->age_head = from->age_head;
	to->age_tail = from->age_tail;
	to->entry_count = from->entry_count;
	to->packet_count = from->packet_count;
	to->drops = from->drops;
	from->buckets = NULL;
	from->nbuckets = 0;
	from->age_head = from->age_tail = NULL;
	from->entry_count = from->packet_count = 0;
}
