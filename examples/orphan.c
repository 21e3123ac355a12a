/*
 * orphan.c: a child whose parent dies is adopted, by PID 1 or by a subreaper.
 *
 * Seed 001 (orphans) and seed 004 (process termination): when a parent exits
 * before its child, the kernel gives the child a new parent, so that someone
 * will wait() for it. Classically that is init (PID 1). Since Linux 3.4 a
 * process can declare itself a "child subreaper" with
 * prctl(PR_SET_CHILD_SUBREAPER, 1); orphans among its descendants are then
 * reparented to it instead (systemd --user, container runtimes and tini do
 * this). Inside a PID namespace, the namespace's PID 1 adopts them.
 *
 * Three processes: this program (M), a parent (P) it forks, and a child (C)
 * that P forks. P exits at once; C watches getppid() change from P to its
 * adopter and reports who that is. With --subreaper, M is the adopter and
 * reaps C itself.
 *
 * Under `procscope trace -f`: prctl(PR_SET_CHILD_SUBREAPER, 1) = 0 in M, and
 * in C getppid() = P, then getppid() = M (or 1).
 *
 * usage: orphan [--subreaper] [--timeout S]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "orphan";

/* The command name of pid, from /proc/PID/comm, or "?". */
static void comm_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, size, f))
		snprintf(buf, size, "?");
	buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

static int child(pid_t parent, long timeout, int ready_fd)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	long waited;
	char comm[64];
	pid_t now = getppid();

	/* Seen the parent alive: now let it exit. */
	if (write(ready_fd, "r", 1) != 1) {
		perror("orphan: child: write");
		return 1;
	}
	close(ready_fd);
	for (waited = 0; now == parent && waited < timeout * 100; waited++) {
		nanosleep(&tick, NULL);
		now = getppid();
	}
	if (now == parent) {
		fprintf(stderr, "%s: child %d: parent %d still alive after %ld s\n", prog,
			(int)getpid(), (int)parent, timeout);
		return 1;
	}
	comm_of(now, comm, sizeof(comm));
	printf("child %d: parent %d exited; new parent is %d (%s)\n", (int)getpid(), (int)parent,
	       (int)now, comm);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int subreaper = 0, i, status;
	long timeout = 10;
	pid_t p, c;
	char *end;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--subreaper")) {
			subreaper = 1;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			errno = 0;
			timeout = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || timeout < 1 || timeout > 3600) {
				fprintf(stderr, "%s: invalid timeout '%s'\n", prog, argv[i]);
				return 2;
			}
		} else {
			fprintf(stderr, "usage: %s [--subreaper] [--timeout S]\n", prog);
			return 2;
		}
	}
	if (subreaper) {
		if (prctl(PR_SET_CHILD_SUBREAPER, 1)) {
			perror("orphan: prctl PR_SET_CHILD_SUBREAPER");
			return 1;
		}
		printf("subreaper %d\n", (int)getpid());
		fflush(stdout);
	}
	p = fork();
	if (p < 0) {
		perror("orphan: fork");
		return 1;
	}
	if (p == 0) {
		/* Taken before fork(): by the time the child could ask
		 * getppid(), its parent may already be gone. */
		pid_t parent = getpid();
		int ready[2];
		char b;

		if (pipe(ready)) {
			perror("orphan: pipe");
			_exit(1);
		}
		c = fork();
		if (c < 0) {
			perror("orphan: fork");
			_exit(1);
		}
		if (c == 0) {
			close(ready[0]);
			_exit(child(parent, timeout, ready[1]));
		}
		/* Wait until the child has seen us, so that its first
		 * getppid() shows this process and the change is visible. */
		close(ready[1]);
		if (read(ready[0], &b, 1) != 1)
			_exit(1);
		printf("parent %d: forked child %d, exiting now\n", (int)getpid(), (int)c);
		fflush(stdout);
		_exit(0); /* orphans c */
	}
	if (waitpid(p, &status, 0) < 0) {
		perror("orphan: waitpid parent");
		return 1;
	}
	if (!subreaper)
		return 0; /* the orphan's new parent will reap it */
	/* We adopted the orphan: reap it, or it stays a zombie. */
	c = wait(&status);
	if (c < 0) {
		perror("orphan: wait for the orphan");
		return 1;
	}
	printf("subreaper %d: reaped orphan %d\n", (int)getpid(), (int)c);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	return fflush(stdout) ? 1 : 0;
}
