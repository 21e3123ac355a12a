/* capture.c: the generic capture plan (what each argument kind copies) and
 * the batching of tracee reads. */
#include "syscalls/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "core/filter.h"
#include "core/util.h"

void cap_queue(struct capctx *cc, int slot, uint64_t addr, uint32_t len)
{
	if (cc->nq == CAP_MAX_REQS)
		cap_flush(cc);
	cc->q[cc->nq++] = (struct capreq){ .slot = slot, .addr = addr, .len = len, .str = false };
}

void cap_queue_str(struct capctx *cc, int slot, uint64_t addr, uint32_t maxlen)
{
	if (cc->nq == CAP_MAX_REQS)
		cap_flush(cc);
	cc->q[cc->nq++] = (struct capreq){ .slot = slot, .addr = addr, .len = maxlen, .str = true };
}

void cap_flush(struct capctx *cc)
{
	uint8_t *dst[CAP_MAX_REQS];
	uint32_t got[CAP_MAX_REQS];
	int err[CAP_MAX_REQS];
	int i, n = cc->nq, rc;

	if (!n)
		return;
	cc->nq = 0;
	for (i = 0; i < n; i++) {
		dst[i] = NULL;
		got[i] = 0;
		err[i] = 0;
	}
	/* Allocate every slot first: allocation may move call->data. */
	for (i = 0; i < n; i++)
		call_cap_alloc(cc->c, cc->q[i].slot, cc->q[i].len);
	for (i = 0; i < n; i++)
		dst[i] = cc->c->data + cc->c->cap[cc->q[i].slot].off;
	rc = cc->rd->read(cc->rd->be, cc->pid, cc->q, n, dst, got, err);
	for (i = 0; i < n; i++) {
		struct capture *k = &cc->c->cap[cc->q[i].slot];
		const struct capreq *r = &cc->q[i];

		if (rc < 0 && !got[i] && !err[i])
			err[i] = -rc;
		if (r->str) {
			uint8_t *z;

			k->flags |= CAP_STRING;
			z = memchr(dst[i], 0, got[i]);
			if (z) {
				k->len = z - dst[i];
				k->flags |= CAP_NUL;
				continue;
			}
		}
		k->len = got[i];
		if (got[i] < r->len) {
			if (!got[i]) {
				k->flags |= CAP_FAULT;
				k->err = err[i] ? err[i] : EFAULT;
			} else {
				k->flags |= CAP_PARTIAL;
				k->err = err[i];
			}
		} else if (r->str) {
			/* No NUL within the limit: the string goes on. */
			k->flags |= CAP_MORE;
		}
	}
}

static void fd_desc(struct capctx *cc, int slot, long long fd, unsigned what)
{
	int rc;
	uint8_t *p;

	if (!what || (fd < 0 && fd != AT_FDCWD) || fd > 0x7fffffff || !cc->rd->fd_desc)
		return;
	sb_reset(&cc->tmp);
	rc = cc->rd->fd_desc(cc->rd->be, cc->pid, (int)fd, what, &cc->tmp);
	if (rc < 0)
		return;
	p = call_cap_alloc(cc->c, slot, cc->tmp.len);
	if (cc->tmp.len)
		memcpy(p, cc->tmp.buf, cc->tmp.len);
	if (rc > 0)
		cc->c->cap[slot].flags |= CAP_DELETED;
}

void cap_fd_desc(struct capctx *cc, int slot, long long fd)
{
	fd_desc(cc, slot, fd, cc->opt->decode_fds);
}

int cap_fd_text(struct capctx *cc, long long fd, struct strbuf *out)
{
	if (!cc->opt->decode_fds || fd < 0 || fd > 0x7fffffff || !cc->rd->fd_desc)
		return -1;
	return cc->rd->fd_desc(cc->rd->be, cc->pid, (int)fd, cc->opt->decode_fds, out);
}

void cap_pack_fd_text(struct capctx *cc, struct strbuf *sb, int32_t fd)
{
	struct strbuf text = STRBUF_INIT;
	int32_t rc = cap_fd_text(cc, fd, &text);
	uint32_t len = rc < 0 ? 0 : (uint32_t)text.len;

	sb_add(sb, &fd, 4);
	sb_add(sb, &rc, 4);
	sb_add(sb, &len, 4);
	if (len)
		sb_add(sb, text.buf, len);
	sb_release(&text);
}

/* Packed argv layout helpers. */
static void put_u32(struct strbuf *sb, uint32_t v) { sb_add(sb, &v, 4); }

void cap_argv(struct capctx *cc, int slot, uint64_t addr, bool count_only)
{
	uint64_t ptrs[256];
	uint32_t count = 0, more = 0, limit = count_only ? CAP_ARGV_MAX : cc->opt->strsize;
	struct strbuf *sb = &cc->tmp;
	uint8_t *p;

	sb_reset(sb);
	if (limit > CAP_ARGV_MAX)
		limit = CAP_ARGV_MAX;
	/* Read the pointer array in chunks until its NULL (or a fault, or the limit). */
	for (;;) {
		uint32_t want = MIN(256u, limit + 1 - count), got, j;
		const struct capture *k;

		cap_queue(cc, CAP_EXTRA(2), addr + count * 8ull, want * 8);
		cap_flush(cc);
		k = &cc->c->cap[CAP_EXTRA(2)];
		got = k->len / 8;
		memcpy(ptrs, cc->c->data + k->off, got * 8);
		/* Give the scratch slot back. */
		call_cap_set_len(cc->c, CAP_EXTRA(2), 0);
		cc->c->cap[CAP_EXTRA(2)].flags = 0;
		for (j = 0; j < got; j++) {
			if (!ptrs[j])
				goto done;
			if (count == limit) {
				more = 1;
				goto done;
			}
			if (!count_only) {
				/* Strings are read below, one batch per chunk. */
				cap_queue_str(cc, CAP_EXTRA(2), ptrs[j], cc->opt->strsize + 1);
				cap_flush(cc);
				k = &cc->c->cap[CAP_EXTRA(2)];
				put_u32(sb, k->flags & CAP_FAULT ? (uint32_t)-(int32_t)k->err : k->len);
				put_u32(sb, k->flags & (CAP_MORE | CAP_PARTIAL) ? CAP_MORE : 0);
				if (!(k->flags & CAP_FAULT)) {
					uint32_t len = MIN(k->len, cc->opt->strsize);

					if (len < k->len || (k->flags & CAP_MORE)) {
						/* replace the header written above */
						sb->len -= 8;
						put_u32(sb, len);
						put_u32(sb, CAP_MORE);
					}
					sb_add(sb, cc->c->data + k->off, len);
				}
				call_cap_set_len(cc->c, CAP_EXTRA(2), 0);
				cc->c->cap[CAP_EXTRA(2)].flags = 0;
			}
			count++;
		}
		if (got < want) {
			/* The array itself faulted. */
			more = 2;
			goto done;
		}
	}
done:
	p = call_cap_alloc(cc->c, slot, 8 + sb->len);
	memcpy(p, &count, 4);
	memcpy(p + 4, &more, 4);
	if (sb->len) /* an empty argv (execve(path, NULL, ...)) leaves sb->buf NULL */
		memcpy(p + 8, sb->buf, sb->len);
}

static uint64_t size_of(const struct call *c, const struct argspec *a)
{
	if (a->size == SZ_RET)
		return c->ret < 0 ? 0 : (uint64_t)c->ret;
	if (a->size >= SZ_ARG0 && a->size < SZ_ARG0 + 6)
		return c->args[a->size - SZ_ARG0];
	if (a->size == SZ_FIXED)
		return a->bytes;
	return 0;
}

/* pipe([3, 4]) with -y: the two new fds' descriptions go to CAP_FDDESC(i)
 * and CAP_FDDESC(i + 1), free since arguments i and i + 1 are not fds (the
 * pair is the last argument of pipe, pipe2 and socketpair). */
static void fdpair_descs(struct capctx *cc, int i, uint64_t addr)
{
	const struct capture *k;
	const int32_t *fds;

	cap_queue(cc, i, addr, 8);
	if (!cc->opt->decode_fds || CAP_FDDESC(i + 1) >= CAP_RETDESC)
		return;
	cap_flush(cc);
	k = call_cap(cc->c, i);
	if (!k || (k->flags & CAP_FAULT) || k->len < 8)
		return;
	fds = (const int32_t *)call_cap_data(cc->c, k);
	cap_fd_desc(cc, CAP_FDDESC(i), fds[0]);
	cap_fd_desc(cc, CAP_FDDESC(i + 1), fds[1]);
}

void capture_run(struct capctx *cc)
{
	const struct syscall_sig *s = cc->sig;
	struct call *c = cc->c;
	int i;

	for (i = 0; i < s->nargs; i++) {
		const struct argspec *a = &s->args[i];
		uint64_t addr = c->args[i], len;
		bool now = (a->out ? PH_EXIT : PH_ENTRY) == cc->phase;

		/* -y shows AT_FDCWD's directory too: openat(AT_FDCWD</home/u>, ...) */
		if (cc->phase == PH_ENTRY && a->kind == AK_DIRFD && (int)addr == AT_FDCWD)
			fd_desc(cc, CAP_FDDESC(i), AT_FDCWD, cc->opt->decode_fds & DECODE_FD_PATH);
		else if (cc->phase == PH_ENTRY && (a->kind == AK_FD || a->kind == AK_DIRFD))
			fd_desc(cc, CAP_FDDESC(i), (int)addr,
				cc->opt->decode_fds ? cc->opt->decode_fds :
				cc->opt->fd_paths ? DECODE_FD_PATH : 0);
		if (!now || !addr)
			continue;
		switch (a->kind) {
		case AK_PATH:
			cap_queue_str(cc, i, addr, CAP_PATH_MAX);
			break;
		case AK_STR:
			cap_queue_str(cc, i, addr, cc->opt->strsize + 1);
			break;
		case AK_IBUF:
		case AK_OBUF:
			if (a->out && call_failed(c))
				break;
			len = size_of(c, a);
			cap_queue(cc, i, addr, (uint32_t)MIN(len, (uint64_t)cc->opt->strsize));
			break;
		case AK_CPUSET:
			/* a set of CPUs, not data: whole (up to 8192 CPUs), whatever -s says */
			if (!(a->out && call_failed(c)))
				cap_queue(cc, i, addr, (uint32_t)MIN(size_of(c, a), (uint64_t)CAP_CPUSET_MAX));
			break;
		case AK_FDPAIR:
			if (!call_failed(c))
				fdpair_descs(cc, i, addr);
			break;
		case AK_INTPTR_OUT:
			if (!call_failed(c))
				cap_queue(cc, i, addr, 4);
			break;
		case AK_OPATH:
			if (!call_failed(c))
				cap_queue_str(cc, i, addr, CAP_PATH_MAX);
			break;
		case AK_STRUCT:
			if (a->out && call_failed(c))
				break;
			cap_queue(cc, i, addr, a->bytes);
			break;
		case AK_ARGV:
			cap_flush(cc);
			cap_argv(cc, i, addr, false);
			break;
		case AK_ENVP:
			cap_flush(cc);
			cap_argv(cc, i, addr, !cc->opt->verbose);
			break;
		default:
			break;
		}
	}
	if (cc->phase == PH_EXIT && s->ret == RK_FD && !call_failed(c))
		cap_fd_desc(cc, CAP_RETDESC, c->ret);
	/* -e read=/write=: the whole buffer, for the hex dump after the line. */
	i = dump_arg(cc->opt, s, c);
	if (i > 0 && c->args[i] && (s->args[i].out ? PH_EXIT : PH_ENTRY) == cc->phase &&
	    !(s->args[i].out && call_failed(c)))
		cap_queue(cc, DUMP_SLOT, c->args[i], (uint32_t)MIN(size_of(c, &s->args[i]), (uint64_t)DUMP_MAX));
	if (s->capture)
		s->capture(cc, cc->phase);
	cap_flush(cc);
}
