/*
 * sendfile.c: copy a file to a TCP socket without passing it through the process.
 *
 * Seed 003 (modern Unix additions, "sendfile"): the classic copy loop is
 * read(file, buf) then write(socket, buf): every byte crosses into user
 * memory and back. sendfile(out_fd, in_fd, &offset, count) asks the kernel to
 * move the bytes itself, from the page cache to the socket. On Linux in_fd
 * must support mmap-like access (a regular file); out_fd can be any file
 * since 2.6.33. It may send less than asked (a signal, a non-blocking
 * socket), so the caller loops, and the kernel advances *offset for us.
 *
 * The parent serves FILE on 127.0.0.1 to a child it forks; the child counts
 * what it receives and checks it against the file. The parent's trace has
 * the sendfile() calls and no read() of the file at all:
 *   sendfile(5, 3, [0] => [1048576], 1048576) = 1048576
 *
 * usage: sendfile [--port N] FILE     (--port 0, the default, picks a free port)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prog = "sendfile";

/* FNV-1a, to compare what arrived with the file. */
static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* The child: receives everything, then reads the file itself to compare. */
static int receiver(struct sockaddr_in *sin, const char *path)
{
	unsigned char buf[65536];
	uint64_t got = 0xcbf29ce484222325ULL, want = got;
	long long nrecv = 0, nfile = 0;
	ssize_t n;
	int s, fd;

	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)sin, sizeof(*sin))) {
		perror("sendfile: receiver: connect");
		return 1;
	}
	while ((n = read(s, buf, sizeof(buf))) > 0) {
		got = fnv(got, buf, n);
		nrecv += n;
	}
	if (n < 0) {
		perror("sendfile: receiver: read");
		return 1;
	}
	close(s);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: receiver: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		want = fnv(want, buf, n);
		nfile += n;
	}
	close(fd);
	if (n < 0 || nfile != nrecv || got != want) {
		fprintf(stderr, "%s: receiver: got %lld bytes, file has %lld: %s\n", prog, nrecv,
			nfile, got == want ? "same content" : "content differs");
		return 1;
	}
	printf("receiver %d: %lld bytes, identical to %s\n", (int)getpid(), nrecv, path);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	const char *path;
	long port = 0;
	int lfd, cfd, fd, status, one = 1, calls = 0;
	off_t off = 0;
	struct stat st;
	char *end;
	pid_t pid;

	if (argc == 4 && !strcmp(argv[1], "--port")) {
		errno = 0;
		port = strtol(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || port < 0 || port > 65535) {
			fprintf(stderr, "%s: invalid port '%s'\n", prog, argv[2]);
			return 2;
		}
		path = argv[3];
	} else if (argc == 2 && argv[1][0] != '-') {
		path = argv[1];
	} else {
		fprintf(stderr, "usage: %s [--port N] FILE\n", prog);
		return 2;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	if (fstat(fd, &st)) {
		fprintf(stderr, "%s: fstat %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: %s: not a regular file (sendfile needs one as input)\n", prog, path);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(port);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len)) {
		fprintf(stderr, "%s: listen on 127.0.0.1:%ld: %s\n", prog, port, strerror(errno));
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("sendfile: fork");
		return 1;
	}
	if (pid == 0) {
		close(lfd);
		close(fd);
		_exit(receiver(&sin, path));
	}
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0) {
		perror("sendfile: accept");
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		return 1;
	}
	close(lfd);
	while (off < st.st_size) {
		/* The kernel advances off by what it sent. */
		ssize_t n = sendfile(cfd, fd, &off, st.st_size - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("sendfile: sendfile");
			return 1;
		}
		if (n == 0)
			break; /* the file shrank under us */
		calls++;
	}
	printf("sender %d: %lld bytes of %s in %d sendfile calls\n", (int)getpid(), (long long)off,
	       path, calls);
	fflush(stdout);
	close(cfd); /* the receiver's EOF */
	close(fd);
	if (waitpid(pid, &status, 0) < 0) {
		perror("sendfile: waitpid");
		return 1;
	}
	return !WIFEXITED(status) || WEXITSTATUS(status) || off != st.st_size;
}
