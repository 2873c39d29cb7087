/* SPDX-License-Identifier: MIT */
/* TCP sequence-number translation for flows whose payload changed length (FTP PORT commands). */
#include <string.h>
#include "rewriter_priv.h"

/*
 * Per direction, a list of transitions (trigger, delta), oldest first: a
 * segment whose sequence number is at or after a trigger moves by that
 * transition's delta (deltas are cumulative). Before the oldest trigger the
 * base delta applies. A transition 1G (2^30) behind a newer one, or behind
 * the current sequence number, can no longer matter: it becomes the base
 * and everything older goes, as in Click.
 */
struct rw_seq_trans {
	uint32_t trigger;
	int32_t delta;
};

struct rw_seq_delta {
	int32_t base[2];
	uint32_t n[2], cap[2];
	struct rw_seq_trans *t[2];
};

#define RW_SEQ_STALE (1u << 30)

static inline bool rw_seq_geq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

int32_t rw_tcp_current_delta(const struct rw_flow *f, int direction)
{
	const struct rw_seq_delta *d = f->seq_deltas;
	if (!d)
		return 0;
	return d->n[direction] ? d->t[direction][d->n[direction] - 1].delta : d->base[direction];
}

/* Transitions 0..k-1 go; transition k-1's delta becomes the base. */
static void rw_seq_drop_oldest(struct rw_seq_delta *d, int dir, uint32_t k)
{
	if (!k)
		return;
	d->base[dir] = d->t[dir][k - 1].delta;
	memmove(d->t[dir], d->t[dir] + k, (d->n[dir] - k) * sizeof *d->t[dir]);
	d->n[dir] -= k;
}

int rw_tcp_add_seq_delta(struct rw_flow *f, int dir, uint32_t trigger, int32_t delta)
{
	struct rw_seq_delta *d = f->seq_deltas;
	if (!d) {
		if (!(d = calloc(1, sizeof *d)))
			return -1;
		f->seq_deltas = d;
	}
	uint32_t n = d->n[dir];
	/* transitions must come in increasing sequence order */
	if (n && !rw_seq_geq(trigger, d->t[dir][n - 1].trigger))
		return -1;
	if (n && trigger == d->t[dir][n - 1].trigger) {
		/* the same segment again (a retransmission): the same change */
		int32_t before = n >= 2 ? d->t[dir][n - 2].delta : d->base[dir];
		d->t[dir][n - 1].delta = before + delta;
	} else {
		if (n == d->cap[dir]) {
			uint32_t ncap = d->cap[dir] ? d->cap[dir] * 2 : 4;
			struct rw_seq_trans *nt = realloc(d->t[dir], ncap * sizeof *nt);
			if (!nt)
				return -1;
			d->t[dir] = nt;
			d->cap[dir] = ncap;
		}
		int32_t before = n ? d->t[dir][n - 1].delta : d->base[dir];
		d->t[dir][n].trigger = trigger;
		d->t[dir][n].delta = before + delta;
		d->n[dir] = ++n;
	}
	/* the newest transition 1G ahead of an older one makes it the base */
	for (uint32_t i = n - 1; i-- > 0;)
		if (rw_seq_geq(trigger, d->t[dir][i].trigger + RW_SEQ_STALE)) {
			rw_seq_drop_oldest(d, dir, i + 1);
			break;
		}
	return 0;
}

static uint32_t rw_new_seq(const struct rw_seq_delta *d, int dir, uint32_t seq)
{
	for (uint32_t i = d->n[dir]; i-- > 0;)
		if (rw_seq_geq(seq, d->t[dir][i].trigger))
			return seq + (uint32_t)d->t[dir][i].delta;
	return seq + (uint32_t)d->base[dir];
}

/* An acknowledgement in direction @dir refers to the other direction's
 * rewritten sequence numbers. */
static uint32_t rw_new_ack(const struct rw_seq_delta *d, int dir, uint32_t ack)
{
	int o = !dir;
	for (uint32_t i = d->n[o]; i-- > 0;)
		if (rw_seq_geq(ack - (uint32_t)d->t[o][i].delta, d->t[o][i].trigger))
			return ack - (uint32_t)d->t[o][i].delta;
	return ack - (uint32_t)d->base[o];
}

static uint16_t rw_sum_adjust32(uint16_t sum, uint32_t old_be, uint32_t new_be)
{
	sum = nfc_cksum_update16(sum, (uint16_t)(old_be >> 16), (uint16_t)(new_be >> 16));
	return nfc_cksum_update16(sum, (uint16_t)old_be, (uint16_t)new_be);
}

/* Rewrite SACK blocks (acknowledgements of the other direction). */
static void rw_apply_sack(const struct rw_seq_delta *d, int dir, struct nfc_tcp *th,
			  uint32_t tlen)
{
	uint32_t hlen = (uint32_t)nfc_tcp_off(th) << 2;
	if (hlen < tlen)
		tlen = hlen;
	uint8_t *opt = (uint8_t *)(th + 1), *end = (uint8_t *)th + tlen;
	while (opt < end) {
		if (*opt == 0) /* end of options */
			break;
		if (*opt == 1) { /* no-op */
			opt++;
			continue;
		}
		if (opt + 1 >= end || opt[1] < 2 || opt + opt[1] > end)
			break;
		if (*opt == 5 && opt[1] % 8 == 2) {
			/* option words are not 16-bit aligned in general: adjust
			 * the checksum by the 32-bit values themselves, whose
			 * byte offsets are even or odd alike (a byte swap for
			 * odd offsets keeps the one's complement sum right) */
			bool odd = ((opt + 2 - (uint8_t *)th) & 1) != 0;
			uint16_t sum = th->sum;
			for (uint8_t *b = opt + 2; b < opt + opt[1]; b += 4) {
				uint32_t v, nv;
				memcpy(&v, b, 4);
				nv = htonl(rw_new_ack(d, dir, ntohl(v)));
				if (odd)
					sum = rw_sum_adjust32(sum, (v << 8) | (v >> 24),
							      (nv << 8) | (nv >> 24));
				else
					sum = rw_sum_adjust32(sum, v, nv);
				memcpy(b, &nv, 4);
			}
			th->sum = sum;
		}
		opt += opt[1];
	}
}

void rw_tcp_apply_seq(struct rw_flow *f, struct nfc_packet *p, struct nfc_tcp *th,
		      int direction)
{
	struct rw_seq_delta *d = f->seq_deltas;
	uint32_t seq = ntohl(th->seq);
	/* the newest transition is 1G behind: older segments no longer come */
	uint32_t n = d->n[direction];
	if (n && rw_seq_geq(seq, d->t[direction][n - 1].trigger + RW_SEQ_STALE))
		rw_seq_drop_oldest(d, direction, n);

	if (d->n[direction] || d->base[direction]) {
		uint32_t nv = htonl(rw_new_seq(d, direction, seq));
		th->sum = rw_sum_adjust32(th->sum, th->seq, nv);
		th->seq = nv;
	}
	if (d->n[!direction] || d->base[!direction]) {
		uint32_t nv = htonl(rw_new_ack(d, direction, ntohl(th->ack)));
		th->sum = rw_sum_adjust32(th->sum, th->ack, nv);
		th->ack = nv;
		/* SACK blocks, unless the options are just a timestamp */
		const uint8_t *o = (const uint8_t *)(th + 1);
		if (nfc_tcp_off(th) > 8 ||
		    (nfc_tcp_off(th) == 8 && !(o[0] == 1 && o[1] == 1 && o[2] == 8 && o[3] == 10)))
			rw_apply_sack(d, direction, th, rw_transport_length(p));
	}
}

void rw_tcp_free_deltas(struct rw_flow *f)
{
	struct rw_seq_delta *d = f->seq_deltas;
	if (!d)
		return;
	free(d->t[0]);
	free(d->t[1]);
	free(d);
	f->seq_deltas = NULL;
}
