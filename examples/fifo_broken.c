/*
 * fifo_broken.c: the named pipe from seed 002, kept broken on purpose.
 *
 * Seed 002 (part B4) reports: "the above code for unnamed pipe is tested and
 * work properly. However named pipe doesn't. Still debugging ...":
 *
 *     // ::mkfifo("~/my_pipe", S_IFIFO|0640);
 *     int fd = ::open("~/my_pipe", O_CREAT|O_WRONLY); // fd=-1, why?
 *
 * Two mistakes, and `procscope trace` shows the first at once:
 *
 *     openat(AT_FDCWD, "~/my_pipe", O_WRONLY|O_CREAT, 0640) = -1 ENOENT (No such file or directory)
 *
 *  1. The kernel does not expand "~". The shell does that, before a program
 *     runs. To open(), "~/my_pipe" is a relative path: a file "my_pipe" in a
 *     directory literally named "~" inside the current directory, which does
 *     not exist, hence ENOENT. (The commented-out mkfifo() fails the same way.)
 *  2. O_CREAT creates a *regular file*, never a FIFO. Only mkfifo() (mknod
 *     with S_IFIFO) makes one. So if a directory "~" happens to exist, the
 *     writer "succeeds", writes into an ordinary file without waiting for any
 *     reader, and a reader reads stale bytes and an immediate EOF.
 * fifo.c is the fixed version.
 *
 * The seed called open() with O_CREAT and no mode, which leaves the new
 * file's permissions to whatever garbage is in the register; we pass 0640 so
 * the program is at least well defined.
 *
 * usage: fifo_broken writer [--messages N] | fifo_broken reader
 * Exit status 1 when open() fails, as it does in the seed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIPE_PATH "~/my_pipe" /* the seed's path: "~" is NOT expanded */

static const char *prog = "fifo_broken";

static void usage(void)
{
	fprintf(stderr, "usage: %s writer [--messages N] | %s reader\n", prog, prog);
	exit(2);
}

static int writer(long messages)
{
	struct stat st;
	long i;
	int fd;

	fd = open(PIPE_PATH, O_CREAT | O_WRONLY, 0640);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, PIPE_PATH, strerror(errno));
		return 1;
	}
	for (i = 1; i <= messages; i++) {
		char line[64];
		int len = snprintf(line, sizeof(line), "message %ld\n", i);

		if (write(fd, line, len) != len) {
			fprintf(stderr, "%s: write %s: %s\n", prog, PIPE_PATH, strerror(errno));
			return 1;
		}
	}
	/* Not in the seed: say what we actually wrote into. */
	if (fstat(fd, &st) == 0)
		printf("wrote %ld messages into %s, which is a %s\n", messages, PIPE_PATH,
		       S_ISFIFO(st.st_mode) ? "FIFO" : S_ISREG(st.st_mode) ? "regular file" : "special file");
	close(fd);
	return 0;
}

static int reader(void)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open(PIPE_PATH, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, PIPE_PATH, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	if (n < 0) {
		fprintf(stderr, "%s: read %s: %s\n", prog, PIPE_PATH, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	long messages = 3;
	char *end;

	if (argc == 2 && !strcmp(argv[1], "reader"))
		return reader();
	if (argc >= 2 && !strcmp(argv[1], "writer")) {
		if (argc == 4 && !strcmp(argv[2], "--messages")) {
			errno = 0;
			messages = strtol(argv[3], &end, 10);
			if (errno || end == argv[3] || *end || messages < 0 || messages > 1000000)
				usage();
		} else if (argc != 2) {
			usage();
		}
		return writer(messages);
	}
	usage();
}
