/* selfdesc_events.c: pipes and event descriptors describing their own lines.
 * trace: pipe2,eventfd2,epoll_create1,epoll_ctl,close
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
	int fds[2], efd, ep;
	long r;

	st_begin(argc, argv);

	r = pipe2(fds, O_CLOEXEC);
	want(ret(r), "pipe2([%d, %d], %s)", fds[0], fds[1], named("0x80000", "O_CLOEXEC"));
	r = syscall(SYS_pipe2, BADPTR, 0);
	want(err(errno), "pipe2(%p, 0)", BADPTR);
	efd = eventfd(5, EFD_NONBLOCK);
	want(ret(efd), "eventfd2(5, %s)", named("0x800", "EFD_NONBLOCK"));
	ep = epoll_create1(EPOLL_CLOEXEC);
	want(ret(ep), "epoll_create1(%s)", named("0x80000", "EPOLL_CLOEXEC"));
	r = epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
	want(ret(r), "epoll_ctl(%d, %s, %d, {events=%s, data={u32=7, u64=7}})", ep,
	     named("0x1", "EPOLL_CTL_ADD"), fds[0], named("0x1", "EPOLLIN"));
	r = epoll_ctl(ep, EPOLL_CTL_DEL, fds[0], NULL);
	want(ret(r), "epoll_ctl(%d, %s, %d, NULL)", ep, named("0x2", "EPOLL_CTL_DEL"), fds[0]);
	r = epoll_ctl(ep, EPOLL_CTL_ADD, efd, BADPTR);
	want(err(errno), "epoll_ctl(%d, %s, %d, %p)", ep, named("0x1", "EPOLL_CTL_ADD"), efd,
	     BADPTR);
	r = close(ep);
	want(ret(r), "close(%d)", ep);
	return 0;
}
