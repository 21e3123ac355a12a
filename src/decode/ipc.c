/* ipc.c: SysV IPC in strace 6.1's form.
 *
 * shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 3
 * semop(3, [{sem_num=0, sem_op=1, sem_flg=0}], 1) = 0
 * shmctl(3, IPC_RMID, NULL) = 0
 *
 * and POSIX message queues:
 * mq_open("q", O_RDWR|O_CREAT, 0600, {mq_flags=0, mq_maxmsg=10, mq_msgsize=64, mq_curmsgs=0}) = 3
 * mq_timedreceive(3, "hi", 64, [1], NULL) = 2
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>

#include "core/util.h"
#include "decode/decode.h"
#include "decode/procfam.h"
#include "decode/file.h"
#include "decode/named.h"

/* Reached through the syscall table (build/gen/syscall_sigs.h). */
void dec_ipc_get(struct dctx *d, int phase);
void dec_ipc_ctl(struct dctx *d, int phase);
void cap_sembuf(struct capctx *cc, int phase);
void dec_sembuf(struct dctx *d, int phase);
void cap_mq_open(struct capctx *cc, int phase);
void dec_mq_open(struct dctx *d, int phase);
void cap_mq_timedsend(struct capctx *cc, int phase);
void dec_mq_timedsend(struct dctx *d, int phase);
void cap_mq_timedreceive(struct capctx *cc, int phase);
void dec_mq_timedreceive(struct dctx *d, int phase);
void cap_mq_notify(struct capctx *cc, int phase);
void dec_mq_notify(struct dctx *d, int phase);
void cap_mq_getsetattr(struct capctx *cc, int phase);
void dec_mq_getsetattr(struct dctx *d, int phase);

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

/* Text as the text formatter prints one value, appended to sb: pieces of a
 * value strace assembles from several (IPC_64|IPC_STAT, IPC_CREAT|0600). */
static int sb_oflags(struct strbuf *sb, const struct dopts *opt, const struct xlat *x,
		     uint64_t v)
{
	struct strbuf names = STRBUF_INIT;
	int known = xlat_format_flags(&names, x, v, "0");
	struct out t;

	sb_release(&names);
	out_text_init(&t, sb, opt);
	o_flags(&t, x, v, NULL);
	return known;
}

static void sb_xval(struct strbuf *sb, const struct dopts *opt, const struct xlat *x,
		    uint64_t v, const char *dflt)
{
	struct out t;

	out_text_init(&t, sb, opt);
	o_xval(&t, x, v, dflt);
}

/* msgget, semget: "IPC_CREAT|IPC_EXCL|0600", the flags then the mode. As
 * strace 6.1 does, the "|" follows the flags only when one of them has a
 * name (or under -X raw): 0x80000000000 is 0x80000000 and mode 000. */
static void put_get_flags(struct out *o, uint64_t v)
{
	unsigned fl = (unsigned)v & ~0777u;
	struct strbuf sb = STRBUF_INIT;

	if (fl && (sb_oflags(&sb, o->opt, xlat_get(XLAT_ID(ipc_get_flags)), fl) ||
		   o->opt->xlat_style == XLAT_STYLE_RAW))
		sb_putc(&sb, '|');
	sb_printf(&sb, "%#03o", (unsigned)v & 0777u);
	o_raw(o, sb.buf);
	sb_release(&sb);
}

#define SHM_HUGE_SHIFT_ 26 /* linux/shm.h: the huge page size, log2, in bits 26..31 */
#define SHM_HUGE_MASK_ 0x3fu

/* shmget: "IPC_CREAT|21<<SHM_HUGE_SHIFT|0600": flags, huge page size, mode. */
static void put_shm_get_flags(struct out *o, uint64_t v)
{
	unsigned fl = (unsigned)v & ~0777u, huge = fl & (SHM_HUGE_MASK_ << SHM_HUGE_SHIFT_);
	struct strbuf sb = STRBUF_INIT;

	fl &= ~huge;
	if (fl) {
		sb_oflags(&sb, o->opt, xlat_get(XLAT_ID(shm_get_flags)), fl);
		sb_putc(&sb, '|');
	}
	if (huge) {
		sb_printf(&sb, "%u<<", huge >> SHM_HUGE_SHIFT_);
		sb_named(&sb, o->opt->xlat_style, NUM_UDEC, SHM_HUGE_SHIFT_, "SHM_HUGE_SHIFT");
		sb_putc(&sb, '|');
	}
	sb_printf(&sb, "%#03o", (unsigned)v & 0777u);
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
	if (c->nr == __NR_semget) {
		o_int(d->o, (int)c->args[1]);
		put_get_flags(d->o, c->args[2]);
	} else if (c->nr == __NR_shmget) {
		o_uint(d->o, c->args[1]);
		put_shm_get_flags(d->o, c->args[2]);
	} else {
		put_get_flags(d->o, c->args[1]);
	}
}

void dec_ipc_ctl(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	int cmdi = c->nr == __NR_semctl ? 2 : 1;
	unsigned cmd = (unsigned)c->args[cmdi];
	const struct xlat *x = xlat_get(c->nr == __NR_shmctl ? XLAT_ID(shm_ctl_cmds) :
					c->nr == __NR_semctl ? XLAT_ID(sem_ctl_cmds) :
					XLAT_ID(msg_ctl_cmds));
	const char *dflt = c->nr == __NR_shmctl ? "SHM_???" :
			   c->nr == __NR_semctl ? "SEM_???" : "MSG_???";
	struct strbuf sb = STRBUF_INIT;

	/* strace prints the buffer as an address, at entry with the rest. */
	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, cmdi);
	if (cmd & IPC_64_BIT) {
		/* strace shows the IPC_64 bit the way glibc passes it. */
		sb_named(&sb, d->opt->xlat_style, NUM_HEX, IPC_64_BIT, "IPC_64");
		sb_putc(&sb, '|');
		cmd &= ~IPC_64_BIT;
	}
	sb_xval(&sb, d->opt, x, cmd, dflt);
	o_raw(d->o, sb.buf);
	sb_release(&sb);
	o_ptr(d->o, c->args[cmdi + 1]);
}

/* msgsnd(id, {mtype=1, mtext="..."}, size, flags), msgrcv the same at exit:
 * the long mtype in slot 1, mtext (size bytes as strace reads them, -s
 * limited) in CAP_EXTRA(0). */
void cap_msgsnd(struct capctx *cc, int phase);
void dec_msgsnd(struct dctx *d, int phase);
void cap_msgrcv(struct capctx *cc, int phase);
void dec_msgrcv(struct dctx *d, int phase);

static void cap_msgbuf(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;
	bool rcv = c->nr == __NR_msgrcv;

	if (!c->args[1] || phase != (rcv ? PH_EXIT : PH_ENTRY) || (rcv && call_failed(c)))
		return;
	cap_queue(cc, 1, c->args[1], 8);
	cap_queue(cc, CAP_EXTRA(0), c->args[1] + 8,
		  (uint32_t)MIN(c->args[2], (uint64_t)cc->opt->strsize));
}

void cap_msgsnd(struct capctx *cc, int phase)
{
	cap_msgbuf(cc, phase);
}

void cap_msgrcv(struct capctx *cc, int phase)
{
	cap_msgbuf(cc, phase);
}

static void put_msgbuf(struct dctx *d)
{
	const struct call *c = d->c;
	uint64_t want = MIN(c->args[2], (uint64_t)d->opt->strsize);
	const void *mt = dec_mem(d, 1, 8);
	const void *text = dec_mem(d, CAP_EXTRA(0), want);
	int64_t mtype;

	if (!c->args[1] || !mt) {
		o_ptr(d->o, c->args[1]);
		return;
	}
	memcpy(&mtype, mt, 8);
	o_struct_begin(d->o);
	o_field(d->o, "mtype");
	o_int(d->o, mtype);
	o_field(d->o, "mtext");
	if (text)
		o_str(d->o, text, want, c->args[2] > want ? STR_MORE : 0);
	else
		o_ptr(d->o, c->args[1] + 8);
	o_struct_end(d->o);
}

void dec_msgsnd(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	put_msgbuf(d);
	o_uint(d->o, c->args[2]);
	o_flags(d->o, xlat_get(XLAT_ID(ipc_msg_flags)), (unsigned)c->args[3], "MSG_???");
}

void dec_msgrcv(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	if (call_failed(c))
		o_ptr(d->o, c->args[1]);
	else
		put_msgbuf(d);
	o_uint(d->o, c->args[2]);
	o_int(d->o, (int64_t)c->args[3]);
	o_flags(d->o, xlat_get(XLAT_ID(ipc_msg_flags)), (unsigned)c->args[4], "MSG_???");
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
			o_flags(d->o, xlat_get(XLAT_ID(semop_flags)), (uint16_t)sb.sem_flg, NULL);
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
		dec_timespec(d, 3, c->args[3]);
	}
}

/* ---- POSIX message queues ---------------------------------------------- */

#define MQ_ATTR_READ 32 /* the four longs strace prints */
#define SIGEVENT_SZ 64
#define TIMESPEC_SZ 16

/* {mq_flags=O_NONBLOCK, mq_maxmsg=8, mq_msgsize=64, mq_curmsgs=0}, or the
 * address. mq_open's mq_flags are ignored by the kernel: strace shows them in hex. */
static void put_mq_attr(struct dctx *d, int slot, uint64_t addr, bool flag_names)
{
	const void *p = dec_mem(d, slot, MQ_ATTR_READ);
	int64_t a[4];

	if (!addr || !p) {
		o_ptr(d->o, addr);
		return;
	}
	memcpy(a, p, sizeof(a)); /* captured bytes are not aligned */
	o_struct_begin(d->o);
	o_field(d->o, "mq_flags");
	if (flag_names)
		o_flags(d->o, xlat_get(XLAT_ID(mq_attr_flags)), (uint64_t)a[0], "O_???");
	else
		o_hex(d->o, (uint64_t)a[0]);
	o_field(d->o, "mq_maxmsg");
	o_int(d->o, a[1]);
	o_field(d->o, "mq_msgsize");
	o_int(d->o, a[2]);
	o_field(d->o, "mq_curmsgs");
	o_int(d->o, a[3]);
	o_struct_end(d->o);
}

/* Open flags as open(2)'s, in the -X style. */
static void put_open_flags(struct dctx *d, uint64_t v)
{
	struct strbuf names = STRBUF_INIT, sb = STRBUF_INIT;

	fmt_open_flags(&names, v);
	sb_named(&sb, d->opt->xlat_style, NUM_HEX, v, names.buf ? names.buf : "");
	o_raw(d->o, sb.buf);
	sb_release(&sb);
	sb_release(&names);
}

void cap_mq_open(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && (c->args[1] & O_CREAT) && c->args[3])
		cap_queue(cc, 3, c->args[3], MQ_ATTR_READ);
}

/* mq_open(name, flags[, mode, attr]): mode and attr only with O_CREAT. */
void dec_mq_open(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	char buf[24];

	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	put_open_flags(d, (unsigned)c->args[1]);
	if (!(c->args[1] & O_CREAT))
		return;
	snprintf(buf, sizeof(buf), "%#03o", (unsigned)c->args[2]);
	o_raw(d->o, buf);
	put_mq_attr(d, 3, c->args[3], false);
}

void cap_mq_timedsend(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[4])
		cap_queue(cc, 4, cc->c->args[4], TIMESPEC_SZ);
}

/* mq_timedsend(fd, msg, len, prio, timeout): all input. */
void dec_mq_timedsend(struct dctx *d, int phase)
{
	if (phase != PH_ENTRY)
		return;
	dec_args(d, 0, 3);
	o_uint(d->o, (unsigned)d->c->args[3]);
	dec_timespec(d, 4, d->c->args[4]);
}

/* The priority and the timeout at exit: strace reads the timeout then, and
 * prints it whether or not the call failed. */
void cap_mq_timedreceive(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase != PH_EXIT)
		return;
	if (!call_failed(c) && c->args[3])
		cap_queue(cc, 3, c->args[3], 4);
	if (c->args[4])
		cap_queue(cc, 4, c->args[4], TIMESPEC_SZ);
}

void dec_mq_timedreceive(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const void *prio;
	uint32_t pr;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		return;
	}
	dec_args(d, 1, 3);
	prio = dec_mem(d, 3, 4);
	if (!c->args[3] || call_failed(c) || !prio) {
		o_ptr(d->o, c->args[3]);
	} else {
		memcpy(&pr, prio, 4);
		o_array_begin(d->o);
		o_uint(d->o, pr);
		o_array_end(d->o);
	}
	dec_timespec(d, 4, c->args[4]);
}

void cap_mq_notify(struct capctx *cc, int phase)
{
	if (phase == PH_ENTRY && cc->c->args[1])
		cap_queue(cc, 1, cc->c->args[1], SIGEVENT_SZ);
}

/* A signal number: its name where strace prints one, under -X. */
static void put_sig(struct dctx *d, int sig)
{
	char buf[16];
	const char *name = signame(sig, buf);

	if (name)
		dec_named(d->o, NUM_DEC, (unsigned)sig, name);
	else
		o_int(d->o, sig);
}

void dec_mq_notify(struct dctx *d, int phase)
{
	const struct call *c = d->c;
	const uint8_t *p;
	uint64_t value, fn, attr;
	int32_t signo, notify, tid;

	if (phase != PH_ENTRY)
		return;
	dec_arg(d, 0);
	p = dec_mem(d, 1, SIGEVENT_SZ);
	if (!c->args[1] || !p) {
		o_ptr(d->o, c->args[1]);
		return;
	}
	memcpy(&value, p, 8);
	memcpy(&signo, p + 8, 4);
	memcpy(&notify, p + 12, 4);
	memcpy(&tid, p + 16, 4);
	memcpy(&fn, p + 16, 8);
	memcpy(&attr, p + 24, 8);
	o_struct_begin(d->o);
	/* strace 6.1 shows sigev_value only where it is delivered */
	if (notify == SIGEV_SIGNAL || notify == SIGEV_NONE) {
		o_field(d->o, "sigev_value");
		o_struct_begin(d->o);
		o_field(d->o, "sival_int");
		o_int(d->o, (int32_t)value);
		o_field(d->o, "sival_ptr");
		o_ptr(d->o, value);
		o_struct_end(d->o);
	}
	o_field(d->o, "sigev_signo");
	if (notify == SIGEV_SIGNAL || notify == SIGEV_THREAD_ID)
		put_sig(d, signo);
	else
		o_uint(d->o, (uint32_t)signo);
	o_field(d->o, "sigev_notify");
	o_xval(d->o, xlat_get(XLAT_ID(sigev_notify)), (uint32_t)notify, "SIGEV_???");
	if (notify == SIGEV_THREAD) {
		o_field(d->o, "sigev_notify_function");
		o_ptr(d->o, fn);
		o_field(d->o, "sigev_notify_attributes");
		o_ptr(d->o, attr);
	} else if (notify == SIGEV_THREAD_ID) {
		o_field(d->o, "sigev_notify_thread_id");
		o_int(d->o, tid);
	}
	o_struct_end(d->o);
}

void cap_mq_getsetattr(struct capctx *cc, int phase)
{
	const struct call *c = cc->c;

	if (phase == PH_ENTRY && c->args[1])
		cap_queue(cc, 1, c->args[1], MQ_ATTR_READ);
	else if (phase == PH_EXIT && !call_failed(c) && c->args[2])
		cap_queue(cc, 2, c->args[2], MQ_ATTR_READ);
}

/* mq_getsetattr(fd, new, old): the new attributes in, the old ones out. */
void dec_mq_getsetattr(struct dctx *d, int phase)
{
	const struct call *c = d->c;

	if (phase == PH_ENTRY) {
		dec_arg(d, 0);
		put_mq_attr(d, 1, c->args[1], true);
		return;
	}
	if (call_failed(c))
		o_ptr(d->o, c->args[2]);
	else
		put_mq_attr(d, 2, c->args[2], true);
}
