/* Unit tests: the /proc parsers of procfs/proc.h on hand-made input. */
#include <errno.h>
#include <string.h>

#include "core/strbuf.h"
#include "procfs/proc.h"
#include "tap.h"

static void test_stat(void)
{
	/* A command name with spaces and ')' inside: the last ')' ends it. */
	static const char stat_line[] =
		"4242 (a) b (c)) R 1 4242 4242 34816 4250 4194560 120 0 7 0 15 3 0 0 20 -5 3 0 "
		"98765 12345678 321 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 2 0 0 0 0 "
		"0 0 0 0 0 0 0\n";
	struct proc_stat st;

	ok(proc_stat_parse(stat_line, strlen(stat_line), &st) == 0, "stat: parses");
	ok(st.pid == 4242, "stat: pid");
	is_str(st.comm, "a) b (c)", "stat: comm up to the last ')'");
	ok(st.state == 'R', "stat: state");
	ok(st.ppid == 1 && st.pgrp == 4242 && st.session == 4242, "stat: ppid pgrp session");
	ok(st.tty_nr == 34816 && st.tpgid == 4250, "stat: tty and tpgid");
	ok(st.minflt == 120 && st.majflt == 7, "stat: page faults");
	ok(st.utime == 15 && st.stime == 3, "stat: cpu ticks");
	ok(st.nice == -5 && st.num_threads == 3, "stat: nice and threads");
	ok(st.starttime == 98765 && st.vsize == 12345678 && st.rss == 321, "stat: start vsize rss");
	ok(st.processor == 1 && st.policy == 2, "stat: processor %d policy %u", st.processor,
	   st.policy);

	ok(proc_stat_parse("12 (x R 1", 9, &st) == -EINVAL, "stat: no ')' is rejected");
	ok(proc_stat_parse("12 (x) R 1 2", 12, &st) == -EINVAL, "stat: truncated is rejected");
	ok(proc_stat_parse("12 (x) R 1 2 z 4", 16, &st) == -EINVAL, "stat: bad number rejected");
}

static void test_status(void)
{
	static const char status[] = "Name:\tsleep\n"
				     "Umask:\t0022\n"
				     "State:\tS (sleeping)\n"
				     "Tgid:\t77\n"
				     "PPid:\t1\n"
				     "TracerPid:\t0\n"
				     "Uid:\t1000\t1001\t1002\t1003\n"
				     "Gid:\t100\t101\t102\t103\n"
				     "Groups:\t4 24 27 \n"
				     "VmSize:\t    8200 kB\n"
				     "VmLck:\t       4 kB\n"
				     "VmRSS:\t    1788 kB\n"
				     "RssAnon:\t     128 kB\n"
				     "RssFile:\t    1660 kB\n"
				     "RssShmem:\t       0 kB\n"
				     "VmSwap:\t       0 kB\n"
				     "Threads:\t1\n"
				     "SigPnd:\t0000000000000000\n"
				     "ShdPnd:\t0000000000000100\n"
				     "SigBlk:\t0000000000010000\n"
				     "SigIgn:\t0000000000000006\n"
				     "SigCgt:\t0000000280004a02\n"
				     "CapInh:\t0000000000000000\n"
				     "CapPrm:\t000001ffffffffff\n"
				     "CapEff:\t000001ffffffffff\n"
				     "CapBnd:\t000001ffffffffff\n"
				     "CapAmb:\t0000000000000000\n"
				     "NoNewPrivs:\t1\n"
				     "Seccomp:\t2\n"
				     "voluntary_ctxt_switches:\t15\n"
				     "nonvoluntary_ctxt_switches:\t2\n";
	struct proc_status st;

	ok(proc_status_parse(status, strlen(status), &st) == 0, "status: parses");
	is_str(st.name, "sleep", "status: name");
	ok(st.state == 'S' && st.tgid == 77 && st.ppid == 1, "status: state tgid ppid");
	ok(st.uid[0] == 1000 && st.uid[1] == 1001 && st.uid[2] == 1002 && st.uid[3] == 1003,
	   "status: real effective saved fs uids");
	ok(st.gid[0] == 100 && st.gid[3] == 103, "status: gids");
	ok(st.ngroups == 3 && st.groups[2] == 27, "status: supplementary groups");
	ok(st.umask == 022, "status: umask is octal");
	ok(st.vm_size == 8200 && st.vm_rss == 1788 && st.vm_lck == 4, "status: vm sizes");
	ok(st.rss_anon == 128 && st.rss_file == 1660 && st.rss_shmem == 0, "status: rss split");
	ok(st.sig[SIG_SET_SHDPND] == 0x100 && st.sig[SIG_SET_CGT] == 0x280004a02ULL,
	   "status: signal masks in hex");
	ok(st.cap[CAP_SET_BND] == 0x1ffffffffffULL && st.cap[CAP_SET_AMB] == 0,
	   "status: capability masks");
	ok(st.no_new_privs == 1 && st.seccomp == 2, "status: no_new_privs and seccomp");
	ok(st.vol_ctxt == 15 && st.nonvol_ctxt == 2, "status: context switches");
	ok((st.have & (PST_VM | PST_SIG | PST_CAP | PST_CTXT | PST_SWAP)) ==
		   (PST_VM | PST_SIG | PST_CAP | PST_CTXT | PST_SWAP),
	   "status: have bits set for present lines");

	/* A zombie has no memory lines: they are missing, not zero. */
	ok(proc_status_parse("Name:\tz\nState:\tZ (zombie)\nThreads:\t1\n", 38, &st) == 0 &&
		   !(st.have & PST_VM) && st.state == 'Z',
	   "status: zombie without Vm lines leaves PST_VM clear");
	ok(proc_status_parse("Uid:\t1 2\n", 9, &st) == -EINVAL, "status: short Uid rejected");
	ok(proc_status_parse("NSpid:\t4242\t7\t1\n", 17, &st) == 0 && (st.have & PST_NSPID) &&
	   st.nnspid == 3 && st.nspid[0] == 4242 && st.nspid[2] == 1,
	   "status: NSpid, outermost first");
	ok(proc_status_parse("VmRSS:\tlots kB\n", 15, &st) == -EINVAL, "status: bad size rejected");
}

static void test_maps(void)
{
	static const char maps[] =
		"55d0c0a00000-55d0c0a02000 r--p 00000000 fe:01 1234                       /usr/bin/prog\n"
		"55d0c0a02000-55d0c0a07000 r-xp 00002000 fe:01 1234                       /usr/bin/prog\n"
		"55d0c0a07000-55d0c0a09000 r--p 00007000 fe:01 1234                       /usr/bin/prog\n"
		"55d0c0a09000-55d0c0a0a000 rw-p 00009000 fe:01 1234                       /usr/bin/prog\n"
		"55d0c0a0a000-55d0c0a0c000 rw-p 00000000 00:00 0 \n"
		"55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0                          [heap]\n"
		"7f0000000000-7f0000026000 r--p 00000000 fe:01 99                         /lib/libc.so.6\n"
		"7f0000026000-7f000017c000 r-xp 00026000 fe:01 99                         /lib/libc.so.6\n"
		"7f000017c000-7f0000180000 rw-p 0017c000 fe:01 99                         /lib/libc.so.6\n"
		"7f0000180000-7f0000190000 rw-p 00000000 00:00 0 \n"
		"7f0000200000-7f0000210000 rw-s 00000000 00:01 77                         /dev/zero (deleted)\n"
		"7f0000300000-7f0000310000 rw-s 00000000 00:1a 78                         /dev/shm/seg\n"
		"7f0000400000-7f0000410000 r--s 00000000 fe:01 55                         /usr/lib/cache file\n"
		"7f0000500000-7f0000501000 rw-p 00000000 00:00 0 \n"
		"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n"
		"7ffc00100000-7ffc00104000 r--p 00000000 00:00 0                          [vvar]\n"
		"7ffc00104000-7ffc00106000 r-xp 00000000 00:00 0                          [vdso]\n";
	static const char smaps[] =
		"00400000-00401000 r-xp 00000000 fe:01 5 /bin/x\n"
		"Size:                  4 kB\n"
		"Rss:                   4 kB\n"
		"Pss:                   2 kB\n"
		"Shared_Dirty:          0 kB\n"
		"Private_Dirty:         4 kB\n"
		"Swap:                  0 kB\n"
		"VmFlags: rd ex mr mw me nr \n"
		"00600000-00602000 rw-p 00000000 00:00 0\n"
		"Rss:                   8 kB\n"
		"Shared_Dirty:          4 kB\n"
		"Private_Dirty:         4 kB\n"
		"VmFlags: rd wr mr mw me ac \n";
	static const enum map_region want[] = {
		REG_RODATA, REG_TEXT, REG_RODATA, REG_DATA, REG_BSS,  REG_HEAP,  REG_LIB, REG_LIB,
		REG_LIB,    REG_BSS,  REG_SHM,    REG_SHM,  REG_FILE, REG_ANON, REG_STACK, REG_VVAR,
		REG_VDSO,
	};
	struct proc_maps m;
	struct proc_map one;
	const char *libs[8];
	size_t i, n;
	bool all = true;

	ok(proc_maps_parse(maps, strlen(maps), &m) == 0 && m.n == 17, "maps: 17 mappings");
	ok(m.v[1].start == 0x55d0c0a02000ULL && m.v[1].end == 0x55d0c0a07000ULL &&
		   m.v[1].offset == 0x2000 && m.v[1].inode == 1234 && m.v[1].dev_major == 0xfe &&
		   m.v[1].dev_minor == 1,
	   "maps: addresses, offset, device, inode");
	is_str(m.v[1].perms, "r-xp", "maps: perms");
	is_str(m.v[1].path, "/usr/bin/prog", "maps: path");
	ok(m.v[4].path == NULL, "maps: anonymous mapping has no path");
	ok(m.v[10].deleted && !strcmp(m.v[10].path, "/dev/zero"), "maps: (deleted) stripped and flagged");
	is_str(m.v[12].path, "/usr/lib/cache file", "maps: path with a space");

	proc_maps_label(&m, "/usr/bin/prog");
	for (i = 0; i < m.n; i++) {
		if (m.v[i].region != want[i]) {
			all = false;
			printf("# mapping %zu: got %s want %s\n", i, proc_region_name(m.v[i].region),
			       proc_region_name(want[i]));
		}
	}
	ok(all, "maps: regions text/rodata/data/bss/heap/lib/shm/file/anon/stack/vvar/vdso");
	is_str(m.v[9].owner, "/lib/libc.so.6", "maps: a library's bss names its library");

	n = proc_maps_libs(&m, "/usr/bin/prog", libs, ARRAY_SIZE(libs));
	ok(n == 1 && !strcmp(libs[0], "/lib/libc.so.6"), "maps: libs lists libc once, not the program");
	proc_maps_release(&m);

	ok(proc_maps_parse(smaps, strlen(smaps), &m) == 0 && m.n == 2, "smaps: 2 mappings");
	ok(m.v[0].have_smaps && m.v[0].rss == 4 && m.v[0].pss == 2 && m.v[0].dirty == 4 &&
		   m.v[0].noreserve,
	   "smaps: rss, pss, dirty, noreserve of the first");
	ok(m.v[1].rss == 8 && m.v[1].dirty == 8 && !m.v[1].noreserve,
	   "smaps: dirty is shared + private");
	proc_maps_release(&m);

	ok(proc_map_parse_line("zz-10 r-xp 0 0:0 0", 18, &one) == -EINVAL, "maps: bad address rejected");
	ok(proc_map_parse_line("20-10 r-xp 0 00:00 0", 20, &one) == -EINVAL, "maps: end < start rejected");
	ok(proc_maps_parse("10-20 rwxpq 0 00:00 0\n", 22, &m) == -EINVAL, "maps: bad perms rejected");
	proc_maps_release(&m);
}

static void test_names(void)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[16];

	proc_format_caps(&sb, (1ULL << 0) | (1ULL << 21) | (1ULL << 40), ",");
	is_str(sb.buf, "cap_chown,cap_sys_admin,cap_checkpoint_restore", "caps: decoded by name");
	sb_reset(&sb);
	proc_format_caps(&sb, 1ULL << 45, ",");
	is_str(sb.buf, "cap_45", "caps: unknown bit by number");
	sb_reset(&sb);
	proc_format_caps(&sb, 0, ",");
	ok(sb.len == 0, "caps: empty mask adds nothing");
	ok(proc_cap_count() == 41, "caps: table knows 41 capabilities");

	sb_reset(&sb);
	/* SigCgt of a typical shell: bits n-1 for HUP INT CHLD, and RT 33, 34 */
	proc_format_sigmask(&sb, (1ULL << 0) | (1ULL << 1) | (1ULL << 16) | (1ULL << 31) |
					 (1ULL << 32) | (1ULL << 33) | (1ULL << 63),
			    "|");
	is_str(sb.buf, "SIGHUP|SIGINT|SIGCHLD|SIGRTMIN|SIGRT_1|SIGRT_2|SIGRT_32",
	       "signals: mask decoded, real-time as strace names them");
	is_str(proc_sig_name(15, buf, sizeof(buf)), "SIGTERM", "signals: 15 is SIGTERM");
	is_str(proc_sched_policy_name(0), "SCHED_OTHER", "policy 0");
	ok(proc_sched_policy_name(4) == NULL, "policy 4 has no name");
	sb_release(&sb);
}

static void test_limits_kv(void)
{
	static const char limits[] =
		"Limit                     Soft Limit           Hard Limit           Units     \n"
		"Max cpu time              unlimited            unlimited            seconds   \n"
		"Max open files            1024                 524288               files     \n"
		"Max nice priority         0                    0                    \n";
	static const char io[] = "rchar: 1948\nwchar: 12\nsyscr: 7\nread_bytes: 0\n";
	struct proc_limit l[8];
	unsigned long long v = 99;

	ok(proc_limits_parse(limits, strlen(limits), l, 8) == 3, "limits: 3 rows");
	ok(!strcmp(l[1].name, "Max open files") && !strcmp(l[1].soft, "1024") &&
		   !strcmp(l[1].hard, "524288") && !strcmp(l[1].units, "files"),
	   "limits: open files row");
	ok(!strcmp(l[2].units, ""), "limits: no units");
	ok(proc_limits_parse("garbage\n", 8, l, 8) == -EINVAL, "limits: no header rejected");

	ok(proc_kv_get(io, strlen(io), "wchar", &v) == 0 && v == 12, "io: wchar");
	ok(proc_kv_get(io, strlen(io), "read_bytes", &v) == 0 && v == 0, "io: read_bytes");
	ok(proc_kv_get(io, strlen(io), "cancelled_write_bytes", &v) == -ENOENT,
	   "io: a missing key is -ENOENT");
}

int main(void)
{
	test_stat();
	test_status();
	test_maps();
	test_names();
	test_limits_kv();
	return done_testing();
}
