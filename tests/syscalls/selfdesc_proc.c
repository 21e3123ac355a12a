/* selfdesc_proc.c: process and resource syscalls describing their own lines.
 * trace: clone,wait4,prlimit64,getrlimit,setrlimit
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* An rlimit value as strace prints it: RLIM64_INFINITY, N*1024, or N. */
static const char *rlim(uint64_t v)
{
	if (v == UINT64_MAX)
		return named("18446744073709551615", "RLIM64_INFINITY");
	if (v > 1024 && v % 1024 == 0)
		return named(st_fmt("%llu", (unsigned long long)v),
			     st_fmt("%llu*1024", (unsigned long long)v / 1024));
	return st_fmt("%llu", (unsigned long long)v);
}

int main(int argc, char **argv)
{
	struct rlimit64 old, rl;
	sigset_t chld;
	long pid, r;
	int st;

	/* SIGCHLD stays blocked: its delivery would print a line of its own. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	st_begin(argc, argv);

	pid = syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
	if (pid == 0)
		_exit(3);
	want(ret(pid), "clone(child_stack=NULL, flags=%s)", named("17", "SIGCHLD"));
	r = wait4((pid_t)pid, &st, 0, NULL);
	want(ret(r), "wait4(%ld, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL)", pid);
	r = wait4(-1, &st, WNOHANG, NULL);
	want(err(errno), "wait4(-1, %p, %s, NULL)", (void *)&st, named("0x1", "WNOHANG"));

	r = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
	want(ret(r), "prlimit64(0, %s, NULL, {rlim_cur=%s, rlim_max=%s})",
	     named("0x7", "RLIMIT_NOFILE"), rlim(old.rlim_cur), rlim(old.rlim_max));
	rl.rlim_cur = 8192 * 1024;
	rl.rlim_max = RLIM64_INFINITY;
	r = syscall(SYS_prlimit64, 0, RLIMIT_STACK, &rl, &old);
	want(ret(r), "prlimit64(0, %s, {rlim_cur=%s, rlim_max=%s}, {rlim_cur=%s, rlim_max=%s})",
	     named("0x3", "RLIMIT_STACK"), rlim(rl.rlim_cur), rlim(rl.rlim_max),
	     rlim(old.rlim_cur), rlim(old.rlim_max));
	r = syscall(SYS_prlimit64, 0, 99, &rl, NULL);
	want(err(errno), "prlimit64(0, %s, {rlim_cur=%s, rlim_max=%s}, NULL)",
	     st_xstyle == ST_RAW ? "0x63" : "0x63 /* RLIMIT_??? */", rlim(rl.rlim_cur),
	     rlim(rl.rlim_max));
	r = syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, BADPTR);
	want(err(errno), "prlimit64(0, %s, NULL, %p)", named("0x4", "RLIMIT_CORE"), BADPTR);
	r = syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
	want(ret(r), "getrlimit(%s, {rlim_cur=%s, rlim_max=%s})", named("0x3", "RLIMIT_STACK"),
	     rlim(rl.rlim_cur), rlim(rl.rlim_max));
	rl.rlim_cur = 1000;
	rl.rlim_max = 1025;
	r = syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl);
	want(r ? err(errno) : ret(r), "setrlimit(%s, {rlim_cur=1000, rlim_max=1025})",
	     named("0x7", "RLIMIT_NOFILE"));
	return 0;
}
