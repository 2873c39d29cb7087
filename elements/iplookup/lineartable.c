/* SPDX-License-Identifier: MIT */
/* The linear route table of LinearIPLookup and StaticIPLookup. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lineartable.h"

/* A removed route: no address matches mask 0 with a nonzero address. */
static bool linear_hole(const struct iproute *r)
{
	return r->mask == 0 && r->addr != 0;
}

static struct lineartable_vec *linear_vec_new(uint32_t cap)
{
	struct lineartable_vec *v = malloc(sizeof *v + cap * sizeof v->r[0]);
	if (v) {
		v->n = 0;
		v->cap = cap;
		v->retired = NULL;
	}
	return v;
}

int lineartable_init(struct lineartable *t)
{
	t->v = linear_vec_new(16);
	return t->v ? 0 : -1;
}

void lineartable_destroy(struct lineartable *t)
{
	for (struct lineartable_vec *v = t->v, *next; v; v = next) {
		next = v->retired;
		free(v);
	}
	t->v = NULL;
}

int lineartable_add(struct lineartable *t, const struct iproute *r, bool replace,
		    struct iproute *old, struct nfc_errh *errh)
{
	struct lineartable_vec *v = t->v;
	uint32_t hole = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		struct iproute *x = &v->r[i];
		if (x->addr == r->addr && x->mask == r->mask) {
			if (old)
				*old = *x;
			if (!replace)
				return -EEXIST;
			x->gw = r->gw;
			x->port = r->port;
			return 0;
		}
		if (hole == v->n && linear_hole(x))
			hole = i;
	}
	if (hole < v->n) {
		/* publish the route only once whole: mask last (holes have mask 0) */
		struct iproute *x = &v->r[hole];
		x->gw = r->gw;
		x->port = r->port;
		x->addr = r->addr;
		__atomic_store_n(&x->mask, r->mask, __ATOMIC_RELEASE);
		return 0;
	}
	if (v->n == v->cap) {
		struct lineartable_vec *nv = linear_vec_new(2 * v->cap);
		if (!nv)
			return nfc_error(errh, "out of memory");
		memcpy(nv->r, v->r, v->n * sizeof v->r[0]);
		nv->n = v->n;
		nv->retired = v;
		__atomic_store_n(&t->v, nv, __ATOMIC_RELEASE);
		v = nv;
	}
	v->r[v->n] = *r;
	__atomic_store_n(&v->n, v->n + 1, __ATOMIC_RELEASE);
	return 0;
}

int lineartable_remove(struct lineartable *t, const struct iproute *r, struct iproute *old)
{
	struct lineartable_vec *v = t->v;
	for (uint32_t i = 0; i < v->n; i++) {
		struct iproute *x = &v->r[i];
		if (!linear_hole(x) && iproute_match(r, x)) {
			if (old)
				*old = *x;
			__atomic_store_n(&x->mask, 0, __ATOMIC_RELEASE);
			x->addr = 1;
			return 0;
		}
	}
	return -ENOENT;
}

void lineartable_dump(const struct lineartable *t, struct nfc_strbuf *out)
{
	const struct lineartable_vec *v = t->v;
	for (uint32_t i = 0; i < v->n; i++)
		if (!linear_hole(&v->r[i])) {
			iproute_unparse(&v->r[i], false, out);
			nfc_strbuf_putc(out, '\n');
		}
}

/* ---- the elements' callbacks ---- */

static int linear_add(struct iproutetable *t, const struct iproute *r, bool replace,
		      struct iproute *old, struct nfc_errh *errh)
{
	return lineartable_add(&((struct linear_element *)t)->table, r, replace, old, errh);
}

static int linear_remove(struct iproutetable *t, const struct iproute *r, struct iproute *old,
			 struct nfc_errh *errh)
{
	return lineartable_remove(&((struct linear_element *)t)->table, r, old);
}

static int linear_lookup(const struct iproutetable *t, uint32_t addr, uint32_t *gw)
{
	return lineartable_lookup(&((const struct linear_element *)t)->table, addr, gw);
}

static void linear_dump(const struct iproutetable *t, struct nfc_strbuf *out)
{
	lineartable_dump(&((const struct linear_element *)t)->table, out);
}

static const struct iproutetable_ops linear_ops = {
	.add = linear_add,
	.remove = linear_remove,
	.lookup = linear_lookup,
	.dump = linear_dump,
};

int linear_element_configure(struct nfc_element *e, struct nfc_conf *conf,
			     struct nfc_errh *errh)
{
	struct linear_element *l = (struct linear_element *)e;
	l->rt.ops = &linear_ops;
	if (lineartable_init(&l->table) < 0)
		return nfc_error(errh, "out of memory");
	return iproutetable_configure(&l->rt, conf, errh);
}

void linear_element_cleanup(struct nfc_element *e)
{
	lineartable_destroy(&((struct linear_element *)e)->table);
}

void linear_element_push(struct nfc_element *e, int port, struct nfc_batch *b)
{
	struct linear_element *l = (struct linear_element *)e;
	int ports[NFC_BATCH_MAX];
	for (unsigned i = 0; i < b->count; i++) {
		struct nfc_packet *p = b->pkts[i];
		uint32_t dst, gw;
		memcpy(&dst, p->anno + NFC_ANNO_DST_IP, 4);
		ports[i] = lineartable_lookup(&l->table, dst, &gw);
		if (gw)
			memcpy(p->anno + NFC_ANNO_DST_IP, &gw, 4);
		if (iplk_unlikely(ports[i] < 0))
			iproutetable_no_route(&l->rt, "LinearIPLookup", dst, true);
	}
	nfc_push_split(e, b, ports);
}
