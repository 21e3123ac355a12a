/* events.c: epoll, poll and timerfd, in strace 6.1's form.
 *
 * epoll_ctl(4, EPOLL_CTL_ADD, 5, {events=EPOLLIN, data={u32=5, u64=5}})
 * epoll_wait(4, [{events=EPOLLIN, data={u32=5, u64=5}}], 8, -1) = 1
 * poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])
 * timerfd_settime(3, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value=...}, NULL)
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "core/util.h"
#include "decode/decode.h"
#include "decode/procfam.h"

/* Reached through the syscall table (build/gen/syscall_sigs.h). */
void cap_epoll_ctl(struct capctx *cc, int phase);
void dec_epoll_ctl(struct dctx *d, int phase);
void cap_epoll_wait(struct capctx *cc, int phase);
void dec_epoll_wait(struct dctx *d, int phase);
void cap_poll(struct capctx *cc, int phase);
void dec_poll(struct dctx *d, int phase);
void cap_timerfd(struct capctx *cc, int phase);
void dec_timerfd(struct dctx *d, int phase);

#define EPOLL_EVENT_SZ 12 /* struct epoll_event is packed on x86_64 */
#define EVENTS_MAX 1024	  /* array elements copied at most */
#define TIMESPEC_SZ 16
#define ITIMERSPEC_SZ 32
#define SIGSET_SZ 8

/* -y inside poll's array and select's sets: each fd's description, taken at
 * the stop, packed in one slot as (i32 fd, i32 rc as from cap_fd_text, u32
 * len, len bytes) per distinct fd. */
static bool fdtab_has(const struct strbuf *sb, int32_t fd)
{
	size_t at = 0;

	while (at + 12 <= sb->len) {
		int32_t f;
		uint32_t len;

		memcpy(&f, sb->buf + at, 4);
		memcpy(&len, sb->buf + at + 8, 4);
		if (f == fd)
			return true;
		at += 12 + len;
	}
	return false;
}

static void fdtab_add(struct capctx *cc, struct strbuf *sb, int32_t fd)
{
	if (fd >= 0 && !fdtab_has(sb, fd))
		cap_pack_fd_text(cc, sb, fd);
}

static void fdtab_store(struct capctx *cc, int slot, const struct strbuf *sb)
{
	uint8_t *p;

	if (!sb->len)
		return;
	p = call_cap_alloc(cc->c, slot, (uint32_t)sb->len);
	memcpy(p, sb->buf, sb->len);
}

/* What the table in slot says of fd: its text and length, or NULL. */
static const char *fdtab_find(struct dctx *d, int slot, int32_t fd, uint32_t *len, bool *deleted)
{
	const struct capture *k = call_cap(d->c, slot);
	const uint8_t *p, *end;

	if (!k || (k->flags & CAP_FAULT))
		return NULL;
	p = call_cap_data(d->c, k);
	end = p + k->len;
	while (p + 12 <= end) {
		int32_t f, rc;

		memcpy(&f, p, 4);
		memcpy(&rc, p + 4, 4);
		memcpy(len, p + 8, 4);
		if (p + 12 + *len > end)
			break;
		if (f == fd && rc >= 0 && *len) {
			*deleted = rc > 0;
			return (const char *)p + 12;
		}
		p += 12 + *len;
	}
	return NULL;
}

static void put_tab_fd(struct dctx *d, int slot, int32_t fd)
{
	uint32_t len;
	bool deleted;
	const char *text = fdtab_find(d, slot, fd, &len, &deleted);

	if (text)
		o_fd_ex(d->o, fd, text, len, deleted);
	else
		o_fd(d->o, fd, NULL, 0);
}

static void put_epoll_event(struct out *o, const uint8_t *p)
{
	uint32_t ev;
	uint64_t data;

	memcpy(&ev, p, 4);
	memcpy(&data, p + 4, 8);
	o_struct_begin(o);
	o_field(o, "events");
	o_flags(o, xlat_get(XLAT_ID(epoll_events)), ev, NULL);
	o_field(o, "data");
	o_struct_begin(o);
	o_field(o, "u32");
	o_uint(o, (uint32_t)data);
	o_field(o, "u64");
	o_uint(o, data);
	o_struct_end(o);
	o_struct_end(o);
}

void cap_epoll_ctl(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[3])
		cap_queue(cc, 3, cc->c->args[3], EPOLL_EVENT_SZ);
}

void dec_epoll_ctl(struct dctx *d, int phase)
{
	const uint8_t *p;

	/* Every argument is input: all of them at entry, as strace prints them. */
	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, 3);
	p = dec_mem(d, 3, EPOLL_EVENT_SZ);
	if (p)
		put_epoll_event(d->o, p);
	else
		o_ptr(d->o, d->c->args[3]);
}

void cap_epoll_wait(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY) {
		if (c->nr == __NR_epoll_pwait2 && c->args[3])
			cap_queue(cc, 3, c->args[3], TIMESPEC_SZ);
		if (c->nr != __NR_epoll_wait && c->args[4])
			cap_queue(cc, 4, c->args[4], SIGSET_SZ);
		return;
	}
	if (!call_failed(c) && c->ret > 0 && c->args[1])
		cap_queue(cc, 1, c->args[1], (uint32_t)MIN(c->ret, EVENTS_MAX) * EPOLL_EVENT_SZ);
}

void dec_epoll_wait(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const struct capture *k;
	const uint8_t *p;
	uint32_t i, n;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	k = call_cap(c, 1);
	if (call_failed(c) || (c->ret > 0 && (!k || (k->flags & CAP_FAULT)))) {
		o_ptr(d->o, c->args[1]);
	} else {
		p = k ? call_cap_data(c, k) : NULL;
		n = k ? k->len / EPOLL_EVENT_SZ : 0;
		o_array_begin(d->o);
		for (i = 0; i < n; i++)
			put_epoll_event(d->o, p + i * EPOLL_EVENT_SZ);
		if ((int64_t)n < c->ret)
			o_more(d->o);
		o_array_end(d->o);
	}
	o_int(d->o, (int)c->args[2]);
	if (c->nr == __NR_epoll_pwait2)
		dec_timespec(d, 3, c->args[3]);
	else
		o_int(d->o, (int)c->args[3]);
	if (c->nr != __NR_epoll_wait) {
		dec_sigset(d, 4, c->args[4], c->args[5]);
		o_uint(d->o, c->args[5]);
	}
}

/* poll's fds at entry with -y: the table in POLL_FDTAB (argument 0 is no fd,
 * its CAP_FDDESC slot is free). */
#define POLL_FDTAB CAP_FDDESC(0)

static void poll_fdtab(struct capctx *cc)
{
	const struct capture *k;
	struct strbuf sb = STRBUF_INIT;
	const uint8_t *p;
	uint32_t i;

	cap_flush(cc);
	k = call_cap(cc->c, CAP_EXTRA(0));
	if (!k || (k->flags & CAP_FAULT))
		return;
	p = call_cap_data(cc->c, k);
	for (i = 0; i < k->len / sizeof(struct pollfd); i++) {
		struct pollfd pf;

		memcpy(&pf, p + i * sizeof(pf), sizeof(pf));
		fdtab_add(cc, &sb, pf.fd);
	}
	fdtab_store(cc, POLL_FDTAB, &sb);
	sb_release(&sb);
}

void cap_poll(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	uint32_t n = (uint32_t)MIN(c->args[1], (uint64_t)EVENTS_MAX);

	if (phase == PH_ENTRY && c->nr == __NR_ppoll) {
		if (c->args[2])
			cap_queue(cc, 2, c->args[2], TIMESPEC_SZ);
		if (c->args[3])
			cap_queue(cc, 3, c->args[3], SIGSET_SZ);
	}
	if (!c->args[0] || !n)
		return;
	if (phase == PH_ENTRY) {
		cap_queue(cc, CAP_EXTRA(0), c->args[0], n * sizeof(struct pollfd));
		if (cc->opt->decode_fds)
			poll_fdtab(cc);
		return;
	}
	if (!call_failed(c) && c->ret > 0) {
		cap_queue(cc, 0, c->args[0], n * sizeof(struct pollfd));
		/* ppoll: the time left, after the revents */
		if (c->nr == __NR_ppoll && c->args[2])
			cap_queue(cc, CAP_EXTRA(1), c->args[2], TIMESPEC_SZ);
	}
}

/* pfs: the captured array, not necessarily aligned (captures are packed). */
static void put_pollfds(struct dctx *d, const void *pfs, uint32_t n, bool out, uint64_t total)
{
	const struct xlat *x = xlat_get(XLAT_ID(poll_events));
	struct pollfd pf[1];
	uint32_t i;

	o_array_begin(d->o);
	for (i = 0; i < n; i++) {
		memcpy(pf, (const uint8_t *)pfs + i * sizeof(*pf), sizeof(*pf));
		if (out && !pf->revents)
			continue;
		o_struct_begin(d->o);
		o_field(d->o, "fd");
		/* -y: at entry only, as strace */
		if (out || pf->fd < 0)
			o_int(d->o, pf->fd);
		else
			put_tab_fd(d, POLL_FDTAB, pf->fd);
		if (out) {
			o_field(d->o, "revents");
			o_flags(d->o, x, (uint16_t)pf->revents, NULL);
		} else if (pf->fd >= 0) {
			o_field(d->o, "events");
			o_flags(d->o, x, (uint16_t)pf->events, NULL);
		}
		o_struct_end(d->o);
	}
	if (!out && total > n)
		o_more(d->o);
	o_array_end(d->o);
}

void dec_poll(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const struct capture *k;

	if (phase == PH_ENTRY) {
		k = call_cap(c, CAP_EXTRA(0));
		if (!c->args[0] || !k || (k->flags & CAP_FAULT) ||
		    k->len < MIN(c->args[1], (uint64_t)EVENTS_MAX) * sizeof(struct pollfd))
			o_ptr(d->o, c->args[0]);
		else
			put_pollfds(d, (const void *)call_cap_data(c, k),
				    k->len / sizeof(struct pollfd), false, c->args[1]);
		o_uint(d->o, (unsigned)c->args[1]);
		if (c->nr == __NR_ppoll) {
			dec_timespec(d, 2, c->args[2]);
			dec_sigset(d, 3, c->args[3], c->args[4]);
			o_uint(d->o, c->args[4]);
		} else {
			o_int(d->o, (int)c->args[2]);
		}
		return;
	}
	/* All arguments are input; what the kernel wrote goes after "= N". */
	if (call_failed(c))
		return;
	if (c->ret == 0) {
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(Timeout)");
		return;
	}
	k = call_cap(c, 0);
	if (k && !(k->flags & CAP_FAULT) && k->len >= sizeof(struct pollfd)) {
		struct strbuf sb = STRBUF_INIT;
		struct out o;
		struct dctx sub = *d;

		/* The revents go after "= N", in the same vocabulary, as text. */
		out_text_init(&o, &sb, d->opt);
		sub.o = &o;
		put_pollfds(&sub, (const void *)call_cap_data(c, k), k->len / sizeof(struct pollfd),
			    true, c->args[1]);
		if (c->nr == __NR_ppoll && c->args[2]) {
			sb_puts(&sb, ", left ");
			out_text_init(&o, &sb, d->opt); /* a new value, not a next one */
			dec_timespec(&sub, CAP_EXTRA(1), c->args[2]);
		}
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(%.*s)", (int)MIN(sb.len, 250u),
			 sb.buf ? sb.buf : "");
		sb_release(&sb);
	}
}

void cap_timerfd(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool set = c->nr == __NR_timerfd_settime;
	int oarg = set ? 3 : 1;

	if (phase == PH_ENTRY) {
		if (set && c->args[2])
			cap_queue(cc, 2, c->args[2], ITIMERSPEC_SZ);
		return;
	}
	if (!call_failed(c) && c->args[oarg])
		cap_queue(cc, oarg, c->args[oarg], ITIMERSPEC_SZ);
}

static void put_itimerspec(struct dctx *d, int slot, uint64_t addr)
{
	const uint8_t *p = dec_mem(d, slot, ITIMERSPEC_SZ);

	if (!addr || !p) {
		o_ptr(d->o, addr);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "it_interval");
	out_timespec(d->o, p);
	o_field(d->o, "it_value");
	out_timespec(d->o, p + TIMESPEC_SZ);
	o_struct_end(d->o);
}

void dec_timerfd(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	bool set = c->nr == __NR_timerfd_settime;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		if (set) {
			dec_arg(d, 1);
			put_itimerspec(d, 2, c->args[2]);
		}
		return;
	}
	if (call_failed(c))
		o_ptr(d->o, c->args[set ? 3 : 1]);
	else
		put_itimerspec(d, set ? 3 : 1, c->args[set ? 3 : 1]);
}

/* --- select, pselect6 ------------------------------------------------------
 * select(5, [0 3], [4], [], {tv_sec=1, tv_usec=0}) = 2 (in [3], out [4], left {...})
 * The three sets (nfds bits each, in whole longs) are read at entry and, when
 * fds are ready, again at exit. Slots: at entry 1..3 the sets, 4 the timeout,
 * 5 pselect6's {sigmask, sigsetsize} and 0 that sigmask; at exit CAP_EXTRA(k)
 * the sets and SEL_LEFT the time left (select has no fd argument, so the -y
 * slot of argument 4 is free), leaving what entry read for a deferred entry. */
#define SEL_LEFT CAP_FDDESC(4)
#define SEL_MAX_FDS (1024 * 1024) /* strace reads no more */
#define TIMEVAL_SZ 16

void cap_select(struct capctx *cc, int phase);
void dec_select(struct dctx *d, int phase);

/* Bytes of each set: nfds bits rounded up to whole longs, as the kernel reads. */
static uint32_t fdset_bytes(uint64_t arg)
{
	int nfds = (int)arg;

	if (nfds < 0)
		nfds = 0;
	if (nfds > SEL_MAX_FDS)
		nfds = SEL_MAX_FDS;
	return (uint32_t)(((nfds + 7) / 8 + 7) & ~7);
}

static int sel_nfds(uint64_t arg)
{
	int nfds = (int)arg;

	return nfds < 0 ? 0 : MIN(nfds, SEL_MAX_FDS);
}

static bool fd_isset(const uint8_t *set, int fd);

/* The fds of the three sets at entry with -y: the table in SEL_FDTAB
 * (argument 1 is no fd, its CAP_FDDESC slot is free). */
#define SEL_FDTAB CAP_FDDESC(1)

static void select_fdtab(struct capctx *cc, uint32_t size)
{
	const struct call *c = cc->c;
	struct strbuf sb = STRBUF_INIT;
	int i, fd, n = sel_nfds(c->args[0]);

	cap_flush(cc);
	for (i = 1; i <= 3; i++) {
		const struct capture *k = call_cap(c, i);
		const uint8_t *set;

		if (!c->args[i] || !k || (k->flags & CAP_FAULT) || k->len < size)
			continue;
		set = call_cap_data(c, k);
		for (fd = 0; fd < n; fd++)
			if (fd_isset(set, fd))
				fdtab_add(cc, &sb, fd);
	}
	fdtab_store(cc, SEL_FDTAB, &sb);
	sb_release(&sb);
}

void cap_select(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	uint32_t size = fdset_bytes(c->args[0]);
	const struct capture *k;
	uint64_t sm[2];
	int i;

	if (phase == PH_ENTRY) {
		for (i = 1; i <= 3; i++)
			if (c->args[i] && size)
				cap_queue(cc, i, c->args[i], size);
		if (c->args[4])
			cap_queue(cc, 4, c->args[4], c->nr == __NR_pselect6 ? TIMESPEC_SZ : TIMEVAL_SZ);
		if (cc->opt->decode_fds)
			select_fdtab(cc, size);
		if (c->nr != __NR_pselect6 || !c->args[5])
			return;
		cap_queue(cc, 5, c->args[5], sizeof(sm));
		cap_flush(cc);
		k = call_cap(c, 5);
		if (!k || k->len < sizeof(sm))
			return;
		memcpy(sm, call_cap_data(c, k), sizeof(sm));
		if (sm[0] && sm[1] == SIGSET_SZ)
			cap_queue(cc, 0, sm[0], SIGSET_SZ);
		return;
	}
	if (call_failed(c) || c->ret <= 0)
		return;
	for (i = 1; i <= 3; i++)
		if (c->args[i] && size)
			cap_queue(cc, CAP_EXTRA(i - 1), c->args[i], size);
	if (c->args[4])
		cap_queue(cc, SEL_LEFT, c->args[4], c->nr == __NR_pselect6 ? TIMESPEC_SZ : TIMEVAL_SZ);
}

static bool fd_isset(const uint8_t *set, int fd)
{
	return set[fd / 8] & (1u << (fd % 8));
}

/* A set at entry: [0 3], or its address (also when nfds reads no byte). */
static void put_fdset(struct dctx *d, int i)
{
	uint32_t size = fdset_bytes(d->c->args[0]);
	const uint8_t *set = size ? dec_mem(d, i, size) : NULL;
	struct strbuf sb = STRBUF_INIT;
	int fd, n = sel_nfds(d->c->args[0]);

	if (!set) {
		o_ptr(d->o, d->c->args[i]);
		return;
	}
	sb_putc(&sb, '[');
	for (fd = 0; fd < n; fd++) {
		const char *text;
		uint32_t len;
		bool deleted;

		if (!fd_isset(set, fd))
			continue;
		if (sb.len > 1)
			sb_putc(&sb, ' ');
		sb_put_int(&sb, fd);
		/* -y: what the fd was at entry, as o_fd_ex would print it */
		text = fdtab_find(d, SEL_FDTAB, fd, &len, &deleted);
		if (text) {
			sb_putc(&sb, '<');
			sb_add(&sb, text, len);
			sb_putc(&sb, '>');
			if (deleted)
				sb_puts(&sb, "(deleted)");
		}
	}
	sb_putc(&sb, ']');
	/* strace's bitset syntax, one token (as a signal set). */
	o_raw(d->o, sb.buf);
	sb_release(&sb);
}

/* {tv_sec=1, tv_usec=0} (select) or {tv_sec=1, tv_nsec=0} (pselect6). */
static void put_timeout(struct dctx *d, int slot, uint64_t addr)
{
	const uint8_t *p;
	int64_t sec, usec;

	if (d->c->nr == __NR_pselect6) {
		dec_timespec(d, slot, addr);
		return;
	}
	p = dec_mem(d, slot, TIMEVAL_SZ);
	if (!addr || !p) {
		o_ptr(d->o, addr);
		return;
	}
	memcpy(&sec, p, 8);
	memcpy(&usec, p + 8, 8);
	o_struct_begin(d->o);
	o_field(d->o, "tv_sec");
	o_int(d->o, sec);
	o_field(d->o, "tv_usec");
	o_int(d->o, usec);
	o_struct_end(d->o);
}

/* pselect6's sixth argument: {sigmask=[USR1], sigsetsize=8}. */
static void put_sigmask_arg(struct dctx *d)
{
	const uint8_t *p = dec_mem(d, 5, 16);
	uint64_t sm[2];

	if (!d->c->args[5] || !p) {
		o_ptr(d->o, d->c->args[5]);
		return;
	}
	memcpy(sm, p, sizeof(sm));
	o_struct_begin(d->o);
	o_field(d->o, "sigmask");
	dec_sigset(d, 0, sm[0], sm[1]);
	o_field(d->o, "sigsetsize");
	o_uint(d->o, sm[1]);
	o_struct_end(d->o);
}

/* After "= N": "(in [3], out [4], left {...})", at most N fds in all. The
 * text is assembled as strace does, in 1024 bytes, skipping fds that would
 * not fit. Under -e verbose= without select, strace still names the ready
 * fds here (the sets are not structures to it) but shows the time left as an
 * address: so the sets come from the full call. */
static void select_result(struct dctx *d)
{
	static const char *const names[] = { "in", "out", "except" };
	const struct call *c = d->full ? d->full : d->c;
	uint32_t size = fdset_bytes(c->args[0]);
	int n = sel_nfds(c->args[0]), ready = (int)c->ret, i, fd;
	struct strbuf sb = STRBUF_INIT;
	const char *sep = "";
	const uint8_t *set;
	bool first;

	/* A backend that read nothing at exit (bpf) leaves just "= N". */
	if (!call_cap(c, CAP_EXTRA(0)) && !call_cap(c, CAP_EXTRA(1)) &&
	    !call_cap(c, CAP_EXTRA(2)) && !call_cap(c, SEL_LEFT))
		return;
	for (i = 0; i < 3 && ready > 0; i++) {
		const struct capture *k = size && c->args[i + 1] ? call_cap(c, CAP_EXTRA(i)) : NULL;

		set = k && !(k->flags & CAP_FAULT) && k->len >= size ? call_cap_data(c, k) : NULL;
		if (!set)
			continue;
		first = true;
		for (fd = 0; fd < n && ready > 0; fd++) {
			if (!fd_isset(set, fd))
				continue;
			/* room for ", except [", an int and "]" */
			if (sb.len < 1024 - (sizeof(", except [") + 3 * sizeof(int) + 2)) {
				if (first)
					sb_printf(&sb, "%s%s [%d", sep, names[i], fd);
				else
					sb_printf(&sb, " %d", fd);
				first = false;
				sep = ", ";
			}
			ready--;
		}
		if (sb.len)
			sb_putc(&sb, ']');
	}
	if (c->args[4] && call_cap(c, SEL_LEFT)) {
		struct out o;
		struct dctx sub = *d;

		sb_printf(&sb, "%sleft ", sep);
		if (d->unverbose) {
			sb_put_hex(&sb, c->args[4]);
		} else {
			out_text_init(&o, &sb, d->opt);
			sub.o = &o;
			put_timeout(&sub, SEL_LEFT, c->args[4]);
		}
	}
	snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s)", sb.buf ? sb.buf : "");
	sb_release(&sb);
}

void dec_select(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	int i;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)c->args[0]);
		for (i = 1; i <= 3; i++)
			put_fdset(d, i);
		put_timeout(d, 4, c->args[4]);
		if (c->nr == __NR_pselect6)
			put_sigmask_arg(d);
		return;
	}
	/* All arguments are input; what the kernel wrote goes after "= N". */
	if (call_failed(c))
		return;
	if (c->ret == 0)
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(Timeout)");
	else
		select_result(d);
}
