/* fdclass.c: the fd classifier (a pure function of stat mode and link
 * text, like lsfd's stat2class) and the per-class fd counts for `show`. */
#include "procfs/fdclass.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* "/proc/PID/fd/NAME" with any d_name (up to 255 bytes) */
#define PATH_MAX_PROC 300

static const char *const class_names[FD_CLASS__COUNT] = {
	[FD_CLASS_UNKNOWN] = "unknown",	    [FD_CLASS_REGULAR] = "regular",
	[FD_CLASS_DIR] = "dir",		    [FD_CLASS_CHR] = "chr",
	[FD_CLASS_BLK] = "blk",		    [FD_CLASS_PIPE] = "pipe",
	[FD_CLASS_FIFO] = "fifo",	    [FD_CLASS_SOCKET] = "socket",
	[FD_CLASS_UNIX] = "unix",	    [FD_CLASS_INET] = "inet",
	[FD_CLASS_INET6] = "inet6",	    [FD_CLASS_NETLINK] = "netlink",
	[FD_CLASS_EVENTPOLL] = "eventpoll", [FD_CLASS_INOTIFY] = "inotify",
	[FD_CLASS_EVENTFD] = "eventfd",	    [FD_CLASS_TIMERFD] = "timerfd",
	[FD_CLASS_SIGNALFD] = "signalfd",   [FD_CLASS_PIDFD] = "pidfd",
	[FD_CLASS_MEMFD] = "memfd",	    [FD_CLASS_NAMESPACE] = "namespace",
	[FD_CLASS_OTHER] = "other",
};

const char *fd_class_name(enum fd_class c)
{
	if ((unsigned)c >= FD_CLASS__COUNT)
		return "unknown";
	return class_names[c];
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* "net:[4026531833]": a namespace file's link is its type and inode. */
static bool is_namespace_link(const char *link)
{
	static const char *const types[] = { "cgroup", "ipc",  "mnt",  "net",
					     "pid",    "time", "user", "uts" };
	const char *colon = strchr(link, ':');
	size_t i, n;

	if (!colon || colon[1] != '[')
		return false;
	n = colon - link;
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (strlen(types[i]) == n && !strncmp(link, types[i], n))
			return true;
	}
	return false;
}

static enum fd_class classify_anon(const char *name)
{
	static const struct {
		const char *name;
		enum fd_class cls;
	} anon[] = {
		{ "[eventpoll]", FD_CLASS_EVENTPOLL }, { "inotify", FD_CLASS_INOTIFY },
		{ "[eventfd]", FD_CLASS_EVENTFD },     { "[timerfd]", FD_CLASS_TIMERFD },
		{ "[signalfd]", FD_CLASS_SIGNALFD },   { "[pidfd]", FD_CLASS_PIDFD },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(anon); i++) {
		if (!strcmp(name, anon[i].name))
			return anon[i].cls;
	}
	return FD_CLASS_OTHER;
}

enum fd_class fd_classify(unsigned mode, const char *link)
{
	/* The link text decides for the pseudo filesystems, whose stat modes
	 * say little (anon inodes have no type bits at all). */
	if (link) {
		if (starts_with(link, "socket:["))
			return FD_CLASS_SOCKET;
		if (starts_with(link, "pipe:["))
			return FD_CLASS_PIPE;
		if (starts_with(link, "anon_inode:"))
			return classify_anon(link + strlen("anon_inode:"));
		if (starts_with(link, "pidfd:"))
			return FD_CLASS_PIDFD;
	}
	switch (mode & S_IFMT) {
	case S_IFSOCK:
		return FD_CLASS_SOCKET;
	case S_IFIFO:
		return FD_CLASS_FIFO;
	case S_IFDIR:
		return FD_CLASS_DIR;
	case S_IFCHR:
		return FD_CLASS_CHR;
	case S_IFBLK:
		return FD_CLASS_BLK;
	case S_IFREG:
		if (link && starts_with(link, "/memfd:"))
			return FD_CLASS_MEMFD;
		if (link && is_namespace_link(link))
			return FD_CLASS_NAMESPACE;
		return FD_CLASS_REGULAR;
	case 0:
		/* No stat: an anon inode without a known link, or unreadable. */
		return link ? FD_CLASS_OTHER : FD_CLASS_UNKNOWN;
	default:
		return FD_CLASS_OTHER;
	}
}

enum fd_class fd_classify_socket(const char *protoname)
{
	/* The kernel names the IPv6 variants of inet protocols "TCPv6", "UDPv6",
	 * "RAWv6", "PINGv6", "UDPLITEv6", "DCCPv6", "SCTPv6", "MPTCPv6". */
	static const char *const inet[] = { "TCP",  "UDP",  "RAW",  "PING",   "UDPLITE",
					    "DCCP", "SCTP", "MPTCP", "L2TP/IP" };
	size_t i, n, m;

	if (!protoname || !*protoname)
		return FD_CLASS_SOCKET;
	if (starts_with(protoname, "UNIX"))
		return FD_CLASS_UNIX;
	if (!strcmp(protoname, "NETLINK"))
		return FD_CLASS_NETLINK;
	n = strlen(protoname);
	for (i = 0; i < ARRAY_SIZE(inet); i++) {
		m = strlen(inet[i]);

		if (n == m && !strcmp(protoname, inet[i]))
			return FD_CLASS_INET;
		if (n == m + 2 && !strncmp(protoname, inet[i], m) && !strcmp(protoname + m, "v6"))
			return FD_CLASS_INET6;
	}
	return FD_CLASS_SOCKET;
}

int fd_count_by_class(pid_t pid, unsigned counts[FD_CLASS__COUNT])
{
	char path[PATH_MAX_PROC], link[4096], proto[64];
	struct dirent *de;
	struct stat st;
	int dfd, total = 0, err;
	DIR *dir;

	memset(counts, 0, sizeof(counts[0]) * FD_CLASS__COUNT);
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	dir = fdopendir(dfd);
	if (!dir) {
		err = -errno;
		close(dfd);
		return err;
	}
	for (;;) {
		enum fd_class c;
		ssize_t n;

		errno = 0;
		de = readdir(dir);
		if (!de)
			break;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dfd, de->d_name, link, sizeof(link) - 1);
		if (n < 0)
			continue; /* closed meanwhile */
		link[n] = '\0';
		if (fstatat(dfd, de->d_name, &st, 0) < 0)
			st.st_mode = 0;
		c = fd_classify(st.st_mode, link);
		if (c == FD_CLASS_SOCKET) {
			snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)pid, de->d_name);
			n = getxattr(path, "system.sockprotoname", proto, sizeof(proto) - 1);
			if (n > 0) {
				proto[n] = '\0';
				c = fd_classify_socket(proto);
			}
		}
		counts[c]++;
		total++;
	}
	/* readdir of a vanished process's fd dir fails with ENOENT. */
	err = errno;
	closedir(dir);
	if (err == ENOENT)
		return -ESRCH;
	return err ? -err : total;
}
