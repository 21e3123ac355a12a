/* sockdiag.c: UNIX socket peers and names through NETLINK_SOCK_DIAG
 * (linux/unix_diag.h). /proc/net/unix has no peer column; sock_diag with
 * UDIAG_SHOW_PEER gives each socket's peer inode. Inet sockets by inode
 * (linux/inet_diag.h), for -yy as strace finds them. It answers for the
 * network namespace of the netlink socket, that is ours. */
#include "procfs/fdclass.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int diag_socket(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	return s < 0 ? -errno : s;
}

static int diag_send(int s, unsigned long long ino, bool dump)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} msg;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	msg.nlh.nlmsg_seq = 1;
	msg.req.sdiag_family = AF_UNIX;
	msg.req.udiag_states = ~0U;
	msg.req.udiag_ino = (unsigned)ino;
	msg.req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
	/* No cookie: an exact lookup by inode alone. */
	msg.req.udiag_cookie[0] = msg.req.udiag_cookie[1] = ~0U;
	if (sendto(s, &msg, sizeof(msg), 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		return -errno;
	return 0;
}

/* Fill si from one unix_diag_msg; the name is copied with a leading NUL
 * (abstract) turned into '@', as /proc/net/unix shows it. */
static void diag_parse(const struct nlmsghdr *h, struct sock_info *si)
{
	const struct unix_diag_msg *m = NLMSG_DATA(h);
	const struct rtattr *a = (const struct rtattr *)(m + 1);
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*m));

	memset(si, 0, sizeof(*si));
	si->cls = FD_CLASS_UNIX;
	si->ino = m->udiag_ino;
	si->type = m->udiag_type;
	si->state = m->udiag_state;
	si->have_peer = true; /* no UNIX_DIAG_PEER attribute: no peer (0) */
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == UNIX_DIAG_PEER && n >= 4) {
			uint32_t peer;

			memcpy(&peer, RTA_DATA(a), 4);
			si->peer_ino = peer;
		} else if (a->rta_type == UNIX_DIAG_NAME && n > 0) {
			si->path = xmalloc(n + 1);
			memcpy(si->path, RTA_DATA(a), n);
			si->path[n] = '\0';
			if (si->path[0] == '\0') {
				si->path[0] = '@';
				si->abstract = true;
			} else {
				si->path[strnlen(si->path, n)] = '\0';
			}
		}
	}
}

/* Receive until NLMSG_DONE (dump) or the first answer (exact). */
static int diag_recv(int s, bool dump, int (*fn)(const struct sock_info *, void *), void *arg)
{
	char buf[32768] __attribute__((aligned(8)));

	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct sock_info si;
			int r;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error ? e->error : -EIO;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
				continue;
			diag_parse(h, &si);
			r = fn(&si, arg);
			sock_info_release(&si);
			if (r)
				return r;
			if (!dump)
				return 0;
		}
	}
}

int sockdiag_unix_dump(int (*fn)(const struct sock_info *, void *), void *arg)
{
	int s = diag_socket(), r;

	if (s < 0)
		return s;
	r = diag_send(s, 0, true);
	if (!r)
		r = diag_recv(s, true, fn, arg);
	close(s);
	return r;
}

static int copy_one(const struct sock_info *si, void *arg)
{
	struct sock_info *out = arg;

	*out = *si;
	out->path = si->path ? xstrdup(si->path) : NULL;
	return 0;
}

int sockdiag_unix_get(unsigned long long ino, struct sock_info *si)
{
	int s = diag_socket(), r;

	memset(si, 0, sizeof(*si));
	if (s < 0)
		return s;
	r = diag_send(s, ino, false);
	if (!r)
		r = diag_recv(s, false, copy_one, si);
	close(s);
	if (!r && si->ino != ino) {
		sock_info_release(si);
		r = -ENOENT;
	}
	return r;
}

/* Inet sockets: a dump of every state of one family and protocol, looking
 * for the inode (there is no lookup by inode). Unlike /proc/net/tcp, the
 * dump lists bound TCP sockets that neither listen nor connect. */
static int inet_send(int s, int family, int proto)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.nlh.nlmsg_seq = 1;
	msg.req.sdiag_family = (uint8_t)family;
	msg.req.sdiag_protocol = (uint8_t)proto;
	msg.req.idiag_states = ~0U;
	if (sendto(s, &msg, sizeof(msg), 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		return -errno;
	return 0;
}

static void inet_parse(const struct inet_diag_msg *m, int proto, struct sock_info *si)
{
	size_t n = m->idiag_family == AF_INET6 ? 16 : 4;

	memset(si, 0, sizeof(*si));
	si->cls = m->idiag_family == AF_INET6 ? FD_CLASS_INET6 : FD_CLASS_INET;
	si->proto = proto;
	si->ino = m->idiag_inode;
	si->state = m->idiag_state;
	memcpy(si->laddr, m->id.idiag_src, n);
	memcpy(si->raddr, m->id.idiag_dst, n);
	si->lport = ntohs(m->id.idiag_sport);
	si->rport = ntohs(m->id.idiag_dport);
}

int sockdiag_inet_get(int family, int proto, unsigned long long ino, struct sock_info *si)
{
	char buf[32768] __attribute__((aligned(8)));
	int s = diag_socket(), r = -ENOENT;

	memset(si, 0, sizeof(*si));
	if (s < 0)
		return s;
	r = inet_send(s, family, proto);
	while (!r) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE) {
				r = -ENOENT;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				r = e->error ? e->error : -EIO;
				goto out;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) || m->idiag_inode != ino)
				continue;
			inet_parse(m, proto, si);
			r = 1;
			goto out;
		}
	}
out:
	close(s);
	return r > 0 ? 0 : r;
}
