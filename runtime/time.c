/* SPDX-License-Identifier: MIT */
/* Clocks: wall and monotonic time, and the simulated clock of --simtime. */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include "router_priv.h"

/* The clock is a process property, like Click's Timestamp warp class:
 * --simtime switches it once, before any router runs. */
static bool simulated;
/* Simulated time starts at a fixed instant so runs are reproducible. */
#define NFC_SIMTIME_START (1000000000LL * NFC_NSEC_PER_SEC)
static _Atomic int64_t sim_now = NFC_SIMTIME_START;

void nfc_time_set_simulated(bool on)
{
	simulated = on;
	atomic_store(&sim_now, NFC_SIMTIME_START);
}

bool nfc_time_simulated(void)
{
	return simulated;
}

void nfc_time_warp_to(int64_t ns)
{
	int64_t cur = atomic_load(&sim_now);
	while (ns > cur && !atomic_compare_exchange_weak(&sim_now, &cur, ns))
		;
}

/* nfc_now() is the monotonic clock shifted to wall-clock time once at start,
 * so that timers may be set from either nfc_now() or nfc_now_steady() and
 * a wall-clock step (NTP) never fires or stalls timers. */
static int64_t wall_offset;

__attribute__((constructor)) static void time_init(void)
{
	struct timespec r, m;
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	wall_offset = ((int64_t)r.tv_sec - m.tv_sec) * NFC_NSEC_PER_SEC + (r.tv_nsec - m.tv_nsec);
}

int64_t nfc_now(void)
{
	if (simulated)
		return atomic_load_explicit(&sim_now, memory_order_relaxed);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NFC_NSEC_PER_SEC + ts.tv_nsec + wall_offset;
}

int64_t nfc_now_steady(void)
{
	if (simulated)
		return atomic_load_explicit(&sim_now, memory_order_relaxed);
	return nfc_now();
}

void nfc_format_timestamp(char *buf, size_t n, int64_t ns, int precision)
{
	const char *sign = "";
	if (ns < 0) {
		sign = "-";
		ns = -ns;
	}
	long long sec = ns / NFC_NSEC_PER_SEC, frac = ns % NFC_NSEC_PER_SEC;
	if (precision == 9)
		snprintf(buf, n, "%s%lld.%09lld", sign, sec, frac);
	else
		snprintf(buf, n, "%s%lld.%06lld", sign, sec, frac / 1000);
}
