/* socktab.c: all sockets of a network namespace, by inode.
 *
 * A process's sockets are found in /proc/PID/net/ files, which shows the
 * namespace of that process. Namespaces are told apart by the inode of
 * /proc/PID/ns/net; each is loaded once per scan. When that link is not
 * readable (another user's process) the tables are keyed by pid instead. */
#include "procfs/fdclass.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sock_table {
	unsigned long long netns; /* namespace inode, or 0 with pid set */
	pid_t pid;
	struct sock_info *v;
	size_t n, alloc;
	unsigned *by_ino;   /* open addressing: index + 1, 0 is empty */
	unsigned *by_local; /* chained on (laddr, lport): head index + 1 */
	unsigned *next_local;
	size_t nslots;
};

struct sock_cache {
	struct sock_table **t;
	size_t n;
	pid_t last_pid; /* the table of the last process asked about */
	struct sock_table *last;
	unsigned long long self_netns;
	bool self_known;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static uint64_t local_hash(const struct sock_info *si, bool remote)
{
	const unsigned char *a = remote ? si->raddr : si->laddr;
	uint64_t h = remote ? si->rport : si->lport;
	size_t i;

	for (i = 0; i < 16; i++)
		h = h * 131 + a[i];
	return mix(h);
}

static void table_add(struct sock_table *t, const struct sock_info *si)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	t->v[t->n++] = *si;
}

static void table_index(struct sock_table *t)
{
	size_t i, nslots = 16;

	while (nslots < 2 * t->n)
		nslots *= 2;
	t->nslots = nslots;
	t->by_ino = xcalloc(nslots, sizeof(*t->by_ino));
	t->by_local = xcalloc(nslots, sizeof(*t->by_local));
	t->next_local = xcalloc(t->n ? t->n : 1, sizeof(*t->next_local));
	for (i = 0; i < t->n; i++) {
		size_t h = mix(t->v[i].ino) & (nslots - 1);

		while (t->by_ino[h])
			h = (h + 1) & (nslots - 1);
		t->by_ino[h] = i + 1;
		if (t->v[i].cls == FD_CLASS_INET || t->v[i].cls == FD_CLASS_INET6) {
			h = local_hash(&t->v[i], false) & (nslots - 1);
			t->next_local[i] = t->by_local[h];
			t->by_local[h] = i + 1;
		}
	}
}

static struct sock_info *table_find(const struct sock_table *t, unsigned long long ino)
{
	size_t h;

	if (!t->nslots)
		return NULL;
	for (h = mix(ino) & (t->nslots - 1); t->by_ino[h]; h = (h + 1) & (t->nslots - 1)) {
		if (t->v[t->by_ino[h] - 1].ino == ino)
			return &t->v[t->by_ino[h] - 1];
	}
	return NULL;
}

static void load_file(struct sock_table *t, int procdir, const char *path, enum fd_class cls,
		      int proto)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *nl;

	if (sb_read_at(&sb, procdir, path, 0) < 0 || !sb.buf)
		goto out;
	/* The first line is the column header. */
	line = strchr(sb.buf, '\n');
	for (; line && *++line; line = nl) {
		struct sock_info si;
		int r;

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (cls == FD_CLASS_UNIX)
			r = sock_parse_unix_line(line, &si);
		else if (cls == FD_CLASS_NETLINK)
			r = sock_parse_netlink_line(line, &si);
		else
			r = sock_parse_inet_line(line, cls, proto, &si);
		if (!r)
			table_add(t, &si);
		if (!nl)
			break;
	}
out:
	sb_release(&sb);
}

static int add_peer(const struct sock_info *d, void *arg)
{
	struct sock_info *si = table_find(arg, d->ino);

	if (si) {
		si->have_peer = true;
		si->peer_ino = d->peer_ino;
		if (!si->path && d->path) {
			si->path = xstrdup(d->path);
			si->abstract = d->abstract;
		}
	}
	return 0;
}

static struct sock_table *table_load(int procdir, bool own_netns)
{
	static const struct {
		const char *path;
		enum fd_class cls;
		int proto;
	} files[] = {
		{ "net/tcp", FD_CLASS_INET, IPPROTO_TCP },   { "net/tcp6", FD_CLASS_INET6, IPPROTO_TCP },
		{ "net/udp", FD_CLASS_INET, IPPROTO_UDP },   { "net/udp6", FD_CLASS_INET6, IPPROTO_UDP },
		{ "net/raw", FD_CLASS_INET, IPPROTO_RAW },   { "net/raw6", FD_CLASS_INET6, IPPROTO_RAW },
		{ "net/unix", FD_CLASS_UNIX, 0 },	     { "net/netlink", FD_CLASS_NETLINK, 0 },
	};
	struct sock_table *t = xcalloc(1, sizeof(*t));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		load_file(t, procdir, files[i].path, files[i].cls, files[i].proto);
	table_index(t);
	/* sock_diag speaks for our own namespace only. */
	if (own_netns)
		sockdiag_unix_dump(add_peer, t);
	return t;
}

static bool netns_of(int dirfd, const char *path, unsigned long long *ino)
{
	char link[64];
	ssize_t n = readlinkat(dirfd, path, link, sizeof(link) - 1);

	if (n < 0)
		return false;
	link[n] = '\0';
	return sscanf(link, "net:[%llu]", ino) == 1;
}

struct sock_cache *sock_cache_new(void)
{
	struct sock_cache *c = xcalloc(1, sizeof(*c));

	c->self_known = netns_of(AT_FDCWD, "/proc/self/ns/net", &c->self_netns);
	return c;
}

void sock_cache_free(struct sock_cache *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		struct sock_table *t = c->t[i];

		for (j = 0; j < t->n; j++)
			sock_info_release(&t->v[j]);
		free(t->v);
		free(t->by_ino);
		free(t->by_local);
		free(t->next_local);
		free(t);
	}
	free(c->t);
	free(c);
}

static struct sock_table *table_for(struct sock_cache *c, pid_t pid, int procdir)
{
	unsigned long long netns = 0;
	struct sock_table *t;
	pid_t key = pid;
	size_t i;

	/* A process's sockets are looked up one after another: its namespace
	 * is read once. */
	if (c->last && c->last_pid == pid)
		return c->last;
	/* An unknown namespace (link not readable) gets a table of its own,
	 * keyed by pid; known ones are shared. */
	if (netns_of(procdir, "ns/net", &netns))
		key = 0;
	for (i = 0; i < c->n; i++) {
		if (c->t[i]->netns == netns && c->t[i]->pid == key)
			goto found;
	}
	t = table_load(procdir, netns && c->self_known && netns == c->self_netns);
	t->netns = netns;
	t->pid = key;
	c->t = xrealloc(c->t, (c->n + 1) * sizeof(*c->t));
	c->t[c->n++] = t;
found:
	c->last = c->t[i];
	c->last_pid = pid;
	return c->last;
}

const struct sock_info *sock_cache_lookup(struct sock_cache *c, pid_t pid, int procdir,
					  unsigned long long ino)
{
	return table_find(table_for(c, pid, procdir), ino);
}

const struct sock_info *sock_cache_inet_peer(struct sock_cache *c, pid_t pid, int procdir,
					     const struct sock_info *si)
{
	struct sock_table *t = table_for(c, pid, procdir);
	unsigned i;

	if (!t->nslots || (si->cls != FD_CLASS_INET && si->cls != FD_CLASS_INET6) || !si->rport)
		return NULL;
	for (i = t->by_local[local_hash(si, true) & (t->nslots - 1)]; i; i = t->next_local[i - 1]) {
		const struct sock_info *p = &t->v[i - 1];

		if (p != si && p->cls == si->cls && p->proto == si->proto && p->lport == si->rport &&
		    p->rport == si->lport && !memcmp(p->laddr, si->raddr, 16) &&
		    !memcmp(p->raddr, si->laddr, 16))
			return p;
	}
	return NULL;
}
