/* mount.c: mount and umount2, printed as strace 6.1 prints them. */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "core/util.h"
#include "decode/decode.h"
#include "decode/named.h"

void dec_mount(struct dctx *d, int phase);
void cap_mount(struct capctx *cc, int phase);
void dec_umount2(struct dctx *d, int phase);

enum { M_SOURCE, M_TARGET, M_TYPE, M_FLAGS, M_DATA };

#define MGC_MASK 0xffff0000u	/* MS_MGC_MSK: the old magic in the top half */
#define MGC_VAL 0xc0ed0000u	/* MS_MGC_VAL */

/* What strace prints as an address rather than a string: a remount has no
 * filesystem type; a bind, move or propagation change has neither type nor
 * data. */
static bool mount_ignores_type(uint64_t flags)
{
	return flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE |
			MS_UNBINDABLE);
}

static bool mount_ignores_data(uint64_t flags)
{
	if ((flags & MGC_MASK) == MGC_VAL)
		flags &= ~(uint64_t)MGC_MASK;
	return !(flags & MS_REMOUNT) &&
	       (flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE));
}

/* The data is a string of options for every filesystem strace knows; it is
 * read here, -s limited, unless the flags say it is not used. */
void cap_mount(struct capctx *cc, int phase)
{
	uint64_t data = cc->c->args[M_DATA];

	if (phase == PH_ENTRY && data && !mount_ignores_data((uint32_t)cc->c->args[M_FLAGS]))
		cap_queue_str(cc, M_DATA, data, cc->opt->strsize + 1);
}

/* MS_MGC_VAL|MS_NOATIME: the old magic first, then the flags, each in the -X style. */
static void mount_flags(struct dctx *d, uint32_t flags)
{
	const struct xlat *x = xlat_get(XLAT_ID(mount_flags));
	struct strbuf sb = STRBUF_INIT;

	if ((flags & MGC_MASK) != MGC_VAL) {
		o_flags(d->o, x, flags, "MS_???");
		return;
	}
	sb_named(&sb, d->opt->xlat_style, NUM_HEX, MGC_VAL, "MS_MGC_VAL");
	flags &= ~MGC_MASK;
	if (flags) {
		sb_putc(&sb, '|');
		sb_flags(&sb, d->opt->xlat_style, x, flags);
	}
	o_raw(d->o, sb.buf);
	sb_release(&sb);
}

void dec_mount(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	uint32_t flags = (uint32_t)c->args[M_FLAGS];
	bool magic = (flags & MGC_MASK) == MGC_VAL;

	if (phase != PH_ENTRY)
		return;
	dec_path(d, M_SOURCE, c->args[M_SOURCE]);
	dec_path(d, M_TARGET, c->args[M_TARGET]);
	if (mount_ignores_type(magic ? flags & ~MGC_MASK : flags))
		o_ptr(d->o, c->args[M_TYPE]);
	else
		dec_cstr(d, M_TYPE, c->args[M_TYPE]);
	mount_flags(d, flags);
	if (mount_ignores_data(flags))
		o_ptr(d->o, c->args[M_DATA]);
	else
		dec_cstr(d, M_DATA, c->args[M_DATA]);
}

void dec_umount2(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	dec_path(d, 0, d->c->args[0]);
	o_flags(d->o, xlat_get(XLAT_ID(umount_flags)), (uint32_t)d->c->args[1], "MNT_???");
}
