/* net_events.c: epoll, poll, eventfd, inotify, timerfd for t3300-net.sh. */
#include "selftest.h"

#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>

int main(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0 }, out[4];
	struct itimerspec its = { .it_value = { .tv_sec = 100, .tv_nsec = 5 } }, old;
	struct pollfd pf[2];
	uint64_t one = 1;
	int ep, efd, in, tfd;
	/* Through a volatile so the compiler does not reject the bad pointer. */
	void *volatile bad = BADPTR;

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev.data.fd = efd;
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	epoll_ctl(ep, EPOLL_CTL_MOD, efd, BADPTR);
	epoll_wait(ep, out, 4, 0);
	write(efd, &one, sizeof(one));
	epoll_wait(ep, out, 4, 0);
	epoll_pwait(ep, out, 4, 0, NULL);
	epoll_wait(ep, bad, 4, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL);

	pf[0].fd = efd;
	pf[0].events = POLLIN | POLLOUT;
	pf[1].fd = -1;
	pf[1].events = POLLIN;
	poll(pf, 2, 0);
	pf[0].events = POLLPRI;
	poll(pf, 1, 0);
	poll(bad, 1, 0);

	in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	inotify_add_watch(in, "/tmp", IN_CREATE | IN_DELETE | IN_ONLYDIR);
	inotify_add_watch(in, "/nonexistent/procscope", IN_MODIFY);
	inotify_rm_watch(in, 12345);

	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	timerfd_settime(tfd, 0, &its, &old);
	its.it_value.tv_sec = 0;
	its.it_value.tv_nsec = 0;
	timerfd_settime(tfd, 0, &its, NULL);
	timerfd_gettime(tfd, &old);
	timerfd_settime(tfd, TFD_TIMER_ABSTIME, BADPTR, NULL);
	close(tfd);
	close(in);
	close(ep);
	close(efd);
	return 0;
}
