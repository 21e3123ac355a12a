/* ptrace.c: the ptrace backend.
 *
 * Tracees are seized (PTRACE_SEIZE) with TRACESYSGOOD, TRACEEXEC and, with -f,
 * TRACECLONE/FORK/VFORK. Each stop is read with one PTRACE_GET_SYSCALL_INFO,
 * and tracee memory is copied with process_vm_readv, batched per capture round.
 *
 * A spawned command waits on a pipe until it is seized, so that no line is
 * lost and nothing before its execve is shown (as strace hides its own setup).
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sched.h>
#include <pwd.h>
#include <grp.h>

#include "backend/backend.h"
#include "backend/seccomp.h"
#include "core/pidmap.h"
#include "core/util.h"
#include "procfs/fdclass.h"
#include "syscalls/capture.h"

#ifndef PTRACE_GET_SYSCALL_INFO
#define PTRACE_GET_SYSCALL_INFO 0x420e
#endif

/* Our own copy of the kernel's struct ptrace_syscall_info (UAPI, stable). */
struct psi {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t ip;
	uint64_t sp;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
		} seccomp;
	};
};

enum { PSI_NONE = 0, PSI_ENTRY = 1, PSI_EXIT = 2, PSI_SECCOMP = 3 };

struct tracee {
	pid_t tid;
	bool in_syscall;  /* entry seen, exit pending */
	bool reported;	  /* this call's entry was reported to the sink */
	bool hidden;	  /* the spawned child before its execve: not shown */
	bool seccomp;	  /* filtered: resume with PTRACE_CONT outside syscalls */
	bool detaching;
	int8_t exec_ev;	  /* PTRACE_O_TRACEEXEC is set: 1, 0, or -1 not known */
	bool want_exec_ev; /* ... and should be, before it runs again */
	bool injecting;	  /* -e inject=: this syscall was skipped, its exit gets inj_ret */
	int64_t inj_ret;
	uint32_t *inj_count; /* -e inject=: calls of each syscall so far (SC_TABLE_SIZE) */
	struct call call;
};

struct pt {
	const struct backend_opts *o;
	const struct trace_sink *sink;
	struct trace_result *res;
	struct pidmap tracees;
	int nprocs;
	pid_t child;		/* the spawned command */
	bool use_seccomp;
	bool lean_exec;		/* PTRACE_O_TRACEEXEC only where needed (see exec_event) */
	unsigned long opts;	/* PTRACE_O_*, PTRACE_O_TRACEEXEC included */
	struct capctx cc;
	struct capture_reader rd;
	long page;
};

static struct tracee *tracee_add(struct pt *p, pid_t tid)
{
	struct tracee *t = pidmap_get(&p->tracees, tid);

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->seccomp = p->use_seccomp;
	/* A task we meet at its first stop: we do not know what it is. */
	t->exec_ev = -1;
	t->want_exec_ev = true;
	pidmap_put(&p->tracees, tid, t);
	p->nprocs++;
	if (p->o->nprocs)
		*p->o->nprocs = p->nprocs;
	return t;
}

static void tracee_del(struct pt *p, struct tracee *t)
{
	pidmap_del(&p->tracees, t->tid);
	call_free(&t->call);
	free(t->inj_count);
	free(t);
	p->nprocs--;
	if (p->o->nprocs)
		*p->o->nprocs = p->nprocs;
}

/* --- tracee memory ------------------------------------------------------------ */

static int pt_read(void *be, pid_t pid, const struct capreq *r, int n, uint8_t **dst,
		   uint32_t *got, int *err)
{
	struct pt *p = be;
	struct iovec liov[CAP_MAX_REQS], riov[CAP_MAX_REQS];
	uint32_t want[CAP_MAX_REQS];
	int start = 0, i;

	for (i = 0; i < n; i++) {
		want[i] = r[i].len;
		/* A string's first read stops at its page end: the next page may not exist. */
		if (r[i].str) {
			uint64_t to_end = p->page - (r[i].addr & (p->page - 1));

			if (want[i] > to_end)
				want[i] = to_end;
		}
	}
	while (start < n) {
		int cnt = 0;
		ssize_t rv;

		for (i = start; i < n; i++, cnt++) {
			liov[cnt].iov_base = dst[i];
			liov[cnt].iov_len = want[i];
			riov[cnt].iov_base = (void *)(uintptr_t)r[i].addr;
			riov[cnt].iov_len = want[i];
		}
		rv = process_vm_readv(pid, liov, cnt, riov, cnt, 0);
		if (rv < 0) {
			if (errno == ESRCH)
				return -ESRCH;
			rv = 0;
		}
		for (i = start; i < n; i++) {
			if ((size_t)rv >= want[i]) {
				got[i] = want[i];
				rv -= want[i];
				continue;
			}
			/* i is where the read stopped: keep what it got and go on after it. */
			got[i] = rv;
			err[i] = EFAULT;
			i++;
			break;
		}
		start = i;
	}
	/* Strings that filled their first page without a NUL go on, page by page. */
	for (i = 0; i < n; i++) {
		if (!r[i].str || got[i] != want[i] || want[i] == r[i].len || memchr(dst[i], 0, got[i]))
			continue;
		while (got[i] < r[i].len) {
			uint32_t chunk = MIN((uint32_t)p->page, r[i].len - got[i]);
			struct iovec l = { dst[i] + got[i], chunk };
			struct iovec rr = { (void *)(uintptr_t)(r[i].addr + got[i]), chunk };
			ssize_t rv = process_vm_readv(pid, &l, 1, &rr, 1, 0);

			if (rv <= 0) {
				err[i] = rv < 0 ? errno : EFAULT;
				break;
			}
			got[i] += rv;
			if (memchr(dst[i] + got[i] - rv, 0, rv))
				break;
		}
	}
	return 0;
}

/* -y/-yy: the same /proc readers as `procscope fds` (src/procfs). */
static int pt_fd_desc(void *be, pid_t pid, int fd, unsigned what, struct strbuf *out)
{
	if (fd == AT_FDCWD) {
		char path[64], buf[4096];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
		n = readlink(path, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		sb_add(out, buf, n);
		return 0;
	}
	return fd_describe_strace(pid, fd, what, out);
}

/* --- events -------------------------------------------------------------------- */

static void emit(struct pt *p, struct event *ev)
{
	p->sink->event(p->sink->ctx, ev);
}

static void stamp(struct event *ev)
{
	ev->ts = now_real_ns();
}

static void run_capture(struct pt *p, struct tracee *t, int phase)
{
	struct capctx *cc = &p->cc;

	cc->c = &t->call;
	cc->sig = sc_sig(t->call.nr);
	cc->pid = t->tid;
	cc->phase = phase;
	cc->nq = 0;
	capture_run(cc);
}

/* -e inject=/fault=: count this call of nr, and when the last rule for nr
 * says so, skip it: syscall number -1 makes the kernel run nothing (from a
 * syscall-entry stop or a seccomp stop alike), and the exit stop puts the
 * rule's value where the result goes. */
static void inject_entry(struct pt *p, struct tracee *t, long nr)
{
	uint32_t n;
	int i;

	if (nr < 0 || nr >= SC_TABLE_SIZE)
		return;
	for (i = p->o->ninject - 1; i >= 0 && !inject_applies(&p->o->inject[i], nr); i--)
		;
	if (i < 0)
		return;
	if (!t->inj_count)
		t->inj_count = xcalloc(SC_TABLE_SIZE, sizeof(*t->inj_count));
	n = ++t->inj_count[nr];
	if (!inject_matches(&p->o->inject[i], nr, n))
		return;
	if (ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user_regs_struct, orig_rax), -1L) < 0)
		return; /* gone: nothing to tamper with */
	t->injecting = true;
	t->inj_ret = p->o->inject[i].ret;
	t->call.injected = true;
}

/* A syscall stop: everything is read from the tracee here, while it is
 * stopped; the event is filled in for the caller to emit. Returns whether
 * there is one. */
static bool on_entry(struct pt *p, struct tracee *t, long nr, const uint64_t *args, uint64_t sp,
		     bool seccomp, struct event *ev)
{
	if (t->in_syscall && t->call.nr == nr && t->call.via_seccomp && !seccomp)
		return false; /* the syscall-entry stop that follows a seccomp stop */
	call_reset(&t->call, nr, args);
	t->call.sp = sp;
	t->call.via_seccomp = seccomp;
	t->in_syscall = true;
	t->reported = false;
	bool starts = t->hidden;	/* the execve that starts the command */

	if (t->hidden) {
		if (nr != __NR_execve && nr != __NR_execveat)
			return false;
		t->hidden = false;
	}
	/* Not the command's own first execve: strace neither counts nor
	 * tampers with it (-e fault=execve tests the program's execs). */
	if (p->o->ninject && !starts)
		inject_entry(p, t, nr);
	if (!backend_selected(p->o, nr))
		return false;
	t->call.t_entry = now_real_ns();
	t->call.mono_entry = now_mono_ns();
	run_capture(p, t, PH_ENTRY);
	t->reported = true;
	ev->type = EV_SYSCALL_ENTRY;
	ev->pid = t->tid;
	ev->ts = t->call.t_entry;
	ev->call = &t->call;
	return true;
}

static bool on_exit_stop(struct pt *p, struct tracee *t, int64_t rval, struct event *ev)
{
	if (!t->in_syscall) {
		/* An exit without its entry: attached in the middle of a syscall. */
		return false;
	}
	t->in_syscall = false;
	if (t->injecting) {
		t->injecting = false;
		rval = t->inj_ret;
		ptrace(PTRACE_POKEUSER, t->tid, offsetof(struct user_regs_struct, rax), (long)rval);
	}
	if (!t->reported)
		return false;
	t->call.ret = rval;
	t->call.exited = true;
	t->call.t_exit = now_real_ns();
	t->call.mono_exit = now_mono_ns();
	run_capture(p, t, PH_EXIT);
	ev->type = EV_SYSCALL_EXIT;
	ev->pid = t->tid;
	ev->ts = t->call.t_exit;
	ev->call = &t->call;
	t->reported = false;
	return true;
}

/* event.other for signal and exit events: 1 + the task's last syscall, seen
 * at its every entry stop whether selected or not (none under a seccomp
 * filter, which hides the others: then the last selected one). */
static pid_t last_scno(const struct tracee *t)
{
	return t->call.nr >= 0 && t->call.nr < 0x7fffffff ? (pid_t)t->call.nr + 1 : 0;
}

/* The tracee is gone: report it, with the syscall it died in. */
static void on_death(struct pt *p, struct tracee *t, int status)
{
	struct event ev = { 0 };

	stamp(&ev);
	ev.pid = t->tid;
	ev.call = t->in_syscall && t->reported ? &t->call : NULL;
	ev.other = last_scno(t);
	if (WIFEXITED(status)) {
		ev.type = EV_EXITED;
		ev.status = WEXITSTATUS(status);
	} else {
		ev.type = EV_KILLED;
		ev.sig = WTERMSIG(status);
		ev.status = WCOREDUMP(status) ? 1 : 0;
	}
	if (t->tid == p->child) {
		p->res->have_status = true;
		p->res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
		p->res->term_sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		p->res->core = WIFSIGNALED(status) && WCOREDUMP(status);
	}
	if (!t->hidden)
		emit(p, &ev);
	tracee_del(p, t);
}

static int resume(struct pt *p, struct tracee *t, int sig)
{
	/* With the seccomp filter, only a syscall we stopped at needs its exit stop. */
	int req = (t->seccomp && !t->in_syscall) ? PTRACE_CONT : PTRACE_SYSCALL;

	if (ptrace(req, t->tid, 0, sig) < 0 && errno != ESRCH)
		return -errno;
	return 0;
}

/* Resume the tracee after a syscall stop, and emit its event. The event was
 * read in full at the stop, so unless the sink itself reads the stopped
 * tracee (the summary's CPU clock), it is formatted and written while the
 * tracee goes on: our work is off its path. t->call stays as it is until we
 * handle t's next stop. */
static void resume_emit(struct pt *p, struct tracee *t, int req, struct event *ev, bool have)
{
	if (have && p->o->sink_needs_stop)
		emit(p, ev);
	if (req == PTRACE_SYSCALL)
		ptrace(PTRACE_SYSCALL, t->tid, 0, 0);
	else
		resume(p, t, 0);
	if (have && !p->o->sink_needs_stop)
		emit(p, ev);
}

/* PTRACE_O_TRACEEXEC tells us which thread an execve came from, which only
 * matters in a process with several threads: the execing thread takes the
 * leader's pid (on_exec). With -f we see every clone, so a process known to
 * have one thread (the command we start, a fork child, any process right
 * after its execve) runs without the option, which saves a stop per execve
 * (fork+exec heavy work makes ~70 stops per child). A clone event turns it on
 * in the parent before the parent runs again, and in the child before its
 * first resume; a task whose first stop comes before its parent's event gets
 * it too, since we cannot tell a thread from a process then. */
static void exec_event(struct pt *p, struct tracee *t)
{
	unsigned long opts = p->opts;

	if (!p->lean_exec)
		t->want_exec_ev = true;
	if (t->exec_ev == t->want_exec_ev)
		return;
	if (!t->want_exec_ev)
		opts &= ~(unsigned long)PTRACE_O_TRACEEXEC;
	if (ptrace(PTRACE_SETOPTIONS, t->tid, 0, opts) == 0)
		t->exec_ev = t->want_exec_ev;
}

/* A non-leader thread called execve: it now has the leader's pid. */
static void on_exec(struct pt *p, struct tracee *t)
{
	unsigned long former = 0;
	struct tracee *old;
	struct event ev = { 0 };

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &former) < 0 || (pid_t)former == t->tid)
		return;
	old = pidmap_get(&p->tracees, (pid_t)former);
	if (!old)
		return;
	/* t is the old leader's record: report it superseded, then take the execing thread's state. */
	stamp(&ev);
	ev.type = EV_SUPERSEDED;
	ev.pid = t->tid;
	ev.other = (pid_t)former;
	ev.call = t->in_syscall && t->reported ? &t->call : NULL;
	emit(p, &ev);
	call_free(&t->call);
	t->call = old->call;
	t->exec_ev = old->exec_ev;
	t->in_syscall = old->in_syscall;
	t->reported = old->reported;
	t->hidden = old->hidden;
	old->call = (struct call){ 0 };
	/* Tell the formatters that former's open line now belongs to t->tid. */
	memset(&ev, 0, sizeof(ev));
	stamp(&ev);
	ev.type = EV_RENAMED;
	ev.pid = t->tid;
	ev.other = (pid_t)former;
	emit(p, &ev);
	tracee_del(p, old);
}

/* Take the CPU wake-up latency request now (see qos_stop()). */
static void qos_take(void);

static void handle_stop(struct pt *p, pid_t pid, int status)
{
	struct tracee *t = pidmap_get(&p->tracees, pid);
	int sig = WSTOPSIG(status);
	unsigned event = (unsigned)status >> 16;
	struct psi si;

	if (!t) {
		/* A new child can stop before its parent's fork event: adopt it. */
		t = tracee_add(p, pid);
	}
	exec_event(p, t);
	if (sig == (SIGTRAP | 0x80)) {
		struct event ev = { 0 };
		bool have = false;

		memset(&si, 0, sizeof(si));
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(si), &si) < 0) {
			resume(p, t, 0);
			return;
		}
		if (si.op == PSI_ENTRY)
			have = on_entry(p, t, (long)si.entry.nr, si.entry.args, si.sp, false, &ev);
		else if (si.op == PSI_EXIT)
			have = on_exit_stop(p, t, si.exit.rval, &ev);
		resume_emit(p, t, 0, &ev, have);
		return;
	}
	switch (event) {
	case 0:
		break;
	case PTRACE_EVENT_SECCOMP: {
		struct event ev = { 0 };
		bool have = false;

		memset(&si, 0, sizeof(si));
		/* PTRACE_GET_SYSCALL_INFO returns the size it filled in. */
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(si), &si) > 0 && si.op == PSI_SECCOMP)
			have = on_entry(p, t, (long)si.seccomp.nr, si.seccomp.args, si.sp, true, &ev);
		/* Always stop at this call's exit. */
		resume_emit(p, t, PTRACE_SYSCALL, &ev, have);
		return;
	}
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE: {
		unsigned long child = 0;

		if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &child) == 0 && child) {
			bool known = pidmap_get(&p->tracees, (pid_t)child);
			struct tracee *c = tracee_add(p, (pid_t)child);

			c->hidden = t->hidden;
			if (!known) {
				/* It has our options as they are now; a thread needs exec events. */
				c->exec_ev = t->exec_ev;
				c->want_exec_ev = event == PTRACE_EVENT_CLONE || t->exec_ev;
			}
		}
		if (event == PTRACE_EVENT_CLONE) {
			t->want_exec_ev = true;
			exec_event(p, t);
		}
		/* A new task stops at once, and its parent may be making more
		 * (a thread pool, a shell pipeline): stops come close together
		 * even when the seccomp filter leaves few per task. */
		qos_take();
		resume(p, t, 0);
		return;
	}
	case PTRACE_EVENT_EXEC:
		on_exec(p, t);
		t = pidmap_get(&p->tracees, pid);
		if (t->hidden)
			t->hidden = false;
		/* One thread is left. */
		t->want_exec_ev = false;
		exec_event(p, t);
		resume(p, t, 0);
		return;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			struct event ev = { 0 };

			/* Group-stop: report it and let it stay stopped until SIGCONT. */
			if (!t->hidden) {
				stamp(&ev);
				ev.type = EV_GROUP_STOP;
				ev.pid = pid;
				ev.sig = sig;
				ev.other = last_scno(t);
				emit(p, &ev);
			}
			ptrace(PTRACE_LISTEN, pid, 0, 0);
			return;
		}
		/* The first stop of a new tracee, or our PTRACE_INTERRUPT. */
		resume(p, t, 0);
		return;
	default:
		resume(p, t, 0);
		return;
	}
	/* Signal-delivery-stop. */
	{
		struct event ev = { 0 };
		siginfo_t info;

		stamp(&ev);
		ev.type = EV_SIGNAL;
		ev.pid = pid;
		ev.sig = sig;
		ev.other = last_scno(t);
		if (ptrace(PTRACE_GETSIGINFO, pid, 0, &info) == 0) {
			memcpy(ev.siginfo, &info, MIN(sizeof(info), sizeof(ev.siginfo)));
			ev.has_siginfo = true;
		}
		if (!t->hidden)
			emit(p, &ev);
		resume(p, t, sig);
	}
}

/* --- start ------------------------------------------------------------------- */

static unsigned long seize_options(const struct backend_opts *o, bool seccomp)
{
	unsigned long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC;

	if (o->follow)
		opts |= PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	if (seccomp)
		opts |= PTRACE_O_TRACESECCOMP;
	return opts;
}

static int spawn(struct pt *p)
{
	const struct backend_opts *o = p->o;
	unsigned long opts = p->opts;
	/* Before its execve it has one thread; with the filter, the exec event
	 * is what shows it (see exec_event). */
	bool exec_ev = !p->lean_exec || p->use_seccomp;
	struct tracee *t;
	int gate[2];
	pid_t pid;
	int status;

	if (pipe2(gate, O_CLOEXEC) < 0)
		return error("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		return error("fork: %s", strerror(errno));
	if (pid == 0) {
		char c;

		int i;

		close(gate[1]);
		for (i = 0; i < o->nrestore; i++)
			sigaction(o->restore_signo[i], &o->restore_act[i], NULL);
		/* Wait until the tracer has seized us. (The gate is O_CLOEXEC: no
		 * close, which would be two more stops.) */
		while (read(gate[0], &c, 1) < 0 && errno == EINTR)
			;
		if (o->run_as && backend_become_user(o->run_as) < 0)
			_exit(1);
		if (p->use_seccomp && seccomp_install(o) < 0)
			_exit(1);
		execv(o->exec_path, o->argv);
		fprintf(stderr, "procscope: exec %s: %s\n", o->exec_path, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(gate[0]);
	p->child = pid;
	if (!exec_ev)
		opts &= ~(unsigned long)PTRACE_O_TRACEEXEC;
	if (ptrace(PTRACE_SEIZE, pid, 0, opts) < 0) {
		int e = errno;

		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(gate[1]);
		return error("cannot trace the child (PTRACE_SEIZE): %s", strerror(e));
	}
	t = tracee_add(p, pid);
	t->hidden = true;
	t->exec_ev = t->want_exec_ev = exec_ev;
	/* To stop at its syscalls (execve's entry first among them), it must be
	 * resumed with PTRACE_SYSCALL from a stop. The seccomp filter makes the
	 * stops itself, so then the child need not stop here. */
	if (!p->use_seccomp) {
		if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0)
			return error("PTRACE_INTERRUPT: %s", strerror(errno));
		while (waitpid(pid, &status, __WALL) < 0) {
			if (errno != EINTR)
				return error("waitpid: %s", strerror(errno));
		}
		if (WIFSTOPPED(status))
			resume(p, t, 0);
	}
	close(gate[1]); /* let the child go on to execve */
	return 0;
}

static int attach_one(struct pt *p, pid_t tid)
{
	if (ptrace(PTRACE_SEIZE, tid, 0, p->opts) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0)
		return -errno;
	tracee_add(p, tid)->exec_ev = 1;
	return 0;
}

static int attach_cb(void *ctx, pid_t tid)
{
	struct pt *p = ctx;

	if (pidmap_get(&p->tracees, tid))
		return 1;
	return attach_one(p, tid);
}

static int attach(struct pt *p, pid_t pid)
{
	if (backend_attach_threads(pid, attach_cb, p, p->o->quiet) < 0)
		return -1;
	p->res->attached_any = true;
	return 0;
}

/* --- detach --------------------------------------------------------------------- */

/* Stop every tracee and let it go, so none is left stopped or traced. */
static void detach_all(struct pt *p)
{
	size_t i;
	int status;
	pid_t pid;

	if (p->child && pidmap_get(&p->tracees, p->child) && !p->o->pids) {
		/* As strace: the command we started gets the signal we got. */
		kill(p->child, SIGCONT);
		kill(p->child, *p->o->interrupted);
	}
	for (i = 0; i < p->tracees.cap; i++) {
		if (p->tracees.keys[i] > 0) {
			struct tracee *t = p->tracees.vals[i];

			t->detaching = true;
			/* ESRCH: already dead; its exit is still reported to waitpid below. */
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
		}
	}
	while (p->nprocs > 0) {
		struct tracee *t;

		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		t = pidmap_get(&p->tracees, pid);
		if (!t)
			continue;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			on_death(p, t, status);
			continue;
		}
		if (WIFSTOPPED(status)) {
			unsigned event = (unsigned)status >> 16;
			int sig = WSTOPSIG(status);
			int inject = 0;

			if (event == 0 && sig != (SIGTRAP | 0x80))
				inject = sig; /* a signal on its way in: deliver it */
			if (ptrace(PTRACE_DETACH, pid, 0, inject) < 0 && errno != ESRCH)
				warning("detach from %d: %s", pid, strerror(errno));
			if (!p->o->quiet && p->o->pids)
				fprintf(stderr, "procscope: Process %d detached\n", pid);
			tracee_del(p, t);
		}
	}
}

/* --- CPU wake-up latency --------------------------------------------------------- */

/* Every syscall stop is two wake-ups across CPUs (tracee -> tracer -> tracee),
 * and a CPU that found nothing to do sleeps in an idle state it takes time to
 * leave: on this kind of VM about 100 us a round trip, 10x the stop itself. A
 * PM QoS request of 0 us on /dev/cpu_dma_latency (root) keeps idle CPUs in
 * their shallowest state while it is held, as latency tools do. It is held
 * only while stops come: it is taken when 32 stops come within a tick of a
 * 100 ms interval timer, or when a task makes a new one (whose first stop is
 * next, even under a seccomp filter), and the timer drops it when none came
 * since the last
 * tick (a quiet tracee leaves the machine's power management alone). The fd
 * closes with procscope, which ends the request. --no-cpu-qos never takes it.
 * doc/performance.md has the figures. */
#define QOS_TICK_US 100000
#define QOS_BURST 32		/* stops within one tick that take the request */
#define QOS_RELEASED 2000000000	/* the kernel's default: no constraint */
static bool qos_on;			/* the request may be taken */
static bool qos_timer;			/* the tick timer and its handler are set */
static int qos_fd = -1;
static volatile sig_atomic_t qos_released = 1;
static volatile sig_atomic_t qos_stops;	/* bumped by the main loop at each stop */
static volatile sig_atomic_t qos_burst;	/* stops since the last tick, while released */
static sig_atomic_t qos_seen;

static void qos_set(int32_t us)
{
	if (write(qos_fd, &us, sizeof(us)) != sizeof(us)) {
		/* nothing to do: the trace is only slower */
	}
}

static void qos_tick(int sig)
{
	int saved = errno;

	(void)sig;
	if (qos_stops == qos_seen && !qos_released) {
		qos_set(QOS_RELEASED);
		qos_released = 1;
	}
	qos_seen = qos_stops;
	qos_burst = 0;
	errno = saved;
}

static void qos_start(const struct backend_opts *o)
{
	struct sigaction sa = { .sa_handler = qos_tick, .sa_flags = SA_RESTART };
	struct itimerval it = { { 0, QOS_TICK_US }, { 0, QOS_TICK_US } };

	if (o->no_cpu_qos)
		return;
	if (access("/dev/cpu_dma_latency", W_OK) < 0) {
		if (o->verbose_msgs)
			fprintf(stderr, "procscope: trace: no CPU latency request (/dev/cpu_dma_latency: %s);"
				" stops wake idle CPUs from their sleep\n", strerror(errno));
		return;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	qos_timer = qos_on = true;
	if (o->verbose_msgs)
		fprintf(stderr, "procscope: trace: holding a 0 us CPU wake-up latency request while "
			"stops come (--no-cpu-qos to leave it)\n");
}

/* At each stop: count it, and take the request when stops come in a burst
 * (QOS_BURST within a tick): a trace of a few stops, such as a seccomp-filtered
 * one or a short command, never pays for opening and updating it. */
static void qos_take(void)
{
	if (!qos_on || !qos_released)
		return;
	if (qos_fd < 0) {
		qos_fd = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC);
		if (qos_fd < 0) {
			qos_on = false;
			return;
		}
	}
	qos_released = 0;
	qos_set(0);
}

static inline void qos_stop(void)
{
	qos_stops++;
	if (qos_released && ++qos_burst >= QOS_BURST)
		qos_take();
}

static void qos_end(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	if (qos_timer) {
		setitimer(ITIMER_REAL, &off, NULL);
		signal(SIGALRM, SIG_DFL);
	}
	if (qos_fd >= 0)
		close(qos_fd);
	qos_fd = -1;
	qos_timer = qos_on = false;
}

/* --- main loop ------------------------------------------------------------------- */

/* The next stop. With --spin, poll for a moment before sleeping: most stops
 * follow the last resume within microseconds, and a tracer that sleeps lets its
 * CPU go idle, which costs more than the syscall on a VM that wakes idle CPUs
 * slowly. It is not the default: the CPU time the tracer burns makes the
 * scheduler favour the tracee over it later, which made fork+exec heavy work
 * 3x slower (doc/performance.md). sched_yield() lets a tracee that shares our
 * CPU run meanwhile. */
static unsigned spin_us;
static long ncpus = 1;
static unsigned long spin_hits, spin_misses;

static pid_t wait_next(int *status, int nprocs)
{
	uint64_t until = 0;
	pid_t pid;

	/* Only while a CPU is left for every tracee: a spinning tracer must not
	 * take the CPU a tracee needs (fork+exec, ping-pong between processes). */
	if (spin_us && nprocs < ncpus) {
		for (;;) {
			pid = waitpid(-1, status, __WALL | WNOHANG);
			if (pid != 0) {
				spin_hits++;
				return pid;
			}
			if (!until)
				until = now_mono_ns() + spin_us * 1000ull;
			else if (now_mono_ns() >= until)
				break;
			sched_yield();
		}
	}
	if (until)
		spin_misses++;
	return waitpid(-1, status, __WALL);
}

static int pt_run(const struct backend_opts *o, const struct trace_sink *sink, struct trace_result *res)
{
	struct pt p = { 0 };
	int i, status;
	pid_t pid;

	spin_us = o->spin_us;
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	p.o = o;
	p.sink = sink;
	p.res = res;
	p.page = sysconf(_SC_PAGESIZE);
	p.rd.read = pt_read;
	p.rd.fd_desc = pt_fd_desc;
	p.rd.be = &p;
	p.cc.rd = &p.rd;
	p.cc.opt = o->dopt;
	p.use_seccomp = o->argv && seccomp_wanted(o);
	p.opts = seize_options(o, p.use_seccomp);
	p.lean_exec = o->follow;

	if (o->argv) {
		if (spawn(&p) < 0)
			return -1;
	} else {
		for (i = 0; i < o->npids; i++)
			attach(&p, o->pids[i]);
		if (!p.nprocs)
			return -1;
	}
	/* After the spawn: the command never sees our timer or its handler. */
	qos_start(o);

	while (p.nprocs > 0) {
		struct tracee *t;

		if (*o->interrupted) {
			detach_all(&p);
			break;
		}
		pid = wait_next(&status, p.nprocs);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			error("waitpid: %s", strerror(errno));
			break;
		}
		if (qos_on)
			qos_stop();
		if (WIFSTOPPED(status)) {
			handle_stop(&p, pid, status);
			continue;
		}
		t = pidmap_get(&p.tracees, pid);
		if (t && (WIFEXITED(status) || WIFSIGNALED(status)))
			on_death(&p, t, status);
	}
	for (i = 0; (size_t)i < p.tracees.cap; i++)
		if (p.tracees.keys[i] > 0) {
			call_free(&((struct tracee *)p.tracees.vals[i])->call);
			free(p.tracees.vals[i]);
		}
	pidmap_free(&p.tracees);
	sb_release(&p.cc.tmp);
	qos_end();
	if (spin_us && o->verbose_msgs)
		fprintf(stderr, "procscope: trace: --spin: %lu stops found polling, %lu slept for\n",
			spin_hits, spin_misses);
	return 0;
}

const struct backend_ops ptrace_backend = {
	.name = "ptrace",
	.stops = true,
	.run = pt_run,
};
