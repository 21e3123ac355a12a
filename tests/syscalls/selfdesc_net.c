/* selfdesc_net.c: socket syscalls describing their own trace lines.
 * trace: socket,bind,getsockname,connect,close
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* 127.0.0.1:port as strace prints a sockaddr_in: -X raw shows the port and
 * address bytes as strings, -X verbose those strings with comments. */
static const char *inet_lo(unsigned port)
{
	const char *bytes = st_fmt("\"\\x%02x\\x%02x\"", port >> 8, port & 255);
	const char *addr = "\"\\x7f\\x00\\x00\\x01\"";

	if (st_xstyle == ST_RAW)
		return st_fmt("{sa_family=0x2, sin_port=%s, sin_addr=%s}", bytes, addr);
	if (st_xstyle == ST_VERBOSE)
		return st_fmt("{sa_family=0x2 /* AF_INET */, sin_port=%s /* htons(%u) */, "
			      "sin_addr=%s /* inet_addr(\"127.0.0.1\") */}", bytes, port, addr);
	return st_fmt("{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"127.0.0.1\")}",
		      port);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s;
	long r;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	st_begin(argc, argv);

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	want(ret(s), "socket(%s, %s, %s)", named("0x2", "AF_INET"),
	     X("SOCK_DGRAM|SOCK_CLOEXEC", "0x2|0x80000", "0x2 /* SOCK_DGRAM */|0x80000 /* SOCK_CLOEXEC */"),
	     named("0", "IPPROTO_IP"));
	r = bind(s, (struct sockaddr *)&a, sizeof(a));
	want(ret(r), "bind(%d, %s, 16)", s, inet_lo(0));
	r = getsockname(s, (struct sockaddr *)&a, &len);
	want(ret(r), "getsockname(%d, %s, [16])", s, inet_lo(ntohs(a.sin_port)));
	r = connect(s, BADPTR, 16);
	want(err(errno), "connect(%d, %p, 16)", s, BADPTR);
	r = socket(AF_INET, 12345, 0);
	want(err(errno), "socket(%s, %s, %s)", named("0x2", "AF_INET"),
	     st_xstyle == ST_RAW ? "0x3039" : "0x3039 /* SOCK_??? */", named("0", "IPPROTO_IP"));
	r = close(s);
	want(ret(r), "close(%d)", s);
	return 0;
}
