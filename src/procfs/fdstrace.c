/* fdstrace.c: an fd described as strace 6.1 prints it inside "3<...>"
 * with -y, -yy or --decode-fds (checked against strace -yy on each kind).
 *
 * Paths are quoted as strace quotes them: printable ASCII as is, '"' and
 * '\\' and the given extra characters escaped, \t \n \v \f \r by name, any
 * other byte in octal with as few digits as possible (three when the next
 * byte is an octal digit). A trailing " (deleted)" is not part of the
 * path: strace prints "(deleted)" after the closing '>'.
 *
 * Socket details come from sock_diag, as strace finds them (UNIX peers,
 * bound-only TCP sockets), else from the tracee's own /proc/PID/net tables.
 * Like strace, whatever was found about an inode is cached and printed
 * from then on (see cache[] below). */
#include "procfs/fdclass.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

static void strace_quote(struct strbuf *sb, const char *s, size_t n, const char *extra)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
		case '\\':
			sb_putc(sb, '\\');
			sb_putc(sb, c);
			continue;
		case '\t':
			sb_puts(sb, "\\t");
			continue;
		case '\n':
			sb_puts(sb, "\\n");
			continue;
		case '\v':
			sb_puts(sb, "\\v");
			continue;
		case '\f':
			sb_puts(sb, "\\f");
			continue;
		case '\r':
			sb_puts(sb, "\\r");
			continue;
		}
		if (c >= ' ' && c < 0x7f && !(extra && strchr(extra, c))) {
			sb_putc(sb, c);
			continue;
		}
		sb_putc(sb, '\\');
		if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
			sb_putc(sb, '0' + (c >> 6));
			sb_putc(sb, '0' + ((c >> 3) & 7));
		} else {
			if (c >> 6)
				sb_putc(sb, '0' + (c >> 6));
			if (c >> 3)
				sb_putc(sb, '0' + ((c >> 3) & 7));
		}
		sb_putc(sb, '0' + (c & 7));
	}
}

/* strace's cache of socket descriptions: whatever it once found out about
 * a socket inode (not the bare "TCP:[ino]" of a socket it found nothing
 * about) it prints from then on, for any fd of any process, even when the
 * socket has since been bound, connected or closed by its peer. Direct mapped
 * by the inode's low bits, 1024 entries, as strace's: a collision replaces
 * the older entry, and the socket is looked up again. */
#define CACHE_SIZE 1024

static struct cache_entry {
	unsigned long long ino;
	char *text;
} cache[CACHE_SIZE];

void fd_describe_cache_clear(void)
{
	size_t i;

	for (i = 0; i < CACHE_SIZE; i++) {
		free(cache[i].text);
		cache[i].text = NULL;
	}
}

static bool addr_is_zero(const unsigned char *a)
{
	static const unsigned char zero[16];

	return !memcmp(a, zero, 16);
}

/* Find inode ino in /proc/PID/<file>; 0, or -ENOENT when not listed. */
static int find_in_table(pid_t pid, const char *file, enum fd_class cls, int proto,
			 unsigned long long ino, struct sock_info *out)
{
	char path[64], line[1024];
	int ret = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid, file);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct sock_info si;
		int r;

		if (cls == FD_CLASS_UNIX)
			r = sock_parse_unix_line(line, &si);
		else if (cls == FD_CLASS_NETLINK)
			r = sock_parse_netlink_line(line, &si);
		else
			r = sock_parse_inet_line(line, cls, proto, &si);
		if (r)
			continue;
		if (si.ino == ino) {
			*out = si;
			ret = 0;
			break;
		}
		sock_info_release(&si);
	}
	fclose(f);
	return ret;
}

static void put_unix_path(struct strbuf *sb, const struct sock_info *si)
{
	const char *p = si->path;

	if (!p)
		return;
	sb_putc(sb, ',');
	if (si->abstract) {
		sb_putc(sb, '@');
		p++;
	}
	sb_putc(sb, '"');
	strace_quote(sb, p, strlen(p), NULL);
	sb_putc(sb, '"');
}

/* Append the -yy form of socket ino; returns true when something was found
 * about it (strace then caches the text). */
static bool describe_socket(pid_t pid, const char *fdpath, unsigned long long ino,
			    struct strbuf *sb)
{
	static const struct {
		const char *proto, *file;
		enum fd_class cls;
		int family, ipproto;
	} inet[] = {
		{ "TCP", "tcp", FD_CLASS_INET, AF_INET, IPPROTO_TCP },
		{ "TCPv6", "tcp6", FD_CLASS_INET6, AF_INET6, IPPROTO_TCP },
		{ "UDP", "udp", FD_CLASS_INET, AF_INET, IPPROTO_UDP },
		{ "UDPv6", "udp6", FD_CLASS_INET6, AF_INET6, IPPROTO_UDP },
	};
	/* The protocols strace 6.1 names; others print as "socket:[ino]". */
	static const char *const known[] = {
		"UNIX",	    "UNIX-STREAM", "TCP",	 "UDP",	   "UDPLITE", "DCCP",  "SCTP",
		"L2TP/IP",  "PING",	   "RAW",	 "UDPv6",  "TCPv6",   "UDPLITEv6", "DCCPv6",
		"L2TP/IPv6", "SCTPv6",	   "PINGv6",	 "RAWv6",  "NETLINK",
	};
	char proto[64];
	struct sock_info si;
	ssize_t n;
	size_t i;
	bool found = false;
	int r;

	n = getxattr(fdpath, "system.sockprotoname", proto, sizeof(proto) - 1);
	proto[n > 0 ? n : 0] = '\0';
	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if (!strcmp(proto, known[i]))
			break;
	}
	if (i == ARRAY_SIZE(known)) {
		sb_printf(sb, "socket:[%llu]", ino);
		return false;
	}
	sb_puts(sb, proto);
	sb_puts(sb, ":[");
	if (fd_classify_socket(proto) == FD_CLASS_UNIX) {
		if (!sockdiag_unix_get(ino, &si) ||
		    !find_in_table(pid, "unix", FD_CLASS_UNIX, 0, ino, &si)) {
			sb_printf(sb, "%llu", ino);
			if (si.have_peer && si.peer_ino)
				sb_printf(sb, "->%llu", si.peer_ino);
			put_unix_path(sb, &si);
			/* Neither a peer nor a name: strace found nothing. */
			found = (si.have_peer && si.peer_ino) || si.path;
			sock_info_release(&si);
			sb_putc(sb, ']');
			return found;
		}
	} else if (!strcmp(proto, "NETLINK")) {
		if (!find_in_table(pid, "netlink", FD_CLASS_NETLINK, 0, ino, &si)) {
			const char *name = sock_netlink_proto_name(si.proto);

			if (si.proto == 4)
				name = "SOCK_DIAG"; /* strace's name; lsof says INET_DIAG */
			if (name)
				sb_printf(sb, "%s:%u", name, si.portid);
			else
				sb_printf(sb, "%d", si.proto); /* strace: the number alone */
			found = true;
		}
	} else {
		for (i = 0; i < ARRAY_SIZE(inet); i++) {
			if (strcmp(proto, inet[i].proto))
				continue;
			/* inet_diag, as strace asks; the tracee's own table when
			 * sock_diag cannot answer at all. */
			r = sockdiag_inet_get(inet[i].family, inet[i].ipproto, ino, &si);
			if (r && (r == -ENOENT ||
				  find_in_table(pid, inet[i].file, inet[i].cls, inet[i].ipproto, ino, &si)))
				break;
			sock_format_inet_addr(sb, si.cls, si.laddr, si.lport);
			if (si.rport || !addr_is_zero(si.raddr)) {
				sb_puts(sb, "->");
				sock_format_inet_addr(sb, si.cls, si.raddr, si.rport);
			}
			found = true;
			break;
		}
	}
	if (!found)
		sb_printf(sb, "%llu", ino);
	sb_putc(sb, ']');
	return found;
}

/* An fd that cannot be read: say whether the fd or the whole process is gone. */
static int gone(pid_t pid, int err)
{
	char path[32];

	if (err != ENOENT)
		return -err;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	return access(path, F_OK) ? -ESRCH : -ENOENT;
}

static bool strip_deleted(char *link, size_t *n)
{
	static const char suffix[] = " (deleted)";
	size_t m = sizeof(suffix) - 1;

	if (*n > m && !memcmp(link + *n - m, suffix, m)) {
		*n -= m;
		link[*n] = '\0';
		return true;
	}
	return false;
}

static int pidfd_target(pid_t pid, int fd)
{
	char path[64];
	struct fdinfo fi;
	int dfd, r, target = -1;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	r = fdinfo_read(dfd, fd, &fi);
	if (!r && (fi.have & FDINFO_PID))
		target = fi.pid;
	fdinfo_release(&fi);
	close(dfd);
	return target;
}

int fd_describe_strace(pid_t pid, int fd, unsigned what, struct strbuf *out)
{
	char fdpath[64], link[4096];
	unsigned long long ino;
	struct stat st;
	bool deleted;
	size_t n;
	ssize_t r;

	snprintf(fdpath, sizeof(fdpath), "/proc/%d/fd/%d", (int)pid, fd);
	r = readlink(fdpath, link, sizeof(link) - 1);
	if (r < 0)
		return gone(pid, errno);
	n = (size_t)r;
	link[n] = '\0';

	if (sscanf(link, "socket:[%llu]", &ino) == 1) {
		struct cache_entry *c;
		struct strbuf tmp = STRBUF_INIT;

		if (!(what & FD_DECODE_SOCKET)) {
			if (what & FD_DECODE_PATH)
				sb_add(out, link, n);
			return 0;
		}
		c = &cache[ino % CACHE_SIZE];
		if (c->text && c->ino == ino) {
			sb_puts(out, c->text);
			return 0;
		}
		if (describe_socket(pid, fdpath, ino, &tmp)) {
			free(c->text);
			c->ino = ino;
			c->text = xstrdup(tmp.buf);
		}
		sb_add(out, tmp.buf, tmp.len);
		sb_release(&tmp);
		return 0;
	}

	if ((what & FD_DECODE_PIDFD) && fd_classify(0, link) == FD_CLASS_PIDFD) {
		int target = pidfd_target(pid, fd);

		if (target > 0) {
			sb_printf(out, "pid:%d", target);
			return 0;
		}
	}

	deleted = strip_deleted(link, &n);
	if ((what & FD_DECODE_DEV) && link[0] == '/' && !stat(fdpath, &st) &&
	    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
		strace_quote(out, link, n, "<>");
		sb_printf(out, "<%s %u:%u>", S_ISCHR(st.st_mode) ? "char" : "block",
			  major(st.st_rdev), minor(st.st_rdev));
		return deleted ? FD_DESCRIBE_DELETED : 0;
	}
	if (!(what & FD_DECODE_PATH))
		return 0;
	strace_quote(out, link, n, "<>");
	return deleted ? FD_DESCRIBE_DELETED : 0;
}
