/* proc.h: a live process as /proc shows it, for ps, show, maps, ns and recover.
 *
 * Two layers:
 *   - pure parsers: take the bytes of one /proc file and fill a struct, so
 *     the unit tests can feed them hand-made text (proc_stat_parse,
 *     proc_status_parse, proc_maps_parse, proc_limits_parse ...);
 *   - readers: open files relative to an open /proc/PID (or
 *     /proc/PID/task/TID) directory with openat(O_NOFOLLOW), so a pid reused
 *     while we read cannot mix two processes, and read only the files the
 *     caller asked for.
 *
 * USAGE
 *   struct proc p;
 *   r = proc_open(&p, pid);            -ESRCH: no such process
 *   r = proc_read_stat(&p, &st);       -ESRCH once it exited (it is gone)
 *   r = proc_read_status(&p, &ss);     -EACCES when not ours, and so on
 *   proc_close(&p);
 *
 * Every reader returns 0 or -errno. -ESRCH always means "the process is
 * gone" (an exited and reaped process makes /proc return ENOENT or ESRCH;
 * both are folded into -ESRCH), so callers report it as gone, not as an error
 * of the tool. A field that could not be read is marked missing by its
 * have-bit, never left as a zero that would look like data.
 */
#ifndef PROCSCOPE_PROC_H
#define PROCSCOPE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/strbuf.h"

#define PROC_COMM_MAX 64

/* ---- /proc/PID/stat ---------------------------------------------------- */

struct proc_stat {
	pid_t pid;
	char comm[PROC_COMM_MAX]; /* between the first '(' and the last ')' */
	char state;		  /* R S D Z T t X I (W K P on old kernels) */
	pid_t ppid, pgrp, session;
	int tty_nr;
	pid_t tpgid; /* -1 without a controlling terminal */
	unsigned flags; /* PF_* */
	unsigned long long minflt, majflt;
	unsigned long long utime, stime; /* clock ticks */
	long priority, nice, num_threads;
	unsigned long long starttime; /* ticks after boot */
	unsigned long long vsize;     /* bytes */
	long long rss;		      /* pages */
	int processor;
	unsigned rt_priority, policy; /* SCHED_* */
};

/* Parse the text of a stat file. The command name may hold spaces and ')':
 * it ends at the last ')'. 0 or -EINVAL. */
int proc_stat_parse(const char *buf, size_t len, struct proc_stat *st);

/* ---- /proc/PID/status -------------------------------------------------- */

/* Which lines of status were present (older kernels lack some; a zombie has
 * no memory lines). */
enum {
	PST_NAME = 1 << 0,
	PST_STATE = 1 << 1,
	PST_PIDS = 1 << 2,    /* Tgid, PPid, TracerPid */
	PST_UID = 1 << 3,
	PST_GID = 1 << 4,
	PST_THREADS = 1 << 5,
	PST_SIG = 1 << 6,     /* SigPnd ShdPnd SigBlk SigIgn SigCgt */
	PST_CAP = 1 << 7,     /* CapInh CapPrm CapEff CapBnd CapAmb */
	PST_NNP = 1 << 8,
	PST_SECCOMP = 1 << 9,
	PST_VM = 1 << 10,     /* VmSize VmRSS */
	PST_RSS_SPLIT = 1 << 11, /* RssAnon RssFile RssShmem */
	PST_SWAP = 1 << 12,
	PST_LCK = 1 << 13,
	PST_CTXT = 1 << 14,
	PST_UMASK = 1 << 15,
	PST_GROUPS = 1 << 16,
	PST_NSPID = 1 << 17,  /* NSpid: the pid in each nested pid namespace */
};

enum { CAP_SET_INH, CAP_SET_PRM, CAP_SET_EFF, CAP_SET_BND, CAP_SET_AMB, CAP_SET__COUNT };
enum { SIG_SET_PND, SIG_SET_SHDPND, SIG_SET_BLK, SIG_SET_IGN, SIG_SET_CGT, SIG_SET__COUNT };

#define PROC_MAX_GROUPS 64

#define PROC_MAX_NSPID 32 /* the kernel nests pid namespaces 32 deep at most */

struct proc_status {
	unsigned have;
	char name[PROC_COMM_MAX];
	char state;
	pid_t tgid, ppid, tracerpid;
	uid_t uid[4]; /* real, effective, saved, fs */
	gid_t gid[4];
	gid_t groups[PROC_MAX_GROUPS];
	unsigned ngroups;
	unsigned umask;
	unsigned threads;
	uint64_t sig[SIG_SET__COUNT];
	uint64_t cap[CAP_SET__COUNT];
	int no_new_privs;
	int seccomp; /* 0 disabled, 1 strict, 2 filter */
	unsigned long long vm_size, vm_rss, rss_anon, rss_file, rss_shmem, vm_swap, vm_lck; /* kB */
	unsigned long long vol_ctxt, nonvol_ctxt;
	pid_t nspid[PROC_MAX_NSPID]; /* outermost (ours) first */
	unsigned nnspid;
};

/* Parse the text of a status file. Unknown lines are ignored. 0 or -EINVAL
 * when a known line is malformed. */
int proc_status_parse(const char *buf, size_t len, struct proc_status *st);

/* ---- /proc/PID/maps and smaps ------------------------------------------ */

/* What a mapping is, in the words of a memory-layout diagram. */
enum map_region {
	REG_ANON = 0, /* anonymous mmap */
	REG_TEXT,     /* the program's code (and its read-only segments: REG_RODATA) */
	REG_RODATA,
	REG_DATA,     /* the program's initialised data */
	REG_BSS,      /* anonymous memory right after a file's data: zeroed data */
	REG_HEAP,
	REG_STACK,
	REG_VDSO,
	REG_VVAR,
	REG_VSYSCALL,
	REG_LIB,      /* a shared library's segment */
	REG_FILE,     /* another mapped file */
	REG_SHM,      /* shared memory: MAP_SHARED anonymous, /dev/shm, SysV, memfd */
	REG__COUNT
};

struct proc_map {
	unsigned long long start, end, offset, inode;
	unsigned dev_major, dev_minor;
	char perms[5];	/* "r-xp" */
	char *path;	/* NULL for an unnamed mapping; " (deleted)" stripped */
	bool deleted;
	bool have_smaps; /* the fields below were read from smaps */
	unsigned long long rss, pss, dirty, swap; /* kB; dirty = shared + private */
	bool noreserve;	 /* VmFlags "nr" */
	enum map_region region;
	const char *owner; /* for REG_BSS: the path of the file it follows */
};

struct proc_maps {
	struct proc_map *v;
	size_t n, alloc;
};

/* Parse maps or smaps text (smaps: each mapping line is followed by its
 * "Key: value kB" lines) into m, which it initialises. 0 or -EINVAL for a
 * malformed mapping line. */
int proc_maps_parse(const char *buf, size_t len, struct proc_maps *m);
/* One maps line (no newline needed); m->path is allocated. 0 or -EINVAL. */
int proc_map_parse_line(const char *line, size_t len, struct proc_map *m);
void proc_maps_release(struct proc_maps *m);

/* Label every mapping with its region. exe is the program's path (the
 * target of /proc/PID/exe), or NULL when unknown. */
void proc_maps_label(struct proc_maps *m, const char *exe);
/* "text", "data", "bss", "heap", "stack", "vdso", "lib", "anon", "shm" ... */
const char *proc_region_name(enum map_region r);

/* The shared libraries: every mapped file with an executable mapping,
 * other than the program itself, in address order, each once. Returns the
 * count; paths point into m. */
size_t proc_maps_libs(const struct proc_maps *m, const char *exe, const char **out, size_t max);

/* ---- other files ---------------------------------------------------------- */

struct proc_limit {
	char name[40];	 /* "Max open files" */
	char soft[24];	 /* "1024", "unlimited" */
	char hard[24];
	char units[16];	 /* "files", "" */
};

/* Parse /proc/PID/limits (header line skipped). Returns the number of
 * limits filled (at most max) or -EINVAL. */
int proc_limits_parse(const char *buf, size_t len, struct proc_limit *out, size_t max);

/* "key: value" lines (io, and the like): the value of key, or -ENOENT. */
int proc_kv_get(const char *buf, size_t len, const char *key, unsigned long long *val);

/* ---- names: capabilities and signals (src/procfs/names.c) ----------------- */

/* "cap_chown" ... for 0..CAP_LAST_CAP, NULL beyond. */
const char *proc_cap_name(unsigned bit);
unsigned proc_cap_count(void); /* capabilities this table knows */
/* Decode a capability mask: "cap_chown,cap_kill"; unknown bits as "cap_41".
 * Empty mask: nothing appended. */
void proc_format_caps(struct strbuf *sb, uint64_t mask, const char *sep);
/* "SIGHUP" ... "SIGSYS", "SIGRTMIN" (32), "SIGRT_2" (34) ...; n in 1..64. */
const char *proc_sig_name(unsigned sig, char *buf, size_t size);
/* Decode a signal mask (bit n-1 is signal n): "SIGINT|SIGTERM". */
void proc_format_sigmask(struct strbuf *sb, uint64_t mask, const char *sep);
/* The scheduling policy's name: "SCHED_OTHER" ..., NULL if unknown. */
const char *proc_sched_policy_name(unsigned policy);

/* ---- readers ---------------------------------------------------------------- */

struct proc {
	pid_t pid; /* the process (or thread id when opened with proc_open_task) */
	pid_t tgid;
	int dirfd; /* /proc/PID or /proc/PID/task/TID */
};

int proc_open(struct proc *p, pid_t pid);
int proc_open_task(struct proc *p, pid_t tgid, pid_t tid);
void proc_close(struct proc *p);

/* Whole file (relative to the process directory) into sb, NUL-terminated.
 * 0 or -errno; -ESRCH when the process is gone. */
int proc_read_file(const struct proc *p, const char *name, struct strbuf *sb);
/* readlink of a link in the directory ("exe", "cwd", "ns/mnt"). */
int proc_read_link(const struct proc *p, const char *name, struct strbuf *sb);
/* Has the process exited? (Its stat file is gone; a zombie is not gone.) */
bool proc_is_gone(const struct proc *p);

int proc_read_stat(const struct proc *p, struct proc_stat *st);
int proc_read_status(const struct proc *p, struct proc_status *st);
/* maps, or smaps when want_smaps (for RSS and dirty sizes). */
int proc_read_maps(const struct proc *p, bool want_smaps, struct proc_maps *m);

/* The command line with NULs turned into spaces (trailing NULs dropped).
 * Empty for kernel threads and zombies. */
int proc_read_cmdline(const struct proc *p, struct strbuf *sb);

/* A namespace of a process: "mnt" ..., its inode. */
extern const char *const proc_ns_types[];
extern const size_t proc_ns_ntypes;
int proc_read_ns(const struct proc *p, const char *type, unsigned long long *ino);

/* List the numeric entries of a directory ("/proc", "/proc/PID/task") in
 * ascending order. 0 or -errno. */
int proc_list_pids(int dirfd, const char *path, pid_t **out, size_t *n);

/* ---- time and users --------------------------------------------------------- */

long proc_clock_ticks(void);
/* Wall-clock seconds since the epoch at which a process with this stat
 * starttime started (procps's method: now - (uptime - starttime)). */
double proc_start_time(unsigned long long starttime);
/* ps's TIME: "[DD-]HH:MM:SS" from clock ticks. */
void proc_format_cputime(struct strbuf *sb, unsigned long long ticks);
/* ps's START: "HH:MM:SS" within 24 hours, "Mmm dd" within the year, else the year. */
void proc_format_start(struct strbuf *sb, double when);

/* The user (group) name of an id, or NULL when it has none; cached. */
const char *proc_user_name(uid_t uid);
const char *proc_group_name(gid_t gid);
/* A user's id by name or number. 0 or -ENOENT. */
int proc_user_lookup(const char *name, uid_t *uid);

#endif
