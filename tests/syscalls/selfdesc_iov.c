/* selfdesc_iov.c: readv/writev and their positioned forms describing their
 * own trace lines: buffers cut at -s and, for a read, at what the return
 * value leaves them; more iovecs than -s; NULL and unreadable buffers.
 * trace: readv,writev,preadv,pwritev
 * run:
 * run: -s 4
 * run: -s 100
 */
#include "selftest.h"

#include <sys/uio.h>

#define TEXT "hello world, short file"

/* {iov_base="...", iov_len=N} showing n bytes of s. */
static const char *iov1(const char *s, size_t n, size_t len)
{
	return st_fmt("{iov_base=%s, iov_len=%zu}", qstr(s, n, false), len);
}

static void reads(int fd)
{
	char a[8], b[10], c[16], d[4];
	struct iovec v[4] = { { a, 8 }, { b, 10 }, { c, 16 }, { d, 4 } };
	struct iovec z[3] = { { a, 0 }, { b, 10 }, { NULL, 5 } };
	long r;

	/* 23 bytes for 8+10+16: the third shows the 5 left, the rest "". */
	r = preadv(fd, v, 4, 0);
	want(ret(r), "preadv(%d, [%s, %s, %s, %s], 4, 0)", fd, iov1(TEXT, 8, 8),
	     iov1(TEXT + 8, 10, 10), iov1(TEXT + 18, 5, 16), iov1("", 0, 4));
	r = lseek(fd, 18, SEEK_SET);
	r = readv(fd, v, 3);
	want(ret(r), "readv(%d, [%s, %s, %s], 3)", fd, iov1(TEXT + 18, 5, 8), iov1("", 0, 10),
	     iov1("", 0, 16));
	/* A NULL buffer stays NULL when nothing is left for it. */
	r = preadv(fd, z, 3, 0);
	want(ret(r), "preadv(%d, [%s, %s, {iov_base=NULL, iov_len=5}], 3, 0)", fd, iov1("", 0, 0),
	     iov1(TEXT, 10, 10));
	/* A failed read: the buffers as addresses. */
	r = readv(-1, v, 2);
	want(err(errno), "readv(-1, [{iov_base=%p, iov_len=8}, {iov_base=%p, iov_len=10}], 2)",
	     (void *)a, (void *)b);
	r = syscall(SYS_readv, fd, BADPTR, 2);
	want(err(errno), "readv(%d, %p, 2)", fd, BADPTR);
}

static void writes(int fd)
{
	struct iovec v[40], bad[2] = { { (void *)"ab", 2 }, { BADPTR, 3 } };
	char names[40][4];
	char *line = malloc(8192), *w = line;
	unsigned i, shown = st_strsize < 40 ? st_strsize : 40;
	long r;

	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "%02u\n", i);
		v[i].iov_base = names[i];
		v[i].iov_len = 3;
	}
	/* More iovecs than -s: the first -s, then "...". */
	r = pwritev(fd, v, 40, 0);
	for (i = 0; i < shown; i++)
		w += sprintf(w, "%s%s", i ? ", " : "", iov1(names[i], 3, 3));
	if (shown < 40)
		w += sprintf(w, ", ...");
	want(ret(r), "pwritev(%d, [%s], 40, 0)", fd, line);
	r = writev(fd, bad, 2);
	want(ret(r), "writev(%d, [%s, {iov_base=%p, iov_len=3}], 2)", fd, iov1("ab", 2, 2),
	     BADPTR);
	free(line);
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/selfdesc_iov.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, TEXT, strlen(TEXT)) != (ssize_t)strlen(TEXT))
		return 1;
	unlink(path);
	st_begin(argc, argv);
	reads(fd);
	writes(fd);
	return 0;
}
