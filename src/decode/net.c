/* net.c: socket syscalls (socket, bind/connect/accept, send/recv, sockopts).
 *
 * Socket addresses are printed the way strace 6.1 prints them: by family, with
 * the address length after them as given (bind, connect: "16") or as an
 * in/out value (accept, getsockname: "[128 => 16]", or "[16]" when unchanged).
 * Struct arguments are copied by the cap_* hooks below; the decoders only read
 * what was copied.
 *
 * As strace does, every input argument is printed at PH_ENTRY, so that an
 * unfinished line shows them all ("connect(3, {...}, 16 <unfinished ...>"); only
 * what the kernel writes (accept's address, recvfrom's buffer and address,
 * getsockopt's value) and the arguments after it are printed at PH_EXIT. The
 * signatures in net.tbl mark where that exit part starts (their first out kind),
 * which tells the formatter to end an unfinished entry part with ", ".
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "core/util.h"
#include "decode/decode.h"

/* Reached through the syscall table (build/gen/syscall_sigs.h). */
void dec_socket(struct dctx *d, int phase);
void dec_socketpair(struct dctx *d, int phase);
void cap_sockaddr_in(struct capctx *cc, int phase);
void dec_sockaddr_in(struct dctx *d, int phase);
void cap_sockaddr_out(struct capctx *cc, int phase);
void dec_sockaddr_out(struct dctx *d, int phase);
void cap_sendto(struct capctx *cc, int phase);
void dec_sendto(struct dctx *d, int phase);
void cap_recvfrom(struct capctx *cc, int phase);
void dec_recvfrom(struct dctx *d, int phase);
void cap_sockopt(struct capctx *cc, int phase);
void dec_sockopt(struct dctx *d, int phase);

#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */

static uint32_t clamp_len(uint64_t len)
{
	return len > SOCKADDR_MAX ? SOCKADDR_MAX : (uint32_t)len;
}

static void put_sockaddr_un(struct out *o, const uint8_t *p, size_t len)
{
	const char *path = (const char *)p + 2;
	size_t n = len - 2;

	if (!n)
		return;
	o_field(o, "sun_path");
	if (path[0] == '\0') {
		/* Abstract: the name is every byte after the leading NUL. */
		struct strbuf sb = STRBUF_INIT;

		sb_putc(&sb, '@');
		quote_string(&sb, path + 1, n - 1, o->opt->xflag, false);
		o_raw(o, sb.buf);
		sb_release(&sb);
		return;
	}
	o_str(o, path, strnlen(path, n), STR_NUL | STR_PATH);
}

static void put_sockaddr_in(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_in sin;
	char buf[INET_ADDRSTRLEN + 32];

	memset(&sin, 0, sizeof(sin));
	memcpy(&sin, p, MIN(len, sizeof(sin)));
	o_field(o, "sin_port");
	snprintf(buf, sizeof(buf), "htons(%u)", ntohs(sin.sin_port));
	o_raw(o, buf);
	o_field(o, "sin_addr");
	strcpy(buf, "inet_addr(\"");
	inet_ntop(AF_INET, &sin.sin_addr, buf + strlen(buf), INET_ADDRSTRLEN);
	strcat(buf, "\")");
	o_raw(o, buf);
}

static void put_sockaddr_in6(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_in6 s6;
	char addr[INET6_ADDRSTRLEN];
	char buf[INET6_ADDRSTRLEN + 48];

	memset(&s6, 0, sizeof(s6));
	memcpy(&s6, p, MIN(len, sizeof(s6)));
	o_field(o, "sin6_port");
	snprintf(buf, sizeof(buf), "htons(%u)", ntohs(s6.sin6_port));
	o_raw(o, buf);
	o_field(o, "sin6_flowinfo");
	snprintf(buf, sizeof(buf), "htonl(%u)", ntohl(s6.sin6_flowinfo));
	o_raw(o, buf);
	inet_ntop(AF_INET6, &s6.sin6_addr, addr, sizeof(addr));
	snprintf(buf, sizeof(buf), "inet_pton(AF_INET6, \"%s\", &sin6_addr)", addr);
	o_raw(o, buf);
	if (len >= sizeof(s6)) {
		o_field(o, "sin6_scope_id");
		o_uint(o, s6.sin6_scope_id);
	}
}

static void put_sockaddr_nl(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_nl nl;
	char buf[16];

	memset(&nl, 0, sizeof(nl));
	memcpy(&nl, p, MIN(len, sizeof(nl)));
	o_field(o, "nl_pid");
	o_uint(o, nl.nl_pid);
	o_field(o, "nl_groups");
	snprintf(buf, sizeof(buf), "%08x", nl.nl_groups);
	o_raw(o, buf);
}

/* Print the sockaddr captured in slot (len bytes wanted), or its address. */
static void put_sockaddr(struct dctx *d, int slot, uint64_t addr, uint64_t len)
{
	const struct capture *k = call_cap(d->c, slot);
	const uint8_t *p;
	uint16_t fam;
	size_t n;

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	n = clamp_len(len);
	if (!k || (k->flags & CAP_FAULT) || k->len < n || n < 2) {
		o_ptr(d->o, addr);
		return;
	}
	p = call_cap_data(d->c, k);
	memcpy(&fam, p, 2);
	o_struct_begin(d->o);
	o_field(d->o, "sa_family");
	o_xval(d->o, xlat_get(XLAT_ID(socket_families)), fam, "AF_???");
	switch (fam) {
	case AF_UNIX:
		put_sockaddr_un(d->o, p, n);
		break;
	case AF_INET:
		put_sockaddr_in(d->o, p, n);
		break;
	case AF_INET6:
		put_sockaddr_in6(d->o, p, n);
		break;
	case AF_NETLINK:
		put_sockaddr_nl(d->o, p, n);
		break;
	default:
		if (n > 2) {
			o_field(d->o, "sa_data");
			o_str(d->o, p + 2, n - 2, 0);
		}
		break;
	}
	o_struct_end(d->o);
}

/* An int captured in slot, or false. */
static bool cap_int(struct dctx *d, int slot, int32_t *v)
{
	const int32_t *p = dec_mem(d, slot, 4);

	if (!p)
		return false;
	*v = *p;
	return true;
}

/* The socklen_t *: "[in => out]", "[out]" when equal, the address if unread. */
static void put_socklen(struct dctx *d, int in_slot, int out_slot, uint64_t addr)
{
	int32_t in = 0, out = 0;
	bool have_in = cap_int(d, in_slot, &in);
	bool have_out = !call_failed(d->c) && cap_int(d, out_slot, &out);

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	if (!have_in) {
		o_ptr(d->o, addr);
		return;
	}
	o_array_begin(d->o);
	if (have_out && out != in) {
		char buf[48];

		snprintf(buf, sizeof(buf), "%d => %d", in, out);
		o_raw(d->o, buf);
	} else {
		o_int(d->o, in);
	}
	o_array_end(d->o);
}

static void put_socket_type(struct out *o, uint64_t v)
{
	unsigned type = (unsigned)v & 0xf, fl = (unsigned)v & ~0xfu;
	const char *name = xlat_lookup(xlat_get(XLAT_ID(socket_types)), type);
	struct strbuf sb = STRBUF_INIT;

	if (o->opt->xlat_style == XLAT_STYLE_RAW || !name) {
		o_hex(o, (unsigned)v);
		return;
	}
	sb_puts(&sb, name);
	if (fl) {
		sb_putc(&sb, '|');
		xlat_format_flags(&sb, xlat_get(XLAT_ID(sock_type_flags)), fl, "0");
	}
	o_raw(o, sb.buf);
	sb_release(&sb);
}

static void put_protocol(struct out *o, int family, uint64_t proto)
{
	if (family == AF_INET || family == AF_INET6)
		o_xval(o, xlat_get(XLAT_ID(inet_protocols)), (unsigned)proto, "IPPROTO_???");
	else if (family == AF_NETLINK)
		o_xval(o, xlat_get(XLAT_ID(netlink_protocols)), (unsigned)proto, "NETLINK_???");
	else
		o_int(o, (int)proto);
}

void dec_socket(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	o_xval(d->o, xlat_get(XLAT_ID(socket_families)), (unsigned)d->c->args[0], "AF_???");
	put_socket_type(d->o, d->c->args[1]);
	put_protocol(d->o, (int)d->c->args[0], d->c->args[2]);
}

/* socketpair: the family, type and protocol at entry; the pair at exit. */
void dec_socketpair(struct dctx *d, int phase)
{
	if (phase == PH_ENTRY)
		dec_socket(d, phase);
	else
		dec_arg(d, 3);
}

/* bind, connect: the address is input. */
void cap_sockaddr_in(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && c->args[1])
		cap_queue(cc, 1, c->args[1], clamp_len(c->args[2]));
}

void dec_sockaddr_in(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	put_sockaddr(d, 1, d->c->args[1], d->c->args[2]);
	o_int(d->o, (int)d->c->args[2]);
}

/* Shared by accept, getsockname and recvfrom: the socklen_t at entry into
 * len_in, and at exit the new length into len_out, then that many bytes of
 * the address into addr_slot. */
static void cap_addr_out(struct capctx *cc, int phase, int addr_arg, int len_arg, int len_in,
			 int len_out)
{
	const struct call *c = cc->c;
	const struct capture *k;
	int32_t n;

	if (!c->args[len_arg])
		return;
	if (phase == PH_ENTRY) {
		cap_queue(cc, len_in, c->args[len_arg], 4);
		return;
	}
	if (call_failed(c))
		return;
	cap_queue(cc, len_out, c->args[len_arg], 4);
	cap_flush(cc);
	k = call_cap(c, len_out);
	if (!c->args[addr_arg] || !k || k->len < 4)
		return;
	memcpy(&n, call_cap_data(c, k), 4);
	/* The kernel reports the full length; it copied at most what we gave. */
	k = call_cap(c, len_in);
	if (k && k->len >= 4) {
		int32_t in;

		memcpy(&in, call_cap_data(c, k), 4);
		if (in < n)
			n = in;
	}
	if (n > 0)
		cap_queue(cc, addr_arg, c->args[addr_arg], clamp_len((uint32_t)n));
}

void cap_sockaddr_out(struct capctx *cc, int phase)
{
	cap_addr_out(cc, phase, 1, 2, CAP_EXTRA(0), 2);
}

static uint64_t addr_len(struct dctx *d, int in_slot, int out_slot)
{
	int32_t in = 0, out = 0;

	if (!cap_int(d, out_slot, &out))
		return 0;
	if (cap_int(d, in_slot, &in) && in < out)
		out = in;
	return out < 0 ? 0 : (uint64_t)out;
}

void dec_sockaddr_out(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	if (call_failed(c) || !call_cap(c, 2))
		o_ptr(d->o, c->args[1]);
	else
		put_sockaddr(d, 1, c->args[1], addr_len(d, CAP_EXTRA(0), 2));
	put_socklen(d, CAP_EXTRA(0), 2, c->args[2]);
	if (d->sig->nargs == 4)
		dec_arg(d, 3);
}

void cap_sendto(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && c->args[4])
		cap_queue(cc, 4, c->args[4], clamp_len(c->args[5]));
}

void dec_sendto(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, 4);
	put_sockaddr(d, 4, d->c->args[4], d->c->args[5]);
	o_int(d->o, (int)d->c->args[5]);
}

void cap_recvfrom(struct capctx *cc, int phase)
{
	cap_addr_out(cc, phase, 4, 5, CAP_EXTRA(0), 5);
}

void dec_recvfrom(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	dec_args(d, 1, 4);
	if (call_failed(c) || !call_cap(c, 5))
		o_ptr(d->o, c->args[4]);
	else
		put_sockaddr(d, 4, c->args[4], addr_len(d, CAP_EXTRA(0), 5));
	put_socklen(d, CAP_EXTRA(0), 5, c->args[5]);
}

/* setsockopt(fd, level, name, val, len) / getsockopt(fd, level, name, val, &len):
 * int-sized values print as [N], others as their address. */
void cap_sockopt(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool get = c->nr == __NR_getsockopt;
	const struct capture *k;
	int32_t n;

	if (!get) {
		if (phase == PH_ENTRY && c->args[3] && c->args[4] == 4)
			cap_queue(cc, 3, c->args[3], 4);
		return;
	}
	if (!c->args[4])
		return;
	if (phase == PH_ENTRY) {
		cap_queue(cc, CAP_EXTRA(0), c->args[4], 4);
		return;
	}
	if (call_failed(c))
		return;
	cap_queue(cc, 4, c->args[4], 4);
	cap_flush(cc);
	k = call_cap(c, 4);
	if (!k || k->len < 4 || !c->args[3])
		return;
	memcpy(&n, call_cap_data(c, k), 4);
	if (n == 4)
		cap_queue(cc, 3, c->args[3], 4);
}

static void put_optname(struct out *o, int level, uint64_t name)
{
	switch (level) {
	case SOL_SOCKET:
		o_xval(o, xlat_get(XLAT_ID(so_options)), (unsigned)name, "SO_???");
		break;
	case IPPROTO_TCP:
		o_xval(o, xlat_get(XLAT_ID(tcp_options)), (unsigned)name, "TCP_???");
		break;
	case IPPROTO_IP:
		o_xval(o, xlat_get(XLAT_ID(ip_options)), (unsigned)name, "IP_???");
		break;
	default:
		o_int(o, (int)name);
		break;
	}
}

static void put_optval(struct dctx *d, uint64_t len)
{
	int32_t v;

	if (len == 4 && cap_int(d, 3, &v)) {
		o_array_begin(d->o);
		o_int(d->o, v);
		o_array_end(d->o);
	} else {
		o_ptr(d->o, d->c->args[3]);
	}
}

void dec_sockopt(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	bool get = c->nr == __NR_getsockopt;
	int32_t n;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		o_xval(d->o, xlat_get(XLAT_ID(sockopt_levels)), (unsigned)c->args[1], "SOL_???");
		put_optname(d->o, (int)c->args[1], c->args[2]);
		if (!get) {
			put_optval(d, c->args[4]);
			o_int(d->o, (int)c->args[4]);
		}
		return;
	}
	if (!get)
		return;
	if (call_failed(c) || !cap_int(d, 4, &n)) {
		o_ptr(d->o, c->args[3]);
		if (cap_int(d, CAP_EXTRA(0), &n)) {
			o_array_begin(d->o);
			o_int(d->o, n);
			o_array_end(d->o);
		} else {
			o_ptr(d->o, c->args[4]);
		}
		return;
	}
	put_optval(d, (uint64_t)n);
	put_socklen(d, CAP_EXTRA(0), 4, c->args[4]);
}
