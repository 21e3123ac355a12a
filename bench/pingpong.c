/*
 * pingpong: two processes pass one byte back and forth over two pipes, COUNT
 * round trips (default 100,000).
 *
 * Each trip is a write and a read in each process, and every read blocks
 * until the other side has run: the tracer's latency is paid on the critical
 * path twice per trip.
 *
 * usage: pingpong [COUNT]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "pingpong: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

/* Returns 0 after one byte went each way, -1 on EOF or error (reported). */
static int trip(int wfd, int rfd, char *c, int send_first)
{
	ssize_t r;

	if (send_first && write(wfd, c, 1) != 1)
		goto fail;
	do
		r = read(rfd, c, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		goto fail;
	if (!send_first && write(wfd, c, 1) != 1)
		goto fail;
	return 0;
fail:
	if (errno)
		fprintf(stderr, "pingpong: %s\n", strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 100000;
	int ping[2], pong[2], status;
	char c = 'p';
	pid_t pid;

	if (argc > 2) {
		fprintf(stderr, "usage: pingpong [COUNT]\n");
		return 2;
	}
	if (pipe(ping) < 0 || pipe(pong) < 0) {
		fprintf(stderr, "pingpong: pipe: %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "pingpong: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		/* Never outlive the parent, even if it is killed mid-run. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ping[1]);
		close(pong[0]);
		for (long i = 0; i < n; i++) {
			errno = 0;
			if (trip(pong[1], ping[0], &c, 0) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	for (long i = 0; i < n; i++) {
		errno = 0;
		if (trip(ping[1], pong[0], &c, 1) < 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 1;
		}
	}
	close(ping[1]);
	if (waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "pingpong: waitpid: %s\n", strerror(errno));
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
