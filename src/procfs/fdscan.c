/* fdscan.c: read the fd tables of many processes for `procscope fds`.
 *
 * Every reader works relative to an open /proc/PID directory, so a pid
 * reused mid-scan cannot mix two processes. A read that fails with ENOENT
 * means the fd was closed, or the process exited: the process's stat file
 * tells which, and an exited process is marked gone, not reported as an
 * error. Peers (the other ends of pipes, FIFOs and sockets) are found in
 * one index of (kind, device, inode) built from every process's fd links. */
#include "procfs/fdclass.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

/* Read a small /proc file relative to dirfd into buf (NUL-terminated). */
static ssize_t read_small(int dirfd, const char *path, char *buf, size_t size)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* Has the process of dirfd exited (or become a zombie, which holds no files)? */
static bool proc_gone(int dirfd)
{
	char buf[512], *p;

	if (read_small(dirfd, "stat", buf, sizeof(buf)) <= 0)
		return true;
	p = strrchr(buf, ')');
	return !p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X';
}

static struct fd_entry *proc_add(struct fd_proc *p, int fd)
{
	struct fd_entry *e;

	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 32;
		p->v = xrealloc(p->v, p->alloc * sizeof(*p->v));
	}
	e = &p->v[p->n++];
	memset(e, 0, sizeof(*e));
	e->fd = fd;
	return e;
}

static void set_stat(struct fd_entry *e, const struct stat *st)
{
	e->have_stat = true;
	e->mode = st->st_mode;
	e->dev = st->st_dev;
	e->rdev = st->st_rdev;
	e->ino = st->st_ino;
	e->size = st->st_size;
}

static bool ends_with_deleted(const char *s)
{
	size_t n = strlen(s), m = strlen(" (deleted)");

	return n > m && !strcmp(s + n - m, " (deleted)");
}

/* cwd, rtd, txt: a link and the stat of what it points to. */
static int add_special(struct fd_proc *p, int dirfd, const char *name, int fd)
{
	char link[4096];
	struct fd_entry *e = proc_add(p, fd);
	struct stat st;
	ssize_t n = readlinkat(dirfd, name, link, sizeof(link) - 1);

	if (n < 0) {
		e->err = errno;
		e->what = "readlink";
		e->cls = FD_CLASS_UNKNOWN;
		return -e->err;
	}
	link[n] = '\0';
	e->link = xstrdup(link);
	e->deleted = ends_with_deleted(link);
	if (!fstatat(dirfd, name, &st, 0))
		set_stat(e, &st);
	e->cls = fd_classify(e->have_stat ? e->mode : 0, link);
	return 0;
}

/* Sizes of mapped files, cached by path across processes (libc is mapped
 * by nearly all of them). */
struct mapstat {
	char *path;
	bool ok;
	struct stat st;
};

static struct mapstat *mapstats;
static size_t nmapstats, amapstats;

static int mapstat_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mapstat *)a)->path, ((const struct mapstat *)b)->path);
}

static const struct mapstat *mapstat_get(const char *path)
{
	struct mapstat key = { .path = (char *)path }, *m;
	size_t i;

	m = nmapstats ? bsearch(&key, mapstats, nmapstats, sizeof(*mapstats), mapstat_cmp) : NULL;
	if (m)
		return m;
	if (nmapstats == amapstats) {
		amapstats = amapstats ? 2 * amapstats : 64;
		mapstats = xrealloc(mapstats, amapstats * sizeof(*mapstats));
	}
	/* Insert in order (the set stays small: distinct mapped files). */
	for (i = nmapstats; i > 0 && strcmp(mapstats[i - 1].path, path) > 0; i--)
		mapstats[i] = mapstats[i - 1];
	m = &mapstats[i];
	nmapstats++;
	m->path = xstrdup(path);
	m->ok = !stat(path, &m->st);
	return m;
}

static void mapstats_free(void)
{
	size_t i;

	for (i = 0; i < nmapstats; i++)
		free(mapstats[i].path);
	free(mapstats);
	mapstats = NULL;
	nmapstats = amapstats = 0;
}

/* One mem (or DEL) row per distinct mapped file other than the program. */
static void add_maps(struct fd_proc *p, int dirfd)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long long txt_dev = 0, txt_ino = 0;
	char *line, *nl;
	size_t i, first = p->n;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].fd == FD_TXT && p->v[i].have_stat) {
			txt_dev = p->v[i].dev;
			txt_ino = p->v[i].ino;
		}
	}
	if (sb_read_at(&sb, dirfd, "maps", 0) < 0 || !sb.buf)
		goto out;
	for (line = sb.buf; line && *line; line = nl) {
		unsigned maj, min;
		unsigned long long ino, dev;
		int off = 0;
		const char *path;
		struct fd_entry *e;
		const struct mapstat *ms;
		bool seen = false;

		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (sscanf(line, "%*x-%*x %*s %*x %x:%x %llu %n", &maj, &min, &ino, &off) != 3 ||
		    !off || !ino)
			continue;
		path = line + off;
		if (path[0] != '/')
			continue;
		dev = makedev(maj, min);
		if (dev == txt_dev && ino == txt_ino)
			continue;
		for (i = first; i < p->n && !seen; i++)
			seen = p->v[i].dev == dev && p->v[i].ino == ino;
		if (seen)
			continue;
		e = proc_add(p, FD_MEM);
		e->link = xstrdup(path);
		e->dev = dev;
		e->ino = ino;
		e->cls = FD_CLASS_REGULAR;
		if (ends_with_deleted(path)) {
			e->fd = FD_DEL;
			e->deleted = true;
			continue;
		}
		ms = mapstat_get(path);
		if (ms->ok && ms->st.st_dev == dev && ms->st.st_ino == ino) {
			e->have_stat = true;
			e->mode = ms->st.st_mode;
			e->rdev = ms->st.st_rdev;
			e->size = ms->st.st_size;
			e->cls = fd_classify(e->mode, path);
		}
	}
out:
	sb_release(&sb);
}

static void fill_socket(struct fd_scan *s, struct fd_proc *p, int dirfd, struct fd_entry *e)
{
	char path[64], proto[64];
	ssize_t n;

	e->sock = sock_cache_lookup(s->socks, p->pid, dirfd, e->ino);
	if (e->sock) {
		e->cls = e->sock->cls;
		return;
	}
	/* Not in any table (unbound, or a family without one): ask the kernel's
	 * protocol name. */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)p->pid, e->fd);
	n = getxattr(path, "system.sockprotoname", proto, sizeof(proto) - 1);
	if (n > 0) {
		proto[n] = '\0';
		e->cls = fd_classify_socket(proto);
	}
}

static char link_mode_char(unsigned mode)
{
	bool rd = mode & S_IRUSR, wr = mode & S_IWUSR;

	return rd && wr ? 'u' : wr ? 'w' : rd ? 'r' : '?';
}

static void add_fd(struct fd_scan *s, struct fd_proc *p, int dirfd, int fd, bool *saw_enoent)
{
	char name[32], link[4096];
	struct fd_entry *e;
	struct stat st;
	ssize_t n;

	snprintf(name, sizeof(name), "fd/%d", fd);
	n = readlinkat(dirfd, name, link, sizeof(link) - 1);
	if (n < 0 && errno == ENOENT) {
		*saw_enoent = true; /* closed meanwhile, or the process exited */
		return;
	}
	e = proc_add(p, fd);
	if (n < 0) {
		e->err = errno;
		e->what = "readlink";
		return;
	}
	link[n] = '\0';
	e->link = xstrdup(link);
	e->deleted = ends_with_deleted(link);
	if (!fstatat(dirfd, name, &st, 0))
		set_stat(e, &st);
	e->have_fdinfo = !fdinfo_read(dirfd, fd, &e->fi);
	/* fdinfo may be denied where the link is not (pid 1 in a sandbox);
	 * the link's mode bits still tell the open mode, as lsof reads it. */
	if (!e->have_fdinfo && !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		e->link_mode = link_mode_char(st.st_mode);
	e->cls = fd_classify(e->have_stat ? e->mode : 0, link);
	if (e->cls == FD_CLASS_SOCKET && e->have_stat)
		fill_socket(s, p, dirfd, e);
	if (e->cls == FD_CLASS_PIDFD && e->have_fdinfo && (e->fi.have & FDINFO_PID))
		e->pidfd_pid = e->fi.pid > 0 ? e->fi.pid : 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void add_fds(struct fd_scan *s, struct fd_proc *p, int dirfd)
{
	int fdd = openat(dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int *fds = NULL;
	size_t nfds = 0, afds = 0, i;
	bool saw_enoent = false;
	struct dirent *de;
	DIR *d;

	if (fdd < 0) {
		struct fd_entry *e;

		if (errno == ENOENT) {
			p->gone = true;
			return;
		}
		e = proc_add(p, FD_NOFD);
		e->err = errno;
		e->what = "opendir";
		return;
	}
	d = fdopendir(fdd);
	if (!d) {
		close(fdd);
		return;
	}
	while ((de = readdir(d))) {
		long v;

		if (parse_long(de->d_name, 0, 1L << 30, &v))
			continue;
		if (nfds == afds) {
			afds = afds ? 2 * afds : 64;
			fds = xrealloc(fds, afds * sizeof(*fds));
		}
		fds[nfds++] = (int)v;
	}
	closedir(d);
	if (nfds > 1)
		qsort(fds, nfds, sizeof(*fds), cmp_int);
	for (i = 0; i < nfds; i++)
		add_fd(s, p, dirfd, fds[i], &saw_enoent);
	free(fds);
	if (saw_enoent && proc_gone(dirfd))
		p->gone = true;
}

static bool comm_selected(const struct fd_scan_opts *o, const char *comm)
{
	size_t i;

	for (i = 0; i < o->ncomms; i++) {
		if (!strncmp(comm, o->comms[i], strlen(o->comms[i])))
			return true;
	}
	return false;
}

static bool pid_selected(const struct fd_scan_opts *o, pid_t pid)
{
	size_t i;

	for (i = 0; i < o->npids; i++) {
		if (o->pids[i] == pid)
			return true;
	}
	return false;
}

/* 1 when scanned, 0 when not selected, -ESRCH when there is no such process. */
static int scan_one(struct fd_scan *s, const struct fd_scan_opts *o, pid_t pid)
{
	char path[32], comm[64];
	struct fd_proc p;
	struct stat st;
	ssize_t n;
	int dirfd;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -ESRCH;
	memset(&p, 0, sizeof(p));
	p.pid = pid;
	n = read_small(dirfd, "comm", comm, sizeof(p.comm));
	if (n == -ENOENT || n == -ESRCH) {
		close(dirfd);
		return -ESRCH;
	}
	if (n > 0) {
		comm[strcspn(comm, "\n")] = '\0';
		memcpy(p.comm, comm, strlen(comm) + 1);
	}
	if ((o->ncomms || o->npids) && !pid_selected(o, pid) && !comm_selected(o, p.comm)) {
		close(dirfd);
		return 0;
	}
	if (!fstat(dirfd, &st)) {
		p.uid = st.st_uid;
		p.have_uid = true;
	}
	if (proc_gone(dirfd)) {
		p.gone = true;
	} else {
		add_special(&p, dirfd, "cwd", FD_CWD);
		add_special(&p, dirfd, "root", FD_RTD);
		add_special(&p, dirfd, "exe", FD_TXT);
		if (o->want_mem)
			add_maps(&p, dirfd);
		add_fds(s, &p, dirfd);
	}
	close(dirfd);
	s->procs = xrealloc(s->procs, (s->nprocs + 1) * sizeof(*s->procs));
	s->procs[s->nprocs++] = p;
	return 1;
}

/* ---- peers ---- */

enum { REF_PIPE = 1, REF_FIFO, REF_SOCK };

struct ref {
	int kind;
	unsigned long long dev, ino;
	pid_t pid;
	int fd;
	char mode; /* 0: not known yet (read lazily from the link's mode) */
	const char *comm; /* NULL: not known yet */
};

struct refs {
	struct ref *v;
	size_t n, alloc;
	/* commands of processes seen only through their links */
	char **comms;
	size_t ncomms;
};

static void ref_add(struct refs *r, int kind, unsigned long long dev, unsigned long long ino,
		    pid_t pid, int fd, char mode, const char *comm)
{
	struct ref *x;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 256;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	x = &r->v[r->n++];
	x->kind = kind;
	x->dev = dev;
	x->ino = ino;
	x->pid = pid;
	x->fd = fd;
	x->mode = mode;
	x->comm = comm;
}

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd - y->fd;
}

/* Key of an entry in the index, false when it has none. */
static bool entry_key(const struct fd_entry *e, int *kind, unsigned long long *dev,
		      unsigned long long *ino)
{
	unsigned long long v;

	if (e->fd < 0 || !e->link)
		return false;
	if (sscanf(e->link, "pipe:[%llu]", &v) == 1) {
		*kind = REF_PIPE;
		*dev = 0;
		*ino = v;
		return true;
	}
	if (sscanf(e->link, "socket:[%llu]", &v) == 1) {
		*kind = REF_SOCK;
		*dev = 0;
		*ino = v;
		return true;
	}
	if (e->cls == FD_CLASS_FIFO && e->have_stat) {
		*kind = REF_FIFO;
		*dev = e->dev;
		*ino = e->ino;
		return true;
	}
	return false;
}

static bool fifo_path_selected(const struct fd_scan *s, const char *link)
{
	size_t i, j;

	for (i = 0; i < s->nprocs; i++) {
		for (j = 0; j < s->procs[i].n; j++) {
			const struct fd_entry *e = &s->procs[i].v[j];

			if (e->cls == FD_CLASS_FIFO && e->link && !strcmp(e->link, link))
				return true;
		}
	}
	return false;
}

/* The links of processes outside the selection, for peers only. */
static void index_others(struct fd_scan *s, const struct fd_scan_opts *o, struct refs *r)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	bool any_fifo = false;
	size_t i, j;

	if (!proc)
		return;
	for (i = 0; i < s->nprocs && !any_fifo; i++) {
		for (j = 0; j < s->procs[i].n; j++)
			any_fifo |= s->procs[i].v[j].cls == FD_CLASS_FIFO;
	}
	while ((de = readdir(proc))) {
		char path[300], link[4096];
		struct dirent *fe;
		long pid;
		bool scanned = false;
		DIR *fdd;

		if (parse_long(de->d_name, 1, 1L << 30, &pid))
			continue;
		for (i = 0; i < s->nprocs && !scanned; i++)
			scanned = s->procs[i].pid == pid;
		/* Our own fds (inherited pipes) are no one's peer. */
		if (scanned || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
		fdd = opendir(path);
		if (!fdd)
			continue;
		while ((fe = readdir(fdd))) {
			unsigned long long v;
			long fd;
			ssize_t n;

			if (parse_long(fe->d_name, 0, 1L << 30, &fd))
				continue;
			n = readlinkat(dirfd(fdd), fe->d_name, link, sizeof(link) - 1);
			if (n < 0)
				continue;
			link[n] = '\0';
			if (sscanf(link, "pipe:[%llu]", &v) == 1) {
				ref_add(r, REF_PIPE, 0, v, pid, fd, 0, NULL);
			} else if (sscanf(link, "socket:[%llu]", &v) == 1) {
				ref_add(r, REF_SOCK, 0, v, pid, fd, 0, NULL);
			} else if (any_fifo && link[0] == '/' && fifo_path_selected(s, link)) {
				struct stat st;

				if (!fstatat(dirfd(fdd), fe->d_name, &st, 0) && S_ISFIFO(st.st_mode))
					ref_add(r, REF_FIFO, st.st_dev, st.st_ino, pid, fd, 0, NULL);
			}
		}
		closedir(fdd);
	}
	closedir(proc);
	(void)o;
}

/* Fill in what index_others left for later: mode and command. */
static void ref_complete(struct refs *r, struct ref *x)
{
	char path[64], buf[64];
	struct stat st;
	size_t i;

	if (!x->mode) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)x->pid, x->fd);
		x->mode = '?';
		/* The fd link's own mode bits are the file's open mode. */
		if (!lstat(path, &st))
			x->mode = link_mode_char(st.st_mode);
	}
	if (!x->comm) {
		char *c;

		snprintf(path, sizeof(path), "/proc/%d/comm", (int)x->pid);
		if (read_small(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
			snprintf(buf, sizeof(buf), "?");
		buf[strcspn(buf, "\n")] = '\0';
		c = xstrdup(buf);
		r->comms = xrealloc(r->comms, (r->ncomms + 1) * sizeof(*r->comms));
		r->comms[r->ncomms++] = c;
		/* Every ref of that pid shares the string. */
		for (i = 0; i < r->n; i++) {
			if (r->v[i].pid == x->pid && !r->v[i].comm)
				r->v[i].comm = c;
		}
	}
}

static void peers_of(struct refs *r, struct fd_proc *p, struct fd_entry *e, int kind,
		     unsigned long long dev, unsigned long long ino)
{
	size_t lo = 0, hi = r->n;

	/* Lower bound of (kind, dev, ino). */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		struct ref *m = &r->v[mid];

		if (m->kind < kind || (m->kind == kind && (m->dev < dev || (m->dev == dev && m->ino < ino))))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->n; lo++) {
		struct ref *x = &r->v[lo];

		if (x->kind != kind || x->dev != dev || x->ino != ino)
			break;
		if (x->pid == p->pid && x->fd == e->fd)
			continue;
		ref_complete(r, x);
		e->peers = xrealloc(e->peers, (e->npeers + 1) * sizeof(*e->peers));
		e->peers[e->npeers].pid = x->pid;
		e->peers[e->npeers].fd = x->fd;
		e->peers[e->npeers].mode = x->mode;
		e->peers[e->npeers].comm = x->comm;
		e->npeers++;
	}
}

static void find_peers(struct fd_scan *s, const struct fd_scan_opts *o, struct refs *r)
{
	size_t i, j;

	for (i = 0; i < s->nprocs; i++) {
		struct fd_proc *p = &s->procs[i];

		for (j = 0; j < p->n; j++) {
			int kind;
			unsigned long long dev, ino;

			if (entry_key(&p->v[j], &kind, &dev, &ino))
				ref_add(r, kind, dev, ino, p->pid, p->v[j].fd, fd_entry_mode(&p->v[j]),
					p->comm);
		}
	}
	if (o->pids || o->ncomms)
		index_others(s, o, r);
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), ref_cmp);

	for (i = 0; i < s->nprocs; i++) {
		struct fd_proc *p = &s->procs[i];

		for (j = 0; j < p->n; j++) {
			struct fd_entry *e = &p->v[j];
			int kind;
			unsigned long long dev, ino;

			if (!entry_key(e, &kind, &dev, &ino))
				continue;
			if (kind == REF_PIPE || kind == REF_FIFO) {
				peers_of(r, p, e, kind, dev, ino);
				e->peers_known = true;
			} else if (e->sock && e->sock->cls == FD_CLASS_UNIX && e->sock->have_peer) {
				if (e->sock->peer_ino)
					peers_of(r, p, e, REF_SOCK, 0, e->sock->peer_ino);
				e->peers_known = true;
			} else if (e->peer_sock) {
				peers_of(r, p, e, REF_SOCK, 0, e->peer_sock);
				e->peers_known = true;
			}
		}
	}
}

/* Inet sockets connected to another socket of the same namespace (loopback):
 * remember that socket's inode so its owner can be named. */
static void link_inet_peers(struct fd_scan *s, struct fd_proc *p, int dirfd)
{
	size_t j;

	for (j = 0; j < p->n; j++) {
		struct fd_entry *e = &p->v[j];
		const struct sock_info *peer;

		if (!e->sock || (e->sock->cls != FD_CLASS_INET && e->sock->cls != FD_CLASS_INET6))
			continue;
		peer = sock_cache_inet_peer(s->socks, p->pid, dirfd, e->sock);
		if (peer)
			e->peer_sock = peer->ino;
	}
}

static void pidfd_comms(struct fd_scan *s, struct refs *r)
{
	size_t i, j, k;

	for (i = 0; i < s->nprocs; i++) {
		for (j = 0; j < s->procs[i].n; j++) {
			struct fd_entry *e = &s->procs[i].v[j];
			char path[64], buf[64], *c;

			if (!e->pidfd_pid)
				continue;
			for (k = 0; k < s->nprocs && !e->pidfd_comm; k++) {
				if (s->procs[k].pid == e->pidfd_pid)
					e->pidfd_comm = s->procs[k].comm;
			}
			if (e->pidfd_comm)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/comm", (int)e->pidfd_pid);
			if (read_small(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
				continue;
			buf[strcspn(buf, "\n")] = '\0';
			c = xstrdup(buf);
			r->comms = xrealloc(r->comms, (r->ncomms + 1) * sizeof(*r->comms));
			r->comms[r->ncomms++] = c;
			e->pidfd_comm = c;
		}
	}
}

/* Strings the entries point to (commands found through links) live here
 * until fd_scan_release. */
static struct refs scan_refs;

int fd_scan_run(struct fd_scan *s, const struct fd_scan_opts *o)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->socks = sock_cache_new();
	if (o->pids && !o->ncomms) {
		for (i = 0; i < o->npids; i++) {
			if (scan_one(s, o, o->pids[i]) == -ESRCH) {
				s->missing = xrealloc(s->missing, (s->nmissing + 1) * sizeof(pid_t));
				s->missing[s->nmissing++] = o->pids[i];
			}
		}
	} else {
		DIR *proc = opendir("/proc");
		struct dirent *de;
		bool *found = xcalloc(o->npids + 1, sizeof(bool));

		if (!proc) {
			free(found);
			return -errno;
		}
		while ((de = readdir(proc))) {
			long pid;
			size_t k;

			if (parse_long(de->d_name, 1, 1L << 30, &pid))
				continue;
			if (scan_one(s, o, (pid_t)pid) != 1)
				continue;
			for (k = 0; k < o->npids; k++)
				found[k] |= o->pids[k] == pid;
		}
		closedir(proc);
		for (i = 0; i < o->npids; i++) {
			if (!found[i]) {
				s->missing = xrealloc(s->missing, (s->nmissing + 1) * sizeof(pid_t));
				s->missing[s->nmissing++] = o->pids[i];
			}
		}
		free(found);
	}
	/* Inet peers need each process's namespace: reopen its /proc dir. */
	for (i = 0; i < s->nprocs; i++) {
		char path[32];
		int dirfd;
		size_t j;
		bool inet = false;

		for (j = 0; j < s->procs[i].n && !inet; j++)
			inet = s->procs[i].v[j].sock && s->procs[i].v[j].sock->rport;
		if (!inet)
			continue;
		snprintf(path, sizeof(path), "/proc/%d", (int)s->procs[i].pid);
		dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0)
			continue;
		link_inet_peers(s, &s->procs[i], dirfd);
		close(dirfd);
	}
	if (o->want_peers)
		find_peers(s, o, &scan_refs);
	pidfd_comms(s, &scan_refs);
	return 0;
}

void fd_scan_release(struct fd_scan *s)
{
	size_t i, j;

	for (i = 0; i < s->nprocs; i++) {
		for (j = 0; j < s->procs[i].n; j++) {
			free(s->procs[i].v[j].link);
			free(s->procs[i].v[j].peers);
			fdinfo_release(&s->procs[i].v[j].fi);
		}
		free(s->procs[i].v);
	}
	free(s->procs);
	free(s->missing);
	sock_cache_free(s->socks);
	for (i = 0; i < scan_refs.ncomms; i++)
		free(scan_refs.comms[i]);
	free(scan_refs.comms);
	free(scan_refs.v);
	memset(&scan_refs, 0, sizeof(scan_refs));
	mapstats_free();
	memset(s, 0, sizeof(*s));
}

char fd_entry_mode(const struct fd_entry *e)
{
	if (e->fd < 0)
		return ' ';
	if (!e->have_fdinfo || !(e->fi.have & FDINFO_FLAGS))
		return e->link_mode ? e->link_mode : '?';
	switch (e->fi.flags & O_ACCMODE) {
	case O_RDONLY:
		return 'r';
	case O_WRONLY:
		return 'w';
	case O_RDWR:
		return 'u';
	default:
		return '?';
	}
}
