/*
 * shm.c: POSIX shared memory between two processes, with real synchronisation.
 *
 * Seed 002 (part B5) shares a buffer made with shm_open(), ftruncate() and
 * mmap(), and synchronises through a counter byte that the consumer polls.
 * That has three faults: the consumer spins at 100% CPU; nothing orders the
 * memory accesses, so the consumer may see the new counter before the new
 * text; and the counter is a uint8_t compared with count+1, which after 255
 * messages is 256 and never matches, so the consumer hangs.
 *
 * Here the region holds two process-shared semaphores (sem_init with
 * pshared=1), a one-slot mailbox: the producer waits for "empty", writes the
 * slot, posts "full"; the consumer waits for "full", reads, posts "empty".
 * A waiting process sleeps in the kernel (futex) and the semaphore
 * operations order the accesses. A message of length 0 ends the stream.
 *
 * The object is named /dev/shm/procscope-shm-PID. An unrelated process would
 * find it by that name with shm_open(name, O_RDWR) and mmap() it; here the
 * child inherits the mapping through fork(), so the name is unlinked as
 * soon as the child exists, and nothing is left behind even after a crash.
 *
 * Under `procscope trace -f`:
 *   openat(AT_FDCWD, "/dev/shm/procscope-shm-42", O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = 3
 *   ftruncate(3, 1096) = 0
 *   mmap(NULL, 1096, PROT_READ|PROT_WRITE, MAP_SHARED, 3, 0) = 0x7f...
 *   futex(0x7f..., FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 0, {...}, FUTEX_BITSET_MATCH_ANY)
 * (no FUTEX_PRIVATE_FLAG: the futex word is shared between processes)
 *
 * usage: shm [--messages N] [--timeout S]   (without --messages: stdin lines)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLOT_SIZE 1024

struct mailbox {
	sem_t empty;		/* 1 when the producer may fill the slot */
	sem_t full;		/* 1 when the slot holds a message */
	uint32_t len;		/* 0: end of stream */
	char msg[SLOT_SIZE];
};

static const char *prog = "shm";
static long timeout = 10;

static void usage(void)
{
	fprintf(stderr, "usage: %s [--messages N] [--timeout S]\n", prog);
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

/* sem_wait with a deadline: a peer that died must not hang us. */
static int wait_sem(sem_t *sem)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout;
	while (sem_timedwait(sem, &ts)) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

static int consumer(struct mailbox *mb)
{
	long n = 0;
	int ret;

	for (;;) {
		ret = wait_sem(&mb->full);
		if (ret < 0) {
			fprintf(stderr, "%s: consumer: wait: %s\n", prog, strerror(-ret));
			return 1;
		}
		if (mb->len == 0)
			break;
		n++;
		printf("consumer %d: message %ld: \"%.*s\"\n", (int)getpid(), n, (int)mb->len, mb->msg);
		if (sem_post(&mb->empty)) {
			perror("shm: consumer: sem_post");
			return 1;
		}
	}
	printf("consumer %d: end of stream after %ld messages\n", (int)getpid(), n);
	return fflush(stdout) ? 1 : 0;
}

static int producer(struct mailbox *mb, long messages)
{
	char line[SLOT_SIZE];
	long i;
	int ret;

	for (i = 1;; i++) {
		size_t len;

		if (messages < 0) {
			if (!fgets(line, sizeof(line), stdin))
				break;
			len = strcspn(line, "\n");
			if (len == 0)
				continue; /* length 0 means "end" */
		} else if (i <= messages) {
			len = snprintf(line, sizeof(line), "message %ld", i);
		} else {
			break;
		}
		ret = wait_sem(&mb->empty);
		if (ret < 0) {
			fprintf(stderr, "%s: producer: wait: %s\n", prog, strerror(-ret));
			return 1;
		}
		memcpy(mb->msg, line, len);
		mb->len = len;
		if (sem_post(&mb->full)) {
			perror("shm: producer: sem_post");
			return 1;
		}
	}
	ret = wait_sem(&mb->empty);
	if (ret < 0) {
		fprintf(stderr, "%s: producer: wait: %s\n", prog, strerror(-ret));
		return 1;
	}
	mb->len = 0;
	return sem_post(&mb->full) ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "messages", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long messages = -1;
	struct mailbox *mb;
	char name[64];
	int c, fd, status, ret;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': messages = parse_num(optarg, 0, 100000000); break;
		case 't': timeout = parse_num(optarg, 1, 86400); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	snprintf(name, sizeof(name), "/procscope-shm-%d", (int)getpid());
	/* O_EXCL: never reuse (or clobber) someone else's object. */
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fprintf(stderr, "%s: shm_open %s: %s\n", prog, name, strerror(errno));
		return 1;
	}
	/* A new object has size 0; mmap beyond the end would SIGBUS. */
	if (ftruncate(fd, sizeof(*mb))) {
		perror("shm: ftruncate");
		goto unlink;
	}
	mb = mmap(NULL, sizeof(*mb), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mb == MAP_FAILED) {
		perror("shm: mmap");
		goto unlink;
	}
	close(fd); /* the mapping keeps the object alive */
	if (sem_init(&mb->empty, 1, 1) || sem_init(&mb->full, 1, 0)) {
		perror("shm: sem_init");
		goto unlink;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("shm: fork");
		goto unlink;
	}
	if (pid == 0)
		_exit(consumer(mb));
	printf("producer %d, consumer %d, shared memory %s\n", (int)getpid(), (int)pid, name);
	fflush(stdout);
	if (shm_unlink(name)) {
		fprintf(stderr, "%s: shm_unlink %s: %s\n", prog, name, strerror(errno));
		return 1;
	}
	ret = producer(mb, messages);
	if (waitpid(pid, &status, 0) < 0) {
		perror("shm: waitpid");
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: consumer failed (status 0x%x)\n", prog, status);
		return 1;
	}
	sem_destroy(&mb->empty);
	sem_destroy(&mb->full);
	munmap(mb, sizeof(*mb));
	return ret;

unlink:
	shm_unlink(name);
	return 1;
}
