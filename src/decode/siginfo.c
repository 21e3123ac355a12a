/* siginfo.c: a siginfo_t as strace 6.1 prints it, in the "--- SIGCHLD {...} ---"
 * lines and in the syscalls that fill one (waitid).
 *
 * Which fields follow si_code depends, as in strace, first on whether the
 * signal came from user space (si_code <= 0), then on the signal. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "decode/decode.h"
#include "decode/named.h"
#include "decode/procfam.h"
#include "format/format.h"

/* The x86_64 siginfo_t: three ints, padding, then the union at offset 16. */
struct si_raw {
	int32_t signo, errno_, code;
	int32_t pad;
	union {
		struct { int32_t pid; uint32_t uid; uint64_t val; } kill; /* also rt, mesgq */
		struct { int32_t tid; int32_t overrun; uint64_t val; } timer;
		/* si_utime and si_stime are clock_t: ticks of sysconf(_SC_CLK_TCK) */
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } chld;
		struct {
			uint64_t addr;
			int16_t addr_lsb;
			int16_t pad[3];
			union {
				struct { uint64_t lower, upper; } bnd;
				uint32_t pkey;
			} u;
		} fault;
		struct { int64_t band; int32_t fd; } poll;
		struct { uint64_t call_addr; int32_t syscall; uint32_t arch; } sys;
	} u;
};

#ifndef SEGV_BNDERR
#define SEGV_BNDERR 3
#endif
#ifndef SEGV_PKUERR
#define SEGV_PKUERR 4
#endif
#ifndef BUS_MCEERR_AR
#define BUS_MCEERR_AR 4
#define BUS_MCEERR_AO 5
#endif
#define AUDIT_ARCH_X86_64_ 0xc000003eu

static const struct xlat *code_table(int sig)
{
	switch (sig) {
	case SIGCHLD: return xlat_get(XLAT_ID(sigchld_codes));
	case SIGSEGV: return xlat_get(XLAT_ID(sigsegv_codes));
	case SIGBUS: return xlat_get(XLAT_ID(sigbus_codes));
	case SIGILL: return xlat_get(XLAT_ID(sigill_codes));
	case SIGFPE: return xlat_get(XLAT_ID(sigfpe_codes));
	case SIGTRAP: return xlat_get(XLAT_ID(sigtrap_codes));
	case SIGIO: return xlat_get(XLAT_ID(sigpoll_codes));
	case SIGSYS: return xlat_get(XLAT_ID(sigsys_codes));
	}
	return NULL;
}

/* A signal number: SIGTERM (-X raw 15, -X verbose 15 followed by the name in a
 * comment), or the number when it has no name. */
static void put_sig(struct out *o, int sig)
{
	char buf[16];
	const char *s = signame(sig, buf);

	if (s)
		dec_named(o, NUM_DEC, (unsigned long long)(long long)sig, s);
	else
		o_int(o, sig);
}

/* si_code: the generic SI_* names first, then the signal's own codes; the
 * number is strace's %#x of the unsigned value, and an unknown code is only
 * that number, without a "???" comment. */
static void put_code(struct out *o, int sig, int32_t code)
{
	const char *name = xlat_lookup(xlat_get(XLAT_ID(si_codes)), (unsigned long long)(long long)code);
	const struct xlat *ct = code_table(sig);

	if (!name && ct)
		name = xlat_lookup(ct, (unsigned long long)(long long)code);
	if (name)
		dec_named(o, NUM_HEX, (uint32_t)code, name);
	else
		o_hex(o, (uint32_t)code);
}

/* A clock_t: the ticks, and (except -X raw) the seconds in a comment. */
void out_clock_t(struct out *o, int64_t ticks)
{
	static long hz;
	char buf[64];
	int width = 0;
	long f;

	o_int(o, ticks);
	if (!hz)
		hz = sysconf(_SC_CLK_TCK);
	if (o->opt->xlat_style == XLAT_STYLE_RAW || hz <= 1 || ticks <= 0)
		return;
	for (f = hz; f >= 10 && width < 9; f /= 10)
		width++;
	snprintf(buf, sizeof(buf), "%lld.%0*lld s", (long long)(ticks / hz), width,
		 (long long)(ticks % hz));
	o_comment(o, buf);
}

static void put_source(struct out *o, const struct si_raw *si)
{
	o_field(o, "si_pid");
	o_int(o, si->u.kill.pid);
	o_field(o, "si_uid");
	o_uint(o, si->u.kill.uid);
}

static void put_sigval(struct out *o, uint64_t val)
{
	o_field(o, "si_int");
	o_int(o, (int32_t)val);
	o_field(o, "si_ptr");
	o_ptr(o, val);
}

static void put_poll(struct out *o, const struct si_raw *si)
{
	o_field(o, "si_band");
	o_int(o, si->u.poll.band);
	o_field(o, "si_fd");
	o_int(o, si->u.poll.fd);
}

/* The fields of a signal sent from user space (kill, sigqueue, a timer...). */
static void user_fields(struct out *o, const struct si_raw *si)
{
	switch (si->code) {
	case SI_USER:
	case SI_TKILL:
		put_source(o, si);
		break;
	case SI_TIMER:
		o_field(o, "si_timerid");
		o_hex(o, (uint32_t)si->u.timer.tid);
		o_field(o, "si_overrun");
		o_int(o, si->u.timer.overrun);
		put_sigval(o, si->u.timer.val);
		break;
	case SI_SIGIO:
		put_poll(o, si);
		break;
	default:
		put_source(o, si);
		if (si->u.kill.val)
			put_sigval(o, si->u.kill.val);
		break;
	}
}

static void sys_fields(struct out *o, const struct si_raw *si)
{
	char nbuf[24], name[64];

	o_field(o, "si_call_addr");
	o_ptr(o, si->u.sys.call_addr);
	o_field(o, "si_syscall");
	/* Names are known for this architecture's numbers only. */
	if (si->u.sys.arch == AUDIT_ARCH_X86_64_ && sc_known(si->u.sys.syscall)) {
		snprintf(name, sizeof(name), "__NR_%s", sc_name(si->u.sys.syscall, nbuf));
		dec_named(o, NUM_DEC, (unsigned long long)(long long)si->u.sys.syscall, name);
	} else {
		o_int(o, si->u.sys.syscall);
	}
	o_field(o, "si_arch");
	o_xval(o, xlat_get(XLAT_ID(audit_arch)), si->u.sys.arch, "AUDIT_ARCH_???");
}

static void fault_fields(struct out *o, const struct si_raw *si)
{
	o_field(o, "si_addr");
	o_ptr(o, si->u.fault.addr);
	if (si->signo == SIGSEGV && si->code == SEGV_BNDERR) {
		o_field(o, "si_lower");
		o_ptr(o, si->u.fault.u.bnd.lower);
		o_field(o, "si_upper");
		o_ptr(o, si->u.fault.u.bnd.upper);
	} else if (si->signo == SIGSEGV && si->code == SEGV_PKUERR) {
		o_field(o, "si_pkey");
		o_uint(o, si->u.fault.u.pkey);
	} else if (si->signo == SIGBUS &&
		   (si->code == BUS_MCEERR_AR || si->code == BUS_MCEERR_AO)) {
		o_field(o, "si_addr_lsb");
		o_hex(o, (uint16_t)si->u.fault.addr_lsb);
	}
}

/* The fields of a signal the kernel sent, by signal. */
static void kernel_fields(struct out *o, const struct si_raw *si)
{
	switch (si->signo) {
	case SIGCHLD:
		put_source(o, si);
		o_field(o, "si_status");
		if (si->code == CLD_EXITED)
			o_int(o, si->u.chld.status);
		else
			put_sig(o, si->u.chld.status);
		o_field(o, "si_utime");
		out_clock_t(o, si->u.chld.utime);
		o_field(o, "si_stime");
		out_clock_t(o, si->u.chld.stime);
		break;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		fault_fields(o, si);
		break;
	case SIGIO: /* strace 6.1 shows them whatever the POLL_* code */
		put_poll(o, si);
		break;
	case SIGSYS:
		sys_fields(o, si);
		break;
	default:
		if (si->u.kill.pid || si->u.kill.uid)
			put_source(o, si);
		if (si->u.kill.val)
			put_sigval(o, si->u.kill.val);
		break;
	}
}

void decode_siginfo(struct out *o, const uint8_t *raw, size_t len)
{
	struct si_raw si;
	const char *e;

	memset(&si, 0, sizeof(si));
	memcpy(&si, raw, MIN(len, sizeof(si)));
	o_struct_begin(o);
	/* waitid(WNOHANG) with no child to report leaves it zeroed: {} */
	if (!si.signo) {
		o_struct_end(o);
		return;
	}
	o_field(o, "si_signo");
	put_sig(o, si.signo);
	o_field(o, "si_code");
	put_code(o, si.signo, si.code);
	if (si.errno_) {
		o_field(o, "si_errno");
		e = errno_name(si.errno_);
		if (e)
			dec_named(o, NUM_UDEC, (uint32_t)si.errno_, e);
		else
			o_uint(o, (uint32_t)si.errno_);
	}
	if (si.code <= 0)
		user_fields(o, &si);
	else
		kernel_fields(o, &si);
	o_struct_end(o);
}
