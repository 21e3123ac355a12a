/* selfdesc_net_scm.c: SCM_RIGHTS under -y and -yy describing its own trace
 * lines: each passed fd is shown with what it refers to, the sender's at
 * sendmsg, the receiver's new fds at recvmsg.
 * trace: sendmsg,recvmsg
 * run:
 * run: -y
 * run: -yy
 * run: -y -s 1
 */
#include "selftest.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static int st_y; /* 1: -y, 2: -yy */
static int sv[2];

static unsigned long ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (unsigned long)st.st_ino;
}

/* fd as strace -y/-yy shows it: 5</dev/null>, 3<socket:[123]>,
 * 3<UNIX-STREAM:[123->124]>, 5</dev/null<char 1:3>>. */
static const char *fdtext(int fd, bool sock, int end)
{
	struct stat st;

	if (!st_y)
		return st_fmt("%d", fd);
	if (sock)
		return st_y == 1 ? st_fmt("%d<socket:[%lu]>", fd, ino(fd))
				 : st_fmt("%d<UNIX-STREAM:[%lu->%lu]>", fd, ino(fd), ino(sv[!end]));
	if (st_y == 2 && !fstat(fd, &st))
		return st_fmt("%d</dev/null<char %u:%u>>", fd, major(st.st_rdev), minor(st.st_rdev));
	return st_fmt("%d</dev/null>", fd);
}

/* The message: one byte and the control data with the two fds. */
static const char *msg(const char *data, size_t len, const char *fd0, const char *fd1)
{
	return st_fmt("{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, iov_len=%zu}], "
		      "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
		      "cmsg_type=SCM_RIGHTS, cmsg_data=[%s%s%s]}], msg_controllen=24, msg_flags=0}",
		      data, len, fd0, st_strsize > 1 ? ", " : ", ...", st_strsize > 1 ? fd1 : "");
}

int main(int argc, char **argv)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))], rb[8];
	struct iovec iov = { (void *)"x", 1 }, riov = { rb, sizeof(rb) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fds[2], got[2], i;
	const char *line;
	long r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-y"))
			st_y = 1;
		else if (!strcmp(argv[i], "-yy"))
			st_y = 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || (fds[0] = open("/dev/null", O_RDONLY)) < 0)
		return 1;
	fds[1] = sv[0];
	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	st_begin(argc, argv);

	r = sendmsg(sv[0], &m, 0);
	line = msg(qstr("x", 1, false), 1, fdtext(fds[0], false, 0), fdtext(fds[1], true, 0));
	want(ret(r), "sendmsg(%s, %s, 0)", fdtext(sv[0], true, 0), line);

	m.msg_iov = &riov;
	m.msg_controllen = sizeof(cbuf);
	r = recvmsg(sv[1], &m, 0);
	memcpy(got, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(got));
	line = msg(qstr("x", 1, false), sizeof(rb), fdtext(got[0], false, 0),
		   fdtext(got[1], true, 0));
	want(ret(r), "recvmsg(%s, %s, 0)", fdtext(sv[1], true, 1), line);
	return 0;
}
