#include "core/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	size_t n = sb->alloc ? sb->alloc : 256;

	while (n < want)
		n *= 2;
	if (n != sb->alloc) {
		sb->buf = xrealloc(sb->buf, n);
		sb->alloc = n;
	}
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->alloc - sb->len < 64)
		sb_grow(sb, 64);
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->alloc - sb->len) {
		sb_grow(sb, n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += n;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

void sb_pad(struct strbuf *sb, char c, size_t n)
{
	if (sb->alloc - sb->len <= n)
		sb_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_put_uint(struct strbuf *sb, unsigned long long v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	sb_add(sb, tmp + i, sizeof(tmp) - i);
}

void sb_put_int(struct strbuf *sb, long long v)
{
	if (v < 0) {
		sb_putc(sb, '-');
		sb_put_uint(sb, -(unsigned long long)v);
	} else {
		sb_put_uint(sb, v);
	}
}

void sb_put_hex(struct strbuf *sb, unsigned long long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[20];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	sb_add(sb, tmp + i, sizeof(tmp) - i);
}

int sb_read_fd(struct strbuf *sb, int fd)
{
	for (;;) {
		ssize_t n;

		sb_grow(sb, 16384);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		sb->len += n;
		sb->buf[sb->len] = '\0';
	}
}

int sb_read_at(struct strbuf *sb, int dirfd, const char *path, int flags)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | flags);
	int r;

	if (fd < 0)
		return -errno;
	r = sb_read_fd(sb, fd);
	close(fd);
	return r;
}
