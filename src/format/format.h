/* format.h: formatters consume events and write the trace.
 *
 * One formatter per output kind: text (strace's grammar), JSON Lines,
 * the -c summary, a recording. Each gets every event in order and writes to
 * output streams (the -o file, per-process files with -ff, or stderr).
 *
 * USAGE
 *   struct formatter *f = fmt_text_new(&fo);
 *   f->ops->event(f, &ev);    for every event
 *   f->ops->finish(f);        at the end: completes lines, flushes
 *   f->ops->free(f);
 */
#ifndef PROCSCOPE_FORMAT_H
#define PROCSCOPE_FORMAT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/event.h"
#include "core/strbuf.h"
#include "format/out.h"

/* An output destination, buffered. */
struct ostream {
	int fd;
	bool tty;	   /* flush every line */
	bool failed;	   /* a write failed; reported once */
	struct strbuf buf;
	pid_t pending;	   /* tid whose line is open (not yet ended) */
	size_t line_start; /* offset of the open line in buf (for the = column) */
	size_t col_base;   /* columns of the open line already written out */
	char *path;
};

/* Where output goes (-o, -ff), shared by the formatters. */
struct outputs {
	struct ostream *main;	/* stderr or the -o file */
	bool per_pid;		/* -ff: FILE.TID per thread */
	char *base;		/* the -o name */
	bool pipe_cmd;		/* -o '|cmd' */
	bool append;		/* -A: files opened to append, not truncated */
	struct pidmap *files;	/* tid -> ostream (with per_pid) */
	int error;		/* first write error (errno) */
};

/* Messages -q, -qq, -qqq and -e quiet=SET leave out, as strace names them. */
enum {
	QUIET_ATTACH = 1u << 0,	     /* "Process N attached", "... detached" */
	QUIET_EXIT = 1u << 1,	     /* "+++ exited with N +++", "+++ killed by ... +++" */
	QUIET_PATH = 1u << 2,	     /* path-resolution: -P's notes on resolved paths */
	QUIET_PERSONALITY = 1u << 3, /* personality changes (none on x86-64 only) */
	QUIET_SUPERSEDED = 1u << 4,  /* thread-execve: "+++ superseded by execve ... +++" */
	QUIET_ALL = (1u << 5) - 1,
};

struct fmt_opts {
	struct dopts d;
	int tstamp;		/* -t: 1 time, 2 with microseconds, 3 epoch */
	bool relative;		/* -r */
	bool durations;		/* -T */
	bool sc_number;		/* -n: "[ NR] " before each line, the task's last syscall */
	unsigned acolumn;	/* -a (40) */
	unsigned quiet;		/* QUIET_* bits: messages left out (-q, -e quiet=) */
	bool follow;		/* -f */
	bool pid_pfx_file;	/* "PID " prefix (-o with -f) */
	int initial_procs;	/* tracees at start (several -p give the prefix) */
	unsigned status_mask;	/* -e status=: STATUS_* bits (0: all) */
	uint64_t sig_hidden;	/* -e signal=: bit sig-1 set: no "--- SIG ---" line */
	struct outputs *out;
	const char *backend;	/* "ptrace" */
	char **argv;		/* the traced command, for the JSON header */
	pid_t *attach_pids;
	int nattach;
	int *nprocs;		/* live tracee count, kept by the backend */
	/* -c/-C summary (format/summary.c) */
	bool summary_wall;	/* -w: wall-clock latency, not CPU time */
	int summary_sort;	/* -S: enum sum_sort */
	const uint8_t *summary_cols; /* -U: enum sum_col list; NULL: strace's default */
	uint64_t summary_overhead_ns; /* -O: subtracted from each call's time */
	/* The CPU time a stopped thread has used, in ns, for the summary's
	 * system time; 0 or -errno. NULL: the summary uses wall-clock time. */
	int (*cpu_clock)(pid_t tid, uint64_t *ns);
	const uint8_t *raw_set;	/* -e raw=: syscalls printed undecoded, in hex (NULL: none) */
	const uint8_t *abbrev_set; /* -e abbrev=: syscalls abbreviated (NULL: all, or none with -v) */
	const uint8_t *verbose_set; /* -e verbose=: syscalls whose structures are dereferenced
				     * (NULL: all); the others print their pointers as addresses */
	struct dopts d_full;	/* d with verbose set, for syscalls outside abbrev_set */
	struct dopts d_abbrev;	/* d with verbose clear, for syscalls inside it */
};

/* -e status= (-z, -Z): which syscalls are printed, by how they ended. */
enum {
	STATUS_SUCCESSFUL = 1u << 0,  /* returned without an error code */
	STATUS_FAILED = 1u << 1,      /* returned -1 with an errno */
	STATUS_UNFINISHED = 1u << 2,  /* never returned: the process exited or died in it */
	STATUS_UNAVAILABLE = 1u << 3, /* returned, but its value could not be read */
	STATUS_DETACHED = 1u << 4,    /* the tracer detached before it returned */
	STATUS_ALL = (1u << 5) - 1,
};

struct dctx;
/* How a formatter sets up a syscall's decoding: the signature (raw under
 * -e raw=), the options (abbreviated or not under -e abbrev= / -v). */
void fmt_dctx_init(struct dctx *d, const struct fmt_opts *fo, const struct call *c, struct out *o,
		   pid_t pid);

struct formatter;
struct formatter_ops {
	void (*event)(struct formatter *f, const struct event *ev);
	void (*finish)(struct formatter *f);
	void (*free)(struct formatter *f);
};

struct formatter {
	const struct formatter_ops *ops;
	const struct fmt_opts *fo;
};

struct formatter *fmt_text_new(const struct fmt_opts *fo);
struct formatter *fmt_json_new(const struct fmt_opts *fo);
struct formatter *fmt_summary_new(const struct fmt_opts *fo); /* -c (format/summary.h) */

/* Output streams. */
/* flags: OUT_PER_PID (-ff: FILE.TID per thread), OUT_APPEND (-A) */
enum { OUT_PER_PID = 1, OUT_APPEND = 2 };
int outputs_open(struct outputs *o, const char *path, unsigned flags);
struct ostream *outputs_for(struct outputs *o, pid_t tid);
void outputs_close(struct outputs *o);
void os_write_line_end(struct ostream *s);
size_t os_column(const struct ostream *s);
void os_flush(struct ostream *s);
int os_flush_all(struct outputs *o);

/* siginfo as strace prints it in "--- SIGCHLD {...} ---" */
void decode_siginfo(struct out *o, const uint8_t *si, size_t len);

#endif
