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
}

static void put_tid_array(struct dctx *d, int slot)
{
	const int32_t *v = dec_mem(d, slot, 4);

	o_array_begin(d->o);
	if (v)
		o_int(d->o, *v);
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
			put_tid_array(d, CAP_EXTRA(2));
		}
		if (call_cap(d->c, CAP_EXTRA(1))) {
			o_field(d->o, "parent_tid");
			put_tid_array(d, CAP_EXTRA(1));
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
