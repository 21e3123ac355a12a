#!/bin/sh
# strace's options beyond the common ones: -A (append to the -o file), -E
# (the command's environment), and the long spellings of the options
# (--summary-only, --trace=, --syscall-number ...), which must print what the
# short ones print, in trace and in replay.
. "$(dirname "$0")/../lib.sh"

# -A: a second run appends to the -o file instead of truncating it.
"$PROCSCOPE" trace -o "$TMP/a.txt" -e trace=exit_group true
"$PROCSCOPE" trace -A -o "$TMP/a.txt" -e trace=exit_group true
is "$(grep -c '^exit_group(0)' "$TMP/a.txt")" 2 "-A: the second trace is appended"
"$PROCSCOPE" trace -o "$TMP/a.txt" -e trace=exit_group true
is "$(grep -c '^exit_group(0)' "$TMP/a.txt")" 1 "without -A the file is truncated"
"$PROCSCOPE" trace --output-append-mode -o "$TMP/a.txt" -e trace=exit_group true
is "$(grep -c '^exit_group(0)' "$TMP/a.txt")" 2 "--output-append-mode is -A"

# -E: set and unset variables of the command's environment.
out=$(HOME=/h "$PROCSCOPE" trace -o /dev/null -E FOO=bar -E HOME sh -c 'echo "$FOO ${HOME-unset}"')
is "$out" "bar unset" "-E VAR=VAL sets, -E VAR removes"
env -i PATH=/usr/bin:/bin "$PROCSCOPE" trace -e trace=execve -o "$TMP/e.txt" -E FOO=bar -v sh -c 'exit 0' 2>/dev/null
like "$(cat "$TMP/e.txt")" '"FOO=bar"' "-E: the traced execve shows the variable"
"$PROCSCOPE" trace -E =x true >/dev/null 2>"$TMP/err"
is "$?" 2 "-E =x is a usage error"
like "$(cat "$TMP/err")" "^procscope: trace: -E '=x': expected VAR=VALUE or VAR$" "and says what -E takes"

# Long options print what their short forms print.
same() { # same DESCRIPTION "SHORT OPTS" "LONG OPTS"
	"$PROCSCOPE" trace $2 -o "$TMP/s.txt" "$BD/bench/getppid" 3 >/dev/null 2>&1
	"$PROCSCOPE" trace $3 -o "$TMP/l.txt" "$BD/bench/getppid" 3 >/dev/null 2>&1
	# pids, times and addresses differ between the runs
	sed -E 's/[0-9]+\.[0-9]+/T/g; s/= [0-9]+( <T>)?$/= N\1/; s/0x[0-9a-f]+/X/g' "$TMP/s.txt" > "$TMP/s.n"
	sed -E 's/[0-9]+\.[0-9]+/T/g; s/= [0-9]+( <T>)?$/= N\1/; s/0x[0-9a-f]+/X/g' "$TMP/l.txt" > "$TMP/l.n"
	if [ -s "$TMP/s.n" ] && cmp -s "$TMP/s.n" "$TMP/l.n"; then
		ok 0 "$1: $3 prints what $2 prints"
	else
		ok 1 "$1: $3 prints what $2 prints"
		diag "$(diff "$TMP/s.n" "$TMP/l.n" | head -10)"
	fi
}
same trace "-e trace=getppid" "--trace=getppid"
same signal "-e trace=getppid -e signal=none" "--trace=getppid --signal=none"
same status "-e status=failed" "--status=failed"
same raw "-e trace=getppid -e raw=getppid" "--trace=getppid --raw=getppid"
same abbrev "-e trace=execve -v -e abbrev=execve" "--trace=execve --no-abbrev --abbrev=execve"
same verbose "-e trace=execve,newfstatat -e verbose=none" "--trace=execve,newfstatat --verbose=none"
same number "-n -e trace=getppid,exit_group" "--syscall-number --trace=getppid,exit_group"
same times "-T -e trace=getppid" "--syscall-times --trace=getppid"
same relative "-r -e trace=getppid" "--relative-timestamps --trace=getppid"
same zflags "-z -e trace=getppid" "--successful-only --trace=getppid"
same Zflags "-Z" "--failed-only"
same xstyle "-X raw -e trace=openat" "--const-print-style=raw --trace=openat"
same strsize "-s 4 -e trace=read" "--string-limit=4 --trace=read"
same columns "-a 10 -e trace=getppid" "--columns=10 --trace=getppid"
same summary "-c -S calls -U calls,name" "--summary-only --summary-sort-by=calls --summary-columns=calls,name"
same summary-C "-C -w -U calls,errors,name -e trace=getppid" "--summary --summary-wall-clock --summary-columns=calls,errors,name --trace=getppid"
same path "-P /etc/ld.so.cache" "--trace-path=/etc/ld.so.cache"

# -e quiet=SET (and -q, -qq, -qqq) by strace's names for the messages. The
# fixture's thread calls execve: its leader's old self ends "+++ superseded by
# execve in pid N +++", then the new program "+++ exited with 0 +++".
q() { "$PROCSCOPE" trace -f "$@" -e trace=execve,exit_group -o "$TMP/q.txt" "$FIX/exec_thread" >/dev/null 2>&1; }
q
is "$(grep -c '+++ superseded by execve' "$TMP/q.txt") $(grep -c '+++ exited with 0 +++' "$TMP/q.txt")" "1 1" \
	"the fixture shows a superseded line and an exit line"
q -e quiet=thread-execve
is "$(grep -c 'superseded' "$TMP/q.txt") $(grep -c '+++ exited' "$TMP/q.txt")" "0 1" "-e quiet=thread-execve: no superseded line"
q -e quiet=exit
is "$(grep -c 'superseded' "$TMP/q.txt") $(grep -c '+++ exited' "$TMP/q.txt")" "1 0" "-e quiet=exit: no exit line"
q -e 'quiet=!exit'
is "$(grep -c 'superseded' "$TMP/q.txt") $(grep -c '+++ exited' "$TMP/q.txt")" "0 1" "-e quiet=!exit: only the exit line"
q -qqq
is "$(grep -c '+++' "$TMP/q.txt")" 0 "-qqq: quiet=all"
q --quiet=superseded,exit
is "$(grep -c '+++' "$TMP/q.txt")" 0 "--quiet=superseded,exit"
"$PROCSCOPE" trace -e quiet=bogus true >/dev/null 2>"$TMP/err"
is "$?" 2 "-e quiet=bogus is a usage error"
like "$(cat "$TMP/err")" "unknown message kind 'bogus'" "and names what is wrong"

# replay takes the output options' long forms too.
"$PROCSCOPE" trace --record "$TMP/r.rec" -o /dev/null "$BD/bench/getppid" 2
"$PROCSCOPE" replay -n -e trace=getppid -o "$TMP/r1.txt" "$TMP/r.rec"
"$PROCSCOPE" replay --syscall-number --trace=getppid -o "$TMP/r2.txt" "$TMP/r.rec"
ok_cmd "replay: --syscall-number --trace= print what -n -e trace= print" cmp "$TMP/r1.txt" "$TMP/r2.txt"
like "$(head -1 "$TMP/r2.txt")" '^\[ 110\] getppid\(\) += [0-9]+$' "replay -n: getppid is number 110"

"$PROCSCOPE" trace --no-such-option true >/dev/null 2>"$TMP/err"
is "$?" 2 "an unknown long option is a usage error"
like "$(cat "$TMP/err")" "unknown option '--no-such-option'" "and is named"
done_testing
