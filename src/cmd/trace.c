/* trace.c: `procscope trace`, strace's options and output. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/bpf.h"
#include "cmd/cmd.h"
#include "cmd/outopts.h"
#include "core/inject.h"
#include "core/filter.h"
#include "core/pidmap.h"
#include "core/util.h"
#include "format/format.h"
#include "format/summary.h"
#include "format/record.h"
#include "syscalls/syscalls.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct trace_cfg {
	struct outopts oc;	/* what shapes the output (shared with replay) */
	struct backend_opts bo;
	struct outputs out;
	const char *outfile;
	bool append;		/* -A */
	int ff;
	pid_t *pids;
	int npids;
	int nprocs;
	const char *backend;	/* --backend: NULL (ptrace), "ptrace", "bpf" or "auto" */
	size_t bufsize;		/* --buffer-size: the bpf backend's ring buffer */
	struct pathset paths;	/* -P */
	const char *inject_kinds[32];	/* -e inject=/fault=, as outopts gathers them */
	struct inject_rule inject[INJECT_MAX];
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: procscope trace [OPTIONS] [--] COMMAND [ARGS...]\n"
"       procscope trace [OPTIONS] -p PID[,PID...]\n"
"\n"
"Trace the system calls and signals of a command, as strace does, with the same\n"
"options and the same output.\n"
"\n"
"Output:\n"
"  -o FILE          write the trace to FILE (default: stderr)\n"
"  -ff              with -o, one file per process: FILE.PID\n"
"  -A               with -o, append to FILE rather than truncate it\n"
"  --json           JSON Lines, one object per event (see doc/json.md)\n"
"  --record FILE    also write every event to FILE, to print later with\n"
"                   'procscope replay FILE' (any formatter, same text)\n"
"  -s N             show at most N bytes of each string (default 32)\n"
"  -a N             align return values at column N (default 40)\n"
"  -t, -tt, -ttt    prefix each line with the time (-tt: microseconds, -ttt: epoch)\n"
"  -r               prefix each line with the time since the previous one\n"
"  -T               show the time spent in each syscall\n"
"  -n               prefix each line with its syscall's number (the last one for\n"
"                   signal and exit lines), as strace -n\n"
"  -q, -qq, -qqq    fewer messages (attach/detach; -qq: exit status too; -qqq: all)\n"
"  -e quiet=SET     leave out these messages: attach, exit, thread-execve,\n"
"                   path-resolution, personality, all, none (! negates)\n"
"  -x, -xx          non-ASCII strings in hex (-xx: all strings)\n"
"  -X raw|abbrev|verbose   constants as numbers, names, or both\n"
"  -v               unabbreviated structures and environment\n"
"  -e abbrev=SET    abbreviate structures only for these syscalls (-v: none)\n"
"  -e verbose=SET   dereference structures only for these syscalls (others: addresses)\n"
"  -e raw=SET       print these syscalls' arguments and results undecoded, in hex\n"
"  -y, -yy          print what descriptors are: read(3</etc/passwd>, ...);\n"
"                   -yy adds socket addresses, devices and pidfds\n"
"  --decode-fds=path,socket,dev,pidfd   choose what -y decodes\n"
"\n"
"Selection:\n"
"  -e trace=SET     only these syscalls: names, %%class (%%file %%net %%process ...),\n"
"                   /regex, ?name, all, none; a leading ! negates\n"
"  -e status=SET    only syscalls that ended so: successful, failed, unfinished,\n"
"                   unavailable, detached (lines are then printed whole, at exit)\n"
"  -z, -Z           only successful (-z) or failed (-Z) syscalls\n"
"  -P PATH          only syscalls that access PATH, by name or through an fd\n"
"                   (repeat for several paths)\n"
"  -e read=FDS      hex dump of all data read from these fds (numbers, all, none, !)\n"
"  -e write=FDS     hex dump of all data written to these fds\n"
"  -e signal=SET    only these signals get --- SIG --- lines: names, numbers, all,\n"
"                   none; a leading ! negates\n"
"\n"
"Tampering:\n"
"  -e inject=SET:error=ERRNO|:retval=N[:when=EXPR]   do not run these syscalls: the\n"
"                   program gets the error or N; when=FIRST[..LAST][+[STEP]] picks\n"
"                   which calls (each task counts its own; default every one)\n"
"  -e fault=SET[:error=ERRNO][:when=EXPR]   the same, error ENOSYS by default\n"
"\n"
"Tracing:\n"
"  -f               follow forks, vforks and threads\n"
"  -p PID           attach to running processes (repeat, or PID,PID)\n"
"  -u USER          run the command as USER\n"
"  -E VAR=VAL, -E VAR   set VAR in the command's environment, or remove it\n"
"  --seccomp-bpf    always stop only at selected syscalls (default with -f and -e trace=)\n"
"  --no-seccomp     never install the seccomp filter\n"
"  --no-cpu-qos     ptrace: do not hold a 0 us CPU wake-up latency request\n"
"                   (/dev/cpu_dma_latency, root) while stops come; it keeps idle\n"
"                   CPUs polling, which makes each stop up to 10x cheaper on VMs\n"
"  --spin[=US]      ptrace: poll US microseconds (50) for the next stop before\n"
"                   sleeping; faster for one busy process, slower with forks\n"
"  --backend=ptrace|bpf|auto   how to trace (default ptrace); bpf needs root and a\n"
"                   kernel with BTF; auto takes bpf when it can (doc/bpf.md)\n"
"  --buffer-size=N  bpf: ring buffer bytes, a power of 2 (K, M suffixes; default 8M)\n"
"\n"
"Statistics:\n"
"  -c               count time, calls and errors of each syscall; print only the table\n"
"  -C               like -c, and print the trace as well\n"
"  -w               summarise wall-clock latency instead of system CPU time\n"
"  -S SORT          sort the table by time, min-time, max-time, avg-time, calls,\n"
"                   errors, name or nothing (default time)\n"
"  -U COLUMNS       table columns, in order: time-percent, total-time, min-time,\n"
"                   max-time, avg-time, calls, errors, name\n"
"  -O OVERHEAD      subtract OVERHEAD (e.g. 2us) from each syscall's time\n"
"\n"
"  -h, --help       this help         -V, --version   version\n"
"\n"
"Examples (the strace command each replaces is the same with 'strace'):\n"
"  procscope trace ls -l /etc                  every syscall of ls\n"
"  procscope trace -f -e trace=%%file make      files opened by make and its children\n"
"  procscope trace -p 1234 -e trace=read,write  what a running process reads and writes\n"
"  procscope trace -ff -o out ./server         one trace file per process\n"
"  procscope trace --json -o t.jsonl ./prog    machine-readable trace\n");
}

static int parse_pids(struct trace_cfg *c, const char *arg)
{
	char *copy = xstrdup(arg), *save = NULL, *tok;
	long v;

	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (parse_long(tok, 1, 0x7fffffff, &v) < 0) {
			error("trace: -p: invalid process id '%s'", tok);
			free(copy);	/* tok points into it */
			return -1;
		}
		if (v == getpid()) {
			free(copy);
			return error("trace: -p %ld: that is procscope itself", v);
		}
		c->pids = xrealloc(c->pids, (c->npids + 1) * sizeof(*c->pids));
		c->pids[c->npids++] = (pid_t)v;
	}
	free(copy);
	return 0;
}

/* Find the command as execvp would, so a typo is reported before anything starts. */
static char *resolve_command(const char *cmd)
{
	const char *path = getenv("PATH");
	char *dirs, *save = NULL, *d;
	struct stat st;

	if (strchr(cmd, '/')) {
		if (stat(cmd, &st) < 0) {
			error("trace: cannot run '%s': %s", cmd, strerror(errno));
			return NULL;
		}
		return xstrdup(cmd);
	}
	dirs = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *full = xmalloc(strlen(d) + strlen(cmd) + 2);

		sprintf(full, "%s/%s", *d ? d : ".", cmd);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0) {
			free(dirs);
			return full;
		}
		free(full);
	}
	free(dirs);
	error("trace: cannot run '%s': command not found", cmd);
	return NULL;
}

static void sink_event(void *ctx, const struct event *ev)
{
	struct formatter *f = ctx;

	f->ops->event(f, ev);
}

/* -P: only syscalls that touch one of the paths reach the formatters. The
 * decision is made at entry; the exit (or the death inside the call) of a
 * call left out is left out too. */
struct path_filter {
	const struct pathset *ps;
	struct pidmap skipping; /* tid -> non-NULL while its current call is left out */
	bool keep_desc;		/* -y given: the fd descriptions are shown */
	struct formatter *next;
};

static void path_filter_event(void *ctx, const struct event *ev)
{
	struct path_filter *pf = ctx;
	struct event e;
	int i;

	switch (ev->type) {
	case EV_SYSCALL_ENTRY:
		if (!pathset_match(pf->ps, ev->call)) {
			pidmap_put(&pf->skipping, ev->pid, pf);
			return;
		}
		pidmap_del(&pf->skipping, ev->pid);
		/* Captured for the match only: without -y they are not shown. */
		if (!pf->keep_desc)
			for (i = 0; i < SC_MAX_ARGS; i++)
				ev->call->cap[CAP_FDDESC(i)].flags = 0;
		break;
	case EV_SYSCALL_EXIT:
		if (pidmap_del(&pf->skipping, ev->pid))
			return;
		break;
	case EV_EXITED:
	case EV_KILLED:
	case EV_SUPERSEDED:
		if (pidmap_del(&pf->skipping, ev->pid) && ev->call) {
			e = *ev;
			e.call = NULL;
			pf->next->ops->event(pf->next, &e);
			return;
		}
		break;
	case EV_RENAMED:
		/* After a non-leader execve, its call goes on under the leader's pid. */
		if (pidmap_del(&pf->skipping, ev->other))
			pidmap_put(&pf->skipping, ev->pid, pf);
		else
			pidmap_del(&pf->skipping, ev->pid);
		break;
	default:
		break;
	}
	pf->next->ops->event(pf->next, ev);
}

/* The summary's system time: the CPU time the thread has run, read while it
 * is stopped at the syscall's entry and exit (so the difference is the time
 * the kernel spent on the call). The thread's own schedstat gives nanoseconds;
 * strace's wait4 rusage gives the whole process's sampled stime (doc/summary.md). */
static int thread_cpu_ns(pid_t tid, uint64_t *ns)
{
	char path[64], buf[128];
	unsigned long long run;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	if (sscanf(buf, "%llu", &run) != 1)
		return -EIO;
	*ns = run;
	return 0;
}

/* --buffer-size=N[K|M]: a power of 2, at least a page, at most 1 GiB. */
static int parse_buffer_size(const char *arg, size_t *out)
{
	size_t n = strlen(arg), mult = 1, v;
	char *num = xstrdup(arg);
	long l;
	int rc;

	if (n && (arg[n - 1] == 'K' || arg[n - 1] == 'k'))
		mult = 1024;
	else if (n && (arg[n - 1] == 'M' || arg[n - 1] == 'm'))
		mult = 1024 * 1024;
	if (mult > 1)
		num[n - 1] = 0;
	rc = parse_long(num, 1, 1L << 30, &l);
	free(num);
	v = rc < 0 ? 0 : (size_t)l * mult;
	if (v > (1u << 30) || (v & (v - 1)) || v < (size_t)sysconf(_SC_PAGESIZE))
		return error("trace: --buffer-size: expected a power of 2 from 4K to 1024M, not '%s'",
			     arg);
	*out = v;
	return 0;
}

/* What only the ptrace backend can do among the options given, or NULL. */
static const char *ptrace_only(const struct trace_cfg *c, const char **why)
{
	const struct dopts *d = &c->oc.fo.d;

	if (c->bo.ninject) {
		*why = "only a tracer that stops the syscall can change what it does";
		return "-e inject=/fault=";
	}
	if (d->decode_fds || d->fd_paths) {
		*why = "what an fd refers to is read from /proc at a syscall stop, which only the "
		       "ptrace backend has";
		return d->decode_fds ? "-y" : "-P";
	}
	if (fdset_any(d->dump_read) || fdset_any(d->dump_write)) {
		*why = "a dump takes a whole buffer (up to 16 MiB), the bpf backend's copies 4 KiB";
		return fdset_any(d->dump_read) ? "-e read=" : "-e write=";
	}
	return NULL;
}

/* --backend: bpf when asked (or, with auto, when it loads), else ptrace.
 * Options only ptrace can do (-y, -P, -e read=/write=): auto keeps ptrace
 * then, and bpf asked for by name says it cannot. NULL when bpf was asked
 * for and cannot be had. */
static const struct backend_ops *choose_backend(struct trace_cfg *c)
{
	const struct backend_ops *be = &ptrace_backend;
	struct strbuf why = STRBUF_INIT;
	bool auto_ = c->backend && !strcmp(c->backend, "auto");
	const char *reason = NULL, *opt = ptrace_only(c, &reason);

	if (!c->backend || !strcmp(c->backend, "ptrace"))
		return be;
	if (opt && !auto_) {
		error("trace: --backend=bpf cannot do %s: %s (use --backend=ptrace or auto)", opt, reason);
		return NULL;
	}
	if (opt)
		sb_printf(&why, "%s needs the ptrace backend", opt);
	else
		be = bpf_backend_load(&c->bo, c->bufsize ? c->bufsize : BPF_BUFSIZE_DEFAULT, &why);
	if (!be && !auto_) {
		error("trace: --backend=bpf: %s", why.buf);
		sb_release(&why);
		return NULL;
	}
	if (!be)
		be = &ptrace_backend;
	if (c->oc.fo.d.verbose) {
		if (auto_ && why.len)
			fprintf(stderr, "procscope: trace: backend %s (auto: bpf %s)\n", be->name, why.buf);
		else
			fprintf(stderr, "procscope: trace: backend %s%s\n", be->name, auto_ ? " (auto)" : "");
	}
	sb_release(&why);
	return be;
}

/* Leave as the traced command left: its exit code, or its signal. */
static int exit_like(const struct trace_result *r)
{
	if (!r->have_status)
		return 0;
	if (r->term_sig) {
		struct rlimit no_core = { 0, 0 };
		sigset_t all;

		fflush(NULL);
		setrlimit(RLIMIT_CORE, &no_core);
		signal(r->term_sig, SIG_DFL);
		sigemptyset(&all);
		sigaddset(&all, r->term_sig);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		raise(r->term_sig);
		return 128 + r->term_sig;
	}
	return r->exit_code;
}

enum {
	OPT_SECCOMP = OUTOPT_FIRST_FREE,
	OPT_NO_SECCOMP,
	OPT_BACKEND,
	OPT_BUFFER_SIZE,
	OPT_RECORD,
	OPT_SPIN,
	OPT_NO_CPU_QOS,
};

int cmd_trace(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "output", required_argument, NULL, 'o' },
		{ "follow-forks", no_argument, NULL, 'f' },
		{ "attach", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "output-append-mode", no_argument, NULL, 'A' },
		{ "env", required_argument, NULL, 'E' },
		{ "trace-path", required_argument, NULL, 'P' },
		OUTOPTS_LONG,
		{ "seccomp-bpf", no_argument, NULL, OPT_SECCOMP },
		{ "no-seccomp", no_argument, NULL, OPT_NO_SECCOMP },
		{ "backend", required_argument, NULL, OPT_BACKEND },
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "spin", optional_argument, NULL, OPT_SPIN },
		{ "no-cpu-qos", no_argument, NULL, OPT_NO_CPU_QOS },
		{ NULL, 0, NULL, 0 },
	};
	static const char shortopts[] = "+" OUTOPTS_SHORT "o:AE:fhVp:u:P:";
	static const int own_ignored[] = { SIGPIPE, SIGTTOU, SIGTTIN };
	struct sigaction saved_act[ARRAY_SIZE(own_ignored)];
	struct trace_cfg c = { 0 };
	struct trace_result res = { 0 };
	struct formatter *fmt;
	struct trace_sink sink;
	struct path_filter pf = { 0 };
	const struct backend_ops *be;
	struct sigaction sa;
	char *exec_path = NULL;
	const char *record_path = NULL;
	int record_fd = -1;
	int opt, rc, i;
	long v;

	/* First of all: a SIGTERM from now on detaches and ends cleanly. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: waitpid must return so that we can detach. */
	for (i = 0; i < 4; i++)
		sigaction((int[]){ SIGINT, SIGTERM, SIGHUP, SIGQUIT }[i], &sa, NULL);

	outopts_init(&c.oc, "trace");
	c.oc.inject_kinds = c.inject_kinds;
	progname = "procscope";
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		rc = outopts_option(&c.oc, opt, optarg);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0) {
			if (opt == 'v')
				c.bo.verbose_msgs = true;
			continue;
		}
		switch (opt) {
		case 'o':
			c.outfile = optarg;
			break;
		case 'A':
			c.append = true;
			break;
		case 'E':
			/* the command's environment: VAR=VAL sets, VAR unsets */
			if (!*optarg || *optarg == '=')
				die(EXIT_USAGE, "trace: -E '%s': expected VAR=VALUE or VAR", optarg);
			if (strchr(optarg, '=') ? putenv(optarg) != 0 : unsetenv(optarg) != 0)
				die(EXIT_USAGE, "trace: -E '%s': %s", optarg, strerror(errno));
			break;
		case 'f':
			c.ff++;
			break;
		case 'P':
			pathset_add(&c.paths, optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("procscope trace version %s (strace 6.1 compatible output)\n", PROCSCOPE_VERSION);
			return 0;
		case 'p':
			if (parse_pids(&c, optarg) < 0)
				return EXIT_USAGE;
			break;
		case 'u':
			c.bo.run_as = optarg;
			break;
		case OPT_RECORD:
			record_path = optarg;
			break;
		case OPT_SPIN:
			v = 50;
			if (optarg && parse_long(optarg, 1, 100000, &v) < 0)
				die(EXIT_USAGE, "trace: --spin=%s: expected microseconds (1..100000)", optarg);
			c.bo.spin_us = v;
			break;
		case OPT_NO_CPU_QOS:
			c.bo.no_cpu_qos = true;
			break;
		case OPT_SECCOMP:
			c.bo.seccomp = 1;
			break;
		case OPT_NO_SECCOMP:
			c.bo.seccomp = -1;
			break;
		case OPT_BACKEND:
			if (strcmp(optarg, "ptrace") && strcmp(optarg, "auto") && strcmp(optarg, "bpf"))
				die(EXIT_USAGE, "trace: --backend=%s: unknown backend (ptrace, bpf, auto)",
				    optarg);
			c.backend = optarg;
			break;
		case OPT_BUFFER_SIZE:
			if (parse_buffer_size(optarg, &c.bufsize) < 0)
				return EXIT_USAGE;
			break;
		default:
			return cmd_bad_option("trace", shortopts, argv);
		}
	}
	outopts_finish(&c.oc);
	_Static_assert(INJECT_MAX == ARRAY_SIZE(c.oc.inject_specs), "one rule per spec outopts keeps");
	rc = 0;
	for (i = 0; i < c.oc.ninject; i++) {
		if (rc == 0)
			rc = inject_parse(c.inject_kinds[i], c.oc.inject_specs[i], &c.inject[i]);
		free(c.oc.inject_specs[i]);
	}
	if (rc < 0)
		return EXIT_USAGE;
	c.bo.inject = c.inject;
	c.bo.ninject = c.oc.ninject;
	/* Only trace= narrows what the backend stops at. */
	c.bo.select_all = c.oc.select_all;
	c.bo.trace_unknown = c.oc.trace_unknown;
	if (optind >= argc && !c.npids) {
		error("trace: must have a COMMAND to run or -p PID to attach to");
		fprintf(stderr, "Try 'procscope trace --help' for more information.\n");
		return EXIT_USAGE;
	}
	if (optind < argc && c.npids)
		die(EXIT_USAGE, "trace: give either a COMMAND or -p PID, not both");
	if (c.ff > 1 && !c.outfile)
		c.ff = 1; /* strace: -ff without -o is -f */
	/* The seccomp filter, and when it cannot be used (doc/INTERNALS.md). */
	if (c.bo.seccomp > 0 && c.npids)
		warning("trace: --seccomp-bpf is not possible for processes attached with -p; "
			"every syscall stops and the selection is applied by procscope");
	else if (c.bo.seccomp > 0 && !c.ff)
		warning("trace: --seccomp-bpf needs -f (a child that is not traced would get ENOSYS "
			"from every selected syscall), disabling");
	else if (c.oc.fo.d.verbose && !c.bo.select_all && c.npids)
		warning("trace: attached with -p: no seccomp filter can be installed in a running "
			"process, so every syscall stops and the selection is applied by procscope");
	if (c.bo.seccomp > 0 && (c.npids || !c.ff))
		c.bo.seccomp = -1;
	if (optind < argc) {
		exec_path = resolve_command(argv[optind]);
		if (!exec_path)
			return 1;
	}

	if (record_path) {
		record_fd = open(record_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (record_fd < 0) {
			error("trace: cannot open recording '%s': %s", record_path, strerror(errno));
			return 1;
		}
	}
	if (outputs_open(&c.out, c.outfile, (c.ff > 1 ? OUT_PER_PID : 0) | (c.append ? OUT_APPEND : 0)) < 0)
		return 1;
	/* A terminal shows each line as the tracee runs: print it first, as strace does. */
	if (c.out.main && c.out.main->tty)
		c.bo.sink_needs_stop = true;
	c.oc.fo.out = &c.out;
	c.oc.fo.follow = c.ff > 0;
	c.oc.fo.initial_procs = c.npids > 1 ? c.npids : 1;
	c.oc.fo.pid_pfx_file = c.outfile && c.ff < 2 && (c.ff == 1 || c.npids > 1) && !c.oc.json;
	c.oc.fo.nprocs = &c.nprocs;
	c.oc.fo.backend = ptrace_backend.name;
	c.oc.fo.argv = optind < argc ? argv + optind : NULL;
	c.oc.fo.attach_pids = c.pids;
	c.oc.fo.nattach = c.npids;

	c.bo.argv = optind < argc ? argv + optind : NULL;
	c.bo.exec_path = exec_path;
	c.bo.pids = c.pids;
	c.bo.npids = c.npids;
	c.bo.follow = c.ff > 0;
	c.bo.selected = c.oc.selected;
	/* What is captured follows the fullest decoding any syscall gets: with
	 * -e abbrev=SET the syscalls outside SET print as -v does (execve's
	 * environment in full), so their memory must be there to print. */
	c.bo.dopt = c.oc.fo.abbrev_set ? &c.oc.fo.d_full : &c.oc.fo.d;
	c.oc.fo.d.fd_paths = c.paths.n > 0;
	c.oc.fo.d_full.fd_paths = c.oc.fo.d_abbrev.fd_paths = c.oc.fo.d.fd_paths;
	c.bo.quiet = (c.oc.fo.quiet & QUIET_ATTACH) != 0;
	c.bo.nprocs = &c.nprocs;
	c.bo.interrupted = &interrupted;
	c.bo.timestamps = c.oc.fo.tstamp || c.oc.fo.relative || c.oc.fo.durations || c.oc.summary || c.oc.json ||
			  record_path;

	/* procscope ignores these for itself; the command gets them back as they were. */
	for (i = 0; i < (int)ARRAY_SIZE(own_ignored); i++) {
		struct sigaction ign = { .sa_handler = SIG_IGN };

		sigaction(own_ignored[i], &ign, &saved_act[i]);
	}
	c.bo.restore_signo = own_ignored;
	c.bo.restore_act = saved_act;
	c.bo.nrestore = ARRAY_SIZE(own_ignored);

	be = choose_backend(&c);
	if (!be) {
		outputs_close(&c.out);
		free(exec_path);
		free(c.pids);
		pathset_free(&c.paths);
		return 1;
	}
	c.oc.fo.backend = be->name;
	if (c.oc.summary && !c.oc.fo.summary_wall && !be->stops) {
		/* The CPU time is read at each stop; a backend whose tracees
		 * never stop (bpf) would read the clock later and count whatever
		 * the task did since. Its entry and exit times it has. */
		fprintf(stderr, "procscope: trace: --backend=%s: -c counts the wall-clock time in each "
			"syscall (as -w does); the CPU time needs the ptrace backend\n", be->name);
		c.oc.fo.summary_wall = true;
	} else if (c.oc.summary && !c.oc.fo.summary_wall) {
		/* The table's time is the CPU time read at each stop. */
		c.oc.fo.cpu_clock = thread_cpu_ns;
		c.bo.sink_needs_stop = true;
	}
	fmt = outopts_formatter(&c.oc);
	if (record_path) {
		struct record_meta m = {
			.strsize = c.oc.fo.d.strsize,
			.decode_fds = c.oc.fo.d.decode_fds,
			.verbose = c.oc.fo.d.verbose,
			.follow = c.ff > 0,
			.npids = (uint16_t)c.npids,
			.argv = c.oc.fo.argv,
			.backend = (char *)be->name,
		};
		struct formatter *two[2] = { fmt, fmt_record_new(&c.oc.fo, record_fd, &m) };

		fmt = fmt_tee_new(two, 2);
	}
	sink.event = sink_event;
	sink.ctx = fmt;
	if (c.paths.n) {
		pf.ps = &c.paths;
		pf.keep_desc = c.oc.fo.d.decode_fds != 0;
		pf.next = fmt;
		sink.event = path_filter_event;
		sink.ctx = &pf;
	}
	rc = be->run(&c.bo, &sink, &res);
	fmt->ops->finish(fmt);
	fmt->ops->free(fmt);
	outputs_close(&c.out);
	free(exec_path);
	free(c.pids);
	pathset_free(&c.paths);
	pidmap_free(&pf.skipping);
	if (rc < 0)
		return 1;
	if (interrupted && !res.have_status) {
		/* Detached on request: the tracees run on. */
		return 128 + interrupted;
	}
	if (c.out.error)
		return 1;
	return exit_like(&res);
}
