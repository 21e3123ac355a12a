/* strbuf.h: a growable byte buffer, the one text accumulator of the project.
 *
 * USAGE
 *   struct strbuf sb = STRBUF_INIT;
 *   sb_puts(&sb, "x"); sb_printf(&sb, "%d", 3);
 *   fwrite(sb.buf, 1, sb.len, f);
 *   sb_reset(&sb);      keep the memory for the next line (no allocation on the hot path)
 *   sb_release(&sb);    free it
 *
 * sb.buf is always NUL-terminated once anything was added.
 */
#ifndef PROCSCOPE_STRBUF_H
#define PROCSCOPE_STRBUF_H

#include <stddef.h>
#include <string.h>
#include "core/util.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_grow(struct strbuf *sb, size_t extra);
void sb_printf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void sb_release(struct strbuf *sb);

static inline void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static inline void sb_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->alloc - sb->len <= n)
		sb_grow(sb, n);
	if (n) /* p may be NULL when there is nothing to add */
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

static inline void sb_putc(struct strbuf *sb, char c)
{
	if (sb->alloc - sb->len <= 1)
		sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

/* Append everything read from fd until end of file; 0 or -errno (a read
 * error keeps what was read before it). */
int sb_read_fd(struct strbuf *sb, int fd);
/* Append the whole file at dirfd/path (openat with O_RDONLY|O_CLOEXEC|flags). */
int sb_read_at(struct strbuf *sb, int dirfd, const char *path, int flags);

/* Append n copies of c. */
void sb_pad(struct strbuf *sb, char c, size_t n);
/* Append a decimal or hex number quickly (hot path: no printf). */
void sb_put_int(struct strbuf *sb, long long v);
void sb_put_uint(struct strbuf *sb, unsigned long long v);
void sb_put_hex(struct strbuf *sb, unsigned long long v); /* 0x... */

#endif
