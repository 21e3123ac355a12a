#!/bin/sh
# The files-and-descriptors family: tests/syscalls/file_basic under strace and
# under procscope with the same options; every line must be identical. Only
# stack and heap addresses (random per run) are normalised, and the syscalls
# the C library makes before main() are left out by tracing from chdir() on.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
PROG=$(dirname "$FIX")/syscalls/file_basic
[ -x "$PROG" ] || skip_all "$PROG is not built"

SET=open,openat,openat2,creat,read,write,pread64,readv,writev,lseek,stat,fstat,lstat,newfstatat,statx,statfs,getdents64,fcntl,access,faccessat,faccessat2,chmod,fchownat,link,symlink,unlinkat,unlink,rename,renameat2,mkdir,mkdirat,rmdir,readlink,dup2,dup3,close,truncate,ftruncate,fsync,fdatasync,utimensat,fallocate,flock,chdir,getcwd,umask

norm() { sed -n '/^chdir(/,$p' "$1" | sed -E 's/0x[0-9a-f]{8,}/ADDR/g'; }

compare() { # compare NAME ; options in $OPTS
	name=$1
	rm -rf "$TMP/w"; mkdir "$TMP/w"
	strace $OPTS -o "$TMP/s.$name" "$PROG" "$TMP/w" >/dev/null 2>&1
	src=$?
	rm -rf "$TMP/w"; mkdir "$TMP/w"
	"$PROCSCOPE" trace $OPTS -o "$TMP/p.$name" "$PROG" "$TMP/w" >/dev/null 2>&1
	prc=$?
	is "$prc" "$src" "$name: same exit status as strace ($src)"
	norm "$TMP/s.$name" > "$TMP/s.$name.n"
	norm "$TMP/p.$name" > "$TMP/p.$name.n"
	lines=$(wc -l < "$TMP/s.$name.n")
	ok "$([ "$lines" -gt 50 ]; echo $?)" "$name: strace traced the program ($lines lines)"
	if diff -u "$TMP/s.$name.n" "$TMP/p.$name.n" > "$TMP/d.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($OPTS)"
	else
		ok 1 "$name: lines identical to strace ($OPTS)"
		diag "$(head -30 "$TMP/d.$name")"
	fi
}

OPTS="-e trace=$SET"
compare file
OPTS="-e trace=$SET -s 4"
compare file-s4
# -yy decorates descriptors; the -X styles change every field of the stat
# family (-v shows inode numbers and times that differ run to run: see
# tests/syscalls/selfdesc_file_stat.c for it).
OPTS="-e trace=$SET -yy"
compare file-yy
OPTS="-e trace=$SET -X raw"
compare file-raw
OPTS="-e trace=$SET -X verbose"
compare file-verbose
done_testing
