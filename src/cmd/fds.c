/* fds.c: `procscope fds`, open files of processes in lsof's columns, each
 * fd kind with its own details; --json with a versioned schema (doc/fds.md).
 *
 * The NAME column starts with what `lsof -n -P +E` prints there, so the two
 * can be read side by side; the details lsof does not show follow it as
 * key=value words. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "procfs/fdclass.h"

#define FDS_SCHEMA_VERSION 1

/* How each class shows in lsof's TYPE and SIZE/OFF columns and what it
 * adds to NAME and to its JSON object. */
struct fd_class_ops {
	const char *type;
	bool offset; /* SIZE/OFF is "0t<offset>", not the size */
	void (*name)(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e);
	void (*json)(struct json *j, const struct fd_proc *p, const struct fd_entry *e);
};

/* ---- text helpers ---- */

/* Bytes from /proc are untrusted: control characters become \n, \t, \xNN. */
static void put_safe(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			sb_puts(sb, "\\n");
		else if (c == '\t')
			sb_puts(sb, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sb_printf(sb, "\\x%02x", c);
		else
			sb_putc(sb, c);
	}
}

static void put_peers(struct strbuf *sb, const struct fd_entry *e)
{
	size_t i;

	for (i = 0; i < e->npeers; i++) {
		sb_printf(sb, " %d,", (int)e->peers[i].pid);
		put_safe(sb, e->peers[i].comm ? e->peers[i].comm : "?");
		sb_printf(sb, ",%d%c", e->peers[i].fd, e->peers[i].mode);
	}
}

static void put_pos_flags(struct strbuf *sb, const struct fd_entry *e)
{
	if (e->fd < 0 || !e->have_fdinfo)
		return;
	if (e->fi.have & FDINFO_POS)
		sb_printf(sb, " pos=%llu", e->fi.pos);
	if (e->fi.have & FDINFO_FLAGS) {
		sb_puts(sb, " flags=");
		fd_format_open_flags(sb, e->fi.flags);
	}
}

static const char *unix_type_name(int type)
{
	switch (type) {
	case 1:
		return "STREAM";
	case 2:
		return "DGRAM";
	case 3:
		return "RAW";
	case 4:
		return "RDM";
	case 5:
		return "SEQPACKET";
	default:
		return NULL;
	}
}

static const char *unix_state_name(const struct sock_info *si)
{
	static const char *const st[] = { "UNCONNECTED", "UNCONNECTED", "CONNECTING", "CONNECTED",
					  "DISCONNECTING" };

	if (si->flags & (1U << 16))
		return "LISTEN";
	/* /proc/net/unix has SS_* states; sock_diag has TCP_* ones. */
	if (si->state >= 0 && (size_t)si->state < ARRAY_SIZE(st))
		return st[si->state];
	return NULL;
}

static const char *inet_proto_name(int proto)
{
	switch (proto) {
	case 6:
		return "TCP";
	case 17:
		return "UDP";
	case 255:
		return "RAW";
	default:
		return NULL;
	}
}

static bool addr_zero(const unsigned char *a)
{
	static const unsigned char z[16];

	return !memcmp(a, z, 16);
}

/* lsof prints a wildcard local address as "*". */
static void put_inet_end(struct strbuf *sb, const struct sock_info *si, bool remote)
{
	const unsigned char *a = remote ? si->raddr : si->laddr;
	unsigned port = remote ? si->rport : si->lport;

	if (addr_zero(a)) {
		sb_printf(sb, "*:%u", port);
		return;
	}
	sock_format_inet_addr(sb, si->cls, a, port);
}

static bool inet_connected(const struct sock_info *si)
{
	return si->rport || !addr_zero(si->raddr);
}

static void format_dev(struct strbuf *sb, unsigned long long dev)
{
	sb_printf(sb, "%u,%u", major(dev), minor(dev));
}

/* ---- NAME per class ---- */

static void name_path(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	put_safe(sb, e->link);
}

static void name_regular(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	put_safe(sb, e->link);
	put_pos_flags(sb, e);
}

static void name_pipe(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	sb_puts(sb, "pipe");
	put_peers(sb, e);
}

static void name_fifo(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	put_safe(sb, e->link);
	put_peers(sb, e);
}

static void name_unix(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	const struct sock_info *si = e->sock;
	const char *type, *state;

	if (!si) {
		put_safe(sb, e->link);
		return;
	}
	if (si->path) {
		put_safe(sb, si->path);
		sb_putc(sb, ' ');
	}
	type = unix_type_name(si->type);
	if (type)
		sb_printf(sb, "type=%s", type);
	else
		sb_printf(sb, "type=%d", si->type);
	if (si->have_peer && si->peer_ino) {
		sb_printf(sb, " ->INO=%llu", si->peer_ino);
		put_peers(sb, e);
	}
	state = unix_state_name(si);
	if (state)
		sb_printf(sb, " (%s)", state);
}

static void name_inet(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	const struct sock_info *si = e->sock;
	const char *state;

	if (!si) {
		put_safe(sb, e->link);
		return;
	}
	put_inet_end(sb, si, false);
	if (inet_connected(si)) {
		sb_puts(sb, "->");
		put_inet_end(sb, si, true);
	}
	put_peers(sb, e);
	if (si->proto == 6 && (state = sock_tcp_state_name(si->state)))
		sb_printf(sb, " (%s)", state);
}

static void name_netlink(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	const char *proto;

	if (!e->sock) {
		put_safe(sb, e->link);
		return;
	}
	proto = sock_netlink_proto_name(e->sock->proto);
	if (proto)
		sb_puts(sb, proto);
	else
		sb_printf(sb, "%d", e->sock->proto);
	sb_printf(sb, " portid=%u", e->sock->portid);
}

static void name_eventpoll(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	size_t i;

	sb_puts(sb, "[eventpoll");
	for (i = 0; i < e->fi.ntfds; i++)
		sb_printf(sb, "%c%d", i ? ',' : ':', e->fi.tfds[i].fd);
	sb_putc(sb, ']');
	for (i = 0; i < e->fi.ntfds; i++) {
		sb_printf(sb, " %d=", e->fi.tfds[i].fd);
		fd_format_epoll_events(sb, e->fi.tfds[i].events);
	}
}

static void name_inotify(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	size_t i;

	sb_puts(sb, "inotify");
	for (i = 0; i < e->fi.nwatches; i++) {
		const struct fdinfo_watch *w = &e->fi.watches[i];

		sb_printf(sb, " watch=%u,%u:%llu:", w->major, w->minor, w->ino);
		fd_format_inotify_mask(sb, w->mask);
	}
}

static void name_eventfd(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	if (e->fi.have & FDINFO_EVENTFD) {
		sb_printf(sb, "[eventfd:%lld] count=%llu", e->fi.eventfd_id, e->fi.eventfd_count);
		return;
	}
	sb_puts(sb, "[eventfd]");
}

static void name_timerfd(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	const char *clock;

	sb_puts(sb, "[timerfd]");
	if (!(e->fi.have & FDINFO_TIMERFD))
		return;
	clock = fd_clock_name(e->fi.clockid);
	if (clock)
		sb_printf(sb, " clock=%s", clock);
	else
		sb_printf(sb, " clock=%d", e->fi.clockid);
	if (e->fi.value_sec || e->fi.value_nsec)
		sb_printf(sb, " next=%lld.%09lld", e->fi.value_sec, e->fi.value_nsec);
	else
		sb_puts(sb, " next=disarmed");
	sb_printf(sb, " interval=%lld.%09lld", e->fi.interval_sec, e->fi.interval_nsec);
}

static void name_signalfd(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	sb_puts(sb, "[signalfd]");
	if (e->fi.have & FDINFO_SIGMASK) {
		sb_puts(sb, " mask=");
		fd_format_sigmask(sb, e->fi.sigmask);
	}
}

static void name_pidfd(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	if (!e->pidfd_pid) {
		sb_puts(sb, "[pidfd]");
		return;
	}
	sb_printf(sb, "[pidfd:%d]", (int)e->pidfd_pid);
	if (e->pidfd_comm) {
		sb_puts(sb, " command=");
		put_safe(sb, e->pidfd_comm);
	}
}

/* "net:[4026531833]" shows as "net", as lsof shows it; the inode is NODE. */
static void name_namespace(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	sb_add(sb, e->link, strcspn(e->link, ":"));
}

static void name_other(struct strbuf *sb, const struct fd_proc *p, const struct fd_entry *e)
{
	const char *l = e->link;

	if (!strncmp(l, "anon_inode:", 11))
		l += 11;
	put_safe(sb, l);
}

/* ---- JSON per class ---- */

static void json_flags(struct json *j, const char *key, void (*fmt)(struct strbuf *, unsigned),
		       unsigned v)
{
	struct strbuf sb = STRBUF_INIT;

	fmt(&sb, v);
	json_key(j, key);
	json_str(j, sb.buf);
	sb_release(&sb);
}

static void json_peers(struct json *j, const struct fd_entry *e)
{
	size_t i;
	char m[2] = { 0, 0 };

	json_key(j, "peers");
	if (!e->peers_known) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (i = 0; i < e->npeers; i++) {
		json_obj_begin(j);
		json_key(j, "pid");
		json_int(j, e->peers[i].pid);
		json_key(j, "command");
		if (e->peers[i].comm)
			json_str(j, e->peers[i].comm);
		else
			json_null(j);
		json_key(j, "fd");
		json_int(j, e->peers[i].fd);
		json_key(j, "mode");
		m[0] = e->peers[i].mode;
		if (m[0] == '?')
			json_null(j);
		else
			json_str(j, m);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_regular(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	json_key(j, "path");
	json_str(j, e->link);
	json_key(j, "deleted");
	json_bool(j, e->deleted);
	if (e->fd < 0)
		return;
	json_key(j, "position");
	if (e->have_fdinfo && (e->fi.have & FDINFO_POS))
		json_uint(j, e->fi.pos);
	else
		json_null(j);
	if (e->have_fdinfo && (e->fi.have & FDINFO_FLAGS)) {
		struct strbuf sb = STRBUF_INIT;

		fd_format_open_flags(&sb, e->fi.flags);
		json_key(j, "flags");
		json_str(j, sb.buf);
		sb_release(&sb);
	} else {
		json_key(j, "flags");
		json_null(j);
	}
	if (e->cls == FD_CLASS_MEMFD) {
		/* "/memfd:NAME (deleted)" */
		const char *n = e->link + strlen("/memfd:");
		size_t len = strlen(n);

		if (e->deleted)
			len -= strlen(" (deleted)");
		json_key(j, "memfd_name");
		json_strn(j, n, len);
	}
}

static void json_path(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	json_key(j, "path");
	json_str(j, e->link);
	json_key(j, "deleted");
	json_bool(j, e->deleted);
}

static void json_fifo(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	if (e->cls == FD_CLASS_FIFO)
		json_path(j, p, e);
	json_peers(j, e);
}

static void json_inet_end(struct json *j, const struct sock_info *si, bool remote)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *a = remote ? si->raddr : si->laddr;
	size_t colon;

	sock_format_inet_addr(&sb, si->cls, a, 0);
	/* Drop the ":0" and IPv6 brackets: the address alone. */
	colon = sb.len - 2;
	if (si->cls == FD_CLASS_INET6)
		json_strn(j, sb.buf + 1, colon - 2);
	else
		json_strn(j, sb.buf, colon);
	sb_release(&sb);
}

static void json_socket(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	const struct sock_info *si = e->sock;
	const char *s;

	json_key(j, "socket");
	if (!si) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "family");
	json_str(j, fd_class_name(si->cls));
	switch (si->cls) {
	case FD_CLASS_UNIX:
		json_key(j, "type");
		s = unix_type_name(si->type);
		s ? json_str(j, s) : json_int(j, si->type);
		json_key(j, "state");
		s = unix_state_name(si);
		s ? json_str(j, s) : json_null(j);
		json_key(j, "path");
		si->path ? json_str(j, si->path) : json_null(j);
		json_key(j, "abstract");
		json_bool(j, si->abstract);
		json_key(j, "peer_inode");
		if (si->have_peer && si->peer_ino)
			json_uint(j, si->peer_ino);
		else
			json_null(j);
		break;
	case FD_CLASS_INET:
	case FD_CLASS_INET6:
		json_key(j, "protocol");
		s = inet_proto_name(si->proto);
		s ? json_str(j, s) : json_int(j, si->proto);
		json_key(j, "local_address");
		json_inet_end(j, si, false);
		json_key(j, "local_port");
		json_uint(j, si->lport);
		json_key(j, "remote_address");
		if (inet_connected(si))
			json_inet_end(j, si, true);
		else
			json_null(j);
		json_key(j, "remote_port");
		if (inet_connected(si))
			json_uint(j, si->rport);
		else
			json_null(j);
		json_key(j, "state");
		s = si->proto == 6 ? sock_tcp_state_name(si->state) : NULL;
		s ? json_str(j, s) : json_null(j);
		break;
	case FD_CLASS_NETLINK:
		json_key(j, "protocol");
		s = sock_netlink_proto_name(si->proto);
		s ? json_str(j, s) : json_int(j, si->proto);
		json_key(j, "port_id");
		json_uint(j, si->portid);
		break;
	default:
		break;
	}
	json_obj_end(j);
	if (si->cls != FD_CLASS_NETLINK)
		json_peers(j, e);
}

static void json_eventpoll(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	size_t i;

	json_key(j, "watched");
	if (!(e->fi.have & FDINFO_EPOLL) && !e->have_fdinfo) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (i = 0; i < e->fi.ntfds; i++) {
		json_obj_begin(j);
		json_key(j, "fd");
		json_int(j, e->fi.tfds[i].fd);
		json_flags(j, "events", fd_format_epoll_events, e->fi.tfds[i].events);
		json_key(j, "inode");
		json_uint(j, e->fi.tfds[i].ino);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_inotify(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	size_t i;

	json_key(j, "watches");
	if (!e->have_fdinfo) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (i = 0; i < e->fi.nwatches; i++) {
		const struct fdinfo_watch *w = &e->fi.watches[i];
		char dev[32];

		json_obj_begin(j);
		json_key(j, "wd");
		json_int(j, w->wd);
		json_key(j, "inode");
		json_uint(j, w->ino);
		snprintf(dev, sizeof(dev), "%u,%u", w->major, w->minor);
		json_key(j, "device");
		json_str(j, dev);
		json_flags(j, "mask", fd_format_inotify_mask, w->mask);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_eventfd(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	bool ok = e->fi.have & FDINFO_EVENTFD;

	json_key(j, "count");
	ok ? json_uint(j, e->fi.eventfd_count) : json_null(j);
	json_key(j, "eventfd_id");
	ok ? json_int(j, e->fi.eventfd_id) : json_null(j);
}

static void json_timerfd(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	bool ok = e->fi.have & FDINFO_TIMERFD;
	const char *clock = ok ? fd_clock_name(e->fi.clockid) : NULL;

	json_key(j, "clock");
	if (clock)
		json_str(j, clock);
	else if (ok)
		json_int(j, e->fi.clockid);
	else
		json_null(j);
	json_key(j, "next_expiry_ns");
	if (ok && (e->fi.value_sec || e->fi.value_nsec))
		json_int(j, e->fi.value_sec * 1000000000LL + e->fi.value_nsec);
	else
		json_null(j); /* unknown, or disarmed */
	json_key(j, "armed");
	ok ? json_bool(j, e->fi.value_sec || e->fi.value_nsec) : json_null(j);
	json_key(j, "interval_ns");
	ok ? json_int(j, e->fi.interval_sec * 1000000000LL + e->fi.interval_nsec) : json_null(j);
	json_key(j, "ticks");
	ok ? json_uint(j, e->fi.ticks) : json_null(j);
}

static void json_signalfd(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	int sig;

	json_key(j, "signals");
	if (!(e->fi.have & FDINFO_SIGMASK)) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (sig = 1; sig <= 64; sig++) {
		if (!(e->fi.sigmask & (1ULL << (sig - 1))))
			continue;
		sb_reset(&sb);
		fd_format_sigmask(&sb, 1ULL << (sig - 1));
		json_str(j, sb.buf);
	}
	json_arr_end(j);
	sb_release(&sb);
}

static void json_pidfd(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	json_key(j, "target_pid");
	e->pidfd_pid ? json_int(j, e->pidfd_pid) : json_null(j);
	json_key(j, "target_command");
	e->pidfd_comm ? json_str(j, e->pidfd_comm) : json_null(j);
}

static void json_namespace(struct json *j, const struct fd_proc *p, const struct fd_entry *e)
{
	json_key(j, "namespace");
	json_strn(j, e->link, strcspn(e->link, ":"));
}

static const struct fd_class_ops class_ops[FD_CLASS__COUNT] = {
	[FD_CLASS_UNKNOWN] = { .type = "unknown", .name = name_path },
	[FD_CLASS_REGULAR] = { .type = "REG", .name = name_regular, .json = json_regular },
	[FD_CLASS_DIR] = { .type = "DIR", .name = name_path, .json = json_path },
	[FD_CLASS_CHR] = { .type = "CHR", .offset = true, .name = name_path, .json = json_path },
	[FD_CLASS_BLK] = { .type = "BLK", .offset = true, .name = name_path, .json = json_path },
	[FD_CLASS_PIPE] = { .type = "FIFO", .offset = true, .name = name_pipe, .json = json_fifo },
	[FD_CLASS_FIFO] = { .type = "FIFO", .offset = true, .name = name_fifo, .json = json_fifo },
	[FD_CLASS_SOCKET] = { .type = "sock", .offset = true, .name = name_path },
	[FD_CLASS_UNIX] = { .type = "unix", .offset = true, .name = name_unix, .json = json_socket },
	[FD_CLASS_INET] = { .type = "IPv4", .offset = true, .name = name_inet, .json = json_socket },
	[FD_CLASS_INET6] = { .type = "IPv6", .offset = true, .name = name_inet, .json = json_socket },
	[FD_CLASS_NETLINK] = { .type = "netlink",
			       .offset = true,
			       .name = name_netlink,
			       .json = json_socket },
	[FD_CLASS_EVENTPOLL] = { .type = "a_inode", .name = name_eventpoll, .json = json_eventpoll },
	[FD_CLASS_INOTIFY] = { .type = "a_inode", .name = name_inotify, .json = json_inotify },
	[FD_CLASS_EVENTFD] = { .type = "a_inode", .name = name_eventfd, .json = json_eventfd },
	[FD_CLASS_TIMERFD] = { .type = "a_inode", .name = name_timerfd, .json = json_timerfd },
	[FD_CLASS_SIGNALFD] = { .type = "a_inode", .name = name_signalfd, .json = json_signalfd },
	[FD_CLASS_PIDFD] = { .type = "a_inode", .name = name_pidfd, .json = json_pidfd },
	[FD_CLASS_MEMFD] = { .type = "REG", .name = name_regular, .json = json_regular },
	[FD_CLASS_NAMESPACE] = { .type = "REG", .name = name_namespace, .json = json_namespace },
	[FD_CLASS_OTHER] = { .type = "a_inode", .name = name_other },
};

/* ---- the columns ---- */

enum { C_COMMAND, C_PID, C_USER, C_FD, C_TYPE, C_DEVICE, C_SIZE, C_NODE, C_NAME, C__N };

static const char *const headers[C__N] = { "COMMAND", "PID",	  "USER", "FD",	 "TYPE",
					   "DEVICE",  "SIZE/OFF", "NODE", "NAME" };
/* lsof's alignment: numbers and codes to the right, words to the left. */
static const bool right[C__N] = { false, true, false, true, true, true, true, true, false };

static const char *special_fd_name(int fd)
{
	switch (fd) {
	case FD_CWD:
		return "cwd";
	case FD_RTD:
		return "rtd";
	case FD_TXT:
		return "txt";
	case FD_MEM:
		return "mem";
	case FD_DEL:
		return "DEL";
	default:
		return "NOFD";
	}
}

static const char *user_name(const struct fd_proc *p)
{
	static uid_t last_uid = (uid_t)-1;
	static char last[64];
	struct passwd *pw;

	if (!p->have_uid)
		return "";
	if (p->uid == last_uid)
		return last;
	pw = getpwuid(p->uid);
	if (pw)
		snprintf(last, sizeof(last), "%s", pw->pw_name);
	else
		snprintf(last, sizeof(last), "%u", (unsigned)p->uid);
	last_uid = p->uid;
	return last;
}

static const char *special_proc_path(int fd)
{
	switch (fd) {
	case FD_CWD:
		return "cwd";
	case FD_RTD:
		return "root";
	case FD_TXT:
		return "exe";
	default:
		return "fd";
	}
}

/* The nine columns of one row, as text (empty when unknown). */
static void row_columns(const struct fd_proc *p, const struct fd_entry *e, struct strbuf col[C__N])
{
	const struct fd_class_ops *ops = &class_ops[e->cls];
	int i;

	for (i = 0; i < C__N; i++)
		sb_reset(&col[i]);
	{
		/* Kernel threads' comm can hold a workqueue name (kworker/0:1-events);
		 * the column keeps lsof +c 15's width, JSON has it all. */
		char comm[16];
		size_t n = strnlen(p->comm, sizeof(comm) - 1);

		memcpy(comm, p->comm, n);
		comm[n] = '\0';
		put_safe(&col[C_COMMAND], comm);
	}
	sb_printf(&col[C_PID], "%d", (int)p->pid);
	sb_puts(&col[C_USER], user_name(p));
	if (e->fd >= 0 && e->err)
		sb_printf(&col[C_FD], "%d", e->fd); /* lsof: no mode for an unreadable fd */
	else if (e->fd >= 0)
		sb_printf(&col[C_FD], "%d%c", e->fd, fd_entry_mode(e));
	else
		sb_puts(&col[C_FD], special_fd_name(e->fd));

	if (e->fd == FD_NOFD && !e->err) {
		/* The row of a process that exited before or while it was read. */
		sb_puts(&col[C_NAME], "(process exited)");
		return;
	}
	if (e->err) {
		if (e->fd != FD_NOFD)
			sb_puts(&col[C_TYPE], "unknown");
		if (e->fd >= 0)
			sb_printf(&col[C_NAME], "/proc/%d/fd/%d", (int)p->pid, e->fd);
		else
			sb_printf(&col[C_NAME], "/proc/%d/%s", (int)p->pid, special_proc_path(e->fd));
		sb_printf(&col[C_NAME], " (%s: %s)", e->what, strerror(e->err));
		return;
	}
	sb_puts(&col[C_TYPE], ops->type);
	if (e->cls == FD_CLASS_UNIX && e->sock)
		sb_printf(&col[C_DEVICE], "0x%016llx", e->sock->kaddr);
	else if ((e->cls == FD_CLASS_INET || e->cls == FD_CLASS_INET6) && e->have_stat)
		sb_printf(&col[C_DEVICE], "%llu", e->ino);
	else if (e->cls == FD_CLASS_CHR || e->cls == FD_CLASS_BLK)
		format_dev(&col[C_DEVICE], e->rdev);
	else if (e->cls != FD_CLASS_NETLINK && (e->have_stat || e->fd == FD_MEM || e->fd == FD_DEL))
		format_dev(&col[C_DEVICE], e->dev);

	if (ops->offset && e->fd >= 0) {
		if (e->have_fdinfo && (e->fi.have & FDINFO_POS))
			sb_printf(&col[C_SIZE], "0t%llu", e->fi.pos);
	} else if (e->have_stat) {
		sb_printf(&col[C_SIZE], "%llu", e->size);
	}

	if ((e->cls == FD_CLASS_INET || e->cls == FD_CLASS_INET6) && e->sock &&
	    inet_proto_name(e->sock->proto))
		sb_puts(&col[C_NODE], inet_proto_name(e->sock->proto));
	else if (e->have_stat || e->fd == FD_MEM || e->fd == FD_DEL)
		sb_printf(&col[C_NODE], "%llu", e->ino);

	if (e->link)
		ops->name(&col[C_NAME], p, e);
}

/* ---- selection ---- */

struct filter {
	bool by_path;
	unsigned long long path_dev, path_ino;
	long port; /* -1: none */
};

static bool row_selected(const struct filter *f, const struct fd_entry *e)
{
	bool any = f->by_path || f->port >= 0;

	if (!any)
		return true;
	if (f->by_path && !e->err && e->link && (e->have_stat || e->fd == FD_MEM) &&
	    e->dev == f->path_dev && e->ino == f->path_ino)
		return true;
	if (f->port >= 0 && e->sock && (e->sock->cls == FD_CLASS_INET || e->sock->cls == FD_CLASS_INET6) &&
	    (e->sock->lport == (unsigned)f->port || e->sock->rport == (unsigned)f->port))
		return true;
	return false;
}

/* ---- output ---- */

static int print_text(const struct fd_scan *s, const struct filter *f)
{
	struct strbuf col[C__N], cells = STRBUF_INIT, line = STRBUF_INIT;
	size_t width[C__N], nrows = 0, arows = 0, i, j, r, *off = NULL;
	int c;

	for (c = 0; c < C__N; c++) {
		col[c] = (struct strbuf)STRBUF_INIT;
		width[c] = strlen(headers[c]);
	}
	/* Collect every row first: lsof's columns are as wide as their widest
	 * cell. The cells go into one buffer, NUL-separated, found by offset. */
	for (i = 0; i < s->nprocs; i++) {
		const struct fd_proc *p = &s->procs[i];
		struct fd_entry gone_row;
		size_t n = p->n + (p->gone ? 1 : 0);

		for (j = 0; j < n; j++) {
			const struct fd_entry *e;

			if (j < p->n) {
				e = &p->v[j];
				if (!row_selected(f, e))
					continue;
			} else {
				if (f->by_path || f->port >= 0)
					continue;
				memset(&gone_row, 0, sizeof(gone_row));
				gone_row.fd = FD_NOFD;
				e = &gone_row;
			}
			row_columns(p, e, col);
			if (nrows == arows) {
				arows = arows ? 2 * arows : 256;
				off = xrealloc(off, arows * C__N * sizeof(*off));
			}
			for (c = 0; c < C__N; c++) {
				off[nrows * C__N + c] = cells.len;
				sb_add(&cells, col[c].buf ? col[c].buf : "", col[c].len);
				sb_putc(&cells, '\0');
				if (c != C_NAME && col[c].len > width[c])
					width[c] = col[c].len;
			}
			nrows++;
		}
	}
	for (r = 0; r <= nrows; r++) {
		for (c = 0; c < C__N; c++) {
			const char *text = r ? cells.buf + off[(r - 1) * C__N + c] : headers[c];
			size_t len = strlen(text);

			if (c)
				sb_putc(&line, ' ');
			if (c == C_NAME) {
				sb_add(&line, text, len);
				break;
			}
			if (right[c])
				sb_pad(&line, ' ', width[c] - len);
			sb_add(&line, text, len);
			if (!right[c])
				sb_pad(&line, ' ', width[c] - len);
		}
		sb_putc(&line, '\n');
		if (line.len > 65536) {
			fwrite(line.buf, 1, line.len, stdout);
			sb_reset(&line);
		}
	}
	fwrite(line.buf, 1, line.len, stdout);
	free(off);
	sb_release(&cells);
	for (c = 0; c < C__N; c++)
		sb_release(&col[c]);
	sb_release(&line);
	return 0;
}

static void json_col(struct json *j, const char *key, const struct strbuf *col)
{
	json_key(j, key);
	if (col->len)
		json_str(j, col->buf);
	else
		json_null(j);
}

static void json_entry(struct json *j, const struct fd_proc *p, const struct fd_entry *e,
		       struct strbuf col[C__N])
{
	const struct fd_class_ops *ops = &class_ops[e->cls];
	char m[2] = { 0, 0 };

	row_columns(p, e, col);
	json_obj_begin(j);
	json_key(j, "fd");
	if (e->fd >= 0)
		json_int(j, e->fd);
	else
		json_str(j, special_fd_name(e->fd));
	json_key(j, "mode");
	m[0] = fd_entry_mode(e);
	if (m[0] == ' ' || m[0] == '?')
		json_null(j);
	else
		json_str(j, m);
	json_key(j, "class");
	json_str(j, fd_class_name(e->cls));
	json_col(j, "type", &col[C_TYPE]);
	json_col(j, "device", &col[C_DEVICE]);
	json_key(j, "size");
	if (e->have_stat && !e->err)
		json_uint(j, e->size);
	else
		json_null(j);
	json_key(j, "offset");
	if (e->fd >= 0 && e->have_fdinfo && (e->fi.have & FDINFO_POS))
		json_uint(j, e->fi.pos);
	else
		json_null(j);
	json_key(j, "inode");
	if ((e->have_stat || e->fd == FD_MEM || e->fd == FD_DEL) && !e->err)
		json_uint(j, e->ino);
	else
		json_null(j);
	json_key(j, "link");
	e->link ? json_str(j, e->link) : json_null(j);
	json_col(j, "name", &col[C_NAME]);
	json_key(j, "error");
	if (e->err) {
		json_obj_begin(j);
		json_key(j, "op");
		json_str(j, e->what);
		json_key(j, "errno");
		json_str(j, strerrorname_np(e->err) ? strerrorname_np(e->err) : "?");
		json_key(j, "message");
		json_str(j, strerror(e->err));
		json_obj_end(j);
	} else {
		json_null(j);
	}
	if (!e->err && e->link && ops->json)
		ops->json(j, p, e);
	json_obj_end(j);
}

static int print_json(const struct fd_scan *s, const struct filter *f)
{
	struct strbuf sb = STRBUF_INIT, col[C__N];
	struct json j;
	size_t i, k;
	int c;

	for (c = 0; c < C__N; c++)
		col[c] = (struct strbuf)STRBUF_INIT;
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_key(&j, "schema");
	json_str(&j, "procscope-fds");
	json_key(&j, "version");
	json_int(&j, FDS_SCHEMA_VERSION);
	json_key(&j, "processes");
	json_arr_begin(&j);
	for (i = 0; i < s->nprocs; i++) {
		const struct fd_proc *p = &s->procs[i];
		bool any = !(f->by_path || f->port >= 0);

		for (k = 0; k < p->n && !any; k++)
			any = row_selected(f, &p->v[k]);
		if (!any)
			continue;
		json_obj_begin(&j);
		json_key(&j, "pid");
		json_int(&j, p->pid);
		json_key(&j, "command");
		p->comm[0] ? json_str(&j, p->comm) : json_null(&j);
		json_key(&j, "uid");
		p->have_uid ? json_int(&j, p->uid) : json_null(&j);
		json_key(&j, "user");
		p->have_uid ? json_str(&j, user_name(p)) : json_null(&j);
		json_key(&j, "gone");
		json_bool(&j, p->gone);
		json_key(&j, "fds");
		json_arr_begin(&j);
		for (k = 0; k < p->n; k++) {
			if (row_selected(f, &p->v[k]))
				json_entry(&j, p, &p->v[k], col);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		/* Flush as we go: a whole system's JSON can be large. */
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, stdout);
			sb_reset(&sb);
		}
	}
	json_arr_end(&j);
	json_obj_end(&j);
	sb_putc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
	for (c = 0; c < C__N; c++)
		sb_release(&col[c]);
	return 0;
}

/* --decode-fds: each fd as strace would print it, "FD<...>". */
static int print_strace(const pid_t *pids, size_t npids, unsigned what)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int status = 0;

	for (i = 0; i < npids; i++) {
		char path[64];
		struct dirent **names;
		int n, k;

		snprintf(path, sizeof(path), "/proc/%d/fd", (int)pids[i]);
		n = scandir(path, &names, NULL, versionsort);
		if (n < 0 && errno == ENOENT) {
			error("process %d: No such process", (int)pids[i]);
			status = EXIT_RUNTIME;
			continue;
		}
		if (n < 0) {
			error("open %s: %s", path, strerror(errno));
			status = EXIT_RUNTIME;
			continue;
		}
		for (k = 0; k < n; k++) {
			long fd;
			int r;

			if (!parse_long(names[k]->d_name, 0, 1L << 30, &fd)) {
				sb_reset(&sb);
				r = fd_describe_strace(pids[i], (int)fd, what, &sb);
				if (r >= 0 && sb.len)
					printf("%d %ld<%s>%s\n", (int)pids[i], fd, sb.buf,
					       r & FD_DESCRIBE_DELETED ? "(deleted)" : "");
				else if (r >= 0)
					printf("%d %ld\n", (int)pids[i], fd);
			}
			free(names[k]);
		}
		free(names);
	}
	sb_release(&sb);
	return status;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: procscope fds [-p PID[,PID...]] [-c COMMAND] [--path PATH] [--port N] [--json]\n"
		"\n"
		"Lists open files as lsof does: COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME,\n"
		"with the cwd, rtd, txt and mem rows. NAME starts as 'lsof -n -P +E' prints it and\n"
		"adds each fd kind's details: position and flags of files, the processes at the other\n"
		"end of pipes and sockets, epoll's watched fds, inotify's watches, eventfd counts,\n"
		"timerfd clocks, signalfd masks, pidfd targets.\n"
		"\n"
		"options:\n"
		"  -p, --pid PID[,PID]   only these processes (default: every process)\n"
		"  -c, --command NAME    only processes whose command starts with NAME\n"
		"      --path PATH       only fds (and cwd/txt/mem) on this file: who has it open\n"
		"      --port N          only inet sockets whose local or remote port is N\n"
		"      --json            JSON, schema procscope-fds version %d (see doc/fds.md)\n"
		"      --no-mem          leave out the mem rows (mapped files)\n"
		"      --decode-fds[=SET] print each fd of -p PIDs as strace -y (SET=path) or\n"
		"                        -yy (SET=all, the default) shows it: 'PID FD<...>'\n"
		"  -h, --help            this help\n"
		"\n"
		"Values that could not be read are left empty (null in JSON), never shown as 0;\n"
		"another user's fds show '(opendir: Permission denied)' unless you are root.\n"
		"\n"
		"examples:\n"
		"  procscope fds -p 1234                 lsof -p 1234\n"
		"  procscope fds --path /var/log/syslog  lsof /var/log/syslog; fuser\n"
		"  procscope fds --port 8080             lsof -i :8080\n"
		"  procscope fds -c nginx --json | jq '.processes[].fds[] | select(.class==\"unix\")'\n"
		"  procscope fds --decode-fds -p 1234    fds as 'strace -yy -p 1234' names them\n",
		FDS_SCHEMA_VERSION);
}

static int parse_decode_set(const char *arg, unsigned *what)
{
	char *copy, *tok, *save;
	int ret = 0;

	*what = 0;
	if (!arg || !strcmp(arg, "all")) {
		*what = FD_DECODE_ALL;
		return 0;
	}
	copy = xstrdup(arg);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "path"))
			*what |= FD_DECODE_PATH;
		else if (!strcmp(tok, "socket"))
			*what |= FD_DECODE_SOCKET;
		else if (!strcmp(tok, "dev"))
			*what |= FD_DECODE_DEV;
		else if (!strcmp(tok, "pidfd"))
			*what |= FD_DECODE_PIDFD;
		else if (!strcmp(tok, "all"))
			*what |= FD_DECODE_ALL;
		else if (strcmp(tok, "none"))
			ret = -EINVAL;
	}
	free(copy);
	return ret;
}

int cmd_fds(int argc, char **argv)
{
	enum { OPT_PATH = 256, OPT_PORT, OPT_JSON, OPT_NO_MEM, OPT_DECODE };
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "command", required_argument, NULL, 'c' },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "no-mem", no_argument, NULL, OPT_NO_MEM },
		{ "decode-fds", optional_argument, NULL, OPT_DECODE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fd_scan_opts o = { .want_peers = true, .want_mem = true };
	struct filter f = { .port = -1 };
	struct fd_scan s;
	pid_t *pids = NULL;
	const char **comms = NULL;
	bool json = false, decode = false;
	unsigned what = FD_DECODE_ALL;
	size_t npids = 0, ncomms = 0, i;
	int opt, status = 0, r;

	progname = "procscope fds";
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+p:c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': {
			char *copy = xstrdup(optarg), *tok, *save;

			for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				long v;

				if (parse_long(tok, 1, 0x7fffffff, &v)) {
					error("-p: '%s' is not a process id", tok);
					free(copy);
					status = EXIT_USAGE;
					goto out;
				}
				pids = xrealloc(pids, (npids + 1) * sizeof(*pids));
				pids[npids++] = (pid_t)v;
			}
			free(copy);
			if (!npids) {
				error("-p: expected a process id");
				status = EXIT_USAGE;
				goto out;
			}
			break;
		}
		case 'c':
			if (!*optarg) {
				error("-c: expected a command name");
				status = EXIT_USAGE;
				goto out;
			}
			comms = xrealloc(comms, (ncomms + 1) * sizeof(*comms));
			comms[ncomms++] = optarg;
			break;
		case OPT_PATH: {
			struct stat st;

			if (stat(optarg, &st) < 0) {
				error("--path %s: %s", optarg, strerror(errno));
				status = EXIT_RUNTIME;
				goto out;
			}
			f.by_path = true;
			f.path_dev = st.st_dev;
			f.path_ino = st.st_ino;
			break;
		}
		case OPT_PORT:
			if (parse_long(optarg, 0, 65535, &f.port)) {
				error("--port: '%s' is not a port number (0-65535)", optarg);
				status = EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_NO_MEM:
			o.want_mem = false;
			break;
		case OPT_DECODE:
			decode = true;
			if (parse_decode_set(optarg, &what)) {
				error("--decode-fds: '%s' is not a set of path, socket, dev, pidfd, all, none",
				      optarg);
				status = EXIT_USAGE;
				goto out;
			}
			break;
		case 'h':
			usage(stdout);
			goto out;
		default:
			status = cmd_bad_option("fds", "+p:c:h", argv);
			goto out;
		}
	}
	if (optind < argc) {
		error("unexpected argument '%s' (files are selected with --path)", argv[optind]);
		status = EXIT_USAGE;
		goto out;
	}
	if (decode) {
		if (!npids) {
			error("--decode-fds needs -p PID");
			status = EXIT_USAGE;
			goto out;
		}
		status = print_strace(pids, npids, what);
		fd_describe_cache_clear();
		goto out;
	}
	o.pids = pids;
	o.npids = npids;
	o.comms = comms;
	o.ncomms = ncomms;
	r = fd_scan_run(&s, &o);
	if (r < 0) {
		error("read /proc: %s", strerror(-r));
		status = EXIT_RUNTIME;
		goto out;
	}
	for (i = 0; i < s.nmissing; i++) {
		error("process %d: No such process", (int)s.missing[i]);
		status = EXIT_RUNTIME;
	}
	if (json)
		print_json(&s, &f);
	else if (s.nprocs)
		print_text(&s, &f);
	fd_scan_release(&s);
out:
	free(pids);
	free(comms);
	if (fflush(stdout) || ferror(stdout)) {
		error("write standard output: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return status;
}
