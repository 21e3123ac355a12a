/* selfdesc_res.c: uname, times, rusage and interval timers describing their own lines.
 * trace: uname,times,getrusage,wait4,getitimer,setitimer,alarm
 * run:
 * run: -v
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static const char *tv(const struct timeval *t)
{
	return st_fmt("{tv_sec=%ld, tv_usec=%ld}", (long)t->tv_sec, (long)t->tv_usec);
}

static const char *itv(const struct itimerval *v)
{
	return st_fmt("{it_interval=%s, it_value=%s}", tv(&v->it_interval), tv(&v->it_value));
}

/* struct rusage as strace prints it: the times, the counters only with -v. */
static const char *ru(const struct rusage *r)
{
	char *b = st_buf();
	int n;

	n = snprintf(b, 1024, "{ru_utime=%s, ru_stime=%s", tv(&r->ru_utime), tv(&r->ru_stime));
	if (!st_verbose)
		snprintf(b + n, 1024 - n, ", ...}");
	else
		snprintf(b + n, 1024 - n, ", ru_maxrss=%ld, ru_ixrss=%ld, ru_idrss=%ld, ru_isrss=%ld, "
			 "ru_minflt=%ld, ru_majflt=%ld, ru_nswap=%ld, ru_inblock=%ld, "
			 "ru_oublock=%ld, ru_msgsnd=%ld, ru_msgrcv=%ld, ru_nsignals=%ld, "
			 "ru_nvcsw=%ld, ru_nivcsw=%ld}", r->ru_maxrss, r->ru_ixrss, r->ru_idrss,
			 r->ru_isrss, r->ru_minflt, r->ru_majflt, r->ru_nswap, r->ru_inblock,
			 r->ru_oublock, r->ru_msgsnd, r->ru_msgrcv, r->ru_nsignals, r->ru_nvcsw,
			 r->ru_nivcsw);
	return b;
}

int main(int argc, char **argv)
{
	struct utsname u;
	struct tms t;
	struct rusage r;
	struct itimerval it, old;
	sigset_t chld;
	long rv, pid;
	int st;

	/* SIGCHLD stays blocked: its delivery would print a line of its own. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	st_begin(argc, argv);

	rv = syscall(SYS_uname, &u);
	if (st_verbose)
		want(ret(rv), "uname({sysname=\"%s\", nodename=\"%s\", release=\"%s\", version=\"%s\", "
		     "machine=\"%s\", domainname=\"%s\"})", u.sysname, u.nodename, u.release,
		     u.version, u.machine, u.domainname);
	else
		want(ret(rv), "uname({sysname=\"%s\", nodename=\"%s\", ...})", u.sysname, u.nodename);
	rv = syscall(SYS_uname, NULL);
	want(err(errno), "uname(NULL)");
	rv = syscall(SYS_uname, BADPTR);
	want(err(errno), "uname(%p)", BADPTR);

	rv = syscall(SYS_times, &t);
	want(ret(rv), "times({tms_utime=%ld, tms_stime=%ld, tms_cutime=%ld, tms_cstime=%ld})",
	     (long)t.tms_utime, (long)t.tms_stime, (long)t.tms_cutime, (long)t.tms_cstime);
	rv = syscall(SYS_times, BADPTR);
	want(err(errno), "times(%p)", BADPTR);

	rv = syscall(SYS_getrusage, RUSAGE_SELF, &r);
	want(ret(rv), "getrusage(%s, %s)", named("0", "RUSAGE_SELF"), ru(&r));
	rv = syscall(SYS_getrusage, RUSAGE_CHILDREN, NULL);
	want(err(errno), "getrusage(%s, NULL)", named("0xffffffff", "RUSAGE_CHILDREN"));
	rv = syscall(SYS_getrusage, 5, &r);
	want(err(errno), "getrusage(%s, %p)", X("0x5 /* RUSAGE_??? */", "0x5", "0x5 /* RUSAGE_??? */"),
	     (void *)&r);

	pid = fork();
	if (pid == 0)
		_exit(4);
	rv = wait4((pid_t)pid, &st, 0, &r);
	want(ret(rv), "wait4(%ld, [{WIFEXITED(s) && WEXITSTATUS(s) == 4}], 0, %s)", pid, ru(&r));

	rv = syscall(SYS_getitimer, ITIMER_REAL, &old);
	want(ret(rv), "getitimer(%s, %s)", named("0", "ITIMER_REAL"), itv(&old));
	rv = syscall(SYS_getitimer, 9, &old);
	want(err(errno), "getitimer(%s, %p)", X("0x9 /* ITIMER_??? */", "0x9", "0x9 /* ITIMER_??? */"),
	     (void *)&old);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = 100;
	it.it_interval.tv_usec = 5;
	rv = syscall(SYS_setitimer, ITIMER_PROF, &it, &old);
	want(ret(rv), "setitimer(%s, %s, %s)", named("0x2", "ITIMER_PROF"), itv(&it), itv(&old));
	memset(&it, 0, sizeof(it));
	rv = syscall(SYS_setitimer, ITIMER_PROF, &it, NULL);
	want(ret(rv), "setitimer(%s, %s, NULL)", named("0x2", "ITIMER_PROF"), itv(&it));
	rv = syscall(SYS_setitimer, ITIMER_VIRTUAL, NULL, BADPTR);
	want(err(errno), "setitimer(%s, NULL, %p)", named("0x1", "ITIMER_VIRTUAL"), BADPTR);

	rv = syscall(SYS_alarm, 0);
	want(ret(rv), "alarm(0)");
	return 0;
}
