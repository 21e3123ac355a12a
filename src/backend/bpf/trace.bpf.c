/* trace.bpf.c: the kernel side of `procscope trace --backend=bpf`.
 *
 * Raw tracepoints sys_enter/sys_exit see every syscall of every task; only
 * tasks in the tids map (the traced tree, kept current from sched_process_fork
 * and sched_process_exit) and syscalls in selected[] go further. For those,
 * plans[] (filled by bpf.c from the syscall table) says which argument memory
 * to copy, at entry or at exit, and how much; wins[] (bpfwin.c) what memory
 * a syscall's capture hook may read, copied with its address so that user
 * space can run the hook on the copies. Entry arguments wait in the
 * task's tids entry for the exit, where sizes from the return value are
 * known. Records go to the events ring buffer (layout in trace_event.h); one
 * that does not fit is counted in `lost`, which the loader reports.
 *
 * Nothing here knows a syscall by name: the numbers it needs (execve) are
 * read-only globals set by the loader.
 *
 * The programs are raw tracepoints reading kernel memory by offset (struct
 * pt_regs is x86-64's fixed layout; task_struct's two fields are found by
 * bpf.c), not tp_btf programs with CO-RE: those make libbpf read and check
 * the kernel's whole BTF, 9 ms of a 20 ms start-up.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "backend/bpf/trace_event.h"

#define EFAULT_ 14
#define E2BIG_ 7
#define SIGKILL_ 9
#define SI_USER_ 0
#define SI_KERNEL_ 0x80
/* include/linux/sched/signal.h: signal_struct's flags */
#define SIGNAL_GROUP_EXIT_ 0x4
/* include/trace/events/signal.h: signal_generate's result */
#define TRACE_SIGNAL_DELIVERED_ 0
#define TRACE_SIGNAL_IGNORED_ 1
/* __send_signal_locked()'s info when the sender gives none */
#define SEND_SIG_NOINFO_ 0
#define SEND_SIG_PRIV_ 1

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader between open and load. */
const volatile bool follow = false;	   /* -f: children join the tree */
const volatile bool trace_unknown = false; /* numbers >= TE_NR_MAX are selected */
const volatile __s64 nr_execve = -1;	   /* they end the spawned command's hiding */
const volatile __s64 nr_execveat = -1;
const volatile __s64 nr_rt_sigreturn = -1; /* its entry reads the frame's mask */
const volatile __u32 argv_strmax = 33;	   /* bytes read of one argv string */
const volatile __u32 wake_shift = 16;	   /* wake the reader per 1 << wake_shift bytes */
const volatile bool want_ts = true;	   /* some output shows times: read the clock */
/* Where struct task_struct keeps these, from the kernel's BTF (bpf.c). */
const volatile __u32 task_pid_off = 0;
const volatile __u32 task_exit_code_off = 0;
/* task_struct's signal and signal_struct's flags (0: not found, the
 * signal_generate program is not attached). */
const volatile __u32 task_signal_off = 0;
const volatile __u32 signal_flags_off = 0;

__u64 lost = 0; /* records the ring buffer had no room for */
/* Tasks in the tids map, kept by both sides (the loader adds and removes
 * tasks too, through the mmap'ed .bss); never below the truth. While it is 1
 * nothing but the one task can write a record, so its syscalls go out whole,
 * as one record at the exit (see sys_enter). */
__s64 ntasks = 0;

/* Per syscall number, set by the loader before load. Global arrays rather
 * than array maps: the loader fills them in the object's .bss image, with no
 * bpf() call per entry, and the programs index them without a map lookup. */
struct te_plan plans[TE_NR_MAX];
__u8 selected[TE_NR_MAX];
/* The arguments the plan reads: bit i at entry, bit 8 + i at exit. With
 * no entry bit the entry record may wait for the exit; with none at all
 * the record has no captures to look for. */
__u16 argmask[TE_NR_MAX];
/* Windows (trace_event.h) for syscalls whose capture hook is code, and
 * which ends have any: bit 0 the entry, bit 1 the exit. */
struct te_wins wins[TE_NR_MAX];
__u8 winmask[TE_NR_MAX];

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 23); /* --buffer-size sets it */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	/* Allocated as tasks come: preallocating 65536 entries took a fifth of
	 * the start-up. The loader clears the flag where the kernel needs it. */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 65536);
	__type(key, __u32); /* tid */
	__type(value, struct te_task);
} tids SEC(".maps");

/* A per-CPU value is at most 32K: the counters take the end of the buffer's
 * second half, which is there only for the verifier's bounds (a record ends
 * before TE_EVENT_MAX, a capture's bound adds at most 8K to that). */
struct scratch {
	__u8 buf[TE_SCRATCH - 16];
	/* This CPU's bytes sent since it last looked at the ring's fill (output()). */
	__u64 unchecked;
	__u64 hot; /* the ring was past half full then: look at every record */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* x &= 2 * TE_CAP_MAX - 1, done by the program as written: it changes nothing
 * (x <= TE_CAP_MAX + 1 already) but the compiler would drop it, and the
 * verifier needs to see the bound on the register passed as a size. */
#define BOUND(x) asm volatile("%[v] &= 0x1fff" : [v] "+r"(x))

/* The reader is woken only when it has a good part of the buffer to read
 * (an eighth), and otherwise finds the records at its poll timeout. A wake-up
 * is an irq_work, a self-IPI: in a VM an APIC write and a VM exit, which cost
 * more than the rest of the record. Looking at the ring's fill costs too (the
 * reader writes its position on every record it takes: a cache miss here), so
 * a CPU looks only once per 1/64 of the buffer it has sent, except when it
 * last saw the ring past half full: then every record looks, and wakes the
 * reader, which slows the tracee while the reader catches up where otherwise
 * a tracee faster than the reader (getppid in a loop) fills the buffer and
 * records are lost. Records sent outside emit_call() (forks, exits, signals:
 * few) look every time. */
static __always_inline void output_wake(void *data, __u64 size, bool wake)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 flags = wake || avail >= (1ull << wake_shift) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

	if (bpf_ringbuf_output(&events, data, size, flags))
		__sync_fetch_and_add(&lost, 1);
}

static __always_inline void output(void *data, __u64 size)
{
	output_wake(data, size, false);
}

static __always_inline void output_call(struct scratch *s, __u64 size)
{
	__u64 flags = BPF_RB_NO_WAKEUP;

	s->unchecked += size;
	if (s->hot || s->unchecked >= (1ull << wake_shift) >> 3) {
		__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

		s->unchecked = 0;
		s->hot = avail >= (4ull << wake_shift);
		if (avail >= (1ull << wake_shift))
			flags = BPF_RB_FORCE_WAKEUP;
	}
	if (bpf_ringbuf_output(&events, s->buf, size, flags))
		__sync_fetch_and_add(&lost, 1);
}

static __always_inline bool is_selected(long nr)
{
	if (nr < 0 || nr >= TE_NR_MAX)
		return trace_unknown;
	return selected[nr & (TE_NR_MAX - 1)];
}

/* A string of at most max bytes (its NUL not counted) at off; returns the new end. */
static __always_inline __u32 put_str(struct scratch *s, __u32 off, __u8 slot, __u64 addr, __u32 max,
				     bool *fault)
{
	__u32 h = off & (TE_EVENT_MAX - 1);
	struct te_cap *c = (void *)(s->buf + h);
	long n;

	c->slot = slot;
	c->flags = 0;
	c->err = 0;
	c->len = 0;
	if (max > TE_CAP_MAX)
		max = TE_CAP_MAX;
	if (h + sizeof(*c) + max + 1 >= TE_EVENT_MAX) {
		c->flags = TE_CAP_FAULT;
		c->err = E2BIG_;
		return h + sizeof(*c);
	}
	/* max + 1 bytes: a NUL within max ends the string, none means it goes on.
	 * The mask changes nothing (max <= TE_CAP_MAX) but shows the verifier a bound. */
	n = max + 1;
	BOUND(n);
	n = bpf_probe_read_user_str(s->buf + h + sizeof(*c), n, (const void *)addr);
	if (n < 0) {
		c->flags = TE_CAP_FAULT;
		c->err = -n;
		*fault = true;
	} else if ((__u32)n <= max) {
		c->flags = TE_CAP_NUL;
		c->len = n > 0 ? n - 1 : 0;
	} else {
		c->flags = TE_CAP_MORE;
		c->len = max;
	}
	return h + sizeof(*c) + TE_ALIGN8(c->len);
}

static __always_inline __u32 put_mem(struct scratch *s, __u32 off, __u8 slot, __u64 addr, __u64 len,
				     bool *fault)
{
	__u32 h = off & (TE_EVENT_MAX - 1);
	struct te_cap *c = (void *)(s->buf + h);

	c->slot = slot;
	c->flags = 0;
	c->err = 0;
	c->len = 0;
	if (len > TE_CAP_MAX)
		len = TE_CAP_MAX;
	if (h + sizeof(*c) + len >= TE_EVENT_MAX) {
		c->flags = TE_CAP_FAULT;
		c->err = E2BIG_;
		return h + sizeof(*c);
	}
	BOUND(len);
	if (bpf_probe_read_user(s->buf + h + sizeof(*c), len, (const void *)addr)) {
		c->flags = TE_CAP_FAULT;
		c->err = EFAULT_;
		*fault = true;
		return h + sizeof(*c);
	}
	c->len = len;
	return h + sizeof(*c) + TE_ALIGN8(len);
}

struct argc_ctx {
	__u64 addr;
	__u32 count;
	__u32 flags;
};

static long count_one(__u32 i, struct argc_ctx *x)
{
	__u64 p;

	if (bpf_probe_read_user(&p, sizeof(p), (const void *)(x->addr + i * 8ull))) {
		x->flags |= TE_CAP_ARRAY_FAULT;
		return 1;
	}
	if (!p)
		return 1;
	if (i == TE_ENVC_MAX) {
		x->flags |= TE_CAP_MORE;
		return 1;
	}
	x->count++;
	return 0;
}

struct argv_ctx {
	__u64 addr;
	__u32 off;
	__u32 limit;
	__u32 count;
	__u32 flags;
	__u16 ncap;
	__u8 slot;
};

/* One argv string, by bpf_loop: the verifier checks this once, where a
 * loop of 33 steps was checked step by step (nine tenths of its work). */
static long argv_one(__u32 j, struct argv_ctx *x)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	bool fault = false;
	__u64 p;

	if (!s)
		return 1;
	if (bpf_probe_read_user(&p, sizeof(p), (const void *)(x->addr + j * 8ull))) {
		x->flags |= TE_CAP_ARRAY_FAULT;
		return 1;
	}
	if (!p)
		return 1;
	if (j >= x->limit) {
		x->flags |= TE_CAP_MORE;
		return 1;
	}
	x->off = put_str(s, x->off, TE_SLOT_ARGV_STR | x->slot, p, argv_strmax, &fault);
	x->ncap++;
	x->count++;
	return 0;
}

/* argv: each string as a TE_SLOT_ARGV_STR capture, then the count in slot i. */
static __always_inline __u32 put_argv(struct scratch *s, __u32 off, __u8 slot, __u64 addr,
				      __u32 limit, bool count_only, __u16 *ncap)
{
	struct te_cap *c;
	__u32 h, count, flags;

	if (count_only) {
		struct argc_ctx x = { .addr = addr };

		bpf_loop(TE_ENVC_MAX + 1, count_one, &x, 0);
		count = x.count;
		flags = x.flags;
	} else {
		struct argv_ctx x = {
			.addr = addr,
			.off = off,
			.limit = limit > TE_ARGV_MAX ? TE_ARGV_MAX : limit,
			.slot = slot,
		};

		bpf_loop(TE_ARGV_MAX + 1, argv_one, &x, 0);
		off = x.off;
		count = x.count;
		flags = x.flags;
		*ncap += x.ncap;
	}
	h = off & (TE_EVENT_MAX - 1);
	c = (void *)(s->buf + h);
	c->slot = slot;
	c->flags = flags;
	c->err = 0;
	c->len = count;
	(*ncap)++;
	return h + sizeof(*c);
}

/* One argument's capture, a global function so that the verifier checks it
 * once rather than at each of its call sites. Returns the new end offset, with
 * CAP1_FAULT set when a string or buffer read faulted, and the number of
 * captures written from bit CAP1_NSHIFT. */
#define CAP1_FAULT (1 << 16)
#define CAP1_NSHIFT 17

__noinline int capture_one(struct scratch *s, __u32 where, __u64 addr, __u64 len, __u32 max)
{
	/* where: the offset, the slot << 16 and the op << 24 (five arguments at most) */
	__u32 off = where & 0xffff, slot = (where >> 16) & 0xff, op = where >> 24;
	bool fault = false;
	__u16 ncap = 0;

	if (!s)
		return off;
	switch (op) {
	case TE_OP_STR:
		off = put_str(s, off, slot, addr, max, &fault);
		ncap = 1;
		break;
	case TE_OP_MEM:
		if (len > max)
			len = max;
		off = put_mem(s, off, slot, addr, len, &fault);
		ncap = 1;
		break;
	case TE_OP_ARGV:
	case TE_OP_ARGC:
		off = put_argv(s, off, slot, addr, max, op == TE_OP_ARGC, &ncap);
		break;
	}
	off &= TE_SCRATCH - 1;
	return off | (fault ? CAP1_FAULT : 0) | ((__u32)ncap << CAP1_NSHIFT);
}

/* A window: its address, then what could be read there (str: a string of
 * at most len bytes, with its NUL when it ends within them). Returns the
 * new end. */
#define WIN_STR 1u		/* put_win()'s how: a string; and flags << 8 */
__noinline int put_win(struct scratch *s, __u32 off, __u64 addr, __u64 len, __u32 how)
{
	__u32 h = off & (TE_EVENT_MAX - 1);
	struct te_cap *c;
	bool str = how & WIN_STR;
	long n;

	/* A global function: the verifier checks it once, not at each of the
	 * dozen places below (which took it half a second). */
	if (!s)
		return off;
	c = (void *)(s->buf + h);
	/* counted in the record's header, in memory: kept in registers by
	 * the callers, each count would be a state of its own to the verifier */
	((struct te_hdr *)s->buf)->ncap++;
	c->slot = TE_SLOT_WIN;
	c->flags = how >> 8;
	c->err = 0;
	c->len = 8;
	*(__u64 *)(s->buf + h + sizeof(*c)) = addr;
	if (len > TE_CAP_MAX)
		len = TE_CAP_MAX;
	if (h + sizeof(*c) + 8 + len + 1 >= TE_EVENT_MAX) {
		c->flags |= TE_CAP_FAULT;
		c->err = E2BIG_;
		return h + sizeof(*c) + 8;
	}
	BOUND(len);
	if (str) {
		n = len + 1;
		BOUND(n);
		n = bpf_probe_read_user_str(s->buf + h + sizeof(*c) + 8, n, (const void *)addr);
		if (n > 0 && (__u64)n <= len) {
			c->flags |= TE_CAP_NUL;
			len = n; /* the NUL with it */
		} else if (n > 0) {
			c->flags |= TE_CAP_MORE;
		}
	} else {
		n = bpf_probe_read_user(s->buf + h + sizeof(*c) + 8, len, (const void *)addr);
	}
	if (n < 0) {
		c->flags |= TE_CAP_FAULT;
		c->err = EFAULT_;
		return h + sizeof(*c) + 8;
	}
	c->len = 8 + len;
	return h + sizeof(*c) + 8 + TE_ALIGN8(len);
}

struct iov_ctx {
	__u64 addr; /* the struct iovec array */
	__u64 left; /* bytes the buffers hold in all */
	__u32 max;  /* bytes of one buffer copied */
	__u32 off;
	__u8 flags; /* of each window */
};

/* One iovec's buffer, by bpf_loop: as much as the capture hook reads. */
static long iov_one(__u32 j, struct iov_ctx *x)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	__u64 iov[2], want;

	if (!s || bpf_probe_read_user(iov, sizeof(iov), (const void *)(x->addr + j * 16ull)))
		return 1;
	want = iov[1] < x->left ? iov[1] : x->left;
	x->left -= want;
	if (want > x->max)
		want = x->max;
	if (want && iov[0])
		x->off = put_win(s, x->off, iov[0], want, (__u32)x->flags << 8) & (TE_SCRATCH - 1);
	return 0;
}

/* IOVECS(how) iovecs at addr, then their buffers, left bytes in all; of each
 * IOV_MAX(how) bytes at most, the copies flagged IOV_FLAGS(how). A global
 * function, so that the loop is checked once. */
#define IOV_HOW(count, max, flags) \
	((max) | ((count) < TE_IOV_MAX ? (__u32)(count) : TE_IOV_MAX) << 16 | (__u32)(flags) << 24)
__noinline int put_iov(struct scratch *s, __u32 off, __u64 addr, __u64 left, __u32 how)
{
	struct iov_ctx x = { .addr = addr, .left = left, .max = how & 0xffff, .flags = how >> 24 };
	__u32 count = (how >> 16) & 0xff;

	if (!s)
		return off;
	if (count > TE_IOV_MAX)
		count = TE_IOV_MAX;
	off = put_win(s, off, addr, count * 16, (how >> 24) << 8) & (TE_SCRATCH - 1);
	x.off = off & (TE_SCRATCH - 1);
	bpf_loop(count, iov_one, &x, 0);
	return x.off;
}

/* The window's condition on an argument's value (fcntl's cmd), if any. */
static __always_inline bool win_selected(const struct te_win *w, const struct te_task *t)
{
	__u64 v;

	if (!w->if_arg)
		return true;
	v = t->args[(w->if_arg - 1) & 7];
	return v < 64 && (w->if_vals >> v) & 1;
}

/* Whether a window of syscall nr is copied at this entry: else the entry
 * has nothing to read and may wait for the exit (sys_enter). */
__noinline int entry_windows(struct te_task *t, __u32 nr)
{
	int i;

	if (!t)
		return 0;
	for (i = 0; i < TE_WIN_MAX; i++) {
		const struct te_win *w = &wins[nr & (TE_NR_MAX - 1)].w[i];

		if (!w->kind)
			break;
		if ((w->when & TE_W_ENTRY) && t->args[w->arg & 7] && win_selected(w, t))
			return 1;
	}
	return 0;
}

/* capture_win()'s `where`: the offset, then these. */
#define WIN_K_SHIFT 16	    /* the window, 3 bits */
#define WIN_EXIT (1u << 19) /* at the syscall's exit */
#define WIN_AGAIN (1u << 20) /* an entry window that faulted, read again at the exit */
#define WIN_NR_SHIFT 21	    /* the syscall number, 9 bits */

/* Window k of a syscall, now (entry or exit), a global function as
 * capture_arg() is. Returns the new end offset, and the number of captures
 * written from bit 16. */
__noinline int capture_win(struct scratch *s, struct te_task *t, __u32 where, __s64 ret)
{
	__u32 off = where & 0xffff, k = (where >> WIN_K_SHIFT) & 7;
	__u32 nr = (where >> WIN_NR_SHIFT) & (TE_NR_MAX - 1), m32;
	bool at_exit = where & WIN_EXIT, ok = ret >= 0 || ret < -4095;
	__u8 fl = where & WIN_AGAIN ? TE_CAP_AGAIN : 0;
	__u32 start;
	struct te_win *w;
	__u64 addr, len, mul, left, cnt;

	if (!s || !t || k >= TE_WIN_MAX)
		return off;
	w = &wins[nr].w[k];
	if (!w->kind || !(w->when & (at_exit ? TE_W_EXIT : TE_W_ENTRY)))
		return off;
	if (at_exit && (w->when & TE_W_OK) && !ok)
		return off;
	addr = t->args[w->arg & 7];
	if (!addr || !win_selected(w, t))
		return off;
	/* cnt: units of mul bytes (TE_W_IOV: iovecs) */
	mul = w->mul ? w->mul : 1;
	cnt = w->max;
	if (w->size == TE_SZ_RET) {
		cnt = ret < 0 ? 0 : ret;
	} else if (w->size >= TE_SZ_ARG0 && w->size < TE_SZ_ARG0 + 6) {
		cnt = t->args[(w->size - TE_SZ_ARG0) & 7];
	} else if (w->size >= TE_SZ_PTR0 && w->size < TE_SZ_PTR0 + 6) {
		if (bpf_probe_read_user(&m32, 4, (const void *)t->args[(w->size - TE_SZ_PTR0) & 7]))
			m32 = 0;
		cnt = (__s32)m32 < 0 ? 0 : m32;
	} else {
		mul = 1;
	}
	len = (cnt > w->max ? w->max : cnt) * mul;
	if (w->kind == TE_W_MEM)
		len += w->n;
	if (len > w->max) {
		if (w->when & TE_W_WHOLE)
			return off;
		len = w->max;
	}
	left = at_exit && (w->when & TE_W_BYRET) ? (ret < 0 ? 0 : ret) : ~0ull;
	start = off & (TE_EVENT_MAX - 1);
	switch (w->kind) {
	case TE_W_MEM:
	case TE_W_STR:
		if (len) {
			off = put_win(s, off, addr, len, (w->kind == TE_W_STR ? WIN_STR : 0) | (__u32)fl << 8) &
			      (TE_SCRATCH - 1);
		}
		break;
	case TE_W_IOV:
		off = put_iov(s, off, addr, left, IOV_HOW(cnt < w->n ? cnt : w->n, w->max, fl)) & (TE_SCRATCH - 1);
		break;
	case TE_W_AT:
		if (bpf_probe_read_user(&addr, sizeof(addr), (const void *)(addr + w->n)) || !addr)
			break;
		off = put_win(s, off, addr, len, (__u32)fl << 8) & (TE_SCRATCH - 1);
		break;
	case TE_W_MSGHDR: {
		/* struct msghdr: name, namelen, iov, iovlen, control, controllen */
		__u64 m[7];

		off = put_win(s, off, addr, sizeof(m), (__u32)fl << 8) & (TE_SCRATCH - 1);
		if (bpf_probe_read_user(m, sizeof(m), (const void *)addr))
			break;
		if (m[0] && (__u32)m[1]) {
			off = put_win(s, off, m[0], (__u32)m[1] < TE_MSG_NAME_MAX ? (__u32)m[1] : TE_MSG_NAME_MAX,
				      (__u32)fl << 8) & (TE_SCRATCH - 1);
		}
		if (m[4] && m[5]) {
			off = put_win(s, off, m[4], m[5] < TE_MSG_CONTROL_MAX ? m[5] : TE_MSG_CONTROL_MAX,
				      (__u32)fl << 8) & (TE_SCRATCH - 1);
		}
		if (m[2] && m[3])
			off = put_iov(s, off, m[2], left, IOV_HOW(m[3] < w->n ? m[3] : w->n, w->max, fl)) &
			      (TE_SCRATCH - 1);
		break;
	}
	}
	/* A window that faulted at the entry (a string in a page not touched
	 * yet: bpf_probe_read_user cannot fault it in) is read again at the exit.
	 * Only the first copy of a window says so: enough to look again. */
	if (!at_exit && !fl && off != start && start + sizeof(struct te_cap) <= TE_EVENT_MAX &&
	    (((struct te_cap *)(s->buf + start))->flags & TE_CAP_FAULT))
		t->retry |= 1u << (8 + k);
	return off & (TE_SCRATCH - 1);
}

/* capture_arg()'s `where`: the offset, then these. */
#define ARG_I_SHIFT 16	     /* the argument, 3 bits */
#define ARG_EXIT (1u << 19)  /* at the syscall's exit */
#define ARG_AGAIN (1u << 20) /* its entry capture faulted: read it again */
#define ARG_NR_SHIFT 21	     /* the syscall number, 9 bits */

/* What the plan says to copy of argument i, now (entry or exit): also a global
 * function, so that the six arguments' many cases are checked once, not six
 * times over in each program. Returns as capture_one() does. */
__noinline int capture_arg(struct scratch *s, struct te_task *t, __u32 where, __s64 ret)
{
	__u32 off = where & 0xffff, i = (where >> ARG_I_SHIFT) & 7;
	__u32 nr = (where >> ARG_NR_SHIFT) & (TE_NR_MAX - 1);
	bool at_exit = where & ARG_EXIT, again = where & ARG_AGAIN;
	struct te_argplan *a;
	__u64 len;

	if (!s || !t || i >= 6)
		return off;
	a = &plans[nr].a[i];
	len = a->max;
	if (a->op == TE_OP_NONE || (a->exit != at_exit && !again) || !t->args[i])
		return off;
	if (at_exit && a->if_ok && ret < 0 && ret >= -4095)
		return off;
	/* Only strings and buffers are read again; argv is gone after execve. */
	if (again && (a->op == TE_OP_ARGV || a->op == TE_OP_ARGC || a->size == TE_SZ_RET))
		return off;
	if (a->size == TE_SZ_RET)
		len = ret < 0 ? 0 : ret;
	else if (a->size >= TE_SZ_ARG0 && a->size < TE_SZ_ARG0 + 6)
		len = t->args[(a->size - TE_SZ_ARG0) & 7];
	return capture_one(s, off | (i << 16) | ((__u32)a->op << 24), t->args[i], len, a->max);
}

/* Build and send one syscall record: TE_ENTER (the arguments and the entry
 * captures), TE_EXIT (the exit captures) or TE_CALL (both ends of a syscall
 * with nothing to read at entry). At entry, returns the arguments whose
 * memory faulted: bpf_probe_read_user cannot fault a page in (a string in a
 * .rodata page the program has not touched yet), but by the syscall's exit the
 * kernel has, so the exit reads those again (retry) and sends them along. */
static __always_inline __u32 emit_call(__u16 type, __u32 tid, struct te_task *t, __s64 nr, __s64 ret,
				       __u32 retry)
{
	__u32 zero = 0, off = TE_CAPS_OFF(type), faulted = 0, flags;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct te_hdr *h;
	__u16 ncap = 0;
	int i;

	if (!s)
		return 0;
	h = (void *)s->buf;
	h->type = type;
	h->tid = tid;
	h->tgid = bpf_get_current_pid_tgid() >> 32;
	h->ts = type == TE_ENTER ? t->ts : want_ts ? bpf_ktime_get_ns() : 0;
	h->nr = nr;
	h->ret = ret;
	if (type != TE_EXIT) {
		struct te_args *a = (void *)(h + 1);

		a->sp = t->sp;
		for (i = 0; i < 6; i++)
			a->args[i] = t->args[i];
		a->ts = t->ts;
		a->seq = t->seq;
	}
	if (nr >= 0 && nr < TE_NR_MAX) {
		/* The arguments to look at now: none, for most syscalls at one end. */
		__u32 mask = argmask[nr & (TE_NR_MAX - 1)];

		mask = type == TE_ENTER ? mask & 0x3f : (mask >> 8 | retry) & 0x3f;
		flags = (type != TE_ENTER ? ARG_EXIT : 0) | ((__u32)nr << ARG_NR_SHIFT);
		for (i = 0; i < 6 && mask; i++) {
			int r;

			if (!(mask & (1u << i)))
				continue;
			mask &= ~(1u << i);
			r = capture_arg(s, t, (off & 0xffff) | (i << ARG_I_SHIFT) | flags |
					(retry & (1u << i) ? ARG_AGAIN : 0), ret);

			off = r & 0xffff;
			ncap += r >> CAP1_NSHIFT;
			if (r & CAP1_FAULT)
				faulted |= 1u << i;
		}
	}
	/* Windows for the capture hook user space runs; at the exit, again the
	 * entry's that faulted (retry bits 8..13). */
	if (nr >= 0 && nr < TE_NR_MAX &&
	    ((winmask[nr & (TE_NR_MAX - 1)] & (type == TE_ENTER ? 1 : 2)) || (type != TE_ENTER && retry >> 8))) {
		flags = ((__u32)nr << WIN_NR_SHIFT);
		h->ncap = ncap;
		for (i = 0; i < TE_WIN_MAX; i++) {
			__u32 how = type != TE_ENTER ? WIN_EXIT : 0;

			if (!wins[nr & (TE_NR_MAX - 1)].w[i].kind)
				break;
			if (type != TE_ENTER && (retry >> 8) & (1u << i))
				off = capture_win(s, t, (off & 0xffff) | (i << WIN_K_SHIFT) | flags | WIN_AGAIN,
						  ret) & 0xffff;
			off = capture_win(s, t, (off & 0xffff) | (i << WIN_K_SHIFT) | flags | how, ret) & 0xffff;
		}
		ncap = h->ncap;
	}
	/* rt_sigreturn's mask, read at its entry (sys_enter): what the ptrace
	 * backend's capture hook reads, in the slot its decoder looks at. */
	if (type == TE_ENTER && nr == nr_rt_sigreturn && t->frame_ok) {
		__u32 o = off & (TE_EVENT_MAX - 1);
		struct te_cap *c = (void *)(s->buf + o);

		if (o + sizeof(*c) + 8 < TE_EVENT_MAX) {
			c->slot = TE_SLOT_EXTRA0;
			c->flags = 0;
			c->err = 0;
			c->len = 8;
			*(__u64 *)(s->buf + o + sizeof(*c)) = t->frame_mask;
			off = o + sizeof(*c) + 8;
			ncap++;
		}
	}
	h->ncap = ncap;
	off &= TE_SCRATCH - 1;
	h->size = off;
	output_call(s, off);
	return faulted;
}

/* The entry record of a deferred syscall, sent before anything else the
 * task's syscall causes (a fork, its end): there was nothing to read at its
 * entry, so the record is the arguments alone. */
static __always_inline void flush_deferred(__u32 tid, struct te_task *t)
{
	struct {
		struct te_hdr h;
		struct te_args a;
	} r;
	int i;

	if (!t->deferred || t->nr == TE_NR_NONE)
		return;
	t->deferred = 0;
	t->retry = 0;
	r.h.type = TE_ENTER;
	r.h.ncap = 0;
	r.h.size = sizeof(r);
	r.h.tid = tid;
	r.h.tgid = bpf_get_current_pid_tgid() >> 32;
	r.h.ts = t->ts;
	r.h.nr = t->nr;
	r.h.ret = 0;
	r.a.sp = t->sp;
	for (i = 0; i < 6; i++)
		r.a.args[i] = t->args[i];
	r.a.ts = t->ts;
	r.a.seq = t->seq;
	output(&r, sizeof(r));
}

/* A TE_SIGNAL record: sig and the siginfo at info (kernel memory or the
 * tids entry's copy; NULL: none could be read). */
static __always_inline void send_signal(__u32 tid, int sig, const void *info)
{
	struct {
		struct te_hdr h;
		struct te_cap c;
		__u8 si[TE_SIGINFO_SIZE];
	} r;

	__builtin_memset(&r, 0, sizeof(r));
	r.h.type = TE_SIGNAL;
	r.h.size = sizeof(r);
	r.h.ncap = 1;
	r.h.tid = tid;
	r.h.tgid = bpf_get_current_pid_tgid() >> 32;
	r.h.ts = want_ts ? bpf_ktime_get_ns() : 0;
	r.h.ret = sig;
	r.c.slot = TE_SLOT_SIGINFO;
	r.c.len = TE_SIGINFO_SIZE;
	if (!info || bpf_probe_read_kernel(r.si, sizeof(r.si), info)) {
		r.c.flags = TE_CAP_FAULT;
		r.c.err = EFAULT_;
		r.c.len = 0;
	}
	output(&r, sizeof(r));
}

/* The signal signal_generate kept for the task (see there), now that the
 * task returns to user space (or ends): where ptrace would have stopped it. */
static __always_inline void flush_signal(__u32 tid, struct te_task *t)
{
	int sig = t->sig;

	if (!sig)
		return;
	t->sig = 0;
	send_signal(tid, sig & 0xffff, sig & TE_SIG_NOINFO ? NULL : t->siginfo);
}

/* struct pt_regs from r10 to sp (x86-64's layout, fixed by its ABI). */
struct regs_tail {
	__u64 r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp;
};
#define REGS_R10_OFF 56

/* sys_enter(struct pt_regs *regs, long id) */
SEC("raw_tp/sys_enter")
int sys_enter(__u64 *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct te_task *t = bpf_map_lookup_elem(&tids, &tid);
	struct regs_tail r;
	long id = ctx[1];

	if (!t)
		return 0;
	if (t->flags & TE_TID_HIDDEN) {
		if (id != nr_execve && id != nr_execveat)
			return 0;
		t->flags &= ~TE_TID_HIDDEN;
	}
	/* A signal that came while the task ran in user space: before this
	 * entry, selected or not (strace shows signals whatever -e trace=). */
	if (t->sig)
		flush_signal(tid, t);
	if (!is_selected(id))
		return 0;
	if (bpf_probe_read_kernel(&r, sizeof(r), (void *)(ctx[0] + REGS_R10_OFF)))
		__builtin_memset(&r, 0, sizeof(r));
	/* The frame rt_sigreturn is about to take down holds the mask it restores. */
	if (id == nr_rt_sigreturn)
		t->frame_ok = !bpf_probe_read_user(&t->frame_mask, sizeof(t->frame_mask),
						   (const void *)(r.sp + TE_FRAME_MASK_OFF));
	t->args[0] = r.di;
	t->args[1] = r.si;
	t->args[2] = r.dx;
	t->args[3] = r.r10;
	t->args[4] = r.r8;
	t->args[5] = r.r9;
	t->sp = r.sp;
	t->ts = want_ts ? bpf_ktime_get_ns() : 0;
	t->seq++;
	t->nr = id;
	/* The only task, and nothing to read at entry: no other record can come
	 * between this entry and its exit but the task's own (a fork, its end),
	 * which send the entry first. One record at the exit then says it all:
	 * half the records, the same text. (rt_sigreturn has an entry capture
	 * outside the plan: its frame's mask, which the decoder reads at entry.) */
	if (ntasks == 1 && id >= 0 && id < TE_NR_MAX && !(argmask[id & (TE_NR_MAX - 1)] & 0x3f) &&
	    !((winmask[id & (TE_NR_MAX - 1)] & 1) && entry_windows(t, id)) && id != nr_rt_sigreturn) {
		t->deferred = 1;
		t->retry = 0;
		return 0;
	}
	t->deferred = 0;
	t->retry = 0; /* capture_win() marks the windows to read again */
	t->retry |= emit_call(TE_ENTER, tid, t, id, 0, 0);
	return 0;
}

/* sys_exit(struct pt_regs *regs, long ret) */
SEC("raw_tp/sys_exit")
int sys_exit(__u64 *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), retry;
	struct te_task *t = bpf_map_lookup_elem(&tids, &tid);
	long ret = ctx[1];
	__u16 type;
	__s64 nr;

	if (!t)
		return 0;
	if (t->nr != TE_NR_NONE) {
		nr = t->nr;
		t->nr = TE_NR_NONE;
		type = t->deferred ? TE_CALL : TE_EXIT;
		t->deferred = 0;
		/* Only a successful execve replaces the memory the entry could not read. */
		retry = (nr == nr_execve || nr == nr_execveat) && ret == 0 ? 0 : t->retry;
		emit_call(type, tid, t, nr, ret, retry);
	}
	/* A signal that came during the syscall: after its exit, as strace
	 * shows it (wait4(...) = PID, then --- SIGCHLD ...). */
	if (t->sig)
		flush_signal(tid, t);
	return 0;
}

/* A task's end wakes the reader at once: the last one ends the trace, which
 * would otherwise wait for the reader's next poll timeout. */
static __always_inline void emit_small(__u16 type, __u32 tid, __u32 tgid, __s64 nr, __s64 ret)
{
	struct te_hdr h = {
		.type = type,
		.size = sizeof(h),
		.tid = tid,
		.tgid = tgid,
		.ts = want_ts ? bpf_ktime_get_ns() : 0,
		.nr = nr,
		.ret = ret,
	};

	output_wake(&h, sizeof(h), type == TE_EXITED);
}

/* sched_process_fork(struct task_struct *parent, struct task_struct *child),
 * in the parent. */
SEC("raw_tp/sched_process_fork")
int sched_fork(__u64 *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 ptid = (__u32)id, ctid = 0;
	struct te_task *pt, ct = { .nr = TE_NR_NONE };

	if (!follow)
		return 0;
	pt = bpf_map_lookup_elem(&tids, &ptid);
	if (!pt)
		return 0;
	if (bpf_probe_read_kernel(&ctid, sizeof(ctid), (void *)(ctx[1] + task_pid_off)) || !ctid)
		return 0;
	/* The parent's clone line comes before the child's. */
	flush_deferred(ptid, pt);
	ct.flags = pt->flags;
	__sync_fetch_and_add(&ntasks, 1);
	if (bpf_map_update_elem(&tids, &ctid, &ct, BPF_NOEXIST))
		__sync_fetch_and_add(&ntasks, -1); /* there already (or no room) */
	emit_small(TE_FORK, ptid, id >> 32, ct.flags, ctid);
	return 0;
}

/* sched_process_exit(struct task_struct *p, ...), in p. */
SEC("raw_tp/sched_process_exit")
int sched_exit(__u64 *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct te_task *t = bpf_map_lookup_elem(&tids, &tid);
	int code = 0;

	if (!t)
		return 0;
	bpf_probe_read_kernel(&code, sizeof(code), (void *)(ctx[0] + task_exit_code_off));
	/* A syscall that never returns (exit_group, or killed in it): "= ?". */
	flush_deferred(tid, t);
	/* A fatal signal that took the task in user space. */
	flush_signal(tid, t);
	/* nr carries the TE_TID_* flags: a hidden task's end is not shown. */
	emit_small(TE_EXITED, tid, id >> 32, t->flags, code);
	if (!bpf_map_delete_elem(&tids, &tid))
		__sync_fetch_and_add(&ntasks, -1);
	return 0;
}

/* A thread other than the leader called execve: it now has the leader's pid. */
/* sched_process_exec(struct task_struct *p, pid_t old_pid, ...), in p. */
SEC("raw_tp/sched_process_exec")
int sched_exec(__u64 *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, old = (__u32)ctx[1];
	struct te_task *t;

	if (tid == old)
		return 0;
	t = bpf_map_lookup_elem(&tids, &old);
	if (!t)
		return 0;
	flush_deferred(old, t);
	/* The execve in flight moves too: its exit comes under the new tid. */
	__sync_fetch_and_add(&ntasks, 1);
	if (bpf_map_update_elem(&tids, &tid, t, BPF_NOEXIST)) {
		bpf_map_update_elem(&tids, &tid, t, BPF_ANY);
		__sync_fetch_and_add(&ntasks, -1);
	}
	if (!bpf_map_delete_elem(&tids, &old))
		__sync_fetch_and_add(&ntasks, -1);
	emit_small(TE_EXEC, tid, id >> 32, 0, old);
	return 0;
}

/* signal_deliver(int sig, struct kernel_siginfo *info, ...) */
SEC("raw_tp/signal_deliver")
int signal_deliver(__u64 *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct te_task *t = bpf_map_lookup_elem(&tids, &tid);

	if (!t || (t->flags & TE_TID_HIDDEN))
		return 0;
	flush_deferred(tid, t);
	/* Ptrace would have queued a kept one too, and taken it by now. */
	flush_signal(tid, t);
	send_signal(tid, (int)ctx[0], (const void *)ctx[1]);
	return 0;
}

/* signal_generate(int sig, struct kernel_siginfo *info, struct task_struct
 * *task, int group, int result), in the sender, after the kernel decided.
 * Two kinds of signal ptrace stops a task for but signal_deliver never sees
 * without ptrace:
 *  - one the task ignores (SIG_IGN, or SIG_DFL of SIGCHLD, SIGWINCH,
 *    SIGURG...): sig_ignored() drops it here unless the task is ptraced;
 *  - a fatal one with the default action: complete_signal() sends the
 *    group SIGKILL instead unless the task is ptraced, and marks the group
 *    SIGNAL_GROUP_EXIT (a group marked before drops every signal but
 *    SIGKILL as ignored, ptraced or not: not shown).
 * Either is kept in the task's tids entry for its next return to user
 * space (sys_enter, sys_exit) or its end, where ptrace would stop it. */
SEC("raw_tp/signal_generate")
int signal_generate(__u64 *ctx)
{
	int sig = (int)ctx[0], result = (int)ctx[4];
	__u64 info = ctx[1];
	const void *task = (const void *)ctx[2], *sigs = NULL;
	__u32 tid = 0, flags = 0;
	struct te_task *t;
	int *si;

	if ((result != TRACE_SIGNAL_DELIVERED_ && result != TRACE_SIGNAL_IGNORED_) ||
	    sig <= 0 || sig > 64 || sig == SIGKILL_)
		return 0;
	if (bpf_probe_read_kernel(&tid, sizeof(tid), task + task_pid_off) || !tid)
		return 0;
	t = bpf_map_lookup_elem(&tids, &tid);
	if (!t || (t->flags & TE_TID_HIDDEN))
		return 0;
	if (bpf_probe_read_kernel(&sigs, sizeof(sigs), task + task_signal_off) || !sigs ||
	    bpf_probe_read_kernel(&flags, sizeof(flags), sigs + signal_flags_off))
		return 0;
	if (!(flags & SIGNAL_GROUP_EXIT_) != (result == TRACE_SIGNAL_IGNORED_))
		return 0;
	if (t->sig) {
		/* ptrace would not queue a standard signal already pending */
		if ((t->sig & 0xffff) == sig && sig < 32)
			return 0;
		/* Another: it goes out now (two pending are rare). */
		flush_signal(tid, t);
	}
	si = (int *)t->siginfo;
	if (info == SEND_SIG_NOINFO_ || info == SEND_SIG_PRIV_) {
		/* What __send_signal_locked() queues for these. */
		__builtin_memset(t->siginfo, 0, sizeof(t->siginfo));
		si[0] = sig;
		si[2] = info == SEND_SIG_PRIV_ ? SI_KERNEL_ : SI_USER_;
		if (info == SEND_SIG_NOINFO_) {
			si[4] = bpf_get_current_pid_tgid() >> 32;
			si[5] = (__u32)bpf_get_current_uid_gid();
		}
	} else if (bpf_probe_read_kernel(t->siginfo, sizeof(t->siginfo), (const void *)info)) {
		sig |= TE_SIG_NOINFO;
	}
	/* The siginfo first: the task may be at its next sys_enter already
	 * (x86 keeps stores in order; the compiler must too). */
	asm volatile("" ::: "memory");
	t->sig = sig;
	return 0;
}
