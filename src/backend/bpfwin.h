/* bpfwin.h: the eBPF backend's windows (see bpfwin.c): which memory its kernel
 * side copies for syscalls with capture hooks, and how user space reads a
 * hook's requests back out of those copies. */
#ifndef PROCSCOPE_BPFWIN_H
#define PROCSCOPE_BPFWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend/bpf/trace_event.h"
#include "format/out.h"

/* The windows of syscall name under options d (all zero: none). */
void bpfwin_of(const char *name, const struct dopts *d, struct te_wins *out);
/* Which ends have windows: bit 0 the entry, bit 1 the exit. */
unsigned bpfwin_ends(const struct te_wins *w);

/* User space keeps a call's copies as these headers, each followed by len
 * bytes (none when err, the copy's errno, is set). */
struct bpfwin_hdr {
	uint64_t addr;
	uint32_t len;
	uint32_t err;
};

/* Serve one read of want bytes at addr (str: a string of at most want bytes)
 * from the copies in wins: 0 and *got bytes in dst, or EFAULT when no copy
 * holds them. */
int bpfwin_serve(const uint8_t *wins, size_t len, uint64_t addr, uint32_t want, bool str, uint8_t *dst,
		 uint32_t *got);

#endif
