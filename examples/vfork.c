/*
 * vfork.c: vfork() + exec, and what it saves over fork() + exec.
 *
 * Seed 001 (vfork): vfork() creates a child that *shares* the parent's
 * memory instead of copying its page tables, and suspends the parent until
 * the child calls execve() or _exit(). The child may do nothing else: any
 * write, any return from the calling function, any stdio call would change
 * the parent's memory under it. What it buys is speed when the parent is
 * big: fork() must copy page tables (and mark every page copy-on-write) for
 * all the parent's resident memory, and vfork() copies nothing.
 * (posix_spawn() in glibc uses clone(CLONE_VM|CLONE_VFORK) for this reason.)
 *
 * This program makes itself --resident MB big, then runs COMMAND --runs
 * times with fork()+execve()+wait and with vfork()+execve()+wait, and prints
 * the mean time of each.
 *
 * Under `procscope trace -f`: vfork() = 43 in the parent, which returns only
 * after execve(...) = 0 in 43; fork() shows as clone(..., flags=...SIGCHLD).
 *
 * usage: vfork [--resident MB] [--runs N] [COMMAND [ARG...]]   (default /bin/true)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "vfork";
static char true_path[] = "/bin/true";
static char *default_cmd[] = { true_path, NULL };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Runs cmd once with fork (use_vfork 0) or vfork; returns 0 or -1. */
static int run(char **cmd, int use_vfork)
{
	int status;
	pid_t pid;

	pid = use_vfork ? vfork() : fork();
	if (pid < 0) {
		perror(use_vfork ? "vfork: vfork" : "vfork: fork");
		return -1;
	}
	if (pid == 0) {
		/* After vfork only execve() or _exit() is allowed here. */
		execv(cmd[0], cmd);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("vfork: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: %s failed (status 0x%x; 127: could not exec)\n", prog, cmd[0],
			status);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long resident = 256, runs = 20, i;
	char **cmd = default_cmd, *mem, *end;
	double t0, t_fork, t_vfork;
	int a;

	for (a = 1; a < argc && argv[a][0] == '-'; a += 2) {
		long *dst = !strcmp(argv[a], "--resident") ? &resident :
			    !strcmp(argv[a], "--runs")     ? &runs : NULL;

		if (!dst || a + 1 >= argc) {
			fprintf(stderr, "usage: %s [--resident MB] [--runs N] [COMMAND [ARG...]]\n", prog);
			return 2;
		}
		errno = 0;
		*dst = strtol(argv[a + 1], &end, 10);
		if (errno || *end || end == argv[a + 1] || *dst < 0 || *dst > 65536) {
			fprintf(stderr, "%s: invalid number '%s'\n", prog, argv[a + 1]);
			return 2;
		}
	}
	if (a < argc)
		cmd = argv + a;
	if (runs < 1)
		runs = 1;

	if (resident) {
		/* Touch every page so that it is really resident. */
		mem = mmap(NULL, resident << 20, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED) {
			perror("vfork: mmap");
			return 1;
		}
		memset(mem, 1, resident << 20);
	}

	t0 = now_us();
	for (i = 0; i < runs; i++) {
		if (run(cmd, 0))
			return 1;
	}
	t_fork = (now_us() - t0) / runs;
	t0 = now_us();
	for (i = 0; i < runs; i++) {
		if (run(cmd, 1))
			return 1;
	}
	t_vfork = (now_us() - t0) / runs;
	printf("%s with %ld MB resident, %ld runs each:\n", cmd[0], resident, runs);
	printf("  fork+exec+wait:  %8.0f us\n", t_fork);
	printf("  vfork+exec+wait: %8.0f us\n", t_vfork);
	return fflush(stdout) ? 1 : 0;
}
