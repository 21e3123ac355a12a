#!/bin/sh
# make demo: trace a real program, the first thing a new user should see.
B=${1:-build}
P=$B/procscope
set -e
echo "\$ procscope trace -f -e trace=pipe2,clone,execve,dup2,read,write,wait4 sh -c 'echo hello | tr a-z A-Z'"
echo
"$P" trace -f -e trace=pipe2,clone,execve,dup2,read,write,wait4 sh -c 'echo hello | tr a-z A-Z'
echo
cat <<'TXT'
The shell made a pipe (pipe2) and forked twice (clone). The first child moved the
pipe's write end onto its stdout (dup2) and ran echo, a shell builtin; the second
moved the read end onto its stdin and became tr (execve), which read "hello\n"
from the pipe and wrote "HELLO\n". The shell waited for both (wait4).
TXT
echo
echo "Same trace as JSON Lines (first 3 events):"
"$P" trace --json -e trace=write sh -c 'echo hello' 2>&1 >/dev/null | head -3
echo
echo "Try:  $P trace --help"
