/* dctx.c: the per-syscall decoding set-up every formatter shares. */
#include <string.h>

#include "decode/decode.h"
#include "format/format.h"

static bool in_set(const uint8_t *set, long nr)
{
	return set && nr >= 0 && nr < SC_TABLE_SIZE && (set[nr >> 3] & (1u << (nr & 7)));
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
	d->ret_kind = d->sig->ret;
	d->ret_aux[0] = '\0';
}
