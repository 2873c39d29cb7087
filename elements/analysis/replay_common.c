/* SPDX-License-Identifier: MIT */
/* Replay and ReplayUnqueue: loading, looping and the handlers they share. */
#include <stdlib.h>
#include <string.h>
#include "replay.h"

void replay_base_defaults(struct replay_base *r)
{
	r->stop = -1;
	r->burst = 64;
	r->free_on_terminate = true;
	r->limit = -1;
	r->active = true;
}

int replay_base_initialize(struct replay_base *r, bool (*run)(struct nfc_task *, void *),
		      struct nfc_errh *errh)
{
	struct nfc_element *e = &r->e;
	r->signals = nfc_element_alloc(e, (size_t)(e->ninputs ? e->ninputs : 1) * sizeof *r->signals);
	if (!r->signals)
		return nfc_error(errh, "out of memory");
	for (int i = 0; i < e->ninputs; i++)
		r->signals[i] = nfc_upstream_empty_signal(e, i, NULL);
	nfc_task_init(&r->task, e, run, r);
	if (r->active)
		nfc_task_schedule(&r->task);
	return 0;
}

static void replay_free_packets(struct replay_base *r)
{
	while (r->head) {
		struct nfc_packet *next = r->head->next;
		r->head->next = NULL;
		nfc_packet_kill(r->head);
		r->head = next;
	}
	r->current = NULL;
}

void replay_base_cleanup(struct replay_base *r)
{
	if (r->task.initialized)
		nfc_task_cleanup(&r->task);
	replay_free_packets(r);
}

void replay_base_reset_time(struct replay_base *r)
{
	if (r->current) {
		r->lastsent_p = r->current->timestamp_ns;
		r->lastsent_real = nfc_now();
	}
}

/* Pull one packet from input @i; with USE_SIGNAL, retry while upstream says it has some. */
static struct nfc_packet *replay_pull_one(struct replay_base *r, int i)
{
	for (int tries = 0; tries < 1000000; tries++) {
		struct nfc_packet *p = nfc_pull_packet(&r->e, i);
		if (p || !r->use_signal || !nfc_signal_active(&r->signals[i]))
			return p;
	}
	return NULL;
}

/* Load the packets if not done yet; false when that is not possible now. */
static bool replay_base_load(struct replay_base *r)
{
	if (r->loaded)
		return true;
	struct nfc_element *e = &r->e;
	struct nfc_errh *errh = nfc_router_errh(e->router);
	int n = e->ninputs;
	struct nfc_packet **heads = calloc((size_t)n, sizeof *heads);
	if (!heads)
		return false;
	struct nfc_packet *tail = NULL;
	int count = 0, dry = -1;
	nfc_message(errh, "Loading %s with %d inputs.", e->name, n);
	while (dry < 0 && (r->limit < 0 || count < r->limit)) {
		int first = -1;
		for (int i = 0; i < n; i++) {
			if (!heads[i] && !(heads[i] = replay_pull_one(r, i))) {
				dry = i;
				break;
			}
			if (first < 0 || heads[i]->timestamp_ns < heads[first]->timestamp_ns)
				first = i;
		}
		if (dry >= 0)
			break;
		struct nfc_packet *p = heads[first];
		heads[first] = NULL;
		nfc_packet_set_paint(p, (uint8_t)first);
		p->next = NULL;
		if (tail)
			tail->next = p;
		else
			r->head = p;
		tail = p;
		count++;
	}
	nfc_message(errh, "%s : Successfully loaded %d packets. Input %d dried out.", e->name,
		    count, dry);
	for (int i = 0; i < n; i++)
		if (heads[i])
			nfc_packet_kill(heads[i]);
	free(heads);
	r->loaded = true;
	r->current = r->head;
	replay_base_reset_time(r);
	return true;
}

bool replay_base_ready(struct replay_base *r)
{
	if (!r->active || !replay_base_load(r))
		return false;
	if (r->stop == 0) {
		r->active = false;
		nfc_router_please_stop(r->e.router);
		return false;
	}
	return true;
}

struct nfc_packet *replay_base_take(struct replay_base *r)
{
	struct nfc_packet *p = r->current;
	if (!p)
		return NULL;
	r->current = p->next;
	if (r->stop != 1 || r->free_on_terminate) {
		struct nfc_packet *q = nfc_packet_clone(p);
		if (!q) {
			r->current = p; /* out of memory: retry later */
			return NULL;
		}
		q->next = NULL;
		return q;
	}
	/* the last loop hands out the originals, freeing memory as it goes */
	r->head = r->current;
	p->next = NULL;
	return p;
}

bool replay_base_end_loop(struct replay_base *r)
{
	if (r->current)
		return true;
	r->current = r->head;
	replay_base_reset_time(r);
	if (r->stop > 0)
		r->stop--;
	if (r->stop == 0) {
		r->active = false;
		nfc_router_please_stop(r->e.router);
		return false;
	}
	if (r->verbose)
		nfc_message(nfc_router_errh(r->e.router), "Replay loop");
	return true;
}

/* ---- handlers ---- */

enum { H_ACTIVE, H_RESET, H_LOADED, H_STOP };

static int replay_read(struct nfc_element *e, void *thunk, const char *param,
		       struct nfc_strbuf *out, struct nfc_errh *errh)
{
	struct replay_base *r = (struct replay_base *)e;
	switch ((int)(intptr_t)thunk) {
	case H_ACTIVE:
		nfc_strbuf_puts(out, r->active ? "true" : "false");
		break;
	case H_LOADED:
		nfc_strbuf_puts(out, r->loaded ? "true" : "false");
		break;
	default:
		nfc_strbuf_printf(out, "%d", r->stop);
		break;
	}
	return 0;
}

static int replay_write(struct nfc_element *e, void *thunk, const char *value,
			struct nfc_errh *errh)
{
	struct replay_base *r = (struct replay_base *)e;
	switch ((int)(intptr_t)thunk) {
	case H_ACTIVE: {
		bool active;
		if (nfc_parse_bool(value, &active) < 0)
			return nfc_error(errh, "type mismatch");
		r->active = active;
		replay_base_reset_time(r);
		if (active)
			nfc_task_schedule(&r->task);
		else
			nfc_task_unschedule(&r->task);
		return 0;
	}
	case H_RESET:
		replay_free_packets(r);
		r->loaded = false;
		return 0;
	default: {
		int32_t v;
		if (nfc_parse_int32(value, &v) < 0)
			return nfc_error(errh, "stop: expected integer");
		r->stop = v;
		return 0;
	}
	}
}

int replay_base_add_handlers(struct nfc_element *e)
{
	struct replay_base *r = (struct replay_base *)e;
	nfc_add_read_handler(e, "active", replay_read, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "active", replay_write, (void *)H_ACTIVE, 0);
	nfc_add_write_handler(e, "reset", replay_write, (void *)H_RESET, NFC_HANDLER_BUTTON);
	nfc_add_read_handler(e, "loaded", replay_read, (void *)H_LOADED, 0);
	nfc_add_read_handler(e, "stop", replay_read, (void *)H_STOP, 0);
	nfc_add_write_handler(e, "stop", replay_write, (void *)H_STOP, 0);
	nfc_add_task_handlers(e, &r->task);
	return 0;
}
