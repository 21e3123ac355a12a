/*
 * fork_exec.c: how a shell runs a command: fork(), execve() in the child,
 * wait() in the parent.
 *
 * Seed 004 (OS 101, "process creation") and seed 001 (fork/exec notes):
 * fork() makes a copy of the calling process; the child replaces its program
 * with execve(), which does not return when it works; the parent waits and
 * decodes how the child ended: exit(N), or killed by a signal. If execve()
 * fails the child must leave with _exit(), not exit(): exit() would flush
 * stdio buffers the child inherited from the parent, printing them twice.
 *
 * Under `procscope trace -f`:
 *   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, ...) = 43
 *   [pid 43] execve("/bin/sh", ["sh", "-c", "exit 3"], 0x7ffd... (20 vars)) = 0
 *   wait4(43, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 43
 *
 * usage: fork_exec COMMAND [ARG...]
 * Exit status: the child's exit status, 128+N if it died of signal N, 127
 * if the command could not be run.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: fork_exec COMMAND [ARG...]\n");
		return 2;
	}
	printf("parent %d: forking\n", (int)getpid());
	/* Anything still buffered would be copied into the child. */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork_exec: fork");
		return 1;
	}
	if (pid == 0) {
		/* execvp searches $PATH, as a shell does. */
		execvp(argv[1], argv + 1);
		fprintf(stderr, "fork_exec: exec %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	printf("parent %d: child %d runs %s\n", (int)getpid(), (int)pid, argv[1]);
	fflush(stdout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("fork_exec: waitpid");
			return 1;
		}
	}
	if (WIFEXITED(status)) {
		printf("parent %d: child %d exited with status %d\n", (int)getpid(), (int)pid,
		       WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	if (WIFSIGNALED(status)) {
		printf("parent %d: child %d killed by signal %d (%s)%s\n", (int)getpid(), (int)pid,
		       WTERMSIG(status), strsignal(WTERMSIG(status)),
		       WCOREDUMP(status) ? ", core dumped" : "");
		return 128 + WTERMSIG(status);
	}
	fprintf(stderr, "fork_exec: unexpected wait status 0x%x\n", status);
	return 1;
}
