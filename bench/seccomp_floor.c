/*
 * seccomp_floor: run a command under a seccomp filter that allows every
 * syscall, the smallest filter there is, with no tracer.
 *
 * What a task pays for having any filter at all: each syscall takes the
 * kernel's slow entry path (syscall_trace_enter, __secure_computing) instead
 * of the fast one. No tracer that filters with seccomp can cost less than
 * this; bench/seccomp.sh sets procscope's filtered trace beside it.
 *
 * usage: seccomp_floor COMMAND [ARGS...]
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp_floor COMMAND [ARGS...]\n");
		return 2;
	}
	if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "seccomp_floor: prctl(PR_SET_NO_NEW_PRIVS): %s\n", strerror(errno));
		return 1;
	}
	/* SPEC_ALLOW, as procscope's filter: no Speculative Store Bypass mitigation */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog) < 0) {
		fprintf(stderr, "seccomp_floor: seccomp: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "seccomp_floor: exec %s: %s\n", argv[1], strerror(errno));
	return 127;
}
