/* selfdesc_sig.c: signal syscalls describing their own trace lines.
 * trace: rt_sigaction,rt_sigprocmask,kill,tkill
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <signal.h>
#include <stdint.h>

/* The kernel's struct sigaction on x86_64 (no SA_RESTORER: sa_restorer is
 * then not printed, and SIG_IGN never needs it). */
struct ksigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

#define BIT(sig) (1ull << ((sig) - 1))

int main(int argc, char **argv)
{
	struct ksigaction act = { 0 }, old;
	uint64_t set, oldset;
	long pid, r;

	pid = st_begin(argc, argv);

	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &(uint64_t){ 0 }, NULL, 8);
	want(ret(r), "rt_sigprocmask(%s, [], NULL, 8)", named("0x2", "SIG_SETMASK"));

	act.handler = (uintptr_t)SIG_IGN;
	act.flags = SA_RESTART;
	act.mask = BIT(SIGTERM);
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
	want(ret(r), "rt_sigaction(%s, {sa_handler=%s, sa_mask=[%s], sa_flags=%s}, "
	     "{sa_handler=%s, sa_mask=[], sa_flags=0}, 8)",
	     named("10", "SIGUSR1"), named("0x1", "SIG_IGN"), named("15", "TERM"),
	     named("0x10000000", "SA_RESTART"), named("0", "SIG_DFL"));
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	want(ret(r), "rt_sigaction(%s, NULL, {sa_handler=%s, sa_mask=[%s], sa_flags=%s}, 8)",
	     named("10", "SIGUSR1"), named("0x1", "SIG_IGN"), named("15", "TERM"),
	     named("0x10000000", "SA_RESTART"));
	r = syscall(SYS_rt_sigaction, SIGUSR2, BADPTR, NULL, 8);
	want(err(errno), "rt_sigaction(%s, %p, NULL, 8)", named("12", "SIGUSR2"), BADPTR);
	act.flags = 0x4000; /* no SA_* bit */
	r = syscall(SYS_rt_sigaction, SIGKILL, &act, NULL, 8);
	want(err(errno), "rt_sigaction(%s, {sa_handler=%s, sa_mask=[%s], sa_flags=%s}, NULL, 8)",
	     named("9", "SIGKILL"), named("0x1", "SIG_IGN"), named("15", "TERM"),
	     st_xstyle == ST_RAW ? "0x4000" : "0x4000 /* SA_??? */");

	set = BIT(SIGINT) | BIT(36);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	want(ret(r), "rt_sigprocmask(%s, [%s %s], [], 8)", named("0", "SIG_BLOCK"),
	     named("2", "INT"), named("36", "RT_4"));
	set = ~(BIT(32) | BIT(33));
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	want(ret(r), "rt_sigprocmask(%s, ~[%s %s], NULL, 8)", named("0x2", "SIG_SETMASK"),
	     named("32", "RTMIN"), named("33", "RT_1"));
	r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, NULL, &oldset, 8);
	/* The kernel never blocks KILL and STOP. */
	want(ret(r), "rt_sigprocmask(%s, NULL, ~[%s %s %s %s], 8)", named("0x1", "SIG_UNBLOCK"),
	     named("9", "KILL"), named("19", "STOP"), named("32", "RTMIN"), named("33", "RT_1"));
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, BADPTR, NULL, 8);
	want(err(errno), "rt_sigprocmask(%s, %p, NULL, 8)", named("0", "SIG_BLOCK"), BADPTR);

	r = kill((pid_t)pid, 0);
	want(ret(r), "kill(%ld, 0)", pid);
	r = kill(-12345678, SIGTERM);
	want(err(errno), "kill(-12345678, %s)", named("15", "SIGTERM"));
	r = syscall(SYS_tkill, 1234567, 37); /* the kernel's SIGRTMIN (32) + 5 */
	want(err(errno), "tkill(1234567, %s)", named("37", "SIGRT_5"));
	return 0;
}
