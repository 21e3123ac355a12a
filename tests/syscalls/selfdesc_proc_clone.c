/* selfdesc_proc_clone.c: clone and clone3 describing their own lines: what
 * the kernel wrote back at parent_tid (the pidfd, with -y/-yy what it is, or
 * the child's tid), the address when the call failed or the word could not
 * be written, child_tidptr, and clone3's "=> {pidfd=[N], parent_tid=[N]}".
 * trace: clone,clone3
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -v
 * run: -y
 * run: -yy
 */
#include "selftest.h"

#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

static int st_y; /* 1: -y, 2: -yy */

/* A pidfd as strace shows it: 3, 3<anon_inode:[pidfd]>, 3<pid:1234>. */
static const char *pidfd(int fd, long pid)
{
	if (st_y == 1)
		return st_fmt("%d<anon_inode:[pidfd]>", fd);
	if (st_y == 2)
		return st_fmt("%d<pid:%ld>", fd, pid);
	return st_fmt("%d", fd);
}

/* clone's flags token: the flags and the exit signal joined by '|'. */
static const char *cflags(const char *num, const char *names)
{
	return X(st_fmt("%s|SIGCHLD", names), st_fmt("%s|17", num),
		 st_fmt("%s /* %s */|17 /* SIGCHLD */", num, names));
}

/* The child leaves at once; the parent reaps it (wait4 is not traced). */
static long do_clone(unsigned long flags, void *ptid, void *ctid)
{
	long pid = syscall(SYS_clone, flags, NULL, ptid, ctid, 0);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

static long do_clone3(struct clone_args *ca)
{
	long pid = syscall(SYS_clone3, ca, sizeof(*ca));

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

int main(int argc, char **argv)
{
	int pfd = -1, ptid = -1, ctid = -1, i;
	struct clone_args ca;
	sigset_t chld;
	long pid;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "-yy"))
			st_y = argv[i][2] ? 2 : 1;
	/* SIGCHLD stays blocked: its delivery would print a line of its own. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	st_begin(argc, argv);

	pid = do_clone(CLONE_PIDFD | SIGCHLD, &pfd, NULL);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, parent_tid=[%s])",
	     cflags("0x1000", "CLONE_PIDFD"), pidfd(pfd, pid));
	close(pfd);
	pid = do_clone(CLONE_PARENT_SETTID | SIGCHLD, &ptid, NULL);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, parent_tid=[%d])",
	     cflags("0x100000", "CLONE_PARENT_SETTID"), ptid);
	pid = do_clone(CLONE_CHILD_SETTID | SIGCHLD, NULL, &ctid);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, child_tidptr=%p)",
	     cflags("0x1000000", "CLONE_CHILD_SETTID"), (void *)&ctid);
	pid = do_clone(CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD,
		       &ptid, &ctid);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, parent_tid=[%d], child_tidptr=%p)",
	     cflags("0x1300000", "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID"),
	     ptid, (void *)&ctid);
	/* The tid could not be written: the call succeeds, the address shows. */
	pid = do_clone(CLONE_PARENT_SETTID | SIGCHLD, BADPTR, NULL);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, parent_tid=%p)",
	     cflags("0x100000", "CLONE_PARENT_SETTID"), BADPTR);
	pid = do_clone(CLONE_PARENT_SETTID | SIGCHLD, NULL, NULL);
	want(ret(pid), "clone(child_stack=NULL, flags=%s, parent_tid=NULL)",
	     cflags("0x100000", "CLONE_PARENT_SETTID"));
	/* Failures: the address. */
	pid = do_clone(CLONE_PIDFD | SIGCHLD, BADPTR, NULL);
	want(err(errno), "clone(child_stack=NULL, flags=%s, parent_tid=%p)",
	     cflags("0x1000", "CLONE_PIDFD"), BADPTR);
	pid = do_clone(CLONE_PIDFD | SIGCHLD, NULL, NULL);
	want(err(errno), "clone(child_stack=NULL, flags=%s, parent_tid=NULL)",
	     cflags("0x1000", "CLONE_PIDFD"));
	pid = do_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, &pfd, NULL);
	want(err(errno), "clone(child_stack=NULL, flags=%s, parent_tid=%p)",
	     cflags("0x101000", "CLONE_PIDFD|CLONE_PARENT_SETTID"), (void *)&pfd);

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = (uintptr_t)&pfd;
	ca.parent_tid = (uintptr_t)&ptid;
	ca.exit_signal = SIGCHLD;
	pid = do_clone3(&ca);
	want(ret(pid), "clone3({flags=%s, pidfd=%p, parent_tid=%p, exit_signal=%s, stack=NULL, "
	     "stack_size=0} => {pidfd=[%s], parent_tid=[%d]}, %zu)",
	     named("0x101000", "CLONE_PIDFD|CLONE_PARENT_SETTID"), (void *)&pfd, (void *)&ptid,
	     named("17", "SIGCHLD"), pidfd(pfd, pid), ptid, sizeof(ca));
	close(pfd);
	/* parent_tid not writable: the pidfd is there, the address for the tid. */
	ca.parent_tid = 1;
	pid = do_clone3(&ca);
	want(ret(pid), "clone3({flags=%s, pidfd=%p, parent_tid=%p, exit_signal=%s, stack=NULL, "
	     "stack_size=0} => {pidfd=[%s], parent_tid=%p}, %zu)",
	     named("0x101000", "CLONE_PIDFD|CLONE_PARENT_SETTID"), (void *)&pfd, BADPTR,
	     named("17", "SIGCHLD"), pidfd(pfd, pid), BADPTR, sizeof(ca));
	close(pfd);
	ca.pidfd = 1;
	ca.parent_tid = (uintptr_t)&ptid;
	pid = do_clone3(&ca);
	want(err(errno), "clone3({flags=%s, pidfd=%p, parent_tid=%p, exit_signal=%s, stack=NULL, "
	     "stack_size=0}, %zu)",
	     named("0x101000", "CLONE_PIDFD|CLONE_PARENT_SETTID"), BADPTR, (void *)&ptid,
	     named("17", "SIGCHLD"), sizeof(ca));
	return 0;
}
