/* out.h: the vocabulary decoders speak, and formatters implement.
 *
 * A decoder never writes text. It says "an fd", "a string of these bytes",
 * "flags of this table", "a struct with field x"..., and the formatter turns
 * that into strace's grammar (format/text.c) or JSON (format/json.c).
 * Separators are the formatter's business: a decoder just emits values in
 * order. Inside a struct, each value is preceded by o_field().
 *
 * USAGE (in a decoder)
 *   o_fd(o, 3);
 *   o_str(o, bytes, len, STR_NUL);
 *   o_struct_begin(o);
 *     o_field(o, "st_mode"); o_raw(o, "S_IFREG|0644");
 *     o_more(o);                                     ", ..." abbreviation
 *   o_struct_end(o);
 */
#ifndef PROCSCOPE_OUT_H
#define PROCSCOPE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/json.h"
#include "core/strbuf.h"
#include "decode/xlat.h"

/* Decoding options, from the command line (-s, -x, -v, -X, -y). */
struct dopts {
	unsigned strsize;	/* -s: bytes of a string or buffer shown (default 32) */
	int xflag;		/* -x: 1 non-ASCII in hex, 2 (-xx) everything in hex */
	bool verbose;		/* -v: structs in full, envp shown */
	int xlat_style;		/* -X: 0 abbrev, 1 raw, 2 verbose */
	unsigned decode_fds;	/* -y: DECODE_FD_* */
	bool fd_paths;		/* -P: capture fd arguments' paths even without -y (the
				 * filter clears them again before anything prints) */
	/* -e read=, -e write=: fds whose data is dumped in full (core/filter.h) */
	const struct fdset *dump_read;
	const struct fdset *dump_write;
};

enum { XLAT_STYLE_ABBREV = 0, XLAT_STYLE_RAW = 1, XLAT_STYLE_VERBOSE = 2 };
enum {
	DECODE_FD_PATH = 1u << 0,
	DECODE_FD_SOCKET = 1u << 1,
	DECODE_FD_DEV = 1u << 2,
	DECODE_FD_PIDFD = 1u << 3,
};

/* o_str flags */
enum {
	STR_NUL = 1u << 0,   /* a C string: stop at the first NUL */
	STR_MORE = 1u << 1,  /* more bytes followed: print "..." after the quotes */
	STR_PATH = 1u << 2,  /* a path: not limited by -s */
	STR_NOLIMIT = 1u << 3,
	STR_HEX = 1u << 4,   /* always \x.. escapes (getrandom's bytes, as strace) */
};

struct out;
struct fdset;

struct out_ops {
	void (*v_int)(struct out *o, long long v);
	void (*v_uint)(struct out *o, unsigned long long v);
	void (*v_hex)(struct out *o, unsigned long long v);
	void (*v_oct)(struct out *o, unsigned long long v);
	void (*v_ptr)(struct out *o, unsigned long long v);
	void (*v_str)(struct out *o, const void *p, size_t n, unsigned flags);
	/* dflt: as strace's printflags, the comment for a non-zero value with no known flag ("SA_???") */
	void (*v_flags)(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt);
	void (*v_xval)(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt);
	/* desc: what -y found (NULL: nothing); deleted: strace adds "(deleted)" */
	void (*v_fd)(struct out *o, long long fd, const char *desc, size_t desc_len, bool deleted);
	void (*v_sym)(struct out *o, const char *name); /* a symbolic constant: NULL, AT_FDCWD */
	void (*v_raw)(struct out *o, const char *text); /* strace syntax with no JSON structure */
	void (*struct_begin)(struct out *o);
	void (*struct_end)(struct out *o);
	void (*array_begin)(struct out *o);
	void (*array_end)(struct out *o);
	void (*field)(struct out *o, const char *name);
	void (*more)(struct out *o);			  /* "..." */
	void (*comment)(struct out *o, const char *text); /* a C comment after a value */
	void (*changed)(struct out *o); /* "value => new value": what the kernel changed */
};

#define OUT_MAX_DEPTH 32

struct out {
	const struct out_ops *ops;
	const struct dopts *opt;
	struct strbuf *sb;	/* where text goes */
	struct json j;		/* the JSON formatter's writer */
	int depth;
	bool need_sep[OUT_MAX_DEPTH];
	bool wrap[OUT_MAX_DEPTH]; /* JSON: a one-field object around a named array element */
	unsigned anon[OUT_MAX_DEPTH]; /* JSON: values in an object given no field name */
	bool after_field;
};

/* The two implementations. */
void out_text_init(struct out *o, struct strbuf *sb, const struct dopts *opt);
void out_json_init(struct out *o, struct strbuf *sb, const struct dopts *opt);

static inline void o_int(struct out *o, long long v) { o->ops->v_int(o, v); }
static inline void o_uint(struct out *o, unsigned long long v) { o->ops->v_uint(o, v); }
static inline void o_hex(struct out *o, unsigned long long v) { o->ops->v_hex(o, v); }
static inline void o_oct(struct out *o, unsigned long long v) { o->ops->v_oct(o, v); }
static inline void o_ptr(struct out *o, unsigned long long v) { o->ops->v_ptr(o, v); }
static inline void o_str(struct out *o, const void *p, size_t n, unsigned f) { o->ops->v_str(o, p, n, f); }
static inline void o_flags(struct out *o, const struct xlat *x, unsigned long long v, const char *zero)
{
	o->ops->v_flags(o, x, v, zero);
}
static inline void o_xval(struct out *o, const struct xlat *x, unsigned long long v, const char *dflt)
{
	o->ops->v_xval(o, x, v, dflt);
}
static inline void o_fd(struct out *o, long long fd, const char *desc, size_t n) { o->ops->v_fd(o, fd, desc, n, false); }
static inline void o_fd_ex(struct out *o, long long fd, const char *desc, size_t n, bool deleted)
{
	o->ops->v_fd(o, fd, desc, n, deleted);
}
static inline void o_sym(struct out *o, const char *name) { o->ops->v_sym(o, name); }
static inline void o_raw(struct out *o, const char *text) { o->ops->v_raw(o, text); }
static inline void o_struct_begin(struct out *o) { o->ops->struct_begin(o); }
static inline void o_struct_end(struct out *o) { o->ops->struct_end(o); }
static inline void o_array_begin(struct out *o) { o->ops->array_begin(o); }
static inline void o_array_end(struct out *o) { o->ops->array_end(o); }
static inline void o_field(struct out *o, const char *name) { o->ops->field(o, name); }
static inline void o_more(struct out *o) { o->ops->more(o); }
static inline void o_comment(struct out *o, const char *text) { o->ops->comment(o, text); }
/* After a value: the next value is what the kernel wrote back ({...} => {...}). */
static inline void o_changed(struct out *o) { o->ops->changed(o); }

/* strace's string quoting, shared by the text formatter and tests:
 * appends "..." quoted, escaping as strace 6.1 does for the given -x level. */
void quote_string(struct strbuf *sb, const void *p, size_t n, int xflag, bool nul_term);

#endif
