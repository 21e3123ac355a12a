/* file.h: what file.c's decoders share with other families.
 *
 * USAGE
 *   fmt_open_flags(&sb, O_RDWR | O_CREAT);     appends "O_RDWR|O_CREAT"
 */
#ifndef PROCSCOPE_DECODE_FILE_H
#define PROCSCOPE_DECODE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/strbuf.h"

struct call;

/* Open flags as open(2)'s, abbreviated: the access mode is named even when
 * it is zero (O_RDONLY), then the other flags, unknown bits in hex. */
void fmt_open_flags(struct strbuf *sb, unsigned long long v);

/* The next iovec of readv/writev & co's capture, from byte *pos (start at 0):
 * its base and length, the bytes copied (got, -1 when unreadable) at *data.
 * False after the last. (-e read=/write= dumps each one.) */
bool iov_piece(const struct call *c, uint32_t *pos, uint64_t *base, uint64_t *len,
	       int32_t *got, const uint8_t **data);

#endif
