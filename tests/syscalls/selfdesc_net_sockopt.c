/* selfdesc_net_sockopt.c: socket option values describing their own lines:
 * struct linger and struct ucred (whole, cut short), struct ip_mreq(n),
 * int options at other lengths, strings (TCP_CONGESTION, SO_BINDTODEVICE),
 * the other values as the bytes they are (SO_RCVTIMEO's timeval: strace 6.1
 * does not decode it), bad pointers, and outside -e verbose= the addresses.
 * trace: setsockopt,getsockopt
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -s 4
 * run: -e verbose=none
 */
#include "selftest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

static bool st_unverbose; /* -e verbose=none */

/* Bytes as strace quotes them (octal escapes, three digits before a digit),
 * or all in \x.. (hex); "..." past -s. */
static const char *bytes(const void *p, size_t n, bool hex)
{
	const unsigned char *s = p;
	char *b = st_buf(), *w = b;
	size_t i, lim = n < st_strsize ? n : st_strsize;

	*w++ = '"';
	for (i = 0; i < lim; i++) {
		unsigned char c = s[i];

		if (hex)
			w += sprintf(w, "\\x%02x", c);
		else if (c == '"' || c == '\\')
			w += sprintf(w, "\\%c", c);
		else if (c >= ' ' && c < 0x7f)
			*w++ = (char)c;
		else if (i + 1 < lim && s[i + 1] >= '0' && s[i + 1] <= '7')
			w += sprintf(w, "\\%03o", c);
		else
			w += sprintf(w, "\\%o", c);
	}
	*w++ = '"';
	*w = 0;
	if (lim < n)
		strcat(b, "...");
	return b;
}

/* The value as shown, or its address outside -e verbose=. */
static const char *val(const void *p, const char *shown)
{
	return st_unverbose ? ptr(p) : shown;
}

static const char *inet(const char *dotted, const void *p)
{
	const char *txt = st_fmt("inet_addr(\"%s\")", dotted);

	return X(txt, bytes(p, 4, true), st_fmt("%s /* %s */", bytes(p, 4, true), txt));
}

static socklen_t l;

/* A getsockopt line: outside -e verbose= its optlen, the last [...], is the
 * address too. */
static void gwant(const char *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void gwant(const char *r, const char *fmt, ...)
{
	char line[2048], *open, *close;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	open = strrchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (st_unverbose && close) {
		char tail[2048];

		snprintf(tail, sizeof(tail), "%s", close + 1);
		snprintf(open, sizeof(line) - (size_t)(open - line), "%p%s", (void *)&l, tail);
	}
	want(r, "%s", line);
}

int main(int argc, char **argv)
{
	int t, u, sp[2], one = 1, i;
	struct linger lg = { 1, 5 };
	struct ucred uc;
	struct timeval tv = { 3, 500 };
	struct ip_mreq mr;
	int64_t big = 1;
	unsigned char c = 1;
	char buf[32];
	long r;

	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-e") && !strcmp(argv[i + 1], "verbose=none"))
			st_unverbose = true;
	t = socket(AF_INET, SOCK_STREAM, 0);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
	st_begin(argc, argv);
#define SOCK named("0x1", "SOL_SOCKET")
#define SO(num, name) named(num, name)

	r = setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	want(ret(r), "setsockopt(%d, %s, %s, %s, 8)", t, SOCK, SO("0xd", "SO_LINGER"),
	     val(&lg, "{l_onoff=1, l_linger=5}"));
	r = setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, 4);
	want(err(errno), "setsockopt(%d, %s, %s, %p, 4)", t, SOCK, SO("0xd", "SO_LINGER"),
	     (void *)&lg);
	r = setsockopt(t, SOL_SOCKET, SO_LINGER, BADPTR, 8);
	want(err(errno), "setsockopt(%d, %s, %s, %p, 8)", t, SOCK, SO("0xd", "SO_LINGER"), BADPTR);
	l = sizeof(lg);
	r = getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [8])", t, SOCK, SO("0xd", "SO_LINGER"),
	     val(&lg, "{l_onoff=1, l_linger=5}"));
	l = 4;
	r = getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [4])", t, SOCK, SO("0xd", "SO_LINGER"),
	     val(&lg, "{l_onoff=1}"));
	l = 2;
	r = getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [2])", t, SOCK, SO("0xd", "SO_LINGER"),
	     val(&lg, st_fmt("{l_onoff=%s}", bytes(&lg, 2, true))));

	l = sizeof(uc);
	r = getsockopt(sp[0], SOL_SOCKET, SO_PEERCRED, &uc, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [12])", sp[0], SOCK, SO("0x11", "SO_PEERCRED"),
	     val(&uc, st_fmt("{pid=%d, uid=%u, gid=%u}", uc.pid, uc.uid, uc.gid)));
	l = 8;
	r = getsockopt(sp[0], SOL_SOCKET, SO_PEERCRED, &uc, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [8])", sp[0], SOCK, SO("0x11", "SO_PEERCRED"),
	     val(&uc, st_fmt("{pid=%d, uid=%u}", uc.pid, uc.uid)));
	l = sizeof(uc);
	r = syscall(SYS_getsockopt, sp[0], SOL_SOCKET, SO_PEERCRED, BADPTR, &l);
	gwant(err(errno), "getsockopt(%d, %s, %s, %p, [12])", sp[0], SOCK,
	     SO("0x11", "SO_PEERCRED"), BADPTR);

	/* A timeval is not decoded: its bytes. */
	r = setsockopt(t, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	want(ret(r), "setsockopt(%d, %s, %s, %s, 16)", t, SOCK, SO("0x14", "SO_RCVTIMEO_OLD"),
	     val(&tv, bytes(&tv, sizeof(tv), false)));

	r = setsockopt(t, IPPROTO_TCP, TCP_CONGESTION, "reno", 5);
	want(ret(r), "setsockopt(%d, %s, %s, %s, 5)", t, named("0x6", "SOL_TCP"),
	     SO("0xd", "TCP_CONGESTION"), val("reno", bytes("reno", 5, false)));
	memset(buf, 0, sizeof(buf));
	l = sizeof(buf);
	r = getsockopt(t, IPPROTO_TCP, TCP_CONGESTION, buf, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [32 => %u])", t, named("0x6", "SOL_TCP"),
	     SO("0xd", "TCP_CONGESTION"), val(buf, bytes(buf, l, false)), l);
	r = setsockopt(u, SOL_SOCKET, SO_BINDTODEVICE, "lo", 2);
	want(r ? err(errno) : ret(r), "setsockopt(%d, %s, %s, %s, 2)", u, SOCK,
	     SO("0x19", "SO_BINDTODEVICE"), val("lo", bytes("lo", 2, false)));

	mr.imr_multiaddr.s_addr = inet_addr("239.1.2.3");
	mr.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
	r = setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
	want(r ? err(errno) : ret(r), "setsockopt(%d, %s, %s, %s, 8)", u, named("0", "SOL_IP"),
	     SO("0x23", "IP_ADD_MEMBERSHIP"),
	     val(&mr, st_fmt("{imr_multiaddr=%s, imr_interface=%s}",
			     inet("239.1.2.3", &mr.imr_multiaddr),
			     inet("127.0.0.1", &mr.imr_interface))));
	r = setsockopt(u, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mr, 4);
	want(err(errno), "setsockopt(%d, %s, %s, %p, 4)", u, named("0", "SOL_IP"),
	     SO("0x24", "IP_DROP_MEMBERSHIP"), (void *)&mr);

	/* An int option at other lengths. */
	r = setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &big, 8);
	want(ret(r), "setsockopt(%d, %s, %s, %s, 8)", t, SOCK, SO("0x2", "SO_REUSEADDR"),
	     val(&big, "[1]"));
	r = setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, 2);
	want(err(errno), "setsockopt(%d, %s, %s, %p, 2)", t, SOCK, SO("0x2", "SO_REUSEADDR"),
	     (void *)&one);
	l = 8;
	r = getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &big, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [8 => 4])", t, SOCK, SO("0x2", "SO_REUSEADDR"),
	     val(&big, "[1]"));
	l = 2;
	r = getsockopt(t, SOL_SOCKET, SO_REUSEADDR, &big, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [2])", t, SOCK, SO("0x2", "SO_REUSEADDR"),
	     val(&big, bytes(&big, 2, true)));
	l = 2;
	r = getsockopt(t, SOL_SOCKET, SO_TYPE, &big, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [2])", t, SOCK, SO("0x3", "SO_TYPE"),
	     val(&big, bytes(&big, 2, false)));
	l = 0;
	r = getsockopt(t, SOL_SOCKET, SO_TYPE, &big, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %p, [0])", t, SOCK, SO("0x3", "SO_TYPE"),
	     (void *)&big);
	r = setsockopt(u, IPPROTO_IP, IP_MULTICAST_LOOP, &c, 1);
	want(ret(r), "setsockopt(%d, %s, %s, %s, 1)", u, named("0", "SOL_IP"),
	     SO("0x22", "IP_MULTICAST_LOOP"), val(&c, bytes(&c, 1, false)));
	l = 4;
	r = getsockopt(u, IPPROTO_IP, IP_TTL, &one, &l);
	gwant(ret(r), "getsockopt(%d, %s, %s, %s, [4])", u, named("0", "SOL_IP"),
	     SO("0x2", "IP_TTL"), val(&one, st_fmt("[%d]", one)));
	return 0;
}
