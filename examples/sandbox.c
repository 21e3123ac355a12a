/*
 * sandbox.c: a mini container: new namespaces, PID 1, its own hostname, chroot.
 *
 * Seed 003 (modern Unix additions, "chroot" and "clone/setns/unshare"): a
 * container is an ordinary process that clone() puts in new namespaces:
 *   CLONE_NEWUSER  its own uids: root inside, an ordinary user outside
 *   CLONE_NEWPID   its own pid numbers: the child is PID 1 inside
 *   CLONE_NEWNS    its own mount table (mount proc without touching ours)
 *   CLONE_NEWUTS   its own hostname
 *   CLONE_NEWIPC   its own System V IPC and POSIX message queues
 *   CLONE_NEWNET   its own network stack: only a loopback device, down
 * The parent writes the child's /proc/PID/uid_map and gid_map ("0 UID 1":
 * uid 0 inside is UID outside; setgroups must be denied first for gid_map),
 * then lets the child go on through a pipe. The child sets its hostname,
 * makes its mounts private, bind-mounts /usr read-only into the prepared
 * root (so programs can run there), mounts a fresh proc, and chroot()s.
 *
 * From outside, the child is an ordinary process with another pid:
 * `procscope ns` lists its six new namespaces and `procscope show PID` shows
 * them differing from PID 1's; /proc/PID/status says "NSpid: PID 1".
 *
 * As PID 1 of its namespace the child is special: signals it has no handler
 * for are ignored (even SIGTERM from outside; only SIGKILL always works),
 * and it adopts every orphan inside. So it installs a SIGTERM handler.
 *
 * Under `procscope trace -f`:
 *   clone(child_stack=0x..., flags=CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|
 *         CLONE_NEWPID|CLONE_NEWNET|SIGCHLD) = 43
 *   openat(AT_FDCWD, "/proc/43/uid_map", O_WRONLY) = 4     write(4, "0 0 1\n", 6) = 6
 *   [pid 43] sethostname("sandbox", 7) = 0
 *   [pid 43] mount("proc", "/tmp/root/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = 0
 *   [pid 43] chroot("/tmp/root") = 0
 *
 * usage: sandbox --root DIR [--hostname NAME] [--hold S] [--timeout S] [-- COMMAND...]
 *   Without COMMAND the child prints what it sees and waits --hold seconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#define STACK_SIZE (1024 * 1024)

static const char *prog = "sandbox";

struct args {
	const char *root, *hostname;
	char **cmd;
	long hold;
	int sync_fd;		/* read end: EOF once the maps are written */
	int sync_wfd;		/* write end: the child must close its copy */
};

/* The host's top-level directories that the sandbox mirrors: symlinks are
 * copied (merged /usr: /bin -> usr/bin), directories bind-mounted. */
static const char *const mirrored[] = { "usr", "bin", "sbin", "lib", "lib32", "lib64" };

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s%s%s: %s\n", prog, what, path ? " " : "", path ? path : "",
		strerror(errno));
	return 1;
}

/* Read-only bind mount of the host directory /name at root/name. A
 * remount in a user namespace must keep the flags the kernel locked
 * (nosuid, nodev...), so they are read back with statvfs first. */
static int bind_ro(const char *root, const char *name)
{
	char src[PATH_MAX], dst[PATH_MAX];
	unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
	struct statvfs sv;

	snprintf(src, sizeof(src), "/%s", name);
	snprintf(dst, sizeof(dst), "%s/%s", root, name);
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL))
		return fail("bind mount", dst);
	if (statvfs(dst, &sv))
		return fail("statvfs", dst);
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	if (mount(NULL, dst, NULL, flags, NULL))
		return fail("remount read-only", dst);
	return 0;
}

/* Prints what the world looks like from inside. */
static void report(const struct args *a)
{
	char host[HOST_NAME_MAX + 1] = "?", line[256];
	struct dirent *de;
	long procs = 0;
	DIR *d;
	FILE *f;

	gethostname(host, sizeof(host));
	printf("inside: pid %d, ppid %d, uid %d, gid %d, hostname %s\n", (int)getpid(),
	       (int)getppid(), (int)getuid(), (int)getgid(), host);
	d = opendir("/proc");
	while (d && (de = readdir(d)))
		procs += de->d_name[0] >= '1' && de->d_name[0] <= '9';
	if (d)
		closedir(d);
	printf("inside: /proc lists %ld process%s\n", procs, procs == 1 ? "" : "es");
	printf("inside: network interfaces:");
	f = fopen("/proc/net/dev", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (colon) {
			*colon = '\0';
			printf(" %s", line + strspn(line, " "));
		}
	}
	if (f)
		fclose(f);
	printf("\ninside: / contains:");
	d = opendir("/");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] != '.')
			printf(" %s", de->d_name);
	}
	if (d)
		closedir(d);
	putchar('\n');
	fflush(stdout);
}

static int child(void *arg)
{
	const struct args *a = arg;
	struct sigaction sa = { .sa_handler = on_term };
	char path[PATH_MAX], c;
	size_t i;

	/* Wait until the parent has written uid_map/gid_map: before that we
	 * are "nobody" here and may not do anything privileged. EOF comes
	 * only when every write end is closed, our own copy included. */
	close(a->sync_wfd);
	if (read(a->sync_fd, &c, 1) != 0)
		return fail("wait for the uid/gid maps", NULL);
	close(a->sync_fd);

	if (sethostname(a->hostname, strlen(a->hostname)))
		return fail("sethostname", a->hostname);
	/* Our mount table is a copy; make sure no mount event propagates
	 * back to the host's. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail("make / private", NULL);
	for (i = 0; i < sizeof(mirrored) / sizeof(mirrored[0]); i++) {
		struct stat st;

		snprintf(path, sizeof(path), "/%s", mirrored[i]);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && bind_ro(a->root, mirrored[i]))
			return 1;
	}
	snprintf(path, sizeof(path), "%s/proc", a->root);
	/* A proc of the new PID namespace: it shows only our processes. */
	if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return fail("mount proc on", path);
	if (chroot(a->root))
		return fail("chroot", a->root);
	if (chdir("/"))
		return fail("chdir", "/");

	if (a->cmd) {
		fflush(stdout);
		execvp(a->cmd[0], a->cmd);
		return fail("exec", a->cmd[0]);
	}
	report(a);
	/* PID 1 gets no default action for SIGTERM: without this handler,
	 * `kill PID` from outside would do nothing. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	for (i = 0; i < (size_t)a->hold * 10 && !stop; i++)
		usleep(100000);
	printf("inside: %s\n", stop ? "SIGTERM, leaving" : "hold over, leaving");
	fflush(stdout);
	return 0;
}

/* Writes text into /proc/PID/file. */
static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	int fd, ok;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return fail("open", path);
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	if (!ok)
		fail("write", path);
	close(fd);
	return !ok;
}

/* Creates root/proc and the mount points and symlinks for mirrored[]. */
static int prepare_root(const char *root)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct stat st;
	size_t i;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/proc", root);
	if (mkdir(path, 0555) && errno != EEXIST)
		return fail("mkdir", path);
	for (i = 0; i < sizeof(mirrored) / sizeof(mirrored[0]); i++) {
		char host[64];

		snprintf(host, sizeof(host), "/%s", mirrored[i]);
		snprintf(path, sizeof(path), "%s/%s", root, mirrored[i]);
		if (lstat(host, &st))
			continue; /* not on this host (lib32) */
		if (S_ISLNK(st.st_mode)) {
			n = readlink(host, target, sizeof(target) - 1);
			if (n < 0)
				return fail("readlink", host);
			target[n] = '\0';
			if (symlink(target, path) && errno != EEXIST)
				return fail("symlink", path);
		} else if (S_ISDIR(st.st_mode) && mkdir(path, 0755) && errno != EEXIST) {
			return fail("mkdir", path);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { .hostname = "sandbox", .hold = 5 };
	struct sigaction sa = { .sa_handler = on_term };
	long timeout = 60;
	char map[64], *stack, *end;
	int i, p[2], status;
	pid_t pid;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			if (i + 1 < argc)
				a.cmd = argv + i + 1;
			break;
		} else if (!strcmp(argv[i], "--root") && i + 1 < argc) {
			a.root = argv[++i];
		} else if (!strcmp(argv[i], "--hostname") && i + 1 < argc) {
			a.hostname = argv[++i];
		} else if ((!strcmp(argv[i], "--hold") || !strcmp(argv[i], "--timeout")) && i + 1 < argc) {
			long *dst = argv[i][2] == 'h' ? &a.hold : &timeout;

			errno = 0;
			*dst = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || *dst < 0 || *dst > 86400) {
				fprintf(stderr, "%s: invalid number '%s'\n", prog, argv[i]);
				return 2;
			}
		} else {
			a.root = NULL;
			break;
		}
	}
	if (!a.root) {
		fprintf(stderr, "usage: %s --root DIR [--hostname NAME] [--hold S] [--timeout S] [-- COMMAND...]\n",
			prog);
		return 2;
	}
	if (prepare_root(a.root))
		return 1;
	if (pipe2(p, O_CLOEXEC))
		return fail("pipe2", NULL);
	a.sync_fd = p[0];
	a.sync_wfd = p[1];
	stack = malloc(STACK_SIZE);
	if (!stack) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	fflush(stdout);
	/* The stack grows down: pass its top. SIGCHLD: a normal child. */
	pid = clone(child, stack + STACK_SIZE,
		    CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
			    CLONE_NEWNET | SIGCHLD,
		    &a);
	if (pid < 0) {
		/* EPERM/ENOSPC: user namespaces disabled or limited
		 * (user.max_user_namespaces, a seccomp policy...). */
		return fail("clone with new namespaces", NULL);
	}
	close(p[0]);
	snprintf(map, sizeof(map), "0 %d 1\n", (int)getuid());
	if (write_proc(pid, "uid_map", map) || write_proc(pid, "setgroups", "deny"))
		goto kill;
	snprintf(map, sizeof(map), "0 %d 1\n", (int)getgid());
	if (write_proc(pid, "gid_map", map))
		goto kill;
	printf("outside: sandbox pid %d (PID 1 inside), root %s\n", (int)pid, a.root);
	fflush(stdout);
	close(p[1]); /* go */

	/* Bounded: after --timeout seconds the sandbox is killed. No
	 * SA_RESTART, so the alarm interrupts waitpid(). */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return fail("waitpid", NULL);
		if (stop) {
			fprintf(stderr, "%s: timeout after %ld s, killing the sandbox\n", prog, timeout);
			kill(pid, SIGKILL);
			stop = 0;
		}
	}
	if (WIFSIGNALED(status)) {
		printf("outside: sandbox killed by signal %d\n", WTERMSIG(status));
		return 1;
	}
	printf("outside: sandbox exited with status %d\n", WEXITSTATUS(status));
	free(stack);
	return fflush(stdout) || WEXITSTATUS(status);

kill:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 1;
}
