/* selfdesc_file_stat.c: the stat family, getdents and fcntl describing their
 * own trace lines: every field in every -X style, with and without -v.
 * trace: stat,newfstatat,statx,statfs,getdents,getdents64,fcntl
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -v
 * run: -v -X raw
 * run: -v -X verbose
 * run: -s 4 -v
 * run: -y
 */
#include "selftest.h"

#include <dirent.h>
#include <linux/stat.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>

/* strace's comment after a time, in every -X style (none for the epoch). */
static const char *tcomment(long long sec, long long nsec)
{
	char iso[64], tz[16];
	time_t t = (time_t)sec;
	struct tm tm;
	size_t n;

	if ((!sec && !nsec) || !localtime_r(&t, &tm))
		return "";
	n = strftime(iso, sizeof(iso), "%FT%T", &tm);
	if (nsec)
		snprintf(iso + n, sizeof(iso) - n, ".%09lld", nsec);
	strftime(tz, sizeof(tz), "%z", &tm);
	return st_fmt(" /* %s%s */", iso, tz);
}

static bool yflag;	/* -y: descriptors carry their path */
static char cwdpath[256];

/* A descriptor argument or return: 3, or 3</path> under -y. */
static const char *fdp(long fd, const char *path)
{
	return yflag ? st_fmt("%ld<%s>", fd, path) : st_fmt("%ld", fd);
}

/* The memfd: unlinked from birth, marked after the brackets. */
static const char *mfd(long fd)
{
	return yflag ? st_fmt("%ld</memfd:selfdesc>(deleted)", fd) : st_fmt("%ld", fd);
}

struct bit {
	unsigned long long v;
	const char *name;
};

/* Flags as strace prints them: A|B|0x40; -X raw the number; -X verbose the
 * number and the names in a comment. The table is in strace's order. */
static const char *flags(unsigned long long v, const struct bit *t)
{
	char names[512] = "", *w = names;
	unsigned long long left = v;

	if (!v)
		return "0";
	for (; t->name; t++) {
		if ((left & t->v) == t->v) {
			w += sprintf(w, "%s%s", w == names ? "" : "|", t->name);
			left &= ~t->v;
		}
	}
	if (left)
		sprintf(w, "%s%#llx", w == names ? "" : "|", left);
	return X(st_fmt("%s", names), st_fmt("%#llx", v), st_fmt("%#llx /* %s */", v, names));
}

static const struct bit statx_masks[] = {
	{ 0xfff, "STATX_ALL" }, { 0x7ff, "STATX_BASIC_STATS" }, { 0x1, "STATX_TYPE" },
	{ 0x2, "STATX_MODE" }, { 0x4, "STATX_NLINK" }, { 0x8, "STATX_UID" }, { 0x10, "STATX_GID" },
	{ 0x20, "STATX_ATIME" }, { 0x40, "STATX_MTIME" }, { 0x80, "STATX_CTIME" },
	{ 0x100, "STATX_INO" }, { 0x200, "STATX_SIZE" }, { 0x400, "STATX_BLOCKS" },
	{ 0x800, "STATX_BTIME" }, { 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" }, { 0, 0 }
};

static const struct bit statx_attrs[] = {
	{ 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
	{ 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
	{ 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
	{ 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
	{ 0x200000, "STATX_ATTR_DAX" }, { 0, 0 }
};

static const struct bit statfs_flags[] = {
	{ 0x20, "ST_VALID" }, { 0x1, "ST_RDONLY" }, { 0x2, "ST_NOSUID" }, { 0x4, "ST_NODEV" },
	{ 0x8, "ST_NOEXEC" }, { 0x10, "ST_SYNCHRONOUS" }, { 0x40, "ST_MANDLOCK" },
	{ 0x80, "ST_WRITE" }, { 0x100, "ST_APPEND" }, { 0x200, "ST_IMMUTABLE" },
	{ 0x400, "ST_NOATIME" }, { 0x800, "ST_NODIRATIME" }, { 0x1000, "ST_RELATIME" },
	{ 0x2000, "ST_NOSYMFOLLOW" }, { 0, 0 }
};

/* makedev(0x1, 0x3); -X raw 0x103; -X verbose both. */
static const char *dev(dev_t d)
{
	const char *m = st_fmt("makedev(%#x, %#x)", major(d), minor(d));
	const char *n = st_fmt("%#llx", (unsigned long long)d);

	return X(m, n, st_fmt("%s /* %s */", n, m));
}

static const char *mode(unsigned m, const char *names)
{
	const char *n = st_fmt("%#o", m);

	return X(names, n, st_fmt("%s /* %s */", n, names));
}

static const char *stat_body(const struct stat *st, const char *m)
{
	const char *tail;

	if (!st_verbose)
		return st_fmt("{st_mode=%s, st_rdev=%s, ...}", m, dev(st->st_rdev));
	tail = st_fmt("st_atime=%lld%s, st_atime_nsec=%ld, st_mtime=%lld%s, st_mtime_nsec=%ld, "
		      "st_ctime=%lld%s, st_ctime_nsec=%ld",
		      (long long)st->st_atim.tv_sec, tcomment(st->st_atim.tv_sec, st->st_atim.tv_nsec),
		      st->st_atim.tv_nsec,
		      (long long)st->st_mtim.tv_sec, tcomment(st->st_mtim.tv_sec, st->st_mtim.tv_nsec),
		      st->st_mtim.tv_nsec,
		      (long long)st->st_ctim.tv_sec, tcomment(st->st_ctim.tv_sec, st->st_ctim.tv_nsec),
		      st->st_ctim.tv_nsec);
	return st_fmt("{st_dev=%s, st_ino=%llu, st_mode=%s, st_nlink=%lu, st_uid=%u, st_gid=%u, "
		      "st_blksize=%ld, st_blocks=%lld, st_rdev=%s, %s}",
		      dev(st->st_dev), (unsigned long long)st->st_ino, m,
		      (unsigned long)st->st_nlink, st->st_uid, st->st_gid, (long)st->st_blksize,
		      (long long)st->st_blocks, dev(st->st_rdev), tail);
}

static const char *sxts(const char *name, const struct statx_timestamp *t)
{
	return st_fmt(", %s={tv_sec=%lld, tv_nsec=%u}%s", name, (long long)t->tv_sec,
		      t->tv_nsec, tcomment(t->tv_sec, t->tv_nsec));
}

/* The struct statx as strace 6.1 prints it: fields whose bit is clear in
 * stx_mask are left out. */
static const char *statx_body(const struct statx *s, const char *m)
{
	char *b = st_buf();
	unsigned k = s->stx_mask;
	int n;

	n = sprintf(b, "{stx_mask=%s", flags(k, statx_masks));
	if (st_verbose)
		n += sprintf(b + n, ", stx_blksize=%u", s->stx_blksize);
	n += sprintf(b + n, ", stx_attributes=%s", flags(s->stx_attributes, statx_attrs));
	if (st_verbose && (k & STATX_NLINK))
		n += sprintf(b + n, ", stx_nlink=%u", s->stx_nlink);
	if (st_verbose && (k & STATX_UID))
		n += sprintf(b + n, ", stx_uid=%u", s->stx_uid);
	if (st_verbose && (k & STATX_GID))
		n += sprintf(b + n, ", stx_gid=%u", s->stx_gid);
	if (k & (STATX_TYPE | STATX_MODE))
		n += sprintf(b + n, ", stx_mode=%s", m);
	if (st_verbose && (k & STATX_INO))
		n += sprintf(b + n, ", stx_ino=%llu", (unsigned long long)s->stx_ino);
	if (k & STATX_SIZE)
		n += sprintf(b + n, ", stx_size=%llu", (unsigned long long)s->stx_size);
	if (!st_verbose)
		return strcat(b, ", ...}");
	if (k & STATX_BLOCKS)
		n += sprintf(b + n, ", stx_blocks=%llu", (unsigned long long)s->stx_blocks);
	n += sprintf(b + n, ", stx_attributes_mask=%s", flags(s->stx_attributes_mask, statx_attrs));
	if (k & STATX_ATIME)
		n += sprintf(b + n, "%s", sxts("stx_atime", &s->stx_atime));
	if (k & STATX_BTIME)
		n += sprintf(b + n, "%s", sxts("stx_btime", &s->stx_btime));
	if (k & STATX_CTIME)
		n += sprintf(b + n, "%s", sxts("stx_ctime", &s->stx_ctime));
	if (k & STATX_MTIME)
		n += sprintf(b + n, "%s", sxts("stx_mtime", &s->stx_mtime));
	n += sprintf(b + n, ", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, "
		     "stx_dev_minor=%u", s->stx_rdev_major, s->stx_rdev_minor,
		     s->stx_dev_major, s->stx_dev_minor);
	if (k & STATX_MNT_ID)
		n += sprintf(b + n, ", stx_mnt_id=%#llx", (unsigned long long)s->stx_mnt_id);
	if (k & STATX_DIOALIGN)
		n += sprintf(b + n, ", stx_dio_mem_align=%u, stx_dio_offset_align=%u",
			     s->stx_dio_mem_align, s->stx_dio_offset_align);
	strcat(b + n, "}");
	return b;
}

/* The entries of a getdents64 buffer as strace -v prints them (all of them,
 * whatever -s says), or their count. */
static const char *dents64(const char *buf, long len)
{
	char *b = st_buf();
	long off = 0;
	int n = 0, w = 0;

	while (off < len) {
		const struct dirent64 *e = (const void *)(buf + off);

		if (st_verbose)
			w += snprintf(b + w, 1024 - w,
				      "%s{d_ino=%llu, d_off=%llu, d_reclen=%u, d_type=%s, d_name=\"%s\"}",
				      n ? ", " : "[", (unsigned long long)e->d_ino,
				      (unsigned long long)e->d_off, e->d_reclen,
				      e->d_type == DT_DIR ? X("DT_DIR", "0x4", "0x4 /* DT_DIR */")
							  : X("DT_LNK", "0xa", "0xa /* DT_LNK */"),
				      e->d_name);
		off += e->d_reclen;
		n++;
	}
	if (!st_verbose)
		return st_fmt("%p /* %d entries */", (const void *)buf, n);
	return n ? strcat(b, "]") : "[]";
}

int main(int argc, char **argv)
{
	const char *nf = "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW";
	char cwd[300], dir[64], buf[1024];
	struct statx sx;
	struct statfs sf;
	struct stat st;
	long r, fd, fd2;
	int i;

	tzset(); /* read /etc/localtime before the marker */
	for (i = 1; i < argc; i++)
		yflag |= !strcmp(argv[i], "-y");
	if (!getcwd(cwdpath, sizeof(cwdpath)))
		return 1;
	/* A directory whose entries every run has (no random names: t4000 and
	 * the compat run compare whole traces), more of them than -s 4. */
	snprintf(dir, sizeof(dir), "/proc/%ld/fd", st_begin(argc, argv));
	/* copied: the formatting ring is reused within one line */
	if (yflag)
		snprintf(cwd, sizeof(cwd), "AT_FDCWD<%s>", cwdpath);
	else
		snprintf(cwd, sizeof(cwd), "%s", named("-100", "AT_FDCWD"));

	/* A device: st_rdev instead of st_size. */
	r = syscall(SYS_stat, "/dev/null", &st);
	want(ret(r), "stat(\"/dev/null\", %s)",
	     stat_body(&st, mode(st.st_mode, "S_IFCHR|0666")));
	r = syscall(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, AT_SYMLINK_NOFOLLOW);
	want(ret(r), "newfstatat(%s, \"/dev/null\", %s, %s)", cwd,
	     stat_body(&st, mode(st.st_mode, "S_IFCHR|0666")),
	     X("AT_SYMLINK_NOFOLLOW", "0x100", "0x100 /* AT_SYMLINK_NOFOLLOW */"));

	/* statx: the sync type is 0, so -X raw shows the other flags as "|0x100". */
	r = syscall(SYS_statx, AT_FDCWD, "/dev/null", AT_SYMLINK_NOFOLLOW, STATX_ALL, &sx);
	want(ret(r), "statx(%s, \"/dev/null\", %s, %s, %s)", cwd,
	     X(nf, "|0x100", "0 /* AT_STATX_SYNC_AS_STAT */|0x100 /* AT_SYMLINK_NOFOLLOW */"),
	     X("STATX_ALL", "0xfff", "0xfff /* STATX_ALL */"),
	     statx_body(&sx, mode(sx.stx_mode, "S_IFCHR|0666")));
	r = syscall(SYS_statx, AT_FDCWD, "/dev/null", 0, 0, BADPTR);
	want(err(errno), "statx(%s, \"/dev/null\", %s, 0, %p)", cwd,
	     X("AT_STATX_SYNC_AS_STAT", "", "0 /* AT_STATX_SYNC_AS_STAT */"), BADPTR);
	r = syscall(SYS_statx, AT_FDCWD, "/", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC | 0x80000,
		    0, &sx);
	want(err(errno), "statx(%s, \"/\", %s, 0, %p)", cwd,
	     X("AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC|0x80000", "0x6000|0x80000",
	       "0x6000 /* AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC */|0x80000"), (void *)&sx);

	/* statfs is printed in full with or without -v. */
	r = statfs("/proc", &sf);
	want(ret(r), "statfs(\"/proc\", {f_type=%s, f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, "
	     "f_bavail=%lu, f_files=%lu, f_ffree=%lu, f_fsid={val=[%#x, %#x]}, f_namelen=%ld, "
	     "f_frsize=%ld, f_flags=%s})", named("0x9fa0", "PROC_SUPER_MAGIC"), (long)sf.f_bsize,
	     sf.f_blocks, sf.f_bfree, sf.f_bavail, sf.f_files, sf.f_ffree,
	     (unsigned)sf.f_fsid.__val[0], (unsigned)sf.f_fsid.__val[1], (long)sf.f_namelen,
	     (long)sf.f_frsize, flags(sf.f_flags, statfs_flags));

	/* getdents64: every entry under -v, whatever -s says. */
	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	want(ret(r), "getdents64(%s, %s, %zu)", fdp(fd, dir), dents64(buf, r), sizeof(buf));
	r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	want(ret(r), "getdents64(%s, %s, %zu)", fdp(fd, dir), dents64(buf, r), sizeof(buf));
	r = syscall(SYS_getdents64, -1, buf, sizeof(buf));
	want(err(errno), "getdents64(-1, %p, %zu)", (void *)buf, sizeof(buf));

	/* fcntl: returned flags in hex with their names, a new fd. */
	r = fcntl(fd, F_GETFL);
	want(st_fmt("%#lx (flags O_RDONLY|O_LARGEFILE|O_DIRECTORY)", r), "fcntl(%s, %s)", fdp(fd, dir),
	     named("0x3", "F_GETFL"));
	r = fcntl(fd, F_SETFD, FD_CLOEXEC);
	want(ret(r), "fcntl(%s, %s, %s)", fdp(fd, dir), named("0x2", "F_SETFD"),
	     named("0x1", "FD_CLOEXEC"));
	r = fcntl(fd, F_GETFD);
	want(X("0x1 (flags FD_CLOEXEC)", "0x1 (flags 0x1)", "0x1 (flags 0x1 /* FD_CLOEXEC */)"),
	     "fcntl(%s, %s)", fdp(fd, dir), named("0x1", "F_GETFD"));
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	want(fdp(fd2, dir), "fcntl(%s, %s, 0)", fdp(fd, dir), named("0x406", "F_DUPFD_CLOEXEC"));
	r = fcntl(fd, F_GETOWN);
	want(ret(r), "fcntl(%s, %s, {type=%s, pid=0})", fdp(fd, dir), named("0x10", "F_GETOWN_EX"),
	     named("0", "F_OWNER_TID"));
	r = fcntl(fd, F_GETLEASE);
	want(st_fmt("%#lx (F_UNLCK)", r), "fcntl(%s, %s)", fdp(fd, dir), named("0x401", "F_GETLEASE"));
	close(fd2);
	close(fd);
	fd = memfd_create("selfdesc", MFD_ALLOW_SEALING);
	r = fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_GROW);
	want(ret(r), "fcntl(%s, %s, %s)", mfd(fd), named("0x409", "F_ADD_SEALS"),
	     named("0x5", "F_SEAL_SEAL|F_SEAL_GROW"));
	r = fcntl(fd, F_GET_SEALS);
	want(X("0x5 (seals F_SEAL_SEAL|F_SEAL_GROW)", "0x5 (seals 0x5)",
	       "0x5 (seals 0x5 /* F_SEAL_SEAL|F_SEAL_GROW */)"),
	     "fcntl(%s, %s)", mfd(fd), named("0x40a", "F_GET_SEALS"));
	return 0;
}
