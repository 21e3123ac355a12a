/* common.c: what every backend does the same way when it starts a command. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "core/util.h"

int backend_become_user(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (!pw)
		return error("cannot find user '%s'", user);
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0)
		return error("cannot become user '%s': %s", user, strerror(errno));
	return 0;
}

int backend_attach_threads(pid_t pid, int (*one)(void *ctx, pid_t tid), void *ctx, bool quiet)
{
	char path[64];
	struct dirent *e;
	int n = 0, rc;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d) {
		if (errno == ENOENT)
			return error("attach to pid %d: no such process", pid);
		return error("attach to pid %d: %s", pid, strerror(errno));
	}
	while ((e = readdir(d))) {
		long tid;

		if (parse_long(e->d_name, 1, 0x7fffffff, &tid) < 0)
			continue;
		rc = one(ctx, (pid_t)tid);
		if (rc == -ESRCH)
			continue; /* the thread just exited */
		if (rc < 0) {
			closedir(d);
			if (rc == -EPERM)
				return error("attach to pid %d: %s (is it yours? is ptrace restricted, "
					     "or is it already traced?)", pid, strerror(-rc));
			return error("attach to pid %d: %s", pid, strerror(-rc));
		}
		n += rc == 0;
	}
	closedir(d);
	if (!n)
		return error("attach to pid %d: no such process", pid);
	if (!quiet) {
		if (n > 1)
			fprintf(stderr, "procscope: Process %d attached with %d threads\n", pid, n);
		else
			fprintf(stderr, "procscope: Process %d attached\n", pid);
	}
	return n;
}
