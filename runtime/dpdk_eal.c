/* SPDX-License-Identifier: MIT */
/* DPDK glue: EAL start-up and clean-up, router threads as DPDK threads. */
#include "nfclick-config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <nfclick/dpdk.h>
#include "dpdk_mp.h"

/*
 * The EAL is process-wide (one per process, initialised once, before any
 * router): so is this state, written by nfc_dpdk_init() on the main thread
 * before threads start and read-only afterwards.
 */
#define MAX_EXIT_HOOKS 8
static struct {
	bool ready;
	/* EAL lcores in the order of the -l list (main lcore first). */
	unsigned lcores[RTE_MAX_LCORE];
	int nlcores;
	/* CPUs nfclick could use before the EAL pinned the main thread to its lcore. */
	cpu_set_t original_cpus;
	void (*exit_hooks[MAX_EXIT_HOOKS])(void);
	int nexit_hooks;
	pthread_key_t thread_key;
	/* the argv given to the EAL, which may keep pointers into it */
	char **args;
} eal;

_Thread_local bool nfc_dpdk_thread_attached;

bool nfc_dpdk_initialized(void)
{
	return eal.ready;
}

int nfc_dpdk_lcore_count(void)
{
	return eal.nlcores;
}

int nfc_dpdk_thread_socket(int thread_id)
{
	if (!eal.ready || thread_id < 0 || thread_id >= eal.nlcores)
		return -1;
	return (int)rte_lcore_to_socket_id(eal.lcores[thread_id]);
}

int nfc_dpdk_at_exit(void (*fn)(void))
{
	if (eal.nexit_hooks == MAX_EXIT_HOOKS)
		return -1;
	eal.exit_hooks[eal.nexit_hooks++] = fn;
	return 0;
}

/*
 * rte_eal_cleanup() leaves a primary process's shared configuration files
 * (config, fbarray_*, hugepage_info) in the runtime directory, for secondary
 * processes that cannot outlive the primary anyway; a failed start may
 * leave "config", and a process that died its lcore claims (dpdk_mp.c).
 * Remove them unless a live primary still holds the write lock the EAL
 * takes on "config" (then they are its files), and the directory when that
 * leaves it empty, so that runs leave nothing behind.
 */
static bool config_in_use(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/config", dir) >= (int)sizeof path)
		return true;
	int fd = open(path, O_RDWR);
	if (fd < 0)
		return errno != ENOENT;
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	bool locked = fcntl(fd, F_SETLK, &lk) < 0; /* our own lock does not conflict */
	close(fd);
	return locked;
}

static void remove_runtime_files(const char *dir)
{
	DIR *d = config_in_use(dir) ? NULL : opendir(dir);
	if (d) {
		struct dirent *de;
		char path[PATH_MAX];
		while ((de = readdir(d)) != NULL) {
			const char *f = de->d_name;
			if (strcmp(f, "config") != 0 && strcmp(f, "hugepage_info") != 0 &&
			    strncmp(f, "fbarray_", 8) != 0 && strncmp(f, "mp_socket", 9) != 0 &&
			    strncmp(f, "nfclick_lcore_", 14) != 0)
				continue;
			if (snprintf(path, sizeof path, "%s/%s", dir, f) < (int)sizeof path)
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir); /* only when empty */
}

/* The EAL's end, after a successful start. */
static void eal_shutdown(void)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", rte_eal_get_runtime_dir());
	eal.ready = false;
	nfc_dpdk_mp_before_cleanup();
	rte_eal_cleanup();
	/* the last process out (no primary holds the configuration any
	 * more, this one included) cleans up after all */
	nfc_dpdk_mp_after_cleanup(dir[0] && !config_in_use(dir));
	if (dir[0])
		remove_runtime_files(dir);
}

static void dpdk_exit(void)
{
	while (eal.nexit_hooks > 0)
		eal.exit_hooks[--eal.nexit_hooks]();
	if (eal.ready)
		eal_shutdown();
	free(eal.args);
	eal.args = NULL;
}

/* A registered router thread gives its lcore id back when it ends. */
static void thread_detach(void *arg)
{
	(void)arg;
	rte_thread_unregister();
}

void nfc_dpdk_thread_attach_slow(int thread_id, bool pin)
{
	nfc_dpdk_thread_attached = true;
	if (!eal.ready)
		return;
	if (rte_lcore_id() == LCORE_ID_ANY) {
		/* A thread nfclick started: an lcore id makes mempool caches
		 * work. Thread i stands in for the i-th EAL lcore, whose own
		 * thread idles (nfclick launches nothing on it): it takes that
		 * id, which the EAL and dpdk_mp.c reserved for this process.
		 * Threads past the -l list register a new lcore, except where
		 * processes may share memory: DPDK refuses secondaries once a
		 * primary has, and a secondary cannot; they go without a cache. */
		if (thread_id > 0 && thread_id < eal.nlcores)
			RTE_PER_LCORE(_lcore_id) = eal.lcores[thread_id];
		else if (!nfc_dpdk_mp_shared() && rte_thread_register() == 0)
			pthread_setspecific(eal.thread_key, &eal);
	}
	if (!pin || thread_id == 0)
		return; /* the EAL already pinned the main thread to the main lcore */
	/*
	 * Threads inherit the main thread's pinning to one CPU: move thread i to
	 * the i-th lcore's CPUs, or back to the original CPUs past the -l list,
	 * so that -j 2 really runs on two cores.
	 */
	cpu_set_t set;
	if (thread_id < eal.nlcores)
		set = rte_lcore_cpuset(eal.lcores[thread_id]);
	else
		set = eal.original_cpus;
	pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static bool has_option(int argc, char **argv, const char *prefix)
{
	size_t n = strlen(prefix);
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], prefix, n) == 0)
			return true;
	return false;
}

int nfc_dpdk_init(int argc, char **argv, struct nfc_errh *errh)
{
	if (eal.ready)
		return nfc_error(errh, "nfclick: --dpdk: DPDK is already initialised");
	if (argc < 1)
		return nfc_error(errh, "nfclick: --dpdk: missing program name");
	/* The EAL may permute and keep pointers into its argv: give it a copy
	 * that lives as long as the process, our defaults first so that the
	 * user's own options override them. */
	char **args = calloc((size_t)argc + 3, sizeof *args);
	if (!args)
		return nfc_error(errh, "nfclick: --dpdk: out of memory");
	int n = 0;
	args[n++] = argv[0];
	if (!has_option(argc, argv, "--log-level"))
		args[n++] = "--log-level=notice"; /* EAL's INFO lines would drown nfclick's output */
	if (!has_option(argc, argv, "--telemetry") && !has_option(argc, argv, "--no-telemetry"))
		args[n++] = "--no-telemetry"; /* no socket left in the runtime directory */
	bool no_huge = has_option(argc, argv, "--no-huge");
	for (int i = 1; i < argc; i++) {
		/* DPDK 22.11 treats --no-huge as legacy memory, which it refuses
		 * with --in-memory; without hugepages the two differ only in
		 * sharing the configuration, so --in-memory means --no-shconf */
		if (no_huge && strcmp(argv[i], "--in-memory") == 0)
			args[n++] = "--no-shconf";
		else
			args[n++] = argv[i];
	}
	args[n] = NULL;

	CPU_ZERO(&eal.original_cpus);
	if (sched_getaffinity(0, sizeof eal.original_cpus, &eal.original_cpus) < 0)
		for (int c = 0; c < CPU_SETSIZE; c++)
			CPU_SET(c, &eal.original_cpus);

	int saved_optind = optind;
	int r = rte_eal_init(n, args);
	optind = saved_optind; /* the EAL uses getopt too */
	if (r < 0) {
		int err = rte_errno;
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", rte_eal_get_runtime_dir());
		const char *hint = "";
		if (err == EINVAL)
			hint = " (check the EAL arguments between --dpdk and --)";
		else if (err == EALREADY)
			hint = " (the EAL can be initialised only once per process)";
		else if (rte_eal_process_type() == RTE_PROC_SECONDARY)
			/* the EAL gives no errno when the primary's configuration
			 * is missing (no primary) or cannot be mapped */
			hint = dir[0] && config_in_use(dir)
				       ? " (--proc-type=secondary: cannot attach to the primary's "
					 "memory: the primary must use hugepages, not --no-huge or "
					 "--in-memory, and the same --huge-dir)"
				       : " (--proc-type=secondary: no primary DPDK process shares its "
					 "memory under this --file-prefix: start the primary first, "
					 "with hugepages, the same --file-prefix and no --in-memory)";
		else if (dir[0] && config_in_use(dir))
			hint = " (another DPDK process uses the same runtime directory: "
			       "give --file-prefix NAME, or --in-memory)";
		else if (err == ENOMEM || err == EACCES)
			hint = " (without hugepages: --no-huge -m MEGABYTES; "
			       "without a NIC: --no-pci --vdev net_null0)";
		nfc_error(errh, "nfclick: --dpdk: DPDK EAL initialisation failed%s%s%s",
			  err ? ": " : "", err ? rte_strerror(err) : "", hint);
		/* The process ends: the OS takes the memory back, but files a
		 * failed start left in the runtime directory would stay. */
		if (dir[0] && err != EINVAL && err != EALREADY)
			remove_runtime_files(dir);
		free(args);
		return -1;
	}
	unsigned lc;
	eal.nlcores = 0;
	eal.lcores[eal.nlcores++] = rte_get_main_lcore();
	RTE_LCORE_FOREACH_WORKER(lc)
		eal.lcores[eal.nlcores++] = lc;
	if (nfc_dpdk_mp_claim_eal_lcores(eal.lcores, eal.nlcores, errh) < 0) {
		eal_shutdown();
		free(args);
		return -1;
	}
	pthread_key_create(&eal.thread_key, thread_detach);
	eal.args = args;
	eal.ready = true;
	nfc_dpdk_thread_attached = true; /* the main thread is the main lcore */
	atexit(dpdk_exit);
	return 0;
}
