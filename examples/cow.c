/*
 * cow.c: copy-on-write after fork(), counted in minor page faults.
 *
 * Seed 000 (Bite Size Linux, "copy on write" and "page faults"): after
 * fork() parent and child share every page; the kernel marks them read-only
 * in both page tables. Reading costs nothing. The first write to a page
 * traps (a minor page fault: no disk involved), the kernel copies that one
 * page, and the writer goes on with its own copy. So the child's fault count
 * while reading stays near zero, and while writing it grows by one per page.
 *
 * getrusage(RUSAGE_SELF).ru_minflt counts this process's minor faults;
 * /proc/PID/stat field 10 (and `procscope show`) shows the same number.
 * Transparent huge pages are switched off for the buffer (MADV_NOHUGEPAGE)
 * so that one page is 4 KiB and one fault is one page.
 *
 * usage: cow [--mb N]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "cow";

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(int argc, char **argv)
{
	long mb = 16, page = sysconf(_SC_PAGESIZE), pages, i, before, sum = 0;
	volatile char *mem;
	int status;
	char *end;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "--mb")) {
		errno = 0;
		mb = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || mb < 1 || mb > 4096) {
			fprintf(stderr, "%s: invalid --mb '%s'\n", prog, argv[2]);
			return 2;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--mb N]\n", prog);
		return 2;
	}
	pages = (mb << 20) / page;
	mem = mmap(NULL, mb << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("cow: mmap");
		return 1;
	}
	if (madvise((void *)mem, mb << 20, MADV_NOHUGEPAGE) && errno != EINVAL) {
		perror("cow: madvise MADV_NOHUGEPAGE");
		return 1;
	}
	before = minflt();
	for (i = 0; i < pages; i++)
		mem[i * page] = 'P';
	printf("parent %d: first touch of %ld pages: %ld minor faults\n", (int)getpid(), pages,
	       minflt() - before);
	fflush(stdout);

	pid = fork();
	if (pid < 0) {
		perror("cow: fork");
		return 1;
	}
	if (pid == 0) {
		before = minflt();
		for (i = 0; i < pages; i++)
			sum += mem[i * page];
		printf("child %d: read %ld shared pages: %ld minor faults\n", (int)getpid(), pages,
		       minflt() - before);
		before = minflt();
		for (i = 0; i < pages; i++)
			mem[i * page] = 'C';
		printf("child %d: wrote %ld pages: %ld minor faults (one copy per page)\n",
		       (int)getpid(), pages, minflt() - before);
		_exit(sum == 'P' * pages && !fflush(stdout) ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("cow: waitpid");
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: child failed (status 0x%x)\n", prog, status);
		return 1;
	}
	/* The child's writes went to its own copies. */
	for (i = 0; i < pages; i++) {
		if (mem[i * page] != 'P') {
			fprintf(stderr, "%s: page %ld changed under the parent\n", prog, i);
			return 1;
		}
	}
	printf("parent %d: all %ld pages still hold the parent's data\n", (int)getpid(), pages);
	return fflush(stdout) ? 1 : 0;
}
