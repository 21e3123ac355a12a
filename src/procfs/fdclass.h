/* fdclass.h: what an open file descriptor is, read from /proc.
 *
 * An fd's kind is a class chosen by a pure function of its stat mode and
 * its /proc/PID/fd link text (fd_classify). Each class then reads its own
 * details (fdinfo, /proc/PID/net tables, sock_diag netlink).
 *
 * USAGE
 *   The tracer's -y / -yy / --decode-fds (strace 6.1 compatible):
 *     struct strbuf sb = STRBUF_INIT;
 *     r = fd_describe_strace(pid, 3, FD_DECODE_ALL, &sb);
 *     if (r < 0)            the fd is gone (-EBADF) or the process (-ESRCH)
 *     else                  print "3<" sb.buf ">" (just "3" if sb is empty),
 *                           then "(deleted)" if r & FD_DESCRIBE_DELETED
 *   Summarising a process's fds by kind (procscope show):
 *     unsigned n[FD_CLASS__COUNT];
 *     total = fd_count_by_class(pid, n);       -ESRCH, -EACCES, ...
 *     for (c = 0; c < FD_CLASS__COUNT; c++) if (n[c]) printf("%s %u", fd_class_name(c), n[c]);
 *
 * All functions here are safe on processes that exit meanwhile: they
 * return -ESRCH (or -ENOENT for a single fd) instead of failing loudly.
 */
#ifndef PROCSCOPE_FDCLASS_H
#define PROCSCOPE_FDCLASS_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/strbuf.h"

/* The fd classes. Sockets come out of fd_classify as FD_CLASS_SOCKET and
 * are refined to a family by fd_classify_socket() (kernel protocol name). */
enum fd_class {
	FD_CLASS_UNKNOWN = 0, /* not readable: no data, not "nothing" */
	FD_CLASS_REGULAR,
	FD_CLASS_DIR,
	FD_CLASS_CHR,
	FD_CLASS_BLK,
	FD_CLASS_PIPE,
	FD_CLASS_FIFO,
	FD_CLASS_SOCKET, /* a socket of a family we do not detail */
	FD_CLASS_UNIX,
	FD_CLASS_INET,
	FD_CLASS_INET6,
	FD_CLASS_NETLINK,
	FD_CLASS_EVENTPOLL,
	FD_CLASS_INOTIFY,
	FD_CLASS_EVENTFD,
	FD_CLASS_TIMERFD,
	FD_CLASS_SIGNALFD,
	FD_CLASS_PIDFD,
	FD_CLASS_MEMFD,
	FD_CLASS_NAMESPACE,
	FD_CLASS_OTHER, /* anything else: the kernel's name is in the link */
	FD_CLASS__COUNT
};

/* Stable lowercase names ("regular", "pipe", "unix", "eventpoll" ...), used
 * as JSON values; "unknown" for FD_CLASS_UNKNOWN. */
const char *fd_class_name(enum fd_class c);

/* The pure classifier. mode is st_mode of stat(/proc/PID/fd/N) (0 when the
 * stat failed), link is the readlink text (NULL when that failed). */
enum fd_class fd_classify(unsigned mode, const char *link);

/* Refine FD_CLASS_SOCKET by the protocol name the kernel gives in the
 * "system.sockprotoname" xattr ("TCP", "UDPv6", "UNIX-STREAM", "NETLINK"). */
enum fd_class fd_classify_socket(const char *protoname);

/* Count the open fds of pid by class into counts[FD_CLASS__COUNT] (zeroed
 * first). Returns the number of fds, or -errno: -ESRCH when the process is
 * gone, -EACCES when its fd table is not readable. An fd closed during
 * the scan is not counted. */
int fd_count_by_class(pid_t pid, unsigned counts[FD_CLASS__COUNT]);

/* What fd_describe_strace decodes: strace's --decode-fds set.
 * -y is FD_DECODE_PATH, -yy is FD_DECODE_ALL. */
enum {
	FD_DECODE_PATH = 1 << 0,   /* "/etc/passwd", "pipe:[1234]", "socket:[5678]" */
	FD_DECODE_SOCKET = 1 << 1, /* "TCP:[127.0.0.1:80->127.0.0.1:5555]", "UNIX-STREAM:[..]" */
	FD_DECODE_DEV = 1 << 2,    /* "/dev/null<char 1:3>" */
	FD_DECODE_PIDFD = 1 << 3,  /* "pid:1234" */
	FD_DECODE_ALL = FD_DECODE_PATH | FD_DECODE_SOCKET | FD_DECODE_DEV | FD_DECODE_PIDFD,
};

/* Positive bit in fd_describe_strace's result: strace prints "(deleted)"
 * right after the closing '>' of this fd. */
#define FD_DESCRIBE_DELETED 1

/* Append to out exactly what strace 6.1 prints between '<' and '>' after
 * fd of pid, for the decoders in what (FD_DECODE_*). Appends nothing when
 * no selected decoder applies (strace then prints the bare number).
 * Returns 0 or FD_DESCRIBE_DELETED, or -errno (-ENOENT: no such fd,
 * -ESRCH: no such process, -EACCES) with out unchanged.
 * Cheap enough to call per syscall argument: socket details are cached per
 * (pid, fd, inode) once they can no longer change. */
int fd_describe_strace(pid_t pid, int fd, unsigned what, struct strbuf *out);

/* Drop every cached description (for example after a tracee execs or
 * exits); never needed for correctness, only to free memory. */
void fd_describe_cache_clear(void);

/* ---------------------------------------------------------------------
 * Below: the readers behind `procscope fds`, exposed for src/cmd/fds.c and
 * the unit tests (tests/unit/test_fd*.c). Not for other callers.
 * --------------------------------------------------------------------- */

/* One line "tfd: N events: HEX ..." of an eventpoll fd's fdinfo. */
struct fdinfo_tfd {
	int fd;
	unsigned events;
	unsigned long long ino;
};

/* One line "inotify wd:N ino:HEX sdev:HEX mask:HEX ..." of an inotify fd. */
struct fdinfo_watch {
	int wd;
	unsigned long long ino;
	unsigned major, minor; /* decoded from the kernel's sdev encoding */
	unsigned mask;
};

/* What /proc/PID/fdinfo/N says. have says which fields were present. */
enum {
	FDINFO_POS = 1 << 0,
	FDINFO_FLAGS = 1 << 1,
	FDINFO_MNT_ID = 1 << 2,
	FDINFO_INO = 1 << 3,
	FDINFO_EVENTFD = 1 << 4,  /* eventfd_count, eventfd_id */
	FDINFO_TIMERFD = 1 << 5,  /* clockid, ticks, value, interval */
	FDINFO_SIGMASK = 1 << 6,  /* sigmask */
	FDINFO_PID = 1 << 7,	  /* pidfd target */
	FDINFO_EPOLL = 1 << 8,	  /* tfds (possibly zero of them) */
	FDINFO_INOTIFY = 1 << 9,  /* watches */
};

struct fdinfo {
	unsigned have;
	unsigned long long pos;
	unsigned flags; /* O_* as the kernel keeps them (octal in the file) */
	int mnt_id;
	unsigned long long ino;
	unsigned long long eventfd_count;
	long long eventfd_id;
	int clockid;
	unsigned long long ticks;
	long long value_sec, value_nsec;       /* time to next expiry */
	long long interval_sec, interval_nsec; /* period, 0 for one-shot */
	unsigned long long sigmask;	       /* bit n-1 is signal n */
	int pid;			       /* pidfd: -1 once the target is reaped */
	struct fdinfo_tfd *tfds; /* sorted by fd */
	size_t ntfds;
	struct fdinfo_watch *watches;
	size_t nwatches;
};

/* Parse the text of an fdinfo file (len bytes, need not be NUL-terminated)
 * into fi, which it initialises. Unknown lines are ignored. Returns 0 or
 * -EINVAL when a known line is malformed (fi then holds the lines before). */
int fdinfo_parse(const char *text, size_t len, struct fdinfo *fi);
void fdinfo_release(struct fdinfo *fi);

/* Read /proc/PID/fdinfo/FD relative to an open /proc/PID directory. */
int fdinfo_read(int procdir, int fd, struct fdinfo *fi);

/* Names for the numbers fdinfo holds, appended to sb. */
void fd_format_open_flags(struct strbuf *sb, unsigned flags);  /* O_WRONLY|O_APPEND */
void fd_format_epoll_events(struct strbuf *sb, unsigned events); /* EPOLLIN|EPOLLOUT */
void fd_format_inotify_mask(struct strbuf *sb, unsigned mask);   /* IN_CREATE|IN_DELETE */
void fd_format_sigmask(struct strbuf *sb, unsigned long long mask); /* SIGUSR1|SIGTERM */
const char *fd_clock_name(int clockid); /* "CLOCK_MONOTONIC", NULL if unknown */

/* Sockets as /proc/PID/net/{tcp,udp,raw,unix,netlink}[6] list them. */
struct sock_info {
	unsigned long long ino;
	enum fd_class cls;	  /* FD_CLASS_INET, _INET6, _UNIX, _NETLINK */
	int proto;		  /* inet: IPPROTO_TCP/UDP/RAW; netlink: NETLINK_* */
	int type;		  /* unix: SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int state;		  /* inet: TCP_* (1..12); unix: SS_* (1..4) */
	unsigned flags;		  /* unix: __SO_ACCEPTCON (1 << 16) when listening */
	unsigned long long kaddr; /* unix: the "Num" column (hashed kernel address) */
	unsigned char laddr[16], raddr[16]; /* network byte order */
	unsigned lport, rport;
	unsigned portid; /* netlink */
	char *path;	 /* unix bound name ('@' first for abstract), or NULL */
	bool abstract;	 /* unix: path is an abstract name (its '@' stands for NUL) */
	bool have_peer;	 /* unix: peer_ino is known (from sock_diag) */
	unsigned long long peer_ino;
};

/* Parse one data line of /proc/net/{tcp,udp,raw}[6] (cls FD_CLASS_INET or
 * _INET6, proto the file's protocol), /proc/net/unix or /proc/net/netlink.
 * Return 0, or -EINVAL for a header or malformed line. sock_parse_unix_line
 * allocates si->path; sock_info_release frees it. */
int sock_parse_inet_line(const char *line, enum fd_class cls, int proto, struct sock_info *si);
int sock_parse_unix_line(const char *line, struct sock_info *si);
int sock_parse_netlink_line(const char *line, struct sock_info *si);
void sock_info_release(struct sock_info *si);

/* "127.0.0.1:80", "[::1]:80" (numeric, as lsof -n -P and strace show them). */
void sock_format_inet_addr(struct strbuf *sb, enum fd_class cls, const unsigned char *addr,
			   unsigned port);
/* "LISTEN", "ESTABLISHED" ... for a TCP state, NULL if unknown. */
const char *sock_tcp_state_name(int state);
/* "ROUTE", "AUDIT" ... for a netlink protocol (lsof's names), NULL if unknown. */
const char *sock_netlink_proto_name(int proto);

/* UNIX sockets of our own network namespace via NETLINK_SOCK_DIAG, with
 * peer inode (have_peer set) and name. dump calls fn for each socket (a
 * non-zero return stops it and is returned); get looks up one inode
 * (-ENOENT when not there). */
int sockdiag_unix_dump(int (*fn)(const struct sock_info *, void *), void *arg);
int sockdiag_unix_get(unsigned long long ino, struct sock_info *si);
/* The inet socket with inode ino among family's (AF_INET, AF_INET6) sockets
 * of protocol proto (IPPROTO_TCP, ...) in every state, bound-only TCP ones
 * included; -ENOENT when not there. */
int sockdiag_inet_get(int family, int proto, unsigned long long ino, struct sock_info *si);

/* Every socket of each network namespace met during a scan, loaded once
 * per namespace from /proc/PID/net/ (the process's own namespace, as the
 * issue asks) and, for our own namespace, unix peers from sock_diag. */
struct sock_cache;
struct sock_cache *sock_cache_new(void);
void sock_cache_free(struct sock_cache *c);
/* The socket with inode ino as seen from process pid, whose /proc dir is
 * open as procdir, or NULL when none of its namespace's tables lists it. */
const struct sock_info *sock_cache_lookup(struct sock_cache *c, pid_t pid, int procdir,
					  unsigned long long ino);
/* The other end of a connected inet socket in the same namespace (the
 * socket whose local address is si's remote one and back), or NULL. */
const struct sock_info *sock_cache_inet_peer(struct sock_cache *c, pid_t pid, int procdir,
					     const struct sock_info *si);

/* The whole-system (or selected) scan behind `procscope fds`. */

/* Pseudo fd numbers for the rows lsof also shows. */
enum {
	FD_CWD = -1, /* current directory */
	FD_RTD = -2, /* root directory */
	FD_TXT = -3, /* the program */
	FD_MEM = -4, /* a mapped file (one row per file) */
	FD_DEL = -5, /* a mapped file that was deleted */
	FD_NOFD = -6, /* the fd table as a whole could not be read */
};

struct fd_proc {
	pid_t pid;
	char comm[32];	/* empty when unreadable */
	uid_t uid;
	bool have_uid;
	bool gone;	/* exited while being read: what was read is kept */
	struct fd_entry *v;
	size_t n, alloc;
};

/* Another process's (or our own) fd on the same pipe, FIFO or socket. */
struct fd_peer {
	pid_t pid;
	int fd;
	char mode; /* 'r', 'w', 'u' or '?' when unknown */
	const char *comm;
};

struct fd_entry {
	int fd;		   /* >= 0, or FD_CWD ... FD_NOFD */
	enum fd_class cls;
	int err;	   /* errno when the fd itself was unreadable, else 0 */
	const char *what;  /* what failed with err: "readlink", "opendir" ... */
	char *link;	   /* link text (NULL if unreadable); for mem, the maps path */
	bool have_stat;
	unsigned mode;	   /* st_mode */
	unsigned long long dev, rdev, ino, size; /* st_dev, st_rdev as makedev() */
	bool have_fdinfo;
	struct fdinfo fi;
	char link_mode; /* 'r', 'w', 'u' from the fd link's own mode bits, or 0 */
	bool deleted;
	const struct sock_info *sock; /* sockets found in the namespace tables */
	unsigned long long peer_sock; /* inet: the other end's socket inode, 0 */
	bool peers_known; /* the peer search ran (peers may still be zero) */
	struct fd_peer *peers;
	size_t npeers;
	pid_t pidfd_pid;    /* pidfd target, 0 if unknown */
	const char *pidfd_comm;
};

struct fd_scan_opts {
	const pid_t *pids; /* NULL: every process */
	size_t npids;
	const char *const *comms; /* keep processes whose command starts with one */
	size_t ncomms;
	bool want_peers; /* resolve pipe/FIFO/socket peers (scans all fd links) */
	bool want_mem;	 /* the mem rows (parses /proc/PID/maps) */
};

struct fd_scan {
	struct fd_proc *procs;
	size_t nprocs;
	struct sock_cache *socks;
	/* -p PIDs that did not exist (not an error for the others). */
	pid_t *missing;
	size_t nmissing;
};

/* Scan processes into s (zeroed by the call). 0 or -errno (-ENOENT: no /proc). */
int fd_scan_run(struct fd_scan *s, const struct fd_scan_opts *o);
void fd_scan_release(struct fd_scan *s);
/* 'r', 'w', 'u' (from the fdinfo flags), or ' ' for cwd/txt/..., '?' unknown. */
char fd_entry_mode(const struct fd_entry *e);

#endif
