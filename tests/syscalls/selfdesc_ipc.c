/* selfdesc_ipc.c: SysV IPC describing its own trace lines: get flags with
 * the mode, the huge page size of shmget, ctl commands with IPC_64, message
 * buffers and semop flags. Every object it makes it removes.
 * trace: shmget,shmctl,msgget,msgsnd,msgrcv,msgctl,semget,semctl,semtimedop
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -s 4
 */
#include "selftest.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define KEY 0x7e57ab1e /* a key nothing else uses: the gets below fail with ENOENT */

/* flags|mode as strace prints a get's third argument. */
static const char *getfl(const char *abbrev, const char *hex, const char *mode)
{
	return st_fmt("%s|%s", X(abbrev, hex, st_fmt("%s /* %s */", hex, abbrev)), mode);
}

/* {mtype=N, mtext="..."} of size bytes. */
static const char *msgbuf(long type, const char *text, size_t size)
{
	return st_fmt("{mtype=%ld, mtext=%s}", type, qstr(text, size, false));
}

static void shm(void)
{
	const char *priv = named("0", "IPC_PRIVATE");
	long id, r;

	id = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	want(ret(id), "shmget(%s, 4096, %s)", priv, getfl("IPC_CREAT", "0x200", "0600"));
	/* No flag: the mode alone. */
	r = syscall(SYS_shmget, KEY, 4096, 0);
	want(err(errno), "shmget(%#x, 4096, 000)", KEY);
	/* The huge page size is a number in bits 26..31. */
	r = syscall(SYS_shmget, KEY, 4096, IPC_EXCL | SHM_NORESERVE | (21 << 26) | 0640);
	want(err(errno), "shmget(%#x, 4096, %s)", KEY,
	     X("IPC_EXCL|SHM_NORESERVE|21<<SHM_HUGE_SHIFT|0640", "0x1400|21<<26|0640",
	       "0x1400 /* IPC_EXCL|SHM_NORESERVE */|21<<26 /* SHM_HUGE_SHIFT */|0640"));
	r = syscall(SYS_shmget, KEY, 4096, SHM_HUGETLB | 0x20000 | 0600);
	want(err(errno), "shmget(%#x, 4096, %s)", KEY,
	     getfl("SHM_HUGETLB|0x20000", "0x20800", "0600"));

	r = syscall(SYS_shmctl, id, IPC_STAT | 0x100, NULL);
	want(err(errno), "shmctl(%ld, %s, NULL)", id,
	     X("IPC_64|IPC_STAT", "0x100|0x2", "0x100 /* IPC_64 */|0x2 /* IPC_STAT */"));
	r = syscall(SYS_shmctl, id, SHM_STAT_ANY, NULL);
	want(err(errno), "shmctl(%ld, %s, NULL)", id, named("0xf", "SHM_STAT_ANY"));
	r = syscall(SYS_shmctl, id, 99 | 0x100, NULL);
	want(err(errno), "shmctl(%ld, %s, NULL)", id,
	     X("IPC_64|0x63 /* SHM_??? */", "0x100|0x63", "0x100 /* IPC_64 */|0x63 /* SHM_??? */"));
	r = syscall(SYS_shmctl, id, IPC_RMID, NULL);
	want(ret(r), "shmctl(%ld, %s, NULL)", id, named("0", "IPC_RMID"));
}

static void msg(void)
{
	struct { long type; char text[48]; } m = { 7, "" };
	long id, r;

	/* 48 printable bytes, no NUL: strace reads as many as the size asks. */
	memcpy(m.text, "hello, message queue, forty-eight bytes of text.", 48);

	id = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
	want(ret(id), "msgget(%s, %s)", named("0", "IPC_PRIVATE"),
	     getfl("IPC_CREAT|IPC_EXCL", "0x600", "0600"));
	/* Flags with no name: strace 6.1 writes the mode right after them. */
	r = syscall(SYS_msgget, KEY, 0x20000 | 0600);
	want(err(errno), "msgget(%#x, %s)", KEY, X("0x200000600", "0x20000|0600", "0x200000600"));

	r = syscall(SYS_msgsnd, id, &m, 5, 0);
	want(ret(r), "msgsnd(%ld, %s, 5, 0)", id, msgbuf(7, m.text, 5));
	r = syscall(SYS_msgsnd, id, &m, 20, IPC_NOWAIT);
	want(ret(r), "msgsnd(%ld, %s, 20, %s)", id, msgbuf(7, m.text, 20),
	     named("0x800", "IPC_NOWAIT"));
	r = syscall(SYS_msgsnd, id, BADPTR, 5, 0);
	want(err(errno), "msgsnd(%ld, %p, 5, 0)", id, BADPTR);
	/* strace shows the buffer as long as the size asked for. */
	r = syscall(SYS_msgrcv, id, &m, sizeof(m.text), 0, 0);
	want(ret(r), "msgrcv(%ld, %s, 48, 0, 0)", id, msgbuf(7, m.text, sizeof(m.text)));
	r = syscall(SYS_msgrcv, id, &m, 3, 7, MSG_NOERROR);
	want(ret(r), "msgrcv(%ld, %s, 3, 7, %s)", id, msgbuf(7, m.text, 3),
	     named("0x1000", "MSG_NOERROR"));
	r = syscall(SYS_msgrcv, id, &m, 8, -1L, IPC_NOWAIT | MSG_EXCEPT);
	want(err(errno), "msgrcv(%ld, %p, 8, -1, %s)", id, (void *)&m,
	     X("MSG_EXCEPT|IPC_NOWAIT", "0x2800", "0x2800 /* MSG_EXCEPT|IPC_NOWAIT */"));

	r = syscall(SYS_msgctl, id, MSG_STAT | 0x100, NULL);
	want(err(errno), "msgctl(%ld, %s, NULL)", id,
	     X("IPC_64|MSG_STAT", "0x100|0xb", "0x100 /* IPC_64 */|0xb /* MSG_STAT */"));
	r = syscall(SYS_msgctl, id, IPC_RMID, NULL);
	want(ret(r), "msgctl(%ld, %s, NULL)", id, named("0", "IPC_RMID"));
}

static void sem(void)
{
	struct sembuf ops[2] = { { 0, 1, SEM_UNDO | IPC_NOWAIT }, { 1, -1, IPC_NOWAIT } };
	long id, r;

	id = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
	want(ret(id), "semget(%s, 2, %s)", named("0", "IPC_PRIVATE"),
	     getfl("IPC_CREAT", "0x200", "0600"));
	r = syscall(SYS_semtimedop, id, ops, 2, NULL);
	want(err(errno), "semtimedop(%ld, [{sem_num=0, sem_op=1, sem_flg=%s}, "
	     "{sem_num=1, sem_op=-1, sem_flg=%s}], 2, NULL)", id,
	     X("SEM_UNDO|IPC_NOWAIT", "0x1800", "0x1800 /* SEM_UNDO|IPC_NOWAIT */"),
	     named("0x800", "IPC_NOWAIT"));
	r = syscall(SYS_semctl, id, 0, GETVAL, 0);
	want(ret(r), "semctl(%ld, 0, %s, NULL)", id, named("0xc", "GETVAL"));
	r = syscall(SYS_semctl, id, 0, 99, 0);
	want(err(errno), "semctl(%ld, 0, %s, NULL)", id,
	     st_xstyle == ST_RAW ? "0x63" : "0x63 /* SEM_??? */");
	r = syscall(SYS_semctl, id, 0, IPC_RMID, 0);
	want(ret(r), "semctl(%ld, 0, %s, NULL)", id, named("0", "IPC_RMID"));
}

int main(int argc, char **argv)
{
	st_begin(argc, argv);
	shm();
	msg();
	sem();
	return 0;
}
