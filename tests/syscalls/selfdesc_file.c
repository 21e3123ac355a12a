/* selfdesc_file.c: file syscalls describing their own trace lines.
 * trace: openat,pread64,pwrite64,lseek,fstat,close,unlink,ioctl
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -s 8
 * run: -v
 */
#include "selftest.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

/* st_atime=N followed by its local time in a comment, as strace -v writes a
 * timestamp (the comment is left out under -X raw). */
static const char *stime(const struct timespec *ts)
{
	char iso[64], tz[16];
	struct tm tm;
	size_t n;

	if (st_xstyle == ST_RAW || !localtime_r(&ts->tv_sec, &tm))
		return st_fmt("%lld", (long long)ts->tv_sec);
	n = strftime(iso, sizeof(iso), "%FT%T", &tm);
	if (ts->tv_nsec)
		snprintf(iso + n, sizeof(iso) - n, ".%09ld", ts->tv_nsec);
	strftime(tz, sizeof(tz), "%z", &tm);
	return st_fmt("%lld /* %s%s */", (long long)ts->tv_sec, iso, tz);
}

static const char *mode(const char *num, const char *abbrev)
{
	return X(abbrev, num, st_fmt("%s /* %s */", num, abbrev));
}

static void want_fstat(int fd, const struct stat *st)
{
	const char *m = mode("0100640", "S_IFREG|0640"); /* umask is 0 */

	if (!st_verbose) {
		want("0", "fstat(%d, {st_mode=%s, st_size=%lld, ...})", fd, m, (long long)st->st_size);
		return;
	}
	want("0",
	     "fstat(%d, {st_dev=makedev(%#x, %#x), st_ino=%llu, st_mode=%s, st_nlink=%lu, "
	     "st_uid=%u, st_gid=%u, st_blksize=%ld, st_blocks=%lld, st_size=%lld, "
	     "st_atime=%s, st_atime_nsec=%ld, st_mtime=%s, st_mtime_nsec=%ld, "
	     "st_ctime=%s, st_ctime_nsec=%ld})",
	     fd, major(st->st_dev), minor(st->st_dev), (unsigned long long)st->st_ino, m,
	     (unsigned long)st->st_nlink, st->st_uid, st->st_gid, (long)st->st_blksize,
	     (long long)st->st_blocks, (long long)st->st_size, stime(&st->st_atim),
	     st->st_atim.tv_nsec, stime(&st->st_mtim), st->st_mtim.tv_nsec, stime(&st->st_ctim),
	     st->st_ctim.tv_nsec);
}

int main(int argc, char **argv)
{
	static const char text[] = "hello, self-describing world\n";
	char cwd[32], path[64], buf[64];
	struct stat st;
	long fd, wfd, r;

	tzset(); /* read /etc/localtime before the marker: -v times need it */
	st_begin(argc, argv);
	snprintf(cwd, sizeof(cwd), "%s", named("-100", "AT_FDCWD"));
	umask(0);

	/* An unnamed file, so that every run traces the same paths (t4000
	 * compares runs); it is reopened through /proc/self/fd. */
	fd = syscall(SYS_openat, AT_FDCWD, "/tmp", O_RDWR | O_TMPFILE, 0640);
	want(ret(fd), "openat(%s, \"/tmp\", %s, 0640)", cwd,
	     X("O_RDWR|O_TMPFILE", "0x410002", "0x410002 /* O_RDWR|O_TMPFILE */"));
	r = pwrite(fd, text, sizeof(text) - 1, 0);
	want(ret(r), "pwrite64(%ld, %s, %zu, 0)", fd, qstr(text, sizeof(text) - 1, false),
	     sizeof(text) - 1);
	snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
	wfd = fd;
	fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	want(ret(fd), "openat(%s, \"%s\", %s)", cwd, path, X("O_RDONLY", "0", "0 /* O_RDONLY */"));
	r = close(wfd);
	want(ret(r), "close(%ld)", wfd);
	r = pread(fd, buf, sizeof(buf), 0);
	want(ret(r), "pread64(%ld, %s, %zu, 0)", fd, qstr(buf, (size_t)r, false), sizeof(buf));
	r = pread(fd, buf, sizeof(buf), 1000);
	want(ret(r), "pread64(%ld, \"\", %zu, 1000)", fd, sizeof(buf));
	r = syscall(SYS_pread64, fd, NULL, 10, 0);
	want(err(errno), "pread64(%ld, NULL, 10, 0)", fd);
	r = lseek(fd, 0, SEEK_END);
	want(ret(r), "lseek(%ld, 0, %s)", fd, named("0x2", "SEEK_END"));
	r = lseek(fd, -1, SEEK_SET);
	want(err(errno), "lseek(%ld, -1, %s)", fd, named("0", "SEEK_SET"));
	/* glibc's fstat() is newfstatat(fd, "", ..., AT_EMPTY_PATH): call fstat itself. */
	r = syscall(SYS_fstat, fd, &st);
	want_fstat((int)fd, &st);
	r = syscall(SYS_fstat, fd, BADPTR);
	want(err(errno), "fstat(%ld, %p)", fd, BADPTR);
	r = close(fd);
	want(ret(r), "close(%ld)", fd);
	r = close(fd);
	want(err(errno), "close(%ld)", fd);

	r = syscall(SYS_openat, AT_FDCWD, "/nonexistent/selfdesc", O_RDONLY | O_CLOEXEC);
	want(err(errno), "openat(%s, \"/nonexistent/selfdesc\", %s)", cwd,
	     X("O_RDONLY|O_CLOEXEC", "0x80000", "0x80000 /* O_RDONLY|O_CLOEXEC */"));
	r = syscall(SYS_openat, AT_FDCWD, BADPTR, O_RDONLY);
	want(err(errno), "openat(%s, %p, %s)", cwd, BADPTR, X("O_RDONLY", "0", "0 /* O_RDONLY */"));
	r = unlink("/nonexistent/selfdesc");
	want(err(errno), "unlink(\"/nonexistent/selfdesc\")");
	/* cp(1) tries a reflink first: one code, two names; the source fd as a number. */
	r = syscall(SYS_ioctl, -1, 0x40049409 /* FICLONE */, 3);
	want(err(errno), "ioctl(-1, %s, 3)",
	     named("0x40049409", "BTRFS_IOC_CLONE or FICLONE"));
	return 0;
}
