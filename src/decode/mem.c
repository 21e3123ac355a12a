/* mem.c: decoders of the memory syscalls (mmap, mremap), printed as strace 6.1
 * prints them. The others are decoded generically from memory.tbl. */
#include <linux/mman.h>

#include "decode/decode.h"
#include "decode/procfam.h"

/* strace prints offsets and other "hex unless zero" values as 0 or 0x... */
static void hex0(struct out *o, uint64_t v)
{
	if (v)
		o_hex(o, v);
	else
		o_int(o, 0);
}

void dec_mmap(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_ptr(d->o, c->args[0]);
	o_uint(d->o, c->args[1]);
	o_flags(d->o, xlat_get(XLAT_ID(mmap_prot)), c->args[2], NULL);
	/* The map type (MAP_SHARED_VALIDATE is 3) comes first in the table so
	 * that it is matched before MAP_SHARED and MAP_PRIVATE. */
	o_flags(d->o, xlat_get(XLAT_ID(mmap_flags)), (uint32_t)c->args[3], NULL);
	dec_fd(d, 4, (int)c->args[4]);
	hex0(d->o, c->args[5]);
}

void dec_mremap(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_ptr(d->o, c->args[0]);
	o_uint(d->o, c->args[1]);
	o_uint(d->o, c->args[2]);
	o_flags(d->o, xlat_get(XLAT_ID(mremap_flags)), c->args[3], NULL);
	/* new_address is only an argument with MREMAP_FIXED or MREMAP_DONTUNMAP. */
	if (c->args[3] & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		o_ptr(d->o, c->args[4]);
}

void dec_madvise(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	o_ptr(d->o, c->args[0]);
	o_uint(d->o, c->args[1]);
	o_xval(d->o, xlat_get(XLAT_ID(madvise_advice)), (uint32_t)c->args[2], "MADV_???");
}
