/* SPDX-License-Identifier: MIT */
/* Per-thread schedulers: stride-ordered tasks, timer heaps, the run loop. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <nfclick/dpdk.h>
#include "router_priv.h"

_Thread_local int nfc_tls_thread_id;

/* Stride scheduling as in Click: a task's pass advances by STRIDE1/tickets
 * each time it runs; the task with the smallest pass runs next. */
#define STRIDE1 (1u << 16)
/* Tasks run between two timer checks. */
#define TASKS_PER_ROUND 64
/* Longest real-time sleep, so signals and stop requests are noticed. */
#define MAX_SLEEP_NS (50 * NFC_NSEC_PER_MSEC)

/* ---------------------------------------------------------------- tasks */

static inline bool task_in_list(const struct nfc_task *t)
{
	return t->next != NULL;
}

static void task_insert(struct nfc_thread *th, struct nfc_task *t)
{
	/* after every task with pass <= t->pass: FIFO among equals */
	struct nfc_task *pos = th->head.prev;
	while (pos != &th->head && pos->pass > t->pass)
		pos = pos->prev;
	t->prev = pos;
	t->next = pos->next;
	pos->next->prev = t;
	pos->next = t;
	th->nscheduled++;
}

static void task_remove(struct nfc_thread *th, struct nfc_task *t)
{
	t->prev->next = t->next;
	t->next->prev = t->prev;
	t->next = t->prev = NULL;
	th->nscheduled--;
}

static void task_schedule_local(struct nfc_thread *th, struct nfc_task *t)
{
	t->scheduled = true;
	if (th->running == t || task_in_list(t))
		return;
	if (t->pass < th->global_pass)
		t->pass = th->global_pass;
	task_insert(th, t);
}

void nfc_task_init(struct nfc_task *t, struct nfc_element *owner,
		   bool (*fn)(struct nfc_task *, void *), void *arg)
{
	struct nfc_router *r = owner->router;
	memset(t, 0, sizeof *t);
	t->fn = fn;
	t->arg = arg;
	t->owner = owner;
	int tid = owner->home_thread >= 0 ? owner->home_thread : 0;
	if (tid >= r->nthreads)
		tid = tid % r->nthreads;
	t->thread_id = tid;
	t->thread = &r->threads[tid];
	t->tickets = NFC_TASK_DEFAULT_TICKETS;
	double share = nfc_router_schedule_info(r, owner->name);
	if (share > 0) {
		double tk = share * NFC_TASK_DEFAULT_TICKETS;
		t->tickets = tk < 1 ? 1 : tk > NFC_TASK_MAX_TICKETS ? NFC_TASK_MAX_TICKETS : (int)tk;
	}
	t->stride = STRIDE1 / (uint32_t)t->tickets;
	t->initialized = true;
	if (r->ntasks == r->tasks_cap) {
		int ncap = r->tasks_cap ? r->tasks_cap * 2 : 32;
		struct nfc_task **n = realloc(r->tasks, ncap * sizeof *n);
		if (!n)
			return;
		r->tasks = n;
		r->tasks_cap = ncap;
	}
	r->tasks[r->ntasks++] = t;
}

void nfc_task_schedule(struct nfc_task *t)
{
	if (!t->initialized)
		return;
	struct nfc_thread *th = t->thread;
	if (th->router->nthreads == 1 || nfc_tls_thread_id == t->thread_id) {
		task_schedule_local(th, t);
		return;
	}
	/* another thread's task: post it, the owner inserts it on its next loop */
	pthread_mutex_lock(&th->lock);
	if (th->npending == th->pending_cap) {
		int ncap = th->pending_cap ? th->pending_cap * 2 : 64;
		struct nfc_task **n = realloc(th->pending, ncap * sizeof *n);
		if (!n) {
			pthread_mutex_unlock(&th->lock);
			return;
		}
		th->pending = n;
		th->pending_cap = ncap;
	}
	th->pending[th->npending++] = t;
	pthread_cond_signal(&th->cond);
	pthread_mutex_unlock(&th->lock);
}

void nfc_task_unschedule(struct nfc_task *t)
{
	if (!t->initialized)
		return;
	t->scheduled = false;
	if (task_in_list(t))
		task_remove(t->thread, t);
}

void nfc_task_set_tickets(struct nfc_task *t, int tickets)
{
	if (tickets < 1)
		tickets = 1;
	if (tickets > NFC_TASK_MAX_TICKETS)
		tickets = NFC_TASK_MAX_TICKETS;
	t->tickets = tickets;
	t->stride = STRIDE1 / (uint32_t)tickets;
}

void nfc_task_move_thread(struct nfc_task *t, int tid)
{
	if (!t->initialized)
		return;
	struct nfc_router *r = t->owner->router;
	bool was = t->scheduled;
	nfc_task_unschedule(t);
	if (tid < 0)
		tid = 0;
	t->thread_id = tid % r->nthreads;
	t->thread = &r->threads[t->thread_id];
	if (was)
		nfc_task_schedule(t);
}

void nfc_task_cleanup(struct nfc_task *t)
{
	if (!t->initialized)
		return;
	nfc_task_unschedule(t);
	struct nfc_thread *th = t->thread;
	pthread_mutex_lock(&th->lock);
	for (int i = 0; i < th->npending; i++)
		if (th->pending[i] == t)
			th->pending[i] = NULL;
	pthread_mutex_unlock(&th->lock);
	struct nfc_router *r = t->owner->router;
	for (int i = 0; i < r->ntasks; i++)
		if (r->tasks[i] == t)
			r->tasks[i] = NULL;
	t->initialized = false;
}

/* ---------------------------------------------------------------- timers */

static inline bool timer_less(const struct nfc_timer *a, const struct nfc_timer *b)
{
	return a->expiry_ns < b->expiry_ns || (a->expiry_ns == b->expiry_ns && a->seq < b->seq);
}

static void heap_set(struct nfc_thread *th, int i, struct nfc_timer *t)
{
	th->heap[i] = t;
	t->heap_index = i;
}

static void heap_up(struct nfc_thread *th, int i)
{
	struct nfc_timer *t = th->heap[i];
	while (i > 0) {
		int p = (i - 1) / 2;
		if (!timer_less(t, th->heap[p]))
			break;
		heap_set(th, i, th->heap[p]);
		i = p;
	}
	heap_set(th, i, t);
}

static void heap_down(struct nfc_thread *th, int i)
{
	struct nfc_timer *t = th->heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= th->nheap)
			break;
		if (c + 1 < th->nheap && timer_less(th->heap[c + 1], th->heap[c]))
			c++;
		if (!timer_less(th->heap[c], t))
			break;
		heap_set(th, i, th->heap[c]);
		i = c;
	}
	heap_set(th, i, t);
}

static void heap_remove(struct nfc_thread *th, struct nfc_timer *t)
{
	int i = t->heap_index;
	t->heap_index = -1;
	th->nheap--;
	if (i == th->nheap)
		return;
	struct nfc_timer *last = th->heap[th->nheap];
	heap_set(th, i, last);
	if (i > 0 && timer_less(last, th->heap[(i - 1) / 2]))
		heap_up(th, i);
	else
		heap_down(th, i);
}

static inline void timer_lock(struct nfc_thread *th)
{
	if (th->router->nthreads > 1)
		pthread_mutex_lock(&th->lock);
}
static inline void timer_unlock(struct nfc_thread *th)
{
	if (th->router->nthreads > 1)
		pthread_mutex_unlock(&th->lock);
}

void nfc_timer_init(struct nfc_timer *t, struct nfc_element *owner,
		    void (*fn)(struct nfc_timer *, void *), void *arg)
{
	struct nfc_router *r = owner->router;
	memset(t, 0, sizeof *t);
	t->fn = fn;
	t->arg = arg;
	t->owner = owner;
	t->heap_index = -1;
	int tid = owner->home_thread >= 0 ? owner->home_thread % r->nthreads : 0;
	t->thread_id = tid;
	t->thread = &r->threads[tid];
}

void nfc_timer_schedule_at(struct nfc_timer *t, int64_t when_ns)
{
	struct nfc_thread *th = t->thread;
	if (!th)
		return;
	timer_lock(th);
	if (t->heap_index >= 0)
		heap_remove(th, t);
	if (th->nheap == th->heap_cap) {
		int ncap = th->heap_cap ? th->heap_cap * 2 : 64;
		struct nfc_timer **n = realloc(th->heap, ncap * sizeof *n);
		if (!n) {
			timer_unlock(th);
			return;
		}
		th->heap = n;
		th->heap_cap = ncap;
	}
	t->expiry_ns = when_ns;
	t->seq = th->timer_seq++;
	th->heap[th->nheap] = t;
	t->heap_index = th->nheap++;
	heap_up(th, t->heap_index);
	bool remote = th->router->nthreads > 1 && nfc_tls_thread_id != t->thread_id;
	if (remote)
		pthread_cond_signal(&th->cond);
	timer_unlock(th);
}

void nfc_timer_schedule_after(struct nfc_timer *t, int64_t delta_ns)
{
	nfc_timer_schedule_at(t, nfc_now() + delta_ns);
}

void nfc_timer_reschedule_after(struct nfc_timer *t, int64_t delta_ns)
{
	nfc_timer_schedule_at(t, t->expiry_ns + delta_ns);
}

void nfc_timer_unschedule(struct nfc_timer *t)
{
	struct nfc_thread *th = t->thread;
	if (!th)
		return;
	timer_lock(th);
	if (t->heap_index >= 0)
		heap_remove(th, t);
	timer_unlock(th);
}

void nfc_timer_cleanup(struct nfc_timer *t)
{
	nfc_timer_unschedule(t);
	t->thread = NULL;
}

/* Fire due timers; returns how many fired. */
static int run_timers(struct nfc_thread *th)
{
	int fired = 0;
	if (th->nheap == 0)
		return 0;
	int64_t now = nfc_now();
	timer_lock(th);
	/* bounded so a timer that keeps rescheduling itself into the past cannot starve tasks */
	while (th->nheap > 0 && th->heap[0]->expiry_ns <= now && fired < 256 &&
	       !atomic_load_explicit(&th->router->stopped, memory_order_relaxed)) {
		struct nfc_timer *t = th->heap[0];
		heap_remove(th, t);
		timer_unlock(th);
		t->fn(t, t->arg);
		fired++;
		timer_lock(th);
	}
	timer_unlock(th);
	return fired;
}

/* ---------------------------------------------------------------- threads */

int nfc_scheduler_init(struct nfc_router *r)
{
	r->nthreads = r->opts.nthreads > 0 ? r->opts.nthreads : 1;
	if (r->nthreads > NFC_MAX_THREADS)
		r->nthreads = NFC_MAX_THREADS;
	size_t size = (size_t)r->nthreads * sizeof *r->threads;
	r->threads = aligned_alloc(NFC_THREAD_ALIGN, size);
	if (!r->threads)
		return -1;
	memset(r->threads, 0, size);
	for (int i = 0; i < r->nthreads; i++) {
		struct nfc_thread *th = &r->threads[i];
		th->id = i;
		th->router = r;
		th->head.next = th->head.prev = &th->head;
		pthread_mutex_init(&th->lock, NULL);
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&th->cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	return 0;
}

void nfc_scheduler_destroy(struct nfc_router *r)
{
	if (!r->threads)
		return;
	for (int i = 0; i < r->nthreads; i++) {
		struct nfc_thread *th = &r->threads[i];
		free(th->heap);
		free(th->pending);
		pthread_mutex_destroy(&th->lock);
		pthread_cond_destroy(&th->cond);
	}
	free(r->threads);
	r->threads = NULL;
}

void nfc_scheduler_kick_all(struct nfc_router *r)
{
	for (int i = 0; i < r->nthreads; i++) {
		struct nfc_thread *th = &r->threads[i];
		pthread_mutex_lock(&th->lock);
		pthread_cond_signal(&th->cond);
		pthread_mutex_unlock(&th->lock);
	}
}

static void drain_pending(struct nfc_thread *th)
{
	if (th->router->nthreads == 1 || th->npending == 0)
		return;
	pthread_mutex_lock(&th->lock);
	int n = th->npending;
	struct nfc_task *local[64];
	int taken = 0;
	while (taken < n) {
		int k = 0;
		for (; k < 64 && taken < n; k++, taken++)
			local[k] = th->pending[taken];
		pthread_mutex_unlock(&th->lock);
		for (int i = 0; i < k; i++)
			if (local[i] && local[i]->initialized)
				task_schedule_local(th, local[i]);
		pthread_mutex_lock(&th->lock);
	}
	/* anything posted meanwhile stays for the next round */
	if (th->npending > n)
		memmove(th->pending, th->pending + n, (th->npending - n) * sizeof *th->pending);
	th->npending -= n;
	pthread_mutex_unlock(&th->lock);
}

/* Run up to TASKS_PER_ROUND tasks; returns how many ran. */
static int run_tasks(struct nfc_thread *th)
{
	int ran = 0;
	struct nfc_router *r = th->router;
	while (ran < TASKS_PER_ROUND && th->head.next != &th->head) {
		struct nfc_task *t = th->head.next;
		/* A task alone on its thread (a source feeding a chain, say) stays
		 * linked while it runs: rescheduling itself then costs no unlink
		 * and relink. Anything it does to the list meanwhile is sorted
		 * out below. */
		bool sole = t->next == &th->head;
		if (!sole)
			task_remove(th, t);
		th->global_pass = t->pass;
		th->running = t;
		t->scheduled = false;
		t->runs++;
		if (t->fn(t, t->arg))
			t->useful_runs++;
		th->running = NULL;
		ran++;
		bool again = t->scheduled && t->initialized;
		/* rescheduled and still alone in the list: it stays where it is */
		bool stays = sole && again && t->next == &th->head && t->prev == &th->head;
		if (sole && !stays && task_in_list(t))
			task_remove(th, t);
		if (again) {
			t->pass += t->stride;
			if (!stays)
				task_insert(th, t);
		}
		if (atomic_load_explicit(&r->stopped, memory_order_relaxed))
			break;
	}
	return ran;
}

static int64_t thread_next_timer(struct nfc_thread *th)
{
	int64_t e = INT64_MAX;
	timer_lock(th);
	if (th->nheap > 0)
		e = th->heap[0]->expiry_ns;
	timer_unlock(th);
	return e;
}

/* Thread 0: hand pending stop requests to the driver. */
static void check_stop_requests(struct nfc_router *r)
{
	int n = atomic_exchange(&r->stop_requests, 0);
	if (n <= 0)
		return;
	bool keep = r->driver_hook ? r->driver_hook(r->driver_arg, n) : false;
	if (!keep)
		nfc_router_stop_now(r);
}

/* Is the whole router idle forever (no task, timer or external source)? */
static bool router_dead(struct nfc_router *r)
{
	if (atomic_load(&r->external_sources) > 0 || atomic_load(&r->stop_requests) > 0)
		return false;
	for (int i = 0; i < r->nthreads; i++) {
		struct nfc_thread *th = &r->threads[i];
		if (th->nscheduled > 0 || th->nheap > 0 || th->npending > 0 || th->running)
			return false;
	}
	return true;
}

static void thread_sleep(struct nfc_thread *th, int64_t until)
{
	int64_t now = nfc_now();
	int64_t delta = until == INT64_MAX ? MAX_SLEEP_NS : until - now;
	if (delta <= 0)
		return;
	if (delta > MAX_SLEEP_NS)
		delta = MAX_SLEEP_NS;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t ns = ts.tv_nsec + delta;
	ts.tv_sec += ns / NFC_NSEC_PER_SEC;
	ts.tv_nsec = ns % NFC_NSEC_PER_SEC;
	pthread_mutex_lock(&th->lock);
	if (th->npending == 0 && !atomic_load(&th->router->stopped)) {
		th->sleeping = true;
		pthread_cond_timedwait(&th->cond, &th->lock, &ts);
		th->sleeping = false;
	}
	pthread_mutex_unlock(&th->lock);
}

static void thread_loop(struct nfc_thread *th)
{
	struct nfc_router *r = th->router;
	nfc_tls_thread_id = th->id;
	/* a DPDK thread from the start (when the EAL is up): the DPDK
	 * elements' fast paths rely on it; pinned to its lcore unless --cpu
	 * placed it */
	nfc_dpdk_thread_attach(th->id, r->opts.ncpus == 0);
	while (!atomic_load_explicit(&r->stopped, memory_order_relaxed)) {
		drain_pending(th);
		int ran = run_tasks(th);
		int fired = run_timers(th);
		if (th->id == 0)
			check_stop_requests(r);
		if (ran || fired) {
			th->busy_iters++;
			continue;
		}
		th->idle_iters++;
		if (atomic_load(&r->stopped))
			break;
		if (th->nscheduled > 0)
			continue;
		if (nfc_time_simulated()) {
			/* only thread 0 advances simulated time, once every thread is idle */
			if (th->id != 0) {
				thread_sleep(th, INT64_MAX);
				continue;
			}
			bool others_busy = false;
			int64_t next = INT64_MAX;
			for (int i = 0; i < r->nthreads; i++) {
				struct nfc_thread *o = &r->threads[i];
				if (i && (o->nscheduled || o->npending || o->running))
					others_busy = true;
				int64_t e = thread_next_timer(o);
				if (e < next)
					next = e;
			}
			if (others_busy)
				continue;
			if (next == INT64_MAX) {
				if (router_dead(r))
					nfc_router_stop_now(r);
				continue;
			}
			nfc_time_warp_to(next);
			continue;
		}
		if (th->id == 0 && router_dead(r)) {
			nfc_router_stop_now(r);
			break;
		}
		thread_sleep(th, thread_next_timer(th));
	}
}

static void *thread_main(void *arg)
{
	struct nfc_thread *th = arg;
	thread_loop(th);
	return NULL;
}

static void pin_thread(struct nfc_router *r, int i, pthread_t pt)
{
	if (r->opts.ncpus <= 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(r->opts.cpus[i % r->opts.ncpus], &set);
	pthread_setaffinity_np(pt, sizeof set, &set);
}

int nfc_scheduler_run(struct nfc_router *r)
{
	for (int i = 1; i < r->nthreads; i++) {
		struct nfc_thread *th = &r->threads[i];
		if (pthread_create(&th->pthread, NULL, thread_main, th) == 0) {
			th->started = true;
			pin_thread(r, i, th->pthread);
		}
	}
	pin_thread(r, 0, pthread_self());
	thread_loop(&r->threads[0]);
	nfc_scheduler_kick_all(r);
	for (int i = 1; i < r->nthreads; i++)
		if (r->threads[i].started) {
			pthread_join(r->threads[i].pthread, NULL);
			r->threads[i].started = false;
		}
	nfc_tls_thread_id = 0;
	return 0;
}
