/* jsonl.c: JSON Lines, one object per event (schema: doc/json.md, version 1).
 * A syscall becomes one object at its exit, holding what entry and exit saw. */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pidmap.h"
#include "core/util.h"
#include "decode/decode.h"

#define JSON_SCHEMA_VERSION 1

struct jtid {
	struct strbuf args; /* the "args" array being built */
	struct out o;
	bool open;
};

struct jfmt {
	struct formatter f;
	struct pidmap tids;
	struct strbuf line;
	bool header_done;
	struct pidmap headed; /* -ff: the per-thread files that have their header */
};

static void put_ts(struct json *j, const char *key, uint64_t ns)
{
	char buf[40];

	json_key(j, key);
	snprintf(buf, sizeof(buf), "%llu.%06llu", (unsigned long long)(ns / 1000000000ull),
		 (unsigned long long)(ns % 1000000000ull) / 1000);
	json_raw(j, buf);
}

static void emit(struct jfmt *t, pid_t pid)
{
	struct ostream *s = outputs_for(t->f.fo->out, pid);

	sb_add(&s->buf, t->line.buf, t->line.len);
	os_write_line_end(s);
	sb_reset(&t->line);
}

static void header(struct jfmt *t, pid_t pid)
{
	const struct fmt_opts *fo = t->f.fo;
	struct json j;
	int i;

	json_init(&j, &t->line);
	json_obj_begin(&j);
	json_key(&j, "type");
	json_str(&j, "header");
	json_key(&j, "tool");
	json_str(&j, "procscope");
	json_key(&j, "version");
	json_str(&j, PROCSCOPE_VERSION);
	json_key(&j, "schema");
	json_int(&j, JSON_SCHEMA_VERSION);
	json_key(&j, "backend");
	json_str(&j, fo->backend ? fo->backend : "ptrace");
	if (fo->argv) {
		json_key(&j, "command");
		json_arr_begin(&j);
		for (i = 0; fo->argv[i]; i++)
			json_str(&j, fo->argv[i]);
		json_arr_end(&j);
	}
	if (fo->nattach) {
		json_key(&j, "attach");
		json_arr_begin(&j);
		for (i = 0; i < fo->nattach; i++)
			json_int(&j, fo->attach_pids[i]);
		json_arr_end(&j);
	}
	json_obj_end(&j);
	emit(t, pid);
}

static struct jtid *jtid(struct jfmt *t, pid_t tid)
{
	struct jtid *s = pidmap_get(&t->tids, tid);

	if (!s) {
		s = xcalloc(1, sizeof(*s));
		pidmap_put(&t->tids, tid, s);
	}
	return s;
}

static void begin(struct jfmt *t, struct json *j, const char *type, pid_t pid, uint64_t ts)
{
	/* Every output file starts with the header line (with -ff, each FILE.PID). */
	if (t->f.fo->out->per_pid) {
		if (!pidmap_get(&t->headed, pid)) {
			pidmap_put(&t->headed, pid, t);
			header(t, pid);
		}
	} else if (!t->header_done) {
		t->header_done = true;
		header(t, pid);
	}
	json_init(j, &t->line);
	json_obj_begin(j);
	json_key(j, "type");
	json_str(j, type);
	json_key(j, "pid");
	json_int(j, pid);
	put_ts(j, "ts", ts);
}

static void syscall_entry(struct jfmt *t, const struct event *ev)
{
	struct jtid *st = jtid(t, ev->pid);
	struct dctx d; /* set by fmt_dctx_init() */

	sb_reset(&st->args);
	out_json_init(&st->o, &st->args, &t->f.fo->d);
	json_arr_begin(&st->o.j);
	fmt_dctx_init(&d, t->f.fo, ev->call, &st->o, ev->pid);
	decode_args(&d, PH_ENTRY);
	st->open = true;
}

static void syscall_object(struct jfmt *t, pid_t pid, struct jtid *st, const struct call *c,
			   uint64_t ts, bool finished)
{
	struct dctx d; /* set by fmt_dctx_init() */
	struct json j;
	char nbuf[24];

	fmt_dctx_init(&d, t->f.fo, c, &st->o, pid);
	if (finished)
		decode_args(&d, PH_EXIT);
	json_arr_end(&st->o.j);
	begin(t, &j, "syscall", pid, c->t_entry ? c->t_entry : ts);
	json_key(&j, "name");
	json_str(&j, sc_name(c->nr, nbuf));
	json_key(&j, "nr");
	json_int(&j, c->nr);
	json_key(&j, "args");
	json_raw(&j, st->args.buf);
	if (!finished) {
		json_key(&j, "unfinished");
		json_bool(&j, true);
		json_key(&j, "ret");
		json_null(&j);
	} else if (call_failed(c)) {
		const char *en = errno_name(-c->ret);

		json_key(&j, "ret");
		json_int(&j, -1);
		json_key(&j, "errno");
		if (en)
			json_str(&j, en);
		else
			json_int(&j, -c->ret);
		json_key(&j, "error");
		json_str(&j, errno_msg(-c->ret));
	} else {
		const struct capture *k = call_cap(c, CAP_RETDESC);

		json_key(&j, "ret");
		if (d.ret_kind == RK_HEX) {
			char buf[24];

			snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)c->ret);
			json_str(&j, buf);
		} else {
			json_int(&j, c->ret);
		}
		if (k) {
			json_key(&j, "ret_path");
			json_strn(&j, call_cap_data(c, k), k->len);
		}
		if (d.ret_aux[0]) {
			json_key(&j, "ret_text");
			json_str(&j, d.ret_aux);
		}
	}
	if (finished && c->injected) {
		json_key(&j, "injected");
		json_bool(&j, true);
	}
	if (finished && c->mono_exit >= c->mono_entry) {
		uint64_t dur = c->mono_exit - c->mono_entry;
		char dbuf[32];

		json_key(&j, "dur");
		snprintf(dbuf, sizeof(dbuf), "%llu.%06llu", (unsigned long long)(dur / 1000000000ull),
			 (unsigned long long)(dur % 1000000000ull) / 1000);
		json_raw(&j, dbuf);
	}
	json_obj_end(&j);
	emit(t, pid);
	st->open = false;
}

static void json_event(struct formatter *f, const struct event *ev)
{
	struct jfmt *t = (struct jfmt *)f;
	struct jtid *st;
	struct json j;
	char buf[16];
	const char *name;

	switch (ev->type) {
	case EV_RENAMED: {
		struct jtid *moved = pidmap_del(&t->tids, ev->other);

		st = pidmap_del(&t->tids, ev->pid);
		if (st) {
			sb_release(&st->args);
			free(st);
		}
		if (moved) {
			moved->o.sb = &moved->args;
			moved->o.j.sb = &moved->args;
			pidmap_put(&t->tids, ev->pid, moved);
		}
		return;
	}
	case EV_SYSCALL_ENTRY:
		syscall_entry(t, ev);
		return;
	case EV_SYSCALL_EXIT:
		st = jtid(t, ev->pid);
		if (!st->open) {
			/* Exit without a seen entry (attached mid-call): empty args. */
			sb_reset(&st->args);
			out_json_init(&st->o, &st->args, &t->f.fo->d);
			json_arr_begin(&st->o.j);
		}
		syscall_object(t, ev->pid, st, ev->call, ev->ts, true);
		return;
	case EV_SIGNAL:
	case EV_GROUP_STOP: {
		struct out o;

		begin(t, &j, ev->type == EV_SIGNAL ? "signal" : "stop", ev->pid, ev->ts);
		name = signame(ev->sig, buf);
		json_key(&j, "sig");
		if (name)
			json_str(&j, name);
		else
			json_int(&j, ev->sig);
		if (ev->has_siginfo) {
			json_key(&j, "siginfo");
			out_json_init(&o, &t->line, &t->f.fo->d);
			o.j = j;
			decode_siginfo(&o, ev->siginfo, sizeof(ev->siginfo));
			j = o.j;
		}
		json_obj_end(&j);
		emit(t, ev->pid);
		return;
	}
	case EV_EXITED:
	case EV_KILLED:
	case EV_SUPERSEDED:
		st = pidmap_get(&t->tids, ev->pid);
		if (st && st->open && ev->call)
			syscall_object(t, ev->pid, st, ev->call, ev->ts, false);
		begin(t, &j, ev->type == EV_EXITED ? "exit" : ev->type == EV_KILLED ? "killed" : "superseded",
		      ev->pid, ev->ts);
		if (ev->type == EV_EXITED) {
			json_key(&j, "code");
			json_int(&j, ev->status);
		} else if (ev->type == EV_KILLED) {
			name = signame(ev->sig, buf);
			json_key(&j, "sig");
			if (name)
				json_str(&j, name);
			else
				json_int(&j, ev->sig);
			json_key(&j, "core_dumped");
			json_bool(&j, ev->status);
		} else {
			json_key(&j, "by");
			json_int(&j, ev->other);
		}
		json_obj_end(&j);
		emit(t, ev->pid);
		if (st) {
			pidmap_del(&t->tids, ev->pid);
			sb_release(&st->args);
			free(st);
		}
		return;
	default:
		return;
	}
}

static void json_finish(struct formatter *f)
{
	os_flush_all(f->fo->out);
}

static void json_free(struct formatter *f)
{
	struct jfmt *t = (struct jfmt *)f;
	size_t i;

	for (i = 0; i < t->tids.cap; i++) {
		if (t->tids.keys[i] > 0) {
			struct jtid *st = t->tids.vals[i];

			sb_release(&st->args);
			free(st);
		}
	}
	pidmap_free(&t->tids);
	pidmap_free(&t->headed);
	sb_release(&t->line);
	free(t);
}

static const struct formatter_ops json_ops = {
	.event = json_event,
	.finish = json_finish,
	.free = json_free,
};

struct formatter *fmt_json_new(const struct fmt_opts *fo)
{
	struct jfmt *t = xcalloc(1, sizeof(*t));

	t->f.ops = &json_ops;
	t->f.fo = fo;
	return &t->f;
}
