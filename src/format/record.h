/* record.h: recordings (`trace --record FILE`, `procscope replay FILE`).
 *
 * A recording is the raw event stream: every event the backend produced,
 * with each syscall's arguments, return value and captured memory, so that
 * any formatter can print it later exactly as it would have live.
 * Format (doc/recording.md), all integers little-endian:
 *   header   "PSCOPREC" u32 version(1) u32 header_len, then header_len bytes:
 *            u32 strsize u32 decode_fds u8 verbose u8 follow u16 npids
 *            u32 argc, then argc strings (u32 len + bytes), u32 backend len + bytes
 *   records  u32 magic 0x52435345 ("ESCR"), u32 payload_len, u32 payload CRC-32, payload:
 *            u8 type, u8 flags(1: has call, 2: has siginfo), u16 nprocs, i32 pid,
 *            u64 ts, i32 sig, i32 status, i32 other, [128 bytes siginfo],
 *            [call: i64 nr, u64 args[6], u64 sp, i64 ret, u8 entered, u8 exited,
 *             u16 0, u64 t_entry, t_exit, mono_entry, mono_exit,
 *             16 x (u32 off, u32 len, u32 flags, i32 err), u32 data_len, data]
 *
 * USAGE
 *   struct formatter *r = fmt_record_new(&fo, fd, &meta);    a formatter like the others
 *   rc = replay_file(path, formatter, &meta_out, &nprocs);    feeds events; -errno on damage
 */
#ifndef PROCSCOPE_RECORD_H
#define PROCSCOPE_RECORD_H

#include <stdint.h>
#include "format/format.h"

#define RECORD_VERSION 1

struct record_meta {
	uint32_t strsize;
	uint32_t decode_fds;
	bool verbose;
	bool follow;
	uint16_t npids;
	char **argv; /* NULL-terminated, or NULL */
	char *backend;
};

struct formatter *fmt_record_new(const struct fmt_opts *fo, int fd, const struct record_meta *m);

/* Read the header of path into m (strings allocated; free with record_meta_free). */
int replay_open(const char *path, struct record_meta *m, int *fd_out);
/* Feed every record to f. *nprocs is set before each event, as the backend did live.
 * Returns 0 at a clean end, or -EBADMSG/-EIO after the last good event. */
int replay_run(int fd, const char *path, struct formatter *f, int *nprocs);
void record_meta_free(struct record_meta *m);

/* A formatter that passes each event to several. */
struct formatter *fmt_tee_new(struct formatter **list, int n);

#endif
