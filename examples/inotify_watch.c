/*
 * inotify_watch.c: watch a directory and print what happens in it.
 *
 * Seed 003 (modern Unix additions, "inotify"): inotify_init1() creates a
 * file descriptor; inotify_add_watch() adds a file or directory to it with a
 * mask of the events wanted; read() then returns a packed sequence of
 * struct inotify_event, each followed by the name (for a directory watch,
 * the name of the entry concerned). Events for one watch carry its watch
 * descriptor (wd). A rename produces IN_MOVED_FROM and IN_MOVED_TO with the
 * same cookie. IN_IGNORED says the watch is gone (the directory was deleted).
 *
 * Under `procscope trace`:
 *   inotify_init1(IN_CLOEXEC) = 3
 *   inotify_add_watch(3, "/tmp/d", IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|...|IN_DELETE_SELF|IN_MOVE_SELF) = 1
 *   read(3, ..., 4352) = 32
 *
 * usage: inotify_watch [--count N] [--timeout S] DIR
 *   Prints "watching DIR" once the watch is in place, then one line per
 *   event. Stops after N events, after S seconds without events (status 1),
 *   or when DIR is deleted.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

static const char *prog = "inotify_watch";

static const struct {
	uint32_t bit;
	const char *name;
} names[] = {
	{ IN_ACCESS, "IN_ACCESS" },	    { IN_MODIFY, "IN_MODIFY" },
	{ IN_ATTRIB, "IN_ATTRIB" },	    { IN_CLOSE_WRITE, "IN_CLOSE_WRITE" },
	{ IN_CLOSE_NOWRITE, "IN_CLOSE_NOWRITE" }, { IN_OPEN, "IN_OPEN" },
	{ IN_MOVED_FROM, "IN_MOVED_FROM" }, { IN_MOVED_TO, "IN_MOVED_TO" },
	{ IN_CREATE, "IN_CREATE" },	    { IN_DELETE, "IN_DELETE" },
	{ IN_DELETE_SELF, "IN_DELETE_SELF" }, { IN_MOVE_SELF, "IN_MOVE_SELF" },
	{ IN_UNMOUNT, "IN_UNMOUNT" },	    { IN_Q_OVERFLOW, "IN_Q_OVERFLOW" },
	{ IN_IGNORED, "IN_IGNORED" },	    { IN_ISDIR, "IN_ISDIR" },
};

static void print_mask(uint32_t mask)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (mask & names[i].bit) {
			printf("%s%s", sep, names[i].name);
			sep = "|";
			mask &= ~names[i].bit;
		}
	}
	if (mask)
		printf("%s0x%x", sep, mask);
}

int main(int argc, char **argv)
{
	/* Aligned for struct inotify_event; room for at least one event with
	 * the longest name, or read() fails with EINVAL. */
	char buf[4096 + sizeof(struct inotify_event) + NAME_MAX + 1]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	long count = 0, timeout = 10, seen = 0;
	const char *dir = NULL;
	int fd, wd, i;
	char *end;

	for (i = 1; i < argc; i++) {
		long *dst = !strcmp(argv[i], "--count")   ? &count :
			    !strcmp(argv[i], "--timeout") ? &timeout : NULL;

		if (dst && i + 1 < argc) {
			errno = 0;
			*dst = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || *dst < 0 || *dst > 1000000) {
				fprintf(stderr, "%s: invalid number '%s'\n", prog, argv[i]);
				return 2;
			}
		} else if (!dir && argv[i][0] != '-') {
			dir = argv[i];
		} else {
			dir = NULL;
			break;
		}
	}
	if (!dir) {
		fprintf(stderr, "usage: %s [--count N] [--timeout S] DIR\n", prog);
		return 2;
	}
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0) {
		perror("inotify_watch: inotify_init1");
		return 1;
	}
	wd = inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE |
				       IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF |
				       IN_MOVE_SELF);
	if (wd < 0) {
		/* ENOSPC here means fs.inotify.max_user_watches is reached. */
		fprintf(stderr, "%s: inotify_add_watch %s: %s\n", prog, dir, strerror(errno));
		return 1;
	}
	printf("watching %s (wd %d)\n", dir, wd);
	fflush(stdout);

	while (count == 0 || seen < count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		char *p;
		int r = poll(&pfd, 1, timeout * 1000);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			perror("inotify_watch: poll");
			return 1;
		}
		if (r == 0) {
			fprintf(stderr, "%s: no event for %ld s (%ld seen)\n", prog, timeout, seen);
			return 1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("inotify_watch: read");
			return 1;
		}
		/* One read returns as many whole events as fit. */
		for (p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;

			printf("wd %d: ", ev->wd);
			print_mask(ev->mask);
			if (ev->len)
				printf(" %s", ev->name);
			if (ev->cookie)
				printf(" (cookie %u)", ev->cookie);
			putchar('\n');
			seen++;
			if (ev->mask & IN_Q_OVERFLOW)
				fprintf(stderr, "%s: event queue overflowed: events were lost\n", prog);
			if (ev->mask & IN_IGNORED) {
				printf("watch removed; stopping\n");
				return fflush(stdout) ? 1 : 0;
			}
			p += sizeof(struct inotify_event) + ev->len;
		}
		fflush(stdout);
	}
	close(fd);
	return fflush(stdout) ? 1 : 0;
}
