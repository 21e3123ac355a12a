/* backend.h: what a backend does, whatever the mechanism (ptrace, eBPF).
 *
 * A backend starts or attaches to the tracees, turns kernel notifications
 * into struct event, copies tracee memory by the capture plan at the moment
 * of the stop, and hands every event to the sink. It never formats.
 *
 * USAGE
 *   struct backend_opts bo = { ... };
 *   struct trace_sink sink = { .event = fn, .ctx = p };
 *   rc = ptrace_backend.run(&bo, &sink, &result);
 */
#ifndef PROCSCOPE_BACKEND_H
#define PROCSCOPE_BACKEND_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/event.h"
#include "core/inject.h"
#include "format/out.h"
#include "syscalls/syscalls.h"

struct trace_sink {
	void (*event)(void *ctx, const struct event *ev);
	void *ctx;
};

struct backend_opts {
	char **argv;		 /* the command to start, or NULL with pids */
	const char *exec_path;	 /* argv[0] resolved through PATH */
	pid_t *pids;		 /* -p */
	int npids;
	bool follow;		 /* -f */
	const uint8_t *selected; /* syscall numbers to report, SC_TABLE_SIZE bits */
	bool select_all;	 /* every syscall is selected */
	bool trace_unknown;	 /* numbers >= SC_TABLE_SIZE are selected */
	int seccomp;		 /* -1 never, 0 auto, 1 forced */
	const struct dopts *dopt;
	int verbose;
	int quiet;
	const char *run_as;	 /* -u USER */
	int *nprocs;		 /* kept current for the formatters' pid prefix */
	/* Signal dispositions procscope changed for itself, to give back to the
	 * command before its execve (an ignored signal survives exec). */
	const int *restore_signo;
	const struct sigaction *restore_act;
	int nrestore;
	volatile sig_atomic_t *interrupted;
	unsigned spin_us;	 /* --spin: poll this long for the next stop before sleeping */
	bool no_cpu_qos;	 /* --no-cpu-qos: leave the CPUs' idle states alone */
	bool verbose_msgs;	 /* -v: say what the backend did */
	/* Some output shows times (-t, -r, -T, -c, --json, --record); without
	 * it a backend may leave them 0 (bpf then reads no clock per syscall). */
	bool timestamps;
	/* Emit a syscall event before resuming the tracee: the sink reads the
	 * stopped tracee (the summary's CPU clock), or writes each line as it
	 * comes (a terminal), which must show before what the tracee does next. */
	bool sink_needs_stop;
	/* -e inject=/fault=: the rules, the last given first to match */
	const struct inject_rule *inject;
	int ninject;
};

/* How the traced command ended. */
struct trace_result {
	bool have_status;
	int exit_code;		/* WIFEXITED */
	int term_sig;		/* WIFSIGNALED: signal, else 0 */
	bool core;
	bool attached_any;
};

struct backend_ops {
	const char *name;
	/* The tracee is stopped while its syscall is reported: what the sink
	 * reads of it then (its CPU clock for -c) is as of that syscall. */
	bool stops;
	int (*run)(const struct backend_opts *o, const struct trace_sink *sink,
		   struct trace_result *res);
};

extern const struct backend_ops ptrace_backend;

/* -u USER: in the child, before its execve (groups, gid, then uid). 0 or -1. */
int backend_become_user(const char *user);
/* -p: one(ctx, tid) for every thread of pid (0 attached, 1 already known,
 * -errno; -ESRCH is a thread that just exited), then "Process N attached".
 * Returns the threads attached, or -1 after saying why. */
int backend_attach_threads(pid_t pid, int (*one)(void *ctx, pid_t tid), void *ctx, bool quiet);

static inline bool backend_selected(const struct backend_opts *o, long nr)
{
	if (o->select_all)
		return true;
	if (nr < 0 || nr >= SC_TABLE_SIZE)
		return o->trace_unknown;
	return o->selected[nr >> 3] & (1u << (nr & 7));
}

/* Whether the backend must stop at nr: to show it, or to tamper with it. */
static inline bool backend_stops(const struct backend_opts *o, long nr)
{
	int i;

	if (backend_selected(o, nr))
		return true;
	for (i = 0; i < o->ninject; i++)
		if (inject_applies(&o->inject[i], nr))
			return true;
	return false;
}

#endif
