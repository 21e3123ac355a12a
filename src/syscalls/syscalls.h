/* syscalls.h: the syscall table.
 *
 * Names come from the kernel UAPI header (build/gen/syscall_names.h); signatures
 * come from the data file src/syscalls/tbl/NAME.tbl (build/gen/syscall_sigs.h).
 * A signature says how each argument is decoded generically, which trace classes
 * the syscall belongs to, and what the backend must copy from the tracee (the
 * capture plan, derived from the argument kinds by sc_capture_plan()).
 *
 * USAGE
 *   const struct syscall_sig *s = sc_sig(nr);     never NULL: unknown numbers get a
 *                                                 generic 6-argument hex signature
 *   sc_name(nr, buf)                              "read" or "syscall_0x1c2"
 *   sc_lookup("openat")                           number, or -1
 */
#ifndef PROCSCOPE_SYSCALLS_H
#define PROCSCOPE_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>

#define SC_MAX_ARGS 6
#define SC_TABLE_SIZE 512 /* numbers >= this are unknown on x86_64 */

/* Argument kinds. Keep in sync with scripts/gen-syscall-sigs.awk. */
enum arg_kind {
	AK_NONE = 0,
	AK_INT,	   /* signed int, decimal */
	AK_UINT,   /* unsigned int, decimal */
	AK_LONG,   /* signed long, decimal */
	AK_ULONG,  /* unsigned long (sizes), decimal */
	AK_HEX,	   /* 0x... */
	AK_OCT,	   /* a mode: 0644 */
	AK_PTR,	   /* NULL or 0x... (pointer whose contents we do not show) */
	AK_FD,	   /* file descriptor */
	AK_DIRFD,  /* AT_FDCWD or a descriptor */
	AK_PATH,   /* NUL-terminated path, captured at entry, shown in full */
	AK_STR,	   /* NUL-terminated string, truncated at -s */
	AK_IBUF,   /* input buffer, length from an argument, captured at entry */
	AK_OBUF,   /* output buffer, length from an argument or the return value, at exit */
	AK_FDPAIR, /* int[2] filled by the kernel: pipe([3, 4]) */
	AK_SIG,	   /* signal number */
	AK_FLAGS,  /* flags of an xlat table */
	AK_XVAL,   /* one value of an xlat table */
	AK_STRUCT, /* struct decoded by the syscall's decoder; captured at entry or exit */
	AK_ARGV,   /* char *const argv[] */
	AK_ENVP,   /* char *const envp[] */
	AK_UID,	   /* uid_t/gid_t: -1 prints as -1 */
	AK_PID,	   /* pid */
	AK_OFF,	   /* off_t, decimal */
	AK_INTPTR_OUT, /* int * filled by the kernel, shown as [N] */
	AK_OPATH,  /* a path the kernel writes (getcwd): read at exit, shown in full */
	AK_CPUSET, /* a CPU bit mask sized by an argument or the return value, read whole */
	AK__COUNT
};

/* Where a length comes from. */
enum size_src {
	SZ_NONE = 0,
	SZ_ARG0 = 1, /* SZ_ARG0 + i: argument i */
	SZ_RET = 7,  /* the return value */
	SZ_FIXED = 8 /* a fixed size (struct kinds): argspec.size */
};

/* Return kinds. */
enum ret_kind {
	RK_INT = 0, /* decimal */
	RK_FD,	    /* a new descriptor (-y decorates it) */
	RK_HEX,	    /* an address: 0x... */
	RK_OCT,	    /* umask: 022 */
	RK_NONE,    /* does not return: exit, exit_group print "= ?" */
	RK_PID,
	RK_UID,
};

/* Trace classes (-e trace=%file ...). */
enum {
	TC_FILE = 1u << 0,
	TC_DESC = 1u << 1,
	TC_PROCESS = 1u << 2,
	TC_NETWORK = 1u << 3,
	TC_SIGNAL = 1u << 4,
	TC_IPC = 1u << 5,
	TC_MEMORY = 1u << 6,
	TC_CREDS = 1u << 7,
	TC_CLOCK = 1u << 8,
	TC_STAT = 1u << 9,	/* %stat: stat(2) and friends on a path */
	TC_LSTAT = 1u << 10,	/* %lstat */
	TC_FSTAT = 1u << 11,	/* %fstat */
	TC_STAT_LIKE = 1u << 12, /* %%stat */
	TC_STATFS = 1u << 13,
	TC_FSTATFS = 1u << 14,
	TC_STATFS_LIKE = 1u << 15, /* %%statfs */
	TC_PURE = 1u << 16,	   /* no arguments, always succeed */
};

struct argspec {
	uint8_t kind;	 /* enum arg_kind */
	uint8_t size;	 /* enum size_src */
	uint8_t out;	 /* decoded at exit */
	uint16_t xlat;	 /* enum xlat_id, for AK_FLAGS/AK_XVAL */
	uint16_t bytes;	 /* AK_STRUCT: bytes to capture */
};

struct dctx;
struct capctx;
typedef void (*decode_fn)(struct dctx *d, int phase);
/* A capture hook copies what argument kinds cannot describe (msghdr and its
 * iovecs, ...). It reads through struct capctx only (backend independent). */
typedef void (*capture_fn)(struct capctx *cc, int phase);

struct syscall_sig {
	const char *name;
	uint32_t classes;
	uint8_t nargs;
	uint8_t ret;   /* enum ret_kind */
	uint8_t split; /* arguments [0, split) are printed at entry, the rest at exit */
	struct argspec args[SC_MAX_ARGS];
	decode_fn decode;   /* NULL: generic decoding from args[] */
	capture_fn capture; /* NULL: the capture plan from args[] is enough */
};

const struct syscall_sig *sc_sig(long nr);
/* -e raw=: nr's arguments (as many as its signature has) and return value in hex. */
const struct syscall_sig *sc_raw_sig(long nr);
/* The name of nr, or "syscall_0x1c2" written into buf (at least 24 bytes). */
const char *sc_name(long nr, char *buf);
long sc_lookup(const char *name);
bool sc_known(long nr);

/* Class names for -e trace=%NAME; returns 0 when unknown. */
uint32_t sc_class_bits(const char *name);

#endif
