/*
 * buffering.c: stdio buffering, seen as write() calls.
 *
 * Seed 000 (Bite Size Linux, "file buffering"): printf() does not call
 * write() each time. stdio keeps a buffer per stream and flushes it:
 *  - to a terminal: at each newline (line buffering);
 *  - to a pipe or a file: when the buffer is full, 4096 bytes here (the
 *    st_blksize of the pipe or file), and at exit (full buffering);
 *  - stderr: never buffered, every call is a write.
 * So `buffering --lines 100` makes 100 writes on a terminal and one when
 * piped into cat, which `procscope trace -e trace=write` shows:
 *   terminal: write(1, "line 1\n", 7) = 7  ... 100 times
 *   pipe:     write(1, "line 1\nline 2\n..."..., 792) = 792
 * It is also why a program's output "does not appear" in a pipe until it
 * exits, unless it calls fflush() (--flush) or setvbuf().
 *
 * usage: buffering [--lines N] [--flush] [--stderr]
 *   --flush   fflush(stdout) after every line
 *   --stderr  print to stderr instead (unbuffered)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long lines = 10, i;
	int flush = 0, i_arg;
	FILE *out = stdout;
	char *end;

	for (i_arg = 1; i_arg < argc; i_arg++) {
		if (!strcmp(argv[i_arg], "--flush")) {
			flush = 1;
		} else if (!strcmp(argv[i_arg], "--stderr")) {
			out = stderr;
		} else if (!strcmp(argv[i_arg], "--lines") && i_arg + 1 < argc) {
			errno = 0;
			lines = strtol(argv[++i_arg], &end, 10);
			if (errno || *end || end == argv[i_arg] || lines < 0 || lines > 10000000) {
				fprintf(stderr, "buffering: invalid --lines '%s'\n", argv[i_arg]);
				return 2;
			}
		} else {
			fprintf(stderr, "usage: buffering [--lines N] [--flush] [--stderr]\n");
			return 2;
		}
	}
	for (i = 1; i <= lines; i++) {
		if (fprintf(out, "line %ld\n", i) < 0) {
			perror("buffering: write");
			return 1;
		}
		if (flush && fflush(out)) {
			perror("buffering: fflush");
			return 1;
		}
	}
	/* The last, partial buffer is written here, or an error found late. */
	if (fclose(out)) {
		perror("buffering: close");
		return 1;
	}
	return 0;
}
