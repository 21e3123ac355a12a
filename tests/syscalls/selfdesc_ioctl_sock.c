/* selfdesc_ioctl_sock.c: socket ioctls (struct ifreq, <linux/sockios.h>)
 * describing their own trace lines: getters on the loopback interface,
 * setters only on an interface that does not exist (they fail: nothing is
 * changed), NULL and unreadable pointers, the int-valued requests.
 * trace: ioctl
 * run:
 * run: -X raw
 * run: -X verbose
 * run: -v
 */
#include "selftest.h"

#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define NOIF "nosuchif0"

/* ifr_flags as strace prints them, in the -X style. */
static const char *iff(unsigned v)
{
	static const char *const names[16] = {
		"IFF_UP", "IFF_BROADCAST", "IFF_DEBUG", "IFF_LOOPBACK", "IFF_POINTOPOINT",
		"IFF_NOTRAILERS", "IFF_RUNNING", "IFF_NOARP", "IFF_PROMISC", "IFF_ALLMULTI",
		"IFF_MASTER", "IFF_SLAVE", "IFF_MULTICAST", "IFF_PORTSEL", "IFF_AUTOMEDIA",
		"IFF_DYNAMIC",
	};
	char *b = st_buf(), *w = b;
	unsigned i;

	*w = 0;
	for (i = 0; i < 16; i++)
		if (v & (1u << i))
			w += sprintf(w, "%s%s", w == b ? "" : "|", names[i]);
	if (!v)
		strcpy(b, "0");
	return named(st_fmt("%#x", v), b);
}

static void getters(int s)
{
	struct ifreq r;
	long rc;

	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "lo");
	rc = ioctl(s, SIOCGIFINDEX, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_name=\"lo\", ifr_ifindex=%d})", s,
	     named("0x8933", "SIOCGIFINDEX"), r.ifr_ifindex);
	rc = ioctl(s, SIOCGIFNAME, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_ifindex=%d, ifr_name=\"lo\"})", s,
	     named("0x8910", "SIOCGIFNAME"), r.ifr_ifindex);
	rc = ioctl(s, SIOCGIFFLAGS, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_name=\"lo\", ifr_flags=%s})", s,
	     named("0x8913", "SIOCGIFFLAGS"), iff((unsigned short)r.ifr_flags));
	rc = ioctl(s, SIOCGIFMTU, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_name=\"lo\", ifr_mtu=%d})", s,
	     named("0x8921", "SIOCGIFMTU"), r.ifr_mtu);
	rc = ioctl(s, SIOCGIFTXQLEN, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_name=\"lo\", ifr_qlen=%d})", s,
	     named("0x8942", "SIOCGIFTXQLEN"), r.ifr_qlen);
	rc = ioctl(s, SIOCGIFHWADDR, &r);
	want(ret(rc), "ioctl(%d, %s, {ifr_name=\"lo\", ifr_hwaddr={sa_family=%s, sa_data=%s}})", s,
	     named("0x8927", "SIOCGIFHWADDR"), named("0x304", "ARPHRD_LOOPBACK"),
	     X("00:00:00:00:00:00", "\"" "\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
				    "\\x00\\x00\\x00\\x00\\x00\\x00\\x00" "\"",
	       "\"" "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
	       "\" /* 00:00:00:00:00:00 */"));

	/* Failed getters: the name only (SIOCGIFNAME: the index). */
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, NOIF);
	rc = ioctl(s, SIOCGIFINDEX, &r);
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\"})", s, named("0x8933", "SIOCGIFINDEX"),
	     NOIF);
	r.ifr_ifindex = 0x7fff0000;
	rc = ioctl(s, SIOCGIFNAME, &r);
	want(err(errno), "ioctl(%d, %s, {ifr_ifindex=%d})", s, named("0x8910", "SIOCGIFNAME"),
	     0x7fff0000);
	rc = ioctl(s, SIOCGIFINDEX, BADPTR);
	want(err(errno), "ioctl(%d, %s, %p)", s, named("0x8933", "SIOCGIFINDEX"), BADPTR);
	rc = ioctl(s, SIOCGIFFLAGS, NULL);
	want(err(errno), "ioctl(%d, %s, NULL)", s, named("0x8913", "SIOCGIFFLAGS"));
}

/* Setters, on an interface that does not exist. */
static void setters(int s)
{
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, NOIF);
	r.ifr_flags = IFF_UP | IFF_PROMISC;
	IGNORE(ioctl(s, SIOCSIFFLAGS, &r));
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\", ifr_flags=%s})", s,
	     named("0x8914", "SIOCSIFFLAGS"), NOIF, iff(IFF_UP | IFF_PROMISC));
	r.ifr_mtu = 1500;
	IGNORE(ioctl(s, SIOCSIFMTU, &r));
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\", ifr_mtu=1500})", s,
	     named("0x8922", "SIOCSIFMTU"), NOIF);
	r.ifr_addr.sa_family = AF_INET;
	memcpy(r.ifr_addr.sa_data + 2, "\x0a\x00\x00\x01", 4);
	IGNORE(ioctl(s, SIOCSIFADDR, &r));
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\", ifr_addr={sa_family=%s, sin_port=%s, "
	     "sin_addr=%s}})", s, named("0x8916", "SIOCSIFADDR"), NOIF, named("0x2", "AF_INET"),
	     X("htons(0)", "\"\\x00\\x00\"", "\"\\x00\\x00\" /* htons(0) */"),
	     X("inet_addr(\"10.0.0.1\")", "\"\\x0a\\x00\\x00\\x01\"",
	       "\"\\x0a\\x00\\x00\\x01\" /* inet_addr(\"10.0.0.1\") */"));
	memset(&r.ifr_hwaddr, 0, sizeof(r.ifr_hwaddr));
	r.ifr_hwaddr.sa_family = 1;
	memcpy(r.ifr_hwaddr.sa_data, "\x02\x11\x22\x33\x44\x55", 6);
	IGNORE(ioctl(s, SIOCSIFHWADDR, &r));
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\", ifr_hwaddr={sa_family=%s, sa_data=%s}})",
	     s, named("0x8924", "SIOCSIFHWADDR"), NOIF, named("0x1", "ARPHRD_ETHER"),
	     X("02:11:22:33:44:55", "\"\\x02\\x11\\x22\\x33\\x44\\x55\\x00\\x00\\x00\\x00\\x00"
				    "\\x00\\x00\\x00\"",
	       "\"\\x02\\x11\\x22\\x33\\x44\\x55\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\""
	       " /* 02:11:22:33:44:55 */"));
	strcpy(r.ifr_newname, "newname0");
	IGNORE(ioctl(s, SIOCSIFNAME, &r));
	want(err(errno), "ioctl(%d, %s, {ifr_name=\"%s\", ifr_newname=\"newname0\"})", s,
	     named("0x8923", "SIOCSIFNAME"), NOIF);
}

/* The int-valued requests. */
static void ints(int s)
{
	int v = 0;
	long rc;

	rc = ioctl(s, SIOCGPGRP, &v);
	want(ret(rc), "ioctl(%d, %s, [%d])", s, named("0x8904", "SIOCGPGRP"), v);
	rc = ioctl(s, FIOSETOWN, &v);
	want(ret(rc), "ioctl(%d, %s, [%d])", s, named("0x8901", "FIOSETOWN"), v);
	rc = ioctl(s, SIOCOUTQ, &v);
	want(ret(rc), "ioctl(%d, %s, [%d])", s, named("0x5411", "TIOCOUTQ"), v);
	rc = ioctl(s, SIOCATMARK, &v);
	want(err(errno), "ioctl(%d, %s, %p)", s, named("0x8905", "SIOCATMARK"), (void *)&v);
}

int main(int argc, char **argv)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0)
		return 1;
	st_begin(argc, argv);
	getters(s);
	setters(s);
	ints(s);
	return 0;
}
