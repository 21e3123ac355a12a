/* selfdesc_caps.c: capget and capset describing their own trace lines.
 * trace: capget,capset
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <linux/capability.h>
#include <stdint.h>

/* strace's names of capability bits, by number (linux/capability.h). */
static const char *const capname[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
	"SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
	"SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
	"AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
	"BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};
#define NCAPS (int)(sizeof(capname) / sizeof(capname[0]))

/* One u32 of a set: word 1 holds capabilities 32 and up. */
static void word(char *b, uint32_t v, int w)
{
	char names[1024] = "";
	uint32_t rest = v;
	int i, n = 0;

	for (i = 0; i < 32; i++) {
		if (!(v & (1u << i)) || 32 * w + i >= NCAPS)
			continue;
		n += sprintf(names + n, "%s1<<CAP_%s", n ? "|" : "", capname[32 * w + i]);
		rest &= ~(1u << i);
	}
	if (rest && n)
		sprintf(names + n, "|%#x", rest);
	if (!v)
		strcat(b, "0");
	else if (st_xstyle == ST_RAW)
		sprintf(b + strlen(b), "%#x", v);
	else if (!n)
		sprintf(b + strlen(b), "%#x /* CAP_??? */", v);
	else if (st_xstyle == ST_VERBOSE)
		sprintf(b + strlen(b), "%#x /* %s */", v, names);
	else
		strcat(b, names);
}

/* Sets are longer than st_buf()'s 1024 bytes: a ring of bigger buffers. */
static char *bigbuf(void)
{
	static char ring[8][4096];
	static unsigned next;

	return ring[next++ % 8];
}

/* A set from its two words: the low one unless only the high one is set,
 * then '|' and the high one if it is set. */
static const char *set(uint32_t lo, uint32_t hi)
{
	char *b = bigbuf();

	*b = 0;
	if (lo || !hi)
		word(b, lo, 0);
	if (hi) {
		if (lo)
			strcat(b, "|");
		word(b, hi, 1);
	}
	return b;
}

static const char *data(const struct __user_cap_data_struct *d, int words)
{
	char *b = bigbuf();

	snprintf(b, 4096, "{effective=%s, permitted=%s, inheritable=%s}",
		 set(d[0].effective, words > 1 ? d[1].effective : 0),
		 set(d[0].permitted, words > 1 ? d[1].permitted : 0),
		 set(d[0].inheritable, words > 1 ? d[1].inheritable : 0));
	return b;
}

static const char *hdr(uint32_t version, const char *vname, int pid)
{
	const char *v = vname ? named(st_fmt("%#x", version), vname)
			      : st_xstyle == ST_RAW ? st_fmt("%#x", version)
			      : st_fmt("%#x /* _LINUX_CAPABILITY_VERSION_??? */", version);

	return st_fmt("{version=%s, pid=%d}", v, pid);
}

#define V1 "_LINUX_CAPABILITY_VERSION_1"
#define V2 "_LINUX_CAPABILITY_VERSION_2"
#define V3 "_LINUX_CAPABILITY_VERSION_3"

int main(int argc, char **argv)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2], cur[2];
	long r;

	st_begin(argc, argv);

	r = syscall(SYS_capget, &h, cur);
	want(ret(r), "capget(%s, %s)", hdr(h.version, V3, 0), data(cur, 2));
	r = syscall(SYS_capget, &h, NULL);
	want(ret(r), "capget(%s, NULL)", hdr(h.version, V3, 0));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	r = syscall(SYS_capget, &h, d);
	want(ret(r), "capget(%s, %s)", hdr(_LINUX_CAPABILITY_VERSION_1, V1, 0), data(d, 1));
	h.version = _LINUX_CAPABILITY_VERSION_2;
	r = syscall(SYS_capget, &h, d);
	want(ret(r), "capget(%s, %s)", hdr(_LINUX_CAPABILITY_VERSION_2, V2, 0), data(d, 2));
	/* An unknown version: the kernel writes back its own, strace shows the one passed. */
	h.version = 0x12345678;
	r = syscall(SYS_capget, &h, d);
	want(err(errno), "capget(%s, %p)", hdr(0x12345678, NULL, 0), (void *)d);
	h.version = 0;
	r = syscall(SYS_capget, &h, d);
	want(err(errno), "capget(%s, %p)", hdr(0, NULL, 0), (void *)d);
	r = syscall(SYS_capget, NULL, d);
	want(err(errno), "capget(NULL, %p)", (void *)d);
	r = syscall(SYS_capget, BADPTR, d);
	want(err(errno), "capget(%p, %p)", BADPTR, (void *)d);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	r = syscall(SYS_capget, &h, BADPTR);
	want(err(errno), "capget(%s, %p)", hdr(h.version, V3, 0), BADPTR);
	h.pid = 99999999;
	r = syscall(SYS_capget, &h, d);
	want(err(errno), "capget(%s, %p)", hdr(h.version, V3, 99999999), (void *)d);
	h.pid = 0;

	/* Setting what is already there succeeds, whatever the caps are. */
	r = syscall(SYS_capset, &h, cur);
	want(r ? err(errno) : ret(r), "capset(%s, %s)", hdr(h.version, V3, 0), data(cur, 2));
	/* Bits no capability has: strace shows them in hex after the names. */
	d[0] = cur[0];
	d[1] = cur[1];
	d[1].permitted |= 0x80000000;
	d[1].effective = 0x80000000;
	d[0].effective = 0;
	d[0].inheritable = 0;
	d[1].inheritable = 0;
	r = syscall(SYS_capset, &h, d);
	want(r ? err(errno) : ret(r), "capset(%s, %s)", hdr(h.version, V3, 0), data(d, 2));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	r = syscall(SYS_capset, &h, cur);
	want(r ? err(errno) : ret(r), "capset(%s, %s)", hdr(h.version, V1, 0), data(cur, 1));
	r = syscall(SYS_capset, &h, NULL);
	want(err(errno), "capset(%s, NULL)", hdr(h.version, V1, 0));
	r = syscall(SYS_capset, &h, BADPTR);
	want(err(errno), "capset(%s, %p)", hdr(h.version, V1, 0), BADPTR);
	h.version = 0x12345678;
	r = syscall(SYS_capset, &h, cur);
	want(err(errno), "capset(%s, %s)", hdr(0x12345678, NULL, 0), data(cur, 1));
	return 0;
}
