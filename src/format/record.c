/* record.c: writing and reading recordings (format in record.h and doc/recording.md). */
#include "format/record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

/* A call's flags in a record (a u16 that was always 0 before they were). */
#define RC_INJECTED 1u /* -e inject=/fault= made its result */

static const char rec_magic[8] = { 'P', 'S', 'C', 'O', 'P', 'R', 'E', 'C' };
#define EV_MAGIC 0x52435345u
#define EV_MAX (64u << 20) /* a record larger than this is damage, not data */

enum { RF_CALL = 1, RF_SIGINFO = 2 };

/* CRC-32 (IEEE) of each record's payload, so damage inside captured bytes is found too. */
static uint32_t crc_table[256];

static uint32_t crc32_buf(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	if (!crc_table[1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;

			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			crc_table[i] = v;
		}
	}
	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

struct rfmt {
	struct formatter f;
	int fd;
	struct strbuf buf;
	bool failed;
};

static void put(struct strbuf *sb, const void *p, size_t n) { sb_add(sb, p, n); }
static void put_u8(struct strbuf *sb, uint8_t v) { put(sb, &v, 1); }
static void put_u16(struct strbuf *sb, uint16_t v) { put(sb, &v, 2); }
static void put_u32(struct strbuf *sb, uint32_t v) { put(sb, &v, 4); }
static void put_u64(struct strbuf *sb, uint64_t v) { put(sb, &v, 8); }
static void put_str(struct strbuf *sb, const char *s)
{
	uint32_t n = s ? strlen(s) : 0;

	put_u32(sb, n);
	put(sb, s, n);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		c += w;
		n -= w;
	}
	return 0;
}

static void flush(struct rfmt *r)
{
	int rc;

	if (!r->buf.len || r->failed)
		return;
	rc = write_all(r->fd, r->buf.buf, r->buf.len);
	if (rc < 0) {
		r->failed = true;
		error("record: write: %s", strerror(-rc));
	}
	sb_reset(&r->buf);
}

static void rec_event(struct formatter *f, const struct event *ev)
{
	struct rfmt *r = (struct rfmt *)f;
	struct strbuf *sb = &r->buf;
	size_t start = sb->len, i;
	uint32_t len, crc;
	const struct call *c = ev->call;
	uint8_t flags = (c ? RF_CALL : 0) | (ev->has_siginfo ? RF_SIGINFO : 0);

	put_u32(sb, EV_MAGIC);
	put_u32(sb, 0); /* payload length, filled below */
	put_u32(sb, 0); /* payload CRC-32, filled below */
	put_u8(sb, ev->type);
	put_u8(sb, flags);
	put_u16(sb, f->fo->nprocs ? (uint16_t)*f->fo->nprocs : 1);
	put_u32(sb, (uint32_t)ev->pid);
	put_u64(sb, ev->ts);
	put_u32(sb, (uint32_t)ev->sig);
	put_u32(sb, (uint32_t)ev->status);
	put_u32(sb, (uint32_t)ev->other);
	if (ev->has_siginfo)
		put(sb, ev->siginfo, sizeof(ev->siginfo));
	if (c) {
		put_u64(sb, (uint64_t)c->nr);
		for (i = 0; i < 6; i++)
			put_u64(sb, c->args[i]);
		put_u64(sb, c->sp);
		put_u64(sb, (uint64_t)c->ret);
		put_u8(sb, c->entered);
		put_u8(sb, c->exited);
		put_u16(sb, c->injected ? RC_INJECTED : 0); /* call flags, 0 before -e inject= */
		put_u64(sb, c->t_entry);
		put_u64(sb, c->t_exit);
		put_u64(sb, c->mono_entry);
		put_u64(sb, c->mono_exit);
		for (i = 0; i < CAP_SLOTS; i++) {
			put_u32(sb, c->cap[i].off);
			put_u32(sb, c->cap[i].len);
			put_u32(sb, c->cap[i].flags);
			put_u32(sb, (uint32_t)c->cap[i].err);
		}
		put_u32(sb, c->data_len);
		put(sb, c->data, c->data_len);
	}
	len = sb->len - start - 12;
	memcpy(sb->buf + start + 4, &len, 4);
	crc = crc32_buf((const uint8_t *)sb->buf + start + 12, len);
	memcpy(sb->buf + start + 8, &crc, 4);
	if (sb->len >= 256 * 1024)
		flush(r);
}

static void rec_finish(struct formatter *f)
{
	flush((struct rfmt *)f);
}

static void rec_free(struct formatter *f)
{
	struct rfmt *r = (struct rfmt *)f;

	flush(r);
	if (r->fd > 2 && close(r->fd) < 0)
		error("record: close: %s", strerror(errno));
	sb_release(&r->buf);
	free(r);
}

static const struct formatter_ops rec_ops = {
	.event = rec_event,
	.finish = rec_finish,
	.free = rec_free,
};

struct formatter *fmt_record_new(const struct fmt_opts *fo, int fd, const struct record_meta *m)
{
	struct rfmt *r = xcalloc(1, sizeof(*r));
	struct strbuf h = STRBUF_INIT;
	uint32_t argc = 0, hlen;

	r->f.ops = &rec_ops;
	r->f.fo = fo;
	r->fd = fd;
	while (m->argv && m->argv[argc])
		argc++;
	put_u32(&h, m->strsize);
	put_u32(&h, m->decode_fds);
	put_u8(&h, m->verbose);
	put_u8(&h, m->follow);
	put_u16(&h, m->npids);
	put_u32(&h, argc);
	for (uint32_t i = 0; i < argc; i++)
		put_str(&h, m->argv[i]);
	put_str(&h, m->backend);
	put(&r->buf, rec_magic, 8);
	put_u32(&r->buf, RECORD_VERSION);
	hlen = h.len;
	put_u32(&r->buf, hlen);
	put(&r->buf, h.buf, h.len);
	sb_release(&h);
	flush(r);
	return &r->f;
}

/* --- reading ---------------------------------------------------------------------- */

struct reader {
	const uint8_t *p, *end;
	bool bad;
};

static void get(struct reader *rd, void *dst, size_t n)
{
	if (rd->bad || (size_t)(rd->end - rd->p) < n) {
		rd->bad = true;
		memset(dst, 0, n);
		return;
	}
	if (n) /* dst may be NULL then: a call with no captures, first of all */
		memcpy(dst, rd->p, n);
	rd->p += n;
}

static uint8_t get_u8(struct reader *rd) { uint8_t v; get(rd, &v, 1); return v; }
static uint16_t get_u16(struct reader *rd) { uint16_t v; get(rd, &v, 2); return v; }
static uint32_t get_u32(struct reader *rd) { uint32_t v; get(rd, &v, 4); return v; }
static uint64_t get_u64(struct reader *rd) { uint64_t v; get(rd, &v, 8); return v; }

static char *get_str(struct reader *rd)
{
	uint32_t n = get_u32(rd);
	char *s;

	if (rd->bad || n > (size_t)(rd->end - rd->p)) {
		rd->bad = true;
		return NULL;
	}
	s = xmalloc(n + 1);
	get(rd, s, n);
	s[n] = '\0';
	return s;
}

/* Read exactly n bytes; 0 at a clean end of file before any byte, -EBADMSG if cut. */
static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return got ? -EBADMSG : 0;
		got += r;
	}
	return 1;
}

void record_meta_free(struct record_meta *m)
{
	size_t i;

	for (i = 0; m->argv && m->argv[i]; i++)
		free(m->argv[i]);
	free(m->argv);
	free(m->backend);
	memset(m, 0, sizeof(*m));
}

int replay_open(const char *path, struct record_meta *m, int *fd_out)
{
	char magic[8];
	uint32_t ver, hlen, argc, i;
	uint8_t *h;
	struct reader rd;
	int fd, rc;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error("replay: cannot open '%s': %s", path, strerror(errno));
	if ((rc = read_full(fd, magic, 8)) <= 0 || memcmp(magic, rec_magic, 8)) {
		close(fd);
		return error("replay: '%s' is not a procscope recording", path);
	}
	if (read_full(fd, &ver, 4) <= 0 || read_full(fd, &hlen, 4) <= 0 || hlen > (1u << 24)) {
		close(fd);
		return error("replay: '%s': damaged header", path);
	}
	if (ver != RECORD_VERSION) {
		close(fd);
		return error("replay: '%s': recording format version %u, this procscope reads version %u",
			     path, ver, RECORD_VERSION);
	}
	h = xmalloc(hlen ? hlen : 1);
	if (read_full(fd, h, hlen) <= 0 && hlen) {
		free(h);
		close(fd);
		return error("replay: '%s': damaged header", path);
	}
	rd = (struct reader){ h, h + hlen, false };
	m->strsize = get_u32(&rd);
	m->decode_fds = get_u32(&rd);
	m->verbose = get_u8(&rd);
	m->follow = get_u8(&rd);
	m->npids = get_u16(&rd);
	argc = get_u32(&rd);
	if (!rd.bad && argc && argc < hlen) {
		m->argv = xcalloc(argc + 1, sizeof(char *));
		for (i = 0; i < argc && !rd.bad; i++)
			m->argv[i] = get_str(&rd);
	}
	m->backend = get_str(&rd);
	free(h);
	if (rd.bad) {
		record_meta_free(m);
		close(fd);
		return error("replay: '%s': damaged header", path);
	}
	*fd_out = fd;
	return 0;
}

int replay_run(int fd, const char *path, struct formatter *f, int *nprocs)
{
	struct call c = { 0 };
	uint8_t *buf = NULL;
	size_t cap = 0;
	off_t offset = 0;
	int rc = 0;

	for (;;) {
		uint32_t hdr[3], i;
		struct reader rd;
		struct event ev = { 0 };
		uint8_t flags;
		int r = read_full(fd, hdr, 12);

		if (r == 0)
			break;
		if (r < 0 || hdr[0] != EV_MAGIC || hdr[1] > EV_MAX) {
			rc = error("replay: '%s': %s at offset %lld", path,
				   r < 0 ? "truncated record" : "damaged record", (long long)offset);
			break;
		}
		if (hdr[1] > cap) {
			cap = hdr[1];
			buf = xrealloc(buf, cap);
		}
		if (read_full(fd, buf, hdr[1]) <= 0 && hdr[1]) {
			rc = error("replay: '%s': truncated record at offset %lld", path, (long long)offset);
			break;
		}
		if (crc32_buf(buf, hdr[1]) != hdr[2]) {
			rc = error("replay: '%s': damaged record at offset %lld (checksum)", path,
				   (long long)offset);
			break;
		}
		rd = (struct reader){ buf, buf + hdr[1], false };
		ev.type = get_u8(&rd);
		flags = get_u8(&rd);
		*nprocs = get_u16(&rd);
		ev.pid = (pid_t)get_u32(&rd);
		ev.ts = get_u64(&rd);
		ev.sig = (int)get_u32(&rd);
		ev.status = (int)get_u32(&rd);
		ev.other = (pid_t)get_u32(&rd);
		if (flags & RF_SIGINFO) {
			get(&rd, ev.siginfo, sizeof(ev.siginfo));
			ev.has_siginfo = true;
		}
		if (flags & RF_CALL) {
			uint32_t dlen;

			c.nr = (long)get_u64(&rd);
			for (i = 0; i < 6; i++)
				c.args[i] = get_u64(&rd);
			c.sp = get_u64(&rd);
			c.ret = (int64_t)get_u64(&rd);
			c.entered = get_u8(&rd);
			c.exited = get_u8(&rd);
			c.injected = get_u16(&rd) & RC_INJECTED;
			c.t_entry = get_u64(&rd);
			c.t_exit = get_u64(&rd);
			c.mono_entry = get_u64(&rd);
			c.mono_exit = get_u64(&rd);
			for (i = 0; i < CAP_SLOTS; i++) {
				c.cap[i].off = get_u32(&rd);
				c.cap[i].len = get_u32(&rd);
				c.cap[i].flags = get_u32(&rd);
				c.cap[i].err = (int32_t)get_u32(&rd);
			}
			dlen = get_u32(&rd);
			if (!rd.bad && dlen <= (size_t)(rd.end - rd.p)) {
				if (dlen > c.data_cap) {
					c.data = xrealloc(c.data, dlen);
					c.data_cap = dlen;
				}
				get(&rd, c.data, dlen);
				c.data_len = dlen;
			} else {
				rd.bad = true;
			}
			/* Every capture must lie inside the data: the file is not trusted. */
			for (i = 0; i < CAP_SLOTS && !rd.bad; i++)
				if ((c.cap[i].flags & CAP_PRESENT) &&
				    ((uint64_t)c.cap[i].off + c.cap[i].len > c.data_len))
					rd.bad = true;
			ev.call = &c;
		}
		if (rd.bad || !ev.type || ev.type > EV_RENAMED) {
			rc = error("replay: '%s': damaged record at offset %lld", path, (long long)offset);
			break;
		}
		f->ops->event(f, &ev);
		offset += 12 + hdr[1];
	}
	free(buf);
	call_free(&c);
	return rc;
}

/* --- tee ---------------------------------------------------------------------------- */

struct tee {
	struct formatter f;
	struct formatter **list;
	int n;
};

static void tee_event(struct formatter *f, const struct event *ev)
{
	struct tee *t = (struct tee *)f;
	int i;

	for (i = 0; i < t->n; i++)
		t->list[i]->ops->event(t->list[i], ev);
}

static void tee_finish(struct formatter *f)
{
	struct tee *t = (struct tee *)f;
	int i;

	for (i = 0; i < t->n; i++)
		t->list[i]->ops->finish(t->list[i]);
}

static void tee_free(struct formatter *f)
{
	struct tee *t = (struct tee *)f;
	int i;

	for (i = 0; i < t->n; i++)
		t->list[i]->ops->free(t->list[i]);
	free(t->list);
	free(t);
}

static const struct formatter_ops tee_ops = {
	.event = tee_event,
	.finish = tee_finish,
	.free = tee_free,
};

struct formatter *fmt_tee_new(struct formatter **list, int n)
{
	struct tee *t = xcalloc(1, sizeof(*t));

	t->f.ops = &tee_ops;
	t->list = xcalloc(n, sizeof(*list));
	memcpy(t->list, list, n * sizeof(*list));
	t->n = n;
	t->f.fo = list[0]->fo;
	return &t->f;
}
