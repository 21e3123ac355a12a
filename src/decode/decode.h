/* decode.h: decoders turn a struct call into vocabulary (format/out.h).
 *
 * A decoder reads only the call: its raw arguments, return value and the
 * memory captured at entry and exit. It never reads the tracee, so it serves
 * every backend, a replayed recording, and unit tests alike.
 *
 * Each syscall is decoded in two phases, like strace: PH_ENTRY prints the
 * arguments known at entry, PH_EXIT the rest (what the kernel filled in).
 * The formatter prints "name(" before and ")" after.
 *
 * USAGE (a decoder in src/decode/FAMILY.c, named in syscalls.tbl)
 *   void dec_lseek(struct dctx *d, int phase)
 *   {
 *           if (phase == PH_ENTRY) {
 *                   dec_arg(d, 0);                    generic decoding of argument 0
 *                   o_int(d->o, (long)d->c->args[1]);
 *                   o_xval(d->o, xlat_get(XLAT_ID(whence)), d->c->args[2], "SEEK_???");
 *           }
 *   }
 *   Return values: d->ret_* let a decoder change how "= N" prints.
 */
#ifndef PROCSCOPE_DECODE_H
#define PROCSCOPE_DECODE_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/event.h"
#include "format/out.h"
#include "syscalls/capture.h"
#include "syscalls/syscalls.h"

struct dctx {
	const struct call *c;
	const struct syscall_sig *sig;
	struct out *o;
	const struct dopts *opt;
	pid_t pid;
	/* Set by a decoder at PH_EXIT to change the return value's form. */
	int ret_kind;		/* enum ret_kind (starts as sig->ret) */
	char ret_aux[256];	/* text printed after the value: "(flags O_RDWR)" */
	/* -e verbose= leaves this syscall out: c points here, a copy of the call
	 * without the captured structures (fmt_dctx_init). */
	struct call shallow;
	bool unverbose;		/* c is that copy: structures print as addresses */
	const struct call *full; /* the call with all its captures, either way */
};

/* Print arguments of this phase: the syscall's decoder, or generic decoding. */
void decode_args(struct dctx *d, int phase);
/* Generic decoding of argument i by its kind in the signature. */
void dec_arg(struct dctx *d, int i);
/* Generic decoding of arguments [from, to). */
void dec_args(struct dctx *d, int from, int to);

/* Helpers for decoders. */
void dec_path(struct dctx *d, int slot, uint64_t addr);	 /* a path string */
void dec_cstr(struct dctx *d, int slot, uint64_t addr);	 /* a -s limited string */
void dec_buf(struct dctx *d, int slot, uint64_t addr, uint64_t len); /* bytes, -s limited */
void dec_fd(struct dctx *d, int argi, long long fd);
void dec_dirfd(struct dctx *d, int argi, long long fd);
void dec_signo(struct dctx *d, long long sig);
/* The captured memory for slot, or NULL if absent/faulted (then print the address). */
const void *dec_mem(struct dctx *d, int slot, size_t want);

/* -e read=/write=: the dumps of a call after its line (dump.c), told to ops:
 * vector() before each message of sendmmsg/recvmmsg, buffer() before each
 * iovec, bytes() for the bytes of a buffer. */
struct dump_ops {
	void (*vector)(void *ctx, uint64_t nbufs, unsigned v);
	void (*buffer)(void *ctx, uint64_t len, unsigned i);
	void (*bytes)(void *ctx, const uint8_t *p, size_t n);
};
void decode_dumps(const struct dopts *o, const struct syscall_sig *sig, const struct call *c,
		  const struct dump_ops *ops, void *ctx);

/* "SIGTERM", "SIGRTMIN", "SIGRT_3"; NULL for 0 or out of range. buf >= 16 bytes. */
const char *signame(int sig, char *buf);
/* Errno name ("ENOENT") or NULL. */
const char *errno_name(long err);
/* strace's message for an errno, including the kernel-internal ERESTART* ones. */
const char *errno_msg(long err);

#endif
