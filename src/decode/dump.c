/* dump.c: what -e read=/write= dumps of a call, from its captures: the plain
 * buffer, each iovec (readv, writev ...), each message's buffers (sendmsg,
 * recvmsg, sendmmsg, recvmmsg), as strace's dumpio chooses them. The
 * formatter says how (struct dump_ops): the text formatter prints strace's
 * lines and hex blocks. */
#include "core/filter.h"
#include "core/util.h"
#include "decode/decode.h"
#include "decode/file.h"
#include "decode/net.h"

/* A plain buffer under -e read=/write= (dump_arg): a write's bytes as asked
 * (strace dumps its size argument, even when the call failed or wrote less),
 * a read's as far as it returned; nothing when the buffer could not be read
 * whole, as strace's dump then gives up. */
static void buf_dump(const struct dopts *o, const struct syscall_sig *sig, const struct call *c,
		     const struct dump_ops *ops, void *ctx)
{
	int i = dump_arg(o, sig, c);
	const struct capture *k = i > 0 ? call_cap(c, DUMP_SLOT) : NULL;

	if (!k || (k->flags & (CAP_FAULT | CAP_PARTIAL)) || !k->len)
		return;
	if (!sig->args[i].out)
		ops->bytes(ctx, call_cap_data(c, k), k->len);
	else if (!call_failed(c) && c->ret > 0)
		ops->bytes(ctx, call_cap_data(c, k), MIN((uint64_t)k->len, (uint64_t)c->ret));
}

/* One iovec of strace's dumpiov: " * 6 bytes in buffer 0", then its dump
 * (len bytes of the got copied at p). False once nothing is left: strace
 * stops at the first empty buffer. */
static bool iov_piece_dump(const struct dump_ops *ops, void *ctx, unsigned i, uint64_t len,
			   uint64_t *left, int32_t got, const uint8_t *p)
{
	len = MIN(len, *left);
	if (!len)
		return false;
	*left -= len;
	ops->buffer(ctx, len, i);
	if (got > 0)
		ops->bytes(ctx, p, MIN(len, (uint64_t)got));
	return true;
}

/* readv/writev & co under -e read=/write=: each iovec's bytes as strace's
 * dumpiov; a write's whole buffers (even when the call failed), a read's up
 * to what it returned. */
static void iov_dump(const struct dopts *o, const struct syscall_sig *sig, const struct call *c,
		     const struct dump_ops *ops, void *ctx)
{
	int kind = dump_iov(o, sig, c);
	uint64_t base, len, left;
	const uint8_t *p;
	uint32_t pos = 0;
	int32_t got;
	unsigned i;

	if (!kind || (kind == DUMP_READ && call_failed(c)))
		return;
	left = kind == DUMP_READ ? (uint64_t)c->ret : UINT64_MAX;
	for (i = 0; iov_piece(c, &pos, &base, &len, &got, &p); i++)
		if (!iov_piece_dump(ops, ctx, i, len, &left, got, p))
			break;
}

/* sendmsg/recvmsg the same; sendmmsg/recvmmsg each message the call
 * moved, after " = 2 buffers in vector 0", cut at its msg_len. (A failed
 * sendmmsg is not dumped: strace 6.1 then walks the vector as if it were
 * 2^32 - 1 messages long, into whatever memory follows it.) */
static void msg_dump(const struct dopts *o, const struct syscall_sig *sig, const struct call *c,
		     const struct dump_ops *ops, void *ctx)
{
	bool vector = false;
	int kind = dump_msg(o, sig, c, &vector);
	struct msg_walk w;
	struct msg_bufs m;
	uint64_t len, left;
	const uint8_t *p;
	int32_t got;
	unsigned v, i;

	if (!kind || ((kind == DUMP_READ || vector) && call_failed(c)) ||
	    !msg_walk_begin(c, vector, &w))
		return;
	for (v = 0; (!vector || v < (uint64_t)c->ret) && msg_walk_next(&w, &m); v++) {
		if (vector)
			ops->vector(ctx, m.iovlen, v);
		left = vector ? m.msg_len : kind == DUMP_READ ? (uint64_t)c->ret : UINT64_MAX;
		if (!m.readable)
			continue;
		for (i = 0; msg_bufs_next(&m, &len, &got, &p); i++)
			if (!iov_piece_dump(ops, ctx, i, len, &left, got, p))
				break;
	}
}

void decode_dumps(const struct dopts *o, const struct syscall_sig *sig, const struct call *c,
		  const struct dump_ops *ops, void *ctx)
{
	buf_dump(o, sig, c, ops, ctx);
	iov_dump(o, sig, c, ops, ctx);
	msg_dump(o, sig, c, ops, ctx);
}
