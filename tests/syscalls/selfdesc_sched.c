/* selfdesc_sched.c: groups, sigaltstack, scheduling, mount and splice offsets
 * describing their own lines.
 * trace: getgroups,setgroups,sigaltstack,sched_getparam,sched_setparam,sched_getscheduler,sched_setscheduler,sched_getattr,sched_setattr,mount,umount2,copy_file_range,splice
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* struct sched_attr, as the kernel's UAPI has it. */
struct attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
	uint32_t util_min, util_max;
};

static const char *attr_str(const struct attr *a, bool util)
{
	return st_fmt("{size=%u, sched_policy=%s, sched_flags=0, sched_nice=%d, sched_priority=%u, "
		      "sched_runtime=%llu, sched_deadline=%llu, sched_period=%llu%s}", a->size,
		      named("0", "SCHED_OTHER"), a->nice, a->priority,
		      (unsigned long long)a->runtime, (unsigned long long)a->deadline,
		      (unsigned long long)a->period,
		      util ? st_fmt(", sched_util_min=%u, sched_util_max=%u", a->util_min,
				    a->util_max) : "");
}

static const char *gid_list(const gid_t *g, long n)
{
	char *b = st_buf();
	int len = 0;
	long i;

	len += snprintf(b, 1024, "[");
	for (i = 0; i < n; i++)
		len += snprintf(b + len, 1024 - len, "%s%u", i ? ", " : "", g[i]);
	snprintf(b + len, 1024 - len, "]");
	return b;
}

static const char *stk(const stack_t *s)
{
	return st_fmt("{ss_sp=%s, ss_flags=%s, ss_size=%zu}", ptr(s->ss_sp),
		      s->ss_flags == SS_DISABLE ? named("0x2", "SS_DISABLE") : "0", s->ss_size);
}

int main(int argc, char **argv)
{
	static char altstack[65536];
	char dir[64], src[64], dst[64];
	long id = syscall(SYS_gettid) % 1000000;
	gid_t gl[3] = { 0, 4, 27 };
	struct sched_param sp = { 0 };
	struct attr a;
	stack_t ss, old;
	loff_t off_in, off_out;
	int in, out, p[2];
	long rv;

	/* Names from the tid, not mkdtemp: glibc's random names make a
	 * varying number of getrandom calls, and t4000 compares whole traces. */
	snprintf(dir, sizeof(dir), "/tmp/selfdesc_sched.%06ld", id);
	snprintf(src, sizeof(src), "/tmp/selfdesc_sched.in.%06ld", id);
	snprintf(dst, sizeof(dst), "/tmp/selfdesc_sched.out.%06ld", id);
	if (mkdir(dir, 0700))
		return 1;
	in = open(src, O_RDWR | O_CREAT | O_TRUNC, 0600);
	out = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0 || write(in, "0123456789abcdefghij", 20) != 20 || pipe(p))
		return 1;
	st_begin(argc, argv);

	rv = syscall(SYS_getgroups, 0, NULL);
	want(ret(rv), "getgroups(0, NULL)");
	rv = syscall(SYS_getgroups, -1, gl);
	want(err(errno), "getgroups(-1, %p)", (void *)gl);
	rv = syscall(SYS_setgroups, 3, gl);
	want(rv ? err(errno) : ret(rv), "setgroups(3, [0, 4, 27])");
	/* Without CAP_SETGID the list stays the caller's own. */
	rv = syscall(SYS_getgroups, 3, gl);
	if (rv < 0)
		want(err(errno), "getgroups(3, %p)", (void *)gl);
	else
		want(ret(rv), "getgroups(3, %s)", gid_list(gl, rv));
	rv = syscall(SYS_setgroups, 2, BADPTR);
	want(err(errno), "setgroups(2, %p)", BADPTR);

	rv = syscall(SYS_sigaltstack, NULL, &old);
	want(ret(rv), "sigaltstack(NULL, %s)", stk(&old));
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	rv = syscall(SYS_sigaltstack, &ss, &old);
	want(ret(rv), "sigaltstack(%s, %s)", stk(&ss), stk(&old));
	ss.ss_flags = SS_DISABLE;
	rv = syscall(SYS_sigaltstack, &ss, NULL);
	want(ret(rv), "sigaltstack(%s, NULL)", stk(&ss));
	rv = syscall(SYS_sigaltstack, BADPTR, NULL);
	want(err(errno), "sigaltstack(%p, NULL)", BADPTR);

	rv = syscall(SYS_sched_getparam, 0, &sp);
	want(ret(rv), "sched_getparam(0, [%d])", sp.sched_priority);
	rv = syscall(SYS_sched_setparam, 0, &sp);
	want(ret(rv), "sched_setparam(0, [%d])", sp.sched_priority);
	rv = syscall(SYS_sched_getparam, 0, NULL);
	want(err(errno), "sched_getparam(0, NULL)");
	rv = syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp);
	want(ret(rv), "sched_setscheduler(0, %s, [0])", named("0x3", "SCHED_BATCH"));
	rv = syscall(SYS_sched_getscheduler, 0);
	want(st_fmt("%ld (SCHED_BATCH)", rv), "sched_getscheduler(0)");
	rv = syscall(SYS_sched_setscheduler, 0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp);
	want(ret(rv), "sched_setscheduler(0, %s, [0])",
	     X("0x40000000 /* SCHED_??? */", "0x40000000", "0x40000000 /* SCHED_??? */"));
	rv = syscall(SYS_sched_getscheduler, 0);
	want(ret(rv), "sched_getscheduler(0)");
	rv = syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
	want(ret(rv), "sched_setscheduler(0, %s, [0])", named("0", "SCHED_OTHER"));
	rv = syscall(SYS_sched_getscheduler, 0);
	want(st_fmt("%ld (SCHED_OTHER)", rv), "sched_getscheduler(0)");

	memset(&a, 0, sizeof(a));
	rv = syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0);
	want(ret(rv), "sched_getattr(0, %s, %zu, 0)", attr_str(&a, true), sizeof(a));
	rv = syscall(SYS_sched_getattr, 0, &a, 48, 0);
	want(ret(rv), "sched_getattr(0, %s, 48, 0)", attr_str(&a, false));
	rv = syscall(SYS_sched_setattr, 0, &a, 0);
	want(ret(rv), "sched_setattr(0, %s, 0)", attr_str(&a, false));
	rv = syscall(SYS_sched_getattr, 0, &a, 8, 0);
	want(err(errno), "sched_getattr(0, %p, 8, 0)", (void *)&a);

	rv = mount("none", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755");
	want(rv ? err(errno) : ret(rv), "mount(\"none\", \"%s\", \"tmpfs\", %s, \"size=1m,mode=755\")",
	     dir, named("0x6", "MS_NOSUID|MS_NODEV"));
	rv = mount("none", dir, NULL, MS_REMOUNT | MS_RDONLY, NULL);
	want(rv ? err(errno) : ret(rv), "mount(\"none\", \"%s\", NULL, %s, NULL)", dir,
	     named("0x21", "MS_RDONLY|MS_REMOUNT"));
	rv = mount(NULL, dir, NULL, MS_REC | MS_PRIVATE, NULL);
	want(rv ? err(errno) : ret(rv), "mount(NULL, \"%s\", NULL, %s, NULL)", dir,
	     named("0x44000", "MS_REC|MS_PRIVATE"));
	rv = mount("/nonexistent", dir, "ext4", MS_MGC_VAL | MS_NOATIME, "errors=remount-ro");
	want(err(errno), "mount(\"/nonexistent\", \"%s\", \"ext4\", %s, \"errors=remount-ro\")", dir,
	     X("MS_MGC_VAL|MS_NOATIME", "0xc0ed0000|0x400",
	       "0xc0ed0000 /* MS_MGC_VAL */|0x400 /* MS_NOATIME */"));
	rv = mount("x", "/nonexistent/dir", "tmpfs", 0, BADPTR);
	want(err(errno), "mount(\"x\", \"/nonexistent/dir\", \"tmpfs\", 0, %p)", BADPTR);
	rv = umount2(dir, MNT_DETACH | UMOUNT_NOFOLLOW);
	want(rv ? err(errno) : ret(rv), "umount2(\"%s\", %s)", dir,
	     named("0xa", "MNT_DETACH|UMOUNT_NOFOLLOW"));
	rv = umount2(dir, 0x100);
	want(err(errno), "umount2(\"%s\", %s)", dir,
	     X("0x100 /* MNT_??? */", "0x100", "0x100 /* MNT_??? */"));

	off_in = 0;
	off_out = 5;
	rv = syscall(SYS_copy_file_range, in, &off_in, out, &off_out, 10, 0);
	want(ret(rv), "copy_file_range(%d, [0], %d, [5], 10, 0)", in, out);
	rv = syscall(SYS_copy_file_range, in, BADPTR, out, NULL, 10, 0);
	want(err(errno), "copy_file_range(%d, %p, %d, NULL, 10, 0)", in, BADPTR, out);
	off_in = 2;
	rv = splice(in, &off_in, p[1], NULL, 8, SPLICE_F_MOVE);
	want(ret(rv), "splice(%d, [2], %d, NULL, 8, %s)", in, p[1], named("0x1", "SPLICE_F_MOVE"));
	off_out = 3;
	rv = splice(p[0], NULL, out, &off_out, 8, 0);
	want(ret(rv), "splice(%d, NULL, %d, [3], 8, 0)", p[0], out);

	unlink(src);
	unlink(dst);
	rmdir(dir);
	return 0;
}
