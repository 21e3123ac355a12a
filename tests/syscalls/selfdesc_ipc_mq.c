/* selfdesc_ipc_mq.c: POSIX message queues describing their own trace lines.
 * trace: mq_open,mq_timedsend,mq_timedreceive,mq_notify,mq_getsetattr,mq_unlink
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -s 4
 */
#include "selftest.h"

#include <mqueue.h>

int main(int argc, char **argv)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 32 }, o;
	char name[64], buf[32];
	unsigned prio = 0;
	const char *qname;
	long q, r;

	/* st_begin's marker call returns the pid, which makes the name unique. */
	snprintf(name, sizeof(name), "/procscope-selfdesc-%ld", st_begin(argc, argv));
	/* strace prints a queue's name as a path: whole, whatever -s says. */
	qname = st_fmt("\"%s\"", name + 1);

	q = syscall(SYS_mq_open, name + 1, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	want(ret(q), "mq_open(%s, %s, 0600, {mq_flags=0, mq_maxmsg=4, mq_msgsize=32, mq_curmsgs=0})",
	     qname,
	     X("O_RDWR|O_CREAT|O_EXCL", "0xc2", "0xc2 /* O_RDWR|O_CREAT|O_EXCL */"));
	r = syscall(SYS_mq_timedsend, q, "message", 7, 3, NULL);
	want(ret(r), "mq_timedsend(%ld, %s, 7, 3, NULL)", q, qstr("message", 7, false));
	r = syscall(SYS_mq_timedreceive, q, buf, sizeof(buf), &prio, NULL);
	want(ret(r), "mq_timedreceive(%ld, %s, 32, [3], NULL)", q, qstr("message", 7, false));
	r = syscall(SYS_mq_notify, q, NULL);
	want(ret(r), "mq_notify(%ld, NULL)", q);
	r = syscall(SYS_mq_getsetattr, q, NULL, &o);
	want(ret(r), "mq_getsetattr(%ld, NULL, {mq_flags=0, mq_maxmsg=4, mq_msgsize=32, mq_curmsgs=0})", q);
	r = syscall(SYS_mq_open, name + 1, O_RDONLY, 0, NULL);
	want(ret(r), "mq_open(%s, %s)", qname,
	     X("O_RDONLY", "0", "0 /* O_RDONLY */"));
	r = syscall(SYS_mq_unlink, name + 1);
	want(ret(r), "mq_unlink(%s)", qname);
	r = syscall(SYS_mq_getsetattr, q, BADPTR, NULL);
	want(err(errno), "mq_getsetattr(%ld, %p, NULL)", q, BADPTR);
	return 0;
}
