/* selfdesc_wait.c: waitid and the siginfo of "--- SIG ---" lines, described
 * by the program itself. Signals sent to itself with rt_sigqueueinfo carry
 * any si_code and fields, and are delivered as that call returns.
 * trace: waitid,rt_sigqueueinfo,rt_sigtimedwait
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -v
 */
#include "selftest.h"

#include <signal.h>
#include <stdint.h>
#include <linux/sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t me; /* getpid() is the harness's marker: called once */

/* A child to be killed: it says it is ready on the pipe, then waits without
 * a syscall, so its trace is the same however soon the kill comes. */
static int ready[2];

/* fork, with a pidfd for the child in *pfd (its number is the same from run
 * to run, where a pid is not). The child makes raw syscalls only. */
static pid_t fork_pidfd(int *pfd)
{
	return (pid_t)syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, pfd, 0, 0);
}

static pid_t spinner(int *pfd)
{
	volatile int forever = 1;
	pid_t pid = fork_pidfd(pfd);
	char c;

	if (pid) {
		IGNORE(read(ready[0], &c, 1));
		return pid;
	}
	IGNORE(write(ready[1], "", 1));
	while (forever)
		;
	syscall(SYS_exit_group, 0);
	return 0;
}

static void handler(int sig)
{
	(void)sig;
}

static const char *sig(int n, const char *name)
{
	return named(st_fmt("%d", n), name);
}

/* A code as strace prints si_code: %#x of the unsigned value. */
static const char *code(int c, const char *name)
{
	return named(c ? st_fmt("%#x", (unsigned)c) : "0", name);
}

/* The x86_64 siginfo_t: signo, errno, code, then the union at offset 16. */
static void queue(int signo, const char *name, int code_, int errno_, uint64_t w2, uint64_t w3,
		  uint64_t w4, uint64_t w5, const char *info)
{
	uint64_t si[16] = { 0 };
	int32_t *i = (int32_t *)si;
	long r;

	i[0] = signo;
	i[1] = errno_;
	i[2] = code_;
	si[2] = w2;
	si[3] = w3;
	si[4] = w4;
	si[5] = w5;
	r = syscall(SYS_rt_sigqueueinfo, me, signo, si);
	want(ret(r), "rt_sigqueueinfo(%d, %s, %s)", me, sig(signo, name), info);
	printf("--- %s %s ---\n", name, info);
}

/* clock_t ticks as strace prints them: ticks, and the seconds in a comment. */
static const char *ticks(long t)
{
	long hz = sysconf(_SC_CLK_TCK);

	if (!t || st_xstyle == ST_RAW || hz != 100)
		return st_fmt("%ld", t);
	return st_fmt("%ld /* %ld.%02ld s */", t, t / hz, t % hz);
}

static const char *rusage_text(const struct rusage *ru)
{
	const char *tail = st_verbose
		? st_fmt(", ru_maxrss=%ld, ru_ixrss=%ld, ru_idrss=%ld, ru_isrss=%ld, ru_minflt=%ld, "
			 "ru_majflt=%ld, ru_nswap=%ld, ru_inblock=%ld, ru_oublock=%ld, ru_msgsnd=%ld, "
			 "ru_msgrcv=%ld, ru_nsignals=%ld, ru_nvcsw=%ld, ru_nivcsw=%ld",
			 ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt,
			 ru->ru_majflt, ru->ru_nswap, ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd,
			 ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw)
		: ", ...";

	return st_fmt("{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}%s}",
		      (long)ru->ru_utime.tv_sec, (long)ru->ru_utime.tv_usec,
		      (long)ru->ru_stime.tv_sec, (long)ru->ru_stime.tv_usec, tail);
}

static const char *chld(int c, const char *cname, pid_t pid, const char *status, long ut, long st)
{
	return st_fmt("{si_signo=%s, si_code=%s, si_pid=%d, si_uid=%u, si_status=%s, "
		      "si_utime=%s, si_stime=%s}", sig(SIGCHLD, "SIGCHLD"), code(c, cname), pid,
		      getuid(), status, ticks(ut), ticks(st));
}

int main(int argc, char **argv)
{
	sigset_t chldmask, usr2;
	siginfo_t si;
	struct rusage ru;
	struct timespec ts = { 0, 1000 };
	pid_t pid;
	int pfd;
	long r;

	me = (pid_t)st_begin(argc, argv);
	if (pipe(ready))
		return 1;
	/* SIGCHLD stays blocked: its "---" line would race with waitid's. */
	sigemptyset(&chldmask);
	sigaddset(&chldmask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chldmask, NULL);

	pid = fork_pidfd(&pfd);
	if (!pid)
		syscall(SYS_exit_group, 3);
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_PIDFD, pfd, &si, WEXITED, &ru);
	want(ret(r), "waitid(%s, %d, %s, %s, %s)", named("0x3", "P_PIDFD"), pfd,
	     chld(CLD_EXITED, "CLD_EXITED", pid, "3", si.si_utime, si.si_stime),
	     named("0x4", "WEXITED"), rusage_text(&ru));
	close(pfd);
	pid = spinner(&pfd);
	/* SIGKILL: a tracer shows no "---" line for it in the child, whatever
	 * the backend (a default-action SIGTERM or SIGSTOP it may not see). */
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | __WALL, NULL);
	want(ret(r), "waitid(%s, 0, %s, %s, NULL)", named("0", "P_ALL"),
	     chld(CLD_KILLED, "CLD_KILLED", pid, sig(SIGKILL, "SIGKILL"), si.si_utime, si.si_stime),
	     named("0x40000004", "WEXITED|__WALL"));
	close(pfd);
	pid = spinner(&pfd);
	/* WNOHANG and nothing to report: the kernel leaves si_signo 0, strace prints {}. */
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_PIDFD, pfd, &si, WEXITED | WNOHANG, NULL);
	want(ret(r), "waitid(%s, %d, {}, %s, NULL)", named("0x3", "P_PIDFD"), pfd,
	     named("0x5", "WNOHANG|WEXITED"));
	kill(pid, SIGKILL);
	r = syscall(SYS_waitid, P_PIDFD, pfd, &si, WEXITED | WNOWAIT, NULL);
	want(ret(r), "waitid(%s, %d, %s, %s, NULL)", named("0x3", "P_PIDFD"), pfd,
	     chld(CLD_KILLED, "CLD_KILLED", pid, sig(SIGKILL, "SIGKILL"), si.si_utime, si.si_stime),
	     named("0x1000004", "WEXITED|WNOWAIT"));
	r = syscall(SYS_waitid, P_PID, 99999999, &si, WEXITED, NULL);
	want(err(errno), "waitid(%s, 99999999, %p, %s, NULL)", named("0x1", "P_PID"), (void *)&si,
	     named("0x4", "WEXITED"));
	r = syscall(SYS_waitid, P_PGID, 0, NULL, WEXITED, NULL);
	want(ret(r), "waitid(%s, 0, NULL, %s, NULL)", named("0x2", "P_PGID"), named("0x4", "WEXITED"));
	r = syscall(SYS_waitid, P_ALL, 0, BADPTR, WEXITED, BADPTR);
	want(err(errno), "waitid(%s, 0, %p, %s, %p)", named("0", "P_ALL"), BADPTR,
	     named("0x4", "WEXITED"), BADPTR);
	r = syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);
	want(err(errno), "waitid(%s, 0, %p, %s, NULL)", named("0", "P_ALL"), (void *)&si,
	     named("0x5", "WNOHANG|WEXITED"));
	r = syscall(SYS_waitid, P_ALL, 0, &si, WSTOPPED | WNOHANG, NULL);
	want(err(errno), "waitid(%s, 0, %p, %s, NULL)", named("0", "P_ALL"), (void *)&si,
	     named("0x3", "WNOHANG|WSTOPPED"));
	r = syscall(SYS_waitid, 77, 0, &si, 0x10, NULL);
	want(err(errno), "waitid(%s, 0, %p, %s, NULL)",
	     st_xstyle == ST_RAW ? "0x4d" : "0x4d /* P_??? */", (void *)&si,
	     st_xstyle == ST_RAW ? "0x10" : "0x10 /* W??? */");

	/* siginfo in its forms: user codes, kernel codes by signal, unknown codes. */
	signal(SIGUSR1, handler);
	signal(SIGSEGV, handler);
	signal(SIGBUS, handler);
	signal(SIGIO, handler);
	signal(SIGSYS, handler);
	signal(SIGPROF, handler);
	queue(SIGUSR1, "SIGUSR1", SI_USER, 2, (6ull << 32) | 5, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_errno=%s, si_pid=5, si_uid=6}",
		     sig(SIGUSR1, "SIGUSR1"), code(SI_USER, "SI_USER"), named("2", "ENOENT")));
	queue(SIGUSR1, "SIGUSR1", SI_QUEUE, 0, (6ull << 32) | 5, 0x1234, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_pid=5, si_uid=6, si_int=4660, si_ptr=0x1234}",
		     sig(SIGUSR1, "SIGUSR1"), code(SI_QUEUE, "SI_QUEUE")));
	queue(SIGUSR1, "SIGUSR1", SI_MESGQ, 0, (6ull << 32) | 5, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_pid=5, si_uid=6}",
		     sig(SIGUSR1, "SIGUSR1"), code(SI_MESGQ, "SI_MESGQ")));
	queue(SIGUSR1, "SIGUSR1", SI_TIMER, 0, (5ull << 32) | 3, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_timerid=0x3, si_overrun=5, si_int=0, si_ptr=NULL}",
		     sig(SIGUSR1, "SIGUSR1"), code(SI_TIMER, "SI_TIMER")));
	queue(SIGUSR1, "SIGUSR1", 77, 0, 0, 9, 0, 0,
	      st_fmt("{si_signo=%s, si_code=0x4d, si_int=9, si_ptr=0x9}", sig(SIGUSR1, "SIGUSR1")));
	queue(SIGSEGV, "SIGSEGV", SI_KERNEL, 0, 0, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_addr=NULL}", sig(SIGSEGV, "SIGSEGV"),
		     code(SI_KERNEL, "SI_KERNEL")));
	queue(SIGSEGV, "SIGSEGV", SEGV_MAPERR, 0, 0x1234, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_addr=0x1234}", sig(SIGSEGV, "SIGSEGV"),
		     code(SEGV_MAPERR, "SEGV_MAPERR")));
	queue(SIGSEGV, "SIGSEGV", 3 /* SEGV_BNDERR */, 0, 0x1234, 0, 0x100, 0x200,
	      st_fmt("{si_signo=%s, si_code=%s, si_addr=0x1234, si_lower=0x100, si_upper=0x200}",
		     sig(SIGSEGV, "SIGSEGV"), code(3, "SEGV_BNDERR")));
	queue(SIGBUS, "SIGBUS", 4 /* BUS_MCEERR_AR */, 0, 0x1234, 0xc, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_addr=0x1234, si_addr_lsb=0xc}",
		     sig(SIGBUS, "SIGBUS"), code(4, "BUS_MCEERR_AR")));
	queue(SIGIO, "SIGIO", POLL_HUP, 0, 0x41, 5, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_band=65, si_fd=5}", sig(SIGIO, "SIGIO"),
		     code(POLL_HUP, "POLL_HUP")));
	queue(SIGSYS, "SIGSYS", 1 /* SYS_SECCOMP */, 0, 0x401000, 0xc000003e00000027ull, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_call_addr=0x401000, si_syscall=%s, si_arch=%s}",
		     sig(SIGSYS, "SIGSYS"), code(1, "SYS_SECCOMP"), named("39", "__NR_getpid"),
		     named("0xc000003e", "AUDIT_ARCH_X86_64")));
	queue(SIGPROF, "SIGPROF", 1, 0, 0, 0, 0, 0,
	      st_fmt("{si_signo=%s, si_code=0x1}", sig(SIGPROF, "SIGPROF")));
	/* A child's times are clock_t: 2.50 s shows in a comment. Ignoring
	 * SIGCHLD first drops the one the children left pending. */
	signal(SIGCHLD, SIG_IGN);
	signal(SIGCHLD, handler);
	sigprocmask(SIG_UNBLOCK, &chldmask, NULL);
	queue(SIGCHLD, "SIGCHLD", CLD_STOPPED, 0, (6ull << 32) | 5, SIGSTOP, 0, 0,
	      st_fmt("{si_signo=%s, si_code=%s, si_pid=5, si_uid=6, si_status=%s, si_utime=0, "
		     "si_stime=0}", sig(SIGCHLD, "SIGCHLD"), code(CLD_STOPPED, "CLD_STOPPED"),
		     sig(SIGSTOP, "SIGSTOP")));
	queue(SIGCHLD, "SIGCHLD", CLD_EXITED, 0, (6ull << 32) | 5, 3, 250, 7,
	      st_fmt("{si_signo=%s, si_code=%s, si_pid=5, si_uid=6, si_status=3, si_utime=%s, "
		     "si_stime=%s}", sig(SIGCHLD, "SIGCHLD"), code(CLD_EXITED, "CLD_EXITED"),
		     ticks(250), ticks(7)));

	/* rt_sigtimedwait takes a blocked, pending signal: its siginfo at exit. */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	{
		uint64_t raw[16] = { 0 };
		int32_t *i = (int32_t *)raw;

		i[0] = SIGUSR2;
		i[2] = SI_QUEUE;
		raw[2] = (uint64_t)me;
		raw[3] = 7;
		r = syscall(SYS_rt_sigqueueinfo, me, SIGUSR2, raw);
	}
	{
		const char *info = st_fmt("{si_signo=%s, si_code=%s, si_pid=%d, si_uid=0, si_int=7, "
					  "si_ptr=0x7}", sig(SIGUSR2, "SIGUSR2"),
					  code(SI_QUEUE, "SI_QUEUE"), me);

		want(ret(r), "rt_sigqueueinfo(%d, %s, %s)", me, sig(SIGUSR2, "SIGUSR2"), info);
		r = syscall(SYS_rt_sigtimedwait, &usr2, &si, &ts, 8);
		want(st_fmt("%ld (SIGUSR2)", r), "rt_sigtimedwait([%s], %s, {tv_sec=0, tv_nsec=1000}, 8)",
		     named("12", "USR2"), info);
	}
	r = syscall(SYS_rt_sigtimedwait, &usr2, &si, &ts, 8);
	want(err(errno), "rt_sigtimedwait([%s], %p, {tv_sec=0, tv_nsec=1000}, 8)",
	     named("12", "USR2"), (void *)&si);
	r = syscall(SYS_rt_sigqueueinfo, me, SIGUSR1, BADPTR);
	want(err(errno), "rt_sigqueueinfo(%d, %s, %p)", me, sig(SIGUSR1, "SIGUSR1"), BADPTR);
	return 0;
}
