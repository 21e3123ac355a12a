/* file.c: decoders of the files-and-descriptors family (src/syscalls/tbl/file.tbl).
 *
 * Each decoder prints what strace 6.1 prints for the syscall, from the call's
 * arguments and captured memory only. Capture hooks (cap_NAME) copy what the
 * argument kinds cannot express: structs whose size is not in structsz.h,
 * iovec arrays and the buffers they point to, ioctl and fcntl arguments whose
 * shape depends on the command.
 */
#include "decode/decode.h"
#include "decode/file.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <net/if_arp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>

#include "core/filter.h"
#include "core/util.h"
#include "decode/net.h"

/* Function prototypes for the generated table (kept here: no header of their own). */
void dec_open(struct dctx *d, int phase);
void dec_openat2(struct dctx *d, int phase);
void cap_openat2(struct capctx *cc, int phase);
void dec_stat(struct dctx *d, int phase);
void dec_statx(struct dctx *d, int phase);
void cap_statx(struct capctx *cc, int phase);
void dec_statfs(struct dctx *d, int phase);
void cap_statfs(struct capctx *cc, int phase);
void dec_getdents(struct dctx *d, int phase);
void cap_getdents(struct capctx *cc, int phase);
void dec_fcntl(struct dctx *d, int phase);
void cap_fcntl(struct capctx *cc, int phase);
void dec_iov(struct dctx *d, int phase);
void cap_iov(struct capctx *cc, int phase);
void dec_utimensat(struct dctx *d, int phase);
void dec_sendfile(struct dctx *d, int phase);
void cap_sendfile(struct capctx *cc, int phase);
void cap_utimensat(struct capctx *cc, int phase);
void dec_mknod(struct dctx *d, int phase);
void dec_ioctl(struct dctx *d, int phase);
void cap_ioctl(struct capctx *cc, int phase);

#define GETDENTS_MAX (1u << 20) /* bytes of a getdents buffer copied at most */

/* The captured struct of slot copied into dst, or NULL: captures are not
 * aligned, so a struct is never read in place. */
static const void *dec_copy(struct dctx *d, int slot, void *dst, size_t size)
{
	const void *p = dec_mem(d, slot, size);

	if (!p)
		return NULL;
	memcpy(dst, p, size);
	return dst;
}

/* Flags printed through o_raw, honouring -X like o_flags does: strace prints
 * the access mode of open flags even when it is O_RDONLY (zero), which a plain
 * flags table cannot express. */
static void raw_styled(struct dctx *d, unsigned long long v, const char *names)
{
	char buf[512];

	switch (d->opt->xlat_style) {
	case XLAT_STYLE_RAW:
		snprintf(buf, sizeof(buf), "%#llx", v);
		break;
	case XLAT_STYLE_VERBOSE:
		snprintf(buf, sizeof(buf), "%#llx /* %s */", v, names);
		break;
	default:
		snprintf(buf, sizeof(buf), "%s", names);
	}
	if (v == 0 && d->opt->xlat_style == XLAT_STYLE_RAW)
		snprintf(buf, sizeof(buf), "0");
	o_raw(d->o, buf);
}

/* "O_RDONLY|O_CLOEXEC" into sb (file.h: mq_open's flags too). */
void fmt_open_flags(struct strbuf *sb, unsigned long long v)
{
	const char *acc = xlat_lookup(xlat_get(XLAT_ID(file_open_access)), v & O_ACCMODE);
	unsigned long long rest = v & ~(unsigned long long)O_ACCMODE;

	if (acc) {
		sb_puts(sb, acc);
	} else {
		rest = v;
	}
	if (rest) {
		if (acc)
			sb_putc(sb, '|');
		xlat_format_flags(sb, xlat_get(XLAT_ID(file_open_flags)), rest, "0");
	}
}

static void out_open_flags(struct dctx *d, unsigned long long v)
{
	struct strbuf sb = STRBUF_INIT;

	fmt_open_flags(&sb, v);
	raw_styled(d, v, sb.buf ? sb.buf : "");
	sb_release(&sb);
}

static bool open_has_mode(unsigned long long flags)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE;
}

/* open(path, flags[, mode]), openat(dirfd, path, flags[, mode]). */
void dec_open(struct dctx *d, int phase)
{
	int base = d->sig->nargs == 4; /* openat has the dirfd first */
	unsigned long long flags = (unsigned)d->c->args[base + 1];

	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, base + 1);
	out_open_flags(d, flags);
	if (open_has_mode(flags))
		o_oct(d->o, (unsigned)d->c->args[base + 2]);
}

void cap_openat2(struct capctx *cc, int phase)
{
	uint64_t sz = cc->c->args[3];

	if (phase == PH_ENTRY && cc->c->args[2] && sz >= sizeof(struct open_how))
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[2], sizeof(struct open_how));
}

void dec_openat2(struct dctx *d, int phase)
{
	const struct open_how *h;
	struct open_how hb;

	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, 2);
	h = dec_copy(d, CAP_EXTRA(0), &hb, sizeof(hb));
	if (!h) {
		o_ptr(d->o, d->c->args[2]);
	} else {
		o_struct_begin(d->o);
		o_field(d->o, "flags");
		out_open_flags(d, h->flags);
		if (open_has_mode(h->flags) || h->mode) {
			o_field(d->o, "mode");
			o_oct(d->o, h->mode);
		}
		o_field(d->o, "resolve");
		o_flags(d->o, xlat_get(XLAT_ID(file_resolve)), h->resolve, NULL);
		o_struct_end(d->o);
	}
	o_uint(d->o, d->c->args[3]);
}

/* st_mode as strace prints it: S_IFREG|S_ISUID|0755. */
static void out_mode(struct dctx *d, unsigned mode)
{
	const char *t = xlat_lookup(xlat_get(XLAT_ID(file_s_ifmt)), mode & S_IFMT);
	char buf[128];
	int n = 0;

	if (d->opt->xlat_style == XLAT_STYLE_RAW) {
		o_oct(d->o, mode);
		return;
	}
	buf[0] = 0;
	if (t)
		n += snprintf(buf + n, sizeof(buf) - n, "%s|", t);
	else if (mode & S_IFMT)
		n += snprintf(buf + n, sizeof(buf) - n, "%#o|", mode & S_IFMT);
	if (mode & S_ISUID)
		n += snprintf(buf + n, sizeof(buf) - n, "S_ISUID|");
	if (mode & S_ISGID)
		n += snprintf(buf + n, sizeof(buf) - n, "S_ISGID|");
	if (mode & S_ISVTX)
		n += snprintf(buf + n, sizeof(buf) - n, "S_ISVTX|");
	snprintf(buf + n, sizeof(buf) - n, "%#03o", mode & 0777);
	if (d->opt->xlat_style == XLAT_STYLE_VERBOSE) {
		char v[160];

		snprintf(v, sizeof(v), "%#o /* %s */", mode, buf);
		o_raw(d->o, v);
		return;
	}
	o_raw(d->o, buf);
}

/* A dev_t as strace prints it: makedev(0x1, 0x3); -X raw the encoded number
 * (0x103), -X verbose both. */
static void out_dev(struct dctx *d, unsigned long long dev)
{
	char buf[96];
	int n = 0;

	if (d->opt->xlat_style != XLAT_STYLE_ABBREV)
		n = snprintf(buf, sizeof(buf), "%#llx", dev);
	if (d->opt->xlat_style != XLAT_STYLE_RAW)
		snprintf(buf + n, sizeof(buf) - n, "%smakedev(%#x, %#x)%s", n ? " /* " : "",
			 major(dev), minor(dev), n ? " */" : "");
	o_raw(d->o, buf);
}

/* strace's comment after a time: 2023-11-14T22:13:20.123456789+0000 (local
 * time), in every -X style; none for the epoch itself. */
static void time_comment(struct dctx *d, long long sec, long long nsec)
{
	char buf[96], tz[16];
	time_t t = (time_t)sec;
	struct tm tm;
	size_t n;

	if ((!sec && !nsec) || !localtime_r(&t, &tm))
		return;
	n = strftime(buf, sizeof(buf), "%FT%T", &tm);
	if (!n)
		return;
	if (nsec)
		n += snprintf(buf + n, sizeof(buf) - n, ".%09lld", nsec);
	if (strftime(tz, sizeof(tz), "%z", &tm))
		snprintf(buf + n, sizeof(buf) - n, "%s", tz);
	o_comment(d->o, buf);
}

/* A time as seconds followed by its comment (stat's st_atime). */
static void out_time_comment(struct dctx *d, long long sec, long long nsec)
{
	o_int(d->o, sec);
	time_comment(d, sec, nsec);
}

static void out_stat(struct dctx *d, const struct stat *st)
{
	bool dev = S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode);

	o_struct_begin(d->o);
	if (d->opt->verbose) {
		o_field(d->o, "st_dev");
		out_dev(d, st->st_dev);
		o_field(d->o, "st_ino");
		o_uint(d->o, st->st_ino);
		o_field(d->o, "st_mode");
		out_mode(d, st->st_mode);
		o_field(d->o, "st_nlink");
		o_uint(d->o, st->st_nlink);
		o_field(d->o, "st_uid");
		o_uint(d->o, st->st_uid);
		o_field(d->o, "st_gid");
		o_uint(d->o, st->st_gid);
		o_field(d->o, "st_blksize");
		o_int(d->o, st->st_blksize);
		o_field(d->o, "st_blocks");
		o_int(d->o, st->st_blocks);
		if (dev) {
			o_field(d->o, "st_rdev");
			out_dev(d, st->st_rdev);
		} else {
			o_field(d->o, "st_size");
			o_int(d->o, st->st_size);
		}
		o_field(d->o, "st_atime");
		out_time_comment(d, st->st_atim.tv_sec, st->st_atim.tv_nsec);
		o_field(d->o, "st_atime_nsec");
		o_int(d->o, st->st_atim.tv_nsec);
		o_field(d->o, "st_mtime");
		out_time_comment(d, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
		o_field(d->o, "st_mtime_nsec");
		o_int(d->o, st->st_mtim.tv_nsec);
		o_field(d->o, "st_ctime");
		out_time_comment(d, st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
		o_field(d->o, "st_ctime_nsec");
		o_int(d->o, st->st_ctim.tv_nsec);
	} else {
		o_field(d->o, "st_mode");
		out_mode(d, st->st_mode);
		if (dev) {
			o_field(d->o, "st_rdev");
			out_dev(d, st->st_rdev);
		} else {
			o_field(d->o, "st_size");
			o_int(d->o, st->st_size);
		}
		o_more(d->o);
	}
	o_struct_end(d->o);
}

/* stat, lstat, fstat, newfstatat: the struct argument is printed at exit. */
void dec_stat(struct dctx *d, int phase)
{
	int si = d->sig->nargs == 4 ? 2 : 1; /* index of the struct stat pointer */
	const void *p;
	struct stat st;

	if (phase == PH_ENTRY) {
		dec_args(d, 0, si);
		return;
	}
	p = dec_mem(d, si, sizeof(st));
	if (call_failed(d->c) || !p) {
		o_ptr(d->o, d->c->args[si]);
	} else {
		memcpy(&st, p, sizeof(st)); /* captures are not aligned */
		out_stat(d, &st);
	}
	dec_args(d, si + 1, d->sig->nargs);
}

void cap_statx(struct capctx *cc, int phase)
{
	if (phase == PH_EXIT && !call_failed(cc->c) && cc->c->args[4])
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[4], sizeof(struct statx));
}

static void out_statx_ts(struct dctx *d, const char *name, const struct statx_timestamp *ts)
{
	o_field(d->o, name);
	o_struct_begin(d->o);
	o_field(d->o, "tv_sec");
	o_int(d->o, ts->tv_sec);
	o_field(d->o, "tv_nsec");
	o_uint(d->o, ts->tv_nsec);
	o_struct_end(d->o);
	time_comment(d, ts->tv_sec, ts->tv_nsec);
}

/* Flags in the -X style into sb, as strace's printflags_in: -X raw the bare
 * number (nothing at all for zero), -X verbose the number and a comment
 * naming the known bits. */
static void styled_flags(struct dctx *d, struct strbuf *sb, const struct xlat *x,
			 unsigned long long v)
{
	struct strbuf names = STRBUF_INIT;
	int known = xlat_format_flags(&names, x, v, "0");

	switch (d->opt->xlat_style) {
	case XLAT_STYLE_RAW:
		if (v)
			sb_put_hex(sb, v);
		break;
	case XLAT_STYLE_VERBOSE:
		sb_printf(sb, "%#llx", v); /* zero as 0 */
		if (known)
			sb_printf(sb, " /* %s */", names.buf);
		break;
	default:
		sb_puts(sb, names.buf ? names.buf : "0");
	}
	sb_release(&names);
}

/* statx's flags: the sync type (AT_STATX_SYNC_AS_STAT is 0) then the AT_*
 * flags, each part styled on its own, so -X raw prints 0x900 as "|0x900". */
static void out_statx_flags(struct dctx *d, unsigned fl)
{
	const struct xlat *x = xlat_get(XLAT_ID(file_statx_at));
	struct strbuf sb = STRBUF_INIT;

	styled_flags(d, &sb, x, fl & AT_STATX_SYNC_TYPE);
	if (fl & ~AT_STATX_SYNC_TYPE) {
		sb_putc(&sb, '|');
		styled_flags(d, &sb, x, fl & ~AT_STATX_SYNC_TYPE);
	}
	o_raw(d->o, sb.buf ? sb.buf : "");
	sb_release(&sb);
}

static void statx_uint(struct dctx *d, const char *name, unsigned long long v)
{
	o_field(d->o, name);
	o_uint(d->o, v);
}

/* As strace 6.1: a field the kernel did not fill (its bit clear in
 * stx_mask) is left out; without -v only mask, attributes, mode and size. */
static void out_statx(struct dctx *d, const struct statx *sx)
{
	const struct xlat *attrs = xlat_get(XLAT_ID(file_statx_attrs));
	unsigned m = sx->stx_mask;
	bool v = d->opt->verbose;

	o_struct_begin(d->o);
	o_field(d->o, "stx_mask");
	o_flags(d->o, xlat_get(XLAT_ID(file_statx_mask)), m, "STATX_???");
	if (v)
		statx_uint(d, "stx_blksize", sx->stx_blksize);
	o_field(d->o, "stx_attributes");
	o_flags(d->o, attrs, sx->stx_attributes, "STATX_ATTR_???");
	if (v && (m & STATX_NLINK))
		statx_uint(d, "stx_nlink", sx->stx_nlink);
	if (v && (m & STATX_UID))
		statx_uint(d, "stx_uid", sx->stx_uid);
	if (v && (m & STATX_GID))
		statx_uint(d, "stx_gid", sx->stx_gid);
	if (m & (STATX_TYPE | STATX_MODE)) {
		o_field(d->o, "stx_mode");
		out_mode(d, sx->stx_mode);
	}
	if (v && (m & STATX_INO))
		statx_uint(d, "stx_ino", sx->stx_ino);
	if (m & STATX_SIZE)
		statx_uint(d, "stx_size", sx->stx_size);
	if (!v) {
		o_more(d->o);
		o_struct_end(d->o);
		return;
	}
	if (m & STATX_BLOCKS)
		statx_uint(d, "stx_blocks", sx->stx_blocks);
	o_field(d->o, "stx_attributes_mask");
	o_flags(d->o, attrs, sx->stx_attributes_mask, "STATX_ATTR_???");
	if (m & STATX_ATIME)
		out_statx_ts(d, "stx_atime", &sx->stx_atime);
	if (m & STATX_BTIME)
		out_statx_ts(d, "stx_btime", &sx->stx_btime);
	if (m & STATX_CTIME)
		out_statx_ts(d, "stx_ctime", &sx->stx_ctime);
	if (m & STATX_MTIME)
		out_statx_ts(d, "stx_mtime", &sx->stx_mtime);
	statx_uint(d, "stx_rdev_major", sx->stx_rdev_major);
	statx_uint(d, "stx_rdev_minor", sx->stx_rdev_minor);
	statx_uint(d, "stx_dev_major", sx->stx_dev_major);
	statx_uint(d, "stx_dev_minor", sx->stx_dev_minor);
	if (m & STATX_MNT_ID) {
		o_field(d->o, "stx_mnt_id");
		o_hex(d->o, sx->stx_mnt_id);
	}
	if (m & STATX_DIOALIGN) {
		statx_uint(d, "stx_dio_mem_align", sx->stx_dio_mem_align);
		statx_uint(d, "stx_dio_offset_align", sx->stx_dio_offset_align);
	}
	o_struct_end(d->o);
}

void dec_statx(struct dctx *d, int phase)
{
	struct statx sxb;

	if (phase == PH_ENTRY) {
		dec_args(d, 0, 2);
		out_statx_flags(d, (unsigned)d->c->args[2]);
		dec_arg(d, 3);
		return;
	}
	if (!dec_copy(d, CAP_EXTRA(0), &sxb, sizeof(sxb)))
		o_ptr(d->o, d->c->args[4]);
	else
		out_statx(d, &sxb);
}

void cap_statfs(struct capctx *cc, int phase)
{
	if (phase == PH_EXIT && !call_failed(cc->c) && cc->c->args[1])
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[1], sizeof(struct statfs));
}

/* strace prints struct statfs in full, with or without -v. */
void dec_statfs(struct dctx *d, int phase)
{
	const struct statfs *f;
	struct statfs fb;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	f = dec_copy(d, CAP_EXTRA(0), &fb, sizeof(fb));
	if (!f) {
		o_ptr(d->o, d->c->args[1]);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "f_type");
	o_xval(d->o, xlat_get(XLAT_ID(file_fs_magic)), (unsigned long)f->f_type, NULL);
	o_field(d->o, "f_bsize");
	o_int(d->o, f->f_bsize);
	o_field(d->o, "f_blocks");
	o_uint(d->o, f->f_blocks);
	o_field(d->o, "f_bfree");
	o_uint(d->o, f->f_bfree);
	o_field(d->o, "f_bavail");
	o_uint(d->o, f->f_bavail);
	o_field(d->o, "f_files");
	o_uint(d->o, f->f_files);
	o_field(d->o, "f_ffree");
	o_uint(d->o, f->f_ffree);
	o_field(d->o, "f_fsid");
	o_struct_begin(d->o);
	o_field(d->o, "val");
	o_array_begin(d->o);
	o_hex(d->o, (unsigned)f->f_fsid.__val[0]);
	o_hex(d->o, (unsigned)f->f_fsid.__val[1]);
	o_array_end(d->o);
	o_struct_end(d->o);
	o_field(d->o, "f_namelen");
	o_int(d->o, f->f_namelen);
	o_field(d->o, "f_frsize");
	o_int(d->o, f->f_frsize);
	o_field(d->o, "f_flags");
	o_flags(d->o, xlat_get(XLAT_ID(file_statfs_flags)), f->f_flags, NULL);
	o_struct_end(d->o);
}

void cap_getdents(struct capctx *cc, int phase)
{
	uint64_t ret = (uint64_t)cc->c->ret;

	/* strace reads nothing when the kernel claims more than the buffer */
	if (phase == PH_EXIT && !call_failed(cc->c) && ret <= (uint32_t)cc->c->args[2])
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[1], MIN(ret, GETDENTS_MAX));
}

/* One entry of a getdents/getdents64 buffer (strace -v). The old getdents
 * keeps d_type in the record's last byte and prints it after d_name. */
static void out_dirent(struct dctx *d, const uint8_t *p, uint16_t rl, bool is64)
{
	const struct xlat *types = xlat_get(XLAT_ID(file_dirent_types));
	size_t hdr = is64 ? 19 : 18, nl;
	uint64_t ino, doff;
	unsigned type;

	memcpy(&ino, p, 8);
	memcpy(&doff, p + 8, 8);
	type = is64 ? p[18] : p[rl - 1];
	nl = strnlen((const char *)p + hdr, MIN(rl - hdr, 256u));
	o_struct_begin(d->o);
	o_field(d->o, "d_ino");
	o_uint(d->o, ino);
	o_field(d->o, "d_off");
	o_uint(d->o, doff);
	o_field(d->o, "d_reclen");
	o_uint(d->o, rl);
	if (is64) {
		o_field(d->o, "d_type");
		o_xval(d->o, types, type, "DT_???");
	}
	o_field(d->o, "d_name");
	o_str(d->o, p + hdr, nl, STR_NOLIMIT);
	if (!is64) {
		o_field(d->o, "d_type");
		o_xval(d->o, types, type, "DT_???");
	}
	o_struct_end(d->o);
}

/* Without -v strace shows only the entry count: 0x55d0... followed by the comment
 * "5 entries"; with -v every entry, however many (no -s limit). */
void dec_getdents(struct dctx *d, int phase)
{
	bool is64 = !strcmp(d->sig->name, "getdents64");
	uint32_t off = 0, len, n = 0, hdr = is64 ? 19 : 18;
	const struct capture *k;
	const uint8_t *p;
	char buf[48];

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	k = call_cap(d->c, CAP_EXTRA(0));
	if (call_failed(d->c) || !k || (k->flags & CAP_FAULT)) {
		o_ptr(d->o, d->c->args[1]);
		o_uint(d->o, (unsigned)d->c->args[2]);
		return;
	}
	p = call_cap_data(d->c, k);
	len = k->len;
	if (d->opt->verbose)
		o_array_begin(d->o);
	else
		o_ptr(d->o, d->c->args[1]);
	while (len - off >= hdr) {
		uint16_t rl;

		memcpy(&rl, p + off + 16, 2);
		if (rl < hdr || rl > len - off)
			break; /* a record the kernel would not write */
		if (d->opt->verbose)
			out_dirent(d, p + off, rl, is64);
		off += rl;
		n++;
	}
	if (d->opt->verbose) {
		if (off < len || (uint64_t)d->c->ret > len)
			o_more(d->o);
		o_array_end(d->o);
	} else {
		snprintf(buf, sizeof(buf), "%u%s entries", n,
			 off < len || (uint64_t)d->c->ret > len ? "+" : "");
		o_comment(d->o, buf);
	}
	o_uint(d->o, (unsigned)d->c->args[2]);
}

static bool fcntl_is_lock(int cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK ||
	       cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

static bool fcntl_is_getlk(int cmd)
{
	return cmd == F_GETLK || cmd == F_OFD_GETLK;
}

/* What fcntl reads or writes through its argument: a struct flock, a
 * struct f_owner_ex; a new fd's description for -y. */
void cap_fcntl(struct capctx *cc, int phase)
{
	int cmd = (int)cc->c->args[1];
	uint64_t p = cc->c->args[2];
	bool ok = !call_failed(cc->c);

	if ((cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && phase == PH_EXIT && ok)
		cap_fd_desc(cc, CAP_RETDESC, cc->c->ret);
	if (!p)
		return;
	if (cmd == F_GETOWN_EX && phase == PH_EXIT && ok)
		cap_queue(cc, CAP_EXTRA(0), p, sizeof(struct f_owner_ex));
	else if (cmd == F_SETOWN_EX && phase == PH_ENTRY)
		cap_queue(cc, CAP_EXTRA(0), p, sizeof(struct f_owner_ex));
	else if (fcntl_is_lock(cmd) &&
		 (fcntl_is_getlk(cmd) ? phase == PH_EXIT && ok : phase == PH_ENTRY))
		cap_queue(cc, CAP_EXTRA(0), p, sizeof(struct flock));
}

static void out_flock(struct dctx *d, bool getlk)
{
	struct flock fb;
	const struct flock *f = dec_copy(d, CAP_EXTRA(0), &fb, sizeof(fb));

	if (!f) {
		o_ptr(d->o, d->c->args[2]);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "l_type");
	o_xval(d->o, xlat_get(XLAT_ID(file_lock_types)), (unsigned short)f->l_type, "F_???");
	o_field(d->o, "l_whence");
	o_xval(d->o, xlat_get(XLAT_ID(whence)), (unsigned short)f->l_whence, "SEEK_???");
	o_field(d->o, "l_start");
	o_int(d->o, f->l_start);
	o_field(d->o, "l_len");
	o_int(d->o, f->l_len);
	if (getlk) {
		o_field(d->o, "l_pid");
		o_int(d->o, f->l_pid);
	}
	o_struct_end(d->o);
}

/* {type=F_OWNER_TID, pid=0}: F_GETOWN_EX at exit, F_SETOWN_EX at entry. */
static void out_owner(struct dctx *d)
{
	struct f_owner_ex ob;

	if (!dec_copy(d, CAP_EXTRA(0), &ob, sizeof(ob))) {
		o_ptr(d->o, d->c->args[2]);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "type");
	o_xval(d->o, xlat_get(XLAT_ID(file_owner_types)), (unsigned)ob.type, "F_OWNER_???");
	o_field(d->o, "pid");
	o_int(d->o, ob.pid);
	o_struct_end(d->o);
}

/* ret_aux for F_GETFD, F_GETFL, F_GET_SEALS: "(flags FD_CLOEXEC)", the
 * return in hex. strace names open flags in every -X style, the others as
 * its printflags does (-X raw "(flags 0x1)"). */
static void fcntl_ret_flags(struct dctx *d, const char *what, const struct xlat *x, bool open)
{
	unsigned long long v = (unsigned long long)d->c->ret;
	struct strbuf sb = STRBUF_INIT;

	if (call_failed(d->c) || v == 0)
		return;
	if (open)
		fmt_open_flags(&sb, v);
	else
		styled_flags(d, &sb, x, v);
	snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s %s)", what, sb.buf ? sb.buf : "");
	sb_release(&sb);
	d->ret_kind = RK_HEX;
}

/* fcntl(fd, cmd[, arg]): the argument's form depends on the command. */
void dec_fcntl(struct dctx *d, int phase)
{
	int cmd = (int)d->c->args[1];
	uint64_t arg = d->c->args[2];

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		o_xval(d->o, xlat_get(XLAT_ID(file_fcntl_cmds)), (unsigned)cmd, "F_???");
		switch (cmd) {
		case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
		case F_GETPIPE_SZ: case F_GET_SEALS:
			break;
		case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETPIPE_SZ:
			o_int(d->o, (int)arg);
			break;
		case F_SETFD:
			o_flags(d->o, xlat_get(XLAT_ID(file_fd_flags)), (unsigned)arg, NULL);
			break;
		case F_SETFL:
			out_open_flags(d, (unsigned)arg);
			break;
		case F_SETSIG:
			dec_signo(d, (int)arg);
			break;
		case F_SETLEASE:
			o_xval(d->o, xlat_get(XLAT_ID(file_lock_types)), (unsigned)arg, "F_???");
			break;
		case F_NOTIFY:
			o_flags(d->o, xlat_get(XLAT_ID(file_notify)), (unsigned)arg, NULL);
			break;
		case F_ADD_SEALS:
			o_flags(d->o, xlat_get(XLAT_ID(file_seals)), (unsigned)arg, NULL);
			break;
		case F_SETOWN_EX:
			out_owner(d);
			break;
		case F_GETOWN_EX:
			break;
		default:
			if (fcntl_is_lock(cmd)) {
				if (!fcntl_is_getlk(cmd))
					out_flock(d, false);
			} else {
				o_hex(d->o, arg);
			}
		}
		return;
	}
	switch (cmd) {
	case F_DUPFD: case F_DUPFD_CLOEXEC:
		d->ret_kind = RK_FD;
		break;
	case F_GETFD:
		fcntl_ret_flags(d, "flags", xlat_get(XLAT_ID(file_fd_flags)), false);
		break;
	case F_GETFL:
		fcntl_ret_flags(d, "flags", NULL, true);
		break;
	case F_GET_SEALS:
		fcntl_ret_flags(d, "seals", xlat_get(XLAT_ID(file_seals)), false);
		break;
	case F_GETOWN:
		d->ret_kind = RK_PID;
		break;
	case F_GETOWN_EX:
		out_owner(d);
		break;
	case F_GETLEASE:
		if (!call_failed(d->c)) {
			const char *s = xlat_lookup(xlat_get(XLAT_ID(file_lock_types)), d->c->ret);

			d->ret_kind = RK_HEX;
			if (s) /* named in every -X style */
				snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s)", s);
		}
		break;
	default:
		if (fcntl_is_getlk(cmd)) {
			if (call_failed(d->c))
				o_ptr(d->o, arg);
			else
				out_flock(d, true);
		}
	}
}

/* The iovec array of readv/writev and friends, packed in CAP_EXTRA(1):
 * per element u64 base, u64 len, i32 bytes copied (-1: not readable), bytes.
 * As strace, at most -s elements shown (UIO_MAXIOV in any case), each buffer
 * cut at -s and, for a read, at what the return value leaves for it. One
 * byte more than -s is copied, to know whether "..." follows; under -e
 * read=/write= (dump_iov) every byte the dump shows, DUMP_MAX in all. */
#define IOV_MAX_READ 1024u

void cap_iov(struct capctx *cc, int phase)
{
	bool in = !strncmp(cc->sig->name, "write", 5) || !strncmp(cc->sig->name, "pwrite", 6);
	uint64_t addr = cc->c->args[1], left, budget = DUMP_MAX;
	int cnt = (int)cc->c->args[2], i, n;
	const struct capture *k;
	struct strbuf *sb = &cc->tmp;
	bool failed, dump = dump_iov(cc->opt, cc->sig, cc->c) != 0;
	uint8_t *dst;

	if (phase != (in ? PH_ENTRY : PH_EXIT) || !addr || cnt <= 0)
		return;
	n = (int)MIN((unsigned)cnt, IOV_MAX_READ);
	if (!dump)
		n = (int)MIN((unsigned)n, cc->opt->strsize);
	cap_queue(cc, CAP_EXTRA(0), addr, n * sizeof(struct iovec));
	cap_flush(cc);
	k = call_cap(cc->c, CAP_EXTRA(0));
	if (!k || k->len < n * sizeof(struct iovec))
		return;
	/* A failed read shows its iovecs with the buffers as addresses. */
	failed = !in && call_failed(cc->c);
	left = in ? UINT64_MAX : failed ? 0 : (uint64_t)cc->c->ret;
	sb_reset(sb);
	for (i = 0; i < n; i++) {
		struct iovec iov;
		uint64_t base, len, want;
		int32_t got = -1;

		/* Re-read the array each time: a capture may move call->data. */
		k = call_cap(cc->c, CAP_EXTRA(0));
		memcpy(&iov, call_cap_data(cc->c, k) + i * sizeof(iov), sizeof(iov));
		base = (uintptr_t)iov.iov_base;
		len = iov.iov_len;
		want = MIN(len, left);
		want = dump ? MIN(want, budget) : MIN(want, (uint64_t)cc->opt->strsize + 1);
		if (want) {
			const struct capture *b;

			cap_queue(cc, CAP_EXTRA(2), base, (uint32_t)want);
			cap_flush(cc);
			b = &cc->c->cap[CAP_EXTRA(2)];
			if (!(b->flags & CAP_FAULT) && b->len == want)
				got = (int32_t)want;
			sb_add(sb, &base, 8);
			sb_add(sb, &len, 8);
			sb_add(sb, &got, 4);
			if (got > 0)
				sb_add(sb, cc->c->data + b->off, got);
			call_cap_set_len(cc->c, CAP_EXTRA(2), 0);
			cc->c->cap[CAP_EXTRA(2)].flags = 0;
			budget -= want;
		} else {
			got = failed ? -1 : 0;
			sb_add(sb, &base, 8);
			sb_add(sb, &len, 8);
			sb_add(sb, &got, 4);
		}
		if (left != UINT64_MAX)
			left -= MIN(left, len);
	}
	dst = call_cap_alloc(cc->c, CAP_EXTRA(1), sb->len);
	if (sb->len)
		memcpy(dst, sb->buf, sb->len);
}

bool iov_piece(const struct call *c, uint32_t *pos, uint64_t *base, uint64_t *len,
	       int32_t *got, const uint8_t **data)
{
	const struct capture *k = call_cap(c, CAP_EXTRA(1));
	const uint8_t *p;

	if (!k || *pos + 20 > k->len)
		return false;
	p = call_cap_data(c, k) + *pos;
	memcpy(base, p, 8);
	memcpy(len, p + 8, 8);
	memcpy(got, p + 16, 4);
	*data = p + 20;
	if (*got > 0 && (uint64_t)*pos + 20 + (uint32_t)*got > k->len)
		return false; /* a capture cut short: never written so */
	*pos += 20 + (*got > 0 ? (uint32_t)*got : 0);
	return true;
}

static void out_iov(struct dctx *d)
{
	unsigned cnt = (unsigned)d->c->args[2], n = 0;
	uint32_t pos = 0;
	uint64_t base, len;
	const uint8_t *p;
	int32_t got;

	if (!call_cap(d->c, CAP_EXTRA(1))) {
		o_ptr(d->o, d->c->args[1]);
		return;
	}
	o_array_begin(d->o);
	while (n < d->opt->strsize && iov_piece(d->c, &pos, &base, &len, &got, &p)) {
		o_struct_begin(d->o);
		o_field(d->o, "iov_base");
		/* NULL even when nothing is left for it to show */
		if (got < 0 || !base)
			o_ptr(d->o, base);
		else
			o_str(d->o, p, MIN((uint32_t)got, d->opt->strsize),
			      (uint32_t)got > d->opt->strsize ? STR_MORE : 0);
		o_field(d->o, "iov_len");
		o_uint(d->o, len);
		o_struct_end(d->o);
		n++;
	}
	if (n < cnt)
		o_more(d->o);
	o_array_end(d->o);
}

void dec_iov(struct dctx *d, int phase)
{
	bool in = !strncmp(d->sig->name, "write", 5) || !strncmp(d->sig->name, "pwrite", 6);

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		if (!in)
			return;
		out_iov(d);
	} else if (!in) {
		out_iov(d);
	}
	if (phase == PH_EXIT || in) {
		if (phase == PH_EXIT && in)
			return;
		dec_args(d, 2, d->sig->nargs);
	}
}

void cap_utimensat(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[2])
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[2], 2 * sizeof(struct timespec));
}

/* utimensat(dirfd, path, [{tv_sec=.., tv_nsec=..}, ...] or NULL, flags). */
void dec_utimensat(struct dctx *d, int phase)
{
	struct timespec tsb[2];
	const struct timespec *ts;
	int i;

	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, 2);
	ts = d->c->args[2] ? dec_copy(d, CAP_EXTRA(0), tsb, sizeof(tsb)) : NULL;
	if (!ts) {
		o_ptr(d->o, d->c->args[2]);
	} else {
		o_array_begin(d->o);
		for (i = 0; i < 2; i++) {
			o_struct_begin(d->o);
			o_field(d->o, "tv_sec");
			o_int(d->o, ts[i].tv_sec);
			o_field(d->o, "tv_nsec");
			if (ts[i].tv_nsec == UTIME_NOW) {
				o_sym(d->o, "UTIME_NOW");
			} else if (ts[i].tv_nsec == UTIME_OMIT) {
				o_sym(d->o, "UTIME_OMIT");
			} else {
				o_int(d->o, ts[i].tv_nsec);
				o_struct_end(d->o);
				/* strace comments the time after the struct. */
				time_comment(d, ts[i].tv_sec, ts[i].tv_nsec);
				continue;
			}
			o_struct_end(d->o);
		}
		o_array_end(d->o);
	}
	dec_arg(d, 3);
}

/* mknod(path, mode[, dev]), mknodat(dirfd, path, mode[, dev]): dev only for devices. */
void dec_mknod(struct dctx *d, int phase)
{
	int base = d->sig->nargs == 4;
	unsigned mode = (unsigned)d->c->args[base + 1];
	uint64_t dev = d->c->args[base + 2];

	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, base + 1);
	out_mode(d, mode);
	if (S_ISCHR(mode) || S_ISBLK(mode))
		out_dev(d, dev);
}

/* ---- socket ioctls on a struct ifreq (<linux/sockios.h>) --------------
 *
 * The ifreq is read at entry into CAP_EXTRA(0) and, after a getter that
 * succeeded, again at exit into CAP_EXTRA(1). As strace 6.1: a setter's
 * struct at entry, a getter's ifr_name (SIOCGIFNAME: ifr_ifindex) and, when
 * it succeeded, the field it got.
 */
enum ifr_kind { IFR_NONE, IFR_INDEX, IFR_NAME, IFR_FLAGS, IFR_ADDR, IFR_INT, IFR_HWADDR,
		IFR_MAP, IFR_STR };

static const struct ifr_req {
	unsigned get, set;
	enum ifr_kind kind;
	const char *field;
} ifr_reqs[] = {
	{ SIOCGIFINDEX, 0, IFR_INDEX, "ifr_ifindex" },
	{ SIOCGIFNAME, 0, IFR_NAME, "ifr_name" },
	{ SIOCGIFFLAGS, SIOCSIFFLAGS, IFR_FLAGS, "ifr_flags" },
	{ SIOCGIFADDR, SIOCSIFADDR, IFR_ADDR, "ifr_addr" },
	{ SIOCGIFDSTADDR, SIOCSIFDSTADDR, IFR_ADDR, "ifr_dstaddr" },
	{ SIOCGIFBRDADDR, SIOCSIFBRDADDR, IFR_ADDR, "ifr_broadaddr" },
	{ SIOCGIFNETMASK, SIOCSIFNETMASK, IFR_ADDR, "ifr_netmask" },
	{ SIOCGIFMETRIC, SIOCSIFMETRIC, IFR_INT, "ifr_metric" },
	{ SIOCGIFMTU, SIOCSIFMTU, IFR_INT, "ifr_mtu" },
	{ SIOCGIFTXQLEN, SIOCSIFTXQLEN, IFR_INT, "ifr_qlen" },
	{ SIOCGIFHWADDR, SIOCSIFHWADDR, IFR_HWADDR, "ifr_hwaddr" },
	{ SIOCGIFMAP, SIOCSIFMAP, IFR_MAP, "ifr_map" },
	{ SIOCGIFSLAVE, SIOCSIFSLAVE, IFR_STR, "ifr_slave" },
	{ 0, SIOCSIFNAME, IFR_STR, "ifr_newname" },
};

/* The ifreq request req, *get set when it is a getter; NULL for others. */
static const struct ifr_req *ifr_req(unsigned long req, bool *get)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ifr_reqs); i++) {
		if (req && (req == ifr_reqs[i].get || req == ifr_reqs[i].set)) {
			*get = req == ifr_reqs[i].get;
			return &ifr_reqs[i];
		}
	}
	return NULL;
}

/* The bytes of a hardware address of this ARPHRD type, as strace prints
 * them (aa:bb:...): all 14 of sa_data for a type it has no length for. */
static size_t hwaddr_len(unsigned type)
{
	switch (type) {
	case ARPHRD_ETHER:
	case ARPHRD_EETHER:
	case ARPHRD_IEEE802:
	case ARPHRD_LOOPBACK:
		return 6;
	case ARPHRD_NETROM:
	case ARPHRD_AX25:
		return 7;
	}
	return 14;
}

static void out_hwaddr(struct dctx *d, const uint8_t *sa)
{
	uint16_t fam;
	size_t n, i;
	char mac[14 * 3];

	memcpy(&fam, sa, 2);
	o_struct_begin(d->o);
	o_field(d->o, "sa_family");
	o_xval(d->o, xlat_get(XLAT_ID(arp_hardware_types)), fam, "ARPHRD_???");
	o_field(d->o, "sa_data");
	n = hwaddr_len(fam);
	for (i = 0; i < n; i++)
		snprintf(mac + (i ? 3 * i - 1 : 0), sizeof(mac) - 3 * i + 1, "%s%02x", i ? ":" : "",
			 sa[2 + i]);
	if (d->opt->xlat_style == XLAT_STYLE_ABBREV) {
		o_raw(d->o, mac);
	} else {
		o_str(d->o, sa + 2, 14, STR_HEX);
		if (d->opt->xlat_style == XLAT_STYLE_VERBOSE)
			o_comment(d->o, mac);
	}
	o_struct_end(d->o);
}

static void out_ifmap(struct dctx *d, const struct ifmap *m)
{
	o_struct_begin(d->o);
	o_field(d->o, "mem_start");
	o_hex(d->o, m->mem_start);
	o_field(d->o, "mem_end");
	o_hex(d->o, m->mem_end);
	o_field(d->o, "base_addr");
	o_hex(d->o, m->base_addr);
	o_field(d->o, "irq");
	o_hex(d->o, m->irq);
	o_field(d->o, "dma");
	o_hex(d->o, m->dma);
	o_field(d->o, "port");
	o_hex(d->o, m->port);
	o_struct_end(d->o);
}

/* An interface name: up to its NUL, IFNAMSIZ bytes at most. */
static void out_ifname(struct dctx *d, const char *name)
{
	o_str(d->o, name, strnlen(name, IFNAMSIZ), 0);
}

/* The field the request is about, from the ifreq r. */
static void out_ifr_field(struct dctx *d, const struct ifr_req *q, const struct ifreq *r)
{
	o_field(d->o, q->field);
	switch (q->kind) {
	case IFR_INDEX:
		o_int(d->o, r->ifr_ifindex);
		break;
	case IFR_NAME:
		out_ifname(d, r->ifr_name);
		break;
	case IFR_FLAGS:
		o_flags(d->o, xlat_get(XLAT_ID(iff_flags)), (uint16_t)r->ifr_flags, "IFF_???");
		break;
	case IFR_ADDR:
		put_sockaddr_mem(d, (const uint8_t *)&r->ifr_addr, sizeof(r->ifr_addr));
		break;
	case IFR_INT:
		o_int(d->o, r->ifr_mtu); /* ifr_metric, ifr_mtu and ifr_qlen share an int */
		break;
	case IFR_HWADDR:
		out_hwaddr(d, (const uint8_t *)&r->ifr_hwaddr);
		break;
	case IFR_MAP:
		out_ifmap(d, &r->ifr_map);
		break;
	case IFR_STR:
		out_ifname(d, r->ifr_newname); /* ifr_slave shares it */
		break;
	case IFR_NONE:
		break;
	}
}

static void cap_ifreq(struct capctx *cc, int phase, bool get)
{
	uint64_t arg = cc->c->args[2];

	if (!arg)
		return;
	if (phase == PH_ENTRY)
		cap_queue(cc, CAP_EXTRA(0), arg, sizeof(struct ifreq));
	else if (get && !call_failed(cc->c))
		cap_queue(cc, CAP_EXTRA(1), arg, sizeof(struct ifreq));
}

/* A setter's ifreq at entry; a getter's at exit. */
static void dec_ifreq(struct dctx *d, int phase, const struct ifr_req *q, bool get)
{
	struct ifreq in, out;
	const struct ifreq *r = dec_copy(d, CAP_EXTRA(0), &in, sizeof(in)), *got;

	if (phase != (get ? PH_EXIT : PH_ENTRY))
		return;
	if (!r) {
		o_ptr(d->o, d->c->args[2]);
		return;
	}
	got = get && !call_failed(d->c) ? dec_copy(d, CAP_EXTRA(1), &out, sizeof(out)) : NULL;
	o_struct_begin(d->o);
	if (q->kind == IFR_NAME) {
		o_field(d->o, "ifr_ifindex");
		o_int(d->o, r->ifr_ifindex);
	} else {
		o_field(d->o, "ifr_name");
		out_ifname(d, r->ifr_name);
	}
	if (!get || got)
		out_ifr_field(d, q, get ? got : r);
	o_struct_end(d->o);
}

/* Requests whose argument points to an int the kernel writes (printed
 * [N] after a success) or reads ([N] at entry). */
static bool ioctl_int_out(unsigned long req)
{
	return req == FIONREAD || req == TIOCOUTQ || req == SIOCGPGRP || req == FIOGETOWN ||
	       req == SIOCATMARK;
}

static bool ioctl_int_in(unsigned long req)
{
	return req == FIONBIO || req == FIOSETOWN || req == SIOCSPGRP;
}

static bool ioctl_out(unsigned long req)
{
	return req == TCGETS || req == TIOCGWINSZ || ioctl_int_out(req);
}

static bool ioctl_has_struct(unsigned long req)
{
	return req == TCGETS || req == TIOCGWINSZ || req == TIOCSWINSZ || req == TCSETS ||
	       req == TCSETSW || req == TCSETSF || ioctl_int_out(req) || ioctl_int_in(req);
}

void cap_ioctl(struct capctx *cc, int phase)
{
	unsigned long req = (unsigned)cc->c->args[1];
	bool out = ioctl_out(req);
	size_t sz = req == TCGETS || req == TCSETS || req == TCSETSW || req == TCSETSF ?
			    sizeof(struct termios) : req == TIOCGWINSZ || req == TIOCSWINSZ ?
			    sizeof(struct winsize) : sizeof(int);
	bool get;

	if (ifr_req(req, &get)) {
		cap_ifreq(cc, phase, get);
		return;
	}
	if (!ioctl_has_struct(req) || !cc->c->args[2])
		return;
	if (out ? phase == PH_EXIT && !call_failed(cc->c) : phase == PH_ENTRY)
		cap_queue(cc, CAP_EXTRA(0), cc->c->args[2], sz);
}

static const char *baud_name(unsigned cbaud, char *buf)
{
	static const struct { unsigned v; const char *n; } b[] = {
		{ B0, "B0" }, { B50, "B50" }, { B75, "B75" }, { B110, "B110" }, { B134, "B134" },
		{ B150, "B150" }, { B200, "B200" }, { B300, "B300" }, { B600, "B600" },
		{ B1200, "B1200" }, { B1800, "B1800" }, { B2400, "B2400" }, { B4800, "B4800" },
		{ B9600, "B9600" }, { B19200, "B19200" }, { B38400, "B38400" },
		{ B57600, "B57600" }, { B115200, "B115200" }, { B230400, "B230400" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(b); i++)
		if (b[i].v == cbaud)
			return b[i].n;
	snprintf(buf, 16, "%#x", cbaud);
	return buf;
}

static void out_ioctl_arg(struct dctx *d, unsigned long req)
{
	union {
		struct termios t;
		struct winsize w;
		int i;
	} u;
	const void *m = NULL;
	char buf[128], bb[16];

	if (req == TCGETS || req == TCSETS || req == TCSETSW || req == TCSETSF)
		m = dec_copy(d, CAP_EXTRA(0), &u, sizeof(struct termios));
	else if (req == TIOCGWINSZ || req == TIOCSWINSZ)
		m = dec_copy(d, CAP_EXTRA(0), &u, sizeof(struct winsize));
	else
		m = dec_copy(d, CAP_EXTRA(0), &u, sizeof(int));
	if (!m) {
		o_ptr(d->o, d->c->args[2]);
		return;
	}
	if (req == TIOCGWINSZ || req == TIOCSWINSZ) {
		const struct winsize *w = m;

		o_struct_begin(d->o);
		o_field(d->o, "ws_row");
		o_uint(d->o, w->ws_row);
		o_field(d->o, "ws_col");
		o_uint(d->o, w->ws_col);
		o_field(d->o, "ws_xpixel");
		o_uint(d->o, w->ws_xpixel);
		o_field(d->o, "ws_ypixel");
		o_uint(d->o, w->ws_ypixel);
		o_struct_end(d->o);
	} else if (ioctl_int_out(req) || ioctl_int_in(req)) {
		o_array_begin(d->o);
		o_int(d->o, *(const int *)m);
		o_array_end(d->o);
	} else {
		const struct termios *t = m;

		/* strace's abbreviated termios: speed, then the four main modes. */
		snprintf(buf, sizeof(buf), "{%s %sopost %sisig %sicanon %secho ...}",
			 baud_name(t->c_cflag & CBAUD, bb), t->c_oflag & OPOST ? "" : "-",
			 t->c_lflag & ISIG ? "" : "-", t->c_lflag & ICANON ? "" : "-",
			 t->c_lflag & ECHO ? "" : "-");
		o_raw(d->o, buf);
	}
}

static const char *ioctl_name(unsigned long req)
{
	switch (req) {
	case TCGETS: return "TCGETS";
	case TCSETS: return "TCSETS";
	case TCSETSW: return "TCSETSW";
	case TCSETSF: return "TCSETSF";
	case TIOCGWINSZ: return "TIOCGWINSZ";
	case TIOCSWINSZ: return "TIOCSWINSZ";
	case FIONREAD: return "FIONREAD";
	case FIONBIO: return "FIONBIO";
	case FIOCLEX: return "FIOCLEX";
	case FIONCLEX: return "FIONCLEX";
	case TIOCGPGRP: return "TIOCGPGRP";
	case TIOCSPGRP: return "TIOCSPGRP";
	case FICLONE: return "BTRFS_IOC_CLONE or FICLONE"; /* cp(1)'s reflink try */
	case TIOCOUTQ: return "TIOCOUTQ"; /* SIOCOUTQ to a socket */
	}
	if ((req >> 8) == 0x89) /* SOCK_IOC_TYPE: <linux/sockios.h> */
		return xlat_lookup(xlat_get(XLAT_ID(sockios)), req);
	return NULL;
}

/* ioctl(fd, request, arg): known terminal and FIO requests decoded; others
 * as strace prints them, _IOC(dir, type, nr, size) and the argument in hex. */
void dec_ioctl(struct dctx *d, int phase)
{
	unsigned long req = (unsigned)d->c->args[1];
	bool out = ioctl_out(req);
	const char *name = ioctl_name(req);
	const struct ifr_req *q;
	char buf[96];
	bool get;

	q = ifr_req(req, &get);
	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		if (name && d->opt->xlat_style != XLAT_STYLE_RAW) {
			if (d->opt->xlat_style == XLAT_STYLE_VERBOSE) {
				snprintf(buf, sizeof(buf), "%#lx /* %s */", req, name);
				o_raw(d->o, buf);
			} else {
				o_sym(d->o, name);
			}
		} else if (d->opt->xlat_style == XLAT_STYLE_RAW || !_IOC_SIZE(req)) {
			o_hex(d->o, req);
		} else {
			static const char *const dir[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
							   "_IOC_READ|_IOC_WRITE" };

			snprintf(buf, sizeof(buf), "_IOC(%s, %#x, %#x, %#x)", dir[_IOC_DIR(req) & 3],
				 (unsigned)_IOC_TYPE(req), (unsigned)_IOC_NR(req), (unsigned)_IOC_SIZE(req));
			o_raw(d->o, buf);
		}
		if (req == FIOCLEX || req == FIONCLEX)
			return;
		if (q)
			dec_ifreq(d, phase, q, get);
		else if (req == FICLONE)
			o_int(d->o, (int)d->c->args[2]); /* the source fd, as a number */
		else if (!ioctl_has_struct(req))
			o_hex(d->o, d->c->args[2]);
		else if (!out)
			out_ioctl_arg(d, req);
		return;
	}
	if (q)
		dec_ifreq(d, phase, q, get);
	else if (out) {
		if (call_failed(d->c))
			o_ptr(d->o, d->c->args[2]);
		else
			out_ioctl_arg(d, req);
	}
}

/* sendfile's *offset is read at entry and, when bytes moved, again at exit:
 * the kernel advances it (strace: [0] => [1048576]). */
void cap_sendfile(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (!c->args[2])
		return;
	if (phase == PH_ENTRY)
		cap_queue(cc, 2, c->args[2], 8);
	else if (!call_failed(c) && c->ret > 0)
		cap_queue(cc, CAP_EXTRA(0), c->args[2], 8);
}

static void off_array(struct dctx *d, const int64_t *p)
{
	int64_t v;

	memcpy(&v, p, 8); /* captured bytes are not aligned */
	o_array_begin(d->o);
	o_uint(d->o, (uint64_t)v);
	o_array_end(d->o);
}

void dec_sendfile(struct dctx *d, int phase)
{
	int64_t offb, nowb;
	const int64_t *off = dec_copy(d, 2, &offb, 8), *now;

	if (phase == PH_ENTRY) {
		dec_args(d, 0, 2);
		return;
	}
	if (!d->c->args[2] || !off) {
		o_ptr(d->o, d->c->args[2]);
	} else {
		off_array(d, off);
		now = dec_copy(d, CAP_EXTRA(0), &nowb, 8);
		if (now) {
			o_changed(d->o);
			off_array(d, now);
		}
	}
	o_uint(d->o, d->c->args[3]);
}

void dec_splice(struct dctx *d, int phase);
void cap_splice(struct capctx *cc, int phase);

/* splice and copy_file_range(fd_in, off_in, fd_out, off_out, len, flags):
 * strace 6.1 prints the two offsets as read at entry ([0], not [0] => [N]). */
void cap_splice(struct capctx *cc, int phase)
{
	if (phase != PH_ENTRY)
		return;
	if (cc->c->args[1])
		cap_queue(cc, 1, cc->c->args[1], 8);
	if (cc->c->args[3])
		cap_queue(cc, 3, cc->c->args[3], 8);
}

static void splice_off(struct dctx *d, int i)
{
	int64_t offb;
	const int64_t *off = dec_copy(d, i, &offb, 8);

	if (!d->c->args[i] || !off)
		o_ptr(d->o, d->c->args[i]);
	else
		off_array(d, off);
}

void dec_splice(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	dec_fd(d, 0, (int)c->args[0]);
	splice_off(d, 1);
	dec_fd(d, 2, (int)c->args[2]);
	splice_off(d, 3);
	o_uint(d->o, c->args[4]);
	if (!strcmp(d->sig->name, "splice"))
		o_flags(d->o, xlat_get(XLAT_ID(file_splice)), (uint32_t)c->args[5], NULL);
	else
		o_uint(d->o, (uint32_t)c->args[5]);
}
