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
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "core/filter.h"
#include "core/util.h"
#include "decode/decode.h"
#include "decode/procfam.h"
#include "decode/net.h"

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

/* Text as the text formatter prints one value, appended to sb: the pieces
 * of a value strace assembles from several (SOCK_STREAM|SOCK_CLOEXEC,
 * htons(ETH_P_ALL)), which then reach the formatter as one o_raw(). */
static void sb_xval(struct strbuf *sb, const struct dopts *opt, const struct xlat *x,
		    uint64_t v, const char *dflt)
{
	struct out t;

	out_text_init(&t, sb, opt);
	o_xval(&t, x, v, dflt);
}

static void sb_oflags(struct strbuf *sb, const struct dopts *opt, const struct xlat *x,
		      uint64_t v, const char *dflt)
{
	struct out t;

	out_text_init(&t, sb, opt);
	o_flags(&t, x, v, dflt);
}

/* "htons(ETH_P_IP)": an ethernet protocol in network order, in -X style xs. */
static void sb_eth_proto(struct strbuf *sb, const struct dopts *opt, int xs, uint16_t be)
{
	struct dopts o = *opt;

	o.xlat_style = xs;
	sb_puts(sb, "htons(");
	sb_xval(sb, &o, xlat_get(XLAT_ID(ethernet_protocols)), ntohs(be), "ETH_P_???");
	sb_putc(sb, ')');
}

/* A field that strace shows decoded by default ("htons(80)"), and under
 * -X raw as the bytes it is made of ("\x00\x50"), -X verbose both. */
static void put_net_field(struct out *o, const char *field, const void *p, size_t n,
			  const char *decoded)
{
	if (field)
		o_field(o, field);
	if (o->opt->xlat_style == XLAT_STYLE_ABBREV) {
		o_raw(o, decoded);
		return;
	}
	o_str(o, p, n, STR_HEX);
	if (o->opt->xlat_style == XLAT_STYLE_VERBOSE)
		o_comment(o, decoded);
}

/* An interface index: if_nametoindex("lo") when this host has that
 * interface, as strace resolves it (in the tracer's network namespace). */
static void put_ifindex(struct out *o, unsigned idx)
{
	char name[IF_NAMESIZE];
	struct strbuf sb = STRBUF_INIT;

	if (!idx || !if_indextoname(idx, name)) {
		o_uint(o, idx);
		return;
	}
	sb_puts(&sb, "if_nametoindex(");
	quote_string(&sb, name, strlen(name), o->opt->xflag, false);
	sb_putc(&sb, ')');
	if (o->opt->xlat_style == XLAT_STYLE_ABBREV) {
		o_raw(o, sb.buf);
	} else {
		o_uint(o, idx);
		if (o->opt->xlat_style == XLAT_STYLE_VERBOSE)
			o_comment(o, sb.buf);
	}
	sb_release(&sb);
}

/* sun_path: up to the first NUL; an abstract name ("@" then every byte
 * after the leading NUL) in full. */
static void put_sockaddr_un(struct out *o, const uint8_t *p, size_t len)
{
	const char *path = (const char *)p + 2;
	size_t n = len - 2;

	o_field(o, "sun_path");
	if (path[0] == '\0') {
		struct strbuf sb = STRBUF_INIT;

		sb_putc(&sb, '@');
		quote_string(&sb, path + 1, n - 1, o->opt->xflag, false);
		o_raw(o, sb.buf);
		sb_release(&sb);
		return;
	}
	o_str(o, path, strnlen(path, n), STR_NUL | STR_PATH);
}

/* inet_addr("127.0.0.1"), inet_pton(AF_INET6, "::1"[, &sin6_addr]) */
static void sb_inet(struct strbuf *sb, const struct dopts *opt, int af, const void *addr,
		    bool field)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, text, sizeof(text));
	sb_puts(sb, af == AF_INET ? "inet_addr(" : "inet_pton(AF_INET6, ");
	quote_string(sb, text, strlen(text), opt->xflag, false);
	sb_puts(sb, field ? ", &sin6_addr)" : ")");
}

static void put_sockaddr_in(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_in sin;
	struct strbuf sb = STRBUF_INIT;

	(void)len;
	memcpy(&sin, p, sizeof(sin));
	sb_printf(&sb, "htons(%u)", ntohs(sin.sin_port));
	put_net_field(o, "sin_port", &sin.sin_port, 2, sb.buf);
	sb_reset(&sb);
	sb_inet(&sb, o->opt, AF_INET, &sin.sin_addr, false);
	put_net_field(o, "sin_addr", &sin.sin_addr, 4, sb.buf);
	sb_release(&sb);
}

static void put_sockaddr_in6(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_in6 s6;
	struct strbuf sb = STRBUF_INIT;

	memset(&s6, 0, sizeof(s6));
	memcpy(&s6, p, MIN(len, sizeof(s6)));
	sb_printf(&sb, "htons(%u)", ntohs(s6.sin6_port));
	put_net_field(o, "sin6_port", &s6.sin6_port, 2, sb.buf);
	sb_reset(&sb);
	sb_printf(&sb, "htonl(%u)", ntohl(s6.sin6_flowinfo));
	put_net_field(o, "sin6_flowinfo", &s6.sin6_flowinfo, 4, sb.buf);
	sb_reset(&sb);
	/* Abbreviated, the address is a call with no field name. */
	if (o->opt->xlat_style == XLAT_STYLE_ABBREV) {
		sb_inet(&sb, o->opt, AF_INET6, &s6.sin6_addr, true);
		o_raw(o, sb.buf);
	} else {
		sb_inet(&sb, o->opt, AF_INET6, &s6.sin6_addr, false);
		put_net_field(o, "sin6_addr", &s6.sin6_addr, 16, sb.buf);
	}
	sb_release(&sb);
	if (len < sizeof(s6))
		return;
	o_field(o, "sin6_scope_id");
	if (IN6_IS_ADDR_LINKLOCAL(&s6.sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&s6.sin6_addr))
		put_ifindex(o, s6.sin6_scope_id);
	else
		o_uint(o, s6.sin6_scope_id);
}

static void put_sockaddr_nl(struct out *o, const uint8_t *p, size_t len)
{
	struct sockaddr_nl nl;
	char buf[16];

	(void)len;
	memcpy(&nl, p, sizeof(nl));
	o_field(o, "nl_pid");
	o_uint(o, nl.nl_pid);
	o_field(o, "nl_groups");
	snprintf(buf, sizeof(buf), "%#08x", nl.nl_groups);
	o_raw(o, buf);
}

static void put_sockaddr_ll(struct out *o, const uint8_t *p, size_t len)
{
	size_t addr_at = offsetof(struct sockaddr_ll, sll_addr), i;
	struct sockaddr_ll ll;
	struct strbuf sb = STRBUF_INIT;

	memcpy(&ll, p, sizeof(ll));
	sb_eth_proto(&sb, o->opt, XLAT_STYLE_ABBREV, ll.sll_protocol);
	put_net_field(o, "sll_protocol", &ll.sll_protocol, 2, sb.buf);
	sb_release(&sb);
	o_field(o, "sll_ifindex");
	put_ifindex(o, (unsigned)ll.sll_ifindex);
	o_field(o, "sll_hatype");
	o_xval(o, xlat_get(XLAT_ID(arp_hardware_types)), ll.sll_hatype, "ARPHRD_???");
	o_field(o, "sll_pkttype");
	o_xval(o, xlat_get(XLAT_ID(packet_types)), ll.sll_pkttype, "PACKET_???");
	o_field(o, "sll_halen");
	o_uint(o, ll.sll_halen);
	if (!ll.sll_halen)
		return;
	/* The address may run past sll_addr[8], as far as the length goes. */
	o_field(o, "sll_addr");
	o_array_begin(o);
	for (i = 0; i < ll.sll_halen; i++) {
		if (addr_at + i >= len) {
			o_more(o);
			break;
		}
		o_hex(o, p[addr_at + i]);
	}
	o_array_end(o);
}

/* Families strace decodes, and the length it needs to decode them: a
 * shorter address prints its bytes as sa_data. */
static const struct {
	void (*put)(struct out *o, const uint8_t *p, size_t len);
	size_t min;
} sa_printers[] = {
	[AF_UNIX] = { put_sockaddr_un, 3 },
	[AF_INET] = { put_sockaddr_in, sizeof(struct sockaddr_in) },
	[AF_INET6] = { put_sockaddr_in6, 24 /* SIN6_MIN_LEN: no sin6_scope_id */ },
	[AF_NETLINK] = { put_sockaddr_nl, sizeof(struct sockaddr_nl) },
	[AF_PACKET] = { put_sockaddr_ll, sizeof(struct sockaddr_ll) },
};

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
	if (n > 2) {
		if (fam < ARRAY_SIZE(sa_printers) && sa_printers[fam].put &&
		    n >= sa_printers[fam].min) {
			sa_printers[fam].put(d->o, p, n);
		} else {
			o_field(d->o, "sa_data");
			o_str(d->o, p + 2, n - 2, 0);
		}
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

/* SOCK_STREAM|SOCK_CLOEXEC: a known type, then the other bits as flags;
 * an unknown type leaves every bit to the flags (SOCK_CLOEXEC|0xc), as
 * strace does. Each part takes the -X style on its own: 0x1|0x80000. */
static void put_socket_type(struct out *o, uint64_t v)
{
	unsigned rest = (unsigned)v, type = rest & 0xf;
	struct strbuf sb = STRBUF_INIT;

	if (xlat_lookup(xlat_get(XLAT_ID(socket_types)), type)) {
		sb_xval(&sb, o->opt, xlat_get(XLAT_ID(socket_types)), type, NULL);
		rest &= ~0xfu;
		if (rest)
			sb_putc(&sb, '|');
	}
	if (rest || !sb.len)
		sb_oflags(&sb, o->opt, xlat_get(XLAT_ID(sock_type_flags)), rest, "SOCK_???");
	o_raw(o, sb.buf);
	sb_release(&sb);
}

/* The protocol, by family; a family strace has no table for gets the
 * number as unsigned. */
static void put_protocol(struct out *o, int family, uint64_t proto)
{
	struct strbuf sb = STRBUF_INIT;

	switch (family) {
	case AF_INET:
	case AF_INET6:
		o_xval(o, xlat_get(XLAT_ID(inet_protocols)), (unsigned)proto, "IPPROTO_???");
		break;
	case AF_NETLINK:
		o_xval(o, xlat_get(XLAT_ID(netlink_protocols)), (unsigned)proto, "NETLINK_???");
		break;
	case AF_PACKET:
		sb_eth_proto(&sb, o->opt, o->opt->xlat_style, (uint16_t)proto);
		o_raw(o, sb.buf);
		break;
	case AF_BLUETOOTH:
		o_xval(o, xlat_get(XLAT_ID(bt_protocols)), (unsigned)proto, "BTPROTO_???");
		break;
	case AF_CAN:
		o_xval(o, xlat_get(XLAT_ID(can_protocols)), (unsigned)proto, "CAN_???");
		break;
	default:
		o_uint(o, (unsigned)proto);
		break;
	}
	sb_release(&sb);
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

/* recvfrom's length at entry: not in CAP_EXTRA(0), which is DUMP_SLOT, where
 * -e read= takes the whole buffer (core/filter.h dump_arg). */
#define RECVFROM_LEN_IN CAP_EXTRA(1)

void cap_recvfrom(struct capctx *cc, int phase)
{
	cap_addr_out(cc, phase, 4, 5, RECVFROM_LEN_IN, 5);
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
		put_sockaddr(d, 4, c->args[4], addr_len(d, RECVFROM_LEN_IN, 5));
	put_socklen(d, RECVFROM_LEN_IN, 5, c->args[5]);
}

/* setsockopt(fd, level, name, val, len) / getsockopt(fd, level, name, val, &len):
 * the value, len bytes (getsockopt: the length the kernel returned), as far
 * as -s or the largest struct decoded needs. */
#define OPTVAL_STRUCT_MAX 16

static uint32_t optval_want(const struct capctx *cc, int32_t len)
{
	return (uint32_t)MIN((uint32_t)len, MAX(cc->opt->strsize, (unsigned)OPTVAL_STRUCT_MAX));
}

void cap_sockopt(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool get = c->nr == __NR_getsockopt;
	const struct capture *k;
	int32_t n;

	if (!get) {
		if (phase == PH_ENTRY && c->args[3] && (int32_t)c->args[4] > 0)
			cap_queue(cc, 3, c->args[3], optval_want(cc, (int32_t)c->args[4]));
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
	if (n > 0)
		cap_queue(cc, 3, c->args[3], optval_want(cc, n));
}

/* Option names by level, as strace 6.1 has tables for them; a level it has
 * none for prints the number. */
static const struct {
	int level;
	enum xlat_id x;
	const char *dflt;
} sockopt_names[] = {
	{ 0 /* SOL_IP */, XLAT_ID(sockopt_ip), "IP_???" },
	{ 1 /* SOL_SOCKET */, XLAT_ID(sockopt_socket), "SO_???" },
	{ 6 /* SOL_TCP */, XLAT_ID(sockopt_tcp), "TCP_???" },
	{ 17 /* SOL_UDP */, XLAT_ID(sockopt_udp), "UDP_???" },
	{ 40 /* AF_VSOCK */, XLAT_ID(sockopt_vsock), "SO_VM_???" },
	{ 41 /* SOL_IPV6 */, XLAT_ID(sockopt_ipv6), "IPV6_???" },
	{ 101 /* SOL_CAN_RAW */, XLAT_ID(sockopt_can_raw), "CAN_RAW_???" },
	{ 132 /* SOL_SCTP */, XLAT_ID(sockopt_sctp), "SCTP_???" },
	{ 255 /* SOL_RAW */, XLAT_ID(sockopt_raw), "RAW_???" },
	{ 256 /* SOL_IPX */, XLAT_ID(sockopt_ipx), "IPX_???" },
	{ 257 /* SOL_AX25 */, XLAT_ID(sockopt_ax25), "AX25_???" },
	{ 263 /* SOL_PACKET */, XLAT_ID(sockopt_packet), "PACKET_???" },
	{ 266 /* SOL_IRDA */, XLAT_ID(sockopt_irda), "IRLMP_???" },
	{ 268 /* SOL_LLC */, XLAT_ID(sockopt_llc), "LLC_OPT_???" },
	{ 269 /* SOL_DCCP */, XLAT_ID(sockopt_dccp), "DCCP_SOCKOPT_???" },
	{ 270 /* SOL_NETLINK */, XLAT_ID(sockopt_netlink), "NETLINK_???" },
	{ 271 /* SOL_TIPC */, XLAT_ID(sockopt_tipc), "TIPC_???" },
	{ 272 /* SOL_RXRPC */, XLAT_ID(sockopt_rxrpc), "RXRPC_???" },
	{ 273 /* SOL_PPPOL2TP */, XLAT_ID(sockopt_pppol2tp), "PPPOL2TP_SO_???" },
	{ 274 /* SOL_BLUETOOTH */, XLAT_ID(sockopt_bluetooth), "BT_???" },
	{ 275 /* SOL_PNPIPE */, XLAT_ID(sockopt_pnpipe), "PNPIPE_???" },
	{ 276 /* SOL_RDS */, XLAT_ID(sockopt_rds), "RDS_???" },
	{ 277 /* SOL_IUCV */, XLAT_ID(sockopt_iucv), "SO_???" },
	{ 278 /* SOL_CAIF */, XLAT_ID(sockopt_caif), "CAIFSO_???" },
	{ 279 /* SOL_ALG */, XLAT_ID(sockopt_alg), "ALG_???" },
	{ 280 /* SOL_NFC */, XLAT_ID(sockopt_nfc), "NFC_LLCP_???" },
	{ 281 /* SOL_KCM */, XLAT_ID(sockopt_kcm), "KCM_???" },
	{ 282 /* SOL_TLS */, XLAT_ID(sockopt_tls), "TLS_???" },
	{ 283 /* SOL_XDP */, XLAT_ID(sockopt_xdp), "XDP_???" },
};

static void put_optname(struct out *o, int level, uint64_t name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sockopt_names); i++) {
		if (sockopt_names[i].level == level) {
			o_xval(o, xlat_get(sockopt_names[i].x), (unsigned)name, sockopt_names[i].dflt);
			return;
		}
	}
	o_uint(o, (unsigned)name);
}

/* SOL_SOCKET options strace 6.1 knows to be ints: set with a length below 4
 * they show as the address, read back shorter as hex bytes; any other
 * option's value is an int only when its length is exactly 4. */
static bool so_int_like(unsigned name)
{
	static const uint8_t names[] = {
		1 /* SO_DEBUG */, 2 /* SO_REUSEADDR */, 5 /* SO_DONTROUTE */,
		6 /* SO_BROADCAST */, 7 /* SO_SNDBUF */, 8 /* SO_RCVBUF */,
		9 /* SO_KEEPALIVE */, 10 /* SO_OOBINLINE */, 11 /* SO_NO_CHECK */,
		12 /* SO_PRIORITY */, 14 /* SO_BSDCOMPAT */, 15 /* SO_REUSEPORT */,
		16 /* SO_PASSCRED */, 18 /* SO_RCVLOWAT */, 19 /* SO_SNDLOWAT */,
		27 /* SO_DETACH_FILTER */, 29 /* SO_TIMESTAMP_OLD */, 30 /* SO_ACCEPTCONN */,
		32 /* SO_SNDBUFFORCE */, 33 /* SO_RCVBUFFORCE */, 34 /* SO_PASSSEC */,
		35 /* SO_TIMESTAMPNS_OLD */, 36 /* SO_MARK */, 37 /* SO_TIMESTAMPING_OLD */,
		40 /* SO_RXQ_OVFL */, 41 /* SO_WIFI_STATUS */, 42 /* SO_PEEK_OFF */,
		43 /* SO_NOFCS */, 44 /* SO_LOCK_FILTER */, 45 /* SO_SELECT_ERR_QUEUE */,
		46 /* SO_BUSY_POLL */, 49 /* SO_INCOMING_CPU */, 53 /* SO_CNX_ADVICE */,
		56 /* SO_INCOMING_NAPI_ID */, 60 /* SO_ZEROCOPY */, 63 /* SO_TIMESTAMP_NEW */,
		64 /* SO_TIMESTAMPNS_NEW */, 65 /* SO_TIMESTAMPING_NEW */,
		68 /* SO_DETACH_REUSEPORT_BPF */, 69 /* SO_PREFER_BUSY_POLL */,
		70 /* SO_BUSY_POLL_BUDGET */, 73 /* SO_RESERVE_MEM */, 75 /* SO_RCVMARK */,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i] == name)
			return true;
	return false;
}

/* The captured value, at least need bytes of it, or NULL. */
static const uint8_t *optval(struct dctx *d, size_t need)
{
	return need ? dec_mem(d, 3, need) : NULL;
}

static void put_int_ptr(struct dctx *d)
{
	const uint8_t *p = optval(d, 4);
	int32_t v;

	if (!p) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	memcpy(&v, p, 4);
	o_array_begin(d->o);
	o_int(d->o, v);
	o_array_end(d->o);
}

/* len bytes as a string, "..." past -s (strace's printstrn); hex: every byte
 * as \x.. (what it prints of an int field read back too short). */
static void put_optstr(struct dctx *d, uint32_t len, bool hex)
{
	uint32_t n = MIN(len, d->opt->strsize);
	const uint8_t *p = optval(d, n);

	if (!p && n) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	o_str(d->o, p ? (const char *)p : "", n,
	      (len > n ? STR_MORE : 0) | (hex ? STR_HEX : 0));
}

/* An int field of a struct read back in len bytes (of 4): N, or the bytes
 * there are in hex. */
static void put_partial_int(struct dctx *d, const char *field, const uint8_t *p, uint32_t len,
			    bool is_signed)
{
	int32_t v;

	o_field(d->o, field);
	if (len < 4) {
		o_str(d->o, (const char *)p, len, STR_HEX);
		return;
	}
	memcpy(&v, p, 4);
	if (is_signed)
		o_int(d->o, v);
	else
		o_uint(d->o, (uint32_t)v);
}

/* getsockopt's struct linger / struct ucred: as many fields as len covers. */
static void put_get_fields(struct dctx *d, const char *const *fields, int nfields, bool is_signed,
			   uint32_t len)
{
	const uint8_t *p;
	int i;

	len = MIN(len, (uint32_t)nfields * 4);
	p = optval(d, len);
	if (!p) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	o_struct_begin(d->o);
	for (i = 0; i < nfields && (uint32_t)i * 4 < len; i++)
		put_partial_int(d, fields[i], p + i * 4, MIN(4u, len - (uint32_t)i * 4), is_signed);
	o_struct_end(d->o);
}

static void put_linger(struct dctx *d)
{
	const uint8_t *p = optval(d, 8);
	int32_t v[2];

	if (!p) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	memcpy(v, p, 8);
	o_struct_begin(d->o);
	o_field(d->o, "l_onoff");
	o_int(d->o, v[0]);
	o_field(d->o, "l_linger");
	o_int(d->o, v[1]);
	o_struct_end(d->o);
}

/* struct ip_mreq (an ip_mreqn is shown as one: its first 8 bytes). */
static void put_ip_mreq(struct dctx *d)
{
	const uint8_t *p = optval(d, 8);
	struct strbuf sb = STRBUF_INIT;

	if (!p) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	o_struct_begin(d->o);
	sb_inet(&sb, d->opt, AF_INET, p, false);
	put_net_field(d->o, "imr_multiaddr", p, 4, sb.buf);
	sb_reset(&sb);
	sb_inet(&sb, d->opt, AF_INET, p + 4, false);
	put_net_field(d->o, "imr_interface", p + 4, 4, sb.buf);
	sb_release(&sb);
	o_struct_end(d->o);
}

static void put_set_optval(struct dctx *d)
{
	int level = (int)d->c->args[1];
	unsigned name = (unsigned)d->c->args[2];
	int32_t len = (int32_t)d->c->args[4];

	if (d->c->args[3] && !d->unverbose) {
		if (level == SOL_SOCKET && name == SO_LINGER) {
			if (len < 8)
				o_ptr(d->o, d->c->args[3]);
			else
				put_linger(d);
			return;
		}
		if ((level == SOL_SOCKET && so_int_like(name)) || level == SOL_NETLINK) {
			if (len < 4)
				o_ptr(d->o, d->c->args[3]);
			else
				put_int_ptr(d);
			return;
		}
		if (level == SOL_IP && (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP)) {
			if (len < 8)
				o_ptr(d->o, d->c->args[3]);
			else
				put_ip_mreq(d);
			return;
		}
	}
	if (d->unverbose || !d->c->args[3])
		o_ptr(d->o, d->c->args[3]);
	else if (len == 4)
		put_int_ptr(d);
	else
		put_optstr(d, (uint32_t)len, false);
}

static void put_get_optval(struct dctx *d, int32_t ulen, int32_t rlen)
{
	static const char *const linger[] = { "l_onoff", "l_linger" };
	static const char *const ucred[] = { "pid", "uid", "gid" };
	int level = (int)d->c->args[1];
	unsigned name = (unsigned)d->c->args[2];

	/* Lengths the kernel would never give back: forged, the address. */
	if (ulen <= 0 || rlen <= 0 || d->unverbose || !d->c->args[3]) {
		o_ptr(d->o, d->c->args[3]);
		return;
	}
	if (level == SOL_SOCKET && name == SO_LINGER) {
		put_get_fields(d, linger, 2, true, (uint32_t)rlen);
		return;
	}
	if (level == SOL_SOCKET && name == SO_PEERCRED) {
		put_get_fields(d, ucred, 3, false, (uint32_t)rlen);
		return;
	}
	if (level == SOL_SOCKET && so_int_like(name)) {
		if (rlen >= 4)
			put_int_ptr(d);
		else
			put_optstr(d, (uint32_t)rlen, true);
		return;
	}
	if (rlen == 4)
		put_int_ptr(d);
	else
		put_optstr(d, (uint32_t)rlen, false);
}

void dec_sockopt(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	bool get = c->nr == __NR_getsockopt;
	int32_t n, ulen;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		o_xval(d->o, xlat_get(XLAT_ID(sockopt_levels)), (unsigned)c->args[1], "SOL_??");
		put_optname(d->o, (int)c->args[1], c->args[2]);
		if (!get) {
			put_set_optval(d);
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
	put_get_optval(d, cap_int(d, CAP_EXTRA(0), &ulen) ? ulen : n, n);
	put_socklen(d, CAP_EXTRA(0), 4, c->args[4]);
}

/* ---- sendmsg, recvmsg, sendmmsg, recvmmsg ------------------------------
 *
 * A msghdr points to a name, an iovec array, the iovecs' buffers and a
 * control buffer: more pieces than capture slots. The hooks read them one
 * after another through the scratch slot CAP_EXTRA(2) and pack them into
 * one slot (see pack_msghdr), which the decoders walk with a cursor.
 */
void cap_sendmsg(struct capctx *cc, int phase);
void dec_sendmsg(struct dctx *d, int phase);
void cap_recvmsg(struct capctx *cc, int phase);
void dec_recvmsg(struct dctx *d, int phase);
void cap_sendmmsg(struct capctx *cc, int phase);
void dec_sendmmsg(struct dctx *d, int phase);
void cap_recvmmsg(struct capctx *cc, int phase);
void dec_recvmmsg(struct dctx *d, int phase);

#define MSGHDR_SZ 56	 /* struct msghdr on x86_64 */
#define MMSGHDR_SZ 64	 /* struct mmsghdr: msghdr, msg_len, padding */
#define CMSGHDR_SZ 16	 /* struct cmsghdr */
#define IOV_MAX_READ 1024 /* UIO_MAXIOV: the kernel takes no more */
#define MMSG_MAX_READ 1024 /* UIO_MAXIOV bounds vlen too */
#define CONTROL_MAX 65536 /* control bytes copied at most */
#define NO_LIMIT UINT64_MAX

struct msghdr64 {
	uint64_t name;
	uint32_t namelen, pad0;
	uint64_t iov, iovlen, control, controllen;
	uint32_t flags, pad1;
};
_Static_assert(sizeof(struct msghdr64) == MSGHDR_SZ, "msghdr layout");

/* Copy len bytes at addr into dst through the scratch slot; false on a fault. */
static bool scratch_read(struct capctx *cc, uint64_t addr, uint32_t len, struct strbuf *dst)
{
	struct capture *k = &cc->c->cap[CAP_EXTRA(2)];
	bool ok;

	cap_queue(cc, CAP_EXTRA(2), addr, len);
	cap_flush(cc);
	ok = !(k->flags & CAP_FAULT) && k->len == len;
	if (ok)
		sb_add(dst, cc->c->data + k->off, len);
	call_cap_set_len(cc->c, CAP_EXTRA(2), 0);
	k->flags = 0;
	return ok;
}

/* A block: i32 bytes that follow (-1: unreadable or not read), the bytes. */
static void pack_block(struct capctx *cc, struct strbuf *sb, uint64_t addr, uint32_t len)
{
	size_t at = sb->len;
	int32_t got = -1;

	sb_add(sb, &got, 4);
	if (!len || scratch_read(cc, addr, len, sb)) {
		got = (int32_t)len;
		memcpy(sb->buf + at, &got, 4);
	}
}

static void pack_absent(struct strbuf *sb)
{
	int32_t none = -1;

	sb_add(sb, &none, 4);
}

/* After the control block at sb->buf + at: what each SCM_RIGHTS fd in it
 * refers to, read now (-y), as the decoder's cmsg walk will meet them:
 *   u32 count; per fd i32 fd, i32 fd_desc's result, u32 length, the text
 * The sender's fds are read at sendmsg's entry, the receiver's new ones at
 * recvmsg's exit, so a recording replays what they were then. */
static void pack_fd_descs(struct capctx *cc, struct strbuf *sb, size_t at)
{
	uint32_t n = 0, limit = cc->opt->verbose ? CONTROL_MAX / 4 : cc->opt->strsize;
	size_t count_at = sb->len, left, i;
	int32_t got;

	sb_add(sb, &n, 4);
	memcpy(&got, sb->buf + at, 4);
	if (!cc->opt->decode_fds || got < 0)
		return;
	/* Offsets, not pointers: sb grows below. */
	at += 4;
	left = (size_t)got;
	while (left >= CMSGHDR_SZ) {
		uint64_t cmsg_len, len;
		int32_t level, type;

		memcpy(&cmsg_len, sb->buf + at, 8);
		memcpy(&level, sb->buf + at + 8, 4);
		memcpy(&type, sb->buf + at + 12, 4);
		len = MIN(cmsg_len, (uint64_t)left);
		if (len < CMSGHDR_SZ)
			break;
		if (level == SOL_SOCKET && type == SCM_RIGHTS) {
			for (i = 0; i < (len - CMSGHDR_SZ) / 4 && i < limit; i++) {
				int32_t fd;

				memcpy(&fd, sb->buf + at + CMSGHDR_SZ + i * 4, 4);
				cap_pack_fd_text(cc, sb, fd);
				n++;
			}
		}
		len = (cmsg_len + 7) & ~7ull;
		if (len >= left)
			break;
		at += len;
		left -= len;
	}
	memcpy(sb->buf + count_at, &n, 4);
}

/* Append to sb the msghdr m and what it points to:
 *   the msghdr (MSGHDR_SZ bytes)
 *   name block (min(namelen, user_namelen) bytes, as strace reads it)
 *   u32 iovecs read, u32 1 if the array faulted before its end; per iovec
 *     u64 base, u64 len, u64 bytes to show (len cut by data_size),
 *     then a block of the first -s of those bytes
 *   control block (min(controllen, CONTROL_MAX) bytes)
 *   the SCM_RIGHTS fds' descriptions (pack_fd_descs)
 * data_size: the bytes the call moved (recvmsg's return), or NO_LIMIT.
 * budget: under -e read=/write= (dump_msg), the bytes still to take for the
 * dump: then every iovec is read (not only the first -s) and each block
 * holds all its bytes to show, as far as the budget goes; else NULL. */
static void pack_msghdr(struct capctx *cc, struct strbuf *sb, const struct msghdr64 *m,
			uint64_t data_size, int32_t user_namelen, uint64_t *budget)
{
	int32_t namelen = (int32_t)m->namelen;
	uint32_t want = 0, n = 0, i, fault = 0;
	size_t at;

	sb_add(sb, m, MSGHDR_SZ);
	if (user_namelen >= 0 && namelen > user_namelen)
		namelen = user_namelen;
	if (m->name && namelen >= 2)
		pack_block(cc, sb, m->name, clamp_len((uint64_t)namelen));
	else
		pack_absent(sb);

	if (m->iov && m->iovlen) {
		want = (uint32_t)MIN(m->iovlen, (uint64_t)IOV_MAX_READ);
		if (!cc->opt->verbose && !budget && want > cc->opt->strsize)
			want = cc->opt->strsize;
	}
	at = sb->len;
	sb_add(sb, &n, 4);
	sb_add(sb, &fault, 4);
	for (i = 0; i < want; i++) {
		struct strbuf one = STRBUF_INIT;
		uint64_t base, len, show, take;

		if (!scratch_read(cc, m->iov + i * 16ull, 16, &one)) {
			sb_release(&one);
			fault = 1;
			break;
		}
		memcpy(&base, one.buf, 8);
		memcpy(&len, one.buf + 8, 8);
		sb_release(&one);
		show = MIN(len, data_size);
		if (data_size != NO_LIMIT)
			data_size -= show;
		sb_add(sb, &base, 8);
		sb_add(sb, &len, 8);
		sb_add(sb, &show, 8);
		take = budget ? MIN(show, *budget) : MIN(show, (uint64_t)cc->opt->strsize);
		if (budget)
			*budget -= take;
		pack_block(cc, sb, base, base ? (uint32_t)take : 0);
		n++;
	}
	memcpy(sb->buf + at, &n, 4);
	memcpy(sb->buf + at + 4, &fault, 4);

	at = sb->len;
	if (m->control && m->controllen >= CMSGHDR_SZ)
		pack_block(cc, sb, m->control, (uint32_t)MIN(m->controllen, (uint64_t)CONTROL_MAX));
	else
		pack_absent(sb);
	pack_fd_descs(cc, sb, at);
}

static void store(struct capctx *cc, int slot, const struct strbuf *sb)
{
	uint8_t *dst = call_cap_alloc(cc->c, slot, (uint32_t)sb->len);

	if (sb->len)
		memcpy(dst, sb->buf, sb->len);
}

/* Read the msghdr at addr into m; false on a fault. */
static bool read_msghdr(struct capctx *cc, uint64_t addr, struct msghdr64 *m)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = addr && scratch_read(cc, addr, MSGHDR_SZ, &sb);

	if (ok)
		memcpy(m, sb.buf, MSGHDR_SZ);
	sb_release(&sb);
	return ok;
}

/* The bytes -e read=/write= may still take of this call, or NULL. */
static uint64_t *dump_budget(struct capctx *cc, uint64_t *budget)
{
	bool vector;

	*budget = DUMP_MAX;
	return dump_msg(cc->opt, cc->sig, cc->c, &vector) ? budget : NULL;
}

/* sendmsg: everything is input, packed into slot 1 at entry. */
void cap_sendmsg(struct capctx *cc, int phase)
{
	struct msghdr64 m;
	uint64_t budget;

	if (phase != PH_ENTRY || !read_msghdr(cc, cc->c->args[1], &m))
		return;
	sb_reset(&cc->tmp);
	pack_msghdr(cc, &cc->tmp, &m, NO_LIMIT, -1, dump_budget(cc, &budget));
	store(cc, 1, &cc->tmp);
}

/* recvmsg: the msghdr at entry into CAP_EXTRA(0) (its msg_namelen is what
 * the caller offered), and at exit, packed into slot 1, what the kernel filled
 * in, the buffers cut at the return value. */
void cap_recvmsg(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	struct msghdr64 m;
	const struct capture *k;
	int32_t user = -1;
	uint64_t budget;

	if (!c->args[1])
		return;
	if (phase == PH_ENTRY) {
		cap_queue(cc, CAP_EXTRA(0), c->args[1], MSGHDR_SZ);
		return;
	}
	if (call_failed(c) || !read_msghdr(cc, c->args[1], &m))
		return;
	k = call_cap(c, CAP_EXTRA(0));
	if (k && !(k->flags & CAP_FAULT) && k->len == MSGHDR_SZ)
		memcpy(&user, call_cap_data(c, k) + 8, 4);
	sb_reset(&cc->tmp);
	pack_msghdr(cc, &cc->tmp, &m, (uint64_t)c->ret, user, dump_budget(cc, &budget));
	store(cc, 1, &cc->tmp);
}

/* The mmsghdr vector at addr, packed into slot 1: u32 entries read, u32 1 if
 * the array faulted before n entries; per entry a packed msghdr and u32 msg_len.
 * recv: each entry's buffers are cut at its msg_len. */
static void pack_mmsgvec(struct capctx *cc, uint64_t addr, uint32_t n, bool recv)
{
	struct strbuf *sb = &cc->tmp;
	uint32_t i, got = 0, fault = 0;
	uint64_t budget, *dump = dump_budget(cc, &budget);

	if (n > MMSG_MAX_READ)
		n = MMSG_MAX_READ;
	if (!cc->opt->verbose && !dump && n > cc->opt->strsize)
		n = cc->opt->strsize + 1; /* one more, to know whether "..." follows */
	sb_reset(sb);
	sb_add(sb, &got, 4);
	sb_add(sb, &fault, 4);
	for (i = 0; i < n; i++) {
		struct strbuf one = STRBUF_INIT;
		struct msghdr64 m;
		uint32_t len;

		if (!scratch_read(cc, addr + (uint64_t)i * MMSGHDR_SZ, MMSGHDR_SZ, &one)) {
			sb_release(&one);
			fault = 1;
			break;
		}
		memcpy(&m, one.buf, MSGHDR_SZ);
		memcpy(&len, one.buf + MSGHDR_SZ, 4);
		sb_release(&one);
		pack_msghdr(cc, sb, &m, recv ? len : NO_LIMIT, -1, dump);
		sb_add(sb, &len, 4);
		got++;
	}
	memcpy(sb->buf, &got, 4);
	memcpy(sb->buf + 4, &fault, 4);
	store(cc, 1, sb);
}

/* sendmmsg: the vector at exit, when msg_len is known (strace prints it then). */
void cap_sendmmsg(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_EXIT && c->args[1])
		pack_mmsgvec(cc, c->args[1], (uint32_t)c->args[2], false);
}

/* recvmmsg: the timeout at entry (slot 4) and exit (CAP_EXTRA(0)), the
 * received entries at exit. */
void cap_recvmmsg(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY) {
		if (c->args[4])
			cap_queue(cc, 4, c->args[4], 16);
		return;
	}
	if (call_failed(c))
		return;
	if (c->args[4])
		cap_queue(cc, CAP_EXTRA(0), c->args[4], 16);
	cap_flush(cc);
	if (c->args[1] && c->ret > 0)
		pack_mmsgvec(cc, c->args[1], (uint32_t)c->ret, true);
}

/* A cursor over a packed capture. */
struct cur {
	const uint8_t *p, *end;
	bool bad;
};

static bool take(struct cur *q, void *dst, size_t n)
{
	if (q->bad || (size_t)(q->end - q->p) < n) {
		q->bad = true;
		return false;
	}
	if (dst)
		memcpy(dst, q->p, n);
	q->p += n;
	return true;
}

/* A block: its bytes (NULL when unreadable) and length. */
static const uint8_t *take_block(struct cur *q, int32_t *len)
{
	const uint8_t *p;

	if (!take(q, len, 4) || *len < 0)
		return NULL;
	p = q->p;
	if (!take(q, NULL, (size_t)*len))
		return NULL;
	return p;
}

void put_sockaddr_mem(struct dctx *d, const uint8_t *p, size_t n)
{
	struct call c;

	/* put_sockaddr reads a capture slot; give it one over these bytes. */
	memset(&c, 0, sizeof(c));
	c.data = (uint8_t *)p;
	c.cap[0] = (struct capture){ .off = 0, .len = (uint32_t)n, .flags = CAP_PRESENT };
	{
		struct dctx sub = *d;

		sub.c = &c;
		put_sockaddr(&sub, 0, 1, n);
	}
}

/* The packed fd descriptions of a msghdr (pack_fd_descs). */
struct fdtab {
	const uint8_t *p, *end;
};

static bool take_fdtab(struct cur *q, struct fdtab *t)
{
	uint32_t n, i, len;

	if (!take(q, &n, 4))
		return false;
	t->p = q->p;
	for (i = 0; i < n; i++)
		if (!take(q, NULL, 8) || !take(q, &len, 4) || !take(q, NULL, len))
			return false;
	t->end = q->p;
	return true;
}

/* The fd with what -y found for it, if anything was. */
static void put_cmsg_fd(struct dctx *d, const struct fdtab *t, int32_t fd)
{
	const uint8_t *p = t ? t->p : NULL;

	while (p && p + 12 <= t->end) {
		int32_t f, rc;
		uint32_t len;

		memcpy(&f, p, 4);
		memcpy(&rc, p + 4, 4);
		memcpy(&len, p + 8, 4);
		if (f == fd && rc >= 0) {
			o_fd_ex(d->o, fd, (const char *)p + 12, len, rc > 0);
			return;
		}
		p += 12 + len;
	}
	o_fd(d->o, fd, NULL, 0);
}

static void put_scm_rights(struct dctx *d, const uint8_t *p, size_t n, const struct fdtab *t)
{
	size_t i, cnt = n / 4;

	o_array_begin(d->o);
	for (i = 0; i < cnt; i++) {
		int32_t fd;

		if (!d->opt->verbose && i >= d->opt->strsize) {
			o_more(d->o);
			break;
		}
		memcpy(&fd, p + i * 4, 4);
		put_cmsg_fd(d, t, fd);
	}
	o_array_end(d->o);
}

static void put_id(struct out *o, uint32_t id)
{
	if (id == UINT32_MAX)
		o_int(o, -1);
	else
		o_uint(o, id);
}

static void put_scm_creds(struct dctx *d, const uint8_t *p)
{
	int32_t pid;
	uint32_t uid, gid;

	memcpy(&pid, p, 4);
	memcpy(&uid, p + 4, 4);
	memcpy(&gid, p + 8, 4);
	o_struct_begin(d->o);
	o_field(d->o, "pid");
	o_int(d->o, pid);
	o_field(d->o, "uid");
	put_id(d->o, uid);
	o_field(d->o, "gid");
	put_id(d->o, gid);
	o_struct_end(d->o);
}

/* The control messages, as strace's decode_msg_control walks them. */
static void put_control(struct dctx *d, uint64_t addr, uint64_t in_len, const uint8_t *buf,
			int32_t got, const struct fdtab *t)
{
	uint64_t len_read = MIN(in_len, (uint64_t)CONTROL_MAX), left;
	const uint8_t *p = buf;

	o_field(d->o, "msg_control");
	if (!buf || (uint64_t)got != len_read) {
		o_ptr(d->o, addr);
		return;
	}
	left = len_read;
	o_array_begin(d->o);
	while (left >= CMSGHDR_SZ) {
		uint64_t cmsg_len, len;
		int32_t level, type;

		memcpy(&cmsg_len, p, 8);
		memcpy(&level, p + 8, 4);
		memcpy(&type, p + 12, 4);
		len = MIN(cmsg_len, left);
		o_struct_begin(d->o);
		o_field(d->o, "cmsg_len");
		o_uint(d->o, cmsg_len);
		o_field(d->o, "cmsg_level");
		o_xval(d->o, xlat_get(XLAT_ID(sockopt_levels)), (unsigned)level, "SOL_???");
		o_field(d->o, "cmsg_type");
		if (level == SOL_SOCKET) {
			size_t dlen = len > CMSGHDR_SZ ? len - CMSGHDR_SZ : 0;

			o_xval(d->o, xlat_get(XLAT_ID(scm_types)), (unsigned)type, "SCM_???");
			if (type == SCM_RIGHTS && dlen >= 4) {
				o_field(d->o, "cmsg_data");
				put_scm_rights(d, p + CMSGHDR_SZ, dlen, t);
			} else if (type == SCM_CREDENTIALS && dlen >= 12) {
				o_field(d->o, "cmsg_data");
				put_scm_creds(d, p + CMSGHDR_SZ);
			} else if (type == 3 /* SCM_SECURITY */ && dlen >= 1) {
				o_field(d->o, "cmsg_data");
				o_str(d->o, p + CMSGHDR_SZ, MIN(dlen, (size_t)d->opt->strsize),
				      dlen > d->opt->strsize ? STR_MORE : 0);
			}
		} else {
			o_hex(d->o, (unsigned)type);
		}
		o_struct_end(d->o);
		if (len < CMSGHDR_SZ) {
			left -= CMSGHDR_SZ;
			break;
		}
		len = (cmsg_len + 7) & ~7ull;
		if (len >= left) {
			left = 0;
			break;
		}
		p += len;
		left -= len;
	}
	if (left) {
		char buf2[40];

		o_more(d->o);
		snprintf(buf2, sizeof(buf2), "%#llx", (unsigned long long)(addr + len_read - left));
		o_comment(d->o, buf2);
	} else if (len_read < in_len) {
		o_more(d->o);
	}
	o_array_end(d->o);
}

/* The iovecs: the first -s (all under -v); a capture for -e read=/write=
 * holds more of them, and more bytes, than are shown. */
static void put_iovs(struct dctx *d, struct cur *q, const struct msghdr64 *m)
{
	uint32_t n, fault, i, shown;

	if (!take(q, &n, 4) || !take(q, &fault, 4))
		return;
	if (!m->iov) {
		o_ptr(d->o, 0);
		return;
	}
	if (!m->iovlen) {
		o_array_begin(d->o);
		o_array_end(d->o);
		return;
	}
	if (!n && fault) {
		o_ptr(d->o, m->iov);
		return;
	}
	shown = d->opt->verbose ? n : MIN(n, d->opt->strsize);
	o_array_begin(d->o);
	for (i = 0; i < n; i++) {
		uint64_t base, len, show;
		const uint8_t *p;
		int32_t got;
		uint32_t cut;

		if (!take(q, &base, 8) || !take(q, &len, 8) || !take(q, &show, 8))
			return;
		p = take_block(q, &got);
		if (q->bad)
			return;
		if (i >= shown)
			continue; /* read for the dump only */
		o_struct_begin(d->o);
		o_field(d->o, "iov_base");
		cut = p ? MIN((uint32_t)got, d->opt->strsize) : 0;
		if (!base)
			o_ptr(d->o, 0);
		else if (!p)
			o_ptr(d->o, base);
		else
			o_str(d->o, p, cut, show > cut ? STR_MORE : 0);
		o_field(d->o, "iov_len");
		o_uint(d->o, len);
		o_struct_end(d->o);
	}
	if (shown < n) {
		o_more(d->o);
	} else if (fault) {
		char buf[40];

		o_more(d->o);
		snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)(m->iov + n * 16ull));
		o_comment(d->o, buf);
	} else if (n < m->iovlen) {
		o_more(d->o);
	}
	o_array_end(d->o);
}

/* One packed msghdr at the cursor: {msg_name=..., ..., msg_flags=...}.
 * user_namelen >= 0: what the caller offered, shown as "16 => 0" if changed. */
static void put_msghdr(struct dctx *d, struct cur *q, int64_t user_namelen)
{
	struct msghdr64 m;
	const uint8_t *name, *ctl;
	int32_t name_got, ctl_got;
	struct fdtab fds;
	bool have_fds;

	if (!take(q, &m, MSGHDR_SZ))
		return;
	o_struct_begin(d->o);
	o_field(d->o, "msg_name");
	name = take_block(q, &name_got);
	if (!m.name)
		o_ptr(d->o, 0);
	else if (!name || name_got < 2)
		o_ptr(d->o, m.name);
	else
		put_sockaddr_mem(d, name, (size_t)name_got);
	o_field(d->o, "msg_namelen");
	if (user_namelen >= 0 && user_namelen != (int32_t)m.namelen) {
		o_int(d->o, user_namelen);
		o_changed(d->o);
	}
	o_int(d->o, (int32_t)m.namelen);
	o_field(d->o, "msg_iov");
	put_iovs(d, q, &m);
	o_field(d->o, "msg_iovlen");
	o_uint(d->o, m.iovlen);
	ctl = take_block(q, &ctl_got);
	have_fds = take_fdtab(q, &fds);
	if (m.controllen)
		put_control(d, m.control, m.controllen, ctl, ctl_got, have_fds ? &fds : NULL);
	o_field(d->o, "msg_controllen");
	o_uint(d->o, m.controllen);
	o_field(d->o, "msg_flags");
	o_flags(d->o, xlat_get(XLAT_ID(msg_flags)), m.flags, "MSG_???");
	o_struct_end(d->o);
}

static bool cursor(struct dctx *d, int slot, struct cur *q)
{
	const struct capture *k = call_cap(d->c, slot);

	if (!k || (k->flags & CAP_FAULT))
		return false;
	q->p = call_cap_data(d->c, k);
	q->end = q->p + k->len;
	q->bad = false;
	return true;
}

void dec_sendmsg(struct dctx *d, int phase)
{
	struct cur q;

	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	if (cursor(d, 1, &q))
		put_msghdr(d, &q, -1);
	else
		o_ptr(d->o, d->c->args[1]);
	dec_arg(d, 2);
}

void dec_recvmsg(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const uint8_t *in = dec_mem(d, CAP_EXTRA(0), MSGHDR_SZ);
	int32_t user = -1;
	struct cur q;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	if (in)
		memcpy(&user, in + 8, 4);
	if (!call_failed(c) && cursor(d, 1, &q)) {
		put_msghdr(d, &q, in ? user : -1);
	} else if (call_failed(c) && in) {
		/* strace shows what it read at entry: the length offered */
		o_struct_begin(d->o);
		o_field(d->o, "msg_namelen");
		o_int(d->o, user);
		o_struct_end(d->o);
	} else {
		o_ptr(d->o, c->args[1]);
	}
	dec_arg(d, 2);
}

/* The packed vector in slot 1; n_len entries get msg_len. */
static void put_mmsgvec(struct dctx *d, uint64_t vlen, uint64_t n_len)
{
	uint32_t n, fault, i;
	struct cur q;

	if (!d->c->args[1]) {
		o_ptr(d->o, 0);
		return;
	}
	if (!cursor(d, 1, &q) || !take(&q, &n, 4) || !take(&q, &fault, 4) || (!n && fault)) {
		o_ptr(d->o, d->c->args[1]);
		return;
	}
	o_array_begin(d->o);
	for (i = 0; i < n; i++) {
		uint32_t len;

		if (!d->opt->verbose && i >= d->opt->strsize) {
			o_more(d->o);
			break;
		}
		o_struct_begin(d->o);
		o_field(d->o, "msg_hdr");
		put_msghdr(d, &q, -1);
		if (!take(&q, &len, 4))
			break;
		if (i < n_len) {
			o_field(d->o, "msg_len");
			o_uint(d->o, len);
		}
		o_struct_end(d->o);
	}
	if (fault && !q.bad && i == n) {
		char buf[40];

		o_more(d->o);
		snprintf(buf, sizeof(buf), "%#llx",
			 (unsigned long long)(d->c->args[1] + (uint64_t)n * MMSGHDR_SZ));
		o_comment(d->o, buf);
	}
	(void)vlen;
	o_array_end(d->o);
}

void dec_sendmmsg(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	put_mmsgvec(d, c->args[2], call_failed(c) ? 0 : (uint64_t)c->ret);
	o_uint(d->o, (unsigned)c->args[2]);
	dec_arg(d, 3);
}

void dec_recvmmsg(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const uint8_t *ts;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	if (call_failed(c))
		o_ptr(d->o, c->args[1]);
	else
		put_mmsgvec(d, (uint64_t)c->ret, (uint64_t)c->ret);
	o_uint(d->o, (unsigned)c->args[2]);
	dec_arg(d, 3);
	ts = dec_mem(d, 4, 16);
	if (c->args[4] && ts)
		out_timespec(d->o, ts);
	else
		o_ptr(d->o, c->args[4]);
	if (call_failed(c))
		return;
	if (c->ret == 0) {
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(Timeout)");
		return;
	}
	ts = dec_mem(d, CAP_EXTRA(0), 16);
	if (c->args[4] && ts) {
		struct strbuf sb = STRBUF_INIT;
		struct out o;

		out_text_init(&o, &sb, d->opt);
		out_timespec(&o, ts);
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(left %.*s)", (int)MIN(sb.len, 200u),
			 sb.buf ? sb.buf : "");
		sb_release(&sb);
	}
}

/* ---- -e read=/write=: the iovecs of a packed msghdr (net.h) ---------- */

bool msg_walk_begin(const struct call *c, bool vector, struct msg_walk *w)
{
	const struct capture *k = call_cap(c, 1);
	struct cur q;
	uint32_t n;

	if (!k || (k->flags & CAP_FAULT))
		return false;
	q = (struct cur){ call_cap_data(c, k), call_cap_data(c, k) + k->len, false };
	w->vector = vector;
	w->left = 1;
	if (vector && (!take(&q, &n, 4) || !take(&q, NULL, 4)))
		return false;
	if (vector)
		w->left = n;
	w->p = q.p;
	w->end = q.end;
	return true;
}

bool msg_walk_next(struct msg_walk *w, struct msg_bufs *m)
{
	struct cur q = { w->p, w->end, false };
	struct msghdr64 h;
	uint32_t n, fault, i;
	int32_t got;
	struct fdtab fds;

	if (!w->left || !take(&q, &h, MSGHDR_SZ))
		return false;
	take_block(&q, &got);
	if (!take(&q, &n, 4) || !take(&q, &fault, 4))
		return false;
	m->iovlen = h.iovlen;
	m->readable = h.iov && !fault;
	m->p = q.p;
	for (i = 0; i < n; i++) {
		take(&q, NULL, 24);
		take_block(&q, &got);
	}
	m->end = q.p;
	take_block(&q, &got);
	take_fdtab(&q, &fds);
	m->msg_len = 0;
	if (w->vector)
		take(&q, &m->msg_len, 4);
	if (q.bad)
		return false;
	w->p = q.p;
	w->left--;
	return true;
}

bool msg_bufs_next(struct msg_bufs *m, uint64_t *len, int32_t *got, const uint8_t **data)
{
	struct cur q = { m->p, m->end, false };

	if (!take(&q, NULL, 8) || !take(&q, len, 8) || !take(&q, NULL, 8))
		return false;
	*data = take_block(&q, got);
	if (q.bad)
		return false;
	m->p = q.p;
	return true;
}
