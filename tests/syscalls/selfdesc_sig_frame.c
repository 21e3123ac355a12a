/* selfdesc_sig_frame.c: rt_sigreturn describing its own line: the mask it
 * restores, read from the signal frame ({mask=[USR2]}), or, when -e verbose=
 * leaves rt_sigreturn out, the address of that mask in the frame (the
 * handler's ucontext's uc_sigmask).
 * trace: rt_sigreturn
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -e verbose=none
 * run: -e verbose=none -X raw
 * run: -e verbose=!rt_sigreturn -X verbose
 * run: -e verbose=rt_sigreturn
 */
#include "selftest.h"

#include <signal.h>
#include <ucontext.h>

static bool st_unverbose; /* -e verbose= leaves rt_sigreturn out */
static void *mask_addr;
static pid_t self;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	mask_addr = &((ucontext_t *)uc)->uc_sigmask;
}

static const char *sig(int n, const char *name)
{
	return named(st_fmt("%d", n), name);
}

/* The "--- SIGUSR1 ---" line of a kill() to itself. */
static void signal_line(void)
{
	printf("--- SIGUSR1 {si_signo=%s, si_code=%s, si_pid=%d, si_uid=%u} ---\n",
	       sig(SIGUSR1, "SIGUSR1"), named("0", "SI_USER"), self, getuid());
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-e"))
			st_unverbose = !strcmp(argv[i + 1], "verbose=none") ||
				       !strcmp(argv[i + 1], "verbose=!rt_sigreturn");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	self = (pid_t)st_begin(argc, argv);

	/* An empty mask. */
	kill(self, SIGUSR1);
	signal_line();
	want("0", "rt_sigreturn({mask=%s})", st_unverbose ? st_fmt("%p", mask_addr) : "[]");

	/* USR2 and signal 35 blocked when the signal came: restored by rt_sigreturn. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, 35);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(self, SIGUSR1);
	signal_line();
	want("0", "rt_sigreturn({mask=%s})",
	     st_unverbose ? st_fmt("%p", mask_addr) :
	     X("[USR2 RT_3]", "[12 35]", "[12 /* USR2 */ 35 /* RT_3 */]"));
	return 0;
}
