#include "backend/seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/util.h"

bool seccomp_wanted(const struct backend_opts *o)
{
	if (o->seccomp < 0 || o->select_all)
		return false;
	/* Forced or not, only with -f: see seccomp.h. */
	return o->follow;
}

int seccomp_install(const struct backend_opts *o)
{
	struct sock_filter *f;
	struct sock_fprog prog;
	int nsel = 0, n = 0, i;
	bool invert;

	for (i = 0; i < SC_TABLE_SIZE; i++)
		nsel += backend_stops(o, i);
	/* List whichever set is smaller: the selected calls, or the others. */
	invert = nsel > SC_TABLE_SIZE / 2;
	f = xcalloc(2 * SC_TABLE_SIZE + 8, sizeof(*f));
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	/* Another ABI (x32 or i386 via int 0x80): always stop, to be safe. */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, SC_TABLE_SIZE, 0, 1);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      o->trace_unknown ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
	for (i = 0; i < SC_TABLE_SIZE; i++) {
		if (backend_stops(o, i) == invert)
			continue;
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, i, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						      invert ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRACE);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, invert ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW);
	prog.len = n;
	prog.filter = f;
	/* Without CAP_SYS_ADMIN the kernel requires no_new_privs. Under an
	 * unprivileged tracer setuid bits are ignored anyway, so nothing changes. */
	if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "procscope: prctl(PR_SET_NO_NEW_PRIVS): %s\n", strerror(errno));
		return -1;
	}
	/* SPEC_ALLOW: the filter is a tracing aid, not a sandbox, so it must not
	 * turn on the Speculative Store Bypass mitigation the kernel otherwise
	 * gives every filtered task (spec_store_bypass_disable=seccomp, the
	 * default where the CPU is affected): the program would run slower traced
	 * than untraced. Kernels before 4.17 lack the flag (EINVAL): try without. */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog) < 0 &&
	    (errno != EINVAL || syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)) {
		fprintf(stderr, "procscope: seccomp filter: %s (rerun with --no-seccomp)\n",
			strerror(errno));
		return -1;
	}
	return 0;
}
