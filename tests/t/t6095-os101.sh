#!/bin/sh
# t6095-os101.sh: the hands-on exercises of seed 004 (OS 101), as tests:
#  1. procscope trace -o trace.txt ls -l /etc: execve, openat, getdents64, write
#  2. touch /root/test as an unprivileged user: EACCES
#  3. procscope trace -f bash -c "ps aux | grep init": pipe, clone, execve, dup2
. "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

# --- 1. ls -l /etc ------------------------------------------------------------------------------
(cd "$TMP" && timeout 60 "$PROCSCOPE" trace -o trace.txt ls -l /etc >ls.out)
ok $? "procscope trace -o trace.txt ls -l /etc"
tr=$(cat "$TMP/trace.txt" 2>/dev/null)
like "$tr" '^execve\("/(usr/)?bin/ls", \["ls", "-l", "/etc"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' "execve of ls"
like "$tr" '^openat\(AT_FDCWD, "/etc", O_RDONLY\|O_NONBLOCK\|O_CLOEXEC\|O_DIRECTORY\) = [0-9]+$' "openat of /etc"
like "$tr" '^getdents64\([0-9]+, 0x[0-9a-f]+ /\* [0-9]+ entries \*/, [0-9]+\) += [1-9][0-9]*$' "getdents64 reads the entries"
like "$tr" '^getdents64\([0-9]+, 0x[0-9a-f]+ /\* 0 entries \*/, [0-9]+\) += 0$' "getdents64 until the end"
like "$tr" '^write\(1, "total [0-9]+\\n.*"(\.\.\.)?, [0-9]+\) += [0-9]+$' "write of the listing"
n=$(wc -l <"$TMP/ls.out")
ok $([ "$n" -gt 10 ]; echo $?) "the listing itself still goes to stdout ($n lines)"

# --- 2. EACCES --------------------------------------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	ok 0 "# SKIP needs root and setpriv to become nobody"
	ok 0 "# SKIP needs root and setpriv to become nobody"
	ok 0 "# SKIP needs root and setpriv to become nobody"
elif [ -e /root/test ]; then
	ok 0 "# SKIP /root/test exists already"
	ok 0 "# SKIP /root/test exists already"
	ok 0 "# SKIP /root/test exists already"
else
	timeout 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PROCSCOPE" trace touch /root/test >/dev/null 2>"$TMP/touch.trace"
	is "$?" 1 "touch /root/test as nobody fails"
	tr=$(cat "$TMP/touch.trace")
	like "$tr" '^openat\(AT_FDCWD, "/root/test", O_WRONLY\|O_CREAT\|O_NOCTTY\|O_NONBLOCK, 0666\) = -1 EACCES \(Permission denied\)$' \
		"the trace shows openat failing with EACCES"
	has_line "$tr" '+++ exited with 1 +++' "touch exits 1"
fi

# With -f, a call interrupted by another process's line is split into
# "<unfinished ...>" and "<... resumed>"; "$U" accepts either ending.
U=' <unfinished \.\.\.>$|'
# --- 3. a pipeline ----------------------------------------------------------------------------------
command -v bash >/dev/null 2>&1 || done_testing
out=$(timeout 60 "$PROCSCOPE" trace -f -o "$TMP/pipe.trace" bash -c "ps aux | grep init")
ok $([ $? -le 1 ]; echo $?) "procscope trace -f bash -c 'ps aux | grep init'"
tr=$(cat "$TMP/pipe.trace")
like "$tr" '^[0-9]+ +pipe2?\(\[3, 4\](, 0)?('"$U"'\) += 0$)' "bash makes a pipe"
n=$(printf '%s\n' "$tr" | grep -Ec '^[0-9]+ +clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD')
ok $([ "$n" -ge 2 ]; echo $?) "bash forks (clone) once per command: $n"
like "$tr" '^[0-9]+ +dup2\(4, 1('"$U"'\) += 1$)' "ps's stdout becomes the write end (dup2(4, 1))"
like "$tr" '^[0-9]+ +dup2\(3, 0('"$U"'\) += 0$)' "grep's stdin becomes the read end (dup2(3, 0))"
like "$tr" '^[0-9]+ +execve\("/(usr/)?bin/ps", \["ps", "aux"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/('"$U"'\) += 0$)' \
	"execve of ps"
like "$tr" '^[0-9]+ +execve\("/(usr/)?bin/grep", \["grep", "init"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/('"$U"'\) += 0$)' \
	"execve of grep"
like "$out" 'grep init' "the pipeline's output is unchanged"

done_testing
