#include "decode/xlat.h"

#include <string.h>

#include "core/util.h"
#include "xlat_tables.h"

const struct xlat *xlat_get(enum xlat_id id)
{
	if ((unsigned)id >= ARRAY_SIZE(xlat_tables))
		return &xlat_tables[XLAT_NONE];
	return &xlat_tables[id];
}

const struct xlat *xlat_by_name(const char *name)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(xlat_tables); i++)
		if (!strcmp(xlat_tables[i].name, name))
			return &xlat_tables[i];
	return NULL;
}

const char *xlat_lookup(const struct xlat *x, unsigned long long v)
{
	unsigned i;

	if (x->type == XT_SORTED) {
		unsigned lo = 0, hi = x->n;

		while (lo < hi) {
			unsigned mid = (lo + hi) / 2;

			if (x->e[mid].val == v)
				return x->e[mid].name;
			if (x->e[mid].val < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	for (i = 0; i < x->n; i++)
		if (x->e[i].val == v)
			return x->e[i].name;
	return NULL;
}

bool xlat_value(const struct xlat *x, const char *name, unsigned long long *v)
{
	unsigned i;

	for (i = 0; i < x->n; i++) {
		if (!strcmp(x->e[i].name, name)) {
			*v = x->e[i].val;
			return true;
		}
	}
	return false;
}

int xlat_format_flags(struct strbuf *sb, const struct xlat *x, unsigned long long v,
		      const char *zero_text)
{
	unsigned long long rest = v;
	int n = 0;
	unsigned i;

	if (!v) {
		const char *z = xlat_lookup(x, 0);

		sb_puts(sb, z ? z : zero_text);
		return z ? 1 : 0;
	}
	for (i = 0; i < x->n && rest; i++) {
		unsigned long long f = x->e[i].val;

		if (f && (rest & f) == f) {
			if (n++)
				sb_putc(sb, '|');
			sb_puts(sb, x->e[i].name);
			rest &= ~f;
		}
	}
	if (rest) {
		if (n)
			sb_putc(sb, '|');
		sb_put_hex(sb, rest);
	}
	return n;
}

void xlat_format_value(struct strbuf *sb, const struct xlat *x, unsigned long long v,
		       const char *dflt)
{
	const char *s = xlat_lookup(x, v);

	if (s) {
		sb_puts(sb, s);
		return;
	}
	sb_put_hex(sb, v);
	if (dflt) {
		sb_puts(sb, " /* ");
		sb_puts(sb, dflt);
		sb_puts(sb, " */");
	}
}
