/*
 * pipe_fork.c: an unnamed pipe between a producer and a consumer across fork().
 *
 * Seed 002 (part B4): pipe() makes two descriptors, fork() copies both into
 * the child, and each side closes the end it does not use. The seed ends the
 * stream with a "quit" message and compares whole read() results with it; but
 * a pipe is a byte stream, so two writes can arrive in one read. Here the
 * producer just closes its end, and the consumer reads until read() returns 0
 * (EOF), splitting the bytes into lines itself.
 *
 * EOF only comes when *every* write end is closed, in every process. With
 * --keep-write-end the consumer forgets to close its copy of the write end,
 * and it waits for ever (here: until --timeout) for an EOF that cannot come.
 *
 * Under `procscope trace -f`:
 *   pipe2([3, 4], 0) = 0 ... parent: close(3) = 0, write(4, "message 1\n", 10) = 10
 *   child: close(4) = 0, read(3, "message 1\n...", 4096) = ..., read(3, "", 4096) = 0
 *
 * usage: pipe_fork [--messages N] [--keep-write-end] [--timeout S]
 *   Without --messages, the producer sends the lines it reads from stdin.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "pipe_fork";

static void usage(void)
{
	fprintf(stderr, "usage: %s [--messages N] [--keep-write-end] [--timeout S]\n", prog);
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

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/* The child: prints each line, returns the exit status. */
static int consumer(int fd)
{
	char buf[4096], line[1024];
	size_t len = 0;
	long lines = 0;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf)), i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("pipe_fork: consumer: read");
			return 1;
		}
		if (n == 0)
			break; /* EOF: all write ends are closed */
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			len = 0;
			lines++;
			printf("consumer %d: received \"%s\"\n", (int)getpid(), line);
		}
	}
	if (len)
		printf("consumer %d: last line had no newline: \"%.*s\"\n", (int)getpid(),
		       (int)len, line);
	printf("consumer %d: EOF after %ld lines\n", (int)getpid(), lines);
	if (close(fd)) {
		perror("pipe_fork: consumer: close");
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}

/* The parent: sends N generated lines, or stdin's lines when n < 0. */
static int producer(int fd, long n)
{
	char line[1024];
	long i;
	int ret;

	for (i = 1; n < 0 || i <= n; i++) {
		int len;

		if (n < 0) {
			if (!fgets(line, sizeof(line), stdin))
				break;
			len = strlen(line);
		} else {
			len = snprintf(line, sizeof(line), "message %ld\n", i);
		}
		ret = write_all(fd, line, len);
		if (ret < 0) {
			fprintf(stderr, "%s: producer: write: %s\n", prog, strerror(-ret));
			return 1;
		}
	}
	if (ferror(stdin)) {
		perror("pipe_fork: producer: stdin");
		return 1;
	}
	/* This close is the consumer's EOF (if it closed its own copy). */
	if (close(fd)) {
		perror("pipe_fork: producer: close");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "messages", required_argument, NULL, 'm' },
		{ "keep-write-end", no_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long messages = -1, timeout = 10;
	bool keep = false;
	int fds[2], c, status, ret;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': messages = parse_num(optarg, 0, 100000000); break;
		case 't': timeout = parse_num(optarg, 1, 86400); break;
		case 'k': keep = true; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	if (pipe(fds)) {
		perror("pipe_fork: pipe");
		return 1;
	}
	fflush(stdout); /* or the child inherits unwritten stdio output */
	pid = fork();
	if (pid < 0) {
		perror("pipe_fork: fork");
		return 1;
	}
	if (pid == 0) {
		/* fds[0] is the read end, fds[1] the write end. */
		if (!keep && close(fds[1])) {
			perror("pipe_fork: consumer: close write end");
			_exit(1);
		}
		/* The default SIGALRM action ends a consumer that waits for
		 * an EOF which will never come. */
		alarm(timeout);
		_exit(consumer(fds[0]));
	}
	printf("producer %d, consumer %d\n", (int)getpid(), (int)pid);
	fflush(stdout);
	if (close(fds[0])) {
		perror("pipe_fork: producer: close read end");
		return 1;
	}
	ret = producer(fds[1], messages);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("pipe_fork: waitpid");
			return 1;
		}
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		fprintf(stderr, "%s: consumer never saw EOF (killed by SIGALRM after %ld s): "
			"it still holds a write end of the pipe\n", prog, timeout);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: consumer failed (status 0x%x)\n", prog, status);
		return 1;
	}
	return ret;
}
