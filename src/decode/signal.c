/* signal.c: decoders of the signal syscalls (rt_sigaction, rt_sigprocmask, ...),
 * printed as strace 6.1 prints them. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "decode/decode.h"
#include "decode/named.h"
#include "decode/procfam.h"
#include "format/format.h"
#include "syscalls/capture.h"

void out_sigset(struct out *o, uint64_t set)
{
	char buf[16];
	struct strbuf sb = STRBUF_INIT;
	/* strace shows the complement when two thirds or more are set */
	bool inv = __builtin_popcountll(set) >= 64 * 2 / 3;
	int sig;

	if (inv)
		set = ~set;
	sb_putc(&sb, inv ? '~' : '[');
	if (inv)
		sb_putc(&sb, '[');
	for (sig = 1; sig <= 64; sig++) {
		const char *s;

		if (!(set & (1ull << (sig - 1))))
			continue;
		if (sb.len > (inv ? 2u : 1u))
			sb_putc(&sb, ' ');
		s = signame(sig, buf);
		if (s && !strncmp(s, "SIG", 3))
			sb_named(&sb, o->opt->xlat_style, NUM_DEC, sig, s + 3);
		else
			sb_printf(&sb, "%d", sig);
	}
	sb_putc(&sb, ']');
	/* A signal set has no JSON structure of its own in the vocabulary:
	 * strace's compact list syntax is kept as one token. */
	o_raw(o, sb.buf);
	sb_release(&sb);
}

/* A set of len bytes, min_len <= len <= 8: only those bytes are the set. */
static void sigset_lim(struct dctx *d, int slot, uint64_t addr, uint64_t len, uint64_t min_len)
{
	const uint8_t *p = dec_mem(d, slot, 8);
	uint64_t set = 0;

	if (!addr)
		o_ptr(d->o, 0);
	else if (!p || len < min_len || len > 8)
		o_hex(d->o, addr);
	else {
		memcpy(&set, p, len); /* captured bytes are not aligned */
		out_sigset(d->o, set);
	}
}

void dec_sigset(struct dctx *d, int slot, uint64_t addr, uint64_t len)
{
	/* strace reads a set only when its size is the kernel's (8 bytes). */
	sigset_lim(d, slot, addr, len, 8);
}

void out_timespec(struct out *o, const void *p)
{
	int64_t ts[2];

	memcpy(ts, p, sizeof(ts)); /* captured bytes are not aligned */
	o_struct_begin(o);
	o_field(o, "tv_sec");
	o_int(o, ts[0]);
	o_field(o, "tv_nsec");
	o_int(o, ts[1]);
	o_struct_end(o);
}

void dec_timespec(struct dctx *d, int slot, uint64_t addr)
{
	const void *p = dec_mem(d, slot, 16);

	if (addr && p)
		out_timespec(d->o, p);
	else
		o_ptr(d->o, addr);
}

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000 /* the kernel ABI value; glibc hides it */
#endif

/* The kernel's struct sigaction on x86_64. */
struct ksigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

void cap_sigaction(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && c->args[1])
		cap_queue(cc, 1, c->args[1], sizeof(struct ksigaction));
	if (phase == PH_EXIT && c->args[2] && !call_failed(c))
		cap_queue(cc, 2, c->args[2], sizeof(struct ksigaction));
}

static void out_sigaction(struct dctx *d, int slot, uint64_t addr)
{
	const struct ksigaction *sa = dec_mem(d, slot, sizeof(*sa));
	struct out *o = d->o;

	if (!addr) {
		o_ptr(o, 0);
		return;
	}
	if (!sa) {
		o_hex(o, addr);
		return;
	}
	o_struct_begin(o);
	o_field(o, "sa_handler");
	if (sa->handler == (uint64_t)(uintptr_t)SIG_DFL)
		dec_named(o, NUM_HEX, sa->handler, "SIG_DFL");
	else if (sa->handler == (uint64_t)(uintptr_t)SIG_IGN)
		dec_named(o, NUM_HEX, sa->handler, "SIG_IGN");
	else
		o_hex(o, sa->handler);
	o_field(o, "sa_mask");
	out_sigset(o, sa->mask);
	o_field(o, "sa_flags");
	o_flags(o, xlat_get(XLAT_ID(sa_flags)), sa->flags, "SA_???");
	if (sa->flags & SA_RESTORER) {
		o_field(o, "sa_restorer");
		o_hex(o, sa->restorer);
	}
	o_struct_end(o);
}

void dec_sigaction(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_signo(d, (int)c->args[0]);
		out_sigaction(d, 1, c->args[1]);
		return;
	}
	if (call_failed(c) && c->args[2])
		o_hex(d->o, c->args[2]);
	else
		out_sigaction(d, 2, c->args[2]);
	o_uint(d->o, c->args[3]);
}

void dec_sigprocmask(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		o_xval(d->o, xlat_get(XLAT_ID(sigprocmask_how)), c->args[0], "SIG_???");
		dec_sigset(d, 1, c->args[1], c->args[3]);
		return;
	}
	if (call_failed(c) && c->args[2])
		o_hex(d->o, c->args[2]);
	else
		dec_sigset(d, 2, c->args[2], c->args[3]);
	o_uint(d->o, c->args[3]);
}

void dec_sigpending(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY)
		return;
	if (call_failed(c) && c->args[0])
		o_hex(d->o, c->args[0]);
	else
		sigset_lim(d, 0, c->args[0], c->args[1], 1); /* the kernel writes len bytes */
	o_uint(d->o, c->args[1]);
}

void dec_sigsuspend(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	dec_sigset(d, 0, d->c->args[0], d->c->args[1]);
	o_uint(d->o, d->c->args[1]);
}

/* A siginfo_t argument: NULL, its fields, or the address when it could not
 * be read (or was to be filled by a call that failed). */
#define SIGINFO_SIZE 128

static void siginfo_arg(struct dctx *d, int slot, bool out)
{
	uint64_t addr = d->c->args[slot];
	const void *si = dec_mem(d, slot, SIGINFO_SIZE);

	if (!addr || !si || (out && call_failed(d->c)))
		o_ptr(d->o, addr);
	else
		decode_siginfo(d->o, si, SIGINFO_SIZE);
}

/* The siginfo of rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal,
 * read at entry, and of rt_sigtimedwait, read at exit. */
void cap_sigqueueinfo(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	int i = c->nr == __NR_rt_tgsigqueueinfo ? 3 : 2;

	if (phase == PH_ENTRY && c->args[i])
		cap_queue(cc, i, c->args[i], SIGINFO_SIZE);
}

void dec_sigqueueinfo(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	int i = c->nr == __NR_rt_tgsigqueueinfo ? 3 : 2;

	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, i);
	siginfo_arg(d, i, false);
	if (c->nr == __NR_pidfd_send_signal)
		o_uint(d->o, (uint32_t)c->args[3]);
}

void cap_sigtimedwait(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_EXIT && c->args[1] && !call_failed(c))
		cap_queue(cc, 1, c->args[1], SIGINFO_SIZE);
}

/* rt_sigtimedwait([USR2], {si_signo=SIGUSR2, ...}, {tv_sec=0, tv_nsec=1000}, 8) = 12 (SIGUSR2) */
void dec_sigtimedwait(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	char buf[16];
	const char *sn;

	if (phase == PH_ENTRY) {
		dec_sigset(d, 0, c->args[0], c->args[3]);
		return;
	}
	siginfo_arg(d, 1, true);
	dec_timespec(d, 2, c->args[2]);
	o_uint(d->o, c->args[3]);
	if (!call_failed(c) && c->ret > 0 && (sn = signame((int)c->ret, buf)))
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s)", sn);
}

void dec_signalfd(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	dec_fd(d, 0, (int)c->args[0]);
	dec_sigset(d, 1, c->args[1], c->args[2]);
	o_uint(d->o, c->args[2]);
	if (d->sig->nargs > 3)
		o_flags(d->o, xlat_get(XLAT_ID(signalfd_flags)), c->args[3], NULL);
}

/* rt_sigreturn: the mask it restores is in the signal frame on the tracee's
 * stack. At the syscall, sp points just past the frame's return address, at
 * the struct ucontext whose uc_sigmask follows uc_flags, uc_link, uc_stack
 * and uc_mcontext: sp + 8 + 8 + 24 + 256 on x86_64. */
#define SIGFRAME_MASK_OFF 296

void cap_rt_sigreturn(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->sp)
		cap_queue(cc, CAP_EXTRA(0), cc->c->sp + SIGFRAME_MASK_OFF, 8);
}

void dec_rt_sigreturn(struct dctx *d, int phase)
{
	const uint64_t *mask;

	if (phase != PH_ENTRY)
		return;
	/* Outside -e verbose=, strace shows where the mask is instead. */
	mask = d->unverbose ? NULL : dec_mem(d, CAP_EXTRA(0), 8);
	if (!mask && !(d->unverbose && d->c->sp))
		return; /* strace prints nothing it cannot read */
	o_struct_begin(d->o);
	o_field(d->o, "mask");
	if (mask)
		out_sigset(d->o, *mask);
	else
		o_ptr(d->o, d->c->sp + SIGFRAME_MASK_OFF);
	o_struct_end(d->o);
}

void dec_sigaltstack(struct dctx *d, int phase);
void cap_sigaltstack(struct capctx *cc, int phase);

/* x86_64 stack_t: void *ss_sp; int ss_flags; (pad) size_t ss_size. */
#define STACK_T_SIZE 24

void cap_sigaltstack(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && c->args[0])
		cap_queue(cc, 0, c->args[0], STACK_T_SIZE);
	else if (phase == PH_EXIT && c->args[1] && !call_failed(c))
		cap_queue(cc, 1, c->args[1], STACK_T_SIZE);
}

static void stack_t_arg(struct dctx *d, int i, bool out)
{
	const uint8_t *p;
	uint64_t sp, size;
	uint32_t flags;

	if (!d->c->args[i] || (out && call_failed(d->c)) || !(p = dec_mem(d, i, STACK_T_SIZE))) {
		o_ptr(d->o, d->c->args[i]);
		return;
	}
	memcpy(&sp, p, 8);
	memcpy(&flags, p + 8, 4);
	memcpy(&size, p + 16, 8);
	o_struct_begin(d->o);
	o_field(d->o, "ss_sp");
	o_ptr(d->o, sp);
	o_field(d->o, "ss_flags");
	o_flags(d->o, xlat_get(XLAT_ID(sigaltstack_flags)), flags, "SS_???");
	o_field(d->o, "ss_size");
	o_uint(d->o, size);
	o_struct_end(d->o);
}

void dec_sigaltstack(struct dctx *d, int phase)
{
	stack_t_arg(d, phase == PH_ENTRY ? 0 : 1, phase == PH_EXIT);
}
