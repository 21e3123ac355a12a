/*
 * fifo.c: a named pipe (FIFO) between two processes, done right.
 *
 * Seed 002 (part B4) could not get its named pipe to work; fifo_broken.c
 * keeps that version and explains why. The fixes:
 *  - "~" is expanded here, from $HOME, because the kernel never does it;
 *  - the FIFO is made with mkfifo(), which the trace shows as
 *      mknodat(AT_FDCWD, "/home/me/my_pipe", S_IFIFO|0600) = 0
 *    (O_CREAT in open() would make a regular file);
 *  - the writer opens with O_WRONLY and no O_CREAT. Opening a FIFO blocks
 *    until the other side opens too: that rendezvous is visible in the trace
 *    as an openat() that takes as long as the reader needs to show up.
 * The reader reads until EOF, which comes when the writer closes.
 *
 * A FIFO exists so that *unrelated* processes can talk, so the two roles can
 * run as separate commands (two terminals, or the test):
 *     fifo --role reader --path /tmp/p &   fifo --role writer --path /tmp/p
 * With --role both (the default) it forks. Whichever process created the
 * FIFO removes it at the end.
 *
 * usage: fifo [--role both|reader|writer] [--path PATH] [--messages N] [--timeout S]
 *   PATH defaults to ~/my_pipe, the seed's name.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "fifo";

/* SIGALRM: nobody opened the other end in time. Only async-signal-safe
 * calls here (write, _exit). */
static void on_alarm(int sig)
{
	static const char msg[] = "fifo: timeout: no peer opened the FIFO\n";

	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [--role both|reader|writer] [--path PATH] [--messages N] [--timeout S]\n",
		prog);
	exit(2);
}

static long parse_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "%s: invalid number '%s' (expected %ld..%ld)\n", prog, s, min, max);
		exit(2);
	}
	return v;
}

/* Creates the FIFO; an existing FIFO is fine, anything else there is not.
 * Sets *created so that only the process that made it removes it. */
static int make_fifo(const char *path, bool *created)
{
	struct stat st;

	*created = false;
	if (mkfifo(path, 0600) == 0) {
		*created = true;
		return 0;
	}
	if (errno != EEXIST)
		return -errno;
	if (lstat(path, &st))
		return -errno;
	if (!S_ISFIFO(st.st_mode))
		return -EEXIST; /* a file that is not a FIFO: do not touch it */
	return 0;
}

static int writer(const char *path, long messages)
{
	long i;
	int fd;

	/* Blocks until a reader opens the FIFO. */
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: writer: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	for (i = 1; i <= messages; i++) {
		char line[64];
		int len = snprintf(line, sizeof(line), "message %ld\n", i);

		/* Writes of at most PIPE_BUF bytes are atomic: never split,
		 * never mixed with another writer's. */
		if (write(fd, line, len) != len) {
			fprintf(stderr, "%s: writer: write %s: %s\n", prog, path, strerror(errno));
			return 1;
		}
	}
	if (close(fd)) { /* the reader's EOF */
		fprintf(stderr, "%s: writer: close %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	printf("writer %d: sent %ld messages\n", (int)getpid(), messages);
	return fflush(stdout) ? 1 : 0;
}

static int reader(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	long lines = 0;
	FILE *f;
	int fd;

	/* Blocks until a writer opens the FIFO. */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: reader: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	/* stdio splits the byte stream into lines for us (read(3, ..., 4096)
	 * in the trace); getline() returns -1 at EOF. */
	f = fdopen(fd, "r");
	if (!f) {
		perror("fifo: reader: fdopen");
		return 1;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		printf("reader %d: received \"%s\"\n", (int)getpid(), line);
		lines++;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: reader: read %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	free(line);
	fclose(f);
	printf("reader %d: EOF after %ld lines\n", (int)getpid(), lines);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "path", required_argument, NULL, 'p' },
		{ "messages", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = "both", *path = NULL;
	long messages = 3, timeout = 10;
	char home_path[PATH_MAX];
	bool created;
	int c, ret, status;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'p': path = optarg; break;
		case 'm': messages = parse_num(optarg, 0, 1000000); break;
		case 't': timeout = parse_num(optarg, 1, 86400); break;
		default: usage();
		}
	}
	if (optind != argc || (strcmp(role, "both") && strcmp(role, "reader") &&
			       strcmp(role, "writer")))
		usage();
	if (!path) {
		/* What the shell does for "~/my_pipe". */
		const char *home = getenv("HOME");

		if (!home || !*home) {
			fprintf(stderr, "%s: HOME is not set; give --path\n", prog);
			return 2;
		}
		if (snprintf(home_path, sizeof(home_path), "%s/my_pipe", home) >= (int)sizeof(home_path)) {
			fprintf(stderr, "%s: $HOME is too long\n", prog);
			return 2;
		}
		path = home_path;
	}
	/* A peer that never comes would leave open() blocked for ever. */
	signal(SIGALRM, on_alarm);
	alarm(timeout);

	ret = make_fifo(path, &created);
	if (ret < 0) {
		fprintf(stderr, "%s: mkfifo %s: %s\n", prog, path,
			ret == -EEXIST ? "exists and is not a FIFO" : strerror(-ret));
		return 1;
	}
	if (!strcmp(role, "reader")) {
		ret = reader(path);
	} else if (!strcmp(role, "writer")) {
		ret = writer(path, messages);
	} else {
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fifo: fork");
			return 1;
		}
		if (pid == 0)
			_exit(reader(path));
		ret = writer(path, messages);
		if (waitpid(pid, &status, 0) < 0) {
			perror("fifo: waitpid");
			ret = 1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "%s: reader failed (status 0x%x)\n", prog, status);
			ret = 1;
		}
	}
	/* The name can go once both ends are open; open FIFOs keep working. */
	if (created && unlink(path)) {
		fprintf(stderr, "%s: unlink %s: %s\n", prog, path, strerror(errno));
		ret = 1;
	}
	return ret;
}
