/* process.c: decoders of the process, time and scheduling syscalls (clone,
 * wait4, prlimit64, futex, ...), printed as strace 6.1 prints them. */
#include <asm/prctl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "core/util.h"
#include "decode/decode.h"
#include "decode/named.h"
#include "decode/procfam.h"
#include "format/format.h"

/* clone's arguments on x86_64: flags, stack, parent_tid, child_tid, tls. */
enum { CL_FLAGS, CL_STACK, CL_PTID, CL_CTID, CL_TLS };

void cap_clone(struct capctx *cc, int phase);

/* At exit, what the kernel wrote at parent_tid (the pidfd or the child's
 * tid), and with -y what the pidfd is, while it is there to look at. */
void cap_clone(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	const struct capture *k;

	if (phase != PH_EXIT || call_failed(c) || !c->args[CL_PTID] ||
	    !(c->args[CL_FLAGS] & (CLONE_PARENT_SETTID | CLONE_PIDFD)))
		return;
	cap_queue(cc, CL_PTID, c->args[CL_PTID], 4);
	if (!(c->args[CL_FLAGS] & CLONE_PIDFD) || !cc->opt->decode_fds)
		return;
	cap_flush(cc);
	k = call_cap(c, CL_PTID);
	if (k && !(k->flags & CAP_FAULT) && k->len == 4) {
		int32_t fd;

		memcpy(&fd, call_cap_data(c, k), 4); /* captures are packed */
		cap_fd_desc(cc, CAP_FDDESC(CL_PTID), fd);
	}
}

void dec_clone(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	uint64_t flags = c->args[CL_FLAGS] & ~(uint64_t)CSIGNAL;
	int sig = (int)(c->args[CL_FLAGS] & CSIGNAL);
	struct strbuf sb = STRBUF_INIT;
	char buf[16];
	const char *sn;

	if (phase == PH_ENTRY) {
		o_field(d->o, "child_stack");
		o_ptr(d->o, c->args[CL_STACK]);
		o_field(d->o, "flags");
		/* One strace token: the flags and the exit signal joined by '|'
		 * (-X raw: 0x1200000|17), each in the -X style. */
		if (flags || !sig)
			sb_flags(&sb, d->opt->xlat_style, xlat_get(XLAT_ID(clone_flags)), flags);
		if (sig) {
			if (flags)
				sb_putc(&sb, '|');
			sn = signame(sig, buf);
			if (sn)
				sb_named(&sb, d->opt->xlat_style, NUM_DEC, sig, sn);
			else
				sb_put_int(&sb, sig);
		}
		o_raw(d->o, sb.buf);
		sb_release(&sb);
		return;
	}
	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		const void *v = dec_mem(d, CL_PTID, 4);
		int32_t val = 0;

		/* What the kernel wrote there: the pidfd (with -y what it is) or
		 * the child's tid; the address when the call failed or it could
		 * not be read. */
		o_field(d->o, "parent_tid");
		if (!v || call_failed(c)) {
			o_ptr(d->o, c->args[CL_PTID]);
		} else {
			memcpy(&val, v, 4);
			o_array_begin(d->o);
			if (flags & CLONE_PIDFD)
				dec_fd(d, CL_PTID, val);
			else
				o_uint(d->o, (uint32_t)val);
			o_array_end(d->o);
		}
	}
	if (flags & CLONE_SETTLS) {
		o_field(d->o, "tls");
		o_ptr(d->o, c->args[CL_TLS]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		o_field(d->o, "child_tidptr");
		o_ptr(d->o, c->args[CL_CTID]);
	}
}

/* A wait status the way strace writes it: {WIFEXITED(s) && WEXITSTATUS(s) == 0}. */
static void wait_status(struct strbuf *sb, int st)
{
	char buf[16];
	const char *sn;
	int sig;

	sb_putc(sb, '{');
	if (WIFSTOPPED(st)) {
		sig = WSTOPSIG(st);
		sn = signame(sig, buf);
		sb_puts(sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		if (sn)
			sb_puts(sb, sn);
		else
			sb_put_int(sb, sig);
	} else if (WIFSIGNALED(st)) {
		sig = WTERMSIG(st);
		sn = signame(sig, buf);
		sb_puts(sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		if (sn)
			sb_puts(sb, sn);
		else
			sb_put_int(sb, sig);
		if (WCOREDUMP(st))
			sb_puts(sb, " && WCOREDUMP(s)");
	} else if (WIFEXITED(st)) {
		sb_printf(sb, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(st));
	} else if (WIFCONTINUED(st)) {
		sb_puts(sb, "WIFCONTINUED(s)");
	} else {
		sb_printf(sb, "%#x", st);
	}
	sb_putc(sb, '}');
	if (WIFSTOPPED(st) && (st >> 16))
		sb_printf(sb, " | %#x << 16", st >> 16);
}

static void rusage(struct dctx *d, int i);

void dec_wait4(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const int32_t *st;
	struct strbuf sb = STRBUF_INIT;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)c->args[0]);
		return;
	}
	st = dec_mem(d, 1, 4);
	if (c->ret == 0 || !c->args[1] || !st) {
		o_ptr(d->o, c->args[1]);
	} else {
		wait_status(&sb, *st);
		o_array_begin(d->o);
		o_raw(d->o, sb.buf);
		o_array_end(d->o);
		sb_release(&sb);
	}
	o_flags(d->o, xlat_get(XLAT_ID(wait4_options)), (uint32_t)c->args[2], "W???");
	rusage(d, 3);
}

void dec_arch_prctl(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_xval(d->o, xlat_get(XLAT_ID(arch_prctl_codes)), c->args[0], "ARCH_???");
	o_hex(d->o, c->args[1]);
}

/* strace's rlimit value: RLIM64_INFINITY, N*1024 for multiples of 1024, or N
 * (-X raw: the number; -X verbose: the number, then the other form in a comment). */
static void rlim(struct out *o, uint64_t v)
{
	char buf[32];

	if (v == UINT64_MAX) {
		dec_named(o, NUM_UDEC, v, "RLIM64_INFINITY");
	} else if (v > 1024 && v % 1024 == 0) {
		snprintf(buf, sizeof(buf), "%" PRIu64 "*1024", v / 1024);
		dec_named(o, NUM_UDEC, v, buf);
	} else {
		o_uint(o, v);
	}
}

static void dec_rlimit(struct dctx *d, int slot, uint64_t addr, bool out)
{
	const uint64_t *p = dec_mem(d, slot, 16);

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	if (!p || (out && call_failed(d->c))) {
		o_hex(d->o, addr);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "rlim_cur");
	rlim(d->o, p[0]);
	o_field(d->o, "rlim_max");
	rlim(d->o, p[1]);
	o_struct_end(d->o);
}

void dec_prlimit(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)c->args[0]);
		o_xval(d->o, xlat_get(XLAT_ID(rlimit_resources)), (uint32_t)c->args[1], "RLIMIT_???");
		dec_rlimit(d, 2, c->args[2], false);
		return;
	}
	dec_rlimit(d, 3, c->args[3], true);
}

void dec_getrlimit(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY)
		o_xval(d->o, xlat_get(XLAT_ID(rlimit_resources)), (uint32_t)c->args[0], "RLIMIT_???");
	else
		dec_rlimit(d, 1, c->args[1], true);
}

void dec_setrlimit(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_xval(d->o, xlat_get(XLAT_ID(rlimit_resources)), (uint32_t)c->args[0], "RLIMIT_???");
	dec_rlimit(d, 1, c->args[1], false);
}

static bool futex_has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_WAIT_REQUEUE_PI;
}

void cap_futex(struct capctx *cc, int phase)
{
	int cmd = (int)cc->c->args[1] & FUTEX_CMD_MASK;

	if (phase == PH_ENTRY && cc->c->args[3] && futex_has_timeout(cmd))
		cap_queue(cc, 3, cc->c->args[3], 16);
}

static void bitset(struct out *o, uint32_t v)
{
	if (v == FUTEX_BITSET_MATCH_ANY)
		dec_named(o, NUM_HEX, v, "FUTEX_BITSET_MATCH_ANY");
	else
		o_hex(o, v);
}

void dec_futex(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	int op = (int)c->args[1];
	int cmd = op & FUTEX_CMD_MASK;
	const char *name = xlat_lookup(xlat_get(XLAT_ID(futex_ops)), cmd);
	struct strbuf sb = STRBUF_INIT;

	if (phase != PH_ENTRY)
		return;
	o_ptr(d->o, c->args[0]);
	if (name && d->opt->xlat_style != XLAT_STYLE_RAW) {
		sb_puts(&sb, name);
		if (op & FUTEX_PRIVATE_FLAG)
			sb_puts(&sb, "_PRIVATE");
		if (op & FUTEX_CLOCK_REALTIME)
			sb_puts(&sb, "|FUTEX_CLOCK_REALTIME");
		dec_named(d->o, NUM_HEX, (uint32_t)op, sb.buf);
		sb_release(&sb);
	} else {
		o_hex(d->o, (uint32_t)op);
	}
	o_uint(d->o, (uint32_t)c->args[2]);
	switch (cmd) {
	case FUTEX_WAIT:
		dec_timespec(d, 3, c->args[3]);
		break;
	case FUTEX_WAIT_BITSET:
		dec_timespec(d, 3, c->args[3]);
		bitset(d->o, (uint32_t)c->args[5]);
		break;
	case FUTEX_WAKE_BITSET:
		bitset(d->o, (uint32_t)c->args[5]);
		break;
	case FUTEX_WAKE:
		break;
	case FUTEX_REQUEUE:
		o_uint(d->o, (uint32_t)c->args[3]);
		o_ptr(d->o, c->args[4]);
		break;
	case FUTEX_CMP_REQUEUE:
		o_uint(d->o, (uint32_t)c->args[3]);
		o_ptr(d->o, c->args[4]);
		o_uint(d->o, (uint32_t)c->args[5]);
		break;
	default:
		o_hex(d->o, c->args[3]);
		o_ptr(d->o, c->args[4]);
		o_hex(d->o, c->args[5]);
		break;
	}
}

void dec_getrandom(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	struct dopts hex;
	const struct dopts *saved = d->o->opt;

	if (phase == PH_ENTRY)
		return;
	if (call_failed(c)) {
		o_hex(d->o, c->args[0]);
	} else {
		/* strace prints random bytes in hex whatever -x says. */
		hex = *saved;
		hex.xflag = 2;
		d->o->opt = &hex;
		dec_buf(d, 0, c->args[0], (uint64_t)c->ret);
		d->o->opt = saved;
	}
	o_uint(d->o, c->args[1]);
	o_flags(d->o, xlat_get(XLAT_ID(getrandom_flags)), (uint32_t)c->args[2], NULL);
}

void dec_nanosleep(struct dctx *d, int phase)
{
	if (phase == PH_ENTRY)
		dec_timespec(d, 0, d->c->args[0]);
	else
		o_ptr(d->o, d->c->args[1]);
}

void dec_clock_nanosleep(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		o_xval(d->o, xlat_get(XLAT_ID(clockids)), (uint32_t)c->args[0], "CLOCK_???");
		o_flags(d->o, xlat_get(XLAT_ID(clock_nanosleep_flags)), (uint32_t)c->args[1], NULL);
		dec_timespec(d, 2, c->args[2]);
	} else {
		o_ptr(d->o, c->args[3]);
	}
}

void dec_clock_gettime(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY)
		o_xval(d->o, xlat_get(XLAT_ID(clockids)), (uint32_t)c->args[0], "CLOCK_???");
	else if (call_failed(c) && c->args[1])
		o_hex(d->o, c->args[1]);
	else
		dec_timespec(d, 1, c->args[1]);
}

void dec_clock_settime(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_xval(d->o, xlat_get(XLAT_ID(clockids)), (uint32_t)c->args[0], "CLOCK_???");
	dec_timespec(d, 1, c->args[1]);
}

/* --- uname, times, getrusage, wait4's rusage, interval timers ---------- */

void dec_uname(struct dctx *d, int phase);
void cap_uname(struct capctx *cc, int phase);
void dec_times(struct dctx *d, int phase);
void cap_times(struct capctx *cc, int phase);
void dec_getrusage(struct dctx *d, int phase);
void cap_getrusage(struct capctx *cc, int phase);
void cap_wait4(struct capctx *cc, int phase);
void dec_waitid(struct dctx *d, int phase);
void cap_waitid(struct capctx *cc, int phase);
void dec_capget(struct dctx *d, int phase);
void cap_capget(struct capctx *cc, int phase);
void dec_getitimer(struct dctx *d, int phase);
void cap_getitimer(struct capctx *cc, int phase);
void dec_setitimer(struct dctx *d, int phase);
void cap_setitimer(struct capctx *cc, int phase);

/* x86_64 layouts, as the kernel writes them. */
#define UTS_FIELD 65
#define UTS_SIZE (6 * UTS_FIELD)
#define TMS_SIZE (4 * 8)
#define TIMEVAL_SIZE 16
#define RUSAGE_SIZE (2 * TIMEVAL_SIZE + 14 * 8)
#define ITIMERVAL_SIZE (2 * TIMEVAL_SIZE)

/* A struct the kernel fills, read at exit when the call succeeded. */
static void cap_out_struct(struct capctx *cc, int phase, int i, uint32_t size)
{
	if (phase == PH_EXIT && cc->c->args[i] && !call_failed(cc->c))
		cap_queue(cc, i, cc->c->args[i], size);
}

/* The struct at argument i, or (NULL when it was NULL, its address when it
 * could not be read or the call failed and out says it was to be filled) as
 * strace prints a pointer it does not follow. */
static const void *struct_or_ptr(struct dctx *d, int i, size_t size, bool out)
{
	const void *p;

	if (!d->c->args[i] || (out && call_failed(d->c))) {
		o_ptr(d->o, d->c->args[i]);
		return NULL;
	}
	p = dec_mem(d, i, size);
	if (!p)
		o_ptr(d->o, d->c->args[i]);
	return p;
}

void cap_uname(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 0, UTS_SIZE);
}

static void uts_field(struct out *o, const char *name, const char *s)
{
	o_field(o, name);
	o_str(o, s, strnlen(s, UTS_FIELD), STR_NUL);
}

/* strace shows sysname and nodename, and the rest with -v. */
void dec_uname(struct dctx *d, int phase)
{
	static const char *const names[] = { "sysname", "nodename", "release", "version",
					     "machine", "domainname" };
	const char *u;
	unsigned i;

	if (phase != PH_EXIT)
		return;
	u = struct_or_ptr(d, 0, UTS_SIZE, true);
	if (!u)
		return;
	o_struct_begin(d->o);
	for (i = 0; i < 6; i++) {
		if (i == 2 && !d->opt->verbose) {
			o_more(d->o);
			break;
		}
		uts_field(d->o, names[i], u + i * UTS_FIELD);
	}
	o_struct_end(d->o);
}

void cap_times(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 0, TMS_SIZE);
}

void dec_times(struct dctx *d, int phase)
{
	static const char *const names[] = { "tms_utime", "tms_stime", "tms_cutime",
					     "tms_cstime" };
	const void *p;
	int64_t t[4];
	unsigned i;

	if (phase != PH_EXIT)
		return;
	p = struct_or_ptr(d, 0, TMS_SIZE, true);
	if (!p)
		return;
	memcpy(t, p, sizeof(t)); /* captured bytes are not aligned */
	o_struct_begin(d->o);
	for (i = 0; i < 4; i++) {
		o_field(d->o, names[i]);
		out_clock_t(d->o, t[i]);
	}
	o_struct_end(d->o);
}

/* {tv_sec=N, tv_usec=N} from two 64-bit words. */
static void timeval(struct out *o, const int64_t *tv)
{
	o_struct_begin(o);
	o_field(o, "tv_sec");
	o_int(o, tv[0]);
	o_field(o, "tv_usec");
	o_int(o, tv[1]);
	o_struct_end(o);
}

/* struct rusage: the two times, then (with -v) the 14 counters, else "...". */
static void rusage(struct dctx *d, int i)
{
	static const char *const names[] = {
		"ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt",
		"ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv",
		"ru_nsignals", "ru_nvcsw", "ru_nivcsw",
	};
	const void *p = struct_or_ptr(d, i, RUSAGE_SIZE, true);
	int64_t r[RUSAGE_SIZE / 8];
	unsigned k;

	if (!p)
		return;
	memcpy(r, p, sizeof(r)); /* captured bytes are not aligned */
	o_struct_begin(d->o);
	o_field(d->o, "ru_utime");
	timeval(d->o, r);
	o_field(d->o, "ru_stime");
	timeval(d->o, r + 2);
	if (!d->opt->verbose) {
		o_more(d->o);
	} else {
		for (k = 0; k < 14; k++) {
			o_field(d->o, names[k]);
			o_int(d->o, r[4 + k]);
		}
	}
	o_struct_end(d->o);
}

void cap_getrusage(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 1, RUSAGE_SIZE);
}

void dec_getrusage(struct dctx *d, int phase)
{
	const struct xlat *x = xlat_get(XLAT_ID(rusage_who));
	int who = (int)d->c->args[0];
	const char *name = xlat_lookup(x, (unsigned long long)(long long)who);

	/* The table holds RUSAGE_CHILDREN as -1; strace prints the int as %#x. */
	if (phase == PH_ENTRY && name)
		dec_named(d->o, NUM_HEX, (uint32_t)who, name);
	else if (phase == PH_ENTRY)
		o_xval(d->o, x, (uint32_t)who, "RUSAGE_???");
	else
		rusage(d, 1);
}

/* wait4's status comes from its signature (intout); the rusage is read here. */
void cap_wait4(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 3, RUSAGE_SIZE);
}

/* waitid(idtype, id, infop, options, rusage): the siginfo_t and the rusage
 * the kernel filled, read at exit. */
#define SIGINFO_SIZE 128

void cap_waitid(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 2, SIGINFO_SIZE);
	cap_out_struct(cc, phase, 4, RUSAGE_SIZE);
	if (phase == PH_ENTRY && (uint32_t)cc->c->args[0] == P_PIDFD)
		cap_fd_desc(cc, CAP_FDDESC(1), (int)cc->c->args[1]);
}

void dec_waitid(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const void *si;

	if (phase == PH_ENTRY) {
		o_xval(d->o, xlat_get(XLAT_ID(waitid_types)), (uint32_t)c->args[0], "P_???");
		if ((uint32_t)c->args[0] == P_PIDFD)
			dec_fd(d, 1, (int)c->args[1]);
		else
			o_int(d->o, (int)c->args[1]);
		return;
	}
	/* WNOHANG with no child to report leaves the siginfo zeroed: {} */
	si = struct_or_ptr(d, 2, SIGINFO_SIZE, true);
	if (si)
		decode_siginfo(d->o, si, SIGINFO_SIZE);
	o_flags(d->o, xlat_get(XLAT_ID(wait4_options)), (uint32_t)c->args[3], "W???");
	rusage(d, 4);
}

/* --- capget, capset -------------------------------------------------------
 * capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0},
 *        {effective=1<<CAP_CHOWN|..., permitted=..., inheritable=0})
 * Version 1 has one struct of three u32 sets, versions 2 and 3 two, the
 * second holding capabilities 32..63. */
#define CAP_HEADER_SIZE 8
#define CAP_DATA_SIZE 12 /* effective, permitted, inheritable */

/* How many data structs the header's version means (1 for an unknown one,
 * as strace reads it). */
static unsigned cap_words(const struct dctx *d)
{
	const uint32_t *h = dec_mem((struct dctx *)d, 0, CAP_HEADER_SIZE);

	if (h && (h[0] == _LINUX_CAPABILITY_VERSION_2 || h[0] == _LINUX_CAPABILITY_VERSION_3))
		return 2;
	return 1;
}

void cap_capget(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool get = c->nr == __NR_capget;
	const struct capture *k;
	uint32_t version = 0;

	if (phase == PH_ENTRY && c->args[0]) {
		cap_queue(cc, 0, c->args[0], CAP_HEADER_SIZE);
		cap_flush(cc);
	}
	/* capset's data is read at entry, capget's at exit if it succeeded. */
	if (!c->args[1] || (phase == PH_ENTRY) != !get || (get && call_failed(c)))
		return;
	k = call_cap(c, 0);
	if (k && !(k->flags & CAP_FAULT) && k->len >= 4)
		memcpy(&version, call_cap_data(c, k), 4);
	cap_queue(cc, 1, c->args[1],
		  (version == _LINUX_CAPABILITY_VERSION_2 || version == _LINUX_CAPABILITY_VERSION_3 ?
		   2 : 1) * CAP_DATA_SIZE);
}

/* One u32 of capability bits: 1<<CAP_CHOWN|1<<CAP_KILL, in the -X style. */
static void cap_bits(struct strbuf *sb, int style, int word, uint32_t v)
{
	const struct xlat *x = xlat_get(word ? XLAT_ID(cap_mask1) : XLAT_ID(cap_mask0));
	unsigned i;
	bool known = false;

	for (i = 0; i < x->n; i++)
		known |= (v & x->e[i].val) != 0;
	if (v && !known && style != XLAT_STYLE_RAW) {
		sb_xhex(sb, v);
		sb_puts(sb, " /* CAP_??? */");
		return;
	}
	sb_flags(sb, style, x, v);
}

/* A set from its two words, as strace joins them: the low word unless only
 * the high one is set, then '|' and the high word if it is set. */
static void cap_set(struct dctx *d, const char *name, const uint8_t *p, unsigned words, int off)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t lo, hi = 0;

	memcpy(&lo, p + off, 4);
	if (words > 1)
		memcpy(&hi, p + CAP_DATA_SIZE + off, 4);
	if (lo || !hi)
		cap_bits(&sb, d->opt->xlat_style, 0, lo);
	if (hi) {
		if (lo)
			sb_putc(&sb, '|');
		cap_bits(&sb, d->opt->xlat_style, 1, hi);
	}
	o_field(d->o, name);
	/* One token: the vocabulary's flags are one word of one table. */
	o_raw(d->o, sb.buf);
	sb_release(&sb);
}

static void cap_data(struct dctx *d, bool out)
{
	unsigned words = cap_words(d);
	const uint8_t *p = struct_or_ptr(d, 1, words * CAP_DATA_SIZE, out);

	if (!p)
		return;
	o_struct_begin(d->o);
	cap_set(d, "effective", p, words, 0);
	cap_set(d, "permitted", p, words, 4);
	cap_set(d, "inheritable", p, words, 8);
	o_struct_end(d->o);
}

void dec_capget(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const uint32_t *h;

	if (phase == PH_ENTRY) {
		h = struct_or_ptr(d, 0, CAP_HEADER_SIZE, false);
		if (h) {
			o_struct_begin(d->o);
			o_field(d->o, "version");
			o_xval(d->o, xlat_get(XLAT_ID(cap_versions)), h[0],
			       "_LINUX_CAPABILITY_VERSION_???");
			o_field(d->o, "pid");
			o_int(d->o, (int32_t)h[1]);
			o_struct_end(d->o);
		}
		if (c->nr == __NR_capset)
			cap_data(d, false);
		return;
	}
	if (c->nr == __NR_capget)
		cap_data(d, true);
}

static void itimerval(struct dctx *d, int i, bool out)
{
	const void *p = struct_or_ptr(d, i, ITIMERVAL_SIZE, out);
	int64_t v[ITIMERVAL_SIZE / 8];

	if (!p)
		return;
	memcpy(v, p, sizeof(v)); /* captured bytes are not aligned */
	o_struct_begin(d->o);
	o_field(d->o, "it_interval");
	timeval(d->o, v);
	o_field(d->o, "it_value");
	timeval(d->o, v + 2);
	o_struct_end(d->o);
}

void cap_getitimer(struct capctx *cc, int phase)
{
	cap_out_struct(cc, phase, 1, ITIMERVAL_SIZE);
}

void dec_getitimer(struct dctx *d, int phase)
{
	if (phase == PH_ENTRY)
		o_xval(d->o, xlat_get(XLAT_ID(itimer_which)), (uint32_t)d->c->args[0], "ITIMER_???");
	else
		itimerval(d, 1, true);
}

void cap_setitimer(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[1])
		cap_queue(cc, 1, cc->c->args[1], ITIMERVAL_SIZE);
	cap_out_struct(cc, phase, 2, ITIMERVAL_SIZE);
}

void dec_setitimer(struct dctx *d, int phase)
{
	if (phase == PH_ENTRY) {
		o_xval(d->o, xlat_get(XLAT_ID(itimer_which)), (uint32_t)d->c->args[0], "ITIMER_???");
		itimerval(d, 1, false);
	} else {
		itimerval(d, 2, true);
	}
}

/* --- getgroups, setgroups ----------------------------------------------- */

void dec_getgroups(struct dctx *d, int phase);
void cap_getgroups(struct capctx *cc, int phase);
void dec_setgroups(struct dctx *d, int phase);
void cap_setgroups(struct capctx *cc, int phase);

/* Group lists are cut, as strace cuts arrays, after -s entries. */
static uint32_t groups_shown(const struct dopts *opt, uint64_t n)
{
	return (uint32_t)MIN(n, (uint64_t)opt->strsize);
}

void cap_getgroups(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_EXIT && c->args[1] && !call_failed(c) && c->ret > 0 && c->args[0])
		cap_queue(cc, 1, c->args[1], 4 * groups_shown(cc->opt, (uint64_t)c->ret));
}

void cap_setgroups(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	int n = (int)c->args[0];

	if (phase == PH_ENTRY && c->args[1] && n > 0)
		cap_queue(cc, 1, c->args[1], 4 * groups_shown(cc->opt, (uint64_t)n));
}

/* [0, 4, 27]: n gids from slot 1, or the address when they could not be read. */
static void gid_list(struct dctx *d, uint64_t n)
{
	uint32_t shown = groups_shown(d->opt, n), i;
	const uint8_t *g = shown ? dec_mem(d, 1, 4 * (size_t)shown) : NULL;
	uint32_t gid;

	if (!d->c->args[1] || (shown && !g)) {
		o_ptr(d->o, d->c->args[1]);
		return;
	}
	o_array_begin(d->o);
	for (i = 0; i < shown; i++) {
		memcpy(&gid, g + 4 * i, 4); /* captured bytes are not aligned */
		if (gid == UINT32_MAX)
			o_int(d->o, -1);
		else
			o_uint(d->o, gid);
	}
	if (n > shown)
		o_more(d->o);
	o_array_end(d->o);
}

void dec_getgroups(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)c->args[0]);
		return;
	}
	/* getgroups(0, list) only counts: the list is not written. */
	if (call_failed(c) || !c->args[0])
		o_ptr(d->o, c->args[1]);
	else
		gid_list(d, (uint64_t)c->ret);
}

void dec_setgroups(struct dctx *d, int phase)
{
	int n = (int)d->c->args[0];

	if (phase != PH_ENTRY)
		return;
	o_int(d->o, n);
	if (n < 0)
		o_ptr(d->o, d->c->args[1]);
	else
		gid_list(d, (uint64_t)n);
}
