/* ps.c: `procscope ps [-T] [--tree] [-u USER] [--json] [PID...]`.
 *
 * The columns of `ps -o pid,ppid,user,stat,nlwp,rss,time,start,args` with
 * ps's STAT letters; zombies read "<defunct>" as in ps and orphans
 * "<orphan>". --tree draws the tree as `pstree -A -p -n` does, threads in
 * {}. A process that exits while being listed is left out: it is gone. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "procfs/proc.h"

#define PS_SCHEMA "procscope.ps/1"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: procscope ps [-T] [--tree] [-u USER] [--json] [PID...]\n\n"
		"List processes with ps's columns: PID, PPID, USER (effective), STAT (ps's\n"
		"letters R S D Z T t I X and modifiers < N L s l +), NLWP (threads), RSS (KiB),\n"
		"TIME (CPU), STARTED and the command line. Zombies show '<defunct>', orphans\n"
		"(reparented to PID 1 from another session) show '<orphan>'.\n\n"
		"options:\n"
		"  -T, --threads     one row per thread, with a TID column\n"
		"      --tree        the process tree as 'pstree -A -p -n' draws it, threads in {}\n"
		"  -u, --user USER   only processes whose effective user is USER (name or uid)\n"
		"  -j, --json        JSON (schema " PS_SCHEMA ", see doc/procfs.md)\n"
		"  -h, --help        this help\n\n"
		"examples:\n"
		"  procscope ps                    every process\n"
		"  procscope ps -u \"$USER\" --tree  your processes as a tree\n"
		"  procscope ps -T 1234            the threads of process 1234\n"
		"  procscope ps --json | jq '.processes[] | select(.zombie)'\n");
}

struct ps_task {
	pid_t tid;
	struct proc_stat st;
	char stat[8];
};

struct ps_proc {
	pid_t pid;
	struct proc_stat st;
	bool have_status;
	struct proc_status ss;
	bool have_uid;
	uid_t euid;
	char *cmd;	/* cmdline, "[comm]" when empty */
	bool have_cmd;
	bool zombie, orphan;
	char stat[8];
	struct ps_task *tasks; /* with -T or --tree */
	size_t ntasks;
	/* tree */
	size_t *kids;
	size_t nkids;
	bool shown;
};

struct ps_opts {
	bool threads, tree, json;
	bool have_user;
	uid_t user;
};

/* ps's STAT: the state letter, then < or N (nice), L (locked pages),
 * s (session leader), l (multi-threaded), + (foreground process group). */
static void stat_letters(char out[8], const struct proc_stat *st, pid_t tgid, long nlwp,
			 const struct proc_status *ss)
{
	int n = 0;

	out[n++] = st->state;
	if (st->nice < 0)
		out[n++] = '<';
	else if (st->nice > 0)
		out[n++] = 'N';
	if (ss && (ss->have & PST_LCK) && ss->vm_lck)
		out[n++] = 'L';
	if (st->session == tgid)
		out[n++] = 's';
	if (nlwp > 1)
		out[n++] = 'l';
	if (st->tpgid > 0 && st->tpgid == st->pgrp)
		out[n++] = '+';
	out[n] = '\0';
}

/* Control characters in a command line print as '?', as ps prints them. */
static char *printable(const char *s)
{
	char *r = xstrdup(s), *p;

	for (p = r; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return r;
}

static void read_tasks(struct proc *p, struct ps_proc *pp)
{
	pid_t *tids;
	size_t n, i;

	if (proc_list_pids(p->dirfd, "task", &tids, &n))
		return;
	pp->tasks = xcalloc(n ? n : 1, sizeof(*pp->tasks));
	for (i = 0; i < n; i++) {
		struct ps_task *t = &pp->tasks[pp->ntasks];
		struct proc tp;

		if (proc_open_task(&tp, pp->pid, tids[i]))
			continue; /* the thread exited meanwhile */
		if (!proc_read_stat(&tp, &t->st)) {
			t->tid = tids[i];
			stat_letters(t->stat, &t->st, pp->pid, pp->st.num_threads,
				     pp->have_status ? &pp->ss : NULL);
			pp->ntasks++;
		}
		proc_close(&tp);
	}
	free(tids);
}

/* Read one process. -ESRCH when it is gone (or is not a process but a
 * thread id: /proc/TID exists for threads too, hidden from listings). */
static int read_proc(pid_t pid, const struct ps_opts *o, struct ps_proc *pp)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc p;
	struct stat sst;
	int r;

	memset(pp, 0, sizeof(*pp));
	pp->pid = pid;
	r = proc_open(&p, pid);
	if (r)
		return r;
	r = proc_read_stat(&p, &pp->st);
	if (r)
		goto out;
	pp->have_status = !proc_read_status(&p, &pp->ss);
	if (pp->have_status && (pp->ss.have & PST_UID)) {
		pp->euid = pp->ss.uid[1];
		pp->have_uid = true;
	} else if (!fstat(p.dirfd, &sst)) {
		/* /proc/PID belongs to the effective user of a dumpable process */
		pp->euid = sst.st_uid;
		pp->have_uid = true;
	}
	if (pp->have_status && (pp->ss.have & PST_PIDS) && pp->ss.tgid != pid) {
		r = -ESRCH;
		goto out;
	}
	if (o->have_user && (!pp->have_uid || pp->euid != o->user)) {
		r = 1; /* filtered out */
		goto out;
	}
	if (!proc_read_cmdline(&p, &sb) && sb.len) {
		pp->cmd = printable(sb.buf);
		pp->have_cmd = true;
	} else {
		sb_reset(&sb);
		sb_printf(&sb, "[%s]", pp->st.comm);
		pp->cmd = printable(sb.buf);
	}
	pp->zombie = pp->st.state == 'Z';
	/* Reparented: its parent is init although it was started in another
	 * session, and it did not start a session of its own (PR_SET_CHILD_
	 * SUBREAPER parents are not visible in /proc, so they are not seen). */
	pp->orphan = pid != 1 && pp->st.ppid == 1 && pp->st.session != pid && pp->st.session > 1;
	stat_letters(pp->stat, &pp->st, pid, pp->st.num_threads,
		     pp->have_status ? &pp->ss : NULL);
	if (o->threads || o->tree)
		read_tasks(&p, pp);
	if (proc_is_gone(&p))
		r = -ESRCH;
out:
	proc_close(&p);
	sb_release(&sb);
	return r;
}

static void free_proc(struct ps_proc *pp)
{
	free(pp->cmd);
	free(pp->tasks);
	free(pp->kids);
}

static long page_kb(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? ps / 1024 : 4;
}

/* RSS in KiB as ps shows it: status's VmRSS (exact), else stat's pages
 * (kept in per-CPU counters, so it can lag); 0 without an address space. */
static long long rss_kb(const struct ps_proc *pp)
{
	if (pp->have_status && (pp->ss.have & PST_VM))
		return (long long)pp->ss.vm_rss;
	return pp->st.rss * page_kb();
}

/* ---- text --------------------------------------------------------------------- */

enum { C_PID, C_TID, C_PPID, C_USER, C_STAT, C_NLWP, C_RSS, C_TIME, C_START, C_CMD, C__N };
static const char *const headers[C__N] = { "PID", "TID", "PPID", "USER", "STAT",
					   "NLWP", "RSS", "TIME", "STARTED", "CMD" };

struct row {
	char *col[C__N];
};

static void cell(struct row *r, int c, struct strbuf *sb)
{
	r->col[c] = xstrdup(sb->buf ? sb->buf : "");
	sb_reset(sb);
}

static void fill_row(struct row *r, const struct ps_proc *pp, const struct ps_task *t)
{
	struct strbuf sb = STRBUF_INIT;
	const struct proc_stat *st = t ? &t->st : &pp->st;
	const char *name;

	sb_printf(&sb, "%d", pp->pid);
	cell(r, C_PID, &sb);
	if (t)
		sb_printf(&sb, "%d", t->tid);
	cell(r, C_TID, &sb);
	sb_printf(&sb, "%d", pp->st.ppid);
	cell(r, C_PPID, &sb);
	name = pp->have_uid ? proc_user_name(pp->euid) : NULL;
	if (name)
		sb_puts(&sb, name);
	else if (pp->have_uid)
		sb_printf(&sb, "%u", (unsigned)pp->euid);
	else
		sb_putc(&sb, '-');
	cell(r, C_USER, &sb);
	sb_puts(&sb, t ? t->stat : pp->stat);
	cell(r, C_STAT, &sb);
	sb_printf(&sb, "%ld", pp->st.num_threads);
	cell(r, C_NLWP, &sb);
	sb_printf(&sb, "%lld", rss_kb(pp));
	cell(r, C_RSS, &sb);
	proc_format_cputime(&sb, st->utime + st->stime);
	cell(r, C_TIME, &sb);
	proc_format_start(&sb, proc_start_time(st->starttime));
	cell(r, C_START, &sb);
	sb_puts(&sb, pp->cmd);
	if (pp->zombie)
		sb_puts(&sb, " <defunct>");
	else if (pp->orphan)
		sb_puts(&sb, " <orphan>");
	cell(r, C_CMD, &sb);
	sb_release(&sb);
}

static void print_table(struct ps_proc *v, size_t n, const struct ps_opts *o, struct strbuf *out)
{
	struct row *rows;
	size_t nrows = 0, i, j, w[C__N] = { 0 };
	int c;

	for (i = 0; i < n; i++)
		nrows += o->threads ? MAX(v[i].ntasks, (size_t)1) : 1;
	rows = xcalloc(nrows + 1, sizeof(*rows));
	nrows = 0;
	for (i = 0; i < n; i++) {
		if (o->threads && v[i].ntasks) {
			for (j = 0; j < v[i].ntasks; j++)
				fill_row(&rows[nrows++], &v[i], &v[i].tasks[j]);
		} else {
			fill_row(&rows[nrows++], &v[i], NULL);
		}
	}
	for (c = 0; c < C__N; c++) {
		w[c] = strlen(headers[c]);
		for (i = 0; i < nrows; i++)
			w[c] = MAX(w[c], strlen(rows[i].col[c]));
	}
	for (i = 0; i <= nrows; i++) {
		bool first = true;

		for (c = 0; c < C__N; c++) {
			const char *s = i ? rows[i - 1].col[c] : headers[c];
			bool left = c == C_USER || c == C_STAT || c == C_CMD;

			if (c == C_TID && !o->threads)
				continue;
			if (!first)
				sb_putc(out, ' ');
			first = false;
			if (c == C_CMD)
				sb_puts(out, s);
			else if (left)
				sb_printf(out, "%-*s", (int)w[c], s);
			else
				sb_printf(out, "%*s", (int)w[c], s);
		}
		sb_putc(out, '\n');
	}
	for (i = 0; i < nrows; i++)
		for (c = 0; c < C__N; c++)
			free(rows[i].col[c]);
	free(rows);
}

/* pstree's drawing: the first child continues the parent's line ("---" for
 * an only child, "-+-" otherwise), the others start a new line under the
 * '+' with " |-", the last with " `-". prefix holds what goes before a
 * continuation line at the current depth. */
static void tree_node(struct ps_proc *v, size_t i, struct strbuf *prefix, struct strbuf *out);

static void tree_label(struct strbuf *out, const char *comm, pid_t pid, bool thread, bool zombie)
{
	sb_printf(out, thread ? "{%s}(%d)" : "%s(%d)", comm, pid);
	if (zombie)
		sb_puts(out, " <defunct>");
}

struct tree_kid {
	pid_t pid;
	size_t proc; /* index into v, or (size_t)-1 for a thread */
	const struct ps_task *task;
};

static int cmp_kid(const void *a, const void *b)
{
	const struct tree_kid *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void tree_node(struct ps_proc *v, size_t i, struct strbuf *prefix, struct strbuf *out)
{
	struct ps_proc *pp = &v[i];
	struct tree_kid *kids;
	size_t nk = 0, k, before = out->len, labelw, saved = prefix->len;

	pp->shown = true;
	tree_label(out, pp->st.comm, pp->pid, false, pp->zombie);
	labelw = out->len - before;
	kids = xcalloc(pp->nkids + pp->ntasks + 1, sizeof(*kids));
	for (k = 0; k < pp->nkids; k++)
		kids[nk++] = (struct tree_kid){ v[pp->kids[k]].pid, pp->kids[k], NULL };
	for (k = 0; k < pp->ntasks; k++)
		if (pp->tasks[k].tid != pp->pid)
			kids[nk++] = (struct tree_kid){ pp->tasks[k].tid, (size_t)-1, &pp->tasks[k] };
	qsort(kids, nk, sizeof(*kids), cmp_kid);
	if (!nk)
		sb_putc(out, '\n');
	for (k = 0; k < nk; k++) {
		bool last = k == nk - 1;

		if (k == 0) {
			sb_puts(out, nk == 1 ? "---" : "-+-");
		} else {
			sb_add(out, prefix->buf ? prefix->buf : "", saved);
			sb_pad(out, ' ', labelw);
			sb_puts(out, last ? " `-" : " |-");
		}
		/* what precedes the kid's own continuation lines */
		prefix->len = saved;
		sb_pad(prefix, ' ', labelw);
		sb_puts(prefix, last ? "   " : " | ");
		if (kids[k].proc != (size_t)-1) {
			tree_node(v, kids[k].proc, prefix, out);
		} else {
			tree_label(out, pp->st.comm, kids[k].pid, true, false); /* pstree names threads after their process */
			sb_putc(out, '\n');
		}
	}
	free(kids);
	prefix->len = saved;
	if (prefix->buf)
		prefix->buf[saved] = '\0';
}

/* ---- JSON --------------------------------------------------------------------------- */

static void json_task(struct json *j, const struct ps_task *t)
{
	json_obj_begin(j);
	json_key(j, "tid");
	json_int(j, t->tid);
	json_key(j, "comm");
	json_str(j, t->st.comm);
	json_key(j, "state");
	json_strn(j, &t->st.state, 1);
	json_key(j, "stat");
	json_str(j, t->stat);
	json_key(j, "cpu_ticks");
	json_uint(j, t->st.utime + t->st.stime);
	json_key(j, "cpu_seconds");
	json_double(j, (double)(t->st.utime + t->st.stime) / proc_clock_ticks());
	json_obj_end(j);
}

static void json_proc(struct json *j, struct ps_proc *v, size_t i, const struct ps_opts *o)
{
	struct ps_proc *pp = &v[i];
	const char *name = pp->have_uid ? proc_user_name(pp->euid) : NULL;
	size_t k;

	pp->shown = true;
	json_obj_begin(j);
	json_key(j, "pid");
	json_int(j, pp->pid);
	json_key(j, "ppid");
	json_int(j, pp->st.ppid);
	json_key(j, "pgid");
	json_int(j, pp->st.pgrp);
	json_key(j, "sid");
	json_int(j, pp->st.session);
	json_key(j, "uid");
	pp->have_uid ? json_uint(j, pp->euid) : json_null(j);
	json_key(j, "user");
	name ? json_str(j, name) : json_null(j);
	json_key(j, "comm");
	json_str(j, pp->st.comm);
	json_key(j, "state");
	json_strn(j, &pp->st.state, 1);
	json_key(j, "stat");
	json_str(j, pp->stat);
	json_key(j, "nlwp");
	json_int(j, pp->st.num_threads);
	json_key(j, "nice");
	json_int(j, pp->st.nice);
	json_key(j, "rss_kb");
	json_int(j, rss_kb(pp));
	json_key(j, "cpu_ticks");
	json_uint(j, pp->st.utime + pp->st.stime);
	json_key(j, "cpu_seconds");
	json_double(j, (double)(pp->st.utime + pp->st.stime) / proc_clock_ticks());
	json_key(j, "start_time");
	json_double(j, (double)(long long)(proc_start_time(pp->st.starttime) * 100) / 100);
	json_key(j, "cmdline");
	pp->have_cmd ? json_str(j, pp->cmd) : json_null(j);
	json_key(j, "zombie");
	json_bool(j, pp->zombie);
	json_key(j, "orphan");
	json_bool(j, pp->orphan);
	if (o->threads || o->tree) {
		json_key(j, "threads");
		json_arr_begin(j);
		for (k = 0; k < pp->ntasks; k++)
			json_task(j, &pp->tasks[k]);
		json_arr_end(j);
	}
	if (o->tree) {
		json_key(j, "children");
		json_arr_begin(j);
		for (k = 0; k < pp->nkids; k++)
			json_proc(j, v, pp->kids[k], o);
		json_arr_end(j);
	}
	json_obj_end(j);
}

/* ---- main ---------------------------------------------------------------------------- */

static size_t find(const struct ps_proc *v, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* v is sorted by pid */
		size_t mid = (lo + hi) / 2;

		if (v[mid].pid == pid)
			return mid;
		if (v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

static int cmp_ps(const void *a, const void *b)
{
	const struct ps_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int cmd_ps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threads", no_argument, NULL, 'T' }, { "tree", no_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },	 { NULL, 0, NULL, 0 },
	};
	struct ps_opts o = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct ps_proc *v = NULL;
	size_t n = 0, i, nroots = 0;
	pid_t *want = NULL, *all = NULL;
	size_t nwant = 0, nall = 0;
	int c, status = 0, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+Tu:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'T':
			o.threads = true;
			break;
		case 't':
			o.tree = true;
			break;
		case 'u':
			if (proc_user_lookup(optarg, &o.user)) {
				error("no such user '%s'", optarg);
				return EXIT_USAGE;
			}
			o.have_user = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cmd_bad_option("ps", "+Tu:jh", argv);
		}
	}
	if (optind < argc) {
		want = xcalloc(argc - optind, sizeof(*want));
		for (; optind < argc; optind++) {
			long pid;

			if (parse_long(argv[optind], 1, INT32_MAX, &pid)) {
				error("invalid pid '%s'", argv[optind]);
				free(want);
				return EXIT_USAGE;
			}
			want[nwant++] = pid;
		}
	}
	r = proc_list_pids(AT_FDCWD, "/proc", &all, &nall);
	if (r) {
		free(want);
		return error("open /proc: %s", strerror(-r)), EXIT_RUNTIME;
	}
	v = xcalloc(nall + nwant + 1, sizeof(*v));
	for (i = 0; i < nall; i++) {
		r = read_proc(all[i], &o, &v[n]);
		if (r == 0)
			n++;
		else
			free_proc(&v[n]);
	}
	free(all);
	qsort(v, n, sizeof(*v), cmp_ps);
	/* Tree links (by pid, over every process read). */
	for (i = 0; i < n; i++) {
		size_t p = find(v, n, v[i].st.ppid);

		if (p != (size_t)-1 && p != i) {
			v[p].kids = xrealloc(v[p].kids, (v[p].nkids + 1) * sizeof(size_t));
			v[p].kids[v[p].nkids++] = i;
		}
	}
	for (i = 0; i < nwant; i++) {
		if (find(v, n, want[i]) == (size_t)-1) {
			if (o.have_user) {
				continue;
			}
			error("process %d: no such process", want[i]);
			status = EXIT_RUNTIME;
		}
	}

	/* Which processes are roots of what is shown. */
	{
		bool *sel = xcalloc(n + 1, sizeof(bool));
		size_t k;

		for (i = 0; i < n; i++) {
			if (!nwant) {
				sel[i] = true;
				continue;
			}
			for (k = 0; k < nwant; k++)
				if (v[i].pid == want[k])
					sel[i] = true;
		}
		if (o.tree) {
			struct strbuf prefix = STRBUF_INIT;
			struct json j;

			if (o.json) {
				json_init(&j, &out);
				json_obj_begin(&j);
				json_key(&j, "schema");
				json_str(&j, PS_SCHEMA);
				json_key(&j, "tree");
				json_arr_begin(&j);
			}
			for (i = 0; i < n; i++) {
				size_t p = find(v, n, v[i].st.ppid);

				/* a root: selected, and its parent is not shown */
				if (!sel[i] || v[i].shown || (p != (size_t)-1 && sel[p] && !nwant))
					continue;
				nroots++;
				if (o.json) {
					json_proc(&j, v, i, &o);
				} else {
					sb_reset(&prefix);
					tree_node(v, i, &prefix, &out);
				}
			}
			if (o.json) {
				json_arr_end(&j);
				json_obj_end(&j);
				sb_putc(&out, '\n');
			}
			sb_release(&prefix);
		} else {
			size_t m = 0;

			for (i = 0; i < n; i++) /* compact to the selection */
				if (sel[i]) {
					struct ps_proc tmp = v[m];

					v[m] = v[i];
					v[i] = tmp;
					m++;
				}
			if (o.json) {
				struct json j;

				json_init(&j, &out);
				json_obj_begin(&j);
				json_key(&j, "schema");
				json_str(&j, PS_SCHEMA);
				json_key(&j, "processes");
				json_arr_begin(&j);
				for (i = 0; i < m; i++) {
					/* rows only: no children in the flat list */
					json_proc(&j, v, i, &o);
				}
				json_arr_end(&j);
				json_obj_end(&j);
				sb_putc(&out, '\n');
			} else {
				print_table(v, m, &o, &out);
			}
		}
		free(sel);
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	if (fflush(stdout) || ferror(stdout)) {
		error("write stdout: %s", strerror(errno));
		status = EXIT_RUNTIME;
	}
	for (i = 0; i < n; i++)
		free_proc(&v[i]);
	free(v);
	free(want);
	sb_release(&out);
	return status;
}
