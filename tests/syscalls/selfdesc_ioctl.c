/* selfdesc_ioctl.c: ioctl requests describing their own trace lines.
 * trace: ioctl
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <sys/ioctl.h>
#include <termios.h>

int main(int argc, char **argv)
{
	struct termios t;
	int fds[2], n = 0, on = 1;
	long r;

	if (pipe(fds))
		return 1;
	if (write(fds[1], "hello", 5) != 5)
		return 1;
	st_begin(argc, argv);

	r = ioctl(fds[0], FIONREAD, &n);
	want(ret(r), "ioctl(%d, %s, [%d])", fds[0], named("0x541b", "FIONREAD"), n);
	r = ioctl(fds[0], FIONBIO, &on);
	want(ret(r), "ioctl(%d, %s, [1])", fds[0], named("0x5421", "FIONBIO"));
	r = ioctl(fds[0], TCGETS, &t);
	want(err(errno), "ioctl(%d, %s, %p)", fds[0], named("0x5401", "TCGETS"), (void *)&t);
	r = ioctl(fds[0], FIOCLEX);
	want(ret(r), "ioctl(%d, %s)", fds[0], named("0x5451", "FIOCLEX"));
	r = ioctl(-1, FIONREAD, &n);
	want(err(errno), "ioctl(-1, %s, %p)", named("0x541b", "FIONREAD"), (void *)&n);
	return 0;
}
