/* siginfo.c: the siginfo of "--- SIGCHLD {si_signo=SIGCHLD, ...} ---" lines. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "format/format.h"

/* Offsets in the x86_64 siginfo_t. */
struct si_raw {
	int32_t signo, errno_, code;
	int32_t pad;
	union {
		struct { int32_t pid; uint32_t uid; uint64_t val; } kill; /* also rt */
		struct { int32_t tid; int32_t overrun; uint64_t val; } timer;
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } chld;
		struct { uint64_t addr; } fault;
		struct { int64_t band; int32_t fd; } poll;
		struct { uint64_t call_addr; int32_t syscall; uint32_t arch; } sys;
	} u;
};

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

static void put_sig(struct out *o, int sig)
{
	char buf[16];
	const char *s = signame(sig, buf);

	if (s)
		o_sym(o, s);
	else
		o_int(o, sig);
}

void decode_siginfo(struct out *o, const uint8_t *raw, size_t len)
{
	struct si_raw si;
	const struct xlat *ct;
	const char *cname = NULL;
	bool from_user;

	memset(&si, 0, sizeof(si));
	memcpy(&si, raw, MIN(len, sizeof(si)));
	o_struct_begin(o);
	o_field(o, "si_signo");
	put_sig(o, si.signo);
	o_field(o, "si_code");
	from_user = si.code <= 0 || si.code == SI_KERNEL;
	ct = code_table(si.signo);
	if (!from_user && ct)
		cname = xlat_lookup(ct, (unsigned long long)(long long)si.code);
	if (!cname)
		cname = xlat_lookup(xlat_get(XLAT_ID(si_codes)), (unsigned long long)(long long)si.code);
	if (cname)
		o_sym(o, cname);
	else
		o_int(o, si.code);
	if (si.errno_) {
		o_field(o, "si_errno");
		o_int(o, si.errno_);
	}
	if (from_user) {
		switch (si.code) {
		case SI_USER:
		case SI_TKILL:
			o_field(o, "si_pid");
			o_int(o, si.u.kill.pid);
			o_field(o, "si_uid");
			o_uint(o, si.u.kill.uid);
			break;
		case SI_QUEUE:
		case SI_MESGQ:
			o_field(o, "si_pid");
			o_int(o, si.u.kill.pid);
			o_field(o, "si_uid");
			o_uint(o, si.u.kill.uid);
			o_field(o, "si_int");
			o_int(o, (int32_t)si.u.kill.val);
			o_field(o, "si_ptr");
			o_hex(o, si.u.kill.val);
			break;
		case SI_TIMER:
			o_field(o, "si_timerid");
			o_hex(o, (uint32_t)si.u.timer.tid);
			o_field(o, "si_overrun");
			o_int(o, si.u.timer.overrun);
			o_field(o, "si_int");
			o_int(o, (int32_t)si.u.timer.val);
			o_field(o, "si_ptr");
			o_hex(o, si.u.timer.val);
			break;
		default:
			break;
		}
		o_struct_end(o);
		return;
	}
	switch (si.signo) {
	case SIGCHLD:
		o_field(o, "si_pid");
		o_int(o, si.u.chld.pid);
		o_field(o, "si_uid");
		o_uint(o, si.u.chld.uid);
		o_field(o, "si_status");
		if (si.code == CLD_EXITED)
			o_int(o, si.u.chld.status);
		else
			put_sig(o, si.u.chld.status);
		o_field(o, "si_utime");
		o_int(o, si.u.chld.utime);
		o_field(o, "si_stime");
		o_int(o, si.u.chld.stime);
		break;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		o_field(o, "si_addr");
		o_ptr(o, si.u.fault.addr);
		break;
	case SIGIO:
		o_field(o, "si_band");
		o_int(o, si.u.poll.band);
		o_field(o, "si_fd");
		o_int(o, si.u.poll.fd);
		break;
	case SIGSYS: {
		char nbuf[24];

		o_field(o, "si_call_addr");
		o_ptr(o, si.u.sys.call_addr);
		o_field(o, "si_syscall");
		if (sc_known(si.u.sys.syscall)) {
			char name[64];

			snprintf(name, sizeof(name), "__NR_%s", sc_name(si.u.sys.syscall, nbuf));
			o_sym(o, name);
		} else {
			o_int(o, si.u.sys.syscall);
		}
		o_field(o, "si_arch");
		if (si.u.sys.arch == 0xc000003e)
			o_sym(o, "AUDIT_ARCH_X86_64");
		else
			o_hex(o, si.u.sys.arch);
		break;
	}
	default:
		break;
	}
	o_struct_end(o);
}
