/*
 * threads: NTHREADS threads each call getppid() COUNT times (default 4
 * threads, 200,000 calls each).
 *
 * The threads run at once, so a tracer that serialises its tracees, or wakes
 * an idle CPU for each stop, shows it here more than with one thread.
 *
 * usage: threads [NTHREADS [COUNT]]
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 256

static long count = 200000;

static long parse_long_arg(const char *s, const char *what, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < 0 || n > max) {
		fprintf(stderr, "threads: invalid %s: %s\n", what, s);
		exit(2);
	}
	return n;
}

static void *worker(void *arg)
{
	unsigned long sum = 0;

	for (long i = 0; i < count; i++)
		sum += (unsigned long)getppid();
	return (void *)sum;
}

int main(int argc, char **argv)
{
	long nthreads = 4;
	pthread_t tids[MAX_THREADS];
	int err;

	if (argc > 3) {
		fprintf(stderr, "usage: threads [NTHREADS [COUNT]]\n");
		return 2;
	}
	if (argc > 1)
		nthreads = parse_long_arg(argv[1], "thread count", MAX_THREADS);
	if (argc > 2)
		count = parse_long_arg(argv[2], "count", 1L << 40);
	for (long i = 0; i < nthreads; i++) {
		err = pthread_create(&tids[i], NULL, worker, NULL);
		if (err) {
			fprintf(stderr, "threads: pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	for (long i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
