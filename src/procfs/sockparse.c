/* sockparse.c: the line formats of /proc/net/{tcp,udp,raw}[6], unix and
 * netlink (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c, net/unix/af_unix.c,
 * net/netlink/af_netlink.c), and names for what they hold.
 *
 * Addresses are printed as the raw 32-bit words of the network-order
 * address in host order ("0100007F" is 127.0.0.1 on x86), ports in host
 * order, inodes in decimal. */
#include "procfs/fdclass.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* hex is 8 or 32 hex digits; each 8 is one u32 copied as is into addr. */
static int parse_addr(const char *hex, size_t words, unsigned char *addr)
{
	char word[9];
	size_t i;

	if (strlen(hex) != words * 8)
		return -EINVAL;
	for (i = 0; i < words; i++) {
		uint32_t w;
		char *end;

		memcpy(word, hex + i * 8, 8);
		word[8] = '\0';
		w = (uint32_t)strtoul(word, &end, 16);
		if (*end)
			return -EINVAL;
		memcpy(addr + i * 4, &w, 4);
	}
	return 0;
}

int sock_parse_inet_line(const char *line, enum fd_class cls, int proto, struct sock_info *si)
{
	char local[40], remote[40];
	unsigned lport, rport, state;
	unsigned long long ino;
	size_t words = cls == FD_CLASS_INET6 ? 4 : 1;

	memset(si, 0, sizeof(*si));
	if (sscanf(line, " %*d: %39[0-9A-Fa-f]:%x %39[0-9A-Fa-f]:%x %x %*x:%*x %*x:%*x %*x %*u %*d %llu",
		   local, &lport, remote, &rport, &state, &ino) != 6)
		return -EINVAL;
	if (parse_addr(local, words, si->laddr) || parse_addr(remote, words, si->raddr))
		return -EINVAL;
	if (lport > 65535 || rport > 65535)
		return -EINVAL;
	si->ino = ino;
	si->cls = cls;
	si->proto = proto;
	si->state = (int)state;
	si->lport = lport;
	si->rport = rport;
	return 0;
}

int sock_parse_unix_line(const char *line, struct sock_info *si)
{
	unsigned long long kaddr, ino;
	unsigned refcnt, protocol, flags, type, state;
	int n = 0;
	const char *path;
	size_t len;

	memset(si, 0, sizeof(*si));
	if (sscanf(line, "%llx: %x %x %x %x %x %llu%n", &kaddr, &refcnt, &protocol, &flags, &type,
		   &state, &ino, &n) != 7)
		return -EINVAL;
	si->ino = ino;
	si->cls = FD_CLASS_UNIX;
	si->kaddr = kaddr;
	si->flags = flags;
	si->type = (int)type;
	si->state = (int)state;
	path = line + n;
	if (*path == ' ') {
		path++;
		len = strcspn(path, "\n");
		if (len) {
			si->path = xmalloc(len + 1);
			memcpy(si->path, path, len);
			si->path[len] = '\0';
			/* The kernel shows an abstract name's NUL bytes as '@'. */
			si->abstract = path[0] == '@';
		}
	}
	return 0;
}

int sock_parse_netlink_line(const char *line, struct sock_info *si)
{
	unsigned long long sk, ino;
	int proto;
	unsigned portid, groups;

	memset(si, 0, sizeof(*si));
	if (sscanf(line, "%llx %d %u %x %*d %*d %*d %*d %*u %llu", &sk, &proto, &portid, &groups,
		   &ino) != 5)
		return -EINVAL;
	si->ino = ino;
	si->cls = FD_CLASS_NETLINK;
	si->proto = proto;
	si->portid = portid;
	return 0;
}

void sock_info_release(struct sock_info *si)
{
	free(si->path);
	si->path = NULL;
}

void sock_format_inet_addr(struct strbuf *sb, enum fd_class cls, const unsigned char *addr,
			   unsigned port)
{
	char buf[INET6_ADDRSTRLEN];

	if (cls == FD_CLASS_INET6) {
		inet_ntop(AF_INET6, addr, buf, sizeof(buf));
		sb_putc(sb, '[');
		sb_puts(sb, buf);
		sb_putc(sb, ']');
	} else {
		inet_ntop(AF_INET, addr, buf, sizeof(buf));
		sb_puts(sb, buf);
	}
	sb_putc(sb, ':');
	sb_put_uint(sb, port);
}

const char *sock_tcp_state_name(int state)
{
	static const char *const names[] = {
		[1] = "ESTABLISHED", [2] = "SYN_SENT",	[3] = "SYN_RECV",   [4] = "FIN_WAIT1",
		[5] = "FIN_WAIT2",   [6] = "TIME_WAIT", [7] = "CLOSE",	    [8] = "CLOSE_WAIT",
		[9] = "LAST_ACK",    [10] = "LISTEN",	[11] = "CLOSING",   [12] = "NEW_SYN_RECV",
	};

	if (state <= 0 || (size_t)state >= ARRAY_SIZE(names))
		return NULL;
	return names[state];
}

const char *sock_netlink_proto_name(int proto)
{
	static const char *const names[] = {
		[0] = "ROUTE",	      [1] = "UNUSED",	     [2] = "USERSOCK",	     [3] = "FIREWALL",
		[4] = "INET_DIAG",    [5] = "NFLOG",	     [6] = "XFRM",	     [7] = "SELINUX",
		[8] = "ISCSI",	      [9] = "AUDIT",	     [10] = "FIB_LOOKUP",    [11] = "CONNECTOR",
		[12] = "NETFILTER",   [13] = "IP6_FW",	     [14] = "DNRTMSG",	     [15] = "KOBJECT_UEVENT",
		[16] = "GENERIC",     [18] = "SCSITRANSPORT", [19] = "ECRYPTFS",     [20] = "RDMA",
		[21] = "CRYPTO",      [22] = "SMC",
	};

	if (proto < 0 || (size_t)proto >= ARRAY_SIZE(names))
		return NULL;
	return names[proto];
}
