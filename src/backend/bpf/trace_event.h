/* trace_event.h: what the eBPF program (trace.bpf.c) and its loader (bpf.c)
 * share: the capture plan as the kernel side reads it, and the records it
 * writes into the ring buffer. Fixed-width types only, no kernel or libc
 * structs, so both compilers (clang -target bpf, gcc) agree on every layout.
 *
 * A ring buffer record is a struct te_hdr (and for an entry, a struct
 * te_args) followed by hdr.ncap captures, each a struct te_cap followed by
 * its bytes, padded to 8.
 */
#ifndef PROCSCOPE_TRACE_EVENT_H
#define PROCSCOPE_TRACE_EVENT_H

#ifdef __bpf__
/* vmlinux.h has the __u8.. types */
#else
#include <linux/types.h>
#endif

#define TE_NR_MAX 512	      /* syscall numbers with a plan (SC_TABLE_SIZE) */
#define TE_PATH_MAX 4096      /* bytes of one path */
#define TE_CAP_MAX 4096	      /* bytes of any one capture */
#define TE_EVENT_MAX 16384    /* one record, captures included (a power of 2) */
#define TE_SCRATCH (2 * TE_EVENT_MAX) /* so a masked offset plus one capture fits */
#define TE_ARGV_MAX 32	      /* argv entries read (strace shows at most -s) */
#define TE_ARGSTR_MAX 256     /* bytes of one argv string */
#define TE_ENVC_MAX 4096      /* envp entries counted */
#define TE_SIGINFO_SIZE 48    /* struct kernel_siginfo */

/* What one argument asks the kernel side to copy. */
enum te_op {
	TE_OP_NONE = 0,
	TE_OP_STR,  /* a NUL-terminated string, at most max bytes before the NUL */
	TE_OP_MEM,  /* bytes: size from size (below), at most max */
	TE_OP_ARGV, /* a NULL-terminated array of strings (argv) */
	TE_OP_ARGC, /* the same array, only counted (envp without -v) */
};

/* Where a TE_OP_MEM length comes from. */
enum te_size {
	TE_SZ_FIXED = 0, /* max itself */
	TE_SZ_ARG0 = 1,	 /* TE_SZ_ARG0 + i: argument i */
	TE_SZ_RET = 7,	 /* the return value (read at exit) */
};

struct te_argplan {
	__u8 op;    /* enum te_op */
	__u8 size;  /* enum te_size */
	__u8 exit;  /* copy at syscall exit (else at entry) */
	__u8 if_ok; /* only when the syscall succeeded */
	__u32 max;  /* bytes (TE_OP_STR, TE_OP_MEM) or entries (TE_OP_ARGV) */
};

/* The plan, per syscall number. */
struct te_plan {
	struct te_argplan a[6];
};

/* Windows: memory copied for a syscall whose capture hook is code (a
 * struct behind a pointer argument, iovecs and their buffers, a msghdr and
 * what it points to). Each copy goes out with the address it came from; user
 * space then runs the same capture hook the ptrace backend runs, reading
 * tracee memory from these copies only (bpf.c's snapshot reader). What no
 * window holds reads as a fault, and prints as an address. */
enum te_win_kind {
	TE_W_MEM = 1, /* bytes at the argument's address */
	TE_W_STR,     /* a NUL-terminated string, at most max bytes */
	TE_W_IOV,     /* struct iovec[size] at the address, then each buffer */
	TE_W_MSGHDR,  /* a struct msghdr, then its name, its iovecs and buffers, its control */
	TE_W_AT,      /* max bytes at the pointer found n bytes into the argument's memory */
};

enum {
	TE_W_ENTRY = 1u << 0, /* at the syscall's entry */
	TE_W_EXIT = 1u << 1,  /* at its exit */
	TE_W_OK = 1u << 2,    /* at the exit only when it succeeded */
	TE_W_BYRET = 1u << 3, /* TE_W_IOV, TE_W_MSGHDR: buffers hold ret bytes in all */
	TE_W_WHOLE = 1u << 4, /* all the size says or nothing (the hook reads it all) */
};

#define TE_SZ_PTR0 8 /* TE_SZ_PTR0 + j: the int at argument j's address */

struct te_win {
	__u8 kind;  /* enum te_win_kind */
	__u8 arg;   /* the argument that holds the address */
	__u8 when;  /* TE_W_* */
	__u8 size;  /* enum te_size or TE_SZ_PTR0 + j; TE_W_IOV: the count */
	__u16 mul;  /* bytes per unit of a size from an argument or ret (0: 1) */
	__u16 n;    /* TE_W_IOV, TE_W_MSGHDR: iovecs at most; TE_W_MEM: bytes added;
		     * TE_W_AT: the pointer's offset */
	__u32 max;  /* bytes at most (TE_W_IOV, TE_W_MSGHDR: of each buffer) */
	__u32 if_arg;  /* 1 + the argument whose value selects the window; 0: always */
	__u32 pad;
	__u64 if_vals; /* with if_arg: the values (below 64) that select it, bit v */
};

#define TE_WIN_MAX 6
#define TE_IOV_MAX 64	       /* iovecs of one array copied */
#define TE_MSG_NAME_MAX 128    /* sizeof(struct sockaddr_storage) */
#define TE_MSG_CONTROL_MAX 512 /* bytes of a msghdr's control copied */

struct te_wins {
	struct te_win w[TE_WIN_MAX];
};

/* Per traced task: the tids map's value. User space writes flags (and nr =
 * TE_NR_NONE) when it adds a task; the kernel side keeps the syscall in
 * flight here from sys_enter to sys_exit, so a syscall costs one hash lookup
 * at each end rather than an insert and a delete in a second map. */
enum {
	TE_TID_HIDDEN = 1u << 0, /* the spawned command before its execve */
};

#define TE_NR_NONE (-1) /* nr when no entry is waiting for its exit */

struct te_task {
	__u32 flags;	/* TE_TID_* */
	__u32 retry;	/* entry captures that faulted, to read again at exit */
	__s64 nr;	/* the syscall in flight, or TE_NR_NONE */
	__u64 seq;	/* syscalls this task entered: names the one in flight */
	__u64 ts;	/* its entry time (0 when no output shows times) */
	__u64 sp;
	__u64 args[6];
	/* Its entry record is not sent yet: it goes out with the exit, as one
	 * TE_CALL record, unless something else must be printed first. */
	__u32 deferred;
	/* A signal that ptrace would stop the task for but that reaches it
	 * some other way or not at all (one ignored, or fatal and turned into
	 * SIGKILL): shown at the task's next return to user space, as strace
	 * shows it. TE_SIG_NOINFO set: its siginfo could not be read. */
	__s32 sig;
	__u8 siginfo[TE_SIGINFO_SIZE];
	/* rt_sigreturn: the signal mask in its frame, read at entry, and
	 * whether it could be read. */
	__u64 frame_mask;
	__u32 frame_ok;
	__u32 pad;
};

#define TE_SIG_NOINFO (1 << 16)

enum te_type {
	TE_ENTER = 1, /* nr, struct te_args; entry captures */
	TE_EXIT,      /* nr, ret; exit captures */
	TE_SIGNAL,    /* ret: the signal; one capture, slot TE_SLOT_SIGINFO */
	TE_FORK,      /* ret: the new task's tid (it is traced from now on) */
	TE_EXITED,    /* ret: the wait status (exit_code) of the task */
	TE_EXEC,      /* ret: the tid that called execve (differs: a thread exec'd) */
	TE_CALL,      /* nr, ret, struct te_args; exit captures: a whole syscall */
};

/* Every record starts with this; TE_ENTER and TE_CALL add struct te_args.
 * Exit records carry no arguments: the reader kept them from the entry. */
struct te_hdr {
	__u16 type;  /* enum te_type */
	__u16 ncap;  /* struct te_cap records that follow */
	__u32 size;  /* the whole record, this header included */
	__u32 tid;
	__u32 tgid;
	__u64 ts;    /* CLOCK_MONOTONIC ns (0 when no output shows times) */
	__s64 nr;
	__s64 ret;
};

struct te_args {
	__u64 sp;
	__u64 args[6];
	__u64 ts;  /* the entry time (TE_CALL: hdr.ts is the exit's) */
	__u64 seq; /* struct te_task's seq */
};

/* Where a record's captures start. */
#define TE_CAPS_OFF(type) \
	(sizeof(struct te_hdr) + ((type) == TE_ENTER || (type) == TE_CALL ? sizeof(struct te_args) : 0))

/* Capture slots beyond the argument slots 0..5. */
#define TE_SLOT_ARGV_STR 0x40 /* | i: one string of argument i's array, in order */
#define TE_SLOT_SIGINFO 0x7f
#define TE_SLOT_WIN 0x7e     /* a window: u64 address, then len - 8 bytes */
#define TE_SLOT_EXTRA0 13     /* a capture hook's first extra slot, CAP_EXTRA(0) */
#define TE_FRAME_MASK_OFF 296 /* rt_sigreturn: the mask's place above sp (x86-64's frame) */

enum te_cap_flags {
	TE_CAP_NUL = 1u << 0,	/* a string and its NUL were read */
	TE_CAP_MORE = 1u << 1,	/* the string (or the argv array) goes on */
	TE_CAP_FAULT = 1u << 2, /* nothing could be read: err says why */
	TE_CAP_ARRAY_FAULT = 1u << 3, /* argv: the pointer array faulted */
	TE_CAP_AGAIN = 1u << 4, /* a window: an entry window read again at the exit */
};

struct te_cap {
	__u8 slot;
	__u8 flags; /* enum te_cap_flags */
	__u16 err;  /* positive errno with TE_CAP_FAULT */
	__u32 len;  /* bytes that follow (argv: the number of entries, no bytes) */
};

#define TE_ALIGN8(n) (((n) + 7) & ~7u)

#endif
