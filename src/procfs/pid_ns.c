/* pid_ns.c: namespaces of processes from /proc/PID/ns (see pid_ns.h). */
#include "procfs/pid_ns.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/util.h"

const char *const ns_type_names[] = { "mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time" };
const size_t ns_type_count = ARRAY_SIZE(ns_type_names);

int ns_type_index(const char *name)
{
	size_t i;

	for (i = 0; i < ns_type_count; i++)
		if (!strcmp(name, ns_type_names[i]))
			return (int)i;
	return -1;
}

int ns_parse_link(const char *text, int *type, unsigned long long *ino)
{
	const char *colon = strchr(text, ':');
	char name[16], *end;
	size_t n;

	if (!colon || colon[1] != '[' || !isdigit((unsigned char)colon[2]))
		return -EINVAL;
	n = (size_t)(colon - text);
	if (n == 0 || n >= sizeof(name))
		return -EINVAL;
	memcpy(name, text, n);
	name[n] = '\0';
	*type = ns_type_index(name);
	if (*type < 0)
		return -EINVAL;
	errno = 0;
	*ino = strtoull(colon + 2, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0')
		return -EINVAL;
	return 0;
}

void ns_table_init(struct ns_table *t)
{
	memset(t, 0, sizeof(*t));
}

void ns_table_release(struct ns_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].command);
	free(t->v);
	ns_table_init(t);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* The pids under /proc in ascending order, so the first process met in a
 * namespace is its lowest pid, as lsns reports. */
static int list_pids(pid_t **out, size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t alloc = 0;
	const char *p;

	*out = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		for (p = de->d_name; isdigit((unsigned char)*p); p++)
			;
		if (p == de->d_name || *p)
			continue;
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 512;
			*out = xrealloc(*out, alloc * sizeof(pid_t));
		}
		(*out)[(*n)++] = (pid_t)atoi(de->d_name);
	}
	closedir(d);
	qsort(*out, *n, sizeof(pid_t), cmp_pid);
	return 0;
}

/* lsns's COMMAND: the command line, or the name in brackets when the
 * command line is empty (kernel threads, zombies). */
static char *read_command(int dir)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n = 0, i;
	int fd = openat(dir, "cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		sb_putc(&sb, buf[i] == '\0' ? ' ' : buf[i]);
	if (!sb.len) {
		fd = openat(dir, "comm", O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		sb_printf(&sb, "%.*s", n > 0 ? (int)n : 0, buf);
	}
	return sb.buf;
}

static struct ns_entry *find(struct ns_table *t, int type, unsigned long long ino)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].ino == ino && t->v[i].type == type)
			return &t->v[i];
	return NULL;
}

/* The user namespace owning a namespace, through the pid's ns file. */
static void read_owner(struct ns_entry *e)
{
	char path[64];
	struct stat st;
	int fd, ufd;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)e->pid, ns_type_names[e->type]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e->owner_err = -errno;
		return;
	}
	/* The process may have exited and its pid been reused: check that the
	 * file still is this namespace before trusting its owner. */
	if (fstat(fd, &st) < 0 || st.st_ino != e->ino) {
		e->owner_err = -ESRCH;
		close(fd);
		return;
	}
	ufd = ioctl(fd, NS_GET_USERNS);
	if (ufd < 0) {
		/* EPERM: the owner is outside our own user namespace. */
		e->owner_err = -errno;
	} else {
		if (fstat(ufd, &st) == 0) {
			e->owner = st.st_ino;
			e->have_owner = true;
		} else {
			e->owner_err = -errno;
		}
		close(ufd);
	}
	close(fd);
}

static void scan_pid(struct ns_table *t, pid_t pid)
{
	char path[64], link[64];
	struct stat st;
	struct ns_entry *e;
	unsigned long long ino;
	bool any = false, denied = false;
	size_t k;
	ssize_t n;
	int dir, type;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return; /* gone */
	if (fstat(dir, &st) < 0)
		goto out;
	for (k = 0; k < ns_type_count; k++) {
		snprintf(path, sizeof(path), "ns/%s", ns_type_names[k]);
		n = readlinkat(dir, path, link, sizeof(link) - 1);
		if (n < 0) {
			if (errno == EACCES || errno == EPERM)
				denied = true;
			continue;
		}
		link[n] = '\0';
		if (ns_parse_link(link, &type, &ino) < 0)
			continue;
		any = true;
		e = find(t, type, ino);
		if (!e) {
			if (t->n == t->alloc) {
				t->alloc = t->alloc ? 2 * t->alloc : 32;
				t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
			}
			e = &t->v[t->n++];
			memset(e, 0, sizeof(*e));
			e->ino = ino;
			e->type = type;
			e->pid = pid;
			e->uid = st.st_uid;
			e->command = read_command(dir);
		}
		e->nprocs++;
	}
	if (any)
		t->processes++;
	else if (denied)
		t->unreadable++;
out:
	close(dir);
}

static int cmp_ns(const void *a, const void *b)
{
	const struct ns_entry *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->type - y->type;
}

int ns_scan(struct ns_table *t)
{
	pid_t *pids;
	size_t n, i;
	int r = list_pids(&pids, &n);

	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		scan_pid(t, pids[i]);
	free(pids);
	for (i = 0; i < t->n; i++)
		read_owner(&t->v[i]);
	qsort(t->v, t->n, sizeof(*t->v), cmp_ns);
	return 0;
}
