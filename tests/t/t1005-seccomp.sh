#!/bin/sh
# The seccomp-bpf filter: on by default with -f and a narrower -e trace=, off
# otherwise; the selected syscalls are all there, in threads and children too.
. "$(dirname "$0")/../lib.sh"

seccomp_of() { # the traced program's own Seccomp: line
	"$PROCSCOPE" trace "$@" -o /dev/null sh -c 'grep "^Seccomp:" /proc/self/status' 2>&1 | awk '{print $2}'
}
is "$(seccomp_of -f -e trace=openat)" 2 "-f -e trace=openat: the command runs under a seccomp filter"
is "$(seccomp_of -f)" 0 "-f alone (all syscalls): no filter"
is "$(seccomp_of -e trace=openat)" 0 "without -f: no filter"
is "$(seccomp_of -f --no-seccomp -e trace=openat)" 0 "--no-seccomp: no filter"
msg=$("$PROCSCOPE" trace --seccomp-bpf -e trace=getpid true 2>&1)
like "$msg" "seccomp-bpf needs -f" "--seccomp-bpf without -f says why it is disabled"

# Same lines with and without the filter: threads, forks, the selected calls only.
"$PROCSCOPE" trace -f -e trace=getppid,exit -o "$TMP/a" "$FIX/threads"
"$PROCSCOPE" trace -f --no-seccomp -e trace=getppid,exit -o "$TMP/b" "$FIX/threads"
# the calls made (entry lines) and the exits, whatever the interleaving
norm() { sed -E 's/^[0-9]+ +//' "$1" | grep -Eo '^([a-z_0-9]+\(|\+\+\+ [a-z ]+[0-9]+ \+\+\+)' | sort | uniq -c; }
is "$(grep -c 'getppid(' "$TMP/a")" 9 "filtered: the 9 getppid calls of 3 threads"
is "$(norm "$TMP/a")" "$(norm "$TMP/b")" "filtered and unfiltered traces hold the same calls"
"$PROCSCOPE" trace -f -e trace=write,exit_group -o "$TMP/c" "$FIX/forker" >/dev/null
is "$?" 7 "filtered: exit status"
like "$(cat "$TMP/c")" 'write\(1, "child\\n", 6' "filtered: the child's write is traced"
unlike "$(cat "$TMP/c")" '(wait4|clone|mmap)\(' "filtered: nothing unselected is printed"

# A setuid-free check that the traced program still works normally under the filter.
out=$("$PROCSCOPE" trace -f -e trace=openat -o /dev/null sh -c 'echo a | tr a b')
is "$out" "b" "a pipeline runs normally under the filter"
done_testing
