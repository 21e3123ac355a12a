/* ostream.c: buffered output streams, one per -o file (or per thread with -ff).
 * Output is written in large blocks; a terminal gets every line at once. */
#include "format/format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pidmap.h"
#include "core/util.h"

#define OS_FLUSH_AT (64 * 1024)

static struct ostream *os_new(int fd, const char *path)
{
	struct ostream *s = xcalloc(1, sizeof(*s));

	s->fd = fd;
	s->tty = isatty(fd);
	s->path = path ? xstrdup(path) : NULL;
	return s;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= w;
	}
	return 0;
}

void os_flush(struct ostream *s)
{
	int rc;

	if (!s->buf.len)
		return;
	if (!s->failed) {
		rc = write_all(s->fd, s->buf.buf, s->buf.len);
		if (rc < 0) {
			s->failed = true;
			if (rc != -EPIPE)
				error("write %s: %s", s->path ? s->path : "output", strerror(-rc));
		}
	}
	/* Remember how much of the open line is already out, for the '=' column. */
	s->col_base += s->buf.len - s->line_start;
	s->line_start = 0;
	sb_reset(&s->buf);
}

size_t os_column(const struct ostream *s)
{
	return s->col_base + (s->buf.len - s->line_start);
}

void os_write_line_end(struct ostream *s)
{
	sb_putc(&s->buf, '\n');
	s->pending = 0;
	s->line_start = s->buf.len;
	s->col_base = 0;
	if (s->tty || s->buf.len >= OS_FLUSH_AT)
		os_flush(s);
}

int outputs_open(struct outputs *o, const char *path, unsigned flags)
{
	memset(o, 0, sizeof(*o));
	o->per_pid = (flags & OUT_PER_PID) && path;
	o->append = flags & OUT_APPEND;
	if (!path) {
		o->main = os_new(STDERR_FILENO, "stderr");
		return 0;
	}
	o->base = xstrdup(path);
	if (path[0] == '|' || path[0] == '!') {
		FILE *p = popen(path + 1, "w");

		if (!p)
			return error("cannot run '%s': %s", path + 1, strerror(errno));
		o->pipe_cmd = true;
		o->main = os_new(dup(fileno(p)), path);
		/* The FILE is leaked on purpose: closing it would wait for the command now. */
		return 0;
	}
	if (o->per_pid) {
		o->files = xcalloc(1, sizeof(*o->files));
		return 0;
	}
	{
		int fd = open(path, O_WRONLY | O_CREAT | (o->append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0666);

		if (fd < 0)
			return error("cannot open output file '%s': %s", path, strerror(errno));
		o->main = os_new(fd, path);
	}
	return 0;
}

struct ostream *outputs_for(struct outputs *o, pid_t tid)
{
	struct ostream *s;
	char name[4096];
	int fd;

	if (!o->per_pid)
		return o->main;
	s = pidmap_get(o->files, tid);
	if (s)
		return s;
	snprintf(name, sizeof(name), "%s.%d", o->base, tid);
	fd = open(name, O_WRONLY | O_CREAT | (o->append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0666);
	if (fd < 0) {
		error("cannot open output file '%s': %s", name, strerror(errno));
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	}
	s = os_new(fd, name);
	pidmap_put(o->files, tid, s);
	return s;
}

static int os_close(struct ostream *s)
{
	int failed;

	s->pending = 0;
	os_flush(s);
	failed = s->failed;
	if (s->fd > STDERR_FILENO && close(s->fd) < 0 && !failed) {
		error("close %s: %s", s->path, strerror(errno));
		failed = 1;
	}
	sb_release(&s->buf);
	free(s->path);
	free(s);
	return failed ? -1 : 0;
}

int os_flush_all(struct outputs *o)
{
	size_t i;

	if (o->main)
		os_flush(o->main);
	if (o->files)
		for (i = 0; i < o->files->cap; i++)
			if (o->files->keys[i] > 0)
				os_flush(o->files->vals[i]);
	return 0;
}

void outputs_close(struct outputs *o)
{
	size_t i;

	if (o->main && os_close(o->main) < 0)
		o->error = EIO;
	if (o->files) {
		for (i = 0; i < o->files->cap; i++)
			if (o->files->keys[i] > 0 && os_close(o->files->vals[i]) < 0)
				o->error = EIO;
		pidmap_free(o->files);
		free(o->files);
	}
	free(o->base);
	memset(o, 0, sizeof(*o));
}
