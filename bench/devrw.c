/*
 * devrw: COUNT writes of 64 bytes to /dev/null, then COUNT reads of 64 bytes
 * from /dev/zero (default 500,000 each).
 *
 * Each call carries a buffer, so a tracer that prints strings has to copy
 * tracee memory (up to -s bytes) once per call.
 *
 * usage: devrw [COUNT]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "devrw: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "devrw: open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 500000;
	char buf[64];
	int out, in;

	if (argc > 2) {
		fprintf(stderr, "usage: devrw [COUNT]\n");
		return 2;
	}
	out = open_or_die("/dev/null", O_WRONLY);
	in = open_or_die("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	for (long i = 0; i < n; i++) {
		if (write(out, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			fprintf(stderr, "devrw: write /dev/null: %s\n", strerror(errno));
			return 1;
		}
	}
	for (long i = 0; i < n; i++) {
		if (read(in, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			fprintf(stderr, "devrw: read /dev/zero: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}
