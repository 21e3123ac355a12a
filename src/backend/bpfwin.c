/* bpfwin.c: what the eBPF backend's kernel side copies for syscalls whose
 * capture hook is code (trace_event.h's windows).
 *
 * A capture hook (the cap_* functions in decode/) decides at the stop what tracee memory to
 * read, following pointers and lengths it reads on the way. The kernel side
 * cannot run it, so this table says, per syscall, which memory the hook may
 * want: a struct behind an argument, an array sized by an argument or the
 * return value, iovecs and their buffers, a msghdr and what it points to. The
 * user side runs the hook unchanged against these copies (bpf.c's snapshot
 * reader); a read no copy covers fails as a fault does, and the decoder prints
 * the address. A window too small here costs decoding, never correctness.
 *
 * Sizes are the ones the hooks read (x86-64 layouts). WS marks a size that
 * -s sets: strsize + 1 bytes.
 */
#include "backend/bpfwin.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "core/util.h"
#include "syscalls/syscalls.h"

#define WS 0xffffffffu /* -s + 1 bytes */

#define ENT TE_W_ENTRY
#define EXT (TE_W_EXIT | TE_W_OK)
#define BOTH (TE_W_ENTRY | TE_W_EXIT)

/* A struct of n bytes at argument a. */
#define FIX(a, when, n) { TE_W_MEM, a, when, TE_SZ_FIXED, 1, 0, n }
/* The same, only when argument j's value is one of the bits of vals. */
#define FIX_IF(a, when, n, j, vals) { TE_W_MEM, a, when, TE_SZ_FIXED, 1, 0, n, (j) + 1, 0, vals }
#define BIT(v) (1ull << (v))
/* Argument j elements of mul bytes, at most max bytes; the return value's
 * (RETARR), at the exit, whole or not at all (hooks read all of them). */
#define ARR(a, when, j, mul, max) { TE_W_MEM, a, when, TE_SZ_ARG0 + (j), mul, 0, max }
#define RETARR(a, mul, max) { TE_W_MEM, a, EXT | TE_W_WHOLE, TE_SZ_RET, mul, 0, max }
/* An array the hook reads whole or not at all: past max, no copy. */
#define WHOLE_ARR(a, when, j, mul, max) { TE_W_MEM, a, (when) | TE_W_WHOLE, TE_SZ_ARG0 + (j), mul, 0, max }
/* As many bytes as the int at argument j's address says, at most max. */
#define BYPTR(a, when, j, max) { TE_W_MEM, a, when, TE_SZ_PTR0 + (j), 1, 0, max }
/* A header of hdr bytes, then argument j's count of bytes (-s at most). */
#define HDR(a, when, hdr, j) { TE_W_MEM, a, when, TE_SZ_ARG0 + (j), 1, hdr, WS }
/* n bytes at the pointer that is off bytes into argument a's memory. */
#define AT(a, when, off, n) { TE_W_AT, a, when, TE_SZ_FIXED, 1, off, n }
#define STR(a, when, max) { TE_W_STR, a, when, TE_SZ_FIXED, 1, 0, max }
/* iovecs at argument a, as many as argument j says, and their buffers. */
#define IOV(a, when, j) { TE_W_IOV, a, when, TE_SZ_ARG0 + (j), 16, 0, WS }
#define MSG(a, when) { TE_W_MSGHDR, a, when, TE_SZ_FIXED, 1, 0, WS }

#define SIGINFO 128
#define RUSAGE 144
#define TIMESPEC 16
#define SIGSET 8
#define SOCKADDR 128

static const struct win_row {
	const char *name;
	struct te_win w[TE_WIN_MAX];
} rows[] = {
	/* signals */
	{ "rt_sigaction", { FIX(1, ENT, 32), FIX(2, EXT, 32) } },
	{ "sigaltstack", { FIX(0, ENT, 24), FIX(1, EXT, 24) } },
	{ "rt_sigqueueinfo", { FIX(2, ENT, SIGINFO) } },
	{ "rt_tgsigqueueinfo", { FIX(3, ENT, SIGINFO) } },
	{ "pidfd_send_signal", { FIX(2, ENT, SIGINFO) } },
	{ "rt_sigtimedwait", { FIX(1, EXT, SIGINFO) } },
	/* processes and credentials */
	{ "capget", { FIX(0, ENT, 8), FIX(1, EXT, 24) } },
	{ "capset", { FIX(0, ENT, 8), FIX(1, ENT, 24) } },
	{ "setgroups", { ARR(1, ENT, 0, 4, TE_CAP_MAX) } },
	/* the first -s groups */
	{ "getgroups", { { TE_W_MEM, 1, EXT, TE_SZ_RET, 4, 0, TE_CAP_MAX } } },
	{ "uname", { FIX(0, EXT, 390) } },
	{ "times", { FIX(0, EXT, 32) } },
	{ "getrusage", { FIX(1, EXT, RUSAGE) } },
	{ "wait4", { FIX(3, EXT, RUSAGE) } },
	{ "waitid", { FIX(2, EXT, SIGINFO), FIX(4, EXT, RUSAGE) } },
	{ "getitimer", { FIX(1, EXT, 32) } },
	{ "setitimer", { FIX(1, ENT, 32), FIX(2, EXT, 32) } },
	{ "clone", { FIX(2, EXT, 4) } },
	/* struct clone_args, then what its parent_tid and pidfd point to */
	{ "clone3", { ARR(0, ENT, 1, 1, 88), AT(0, EXT, 24, 4), AT(0, EXT, 8, 4) } },
	{ "futex", { FIX(3, ENT, TIMESPEC) } },
	{ "prctl", { STR(1, ENT, WS), STR(1, EXT, 16), FIX(1, EXT, 4) } },
	/* scheduling */
	{ "sched_getparam", { FIX(1, EXT, 4) } },
	{ "sched_setparam", { FIX(1, ENT, 4) } },
	{ "sched_setscheduler", { FIX(2, ENT, 4) } },
	{ "sched_getattr", { ARR(1, EXT, 2, 1, 56) } },
	{ "sched_setattr", { FIX(1, ENT, 56) } },
	/* files */
	{ "statx", { FIX(4, EXT, 256) } },
	{ "statfs", { FIX(1, EXT, 120) } },
	{ "fstatfs", { FIX(1, EXT, 120) } },
	{ "getdents", { RETARR(1, 1, TE_CAP_MAX) } },
	{ "getdents64", { RETARR(1, 1, TE_CAP_MAX) } },
	{ "openat2", { FIX(2, ENT, 24) } },
	/* struct flock (32 bytes) or f_owner_ex (8), by the command */
	{ "fcntl",
	  { FIX_IF(2, ENT, 32, 1, BIT(F_SETLK) | BIT(F_SETLKW) | BIT(F_OFD_SETLK) | BIT(F_OFD_SETLKW)),
	    FIX_IF(2, EXT, 32, 1, BIT(F_GETLK) | BIT(F_OFD_GETLK)), FIX_IF(2, ENT, 8, 1, BIT(F_SETOWN_EX)),
	    FIX_IF(2, EXT, 8, 1, BIT(F_GETOWN_EX)) } },
	{ "utimensat", { FIX(2, ENT, 32) } },
	/* an int, struct winsize, struct ifreq, struct termios */
	{ "ioctl", { FIX(2, BOTH, 4), FIX(2, BOTH, 8), FIX(2, BOTH, 40), FIX(2, BOTH, 60) } },
	{ "sendfile", { FIX(2, BOTH, 8) } },
	{ "splice", { FIX(1, ENT, 8), FIX(3, ENT, 8) } },
	{ "copy_file_range", { FIX(1, ENT, 8), FIX(3, ENT, 8) } },
	{ "readv", { IOV(1, TE_W_EXIT | TE_W_BYRET, 2) } },
	{ "preadv", { IOV(1, TE_W_EXIT | TE_W_BYRET, 2) } },
	{ "preadv2", { IOV(1, TE_W_EXIT | TE_W_BYRET, 2) } },
	{ "writev", { IOV(1, ENT, 2) } },
	{ "pwritev", { IOV(1, ENT, 2) } },
	{ "pwritev2", { IOV(1, ENT, 2) } },
	{ "mount", { STR(4, ENT, WS) } },
	/* events */
	{ "epoll_ctl", { FIX(3, ENT, 12) } },
	{ "epoll_wait", { RETARR(1, 12, TE_CAP_MAX) } },
	{ "epoll_pwait", { RETARR(1, 12, TE_CAP_MAX), FIX(4, ENT, SIGSET) } },
	{ "epoll_pwait2", { RETARR(1, 12, TE_CAP_MAX), FIX(3, ENT, TIMESPEC), FIX(4, ENT, SIGSET) } },
	{ "poll", { WHOLE_ARR(0, BOTH, 1, 8, TE_CAP_MAX) } },
	{ "ppoll", { WHOLE_ARR(0, BOTH, 1, 8, TE_CAP_MAX), FIX(2, BOTH, TIMESPEC), FIX(3, ENT, SIGSET) } },
	/* fd_sets: FD_SETSIZE bits, of which the hook reads what nfds needs */
	{ "select", { FIX(1, BOTH, 128), FIX(2, BOTH, 128), FIX(3, BOTH, 128), FIX(4, BOTH, 16) } },
	{ "pselect6",
	  { FIX(1, BOTH, 128), FIX(2, BOTH, 128), FIX(3, BOTH, 128), FIX(4, BOTH, TIMESPEC),
	    FIX(5, ENT, 16), AT(5, ENT, 0, SIGSET) } },
	{ "timerfd_settime", { FIX(2, ENT, 32), FIX(3, EXT, 32) } },
	{ "timerfd_gettime", { FIX(1, EXT, 32) } },
	/* IPC */
	{ "msgsnd", { HDR(1, ENT, 8, 2) } },
	{ "msgrcv", { HDR(1, EXT, 8, 2) } },
	{ "semop", { WHOLE_ARR(1, ENT, 2, 6, TE_CAP_MAX) } },
	{ "semtimedop", { WHOLE_ARR(1, ENT, 2, 6, TE_CAP_MAX), FIX(3, ENT, TIMESPEC) } },
	{ "mq_open", { FIX(3, ENT, 32) } },
	{ "mq_timedsend", { FIX(4, ENT, TIMESPEC) } },
	{ "mq_timedreceive", { FIX(3, EXT, 4), FIX(4, TE_W_EXIT, TIMESPEC) } },
	{ "mq_notify", { FIX(1, ENT, 64) } },
	{ "mq_getsetattr", { FIX(1, ENT, 32), FIX(2, EXT, 32) } },
	/* sockets */
	{ "bind", { ARR(1, ENT, 2, 1, SOCKADDR) } },
	{ "connect", { ARR(1, ENT, 2, 1, SOCKADDR) } },
	{ "accept", { FIX(2, BOTH, 4), BYPTR(1, EXT, 2, SOCKADDR) } },
	{ "accept4", { FIX(2, BOTH, 4), BYPTR(1, EXT, 2, SOCKADDR) } },
	{ "getsockname", { FIX(2, BOTH, 4), BYPTR(1, EXT, 2, SOCKADDR) } },
	{ "getpeername", { FIX(2, BOTH, 4), BYPTR(1, EXT, 2, SOCKADDR) } },
	{ "sendto", { ARR(4, ENT, 5, 1, SOCKADDR) } },
	{ "recvfrom", { FIX(5, BOTH, 4), BYPTR(4, EXT, 5, SOCKADDR) } },
	{ "setsockopt", { ARR(3, ENT, 4, 1, TE_CAP_MAX) } },
	{ "getsockopt", { FIX(4, BOTH, 4), BYPTR(3, EXT, 4, TE_CAP_MAX) } },
	{ "sendmsg", { MSG(1, ENT) } },
	/* the vector is out of reach (see test_bpfwin.c), its timeout is not */
	{ "recvmmsg", { FIX(4, BOTH, TIMESPEC) } },
	{ "recvmsg", { FIX(1, ENT, 56), MSG(1, EXT | TE_W_BYRET) } },
};

void bpfwin_of(const char *name, const struct dopts *d, struct te_wins *out)
{
	size_t i;
	int k;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		if (strcmp(rows[i].name, name))
			continue;
		memcpy(out->w, rows[i].w, sizeof(out->w));
		for (k = 0; k < TE_WIN_MAX; k++) {
			struct te_win *w = &out->w[k];

			if (w->max == WS)
				w->max = MIN(d->strsize + 1 + (w->kind == TE_W_MEM ? w->n : 0),
					     (unsigned)TE_CAP_MAX);
			/* iovecs: the hook reads the first -s of them */
			if (w->kind == TE_W_IOV || w->kind == TE_W_MSGHDR)
				w->n = (uint16_t)MIN(d->strsize, (unsigned)TE_IOV_MAX);
		}
		return;
	}
}

unsigned bpfwin_ends(const struct te_wins *w)
{
	unsigned m = 0;
	int k;

	for (k = 0; k < TE_WIN_MAX; k++) {
		if (!w->w[k].kind)
			continue;
		if (w->w[k].when & TE_W_ENTRY)
			m |= 1;
		if (w->w[k].when & TE_W_EXIT)
			m |= 2;
	}
	return m;
}

int bpfwin_serve(const uint8_t *wins, size_t len, uint64_t addr, uint32_t want, bool str, uint8_t *dst,
		 uint32_t *got)
{
	size_t p = 0;

	*got = 0;
	while (p + sizeof(struct bpfwin_hdr) <= len) {
		struct bpfwin_hdr h;
		uint64_t off;
		uint32_t n;

		memcpy(&h, wins + p, sizeof(h));
		p += sizeof(h);
		if (h.len > len - p)
			break;
		if (addr >= h.addr && addr - h.addr <= h.len && !h.err) {
			off = addr - h.addr;
			n = (uint32_t)(h.len - off);
			if (str) {
				const uint8_t *z = memchr(wins + p + off, 0, MIN(n, want));

				/* the string ends here, or the copy holds all wanted */
				if (z || n >= want) {
					n = z ? (uint32_t)(z - (wins + p + off)) + 1 : want;
					memcpy(dst, wins + p + off, n);
					*got = n;
					return 0;
				}
			} else if (n >= want) {
				memcpy(dst, wins + p + off, want);
				*got = want;
				return 0;
			}
		}
		p += h.len;
	}
	return EFAULT;
}
