/* capture.h: the capture plan, run by a backend at a syscall stop.
 *
 * At entry and at exit the backend calls capture_run(). It derives, from the
 * syscall's argument kinds, which tracee memory to copy (strings, buffers,
 * structs, argv) and copies it into the call's capture slots through the
 * backend's reader, batching all reads of one round into one call. A syscall's
 * capture hook (syscalls.tbl "DECODER!") can queue more reads the same way.
 *
 * USAGE (in a capture hook)
 *   cap_queue(cc, CAP_EXTRA(0), addr, len);
 *   cap_flush(cc);                      reads everything queued, in one go
 *   k = call_cap(cc->c, CAP_EXTRA(0));  then use what was read for a next round
 */
#ifndef PROCSCOPE_CAPTURE_H
#define PROCSCOPE_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/event.h"
#include "format/out.h"
#include "syscalls/syscalls.h"

#define CAP_MAX_REQS 64
#define CAP_PATH_MAX 4096
#define CAP_CPUSET_MAX 1024 /* bytes of a CPU mask (AK_CPUSET) captured: 8192 CPUs */
#define CAP_ARGV_MAX 4096 /* argv/envp entries read at most */

struct capreq {
	int slot;
	uint64_t addr;
	uint32_t len;	/* bytes wanted (strings: the most to read) */
	bool str;	/* stop at NUL */
};

struct capctx;

/* What a backend provides. */
struct capture_reader {
	/* Copy each request's bytes into dst[i]; set got[i] to the bytes copied
	 * and err[i] to an errno when fewer than wanted could be read.
	 * Returns 0 or -errno if nothing could be done (process gone). */
	int (*read)(void *be, pid_t pid, const struct capreq *r, int n, uint8_t **dst,
		    uint32_t *got, int *err);
	/* What fd refers to, for -y (strace's text inside <...>); -errno if gone,
	 * else a positive FD_DESCRIBE_DELETED bit when the file was deleted. */
	int (*fd_desc)(void *be, pid_t pid, int fd, unsigned what, struct strbuf *out);
	void *be;
};

struct capctx {
	struct call *c;
	const struct syscall_sig *sig;
	const struct dopts *opt;
	const struct capture_reader *rd;
	pid_t pid;
	int phase; /* PH_ENTRY or PH_EXIT */
	struct capreq q[CAP_MAX_REQS];
	int nq;
	struct strbuf tmp;
};

enum { PH_ENTRY = 0, PH_EXIT = 1 };

void capture_run(struct capctx *cc);
void cap_queue(struct capctx *cc, int slot, uint64_t addr, uint32_t len);
void cap_queue_str(struct capctx *cc, int slot, uint64_t addr, uint32_t maxlen);
void cap_flush(struct capctx *cc);
/* Record what fd refers to in slot (for -y), if -y asks for it. */
void cap_fd_desc(struct capctx *cc, int slot, long long fd);
/* Append to out what fd refers to, if -y asks for it, for fds that are not
 * arguments (SCM_RIGHTS): < 0 when nothing was found, else as fd_desc. */
int cap_fd_text(struct capctx *cc, long long fd, struct strbuf *out);
/* Append to sb fd and what it refers to, packed: i32 fd, i32 rc (as from
 * cap_fd_text), u32 len, then len bytes of text (none when rc < 0). */
void cap_pack_fd_text(struct capctx *cc, struct strbuf *sb, int32_t fd);
/* Read a NULL-terminated array of string pointers (argv) into slot, packed:
 * u32 count, u32 flags (1: more entries), then per entry i32 len (-errno on a
 * fault), u32 flags (CAP_MORE), bytes. With count_only, strings are not read. */
void cap_argv(struct capctx *cc, int slot, uint64_t addr, bool count_only);

/* The size of a struct kind named in syscalls.tbl (sin:NAME / sout:NAME). */
#include "syscalls/structsz.h"

#endif
