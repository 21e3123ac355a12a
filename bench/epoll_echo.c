/*
 * epoll_echo: an epoll TCP echo server and one client on loopback, COUNT
 * echoes of 64 bytes (default 100,000).
 *
 * The server (the parent) listens on 127.0.0.1 with a port the kernel picks,
 * then forks the client. Per echo the client makes write + read and the server
 * epoll_wait + read + write: a request/response loop like a real service's.
 *
 * It always ends: the server stops once its one client has hung up, the
 * client dies with the server (PR_SET_PDEATHSIG), and both give up after
 * TIMEOUT_S seconds (alarm), which is far above a traced run's time.
 *
 * usage: epoll_echo [COUNT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG_SIZE 64
#define TIMEOUT_S 900

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "epoll_echo: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

static int fail(const char *what)
{
	fprintf(stderr, "epoll_echo: %s: %s\n", what, strerror(errno));
	return -1;
}

static void die_errno(const char *what)
{
	fail(what);
	exit(1);
}

/* Writes all of buf, or returns -1 (reported). */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fail("write");
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static int client(const struct sockaddr_in *addr, long n)
{
	char msg[MSG_SIZE], reply[MSG_SIZE];
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return fail("client socket");
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0)
		return fail("connect");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(msg, 'e', sizeof(msg));
	for (long i = 0; i < n; i++) {
		size_t got = 0;

		if (write_all(fd, msg, sizeof(msg)) < 0)
			return -1;
		while (got < sizeof(reply)) {
			ssize_t r = read(fd, reply + got, sizeof(reply) - got);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return fail("client read");
			if (r == 0) {
				fprintf(stderr, "epoll_echo: server hung up after %ld echoes\n", i);
				return -1;
			}
			got += (size_t)r;
		}
	}
	close(fd);
	return 0;
}

/* Serves until the one client hangs up; returns the bytes echoed or -1. */
static long serve(int lfd)
{
	struct epoll_event ev, evs[8];
	char buf[4096];
	long bytes = 0;
	int one = 1;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int cfd = -1;

	if (ep < 0)
		return fail("epoll_create1");
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		return fail("epoll_ctl");
	for (;;) {
		int nev = epoll_wait(ep, evs, 8, -1);

		if (nev < 0 && errno == EINTR)
			continue;
		if (nev < 0)
			return fail("epoll_wait");
		for (int i = 0; i < nev; i++) {
			int fd = evs[i].data.fd;
			ssize_t r;

			if (fd == lfd) {
				cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
				if (cfd < 0)
					return fail("accept4");
				setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
				ev.events = EPOLLIN;
				ev.data.fd = cfd;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev) < 0)
					return fail("epoll_ctl");
				continue;
			}
			/* Level-triggered, and the socket has data: this read does not block. */
			r = read(fd, buf, sizeof(buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return fail("server read");
			if (r == 0) {
				close(fd);
				close(ep);
				return bytes;
			}
			if (write_all(fd, buf, (size_t)r) < 0)
				return -1;
			bytes += r;
		}
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 100000;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	int lfd, status;
	long bytes;
	pid_t pid;

	if (argc > 2) {
		fprintf(stderr, "usage: epoll_echo [COUNT]\n");
		return 2;
	}
	alarm(TIMEOUT_S);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die_errno("socket");
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die_errno("bind 127.0.0.1");
	if (listen(lfd, 4) < 0 || getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0)
		die_errno("listen");
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(lfd);
		_exit(client(&addr, n) < 0 ? 1 : 0);
	}
	bytes = serve(lfd);
	if (bytes < 0)
		kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) < 0)
		die_errno("waitpid");
	if (bytes != n * MSG_SIZE || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "epoll_echo: echoed %ld of %ld bytes\n", bytes < 0 ? 0 : bytes,
			n * MSG_SIZE);
		return 1;
	}
	return 0;
}
