/* named.c: numbers with a symbolic name, in the three -X styles (see named.h). */
#include "decode/named.h"

void sb_xhex(struct strbuf *sb, unsigned long long v)
{
	if (v)
		sb_put_hex(sb, v);
	else
		sb_putc(sb, '0');
}

static void put_num(struct strbuf *sb, enum num_fmt fmt, unsigned long long v)
{
	switch (fmt) {
	case NUM_DEC:
		sb_put_int(sb, (long long)v);
		break;
	case NUM_UDEC:
		sb_put_uint(sb, v);
		break;
	case NUM_HEX:
		sb_xhex(sb, v);
		break;
	}
}

void sb_named(struct strbuf *sb, int xlat_style, enum num_fmt fmt, unsigned long long v,
	      const char *name)
{
	if (xlat_style == XLAT_STYLE_ABBREV) {
		sb_puts(sb, name);
		return;
	}
	put_num(sb, fmt, v);
	if (xlat_style == XLAT_STYLE_VERBOSE)
		sb_printf(sb, " /* %s */", name);
}

void dec_named(struct out *o, enum num_fmt fmt, unsigned long long v, const char *name)
{
	int style = o->opt->xlat_style;

	if (style == XLAT_STYLE_ABBREV) {
		o_sym(o, name);
		return;
	}
	switch (fmt) {
	case NUM_DEC:
		o_int(o, (long long)v);
		break;
	case NUM_UDEC:
		o_uint(o, v);
		break;
	case NUM_HEX:
		o_hex(o, v);
		break;
	}
	if (style == XLAT_STYLE_VERBOSE)
		o_comment(o, name);
}

void sb_flags(struct strbuf *sb, int xlat_style, const struct xlat *x, unsigned long long v)
{
	const char *zname = xlat_lookup(x, 0);

	if (xlat_style == XLAT_STYLE_RAW) {
		sb_xhex(sb, v);
		return;
	}
	if (xlat_style == XLAT_STYLE_VERBOSE) {
		sb_xhex(sb, v);
		if (v || zname) {
			sb_puts(sb, " /* ");
			xlat_format_flags(sb, x, v, "0");
			sb_puts(sb, " */");
		}
		return;
	}
	xlat_format_flags(sb, x, v, "0");
}
