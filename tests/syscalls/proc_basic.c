/* proc_basic.c: process, resource, time and random syscalls. */
#include "selftest.h"

#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

int main(void)
{
	struct rlimit rl, old;
	struct timespec ts = { 0, 1000 };
	unsigned char rnd[64];
	uint32_t word = 0;
	pid_t pid;
	int st;
	sigset_t chld;

	/* SIGCHLD stays pending: its arrival would race with wait4 and make the
	 * order of lines differ from run to run, under strace as under procscope. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid = fork();
	if (pid == 0)
		_exit(3);
	wait4(pid, &st, 0, NULL);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	wait4(-1, NULL, WNOHANG, NULL);
	wait4(-1, &st, WNOHANG | __WALL, NULL);
	prlimit(0, RLIMIT_NOFILE, NULL, &old);
	rl.rlim_cur = 8192 * 1024;
	rl.rlim_max = RLIM_INFINITY;
	prlimit(0, RLIMIT_STACK, &rl, &old);
	prlimit(0, 99, &rl, NULL);
	prlimit(0, RLIMIT_CORE, NULL, BADPTR);
	syscall(SYS_getrlimit, RLIMIT_DATA, &rl);
	rl.rlim_cur = 1000;
	rl.rlim_max = 1025;
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl);
	getrandom(rnd, 8, GRND_NONBLOCK);
	getrandom(rnd, 40, 0);
	syscall(SYS_getrandom, BADPTR, 8, GRND_RANDOM);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, BADPTR);
	syscall(SYS_clock_getres, 12345, &ts);
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &word, FUTEX_WAIT, 1, NULL, NULL, 0);
	syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &ts, NULL,
		FUTEX_BITSET_MATCH_ANY);
	getuid();
	getgid();
	setuid(getuid());
	getpgrp();
	getsid(0);
	setpgid(0, 0);
	getppid();
	sched_yield();
	syscall(SYS_unshare, 0);
	syscall(SYS_exit_group, 0);
	return 0;
}
