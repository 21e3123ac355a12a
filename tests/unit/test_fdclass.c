/* test_fdclass: the fd classifier, the fdinfo and /proc/net line parsers on
 * hand-made input, and fd_describe_strace on fds this test opens itself
 * (including a closed and reused fd number, which must not hit the cache). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs/fdclass.h"
#include "tap.h"

static void test_classify(void)
{
	static const struct {
		unsigned mode;
		const char *link;
		enum fd_class want;
	} cases[] = {
		{ S_IFREG | 0644, "/etc/passwd", FD_CLASS_REGULAR },
		{ S_IFREG | 0644, "/tmp/x (deleted)", FD_CLASS_REGULAR },
		{ S_IFDIR | 0755, "/tmp", FD_CLASS_DIR },
		{ S_IFCHR | 0666, "/dev/null", FD_CLASS_CHR },
		{ S_IFBLK | 0660, "/dev/sda", FD_CLASS_BLK },
		{ S_IFIFO | 0600, "pipe:[1234]", FD_CLASS_PIPE },
		{ S_IFIFO | 0600, "/tmp/fifo", FD_CLASS_FIFO },
		{ S_IFSOCK | 0777, "socket:[5678]", FD_CLASS_SOCKET },
		{ 0600, "anon_inode:[eventpoll]", FD_CLASS_EVENTPOLL },
		{ 0600, "anon_inode:inotify", FD_CLASS_INOTIFY },
		{ 0600, "anon_inode:[eventfd]", FD_CLASS_EVENTFD },
		{ 0600, "anon_inode:[timerfd]", FD_CLASS_TIMERFD },
		{ 0600, "anon_inode:[signalfd]", FD_CLASS_SIGNALFD },
		{ 0700, "anon_inode:[pidfd]", FD_CLASS_PIDFD },
		{ 0600, "pidfd:[5020]", FD_CLASS_PIDFD },
		{ 0600, "anon_inode:[io_uring]", FD_CLASS_OTHER },
		{ 0600, "anon_inode:bpf-map", FD_CLASS_OTHER },
		{ S_IFREG | 0777, "/memfd:buf (deleted)", FD_CLASS_MEMFD },
		{ S_IFREG | 0444, "net:[4026531833]", FD_CLASS_NAMESPACE },
		{ S_IFREG | 0444, "mnt:[4026531841]", FD_CLASS_NAMESPACE },
		{ S_IFREG | 0444, "user:[4026531837]", FD_CLASS_NAMESPACE },
		/* A file really named like a namespace link is still a file. */
		{ S_IFREG | 0644, "/net:[1]", FD_CLASS_REGULAR },
		{ S_IFREG | 0644, "bogus:[1]", FD_CLASS_REGULAR },
		/* No stat: the link alone decides when it can; otherwise unknown. */
		{ 0, "socket:[1]", FD_CLASS_SOCKET },
		{ 0, "pipe:[1]", FD_CLASS_PIPE },
		{ 0, NULL, FD_CLASS_UNKNOWN },
		{ S_IFIFO | 0600, NULL, FD_CLASS_FIFO },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		is_str(fd_class_name(fd_classify(cases[i].mode, cases[i].link)),
		       fd_class_name(cases[i].want), "classify %06o %s", cases[i].mode,
		       cases[i].link ? cases[i].link : "(no link)");

	is_str(fd_class_name(fd_classify_socket("TCP")), "inet", "TCP is inet");
	is_str(fd_class_name(fd_classify_socket("UDPv6")), "inet6", "UDPv6 is inet6");
	is_str(fd_class_name(fd_classify_socket("TCPv6")), "inet6", "TCPv6 is inet6");
	is_str(fd_class_name(fd_classify_socket("UNIX-STREAM")), "unix", "UNIX-STREAM is unix");
	is_str(fd_class_name(fd_classify_socket("UNIX")), "unix", "UNIX is unix");
	is_str(fd_class_name(fd_classify_socket("NETLINK")), "netlink", "NETLINK is netlink");
	is_str(fd_class_name(fd_classify_socket("PACKET")), "socket", "PACKET stays a socket");
	is_str(fd_class_name(fd_classify_socket("TCPv")), "socket", "TCPv is not a protocol");
	is_str(fd_class_name(fd_classify_socket(NULL)), "socket", "no protocol name");
	is_str(fd_class_name(FD_CLASS__COUNT), "unknown", "out of range class name");
}

static void test_fdinfo(void)
{
	static const char eventfd[] = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n"
				      "eventfd-count:               1f\neventfd-id: 7\n"
				      "eventfd-semaphore: 0\n";
	static const char epoll[] =
		"pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1038\n"
		"tfd:       15 events:       1d data:      2000000000f  pos:0 ino:40e sdev:10\n"
		"tfd:        3 events:       19 data:      20000000003  pos:0 ino:1abf sdev:f\n";
	static const char inotify[] =
		"pos:\t0\nflags:\t00\nmnt_id:\t17\nino:\t1038\n"
		"inotify wd:a ino:a720a6 sdev:fe00001 mask:300 ignored_mask:0 fhandle-bytes:8 "
		"fhandle-type:1 f_handle:a620a700d6307262\n";
	static const char timerfd[] = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\nclockid: 1\n"
				      "ticks: 3\nsettime flags: 00\nit_value: (987, 697674008)\n"
				      "it_interval: (5, 0)\n";
	static const char signalfd[] = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n"
				       "sigmask:\t0000000000004200\n";
	static const char pidfd[] = "pos:\t0\nflags:\t02000002\nmnt_id:\t4\nino:\t5020\n"
				    "Pid:\t5019\nNSpid:\t5019\n";
	static const char regular[] = "pos:\t1234\nflags:\t0102001\nmnt_id:\t27\nino:\t10952874";
	struct strbuf sb = STRBUF_INIT;
	struct fdinfo fi;

	ok(!fdinfo_parse(eventfd, strlen(eventfd), &fi), "eventfd fdinfo parses");
	ok(fi.eventfd_count == 0x1f && fi.eventfd_id == 7 && (fi.have & FDINFO_EVENTFD),
	   "eventfd-count is hex (0x1f), id 7");
	ok(fi.flags == 02 && fi.mnt_id == 17 && fi.ino == 1038, "flags octal, mnt_id, ino");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(epoll, strlen(epoll), &fi), "eventpoll fdinfo parses");
	ok(fi.ntfds == 2 && fi.tfds[0].fd == 3 && fi.tfds[1].fd == 15, "tfds sorted by fd");
	ok(fi.tfds[0].events == 0x19 && fi.tfds[0].ino == 0x1abf, "tfd events and inode (hex)");
	fd_format_epoll_events(&sb, fi.tfds[1].events);
	is_str(sb.buf, "EPOLLIN|EPOLLOUT|EPOLLERR|EPOLLHUP", "epoll event names");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(inotify, strlen(inotify), &fi), "inotify fdinfo parses");
	ok(fi.nwatches == 1 && fi.watches[0].wd == 10 && fi.watches[0].ino == 0xa720a6,
	   "watch descriptor (hex) and inode");
	ok(fi.watches[0].major == 254 && fi.watches[0].minor == 1, "sdev decoded to 254,1");
	sb_reset(&sb);
	fd_format_inotify_mask(&sb, fi.watches[0].mask);
	is_str(sb.buf, "IN_CREATE|IN_DELETE", "inotify mask names");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(timerfd, strlen(timerfd), &fi), "timerfd fdinfo parses");
	ok(fi.clockid == 1 && fi.ticks == 3 && fi.value_sec == 987 && fi.value_nsec == 697674008 &&
		   fi.interval_sec == 5 && fi.interval_nsec == 0,
	   "clock, ticks, value and interval");
	is_str(fd_clock_name(fi.clockid), "CLOCK_MONOTONIC", "clock name");
	ok(fd_clock_name(99) == NULL && fd_clock_name(-1) == NULL, "unknown clocks have no name");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(signalfd, strlen(signalfd), &fi), "signalfd fdinfo parses");
	sb_reset(&sb);
	fd_format_sigmask(&sb, fi.sigmask);
	is_str(sb.buf, "SIGUSR1|SIGTERM", "sigmask 0x4200 is SIGUSR1|SIGTERM");
	sb_reset(&sb);
	fd_format_sigmask(&sb, 1ULL << 33);
	is_str(sb.buf, "SIGRT_2", "real-time signal named as strace names it");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(pidfd, strlen(pidfd), &fi) && fi.pid == 5019 && (fi.have & FDINFO_PID),
	   "pidfd target pid");
	fdinfo_release(&fi);

	ok(!fdinfo_parse(regular, strlen(regular), &fi) && fi.pos == 1234,
	   "position (no final newline)");
	sb_reset(&sb);
	fd_format_open_flags(&sb, fi.flags);
	is_str(sb.buf, "O_WRONLY|O_APPEND|O_LARGEFILE", "open flags 0102001");
	sb_reset(&sb);
	fd_format_open_flags(&sb, 02 | 0x40000000);
	is_str(sb.buf, "O_RDWR|0x40000000", "unknown flag bits in hex");
	ok(!(fi.have & FDINFO_EVENTFD) && fi.pid == -1, "absent fields are marked absent");
	fdinfo_release(&fi);

	ok(fdinfo_parse("pos:\tx\n", 7, &fi) == -EINVAL, "malformed pos is -EINVAL");
	fdinfo_release(&fi);
	ok(fdinfo_parse("tfd: 3 events:\n", 15, &fi) == -EINVAL, "malformed tfd is -EINVAL");
	fdinfo_release(&fi);
	ok(!fdinfo_parse("", 0, &fi) && fi.have == 0, "empty fdinfo: nothing present");
	fdinfo_release(&fi);
	sb_release(&sb);
}

static void test_net(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct sock_info si;

	ok(sock_parse_inet_line("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
				"retrnsmt   uid  timeout inode",
				FD_CLASS_INET, IPPROTO_TCP, &si) == -EINVAL,
	   "tcp header line is not a socket");
	ok(!sock_parse_inet_line("   1: 0100007F:9CC1 0100007F:CD7A 01 00000000:00000000 00:00000000 "
				 "00000000     0        0 6851 1 0000000000000000 20 4 30 10 -1",
				 FD_CLASS_INET, IPPROTO_TCP, &si),
	   "tcp line parses");
	ok(si.ino == 6851 && si.state == 1 && si.lport == 0x9cc1 && si.rport == 0xcd7a,
	   "inode, state, ports");
	sock_format_inet_addr(&sb, si.cls, si.laddr, si.lport);
	is_str(sb.buf, "127.0.0.1:40129", "IPv4 address in host-order words");
	is_str(sock_tcp_state_name(si.state), "ESTABLISHED", "TCP state name");
	ok(sock_tcp_state_name(10) && !strcmp(sock_tcp_state_name(10), "LISTEN") &&
		   !sock_tcp_state_name(0) && !sock_tcp_state_name(13),
	   "LISTEN, and no names out of range");

	ok(!sock_parse_inet_line("   0: 00000000000000000000000001000000:E0C7 "
				 "00000000000000000000000000000000:0000 0A 00000000:00000000 "
				 "00:00000000 00000000     0        0 6853 1 0000000000000000 100 0 0 10 0",
				 FD_CLASS_INET6, IPPROTO_TCP, &si),
	   "tcp6 line parses");
	sb_reset(&sb);
	sock_format_inet_addr(&sb, si.cls, si.laddr, si.lport);
	is_str(sb.buf, "[::1]:57543", "IPv6 loopback");
	ok(si.state == 10 && si.ino == 6853, "listening, inode");
	ok(sock_parse_inet_line("   0: 0100007F:9CC1 0100007F:CD7A 01", FD_CLASS_INET, IPPROTO_TCP,
				&si) == -EINVAL,
	   "truncated line is -EINVAL");
	ok(sock_parse_inet_line("   0: 0100007F0:9CC1 0100007F:CD7A 01 00000000:00000000 00:00000000 "
				"00000000     0        0 6851",
				FD_CLASS_INET, IPPROTO_TCP, &si) == -EINVAL,
	   "9-digit IPv4 address is -EINVAL");

	ok(!sock_parse_unix_line("0000000019bb782a: 00000002 00000000 00010000 0001 01  6855 /tmp/fk/sock",
				 &si),
	   "unix line parses");
	ok(si.kaddr == 0x19bb782a && si.flags == 0x10000 && si.type == 1 && si.state == 1 &&
		   si.ino == 6855,
	   "address, listening flag, type, state, inode");
	is_str(si.path, "/tmp/fk/sock", "path");
	ok(!si.abstract, "a path is not abstract");
	sock_info_release(&si);
	ok(!sock_parse_unix_line("0000000000000000: 00000003 00000000 00000000 0001 03  6856", &si) &&
		   si.path == NULL && si.state == 3,
	   "unix line without a path");
	ok(!sock_parse_unix_line("0000000000000000: 00000002 00000000 00010000 0001 01 9 @abstract\n",
				 &si) &&
		   si.abstract && !strcmp(si.path, "@abstract"),
	   "abstract name");
	sock_info_release(&si);
	ok(sock_parse_unix_line("Num       RefCount Protocol Flags    Type St Inode Path", &si) ==
		   -EINVAL,
	   "unix header line");

	ok(!sock_parse_netlink_line("0000000000000000 0   5201       00000000 0        0        0     "
				    "2        0        6858",
				    &si) &&
		   si.proto == 0 && si.portid == 5201 && si.ino == 6858,
	   "netlink line: protocol, port id, inode");
	is_str(sock_netlink_proto_name(si.proto), "ROUTE", "netlink protocol name");
	is_str(sock_netlink_proto_name(4), "INET_DIAG", "netlink 4 is lsof's INET_DIAG");
	ok(!sock_netlink_proto_name(17) && !sock_netlink_proto_name(99), "unknown protocols");
	ok(sock_parse_netlink_line("sk               Eth Pid        Groups   Rmem     Wmem", &si) ==
		   -EINVAL,
	   "netlink header line");
	sb_release(&sb);
}

static int describe(int fd, unsigned what, struct strbuf *sb)
{
	sb_reset(sb);
	return fd_describe_strace(getpid(), fd, what, sb);
}

static void test_describe(void)
{
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	char tmpl[] = "/tmp/procscope-fdclass-XXXXXX";
	int fd, s, l, r, sv[2];
	pid_t child;

	fd = open("/dev/null", O_RDONLY);
	ok(describe(fd, FD_DECODE_PATH, &sb) == 0, "describe /dev/null");
	is_str(sb.buf, "/dev/null", "-y: the path");
	describe(fd, FD_DECODE_ALL, &sb);
	is_str(sb.buf, "/dev/null<char 1:3>", "-yy: the path and the device");
	describe(fd, FD_DECODE_SOCKET, &sb);
	ok(sb.len == 0, "socket decoding alone says nothing about a device");
	close(fd);
	r = describe(fd, FD_DECODE_ALL, &sb);
	ok(r == -ENOENT && sb.len == 0, "a closed fd is -ENOENT (got %d)", r);

	fd = mkstemp(tmpl);
	unlink(tmpl);
	r = describe(fd, FD_DECODE_PATH, &sb);
	ok(r == FD_DESCRIBE_DELETED, "a deleted file: FD_DESCRIBE_DELETED");
	is_str(sb.buf, tmpl, "the path without ' (deleted)'");
	close(fd);

	/* A TCP socket, closed, and its fd number reused by another socket:
	 * the cache is keyed by inode and must not return the old text. */
	l = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &len);
	s = socket(AF_INET, SOCK_STREAM, 0);
	connect(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &len);
	describe(s, FD_DECODE_ALL, &sb);
	sb_reset(&want);
	sb_printf(&want, "TCP:[127.0.0.1:%u->127.0.0.1:", ntohs(a.sin_port));
	ok(!strncmp(sb.buf, want.buf, want.len), "connected TCP: %s", sb.buf);
	describe(s, FD_DECODE_ALL, &sb);
	ok(!strncmp(sb.buf, want.buf, want.len), "again, from the cache: %s", sb.buf);
	close(s);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok(fd == s, "the fd number is reused");
	describe(fd, FD_DECODE_ALL, &sb);
	ok(!strncmp(sb.buf, "UNIX:[", 6), "a reused fd is described afresh: %s", sb.buf);
	describe(fd, FD_DECODE_PATH, &sb);
	ok(!strncmp(sb.buf, "socket:[", 8), "-y: socket:[inode]");
	close(fd);
	close(l);

	/* A socketpair: each end names the other's inode. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	describe(sv[0], FD_DECODE_ALL, &sb);
	{
		struct stat st0, st1;

		fstat(sv[0], &st0);
		fstat(sv[1], &st1);
		sb_reset(&want);
		sb_printf(&want, "UNIX-STREAM:[%lu->%lu]", (unsigned long)st0.st_ino,
			  (unsigned long)st1.st_ino);
		is_str(sb.buf, want.buf, "socketpair end names its peer");
	}
	close(sv[0]);
	close(sv[1]);

	/* A process that is gone. */
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	r = fd_describe_strace(child, 0, FD_DECODE_ALL, &sb);
	ok(r == -ESRCH, "a reaped process is -ESRCH (got %d)", r);

	fd_describe_cache_clear();
	sb_release(&sb);
	sb_release(&want);
}

static void test_count(void)
{
	unsigned n[FD_CLASS__COUNT];
	int p[2], total, before;

	before = fd_count_by_class(getpid(), n);
	pipe(p);
	total = fd_count_by_class(getpid(), n);
	ok(total == before + 2, "two more fds counted (%d -> %d)", before, total);
	ok(n[FD_CLASS_PIPE] >= 2, "pipes counted as pipes");
	close(p[0]);
	close(p[1]);
	ok(fd_count_by_class(999999999, n) == -ESRCH, "a missing process is -ESRCH");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_classify();
	test_fdinfo();
	test_net();
	test_describe();
	test_count();
	return done_testing();
}
