/* named.h: numbers that have a symbolic name, printed as -X asks.
 *
 * strace prints a constant as its name (-X abbrev, the default), as the
 * number (-X raw), or as the number followed by the name in a comment
 * (-X verbose). The vocabulary's o_sym carries only the name, so decoders
 * that print constants of their own (SIG_DFL, RLIM64_INFINITY, a signal in
 * a set) go through these helpers, which carry the number as well.
 *
 * USAGE
 *   dec_named(o, NUM_HEX, 0, "SIG_DFL");      SIG_DFL | 0 | 0 followed by the comment SIG_DFL
 *   sb_named(&sb, style, NUM_DEC, 17, "SIGCHLD");   the same, into text being assembled
 */
#ifndef PROCSCOPE_NAMED_H
#define PROCSCOPE_NAMED_H

#include "core/strbuf.h"
#include "format/out.h"

/* How the number is written: as strace's %d, %u or %#x. */
enum num_fmt { NUM_DEC, NUM_UDEC, NUM_HEX };

void dec_named(struct out *o, enum num_fmt fmt, unsigned long long v, const char *name);
void sb_named(struct strbuf *sb, int xlat_style, enum num_fmt fmt, unsigned long long v,
	      const char *name);
/* A number as strace's %#llx: "0" for zero. */
void sb_xhex(struct strbuf *sb, unsigned long long v);
/* Flags of table x for text being assembled, as o_flags prints them. */
void sb_flags(struct strbuf *sb, int xlat_style, const struct xlat *x, unsigned long long v);

#endif
