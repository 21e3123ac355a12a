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

#endif
