/* bpf.c: the eBPF backend, the loader and reader of bpf/trace.bpf.c.
 *
 * The kernel side copies syscall arguments and tracee memory into a ring
 * buffer, following the capture plan this file exports to it (plans[], an array
 * of one entry per syscall number, derived from sc_sig()). This side turns each
 * record into the same struct event the ptrace backend produces, so the same
 * decoders and formatters print it. Tracees never stop: a record the ring
 * buffer has no room for is lost, counted in the kernel and reported at the
 * end. Syscalls whose capture is code (capture hooks) get windows: memory
 * the kernel side copies as bpfwin.c's table says, on which this side runs the
 * same hook the ptrace backend runs (run_hook(), snap_read()). What no window
 * holds, and -y descriptions, stay uncaptured and print as an address or a
 * plain number.
 *
 * Built only with HAVE_BPF (see bpf.h and the Makefile's eBPF block).
 */
#ifdef HAVE_BPF

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>

#include "backend/bpf.h"
#include "backend/bpf/trace_event.h"
#include "backend/bpfwin.h"
#include "core/pidmap.h"
#include "core/util.h"
#include "syscalls/capture.h"
#include "trace.skel.h"

struct btask {
	pid_t tid;
	bool in_syscall; /* an entry was reported, its exit is pending */
	bool hidden;	 /* the spawned command before its execve */
	uint64_t seq;	 /* the kernel's seq of the last syscall whose entry was reported */
	struct call call;
};

/* The events ring buffer as user space sees it (see ring_consume()). */
struct ring {
	int epfd;
	unsigned long *consumer;	/* our position, which the kernel reads */
	const unsigned long *producer;	/* its position, then the data, mapped twice over */
	const uint8_t *data;
	size_t size;
	size_t page;
};

struct bpfb {
	const struct backend_opts *o;
	const struct trace_sink *sink;
	struct trace_result *res;
	struct trace_bpf *skel;
	struct ring *ring;
	struct pidmap tasks;
	int nprocs;
	pid_t child;
	bool child_reaped;
	int64_t real_off; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	pid_t pending;	  /* the task whose entry is held back (below), or 0 */
	pid_t held_exit;  /* the task whose "to be restarted" exit is held back, or 0 */
	struct strbuf pack;
	/* Windows (bpfwin.h): the pending entry's (ewin, of task ewin_tid) and
	 * those of the exit being taken in (win); what runs the capture hooks on
	 * them, reading from cur. */
	struct strbuf ewin, win;
	pid_t ewin_tid;
	const struct strbuf *cur;
	struct capture_reader rd;
	struct capctx cc;
};

/* The kernel side puts rt_sigreturn's mask where its decoder reads it. */
_Static_assert(TE_SLOT_EXTRA0 == CAP_EXTRA(0), "TE_SLOT_EXTRA0 is CAP_EXTRA(0)");

/* Set by bpf_backend_load(), used by the run that follows. */
static struct trace_bpf *loaded;
/* Per syscall: the plan sent to the kernel, and the arguments whose -s asks
 * for more than the kernel side copies (a full capture there is cut short). */
static struct te_plan plans[TE_NR_MAX];
static uint8_t clamped[TE_NR_MAX];
/* Per syscall: which ends have windows for its capture hook (bpfwin_ends). */
static uint8_t winends[TE_NR_MAX];

/* --- the capture plan ---------------------------------------------------------- */

static uint32_t clamp_max(uint32_t want, int nr, int i)
{
	if (want <= TE_CAP_MAX)
		return want;
	clamped[nr] |= 1u << i;
	return TE_CAP_MAX;
}

/* The kernel-side version of capture_run() (syscalls/capture.c) for one syscall. */
static void plan_of(int nr, const struct dopts *d, struct te_plan *p)
{
	const struct syscall_sig *s = sc_sig(nr);
	int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < s->nargs && i < 6; i++) {
		const struct argspec *a = &s->args[i];
		struct te_argplan *t = &p->a[i];

		t->exit = a->out ? 1 : 0;
		switch (a->kind) {
		case AK_PATH:
			t->op = TE_OP_STR;
			t->max = clamp_max(CAP_PATH_MAX, nr, i);
			break;
		case AK_STR:
			t->op = TE_OP_STR;
			t->max = clamp_max(d->strsize + 1, nr, i);
			break;
		case AK_IBUF:
		case AK_OBUF:
		case AK_CPUSET: {
			/* data is cut at -s; a CPU mask is read whole (as far as it can) */
			unsigned lim = a->kind == AK_CPUSET ? CAP_CPUSET_MAX : d->strsize;

			t->op = TE_OP_MEM;
			t->if_ok = a->out;
			if (a->size == SZ_RET) {
				t->size = TE_SZ_RET;
				t->max = clamp_max(lim, nr, i);
			} else if (a->size >= SZ_ARG0 && a->size < SZ_ARG0 + 6) {
				t->size = TE_SZ_ARG0 + (a->size - SZ_ARG0);
				t->max = clamp_max(lim, nr, i);
			} else {
				t->size = TE_SZ_FIXED;
				t->max = clamp_max(a->size == SZ_FIXED ? MIN(a->bytes, lim) : 0, nr, i);
			}
			break;
		}
		case AK_FDPAIR:
			t->op = TE_OP_MEM;
			t->if_ok = 1;
			t->max = 8;
			break;
		case AK_INTPTR_OUT:
			t->op = TE_OP_MEM;
			t->if_ok = 1;
			t->max = 4;
			break;
		case AK_STRUCT:
			t->op = TE_OP_MEM;
			t->if_ok = a->out;
			t->max = clamp_max(a->bytes, nr, i);
			break;
		case AK_OPATH:
			t->op = TE_OP_STR;
			t->if_ok = 1;
			t->max = clamp_max(CAP_PATH_MAX, nr, i);
			break;
		case AK_ARGV:
			t->op = TE_OP_ARGV;
			t->max = MIN(d->strsize, CAP_ARGV_MAX);
			if (t->max > TE_ARGV_MAX || d->strsize > TE_ARGSTR_MAX)
				clamped[nr] |= 1u << i;
			break;
		case AK_ENVP:
			t->op = d->verbose ? TE_OP_ARGV : TE_OP_ARGC;
			t->max = d->verbose ? MIN(d->strsize, CAP_ARGV_MAX) : CAP_ARGV_MAX;
			if (d->verbose && (t->max > TE_ARGV_MAX || d->strsize > TE_ARGSTR_MAX))
				clamped[nr] |= 1u << i;
			break;
		default:
			break;
		}
	}
}

/* The arguments the plan reads: bit i at entry, bit 8 + i at exit. */
static uint16_t argmask(const struct te_plan *p)
{
	uint16_t m = 0;
	int i;

	for (i = 0; i < 6; i++)
		if (p->a[i].op != TE_OP_NONE)
			m |= 1u << (i + (p->a[i].exit ? 8 : 0));
	return m;
}

/* The selection and the plans go into the object's .bss image before it is
 * loaded: no bpf() call per syscall number. */
static void fill_plans(struct trace_bpf *skel, const struct backend_opts *o)
{
	int nr;

	for (nr = 0; nr < TE_NR_MAX; nr++) {
		skel->bss->selected[nr] = backend_selected(o, nr);
		if (!skel->bss->selected[nr])
			continue;
		plan_of(nr, o->dopt, &plans[nr]);
		skel->bss->plans[nr] = plans[nr];
		skel->bss->argmask[nr] = argmask(&plans[nr]);
		if (sc_sig(nr)->capture) {
			bpfwin_of(sc_sig(nr)->name, o->dopt, &skel->bss->wins[nr]);
			winends[nr] = (uint8_t)bpfwin_ends(&skel->bss->wins[nr]);
			skel->bss->winmask[nr] = winends[nr];
		}
	}
}

/* PROCSCOPE_BPF_DEBUG=1: libbpf's diagnostics (the verifier log on failure);
 * 2: and the verifier's statistics for each program loaded. */
static int debug_level(void)
{
	const char *v = getenv("PROCSCOPE_BPF_DEBUG");

	return v ? (atoi(v) > 1 ? 2 : 1) : 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!debug_level())
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* --- the kernel's BTF -------------------------------------------------------------- */

/* The bytes that follow a type's struct btf_type, by its kind; -1 for a
 * kind newer than this code, whose size it cannot know. */
static long btf_extra(const struct btf_type *t)
{
	long vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

/* Where the kernel side reads the kernel's structs. */
struct kern_offs {
	uint32_t pid, exit_code; /* struct task_struct's */
	uint32_t signal;	 /* struct task_struct's, 0 if not found */
	uint32_t sig_flags;	 /* struct signal_struct's flags, 0 if not found */
};

/* Offset of member `name` in the struct t (bits to bytes), or 0. */
static uint32_t btf_member(const struct btf_type *t, const char *str, uint32_t str_len, const char *name)
{
	const struct btf_member *m = (const void *)(t + 1);
	bool kflag = BTF_INFO_KFLAG(t->info);
	unsigned i;

	for (i = 0; i < BTF_INFO_VLEN(t->info); i++, m++)
		if (m->name_off < str_len && !strcmp(str + m->name_off, name))
			return (kflag ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset) / 8;
	return 0;
}

/* The offsets in *k from raw BTF data: one pass over the types to the two
 * structs. (libbpf's CO-RE would read and check all 5 MB of the kernel's BTF,
 * 9 ms; this looks at a struct's name only.) Without signal_struct (or
 * task_struct's signal) those two stay 0. */
static int btf_kern_offsets(const uint8_t *p, size_t n, struct kern_offs *k)
{
	const struct btf_header *h = (const void *)p;
	const uint8_t *q, *end;
	const char *str;
	bool task = false, sig = false;

	memset(k, 0, sizeof(*k));
	if (n < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len > n ||
	    (uint64_t)h->hdr_len + h->type_off + h->type_len > n ||
	    (uint64_t)h->hdr_len + h->str_off + h->str_len > n)
		return -EINVAL;
	q = p + h->hdr_len + h->type_off;
	end = q + h->type_len;
	str = (const char *)p + h->hdr_len + h->str_off;
	while (end - q >= (long)sizeof(struct btf_type) && !(task && sig)) {
		const struct btf_type *t = (const void *)q;
		long extra = btf_extra(t);

		if (extra < 0 || end - q < (long)sizeof(*t) + extra)
			break;
		q += sizeof(*t) + extra;
		if (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT || t->name_off >= h->str_len)
			continue;
		if (!task && !strcmp(str + t->name_off, "task_struct")) {
			k->pid = btf_member(t, str, h->str_len, "pid");
			k->exit_code = btf_member(t, str, h->str_len, "exit_code");
			k->signal = btf_member(t, str, h->str_len, "signal");
			if (!k->pid || !k->exit_code)
				return -ENOENT;
			task = true;
		} else if (!sig && !strcmp(str + t->name_off, "signal_struct")) {
			k->sig_flags = btf_member(t, str, h->str_len, "flags");
			sig = true;
		}
	}
	if (!task)
		return -ENOENT;
	if (!sig || !k->signal)
		k->signal = k->sig_flags = 0;
	return 0;
}

/* The kernel's BTF, mapped (6.16 and later) or else read. */
static int kern_offsets(struct kern_offs *k)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	void *p;
	int fd, rc;

	fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			close(fd);
			rc = btf_kern_offsets(p, st.st_size, k);
			munmap(p, st.st_size);
			return rc;
		}
	}
	rc = sb_read_fd(&sb, fd);
	close(fd);
	if (rc >= 0)
		rc = btf_kern_offsets((const uint8_t *)sb.buf, sb.len, k);
	sb_release(&sb);
	return rc;
}

/* Open the object, set it up for o and load it (the verifier runs here).
 * Returns NULL with -errno in *err. */
static struct trace_bpf *open_and_load(const struct backend_opts *o, size_t bufsize,
				       const struct kern_offs *k, bool prealloc, int *err)
{
	struct trace_bpf *skel = trace_bpf__open();
	int rc;

	if (!skel) {
		*err = -errno;
		return NULL;
	}
	skel->rodata->follow = o->follow;
	skel->rodata->trace_unknown = o->select_all || o->trace_unknown;
	skel->rodata->nr_execve = sc_lookup("execve");
	skel->rodata->nr_execveat = sc_lookup("execveat");
	/* -s bytes and one more, to tell a string of exactly -s bytes from a longer one. */
	skel->rodata->argv_strmax = MIN(o->dopt->strsize + 1, TE_ARGSTR_MAX);
	/* Wake the reader when an eighth of the buffer is unread; it also polls. */
	skel->rodata->wake_shift = __builtin_ctzl(bufsize) - 3;
	skel->rodata->want_ts = o->timestamps;
	skel->rodata->nr_rt_sigreturn = sc_lookup("rt_sigreturn");
	skel->rodata->task_pid_off = k->pid;
	skel->rodata->task_exit_code_off = k->exit_code;
	skel->rodata->task_signal_off = k->signal;
	skel->rodata->signal_flags_off = k->sig_flags;
	/* Without the two offsets, signals that a task ignores or that kill it
	 * by the kernel's shortcut go unseen (doc/bpf.md). */
	if (!k->signal)
		bpf_program__set_autoload(skel->progs.signal_generate, false);
	fill_plans(skel, o);
	if (debug_level() >= 2) {
		struct bpf_program *prog;

		/* The verifier's statistics (insns processed, time) for each program. */
		bpf_object__for_each_program(prog, skel->obj)
			bpf_program__set_log_level(prog, 4);
	}
	rc = bpf_map__set_max_entries(skel->maps.events, bufsize);
	if (rc == 0 && prealloc)
		rc = bpf_map__set_map_flags(skel->maps.tids, 0);
	if (rc == 0)
		rc = trace_bpf__load(skel);
	if (rc < 0) {
		trace_bpf__destroy(skel);
		*err = rc;
		return NULL;
	}
	return skel;
}

const struct backend_ops bpf_backend;

/* Attach each program to its raw tracepoint. Without the optional ones
 * signals or a thread's execve go unseen; a required one missing returns
 * -errno with its name in *missing. */
static int attach_all(struct trace_bpf *skel, const char **missing)
{
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
		const char *tp;
		bool optional;
	} a[] = {
		{ skel->progs.sys_enter, &skel->links.sys_enter, "sys_enter", false },
		{ skel->progs.sys_exit, &skel->links.sys_exit, "sys_exit", false },
		{ skel->progs.sched_fork, &skel->links.sched_fork, "sched_process_fork", false },
		{ skel->progs.sched_exit, &skel->links.sched_exit, "sched_process_exit", false },
		{ skel->progs.sched_exec, &skel->links.sched_exec, "sched_process_exec", true },
		{ skel->progs.signal_deliver, &skel->links.signal_deliver, "signal_deliver", true },
		{ skel->progs.signal_generate, &skel->links.signal_generate, "signal_generate", true },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(a); i++) {
		if (!bpf_program__autoload(a[i].prog))
			continue;
		*a[i].link = bpf_program__attach(a[i].prog);
		if (*a[i].link || a[i].optional)
			continue;
		*missing = a[i].tp;
		return -errno;
	}
	return 0;
}

const struct backend_ops *bpf_backend_load(const struct backend_opts *o, size_t bufsize,
					   struct strbuf *why)
{
	const char *missing = NULL;
	struct trace_bpf *skel;
	struct kern_offs offs;
	int rc;

	if (geteuid() != 0) {
		sb_puts(why, "not supported on this kernel: it needs root (CAP_BPF and CAP_PERFMON)");
		return NULL;
	}
	rc = kern_offsets(&offs);
	if (rc < 0) {
		sb_printf(why, "not supported on this kernel: no BTF with struct task_struct "
			  "(/sys/kernel/btf/vmlinux: %s)", strerror(-rc));
		return NULL;
	}
	libbpf_set_print(libbpf_print);
	skel = open_and_load(o, bufsize, &offs, false, &rc);
	/* Before 6.1 a tracing program's hash map had to be preallocated. */
	if (!skel)
		skel = open_and_load(o, bufsize, &offs, true, &rc);
	if (!skel) {
		sb_printf(why, "not supported on this kernel: load the BPF program: %s "
			  "(PROCSCOPE_BPF_DEBUG=1 shows the verifier log)", strerror(-rc));
		return NULL;
	}
	rc = attach_all(skel, &missing);
	if (rc < 0) {
		if (rc == -ENOENT)
			sb_printf(why, "not supported on this kernel: no %s tracepoint", missing);
		else
			sb_printf(why, "not supported on this kernel: attach the BPF programs (%s): %s",
				  missing, strerror(-rc));
		trace_bpf__destroy(skel);
		return NULL;
	}
	loaded = skel;
	return &bpf_backend;
}

/* --- tasks ------------------------------------------------------------------------ */

static struct btask *task_add(struct bpfb *b, pid_t tid)
{
	struct btask *t = pidmap_get(&b->tasks, tid);

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	pidmap_put(&b->tasks, tid, t);
	b->nprocs++;
	if (b->o->nprocs)
		*b->o->nprocs = b->nprocs;
	return t;
}

static void task_del(struct bpfb *b, struct btask *t)
{
	pidmap_del(&b->tasks, t->tid);
	call_free(&t->call);
	free(t);
	b->nprocs--;
	if (b->o->nprocs)
		*b->o->nprocs = b->nprocs;
}

/* The kernel side's count of traced tasks, shared through the mmap'ed .bss:
 * raised before a task is added and lowered after it is removed, so that it
 * is never below the truth (see ntasks in trace.bpf.c). */
static void ntasks_add(struct bpfb *b, int64_t n)
{
	__atomic_fetch_add(&b->skel->bss->ntasks, n, __ATOMIC_SEQ_CST);
}

static int trace_tid(struct bpfb *b, pid_t tid, uint32_t flags)
{
	struct te_task v = { .flags = flags, .nr = TE_NR_NONE };
	uint32_t k = tid;

	ntasks_add(b, 1);
	if (bpf_map__update_elem(b->skel->maps.tids, &k, sizeof(k), &v, sizeof(v), BPF_NOEXIST) < 0) {
		int err = errno;

		ntasks_add(b, -1);
		/* EEXIST: the kernel side has it already (cloned by a thread
		 * attached before it), and maybe a syscall in flight: keep that. */
		if (err != EEXIST)
			return -err;
	}
	task_add(b, tid)->hidden = flags & TE_TID_HIDDEN;
	return 0;
}

static void untrace_tid(struct bpfb *b, pid_t tid)
{
	uint32_t k = tid;

	if (bpf_map__delete_elem(b->skel->maps.tids, &k, sizeof(k), 0) == 0)
		ntasks_add(b, -1);
}

/* --- records -> events ------------------------------------------------------------ */

static void emit(struct bpfb *b, struct event *ev)
{
	b->sink->event(b->sink->ctx, ev);
}

/* A syscall event, two per syscall: every field set but siginfo, which
 * has_siginfo = false leaves unread. Zeroing the whole struct (its 128-byte
 * siginfo) was a third of this file's own time per record. */
static void emit_call_event(struct bpfb *b, uint8_t type, struct btask *t, uint64_t ts)
{
	struct event ev;

	ev.type = type;
	ev.pid = t->tid;
	ev.ts = ts;
	ev.call = &t->call;
	ev.sig = 0;
	ev.status = 0;
	ev.other = 0;
	ev.has_siginfo = false;
	emit(b, &ev);
}

/* Close the argv being packed (capture.h's layout) into slot, or drop it. */
static void argv_done(struct bpfb *b, struct call *c, int slot, const struct te_cap *k, bool drop)
{
	uint32_t count = k->len, more = 0;
	uint8_t *p;

	if (k->flags & TE_CAP_ARRAY_FAULT)
		more = 2;
	else if (k->flags & TE_CAP_MORE)
		more = 1;
	/* Cut short by the kernel side's limits, not by -s: print the address. */
	if (drop || (more == 1 && (clamped[c->nr & (TE_NR_MAX - 1)] & (1u << slot)))) {
		sb_reset(&b->pack);
		return;
	}
	p = call_cap_alloc(c, slot, 8 + b->pack.len);
	memcpy(p, &count, 4);
	memcpy(p + 4, &more, 4);
	if (b->pack.len)
		memcpy(p + 8, b->pack.buf, b->pack.len);
	sb_reset(&b->pack);
}

static void argv_add(struct bpfb *b, const struct te_cap *k, const uint8_t *data, bool *drop)
{
	int32_t len = k->len;
	uint32_t flags = 0;

	if (k->flags & TE_CAP_FAULT) {
		len = -(int32_t)k->err;
	} else if (k->flags & TE_CAP_MORE) {
		flags = CAP_MORE;
		/* Longer than the kernel side reads, and -s wanted more of it. */
		if (k->len >= TE_ARGSTR_MAX && b->o->dopt->strsize >= TE_ARGSTR_MAX)
			*drop = true;
		/* The extra byte read to see the end is not shown. */
		if (len > (int32_t)b->o->dopt->strsize)
			len = b->o->dopt->strsize;
	}
	sb_add(&b->pack, &len, 4);
	sb_add(&b->pack, &flags, 4);
	if (len > 0)
		sb_add(&b->pack, data, len);
}

/* Copy a record's captures into the call's slots. */
static void take_caps(struct bpfb *b, struct call *c, const struct te_hdr *h)
{
	const uint8_t *p = (const uint8_t *)h + TE_CAPS_OFF(h->type), *end = (const uint8_t *)h + h->size;
	const struct te_plan *pl = c->nr >= 0 && c->nr < TE_NR_MAX ? &plans[c->nr] : NULL;
	bool drop = false;
	int n;

	sb_reset(&b->pack);
	for (n = 0; n < h->ncap; n++) {
		struct te_cap k;
		uint8_t *dst;
		int slot;

		if (end - p < (long)sizeof(k))
			break;
		memcpy(&k, p, sizeof(k));
		p += sizeof(k);
		if (k.slot == TE_SLOT_WIN) {
			struct bpfwin_hdr w = { 0 };
			struct strbuf *to = &b->win;

			if (k.len < 8 || (uint64_t)(end - p) < k.len)
				break;
			memcpy(&w.addr, p, 8);
			w.len = k.len - 8;
			w.err = k.flags & TE_CAP_FAULT ? (k.err ? k.err : EFAULT) : 0;
			if (h->type == TE_ENTER || (k.flags & TE_CAP_AGAIN))
				to = b->ewin_tid == (pid_t)h->tid ? &b->ewin : NULL;
			/* A copy read again goes after the entry's faulted one,
			 * which bpfwin_serve() passes over. */
			if (to) {
				sb_add(to, &w, sizeof(w));
				sb_add(to, p + 8, w.len);
			}
			p += 8 + TE_ALIGN8(w.len);
			continue;
		}
		slot = k.slot & ~TE_SLOT_ARGV_STR;
		/* an argument's, or the one a capture hook's decoder reads (rt_sigreturn) */
		if (slot >= 6 && k.slot != TE_SLOT_EXTRA0)
			break;
		if (pl && slot < 6 && (pl->a[slot].op == TE_OP_ARGV || pl->a[slot].op == TE_OP_ARGC)) {
			if (k.slot & TE_SLOT_ARGV_STR) {
				if ((uint64_t)(end - p) < k.len)
					break;
				argv_add(b, &k, p, &drop);
				p += TE_ALIGN8(k.len);
			} else {
				argv_done(b, c, slot, &k, drop);
				drop = false;
			}
			continue;
		}
		if ((uint64_t)(end - p) < k.len)
			break;
		if (k.len == TE_CAP_MAX && slot < 6 && (clamped[c->nr & (TE_NR_MAX - 1)] & (1u << slot))) {
			/* The kernel side stopped at its limit where -s asks for more. */
			p += TE_ALIGN8(k.len);
			continue;
		}
		dst = call_cap_alloc(c, slot, k.len);
		if (k.len) /* an empty capture may have no storage yet */
			memcpy(dst, p, k.len);
		if (k.flags & TE_CAP_NUL)
			c->cap[slot].flags |= CAP_NUL;
		if (k.flags & TE_CAP_MORE)
			c->cap[slot].flags |= CAP_MORE;
		if (k.flags & TE_CAP_FAULT) {
			c->cap[slot].flags |= CAP_FAULT;
			c->cap[slot].err = k.err;
		}
		p += TE_ALIGN8(k.len);
	}
}

/* The capture reader of the calls' capture hooks: tracee memory is what the
 * kernel side copied into the call's windows, nothing else. */
static int snap_read(void *be, pid_t pid, const struct capreq *r, int n, uint8_t **dst, uint32_t *got,
		     int *err)
{
	const struct bpfb *b = be;
	int i;

	(void)pid;
	for (i = 0; i < n; i++)
		err[i] = bpfwin_serve((const uint8_t *)b->cur->buf, b->cur->len, r[i].addr, r[i].len,
				      r[i].str, dst[i], &got[i]);
	return 0;
}

/* Run the syscall's capture hook for one end on the windows in w. */
static void run_hook(struct bpfb *b, struct call *c, int phase, const struct strbuf *w)
{
	const struct syscall_sig *s;

	if (c->nr < 0 || c->nr >= TE_NR_MAX || !(winends[c->nr] & (phase == PH_ENTRY ? 1 : 2)))
		return;
	s = sc_sig(c->nr);
	b->cur = w;
	b->cc.c = c;
	b->cc.sig = s;
	b->cc.pid = 0;
	b->cc.phase = phase;
	b->cc.nq = 0;
	s->capture(&b->cc, phase);
	cap_flush(&b->cc);
}

/* An entry is held back until its exit record, which carries again what the
 * entry could not read (a page not yet faulted in), so that the line shows the
 * data rather than its address. Anything else that happens first (another
 * task's record, a signal, a quiet moment) lets it go as it is. */
static void emit_entry(struct bpfb *b, struct btask *t)
{
	static const struct strbuf none = STRBUF_INIT;

	/* The capture hook's entry half, on the entry's windows (none for an
	 * entry that came without them: then its reads fail, as faults do). */
	run_hook(b, &t->call, PH_ENTRY, b->ewin_tid == t->tid ? &b->ewin : &none);
	b->ewin_tid = 0;
	sb_reset(&b->ewin);
	emit_call_event(b, EV_SYSCALL_ENTRY, t, t->call.t_entry);
}

static void flush_pending(struct bpfb *b)
{
	struct btask *t;

	if (!b->pending)
		return;
	t = pidmap_get(&b->tasks, b->pending);
	b->pending = 0;
	if (t && t->in_syscall)
		emit_entry(b, t);
}

/* A syscall's entry from its arguments: a record's, or the tids map's (peek). */
static void begin_call(struct bpfb *b, struct btask *t, int64_t nr, const struct te_args *a)
{
	uint64_t args[6];
	int i;

	for (i = 0; i < 6; i++)
		args[i] = a->args[i];
	t->hidden = false;
	call_reset(&t->call, nr, args);
	t->call.sp = a->sp;
	t->call.mono_entry = a->ts;
	t->call.t_entry = a->ts + b->real_off;
	t->in_syscall = true;
	t->seq = a->seq;
}

/* This syscall's entry was reported already: peek_deferred() read it. */
static bool entry_shown(const struct btask *t, const struct te_hdr *h, const struct te_args *a)
{
	return t->in_syscall && t->seq == a->seq && t->call.nr == h->nr;
}

static void on_enter(struct bpfb *b, const struct te_hdr *h)
{
	const struct te_args *a = (const void *)(h + 1);
	struct btask *t = task_add(b, h->tid);

	if (entry_shown(t, h, a))
		return;
	begin_call(b, t, h->nr, a);
	sb_reset(&b->ewin);
	b->ewin_tid = t->tid;
	take_caps(b, &t->call, h);
	b->pending = t->tid;
}

/* A syscall cut short by a signal ends "= ? ERESTARTSYS ...", then the signal
 * is delivered. When the signal is SIGKILL, ptrace sees no exit at all and the
 * line ends " <unfinished ...>) = ?". The kernel side always sends the exit,
 * so such an exit is held back until the task's next record: its end by
 * SIGKILL drops it. */
static bool to_be_restarted(int64_t ret)
{
	return ret == -512 || ret == -513 || ret == -514 || ret == -516;
}

static void flush_held_exit(struct bpfb *b)
{
	struct btask *t;

	if (!b->held_exit)
		return;
	t = pidmap_get(&b->tasks, b->held_exit);
	b->held_exit = 0;
	if (t && t->in_syscall) {
		t->in_syscall = false;
		emit_call_event(b, EV_SYSCALL_EXIT, t, t->call.t_exit);
	}
}

/* The exit part of h (TE_EXIT or TE_CALL): the result and the exit captures. */
static void finish_call(struct bpfb *b, struct btask *t, const struct te_hdr *h)
{
	t->in_syscall = false;
	t->call.ret = h->ret;
	t->call.exited = true;
	t->call.mono_exit = h->ts;
	t->call.t_exit = h->ts + b->real_off;
	sb_reset(&b->win);
	take_caps(b, &t->call, h);
	if (b->pending == t->tid) {
		b->pending = 0;
		emit_entry(b, t);
	}
	run_hook(b, &t->call, PH_EXIT, &b->win);
	if (to_be_restarted(h->ret)) {
		flush_held_exit(b);
		t->in_syscall = true;
		b->held_exit = t->tid;
		return;
	}
	emit_call_event(b, EV_SYSCALL_EXIT, t, t->call.t_exit);
}

static void on_exit_rec(struct bpfb *b, const struct te_hdr *h)
{
	struct btask *t = pidmap_get(&b->tasks, h->tid);

	/* Its entry was lost, or it began before we started: nothing to finish. */
	if (!t || !t->in_syscall || t->call.nr != h->nr)
		return;
	finish_call(b, t, h);
}

/* A whole syscall in one record: its entry, then its exit. */
static void on_call(struct bpfb *b, const struct te_hdr *h)
{
	const struct te_args *a = (const void *)(h + 1);
	struct btask *t = task_add(b, h->tid);

	if (!entry_shown(t, h, a)) {
		begin_call(b, t, h->nr, a);
		emit_entry(b, t);
	}
	finish_call(b, t, h);
}

static void on_signal(struct bpfb *b, const struct te_hdr *h)
{
	const uint8_t *p = (const uint8_t *)(h + 1);
	struct event ev = { 0 };
	struct te_cap k;

	/* SIGKILL is never delivered to a handler: ptrace shows no stop for it. */
	if (!pidmap_get(&b->tasks, h->tid) || h->ret == SIGKILL)
		return;
	ev.type = EV_SIGNAL;
	ev.pid = h->tid;
	ev.ts = h->ts + b->real_off;
	ev.sig = (int)h->ret;
	if (h->ncap == 1 && h->size >= sizeof(*h) + sizeof(k) + TE_SIGINFO_SIZE) {
		memcpy(&k, p, sizeof(k));
		if (!(k.flags & TE_CAP_FAULT) && k.len == TE_SIGINFO_SIZE) {
			memcpy(ev.siginfo, p + sizeof(k), TE_SIGINFO_SIZE);
			ev.has_siginfo = true;
		}
	}
	emit(b, &ev);
}

static void on_exited(struct bpfb *b, const struct te_hdr *h)
{
	struct btask *t = pidmap_get(&b->tasks, h->tid);
	int status = (int)h->ret;
	struct event ev = { 0 };

	if (!t)
		return;
	if (b->held_exit == t->tid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		/* Killed in the syscall: as ptrace shows it, it never returned. */
		b->held_exit = 0;
		t->call.exited = false;
	}
	/* Another fatal signal: ptrace shows the exit, then the signal (which
	 * reached the task as SIGKILL here, and is not shown). */
	if (b->held_exit == t->tid)
		flush_held_exit(b);
	ev.pid = t->tid;
	ev.ts = h->ts + b->real_off;
	/* A call that never returns (exit_group) ends with the task: "= ?". */
	ev.call = t->in_syscall ? &t->call : NULL;
	if (WIFSIGNALED(status)) {
		ev.type = EV_KILLED;
		ev.sig = WTERMSIG(status);
		ev.status = WCOREDUMP(status) ? 1 : 0;
	} else {
		ev.type = EV_EXITED;
		ev.status = WEXITSTATUS(status);
	}
	if (!(h->nr & TE_TID_HIDDEN))
		emit(b, &ev);
	task_del(b, t);
}

/* A thread's execve gave it the leader's pid: its state moves with it. */
static void on_exec(struct bpfb *b, const struct te_hdr *h)
{
	struct btask *t = pidmap_get(&b->tasks, (pid_t)h->ret), *n;
	struct event ev = { 0 };

	if (!t)
		return;
	n = task_add(b, h->tid);
	call_free(&n->call);
	n->call = t->call;
	n->in_syscall = t->in_syscall;
	n->seq = t->seq;
	t->call = (struct call){ 0 };
	task_del(b, t);
	ev.type = EV_RENAMED;
	ev.pid = h->tid;
	ev.other = (pid_t)h->ret;
	ev.ts = h->ts + b->real_off;
	emit(b, &ev);
}

static void on_record(struct bpfb *b, const void *data, size_t size)
{
	const struct te_hdr *h = data;

	if (size < sizeof(*h) || h->size > size || h->size < TE_CAPS_OFF(h->type))
		return;
	if (b->pending && (h->type != TE_EXIT || (pid_t)h->tid != b->pending))
		flush_pending(b);
	/* The held exit goes out unless the task's end (or the SIGKILL that
	 * brings it, which is not shown) comes next. */
	if (b->held_exit && !((pid_t)h->tid == b->held_exit &&
			      (h->type == TE_EXITED || (h->type == TE_SIGNAL && h->ret == SIGKILL))))
		flush_held_exit(b);
	switch (h->type) {
	case TE_ENTER:
		on_enter(b, h);
		break;
	case TE_EXIT:
		on_exit_rec(b, h);
		break;
	case TE_CALL:
		on_call(b, h);
		break;
	case TE_SIGNAL:
		on_signal(b, h);
		break;
	case TE_FORK:
		task_add(b, (pid_t)h->ret)->hidden = h->nr & TE_TID_HIDDEN;
		break;
	case TE_EXITED:
		on_exited(b, h);
		break;
	case TE_EXEC:
		on_exec(b, h);
		break;
	default:
		break;
	}
}

/* --- the ring buffer ------------------------------------------------------------- */

/* The events ring is read here rather than by libbpf's ring_buffer, which
 * gives the kernel its new position after every record: the tracee's next
 * record, whose reserve reads that position, then takes a cache miss, a
 * fifth of a getppid loop's time. This reader gives it once per batch. */
static int ring_open(struct ring *r, int fd, size_t size)
{
	struct epoll_event ev = { .events = EPOLLIN };
	void *p;

	r->size = size;
	r->page = sysconf(_SC_PAGESIZE);
	r->epfd = -1;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer = p;
	p = mmap(NULL, r->page + 2 * size, PROT_READ, MAP_SHARED, fd, r->page);
	if (p == MAP_FAILED)
		return -errno;
	r->producer = p;
	r->data = (const uint8_t *)p + r->page;
	r->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epfd < 0 || epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	return 0;
}

static void ring_close(struct ring *r)
{
	if (r->epfd >= 0)
		close(r->epfd);
	if (r->producer)
		munmap((void *)r->producer, r->page + 2 * r->size);
	if (r->consumer)
		munmap(r->consumer, r->page);
}

static void on_record(struct bpfb *b, const void *data, size_t size);

/* Fewer bytes than this in a batch: the reader sleeps a moment before the next. */
#define RING_BATCH_MIN (16 * 1024)

/* Hand the records committed so far to on_record(), in order, then give the
 * kernel our new position. Returns the bytes read. A record still being
 * written (busy) ends the batch: the ones after it wait for the next. */
static size_t ring_consume(struct ring *r, struct bpfb *b)
{
	unsigned long cons = *r->consumer, start = cons, given = cons;
	unsigned long prod = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE);

	while (cons < prod) {
		const uint32_t *hdr = (const void *)(r->data + (cons & (r->size - 1)));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		if (!(len & BPF_RINGBUF_DISCARD_BIT))
			on_record(b, (const uint8_t *)hdr + BPF_RINGBUF_HDR_SZ, len);
		len &= ~(uint32_t)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
		/* A long batch frees its space as it goes, a sixteenth at a time. */
		if (cons - given >= r->size / 16) {
			__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
			given = cons;
		}
	}
	if (cons != given)
		__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
	return cons - start;
}

/* Wait up to ms for records (a wake-up from the kernel side). Returns 1 if
 * there may be some, 0 on the timeout, -errno. */
static int ring_wait(struct ring *r, int ms)
{
	struct epoll_event ev;
	int n = epoll_wait(r->epfd, &ev, 1, ms);

	if (n < 0)
		return errno == EINTR ? 1 : -errno;
	return n > 0;
}

/* --- start ---------------------------------------------------------------------- */

/* Start the command held on a pipe, trace its pid (hidden until its execve), then
 * let it go: nothing it does before the execve is shown, nothing after is missed. */
static int spawn(struct bpfb *b)
{
	const struct backend_opts *o = b->o;
	int gate[2], rc, i;
	pid_t pid;

	if (pipe2(gate, O_CLOEXEC) < 0)
		return error("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		rc = error("fork: %s", strerror(errno));
		close(gate[0]);
		close(gate[1]);
		return rc;
	}
	if (pid == 0) {
		char c;

		close(gate[1]);
		for (i = 0; i < o->nrestore; i++)
			sigaction(o->restore_signo[i], &o->restore_act[i], NULL);
		while (read(gate[0], &c, 1) < 0 && errno == EINTR)
			;
		close(gate[0]);
		if (o->run_as && backend_become_user(o->run_as) < 0)
			_exit(1);
		execv(o->exec_path, o->argv);
		fprintf(stderr, "procscope: exec %s: %s\n", o->exec_path, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(gate[0]);
	b->child = pid;
	rc = trace_tid(b, pid, TE_TID_HIDDEN);
	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(gate[1]);
		return error("trace the child: %s", strerror(-rc));
	}
	close(gate[1]);
	return 0;
}

static int attach_cb(void *ctx, pid_t tid)
{
	return trace_tid(ctx, tid, 0);
}

static int attach(struct bpfb *b, pid_t pid)
{
	if (backend_attach_threads(pid, attach_cb, b, b->o->quiet) < 0)
		return -1;
	b->res->attached_any = true;
	return 0;
}

/* --- main loop --------------------------------------------------------------------- */

static void reap_child(struct bpfb *b, int flags)
{
	int status;
	pid_t r;

	if (!b->child || b->child_reaped)
		return;
	do
		r = waitpid(b->child, &status, flags);
	while (r < 0 && errno == EINTR);
	if (r != b->child)
		return;
	b->child_reaped = true;
	b->res->have_status = true;
	b->res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	b->res->term_sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	b->res->core = WIFSIGNALED(status) && WCOREDUMP(status);
}

/* Forget tasks that are gone without an exit record (it was lost). */
static void prune(struct bpfb *b)
{
	size_t i;

	for (i = 0; i < b->tasks.cap; i++) {
		struct btask *t;

		if (b->tasks.keys[i] <= 0)
			continue;
		t = b->tasks.vals[i];
		if (kill(t->tid, 0) < 0 && errno == ESRCH) {
			untrace_tid(b, t->tid);
			task_del(b, t);
		}
	}
}

/* While it is the only task, a syscall sends nothing until it returns
 * (trace.bpf.c defers its entry). One that blocks (a read from a terminal)
 * shows its entry anyway, as with ptrace, once the ring is quiet: read from
 * the task's tids entry. The record that comes at its exit (seq tells) then
 * adds only the exit part. */
static void peek_deferred(struct bpfb *b)
{
	struct te_task v, again;
	struct te_args a = { 0 };
	struct btask *t = NULL;
	uint32_t k;
	size_t i;

	if (b->nprocs != 1)
		return;
	for (i = 0; i < b->tasks.cap && !t; i++)
		if (b->tasks.keys[i] > 0)
			t = b->tasks.vals[i];
	if (!t || t->in_syscall || t->hidden)
		return;
	k = t->tid;
	if (bpf_map__lookup_elem(b->skel->maps.tids, &k, sizeof(k), &v, sizeof(v), 0) < 0 ||
	    !v.deferred || v.nr == TE_NR_NONE || v.seq <= t->seq)
		return;
	/* The same twice: not read while the task's sys_enter was writing it. */
	if (bpf_map__lookup_elem(b->skel->maps.tids, &k, sizeof(k), &again, sizeof(again), 0) < 0 ||
	    memcmp(&v, &again, sizeof(v)))
		return;
	/* What the task sent before this entry is in the ring by now: first that. */
	ring_consume(b->ring, b);
	flush_pending(b);
	t = pidmap_get(&b->tasks, (pid_t)k);
	if (!t || t->in_syscall || v.seq <= t->seq)
		return;
	a.sp = v.sp;
	for (i = 0; i < 6; i++)
		a.args[i] = v.args[i];
	a.ts = v.ts;
	a.seq = v.seq;
	begin_call(b, t, v.nr, &a);
	emit_entry(b, t);
}

/* Stop tracing whatever is left; the command we started gets our signal, as strace does. */
static void detach_all(struct bpfb *b)
{
	size_t i;

	if (b->child && !b->child_reaped && !b->o->pids) {
		kill(b->child, SIGCONT);
		kill(b->child, *b->o->interrupted);
	}
	for (i = 0; i < b->tasks.cap; i++) {
		struct btask *t;

		if (b->tasks.keys[i] <= 0)
			continue;
		t = b->tasks.vals[i];
		untrace_tid(b, t->tid);
		if (!b->o->quiet && b->o->pids)
			fprintf(stderr, "procscope: Process %d detached\n", t->tid);
	}
}

static int bpf_run(const struct backend_opts *o, const struct trace_sink *sink,
		   struct trace_result *res)
{
	struct ring ring = { .epfd = -1 };
	struct bpfb b = { 0 };
	unsigned long long lost;
	int i, rc = 0, idle = 0;
	size_t k;

	if (!loaded)
		return error("trace: --backend=bpf: the BPF program is not loaded");
	b.o = o;
	b.sink = sink;
	b.res = res;
	b.skel = loaded;
	b.real_off = (int64_t)(now_real_ns() - now_mono_ns());
	b.ring = &ring;
	b.rd.read = snap_read;
	b.rd.be = &b;
	b.cc.rd = &b.rd;
	b.cc.opt = o->dopt;
	rc = ring_open(&ring, bpf_map__fd(b.skel->maps.events), bpf_map__max_entries(b.skel->maps.events));
	if (rc < 0) {
		rc = error("trace: --backend=bpf: ring buffer: %s", strerror(-rc));
		goto out;
	}
	if (o->argv) {
		if (spawn(&b) < 0) {
			rc = -1;
			goto out;
		}
	} else {
		/* No task's syscall is deferred while the others are being added. */
		ntasks_add(&b, 1);
		for (i = 0; i < o->npids; i++)
			attach(&b, o->pids[i]);
		ntasks_add(&b, -1);
		if (!b.nprocs) {
			rc = -1;
			goto out;
		}
	}
	while (b.nprocs > 0) {
		size_t got;
		int n;

		if (*o->interrupted) {
			detach_all(&b);
			break;
		}
		got = ring_consume(&ring, &b);
		reap_child(&b, WNOHANG);
		if (got) {
			idle = 0;
			/* A small batch: let the next one gather a moment rather
			 * than chase each record (and hand our position to the
			 * kernel each time). Not so long that the buffer fills
			 * meanwhile: a getppid loop sends some 600 MB/s, an
			 * eighth of the buffer in size / 2048 us; a buffer under
			 * 1M is not left alone at all. A task's end wakes us. */
			if (got < RING_BATCH_MIN && ring.size >= (1u << 20) && b.nprocs > 0)
				usleep(MIN(1000, ring.size >> 11));
			continue;
		}
		/* Records below the kernel side's wake-up mark wait for the timeout. */
		n = ring_wait(&ring, 20);
		if (n < 0) {
			rc = error("trace: --backend=bpf: ring buffer: %s", strerror(-n));
			break;
		}
		if (n > 0)
			continue;
		flush_pending(&b);
		flush_held_exit(&b);
		peek_deferred(&b);
		if (++idle >= 5) {
			idle = 0;
			prune(&b);
		}
	}
	ring_consume(&ring, &b);
	flush_pending(&b);
	flush_held_exit(&b);
	if (*o->interrupted && b.child && !o->pids) {
		/* Give the command a moment to die of the signal it was passed. */
		for (i = 0; i < 50 && !b.child_reaped; i++) {
			usleep(20000);
			reap_child(&b, WNOHANG);
		}
	} else {
		reap_child(&b, 0);
	}
	lost = b.skel->bss->lost;
	if (lost)
		fprintf(stderr, "procscope: %llu events lost (ring buffer full); rerun with --buffer-size\n",
			lost);
out:
	ring_close(&ring);
	trace_bpf__destroy(loaded);
	loaded = NULL;
	for (k = 0; k < b.tasks.cap; k++)
		if (b.tasks.keys[k] > 0) {
			call_free(&((struct btask *)b.tasks.vals[k])->call);
			free(b.tasks.vals[k]);
		}
	pidmap_free(&b.tasks);
	sb_release(&b.pack);
	sb_release(&b.win);
	sb_release(&b.ewin);
	sb_release(&b.cc.tmp);
	return rc;
}

const struct backend_ops bpf_backend = {
	.name = "bpf",
	.run = bpf_run,
};

#endif /* HAVE_BPF */
