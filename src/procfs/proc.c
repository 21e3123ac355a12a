/* proc.c: the pure /proc parsers of proc.h and the readers built on them. */
#include "procfs/proc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- small text helpers ------------------------------------------------------ */

/* The next line of [*p, end): returns its start, sets *len (no newline) and
 * advances *p past the newline. NULL at the end. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', end - s);
	*len = (nl ? nl : end) - s;
	*p = nl ? nl + 1 : end;
	return s;
}

/* Does line start with "key:"? Then *val points past the colon and blanks. */
static bool line_key(const char *line, size_t len, const char *key, const char **val,
		     size_t *vlen)
{
	size_t k = strlen(key);

	if (len <= k || memcmp(line, key, k) || line[k] != ':')
		return false;
	line += k + 1;
	len -= k + 1;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	*val = line;
	*vlen = len;
	return true;
}

/* Parse an unsigned number in base (10 or 16) from a value of vlen bytes;
 * trailing " kB" and blanks are allowed. */
static int val_ull(const char *v, size_t vlen, int base, unsigned long long *out)
{
	char buf[64];
	char *end;

	if (!vlen || vlen >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	if (!isxdigit((unsigned char)buf[0]))
		return -EINVAL;
	errno = 0;
	*out = strtoull(buf, &end, base);
	if (errno || end == buf)
		return -EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end && strcmp(end, "kB"))
		return -EINVAL;
	return 0;
}

/* Parse up to n blank-separated decimal ids ("0\t0\t0\t0"); returns how many. */
static int val_ids(const char *v, size_t vlen, unsigned *ids, int n)
{
	char buf[1024];
	char *p = buf, *end;
	int i = 0;

	if (vlen >= sizeof(buf))
		vlen = sizeof(buf) - 1;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	while (i < n) {
		unsigned long x;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		errno = 0;
		x = strtoul(p, &end, 10);
		if (errno || x > UINT_MAX)
			return -EINVAL;
		ids[i++] = (unsigned)x;
		p = end;
	}
	return i;
}

/* ---- /proc/PID/stat ------------------------------------------------------------ */

int proc_stat_parse(const char *buf, size_t len, struct proc_stat *st)
{
	/* Fields 3.. after the command, by their number in proc(5). */
	enum { F_STATE = 3, F_PPID, F_PGRP, F_SESSION, F_TTY, F_TPGID, F_FLAGS, F_MINFLT,
	       F_CMINFLT, F_MAJFLT, F_CMAJFLT, F_UTIME, F_STIME, F_CUTIME, F_CSTIME,
	       F_PRIORITY, F_NICE, F_THREADS, F_ITREAL, F_START, F_VSIZE, F_RSS,
	       F_PROCESSOR = 39, F_RTPRIO, F_POLICY, F_MAX = 52 };
	long long f[F_MAX + 1];
	const char *open, *close, *p, *end = buf + len;
	size_t n;
	int i;

	memset(st, 0, sizeof(*st));
	open = memchr(buf, '(', len);
	/* The name may hold ')' itself: the last ')' ends it. */
	for (close = end; close > buf && close[-1] != ')'; close--)
		;
	if (!open || close <= open + 1)
		return -EINVAL;
	close--; /* at the ')' */
	if (sscanf(buf, "%d", &st->pid) != 1)
		return -EINVAL;
	n = MIN((size_t)(close - open - 1), sizeof(st->comm) - 1);
	memcpy(st->comm, open + 1, n);
	st->comm[n] = '\0';

	p = close + 1;
	if (p + 2 >= end || p[0] != ' ')
		return -EINVAL;
	st->state = p[1];
	p += 2;
	memset(f, 0, sizeof(f));
	for (i = F_STATE + 1; i <= F_MAX && p < end; i++) {
		char num[32], *e;
		const char *s;
		size_t k;

		while (p < end && *p == ' ')
			p++;
		s = p;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
		k = p - s;
		if (!k)
			break;
		if (k >= sizeof(num))
			return -EINVAL;
		memcpy(num, s, k);
		num[k] = '\0';
		errno = 0;
		/* Some fields are unsigned 64-bit (addresses): keep their bits. */
		f[i] = num[0] == '-' ? strtoll(num, &e, 10) : (long long)strtoull(num, &e, 10);
		if (errno || *e)
			return -EINVAL;
	}
	if (i <= F_RSS)
		return -EINVAL;
	st->ppid = f[F_PPID];
	st->pgrp = f[F_PGRP];
	st->session = f[F_SESSION];
	st->tty_nr = f[F_TTY];
	st->tpgid = f[F_TPGID];
	st->flags = f[F_FLAGS];
	st->minflt = f[F_MINFLT];
	st->majflt = f[F_MAJFLT];
	st->utime = f[F_UTIME];
	st->stime = f[F_STIME];
	st->priority = f[F_PRIORITY];
	st->nice = f[F_NICE];
	st->num_threads = f[F_THREADS];
	st->starttime = f[F_START];
	st->vsize = f[F_VSIZE];
	st->rss = f[F_RSS];
	st->processor = i > F_PROCESSOR ? f[F_PROCESSOR] : -1;
	st->rt_priority = f[F_RTPRIO];
	st->policy = f[F_POLICY];
	return 0;
}

/* ---- /proc/PID/status ---------------------------------------------------------- */

struct status_num {
	const char *key;
	unsigned have;
	size_t off; /* of an unsigned long long or uint64_t in struct proc_status */
	int base;
};

#define SN(k, h, field, b) { k, h, offsetof(struct proc_status, field), b }
static const struct status_num status_nums[] = {
	SN("VmSize", PST_VM, vm_size, 10),
	SN("VmRSS", PST_VM, vm_rss, 10),
	SN("RssAnon", PST_RSS_SPLIT, rss_anon, 10),
	SN("RssFile", PST_RSS_SPLIT, rss_file, 10),
	SN("RssShmem", PST_RSS_SPLIT, rss_shmem, 10),
	SN("VmSwap", PST_SWAP, vm_swap, 10),
	SN("VmLck", PST_LCK, vm_lck, 10),
	SN("voluntary_ctxt_switches", PST_CTXT, vol_ctxt, 10),
	SN("nonvoluntary_ctxt_switches", PST_CTXT, nonvol_ctxt, 10),
	SN("SigPnd", PST_SIG, sig[SIG_SET_PND], 16),
	SN("ShdPnd", PST_SIG, sig[SIG_SET_SHDPND], 16),
	SN("SigBlk", PST_SIG, sig[SIG_SET_BLK], 16),
	SN("SigIgn", PST_SIG, sig[SIG_SET_IGN], 16),
	SN("SigCgt", PST_SIG, sig[SIG_SET_CGT], 16),
	SN("CapInh", PST_CAP, cap[CAP_SET_INH], 16),
	SN("CapPrm", PST_CAP, cap[CAP_SET_PRM], 16),
	SN("CapEff", PST_CAP, cap[CAP_SET_EFF], 16),
	SN("CapBnd", PST_CAP, cap[CAP_SET_BND], 16),
	SN("CapAmb", PST_CAP, cap[CAP_SET_AMB], 16),
};
#undef SN

static int status_line(const char *line, size_t len, struct proc_status *st)
{
	unsigned long long x;
	unsigned ids[PROC_MAX_GROUPS];
	const char *v;
	size_t vlen, i;
	int n;

	for (i = 0; i < ARRAY_SIZE(status_nums); i++) {
		const struct status_num *sn = &status_nums[i];

		if (!line_key(line, len, sn->key, &v, &vlen))
			continue;
		if (val_ull(v, vlen, sn->base, &x))
			return -EINVAL;
		/* All these fields are 64-bit unsigned. */
		memcpy((char *)st + sn->off, &x, sizeof(x));
		st->have |= sn->have;
		return 0;
	}
	if (line_key(line, len, "Name", &v, &vlen)) {
		/* The kernel escapes '\n' and '\\' in Name; stat keeps them raw. */
		vlen = MIN(vlen, sizeof(st->name) - 1);
		memcpy(st->name, v, vlen);
		st->name[vlen] = '\0';
		st->have |= PST_NAME;
	} else if (line_key(line, len, "State", &v, &vlen)) {
		if (!vlen)
			return -EINVAL;
		st->state = v[0];
		st->have |= PST_STATE;
	} else if (line_key(line, len, "Tgid", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->tgid = ids[0];
		st->have |= PST_PIDS;
	} else if (line_key(line, len, "PPid", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->ppid = ids[0];
	} else if (line_key(line, len, "TracerPid", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->tracerpid = ids[0];
	} else if (line_key(line, len, "Uid", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 4) != 4)
			return -EINVAL;
		memcpy(st->uid, ids, sizeof(st->uid));
		st->have |= PST_UID;
	} else if (line_key(line, len, "Gid", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 4) != 4)
			return -EINVAL;
		memcpy(st->gid, ids, sizeof(st->gid));
		st->have |= PST_GID;
	} else if (line_key(line, len, "Groups", &v, &vlen)) {
		n = val_ids(v, vlen, ids, PROC_MAX_GROUPS);
		if (n < 0)
			return -EINVAL;
		memcpy(st->groups, ids, n * sizeof(ids[0]));
		st->ngroups = n;
		st->have |= PST_GROUPS;
	} else if (line_key(line, len, "Umask", &v, &vlen)) {
		if (val_ull(v, vlen, 8, &x))
			return -EINVAL;
		st->umask = x;
		st->have |= PST_UMASK;
	} else if (line_key(line, len, "NSpid", &v, &vlen)) {
		n = val_ids(v, vlen, ids, PROC_MAX_NSPID);
		if (n < 1)
			return -EINVAL;
		for (int k = 0; k < n; k++)
			st->nspid[k] = (pid_t)ids[k];
		st->nnspid = n;
		st->have |= PST_NSPID;
	} else if (line_key(line, len, "Threads", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->threads = ids[0];
		st->have |= PST_THREADS;
	} else if (line_key(line, len, "NoNewPrivs", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->no_new_privs = ids[0];
		st->have |= PST_NNP;
	} else if (line_key(line, len, "Seccomp", &v, &vlen)) {
		if (val_ids(v, vlen, ids, 1) != 1)
			return -EINVAL;
		st->seccomp = ids[0];
		st->have |= PST_SECCOMP;
	}
	return 0;
}

int proc_status_parse(const char *buf, size_t len, struct proc_status *st)
{
	const char *p = buf, *end = buf + len, *line;
	size_t n;

	memset(st, 0, sizeof(*st));
	while ((line = next_line(&p, end, &n)))
		if (status_line(line, n, st))
			return -EINVAL;
	return 0;
}

/* ---- maps and smaps ---------------------------------------------------------------- */

int proc_map_parse_line(const char *line, size_t len, struct proc_map *m)
{
	char buf[PATH_MAX + 256];
	unsigned long long start, end, off, ino;
	unsigned maj, min;
	char perms[8];
	int pos = 0;
	const char *path;
	size_t plen;

	memset(m, 0, sizeof(*m));
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (sscanf(buf, "%llx-%llx %7s %llx %x:%x %llu%n", &start, &end, perms, &off, &maj, &min,
		   &ino, &pos) != 7 || strlen(perms) != 4 || end < start)
		return -EINVAL;
	m->start = start;
	m->end = end;
	m->offset = off;
	m->dev_major = maj;
	m->dev_minor = min;
	m->inode = ino;
	memcpy(m->perms, perms, 5);
	path = buf + pos;
	while (*path == ' ')
		path++;
	plen = strlen(path);
	if (plen > 10 && !strcmp(path + plen - 10, " (deleted)")) {
		m->deleted = true;
		plen -= 10;
	}
	if (plen) {
		m->path = xmalloc(plen + 1);
		memcpy(m->path, path, plen);
		m->path[plen] = '\0';
	}
	return 0;
}

/* Is this line a mapping ("hex-hex ...") rather than an smaps "Key: value"? */
static bool is_map_line(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && isxdigit((unsigned char)line[i]))
		i++;
	return i > 0 && i < len && line[i] == '-';
}

static void smaps_field(struct proc_map *m, const char *line, size_t len)
{
	unsigned long long x;
	const char *v;
	size_t vlen;

	if (line_key(line, len, "Rss", &v, &vlen) && !val_ull(v, vlen, 10, &x)) {
		m->rss = x;
		m->have_smaps = true;
	} else if (line_key(line, len, "Pss", &v, &vlen) && !val_ull(v, vlen, 10, &x)) {
		m->pss = x;
	} else if ((line_key(line, len, "Shared_Dirty", &v, &vlen) ||
		    line_key(line, len, "Private_Dirty", &v, &vlen)) &&
		   !val_ull(v, vlen, 10, &x)) {
		m->dirty += x;
	} else if (line_key(line, len, "Swap", &v, &vlen) && !val_ull(v, vlen, 10, &x)) {
		m->swap = x;
	} else if (line_key(line, len, "VmFlags", &v, &vlen)) {
		size_t i;

		for (i = 0; i + 1 < vlen; i += 3)
			if (v[i] == 'n' && v[i + 1] == 'r')
				m->noreserve = true;
	}
}

int proc_maps_parse(const char *buf, size_t len, struct proc_maps *m)
{
	const char *p = buf, *end = buf + len, *line;
	size_t n;

	memset(m, 0, sizeof(*m));
	while ((line = next_line(&p, end, &n))) {
		if (!n)
			continue;
		if (!is_map_line(line, n)) {
			if (m->n)
				smaps_field(&m->v[m->n - 1], line, n);
			continue;
		}
		if (m->n == m->alloc) {
			m->alloc = m->alloc ? 2 * m->alloc : 64;
			m->v = xrealloc(m->v, m->alloc * sizeof(*m->v));
		}
		if (proc_map_parse_line(line, n, &m->v[m->n]))
			return -EINVAL;
		m->n++;
	}
	return 0;
}

void proc_maps_release(struct proc_maps *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* Does any mapping of path have execute permission? */
static bool path_is_exec(const struct proc_maps *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].path && m->v[i].perms[2] == 'x' && !strcmp(m->v[i].path, path))
			return true;
	return false;
}

void proc_maps_label(struct proc_maps *m, const char *exe)
{
	size_t i;

	/* Without the exe link (not ours, or a zombie), the program is the
	 * file mapped first: the kernel maps it before the loader. */
	for (i = 0; !exe && i < m->n; i++)
		if (m->v[i].path && m->v[i].path[0] == '/')
			exe = m->v[i].path;

	for (i = 0; i < m->n; i++) {
		struct proc_map *e = &m->v[i];
		const struct proc_map *prev = i ? &m->v[i - 1] : NULL;
		bool shared = e->perms[3] == 's';

		e->owner = NULL;
		if (!e->path) {
			/* bss beyond the file's last page: anonymous, private,
			 * writable, and right after the file's data segment. */
			if (!shared && e->perms[1] == 'w' && prev && prev->end == e->start &&
			    prev->path && prev->path[0] == '/' && prev->perms[1] == 'w' &&
			    prev->region != REG_SHM) {
				e->region = REG_BSS;
				e->owner = prev->path;
			} else {
				e->region = shared ? REG_SHM : REG_ANON;
			}
		} else if (!strcmp(e->path, "[heap]")) {
			e->region = REG_HEAP;
		} else if (starts(e->path, "[stack")) {
			e->region = REG_STACK;
		} else if (!strcmp(e->path, "[vdso]")) {
			e->region = REG_VDSO;
		} else if (starts(e->path, "[vvar")) {
			e->region = REG_VVAR;
		} else if (!strcmp(e->path, "[vsyscall]")) {
			e->region = REG_VSYSCALL;
		} else if (e->path[0] != '/') {
			e->region = shared ? REG_SHM : REG_ANON; /* [anon:name] and the like */
		} else if (starts(e->path, "/dev/shm/") || starts(e->path, "/SYSV") ||
			   starts(e->path, "/memfd:") || (shared && starts(e->path, "/dev/zero"))) {
			/* MAP_SHARED|MAP_ANONYMOUS shows as "/dev/zero (deleted)" */
			e->region = REG_SHM;
		} else if (exe && !strcmp(e->path, exe)) {
			e->region = e->perms[2] == 'x' ? REG_TEXT :
				    e->perms[1] == 'w' ? REG_DATA : REG_RODATA;
		} else if (path_is_exec(m, e->path)) {
			e->region = REG_LIB;
		} else {
			e->region = shared ? REG_SHM : REG_FILE;
		}
		/* A file mapped shared is still that file, not "shared memory". */
		if (e->region == REG_SHM && e->path && e->path[0] == '/' &&
		    !starts(e->path, "/dev/shm/") && !starts(e->path, "/SYSV") &&
		    !starts(e->path, "/memfd:") && !starts(e->path, "/dev/zero"))
			e->region = REG_FILE;
	}
}

static const char *const region_names[REG__COUNT] = {
	[REG_ANON] = "anon",   [REG_TEXT] = "text",	[REG_RODATA] = "rodata",
	[REG_DATA] = "data",   [REG_BSS] = "bss",	[REG_HEAP] = "heap",
	[REG_STACK] = "stack", [REG_VDSO] = "vdso",	[REG_VVAR] = "vvar",
	[REG_VSYSCALL] = "vsyscall", [REG_LIB] = "lib", [REG_FILE] = "file",
	[REG_SHM] = "shm",
};

const char *proc_region_name(enum map_region r)
{
	return (unsigned)r < REG__COUNT ? region_names[r] : "?";
}

size_t proc_maps_libs(const struct proc_maps *m, const char *exe, const char **out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < m->n && n < max; i++) {
		const char *path = m->v[i].path;

		if (!path || path[0] != '/' || m->v[i].perms[2] != 'x')
			continue;
		if (exe && !strcmp(path, exe))
			continue;
		if (m->v[i].region == REG_TEXT)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(out[j], path))
				break;
		if (j == n)
			out[n++] = path;
	}
	return n;
}

/* ---- limits, key: value files ------------------------------------------------------------ */

/* Copy [from, to) of line into dst (size), blanks trimmed. */
static void column(const char *line, size_t len, size_t from, size_t to, char *dst, size_t size)
{
	size_t n;

	if (from > len)
		from = len;
	if (to > len)
		to = len;
	while (from < to && line[from] == ' ')
		from++;
	while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t'))
		to--;
	n = MIN(to - from, size - 1);
	memcpy(dst, line + from, n);
	dst[n] = '\0';
}

int proc_limits_parse(const char *buf, size_t len, struct proc_limit *out, size_t max)
{
	/* fs/proc/base.c prints "%-25s %-20s %-20s %-10s": fixed columns. */
	const char *p = buf, *end = buf + len, *line;
	size_t n, count = 0;
	bool header = true;

	while ((line = next_line(&p, end, &n))) {
		if (header) {
			if (n < 5 || memcmp(line, "Limit", 5))
				return -EINVAL;
			header = false;
			continue;
		}
		if (!n)
			continue;
		if (n < 47 || count >= max)
			return n < 47 ? -EINVAL : (int)count;
		column(line, n, 0, 25, out[count].name, sizeof(out[count].name));
		column(line, n, 26, 46, out[count].soft, sizeof(out[count].soft));
		column(line, n, 47, 67, out[count].hard, sizeof(out[count].hard));
		column(line, n, 68, n, out[count].units, sizeof(out[count].units));
		if (!out[count].name[0] || !out[count].soft[0] || !out[count].hard[0])
			return -EINVAL;
		count++;
	}
	return header ? -EINVAL : (int)count;
}

int proc_kv_get(const char *buf, size_t len, const char *key, unsigned long long *val)
{
	const char *p = buf, *end = buf + len, *line, *v;
	size_t n, vlen;

	while ((line = next_line(&p, end, &n)))
		if (line_key(line, n, key, &v, &vlen))
			return val_ull(v, vlen, 10, val);
	return -ENOENT;
}

/* ---- readers --------------------------------------------------------------------------------- */

static int open_dir(struct proc *p, const char *path, pid_t pid, pid_t tgid)
{
	p->pid = pid;
	p->tgid = tgid;
	p->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->dirfd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return 0;
}

int proc_open(struct proc *p, pid_t pid)
{
	char path[64];

	if (pid <= 0) {
		p->dirfd = -1;
		return -ESRCH;
	}
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return open_dir(p, path, pid, pid);
}

int proc_open_task(struct proc *p, pid_t tgid, pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)tgid, (int)tid);
	return open_dir(p, path, tid, tgid);
}

void proc_close(struct proc *p)
{
	if (p->dirfd >= 0)
		close(p->dirfd);
	p->dirfd = -1;
}

bool proc_is_gone(const struct proc *p)
{
	int fd = openat(p->dirfd, "stat", O_RDONLY | O_CLOEXEC);
	char c;
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT || errno == ESRCH;
	n = read(fd, &c, 1);
	close(fd);
	return n < 0 && errno == ESRCH;
}

/* ENOENT and ESRCH from a file that exists for every live process mean the
 * process exited; for others (stack without CONFIG_STACKTRACE) ENOENT stays. */
static int gone_or(const struct proc *p, int err)
{
	if ((err == -ENOENT || err == -ESRCH) && proc_is_gone(p))
		return -ESRCH;
	return err;
}

int proc_read_file(const struct proc *p, const char *name, struct strbuf *sb)
{
	int r;

	sb_reset(sb);
	r = sb_read_at(sb, p->dirfd, name, O_NOFOLLOW);
	return r < 0 ? gone_or(p, r) : 0;
}

int proc_read_link(const struct proc *p, const char *name, struct strbuf *sb)
{
	char buf[PATH_MAX + 16];
	ssize_t n = readlinkat(p->dirfd, name, buf, sizeof(buf) - 1);

	sb_reset(sb);
	if (n < 0)
		return gone_or(p, -errno);
	sb_add(sb, buf, n);
	return 0;
}

int proc_read_stat(const struct proc *p, struct proc_stat *st)
{
	struct strbuf sb = STRBUF_INIT;
	int r = proc_read_file(p, "stat", &sb);

	if (!r)
		r = sb.len ? proc_stat_parse(sb.buf, sb.len, st) : -ESRCH;
	sb_release(&sb);
	return r;
}

int proc_read_status(const struct proc *p, struct proc_status *st)
{
	struct strbuf sb = STRBUF_INIT;
	int r = proc_read_file(p, "status", &sb);

	if (!r)
		r = sb.len ? proc_status_parse(sb.buf, sb.len, st) : -ESRCH;
	sb_release(&sb);
	return r;
}

int proc_read_maps(const struct proc *p, bool want_smaps, struct proc_maps *m)
{
	struct strbuf sb = STRBUF_INIT;
	int r = proc_read_file(p, want_smaps ? "smaps" : "maps", &sb);

	memset(m, 0, sizeof(*m));
	if (!r)
		r = proc_maps_parse(sb.buf ? sb.buf : "", sb.len, m);
	sb_release(&sb);
	return r;
}

int proc_read_cmdline(const struct proc *p, struct strbuf *sb)
{
	size_t i;
	int r = proc_read_file(p, "cmdline", sb);

	if (r)
		return r;
	while (sb->len && sb->buf[sb->len - 1] == '\0')
		sb->len--;
	for (i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\0')
			sb->buf[i] = ' ';
	if (sb->buf)
		sb->buf[sb->len] = '\0';
	return 0;
}

const char *const proc_ns_types[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
	"user", "uts",
};
const size_t proc_ns_ntypes = ARRAY_SIZE(proc_ns_types);

int proc_read_ns(const struct proc *p, const char *type, unsigned long long *ino)
{
	struct strbuf sb = STRBUF_INIT;
	char path[64];
	const char *br;
	int r;

	snprintf(path, sizeof(path), "ns/%s", type);
	r = proc_read_link(p, path, &sb);
	if (!r) {
		/* "mnt:[4026531840]" */
		br = strchr(sb.buf, '[');
		r = br && sscanf(br, "[%llu]", ino) == 1 ? 0 : -EINVAL;
	}
	sb_release(&sb);
	return r;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int proc_list_pids(int dirfd, const char *path, pid_t **out, size_t *n)
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t alloc = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		int e = -errno;

		close(fd);
		return e;
	}
	while ((de = readdir(d))) {
		long v;

		if (parse_long(de->d_name, 1, INT_MAX, &v))
			continue;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			*out = xrealloc(*out, alloc * sizeof(**out));
		}
		(*out)[(*n)++] = (pid_t)v;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_pid);
	return 0;
}

/* ---- time and users ---------------------------------------------------------------------------- */

long proc_clock_ticks(void)
{
	static long hz;

	if (!hz) {
		hz = sysconf(_SC_CLK_TCK);
		if (hz <= 0)
			hz = 100;
	}
	return hz;
}

double proc_start_time(unsigned long long starttime)
{
	struct timespec real, boot;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return (real.tv_sec + real.tv_nsec / 1e9) - (boot.tv_sec + boot.tv_nsec / 1e9) +
	       (double)starttime / proc_clock_ticks();
}

void proc_format_cputime(struct strbuf *sb, unsigned long long ticks)
{
	unsigned long long s = ticks / proc_clock_ticks();
	unsigned long long d = s / 86400;

	if (d)
		sb_printf(sb, "%llu-", d);
	sb_printf(sb, "%02llu:%02llu:%02llu", s / 3600 % 24, s / 60 % 60, s % 60);
}

void proc_format_start(struct strbuf *sb, double when)
{
	time_t t = (time_t)when, now = time(NULL);
	struct tm tm;
	char buf[32];

	localtime_r(&t, &tm);
	if (now - t < 24 * 3600)
		strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	else
		strftime(buf, sizeof(buf), "%b %d", &tm);
	sb_puts(sb, buf);
}

struct id_name {
	unsigned id;
	char *name; /* NULL: the id has no name */
};

static const char *cached_name(struct id_name **cache, size_t *n, unsigned id, bool group)
{
	char buf[4096];
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*cache)[i].id == id)
			return (*cache)[i].name;
	*cache = xrealloc(*cache, (*n + 1) * sizeof(**cache));
	(*cache)[*n].id = id;
	(*cache)[*n].name = NULL;
	if (group) {
		struct group gr, *res = NULL;

		if (!getgrgid_r(id, &gr, buf, sizeof(buf), &res) && res)
			(*cache)[*n].name = xstrdup(res->gr_name);
	} else {
		struct passwd pw, *res = NULL;

		if (!getpwuid_r(id, &pw, buf, sizeof(buf), &res) && res)
			(*cache)[*n].name = xstrdup(res->pw_name);
	}
	return (*cache)[(*n)++].name;
}

static struct id_name *user_cache, *group_cache;
static size_t n_user_cache, n_group_cache;

const char *proc_user_name(uid_t uid)
{
	return cached_name(&user_cache, &n_user_cache, uid, false);
}

const char *proc_group_name(gid_t gid)
{
	return cached_name(&group_cache, &n_group_cache, gid, true);
}

int proc_user_lookup(const char *name, uid_t *uid)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	long v;

	if (!getpwnam_r(name, &pw, buf, sizeof(buf), &res) && res) {
		*uid = res->pw_uid;
		return 0;
	}
	if (!parse_long(name, 0, UINT_MAX - 1, &v)) {
		*uid = (uid_t)v;
		return 0;
	}
	return -ENOENT;
}
