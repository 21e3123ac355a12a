/* selfdesc_net_dump.c: the socket calls that -e read=/write= dump, and
 * writes that fail or write less than asked, describing their own trace
 * lines; t2004 runs it under strace and procscope with -e read=/write= and
 * compares the dumps (a vector's messages, buffers cut at what was moved,
 * more iovecs than -s, a write dumped as asked).
 * trace: sendto,recvfrom,sendmsg,recvmsg,sendmmsg,recvmmsg,write
 * run:
 * run: -s 4
 * run: -v
 */
#include "selftest.h"

#include <sys/socket.h>
#include <sys/uio.h>

#define NIOV 40

/* {iov_base="...", iov_len=N} showing n bytes of s. */
static const char *iov1(const char *s, size_t n, size_t len)
{
	return st_fmt("{iov_base=%s, iov_len=%zu}", qstr(s, n, false), len);
}

/* The NIOV three-byte iovecs "00\n", "01\n", ...: the first -s (all under -v). */
static const char *many(char names[NIOV][4])
{
	static char line[8192];
	unsigned i, shown = st_verbose || st_strsize > NIOV ? NIOV : st_strsize;
	char *w = line;

	for (i = 0; i < shown; i++)
		w += sprintf(w, "%s%s", i ? ", " : "", iov1(names[i], 3, 3));
	if (shown < NIOV)
		sprintf(w, ", ...");
	return line;
}

/* A msghdr with no name and no control data (longer than st_fmt's ring). */
static const char *hdr(const char *iov, size_t n, const char *flags)
{
	static char ring[2][4096];
	static unsigned next;
	char *b = ring[next++ % 2];

	snprintf(b, sizeof(ring[0]), "{msg_name=NULL, msg_namelen=0, msg_iov=[%s], "
		 "msg_iovlen=%zu, msg_controllen=0, msg_flags=%s}", iov, n, flags);
	return b;
}

static void msgs(int s0, int s1)
{
	static char names[NIOV][4];
	char rb[64] = "";
	struct iovec v[NIOV], rv[3] = { { rb, 4 }, { rb + 4, 0 }, { rb + 10, 20 } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = NIOV };
	struct mmsghdr mm[2];
	unsigned i;
	long r;

	for (i = 0; i < NIOV; i++) {
		snprintf(names[i], sizeof(names[i]), "%02u\n", i);
		v[i].iov_base = names[i];
		v[i].iov_len = 3;
	}
	r = sendmsg(s0, &m, 0);
	want(ret(r), "sendmsg(%d, %s, 0)", s0, hdr(many(names), NIOV, "0"));
	/* 24 of the 120 bytes: 4 in the first buffer, then an empty one,
	 * where strace's dump stops. */
	m.msg_iov = rv;
	m.msg_iovlen = 3;
	r = recvmsg(s1, &m, 0);
	want(ret(r), "recvmsg(%d, %s, 0)", s1,
	     hdr(st_fmt("%s, %s, %s", iov1("00\n0", 4, 4), iov1("", 0, 0),
			iov1("1\n02\n03\n04\n05\n06\n07\n", 20, 20)), 3,
		 named("0x20", "MSG_TRUNC")));

	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = v;
	mm[0].msg_hdr.msg_iovlen = 2;
	mm[1].msg_hdr.msg_iov = v + 5;
	mm[1].msg_hdr.msg_iovlen = 1;
	r = sendmmsg(s0, mm, 2, 0);
	want(ret(r), "sendmmsg(%d, [{msg_hdr=%s, msg_len=6}, {msg_hdr=%s, msg_len=3}], 2, 0)", s0,
	     hdr(st_fmt("%s, %s", iov1("00\n", 3, 3), iov1("01\n", 3, 3)), 2, "0"),
	     hdr(iov1("05\n", 3, 3), 1, "0"));
	mm[0].msg_hdr.msg_iov = rv;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = rv + 2;
	mm[1].msg_hdr.msg_iovlen = 1;
	r = recvmmsg(s1, mm, 2, MSG_DONTWAIT, NULL);
	want(ret(r), "recvmmsg(%d, [{msg_hdr=%s, msg_len=4}, {msg_hdr=%s, msg_len=3}], 2, %s, NULL)",
	     s1, hdr(iov1("00\n0", 4, 4), 1, named("0x20", "MSG_TRUNC")),
	     hdr(iov1("05\n", 3, 20), 1, "0"), named("0x40", "MSG_DONTWAIT"));
	r = recvmsg(s1, &m, MSG_DONTWAIT);
	want(err(errno), "recvmsg(%d, {msg_namelen=0}, %s)", s1, named("0x40", "MSG_DONTWAIT"));
}

/* A pipe of one page: a write of more is cut (strace dumps all it was
 * asked to write), a write into the full pipe fails (dumped too). */
static void writes(void)
{
	static char big[4200];
	int p[2];
	long r;

	if (pipe2(p, O_NONBLOCK) || fcntl(p[1], F_SETPIPE_SZ, 4096) != 4096)
		exit(1);
	memset(big, 'x', sizeof(big));
	memcpy(big + sizeof(big) - 7, "the end", 7); /* past what fits */
	r = write(p[1], big, sizeof(big));
	want(ret(r), "write(%d, %s, %zu)", p[1], qstr(big, sizeof(big), false), sizeof(big));
	r = write(p[1], "more", 4);
	want(err(errno), "write(%d, %s, 4)", p[1], qstr("more", 4, false));
	r = syscall(SYS_write, p[1], BADPTR, 4);
	want(err(errno), "write(%d, %p, 4)", p[1], BADPTR);
}

int main(int argc, char **argv)
{
	static char out[1 << 16];
	struct iovec ov = { out, 0 };
	char rb[32];
	int sv[2];
	long r;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return 1;
	st_begin(argc, argv);
	/* write(2) is traced: the description leaves by writev(2) instead. */
	stdout = fmemopen(out, sizeof(out), "w");
	if (!stdout)
		return 1;

	r = sendto(sv[0], "hello world", 11, 0, NULL, 0);
	want(ret(r), "sendto(%d, %s, 11, 0, NULL, 0)", sv[0], qstr("hello world", 11, false));
	r = recvfrom(sv[1], rb, sizeof(rb), 0, NULL, NULL);
	want(ret(r), "recvfrom(%d, %s, 32, 0, NULL, NULL)", sv[1], qstr("hello world", 11, false));
	r = recvfrom(sv[1], rb, sizeof(rb), MSG_DONTWAIT, NULL, NULL);
	want(err(errno), "recvfrom(%d, %p, 32, %s, NULL, NULL)", sv[1], (void *)rb,
	     named("0x40", "MSG_DONTWAIT"));
	/* A send that fails: its bytes are dumped all the same. */
	r = sendto(sv[0], "to nowhere", 10, 0, BADPTR, 16);
	want(err(errno), "sendto(%d, %s, 10, 0, %p, 16)", sv[0], qstr("to nowhere", 10, false),
	     BADPTR);
	msgs(sv[0], sv[1]);
	writes();
	fflush(stdout);
	ov.iov_len = (size_t)ftell(stdout);
	return writev(1, &ov, 1) == (ssize_t)ov.iov_len ? 0 : 1;
}
