/* selfdesc_net_yy.c: what -y and -yy show for sockets in each state, the
 * program describing its own lines (each state probed with fcntl F_GETFD).
 * TCP and UDP, v4 and v6: unbound (the inode), bound, listening, connected,
 * accepted; UNIX without and with a path, abstract, pairs; netlink unbound
 * and bound. Like strace, what was once found out about a socket is what
 * is shown from then on (a bound UDP socket that connects, a TCP
 * connection whose peer closed).
 * trace: fcntl
 * run:
 * run: -y
 * run: -yy
 */
#include "selftest.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static int st_y; /* 1: -y, 2: -yy */

static unsigned long ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (unsigned long)st.st_ino;
}

/* Probe fd; text is what -yy shows inside <...>. */
static void probe(int fd, const char *text)
{
	long r = fcntl(fd, F_GETFD);

	if (st_y == 1)
		want(ret(r), "fcntl(%d<socket:[%lu]>, F_GETFD)", fd, ino(fd));
	else if (st_y == 2)
		want(ret(r), "fcntl(%d<%s>, F_GETFD)", fd, text);
	else
		want(ret(r), "fcntl(%d, F_GETFD)", fd);
}

/* "127.0.0.1:80" or "[::1]:80" of a socket's own (peer = false) or peer's address. */
static const char *addr(int fd, bool peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char buf[INET6_ADDRSTRLEN];

	if (peer ? getpeername(fd, (struct sockaddr *)&ss, &len) :
		   getsockname(fd, (struct sockaddr *)&ss, &len))
		return "?";
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
		return st_fmt("[%s]:%u", buf, ntohs(a->sin6_port));
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
		return st_fmt("%s:%u", buf, ntohs(a->sin_port));
	}
}

static const char *conn(const char *proto, int fd)
{
	return st_fmt("%s:[%s->%s]", proto, addr(fd, false), addr(fd, true));
}

static void inet(int family, const char *tcp, const char *udp)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof(*a4) : sizeof(*a6);
	char bound[64];
	int l, c, s, u, v;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET)
		a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		a6->sin6_addr = in6addr_loopback;

	l = socket(family, SOCK_STREAM, 0);
	probe(l, st_fmt("%s:[%lu]", tcp, ino(l)));
	bind(l, (struct sockaddr *)&ss, len);
	snprintf(bound, sizeof(bound), "%s:[%s]", tcp, addr(l, false));
	probe(l, bound);
	listen(l, 1);
	probe(l, bound);
	getsockname(l, (struct sockaddr *)&ss, &len);
	c = socket(family, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&ss, len);
	probe(c, conn(tcp, c));
	s = accept(l, NULL, NULL);
	probe(s, conn(tcp, s));
	/* The peer is gone: still what was found before. */
	snprintf(bound, sizeof(bound), "%s", conn(tcp, c));
	close(s);
	probe(c, bound);
	close(c);
	close(l);

	u = socket(family, SOCK_DGRAM, 0);
	probe(u, st_fmt("%s:[%lu]", udp, ino(u)));
	bind(u, (struct sockaddr *)&ss, len);
	snprintf(bound, sizeof(bound), "%s:[%s]", udp, addr(u, false));
	probe(u, bound);
	/* It connects to itself: strace has it cached as bound. */
	getsockname(u, (struct sockaddr *)&ss, &len);
	connect(u, (struct sockaddr *)&ss, len);
	probe(u, bound);
	/* Connected before it was ever looked at. */
	v = socket(family, SOCK_DGRAM, 0);
	connect(v, (struct sockaddr *)&ss, len);
	probe(v, conn(udp, v));
	close(u);
	close(v);
}

int main(int argc, char **argv)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	socklen_t len;
	int x, c, s, sp[2], n, i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "-yy"))
			st_y = argv[i][2] ? 2 : 1;
	i = (int)st_begin(argc, argv);
	snprintf(un.sun_path, sizeof(un.sun_path), "/tmp/procscope-selfdesc-%d-yy", i);
	unlink(un.sun_path);

	inet(AF_INET, "TCP", "UDP");
	inet(AF_INET6, "TCPv6", "UDPv6");

	x = socket(AF_UNIX, SOCK_STREAM, 0);
	probe(x, st_fmt("UNIX-STREAM:[%lu]", ino(x)));
	bind(x, (struct sockaddr *)&un, sizeof(un));
	probe(x, st_fmt("UNIX-STREAM:[%lu,\"%s\"]", ino(x), un.sun_path));
	listen(x, 1);
	probe(x, st_fmt("UNIX-STREAM:[%lu,\"%s\"]", ino(x), un.sun_path));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&un, sizeof(un));
	s = accept(x, NULL, NULL);
	probe(s, st_fmt("UNIX-STREAM:[%lu->%lu,\"%s\"]", ino(s), ino(c), un.sun_path));
	close(s);
	close(c);
	close(x);
	unlink(un.sun_path);

	x = socket(AF_UNIX, SOCK_DGRAM, 0);
	memcpy(un.sun_path, "\0selfdesc-yy", 12);
	bind(x, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 12);
	probe(x, st_fmt("UNIX:[%lu,@\"selfdesc-yy\"]", ino(x)));
	close(x);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
	probe(sp[0], st_fmt("UNIX-STREAM:[%lu->%lu]", ino(sp[0]), ino(sp[1])));
	close(sp[0]);
	close(sp[1]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sp);
	probe(sp[1], st_fmt("UNIX:[%lu->%lu]", ino(sp[1]), ino(sp[0])));
	close(sp[0]);
	close(sp[1]);

	n = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	probe(n, st_fmt("NETLINK:[%lu]", ino(n)));
	bind(n, (struct sockaddr *)&nl, sizeof(nl));
	len = sizeof(nl);
	getsockname(n, (struct sockaddr *)&nl, &len);
	probe(n, st_fmt("NETLINK:[ROUTE:%u]", nl.nl_pid));
	close(n);
	return 0;
}
