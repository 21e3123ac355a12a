/* dctx.c: the per-syscall decoding set-up every formatter shares. */
#include <string.h>

#include "decode/decode.h"
#include "format/format.h"

static bool in_set(const uint8_t *set, long nr)
{
	return set && nr >= 0 && nr < SC_TABLE_SIZE && (set[nr >> 3] & (1u << (nr & 7)));
}

/* What strace still shows of a syscall outside -e verbose=: strings and data
 * buffers (and what -y knows of its fds); every structure, array and argv
 * prints as its address. */
static bool kept_undereferenced(const struct syscall_sig *sig, const struct call *c, int slot)
{
	if (slot >= CAP_FDDESC(0) && slot <= CAP_RETDESC)
		return true;
	if (c->cap[slot].flags & CAP_STRING)
		return true;	/* prctl's name, mount's data: a hook's strings */
	if (slot >= 6)
		return false;	/* a capture hook's structures */
	switch (sig->args[slot].kind) {
	case AK_PATH:
	case AK_STR:
	case AK_IBUF:
	case AK_OBUF:
	case AK_OPATH:
		return true;
	default:
		return false;
	}
}

static const struct call *without_structs(struct dctx *d, const struct call *c)
{
	d->shallow = *c; /* the captured bytes stay where they are: data is shared */
	for (int slot = 0; slot < CAP_SLOTS; slot++)
		if (!kept_undereferenced(d->sig, c, slot))
			d->shallow.cap[slot].flags = 0;
	return &d->shallow;
}

void fmt_dctx_init(struct dctx *d, const struct fmt_opts *fo, const struct call *c, struct out *o,
		   pid_t pid)
{
	/* Field by field: this runs twice per syscall, and ret_aux is 256 bytes. */
	d->c = c;
	d->o = o;
	d->pid = pid;
	d->sig = in_set(fo->raw_set, c->nr) ? sc_raw_sig(c->nr) : sc_sig(c->nr);
	d->opt = &fo->d;
	if (fo->abbrev_set)
		d->opt = in_set(fo->abbrev_set, c->nr) ? &fo->d_abbrev : &fo->d_full;
	d->full = c;
	d->unverbose = fo->verbose_set && !in_set(fo->verbose_set, c->nr);
	if (d->unverbose)
		d->c = without_structs(d, c);
	d->ret_kind = d->sig->ret;
	d->ret_aux[0] = '\0';
}
