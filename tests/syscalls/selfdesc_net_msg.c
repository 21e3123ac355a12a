/* selfdesc_net_msg.c: sendmsg/recvmsg and their vector forms describing
 * their own trace lines: iovecs, SCM_RIGHTS, a receive cut at its length.
 * trace: sendmsg,recvmsg,sendmmsg,recvmmsg
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -s 4
 */
#include "selftest.h"

#include <sys/socket.h>

/* {msg_name=NULL, ...} of a message with one iovec and no control data. */
static const char *plain(const char *iov, size_t len, const char *flags)
{
	return st_fmt("{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, iov_len=%zu}], "
		      "msg_iovlen=1, msg_controllen=0, msg_flags=%s}", iov, len, flags);
}

int main(int argc, char **argv)
{
	int sv[2], dg[2], fd_in = 0, fd_out = -1;
	char cbuf[CMSG_SPACE(sizeof(int))], rb[16] = "";
	struct iovec iov = { (void *)"ping", 4 }, riov = { rb, sizeof(rb) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct mmsghdr mm[2];
	struct cmsghdr *cm;
	const char *cmsg;
	long r;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || socketpair(AF_UNIX, SOCK_DGRAM, 0, dg))
		return 1;
	st_begin(argc, argv);

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd_in, sizeof(int));
	r = sendmsg(sv[0], &m, MSG_DONTWAIT);
	cmsg = st_fmt("[{cmsg_len=20, cmsg_level=%s, cmsg_type=%s, cmsg_data=[%%d]}]",
		      named("0x1", "SOL_SOCKET"), named("0x1", "SCM_RIGHTS"));
	want(ret(r), "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, iov_len=4}], "
	     "msg_iovlen=1, msg_control=%s, msg_controllen=24, msg_flags=0}, %s)",
	     sv[0], qstr("ping", 4, false), st_fmt(cmsg, fd_in), named("0x40", "MSG_DONTWAIT"));

	m.msg_iov = &riov;
	m.msg_controllen = sizeof(cbuf);
	r = recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
	memcpy(&fd_out, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(int));
	want(ret(r), "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=%s, iov_len=16}], "
	     "msg_iovlen=1, msg_control=%s, msg_controllen=24, msg_flags=%s}, %s)",
	     sv[1], qstr("ping", 4, false), st_fmt(cmsg, fd_out),
	     named("0x40000000", "MSG_CMSG_CLOEXEC"), named("0x40000000", "MSG_CMSG_CLOEXEC"));

	/* Nothing to read: strace shows the name length it read at entry. */
	r = recvmsg(sv[1], &m, MSG_DONTWAIT);
	want(err(errno), "recvmsg(%d, {msg_namelen=0}, %s)", sv[1], named("0x40", "MSG_DONTWAIT"));
	r = sendmsg(sv[0], BADPTR, 0);
	want(err(errno), "sendmsg(%d, %p, 0)", sv[0], BADPTR);

	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = &iov;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1] = mm[0];
	r = sendmmsg(dg[0], mm, 2, 0);
	want(ret(r), "sendmmsg(%d, [{msg_hdr=%s, msg_len=4}, {msg_hdr=%s, msg_len=4}], 2, 0)", dg[0],
	     plain(qstr("ping", 4, false), 4, "0"), plain(qstr("ping", 4, false), 4, "0"));

	mm[0].msg_hdr.msg_iov = &riov;
	mm[1].msg_hdr.msg_iov = &riov;
	r = recvmmsg(dg[1], mm, 2, MSG_DONTWAIT, NULL);
	want(ret(r), "recvmmsg(%d, [{msg_hdr=%s, msg_len=4}, {msg_hdr=%s, msg_len=4}], 2, %s, NULL)",
	     dg[1], plain(qstr("ping", 4, false), 16, "0"), plain(qstr("ping", 4, false), 16, "0"),
	     named("0x40", "MSG_DONTWAIT"));
	r = recvmmsg(dg[1], mm, 2, MSG_DONTWAIT, NULL);
	want(err(errno), "recvmmsg(%d, %p, 2, %s, NULL)", dg[1], (void *)mm,
	     named("0x40", "MSG_DONTWAIT"));
	return 0;
}
