/* bpf.h: the eBPF backend (bpf.c, kernel side in bpf/trace.bpf.c).
 *
 * It exists only in a build with clang, bpftool and libbpf (the Makefile then
 * defines HAVE_BPF); otherwise bpf_backend_load() says why it is missing.
 *
 * USAGE
 *   be = bpf_backend_load(&bo, bufsize, &why);   loads and attaches the program
 *   if (!be) error("--backend=bpf: %s", why.buf);  "not supported on this kernel: ..."
 *   rc = be->run(&bo, &sink, &res);               as any backend (backend.h)
 */
#ifndef PROCSCOPE_BPF_H
#define PROCSCOPE_BPF_H

#include <stddef.h>

#include "backend/backend.h"
#include "core/strbuf.h"

#define BPF_BUFSIZE_DEFAULT (8u << 20) /* ring buffer bytes (--buffer-size) */

#ifdef HAVE_BPF
/* Open, configure for o (selection, -f, -s, -v), load and attach the program.
 * bufsize is the ring buffer size (a power of 2, at least a page). Returns the
 * backend to run, or NULL with the reason in why. */
const struct backend_ops *bpf_backend_load(const struct backend_opts *o, size_t bufsize,
					   struct strbuf *why);
#else
static inline const struct backend_ops *bpf_backend_load(const struct backend_opts *o,
							 size_t bufsize, struct strbuf *why)
{
	sb_puts(why, "not supported by this build: it was built without clang, bpftool and "
		     "libbpf (run scripts/install-deps.sh, then make clean all)");
	return NULL;
}
#endif

#endif
