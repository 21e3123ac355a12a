/* structsz.h: sizes of the structs named in syscalls.tbl (sin:NAME, sout:NAME). */
#ifndef PROCSCOPE_STRUCTSZ_H
#define PROCSCOPE_STRUCTSZ_H

#include <sys/stat.h>
#include <sys/resource.h>
#include <time.h>
#include <signal.h>
#include <sys/sysinfo.h>

#define SZ_stat sizeof(struct stat)
#define SZ_timespec sizeof(struct timespec)
#define SZ_rlimit sizeof(struct rlimit)
#define SZ_sigset 8
#define SZ_sysinfo sizeof(struct sysinfo)

#endif
