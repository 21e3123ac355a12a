/*
 * echo_client.c: a load client for the echo servers; checks every byte.
 *
 * Seed 002 (part C3) has a client that sends a line and reads it back. This
 * one opens --clients connections at once and pushes --messages messages of
 * --size bytes through each, all from one poll() loop, so one process can
 * keep many connections busy. Every byte that comes back is compared with
 * what was sent. When a connection has all its bytes back it calls
 * shutdown(SHUT_WR): the server reads EOF and closes, and the client reads
 * EOF too. Both directions are non-blocking, so a server that
 * stops reading (because we are slow to read its echoes) never deadlocks us.
 *
 * usage: echo_client [--addr A] --port N [--clients C] [--messages M]
 *                    [--size S] [--rcvbuf B] [--hold S] [--timeout S]
 *   --rcvbuf B  a small receive buffer makes the server's writes partial
 *   --hold S    once every byte is back, keep the connections open (both
 *               ends ESTABLISHED) for S seconds before closing them, to look
 *               at them with `procscope fds`
 * Exit status 0 only if every connection got exactly its bytes back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "echo_client";

struct conn {
	int fd;
	unsigned long sent;	/* bytes written so far */
	unsigned long rcvd;	/* bytes read back and checked */
	bool shut;		/* shutdown(SHUT_WR) done */
	bool done;		/* EOF read, connection closed */
};

static void usage(void)
{
	fprintf(stderr, "usage: %s [--addr A] --port N [--clients C] [--messages M] [--size S]\n"
			"       [--rcvbuf B] [--hold S] [--timeout S]\n", prog);
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

/* The byte at stream offset off of connection i: printable, so traces are
 * readable, and different per connection, so crossed streams are caught. */
static char pattern(unsigned i, unsigned long off)
{
	return "abcdefghijklmnopqrstuvwxyz0123456789\n"[(off + i * 7) % 37];
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addr", required_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "clients", required_argument, NULL, 'c' },
		{ "messages", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 's' },
		{ "rcvbuf", required_argument, NULL, 'r' },
		{ "hold", required_argument, NULL, 'H' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *addr = "127.0.0.1";
	long port = -1, nclients = 1, messages = 10, size = 100, rcvbuf = 0;
	long hold = 0, timeout = 30;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	unsigned long total;
	struct conn *conns;
	struct pollfd *pfds;
	char *buf;
	long i, open_conns, echoed = 0;
	bool held = false;
	double deadline;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = parse_num(optarg, 1, 65535); break;
		case 'c': nclients = parse_num(optarg, 1, 10000); break;
		case 'm': messages = parse_num(optarg, 1, 10000000); break;
		case 's': size = parse_num(optarg, 1, 1 << 24); break;
		case 'r': rcvbuf = parse_num(optarg, 1, 1 << 26); break;
		case 'H': hold = parse_num(optarg, 0, 3600); break;
		case 't': timeout = parse_num(optarg, 1, 86400); break;
		default: usage();
		}
	}
	if (optind != argc || port < 0)
		usage();
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: invalid IPv4 address '%s'\n", prog, addr);
		return 2;
	}
	sin.sin_port = htons(port);
	total = (unsigned long)messages * size;
	signal(SIGPIPE, SIG_IGN); /* a server that dies gives EPIPE */

	conns = calloc(nclients, sizeof(*conns));
	pfds = calloc(nclients, sizeof(*pfds));
	buf = malloc(65536);
	if (!conns || !pfds || !buf) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}

	/* Connect blocking (simple, and the listen backlog answers even a busy
	 * server), then switch to non-blocking for the transfer. */
	for (i = 0; i < nclients; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

		if (fd < 0) {
			perror("echo_client: socket");
			return 1;
		}
		/* Must precede connect(): the window is negotiated then. */
		if (rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(int))) {
			perror("echo_client: setsockopt SO_RCVBUF");
			return 1;
		}
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			fprintf(stderr, "%s: connect %s:%ld: %s\n", prog, addr, port, strerror(errno));
			return 1;
		}
		if (fcntl(fd, F_SETFL, O_NONBLOCK)) {
			perror("echo_client: fcntl O_NONBLOCK");
			return 1;
		}
		conns[i].fd = fd;
	}

	deadline = now() + timeout;
	open_conns = nclients;
	while (open_conns > 0) {
		int left = (int)((deadline - now()) * 1000), n;

		if (left <= 0) {
			fprintf(stderr, "%s: timeout after %ld s with %ld connections unfinished\n",
				prog, timeout, open_conns);
			return 1;
		}
		for (i = 0; i < nclients; i++) {
			pfds[i].fd = conns[i].done ? -1 : conns[i].fd;
			pfds[i].events = POLLIN | (conns[i].sent < total ? POLLOUT : 0);
		}
		n = poll(pfds, nclients, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("echo_client: poll");
			return 1;
		}
		for (i = 0; i < nclients && n > 0; i++) {
			struct conn *cn = &conns[i];

			if (!pfds[i].revents)
				continue;
			n--;
			if (pfds[i].revents & POLLOUT) {
				size_t want = total - cn->sent;
				unsigned long k;
				ssize_t w;

				if (want > 65536)
					want = 65536;
				for (k = 0; k < want; k++)
					buf[k] = pattern(i, cn->sent + k);
				w = write(cn->fd, buf, want);
				if (w < 0 && errno != EAGAIN) {
					fprintf(stderr, "%s: write to connection %ld: %s\n", prog, i,
						strerror(errno));
					return 1;
				}
				if (w > 0)
					cn->sent += w;
			}
			if (pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				ssize_t r = read(cn->fd, buf, 65536), k;

				if (r < 0 && errno == EAGAIN)
					continue;
				if (r < 0) {
					fprintf(stderr, "%s: read from connection %ld: %s\n", prog, i,
						strerror(errno));
					return 1;
				}
				if (r == 0) {
					if (cn->rcvd != total) {
						fprintf(stderr, "%s: connection %ld: server closed after %lu of %lu bytes\n",
							prog, i, cn->rcvd, total);
						return 1;
					}
					cn->done = true;
					open_conns--;
					continue;
				}
				for (k = 0; k < r; k++) {
					if (buf[k] != pattern(i, cn->rcvd + k)) {
						fprintf(stderr, "%s: connection %ld: wrong byte at offset %lu\n",
							prog, i, cn->rcvd + k);
						return 1;
					}
				}
				cn->rcvd += r;
				if (cn->rcvd > total) {
					fprintf(stderr, "%s: connection %ld: more bytes back than sent\n",
						prog, i);
					return 1;
				}
				if (cn->rcvd == total)
					echoed++;
			}
		}
		if (echoed == nclients && !held) {
			if (hold) {
				printf("all echoed; holding %ld connections open for %ld s\n",
				       nclients, hold);
				fflush(stdout);
				sleep(hold);
				deadline += hold;
			}
			held = true;
		}
		/* Without --hold each connection closes as soon as it is
		 * done, which a one-client-at-a-time server needs. */
		for (i = 0; (held || !hold) && i < nclients; i++) {
			if (conns[i].rcvd == total && !conns[i].shut) {
				/* Half-close: "no more data from me". */
				if (shutdown(conns[i].fd, SHUT_WR)) {
					perror("echo_client: shutdown");
					return 1;
				}
				conns[i].shut = true;
			}
		}
	}
	printf("%ld clients x %ld messages x %ld bytes: all echoed correctly\n",
	       nclients, messages, size);
	for (i = 0; i < nclients; i++)
		close(conns[i].fd);
	free(conns);
	free(pfds);
	free(buf);
	if (fclose(stdout)) {
		perror("echo_client: stdout");
		return 1;
	}
	return 0;
}
