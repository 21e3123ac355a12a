/* syscalls.c: lookups in the generated syscall tables. */
#include "syscalls/syscalls.h"

#include <asm/unistd_64.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "decode/xlat.h"
#include "syscalls/capture.h"
#include "syscall_names.h"
#include "syscall_sigs.h"

_Static_assert(ARRAY_SIZE(syscall_names_tbl) <= SC_TABLE_SIZE, "SC_TABLE_SIZE too small");

/* Syscalls with no signature line: six raw arguments, as strace prints an unknown one. */
static const struct syscall_sig raw_sig = {
	.name = NULL,
	.nargs = 6,
	.ret = RK_INT,
	.split = 6,
	.args = { { AK_HEX }, { AK_HEX }, { AK_HEX }, { AK_HEX }, { AK_HEX }, { AK_HEX } },
};

static struct syscall_sig named_raw[SC_TABLE_SIZE];

const struct syscall_sig *sc_sig(long nr)
{
	if (nr >= 0 && (size_t)nr < ARRAY_SIZE(syscall_sigs_tbl) && syscall_sigs_tbl[nr].name)
		return &syscall_sigs_tbl[nr];
	if (nr >= 0 && (size_t)nr < ARRAY_SIZE(syscall_names_tbl) && syscall_names_tbl[nr]) {
		struct syscall_sig *s = &named_raw[nr];

		if (!s->name) {
			*s = raw_sig;
			s->name = syscall_names_tbl[nr];
		}
		return s;
	}
	return &raw_sig;
}

const struct syscall_sig *sc_raw_sig(long nr)
{
	static struct syscall_sig raw[SC_TABLE_SIZE];
	const struct syscall_sig *s = sc_sig(nr);
	struct syscall_sig *r;
	int i;

	if (nr < 0 || nr >= SC_TABLE_SIZE)
		return &raw_sig;
	r = &raw[nr];
	if (!r->name) {
		r->name = s->name ? s->name : "";
		r->classes = s->classes;
		r->nargs = s->nargs;
		r->split = s->nargs;
		/* in hex, but a call that does not return (exit_group) still does not */
		r->ret = s->ret == RK_NONE ? RK_NONE : RK_HEX;
		for (i = 0; i < s->nargs; i++)
			r->args[i].kind = AK_HEX;
	}
	return r;
}

bool sc_known(long nr)
{
	return nr >= 0 && (size_t)nr < ARRAY_SIZE(syscall_names_tbl) && syscall_names_tbl[nr];
}

const char *sc_name(long nr, char *buf)
{
	if (sc_known(nr))
		return syscall_names_tbl[nr];
	snprintf(buf, 24, "syscall_%#lx", (unsigned long)nr);
	return buf;
}

long sc_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(syscall_names_tbl); i++)
		if (syscall_names_tbl[i] && !strcmp(syscall_names_tbl[i], name))
			return (long)i;
	return -1;
}

static const struct {
	const char *name;
	uint32_t bits;
} class_names[] = {
	{ "file", TC_FILE },	   { "desc", TC_DESC },	      { "process", TC_PROCESS },
	{ "network", TC_NETWORK }, { "net", TC_NETWORK },     { "signal", TC_SIGNAL },
	{ "ipc", TC_IPC },	   { "memory", TC_MEMORY },   { "creds", TC_CREDS },
	{ "clock", TC_CLOCK },	   { "stat", TC_STAT },	      { "lstat", TC_LSTAT },
	{ "fstat", TC_FSTAT },	   { "%stat", TC_STAT_LIKE }, { "statfs", TC_STATFS },
	{ "fstatfs", TC_FSTATFS }, { "%statfs", TC_STATFS_LIKE }, { "pure", TC_PURE },
};

uint32_t sc_class_bits(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(class_names); i++)
		if (!strcmp(class_names[i].name, name))
			return class_names[i].bits;
	return 0;
}
