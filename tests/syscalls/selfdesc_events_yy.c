/* selfdesc_events_yy.c: the fds inside poll's array, select's sets and
 * epoll_ctl's arguments under -y and -yy, describing their own lines: each
 * fd with what it refers to at entry (an eventfd, a pipe, a deleted file),
 * a closed one bare; what the kernel wrote back at exit stays bare.
 * trace: poll,ppoll,select,pselect6,epoll_ctl
 * run:
 * run: -y
 * run: -yy
 * run: -yy -X raw
 */
#include "selftest.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static int st_y; /* 1: -y, 2: -yy */
static int efd, pf[2], del, ep;
static char path[64];

static unsigned long ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (unsigned long)st.st_ino;
}

/* fd as -y/-yy shows it at entry. */
static const char *fd(int n)
{
	if (!st_y)
		return st_fmt("%d", n);
	if (n == efd)
		return st_fmt("%d<anon_inode:[eventfd]>", n);
	if (n == ep)
		return st_fmt("%d<anon_inode:[eventpoll]>", n);
	if (n == pf[0] || n == pf[1])
		return st_fmt("%d<pipe:[%lu]>", n, ino(n));
	if (n == del)
		return st_fmt("%d<%s>(deleted)", n, path);
	return st_fmt("%d", n);
}

static const char *ev(const char *names, const char *num)
{
	return X(names, num, st_fmt("%s /* %s */", num, names));
}

int main(int argc, char **argv)
{
	struct pollfd p[4];
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = 7 };
	struct timespec ts = { 0, 0 };
	struct timeval tv = { 0, 0 };
	fd_set r, w;
	long res;
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "-yy"))
			st_y = argv[i][2] ? 2 : 1;
	i = (int)st_begin(argc, argv);
	efd = eventfd(0, 0);
	if (pipe(pf))
		return 1;
	snprintf(path, sizeof(path), "/tmp/procscope-selfdesc-%d-ev", i);
	del = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink(path);
	ep = epoll_create1(0);

	p[0] = (struct pollfd){ efd, POLLOUT, 0 };
	p[1] = (struct pollfd){ -1, POLLIN, 0 };
	p[2] = (struct pollfd){ pf[0], POLLIN, 0 };
	p[3] = (struct pollfd){ del, POLLIN, 0 };
	res = poll(p, 4, 0);
	want(st_fmt("%ld ([{fd=%d, revents=%s}, {fd=%d, revents=%s}])", res, efd,
		    ev("POLLOUT", "0x4"), del, ev("POLLIN", "0x1")),
	     "poll([{fd=%s, events=%s}, {fd=-1}, {fd=%s, events=%s}, {fd=%s, events=%s}], 4, 0)",
	     fd(efd), ev("POLLOUT", "0x4"), fd(pf[0]), ev("POLLIN", "0x1"), fd(del),
	     ev("POLLIN", "0x1"));
	/* A closed fd: no description. */
	p[1] = (struct pollfd){ 99, POLLIN, 0 };
	res = ppoll(p + 1, 2, &ts, NULL);
	want(st_fmt("%ld ([{fd=99, revents=%s}], left {tv_sec=0, tv_nsec=0})", res,
		    ev("POLLNVAL", "0x20")),
	     "ppoll([{fd=99, events=%s}, {fd=%s, events=%s}], 2, {tv_sec=0, tv_nsec=0}, NULL, 8)",
	     ev("POLLIN", "0x1"), fd(pf[0]), ev("POLLIN", "0x1"));

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(pf[0], &r);
	FD_SET(efd, &r);
	FD_SET(pf[1], &w);
	FD_SET(efd, &w);
	res = syscall(SYS_select, pf[1] + 1, &r, &w, NULL, &tv);
	want(st_fmt("%ld (out [%d %d], left {tv_sec=0, tv_usec=0})", res, efd, pf[1]),
	     "select(%d, [%s %s], [%s %s], NULL, {tv_sec=0, tv_usec=0})", pf[1] + 1,
	     fd(efd), fd(pf[0]), fd(efd), fd(pf[1]));
	FD_ZERO(&r);
	FD_SET(del, &r);
	FD_SET(40, &r);
	res = syscall(SYS_pselect6, 41, &r, NULL, NULL, &ts, NULL);
	want(err(errno), "pselect6(41, [%s 40], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL)",
	     fd(del));

	res = epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e);
	want(ret(res), "epoll_ctl(%s, %s, %s, {events=%s, data={u32=7, u64=7}})", fd(ep),
	     named("0x1", "EPOLL_CTL_ADD"), fd(efd), ev("EPOLLIN", "0x1"));
	res = epoll_ctl(ep, EPOLL_CTL_DEL, 77, NULL);
	want(err(errno), "epoll_ctl(%s, %s, 77, NULL)", fd(ep), named("0x2", "EPOLL_CTL_DEL"));
	return 0;
}
