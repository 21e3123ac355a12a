/* inject.h: strace's -e inject=SET:... and -e fault=SET:... rules, and which
 * invocation of a syscall a rule tampers with.
 *
 *   -e inject=SET[:error=ERRNO|:retval=VALUE][:when=EXPR]
 *   -e fault=SET[:error=ERRNO][:when=EXPR]      (error=ENOSYS by default)
 *
 * EXPR is first[..last][+[step]]: the first invocation tampered with (1 is
 * the first call the task makes of that syscall), the last one, and the step
 * between them; "N+" is every call from the Nth, "N" the Nth alone, and
 * without :when= every call. Counts are kept per task, as strace keeps them.
 * The syscall is not run: the task sees the error or the value instead, and
 * the trace shows it with " (INJECTED)".
 *
 * USAGE
 *   struct inject_rule r;
 *   if (inject_parse("fault", "openat:error=ENOENT:when=3", &r) < 0) ...
 *   if (inject_matches(&r, nr, invocation)) ... r.ret is the value to return
 */
#ifndef PROCSCOPE_INJECT_H
#define PROCSCOPE_INJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "syscalls/syscalls.h"

struct inject_rule {
	uint8_t set[SC_TABLE_SIZE / 8]; /* the syscalls it applies to */
	int64_t ret;			/* what they return: -errno, or the value */
	uint32_t first, last, step;	/* invocations first, first+step, ... <= last */
};

#define INJECT_MAX 32 /* rules on one command line */

/* kind: "inject" or "fault", spec what follows "=". 0, or -1 after printing
 * one line saying what is wrong. */
int inject_parse(const char *kind, const char *spec, struct inject_rule *r);

/* Whether r tampers with the n-th call (from 1) of syscall nr. */
static inline bool inject_matches(const struct inject_rule *r, long nr, uint32_t n)
{
	if (nr < 0 || nr >= SC_TABLE_SIZE || !(r->set[nr >> 3] & (1u << (nr & 7))))
		return false;
	if (n < r->first || n > r->last)
		return false;
	return r->step ? (n - r->first) % r->step == 0 : n == r->first;
}

static inline bool inject_applies(const struct inject_rule *r, long nr)
{
	return nr >= 0 && nr < SC_TABLE_SIZE && (r->set[nr >> 3] & (1u << (nr & 7)));
}

#endif
