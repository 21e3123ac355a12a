#!/bin/sh
# Network, event and IPC syscalls: each program in build/syscalls/{net,ipc}_*
# runs under strace and under procscope with the same options; every line
# after the dynamic loader's setup must be identical. Only what the kernel
# makes random between runs is normalised: mmap'd addresses (0x7f...) and
# SysV IPC identifiers.
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"

norm() {
	# From the first call the program makes (after libc's munmap of ld.so.cache).
	sed -n '/^munmap(/,$p' "$1" | sed -E \
		-e 's/0x7[0-9a-f]{8,}/0x7fADDR/g' \
		-e 's/^((shm|sem|msg)get\(.*\) += )[0-9]+$/\1ID/' \
		-e 's/^(shmat|shmctl|semop|semtimedop|semctl|msgsnd|msgrcv|msgctl)\([0-9]+,/\1(ID,/'
}

compare() { # compare NAME OPTS...
	name=$1
	shift
	prog=$BD/syscalls/$name
	if [ ! -x "$prog" ]; then
		ok 1 "$name: $prog is built"
		return
	fi
	strace "$@" -o "$TMP/s.$name" "$prog" >/dev/null 2>&1
	"$PROCSCOPE" trace "$@" -o "$TMP/p.$name" "$prog" >/dev/null 2>&1
	norm "$TMP/s.$name" >"$TMP/sn.$name"
	norm "$TMP/p.$name" >"$TMP/pn.$name"
	lines=$(wc -l <"$TMP/sn.$name")
	if [ "$lines" -gt 5 ] && cmp -s "$TMP/sn.$name" "$TMP/pn.$name"; then
		ok 0 "$name: all $lines lines identical to strace ($*)"
	else
		ok 1 "$name: lines identical to strace ($*)"
		diag "$(diff "$TMP/sn.$name" "$TMP/pn.$name" | head -20)"
	fi
}

for p in net_basic net_events ipc_sysv; do
	compare $p
	compare $p -s 4

done
done_testing
