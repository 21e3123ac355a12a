/* file_basic: open/stat/fcntl/iov/getdents calls, compared against strace by
 * tests/t/t3100-file.sh. Runs in the directory given as argv[1]. */
#include "selftest.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "selftest.h"

int main(int argc, char **argv)
{
	struct stat st;
	struct statfs sfs;
	struct statx sx;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct iovec iov[2];
	char a[8], b[64];
	char long_name[100];
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
	int fd, dfd;

	if (argc < 2 || chdir(argv[1]))
		return 2;
	fd = open("f1", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	IGNORE(write(fd, "hello world, this is a longer line of text\n", 43));
	iov[0] = (struct iovec){ .iov_base = "abc", .iov_len = 3 };
	iov[1] = (struct iovec){ .iov_base = "defgh", .iov_len = 5 };
	IGNORE(writev(fd, iov, 2));
	IGNORE(syscall(SYS_writev, fd, BAD_PTR, 2));
	fcntl(fd, F_SETLK, &fl);
	fl.l_type = F_RDLCK;
	fcntl(fd, F_GETLK, &fl);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND);
	fcntl(fd, F_DUPFD, 10);
	fcntl(fd, F_DUPFD_CLOEXEC, 0);
	close(fd);
	fd = openat(AT_FDCWD, "f1", O_RDONLY);
	iov[0] = (struct iovec){ .iov_base = a, .iov_len = sizeof(a) };
	iov[1] = (struct iovec){ .iov_base = b, .iov_len = sizeof(b) };
	IGNORE(readv(fd, iov, 2));
	IGNORE(lseek(fd, 0, SEEK_SET));
	IGNORE(pread(fd, b, 5, 2));
	fstat(fd, &st);
	fstat(fd, BAD_PTR);
	close(fd);
	open("missing", O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	open(BAD_PTR, O_RDWR);
	openat(AT_FDCWD, "f2", O_RDWR | O_CREAT | O_EXCL, 0600);
	creat("f3", 0644);
	syscall(SYS_openat2, AT_FDCWD, "f1", &how, sizeof(how));
	stat("f1", &st);
	lstat("missing", &st);
	stat("/dev/null", &st);
	fstatat(AT_FDCWD, "f1", &st, AT_SYMLINK_NOFOLLOW);
	statx(AT_FDCWD, "f1", 0, STATX_TYPE | STATX_SIZE, &sx);
	statx(AT_FDCWD, "missing", AT_SYMLINK_NOFOLLOW, STATX_ALL, &sx);
	statfs("missing", &sfs);
	access("f1", R_OK | W_OK);
	faccessat(AT_FDCWD, "f1", X_OK, 0);
	mkdir("d", 0755);
	mkdirat(AT_FDCWD, "d/e", 0700);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	mkdir(long_name, 0755);
	rmdir(long_name);
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	IGNORE(syscall(SYS_getdents64, dfd, b, sizeof(b)));
	close(dfd);
	unlinkat(AT_FDCWD, "d/e", AT_REMOVEDIR);
	symlink("f1", "l1");
	IGNORE(readlink("l1", b, sizeof(b)));
	link("f1", "h1");
	rename("h1", "h2");
	renameat2(AT_FDCWD, "h2", AT_FDCWD, "h3", RENAME_NOREPLACE);
	chmod("f1", 0600);
	fchownat(AT_FDCWD, "f1", (uid_t)-1, (gid_t)-1, AT_SYMLINK_NOFOLLOW);
	truncate("f1", 10);
	utimensat(AT_FDCWD, "f1", NULL, 0);
	fd = open("f1", O_RDWR);
	flock(fd, LOCK_EX | LOCK_NB);
	flock(fd, LOCK_UN);
	fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 4096);
	IGNORE(ftruncate(fd, 5));
	fsync(fd);
	fdatasync(fd);
	dup2(fd, 20);
	dup3(20, 21, O_CLOEXEC);
	close(21);
	close(20);
	close(fd);
	IGNORE(getcwd(b, 1));
	umask(022);
	unlink("l1");
	unlink("h3");
	unlink("f1");
	unlink("f2");
	unlink("f3");
	unlink("missing");
	rmdir("d");
	return 0;
}
