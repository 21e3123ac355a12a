#!/bin/sh
# -e inject=SET:error=|retval=[:when=] and -e fault=SET[:error=][:when=]: the
# syscall is not run, the program sees the error or value instead, and the
# line ends "(INJECTED)", as strace prints it. Compared with strace 6.1 line
# for line, with and without the seccomp filter; JSON and replay keep it.
. "$(dirname "$0")/../lib.sh"

GETPPID=$BD/bench/getppid

# What the program sees.
out=$("$PROCSCOPE" trace -o /dev/null -e inject=getpid:retval=42 python3 -c 'import os; print(os.getpid())' 2>&1)
is "$out" 42 "inject=getpid:retval=42: the program's getpid() returns 42"
"$PROCSCOPE" trace -o /dev/null -e fault=openat:error=EACCES:when=3+ cat /etc/hostname >/dev/null 2>"$TMP/cat.err"
is "$?" 1 "fault=openat:error=EACCES: cat fails"
like "$(cat "$TMP/cat.err")" "^cat: /etc/hostname: Permission denied$" "and says why"

# The command's own first execve is neither counted nor tampered with (as
# strace): fault=execve fails the execs the program makes.
out=$("$PROCSCOPE" trace -f -e fault=execve:error=EACCES -e trace=execve -o "$TMP/x.txt" sh -c '/bin/true; echo rc=$?' 2>/dev/null)
is "$out" "rc=126" "fault=execve: the shell's exec of /bin/true fails, the shell itself started"
like "$(head -1 "$TMP/x.txt")" '^[0-9]+ +execve\("[^"]*/sh", .*\) = 0$' "the command's own execve ran"
like "$(sed -n 2p "$TMP/x.txt")" 'execve\("/bin/true", .* = -1 EACCES \(Permission denied\) \(INJECTED\)$' \
	"the program's execve got the error"

# Line for line with strace: the when= forms, errors and values, the default
# ENOSYS of fault=, a rule for a syscall that is not traced, and -f (the
# seccomp filter: the injected syscalls stop too).
if command -v strace >/dev/null 2>&1; then
	cmp_strace() { # NAME OPTS...
		name=$1
		shift
		strace "$@" -o "$TMP/s.$name" "$GETPPID" 6 >/dev/null 2>&1
		"$PROCSCOPE" trace "$@" -o "$TMP/p.$name" "$GETPPID" 6 >/dev/null 2>&1
		sed -E 's/^[0-9]+ +//; s/= [0-9]+$/= PID/' "$TMP/s.$name" > "$TMP/s.$name.n"
		sed -E 's/^[0-9]+ +//; s/= [0-9]+$/= PID/' "$TMP/p.$name" > "$TMP/p.$name.n"
		if [ "$(grep -c INJECTED "$TMP/s.$name.n")" -gt 0 ] && cmp -s "$TMP/s.$name.n" "$TMP/p.$name.n"; then
			ok 0 "$name: as strace ($*)"
		else
			ok 1 "$name: as strace ($*)"
			diag "$(diff "$TMP/s.$name.n" "$TMP/p.$name.n" | head -10)"
		fi
	}
	cmp_strace every -e trace=getppid -e fault=getppid
	cmp_strace nth -e trace=getppid -e fault=getppid:error=EPERM:when=3
	cmp_strace from -e trace=getppid -e inject=getppid:retval=7:when=4+
	cmp_strace step -e trace=getppid -e inject=getppid:error=EIO:when=2+2
	cmp_strace range -e trace=getppid -e fault=getppid:error=ENOMEM:when=2..3
	cmp_strace range-step -e trace=getppid -e fault=getppid:when=1..5+2
	cmp_strace seccomp -f -e trace=getppid -e fault=getppid:error=EPERM:when=2+
	cmp_strace last-wins -e trace=getppid -e fault=getppid:error=EPERM -e inject=getppid:retval=9:when=3
	cmp_strace untraced -e trace=getppid,exit_group -e inject=getppid:retval=1:when=2 -e inject=brk:error=ENOMEM:when=1
else
	diag "strace is not installed: no line-for-line comparison"
fi

# JSON marks the call; a recording keeps the mark.
"$PROCSCOPE" trace --json -e trace=getppid -e fault=getppid:when=2 -o "$TMP/j" "$GETPPID" 2 >/dev/null
like "$(sed -n 3p "$TMP/j")" '"errno":"ENOSYS".*"injected":true' "--json: the injected call has \"injected\":true"
unlike "$(sed -n 2p "$TMP/j")" 'injected' "and the others have no such key"
"$PROCSCOPE" trace --record "$TMP/r.rec" -e trace=getppid -e inject=getppid:retval=5:when=2 -o "$TMP/live" "$GETPPID" 3 >/dev/null
"$PROCSCOPE" replay -o "$TMP/rep" "$TMP/r.rec"
ok_cmd "replay prints (INJECTED) where the live trace did" cmp "$TMP/live" "$TMP/rep"
is "$(grep -c '= 5 (INJECTED)$' "$TMP/rep")" 1 "one injected line"

# Errors: one line each, exit 2.
bad() { # DESCRIPTION EXPR MESSAGE-REGEX
	"$PROCSCOPE" trace -e "$2" true >/dev/null 2>"$TMP/err"
	is "$?" 2 "$1: exit 2"
	like "$(cat "$TMP/err")" "$3" "$1: says why"
}
bad "no value to inject" "inject=openat" "say what to inject"
bad "unknown errno" "fault=openat:error=EFOO" "error=EFOO: not an errno name or number"
bad "when=0" "fault=openat:when=0" "when=0: expected FIRST"
bad "unknown key" "fault=openat:bogus=1" "unknown 'bogus'"
bad "signal= not done" "inject=openat:signal=SIGUSR1" "signal= is not supported yet"
bad "no syscall" "fault=:error=EPERM" "no syscalls before"
"$PROCSCOPE" replay -e fault=openat "$TMP/r.rec" >/dev/null 2>"$TMP/err"
is "$?" 2 "replay -e fault=: exit 2"
like "$(cat "$TMP/err")" "has no meaning here" "replay says it cannot inject"
done_testing
