/* util.h: errors, allocation and small helpers shared by every part.
 *
 * USAGE
 *   error("open %s: %s", path, strerror(errno));   prints "procscope: ..." and returns -1
 *   die(EXIT_USAGE, "unknown option '%s'", arg);   prints and exits
 *   p = xmalloc(n);                                 never returns NULL
 *
 * Messages are lowercase, without a full stop, and name what failed first.
 */
#ifndef PROCSCOPE_UTIL_H
#define PROCSCOPE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Exit statuses of procscope itself (a traced command's own status is passed through). */
enum {
	EXIT_USAGE = 2,   /* bad option or argument */
	EXIT_RUNTIME = 1, /* something failed at run time */
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define UNUSED __attribute__((unused))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

extern const char *progname; /* "procscope" or "procscope trace" for messages */

int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
__attribute__((noreturn)) void die(int status, const char *fmt, ...) PRINTF_LIKE(2, 3);
void verror(const char *fmt, va_list ap);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Parse a whole decimal integer in [min, max]; 0 or -EINVAL / -ERANGE. */
int parse_long(const char *s, long min, long max, long *out);

/* Monotonic and real clocks in nanoseconds. */
uint64_t now_mono_ns(void);
uint64_t now_real_ns(void);

#endif
