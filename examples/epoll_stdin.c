/*
 * epoll_stdin.c: epoll in three steps, watching standard input.
 *
 * Seed 002 (part C4): create an epoll instance, register fd 0 for EPOLLIN,
 * then loop on epoll_wait() and read what is ready in chunks of 10 bytes,
 * until a line "stop" arrives. This is that program with its gaps closed:
 *  - the seed compares each 10-byte chunk with "stop\n", so a "stop" split
 *    across two reads is missed: we collect whole lines;
 *  - at end of input epoll reports EPOLLHUP for ever and read() returns 0,
 *    so the seed's loop spins: we stop at EOF;
 *  - epoll_wait() returning 0 (the timeout) is reported, not ignored;
 *  - the seed opened a regular file to watch too. epoll refuses regular
 *    files (they are always ready), which --add-file shows: epoll_ctl fails
 *    with EPERM.
 * Level-triggered (no EPOLLET): a chunk left unread raises another event, so
 * reading only 10 bytes per wake-up is correct, if slow.
 *
 * Under `procscope trace`:
 *   epoll_ctl(3, EPOLL_CTL_ADD, 0, {events=EPOLLIN, data={u32=0, u64=0}}) = 0
 *   epoll_wait(3, [{events=EPOLLIN, data={u32=0, u64=0}}], 5, 30000) = 1
 *   read(0, "hello worl", 10) = 10
 *
 * usage: printf 'hello\nstop\n' | epoll_stdin [--timeout MS] [--add-file PATH]
 * Exit status: 0 after "stop" or EOF, 1 on timeout or error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAX_EVENTS 5
#define READ_SIZE 10

static const char *prog = "epoll_stdin";

static void usage(void)
{
	fprintf(stderr, "usage: %s [--timeout MS] [--add-file PATH] < input\n", prog);
	exit(2);
}

/* Prints a chunk with newlines and control bytes escaped, one per line. */
static void show_chunk(int fd, const char *buf, ssize_t n)
{
	ssize_t i;

	printf("%zd bytes from fd %d: \"", n, fd);
	for (i = 0; i < n; i++) {
		unsigned char ch = buf[i];

		if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch < ' ' || ch >= 0x7f || ch == '"' || ch == '\\')
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
	puts("\"");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "add-file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = 0 };
	struct epoll_event events[MAX_EVENTS];
	const char *add_file = NULL;
	char line[256];
	size_t line_len = 0;
	long timeout = 30000;
	int c, epfd, i, running = 1;
	char *end;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			errno = 0;
			timeout = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || timeout < -1 || timeout > 86400000) {
				fprintf(stderr, "%s: invalid timeout '%s' (milliseconds, -1 for none)\n",
					prog, optarg);
				return 2;
			}
			break;
		case 'f': add_file = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	/* Step 1: the epoll instance, itself a file descriptor. */
	epfd = epoll_create1(0);
	if (epfd < 0) {
		perror("epoll_stdin: epoll_create1");
		return 1;
	}
	/* Step 2: the interest list. */
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &ev)) {
		/* EPERM here means stdin is a regular file or a directory. */
		perror("epoll_stdin: epoll_ctl ADD stdin");
		return 1;
	}
	if (add_file) {
		int fd = open(add_file, O_RDONLY);
		struct epoll_event fev = { .events = EPOLLIN, .data.fd = fd };

		if (fd < 0) {
			fprintf(stderr, "%s: open %s: %s\n", prog, add_file, strerror(errno));
			return 1;
		}
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &fev) == 0) {
			printf("watching %s as fd %d too\n", add_file, fd);
		} else if (errno == EPERM) {
			printf("epoll_ctl %s: %s: epoll cannot watch a regular file, "
			       "it is always ready to read\n", add_file, strerror(errno));
			close(fd);
		} else {
			fprintf(stderr, "%s: epoll_ctl ADD %s: %s\n", prog, add_file, strerror(errno));
			return 1;
		}
	}

	/* Step 3: wait, then read what is ready. */
	while (running) {
		int n = epoll_wait(epfd, events, MAX_EVENTS, timeout);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_stdin: epoll_wait");
			return 1;
		}
		if (n == 0) {
			fprintf(stderr, "%s: no input within %ld ms\n", prog, timeout);
			return 1;
		}
		for (i = 0; i < n && running; i++) {
			int fd = events[i].data.fd;
			char buf[READ_SIZE];
			ssize_t r, k;

			r = read(fd, buf, sizeof(buf));
			if (r < 0) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				fprintf(stderr, "%s: read fd %d: %s\n", prog, fd, strerror(errno));
				return 1;
			}
			if (r == 0) {
				/* EPOLLHUP with nothing left: the writer is gone. */
				printf("EOF on fd %d\n", fd);
				running = 0;
				break;
			}
			show_chunk(fd, buf, r);
			for (k = 0; k < r; k++) {
				if (buf[k] != '\n') {
					if (line_len < sizeof(line) - 1)
						line[line_len++] = buf[k];
					continue;
				}
				line[line_len] = '\0';
				line_len = 0;
				if (!strcmp(line, "stop")) {
					printf("got \"stop\"\n");
					running = 0;
					break;
				}
			}
		}
	}
	if (close(epfd))
		perror("epoll_stdin: close");
	if (fclose(stdout)) {
		perror("epoll_stdin: stdout");
		return 1;
	}
	return 0;
}
