/* filter.h: the selection qualifiers of `procscope trace -e`, apart from
 * trace= (which syscalls): status= (-z, -Z), signal=, and the fd sets of
 * read= and write=. Each parser takes strace's syntax and returns 0, or
 * -EINVAL with the offending element named by error().
 *
 * USAGE
 *   unsigned mask;  filter_parse_status("successful,failed", &mask);
 *   uint64_t hide;  filter_parse_signals("!SIGCHLD,io", &hide);
 *                   bit sig-1 set in hide: no "--- SIG ---" line for sig
 */
#ifndef PROCSCOPE_FILTER_H
#define PROCSCOPE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"

/* status=SET: successful, failed, unfinished, unavailable, detached, all,
 * none; a leading ! negates. *mask gets STATUS_* bits (format/format.h),
 * never 0: "none" is kept as a mask that matches nothing. */
int filter_parse_status(const char *spec, unsigned *mask);

/* signal=SET: names (with or without SIG, any case), numbers 1..64, all,
 * none; a leading ! negates. *hidden gets the signals NOT in the set. */
int filter_parse_signals(const char *spec, uint64_t *hidden);

/* -P PATH: the paths a syscall must touch to be traced. */
struct pathset {
	char **paths;
	int n;
};

/* Add path, and what it resolves to when that differs (a symlink), saying so
 * on stderr as strace does. */
void pathset_add(struct pathset *ps, const char *path);
void pathset_free(struct pathset *ps);
/* Whether the call names one of the paths: a path argument equal to it
 * (as given, like strace), or an fd argument whose captured description
 * (CAP_FDDESC, see fmt dopts.fd_paths) is it. Uses entry captures only. */
bool pathset_match(const struct pathset *ps, const struct call *c);

/* -e read=SET, -e write=SET: descriptors whose data is hex-dumped. */
struct fdset {
	bool negate;	    /* the set is every fd but those in bits */
	uint64_t bits[16];  /* fds 0..1023 */
};

/* numbers, all, none; a leading ! negates. */
int filter_parse_fdset(const char *spec, struct fdset *set);
bool fdset_has(const struct fdset *set, long long fd);
/* Whether set (NULL: not given) holds any fd at all. */
bool fdset_any(const struct fdset *set);

struct dopts;
struct syscall_sig;
/* The buffer argument of a call whose data is dumped (read(2)-like calls on
 * a -e read= fd, write(2)-like on a -e write= fd), or -1. The dump is the
 * whole buffer, captured into DUMP_SLOT. Calls whose arguments are generic
 * (fd first, then an ibuf/obuf: read, write, sendto, recvfrom, mq_timedsend,
 * ...) are dumped; the capture hook of such a call must leave DUMP_SLOT free.
 * A write's buffer is dumped as asked (its size argument, even when the call
 * failed or wrote less), a read's as far as the return value, as strace. */
int dump_arg(const struct dopts *o, const struct syscall_sig *s, const struct call *c);
#define DUMP_SLOT CAP_EXTRA(0)
/* DUMP_READ or DUMP_WRITE when the call is readv/writev-like (readv, preadv,
 * preadv2; writev, pwritev, pwritev2) on a dumped fd, else 0: each iovec is
 * then dumped on its own (" * N bytes in buffer K"), from the call's iovec
 * capture (decode/file.h iov_piece). */
enum { DUMP_READ = 1, DUMP_WRITE = 2 };
int dump_iov(const struct dopts *o, const struct syscall_sig *s, const struct call *c);
/* The same for sendmsg/recvmsg and, *vector set, sendmmsg/recvmmsg: their
 * iovecs are dumped from the packed msghdr capture (decode/net.h msg_walk_*),
 * a vector's messages each after " = N buffers in vector V". */
int dump_msg(const struct dopts *o, const struct syscall_sig *s, const struct call *c, bool *vector);
#define DUMP_MAX (16u << 20) /* bytes dumped of one call at most */

#endif
