/* procfam.h: helpers and decoders of the memory, process and signal families
 * (mem.c, process.c, signal.c), named in src/syscalls/tbl/{memory,process,signal}.tbl. */
#ifndef PROCSCOPE_PROCFAM_H
#define PROCSCOPE_PROCFAM_H

#include <stdint.h>
#include "decode/decode.h"

/* A 64-bit kernel sigset as strace prints it: [INT TERM], or ~[KILL STOP]
 * (the complement) when two thirds or more of the signals are set. */
void out_sigset(struct out *o, uint64_t set);
/* The sigset of len bytes at addr captured in slot: NULL, the set, or the
 * address when it could not be read or len is not the kernel's 8. */
void dec_sigset(struct dctx *d, int slot, uint64_t addr, uint64_t len);
/* {tv_sec=N, tv_nsec=N} from the capture in slot, NULL, or the address. */
void dec_timespec(struct dctx *d, int slot, uint64_t addr);
/* {tv_sec=N, tv_nsec=N} from 16 captured bytes (any alignment). */
void out_timespec(struct out *o, const void *p);
/* A clock_t (siginfo's si_utime, times()): the ticks, then the seconds in a
 * comment (siginfo.c). */
void out_clock_t(struct out *o, int64_t ticks);

/* Decoders (dec_NAME) and capture hooks (cap_NAME) named in the .tbl files. */
void dec_sigaction(struct dctx *d, int phase);
void cap_sigaction(struct capctx *cc, int phase);
void dec_sigprocmask(struct dctx *d, int phase);
void dec_sigpending(struct dctx *d, int phase);
void dec_sigsuspend(struct dctx *d, int phase);
void dec_sigtimedwait(struct dctx *d, int phase);
void cap_sigtimedwait(struct capctx *cc, int phase);
void dec_sigqueueinfo(struct dctx *d, int phase);
void cap_sigqueueinfo(struct capctx *cc, int phase);
void dec_signalfd(struct dctx *d, int phase);
void dec_rt_sigreturn(struct dctx *d, int phase);
void cap_rt_sigreturn(struct capctx *cc, int phase);
void dec_mmap(struct dctx *d, int phase);
void dec_mremap(struct dctx *d, int phase);
void dec_madvise(struct dctx *d, int phase);
void dec_clone(struct dctx *d, int phase);
void dec_wait4(struct dctx *d, int phase);
void dec_arch_prctl(struct dctx *d, int phase);
void dec_prlimit(struct dctx *d, int phase);
void dec_getrlimit(struct dctx *d, int phase);
void dec_setrlimit(struct dctx *d, int phase);
void dec_futex(struct dctx *d, int phase);
void cap_futex(struct capctx *cc, int phase);
void dec_getrandom(struct dctx *d, int phase);
void dec_nanosleep(struct dctx *d, int phase);
void dec_clock_nanosleep(struct dctx *d, int phase);
void dec_clock_gettime(struct dctx *d, int phase);
void dec_clock_settime(struct dctx *d, int phase);

#endif
