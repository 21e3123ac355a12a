/* recover.c: `procscope recover PID FD -o FILE [--force] [--json]`.
 *
 * Copies out the file a process holds open as FD, typically one that was
 * deleted while still open (the data lives until the last fd is closed).
 * The copy is read through a fresh open of /proc/PID/fd/FD, so the
 * process's own file offset is never moved. The output is created with
 * O_EXCL unless --force; the number of bytes copied is checked against the
 * file's size before and after the copy. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"

#define RECOVER_SCHEMA "procscope.recover/1"

static void usage(FILE *f)
{
	fprintf(f, "usage: procscope recover PID FD -o FILE [--force] [--json]\n\n"
		   "Copy out the regular file that process PID holds open as FD, for\n"
		   "example one deleted while still open. The process is not disturbed:\n"
		   "its file offset does not move. The size copied is checked.\n\n"
		   "options:\n"
		   "  -o, --output FILE  where to write the copy (required)\n"
		   "  -f, --force        overwrite FILE if it exists (refused otherwise)\n"
		   "  -j, --json         report as JSON (schema " RECOVER_SCHEMA
		   ", doc/procfs.md)\n"
		   "  -h, --help         this help\n\n"
		   "exit status: 0 copied and sizes match, 1 failed or sizes differ, 2 usage\n\n"
		   "examples:\n"
		   "  procscope fds 1234 | grep deleted        find the fd of a deleted file\n"
		   "  procscope recover 1234 3 -o saved.log    copy it out\n"
		   "  procscope recover 1234 3 -o saved.log --force --json\n");
}

struct recovery {
	pid_t pid;
	int fd;
	const char *output;
	char source[4096]; /* the fd's link text, " (deleted)" stripped */
	bool deleted;
	unsigned mode;	   /* st_mode of the open file */
	long long size_before, size_after, copied;
};

/* A file missing under a /proc/PID whose process exited means the process
 * is gone, not that the fd is: tell the two apart. */
static int gone_or(int procdir, int err)
{
	if (err == -ENOENT && faccessat(procdir, "stat", F_OK, 0) < 0)
		return -ESRCH;
	return err;
}

/* Open the fd's file read-only through /proc and describe it. Returns the
 * new fd, or -ESRCH (process gone), -ENOENT (no such fd), -EACCES ... */
static int open_source(struct recovery *rc)
{
	static const char del[] = " (deleted)";
	const size_t dl = sizeof(del) - 1;
	char path[64];
	struct stat st;
	ssize_t n;
	int dir, fd, err;

	snprintf(path, sizeof(path), "/proc/%d", (int)rc->pid);
	dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	snprintf(path, sizeof(path), "fd/%d", rc->fd);
	n = readlinkat(dir, path, rc->source, sizeof(rc->source) - 1);
	if (n < 0) {
		err = gone_or(dir, -errno);
		goto out_dir;
	}
	rc->source[n] = '\0';
	if ((size_t)n > dl && !strcmp(rc->source + n - dl, del)) {
		rc->source[n - dl] = '\0';
		rc->deleted = true;
	}
	/* O_NONBLOCK: opening a FIFO held by the process must not hang us. */
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = gone_or(dir, -errno);
		goto out_dir;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		goto out_dir;
	}
	rc->mode = st.st_mode;
	if (st.st_nlink == 0)
		rc->deleted = true;
	rc->size_before = (long long)st.st_size;
	err = fd;
out_dir:
	close(dir);
	return err;
}

/* Copy in to out from offset 0 with pread, so no shared offset moves.
 * Returns the bytes copied or -errno (a write error is -errno of write). */
static long long copy_all(int in, int out)
{
	char *buf = xmalloc(1 << 16);
	long long total = 0;
	ssize_t n, w, done;

	for (;;) {
		n = pread(in, buf, 1 << 16, (off_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			total = -errno;
			break;
		}
		if (n == 0)
			break;
		for (done = 0; done < n; done += w) {
			w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				free(buf);
				return -errno;
			}
		}
		total += n;
	}
	free(buf);
	return total;
}

static void report_json(const struct recovery *rc, bool ok, const char *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb);
	json_obj_begin(&j);
	json_key(&j, "schema");
	json_str(&j, RECOVER_SCHEMA);
	json_key(&j, "pid");
	json_int(&j, rc->pid);
	json_key(&j, "fd");
	json_int(&j, rc->fd);
	json_key(&j, "source");
	if (rc->source[0])
		json_str(&j, rc->source);
	else
		json_null(&j);
	json_key(&j, "deleted");
	json_bool(&j, rc->deleted);
	json_key(&j, "output");
	json_str(&j, rc->output);
	json_key(&j, "size");
	if (rc->size_before >= 0)
		json_int(&j, rc->size_before);
	else
		json_null(&j);
	json_key(&j, "copied");
	if (rc->copied >= 0)
		json_int(&j, rc->copied);
	else
		json_null(&j);
	json_key(&j, "ok");
	json_bool(&j, ok);
	json_key(&j, "error");
	if (err)
		json_str(&j, err);
	else
		json_null(&j);
	json_obj_end(&j);
	sb_putc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
}

/* Report a failure (text: one line on stderr; JSON: the object on stdout). */
static int fail(const struct recovery *rc, bool json, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail(const struct recovery *rc, bool json, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error("recover: %s", msg);
	if (json)
		report_json(rc, false, msg);
	return EXIT_RUNTIME;
}

static int recover(struct recovery *rc, bool force, bool json)
{
	struct stat st, src;
	int in, out, flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;
	long long n;

	in = open_source(rc);
	if (in == -ESRCH)
		return fail(rc, json, "process %d: gone (no such process)", (int)rc->pid);
	if (in == -ENOENT)
		return fail(rc, json, "process %d has no fd %d", (int)rc->pid, rc->fd);
	if (in < 0)
		return fail(rc, json, "open /proc/%d/fd/%d: %s", (int)rc->pid, rc->fd,
			    strerror(-in));
	if (!S_ISREG(rc->mode)) {
		close(in);
		return fail(rc, json, "fd %d of process %d is not a regular file (%s)", rc->fd,
			    (int)rc->pid, rc->source);
	}
	/* --force must not truncate the very file being copied (a live file
	 * recovered onto its own path): that would destroy the data. */
	if (stat(rc->output, &st) == 0 && fstat(in, &src) == 0 && st.st_dev == src.st_dev &&
	    st.st_ino == src.st_ino) {
		close(in);
		return fail(rc, json, "%s is the file being recovered", rc->output);
	}
	flags |= force ? O_TRUNC : O_EXCL;
	out = open(rc->output, flags, 0600);
	if (out < 0) {
		int e = errno;

		close(in);
		if (e == EEXIST)
			return fail(rc, json, "%s: File exists (use --force to overwrite)",
				    rc->output);
		return fail(rc, json, "open %s: %s", rc->output, strerror(e));
	}
	n = copy_all(in, out);
	if (fstat(in, &st) == 0)
		rc->size_after = (long long)st.st_size;
	close(in);
	if (n < 0) {
		close(out);
		if (!force) /* we created it: do not leave a partial copy behind */
			unlink(rc->output);
		return fail(rc, json, "copy to %s: %s", rc->output, strerror((int)-n));
	}
	rc->copied = n;
	if (fsync(out) < 0 && errno != EINVAL && errno != EROFS) {
		int e = errno;

		close(out);
		return fail(rc, json, "write %s: %s", rc->output, strerror(e));
	}
	if (close(out) < 0)
		return fail(rc, json, "close %s: %s", rc->output, strerror(errno));
	if (stat(rc->output, &st) == 0 && (long long)st.st_size != n)
		return fail(rc, json, "%s holds %lld bytes, %lld were copied", rc->output,
			    (long long)st.st_size, n);
	if (rc->size_before != n || rc->size_after != n)
		return fail(rc, json,
			    "size changed while copying: %lld bytes before, %lld after, %lld copied",
			    rc->size_before, rc->size_after, n);
	if (json)
		report_json(rc, true, NULL);
	else
		printf("recovered %lld bytes of %s%s (pid %d fd %d) to %s\n", n, rc->source,
		       rc->deleted ? " (deleted)" : "", (int)rc->pid, rc->fd, rc->output);
	return 0;
}

int cmd_recover(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' }, { "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },	     { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct recovery rc = { .size_before = -1, .size_after = -1, .copied = -1 };
	bool force = false, json = false;
	long v;
	int c, st;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:fjh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			rc.output = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cmd_bad_option("recover", "o:fjh", argv);
		}
	}
	if (argc - optind != 2) {
		error("recover: expected PID and FD (see 'procscope recover --help')");
		return EXIT_USAGE;
	}
	if (parse_long(argv[optind], 1, 0x3fffffff, &v) < 0) {
		error("recover: bad pid '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	rc.pid = (pid_t)v;
	if (parse_long(argv[optind + 1], 0, 0x7fffffff, &v) < 0) {
		error("recover: bad fd '%s'", argv[optind + 1]);
		return EXIT_USAGE;
	}
	rc.fd = (int)v;
	if (!rc.output || !rc.output[0]) {
		error("recover: -o FILE is required");
		return EXIT_USAGE;
	}
	st = recover(&rc, force, json);
	if (fflush(stdout) != 0 || ferror(stdout))
		return error("recover: write output: %s", strerror(errno)), EXIT_RUNTIME;
	return st;
}
