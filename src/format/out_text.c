/* out_text.c: the vocabulary in strace's text grammar. */
#include "format/out.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sep(struct out *o)
{
	if (o->after_field) {
		o->after_field = false;
		return;
	}
	if (o->need_sep[o->depth])
		sb_add(o->sb, ", ", 2);
	o->need_sep[o->depth] = true;
}

static void t_int(struct out *o, long long v)
{
	sep(o);
	sb_put_int(o->sb, v);
}

static void t_uint(struct out *o, unsigned long long v)
{
	sep(o);
	sb_put_uint(o->sb, v);
}

/* strace prints numbers with %#llx: zero is "0", not "0x0". */
static void put_hex(struct strbuf *sb, unsigned long long v)
{
	if (v)
		sb_put_hex(sb, v);
	else
		sb_putc(sb, '0');
}

static void t_hex(struct out *o, unsigned long long v)
{
	sep(o);
	put_hex(o->sb, v);
}

static void t_oct(struct out *o, unsigned long long v)
{
	sep(o);
	sb_printf(o->sb, "%#03llo", v);
}

static void t_ptr(struct out *o, unsigned long long v)
{
	sep(o);
	if (v)
		sb_put_hex(o->sb, v);
	else
		sb_add(o->sb, "NULL", 4);
}

void quote_string(struct strbuf *sb, const void *data, size_t n, int xflag, bool nul_term)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;
	bool usehex = xflag > 1;
	size_t i;

	if (nul_term) {
		const unsigned char *z = memchr(p, 0, n);

		if (z)
			n = z - p;
	}
	if (xflag == 1) {
		/* -x: one byte that is neither printable nor whitespace turns the whole string to hex. */
		for (i = 0; i < n; i++) {
			unsigned char c = p[i];

			if (c > 0x7e || (c < ' ' && (unsigned)(c - '\t') >= 5)) {
				usehex = true;
				break;
			}
		}
	}
	sb_grow(sb, n * 4 + 2);
	sb->buf[sb->len++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		char *w = sb->buf + sb->len;

		if (usehex) {
			w[0] = '\\';
			w[1] = 'x';
			w[2] = hex[c >> 4];
			w[3] = hex[c & 15];
			sb->len += 4;
			continue;
		}
		switch (c) {
		case '"': case '\\':
			w[0] = '\\';
			w[1] = c;
			sb->len += 2;
			continue;
		case '\t': w[0] = '\\'; w[1] = 't'; sb->len += 2; continue;
		case '\n': w[0] = '\\'; w[1] = 'n'; sb->len += 2; continue;
		case '\v': w[0] = '\\'; w[1] = 'v'; sb->len += 2; continue;
		case '\f': w[0] = '\\'; w[1] = 'f'; sb->len += 2; continue;
		case '\r': w[0] = '\\'; w[1] = 'r'; sb->len += 2; continue;
		}
		if (c >= ' ' && c <= 0x7e) {
			w[0] = c;
			sb->len++;
			continue;
		}
		/* Octal, with the fewest digits unless an octal digit follows, which
		 * would read as part of the number: NUL then '7' is \0007, NUL then
		 * '8' is \08 (as strace prints them). */
		w[0] = '\\';
		if (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7') {
			w[1] = '0' + (c >> 6);
			w[2] = '0' + ((c >> 3) & 7);
			w[3] = '0' + (c & 7);
			sb->len += 4;
		} else if (c >> 6) {
			w[1] = '0' + (c >> 6);
			w[2] = '0' + ((c >> 3) & 7);
			w[3] = '0' + (c & 7);
			sb->len += 4;
		} else if (c >> 3) {
			w[1] = '0' + (c >> 3);
			w[2] = '0' + (c & 7);
			sb->len += 3;
		} else {
			w[1] = '0' + c;
			sb->len += 2;
		}
	}
	sb->buf[sb->len++] = '"';
	sb->buf[sb->len] = '\0';
}

static void t_str(struct out *o, const void *p, size_t n, unsigned flags)
{
	sep(o);
	quote_string(o->sb, p, n, flags & STR_HEX ? 2 : o->opt->xflag, flags & STR_NUL);
	if (flags & STR_MORE)
		sb_add(o->sb, "...", 3);
}

/* Flags as strace's printflags: abbreviated "A|B|0x40"; -X raw the number;
 * -X verbose the number and the names in a comment. A zero value is "0",
 * commented only when the table names zero. A value with no known bit and a
 * dflt ("SA_???") prints as the number and dflt in a comment in every style
 * but raw. */
static void t_flags(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt)
{
	int style = o->opt->xlat_style;
	const char *zname = xlat_lookup(x, 0);
	unsigned i;
	bool known = false;

	sep(o);
	if (style == XLAT_STYLE_RAW) {
		put_hex(o->sb, v);
		return;
	}
	if (!v) {
		if (style == XLAT_STYLE_VERBOSE) {
			sb_putc(o->sb, '0');
			if (zname)
				sb_printf(o->sb, " /* %s */", zname);
		} else {
			sb_puts(o->sb, zname ? zname : "0");
		}
		return;
	}
	for (i = 0; i < x->n && !known; i++)
		known = x->e[i].val && (v & x->e[i].val) == x->e[i].val;
	if (!known && dflt) {
		sb_put_hex(o->sb, v);
		sb_printf(o->sb, " /* %s */", dflt);
		return;
	}
	if (style == XLAT_STYLE_VERBOSE) {
		if (!known) {
			sb_put_hex(o->sb, v);
			return;
		}
		sb_put_hex(o->sb, v);
		sb_puts(o->sb, " /* ");
		xlat_format_flags(o->sb, x, v, "0");
		sb_puts(o->sb, " */");
		return;
	}
	xlat_format_flags(o->sb, x, v, "0");
}

/* One value of a table: abbreviated its name; raw the number in hex;
 * verbose both. An unknown value with a dflt prints as hex with dflt in a
 * comment (not in raw); with no dflt the decoder asked for a plain decimal. */
static void t_xval(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt)
{
	const char *s = xlat_lookup(x, v);

	sep(o);
	if (!s && !dflt) {
		sb_put_uint(o->sb, v);
		return;
	}
	if (o->opt->xlat_style == XLAT_STYLE_RAW) {
		put_hex(o->sb, v);
		return;
	}
	if (o->opt->xlat_style == XLAT_STYLE_VERBOSE || !s) {
		put_hex(o->sb, v);
		sb_printf(o->sb, " /* %s */", s ? s : dflt);
		return;
	}
	sb_puts(o->sb, s);
}

static void t_fd(struct out *o, long long fd, const char *desc, size_t n, bool deleted)
{
	sep(o);
	if (fd == AT_FDCWD)
		sb_puts(o->sb, "AT_FDCWD");
	else
		sb_put_int(o->sb, fd);
	if (desc) {
		sb_putc(o->sb, '<');
		sb_add(o->sb, desc, n);
		sb_putc(o->sb, '>');
		if (deleted)
			sb_puts(o->sb, "(deleted)");
	}
}

/* The value of a symbolic constant that generic decoding prints through
 * o_sym (dec_dirfd's AT_FDCWD, dec_signo's signal names), so that -X raw and
 * -X verbose can show the number as strace does. Decoders with constants of
 * their own use dec_named() (decode/named.h), which carries the number. */
static bool sym_value(const char *name, long long *v)
{
	unsigned long long u;

	if (!strcmp(name, "AT_FDCWD")) {
		*v = -100;
		return true;
	}
	if (!strcmp(name, "IPC_PRIVATE")) {
		*v = 0;
		return true;
	}
	if (strncmp(name, "SIG", 3))
		return false;
	if (!strcmp(name, "SIGRTMIN")) {
		*v = 32;
		return true;
	}
	if (!strncmp(name, "SIGRT_", 6)) {
		char *end;
		long n = strtol(name + 6, &end, 10);

		if (*end || n < 1 || n > 32)
			return false;
		*v = 32 + n;
		return true;
	}
	if (!xlat_value(xlat_get(XLAT_ID(signals)), name, &u))
		return false;
	*v = (long long)u;
	return true;
}

static void t_sym(struct out *o, const char *name)
{
	long long v;

	sep(o);
	if (o->opt->xlat_style != XLAT_STYLE_ABBREV && sym_value(name, &v)) {
		sb_put_int(o->sb, v);
		if (o->opt->xlat_style == XLAT_STYLE_VERBOSE)
			sb_printf(o->sb, " /* %s */", name);
		return;
	}
	sb_puts(o->sb, name);
}

/* strace syntax assembled by a decoder: printed as it is. */
static void t_raw(struct out *o, const char *text)
{
	sep(o);
	sb_puts(o->sb, text);
}

static void t_struct_begin(struct out *o)
{
	sep(o);
	sb_putc(o->sb, '{');
	if (o->depth + 1 < OUT_MAX_DEPTH)
		o->depth++;
	o->need_sep[o->depth] = false;
}

static void t_array_begin(struct out *o)
{
	sep(o);
	sb_putc(o->sb, '[');
	if (o->depth + 1 < OUT_MAX_DEPTH)
		o->depth++;
	o->need_sep[o->depth] = false;
}

static void t_struct_end(struct out *o)
{
	if (o->depth)
		o->depth--;
	o->after_field = false;
	sb_putc(o->sb, '}');
}

static void t_array_end(struct out *o)
{
	if (o->depth)
		o->depth--;
	o->after_field = false;
	sb_putc(o->sb, ']');
}

static void t_field(struct out *o, const char *name)
{
	sep(o);
	sb_puts(o->sb, name);
	sb_putc(o->sb, '=');
	o->after_field = true;
}

static void t_more(struct out *o)
{
	sep(o);
	sb_add(o->sb, "...", 3);
}

static void t_comment(struct out *o, const char *text)
{
	sb_puts(o->sb, " /* ");
	sb_puts(o->sb, text);
	sb_puts(o->sb, " */");
}

static void t_changed(struct out *o)
{
	sb_add(o->sb, " => ", 4);
	o->after_field = true;
}

static const struct out_ops text_ops = {
	.v_int = t_int,
	.v_uint = t_uint,
	.v_hex = t_hex,
	.v_oct = t_oct,
	.v_ptr = t_ptr,
	.v_str = t_str,
	.v_flags = t_flags,
	.v_xval = t_xval,
	.v_fd = t_fd,
	.v_sym = t_sym,
	.v_raw = t_raw,
	.struct_begin = t_struct_begin,
	.struct_end = t_struct_end,
	.array_begin = t_array_begin,
	.array_end = t_array_end,
	.field = t_field,
	.more = t_more,
	.comment = t_comment,
	.changed = t_changed,
};

void out_text_init(struct out *o, struct strbuf *sb, const struct dopts *opt)
{
	/* Only what level 0 needs: deeper levels are set when they are opened
	 * (this runs at every syscall entry and resumed line). */
	o->ops = &text_ops;
	o->depth = 0;
	o->need_sep[0] = false;
	o->wrap[0] = false;
	o->anon[0] = 0;
	o->after_field = false;
	o->sb = sb;
	o->opt = opt;
}
