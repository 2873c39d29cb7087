/* SPDX-License-Identifier: MIT */
/* DPDK glue: lcore ids claimed across processes sharing memory, hugepage files dead ones left. */
#include "nfclick-config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include "dpdk_mp.h"

#define MAX_HUGE_DIRS 4

/* Process-wide, like the EAL, and written on the main thread only.
 * lock_fd[i] is the claim file of lcore i, plus one (0: not claimed). */
static struct {
	bool shared;   /* a shared configuration: other processes may attach */
	char dir[PATH_MAX];
	int lock_fd[RTE_MAX_LCORE];
	/* where this process's hugepage files are, and their prefix ("PREFIXmap_") */
	char huge_dirs[MAX_HUGE_DIRS][PATH_MAX];
	int nhuge_dirs;
	char huge_prefix[NAME_MAX + 1];
	/* at exit: 0 undecided, 1 secondaries run (keep their memory), -1 none */
	int keep;
} mp;

static int lock_path(unsigned lcore, char *path, size_t n)
{
	return snprintf(path, n, "%s/nfclick_lcore_%u", mp.dir, lcore) < (int)n ? 0 : -1;
}

/* 1: claimed, 0: another process holds it, -1: cannot tell (no file). */
static int claim(unsigned lcore)
{
	if (!mp.shared || lcore >= RTE_MAX_LCORE || mp.lock_fd[lcore])
		return 1;
	char path[PATH_MAX];
	if (lock_path(lcore, path, sizeof path) < 0)
		return -1;
	for (int tries = 0; tries < 8; tries++) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int err = errno;
			close(fd);
			return err == EWOULDBLOCK ? 0 : -1;
		}
		/* the holder unlinks the file before it lets go: a lock on a
		 * file no longer at the path proves nothing, open it again */
		struct stat held, now;
		if (fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_ino == now.st_ino &&
		    held.st_dev == now.st_dev) {
			mp.lock_fd[lcore] = fd + 1;
			return 1;
		}
		close(fd);
	}
	return -1;
}

int nfc_dpdk_mp_claim_eal_lcores(const unsigned *lcores, int n, struct nfc_errh *errh)
{
	const char *dir = rte_eal_get_runtime_dir();
	char config[PATH_MAX];
	struct stat st;
	mp.shared = dir && dir[0] && snprintf(mp.dir, sizeof mp.dir, "%s", dir) < (int)sizeof mp.dir &&
		    snprintf(config, sizeof config, "%s/config", dir) < (int)sizeof config &&
		    stat(config, &st) == 0;
	for (int i = 0; i < n; i++)
		if (claim(lcores[i]) == 0)
			return nfc_error(errh,
					 "nfclick: --dpdk: lcore %u is in use by another DPDK process "
					 "sharing this memory (mempool caches are per lcore id): give "
					 "each process its own lcores, e.g. --lcores 1@0 (lcore 1 on "
					 "CPU 0)",
					 lcores[i]);
	return 0;
}

bool nfc_dpdk_mp_shared(void)
{
	return mp.shared || rte_eal_process_type() == RTE_PROC_SECONDARY;
}

static void release(unsigned lcore)
{
	if (lcore >= RTE_MAX_LCORE || !mp.lock_fd[lcore])
		return;
	char path[PATH_MAX];
	if (lock_path(lcore, path, sizeof path) == 0)
		unlink(path); /* before the lock goes: see claim() */
	close(mp.lock_fd[lcore] - 1);
	mp.lock_fd[lcore] = 0;
}

/* Directories of the hugepage files this process maps, from /proc/self/maps. */
static void note_hugepage_dirs(void)
{
	const char *slash = strrchr(mp.dir, '/');
	if (!slash || snprintf(mp.huge_prefix, sizeof mp.huge_prefix, "%smap_", slash + 1) >=
			      (int)sizeof mp.huge_prefix)
		return;
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return;
	char line[PATH_MAX + 128];
	size_t plen = strlen(mp.huge_prefix);
	while (fgets(line, sizeof line, f)) {
		char *path = strchr(line, '/');
		if (!path)
			continue;
		path[strcspn(path, "\n")] = '\0';
		char *base = strrchr(path, '/');
		if (strncmp(base + 1, mp.huge_prefix, plen) != 0 || strstr(base, " (deleted)"))
			continue;
		*base = '\0';
		bool known = false;
		for (int i = 0; i < mp.nhuge_dirs; i++)
			known = known || strcmp(mp.huge_dirs[i], path) == 0;
		if (!known && mp.nhuge_dirs < MAX_HUGE_DIRS && strlen(path) < PATH_MAX)
			strcpy(mp.huge_dirs[mp.nhuge_dirs++], path);
	}
	fclose(f);
}

/* Does a live process other than this one have an IPC socket here
 * ("mp_socket_PID_..." for each secondary, "mp_socket" for the primary)? */
static bool secondaries_alive(void)
{
	DIR *d = opendir(mp.dir);
	if (!d)
		return false;
	bool alive = false;
	struct dirent *de;
	while (!alive && (de = readdir(d)) != NULL) {
		long pid;
		if (sscanf(de->d_name, "mp_socket_%ld_", &pid) == 1 && pid > 0 && pid != getpid())
			alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
	}
	closedir(d);
	return alive;
}

bool nfc_dpdk_mp_keep_for_secondaries(void)
{
	if (mp.keep == 0) {
		mp.keep = mp.shared && rte_eal_process_type() == RTE_PROC_PRIMARY &&
				  secondaries_alive()
			  ? 1 : -1;
		if (mp.keep > 0)
			fprintf(stderr, "warning: DPDK secondary processes still run: the rings and "
					"mbuf pools they may use are left to them (stop secondaries "
					"before their primary)\n");
	}
	return mp.keep > 0;
}

void nfc_dpdk_mp_before_cleanup(void)
{
	for (unsigned i = 0; i < RTE_MAX_LCORE; i++)
		release(i);
	mp.nhuge_dirs = 0;
	if (mp.shared)
		note_hugepage_dirs();
}

void nfc_dpdk_mp_after_cleanup(bool last)
{
	size_t plen = strlen(mp.huge_prefix);
	for (int i = 0; last && i < mp.nhuge_dirs; i++) {
		DIR *d = opendir(mp.huge_dirs[i]);
		if (!d)
			continue;
		struct dirent *de;
		char path[PATH_MAX];
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, mp.huge_prefix, plen) != 0 ||
			    snprintf(path, sizeof path, "%s/%s", mp.huge_dirs[i], de->d_name) >=
				    (int)sizeof path)
				continue;
			/* DPDK holds a shared lock on every page file a process
			 * maps: an exclusive one means nobody does (as the EAL's
			 * own start-up clean-up decides) */
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			if (flock(fd, LOCK_EX | LOCK_NB) == 0)
				unlink(path);
			close(fd);
		}
		closedir(d);
	}
	mp.nhuge_dirs = 0;
	mp.shared = false;
	mp.keep = 0;
}
