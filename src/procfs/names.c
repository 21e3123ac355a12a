/* names.c: capability, signal and scheduling-policy names for decoding the
 * masks /proc prints in hex. Kept as plain data tables in one place so the
 * generated tracer tables can replace the signal one later. */
#include "procfs/proc.h"

#include <stdio.h>

/* Index = capability number, as in <linux/capability.h>; the names are
 * those of capsh and getpcaps (lowercase). */
static const char *const cap_names[] = {
	"cap_chown",	      "cap_dac_override",   "cap_dac_read_search", "cap_fowner",
	"cap_fsetid",	      "cap_kill",	    "cap_setgid",	   "cap_setuid",
	"cap_setpcap",	      "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast",
	"cap_net_admin",      "cap_net_raw",	    "cap_ipc_lock",	   "cap_ipc_owner",
	"cap_sys_module",     "cap_sys_rawio",	    "cap_sys_chroot",	   "cap_sys_ptrace",
	"cap_sys_pacct",      "cap_sys_admin",	    "cap_sys_boot",	   "cap_sys_nice",
	"cap_sys_resource",   "cap_sys_time",	    "cap_sys_tty_config",  "cap_mknod",
	"cap_lease",	      "cap_audit_write",    "cap_audit_control",   "cap_setfcap",
	"cap_mac_override",   "cap_mac_admin",	    "cap_syslog",	   "cap_wake_alarm",
	"cap_block_suspend",  "cap_audit_read",	    "cap_perfmon",	   "cap_bpf",
	"cap_checkpoint_restore",
};

const char *proc_cap_name(unsigned bit)
{
	return bit < ARRAY_SIZE(cap_names) ? cap_names[bit] : NULL;
}

unsigned proc_cap_count(void)
{
	return ARRAY_SIZE(cap_names);
}

void proc_format_caps(struct strbuf *sb, uint64_t mask, const char *sep)
{
	bool first = true;
	unsigned bit;

	for (bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		if (!first)
			sb_puts(sb, sep);
		first = false;
		if (proc_cap_name(bit))
			sb_puts(sb, proc_cap_name(bit));
		else
			sb_printf(sb, "cap_%u", bit); /* newer than this table */
	}
}

/* Index = signal number. 32 and up are real-time signals, named the way
 * strace names them (kernel SIGRTMIN is 32; glibc reserves 32 and 33). */
static const char *const sig_names[32] = {
	NULL,	   "SIGHUP",  "SIGINT",	 "SIGQUIT", "SIGILL",	 "SIGTRAP", "SIGABRT",
	"SIGBUS",  "SIGFPE",  "SIGKILL", "SIGUSR1", "SIGSEGV",	 "SIGUSR2", "SIGPIPE",
	"SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
	"SIGTTIN", "SIGTTOU", "SIGURG",	 "SIGXCPU", "SIGXFSZ",	 "SIGVTALRM", "SIGPROF",
	"SIGWINCH", "SIGIO",  "SIGPWR",	 "SIGSYS",
};

const char *proc_sig_name(unsigned sig, char *buf, size_t size)
{
	if (sig >= 1 && sig < 32)
		return sig_names[sig];
	if (sig == 32)
		return "SIGRTMIN";
	snprintf(buf, size, "SIGRT_%u", sig - 32);
	return buf;
}

void proc_format_sigmask(struct strbuf *sb, uint64_t mask, const char *sep)
{
	char buf[16];
	bool first = true;
	unsigned bit;

	for (bit = 0; bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		if (!first)
			sb_puts(sb, sep);
		first = false;
		sb_puts(sb, proc_sig_name(bit + 1, buf, sizeof(buf)));
	}
}

static const char *const policy_names[] = {
	"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", NULL, "SCHED_IDLE", "SCHED_DEADLINE", "SCHED_EXT",
};

const char *proc_sched_policy_name(unsigned policy)
{
	return policy < ARRAY_SIZE(policy_names) ? policy_names[policy] : NULL;
}
