/* text.c: the strace text formatter.
 *
 * Lines are written into the stream as events come: a syscall's entry part
 * at entry ("read(3, "), the rest at exit. If another line must be written in
 * between, the open line is ended with " <unfinished ...>" and the exit later
 * starts with "<... read resumed>", exactly as strace does.
 */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/filter.h"
#include "core/pidmap.h"
#include "core/util.h"
#include "decode/decode.h"

struct ttid {
	pid_t tid;
	bool open;	 /* entry printed, exit not yet */
	bool unfinished; /* the open line was ended by another line */
	bool more;	 /* the signature has arguments printed at exit */
	bool printed;	 /* the entry part printed an argument */
	long last_nr;	 /* -n: its last syscall, shown on every line (0 before any) */
	struct out o;	 /* separator state between entry and exit */
	/* -e status=: the line so far, held until the call's end decides whether
	 * it is printed (as strace does); the stream then gets it whole. */
	struct strbuf held;
};

struct tfmt {
	struct formatter f;
	struct pidmap tids;
	uint64_t last_ts; /* -r */
};

static struct ttid *tid_state(struct tfmt *t, pid_t tid)
{
	struct ttid *s = pidmap_get(&t->tids, tid);

	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->tid = tid;
		pidmap_put(&t->tids, tid, s);
	}
	return s;
}

static void put_time(struct tfmt *t, struct strbuf *sb, uint64_t ts)
{
	const struct fmt_opts *fo = t->f.fo;

	if (fo->tstamp) {
		time_t sec = ts / 1000000000ull;
		unsigned usec = (ts % 1000000000ull) / 1000;
		struct tm tm;
		char buf[32];

		if (fo->tstamp >= 3) {
			sb_printf(sb, "%lld.%06u ", (long long)sec, usec);
		} else {
			localtime_r(&sec, &tm);
			strftime(buf, sizeof(buf), "%T", &tm);
			sb_puts(sb, buf);
			if (fo->tstamp == 2)
				sb_printf(sb, ".%06u", usec);
			sb_putc(sb, ' ');
		}
	}
	if (fo->relative) {
		uint64_t d = t->last_ts && ts > t->last_ts ? ts - t->last_ts : 0;

		sb_printf(sb, "%6llu.%06llu ", (unsigned long long)(d / 1000000000ull),
			  (unsigned long long)(d % 1000000000ull) / 1000);
		t->last_ts = ts;
	}
}

/* End whatever line is open in s, as strace does before starting another. */
static void close_open_line(struct tfmt *t, struct ostream *s)
{
	struct ttid *o;

	if (!s->pending)
		return;
	o = pidmap_get(&t->tids, s->pending);
	/* strace ends the entry part with the separator of the arguments still to come. */
	if (o && o->open && !o->unfinished && o->more && o->printed)
		sb_add(&s->buf, ", ", 2);
	sb_puts(&s->buf, " <unfinished ...>");
	os_write_line_end(s);
	if (o)
		o->unfinished = true;
}

/* The pid prefix and the time that start every line. */
static void put_prefix(struct tfmt *t, struct strbuf *sb, pid_t tid, uint64_t ts)
{
	const struct fmt_opts *fo = t->f.fo;

	/* On every line: no printf ("%-5d " and "[pid %5d] " by hand). */
	if (fo->pid_pfx_file) {
		size_t start = sb->len;

		sb_put_int(sb, tid);
		if (sb->len - start < 5)
			sb_pad(sb, ' ', 5 - (sb->len - start));
		sb_putc(sb, ' ');
	} else if (!fo->out->per_pid && !fo->out->base && fo->nprocs && *fo->nprocs > 1) {
		char digits[24];
		int n = snprintf(digits, sizeof(digits), "%d", tid);

		sb_add(sb, "[pid ", 5);
		if (n < 5)
			sb_pad(sb, ' ', 5 - n);
		sb_add(sb, digits, n);
		sb_add(sb, "] ", 2);
	}
	if (fo->tstamp || fo->relative)
		put_time(t, sb, ts);
	if (fo->sc_number) {
		/* strace's "[%4ld] ": the task's current syscall, or its last one
		 * on signal and exit lines */
		long nr = tid_state(t, tid)->last_nr;
		char digits[24];
		int n = snprintf(digits, sizeof(digits), "%ld", nr);

		sb_putc(sb, '[');
		if (n < 4)
			sb_pad(sb, ' ', 4 - n);
		sb_add(sb, digits, n);
		sb_add(sb, "] ", 2);
	}
}

static void leader(struct tfmt *t, struct ostream *s, pid_t tid, uint64_t ts)
{
	close_open_line(t, s);
	put_prefix(t, &s->buf, tid, ts);
}

/* -e status=: write tid's held entry part into s as its open line, so the
 * rest of the line follows as if it had been written at entry. */
static void unhold(struct tfmt *t, struct ostream *s, struct ttid *st)
{
	close_open_line(t, s);
	sb_add(&s->buf, st->held.buf, st->held.len);
	sb_reset(&st->held);
	st->o.sb = &s->buf;
	st->unfinished = false;
	s->pending = st->tid;
}

static bool status_shown(const struct tfmt *t, unsigned status)
{
	return !t->f.fo->status_mask || (t->f.fo->status_mask & status);
}

static void syscall_entry(struct tfmt *t, const struct event *ev)
{
	const struct fmt_opts *fo = t->f.fo;
	struct ostream *s = outputs_for(fo->out, ev->pid);
	struct ttid *st = tid_state(t, ev->pid);
	const struct call *c = ev->call;
	struct dctx d; /* set by fmt_dctx_init() */
	struct strbuf *sb = fo->status_mask ? &st->held : &s->buf;
	char nbuf[24];
	size_t before;

	st->last_nr = c->nr;
	if (fo->status_mask) {
		sb_reset(sb);
		put_prefix(t, sb, ev->pid, c->t_entry);
	} else {
		leader(t, s, ev->pid, c->t_entry);
	}
	sb_puts(sb, sc_name(c->nr, nbuf));
	sb_putc(sb, '(');
	out_text_init(&st->o, sb, &fo->d);
	fmt_dctx_init(&d, fo, c, &st->o, ev->pid);
	before = sb->len;
	decode_args(&d, PH_ENTRY);
	st->more = d.sig->split < d.sig->nargs;
	st->printed = sb->len > before;
	st->open = true;
	st->unfinished = false;
	if (fo->status_mask)
		return; /* held until the exit */
	s->pending = ev->pid;
	if (s->tty)
		os_flush(s);
}

static void put_retval(struct tfmt *t, struct ostream *s, struct dctx *d, const struct event *ev)
{
	const struct call *c = ev->call;
	const struct fmt_opts *fo = t->f.fo;
	size_t col = os_column(s);
	unsigned a = fo->acolumn;

	sb_putc(&s->buf, ')');
	col++;
	if (a && col < a - 1)
		sb_pad(&s->buf, ' ', a - 1 - col);
	sb_add(&s->buf, " = ", 3);
	if (!c->exited) {
		sb_putc(&s->buf, '?');
		return;
	}
	if (call_failed(c)) {
		long err = -c->ret;
		const char *name = errno_name(err);

		if (err >= 512 && err <= 516 && err != 515)
			sb_putc(&s->buf, '?');
		else
			sb_add(&s->buf, "-1", 2);
		if (name)
			sb_printf(&s->buf, " %s (%s)", name, errno_msg(err));
		else
			sb_printf(&s->buf, " E??? (%s)", errno_msg(err));
	} else {
		switch (d->ret_kind) {
		case RK_HEX:
			if (c->ret)
				sb_put_hex(&s->buf, (unsigned long long)c->ret);
			else
				sb_putc(&s->buf, '0'); /* strace's %#lx */
			break;
		case RK_OCT:
			sb_printf(&s->buf, "%#03llo", (unsigned long long)c->ret);
			break;
		case RK_NONE:
			sb_putc(&s->buf, '?');
			break;
		case RK_FD: {
			const struct capture *k = call_cap(c, CAP_RETDESC);

			sb_put_int(&s->buf, c->ret);
			if (k && k->len) {
				sb_putc(&s->buf, '<');
				sb_add(&s->buf, call_cap_data(c, k), k->len);
				sb_putc(&s->buf, '>');
				if (k->flags & CAP_DELETED)
					sb_puts(&s->buf, "(deleted)");
			}
			break;
		}
		default:
			sb_put_int(&s->buf, c->ret);
			break;
		}
		if (d->ret_aux[0]) {
			sb_putc(&s->buf, ' ');
			sb_puts(&s->buf, d->ret_aux);
		}
	}
	if (c->injected)
		sb_puts(&s->buf, " (INJECTED)");
	if (fo->durations && c->mono_exit >= c->mono_entry) {
		uint64_t dur = c->mono_exit - c->mono_entry;

		sb_printf(&s->buf, " <%llu.%06llu>", (unsigned long long)(dur / 1000000000ull),
			  (unsigned long long)(dur % 1000000000ull) / 1000);
	}
}

/* -e read=/write=: strace's hex dump, 16 bytes a line:
 *  | 00000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              hello world.     |
 */
static void put_dump(struct ostream *s, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t off, i;

	for (off = 0; off < n; off += 16) {
		sb_printf(&s->buf, " | %05zx  ", off);
		for (i = 0; i < 16; i++) {
			if (off + i < n) {
				sb_putc(&s->buf, hex[p[off + i] >> 4]);
				sb_putc(&s->buf, hex[p[off + i] & 15]);
				sb_putc(&s->buf, ' ');
			} else {
				sb_add(&s->buf, "   ", 3);
			}
			if (i == 7)
				sb_putc(&s->buf, ' ');
		}
		sb_putc(&s->buf, ' ');
		for (i = 0; i < 16; i++) {
			uint8_t b = off + i < n ? p[off + i] : ' ';

			sb_putc(&s->buf, b >= 0x20 && b < 0x7f ? (char)b : '.');
		}
		sb_add(&s->buf, " |", 2);
		os_write_line_end(s);
	}
}

/* The text side of decode_dumps(): strace's lines around each hex dump. */
static void dump_vector(void *ctx, uint64_t nbufs, unsigned v)
{
	struct ostream *s = ctx;

	sb_printf(&s->buf, " = %llu buffers in vector %u", (unsigned long long)nbufs, v);
	os_write_line_end(s);
}

static void dump_buffer(void *ctx, uint64_t len, unsigned i)
{
	struct ostream *s = ctx;

	sb_printf(&s->buf, " * %llu bytes in buffer %u", (unsigned long long)len, i);
	os_write_line_end(s);
}

static void dump_bytes(void *ctx, const uint8_t *p, size_t n)
{
	put_dump(ctx, p, n);
}

static const struct dump_ops text_dump_ops = {
	.vector = dump_vector,
	.buffer = dump_buffer,
	.bytes = dump_bytes,
};

/* Resume (or continue) tid's line for its exit part. */
static void resume_line(struct tfmt *t, struct ostream *s, struct ttid *st, const struct call *c,
			uint64_t ts)
{
	char nbuf[24];

	if (s->pending == st->tid && st->open && !st->unfinished)
		return;
	leader(t, s, st->tid, ts);
	sb_printf(&s->buf, "<... %s resumed>", sc_name(c->nr, nbuf));
	out_text_init(&st->o, &s->buf, &t->f.fo->d);
	/* When the unfinished part did not end with a separator (its decoder prints
	 * its last arguments at exit, like clone's child_tidptr), strace starts the
	 * resumed part with one: "<... clone resumed>, child_tidptr=...". */
	st->o.need_sep[0] = st->printed && !st->more;
	s->pending = st->tid;
}

static void syscall_exit(struct tfmt *t, const struct event *ev)
{
	const struct fmt_opts *fo = t->f.fo;
	struct ostream *s = outputs_for(fo->out, ev->pid);
	struct ttid *st = tid_state(t, ev->pid);
	const struct call *c = ev->call;
	struct dctx d; /* set by fmt_dctx_init() */

	st->last_nr = c->nr;
	if (fo->status_mask && st->open) {
		if (!status_shown(t, call_failed(c) ? STATUS_FAILED : STATUS_SUCCESSFUL)) {
			sb_reset(&st->held);
			st->open = st->unfinished = false;
			return;
		}
		unhold(t, s, st);
	}
	resume_line(t, s, st, c, c->t_exit);
	st->o.sb = &s->buf;
	fmt_dctx_init(&d, fo, c, &st->o, ev->pid);
	decode_args(&d, PH_EXIT);
	put_retval(t, s, &d, ev);
	os_write_line_end(s);
	st->open = st->unfinished = false;
	decode_dumps(&fo->d, d.sig, c, &text_dump_ops, s);
}

/* The tracee died inside a syscall: "... <unfinished ...>) = ?" as strace does. */
static void finish_dead_call(struct tfmt *t, struct ostream *s, struct ttid *st, const struct event *ev,
			     const struct call *c)
{
	struct dctx d; /* set by fmt_dctx_init() */
	struct event e = *ev;

	if (!st->open)
		return;
	if (t->f.fo->status_mask) {
		if (!status_shown(t, STATUS_UNFINISHED)) {
			st->open = false;
			return;
		}
		unhold(t, s, st);
	}
	fmt_dctx_init(&d, t->f.fo, c, NULL, st->tid);
	d.ret_kind = RK_NONE;
	if (s->pending == st->tid && !st->unfinished) {
		/* Killed inside a call: " <unfinished ...>) = ?"; exit_group, or a
		 * leader replaced by another thread's execve: ") = ?" (as strace). */
		if (d.sig->ret != RK_NONE && ev->type != EV_SUPERSEDED) {
			if (st->more && st->printed)
				sb_add(&s->buf, ", ", 2);
			sb_puts(&s->buf, " <unfinished ...>");
		}
	} else {
		resume_line(t, s, st, c, ev->ts);
	}
	e.call = (struct call *)c;
	put_retval(t, s, &d, &e);
	os_write_line_end(s);
	st->open = st->unfinished = false;
}

/* -n: a signal or exit event may know the task's last syscall better than
 * the lines printed do (one not traced raised the signal). */
static void note_scno(struct tfmt *t, const struct event *ev)
{
	if (t->f.fo->sc_number && ev->other > 0)
		tid_state(t, ev->pid)->last_nr = ev->other - 1;
}

static void signal_line(struct tfmt *t, const struct event *ev)
{
	const struct fmt_opts *fo = t->f.fo;
	struct ostream *s = outputs_for(fo->out, ev->pid);
	char buf[16];
	const char *name = signame(ev->sig, buf);
	struct out o;

	if (ev->sig > 0 && ev->sig <= 64 && (fo->sig_hidden & (1ull << (ev->sig - 1))))
		return; /* -e signal= leaves it out */
	note_scno(t, ev);
	leader(t, s, ev->pid, ev->ts);
	if (ev->type == EV_GROUP_STOP) {
		sb_printf(&s->buf, "--- stopped by %s ---", name ? name : "SIG???");
		os_write_line_end(s);
		return;
	}
	if (name)
		sb_printf(&s->buf, "--- %s ", name);
	else
		sb_printf(&s->buf, "--- %d ", ev->sig);
	if (ev->has_siginfo) {
		out_text_init(&o, &s->buf, &fo->d);
		decode_siginfo(&o, ev->siginfo, sizeof(ev->siginfo));
	} else {
		sb_puts(&s->buf, "{}");
	}
	sb_puts(&s->buf, " ---");
	os_write_line_end(s);
}

static void exit_line(struct tfmt *t, const struct event *ev)
{
	const struct fmt_opts *fo = t->f.fo;
	struct ostream *s = outputs_for(fo->out, ev->pid);
	struct ttid *st = pidmap_get(&t->tids, ev->pid);
	char buf[16];

	if (st && st->open && ev->call)
		finish_dead_call(t, s, st, ev, ev->call);
	if ((fo->quiet & QUIET_EXIT) && ev->type != EV_SUPERSEDED)
		goto out;
	if ((fo->quiet & QUIET_SUPERSEDED) && ev->type == EV_SUPERSEDED)
		goto out;
	/* strace leaves out "+++ killed by SIG +++" too when -e signal= hides SIG. */
	if (ev->type == EV_KILLED && ev->sig > 0 && ev->sig <= 64 &&
	    (fo->sig_hidden & (1ull << (ev->sig - 1))))
		goto out;
	if (ev->type != EV_SUPERSEDED)
		note_scno(t, ev);
	leader(t, s, ev->pid, ev->ts);
	if (ev->type == EV_EXITED) {
		sb_printf(&s->buf, "+++ exited with %d +++", ev->status);
	} else if (ev->type == EV_KILLED) {
		const char *name = signame(ev->sig, buf);

		sb_printf(&s->buf, "+++ killed by %s%s +++", name ? name : "SIG???",
			  ev->status ? " (core dumped)" : "");
	} else {
		sb_printf(&s->buf, "+++ superseded by execve in pid %d +++", ev->other);
	}
	os_write_line_end(s);
out:
	if (st) {
		pidmap_del(&t->tids, ev->pid);
		sb_release(&st->held);
		free(st);
	}
}

/* After a non-leader execve, the execing thread's open line belongs to the leader's pid. */
static void rename_tid(struct tfmt *t, const struct event *ev)
{
	struct ttid *st = pidmap_del(&t->tids, ev->other);
	struct ttid *old = pidmap_del(&t->tids, ev->pid);
	struct ostream *s = outputs_for(t->f.fo->out, ev->other);

	if (old)
		sb_release(&old->held);
	free(old);
	if (!st)
		return;
	/* The execve line still open under the old tid ends as strace ends it. */
	if (s->pending == ev->other && st->open && !st->unfinished) {
		sb_printf(&s->buf, " <pid changed to %d ...>", ev->pid);
		os_write_line_end(s);
		st->unfinished = true;
	}
	st->tid = ev->pid;
	pidmap_put(&t->tids, ev->pid, st);
}

static void text_event(struct formatter *f, const struct event *ev)
{
	struct tfmt *t = (struct tfmt *)f;

	switch (ev->type) {
	case EV_RENAMED:
		rename_tid(t, ev);
		break;
	case EV_SYSCALL_ENTRY:
		syscall_entry(t, ev);
		break;
	case EV_SYSCALL_EXIT:
		syscall_exit(t, ev);
		break;
	case EV_SIGNAL:
	case EV_GROUP_STOP:
		signal_line(t, ev);
		break;
	case EV_EXITED:
	case EV_KILLED:
	case EV_SUPERSEDED:
		exit_line(t, ev);
		break;
	default:
		break;
	}
}

static void text_finish(struct formatter *f)
{
	struct tfmt *t = (struct tfmt *)f;
	struct outputs *o = t->f.fo->out;
	size_t i;

	/* -e status=detached: calls still held when the tracer let go. */
	for (i = 0; t->f.fo->status_mask && i < t->tids.cap; i++) {
		struct ttid *st = t->tids.vals[i];

		if (t->tids.keys[i] <= 0 || !st->open || !st->held.len)
			continue;
		if (status_shown(t, STATUS_DETACHED))
			unhold(t, outputs_for(o, st->tid), st);
		else
			st->open = false;
	}
	/* Lines still open (detached mid-syscall) end as strace ends them. */
	if (o->main && o->main->pending)
		close_open_line(t, o->main);
	if (o->files)
		for (i = 0; i < o->files->cap; i++)
			if (o->files->keys[i] > 0 && ((struct ostream *)o->files->vals[i])->pending)
				close_open_line(t, o->files->vals[i]);
	os_flush_all(o);
}

static void text_free(struct formatter *f)
{
	struct tfmt *t = (struct tfmt *)f;
	size_t i;

	for (i = 0; i < t->tids.cap; i++)
		if (t->tids.keys[i] > 0) {
			sb_release(&((struct ttid *)t->tids.vals[i])->held);
			free(t->tids.vals[i]);
		}
	pidmap_free(&t->tids);
	free(t);
}

static const struct formatter_ops text_ops = {
	.event = text_event,
	.finish = text_finish,
	.free = text_free,
};

struct formatter *fmt_text_new(const struct fmt_opts *fo)
{
	struct tfmt *t = xcalloc(1, sizeof(*t));

	t->f.ops = &text_ops;
	t->f.fo = fo;
	return &t->f;
}
