/*
 * echo_blocking.c: the blocking TCP echo server, one client at a time.
 *
 * Seed 002 (Linux system programming, part C3) starts from this server in
 * Python: socket, bind, listen, then accept one client and echo what it sends
 * until it disconnects. This is the same server in C. Every call blocks, so
 * while one client is being served the next one waits in the listen backlog;
 * echo_epoll.c removes that limit.
 *
 * Under `procscope trace` you see the whole life of a TCP server:
 *   socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3
 *   bind(3, {sa_family=AF_INET, sin_port=htons(0), ...}, 16) = 0
 *   listen(3, 1) = 0
 *   accept(3, {sa_family=AF_INET, sin_port=htons(41234), ...}, [16]) = 4
 *   read(4, "...", 4096) = 100    write(4, "...", 100) = 100    read(4, "", 4096) = 0
 *
 * usage: echo_blocking [--addr A] [--port N] [--clients K] [--timeout S]
 *   --port 0 (the default) lets the kernel pick a free port; the chosen port is
 *   printed as "listening on A:PORT" once the server accepts connections.
 *   --clients K exits after K clients; --timeout S gives up after S seconds.
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
#include <sys/socket.h>
#include <unistd.h>

static const char *prog = "echo_blocking";
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [--addr A] [--port N] [--clients K] [--timeout S]\n", prog);
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

/* Writes all of buf: a blocking write may still return early (a signal). */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR && !stop)
				continue;
			return -errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/* Echoes one client until it closes; returns 0 or -errno. */
static int serve(int fd, unsigned long *bytes)
{
	char buf[4096];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		int ret;

		if (n == 0)
			return 0; /* the client closed its end: EOF */
		if (n < 0) {
			if (errno == EINTR && !stop)
				continue;
			return -errno;
		}
		ret = write_all(fd, buf, n);
		if (ret < 0)
			return ret;
		*bytes += n;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "clients", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *addr = "127.0.0.1";
	long port = 0, max_clients = 0, timeout = 0, served = 0;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	struct sigaction sa = { .sa_handler = on_signal };
	int c, lfd, one = 1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = parse_num(optarg, 0, 65535); break;
		case 'c': max_clients = parse_num(optarg, 0, 1000000); break;
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

	/* No SA_RESTART: a signal must interrupt accept() and read() so that
	 * SIGTERM or the --timeout alarm stops the server. */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
	    sigaction(SIGALRM, &sa, NULL)) {
		perror("echo_blocking: sigaction");
		return 1;
	}
	/* A client that vanishes mid-echo must be an EPIPE, not our death. */
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);

	lfd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (lfd < 0) {
		perror("echo_blocking: socket");
		return 1;
	}
	/* Lets a restarted server bind while old connections sit in TIME_WAIT. */
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) {
		perror("echo_blocking: setsockopt SO_REUSEADDR");
		return 1;
	}
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin))) {
		fprintf(stderr, "%s: bind %s:%ld: %s\n", prog, addr, port, strerror(errno));
		return 1;
	}
	/* Backlog 1, like the seed: the kernel still completes a few
	 * handshakes ahead of accept(), but no more are queued. */
	if (listen(lfd, 1)) {
		perror("echo_blocking: listen");
		return 1;
	}
	if (getsockname(lfd, (struct sockaddr *)&sin, &len)) {
		perror("echo_blocking: getsockname");
		return 1;
	}
	printf("listening on %s:%u\n", addr, ntohs(sin.sin_port));
	fflush(stdout);

	while (!stop && (max_clients == 0 || served < max_clients)) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		char ip[INET_ADDRSTRLEN];
		unsigned long bytes = 0;
		int cfd, ret;

		cfd = accept(lfd, (struct sockaddr *)&peer, &plen);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("echo_blocking: accept");
			return 1;
		}
		inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
		printf("client %s:%u connected\n", ip, ntohs(peer.sin_port));
		ret = serve(cfd, &bytes);
		if (ret < 0)
			fprintf(stderr, "%s: echo to %s:%u: %s\n", prog, ip, ntohs(peer.sin_port),
				strerror(-ret));
		printf("client %s:%u closed after %lu bytes\n", ip, ntohs(peer.sin_port), bytes);
		fflush(stdout);
		if (close(cfd))
			perror("echo_blocking: close");
		served++;
	}
	close(lfd);
	if (stop == SIGALRM) {
		fprintf(stderr, "%s: timeout after %ld s (%ld clients served)\n", prog, timeout, served);
		return 1;
	}
	printf("served %ld clients\n", served);
	if (fclose(stdout)) {
		perror("echo_blocking: stdout");
		return 1;
	}
	return 0;
}
