/* net_basic.c: socket syscalls for t3300-net.sh (compared against strace). */
#include "selftest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(1) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(80) };
	struct sockaddr_storage ss;
	socklen_t len;
	int sv[2], one = 1, val = 0;
	int s, t, l;
	char buf[64];

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	send(sv[0], "hello", 5, 0);
	recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
	recvfrom(sv[1], buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	shutdown(sv[0], SHUT_RDWR);

	/* abstract unix listener, accept with an address */
	l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	memcpy(un.sun_path, "\0procscope-t3300", 16);
	bind(l, (struct sockaddr *)&un, 2 + 16);
	listen(l, 4);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(s, (struct sockaddr *)&un, 2 + 16);
	len = sizeof(ss);
	t = accept4(l, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	len = sizeof(ss);
	getsockname(l, (struct sockaddr *)&ss, &len);
	len = sizeof(ss);
	getpeername(s, (struct sockaddr *)&ss, &len);
	accept(l, NULL, NULL);
	close(t);
	close(s);
	close(l);

	/* inet: loopback, a refused connect, options */
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	len = sizeof(val);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &val, &len);
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	connect(s, (struct sockaddr *)&in, sizeof(in));
	bind(s, BADPTR, sizeof(in));
	close(s);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	in.sin_port = htons(9);
	sendto(s, "datagram", 8, MSG_DONTWAIT, (struct sockaddr *)&in, sizeof(in));
	close(s);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	bind(s, (struct sockaddr *)&in6, sizeof(in6));
	len = sizeof(ss);
	getsockname(s, (struct sockaddr *)&ss, &len);
	close(s);
	s = socket(AF_NETLINK, SOCK_RAW, 0);
	close(s);
	socket(12345, SOCK_STREAM, 0);
	return 0;
}
