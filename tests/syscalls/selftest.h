/* selftest.h: shared helpers of the tests/syscalls programs.
 *
 * Two kinds of programs live in tests/syscalls:
 *  - FAMILY_*.c make one family's syscalls with fixed arguments (including
 *    error returns, NULL and unreadable pointers) so that strace and
 *    procscope traces of them can be compared line by line (t3100..t3300).
 *  - selfdesc_*.c are self-describing: each prints on stdout the exact line
 *    the tracer must print for every syscall it makes. Their header comment
 *    names the syscalls to trace ("trace: a,b") and the option sets to run
 *    with ("run: -X raw"); t3400-selfdesc.sh runs each under procscope with
 *    -e trace=getpid,<those> and the same options, which it also passes to
 *    the program, and diffs the trace against what the program printed.
 *    st_begin() calls getpid() as a marker: the harness drops every traced
 *    line up to it (the dynamic loader's calls).
 *
 * Include this first: it sets _GNU_SOURCE for the headers that follow.
 */
#ifndef PROCSCOPE_SELFTEST_H
#define PROCSCOPE_SELFTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An address that is never mapped: strace prints it as 0x1. */
#define BADPTR ((void *)1)
#define BAD_PTR BADPTR

/* Ignore a result on purpose: the trace is what the test checks. */
#define IGNORE(x) do { if (x) {} } while (0)

/* --- self-describing programs ------------------------------------------- */

enum { ST_ABBREV, ST_RAW, ST_VERBOSE };

/* The options the program was traced with (st_begin parses them from argv). */
static int st_xstyle;		 /* -X */
static unsigned st_strsize = 32; /* -s */
static bool st_verbose;		 /* -v */

/* Formatted pieces live in a ring of 16 buffers, so several can be used in
 * one want() call; copy one that must live longer. */
static inline char *st_buf(void)
{
	static char ring[16][1024];
	static unsigned next;

	return ring[next++ % 16];
}

static inline const char *st_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *st_fmt(const char *fmt, ...)
{
	char *b = st_buf();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, 1024, fmt, ap);
	va_end(ap);
	return b;
}

/* Parse "-X raw|verbose", "-s N", "-v"; start full buffering of stdout (the
 * expected lines are written at exit, outside the traced set); make the
 * marker call, whose result (the pid) it returns. */
static inline long st_begin(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-X") && i + 1 < argc) {
			i++;
			st_xstyle = !strcmp(argv[i], "raw") ? ST_RAW
				  : !strcmp(argv[i], "verbose") ? ST_VERBOSE : ST_ABBREV;
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			st_strsize = (unsigned)atoi(argv[++i]);
		} else if (!strcmp(argv[i], "-v")) {
			st_verbose = true;
		}
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	return syscall(SYS_getpid);
}

/* One expected line: "call" padded to column 39, then " = ret", as strace
 * aligns it (-a 40). */
static inline void want(const char *ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void want(const char *ret, const char *fmt, ...)
{
	char call[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(call, sizeof(call), fmt, ap);
	va_end(ap);
	printf("%s%*s = %s\n", call, n < 39 ? 39 - n : 0, "", ret);
}

/* One of three spellings, by -X style. */
static inline const char *X(const char *abbrev, const char *raw, const char *verbose)
{
	return st_xstyle == ST_RAW ? raw : st_xstyle == ST_VERBOSE ? verbose : abbrev;
}

/* A constant whose number is spelt num: NAME, num, or num followed by the
 * comment NAME. */
static inline const char *named(const char *num, const char *name)
{
	return X(name, num, st_fmt("%s /* %s */", num, name));
}

/* A failed call's return: -1 ENOENT (No such file or directory). */
static inline const char *err(int e)
{
	return st_fmt("-1 %s (%s)", strerrorname_np(e), strerror(e));
}

/* A decimal return value. */
static inline const char *ret(long v)
{
	return st_fmt("%ld", v);
}

/* A pointer as strace prints one it does not follow. */
static inline const char *ptr(const void *p)
{
	return p ? st_fmt("%p", p) : "NULL";
}

/* A string argument of n bytes as strace quotes it, cut at -s (printable
 * ASCII and \n, \t, ", \ only: the programs use nothing else). */
static inline const char *qstr(const char *s, size_t n, bool cstr)
{
	char *b = st_buf(), *w = b;
	size_t i, lim = n;

	if (cstr && memchr(s, 0, n))
		lim = n = strlen(s);
	if (lim > st_strsize)
		lim = st_strsize;
	*w++ = '"';
	for (i = 0; i < lim && w < b + 1000; i++) {
		switch (s[i]) {
		case '\n': *w++ = '\\'; *w++ = 'n'; break;
		case '\t': *w++ = '\\'; *w++ = 't'; break;
		case '"': case '\\': *w++ = '\\'; *w++ = s[i]; break;
		default: *w++ = s[i];
		}
	}
	*w++ = '"';
	if (lim < n)
		w += sprintf(w, "...");
	*w = 0;
	return b;
}

#endif
