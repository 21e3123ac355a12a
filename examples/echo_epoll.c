/*
 * echo_epoll.c: an edge-triggered, non-blocking TCP echo server for many clients.
 *
 * Seed 002 (part C5) builds this server on epoll, registering every socket
 * with EPOLLIN|EPOLLET. Its loop has three bugs that this version fixes:
 *  - with edge triggering, a read that leaves data in the socket never gets
 *    another event: we read (and accept) until EAGAIN;
 *  - write() on a non-blocking socket may write part of the buffer or fail
 *    with EAGAIN: we keep the rest and ask for EPOLLOUT (EPOLL_CTL_MOD);
 *  - while an echo is pending we stop reading that client (backpressure, so
 *    a client that never reads cannot make us buffer without bound), and we
 *    resume reading as soon as the output drains.
 *
 * Under `procscope trace` look for:
 *   epoll_ctl(4, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0
 *   accept4(3, ..., SOCK_CLOEXEC|SOCK_NONBLOCK) = 5 ... accept4(...) = -1 EAGAIN
 *   write(5, "..."..., 65536) = 27392         (a partial write)
 *   write(5, "..."..., 38144) = -1 EAGAIN (Resource temporarily unavailable)
 *   epoll_ctl(4, EPOLL_CTL_MOD, 5, {events=EPOLLIN|EPOLLOUT|EPOLLET, ...}) = 0
 *
 * usage: echo_epoll [--addr A] [--port N] [--exit-after K] [--sndbuf B] [--timeout S]
 *   --port 0 (default) picks a free port, printed as "listening on A:PORT".
 *   --exit-after K  stop once K clients have come and gone
 *   --sndbuf B      small socket send buffers, to provoke partial writes
 *   --timeout S     give up after S seconds
 * At exit it prints the number of clients, bytes, partial writes and EAGAINs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define MAX_EVENTS 64

static const char *prog = "echo_epoll";
static volatile sig_atomic_t stop;

struct conn {
	int fd;
	bool want_out;		/* EPOLLOUT is in the interest set */
	size_t off, len;	/* buf[off..len) still has to be echoed */
	char buf[BUF_SIZE];
};

struct server {
	int epfd, lfd;
	int sndbuf;
	struct conn **conns;	/* indexed by fd; epoll's data.fd finds them */
	int nconns;
	long clients, closed, partial, eagain;
	unsigned long long bytes;
};

static void on_signal(int sig)
{
	stop = sig;
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [--addr A] [--port N] [--exit-after K] [--sndbuf B] [--timeout S]\n",
		prog);
	exit(2);
}

static long parse_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "%s: invalid number '%s' (expected %ld..%ld)\n", prog, s, min, max);
		exit(2);
	}
	return v;
}

static int watch(struct server *s, int op, int fd, unsigned events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	if (epoll_ctl(s->epfd, op, fd, &ev))
		return -errno;
	return 0;
}

static void conn_close(struct server *s, struct conn *c)
{
	/* close() also removes the fd from the epoll set (no other
	 * descriptor refers to this socket). */
	if (close(c->fd))
		fprintf(stderr, "%s: close %d: %s\n", prog, c->fd, strerror(errno));
	s->conns[c->fd] = NULL;
	free(c);
	s->closed++;
}

/*
 * Moves data until the socket would block, which is the rule of edge
 * triggering: the next event comes only after we have seen EAGAIN. Returns
 * false when the connection is finished (EOF or error) and was closed.
 */
static bool conn_pump(struct server *s, struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->off < c->len) {
			n = write(c->fd, c->buf + c->off, c->len - c->off);
			if (n < 0 && errno == EAGAIN) {
				s->eagain++;
				break; /* wait for EPOLLOUT */
			}
			if (n < 0) {
				fprintf(stderr, "%s: write %d: %s\n", prog, c->fd, strerror(errno));
				conn_close(s, c);
				return false;
			}
			if ((size_t)n < c->len - c->off)
				s->partial++;
			c->off += n;
			s->bytes += n;
			continue;
		}
		/* Everything echoed: only now read more (backpressure). */
		c->off = c->len = 0;
		n = read(c->fd, c->buf, sizeof(c->buf));
		if (n < 0 && errno == EAGAIN)
			break; /* wait for EPOLLIN */
		if (n <= 0) {
			if (n < 0)
				fprintf(stderr, "%s: read %d: %s\n", prog, c->fd, strerror(errno));
			conn_close(s, c); /* n == 0: the client is done (EOF) */
			return false;
		}
		c->len = n;
	}
	/* EPOLLOUT only while output is pending, or every writable edge would
	 * wake us for nothing. MOD re-checks readiness, so no edge is lost. */
	if ((c->off < c->len) != c->want_out) {
		int ret;

		c->want_out = !c->want_out;
		ret = watch(s, EPOLL_CTL_MOD, c->fd,
			    EPOLLIN | EPOLLET | (c->want_out ? EPOLLOUT : 0));
		if (ret < 0) {
			fprintf(stderr, "%s: epoll_ctl MOD %d: %s\n", prog, c->fd, strerror(-ret));
			conn_close(s, c);
			return false;
		}
	}
	return true;
}

/* Accepts until EAGAIN: one edge may stand for many waiting connections. */
static int accept_all(struct server *s)
{
	for (;;) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		struct conn *c;
		int fd, ret;

		fd = accept4(s->lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN)
				return 0;
			if (errno == ECONNABORTED || errno == EINTR)
				continue;
			/* EMFILE and friends: the connection stays queued; the
			 * next connection's edge brings us back here. */
			return -errno;
		}
		if (s->sndbuf &&
		    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &s->sndbuf, sizeof(s->sndbuf))) {
			ret = -errno;
			close(fd);
			return ret;
		}
		if (fd >= s->nconns) {
			int n = fd * 2 + 16;
			struct conn **t = realloc(s->conns, n * sizeof(*t));

			if (!t) {
				close(fd);
				return -ENOMEM;
			}
			memset(t + s->nconns, 0, (n - s->nconns) * sizeof(*t));
			s->conns = t;
			s->nconns = n;
		}
		c = malloc(sizeof(*c));
		if (!c) {
			close(fd);
			return -ENOMEM;
		}
		c->fd = fd;
		c->want_out = false;
		c->off = c->len = 0;
		s->conns[fd] = c;
		s->clients++;
		ret = watch(s, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLET);
		if (ret < 0) {
			conn_close(s, c);
			return ret;
		}
		/* Data may have arrived before we registered: edge-triggered
		 * epoll reports it (the add checks readiness), but draining
		 * now costs one EAGAIN and saves a wake-up. */
		conn_pump(s, c);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "sndbuf", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct server s = { .epfd = -1, .lfd = -1 };
	const char *addr = "127.0.0.1";
	long port = 0, exit_after = 0, timeout = 0;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	struct sigaction sa = { .sa_handler = on_signal };
	struct epoll_event events[MAX_EVENTS];
	int c, i, one = 1, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = parse_num(optarg, 0, 65535); break;
		case 'x': exit_after = parse_num(optarg, 0, 100000000); break;
		case 'b': s.sndbuf = parse_num(optarg, 1, 1 << 26); break;
		case 't': timeout = parse_num(optarg, 0, 86400); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: invalid IPv4 address '%s'\n", prog, addr);
		return 2;
	}
	sin.sin_port = htons(port);

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
	    sigaction(SIGALRM, &sa, NULL)) {
		perror("echo_epoll: sigaction");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN); /* a vanished client is EPIPE, not death */
	alarm(timeout);

	/* SOCK_NONBLOCK at creation does what the seed's fcntl(F_SETFL,
	 * flags | O_NONBLOCK) does, in the same system call. */
	s.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (s.lfd < 0) {
		perror("echo_epoll: socket");
		return 1;
	}
	if (setsockopt(s.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) {
		perror("echo_epoll: setsockopt SO_REUSEADDR");
		return 1;
	}
	if (bind(s.lfd, (struct sockaddr *)&sin, sizeof(sin))) {
		fprintf(stderr, "%s: bind %s:%ld: %s\n", prog, addr, port, strerror(errno));
		return 1;
	}
	if (listen(s.lfd, SOMAXCONN)) {
		perror("echo_epoll: listen");
		return 1;
	}
	if (getsockname(s.lfd, (struct sockaddr *)&sin, &len)) {
		perror("echo_epoll: getsockname");
		return 1;
	}
	s.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s.epfd < 0) {
		perror("echo_epoll: epoll_create1");
		return 1;
	}
	ret = watch(&s, EPOLL_CTL_ADD, s.lfd, EPOLLIN | EPOLLET);
	if (ret < 0) {
		fprintf(stderr, "%s: epoll_ctl ADD %d: %s\n", prog, s.lfd, strerror(-ret));
		return 1;
	}
	printf("listening on %s:%u\n", addr, ntohs(sin.sin_port));
	fflush(stdout);

	while (!stop && (exit_after == 0 || s.closed < exit_after)) {
		int n = epoll_wait(s.epfd, events, MAX_EVENTS, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("echo_epoll: epoll_wait");
			return 1;
		}
		for (i = 0; i < n; i++) {
			int fd = events[i].data.fd;

			if (fd == s.lfd) {
				ret = accept_all(&s);
				if (ret < 0)
					fprintf(stderr, "%s: accept: %s\n", prog, strerror(-ret));
			} else if (fd < s.nconns && s.conns[fd]) {
				/* EPOLLHUP/EPOLLERR need no branch of their
				 * own: the read or write reports them. */
				conn_pump(&s, s.conns[fd]);
			}
		}
	}
	for (i = 0; i < s.nconns; i++) {
		if (s.conns[i])
			conn_close(&s, s.conns[i]);
	}
	free(s.conns);
	close(s.epfd);
	close(s.lfd);
	printf("clients %ld, bytes echoed %llu, partial writes %ld, EAGAIN on write %ld\n",
	       s.clients, s.bytes, s.partial, s.eagain);
	if (stop == SIGALRM) {
		fprintf(stderr, "%s: timeout after %ld s\n", prog, timeout);
		return 1;
	}
	if (fclose(stdout)) {
		perror("echo_epoll: stdout");
		return 1;
	}
	return 0;
}
