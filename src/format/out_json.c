/* out_json.c: the vocabulary as JSON values (schema: doc/json.md).
 *
 *   integers        numbers                    hex, pointers   "0x7ff..." (NULL: null)
 *   modes           "0644"                     flags           ["O_RDONLY","O_CLOEXEC","0x40000000"]
 *   values          "SEEK_SET" or a number     fds             3, or {"fd":3,"path":"/etc/passwd"}
 *   strings         "text" when complete valid UTF-8, else
 *                   {"str":"lossy text","hex":"exact bytes","truncated":true}
 *   structs         objects                    arrays          arrays
 *   "..."           "...": true in an object, "..." in an array
 */
#include "format/out.h"

#include <fcntl.h>
#include <stdio.h>

static void j_int(struct out *o, long long v) { json_int(&o->j, v); }
static void j_uint(struct out *o, unsigned long long v) { json_uint(&o->j, v); }

static void j_hex(struct out *o, unsigned long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", v);
	json_str(&o->j, buf);
}

static void j_oct(struct out *o, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%#03llo", v);
	json_str(&o->j, buf);
}

static void j_ptr(struct out *o, unsigned long long v)
{
	if (v)
		j_hex(o, v);
	else
		json_null(&o->j);
}

static bool valid_utf8(const void *p, size_t n)
{
	struct strbuf tmp = STRBUF_INIT;
	bool ok = json_escape(&tmp, p, n);

	sb_release(&tmp);
	return ok;
}

static void j_str(struct out *o, const void *p, size_t n, unsigned flags)
{
	if (flags & STR_NUL) {
		const char *z = memchr(p, 0, n);

		if (z)
			n = z - (const char *)p;
	}
	if (!(flags & STR_MORE) && valid_utf8(p, n)) {
		json_strn(&o->j, p, n);
		return;
	}
	json_obj_begin(&o->j);
	json_key(&o->j, "str");
	json_strn(&o->j, p, n);
	json_key(&o->j, "hex");
	json_hex(&o->j, p, n);
	json_key(&o->j, "truncated");
	json_bool(&o->j, flags & STR_MORE);
	json_obj_end(&o->j);
}

static void j_flags(struct out *o, const struct xlat *x, unsigned long long v, const char *zero)
{
	unsigned long long rest = v;
	unsigned i;
	char buf[24];

	json_arr_begin(&o->j);
	if (!v) {
		const char *z = xlat_lookup(x, 0);

		if (z)
			json_str(&o->j, z);
	}
	for (i = 0; i < x->n && rest; i++) {
		unsigned long long f = x->e[i].val;

		if (f && (rest & f) == f) {
			json_str(&o->j, x->e[i].name);
			rest &= ~f;
		}
	}
	if (rest) {
		snprintf(buf, sizeof(buf), "0x%llx", rest);
		json_str(&o->j, buf);
	}
	json_arr_end(&o->j);
}

static void j_xval(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt)
{
	const char *s = xlat_lookup(x, v);

	if (s)
		json_str(&o->j, s);
	else
		json_uint(&o->j, v);
}

static void j_fd(struct out *o, long long fd, const char *desc, size_t n, bool deleted)
{
	if (!desc) {
		json_int(&o->j, fd);
		return;
	}
	json_obj_begin(&o->j);
	json_key(&o->j, "fd");
	if (fd == AT_FDCWD)
		json_str(&o->j, "AT_FDCWD");
	else
		json_int(&o->j, fd);
	json_key(&o->j, "path");
	json_strn(&o->j, desc, n);
	if (deleted) {
		json_key(&o->j, "deleted");
		json_bool(&o->j, true);
	}
	json_obj_end(&o->j);
}

static void j_sym(struct out *o, const char *name) { json_str(&o->j, name); }
/* need_sep[] doubles as "this level is an object" for the JSON formatter. */
static void before_value(struct out *o);

static void j_struct_begin(struct out *o)
{
	before_value(o);
	json_obj_begin(&o->j);
	if (o->depth + 1 < OUT_MAX_DEPTH) {
		o->need_sep[++o->depth] = true;
		o->anon[o->depth] = 0;
		o->wrap[o->depth] = false;
	}
}

static void j_array_begin(struct out *o)
{
	before_value(o);
	json_arr_begin(&o->j);
	if (o->depth + 1 < OUT_MAX_DEPTH) {
		o->need_sep[++o->depth] = false;
		o->wrap[o->depth] = false;
	}
}

static void j_struct_end(struct out *o)
{
	json_obj_end(&o->j);
	if (o->depth)
		o->depth--;
}

static void j_array_end(struct out *o)
{
	json_arr_end(&o->j);
	if (o->depth)
		o->depth--;
}
static void j_field(struct out *o, const char *name) { json_key(&o->j, name); }

static void j_more(struct out *o)
{
	/* In an object the writer is waiting for a key; in an array, for a value. */
	if (o->need_sep[o->depth]) {
		json_key(&o->j, "...");
		json_bool(&o->j, true);
		return;
	}
	json_str(&o->j, "...");
}

static void j_comment(struct out *o, const char *text) { }

/* A field where an array element is expected (clone's "child_stack=NULL" among
 * the arguments) becomes a one-member object: {"child_stack":null}. It is
 * closed as soon as its value is complete. */
static void after_value(struct out *o)
{
	if (o->depth > 0 && o->wrap[o->depth]) {
		o->wrap[o->depth] = false;
		json_obj_end(&o->j);
		o->depth--;
	}
}

static void j_field_any(struct out *o, const char *name)
{
	if (!o->need_sep[o->depth] && o->depth + 1 < OUT_MAX_DEPTH) {
		json_obj_begin(&o->j);
		o->depth++;
		o->need_sep[o->depth] = true;
		o->wrap[o->depth] = true;
	}
	j_field(o, name);
}

/* A value in an object without a field name (strace's sockaddr_in6 prints
 * inet_pton(...) bare) gets the key "_1", "_2"..., so the line stays JSON. */
static void before_value(struct out *o)
{
	char key[16];

	if (o->depth > 0 && o->need_sep[o->depth] && !o->j.after_key) {
		snprintf(key, sizeof(key), "_%u", ++o->anon[o->depth]);
		json_key(&o->j, key);
	}
}

#define WRAP1(fn, T1) static void w_##fn(struct out *o, T1 a) { before_value(o); fn(o, a); after_value(o); }
WRAP1(j_int, long long)
WRAP1(j_uint, unsigned long long)
WRAP1(j_hex, unsigned long long)
WRAP1(j_oct, unsigned long long)
WRAP1(j_ptr, unsigned long long)
WRAP1(j_sym, const char *)
#undef WRAP1

static void w_j_str(struct out *o, const void *p, size_t n, unsigned f) { before_value(o); j_str(o, p, n, f); after_value(o); }
static void w_j_flags(struct out *o, const struct xlat *x, unsigned long long v, const char *d)
{
	before_value(o);
	j_flags(o, x, v, d);
	after_value(o);
}
static void w_j_xval(struct out *o, const struct xlat *x, unsigned long long v, const char *d)
{
	before_value(o);
	j_xval(o, x, v, d);
	after_value(o);
}
static void w_j_fd(struct out *o, long long fd, const char *desc, size_t n, bool del)
{
	before_value(o);
	j_fd(o, fd, desc, n, del);
	after_value(o);
}
static void w_j_struct_end(struct out *o) { j_struct_end(o); after_value(o); }
static void w_j_array_end(struct out *o) { j_array_end(o); after_value(o); }
static void w_j_more(struct out *o) { j_more(o); after_value(o); }

/* The value the kernel wrote back becomes {"=>": value} (an object member in an object). */
static void j_changed(struct out *o)
{
	j_field_any(o, "=>");
}

static const struct out_ops json_ops = {
	.v_int = w_j_int,
	.v_uint = w_j_uint,
	.v_hex = w_j_hex,
	.v_oct = w_j_oct,
	.v_ptr = w_j_ptr,
	.v_str = w_j_str,
	.v_flags = w_j_flags,
	.v_xval = w_j_xval,
	.v_fd = w_j_fd,
	.v_sym = w_j_sym,
	.v_raw = w_j_sym,
	.struct_begin = j_struct_begin,
	.struct_end = w_j_struct_end,
	.array_begin = j_array_begin,
	.array_end = w_j_array_end,
	.field = j_field_any,
	.more = w_j_more,
	.comment = j_comment,
	.changed = j_changed,
};

void out_json_init(struct out *o, struct strbuf *sb, const struct dopts *opt)
{
	memset(o, 0, sizeof(*o));
	o->ops = &json_ops;
	o->sb = sb;
	o->opt = opt;
	json_init(&o->j, sb);
}
