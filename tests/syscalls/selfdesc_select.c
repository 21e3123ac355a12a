/* selfdesc_select.c: select, pselect6, ppoll and epoll_pwait describing their
 * own trace lines (fd sets at entry and exit, timeouts, signal masks).
 * trace: select,pselect6,ppoll,epoll_pwait
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>

/* The kernel's pselect6 sixth argument. */
struct sigmask_arg {
	void *p;
	size_t size;
};

static const char *usr1(void)
{
	return st_fmt("[%s]", named("10", "USR1"));
}

int main(int argc, char **argv)
{
	int pf[2], ep;
	fd_set r, w, e;
	struct timeval tv;
	struct timespec ts;
	uint64_t mask = 1ull << (SIGUSR1 - 1);
	struct sigmask_arg sm = { &mask, 8 };
	struct pollfd p;
	struct epoll_event ev, out[4];
	long res;

	st_begin(argc, argv);
	if (pipe(pf))
		return 1;
	IGNORE(write(pf[1], "x", 1));

	/* One readable, one writable; the timeout is what is left at exit. */
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(0, &e);
	FD_SET(pf[0], &r);
	FD_SET(pf[1], &w);
	tv = (struct timeval){ 5, 0 };
	res = syscall(SYS_select, pf[1] + 1, &r, &w, &e, &tv);
	want(st_fmt("%ld (in [%d], out [%d], left {tv_sec=%ld, tv_usec=%ld})", res, pf[0], pf[1],
		    (long)tv.tv_sec, (long)tv.tv_usec),
	     "select(%d, [%d], [%d], [0], {tv_sec=5, tv_usec=0})", pf[1] + 1, pf[0], pf[1]);
	FD_ZERO(&r);
	FD_SET(pf[1], &r);
	tv = (struct timeval){ 0, 0 };
	res = syscall(SYS_select, pf[1] + 1, &r, NULL, NULL, &tv);
	want("0 (Timeout)", "select(%d, [%d], NULL, NULL, {tv_sec=0, tv_usec=0})", pf[1] + 1, pf[1]);
	FD_ZERO(&r);
	FD_SET(pf[0], &r);
	res = syscall(SYS_select, pf[0] + 1, &r, NULL, NULL, NULL);
	want(st_fmt("%ld (in [%d])", res, pf[0]), "select(%d, [%d], NULL, NULL, NULL)", pf[0] + 1, pf[0]);
	res = syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
	want("0 (Timeout)", "select(0, NULL, NULL, NULL, {tv_sec=0, tv_usec=0})");
	/* No byte of a set is read for nfds <= 0: the addresses. */
	res = syscall(SYS_select, 0, &r, NULL, NULL, &tv);
	want("0 (Timeout)", "select(0, %p, NULL, NULL, {tv_sec=0, tv_usec=0})", (void *)&r);
	res = syscall(SYS_select, -1, &r, NULL, NULL, &tv);
	want(err(errno), "select(-1, %p, NULL, NULL, {tv_sec=0, tv_usec=0})", (void *)&r);
	res = syscall(SYS_select, 5, BADPTR, NULL, NULL, BADPTR);
	want(err(errno), "select(5, %p, NULL, NULL, %p)", BADPTR, BADPTR);

	FD_ZERO(&r);
	FD_SET(pf[0], &r);
	ts = (struct timespec){ 7, 0 };
	res = syscall(SYS_pselect6, pf[0] + 1, &r, NULL, NULL, &ts, &sm);
	want(st_fmt("%ld (in [%d], left {tv_sec=%ld, tv_nsec=%ld})", res, pf[0], (long)ts.tv_sec,
		    ts.tv_nsec),
	     "pselect6(%d, [%d], NULL, NULL, {tv_sec=7, tv_nsec=0}, {sigmask=%s, sigsetsize=8})",
	     pf[0] + 1, pf[0], usr1());
	FD_ZERO(&r);
	FD_SET(pf[1], &r);
	ts = (struct timespec){ 0, 0 };
	sm.p = NULL;
	res = syscall(SYS_pselect6, pf[1] + 1, &r, NULL, NULL, &ts, &sm);
	want("0 (Timeout)", "pselect6(%d, [%d], NULL, NULL, {tv_sec=0, tv_nsec=0}, "
	     "{sigmask=NULL, sigsetsize=8})", pf[1] + 1, pf[1]);
	sm.p = BADPTR;
	res = syscall(SYS_pselect6, pf[1] + 1, &r, NULL, NULL, &ts, &sm);
	want(err(errno), "pselect6(%d, [], NULL, NULL, {tv_sec=0, tv_nsec=0}, "
	     "{sigmask=%p, sigsetsize=8})", pf[1] + 1, BADPTR);
	res = syscall(SYS_pselect6, pf[1] + 1, &r, NULL, NULL, &ts, BADPTR);
	want(err(errno), "pselect6(%d, [], NULL, NULL, {tv_sec=0, tv_nsec=0}, %p)", pf[1] + 1, BADPTR);

	p = (struct pollfd){ pf[0], POLLIN, 0 };
	ts = (struct timespec){ 9, 0 };
	res = syscall(SYS_ppoll, &p, 1, &ts, &mask, 8);
	want(st_fmt("%ld ([{fd=%d, revents=%s}], left {tv_sec=%ld, tv_nsec=%ld})", res, pf[0],
		    named("0x1", "POLLIN"), (long)ts.tv_sec, ts.tv_nsec),
	     "ppoll([{fd=%d, events=%s}], 1, {tv_sec=9, tv_nsec=0}, %s, 8)", pf[0],
	     named("0x1", "POLLIN"), usr1());
	res = syscall(SYS_ppoll, &p, 1, NULL, &mask, 4);
	want(err(errno), "ppoll([{fd=%d, events=%s}], 1, NULL, %p, 4)", pf[0], named("0x1", "POLLIN"),
	     (void *)&mask);

	ep = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 7 };
	epoll_ctl(ep, EPOLL_CTL_ADD, pf[0], &ev);
	res = syscall(SYS_epoll_pwait, ep, out, 4, 100, &mask, 8);
	want(ret(res), "epoll_pwait(%d, [{events=%s, data={u32=7, u64=7}}], 4, 100, %s, 8)", ep,
	     named("0x1", "EPOLLIN"), usr1());
	res = syscall(SYS_epoll_pwait, ep, out, 4, 100, NULL, 8);
	want(ret(res), "epoll_pwait(%d, [{events=%s, data={u32=7, u64=7}}], 4, 100, NULL, 8)", ep,
	     named("0x1", "EPOLLIN"));
	res = syscall(SYS_epoll_pwait, ep, out, 4, 100, BADPTR, 8);
	want(err(errno), "epoll_pwait(%d, %p, 4, 100, %p, 8)", ep, (void *)out, BADPTR);
	return 0;
}
