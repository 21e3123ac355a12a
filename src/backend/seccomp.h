/* seccomp.h: the seccomp-bpf filter that makes unselected syscalls free.
 *
 * When procscope starts the command with -f and a selection narrower than all
 * syscalls, the child installs a filter before execve: selected syscalls
 * return SECCOMP_RET_TRACE (a ptrace stop), the others SECCOMP_RET_ALLOW (no
 * stop at all). The filter is inherited by every descendant, so new threads
 * and children cost nothing either.
 *
 * Without -f the filter is not used: a child that is not traced would get
 * ENOSYS from every selected syscall (RET_TRACE with no tracer).
 */
#ifndef PROCSCOPE_SECCOMP_H
#define PROCSCOPE_SECCOMP_H

#include <stdbool.h>
#include "backend/backend.h"

bool seccomp_wanted(const struct backend_opts *o);
/* In the child, before execve. Returns 0 or -1 after printing why. */
int seccomp_install(const struct backend_opts *o);

#endif
