/* sig_basic.c: the signal syscalls with good, bad and NULL arguments
 * (no signal is delivered: the program only installs, blocks and queries). */
#include "selftest.h"

#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>

static void handler(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa, old;
	sigset_t set, oset;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR1, &sa, &old);
	sa.sa_handler = handler;
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGCHLD, NULL, &old);
	syscall(SYS_rt_sigaction, SIGUSR2, BADPTR, NULL, 8);
	syscall(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, &oset);
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, NULL, &oset);
	syscall(SYS_rt_sigprocmask, 7, NULL, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, BADPTR, NULL, 8);
	sigpending(&set);
	signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	kill(getpid(), 0);
	kill(-12345678, SIGTERM);
	syscall(SYS_tgkill, getpid(), getpid(), 0);
	syscall(SYS_tkill, 1234567, SIGRTMIN + 3);
	return 0;
}
