/* generic.c: decoding driven by the argument kinds of syscalls.tbl. */
#include "decode/decode.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

const char *signame(int sig, char *buf)
{
	const char *s;

	if (sig <= 0 || sig > 64)
		return NULL;
	s = xlat_lookup(xlat_get(XLAT_ID(signals)), sig);
	if (s)
		return s;
	if (sig == 32)
		return "SIGRTMIN";
	if (sig > 32) {
		snprintf(buf, 16, "SIGRT_%d", sig - 32);
		return buf;
	}
	return NULL;
}

const char *errno_name(long err)
{
	return xlat_lookup(xlat_get(XLAT_ID(errno)), err);
}

const char *errno_msg(long err)
{
	switch (err) {
	case 512: return "To be restarted if SA_RESTART is set";
	case 513: return "To be restarted";
	case 514: return "To be restarted if no handler";
	case 516: return "Interrupted by signal";
	}
	return strerror((int)err);
}

const void *dec_mem(struct dctx *d, int slot, size_t want)
{
	const struct capture *k = call_cap(d->c, slot);

	if (!k || (k->flags & CAP_FAULT) || k->len < want)
		return NULL;
	return call_cap_data(d->c, k);
}

static void string_slot(struct dctx *d, int slot, uint64_t addr, unsigned flags)
{
	const struct capture *k = call_cap(d->c, slot);
	uint32_t len;
	unsigned f = STR_NUL;

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	if (!k || (k->flags & CAP_FAULT) || (!(k->flags & CAP_NUL) && (k->flags & CAP_PARTIAL))) {
		o_hex(d->o, addr);
		return;
	}
	len = k->len;
	if (!(flags & STR_PATH) && len > d->opt->strsize) {
		len = d->opt->strsize;
		f |= STR_MORE;
	}
	if (k->flags & CAP_MORE)
		f |= STR_MORE;
	o_str(d->o, call_cap_data(d->c, k), len, f);
}

void dec_path(struct dctx *d, int slot, uint64_t addr)
{
	string_slot(d, slot, addr, STR_PATH);
}

void dec_cstr(struct dctx *d, int slot, uint64_t addr)
{
	string_slot(d, slot, addr, 0);
}

void dec_buf(struct dctx *d, int slot, uint64_t addr, uint64_t len)
{
	const struct capture *k = call_cap(d->c, slot);

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	if (!k || k->len < MIN(len, (uint64_t)d->opt->strsize)) {
		o_hex(d->o, addr);
		return;
	}
	o_str(d->o, call_cap_data(d->c, k), MIN(k->len, len),
	      len > k->len ? STR_MORE : 0);
}

void dec_fd(struct dctx *d, int argi, long long fd)
{
	const struct capture *k = argi >= 0 ? call_cap(d->c, CAP_FDDESC(argi)) : NULL;

	if (k && !(k->flags & CAP_FAULT) && k->len)
		o_fd_ex(d->o, fd, (const char *)call_cap_data(d->c, k), k->len, k->flags & CAP_DELETED);
	else
		o_fd(d->o, fd, NULL, 0);
}

void dec_dirfd(struct dctx *d, int argi, long long fd)
{
	/* With -y the formatter prints AT_FDCWD</cwd>, as strace; else just the name. */
	if ((int)fd == AT_FDCWD && !(argi >= 0 && call_cap(d->c, CAP_FDDESC(argi))))
		o_sym(d->o, "AT_FDCWD");
	else
		dec_fd(d, argi, (int)fd);
}

void dec_signo(struct dctx *d, long long sig)
{
	char buf[16];
	const char *s = signame((int)sig, buf);

	if (s)
		o_sym(d->o, s);
	else
		o_int(d->o, sig);
}

static void dec_fdpair(struct dctx *d, int i)
{
	const int32_t *p = dec_mem(d, i, 8);

	if (!p || call_failed(d->c)) {
		o_hex(d->o, d->c->args[i]);
		return;
	}
	o_array_begin(d->o);
	dec_fd(d, i, p[0]);	/* -y: see fdpair_descs() in capture.c */
	dec_fd(d, CAP_FDDESC(i + 1) < CAP_RETDESC ? i + 1 : -1, p[1]);
	o_array_end(d->o);
}

/* argv from its packed capture (see cap_argv). */
static void dec_argv(struct dctx *d, int i, bool envp)
{
	const struct capture *k = call_cap(d->c, i);
	uint64_t addr = d->c->args[i];
	const uint8_t *p, *end;
	uint32_t count, more, n;
	char buf[32];

	if (!addr) {
		o_ptr(d->o, 0);
		return;
	}
	if (!k || k->len < 8) {
		o_hex(d->o, addr);
		return;
	}
	p = call_cap_data(d->c, k);
	end = p + k->len;
	memcpy(&count, p, 4);
	memcpy(&more, p + 4, 4);
	p += 8;
	/* The count form, also when only the count was captured (a recording
	 * made without -v, replayed with it): never an invented empty list. */
	if (envp && (!d->opt->verbose || (count && k->len == 8))) {
		if (!count && more == 2) {
			o_hex(d->o, addr);
			return;
		}
		o_hex(d->o, addr);
		snprintf(buf, sizeof(buf), "%u var%s%s", count, count == 1 ? "" : "s",
			 more ? "..." : "");
		o_comment(d->o, buf);
		return;
	}
	if (!count && more == 2) {
		o_hex(d->o, addr);
		return;
	}
	o_array_begin(d->o);
	for (n = 0; n < count && p + 8 <= end; n++) {
		int32_t len;
		uint32_t fl;

		memcpy(&len, p, 4);
		memcpy(&fl, p + 4, 4);
		p += 8;
		if (len < 0) {
			o_raw(d->o, "???");
			continue;
		}
		if (p + len > end)
			break;
		o_str(d->o, p, len, fl & CAP_MORE ? STR_MORE : 0);
		p += len;
	}
	if (more == 1)
		o_more(d->o);
	o_array_end(d->o);
	if (more == 2)
		o_comment(d->o, "???");
}

void dec_arg(struct dctx *d, int i)
{
	const struct argspec *a = &d->sig->args[i];
	const struct call *c = d->c;
	uint64_t v = c->args[i];

	switch (a->kind) {
	case AK_INT:
	case AK_PID:
		o_int(d->o, (int)v);
		break;
	case AK_UINT:
		o_uint(d->o, (unsigned)v);
		break;
	case AK_LONG:
	case AK_OFF:
		o_int(d->o, (long long)v);
		break;
	case AK_ULONG:
		o_uint(d->o, v);
		break;
	case AK_OCT:
		o_oct(d->o, (unsigned)v);
		break;
	case AK_PTR:
	case AK_STRUCT:
		o_ptr(d->o, v);
		break;
	case AK_FD:
		dec_fd(d, i, (int)v);
		break;
	case AK_DIRFD:
		dec_dirfd(d, i, v);
		break;
	case AK_PATH:
		dec_path(d, i, v);
		break;
	case AK_OPATH:
		if (call_failed(c))
			o_ptr(d->o, v);
		else
			dec_path(d, i, v);
		break;
	case AK_STR:
		dec_cstr(d, i, v);
		break;
	case AK_IBUF:
	case AK_OBUF: {
		uint64_t len = a->size == SZ_RET ? (uint64_t)c->ret : c->args[a->size - SZ_ARG0];

		if (a->out && call_failed(c))
			o_ptr(d->o, v); /* NULL stays NULL, as strace prints it */
		else
			dec_buf(d, i, v, len);
		break;
	}
	case AK_FDPAIR:
		dec_fdpair(d, i);
		break;
	case AK_INTPTR_OUT: {
		const int32_t *p = dec_mem(d, i, 4);

		if (!p || call_failed(c)) {
			o_ptr(d->o, v);
		} else {
			o_array_begin(d->o);
			o_int(d->o, *p);
			o_array_end(d->o);
		}
		break;
	}
	case AK_SIG:
		dec_signo(d, (int)v);
		break;
	case AK_FLAGS:
		o_flags(d->o, xlat_get(a->xlat), (unsigned)v, NULL);
		break;
	case AK_XVAL:
		o_xval(d->o, xlat_get(a->xlat), (unsigned)v, NULL);
		break;
	case AK_ARGV:
		dec_argv(d, i, false);
		break;
	case AK_ENVP:
		dec_argv(d, i, true);
		break;
	case AK_UID:
		if ((unsigned)v == (unsigned)-1)
			o_int(d->o, -1);
		else
			o_uint(d->o, (unsigned)v);
		break;
	case AK_HEX:
	default:
		o_hex(d->o, v);
		break;
	}
}

void dec_args(struct dctx *d, int from, int to)
{
	int i;

	for (i = from; i < to && i < d->sig->nargs; i++)
		dec_arg(d, i);
}

void decode_args(struct dctx *d, int phase)
{
	const struct syscall_sig *s = d->sig;

	if (s->decode) {
		s->decode(d, phase);
		return;
	}
	if (phase == PH_ENTRY)
		dec_args(d, 0, s->split);
	else
		dec_args(d, s->split, s->nargs);
}
