/*
 * zombie.c: a child that has exited but is not yet reaped: state Z.
 *
 * Seed 001 and seed 004 (process states): when a process exits, the kernel
 * keeps a small record of it (pid, exit status, resource usage) until the
 * parent collects it with wait(). Until then the process is a zombie, shown
 * by ps (and `procscope ps`) with state Z and "<defunct>". A zombie cannot be
 * killed, since it is already dead: kill() succeeds and changes nothing.
 *
 * waitid(..., WEXITED | WNOWAIT) waits until the child has exited *without*
 * reaping it, so when this program says "zombie", it is one. After --hold
 * seconds it reaps the child, and the zombie disappears.
 *
 * Under `procscope trace -f`:
 *   waitid(P_PID, 43, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, ..., si_status=7, ...},
 *          WEXITED|WNOWAIT, NULL) = 0
 *   kill(43, SIGKILL) = 0
 *   wait4(43, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 43
 *
 * usage: zombie [--hold S]     (look with: procscope ps PID)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "zombie";

/* The state letter from /proc/PID/stat, or '?' if it is gone. */
static char state_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return '?';
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may contain spaces and ')'. */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

int main(int argc, char **argv)
{
	long hold = 5;
	siginfo_t info;
	int status;
	char *end;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "--hold")) {
		errno = 0;
		hold = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || hold < 0 || hold > 3600) {
			fprintf(stderr, "%s: invalid --hold '%s'\n", prog, argv[2]);
			return 2;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--hold S]\n", prog);
		return 2;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("zombie: fork");
		return 1;
	}
	if (pid == 0)
		_exit(7);

	/* Wait for the exit but leave the child waitable: a zombie. */
	if (waitid(P_PID, pid, &info, WEXITED | WNOWAIT)) {
		perror("zombie: waitid");
		return 1;
	}
	printf("zombie %d (parent %d): state %c, exit status %d, reaped in %ld s\n", (int)pid,
	       (int)getpid(), state_of(pid), info.si_status, hold);
	if (kill(pid, SIGKILL)) {
		perror("zombie: kill");
		return 1;
	}
	printf("kill(%d, SIGKILL) succeeded; state is still %c\n", (int)pid, state_of(pid));
	fflush(stdout);
	sleep(hold);
	if (waitpid(pid, &status, 0) != pid) {
		perror("zombie: waitpid");
		return 1;
	}
	printf("reaped %d: exit status %d; state now %c (gone)\n", (int)pid, WEXITSTATUS(status),
	       state_of(pid));
	return fflush(stdout) ? 1 : 0;
}
