/*
 * fdpass.c: pass an open file descriptor to another process over a UNIX socket.
 *
 * Seed 000 (Bite Size Linux, "unix domain sockets") and seed 004 (IPC): a
 * UNIX domain socket carries bytes like any socket, and, alone among IPC
 * mechanisms, it can also carry open files. sendmsg() with a control message
 * of type SCM_RIGHTS hands the receiver a new descriptor that refers to the
 * same open file description: same file, same offset, same flags. The file
 * does not even need to be openable by the receiver any more (this is how
 * privilege-separated servers hand out files).
 *
 * The parent opens the file and sends the descriptor; the child receives it
 * (as a different number), reads the file through it, and shows that the
 * file offset is shared: the parent skipped --skip bytes before sending, and
 * the child's first read starts there.
 *
 * Under `procscope trace -f`:
 *   socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0
 *   sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="F", iov_len=1}], msg_iovlen=1,
 *     msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[4]}],
 *     msg_controllen=24, msg_flags=0}, 0) = 1
 *   recvmsg(4, {... cmsg_type=SCM_RIGHTS, cmsg_data=[3]} ...}, MSG_CMSG_CLOEXEC) = 1
 *
 * usage: fdpass [--skip N] FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "fdpass";

static void usage(void)
{
	fprintf(stderr, "usage: %s [--skip N] FILE\n", prog);
	exit(2);
}

/* Sends fd over the socket; returns 0 or -errno. */
static int send_fd(int sock, int fd)
{
	union { /* aligned room for one cmsghdr carrying one int */
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	char byte = 'F'; /* at least one byte of data must go with it */
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	memset(&ctl, 0, sizeof(ctl));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) < 0)
		return -errno;
	return 0;
}

/* Receives one descriptor; returns it, or -errno. */
static int recv_fd(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;
	int fd;

	/* MSG_CMSG_CLOEXEC: the new descriptor must not leak into an exec. */
	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ENODATA; /* the sender closed without sending */
	if (msg.msg_flags & MSG_CTRUNC)
		return -EMSGSIZE; /* the kernel dropped descriptors we had no room for */
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(int))) {
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
			return fd;
		}
	}
	return -EBADMSG;
}

static int child(int sock)
{
	char buf[4096], link[64], target[PATH_MAX];
	ssize_t n;
	int fd;

	fd = recv_fd(sock);
	if (fd == -ENODATA) {
		fprintf(stderr, "%s: child: the parent sent no descriptor\n", prog);
		return 1;
	}
	if (fd < 0) {
		fprintf(stderr, "%s: child: receive descriptor: %s\n", prog, strerror(-fd));
		return 1;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		fprintf(stderr, "%s: child: readlink %s: %s\n", prog, link, strerror(errno));
		return 1;
	}
	target[n] = '\0';
	printf("child %d: received fd %d -> %s at offset %lld\n", (int)getpid(), fd, target,
	       (long long)lseek(fd, 0, SEEK_CUR));
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write(1, buf, n) != n) {
			perror("fdpass: child: write stdout");
			return 1;
		}
	}
	if (n < 0) {
		perror("fdpass: child: read");
		return 1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skip", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long skip = 0;
	int sv[2], c, fd, ret, status;
	char *end;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			skip = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || skip < 0) {
				fprintf(stderr, "%s: invalid --skip '%s'\n", prog, optarg);
				return 2;
			}
			break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("fdpass: socketpair");
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fdpass: fork");
		return 1;
	}
	if (pid == 0) {
		close(sv[0]);
		_exit(child(sv[1]));
	}
	close(sv[1]);
	/* Opened after fork(): the child gets this file only through the socket. */
	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, argv[optind], strerror(errno));
		close(sv[0]); /* the child reads EOF and gives up */
		waitpid(pid, NULL, 0);
		return 1;
	}
	if (skip && lseek(fd, skip, SEEK_SET) < 0) {
		fprintf(stderr, "%s: lseek %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	printf("parent %d: sending fd %d (%s, offset %ld) to child %d\n", (int)getpid(), fd,
	       argv[optind], skip, (int)pid);
	fflush(stdout);
	ret = send_fd(sv[0], fd);
	if (ret < 0) {
		fprintf(stderr, "%s: sendmsg: %s\n", prog, strerror(-ret));
		return 1;
	}
	/* The child's copy stays valid after we close ours. */
	close(fd);
	close(sv[0]);
	if (waitpid(pid, &status, 0) < 0) {
		perror("fdpass: waitpid");
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: child failed (status 0x%x)\n", prog, status);
		return 1;
	}
	return 0;
}
