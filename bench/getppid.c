/*
 * getppid: the cheapest syscall, COUNT times (default 1,000,000).
 *
 * The kernel does almost nothing for getppid(), so under a tracer the run
 * time is the cost of one syscall stop and nothing else. glibc does not cache
 * it, so each call enters the kernel.
 *
 * usage: getppid [COUNT]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0) {
		fprintf(stderr, "getppid: invalid count: %s\n", s);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? parse_count(argv[1]) : 1000000;
	unsigned long sum = 0;

	if (argc > 2) {
		fprintf(stderr, "usage: getppid [COUNT]\n");
		return 2;
	}
	for (long i = 0; i < n; i++)
		sum += (unsigned long)getppid();
	/* Use the result so the loop is not optimised away. */
	return sum == 1 ? 1 : 0;
}
