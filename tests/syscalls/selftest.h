/* selftest.h: shared helpers of the tests/syscalls programs.
 *
 * Each program makes one family's syscalls with fixed arguments (including
 * error returns, NULL and unreadable pointers) so that strace and procscope
 * traces of it can be compared line by line by a tests/t/t3NNN script.
 * Include this first: it sets _GNU_SOURCE for the headers that follow.
 */
#ifndef PROCSCOPE_SELFTEST_H
#define PROCSCOPE_SELFTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An address that is never mapped: strace prints it as 0x1. */
#define BADPTR ((void *)1)
#define BAD_PTR BADPTR

/* Ignore a result on purpose: the trace is what the test checks. */
#define IGNORE(x) do { if (x) {} } while (0)

#endif
