/* event.h: the event model, the one thing a backend produces and a formatter
 * consumes (backend -> event -> decoder -> formatter).
 *
 * A syscall is a `struct call`: its number, raw arguments, return value and the
 * tracee memory the capture plan copied at entry and at exit. Captured memory
 * lives in call->data; call->cap[slot] says where. Decoders read only this.
 *
 * Capture slots:
 *   0..5     the memory argument i points to (string, buffer, struct, array)
 *   6..11    CAP_FDDESC(i): what fd argument i refers to, for -y (path or socket text)
 *   12       CAP_RETDESC: what a returned fd refers to
 *   13..15   CAP_EXTRA(k): extra memory a decoder's capture hook asked for
 *
 * USAGE
 *   call_reset(c, nr, args);                          at syscall entry
 *   p = call_cap_alloc(c, slot, len);  ... fill ...  copy memory in
 *   const struct capture *k = call_cap(c, slot);     NULL when not captured
 */
#ifndef PROCSCOPE_EVENT_H
#define PROCSCOPE_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#define CAP_SLOTS 16
#define CAP_FDDESC(i) (6 + (i))
#define CAP_RETDESC 12
#define CAP_EXTRA(k) (13 + (k))

enum cap_flags {
	CAP_PRESENT = 1u << 0, /* the slot holds a capture (maybe empty or failed) */
	CAP_NUL = 1u << 1,     /* a string: its terminating NUL was found within len */
	CAP_MORE = 1u << 2,    /* more bytes existed than were copied (truncated) */
	CAP_FAULT = 1u << 3,   /* the read failed: err holds the errno; print the address */
	CAP_PARTIAL = 1u << 4, /* only the first len bytes were readable */
	CAP_DELETED = 1u << 5, /* an fd description: the file was deleted */
	CAP_STRING = 1u << 6,  /* read as a C string (cap_queue_str), NUL found or not */
};

struct capture {
	uint32_t off;	/* into call->data */
	uint32_t len;	/* bytes copied */
	uint32_t flags; /* enum cap_flags */
	int32_t err;	/* errno of a failed read */
};

struct call {
	long nr;
	uint64_t args[6];
	uint64_t sp;	   /* the stack pointer at entry (rt_sigreturn's frame) */
	int64_t ret;	   /* raw return value (negative errno on error) */
	bool entered;	   /* entry was seen */
	bool exited;	   /* exit was seen */
	bool via_seccomp;  /* entry came from a seccomp stop */
	bool injected;	   /* -e inject=/fault=: the syscall was not run, ret was made up */
	uint64_t t_entry;  /* CLOCK_REALTIME ns */
	uint64_t t_exit;
	uint64_t mono_entry; /* CLOCK_MONOTONIC ns, for -T */
	uint64_t mono_exit;
	struct capture cap[CAP_SLOTS];
	uint8_t *data; /* capture storage, reused from call to call */
	uint32_t data_len;
	uint32_t data_cap;
};

/* Error returns are -4095..-1, as the kernel defines them. */
static inline bool call_failed(const struct call *c)
{
	return c->ret < 0 && c->ret >= -4095;
}

void call_reset(struct call *c, long nr, const uint64_t args[6]);
/* Reserve len bytes for slot, returns where to write them; sets off/len/PRESENT. */
uint8_t *call_cap_alloc(struct call *c, int slot, uint32_t len);
/* Shrink a capture to what was actually copied. */
void call_cap_set_len(struct call *c, int slot, uint32_t len);
static inline const struct capture *call_cap(const struct call *c, int slot)
{
	return (c->cap[slot].flags & CAP_PRESENT) ? &c->cap[slot] : NULL;
}
static inline const uint8_t *call_cap_data(const struct call *c, const struct capture *k)
{
	return c->data + k->off;
}
void call_free(struct call *c);
void call_copy(struct call *dst, const struct call *src);

enum event_type {
	EV_SYSCALL_ENTRY = 1,
	EV_SYSCALL_EXIT,
	EV_SIGNAL,	/* signal-delivery-stop: siginfo */
	EV_GROUP_STOP,	/* --- stopped by SIGSTOP --- */
	EV_EXITED,	/* +++ exited with N +++ */
	EV_KILLED,	/* +++ killed by SIG (core dumped) +++ */
	EV_SUPERSEDED,	/* a thread's execve replaced this pid (non-leader exec) */
	EV_ATTACHED,	/* -p: attached (text: "Process N attached") */
	EV_DETACHED,	/* detached on request */
	EV_RENAMED,	/* after a non-leader execve: tid `other` is now `pid` */
};

struct event {
	uint8_t type;	   /* enum event_type */
	pid_t pid;	   /* the thread id */
	uint64_t ts;	   /* CLOCK_REALTIME ns of the stop */
	struct call *call; /* EV_SYSCALL_*: the call (its entry part on entry) */
	int sig;	   /* EV_SIGNAL, EV_GROUP_STOP, EV_KILLED */
	int status;	   /* EV_EXITED: exit code; EV_KILLED: core dumped */
	/* EV_SUPERSEDED: the new pid of the exec'ing thread; EV_RENAMED: the old
	 * tid. EV_SIGNAL, EV_GROUP_STOP, EV_EXITED, EV_KILLED: 1 + the task's
	 * last syscall, traced or not (strace -n shows it), 0 when not known. */
	pid_t other;
	uint8_t siginfo[128];
	bool has_siginfo;
};

#endif
