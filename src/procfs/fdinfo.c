/* fdinfo.c: /proc/PID/fdinfo/N, and names for the numbers it holds.
 *
 * The kernel prints each fd kind's own lines after pos/flags/mnt_id/ino
 * (fs/proc/fd.c and each kind's show_fdinfo): eventfd-count is hex,
 * flags octal, inotify wd hex, sdev the kernel's internal dev_t
 * (major << 20 | minor). */
#include "procfs/fdclass.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#define KDEV_MAJOR(d) ((unsigned)((d) >> 20))
#define KDEV_MINOR(d) ((unsigned)((d) & ((1U << 20) - 1)))

static bool has_prefix(const char *s, const char *p, const char **rest)
{
	size_t n = strlen(p);

	if (strncmp(s, p, n))
		return false;
	*rest = s + n;
	return true;
}

static int parse_tfd(const char *s, struct fdinfo *fi)
{
	struct fdinfo_tfd t;
	unsigned long long data, ino;
	long long pos;

	if (sscanf(s, "%d events: %x data: %llx pos:%lli ino:%llx", &t.fd, &t.events, &data, &pos,
		   &ino) < 3)
		return -EINVAL;
	/* ino arrived with kernel 3.x; older fdinfo stops after data. */
	if (sscanf(s, "%*d events: %*x data: %*x pos:%*i ino:%llx", &ino) != 1)
		ino = 0;
	t.ino = ino;
	fi->tfds = xrealloc(fi->tfds, (fi->ntfds + 1) * sizeof(*fi->tfds));
	fi->tfds[fi->ntfds++] = t;
	return 0;
}

static int parse_watch(const char *s, struct fdinfo *fi)
{
	struct fdinfo_watch w;
	unsigned long long ino;
	unsigned sdev, wd;

	if (sscanf(s, "wd:%x ino:%llx sdev:%x mask:%x", &wd, &ino, &sdev, &w.mask) != 4)
		return -EINVAL;
	w.wd = (int)wd;
	w.ino = ino;
	w.major = KDEV_MAJOR(sdev);
	w.minor = KDEV_MINOR(sdev);
	fi->watches = xrealloc(fi->watches, (fi->nwatches + 1) * sizeof(*fi->watches));
	fi->watches[fi->nwatches++] = w;
	return 0;
}

/* One NUL-terminated line; returns 0 or -EINVAL. */
static int parse_line(const char *line, struct fdinfo *fi)
{
	const char *v;

	if (has_prefix(line, "pos:", &v)) {
		if (sscanf(v, "%llu", &fi->pos) != 1)
			return -EINVAL;
		fi->have |= FDINFO_POS;
	} else if (has_prefix(line, "flags:", &v)) {
		if (sscanf(v, "%o", &fi->flags) != 1)
			return -EINVAL;
		fi->have |= FDINFO_FLAGS;
	} else if (has_prefix(line, "mnt_id:", &v)) {
		if (sscanf(v, "%d", &fi->mnt_id) != 1)
			return -EINVAL;
		fi->have |= FDINFO_MNT_ID;
	} else if (has_prefix(line, "ino:", &v)) {
		if (sscanf(v, "%llu", &fi->ino) != 1)
			return -EINVAL;
		fi->have |= FDINFO_INO;
	} else if (has_prefix(line, "eventfd-count:", &v)) {
		if (sscanf(v, "%llx", &fi->eventfd_count) != 1)
			return -EINVAL;
		fi->have |= FDINFO_EVENTFD;
	} else if (has_prefix(line, "eventfd-id:", &v)) {
		if (sscanf(v, "%lld", &fi->eventfd_id) != 1)
			return -EINVAL;
	} else if (has_prefix(line, "tfd:", &v)) {
		if (parse_tfd(v, fi))
			return -EINVAL;
		fi->have |= FDINFO_EPOLL;
	} else if (has_prefix(line, "inotify ", &v)) {
		if (parse_watch(v, fi))
			return -EINVAL;
		fi->have |= FDINFO_INOTIFY;
	} else if (has_prefix(line, "clockid:", &v)) {
		if (sscanf(v, "%d", &fi->clockid) != 1)
			return -EINVAL;
		fi->have |= FDINFO_TIMERFD;
	} else if (has_prefix(line, "ticks:", &v)) {
		if (sscanf(v, "%llu", &fi->ticks) != 1)
			return -EINVAL;
	} else if (has_prefix(line, "it_value:", &v)) {
		if (sscanf(v, " (%lld, %lld)", &fi->value_sec, &fi->value_nsec) != 2)
			return -EINVAL;
	} else if (has_prefix(line, "it_interval:", &v)) {
		if (sscanf(v, " (%lld, %lld)", &fi->interval_sec, &fi->interval_nsec) != 2)
			return -EINVAL;
	} else if (has_prefix(line, "sigmask:", &v)) {
		if (sscanf(v, "%llx", &fi->sigmask) != 1)
			return -EINVAL;
		fi->have |= FDINFO_SIGMASK;
	} else if (has_prefix(line, "Pid:", &v)) {
		if (sscanf(v, "%d", &fi->pid) != 1)
			return -EINVAL;
		fi->have |= FDINFO_PID;
	}
	return 0;
}

static int tfd_cmp(const void *a, const void *b)
{
	const struct fdinfo_tfd *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

int fdinfo_parse(const char *text, size_t len, struct fdinfo *fi)
{
	char line[512];
	size_t i = 0;

	memset(fi, 0, sizeof(*fi));
	fi->pid = -1;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;

		/* Longer lines than any the kernel prints are not ours to parse. */
		if (n < sizeof(line)) {
			memcpy(line, text + i, n);
			line[n] = '\0';
			if (parse_line(line, fi))
				return -EINVAL;
		}
		i += n + 1;
	}
	/* The kernel lists epoll targets in its tree's order; fd order reads better. */
	if (fi->ntfds > 1)
		qsort(fi->tfds, fi->ntfds, sizeof(*fi->tfds), tfd_cmp);
	return 0;
}

void fdinfo_release(struct fdinfo *fi)
{
	free(fi->tfds);
	free(fi->watches);
	fi->tfds = NULL;
	fi->watches = NULL;
	fi->ntfds = fi->nwatches = 0;
}

int fdinfo_read(int procdir, int fd, struct fdinfo *fi)
{
	char path[32], stackbuf[4096];
	struct strbuf big = STRBUF_INIT;
	const char *text = stackbuf;
	size_t len = 0;
	ssize_t n;
	int f, ret;

	memset(fi, 0, sizeof(*fi));
	fi->pid = -1;
	snprintf(path, sizeof(path), "fdinfo/%d", fd);
	f = openat(procdir, path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return -errno;
	/* One read is the whole file for all but big epoll/inotify sets. */
	for (;;) {
		if (big.buf) {
			sb_grow(&big, 4096);
			n = read(f, big.buf + big.len, big.alloc - big.len - 1);
		} else {
			n = read(f, stackbuf + len, sizeof(stackbuf) - len);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		if (big.buf) {
			big.len += n;
		} else {
			len += n;
			/* fdinfo is one seq_file record: a read that did not fill
			 * the buffer got all of it, and saves the read of EOF. */
			if (len < sizeof(stackbuf))
				break;
			sb_add(&big, stackbuf, len);
			len = 0;
		}
	}
	if (big.buf) {
		text = big.buf;
		len = big.len;
	}
	ret = fdinfo_parse(text, len, fi);
out_close:
	close(f);
	sb_release(&big);
	return ret;
}

struct flagname {
	unsigned long long v;
	const char *name;
};

static void format_flags(struct strbuf *sb, const struct flagname *t, size_t n,
			 unsigned long long v)
{
	bool first = true;
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].v && (v & t[i].v) == t[i].v) {
			if (!first)
				sb_putc(sb, '|');
			sb_puts(sb, t[i].name);
			first = false;
			v &= ~t[i].v;
		}
	}
	if (v || first) {
		if (!first)
			sb_putc(sb, '|');
		sb_put_hex(sb, v);
	}
}

#define F(x) { x, #x }

void fd_format_open_flags(struct strbuf *sb, unsigned flags)
{
	/* O_LARGEFILE is what the kernel sets on every 64-bit open: its value
	 * is 0100000 on x86_64 while glibc defines the macro as 0. */
	static const struct flagname t[] = {
		F(O_CREAT),    F(O_EXCL),   F(O_NOCTTY),    F(O_TRUNC),	    F(O_APPEND),
		F(O_NONBLOCK), F(O_DSYNC),  { 020000, "O_ASYNC" }, F(O_DIRECT),
		{ 0100000, "O_LARGEFILE" }, F(O_DIRECTORY), F(O_NOFOLLOW), F(O_NOATIME),
		F(O_CLOEXEC),  { 04000000, "__O_SYNC" }, F(O_PATH),
		{ 020000000, "__O_TMPFILE" },
	};
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	sb_puts(sb, acc[flags & O_ACCMODE]);
	flags &= ~O_ACCMODE;
	if (flags) {
		sb_putc(sb, '|');
		format_flags(sb, t, ARRAY_SIZE(t), flags);
	}
}

void fd_format_epoll_events(struct strbuf *sb, unsigned events)
{
	static const struct flagname t[] = {
		F(EPOLLIN),	F(EPOLLPRI),	   F(EPOLLOUT),	   F(EPOLLERR),	 F(EPOLLHUP),
		{ 0x20, "EPOLLNVAL" },F(EPOLLRDNORM),	   F(EPOLLRDBAND), F(EPOLLWRNORM), F(EPOLLWRBAND),
		F(EPOLLMSG),	F(EPOLLRDHUP),	   F(EPOLLEXCLUSIVE), F(EPOLLWAKEUP),
		F(EPOLLONESHOT), { 1U << 31, "EPOLLET" },
	};

	format_flags(sb, t, ARRAY_SIZE(t), events);
}

void fd_format_inotify_mask(struct strbuf *sb, unsigned mask)
{
	static const struct flagname t[] = {
		F(IN_ACCESS),	   F(IN_MODIFY),     F(IN_ATTRIB),	F(IN_CLOSE_WRITE),
		F(IN_CLOSE_NOWRITE), F(IN_OPEN),     F(IN_MOVED_FROM),	F(IN_MOVED_TO),
		F(IN_CREATE),	   F(IN_DELETE),     F(IN_DELETE_SELF), F(IN_MOVE_SELF),
		F(IN_UNMOUNT),	   F(IN_Q_OVERFLOW), F(IN_IGNORED),	F(IN_ONLYDIR),
		F(IN_DONT_FOLLOW), F(IN_EXCL_UNLINK), { 0x10000000, "IN_MASK_CREATE" },
		F(IN_MASK_ADD),	   F(IN_ISDIR),	     F(IN_ONESHOT),
	};

	format_flags(sb, t, ARRAY_SIZE(t), mask);
}

void fd_format_sigmask(struct strbuf *sb, unsigned long long mask)
{
	bool first = true;
	int sig;

	if (!mask) {
		sb_puts(sb, "0");
		return;
	}
	for (sig = 1; sig <= 64; sig++) {
		const char *abbrev;

		if (!(mask & (1ULL << (sig - 1))))
			continue;
		if (!first)
			sb_putc(sb, '|');
		first = false;
		abbrev = sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;
		if (abbrev) {
			sb_puts(sb, "SIG");
			sb_puts(sb, abbrev);
		} else if (sig >= SIGRTMIN) {
			/* Named as strace names them, relative to the kernel's
			 * SIGRTMIN (32), not glibc's (which reserves two). */
			sb_puts(sb, "SIGRT_");
			sb_put_int(sb, sig - 32);
		} else {
			sb_put_int(sb, sig);
		}
	}
}

const char *fd_clock_name(int clockid)
{
	static const char *const names[] = {
		[CLOCK_REALTIME] = "CLOCK_REALTIME",
		[CLOCK_MONOTONIC] = "CLOCK_MONOTONIC",
		[CLOCK_PROCESS_CPUTIME_ID] = "CLOCK_PROCESS_CPUTIME_ID",
		[CLOCK_THREAD_CPUTIME_ID] = "CLOCK_THREAD_CPUTIME_ID",
		[CLOCK_MONOTONIC_RAW] = "CLOCK_MONOTONIC_RAW",
		[CLOCK_REALTIME_COARSE] = "CLOCK_REALTIME_COARSE",
		[CLOCK_MONOTONIC_COARSE] = "CLOCK_MONOTONIC_COARSE",
		[CLOCK_BOOTTIME] = "CLOCK_BOOTTIME",
		[CLOCK_REALTIME_ALARM] = "CLOCK_REALTIME_ALARM",
		[CLOCK_BOOTTIME_ALARM] = "CLOCK_BOOTTIME_ALARM",
		[11] = "CLOCK_TAI",
	};

	if (clockid < 0 || (size_t)clockid >= ARRAY_SIZE(names))
		return NULL;
	return names[clockid];
}
