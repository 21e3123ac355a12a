/*
 * sigpipe.c: writing to a pipe whose reader has gone: SIGPIPE, or EPIPE.
 *
 * Seed 000 (Bite Size Linux, "pipes"): "if wc dies, the pipe will close and
 * ls will be sent SIGPIPE. By default, SIGPIPE terminates your process."
 * That default is what lets `yes | head -1` end: yes is killed at its next
 * write. A program that wants to survive (a server writing to a client that
 * vanished) ignores SIGPIPE; the write() then fails with EPIPE instead.
 *
 * A reader child reads one chunk and exits; a writer child writes until the
 * kernel stops it. This program reports how the writer ended.
 *
 * Under `procscope trace -f`, the writer's last lines are:
 *   write(4, "line 1234\n", 10) = -1 EPIPE (Broken pipe)
 *   --- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=43, si_uid=0} ---
 *   +++ killed by SIGPIPE +++
 * and with --ignore: the same EPIPE, no signal, and a normal exit.
 *
 * usage: sigpipe [--ignore]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "sigpipe";

static int writer(int fd)
{
	char line[32];
	long i;

	for (i = 1;; i++) {
		int len = snprintf(line, sizeof(line), "line %ld\n", i);

		if (write(fd, line, len) < 0) {
			/* Reached only when SIGPIPE is ignored. */
			fprintf(stderr, "%s: writer %d: write: %s (after %ld lines)\n", prog,
				(int)getpid(), strerror(errno), i - 1);
			return errno == EPIPE ? 3 : 1;
		}
	}
}

int main(int argc, char **argv)
{
	int fds[2], status, ignore = 0;
	char buf[64];
	pid_t r, w;

	if (argc == 2 && !strcmp(argv[1], "--ignore")) {
		ignore = 1;
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--ignore]\n", prog);
		return 2;
	}
	if (pipe(fds)) {
		perror("sigpipe: pipe");
		return 1;
	}
	fflush(stdout);
	r = fork();
	if (r < 0) {
		perror("sigpipe: fork");
		return 1;
	}
	if (r == 0) {
		close(fds[1]);
		/* Read one chunk, then die: the pipe loses its only reader. */
		_exit(read(fds[0], buf, sizeof(buf)) > 0 ? 0 : 1);
	}
	w = fork();
	if (w < 0) {
		perror("sigpipe: fork");
		return 1;
	}
	if (w == 0) {
		close(fds[0]);
		if (ignore)
			signal(SIGPIPE, SIG_IGN);
		_exit(writer(fds[1]));
	}
	/* Ours must go too, or the pipe would still have a reader: us. */
	close(fds[0]);
	close(fds[1]);
	printf("reader %d, writer %d%s\n", (int)r, (int)w, ignore ? " (SIGPIPE ignored)" : "");
	if (waitpid(r, &status, 0) < 0 || waitpid(w, &status, 0) < 0) {
		perror("sigpipe: waitpid");
		return 1;
	}
	if (WIFSIGNALED(status))
		printf("writer %d killed by SIG%s\n", (int)w, sigabbrev_np(WTERMSIG(status)) ?: "?");
	else if (WEXITSTATUS(status) == 3)
		printf("writer %d got EPIPE and exited normally\n", (int)w);
	else
		printf("writer %d exited with status %d\n", (int)w, WEXITSTATUS(status));
	return fflush(stdout) ? 1 : 0;
}
