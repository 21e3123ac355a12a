/*
 * mqueue.c: a POSIX message queue between two processes.
 *
 * Seed 004 (OS 101, IPC) lists message queues: structured message passing.
 * Unlike a pipe, a message queue keeps message boundaries (one send is one
 * receive) and orders messages by priority: the highest priority is received
 * first, equal priorities in the order sent. The queue is a kernel object with
 * a name (listed in /dev/mqueue where that file system is mounted); it holds at most mq_maxmsg messages, and a send
 * to a full queue blocks until the receiver makes room.
 *
 * The parent queues the first batch (up to mq_maxmsg) before the child even
 * exists, with priorities 0, 1, 2, 0, 1, 2, ...: the child receives that batch
 * highest priority first. The rest is sent while the child reads, blocking
 * whenever the queue is full. An empty message with priority 0, sent last,
 * ends the stream.
 *
 * Under `procscope trace -f`:
 *   mq_open("procscope-mq-42", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=8,
 *           mq_msgsize=128, mq_curmsgs=0}) = 3
 *   mq_timedsend(3, "message 1", 9, 0, NULL) = 0
 *   mq_timedreceive(3, "message 3", 128, [2], {tv_sec=..., tv_nsec=...}) = 9
 *   mq_unlink("procscope-mq-42") = 0
 *
 * usage: mqueue [--messages N] [--timeout S]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSGS 8
#define MSG_SIZE 128

static const char *prog = "mqueue";
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

static int send_msg(mqd_t q, long i)
{
	char msg[MSG_SIZE];
	int len = snprintf(msg, sizeof(msg), "message %ld", i);

	/* Blocks while the queue is full. */
	while (mq_send(q, msg, len, (i - 1) % 3)) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

static int receiver(mqd_t q)
{
	char msg[MSG_SIZE];
	unsigned prio;
	long n = 0;

	for (;;) {
		struct timespec ts;
		ssize_t len;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += timeout;
		/* The buffer must hold mq_msgsize bytes, or EMSGSIZE. */
		len = mq_timedreceive(q, msg, sizeof(msg), &prio, &ts);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: receiver: mq_timedreceive: %s\n", prog, strerror(errno));
			return 1;
		}
		if (len == 0)
			break;
		n++;
		printf("receiver %d: priority %u: \"%.*s\"\n", (int)getpid(), prio, (int)len, msg);
	}
	printf("receiver %d: end of stream after %ld messages\n", (int)getpid(), n);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "messages", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mq_attr attr = { .mq_maxmsg = MAX_MSGS, .mq_msgsize = MSG_SIZE };
	long messages = 12, i, first;
	char name[64];
	int c, status, ret;
	mqd_t q;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': messages = parse_num(optarg, 0, 10000000); break;
		case 't': timeout = parse_num(optarg, 1, 86400); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	snprintf(name, sizeof(name), "/procscope-mq-%d", (int)getpid());
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (q == (mqd_t)-1) {
		/* EINVAL: maxmsg/msgsize above /proc/sys/fs/mqueue limits. */
		fprintf(stderr, "%s: mq_open %s: %s\n", prog, name, strerror(errno));
		return 1;
	}
	/* Fill the queue while nobody reads: the receiver then sees these
	 * sorted by priority. */
	first = messages < MAX_MSGS - 1 ? messages : MAX_MSGS - 1;
	for (i = 1; i <= first; i++) {
		ret = send_msg(q, i);
		if (ret < 0) {
			fprintf(stderr, "%s: mq_send: %s\n", prog, strerror(-ret));
			goto unlink;
		}
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("mqueue: fork");
		goto unlink;
	}
	if (pid == 0)
		_exit(receiver(q));
	printf("sender %d, receiver %d, queue %s\n", (int)getpid(), (int)pid, name);
	fflush(stdout);
	/* Both processes hold the queue open; the name can go now. */
	if (mq_unlink(name)) {
		fprintf(stderr, "%s: mq_unlink %s: %s\n", prog, name, strerror(errno));
		return 1;
	}
	ret = 0;
	for (i = first + 1; i <= messages && ret == 0; i++)
		ret = send_msg(q, i);
	if (ret == 0 && mq_send(q, "", 0, 0))
		ret = -errno;
	if (ret < 0)
		fprintf(stderr, "%s: mq_send: %s\n", prog, strerror(-ret));
	if (waitpid(pid, &status, 0) < 0) {
		perror("mqueue: waitpid");
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: receiver failed (status 0x%x)\n", prog, status);
		return 1;
	}
	mq_close(q);
	return ret < 0;

unlink:
	mq_unlink(name);
	return 1;
}
