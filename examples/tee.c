/*
 * tee.c: copy standard input to standard output and to files, with epoll.
 *
 * Seed 003 (modern Unix additions) writes tee with libuv. This version uses
 * epoll directly, for two reasons: the point of these examples is to see the
 * system calls, and libuv would put its own loop (and its own threads for
 * file writes) between the program and the trace; and the examples are built
 * without extra libraries (-lpthread -lrt only).
 *
 * What the event loop buys: outputs can be slow at different times (a pipe
 * to a slow reader, a FIFO, a terminal). Each chunk read from stdin is
 * written to every output; an output that would block (EAGAIN) keeps its
 * position and is watched for EPOLLOUT, while the others go on. The next
 * chunk is read only when every output has taken this one, so memory stays
 * bounded by one buffer and the slowest reader sets the pace (backpressure).
 *
 * Regular files (and devices like /dev/null) cannot be watched by epoll:
 * they are always "ready", and epoll_ctl refuses them with EPERM. They are
 * written with plain blocking writes, and read without waiting.
 *
 * O_NONBLOCK belongs to the *open file description*, which stdin and stdout
 * share with the shell and the other processes of a pipeline. Setting it
 * with fcntl() would change it for all of them (libuv does exactly that). So
 * we first reopen /proc/self/fd/N, which gives a description of our own for
 * pipes, FIFOs and terminals; only for a socket, which cannot be reopened,
 * do we set the flag in place, and restore it at exit.
 *
 * The seed opened its file with O_CREAT|O_RDWR and no O_TRUNC, so a shorter
 * output left the old file's tail behind; here it is O_TRUNC (or O_APPEND
 * with -a).
 *
 * Under `procscope trace`:
 *   openat(AT_FDCWD, "/proc/self/fd/1", O_WRONLY|O_NONBLOCK) = 4
 *   epoll_ctl(5, EPOLL_CTL_MOD, 4, {events=EPOLLOUT, data={u32=1, u64=1}}) = 0
 *   write(4, "..."..., 65536) = -1 EAGAIN (Resource temporarily unavailable)
 *
 * usage: some-command | tee [-a] [FILE...]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUF_SIZE 65536

static const char *prog = "tee";

struct end {
	const char *name;
	int fd;
	bool polled;		/* registered with epoll (not a regular file) */
	unsigned interest;	/* events currently asked for */
	int restore_fd;		/* fd whose flags we changed in place, or -1 */
	int restore_flags;
	size_t off;		/* output: bytes of the current chunk written */
	bool dead;		/* output: failed, no more writes */
};

/*
 * Prepares e->fd for the event loop. Regular files stay as they are. Others
 * get a non-blocking descriptor of their own, by reopening /proc/self/fd/N,
 * or, failing that (sockets), O_NONBLOCK set in place, undone by restore().
 */
static int make_nonblocking(struct end *e, int epfd, int mode, uint32_t slot)
{
	struct epoll_event ev = { .events = 0, .data.u32 = slot };
	char path[64];
	struct stat st;
	int fd, flags;

	if (fstat(e->fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", e->fd);
	fd = open(path, mode | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		e->fd = fd;
	} else {
		flags = fcntl(e->fd, F_GETFL);
		if (flags < 0 || fcntl(e->fd, F_SETFL, flags | O_NONBLOCK))
			return -errno;
		e->restore_fd = e->fd;
		e->restore_flags = flags;
	}
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, e->fd, &ev)) {
		/* EPERM: a file without poll support, like /dev/null, is
		 * always ready; treat it as a regular file. */
		return errno == EPERM ? 0 : -errno;
	}
	e->polled = true;
	return 0;
}

static void restore(struct end *e)
{
	if (e->restore_fd >= 0)
		fcntl(e->restore_fd, F_SETFL, e->restore_flags);
}

/* Asks epoll for exactly these events on e (0: none). */
static int want(int epfd, struct end *e, unsigned events, uint32_t slot)
{
	struct epoll_event ev = { .events = events, .data.u32 = slot };

	if (!e->polled || e->interest == events)
		return 0;
	if (epoll_ctl(epfd, EPOLL_CTL_MOD, e->fd, &ev))
		return -errno;
	e->interest = events;
	return 0;
}

int main(int argc, char **argv)
{
	struct end in = { .name = "stdin", .fd = 0, .restore_fd = -1 };
	struct end *outs;
	struct epoll_event evs[16];
	static char buf[BUF_SIZE];
	int nouts, i, a = 1, epfd, status = 0, ret, live;
	int oflags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
	ssize_t len = 0;

	if (a < argc && !strcmp(argv[a], "-a")) {
		oflags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
		a++;
	}
	if (a < argc && argv[a][0] == '-' && argv[a][1]) {
		fprintf(stderr, "usage: %s [-a] [FILE...]\n", prog);
		return 2;
	}
	/* A reader that goes away must be an EPIPE for that output only. */
	signal(SIGPIPE, SIG_IGN);
	nouts = 1 + argc - a;
	outs = calloc(nouts, sizeof(*outs));
	if (!outs) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	outs[0] = (struct end){ .name = "stdout", .fd = 1, .restore_fd = -1 };
	for (i = 1; i < nouts; i++) {
		outs[i] = (struct end){ .name = argv[a + i - 1], .restore_fd = -1 };
		outs[i].fd = open(outs[i].name, oflags, 0666);
		if (outs[i].fd < 0) {
			fprintf(stderr, "%s: open %s: %s\n", prog, outs[i].name, strerror(errno));
			outs[i].dead = true;
			status = 1;
		}
	}
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		perror("tee: epoll_create1");
		return 1;
	}
	/* data.u32 is the output's index; stdin is nouts. */
	ret = make_nonblocking(&in, epfd, O_RDONLY, nouts);
	for (i = 0; i < nouts && ret == 0; i++) {
		if (!outs[i].dead)
			ret = make_nonblocking(&outs[i], epfd, O_WRONLY, i);
	}
	if (ret < 0) {
		fprintf(stderr, "%s: prepare %s: %s\n", prog, i ? outs[i - 1].name : "stdin",
			strerror(-ret));
		status = 1;
		goto out;
	}

	for (;;) {
		/* 1. Every output has the previous chunk: read the next one. */
		len = read(in.fd, buf, sizeof(buf));
		if (len < 0 && errno == EAGAIN) {
			ret = want(epfd, &in, EPOLLIN, nouts);
			if (ret == 0 && epoll_wait(epfd, evs, 1, -1) < 0 && errno != EINTR)
				ret = -errno;
			if (ret < 0) {
				fprintf(stderr, "%s: wait for stdin: %s\n", prog, strerror(-ret));
				status = 1;
				break;
			}
			continue;
		}
		if (len < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: read stdin: %s\n", prog, strerror(errno));
			status = 1;
			break;
		}
		if (len == 0)
			break; /* EOF */
		want(epfd, &in, 0, nouts);

		/* 2. Hand the chunk to every output, waiting only on the
		 * ones that would block. */
		for (i = 0; i < nouts; i++)
			outs[i].off = 0;
		for (;;) {
			live = 0;
			for (i = 0; i < nouts; i++) {
				struct end *o = &outs[i];

				while (!o->dead && o->off < (size_t)len) {
					ssize_t n = write(o->fd, buf + o->off, len - o->off);

					if (n >= 0) {
						o->off += n;
						continue;
					}
					if (errno == EINTR)
						continue;
					if (errno == EAGAIN)
						break;
					fprintf(stderr, "%s: write %s: %s\n", prog, o->name, strerror(errno));
					o->dead = true;
					status = 1;
				}
				if (!o->dead && o->off < (size_t)len) {
					live++;
					ret = want(epfd, o, EPOLLOUT, i);
				} else {
					ret = want(epfd, o, 0, i);
				}
				if (ret < 0) {
					fprintf(stderr, "%s: epoll_ctl %s: %s\n", prog, o->name, strerror(-ret));
					o->dead = true;
					status = 1;
				}
			}
			if (live == 0)
				break;
			if (epoll_wait(epfd, evs, 16, -1) < 0 && errno != EINTR) {
				perror("tee: epoll_wait");
				status = 1;
				goto out;
			}
		}
		for (live = 0, i = 0; i < nouts; i++)
			live += !outs[i].dead;
		if (live == 0)
			break; /* nobody left to write to */
	}
out:
	restore(&in);
	for (i = 0; i < nouts; i++) {
		restore(&outs[i]);
		if (i > 0 && outs[i].fd >= 0 && close(outs[i].fd)) {
			fprintf(stderr, "%s: close %s: %s\n", prog, outs[i].name, strerror(errno));
			status = 1;
		}
	}
	free(outs);
	return status;
}
