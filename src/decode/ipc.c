/* ipc.c: SysV IPC in strace 6.1's form.
 *
 * shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 3
 * semop(3, [{sem_num=0, sem_op=1, sem_flg=0}], 1) = 0
 * shmctl(3, IPC_RMID, NULL) = 0
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>

#include "core/util.h"
#include "decode/decode.h"

/* Reached through the syscall table (build/gen/syscall_sigs.h). */
void dec_ipc_get(struct dctx *d, int phase);
void dec_ipc_ctl(struct dctx *d, int phase);
void cap_sembuf(struct capctx *cc, int phase);
void dec_sembuf(struct dctx *d, int phase);

static void put_last(struct dctx *d);

#define IPC_64_BIT 0x100 /* linux/ipc.h IPC_64 */
#define SEMBUF_SZ 6	/* unsigned short sem_num; short sem_op, sem_flg */
#define SEMOPS_MAX 1024

/* The key: IPC_PRIVATE or hex. */
static void put_key(struct out *o, uint64_t key)
{
	if ((int)key == IPC_PRIVATE)
		o_sym(o, "IPC_PRIVATE");
	else
		o_hex(o, (uint32_t)key);
}

/* "IPC_CREAT|IPC_EXCL|0600": flags in the high bits, the mode in the low nine. */
static void put_get_flags(struct out *o, uint64_t v)
{
	unsigned fl = (unsigned)v & ~0777u, mode = (unsigned)v & 0777u;
	struct strbuf sb = STRBUF_INIT;

	if (o->opt->xlat_style == XLAT_STYLE_RAW) {
		o_hex(o, (unsigned)v);
		return;
	}
	if (fl) {
		xlat_format_flags(&sb, xlat_get(XLAT_ID(ipc_get_flags)), fl, "0");
		sb_putc(&sb, '|');
	}
	sb_printf(&sb, "%#03o", mode);
	o_raw(o, sb.buf);
	sb_release(&sb);
}

void dec_ipc_get(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	/* Every argument is input: all of them at entry, as strace prints them. */
	if (phase != PH_ENTRY)
		return;
	put_key(d->o, c->args[0]);
	if (c->nr == __NR_semget)
		o_int(d->o, (int)c->args[1]);
	else if (c->nr == __NR_shmget)
		o_uint(d->o, c->args[1]);
	put_get_flags(d->o, c->args[c->nr == __NR_msgget ? 1 : 2]);
}

void dec_ipc_ctl(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	int cmdi = c->nr == __NR_semctl ? 2 : 1;
	unsigned cmd = (unsigned)c->args[cmdi];

	/* strace prints the buffer as an address, at entry with the rest. */
	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, cmdi);
	if (cmd & IPC_64_BIT) {
		/* strace shows the IPC_64 bit the way glibc passes it. */
		struct strbuf sb = STRBUF_INIT;
		const char *name = xlat_lookup(xlat_get(XLAT_ID(ipc_cmds)), cmd & ~IPC_64_BIT);

		if (name)
			sb_printf(&sb, "IPC_64|%s", name);
		else
			sb_printf(&sb, "IPC_64|%#x", cmd & ~IPC_64_BIT);
		o_raw(d->o, sb.buf);
		sb_release(&sb);
	} else {
		o_xval(d->o, xlat_get(XLAT_ID(ipc_cmds)), cmd, "IPC_???");
	}
	o_ptr(d->o, c->args[cmdi + 1]);
}

void cap_sembuf(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	uint64_t n = MIN(c->args[2], (uint64_t)SEMOPS_MAX);

	if (phase != PH_ENTRY)
		return;
	if (c->args[1] && n)
		cap_queue(cc, 1, c->args[1], (uint32_t)n * SEMBUF_SZ);
	if (c->nr == __NR_semtimedop && c->args[3])
		cap_queue(cc, 3, c->args[3], 16);
}

void dec_sembuf(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const struct capture *k = call_cap(c, 1);
	const uint8_t *p;
	uint32_t i, n;

	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	if (!c->args[1] || !k || (k->flags & CAP_FAULT) ||
	    k->len < MIN(c->args[2], (uint64_t)SEMOPS_MAX) * SEMBUF_SZ) {
		o_ptr(d->o, c->args[1]);
	} else {
		p = call_cap_data(c, k);
		n = k->len / SEMBUF_SZ;
		o_array_begin(d->o);
		for (i = 0; i < n; i++) {
			struct sembuf sb;

			memcpy(&sb, p + i * SEMBUF_SZ, SEMBUF_SZ);
			o_struct_begin(d->o);
			o_field(d->o, "sem_num");
			o_uint(d->o, sb.sem_num);
			o_field(d->o, "sem_op");
			o_int(d->o, sb.sem_op);
			o_field(d->o, "sem_flg");
			o_flags(d->o, xlat_get(XLAT_ID(ipc_msg_flags)), (uint16_t)sb.sem_flg, NULL);
			o_struct_end(d->o);
		}
		if (c->args[2] > n)
			o_more(d->o);
		o_array_end(d->o);
	}
	put_last(d);
}

/* semop's count, and semtimedop's timeout after it. */
static void put_last(struct dctx *d)
{
	const struct call *c = d->c;

	o_uint(d->o, (unsigned)c->args[2]);
	if (c->nr == __NR_semtimedop) {
		const int64_t *ts = dec_mem(d, 3, 16);

		if (!c->args[3] || !ts) {
			o_ptr(d->o, c->args[3]);
		} else {
			o_struct_begin(d->o);
			o_field(d->o, "tv_sec");
			o_int(d->o, ts[0]);
			o_field(d->o, "tv_nsec");
			o_int(d->o, ts[1]);
			o_struct_end(d->o);
		}
	}
}
