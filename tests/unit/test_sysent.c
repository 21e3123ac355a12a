/* test_sysent: our syscall table against strace 6.1's, syscall by syscall.
 *
 * Each row below is a fact about strace 6.1 on x86_64: the syscall's number,
 * how many arguments its generic decoding prints (what `-e raw=all` shows), and
 * the trace classes that select it (-e trace=%CLASS). The rows were checked
 * against the strace 6.1 binary itself by running tests/fixtures/allsys, which
 * makes every syscall once, under `strace -f -e trace=%CLASS` for every class
 * and under `strace -e raw=all` (see tests/t/t1006-trace-classes.sh, which
 * repeats that comparison for procscope). Syscalls newer than the build host's
 * <asm/unistd_64.h> are skipped: the table can only name what the header names.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "syscalls/syscalls.h"
#include "tap.h"

struct sysent_fact {
	long nr;
	const char *name;
	int nargs;
	const char *classes; /* space separated -e trace=%NAME names */
};

static const struct sysent_fact facts[] = {
	{ 0, "read", 3, "desc" },
	{ 1, "write", 3, "desc" },
	{ 2, "open", 3, "desc file" },
	{ 3, "close", 1, "desc" },
	{ 4, "stat", 2, "file stat %stat" },
	{ 5, "fstat", 2, "desc fstat %stat" },
	{ 6, "lstat", 2, "file lstat %stat" },
	{ 7, "poll", 3, "desc" },
	{ 8, "lseek", 3, "desc" },
	{ 9, "mmap", 6, "desc memory" },
	{ 10, "mprotect", 3, "memory" },
	{ 11, "munmap", 2, "memory" },
	{ 12, "brk", 1, "memory" },
	{ 13, "rt_sigaction", 4, "signal" },
	{ 14, "rt_sigprocmask", 4, "signal" },
	{ 15, "rt_sigreturn", 0, "signal" },
	{ 16, "ioctl", 3, "desc" },
	{ 17, "pread64", 4, "desc" },
	{ 18, "pwrite64", 4, "desc" },
	{ 19, "readv", 3, "desc" },
	{ 20, "writev", 3, "desc" },
	{ 21, "access", 2, "file" },
	{ 22, "pipe", 1, "desc" },
	{ 23, "select", 5, "desc" },
	{ 24, "sched_yield", 0, "" },
	{ 25, "mremap", 5, "memory" },
	{ 26, "msync", 3, "memory" },
	{ 27, "mincore", 3, "memory" },
	{ 28, "madvise", 3, "memory" },
	{ 29, "shmget", 3, "ipc" },
	{ 30, "shmat", 3, "ipc memory" },
	{ 31, "shmctl", 3, "ipc" },
	{ 32, "dup", 1, "desc" },
	{ 33, "dup2", 2, "desc" },
	{ 34, "pause", 0, "signal" },
	{ 35, "nanosleep", 2, "" },
	{ 36, "getitimer", 2, "" },
	{ 37, "alarm", 1, "" },
	{ 38, "setitimer", 3, "" },
	{ 39, "getpid", 0, "pure" },
	{ 40, "sendfile", 4, "desc network" },
	{ 41, "socket", 3, "network" },
	{ 42, "connect", 3, "network" },
	{ 43, "accept", 3, "network" },
	{ 44, "sendto", 6, "network" },
	{ 45, "recvfrom", 6, "network" },
	{ 46, "sendmsg", 3, "network" },
	{ 47, "recvmsg", 3, "network" },
	{ 48, "shutdown", 2, "network" },
	{ 49, "bind", 3, "network" },
	{ 50, "listen", 2, "network" },
	{ 51, "getsockname", 3, "network" },
	{ 52, "getpeername", 3, "network" },
	{ 53, "socketpair", 4, "network" },
	{ 54, "setsockopt", 5, "network" },
	{ 55, "getsockopt", 5, "network" },
	{ 56, "clone", 5, "process" },
	{ 57, "fork", 0, "process" },
	{ 58, "vfork", 0, "process" },
	{ 59, "execve", 3, "file process" },
	{ 60, "exit", 1, "process" },
	{ 61, "wait4", 4, "process" },
	{ 62, "kill", 2, "signal process" },
	{ 63, "uname", 1, "" },
	{ 64, "semget", 3, "ipc" },
	{ 65, "semop", 3, "ipc" },
	{ 66, "semctl", 4, "ipc" },
	{ 67, "shmdt", 1, "ipc memory" },
	{ 68, "msgget", 2, "ipc" },
	{ 69, "msgsnd", 4, "ipc" },
	{ 70, "msgrcv", 5, "ipc" },
	{ 71, "msgctl", 3, "ipc" },
	{ 72, "fcntl", 3, "desc" },
	{ 73, "flock", 2, "desc" },
	{ 74, "fsync", 1, "desc" },
	{ 75, "fdatasync", 1, "desc" },
	{ 76, "truncate", 2, "file" },
	{ 77, "ftruncate", 2, "desc" },
	{ 78, "getdents", 3, "desc" },
	{ 79, "getcwd", 2, "file" },
	{ 80, "chdir", 1, "file" },
	{ 81, "fchdir", 1, "desc" },
	{ 82, "rename", 2, "file" },
	{ 83, "mkdir", 2, "file" },
	{ 84, "rmdir", 1, "file" },
	{ 85, "creat", 2, "desc file" },
	{ 86, "link", 2, "file" },
	{ 87, "unlink", 1, "file" },
	{ 88, "symlink", 2, "file" },
	{ 89, "readlink", 3, "file" },
	{ 90, "chmod", 2, "file" },
	{ 91, "fchmod", 2, "desc" },
	{ 92, "chown", 3, "file" },
	{ 93, "fchown", 3, "desc" },
	{ 94, "lchown", 3, "file" },
	{ 95, "umask", 1, "" },
	{ 96, "gettimeofday", 2, "clock" },
	{ 97, "getrlimit", 2, "" },
	{ 98, "getrusage", 2, "" },
	{ 99, "sysinfo", 1, "" },
	{ 100, "times", 1, "" },
	{ 101, "ptrace", 4, "" },
	{ 102, "getuid", 0, "creds pure" },
	{ 103, "syslog", 3, "" },
	{ 104, "getgid", 0, "creds pure" },
	{ 105, "setuid", 1, "creds" },
	{ 106, "setgid", 1, "creds" },
	{ 107, "geteuid", 0, "creds pure" },
	{ 108, "getegid", 0, "creds pure" },
	{ 109, "setpgid", 2, "" },
	{ 110, "getppid", 0, "pure" },
	{ 111, "getpgrp", 0, "pure" },
	{ 112, "setsid", 0, "" },
	{ 113, "setreuid", 2, "creds" },
	{ 114, "setregid", 2, "creds" },
	{ 115, "getgroups", 2, "creds" },
	{ 116, "setgroups", 2, "creds" },
	{ 117, "setresuid", 3, "creds" },
	{ 118, "getresuid", 3, "creds" },
	{ 119, "setresgid", 3, "creds" },
	{ 120, "getresgid", 3, "creds" },
	{ 121, "getpgid", 1, "" },
	{ 122, "setfsuid", 1, "creds" },
	{ 123, "setfsgid", 1, "creds" },
	{ 124, "getsid", 1, "" },
	{ 125, "capget", 2, "creds" },
	{ 126, "capset", 2, "creds" },
	{ 127, "rt_sigpending", 2, "signal" },
	{ 128, "rt_sigtimedwait", 4, "signal" },
	{ 129, "rt_sigqueueinfo", 3, "signal process" },
	{ 130, "rt_sigsuspend", 2, "signal" },
	{ 131, "sigaltstack", 2, "signal" },
	{ 132, "utime", 2, "file" },
	{ 133, "mknod", 3, "file" },
	{ 134, "uselib", 1, "file" },
	{ 135, "personality", 1, "" },
	{ 136, "ustat", 2, "%statfs" },
	{ 137, "statfs", 2, "file statfs %statfs" },
	{ 138, "fstatfs", 2, "desc fstatfs %statfs" },
	{ 139, "sysfs", 3, "" },
	{ 140, "getpriority", 2, "" },
	{ 141, "setpriority", 3, "" },
	{ 142, "sched_setparam", 2, "" },
	{ 143, "sched_getparam", 2, "" },
	{ 144, "sched_setscheduler", 3, "" },
	{ 145, "sched_getscheduler", 1, "" },
	{ 146, "sched_get_priority_max", 1, "" },
	{ 147, "sched_get_priority_min", 1, "" },
	{ 148, "sched_rr_get_interval", 2, "" },
	{ 149, "mlock", 2, "memory" },
	{ 150, "munlock", 2, "memory" },
	{ 151, "mlockall", 1, "memory" },
	{ 152, "munlockall", 0, "memory" },
	{ 153, "vhangup", 0, "" },
	{ 154, "modify_ldt", 3, "" },
	{ 155, "pivot_root", 2, "file" },
	{ 156, "_sysctl", 1, "" },
	{ 157, "prctl", 5, "creds" },
	{ 158, "arch_prctl", 2, "" },
	{ 159, "adjtimex", 1, "clock" },
	{ 160, "setrlimit", 2, "" },
	{ 161, "chroot", 1, "file" },
	{ 162, "sync", 0, "" },
	{ 163, "acct", 1, "file" },
	{ 164, "settimeofday", 2, "clock" },
	{ 165, "mount", 5, "file" },
	{ 166, "umount2", 2, "file" },
	{ 167, "swapon", 2, "file" },
	{ 168, "swapoff", 1, "file" },
	{ 169, "reboot", 4, "" },
	{ 170, "sethostname", 2, "" },
	{ 171, "setdomainname", 2, "" },
	{ 172, "iopl", 1, "" },
	{ 173, "ioperm", 3, "" },
	{ 174, "create_module", 2, "" },
	{ 175, "init_module", 3, "" },
	{ 176, "delete_module", 2, "" },
	{ 177, "get_kernel_syms", 1, "" },
	{ 178, "query_module", 5, "" },
	{ 179, "quotactl", 4, "file" },
	{ 180, "nfsservctl", 3, "" },
	{ 181, "getpmsg", 5, "network" },
	{ 182, "putpmsg", 5, "network" },
	{ 183, "afs_syscall", 5, "" },
	{ 184, "tuxcall", 3, "" },
	{ 185, "security", 3, "" },
	{ 186, "gettid", 0, "pure" },
	{ 187, "readahead", 3, "desc" },
	{ 188, "setxattr", 5, "file" },
	{ 189, "lsetxattr", 5, "file" },
	{ 190, "fsetxattr", 5, "desc" },
	{ 191, "getxattr", 4, "file" },
	{ 192, "lgetxattr", 4, "file" },
	{ 193, "fgetxattr", 4, "desc" },
	{ 194, "listxattr", 3, "file" },
	{ 195, "llistxattr", 3, "file" },
	{ 196, "flistxattr", 3, "desc" },
	{ 197, "removexattr", 2, "file" },
	{ 198, "lremovexattr", 2, "file" },
	{ 199, "fremovexattr", 2, "desc" },
	{ 200, "tkill", 2, "signal process" },
	{ 201, "time", 1, "clock" },
	{ 202, "futex", 6, "" },
	{ 203, "sched_setaffinity", 3, "" },
	{ 204, "sched_getaffinity", 3, "" },
	{ 205, "set_thread_area", 1, "" },
	{ 206, "io_setup", 2, "memory" },
	{ 207, "io_destroy", 1, "memory" },
	{ 208, "io_getevents", 5, "" },
	{ 209, "io_submit", 3, "" },
	{ 210, "io_cancel", 3, "" },
	{ 211, "get_thread_area", 1, "" },
	{ 212, "lookup_dcookie", 3, "" },
	{ 213, "epoll_create", 1, "desc" },
	{ 214, "epoll_ctl_old", 4, "" },
	{ 215, "epoll_wait_old", 4, "" },
	{ 216, "remap_file_pages", 5, "memory" },
	{ 217, "getdents64", 3, "desc" },
	{ 218, "set_tid_address", 1, "" },
	{ 219, "restart_syscall", 0, "" },
	{ 220, "semtimedop", 4, "ipc" },
	{ 221, "fadvise64", 4, "desc" },
	{ 222, "timer_create", 3, "" },
	{ 223, "timer_settime", 4, "" },
	{ 224, "timer_gettime", 2, "" },
	{ 225, "timer_getoverrun", 1, "" },
	{ 226, "timer_delete", 1, "" },
	{ 227, "clock_settime", 2, "clock" },
	{ 228, "clock_gettime", 2, "clock" },
	{ 229, "clock_getres", 2, "clock" },
	{ 230, "clock_nanosleep", 4, "" },
	{ 231, "exit_group", 1, "process" },
	{ 232, "epoll_wait", 4, "desc" },
	{ 233, "epoll_ctl", 4, "desc" },
	{ 234, "tgkill", 3, "signal process" },
	{ 235, "utimes", 2, "file" },
	{ 236, "vserver", 5, "" },
	{ 237, "mbind", 6, "memory" },
	{ 238, "set_mempolicy", 3, "memory" },
	{ 239, "get_mempolicy", 5, "memory" },
	{ 240, "mq_open", 4, "desc" },
	{ 241, "mq_unlink", 1, "" },
	{ 242, "mq_timedsend", 5, "desc" },
	{ 243, "mq_timedreceive", 5, "desc" },
	{ 244, "mq_notify", 2, "desc" },
	{ 245, "mq_getsetattr", 3, "desc" },
	{ 246, "kexec_load", 4, "" },
	{ 247, "waitid", 5, "process" },
	{ 248, "add_key", 5, "" },
	{ 249, "request_key", 4, "" },
	{ 250, "keyctl", 5, "" },
	{ 251, "ioprio_set", 3, "" },
	{ 252, "ioprio_get", 2, "" },
	{ 253, "inotify_init", 0, "desc" },
	{ 254, "inotify_add_watch", 3, "desc file" },
	{ 255, "inotify_rm_watch", 2, "desc" },
	{ 256, "migrate_pages", 4, "memory" },
	{ 257, "openat", 4, "desc file" },
	{ 258, "mkdirat", 3, "desc file" },
	{ 259, "mknodat", 4, "desc file" },
	{ 260, "fchownat", 5, "desc file" },
	{ 261, "futimesat", 3, "desc file" },
	{ 262, "newfstatat", 4, "desc file fstat %stat" },
	{ 263, "unlinkat", 3, "desc file" },
	{ 264, "renameat", 4, "desc file" },
	{ 265, "linkat", 5, "desc file" },
	{ 266, "symlinkat", 3, "desc file" },
	{ 267, "readlinkat", 4, "desc file" },
	{ 268, "fchmodat", 3, "desc file" },
	{ 269, "faccessat", 3, "desc file" },
	{ 270, "pselect6", 6, "desc" },
	{ 271, "ppoll", 5, "desc" },
	{ 272, "unshare", 1, "" },
	{ 273, "set_robust_list", 2, "" },
	{ 274, "get_robust_list", 3, "" },
	{ 275, "splice", 6, "desc" },
	{ 276, "tee", 4, "desc" },
	{ 277, "sync_file_range", 4, "desc" },
	{ 278, "vmsplice", 4, "desc" },
	{ 279, "move_pages", 6, "memory" },
	{ 280, "utimensat", 4, "desc file" },
	{ 281, "epoll_pwait", 6, "desc" },
	{ 282, "signalfd", 3, "desc signal" },
	{ 283, "timerfd_create", 2, "desc" },
	{ 284, "eventfd", 1, "desc" },
	{ 285, "fallocate", 4, "desc" },
	{ 286, "timerfd_settime", 4, "desc" },
	{ 287, "timerfd_gettime", 2, "desc" },
	{ 288, "accept4", 4, "network" },
	{ 289, "signalfd4", 4, "desc signal" },
	{ 290, "eventfd2", 2, "desc" },
	{ 291, "epoll_create1", 1, "desc" },
	{ 292, "dup3", 3, "desc" },
	{ 293, "pipe2", 2, "desc" },
	{ 294, "inotify_init1", 1, "desc" },
	{ 295, "preadv", 4, "desc" },
	{ 296, "pwritev", 4, "desc" },
	{ 297, "rt_tgsigqueueinfo", 4, "process signal" },
	{ 298, "perf_event_open", 5, "desc" },
	{ 299, "recvmmsg", 5, "network" },
	{ 300, "fanotify_init", 2, "desc" },
	{ 301, "fanotify_mark", 5, "desc file" },
	{ 302, "prlimit64", 4, "" },
	{ 303, "name_to_handle_at", 5, "desc file" },
	{ 304, "open_by_handle_at", 3, "desc" },
	{ 305, "clock_adjtime", 2, "clock" },
	{ 306, "syncfs", 1, "desc" },
	{ 307, "sendmmsg", 4, "network" },
	{ 308, "setns", 2, "desc" },
	{ 309, "getcpu", 3, "" },
	{ 310, "process_vm_readv", 6, "" },
	{ 311, "process_vm_writev", 6, "" },
	{ 312, "kcmp", 5, "" },
	{ 313, "finit_module", 3, "desc" },
	{ 314, "sched_setattr", 3, "" },
	{ 315, "sched_getattr", 4, "" },
	{ 316, "renameat2", 5, "desc file" },
	{ 317, "seccomp", 3, "" },
	{ 318, "getrandom", 3, "" },
	{ 319, "memfd_create", 2, "desc" },
	{ 320, "kexec_file_load", 5, "desc" },
	{ 321, "bpf", 3, "desc" },
	{ 322, "execveat", 5, "desc file process" },
	{ 323, "userfaultfd", 1, "desc" },
	{ 324, "membarrier", 3, "" },
	{ 325, "mlock2", 3, "memory" },
	{ 326, "copy_file_range", 6, "desc" },
	{ 327, "preadv2", 6, "desc" },
	{ 328, "pwritev2", 6, "desc" },
	{ 329, "pkey_mprotect", 4, "memory" },
	{ 330, "pkey_alloc", 2, "" },
	{ 331, "pkey_free", 1, "" },
	{ 332, "statx", 5, "desc file fstat %stat" },
	{ 333, "io_pgetevents", 6, "" },
	{ 334, "rseq", 4, "" },
	{ 424, "pidfd_send_signal", 4, "desc signal process" },
	{ 425, "io_uring_setup", 2, "desc" },
	{ 426, "io_uring_enter", 6, "desc signal" },
	{ 427, "io_uring_register", 4, "desc memory" },
	{ 428, "open_tree", 3, "desc file" },
	{ 429, "move_mount", 5, "desc file" },
	{ 430, "fsopen", 2, "desc" },
	{ 431, "fsconfig", 5, "desc file" },
	{ 432, "fsmount", 3, "desc" },
	{ 433, "fspick", 3, "desc file" },
	{ 434, "pidfd_open", 2, "desc" },
	{ 435, "clone3", 2, "process" },
	{ 436, "close_range", 3, "" },
	{ 437, "openat2", 4, "desc file" },
	{ 438, "pidfd_getfd", 3, "desc" },
	{ 439, "faccessat2", 4, "desc file" },
	{ 440, "process_madvise", 5, "desc" },
	{ 441, "epoll_pwait2", 6, "desc" },
	{ 442, "mount_setattr", 5, "desc file" },
	{ 443, "quotactl_fd", 4, "desc" },
	{ 444, "landlock_create_ruleset", 3, "desc" },
	{ 445, "landlock_add_rule", 4, "desc" },
	{ 446, "landlock_restrict_self", 2, "desc" },
	{ 447, "memfd_secret", 1, "desc" },
	{ 448, "process_mrelease", 2, "desc" },
	{ 449, "futex_waitv", 5, "" },
	{ 450, "set_mempolicy_home_node", 4, "memory" },
	{ 451, "cachestat", 4, "desc" },
	{ 452, "fchmodat2", 4, "desc file" },
	{ 453, "map_shadow_stack", 3, "memory" },
	{ 454, "futex_wake", 4, "" },
	{ 455, "futex_wait", 6, "" },
	{ 456, "futex_requeue", 4, "" },
	{ 457, "statmount", 4, "" },
	{ 458, "listmount", 4, "" },
	{ 459, "lsm_get_self_attr", 4, "" },
	{ 460, "lsm_set_self_attr", 4, "" },
	{ 461, "lsm_list_modules", 3, "" },
	{ 462, "mseal", 3, "memory" },
	{ 463, "setxattrat", 6, "desc file" },
	{ 464, "getxattrat", 6, "desc file" },
};

static uint32_t class_bits(const char *list)
{
	char name[16];
	uint32_t bits = 0;
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n >= sizeof(name))
			return UINT32_MAX;
		memcpy(name, p, n);
		name[n] = '\0';
		if (!sc_class_bits(name))
			return UINT32_MAX; /* a class -e trace= does not know */
		bits |= sc_class_bits(name);
		p += n;
		p += strspn(p, " ");
	}
	return bits;
}

/* Our class bits as the same kind of list, for the diagnostic. */
static void class_list(uint32_t bits, char *buf, size_t size)
{
	static const char *const names[] = {
		"file", "desc", "process", "network", "signal", "ipc", "memory", "creds", "clock",
		"stat", "lstat", "fstat", "%stat", "statfs", "fstatfs", "%statfs", "pure",
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (bits & sc_class_bits(names[i]) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "",
						names[i]);
}

int main(void)
{
	size_t nfacts = sizeof(facts) / sizeof(facts[0]);
	int known = 0, unlisted = 0;

	for (size_t i = 0; i < nfacts; i++) {
		const struct sysent_fact *f = &facts[i];
		const struct syscall_sig *s;
		uint32_t want;
		char got[160];

		if (sc_lookup(f->name) < 0) {
			printf("ok %d - %s # SKIP not in this host's <asm/unistd_64.h>\n", ++tap_n,
			       f->name);
			continue;
		}
		known++;
		s = sc_sig(f->nr);
		want = class_bits(f->classes);
		class_list(s->classes, got, sizeof(got));
		ok(sc_lookup(f->name) == f->nr && !strcmp(s->name, f->name) &&
			   s->nargs == f->nargs && s->classes == want,
		   "%s: number %ld, %d arguments, classes '%s'", f->name, f->nr, f->nargs,
		   f->classes);
		if (sc_lookup(f->name) != f->nr || s->nargs != f->nargs || s->classes != want)
			printf("# got: number %ld, %d arguments, classes '%s'\n",
			       sc_lookup(f->name), s->nargs, got);
	}
	/* Every syscall the header names is one strace knows: nothing left out of
	 * the facts above, so nothing escapes the comparison. */
	for (long nr = 0; nr < SC_TABLE_SIZE; nr++) {
		bool listed = false;

		if (!sc_known(nr))
			continue;
		for (size_t i = 0; i < nfacts && !listed; i++)
			listed = facts[i].nr == nr;
		if (!listed) {
			printf("# %s (%ld) is not among the facts\n", sc_sig(nr)->name, nr);
			unlisted++;
		}
	}
	ok(unlisted == 0, "every syscall the header names is among the facts");
	ok(known > 300, "most of the table was compared (%d syscalls)", known);
	return done_testing();
}
