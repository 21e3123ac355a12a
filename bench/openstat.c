/*
 * openstat: COUNT rounds of open, fstat and close of one file (default
 * 300,000 rounds of /etc/passwd).
 *
 * A tracer has to copy a path at entry and a struct stat at exit, the two
 * most common captures of real programs. With -e trace=openat only one call in
 * three is selected, which shows what a seccomp filter saves.
 *
 * usage: openstat [COUNT [FILE]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "openstat: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 300000;
	const char *path = argc > 2 ? argv[2] : "/etc/passwd";
	struct stat st;

	if (argc > 3) {
		fprintf(stderr, "usage: openstat [COUNT [FILE]]\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			fprintf(stderr, "openstat: open %s: %s\n", path, strerror(errno));
			return 1;
		}
		if (fstat(fd, &st) < 0) {
			fprintf(stderr, "openstat: fstat %s: %s\n", path, strerror(errno));
			return 1;
		}
		close(fd);
	}
	return 0;
}
