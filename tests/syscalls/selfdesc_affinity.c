/* selfdesc_affinity.c: sched_setaffinity/sched_getaffinity CPU masks, which
 * are sets, not data: -s never cuts them.
 * trace: sched_setaffinity,sched_getaffinity
 * run:
 * run: -s 4
 * run: -X raw
 */
#include "selftest.h"

#include <stdint.h>

/* The CPUs set in the first len bytes of mask, as strace lists them: [0 1 64]. */
static const char *cpus(const uint8_t *mask, long len)
{
	char *b = st_buf();
	int n = 0;
	long i;

	n += snprintf(b, 1024, "[");
	for (i = 0; i < len * 8 && n < 1000; i++)
		if (mask[i / 8] & (1u << (i % 8)))
			n += snprintf(b + n, 1024 - n, "%s%ld", n > 1 ? " " : "", i);
	snprintf(b + n, 1024 - n, "]");
	return b;
}

int main(int argc, char **argv)
{
	uint8_t set[128] = { 0 }, got[128];
	long r;

	st_begin(argc, argv);

	/* CPUs 0, 1 and 64: a bit beyond the first -s 4 bytes. The kernel takes
	 * the CPUs that exist, so the call succeeds with one CPU or more. */
	set[0] = 0x3;
	set[8] = 0x1;
	r = syscall(SYS_sched_setaffinity, 0, sizeof(set), set);
	want(ret(r), "sched_setaffinity(0, 128, [0 1 64])");
	memset(got, 0, sizeof(got));
	r = syscall(SYS_sched_getaffinity, 0, sizeof(got), got);
	want(ret(r), "sched_getaffinity(0, 128, %s)", cpus(got, r > 0 ? r : 0));
	r = syscall(SYS_sched_getaffinity, 0, sizeof(got), BADPTR);
	want(err(errno), "sched_getaffinity(0, 128, %p)", BADPTR);
	return 0;
}
