/* net.h: what the socket decoders (net.c) offer the rest of procscope:
 * the sockaddr printer (ioctl's struct ifreq holds addresses) and a walk
 * over the iovecs of sendmsg & co's packed capture (-e read=/write=).
 */
#ifndef PROCSCOPE_DECODE_NET_H
#define PROCSCOPE_DECODE_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct call;
struct dctx;

/* A socket address of len bytes at p, as strace prints one:
 * {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}. */
void put_sockaddr_mem(struct dctx *d, const uint8_t *p, size_t len);

/* sendmsg/recvmsg's capture (one message) or, vector, sendmmsg/recvmmsg's. */
struct msg_walk {
	const uint8_t *p, *end;
	uint32_t left; /* messages not yet walked */
	bool vector;
};

/* One message's iovecs. */
struct msg_bufs {
	uint64_t iovlen;	/* msg_iovlen */
	uint32_t msg_len;	/* a vector's: what the kernel set */
	bool readable;		/* its iovec array was read whole */
	const uint8_t *p, *end; /* the packed iovecs */
};

bool msg_walk_begin(const struct call *c, bool vector, struct msg_walk *w);
/* The next message; false after the last (or a capture cut short). */
bool msg_walk_next(struct msg_walk *w, struct msg_bufs *m);
/* The next iovec of m: its length and the bytes copied (got, -1 when
 * unreadable) at *data; false after the last. */
bool msg_bufs_next(struct msg_bufs *m, uint64_t *len, int32_t *got, const uint8_t **data);

#endif
