/* show.c: `procscope show [-T] [-e] [--json] PID`, the whole dossier of a
 * process: identity, credentials, capabilities and security, signal masks,
 * memory and scheduling, namespaces, cgroup, limits, io, wchan and kernel
 * stack, environment (-e), open fds by kind and the shared libraries.
 *
 * Each part is read on its own; one that cannot be read is shown as '-'
 * with the reason (JSON: null, and the reason under "unavailable"), never
 * as zero. A process that exits while being read is reported as gone, with
 * what was read before. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "procfs/fdclass.h"
#include "procfs/proc.h"

#define SHOW_SCHEMA "procscope.show/1"
#define MAX_PARENTS 64
#define MAX_LIMITS 32

static void usage(FILE *f)
{
	fprintf(f,
		"usage: procscope show [-T] [-e] [--json] PID\n\n"
		"Everything /proc tells about one process: command line, exe ('(deleted)'\n"
		"when gone), cwd, root, state, parent chain, uids and gids, the five\n"
		"capability sets and seccomp, signal masks by name, memory, page faults,\n"
		"context switches, scheduling, namespaces (marking those that differ from\n"
		"PID 1's), cgroup, limits, io, wchan and kernel stack, open fds by kind and\n"
		"the shared libraries. What cannot be read shows '-' and the reason.\n\n"
		"options:\n"
		"  -T, --threads   signal masks (and state) of every thread\n"
		"  -e, --env       the environment too\n"
		"  -j, --json      JSON (schema " SHOW_SCHEMA ", see doc/procfs.md)\n"
		"  -h, --help      this help\n\n"
		"examples:\n"
		"  procscope show $$            your shell\n"
		"  procscope show -T -e 1234    with each thread's signal masks and the environment\n"
		"  procscope show --json 1234 | jq '.security.capabilities.effective.names'\n");
}

/* Everything read, and why a part is missing. */
struct unavail {
	const char *what;
	int err;
};

struct thread_info {
	pid_t tid;
	char comm[PROC_COMM_MAX];
	char state;
	bool have_status;
	struct proc_status ss;
};

struct dossier {
	pid_t pid;
	bool gone;
	struct proc_stat st;
	bool have_stat;
	struct proc_status ss;
	bool have_status;
	struct strbuf cmdline, exe, cwd, root, wchan, stack, environ, cgroup, io;
	bool have_cmdline, have_exe, have_cwd, have_root, have_wchan, have_stack, have_environ,
		have_cgroup, have_io;
	bool exe_deleted;
	struct { pid_t pid; char comm[PROC_COMM_MAX]; } parents[MAX_PARENTS];
	size_t nparents;
	unsigned long long ns[16], init_ns[16];
	bool have_ns[16], have_init_ns[16];
	struct proc_limit limits[MAX_LIMITS];
	int nlimits; /* -1: unavailable */
	int nfds;    /* -errno when unavailable */
	unsigned fd_counts[FD_CLASS__COUNT];
	struct proc_maps maps;
	bool have_maps;
	const char *libs[256];
	size_t nlibs;
	struct thread_info *threads;
	size_t nthreads;
	struct unavail un[32];
	size_t nun;
};

static void missing(struct dossier *d, const char *what, int err)
{
	if (err == -ESRCH)
		d->gone = true;
	if (d->nun < ARRAY_SIZE(d->un))
		d->un[d->nun++] = (struct unavail){ what, -err };
}

static const char *reason(const struct dossier *d, const char *what)
{
	size_t i;

	for (i = 0; i < d->nun; i++)
		if (!strcmp(d->un[i].what, what))
			return d->un[i].err == ESRCH ? "process exited" : strerror(d->un[i].err);
	return "not available";
}

/* Read one file into sb; on failure note why under what. */
static bool get_file(struct dossier *d, const struct proc *p, const char *name, const char *what,
		     struct strbuf *sb)
{
	int r = proc_read_file(p, name, sb);

	if (r)
		missing(d, what, r);
	return !r;
}

static bool get_link(struct dossier *d, const struct proc *p, const char *name, const char *what,
		     struct strbuf *sb)
{
	int r = proc_read_link(p, name, sb);

	if (r)
		missing(d, what, r);
	return !r;
}

static void read_parents(struct dossier *d)
{
	pid_t pid = d->st.ppid;

	while (pid > 0 && d->nparents < MAX_PARENTS) {
		struct proc p;
		struct proc_stat st;

		if (proc_open(&p, pid))
			break; /* exited meanwhile: the chain ends there */
		if (proc_read_stat(&p, &st)) {
			proc_close(&p);
			break;
		}
		proc_close(&p);
		d->parents[d->nparents].pid = pid;
		memcpy(d->parents[d->nparents].comm, st.comm, sizeof(st.comm));
		d->nparents++;
		if (pid == 1)
			break;
		pid = st.ppid;
	}
}

static void read_threads(struct dossier *d, const struct proc *p)
{
	pid_t *tids;
	size_t n, i;
	int r = proc_list_pids(p->dirfd, "task", &tids, &n);

	if (r) {
		missing(d, "threads", r);
		return;
	}
	d->threads = xcalloc(n + 1, sizeof(*d->threads));
	for (i = 0; i < n; i++) {
		struct thread_info *t = &d->threads[d->nthreads];
		struct proc_stat st;
		struct proc tp;

		if (proc_open_task(&tp, d->pid, tids[i]))
			continue;
		if (!proc_read_stat(&tp, &st)) {
			t->tid = tids[i];
			memcpy(t->comm, st.comm, sizeof(st.comm));
			t->state = st.state;
			t->have_status = !proc_read_status(&tp, &t->ss) && (t->ss.have & PST_SIG);
			d->nthreads++;
		}
		proc_close(&tp);
	}
	free(tids);
}

static int read_dossier(struct dossier *d, pid_t pid, bool threads, bool env)
{
	struct proc p, init;
	size_t i;
	int r;

	d->pid = pid;
	r = proc_open(&p, pid);
	if (r)
		return r;
	r = proc_read_stat(&p, &d->st);
	if (r) {
		proc_close(&p);
		return r;
	}
	d->have_stat = true;
	r = proc_read_status(&p, &d->ss);
	if (r)
		missing(d, "status", r);
	d->have_status = !r;
	d->have_cmdline = !proc_read_cmdline(&p, &d->cmdline) && d->cmdline.len;
	d->have_exe = get_link(d, &p, "exe", "exe", &d->exe);
	if (d->have_exe && d->exe.len > 10 && !strcmp(d->exe.buf + d->exe.len - 10, " (deleted)")) {
		d->exe.buf[d->exe.len -= 10] = '\0';
		d->exe_deleted = true;
	}
	d->have_cwd = get_link(d, &p, "cwd", "cwd", &d->cwd);
	d->have_root = get_link(d, &p, "root", "root", &d->root);
	read_parents(d);

	for (i = 0; i < proc_ns_ntypes && i < ARRAY_SIZE(d->ns); i++) {
		r = proc_read_ns(&p, proc_ns_types[i], &d->ns[i]);
		d->have_ns[i] = !r;
		if (r && r != -ENOENT) /* ENOENT: a type this kernel lacks */
			missing(d, "namespaces", r);
	}
	r = proc_open(&init, 1);
	if (!r) {
		int e = 0;

		for (i = 0; i < proc_ns_ntypes && i < ARRAY_SIZE(d->ns); i++) {
			r = proc_read_ns(&init, proc_ns_types[i], &d->init_ns[i]);
			d->have_init_ns[i] = !r;
			if (r && r != -ENOENT)
				e = r;
		}
		proc_close(&init);
		r = e;
	}
	if (r) /* the mark "differs from PID 1" needs PID 1's links */
		d->un[d->nun < ARRAY_SIZE(d->un) ? d->nun++ : d->nun - 1] =
			(struct unavail){ "init_namespaces", -r };
	d->have_cgroup = get_file(d, &p, "cgroup", "cgroup", &d->cgroup);
	{
		struct strbuf sb = STRBUF_INIT;

		d->nlimits = -1;
		if (get_file(d, &p, "limits", "limits", &sb)) {
			d->nlimits = proc_limits_parse(sb.buf, sb.len, d->limits, MAX_LIMITS);
			if (d->nlimits < 0)
				missing(d, "limits", d->nlimits);
		}
		sb_release(&sb);
	}
	d->have_io = get_file(d, &p, "io", "io", &d->io);
	d->have_wchan = get_file(d, &p, "wchan", "wchan", &d->wchan);
	d->have_stack = get_file(d, &p, "stack", "stack", &d->stack);
	if (env)
		d->have_environ = get_file(d, &p, "environ", "environ", &d->environ);
	d->nfds = fd_count_by_class(pid, d->fd_counts);
	if (d->nfds < 0)
		missing(d, "fds", d->nfds);
	r = proc_read_maps(&p, false, &d->maps);
	if (r) {
		missing(d, "libs", r);
	} else {
		d->have_maps = true;
		proc_maps_label(&d->maps, d->have_exe ? d->exe.buf : NULL);
		d->nlibs = proc_maps_libs(&d->maps, d->have_exe ? d->exe.buf : NULL, d->libs,
					  ARRAY_SIZE(d->libs));
	}
	if (threads)
		read_threads(d, &p);
	if (proc_is_gone(&p))
		d->gone = true;
	proc_close(&p);
	return 0;
}

static void release_dossier(struct dossier *d)
{
	sb_release(&d->cmdline);
	sb_release(&d->exe);
	sb_release(&d->cwd);
	sb_release(&d->root);
	sb_release(&d->wchan);
	sb_release(&d->stack);
	sb_release(&d->environ);
	sb_release(&d->cgroup);
	sb_release(&d->io);
	proc_maps_release(&d->maps);
	free(d->threads);
}

static const char *state_name(char s)
{
	switch (s) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk sleep";
	case 'Z': return "zombie";
	case 'T': return "stopped";
	case 't': return "tracing stop";
	case 'X': return "dead";
	case 'I': return "idle";
	case 'P': return "parked";
	default: return "unknown";
	}
}

static const char *const cap_keys[CAP_SET__COUNT] = { "inheritable", "permitted", "effective",
						      "bounding", "ambient" };
static const char *const cap_tags[CAP_SET__COUNT] = { "CapInh", "CapPrm", "CapEff", "CapBnd",
						      "CapAmb" };
static const char *const sig_keys[SIG_SET__COUNT] = { "pending", "shared_pending", "blocked",
						      "ignored", "caught" };
static const char *const sig_tags[SIG_SET__COUNT] = { "SigPnd", "ShdPnd", "SigBlk", "SigIgn",
						      "SigCgt" };
static const char *const io_keys[] = { "rchar", "wchar", "syscr", "syscw", "read_bytes",
				       "write_bytes", "cancelled_write_bytes" };
static const char *const seccomp_modes[] = { "disabled", "strict", "filter" };

/* ---- text ------------------------------------------------------------------------ */

static void t_field(struct strbuf *o, const char *key, const char *val)
{
	sb_printf(o, "  %-14s %s\n", key, val);
}

static void t_missing(struct strbuf *o, const struct dossier *d, const char *key, const char *what)
{
	sb_printf(o, "  %-14s - (%s)\n", key, reason(d, what));
}

static void t_id(struct strbuf *o, unsigned id, bool group)
{
	const char *name = group ? proc_group_name(id) : proc_user_name(id);

	sb_printf(o, "%u(%s)", id, name ? name : "?");
}

static void t_sigs(struct strbuf *o, const struct proc_status *ss, const char *indent)
{
	struct strbuf names = STRBUF_INIT;
	int k;

	for (k = 0; k < SIG_SET__COUNT; k++) {
		sb_reset(&names);
		proc_format_sigmask(&names, ss->sig[k], ",");
		sb_printf(o, "%s%-14s %016llx %s\n", indent, sig_tags[k],
			  (unsigned long long)ss->sig[k], names.len ? names.buf : "-");
	}
	sb_release(&names);
}

static void print_text(struct strbuf *o, struct dossier *d, bool env)
{
	const struct proc_status *ss = &d->ss;
	struct strbuf v = STRBUF_INIT;
	size_t i;
	int k;

	sb_printf(o, "process %d (%s)%s\n", d->pid, d->st.comm,
		  d->gone ? "  -- gone: it exited while being read" : "");
	sb_puts(o, "identity\n");
	if (d->have_cmdline)
		t_field(o, "cmdline", d->cmdline.buf);
	else
		sb_printf(o, "  %-14s [%s]\n", "cmdline", d->st.comm);
	if (d->have_exe) {
		sb_reset(&v);
		sb_puts(&v, d->exe.buf);
		if (d->exe_deleted)
			sb_puts(&v, " (deleted)");
		t_field(o, "exe", v.buf);
	} else {
		t_missing(o, d, "exe", "exe");
	}
	d->have_cwd ? t_field(o, "cwd", d->cwd.buf) : t_missing(o, d, "cwd", "cwd");
	d->have_root ? t_field(o, "root", d->root.buf) : t_missing(o, d, "root", "root");
	sb_printf(o, "  %-14s %c (%s)\n", "state", d->st.state, state_name(d->st.state));
	sb_reset(&v);
	sb_printf(&v, "%d %s", d->pid, d->st.comm);
	for (i = 0; i < d->nparents; i++)
		sb_printf(&v, " <- %d %s", d->parents[i].pid, d->parents[i].comm);
	t_field(o, "parents", v.buf);
	sb_printf(o, "  %-14s %d  pgid %d  sid %d  tty %d\n", "ppid", d->st.ppid, d->st.pgrp,
		  d->st.session, d->st.tty_nr);
	if (d->have_status && (ss->have & PST_UID)) {
		static const char *const which[] = { "real", "effective", "saved", "fs" };

		sb_printf(o, "  %-14s", "uid");
		for (k = 0; k < 4; k++) {
			sb_printf(o, " %s ", which[k]);
			t_id(o, ss->uid[k], false);
		}
		sb_printf(o, "\n  %-14s", "gid");
		for (k = 0; k < 4; k++) {
			sb_printf(o, " %s ", which[k]);
			t_id(o, ss->gid[k], true);
		}
		sb_putc(o, '\n');
	} else {
		t_missing(o, d, "uid", "status");
		t_missing(o, d, "gid", "status");
	}

	sb_puts(o, "security\n");
	if (d->have_status && (ss->have & PST_CAP)) {
		for (k = 0; k < CAP_SET__COUNT; k++) {
			sb_reset(&v);
			if (ss->cap[k] && (ss->cap[k] >> proc_cap_count()) == 0 &&
			    ss->cap[k] == (1ULL << proc_cap_count()) - 1)
				sb_printf(&v, "all (%u capabilities)", proc_cap_count());
			else
				proc_format_caps(&v, ss->cap[k], ",");
			sb_printf(o, "  %-14s %016llx %s\n", cap_tags[k],
				  (unsigned long long)ss->cap[k], v.len ? v.buf : "-");
		}
	} else {
		t_missing(o, d, "capabilities", "status");
	}
	if (d->have_status && (ss->have & PST_SECCOMP))
		sb_printf(o, "  %-14s %d (%s)\n", "seccomp", ss->seccomp,
			  ss->seccomp >= 0 && ss->seccomp <= 2 ? seccomp_modes[ss->seccomp] : "?");
	else
		t_missing(o, d, "seccomp", "status");
	if (d->have_status && (ss->have & PST_NNP))
		sb_printf(o, "  %-14s %d\n", "no_new_privs", ss->no_new_privs);
	else
		t_missing(o, d, "no_new_privs", "status");

	sb_puts(o, "signals\n");
	if (d->have_status && (ss->have & PST_SIG))
		t_sigs(o, ss, "  ");
	else
		t_missing(o, d, "masks", "status");
	for (i = 0; i < d->nthreads; i++) {
		const struct thread_info *t = &d->threads[i];

		sb_printf(o, "  thread %d (%s) %c\n", t->tid, t->comm, t->state);
		if (t->have_status)
			t_sigs(o, &t->ss, "    ");
		else
			sb_puts(o, "    - (status not readable)\n");
	}

	sb_puts(o, "memory\n");
	if (d->have_status && (ss->have & PST_VM)) {
		sb_printf(o, "  %-14s %llu kB\n", "VmSize", ss->vm_size);
		sb_printf(o, "  %-14s %llu kB\n", "VmRSS", ss->vm_rss);
	} else {
		/* kernel threads and zombies have no address space */
		sb_printf(o, "  %-14s - (no address space)\n", "VmSize");
		sb_printf(o, "  %-14s - (no address space)\n", "VmRSS");
	}
	if (d->have_status && (ss->have & PST_RSS_SPLIT))
		sb_printf(o, "  %-14s anon %llu kB  file %llu kB  shmem %llu kB\n", "RSS", ss->rss_anon,
			  ss->rss_file, ss->rss_shmem);
	if (d->have_status && (ss->have & PST_SWAP))
		sb_printf(o, "  %-14s %llu kB\n", "VmSwap", ss->vm_swap);
	sb_printf(o, "  %-14s minor %llu  major %llu\n", "page faults", d->st.minflt, d->st.majflt);

	sb_puts(o, "scheduling\n");
	sb_reset(&v);
	sb_puts(&v, proc_sched_policy_name(d->st.policy) ? proc_sched_policy_name(d->st.policy) : "?");
	sb_printf(o, "  %-14s %s  nice %ld  priority %ld  rt_priority %u\n", "policy", v.buf,
		  d->st.nice, d->st.priority, d->st.rt_priority);
	sb_printf(o, "  %-14s %ld\n", "threads", d->st.num_threads);
	if (d->have_status && (ss->have & PST_CTXT))
		sb_printf(o, "  %-14s voluntary %llu  involuntary %llu\n", "ctxt switches",
			  ss->vol_ctxt, ss->nonvol_ctxt);
	else
		t_missing(o, d, "ctxt switches", "status");
	sb_reset(&v);
	proc_format_cputime(&v, d->st.utime + d->st.stime);
	sb_printf(o, "  %-14s %s (user %.2fs, system %.2fs)\n", "cpu time", v.buf,
		  (double)d->st.utime / proc_clock_ticks(), (double)d->st.stime / proc_clock_ticks());

	sb_puts(o, "namespaces\n");
	for (i = 0; i < proc_ns_ntypes; i++) {
		if (!d->have_ns[i]) {
			if (strstr(reason(d, "namespaces"), "available"))
				continue; /* not in this kernel */
			t_missing(o, d, proc_ns_types[i], "namespaces");
			continue;
		}
		sb_printf(o, "  %-14s %llu%s\n", proc_ns_types[i], d->ns[i],
			  !d->have_init_ns[i]	       ? "  (PID 1's not readable)" :
			  d->ns[i] != d->init_ns[i] ? "  * differs from PID 1" :
						       "");
	}
	/* The pid seen from each pid namespace, ours first: "4242 1" is PID 1 inside. */
	if (d->ss.have & PST_NSPID) {
		sb_printf(o, "  %-14s", "NSpid");
		for (i = 0; i < d->ss.nnspid; i++)
			sb_printf(o, " %d", d->ss.nspid[i]);
		if (d->ss.nnspid > 1)
			sb_printf(o, "  (pid %d inside its own pid namespace)", d->ss.nspid[d->ss.nnspid - 1]);
		sb_putc(o, '\n');
	}
	sb_puts(o, "cgroup\n");
	if (d->have_cgroup) {
		const char *p = d->cgroup.buf ? d->cgroup.buf : "", *nl;

		for (; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p) - 1;
			sb_printf(o, "  %.*s\n", (int)(nl - p), p);
		}
	} else {
		t_missing(o, d, "cgroup", "cgroup");
	}
	sb_puts(o, "limits\n");
	if (d->nlimits >= 0) {
		sb_printf(o, "  %-26s %-12s %-12s %s\n", "Limit", "Soft", "Hard", "Units");
		for (k = 0; k < d->nlimits; k++)
			sb_printf(o, "  %-26s %-12s %-12s %s\n", d->limits[k].name, d->limits[k].soft,
				  d->limits[k].hard, d->limits[k].units);
	} else {
		t_missing(o, d, "limits", "limits");
	}
	sb_puts(o, "io\n");
	for (i = 0; i < ARRAY_SIZE(io_keys); i++) {
		unsigned long long x;

		if (!d->have_io)
			t_missing(o, d, io_keys[i], "io");
		else if (!proc_kv_get(d->io.buf, d->io.len, io_keys[i], &x))
			sb_printf(o, "  %-14s %llu\n", io_keys[i], x);
	}
	sb_puts(o, "kernel\n");
	if (d->have_wchan)
		t_field(o, "wchan", d->wchan.len && strcmp(d->wchan.buf, "0") ? d->wchan.buf : "- (running)");
	else
		t_missing(o, d, "wchan", "wchan");
	if (d->have_stack && d->stack.len) {
		const char *p = d->stack.buf, *nl;

		sb_printf(o, "  %-14s\n", "stack");
		for (; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p) - 1;
			sb_printf(o, "    %.*s\n", (int)(nl - p), p);
		}
	} else if (d->have_stack) {
		t_field(o, "stack", "- (empty)");
	} else {
		t_missing(o, d, "stack", "stack");
	}
	if (env) {
		sb_puts(o, "environment\n");
		if (d->have_environ) {
			size_t at = 0;

			while (at < d->environ.len) {
				size_t n = strnlen(d->environ.buf + at, d->environ.len - at);

				sb_printf(o, "  %.*s\n", (int)n, d->environ.buf + at);
				at += n + 1;
			}
		} else {
			t_missing(o, d, "environ", "environ");
		}
	}
	sb_puts(o, "fds\n");
	if (d->nfds >= 0) {
		sb_reset(&v);
		sb_printf(&v, "%d", d->nfds);
		for (k = 0; k < FD_CLASS__COUNT; k++)
			if (d->fd_counts[k])
				sb_printf(&v, "  %s %u", fd_class_name(k), d->fd_counts[k]);
		t_field(o, "open", v.buf);
	} else {
		t_missing(o, d, "open", "fds");
	}
	sb_puts(o, "libraries\n");
	if (d->have_maps) {
		for (i = 0; i < d->nlibs; i++)
			sb_printf(o, "  %s\n", d->libs[i]);
		if (!d->nlibs)
			sb_puts(o, "  (none: statically linked or no address space)\n");
	} else {
		t_missing(o, d, "libs", "libs");
	}
	sb_release(&v);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void j_idset(struct json *j, const char *key, const unsigned *ids, bool group)
{
	static const char *const which[] = { "real", "effective", "saved", "fs" };
	int k;

	json_key(j, key);
	json_obj_begin(j);
	for (k = 0; k < 4; k++) {
		const char *name = group ? proc_group_name(ids[k]) : proc_user_name(ids[k]);

		json_key(j, which[k]);
		json_obj_begin(j);
		json_key(j, "id");
		json_uint(j, ids[k]);
		json_key(j, "name");
		name ? json_str(j, name) : json_null(j);
		json_obj_end(j);
	}
	json_obj_end(j);
}

static void j_mask(struct json *j, const char *key, uint64_t mask, bool caps)
{
	struct strbuf names = STRBUF_INIT;
	char hex[20];
	const char *p;

	json_key(j, key);
	json_obj_begin(j);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)mask);
	json_key(j, "hex");
	json_str(j, hex);
	json_key(j, "names");
	json_arr_begin(j);
	if (caps)
		proc_format_caps(&names, mask, ",");
	else
		proc_format_sigmask(&names, mask, ",");
	for (p = names.buf; p && *p;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		json_strn(j, p, n);
		p += n + (c ? 1 : 0);
	}
	json_arr_end(j);
	json_obj_end(j);
	sb_release(&names);
}

static void j_sigs(struct json *j, const struct proc_status *ss)
{
	int k;

	json_obj_begin(j);
	for (k = 0; k < SIG_SET__COUNT; k++)
		j_mask(j, sig_keys[k], ss->sig[k], false);
	json_obj_end(j);
}

static void j_text(struct json *j, const char *key, bool have, const struct strbuf *sb)
{
	json_key(j, key);
	if (have)
		json_strn(j, sb->buf ? sb->buf : "", sb->len);
	else
		json_null(j);
}

/* Lines of a file as an array of strings. */
static void j_lines(struct json *j, const char *key, bool have, const struct strbuf *sb, char sep)
{
	size_t at = 0;

	json_key(j, key);
	if (!have) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	while (at < sb->len) {
		const char *s = sb->buf + at;
		const char *e = memchr(s, sep, sb->len - at);
		size_t n = e ? (size_t)(e - s) : sb->len - at;

		if (n)
			json_strn(j, s, n);
		at += n + 1;
	}
	json_arr_end(j);
}

static void print_json(struct strbuf *o, struct dossier *d, bool env)
{
	const struct proc_status *ss = &d->ss;
	bool st_ok = d->have_status;
	struct json j;
	size_t i;
	int k;

	json_init(&j, o);
	json_obj_begin(&j);
	json_key(&j, "schema");
	json_str(&j, SHOW_SCHEMA);
	json_key(&j, "pid");
	json_int(&j, d->pid);
	json_key(&j, "gone");
	json_bool(&j, d->gone);

	json_key(&j, "identity");
	json_obj_begin(&j);
	json_key(&j, "comm");
	json_str(&j, d->st.comm);
	j_text(&j, "cmdline", d->have_cmdline, &d->cmdline);
	j_text(&j, "exe", d->have_exe, &d->exe);
	json_key(&j, "exe_deleted");
	d->have_exe ? json_bool(&j, d->exe_deleted) : json_null(&j);
	j_text(&j, "cwd", d->have_cwd, &d->cwd);
	j_text(&j, "root", d->have_root, &d->root);
	json_key(&j, "state");
	json_strn(&j, &d->st.state, 1);
	json_key(&j, "state_name");
	json_str(&j, state_name(d->st.state));
	json_key(&j, "ppid");
	json_int(&j, d->st.ppid);
	json_key(&j, "pgid");
	json_int(&j, d->st.pgrp);
	json_key(&j, "sid");
	json_int(&j, d->st.session);
	json_key(&j, "parents");
	json_arr_begin(&j);
	for (i = 0; i < d->nparents; i++) {
		json_obj_begin(&j);
		json_key(&j, "pid");
		json_int(&j, d->parents[i].pid);
		json_key(&j, "comm");
		json_str(&j, d->parents[i].comm);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	if (st_ok && (ss->have & PST_UID)) {
		j_idset(&j, "uids", ss->uid, false);
		j_idset(&j, "gids", ss->gid, true);
	} else {
		json_key(&j, "uids");
		json_null(&j);
		json_key(&j, "gids");
		json_null(&j);
	}
	json_obj_end(&j);

	json_key(&j, "security");
	json_obj_begin(&j);
	json_key(&j, "capabilities");
	if (st_ok && (ss->have & PST_CAP)) {
		json_obj_begin(&j);
		for (k = 0; k < CAP_SET__COUNT; k++)
			j_mask(&j, cap_keys[k], ss->cap[k], true);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "seccomp");
	st_ok && (ss->have & PST_SECCOMP) ? json_int(&j, ss->seccomp) : json_null(&j);
	json_key(&j, "seccomp_mode");
	if (st_ok && (ss->have & PST_SECCOMP) && ss->seccomp >= 0 && ss->seccomp <= 2)
		json_str(&j, seccomp_modes[ss->seccomp]);
	else
		json_null(&j);
	json_key(&j, "no_new_privs");
	st_ok && (ss->have & PST_NNP) ? json_bool(&j, ss->no_new_privs) : json_null(&j);
	json_obj_end(&j);

	json_key(&j, "signals");
	if (st_ok && (ss->have & PST_SIG))
		j_sigs(&j, ss);
	else
		json_null(&j);
	if (d->threads) {
		json_key(&j, "threads");
		json_arr_begin(&j);
		for (i = 0; i < d->nthreads; i++) {
			json_obj_begin(&j);
			json_key(&j, "tid");
			json_int(&j, d->threads[i].tid);
			json_key(&j, "comm");
			json_str(&j, d->threads[i].comm);
			json_key(&j, "state");
			json_strn(&j, &d->threads[i].state, 1);
			json_key(&j, "signals");
			if (d->threads[i].have_status)
				j_sigs(&j, &d->threads[i].ss);
			else
				json_null(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}

	json_key(&j, "memory");
	json_obj_begin(&j);
#define KB(key, bit, field)                                              \
	do {                                                             \
		json_key(&j, key);                                       \
		st_ok && (ss->have & (bit)) ? json_uint(&j, ss->field) : json_null(&j); \
	} while (0)
	KB("vm_size_kb", PST_VM, vm_size);
	KB("vm_rss_kb", PST_VM, vm_rss);
	KB("rss_anon_kb", PST_RSS_SPLIT, rss_anon);
	KB("rss_file_kb", PST_RSS_SPLIT, rss_file);
	KB("rss_shmem_kb", PST_RSS_SPLIT, rss_shmem);
	KB("swap_kb", PST_SWAP, vm_swap);
	json_key(&j, "minor_faults");
	json_uint(&j, d->st.minflt);
	json_key(&j, "major_faults");
	json_uint(&j, d->st.majflt);
	json_obj_end(&j);

	json_key(&j, "scheduling");
	json_obj_begin(&j);
	json_key(&j, "policy");
	proc_sched_policy_name(d->st.policy) ? json_str(&j, proc_sched_policy_name(d->st.policy)) :
					       json_null(&j);
	json_key(&j, "nice");
	json_int(&j, d->st.nice);
	json_key(&j, "priority");
	json_int(&j, d->st.priority);
	json_key(&j, "rt_priority");
	json_uint(&j, d->st.rt_priority);
	json_key(&j, "threads");
	json_int(&j, d->st.num_threads);
	KB("voluntary_ctxt_switches", PST_CTXT, vol_ctxt);
	KB("nonvoluntary_ctxt_switches", PST_CTXT, nonvol_ctxt);
#undef KB
	json_key(&j, "utime_ticks");
	json_uint(&j, d->st.utime);
	json_key(&j, "stime_ticks");
	json_uint(&j, d->st.stime);
	json_key(&j, "ticks_per_second");
	json_int(&j, proc_clock_ticks());
	json_obj_end(&j);

	json_key(&j, "namespaces");
	json_arr_begin(&j);
	for (i = 0; i < proc_ns_ntypes; i++) {
		json_obj_begin(&j);
		json_key(&j, "type");
		json_str(&j, proc_ns_types[i]);
		json_key(&j, "inode");
		d->have_ns[i] ? json_uint(&j, d->ns[i]) : json_null(&j);
		json_key(&j, "differs_from_init");
		if (d->have_ns[i] && d->have_init_ns[i])
			json_bool(&j, d->ns[i] != d->init_ns[i]);
		else
			json_null(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "nspid");
	if (d->ss.have & PST_NSPID) {
		json_arr_begin(&j);
		for (i = 0; i < d->ss.nnspid; i++)
			json_int(&j, d->ss.nspid[i]);
		json_arr_end(&j);
	} else {
		json_null(&j);
	}
	j_lines(&j, "cgroup", d->have_cgroup, &d->cgroup, '\n');
	json_key(&j, "limits");
	if (d->nlimits >= 0) {
		json_arr_begin(&j);
		for (k = 0; k < d->nlimits; k++) {
			json_obj_begin(&j);
			json_key(&j, "name");
			json_str(&j, d->limits[k].name);
			json_key(&j, "soft");
			json_str(&j, d->limits[k].soft);
			json_key(&j, "hard");
			json_str(&j, d->limits[k].hard);
			json_key(&j, "units");
			json_str(&j, d->limits[k].units);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "io");
	if (d->have_io) {
		json_obj_begin(&j);
		for (i = 0; i < ARRAY_SIZE(io_keys); i++) {
			unsigned long long x;

			json_key(&j, io_keys[i]);
			proc_kv_get(d->io.buf, d->io.len, io_keys[i], &x) ? json_null(&j) :
									   json_uint(&j, x);
		}
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "wchan");
	if (d->have_wchan && d->wchan.len && strcmp(d->wchan.buf, "0"))
		json_str(&j, d->wchan.buf);
	else
		json_null(&j);
	j_lines(&j, "stack", d->have_stack, &d->stack, '\n');
	if (env)
		j_lines(&j, "environ", d->have_environ, &d->environ, '\0');
	json_key(&j, "fds");
	if (d->nfds >= 0) {
		json_obj_begin(&j);
		json_key(&j, "total");
		json_int(&j, d->nfds);
		json_key(&j, "by_kind");
		json_obj_begin(&j);
		for (k = 0; k < FD_CLASS__COUNT; k++) {
			if (!d->fd_counts[k])
				continue;
			json_key(&j, fd_class_name(k));
			json_uint(&j, d->fd_counts[k]);
		}
		json_obj_end(&j);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "libs");
	if (d->have_maps) {
		json_arr_begin(&j);
		for (i = 0; i < d->nlibs; i++)
			json_str(&j, d->libs[i]);
		json_arr_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "unavailable");
	json_obj_begin(&j);
	for (i = 0; i < d->nun; i++) {
		size_t m;

		for (m = 0; m < i; m++)
			if (!strcmp(d->un[m].what, d->un[i].what))
				break;
		if (m < i)
			continue;
		json_key(&j, d->un[i].what);
		json_str(&j, reason(d, d->un[i].what));
	}
	json_obj_end(&j);
	json_obj_end(&j);
	sb_putc(o, '\n');
}

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threads", no_argument, NULL, 'T' }, { "env", no_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },    { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dossier *d;
	struct strbuf out = STRBUF_INIT;
	bool threads = false, env = false, json = false;
	long pid;
	int c, r, status = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+Tejh", longopts, NULL)) != -1) {
		switch (c) {
		case 'T':
			threads = true;
			break;
		case 'e':
			env = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cmd_bad_option("show", "+Tejh", argv);
		}
	}
	if (cmd_pid_operand(argc, argv, optind, "show", &pid) < 0)
		return EXIT_USAGE;
	d = xcalloc(1, sizeof(*d));
	r = read_dossier(d, pid, threads, env);
	if (r) {
		error("process %ld: %s", pid, r == -ESRCH ? "no such process" : strerror(-r));
		status = EXIT_RUNTIME;
		goto out;
	}
	if (json)
		print_json(&out, d, env);
	else
		print_text(&out, d, env);
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	if (fflush(stdout) || ferror(stdout)) {
		error("write stdout: %s", strerror(errno));
		status = EXIT_RUNTIME;
	}
out:
	release_dossier(d);
	free(d);
	sb_release(&out);
	return status;
}
