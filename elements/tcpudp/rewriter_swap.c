/* SPDX-License-Identifier: MIT */
/* Hot swap: a new rewriter takes over the flows of the old one of the same name and class. */
#include "rewriter_priv.h"

/*
 * The rule comes from Click's rewriters of the IPRw generation (the later
 * IPRewriterBase dropped take_state): the old element's flows move to the
 * new one, whole (keys, rewritten addresses and ports, output ports,
 * expiry, guarantee, TCP flags and sequence-number changes), when the new
 * configuration could have made them:
 *
 *  - a flow made by a pattern needs a pattern of the new element that
 *    "can accept" the old pattern: the same fields fixed to the same values
 *    and a range of the varied field (source port, or source address for a
 *    two-field pattern) holding the old pattern's whole range;
 *  - both of its output ports must exist in the new element (they are kept,
 *    not taken from the new input spec).
 *
 * Other flows stay with the old element and go when the old router is
 * destroyed, as Click frees them. Click counts flows per pattern; nfclick
 * counts them per input, so a moved flow is counted by the first new input
 * that accepts it, its own input number tried first. Two things Click's
 * code did not cover have a rule here: a flow of a "keep" input moves to a
 * "keep" input (Click dropped it, having no pattern to match), and a flow
 * of a mapper input is matched by the mapper pattern it fits.
 */

/* Could pattern @q have made every flow that @p made (Click's can_accept_from)? */
static bool rw_pattern_covers(const struct rw_pattern *q, const struct rw_pattern *p)
{
	if (q->is_napt != p->is_napt || q->daddr != p->daddr || q->dport != p->dport)
		return false;
	uint32_t lo, plo;
	if (q->is_napt) {
		if (q->saddr != p->saddr)
			return false;
		lo = ntohs(q->sport);
		plo = ntohs(p->sport);
	} else {
		if (q->sport != p->sport)
			return false;
		lo = ntohl(q->saddr);
		plo = ntohl(p->saddr);
	}
	return lo <= plo && (uint64_t)plo + p->variation_top <= (uint64_t)lo + q->variation_top;
}

/* Does the rewritten flow @out fit pattern @p? */
static bool rw_pattern_fits(const struct rw_pattern *p, const struct rw_flowid *out)
{
	if ((p->daddr && out->daddr != p->daddr) || (p->dport && out->dport != p->dport))
		return false;
	if (p->is_napt)
		return (!p->saddr || out->saddr == p->saddr) &&
		       (!p->sport || (uint32_t)((int)ntohs(out->sport) - (int)ntohs(p->sport)) <=
					     p->variation_top);
	return !p->saddr || ntohl(out->saddr) - ntohl(p->saddr) <= p->variation_top;
}

/* The patterns input @in makes flows with. */
static int rw_input_patterns(const struct rw_input *in, struct rw_pattern *const **out)
{
	switch (in->kind) {
	case RW_IN_PATTERN:
		*out = &in->pattern;
		return 1;
	case RW_IN_MAPPER:
		*out = in->mapper->patterns;
		return in->mapper->npatterns;
	default:
		return 0;
	}
}

/* Can input @in of the new element have made a flow of old input @oin made
 * with pattern @p (NULL for a keep flow)? */
static bool rw_input_accepts(const struct rw_input *in, const struct rw_input *oin,
			     const struct rw_pattern *p)
{
	if (oin->kind == RW_IN_KEEP)
		return in->kind == RW_IN_KEEP;
	struct rw_pattern *const *qs;
	int nq = rw_input_patterns(in, &qs);
	for (int i = 0; i < nq; i++)
		if (qs[i] && rw_pattern_covers(qs[i], p))
			return true;
	return false;
}

/* The new input to count old flow @f under, or -1 when none would have made it. */
static int rw_swap_input(const struct rw_core *rw, const struct rw_core *old,
			 const struct rw_flow *f)
{
	if ((unsigned)f->e[0].output >= (unsigned)rw->e.noutputs ||
	    (unsigned)f->e[1].output >= (unsigned)rw->e.noutputs)
		return -1;
	const struct rw_input *oin = &old->inputs[f->owner_input];
	const struct rw_pattern *p = NULL;
	if (oin->kind != RW_IN_KEEP) {
		struct rw_pattern *const *ps;
		int np = rw_input_patterns(oin, &ps);
		struct rw_flowid out = rw_entry_rewritten(&f->e[0]);
		for (int i = 0; i < np && !p; i++)
			if (ps[i] && (np == 1 || rw_pattern_fits(ps[i], &out)))
				p = ps[i];
		if (!p)
			return -1;
	}
	if (f->owner_input < rw->ninputs && rw_input_accepts(&rw->inputs[f->owner_input], oin, p))
		return f->owner_input;
	for (int j = 0; j < rw->ninputs; j++)
		if (rw_input_accepts(&rw->inputs[j], oin, p))
			return j;
	return -1;
}

void rw_take_state(struct nfc_element *e, struct nfc_element *old_e, struct nfc_errh *errh)
{
	struct rw_core *rw = (struct rw_core *)e;
	/* only an element of the same class (UDPRewriter from UDPRewriter, ...):
	 * another class's flows are keyed and timed differently */
	if (old_e->cls != e->cls)
		return;
	struct rw_core *old = (struct rw_core *)old_e;
	if (!old->inputs || !rw->inputs || !rw->heap)
		return;
	if (old->e.noutputs != rw->e.noutputs)
		nfc_warning(errh, "the old element had %d output ports, this one has %d%s",
			    old->e.noutputs, rw->e.noutputs,
			    old->e.noutputs > rw->e.noutputs
				    ? ": flows leaving by the missing ones are dropped"
				    : "");
	/* Walk the old flow pool (creation order, roughly): moving a flow only
	 * puts its old slot on the free list, the chunks stay. */
	for (int c = 0; c < old->pool.nchunks; c++) {
		struct rw_flow *chunk = old->pool.chunks[c];
		for (int i = 0; i < RW_POOL_CHUNK; i++) {
			struct rw_flow *f = &chunk[i];
			if (f->owner != old)
				continue;
			int input = rw_swap_input(rw, old, f);
			if (input >= 0)
				rw_flow_adopt(rw, f, input);
		}
	}
	/* moved flows count against the new capacity: over it, the new group
	 * sheds flows as when its capacity is lowered */
	struct rw_heap *h = rw->heap;
	if (rw_heap_size(h) > (uint32_t)(h->capacity < 0 ? 0 : h->capacity))
		rw_shrink_heap(rw, false);
}
