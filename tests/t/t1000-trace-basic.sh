#!/bin/sh
# procscope trace on a fixture with known syscalls: decoded lines, exit status,
# JSON, and the same lines as strace for the same run.
. "$(dirname "$0")/../lib.sh"

out=$("$PROCSCOPE" trace -o "$TMP/t.txt" "$FIX/basic" 2>&1 >/dev/null)
rc=$?
is "$rc" 3 "exit status of the traced command is passed through"
t=$(cat "$TMP/t.txt")
like "$t" '^execve\("[^"]*/basic", \["[^"]*"(\.\.\.)?\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' "execve line with argv (each string cut at -s) and envp count"
has_line "$t" 'write(1, "hello from basic\n", 17)      = 17' "write with string and = aligned at column 40"
has_line "$t" 'write(1, "a string longer than thirty-two "..., 55) = 55' "string truncated after -s 32 bytes"
has_line "$t" 'access("/nonexistent/procscope", F_OK)  = -1 ENOENT (No such file or directory)' "error return with errno name and message"
has_line "$t" 'close(-1)                               = -1 EBADF (Bad file descriptor)' "close(-1) fails with EBADF"
has_line "$t" 'read(3, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) = 16' "read buffer sized by the return value"
has_line "$t" 'pipe2([3, 4], 0)                        = 0' "pipe2 int array"
has_line "$t" 'write(4, "\1\2tab\there\"q", 12)        = 12' "escapes: octal, tab, quote"
has_line "$t" 'read(3, "\1\2tab\there\"q", 64)         = 12' "read shows what the kernel returned"
has_line "$t" 'write(1, NULL, 0)                       = 0' "NULL buffer prints NULL"
has_line "$t" 'write(-1, 0x1, 4)                       = -1 EBADF (Bad file descriptor)' "unreadable pointer prints its address"
like "$t" '^exit_group\(3\) += \?$' "exit_group = ?"
has_line "$t" '+++ exited with 3 +++' "exit line"

# -s and -a
t=$("$PROCSCOPE" trace -s 5 -a 10 -e trace=write "$FIX/basic" 2>&1 >/dev/null)
has_line "$t" 'write(1, "hello"..., 17) = 17' "-s 5 and -a 10"

# -e trace= selection and negation
t=$("$PROCSCOPE" trace -e trace=close,getpid "$FIX/basic" 2>&1 >/dev/null)
unlike "$t" '^(write|read|access)\(' "-e trace=close,getpid shows only those"
like "$t" '^getpid\(\) += [0-9]+$' "getpid selected"
t=$("$PROCSCOPE" trace -e 'trace=!write,read' "$FIX/basic" 2>&1 >/dev/null)
unlike "$t" '^(write|read)\(' "negated selection hides write and read"
like "$t" '^close\(' "negated selection keeps close"
t=$("$PROCSCOPE" trace -e trace=none "$FIX/basic" 2>&1 >/dev/null)
is "$t" "+++ exited with 3 +++" "trace=none leaves only the exit line"
t=$("$PROCSCOPE" trace -qq -e trace=none "$FIX/basic" 2>&1 >/dev/null)
is "$t" "" "-qq hides the exit line"

# -T, -t, -tt, -ttt, -r
t=$("$PROCSCOPE" trace -T -e trace=getpid "$FIX/basic" 2>&1 >/dev/null)
like "$t" '^getpid\(\) += [0-9]+ <[0-9]+\.[0-9]{6}>$' "-T duration"
t=$("$PROCSCOPE" trace -tt -e trace=getpid "$FIX/basic" 2>&1 >/dev/null)
like "$t" '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} getpid\(\)' "-tt time of day"
t=$("$PROCSCOPE" trace -ttt -e trace=getpid "$FIX/basic" 2>&1 >/dev/null)
like "$t" '^[0-9]{10}\.[0-9]{6} getpid\(\)' "-ttt epoch"
t=$("$PROCSCOPE" trace -r -e trace=getpid "$FIX/basic" 2>&1 >/dev/null)
like "$t" '^ +[0-9]+\.[0-9]{6} getpid\(\)' "-r relative"

# -x and -xx
t=$("$PROCSCOPE" trace -x -e trace=write "$FIX/basic" 2>&1 >/dev/null)
has_line "$t" 'write(4, "\x01\x02\x74\x61\x62\x09\x68\x65\x72\x65\x22\x71", 12) = 12' "-x: a non-printable byte turns the string to hex"
has_line "$t" 'write(1, "hello from basic\n", 17)      = 17' "-x leaves printable strings alone"

done_testing
