/* xlat.h: constant-name tables (generated from src/decode/xlat/NAME.in).
 *
 * USAGE
 *   const struct xlat *x = xlat_get(XLAT_ID(open_flags));
 *   const char *s = xlat_lookup(x, value);               NULL when unknown
 *   xlat_format_flags(&sb, x, value, "0");                "A|B|0x40" (strace style)
 */
#ifndef PROCSCOPE_XLAT_H
#define PROCSCOPE_XLAT_H

#include <stdbool.h>
#include <stdint.h>
#include "core/strbuf.h"
#include "xlat_ids.h" /* generated: enum xlat_id */


enum xlat_type { XT_FLAGS, XT_VALUES, XT_SORTED };

struct xlat_entry {
	unsigned long long val;
	const char *name;
};

struct xlat {
	const char *name;
	const struct xlat_entry *e;
	unsigned n;
	uint8_t type;
};

const struct xlat *xlat_get(enum xlat_id id);
const struct xlat *xlat_by_name(const char *name);
const char *xlat_lookup(const struct xlat *x, unsigned long long v);
/* Value with the given name, or false. */
bool xlat_value(const struct xlat *x, const char *name, unsigned long long *v);

/* Append flags as strace prints them: known names joined by '|', then the
 * unknown bits in hex. A zero value prints the table's zero entry if it has
 * one, else zero_text. Returns the number of names printed. */
int xlat_format_flags(struct strbuf *sb, const struct xlat *x, unsigned long long v,
		      const char *zero_text);
/* Append a value's name, or the number in hex followed by a comment holding dflt when
 * unknown and dflt is given: 0x1234 followed by the comment SOCK_???. */
void xlat_format_value(struct strbuf *sb, const struct xlat *x, unsigned long long v,
		       const char *dflt);

#endif
