/* Unit tests: syscall and constant tables, strace string quoting, the JSON writer. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>

#include "core/json.h"
#include "core/pidmap.h"
#include "core/strbuf.h"
#include "decode/decode.h"
#include "format/out.h"
#include "syscalls/syscalls.h"
#include "tap.h"

static const char *quote(const char *s, size_t n, int x, bool nul)
{
	static struct strbuf sb;

	sb_reset(&sb);
	quote_string(&sb, s, n, x, nul);
	return sb.buf;
}

static const char *flags(enum xlat_id id, unsigned long long v)
{
	static struct strbuf sb;

	sb_reset(&sb);
	xlat_format_flags(&sb, xlat_get(id), v, "0");
	return sb.buf;
}

int main(void)
{
	char buf[32];
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	struct pidmap m = { 0 };
	int i;

	/* syscall table */
	is_str(sc_name(__NR_openat, buf), "openat", "openat is named from the UAPI header");
	is_str(sc_name(__NR_read, buf), "read", "syscall 0 is read");
	is_str(sc_name(0x1c2 + 100, buf), "syscall_0x226", "an unknown number prints as syscall_0x...");
	ok(sc_lookup("execve") == __NR_execve, "lookup by name");
	ok(sc_lookup("no_such_call") == -1, "unknown name gives -1");
	ok(sc_sig(__NR_read)->nargs == 3, "read has 3 arguments in its signature");
	ok(sc_sig(__NR_read)->split == 1, "read prints its fd at entry, the rest at exit");
	ok(sc_sig(__NR_write)->args[1].kind == AK_IBUF, "write's buffer is an input buffer");
	ok(sc_class_bits("net") == sc_class_bits("network"), "%%net is %%network");
	ok(sc_sig(__NR_close)->classes & sc_class_bits("desc"), "close is in %%desc");

	/* constant tables */
	is_str(errno_name(ENOENT), "ENOENT", "errno name");
	is_str(errno_name(512), "ERESTARTSYS", "kernel-internal errno name");
	is_str(errno_msg(512), "To be restarted if SA_RESTART is set", "ERESTARTSYS message as strace prints it");
	ok(errno_name(4000) == NULL, "no name for an unknown errno");
	is_str(signame(SIGTERM, buf), "SIGTERM", "signal name");
	is_str(signame(32, buf), "SIGRTMIN", "signal 32 is SIGRTMIN");
	is_str(signame(35, buf), "SIGRT_3", "real-time signals as SIGRT_N");
	ok(signame(0, buf) == NULL, "signal 0 has no name");
	is_str(flags(XLAT_ID(access_mode), R_OK | W_OK), "R_OK|W_OK", "flags joined with |");
	is_str(flags(XLAT_ID(access_mode), 0), "F_OK", "zero prints the zero entry");
	is_str(flags(XLAT_ID(access_mode), R_OK | 0x40), "R_OK|0x40", "unknown bits in hex after known names");
	is_str(flags(XLAT_ID(file_open_flags), 0), "0", "zero without a zero entry prints 0");
	is_str(flags(XLAT_ID(file_open_flags), 04000 | 02000000 | 040000), "O_NONBLOCK|O_DIRECT|O_CLOEXEC", "flags in table order");

	/* strace's quoting */
	is_str(quote("abc", 3, 0, false), "\"abc\"", "plain string");
	is_str(quote("a\tb\n\"\\", 6, 0, false), "\"a\\tb\\n\\\"\\\\\"", "C escapes, quote and backslash");
	is_str(quote("\0001", 2, 0, false), "\"\\0001\"", "octal keeps 3 digits before an octal digit");
	is_str(quote("\0007", 2, 0, false), "\"\\0007\"", "... 7 is one");
	is_str(quote("\0008", 2, 0, false), "\"\\08\"", "8 is not: the shortest form, as strace");
	is_str(quote("\0019", 2, 0, false), "\"\\19\"", "nor 9");
	is_str(quote("\001x", 2, 0, false), "\"\\1x\"", "shortest octal otherwise");
	is_str(quote("\377", 1, 0, false), "\"\\377\"", "high bytes in octal");
	is_str(quote("ab\0cd", 5, 0, true), "\"ab\"", "C strings stop at NUL");
	is_str(quote("hi\001", 3, 1, false), "\"\\x68\\x69\\x01\"", "-x: one unprintable byte makes it all hex");
	is_str(quote("hi\n", 3, 1, false), "\"hi\\n\"", "-x: whitespace escapes do not force hex");
	is_str(quote("hi", 2, 2, false), "\"\\x68\\x69\"", "-xx: everything in hex");

	/* JSON writer */
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_key(&j, "a");
	json_int(&j, -5);
	json_key(&j, "s");
	ok(!json_strn(&j, "x\"\\\n\001\377", 6), "invalid UTF-8 is reported");
	json_key(&j, "u");
	ok(json_strn(&j, "\xc3\xa9", 2), "valid UTF-8 is kept");
	json_key(&j, "arr");
	json_arr_begin(&j);
	json_null(&j);
	json_bool(&j, true);
	json_hex(&j, "\x01\xff", 2);
	json_arr_end(&j);
	json_obj_end(&j);
	is_str(sb.buf, "{\"a\":-5,\"s\":\"x\\\"\\\\\\n\\u0001\\ufffd\",\"u\":\"\xc3\xa9\",\"arr\":[null,true,\"01ff\"]}",
	       "JSON document with escapes and commas");
	sb_release(&sb);

	/* the JSON vocabulary stays JSON whatever a decoder does */
	{
		struct strbuf jb = STRBUF_INIT;
		struct dopts dop = { .strsize = 32 };
		struct out o;

		out_json_init(&o, &jb, &dop);
		json_arr_begin(&o.j);
		o_int(&o, 3);
		o_field(&o, "flags");			/* a named argument, as clone's */
		o_flags(&o, xlat_get(XLAT_ID(access_mode)), R_OK | W_OK, NULL);
		o_struct_begin(&o);
		o_field(&o, "port");
		o_raw(&o, "htons(80)");
		o_raw(&o, "inet_pton(...)");		/* a value with no field name */
		o_more(&o);
		o_struct_end(&o);
		o_str(&o, "ab\377", 3, 0);
		json_arr_end(&o.j);
		is_str(jb.buf, "[3,{\"flags\":[\"R_OK\",\"W_OK\"]},{\"port\":\"htons(80)\",\"_1\":\"inet_pton(...)\","
		       "\"...\":true},{\"str\":\"ab\\ufffd\",\"hex\":\"6162ff\",\"truncated\":false}]",
		       "named arguments, unnamed struct members and invalid UTF-8 give valid JSON");
		sb_release(&jb);
	}

	/* pid map */
	for (i = 1; i <= 1000; i++)
		pidmap_put(&m, i * 7, (void *)(long)i);
	for (i = 1; i <= 1000; i += 2)
		pidmap_del(&m, i * 7);
	ok(m.count == 500, "pidmap count after deletes");
	ok(pidmap_get(&m, 14) == (void *)2L && pidmap_get(&m, 7) == NULL, "pidmap lookups after deletes");
	pidmap_put(&m, 7, (void *)99L);
	ok(pidmap_get(&m, 7) == (void *)99L && m.count == 501, "pidmap reuses a deleted slot");
	pidmap_free(&m);
	return done_testing();
}
