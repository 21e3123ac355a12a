/* file.h: what file.c's decoders share with other families.
 *
 * USAGE
 *   fmt_open_flags(&sb, O_RDWR | O_CREAT);     appends "O_RDWR|O_CREAT"
 */
#ifndef PROCSCOPE_DECODE_FILE_H
#define PROCSCOPE_DECODE_FILE_H

#include "core/strbuf.h"

/* Open flags as open(2)'s, abbreviated: the access mode is named even when
 * it is zero (O_RDONLY), then the other flags, unknown bits in hex. */
void fmt_open_flags(struct strbuf *sb, unsigned long long v);

#endif
