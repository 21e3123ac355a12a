/* selfdesc_net.c: socket syscalls describing their own trace lines.
 * trace: socket,bind,getsockname,connect,close,setsockopt
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -xx
 */
#include "selftest.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

static bool st_xx;
static unsigned lo; /* if_nametoindex("lo"), looked up before the marker */

/* A formatted piece that must outlive the ring of st_buf(). */
static const char *keep(const char *s)
{
	return strdup(s);
}

/* Bytes as strace's -X raw shows a network-order field: "\x00\x50". */
static const char *hexbytes(const void *p, size_t n)
{
	char *b = st_buf(), *w = b;
	size_t i;

	*w++ = '"';
	for (i = 0; i < n; i++)
		w += sprintf(w, "\\x%02x", ((const unsigned char *)p)[i]);
	strcpy(w, "\"");
	return b;
}

/* A string inside a decoded value (inet_addr("..."), if_nametoindex("lo")):
 * quoted as any string, so -xx shows it in hex too. */
static const char *q(const char *s)
{
	return st_xx ? hexbytes(s, strlen(s)) : st_fmt("\"%s\"", s);
}

/* A field strace decodes ("htons(80)"), shows as bytes under -X raw, both
 * under -X verbose. */
static const char *netf(const void *p, size_t n, const char *decoded)
{
	return X(decoded, hexbytes(p, n), st_fmt("%s /* %s */", hexbytes(p, n), decoded));
}

/* 127.0.0.1:port as strace prints a sockaddr_in. */
static const char *inet_lo(unsigned port)
{
	struct sockaddr_in a = { .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return st_fmt("{sa_family=%s, sin_port=%s, sin_addr=%s}", named("0x2", "AF_INET"),
		      netf(&a.sin_port, 2, st_fmt("htons(%u)", port)),
		      netf(&a.sin_addr, 4, st_fmt("inet_addr(%s)", q("127.0.0.1"))));
}

static void sockaddrs(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(8080) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(80),
				   .sin6_flowinfo = htonl(5), .sin6_scope_id = 3 };
	struct sockaddr_in6 ll6 = { .sin6_family = AF_INET6, .sin6_port = htons(80) };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/tmp/sock" };
	struct sockaddr_un abs = { .sun_family = AF_UNIX, .sun_path = "\0ab\0c" };
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = 7, .nl_groups = 0x10 };
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_hatype = 772, .sll_pkttype = PACKET_OUTGOING,
				  .sll_halen = 10, .sll_addr = { 1, 2, 3, 4, 5, 6, 7, 0xab } };
	unsigned char unk[16] = { 0x99, 0, 'a', 'b', 0, 1, 2 };
	const char *a6addr, *scope, *fam;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	inet_pton(AF_INET6, "::1", &a6.sin6_addr);
	inet_pton(AF_INET6, "fe80::1", &ll6.sin6_addr);
	ll6.sin6_scope_id = lo;

	/* Shorter than a sockaddr_in: the bytes after the family, as a string. */
	connect(-1, (void *)&a, 8);
	want(err(errno), "connect(-1, {sa_family=%s, sa_data=%s}, 8)", named("0x2", "AF_INET"),
	     st_xx ? "\"\\x1f\\x90\\x7f\\x00\\x00\\x01\"" : "\"\\37\\220\\177\\0\\0\\1\"");
	connect(-1, (void *)&a, 2);
	want(err(errno), "connect(-1, {sa_family=%s}, 2)", named("0x2", "AF_INET"));
	connect(-1, (void *)&a, 1);
	want(err(errno), "connect(-1, %p, 1)", (void *)&a);

	a6addr = keep(X(st_fmt("inet_pton(AF_INET6, %s, &sin6_addr)", q("::1")),
		   st_fmt("sin6_addr=%s", hexbytes(&a6.sin6_addr, 16)),
		   st_fmt("sin6_addr=%s /* inet_pton(AF_INET6, \"::1\") */",
			  hexbytes(&a6.sin6_addr, 16))));
	fam = keep(named("0xa", "AF_INET6"));
	connect(-1, (void *)&a6, sizeof(a6));
	want(err(errno), "connect(-1, {sa_family=%s, sin6_port=%s, sin6_flowinfo=%s, %s, "
	     "sin6_scope_id=3}, 28)", fam, netf(&a6.sin6_port, 2, "htons(80)"),
	     netf(&a6.sin6_flowinfo, 4, "htonl(5)"), a6addr);
	connect(-1, (void *)&a6, 24);
	want(err(errno), "connect(-1, {sa_family=%s, sin6_port=%s, sin6_flowinfo=%s, %s}, 24)",
	     fam, netf(&a6.sin6_port, 2, "htons(80)"), netf(&a6.sin6_flowinfo, 4, "htonl(5)"),
	     a6addr);
	/* A link-local address names its interface. */
	scope = lo ? keep(X(st_fmt("if_nametoindex(%s)", q("lo")), st_fmt("%u", lo),
			    st_fmt("%u /* if_nametoindex(\"lo\") */", lo))) : "0";
	connect(-1, (void *)&ll6, sizeof(ll6));
	want(err(errno), "connect(-1, {sa_family=%s, sin6_port=%s, sin6_flowinfo=%s, %s, "
	     "sin6_scope_id=%s}, 28)", fam, netf(&ll6.sin6_port, 2, "htons(80)"),
	     netf(&ll6.sin6_flowinfo, 4, "htonl(0)"),
	     X(st_fmt("inet_pton(AF_INET6, %s, &sin6_addr)", q("fe80::1")),
	       st_fmt("sin6_addr=%s", hexbytes(&ll6.sin6_addr, 16)),
	       st_fmt("sin6_addr=%s /* inet_pton(AF_INET6, \"fe80::1\") */",
		      hexbytes(&ll6.sin6_addr, 16))), scope);

	fam = named("0x1", "AF_UNIX");
	connect(-1, (void *)&un, sizeof(un));
	want(err(errno), "connect(-1, {sa_family=%s, sun_path=%s}, 110)", fam, q("/tmp/sock"));
	/* An abstract name is shown in full, NULs and all. */
	connect(-1, (void *)&abs, 8);
	want(err(errno), "connect(-1, {sa_family=%s, sun_path=@%s}, 8)", fam,
	     st_xx ? "\"\\x61\\x62\\x00\\x63\\x00\"" : "\"ab\\0c\\0\"");

	fam = named("0x10", "AF_NETLINK");
	connect(-1, (void *)&nl, sizeof(nl));
	want(err(errno), "connect(-1, {sa_family=%s, nl_pid=7, nl_groups=0x000010}, 12)", fam);
	nl.nl_groups = 0;
	connect(-1, (void *)&nl, sizeof(nl));
	want(err(errno), "connect(-1, {sa_family=%s, nl_pid=7, nl_groups=00000000}, 12)", fam);

	/* sll_addr goes as far as the length, past its 8 bytes. */
	connect(-1, (void *)&ll, sizeof(ll));
	want(err(errno), "connect(-1, {sa_family=%s, sll_protocol=%s, sll_ifindex=0, "
	     "sll_hatype=%s, sll_pkttype=%s, sll_halen=10, "
	     "sll_addr=[0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0xab, ...]}, 20)",
	     named("0x11", "AF_PACKET"), netf(&ll.sll_protocol, 2, "htons(ETH_P_IP)"),
	     named("0x304", "ARPHRD_LOOPBACK"), named("0x4", "PACKET_OUTGOING"));

	connect(-1, (void *)unk, 7);
	want(err(errno), "connect(-1, {sa_family=%s, sa_data=%s}, 7)",
	     st_xstyle == ST_RAW ? "0x99" : "0x99 /* AF_??? */",
	     st_xx ? "\"\\x61\\x62\\x00\\x01\\x02\"" : "\"ab\\0\\1\\2\"");
}

static void sockets(void)
{
	const char *inet = named("0x2", "AF_INET");

	/* An unknown type leaves every bit to the flags. */
	socket(AF_INET, 12 | SOCK_CLOEXEC, 0);
	want(err(errno), "socket(%s, %s, %s)", inet,
	     X("SOCK_CLOEXEC|0xc", "0x8000c", "0x8000c /* SOCK_CLOEXEC|0xc */"),
	     named("0", "IPPROTO_IP"));
	socket(AF_INET, SOCK_STREAM | 0x100, 0);
	want(err(errno), "socket(%s, %s, %s)", inet,
	     X("SOCK_STREAM|0x100 /* SOCK_??? */", "0x1|0x100",
	       "0x1 /* SOCK_STREAM */|0x100 /* SOCK_??? */"), named("0", "IPPROTO_IP"));
	socket(AF_INET, SOCK_STREAM, -1);
	want(err(errno), "socket(%s, %s, %s)", inet, named("0x1", "SOCK_STREAM"),
	     st_xstyle == ST_RAW ? "0xffffffff" : "0xffffffff /* IPPROTO_??? */");
	/* A family with no protocol table: the protocol as unsigned. */
	socket(AF_UNIX, SOCK_DGRAM, -1);
	want(err(errno), "socket(%s, %s, 4294967295)", named("0x1", "AF_UNIX"),
	     named("0x2", "SOCK_DGRAM"));
	socket(AF_NETLINK, SOCK_RAW, 99);
	want(err(errno), "socket(%s, %s, %s)", named("0x10", "AF_NETLINK"),
	     named("0x3", "SOCK_RAW"), st_xstyle == ST_RAW ? "0x63" : "0x63 /* NETLINK_??? */");
	/* AF_PACKET's protocol is in network order; type 99 makes it fail. */
	socket(AF_PACKET, 99, htons(ETH_P_IP));
	want(err(errno), "socket(%s, %s, htons(%s))", named("0x11", "AF_PACKET"),
	     X("SOCK_RAW|0x60 /* SOCK_??? */", "0x3|0x60", "0x3 /* SOCK_RAW */|0x60 /* SOCK_??? */"),
	     named("0x800", "ETH_P_IP"));
	socket(AF_PACKET, 99, htons(0x1234));
	want(err(errno), "socket(%s, %s, htons(%s))", named("0x11", "AF_PACKET"),
	     X("SOCK_RAW|0x60 /* SOCK_??? */", "0x3|0x60", "0x3 /* SOCK_RAW */|0x60 /* SOCK_??? */"),
	     st_xstyle == ST_RAW ? "0x1234" : "0x1234 /* ETH_P_??? */");
	socket(AF_BLUETOOTH, 99, 1);
	want(err(errno), "socket(%s, %s, %s)", named("0x1f", "AF_BLUETOOTH"),
	     X("SOCK_RAW|0x60 /* SOCK_??? */", "0x3|0x60", "0x3 /* SOCK_RAW */|0x60 /* SOCK_??? */"),
	     named("0x1", "BTPROTO_HCI"));
}

static void sockopts(void)
{
	int one = 1;

	setsockopt(-1, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, %s, [1], 4)", named("0x29", "SOL_IPV6"),
	     named("0x1a", "IPV6_V6ONLY"));
	setsockopt(-1, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, %s, [1], 4)", named("0x10e", "SOL_NETLINK"),
	     named("0xb", "NETLINK_EXT_ACK"));
	/* strace names AF_VSOCK's options with the family as the level. */
	setsockopt(-1, AF_VSOCK, 0, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, %s, [1], 4)", named("0x28", "AF_VSOCK"),
	     named("0", "SO_VM_SOCKETS_BUFFER_SIZE"));
	setsockopt(-1, SOL_SOCKET, 99, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, %s, [1], 4)", named("0x1", "SOL_SOCKET"),
	     st_xstyle == ST_RAW ? "0x63" : "0x63 /* SO_??? */");
	/* An unknown level: "SOL_??" (two), the option as a number. */
	setsockopt(-1, 299, 7, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, 7, [1], 4)",
	     st_xstyle == ST_RAW ? "0x12b" : "0x12b /* SOL_?? */");
	/* A struct option given an int's length: its address, not [1]. */
	setsockopt(-1, SOL_SOCKET, SO_LINGER, &one, sizeof(one));
	want(err(errno), "setsockopt(-1, %s, %s, %p, 4)", named("0x1", "SOL_SOCKET"),
	     named("0xd", "SO_LINGER"), (void *)&one);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s, i;
	long r;

	for (i = 1; i < argc; i++)
		st_xx |= !strcmp(argv[i], "-xx");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lo = if_nametoindex("lo");
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
	sockaddrs();
	sockets();
	sockopts();
	return 0;
}
