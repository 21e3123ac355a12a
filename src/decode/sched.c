/* sched.c: clone3's struct clone_args, sysinfo, and CPU affinity masks. */
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "core/util.h"
#include "decode/decode.h"

void cap_clone3(struct capctx *cc, int phase);
void dec_clone3(struct dctx *d, int phase);
void dec_sysinfo(struct dctx *d, int phase);
void dec_cpumask(struct dctx *d, int phase);

/* The fields of struct clone_args (UAPI, 64-bit each), as far as size says. */
enum { CA_FLAGS, CA_PIDFD, CA_CHILD_TID, CA_PARENT_TID, CA_EXIT_SIGNAL, CA_STACK, CA_STACK_SIZE,
       CA_TLS, CA_SET_TID, CA_SET_TID_SIZE, CA_CGROUP, CA__COUNT };

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

void cap_clone3(struct capctx *cc, int phase)
{
	const struct capture *k;
	uint64_t f[CA__COUNT];

	if (phase == PH_ENTRY) {
		uint64_t size = cc->c->args[1];

		if (size >= 64 && cc->c->args[0])
			cap_queue(cc, CAP_EXTRA(0), cc->c->args[0], (uint32_t)MIN(size, sizeof(f)));
		return;
	}
	k = call_cap(cc->c, CAP_EXTRA(0));
	if (call_failed(cc->c) || !k || k->len < 64)
		return;
	memset(f, 0, sizeof(f));
	memcpy(f, call_cap_data(cc->c, k), MIN(k->len, sizeof(f)));
	/* What the kernel wrote back: the child's tid and the pidfd. */
	if ((f[CA_FLAGS] & CLONE_PARENT_SETTID) && f[CA_PARENT_TID])
		cap_queue(cc, CAP_EXTRA(1), f[CA_PARENT_TID], 4);
	if ((f[CA_FLAGS] & CLONE_PIDFD) && f[CA_PIDFD])
		cap_queue(cc, CAP_EXTRA(2), f[CA_PIDFD], 4);
	/* -y: what the new pidfd is, in CAP_FDDESC(2) (clone3 has 2 arguments). */
	if (!cc->opt->decode_fds || !(f[CA_FLAGS] & CLONE_PIDFD) || !f[CA_PIDFD])
		return;
	cap_flush(cc);
	k = call_cap(cc->c, CAP_EXTRA(2));
	if (k && !(k->flags & CAP_FAULT) && k->len == 4) {
		int32_t fd;

		memcpy(&fd, call_cap_data(cc->c, k), 4); /* captures are packed */
		cap_fd_desc(cc, CAP_FDDESC(2), fd);
	}
}

/* [N], with -y the pidfd's description (fd_slot >= 0: its CAP_FDDESC index);
 * the address where it could not be read. */
static void put_tid_array(struct dctx *d, int slot, uint64_t addr, int fd_slot)
{
	const void *p = dec_mem(d, slot, 4);
	int32_t v;

	if (!p) {
		o_ptr(d->o, addr);
		return;
	}
	memcpy(&v, p, 4);
	o_array_begin(d->o);
	if (fd_slot >= 0)
		dec_fd(d, fd_slot, v);
	else
		o_int(d->o, v);
	o_array_end(d->o);
}

void dec_clone3(struct dctx *d, int phase)
{
	const struct capture *k = call_cap(d->c, CAP_EXTRA(0));
	uint64_t f[CA__COUNT];
	unsigned n = 0;
	char buf[16];
	const char *sn;

	memset(f, 0, sizeof(f));
	if (k && !(k->flags & CAP_FAULT) && k->len >= 64) {
		memcpy(f, call_cap_data(d->c, k), MIN(k->len, sizeof(f)));
		n = k->len / 8;
	}
	if (phase == PH_ENTRY) {
		if (!n) {
			o_ptr(d->o, d->c->args[0]);
			return;
		}
		o_struct_begin(d->o);
		o_field(d->o, "flags");
		o_flags(d->o, xlat_get(XLAT_ID(clone_flags)), f[CA_FLAGS], NULL);
		if (f[CA_FLAGS] & CLONE_PIDFD) {
			o_field(d->o, "pidfd");
			o_ptr(d->o, f[CA_PIDFD]);
		}
		if (f[CA_FLAGS] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
			o_field(d->o, "child_tid");
			o_ptr(d->o, f[CA_CHILD_TID]);
		}
		if (f[CA_FLAGS] & CLONE_PARENT_SETTID) {
			o_field(d->o, "parent_tid");
			o_ptr(d->o, f[CA_PARENT_TID]);
		}
		o_field(d->o, "exit_signal");
		sn = f[CA_EXIT_SIGNAL] ? signame((int)f[CA_EXIT_SIGNAL], buf) : NULL;
		if (sn)
			o_sym(d->o, sn);
		else
			o_uint(d->o, f[CA_EXIT_SIGNAL]);
		o_field(d->o, "stack");
		o_ptr(d->o, f[CA_STACK]);
		o_field(d->o, "stack_size");
		if (f[CA_STACK_SIZE])
			o_hex(d->o, f[CA_STACK_SIZE]);
		else
			o_uint(d->o, 0);
		if (f[CA_FLAGS] & CLONE_SETTLS) {
			o_field(d->o, "tls");
			o_ptr(d->o, f[CA_TLS]);
		}
		if (n > CA_SET_TID_SIZE && (f[CA_SET_TID] || f[CA_SET_TID_SIZE])) {
			o_field(d->o, "set_tid");
			o_ptr(d->o, f[CA_SET_TID]);
			o_field(d->o, "set_tid_size");
			o_uint(d->o, f[CA_SET_TID_SIZE]);
		}
		if (n > CA_CGROUP && (f[CA_FLAGS] & CLONE_INTO_CGROUP)) {
			o_field(d->o, "cgroup");
			o_uint(d->o, f[CA_CGROUP]);
		}
		o_struct_end(d->o);
		return;
	}
	if (n && !call_failed(d->c) &&
	    (call_cap(d->c, CAP_EXTRA(1)) || call_cap(d->c, CAP_EXTRA(2)))) {
		o_changed(d->o);
		o_struct_begin(d->o);
		if (call_cap(d->c, CAP_EXTRA(2))) {
			o_field(d->o, "pidfd");
			put_tid_array(d, CAP_EXTRA(2), f[CA_PIDFD], 2);
		}
		if (call_cap(d->c, CAP_EXTRA(1))) {
			o_field(d->o, "parent_tid");
			put_tid_array(d, CAP_EXTRA(1), f[CA_PARENT_TID], -1);
		}
		o_struct_end(d->o);
	}
	o_uint(d->o, d->c->args[1]);
}

void dec_sysinfo(struct dctx *d, int phase)
{
	const struct sysinfo *si;

	if (phase != PH_EXIT)
		return;
	si = call_failed(d->c) ? NULL : dec_mem(d, 0, sizeof(*si));
	if (!si) {
		o_ptr(d->o, d->c->args[0]);
		return;
	}
	o_struct_begin(d->o);
	o_field(d->o, "uptime");
	o_int(d->o, si->uptime);
	o_field(d->o, "loads");
	o_array_begin(d->o);
	o_uint(d->o, si->loads[0]);
	o_uint(d->o, si->loads[1]);
	o_uint(d->o, si->loads[2]);
	o_array_end(d->o);
	o_field(d->o, "totalram");
	o_uint(d->o, si->totalram);
	o_field(d->o, "freeram");
	o_uint(d->o, si->freeram);
	o_field(d->o, "sharedram");
	o_uint(d->o, si->sharedram);
	o_field(d->o, "bufferram");
	o_uint(d->o, si->bufferram);
	o_field(d->o, "totalswap");
	o_uint(d->o, si->totalswap);
	o_field(d->o, "freeswap");
	o_uint(d->o, si->freeswap);
	o_field(d->o, "procs");
	o_uint(d->o, si->procs);
	o_field(d->o, "totalhigh");
	o_uint(d->o, si->totalhigh);
	o_field(d->o, "freehigh");
	o_uint(d->o, si->freehigh);
	o_field(d->o, "mem_unit");
	o_uint(d->o, si->mem_unit);
	o_struct_end(d->o);
}

/* sched_getaffinity/sched_setaffinity(pid, len, mask): the CPUs as "[0 1]". */
void dec_cpumask(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	bool get = !strcmp(d->sig->name, "sched_getaffinity");
	const struct capture *k;
	const uint8_t *p;
	struct strbuf sb = STRBUF_INIT;
	uint32_t i, n = 0;

	if (phase == PH_ENTRY) {
		dec_args(d, 0, 2);
		if (get)
			return;
	} else if (!get) {
		return;
	}
	k = call_cap(c, 2);
	if ((get && call_failed(c)) || !k || (k->flags & CAP_FAULT) || !c->args[2]) {
		o_ptr(d->o, c->args[2]);
		return;
	}
	p = call_cap_data(c, k);
	sb_putc(&sb, '[');
	for (i = 0; i < k->len * 8; i++) {
		if (p[i / 8] & (1u << (i % 8))) {
			if (n++)
				sb_putc(&sb, ' ');
			sb_put_uint(&sb, i);
		}
	}
	sb_putc(&sb, ']');
	o_raw(d->o, sb.buf);
	sb_release(&sb);
}

/* --- sched_{get,set}param, sched_{get,set}scheduler, sched_{get,set}attr - */

void dec_sched_param(struct dctx *d, int phase);
void cap_sched_param(struct capctx *cc, int phase);
void dec_sched_getscheduler(struct dctx *d, int phase);
void dec_sched_setscheduler(struct dctx *d, int phase);
void cap_sched_setscheduler(struct capctx *cc, int phase);
void dec_sched_getattr(struct dctx *d, int phase);
void cap_sched_getattr(struct capctx *cc, int phase);
void dec_sched_setattr(struct dctx *d, int phase);
void cap_sched_setattr(struct capctx *cc, int phase);

/* struct sched_attr (UAPI): 48 bytes in its first version, 56 with the
 * utilization clamps. */
#define SCHED_ATTR_V0 48
#define SCHED_ATTR_V1 56

/* struct sched_param is one int, printed as strace does: [priority]. */
static void sched_param(struct dctx *d, int i, bool out)
{
	const void *p;
	int32_t prio;

	if (!d->c->args[i] || (out && call_failed(d->c)) || !(p = dec_mem(d, i, 4))) {
		o_ptr(d->o, d->c->args[i]);
		return;
	}
	memcpy(&prio, p, 4); /* captured bytes are not aligned */
	o_array_begin(d->o);
	o_int(d->o, prio);
	o_array_end(d->o);
}

/* sched_getparam fills the param (read at exit), sched_setparam reads it. */
void cap_sched_param(struct capctx *cc, int phase)
{
	bool get = !strcmp(cc->sig->name, "sched_getparam");

	if (!cc->c->args[1] || phase != (get ? PH_EXIT : PH_ENTRY) || (get && call_failed(cc->c)))
		return;
	cap_queue(cc, 1, cc->c->args[1], 4);
}

void dec_sched_param(struct dctx *d, int phase)
{
	bool get = !strcmp(d->sig->name, "sched_getparam");

	if (phase == PH_ENTRY)
		o_int(d->o, (int)d->c->args[0]);
	if (phase == (get ? PH_EXIT : PH_ENTRY))
		sched_param(d, 1, get);
}

/* "= 3 (SCHED_BATCH)": strace names the policy returned, whatever -X says. */
void dec_sched_getscheduler(struct dctx *d, int phase)
{
	const char *s;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)d->c->args[0]);
		return;
	}
	if (call_failed(d->c))
		return;
	s = xlat_lookup(xlat_get(XLAT_ID(sched_policies)), (unsigned long long)d->c->ret);
	if (s)
		snprintf(d->ret_aux, sizeof(d->ret_aux), "(%s)", s);
}

void cap_sched_setscheduler(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[2])
		cap_queue(cc, 2, cc->c->args[2], 4);
}

void dec_sched_setscheduler(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	o_int(d->o, (int)d->c->args[0]);
	o_xval(d->o, xlat_get(XLAT_ID(sched_policies)), (uint32_t)d->c->args[1], "SCHED_???");
	sched_param(d, 2, false);
}

/* The struct as far as its own size field (or the size the caller gave) goes. */
static void sched_attr(struct dctx *d, int i, uint32_t avail)
{
	const struct capture *k = call_cap(d->c, i);
	uint8_t a[SCHED_ATTR_V1];
	uint32_t size, u32;
	uint64_t u64;
	int32_t s32;

	if (!d->c->args[i] || !k || (k->flags & CAP_FAULT) || k->len < SCHED_ATTR_V0) {
		o_ptr(d->o, d->c->args[i]);
		return;
	}
	memset(a, 0, sizeof(a));
	memcpy(a, call_cap_data(d->c, k), MIN(k->len, sizeof(a)));
	memcpy(&size, a, 4);
	o_struct_begin(d->o);
	o_field(d->o, "size");
	o_uint(d->o, size);
	memcpy(&u32, a + 4, 4);
	o_field(d->o, "sched_policy");
	o_xval(d->o, xlat_get(XLAT_ID(sched_policies)), u32, "SCHED_???");
	memcpy(&u64, a + 8, 8);
	o_field(d->o, "sched_flags");
	o_flags(d->o, xlat_get(XLAT_ID(sched_attr_flags)), u64, "SCHED_FLAG_???");
	memcpy(&s32, a + 16, 4);
	o_field(d->o, "sched_nice");
	o_int(d->o, s32);
	memcpy(&u32, a + 20, 4);
	o_field(d->o, "sched_priority");
	o_uint(d->o, u32);
	memcpy(&u64, a + 24, 8);
	o_field(d->o, "sched_runtime");
	o_uint(d->o, u64);
	memcpy(&u64, a + 32, 8);
	o_field(d->o, "sched_deadline");
	o_uint(d->o, u64);
	memcpy(&u64, a + 40, 8);
	o_field(d->o, "sched_period");
	o_uint(d->o, u64);
	if (MIN(size, avail) >= SCHED_ATTR_V1 && k->len >= SCHED_ATTR_V1) {
		memcpy(&u32, a + 48, 4);
		o_field(d->o, "sched_util_min");
		o_uint(d->o, u32);
		memcpy(&u32, a + 52, 4);
		o_field(d->o, "sched_util_max");
		o_uint(d->o, u32);
	}
	o_struct_end(d->o);
}

/* sched_getattr(pid, attr, size, flags): the kernel writes at most size bytes. */
void cap_sched_getattr(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_EXIT && c->args[1] && !call_failed(c) && c->args[2] >= SCHED_ATTR_V0)
		cap_queue(cc, 1, c->args[1], (uint32_t)MIN(c->args[2], (uint64_t)SCHED_ATTR_V1));
}

void dec_sched_getattr(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		o_int(d->o, (int)c->args[0]);
		return;
	}
	if (call_failed(c))
		o_ptr(d->o, c->args[1]);
	else
		sched_attr(d, 1, (uint32_t)MIN(c->args[2], (uint64_t)UINT32_MAX));
	o_uint(d->o, (uint32_t)c->args[2]);
	o_uint(d->o, (uint32_t)c->args[3]);
}

/* sched_setattr(pid, attr, flags): the struct says its own size. */
void cap_sched_setattr(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[1])
		cap_queue(cc, 1, cc->c->args[1], SCHED_ATTR_V1);
}

void dec_sched_setattr(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	o_int(d->o, (int)d->c->args[0]);
	sched_attr(d, 1, UINT32_MAX);
	o_uint(d->o, (uint32_t)d->c->args[2]);
}
