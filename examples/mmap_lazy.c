/*
 * mmap_lazy.c: map a large file and watch pages arrive only when touched.
 *
 * Seed 000 (Bite Size Linux, "mmap" and "page faults"): mmap() of a file
 * returns at once, whatever the size: it only reserves addresses. Nothing is
 * read until the program touches a page; then the MMU traps (a page fault)
 * and the kernel maps that page from the page cache (a minor fault) or
 * reads it from disk first (a major fault). The seed reads the last 1000
 * bytes of a huge file: that costs one or two faults, not a read of the file.
 *
 * On a fault the kernel also maps neighbouring pages that are already in
 * the page cache ("fault-around", 64 KiB by default; recent kernels map a
 * whole large folio), so touching every page costs far fewer faults than
 * there are pages. madvise(MADV_RANDOM) turns that off: then each touched
 * page is one fault. (RssFile includes this program's own libc pages, so it
 * moves by a few kB on its own.)
 *
 * Faults come from getrusage(); RssFile from /proc/self/status shows the
 * file pages this process has mapped. `procscope trace` shows only the
 * mmap() and madvise() calls: page faults are not system calls, which is the
 * point. --drop asks the kernel to evict the file from the page cache first
 * (posix_fadvise DONTNEED), so the faults that follow are major.
 *
 * usage: mmap_lazy [--create MB] [--drop] FILE
 *   --create MB writes FILE with MB MiB of data first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "mmap_lazy";

struct faults {
	long minor, major;
};

static struct faults faults_now(void)
{
	struct rusage ru;
	struct faults f = { 0, 0 };

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		f.minor = ru.ru_minflt;
		f.major = ru.ru_majflt;
	}
	return f;
}

/* RssFile in KiB, or -1 if it cannot be read. */
static long rss_file_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "RssFile: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

static void report(const char *what, struct faults *before, long rss_before)
{
	struct faults now = faults_now();

	printf("  %-30s %6ld minor %4ld major faults, RssFile %+7ld kB\n", what,
	       now.minor - before->minor, now.major - before->major, rss_file_kb() - rss_before);
	*before = faults_now();
}

static int create(const char *path, long mb)
{
	char block[65536];
	long i;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -errno;
	for (i = 0; i < (long)sizeof(block); i++)
		block[i] = 'a' + i % 26;
	for (i = 0; i < mb * 16; i++) {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
			int ret = errno ? -errno : -EIO;

			close(fd);
			return ret;
		}
	}
	if (fsync(fd) || close(fd))
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	long mb = 0, page = sysconf(_SC_PAGESIZE), pages, i, rss0, touched = 0;
	const char *path = NULL;
	volatile const char *map;
	int fd, drop = 0, ret;
	struct faults f;
	struct stat st;
	char *end;
	unsigned sum = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--create") && i + 1 < argc) {
			errno = 0;
			mb = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || mb < 1 || mb > 65536) {
				fprintf(stderr, "%s: invalid size '%s' (MiB)\n", prog, argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--drop")) {
			drop = 1;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			path = NULL;
			break;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: %s [--create MB] [--drop] FILE\n", prog);
		return 2;
	}
	if (mb) {
		ret = create(path, mb);
		if (ret < 0) {
			fprintf(stderr, "%s: create %s: %s\n", prog, path, strerror(-ret));
			return 1;
		}
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st)) {
		fprintf(stderr, "%s: fstat %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	if (st.st_size < 1000) {
		fprintf(stderr, "%s: %s: too small to show anything (%lld bytes)\n", prog, path,
			(long long)st.st_size);
		return 1;
	}
	/* Dirty pages cannot be dropped; --create already called fsync(). */
	if (drop && (errno = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))) {
		fprintf(stderr, "%s: posix_fadvise %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	pages = (st.st_size + page - 1) / page;
	printf("%s: %lld bytes, %ld pages of %ld bytes\n", path, (long long)st.st_size, pages, page);

	rss0 = rss_file_kb();
	f = faults_now();
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap_lazy: mmap");
		return 1;
	}
	close(fd); /* the mapping keeps its own reference to the file */
	report("mmap of the whole file:", &f, rss0);

	for (i = st.st_size - 1000; i < st.st_size; i++)
		sum += map[i];
	report("read the last 1000 bytes:", &f, rss0);

	/* No fault-around: every touched page is a fault of its own. */
	if (madvise((void *)map, st.st_size, MADV_RANDOM)) {
		perror("mmap_lazy: madvise MADV_RANDOM");
		return 1;
	}
	for (i = 0; i < pages - 1; i += 16, touched++)
		sum += map[i * page];
	printf("MADV_RANDOM, 1 byte in every 16th page (%ld pages):\n", touched);
	report("", &f, rss0);
	if (munmap((void *)map, st.st_size)) {
		perror("mmap_lazy: munmap");
		return 1;
	}
	report("munmap:", &f, rss0);

	/* A fresh mapping with the default advice: each fault also maps the
	 * cached neighbours, so touching every page costs far fewer faults. */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap_lazy: mmap");
		return 1;
	}
	close(fd);
	f = faults_now();
	for (i = 0; i < pages; i++)
		sum += map[i * page];
	printf("new mapping, 1 byte in every page (%ld pages):\n", pages);
	report("", &f, rss0);
	if (munmap((void *)map, st.st_size)) {
		perror("mmap_lazy: munmap");
		return 1;
	}
	printf("(checksum %u)\n", sum);
	return fflush(stdout) ? 1 : 0;
}
