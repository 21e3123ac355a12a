/*
 * forkexec: COUNT times fork, exec PROG in the child and wait for it (default
 * 1,000 runs of /bin/true).
 *
 * Under -f every child is a new tracee: the tracer pays for the fork event,
 * the exec event, the dynamic loader's syscalls and the exit.
 *
 * usage: forkexec [COUNT [PROG]]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "forkexec: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 1000;
	const char *prog = argc > 2 ? argv[2] : "/bin/true";

	if (argc > 3) {
		fprintf(stderr, "usage: forkexec [COUNT [PROG]]\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "forkexec: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid == 0) {
			execl(prog, prog, (char *)NULL);
			fprintf(stderr, "forkexec: exec %s: %s\n", prog, strerror(errno));
			_exit(127);
		}
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				fprintf(stderr, "forkexec: waitpid: %s\n", strerror(errno));
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "forkexec: %s failed (status 0x%x)\n", prog, status);
			return 1;
		}
	}
	return 0;
}
